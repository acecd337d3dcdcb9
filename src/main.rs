/// mimalloc: the many small allocations of parallel parsing and rendering cost
/// far less than with the system allocator's per-thread arenas.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    roadbook::cli::run(keep_freed_memory)
}

/// For `serve` and `lsp`, which rebuild the site again and again: memory a
/// rebuild frees is kept for the next one instead of going back to the system,
/// which hands it back zeroed page by page (about 25 ms of a 180 ms reload at
/// 10,000 stories). The process stays at its peak, which it reaches on every
/// rebuild anyway.
fn keep_freed_memory() {
    // `mi_option_purge_delay`, the 16th option of mimalloc 2 and 3 (the crate
    // names no constant for it); -1 is "never purge".
    const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
    // SAFETY: sets an option of the allocator, which mimalloc allows at any time.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, -1) };
}
