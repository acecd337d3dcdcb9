fn main() -> std::process::ExitCode {
    roadbook::cli::run()
}
