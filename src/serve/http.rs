//! The HTTP/1.1 server: a thread per connection, so a client that stalls holds up
//! only its own thread, with limits that keep any client from holding more:
//! request heads of at most 64 KB, parsed by httparse; a deadline for each head;
//! keep-alive connections closed when idle; writes that give up when the client
//! stops reading; and a cap on open connections.

use std::io::{self, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use super::reply::{Body, Reply};
use super::request::{Head, Method, Parsed, may_end_head, parse};
use super::{State, routes};

/// The largest request head (request line and headers) read; past it, 431.
const MAX_HEAD: usize = 64 * 1024;
/// A head must be complete this long after the connection opens or, on a kept
/// alive connection, after its first byte: slow clients are cut off.
const HEAD_TIMEOUT: Duration = Duration::from_secs(10);
/// A kept alive connection with no new request for this long is closed.
const IDLE_TIMEOUT: Duration = Duration::from_secs(15);
/// A write that makes no progress for this long ends the connection.
const WRITE_TIMEOUT: Duration = Duration::from_secs(30);
/// Open connections beyond this get 503: the bound on threads and memory.
const MAX_CONNECTIONS: usize = 2048;
/// Connection threads only parse and copy slices; this is ample.
const STACK_SIZE: usize = 256 * 1024;
const READ_CHUNK: usize = 8 * 1024;
/// After refusing a request, its unread rest is read and dropped for this long
/// (and this much) before closing, so the client sees the answer, not a reset.
const LINGER: Duration = Duration::from_secs(2);
const LINGER_BYTES: usize = 8 * 1024 * 1024;

/// The listening socket.
pub struct Server {
    listener: TcpListener,
}

impl Server {
    /// The port listened on: the one picked by the system for `-p 0`.
    pub fn port(&self) -> u16 {
        self.listener.local_addr().map_or(0, |a| a.port())
    }
}

/// Binds the server; a clear message when the address is taken or invalid.
pub fn bind(interface: &str, port: u16) -> Result<Server, String> {
    use std::net::ToSocketAddrs;
    let shown = format!("{interface}:{port}");
    let addr = (interface, port)
        .to_socket_addrs()
        .ok()
        .and_then(|mut a| a.next())
        .ok_or_else(|| format!("cannot listen on {shown}: not an address of this machine"))?;
    let listen = || -> io::Result<TcpListener> {
        let socket = socket2::Socket::new(
            socket2::Domain::for_address(addr),
            socket2::Type::STREAM,
            None,
        )?;
        socket.set_reuse_address(true)?;
        socket.bind(&addr.into())?;
        socket.listen(1024)?;
        Ok(socket.into())
    };
    let listener = listen().map_err(|e| {
        if e.kind() == io::ErrorKind::AddrInUse {
            format!("port {port} on {interface} is already in use; stop the other server, or pass -p 0 to pick a free port")
        } else {
            format!("cannot listen on {shown}: {e}")
        }
    })?;
    Ok(Server { listener })
}

/// Accepts connections until the process ends, each on a thread of its own.
pub fn serve(server: Server, state: Arc<State>) {
    let open = Arc::new(AtomicUsize::new(0));
    for stream in server.listener.incoming() {
        let Ok(stream) = stream else {
            // Out of file descriptors, or a connection reset before it was
            // accepted: wait a little rather than spin.
            std::thread::sleep(Duration::from_millis(10));
            continue;
        };
        let Some(slot) = Slot::take(&open) else {
            refuse_busy(&stream);
            continue;
        };
        let state = Arc::clone(&state);
        // If the thread cannot start, the closure is dropped: the connection
        // closes and its slot is given back.
        let _ = std::thread::Builder::new()
            .name("roadbook-http".into())
            .stack_size(STACK_SIZE)
            .spawn(move || {
                let _slot = slot;
                Connection::new(stream).run(&state);
            });
    }
}

/// One of the `MAX_CONNECTIONS` places, given back when dropped.
struct Slot(Arc<AtomicUsize>);

impl Slot {
    fn take(open: &Arc<AtomicUsize>) -> Option<Slot> {
        if open.fetch_add(1, Ordering::SeqCst) >= MAX_CONNECTIONS {
            open.fetch_sub(1, Ordering::SeqCst);
            return None;
        }
        Some(Slot(Arc::clone(open)))
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Answers 503 without waiting: the accept loop must never block on a client.
fn refuse_busy(stream: &TcpStream) {
    let _ = stream.set_nonblocking(true);
    let _ = (&*stream).write(
        b"HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
    );
}

/// Why a connection stops reading requests.
enum Stop {
    /// The client closed, went quiet before a new request, or the socket failed.
    Quiet,
    /// Answer with this status, then close.
    Refuse(u16),
}

struct Connection {
    stream: TcpStream,
    /// Bytes read and not yet parsed: a partial head, or pipelined requests.
    buf: Vec<u8>,
    opened: Instant,
}

impl Connection {
    fn new(stream: TcpStream) -> Connection {
        Connection {
            stream,
            buf: Vec::new(),
            opened: Instant::now(),
        }
    }

    fn run(mut self, state: &State) {
        // Without TCP_NODELAY, Nagle's algorithm and delayed ACKs hold every
        // keep-alive response back by 40 ms.
        let _ = self.stream.set_nodelay(true);
        let _ = self.stream.set_write_timeout(Some(WRITE_TIMEOUT));
        let mut first = true;
        loop {
            let head = match self.read_head(first) {
                Ok(head) => head,
                Err(Stop::Quiet) => return,
                Err(Stop::Refuse(status)) => {
                    let reply = Reply::new(status, Body::Text(String::new()));
                    if reply
                        .write_to(&mut self.stream, false, Some("close"))
                        .is_ok()
                    {
                        self.linger();
                    }
                    return;
                }
            };
            first = false;
            let keep_alive = head.keep_alive && !head.has_body;
            let reply = match head.method {
                Method::Get | Method::Head => routes::answer(state, &head.target),
                Method::Other => {
                    Reply::new(405, Body::Text(String::new())).header("Allow", "GET, HEAD")
                }
            };
            let connection = match (keep_alive, head.http10) {
                (false, _) => Some("close"),
                (true, true) => Some("keep-alive"),
                (true, false) => None,
            };
            let head_only = head.method == Method::Head;
            if reply
                .write_to(&mut self.stream, head_only, connection)
                .is_err()
            {
                return;
            }
            if !keep_alive {
                if head.has_body {
                    self.linger();
                }
                return;
            }
        }
    }

    /// Reads until a whole head is in the buffer, within the limits of size and time.
    fn read_head(&mut self, first: bool) -> Result<Head, Stop> {
        let mut deadline = if first {
            self.opened + HEAD_TIMEOUT
        } else if self.buf.is_empty() {
            Instant::now() + IDLE_TIMEOUT
        } else {
            Instant::now() + HEAD_TIMEOUT
        };
        let mut idle = !first && self.buf.is_empty();
        let mut check_from = if self.buf.is_empty() { None } else { Some(0) };
        loop {
            if let Some(from) = check_from.take()
                && (from == 0 || may_end_head(&self.buf, from))
            {
                match parse(&self.buf) {
                    Parsed::Complete(_, len) if len > MAX_HEAD => return Err(Stop::Refuse(431)),
                    Parsed::Complete(head, len) => {
                        self.buf.drain(..len);
                        self.buf.shrink_to(READ_CHUNK);
                        return Ok(head);
                    }
                    Parsed::Invalid(status) => return Err(Stop::Refuse(status)),
                    Parsed::Partial => {}
                }
            }
            let room = (MAX_HEAD + 1).saturating_sub(self.buf.len());
            if room == 0 {
                return Err(Stop::Refuse(431));
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(if self.buf.is_empty() {
                    Stop::Quiet
                } else {
                    Stop::Refuse(408)
                });
            }
            let _ = self.stream.set_read_timeout(Some(left));
            let old = self.buf.len();
            self.buf.resize(old + room.min(READ_CHUNK), 0);
            let read = self.stream.read(&mut self.buf[old..]);
            self.buf.truncate(old + *read.as_ref().unwrap_or(&0));
            match read {
                Ok(0) => return Err(Stop::Quiet),
                Ok(_) => check_from = Some(old),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                // A timeout shows at the top of the loop.
                Err(e)
                    if matches!(
                        e.kind(),
                        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                    ) => {}
                Err(_) => return Err(Stop::Quiet),
            }
            if idle && !self.buf.is_empty() {
                idle = false;
                deadline = Instant::now() + HEAD_TIMEOUT;
            }
        }
    }

    /// Closes gracefully after a refusal: reads and drops what the client still
    /// sends for a while, so that closing does not reset the connection before the
    /// client has read the answer.
    fn linger(&mut self) {
        let _ = self.stream.shutdown(Shutdown::Write);
        let until = Instant::now() + LINGER;
        let mut sink = [0u8; 4096];
        let mut dropped = 0;
        while dropped < LINGER_BYTES {
            let left = until.saturating_duration_since(Instant::now());
            if left.is_zero() || self.stream.set_read_timeout(Some(left)).is_err() {
                return;
            }
            match self.stream.read(&mut sink) {
                Ok(0) => return,
                Ok(n) => dropped += n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(_) => return,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connections_past_the_cap_get_no_slot() {
        let open = Arc::new(AtomicUsize::new(MAX_CONNECTIONS - 1));
        let last = Slot::take(&open).expect("the last place");
        assert!(Slot::take(&open).is_none());
        assert_eq!(open.load(Ordering::SeqCst), MAX_CONNECTIONS);
        drop(last);
        assert!(Slot::take(&open).is_some());
    }
}
