//! Where a run's time and memory go, phase by phase: with `ROADBOOK_TIMINGS`
//! set, each phase prints to standard error the milliseconds since the first
//! phase began, the resident memory of the process and the most it has had. For the benchmark and for
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
        "timings: {:>7.0} ms {:>6} MB resident {:>6} MB peak  {name}",
        start.elapsed().as_secs_f64() * 1000.0,
        status_mb("VmRSS:"),
        status_mb("VmHWM:"),
    );
}

/// A figure of `/proc/self/status` in megabytes (0 where there is none).
fn status_mb(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kb: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0);
    kb / 1024
}
