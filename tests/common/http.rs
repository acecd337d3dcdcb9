//! A minimal HTTP/1.1 client over a TcpStream, for tests against `roadbook serve`
//! on loopback (no proxy settings, no extra dependency).

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

pub struct Reply {
    pub status: u16,
    pub headers: String,
    pub body: String,
}

/// Sends `method path` as written (no normalisation, so traversal attempts reach
/// the server as they are) and reads the whole reply.
pub fn request(port: u16, method: &str, path: &str) -> Reply {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(40)))
        .unwrap();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    // Read the head, then as many bytes as Content-Length says (some servers keep
    // the connection open), or to the end.
    let mut raw = Vec::new();
    let mut buf = [0u8; 16384];
    let head_end = loop {
        let n = stream.read(&mut buf).expect("read reply");
        if n == 0 {
            break raw.len();
        }
        raw.extend_from_slice(&buf[..n]);
        if let Some(i) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
    };
    let head = String::from_utf8_lossy(&raw[..head_end.min(raw.len())]).into_owned();
    let length = head
        .lines()
        .find_map(|l| {
            l.to_ascii_lowercase()
                .strip_prefix("content-length:")
                .map(|v| v.trim().parse::<usize>().ok())
        })
        .flatten();
    let bodyless = method == "HEAD";
    loop {
        let have = raw.len() - head_end.min(raw.len());
        if bodyless || length.is_some_and(|len| have >= len) {
            break;
        }
        let n = stream.read(&mut buf).expect("read reply");
        if n == 0 {
            break;
        }
        raw.extend_from_slice(&buf[..n]);
    }
    let body = String::from_utf8_lossy(&raw[head_end.min(raw.len())..]).into_owned();
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    Reply {
        status,
        headers: head.trim_end().to_owned(),
        body,
    }
}

pub fn get(port: u16, path: &str) -> Reply {
    request(port, "GET", path)
}
