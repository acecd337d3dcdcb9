//! `roadbook serve`: pages, live reload, the error overlay, requests that try to
//! leave the site, and clients that try to wear the server down. `roadbook init`: a starter site that checks and builds.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use common::http::{get, request};
use common::served::*;
use common::*;

const S1: &str = "backlog/stories/S-1-link-story.md";

#[test]
fn serves_pages_with_types_index_and_404() {
    let site = fixture("minimal");
    let s = serve(site.path());
    let home = get(s.port, "/");
    assert_eq!(home.status, 200);
    assert!(
        home.headers
            .to_lowercase()
            .contains("content-type: text/html; charset=utf-8")
    );
    assert!(
        home.body.contains("__roadbook/poll"),
        "reload script injected"
    );
    for (path, kind) in [
        ("/assets/style.css", "text/css"),
        ("/assets/roadbook.js", "text/javascript"),
        ("/trace.json", "application/json"),
        ("/raci.csv", "text/csv"),
        ("/sitemap.xml", "application/xml"),
    ] {
        let reply = get(s.port, path);
        assert_eq!(reply.status, 200, "{path}");
        assert!(
            reply
                .headers
                .to_lowercase()
                .contains(&format!("content-type: {kind}")),
            "{path}: {}",
            reply.headers
        );
    }
    assert!(
        !get(s.port, "/assets/style.css").body.contains("__roadbook"),
        "only HTML gets the script"
    );
    assert_eq!(
        get(s.port, "/roadmap").status,
        200,
        "pages answer without .html"
    );
    let missing = get(s.port, "/no/such/page.html");
    assert_eq!(missing.status, 404);
    assert!(
        missing.body.contains("Page not found"),
        "the site's 404 page"
    );
    let head = request(s.port, "HEAD", "/index.html");
    assert_eq!((head.status, head.body.as_str()), (200, ""));
    // The build output on disk never gets the script: serve writes nothing.
    assert!(!site.path().join("public").exists());
}

#[test]
fn requests_never_leave_the_site() {
    let site = fixture("minimal");
    std::fs::write(site.path().join("secret.txt"), "do not serve").unwrap();
    let s = serve(site.path());
    for path in [
        "/../secret.txt",
        "/../../../../etc/passwd",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2e%2e/etc/passwd",
        "//etc/passwd",
        "/assets/..%2f..%2fsecret.txt",
        "/..%5csecret.txt",
        "/roadbook.toml",
    ] {
        let reply = get(s.port, path);
        assert!(
            reply.status == 404 || reply.status == 400,
            "{path}: {}",
            reply.status
        );
        assert!(
            !reply.body.contains("do not serve") && !reply.body.contains("root:"),
            "{path} leaked"
        );
    }
}

#[test]
fn editing_a_story_reloads_and_errors_show_an_overlay() {
    let site = fixture("minimal");
    let s = serve(site.path());
    let page = get(s.port, "/stories/S-1.html").body;
    let v1 = version(&page);

    edit(
        site.path(),
        S1,
        "Depends on nothing.",
        "Depends on the new text.",
    );
    wait_for_reload(s.port, &v1);
    let page = get(s.port, "/stories/S-1.html").body;
    assert!(page.contains("Depends on the new text."));
    assert!(!page.contains("id=\"roadbook-overlay\""));
    // The exports render after the reload; a request for one waits for them.
    let docs = get(s.port, "/search/docs-0.js");
    assert_eq!(docs.status, 200);
    assert!(
        docs.body.contains("Depends on the new text."),
        "the search index is rebuilt"
    );
    let v2 = version(&page);

    edit(site.path(), S1, "epic = \"E-1\"", "epic = \"E-9\"");
    wait_for_reload(s.port, &v2);
    let page = get(s.port, "/stories/S-1.html").body;
    assert!(
        page.contains("Depends on the new text."),
        "the last good page still serves"
    );
    assert!(
        page.contains("id=\"roadbook-overlay\""),
        "the overlay shows the errors"
    );
    assert!(
        page.contains("unknown-id") && page.contains(&format!("{S1}:4:8")),
        "file, line and column"
    );
    let docs = get(s.port, "/search/docs-0.js");
    assert!(
        docs.body.contains("Depends on the new text."),
        "the last good exports still serve"
    );
    let v3 = version(&page);

    edit(site.path(), S1, "epic = \"E-9\"", "epic = \"E-1\"");
    wait_for_reload(s.port, &v3);
    let page = get(s.port, "/stories/S-1.html").body;
    assert!(
        !page.contains("id=\"roadbook-overlay\""),
        "the overlay is gone after a good rebuild"
    );
}

#[test]
fn a_css_only_change_swaps_the_stylesheet() {
    let site = fixture("minimal");
    write(site.path(), "static/extra.css", "body { color: red; }");
    let s = serve(site.path());
    let v1 = version(&get(s.port, "/").body);
    write(site.path(), "static/extra.css", "body { color: blue; }");
    wait_for_reload(s.port, &v1);
    let poll = get(s.port, "/__roadbook/poll?v=none");
    assert!(poll.body.contains("\"kind\":\"css\""), "{}", poll.body);
    assert!(get(s.port, "/extra.css").body.contains("blue"));
}

