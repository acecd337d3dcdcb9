/// mimalloc: the many small allocations of parallel parsing and rendering cost
/// far less than with the system allocator's per-thread arenas.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    roadbook::cli::run()
}
