//! Replies: a status, headers and a body shared with the snapshot, written to the
//! socket without copying the body.

use std::io::{self, IoSlice, Write};
use std::net::TcpStream;
use std::sync::Arc;

/// What the server answers: status, headers and a body it does not copy.
pub(super) struct Reply {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: Body,
}

pub(super) enum Body {
    Bytes(Arc<[u8]>),
    Text(String),
    /// A page with `insert` at byte `at`, written in pieces.
    Spliced {
        page: Arc<[u8]>,
        at: usize,
        insert: Arc<str>,
    },
}

impl Body {
    fn parts(&self) -> [&[u8]; 3] {
        match self {
            Body::Bytes(bytes) => [bytes, &[], &[]],
            Body::Text(text) => [text.as_bytes(), &[], &[]],
            Body::Spliced { page, at, insert } => [&page[..*at], insert.as_bytes(), &page[*at..]],
        }
    }
}

impl Reply {
    pub fn new(status: u16, body: Body) -> Reply {
        Reply {
            status,
            headers: Vec::new(),
            body,
        }
    }

    pub fn content_type(self, value: &'static str) -> Reply {
        self.header("Content-Type", value)
    }

    pub fn header(mut self, name: &'static str, value: &str) -> Reply {
        self.headers.push((name, value.to_owned()));
        self
    }

    #[cfg(test)]
    pub fn header_value(&self, name: &str) -> Option<&str> {
        let found = self.headers.iter().find(|(n, _)| *n == name);
        found.map(|(_, v)| v.as_str())
    }

    /// Writes the reply, in one vectored write when it fits the socket buffer.
    /// `connection` is the value of a `Connection` header to send, if any.
    pub fn write_to(
        &self,
        stream: &mut TcpStream,
        head_only: bool,
        connection: Option<&str>,
    ) -> io::Result<()> {
        let parts = self.body.parts();
        let length: usize = parts.iter().map(|p| p.len()).sum();
        let mut head = format!("HTTP/1.1 {} {}\r\n", self.status, reason(self.status));
        for (name, value) in &self.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str(&format!("Content-Length: {length}\r\n"));
        if let Some(connection) = connection {
            head.push_str(&format!("Connection: {connection}\r\n"));
        }
        head.push_str("\r\n");
        let mut slices = vec![IoSlice::new(head.as_bytes())];
        if !head_only {
            slices.extend(parts.iter().map(|p| IoSlice::new(p)));
        }
        let mut slices = &mut slices[..];
        IoSlice::advance_slices(&mut slices, 0);
        while !slices.is_empty() {
            match stream.write_vectored(slices) {
                Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
                Ok(n) => IoSlice::advance_slices(&mut slices, n),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        431 => "Request Header Fields Too Large",
        503 => "Service Unavailable",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_are_written_around_the_snippet() {
        let page: Arc<[u8]> = Arc::from(&b"<p></body>"[..]);
        let body = Body::Spliced {
            page,
            at: 3,
            insert: Arc::from("<script></script>"),
        };
        assert_eq!(body.parts().concat(), b"<p><script></script></body>");
    }
}