/// Sends `bytes` as they are (a write the server cuts short is not an error) and
/// reads until the server closes or `wait` is over.
fn exchange(port: u16, bytes: &[u8], wait: Duration) -> String {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream.set_write_timeout(Some(wait)).unwrap();
    let _ = stream.write_all(bytes);
    read_until_closed(&mut stream, wait)
}

/// What the server sends until it closes the connection, reading at most `wait`.
fn read_until_closed(stream: &mut TcpStream, wait: Duration) -> String {
    let started = Instant::now();
    let mut reply = Vec::new();
    let mut buf = [0u8; 16384];
    while let Some(left) = wait.checked_sub(started.elapsed()) {
        stream
            .set_read_timeout(Some(left.max(Duration::from_millis(1))))
            .unwrap();
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => reply.extend_from_slice(&buf[..n]),
        }
    }
    String::from_utf8_lossy(&reply).into_owned()
}

#[test]
fn request_heads_past_64_kb_get_431() {
    let site = fixture("minimal");
    let s = serve(site.path());
    let wait = Duration::from_secs(10);
    // 60 KB of headers is a large head, but an allowed one.
    let filler: String = (0..60)
        .map(|i| format!("X-Filler-{i}: {}\r\n", "a".repeat(1000)))
        .collect();
    let large = format!("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n{filler}\r\n");
    assert!(large.len() > 60_000 && large.len() < 64 * 1024);
    let reply = exchange(s.port, large.as_bytes(), wait);
    assert!(reply.starts_with("HTTP/1.1 200 "), "{:.80}", reply);

    let header = format!("X-Big: {}\r\n", "b".repeat(70_000));
    let too_large = format!("GET / HTTP/1.1\r\nHost: x\r\n{header}\r\n");
    let reply = exchange(s.port, too_large.as_bytes(), wait);
    assert!(reply.starts_with("HTTP/1.1 431 "), "{:.80}", reply);
    assert!(reply.contains("Connection: close"));

    let line = format!("GET /{} HTTP/1.1\r\nHost: x\r\n\r\n", "a".repeat(1 << 20));
    let reply = exchange(s.port, line.as_bytes(), wait);
    assert!(reply.starts_with("HTTP/1.1 431 "), "{:.80}", reply);
    assert_eq!(get(s.port, "/").status, 200, "still serving");
}

#[test]
fn stalled_clients_do_not_hold_up_others() {
    let site = fixture("minimal");
    write(site.path(), "static/big.bin", vec![b'x'; 20 << 20]);
    let s = serve(site.path());
    let mut held = Vec::new();
    // Clients that ask for a file larger than the socket buffers and never read:
    // the server's writes to them block. Each is let in once the server started
    // to answer the last (1 s at most), so that all of them are being answered.
    for _ in 0..16 {
        let mut stream = TcpStream::connect(("127.0.0.1", s.port)).expect("connect");
        stream
            .write_all(b"GET /big.bin HTTP/1.1\r\nHost: x\r\n\r\n")
            .unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(1)))
            .unwrap();
        let _ = stream.read(&mut [0u8; 64]);
        held.push(stream);
    }
    // And clients that connect and say nothing.
    for _ in 0..4 {
        held.push(TcpStream::connect(("127.0.0.1", s.port)).expect("connect"));
    }
    std::thread::sleep(Duration::from_millis(300));
    for path in ["/", "/stories/S-1.html", "/assets/style.css"] {
        let started = Instant::now();
        let request = format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        let reply = exchange(s.port, request.as_bytes(), Duration::from_secs(5));
        assert!(reply.starts_with("HTTP/1.1 200 "), "{path}: {reply:.80}");
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "{path} took {:?}",
            started.elapsed()
        );
    }
    drop(held);
}

