//! A running `roadbook serve` on a free port, and waiting for its reloads as the
//! page's script does.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::http::get;

/// A running `roadbook serve`, stopped when dropped.
pub struct Served {
    pub child: Child,
    pub port: u16,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `roadbook serve -p 0` in the site folder.
pub fn serve(site: &Path) -> Served {
    serve_in(site, &[])
}

/// `roadbook serve -p 0 ARGS` run in `cwd`, once it says where it listens.
pub fn serve_in(cwd: &Path, args: &[&str]) -> Served {
    let mut child = Command::new(env!("CARGO_BIN_EXE_roadbook"))
        .args(["serve", "-p", "0"])
        .args(args)
        .current_dir(cwd)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("serve starts");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let port = line
        .split("http://127.0.0.1:")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no port in {line:?}"));
    Served { child, port }
}

/// The version the page was served with, from its injected script.
pub fn version(html: &str) -> String {
    let start = html.find("var v=\"").expect("reload script") + 7;
    html[start..start + html[start..].find('"').unwrap()].to_owned()
}

/// Waits (bounded) for the site to change from `seen`, as the browser script does.
pub fn wait_for_reload(port: u16, seen: &str) -> Duration {
    let started = Instant::now();
    loop {
        let reply = get(port, &format!("/__roadbook/poll?v={seen}"));
        assert_eq!(reply.status, 200);
        if !reply.body.contains(seen) {
            return started.elapsed();
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "no reload event"
        );
    }
}
