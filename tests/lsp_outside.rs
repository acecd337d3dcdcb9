//! `roadbook lsp` driven by a language client that is not ours: Python's
//! pytest-lsp (on pygls and lsprotocol), which also checks every message of the
//! server against the specification's types. The scenarios are in
//! `tests/lsp_client`; this runs them on the binary cargo built. `.ci/run`
//! installs the Python packages; elsewhere the test says it skipped without
//! them, except under CI, where it fails.

use std::io::{Read, Seek};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const REQUIREMENTS: &str = "tests/lsp_client/requirements.txt";

/// How long the whole pytest run may take (it takes a second or two).
const PATIENCE: Duration = Duration::from_secs(300);

/// Whether Python has pytest, pytest-asyncio and pytest-lsp; `false` after
/// saying how to install them, outside CI.
fn have_client() -> bool {
    let here = Command::new("python3")
        .args(["-c", "import pytest, pytest_asyncio, pytest_lsp"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if here {
        return true;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "CI must provide pytest-lsp: .ci/run installs it (python3 -m pip install -r {REQUIREMENTS})"
    );
    eprintln!("skipped: Python's pytest-lsp missing; run `pip install -r {REQUIREMENTS}`");
    false
}

#[test]
fn pytest_lsp_drives_the_server_through_its_features() {
    if !have_client() {
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    // pytest's output, both streams in order; a file, so nothing blocks on a pipe.
    let mut log = tempfile::tempfile().unwrap();
    let mut pytest = Command::new("python3")
        // No cache folder and no bytecode written into the source tree.
        .args(["-m", "pytest", "-q", "-p", "no:cacheprovider"])
        .arg("tests/lsp_client")
        .current_dir(root)
        .env("ROADBOOK_BIN", env!("CARGO_BIN_EXE_roadbook"))
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .stdin(Stdio::null())
        .stdout(log.try_clone().unwrap())
        .stderr(log.try_clone().unwrap())
        .spawn()
        .expect("python3 runs");
    let started = Instant::now();
    let status = loop {
        if let Some(status) = pytest.try_wait().unwrap() {
            break Some(status);
        }
        if started.elapsed() > PATIENCE {
            let _ = pytest.kill();
            let _ = pytest.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let mut output = String::new();
    log.rewind().unwrap();
    log.read_to_string(&mut output).unwrap();
    print!("{output}");
    match status {
        None => panic!("pytest did not finish within {PATIENCE:?}:\n{output}"),
        Some(status) => assert!(
            status.success(),
            "pytest tests/lsp_client failed ({status}):\n{output}"
        ),
    }
}