#[test]
fn slow_and_idle_clients_are_cut_off() {
    let site = fixture("minimal");
    let s = serve(site.path());
    let port = s.port;
    // Sends a head a byte every 250 ms, and reports when the server answered.
    let trickle = std::thread::spawn(move || {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_millis(250)))
            .unwrap();
        let started = Instant::now();
        let head = "GET / HTTP/1.1\r\n".to_owned() + &"X-Slow: yes\r\n".repeat(10);
        for byte in head.bytes() {
            if stream.write_all(&[byte]).is_err() {
                break;
            }
            let mut buf = [0u8; 1024];
            match stream.read(&mut buf) {
                Ok(n) => {
                    return (
                        started.elapsed(),
                        String::from_utf8_lossy(&buf[..n]).into_owned(),
                    );
                }
                Err(e)
                    if e.kind() == std::io::ErrorKind::WouldBlock
                        || e.kind() == std::io::ErrorKind::TimedOut => {}
                Err(_) => break,
            }
        }
        (started.elapsed(), String::new())
    });
    // Connects and sends nothing.
    let silent = std::thread::spawn(move || {
        let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
        let started = Instant::now();
        let reply = read_until_closed(&mut stream, Duration::from_secs(20));
        (started.elapsed(), reply)
    });
    // Keeps a connection alive after one request, and then says nothing.
    let mut kept = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    kept.write_all(b"HEAD / HTTP/1.1\r\nHost: x\r\n\r\n")
        .unwrap();
    let mut buf = [0u8; 4096];
    kept.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let n = kept.read(&mut buf).expect("a reply");
    assert!(buf[..n].starts_with(b"HTTP/1.1 200 "));
    let answered = Instant::now();
    let rest = read_until_closed(&mut kept, Duration::from_secs(25));
    let idle = answered.elapsed();
    assert!(
        rest.is_empty() && idle < Duration::from_secs(20),
        "{idle:?} {rest:?}"
    );

    let (took, reply) = trickle.join().unwrap();
    assert!(
        took < Duration::from_secs(13),
        "the slow head lasted {took:?}"
    );
    assert!(reply.starts_with("HTTP/1.1 408 "), "{reply:?}");
    let (took, reply) = silent.join().unwrap();
    assert!(
        took < Duration::from_secs(13),
        "the silent client stayed {took:?}"
    );
    assert!(reply.is_empty(), "{reply:?}");
}

#[test]
fn keep_alive_carries_several_requests() {
    let site = fixture("minimal");
    let s = serve(site.path());
    let reply = exchange(
        s.port,
        b"GET /roadmap HTTP/1.1\r\nHost: x\r\n\r\nHEAD / HTTP/1.1\r\nHost: x\r\n\r\n\
GET /assets/style.css HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        Duration::from_secs(10),
    );
    assert_eq!(
        reply.matches("HTTP/1.1 200 OK\r\n").count(),
        3,
        "{reply:.300}"
    );
    let old = exchange(s.port, b"GET / HTTP/1.0\r\n\r\n", Duration::from_secs(10));
    assert!(old.starts_with("HTTP/1.1 200 ") && old.contains("Connection: close"));
    let post = exchange(
        s.port,
        b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc",
        Duration::from_secs(10),
    );
    assert!(post.starts_with("HTTP/1.1 405 "), "{post:.80}");
}

#[test]
fn a_folder_redirects_to_its_index_with_a_slash() {
    let site = fixture("minimal");
    write(
        site.path(),
        "static/docs/index.html",
        "<html><body><a href=\"guide.html\">Guide</a></body></html>",
    );
    write(site.path(), "static/docs/guide.html", "<p>guide</p>");
    let s = serve(site.path());
    for (path, location) in [("/docs", "/docs/"), ("/docs?x=1&y", "/docs/?x=1&y")] {
        let reply = get(s.port, path);
        assert_eq!(reply.status, 301, "{path}");
        assert!(
            reply
                .headers
                .contains(&format!("\r\nLocation: {location}\r\n")),
            "{path}: {}",
            reply.headers
        );
    }
    let index = get(s.port, "/docs/");
    assert_eq!(index.status, 200);
    assert!(index.body.contains("href=\"guide.html\""));
    assert_eq!(get(s.port, "/docs/guide.html").status, 200);
    assert_eq!(get(s.port, "/docs/guide").status, 200);
    // A page named like its folder is served, not redirected.
    assert_eq!(get(s.port, "/roadmap").status, 200);
}

#[test]
fn a_taken_port_is_a_clear_error() {
    let site = fixture("minimal");
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port().to_string();
    let out = roadbook(&["serve", "-p", &port], site.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("already in use"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn init_writes_a_site_that_checks_and_builds() {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("handbook");
    let out = roadbook(&["init", "handbook"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("roadbook serve handbook"));
    assert!(site.join(".gitignore").is_file());
    let check = roadbook(&["check", "--deny-warnings"], &site);
    assert_eq!(check.status.code(), Some(0), "{}", text(&check.stderr));
    let build = roadbook(&["build", "--deny-warnings"], &site);
    assert_eq!(build.status.code(), Some(0), "{}", text(&build.stderr));
    assert!(site.join("public/index.html").is_file());

    // Never into a folder that is not empty, unless forced.
    std::fs::write(site.join("vision.md"), "mine").unwrap();
    let again = roadbook(&["init", "handbook"], dir.path());
    assert_eq!(again.status.code(), Some(2));
    assert!(text(&again.stderr).contains("is not empty"));
    assert_eq!(
        std::fs::read_to_string(site.join("vision.md")).unwrap(),
        "mine"
    );
    let forced = roadbook(&["init", "handbook", "--force"], dir.path());
    assert_eq!(forced.status.code(), Some(0));
    assert_ne!(
        std::fs::read_to_string(site.join("vision.md")).unwrap(),
        "mine"
    );
}
