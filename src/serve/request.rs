//! Request heads: parsed by httparse, reduced to what the server acts on.

/// More headers than a browser sends, fewer than fit in 64 KB of small ones.
const MAX_HEADERS: usize = 100;

#[derive(Clone, Copy, PartialEq, Debug)]
pub(super) enum Method {
    Get,
    Head,
    Other,
}

/// The parts of a request head the server acts on.
#[derive(Debug, PartialEq)]
pub(super) struct Head {
    pub method: Method,
    pub target: String,
    /// HTTP/1.0, which closes unless asked to keep the connection alive.
    pub http10: bool,
    pub keep_alive: bool,
    /// A body follows, which is never read: the connection closes after the reply.
    pub has_body: bool,
}

pub(super) enum Parsed {
    Complete(Head, usize),
    Partial,
    Invalid(u16),
}

pub(super) fn parse(buf: &[u8]) -> Parsed {
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut request = httparse::Request::new(&mut headers);
    let len = match request.parse(buf) {
        Ok(httparse::Status::Complete(len)) => len,
        Ok(httparse::Status::Partial) => return Parsed::Partial,
        Err(httparse::Error::TooManyHeaders) => return Parsed::Invalid(431),
        Err(_) => return Parsed::Invalid(400),
    };
    let http10 = request.version == Some(0);
    let (mut close, mut keep, mut has_body) = (false, false, false);
    for header in request.headers.iter() {
        let value = String::from_utf8_lossy(header.value);
        if header.name.eq_ignore_ascii_case("connection") {
            for token in value.split(',').map(str::trim) {
                close |= token.eq_ignore_ascii_case("close");
                keep |= token.eq_ignore_ascii_case("keep-alive");
            }
        } else if header.name.eq_ignore_ascii_case("transfer-encoding") {
            has_body = true;
        } else if header.name.eq_ignore_ascii_case("content-length") {
            match value.trim().parse::<u64>() {
                Ok(length) => has_body |= length > 0,
                Err(_) => return Parsed::Invalid(400),
            }
        }
    }
    let method = match request.method {
        Some("GET") => Method::Get,
        Some("HEAD") => Method::Head,
        _ => Method::Other,
    };
    let head = Head {
        method,
        target: request.path.unwrap_or("/").to_owned(),
        http10,
        keep_alive: if http10 { keep && !close } else { !close },
        has_body,
    };
    Parsed::Complete(head, len)
}

/// Whether the bytes from `from` on may end a head (`\n\n` or `\n\r\n`), so that a
/// head trickled in byte by byte is not parsed again for every byte.
pub(super) fn may_end_head(buf: &[u8], from: usize) -> bool {
    let tail = &buf[from.saturating_sub(2)..];
    tail.windows(2).any(|w| w == b"\n\n") || tail.windows(3).any(|w| w == b"\n\r\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn head(raw: &str) -> Head {
        match parse(raw.as_bytes()) {
            Parsed::Complete(head, len) => {
                assert_eq!(len, raw.len());
                head
            }
            _ => panic!("{raw:?} is a whole head"),
        }
    }

    #[test]
    fn heads_say_whether_the_connection_stays_open() {
        let h = head("GET /a?b HTTP/1.1\r\nHost: x\r\n\r\n");
        assert_eq!((h.method, h.target.as_str()), (Method::Get, "/a?b"));
        assert!(h.keep_alive && !h.http10 && !h.has_body);
        assert!(!head("GET / HTTP/1.1\r\nConnection: Close\r\n\r\n").keep_alive);
        assert!(!head("GET / HTTP/1.0\r\n\r\n").keep_alive);
        assert!(head("HEAD / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").keep_alive);
        let post = head("POST / HTTP/1.1\r\nContent-Length: 3\r\n\r\n");
        assert!(post.method == Method::Other && post.has_body);
        assert!(head("PUT / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n").has_body);
    }

    #[test]
    fn broken_or_crowded_heads_are_refused() {
        assert!(matches!(parse(b"GET / HTTP/1.1\r\nHost"), Parsed::Partial));
        assert!(matches!(
            parse(b"GET / HTTP/1.1\r\nA B: c\r\n\r\n"),
            Parsed::Invalid(400)
        ));
        assert!(matches!(
            parse(b"\x16\x03\x01\x02\x00"),
            Parsed::Invalid(400)
        ));
        let bad_length = b"GET / HTTP/1.1\r\nContent-Length: x\r\n\r\n";
        assert!(matches!(parse(bad_length), Parsed::Invalid(400)));
        let crowded = format!(
            "GET / HTTP/1.1\r\n{}\r\n",
            "A: b\r\n".repeat(MAX_HEADERS + 1)
        );
        assert!(matches!(parse(crowded.as_bytes()), Parsed::Invalid(431)));
    }

    #[test]
    fn only_a_blank_line_can_end_a_head() {
        let raw = b"GET / HTTP/1.1\r\nHost: x\r\n\r\n";
        assert!(may_end_head(raw, raw.len() - 1));
        assert!(!may_end_head(&raw[..raw.len() - 2], 5));
        assert!(may_end_head(b"GET / HTTP/1.0\n\n", 15));
    }
}
