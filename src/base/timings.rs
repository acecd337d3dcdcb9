//! Where a run's time and memory go, phase by phase: with `ROADBOOK_TIMINGS`
//! set, each phase prints to standard error the milliseconds since the first
//! phase began and the resident memory of the process. For the benchmark and for
//! reports of a slow build; nothing is printed otherwise.

use std::sync::OnceLock;
use std::time::Instant;

/// Marks the end of a phase.
pub fn phase(name: &str) {
    static ON: OnceLock<Option<Instant>> = OnceLock::new();
    let Some(start) =
        ON.get_or_init(|| std::env::var_os("ROADBOOK_TIMINGS").map(|_| Instant::now()))
    else {
        return;
    };
    eprintln!(
        "timings: {:>7.0} ms {:>6} MB resident  {name}",
        start.elapsed().as_secs_f64() * 1000.0,
        resident_mb()
    );
}

/// The resident memory of this process, from `/proc` where there is one.
fn resident_mb() -> u64 {
    let statm = std::fs::read_to_string("/proc/self/statm").unwrap_or_default();
    let pages: u64 = statm
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    pages * 4096 / (1024 * 1024)
}
