//! A small blocking OCSP-over-HTTP client (feature `http`), on `std::net` only.
//!
//! [`post_ocsp`] sends one request as RFC 6960 appendix A.1 describes: an HTTP
//! POST with `Content-Type: application/ocsp-request`, and reads the answer,
//! which must be `200` with `Content-Type: application/ocsp-response`.
//!
//! * Only `http://host[:port]/path` URLs: OCSP runs over plain HTTP (the response
//!   is signed), and the core carries no TLS stack, so `https://` is refused.
//! * One connection per request (`Connection: close`), HTTP/1.1; no proxy, no
//!   redirects followed (a 3xx is an [`HttpProblem::Status`]).
//! * The body may come with `Content-Length`, with `Transfer-Encoding: chunked`,
//!   or delimited by the server closing the connection; other transfer codings
//!   are refused.
//! * [`HttpLimits::timeout`] bounds the whole exchange (connect, send, receive),
//!   each socket operation getting what is left of it; name resolution goes
//!   through the system resolver, which std cannot time out (use an IP address
//!   to avoid it). [`HttpLimits::max_response_bytes`] caps the body and is
//!   enforced while reading: a longer answer is never buffered whole.
//!
//! Nothing here decides whether the answer is good: hand it to
//! [`verify_response`](super::ocsp::verify_response).

use core::time::Duration;
use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpStream, ToSocketAddrs};
use std::time::Instant;

use crate::error::Error;
use crate::values::HttpProblem;

/// Longest status line plus headers accepted.
const MAX_HEAD_BYTES: usize = 64 * 1024;
/// Longest chunk-size line (with extensions) or trailer line accepted.
const MAX_LINE_BYTES: usize = 4 * 1024;
/// Interim (1xx) responses skipped before giving up.
const MAX_INTERIM_RESPONSES: usize = 8;

/// Bounds on one OCSP exchange over HTTP.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct HttpLimits {
    /// The whole exchange: connect, send, receive (default 10 s).
    pub timeout: Duration,
    /// The largest response body accepted (default 1 MiB).
    pub max_response_bytes: usize,
}

impl HttpLimits {
    /// The same limits with another time bound for the whole exchange.
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The same limits with another largest response body.
    pub fn with_max_response_bytes(mut self, max: usize) -> Self {
        self.max_response_bytes = max;
        self
    }
}

impl Default for HttpLimits {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(10),
            max_response_bytes: 1024 * 1024,
        }
    }
}

/// A source of fresh nonces for OCSP requests (the core has no randomness of
/// its own: the caller supplies it, e.g. from the operating system).
pub type NonceSource = std::sync::Arc<dyn Fn() -> Option<Vec<u8>> + Send + Sync>;

/// The blocking [`OcspFetcher`](super::OcspFetcher) of this module: POSTs each
/// request to the certificate's responder (or to one fixed URL) with
/// [`post_ocsp`]. For hosts without blocking I/O, see
/// [`Verifier::ocsp_requests`](crate::Verifier::ocsp_requests).
#[derive(Clone)]
pub struct HttpFetcher {
    limits: HttpLimits,
    url: Option<String>,
    nonce: Option<NonceSource>,
}

impl core::fmt::Debug for HttpFetcher {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("HttpFetcher")
            .field("limits", &self.limits)
            .field("url", &self.url)
            .field("nonce", &self.nonce.is_some())
            .finish()
    }
}

impl HttpFetcher {
    /// A fetcher with `limits`, asking each certificate's own responder, without
    /// nonces.
    pub fn new(limits: HttpLimits) -> Self {
        Self {
            limits,
            url: None,
            nonce: None,
        }
    }

    /// Asks `url` instead of the certificates' own responders.
    pub fn with_url(mut self, url: impl Into<String>) -> Self {
        self.url = Some(url.into());
        self
    }

    /// Sends a nonce from `source` with every request.
    pub fn with_nonces(mut self, source: NonceSource) -> Self {
        self.nonce = Some(source);
        self
    }
}

impl super::OcspFetcher for HttpFetcher {
    fn fetch(&self, url: &str, request_der: &[u8]) -> Result<Vec<u8>, Error> {
        post_ocsp(
            self.url.as_deref().unwrap_or(url),
            request_der,
            &self.limits,
        )
    }

    fn nonce(&self) -> Option<Vec<u8>> {
        self.nonce.as_ref().and_then(|source| source())
    }
}

/// POSTs `request_der` (a DER `OCSPRequest`, e.g.
/// [`OcspRequest::der`](super::ocsp::OcspRequest::der)) to the responder at
/// `url` and returns the response body (a DER `OCSPResponse`, not yet verified).
pub fn post_ocsp(url: &str, request_der: &[u8], limits: &HttpLimits) -> Result<Vec<u8>, Error> {
    exchange(url, request_der, limits).map_err(|problem| Error::Http {
        url: url.to_owned(),
        problem,
    })
}

fn exchange(url: &str, body: &[u8], limits: &HttpLimits) -> Result<Vec<u8>, HttpProblem> {
    let target = Target::parse(url)?;
    let clock = Clock::start(limits.timeout);
    let mut conn = Connection {
        stream: connect(&target, &clock)?,
        clock,
        buf: Vec::new(),
        start: 0,
        eof: false,
    };
    let head = format!(
        "POST {} HTTP/1.1\r\nHost: {}\r\nContent-Type: application/ocsp-request\r\n\
         Accept: application/ocsp-response\r\nContent-Length: {}\r\nConnection: close\r\n\
         User-Agent: jpki/{}\r\n\r\n",
        target.path,
        target.authority,
        body.len(),
        env!("CARGO_PKG_VERSION")
    );
    conn.send(&[head.as_bytes(), body].concat())?;
    let head = conn.read_head()?;
    if head.status != 200 {
        return Err(HttpProblem::Status { code: head.status });
    }
    let media_type = head.content_type.as_deref().map(|ct| {
        ct.split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase()
    });
    if media_type.as_deref() != Some("application/ocsp-response") {
        return Err(HttpProblem::ContentType {
            found: head.content_type,
        });
    }
    let limit = limits.max_response_bytes;
    match head.framing {
        Framing::Length(len) => {
            if len > limit {
                return Err(HttpProblem::TooLarge { limit });
            }
            conn.read_exact(len)
        }
        Framing::Chunked => conn.read_chunked(limit),
        Framing::Close => conn.read_to_close(limit),
    }
}

/// `http://host[:port]/path`, split.
#[derive(Debug, PartialEq, Eq)]
struct Target {
    /// `host[:port]` as written: the Host header.
    authority: String,
    /// The host without brackets.
    host: String,
    port: u16,
    /// Path and query, starting with `/`.
    path: String,
}

impl Target {
    fn parse(url: &str) -> Result<Self, HttpProblem> {
        let bad = |reason| HttpProblem::UnsupportedUrl { reason };
        let (scheme, rest) = url.split_once("://").ok_or(bad("not an http:// URL"))?;
        if scheme.eq_ignore_ascii_case("https") {
            return Err(bad(
                "https is not supported: the core has no TLS, and OCSP runs over plain http (its answers are signed)",
            ));
        }
        if !scheme.eq_ignore_ascii_case("http") {
            return Err(bad("only http:// URLs are supported"));
        }
        let rest = rest.split('#').next().unwrap_or_default();
        let split = rest.find(['/', '?']).unwrap_or(rest.len());
        let (authority, path) = rest.split_at(split);
        if authority.contains('@') {
            return Err(bad("user information in the URL is not supported"));
        }
        let (host, port) = if let Some(v6) = authority.strip_prefix('[') {
            let (host, after) = v6.split_once(']').ok_or(bad("unclosed [ in the host"))?;
            (host, after)
        } else {
            match authority.find(':') {
                Some(i) => authority.split_at(i),
                None => (authority, ""),
            }
        };
        if host.is_empty() {
            return Err(bad("no host"));
        }
        let port = match port.strip_prefix(':') {
            None if port.is_empty() => 80,
            None => return Err(bad("unexpected characters after the host")),
            Some(p) => Some(p)
                .filter(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
                .and_then(|p| p.parse::<u16>().ok())
                .filter(|p| *p != 0)
                .ok_or(bad("the port is not a number from 1 to 65535"))?,
        };
        let path = if path.starts_with('/') {
            path.to_owned()
        } else {
            format!("/{path}")
        };
        if path.bytes().any(|b| b <= b' ' || b == 0x7f) {
            return Err(bad("the path holds spaces or control characters"));
        }
        Ok(Self {
            authority: authority.to_owned(),
            host: host.to_owned(),
            port,
            path,
        })
    }
}

/// The time left of the exchange.
struct Clock {
    deadline: Option<Instant>,
    limit: Duration,
}

impl Clock {
    fn start(limit: Duration) -> Self {
        Self {
            deadline: Instant::now().checked_add(limit),
            limit,
        }
    }

    /// What is left, or [`HttpProblem::TimedOut`] when nothing is.
    fn remaining(&self) -> Result<Duration, HttpProblem> {
        let left = match self.deadline {
            Some(deadline) => deadline.saturating_duration_since(Instant::now()),
            None => self.limit,
        };
        if left.is_zero() {
            Err(self.timed_out())
        } else {
            Ok(left)
        }
    }

    fn timed_out(&self) -> HttpProblem {
        HttpProblem::TimedOut { limit: self.limit }
    }

    /// An I/O error during `during`, timeouts reported as such.
    fn io(&self, during: &'static str, e: &io::Error) -> HttpProblem {
        match e.kind() {
            io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock => self.timed_out(),
            kind => HttpProblem::Io { during, kind },
        }
    }
}

fn connect(target: &Target, clock: &Clock) -> Result<TcpStream, HttpProblem> {
    let addrs: Vec<SocketAddr> = (target.host.as_str(), target.port)
        .to_socket_addrs()
        .map_err(|e| HttpProblem::Resolve {
            kind: Some(e.kind()),
        })?
        .collect();
    if addrs.is_empty() {
        return Err(HttpProblem::Resolve { kind: None });
    }
    let mut last = None;
    for addr in addrs {
        match TcpStream::connect_timeout(&addr, clock.remaining()?) {
            Ok(stream) => return Ok(stream),
            Err(e) => last = Some(clock.io("connecting", &e)),
        }
    }
    Err(last.unwrap_or(HttpProblem::Resolve { kind: None }))
}

/// How the body is delimited.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Framing {
    Length(usize),
    Chunked,
    Close,
}

/// The parts of a response head this client reads.
#[derive(Debug)]
struct Head {
    status: u16,
    content_type: Option<String>,
    framing: Framing,
}

struct Connection {
    stream: TcpStream,
    clock: Clock,
    /// Received and not yet consumed: `buf[start..]`.
    buf: Vec<u8>,
    start: usize,
    eof: bool,
}

impl Connection {
    fn send(&mut self, bytes: &[u8]) -> Result<(), HttpProblem> {
        let mut rest = bytes;
        while !rest.is_empty() {
            self.stream
                .set_write_timeout(Some(self.clock.remaining()?))
                .map_err(|e| self.clock.io("sending", &e))?;
            match self.stream.write(rest) {
                Ok(0) => {
                    return Err(HttpProblem::Io {
                        during: "sending",
                        kind: io::ErrorKind::WriteZero,
                    });
                }
                Ok(n) => rest = rest.get(n..).unwrap_or_default(),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(self.clock.io("sending", &e)),
            }
        }
        Ok(())
    }

    /// Reads more from the socket; `false` at end of stream.
    fn fill(&mut self) -> Result<bool, HttpProblem> {
        if self.eof {
            return Ok(false);
        }
        if self.start > 0 {
            self.buf.drain(..self.start);
            self.start = 0;
        }
        let mut chunk = [0u8; 8192];
        loop {
            self.stream
                .set_read_timeout(Some(self.clock.remaining()?))
                .map_err(|e| self.clock.io("receiving", &e))?;
            match self.stream.read(&mut chunk) {
                Ok(0) => {
                    self.eof = true;
                    return Ok(false);
                }
                Ok(n) => {
                    self.buf
                        .extend_from_slice(chunk.get(..n).unwrap_or_default());
                    return Ok(true);
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(self.clock.io("receiving", &e)),
            }
        }
    }

    fn pending(&self) -> &[u8] {
        self.buf.get(self.start..).unwrap_or_default()
    }

    /// Consumes `n` pending bytes.
    fn take(&mut self, n: usize) -> Vec<u8> {
        let end = self.start.saturating_add(n).min(self.buf.len());
        let out = self.buf.get(self.start..end).unwrap_or_default().to_vec();
        self.start = end;
        out
    }

    /// One CRLF-terminated line (without the CRLF), at most `max` bytes.
    fn read_line(&mut self, max: usize) -> Result<Vec<u8>, HttpProblem> {
        loop {
            if let Some(i) = self.pending().windows(2).position(|w| w == b"\r\n") {
                let line = self.take(i);
                self.take(2);
                return Ok(line);
            }
            if self.pending().len() > max {
                return Err(HttpProblem::Malformed {
                    reason: "a line is too long",
                });
            }
            if !self.fill()? {
                return Err(HttpProblem::Malformed {
                    reason: "the connection closed in the middle of a line",
                });
            }
        }
    }

    /// The status line and headers of the final (non-1xx) response.
    fn read_head(&mut self) -> Result<Head, HttpProblem> {
        for _ in 0..=MAX_INTERIM_RESPONSES {
            let head = loop {
                if let Some(i) = self.pending().windows(4).position(|w| w == b"\r\n\r\n") {
                    let head = self.take(i);
                    self.take(4);
                    break head;
                }
                if self.pending().len() > MAX_HEAD_BYTES {
                    return Err(HttpProblem::Malformed {
                        reason: "the headers are too long",
                    });
                }
                if !self.fill()? {
                    return Err(HttpProblem::Malformed {
                        reason: "the connection closed before the end of the headers",
                    });
                }
            };
            let head = parse_head(&head)?;
            // 1xx are interim answers (e.g. 100 Continue); the real one follows.
            if !(100..200).contains(&head.status) {
                return Ok(head);
            }
        }
        Err(HttpProblem::Malformed {
            reason: "too many interim (1xx) responses",
        })
    }

    fn read_exact(&mut self, len: usize) -> Result<Vec<u8>, HttpProblem> {
        while self.pending().len() < len {
            if !self.fill()? {
                return Err(HttpProblem::Malformed {
                    reason: "the connection closed before the end of the body",
                });
            }
        }
        Ok(self.take(len))
    }

    fn read_to_close(&mut self, limit: usize) -> Result<Vec<u8>, HttpProblem> {
        while self.fill()? {
            if self.pending().len() > limit {
                return Err(HttpProblem::TooLarge { limit });
            }
        }
        if self.pending().len() > limit {
            return Err(HttpProblem::TooLarge { limit });
        }
        Ok(self.take(usize::MAX))
    }

    /// A `Transfer-Encoding: chunked` body (RFC 9112 §7.1); trailers are read
    /// and dropped.
    fn read_chunked(&mut self, limit: usize) -> Result<Vec<u8>, HttpProblem> {
        let bad = |reason| HttpProblem::Malformed { reason };
        let mut body = Vec::new();
        loop {
            let line = self.read_line(MAX_LINE_BYTES)?;
            let size = line.split(|b| *b == b';').next().unwrap_or_default();
            let size = core::str::from_utf8(size)
                .ok()
                .map(str::trim)
                .filter(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_hexdigit()))
                .and_then(|s| usize::from_str_radix(s, 16).ok())
                .ok_or(bad("a chunk size is not a hexadecimal number"))?;
            if size == 0 {
                while !self.read_line(MAX_LINE_BYTES)?.is_empty() {}
                return Ok(body);
            }
            if body.len().saturating_add(size) > limit {
                return Err(HttpProblem::TooLarge { limit });
            }
            body.extend(self.read_exact(size)?);
            if self.read_exact(2)? != b"\r\n" {
                return Err(bad("a chunk does not end with CRLF"));
            }
        }
    }
}

/// Parses `HTTP/1.x NNN reason` and the headers this client needs.
fn parse_head(head: &[u8]) -> Result<Head, HttpProblem> {
    let bad = |reason| HttpProblem::Malformed { reason };
    let text = core::str::from_utf8(head).map_err(|_| bad("the headers are not text"))?;
    let mut lines = text.split("\r\n");
    let status_line = lines.next().unwrap_or_default();
    let rest = status_line
        .strip_prefix("HTTP/1.")
        .ok_or(bad("the status line does not start with HTTP/1.x"))?;
    let code = rest
        .get(1..)
        .and_then(|r| r.strip_prefix(' '))
        .and_then(|r| r.get(..3))
        .filter(|c| c.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|c| c.parse::<u16>().ok())
        .ok_or(bad("the status line has no 3-digit status code"))?;
    let mut content_type = None;
    let mut content_length: Option<usize> = None;
    let mut chunked = false;
    for line in lines {
        let (name, value) = line
            .split_once(':')
            .ok_or(bad("a header line has no colon"))?;
        if name.is_empty() || name.bytes().any(|b| b <= b' ') {
            return Err(bad("a header name is empty or holds white space"));
        }
        let value = value.trim();
        if name.eq_ignore_ascii_case("content-type") {
            content_type = Some(value.to_owned());
        } else if name.eq_ignore_ascii_case("content-length") {
            let len = value
                .bytes()
                .all(|b| b.is_ascii_digit())
                .then(|| value.parse::<usize>().ok())
                .flatten()
                .ok_or(bad("Content-Length is not a number"))?;
            if content_length.is_some_and(|l| l != len) {
                return Err(bad("conflicting Content-Length headers"));
            }
            content_length = Some(len);
        } else if name.eq_ignore_ascii_case("transfer-encoding") {
            for coding in value.split(',').map(str::trim).filter(|c| !c.is_empty()) {
                if chunked || !coding.eq_ignore_ascii_case("chunked") {
                    return Err(bad("a transfer coding other than chunked"));
                }
                chunked = true;
            }
        }
    }
    let framing = match (chunked, content_length) {
        // RFC 9112 §6.1: a sender must not send both; a recipient may refuse.
        (true, Some(_)) => return Err(bad("both Transfer-Encoding and Content-Length")),
        (true, None) => Framing::Chunked,
        (false, Some(len)) => Framing::Length(len),
        (false, None) => Framing::Close,
    };
    Ok(Head {
        status: code,
        content_type,
        framing,
    })
}

#[cfg(test)]
mod tests {
    use std::net::TcpListener;
    use std::thread;

    use super::*;

    /// Serves one connection on a loopback port with `answer`, and returns the
    /// URL and the request the client sent.
    fn serve_once(answer: Vec<u8>) -> (String, thread::JoinHandle<Vec<u8>>) {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let addr = listener.local_addr().unwrap();
        let handle = thread::spawn(move || {
            let (mut stream, _) = listener.accept().unwrap();
            stream
                .set_read_timeout(Some(Duration::from_secs(5)))
                .unwrap();
            let mut request = Vec::new();
            let mut buf = [0u8; 4096];
            // Read the head, then Content-Length bytes of body.
            loop {
                let n = stream.read(&mut buf).unwrap();
                request.extend_from_slice(&buf[..n]);
                if let Some(i) = request.windows(4).position(|w| w == b"\r\n\r\n") {
                    let head = String::from_utf8_lossy(&request[..i]).to_string();
                    let len: usize = head
                        .lines()
                        .find_map(|l| l.strip_prefix("Content-Length: "))
                        .unwrap()
                        .parse()
                        .unwrap();
                    while request.len() < i + 4 + len {
                        let n = stream.read(&mut buf).unwrap();
                        request.extend_from_slice(&buf[..n]);
                    }
                    break;
                }
                if n == 0 {
                    break;
                }
            }
            let _ = stream.write_all(&answer);
            request
        });
        (format!("http://{addr}/ocsp/sign"), handle)
    }

    fn limits() -> HttpLimits {
        HttpLimits {
            timeout: Duration::from_secs(5),
            max_response_bytes: 64,
        }
    }

    fn problem(r: Result<Vec<u8>, Error>) -> HttpProblem {
        match r {
            Err(Error::Http { problem, .. }) => problem,
            other => panic!("expected an HTTP error, got {other:?}"),
        }
    }

    #[test]
    fn posts_and_reads_a_content_length_body() {
        let (url, server) = serve_once(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/ocsp-response\r\nContent-Length: 3\r\n\r\nabc"
                .to_vec(),
        );
        let body = post_ocsp(&url, b"\x30\x00", &limits()).unwrap();
        assert_eq!(body, b"abc");
        let request = String::from_utf8_lossy(&server.join().unwrap()).to_string();
        assert!(
            request.starts_with("POST /ocsp/sign HTTP/1.1\r\n"),
            "{request}"
        );
        assert!(request.contains("\r\nContent-Type: application/ocsp-request\r\n"));
        assert!(request.contains("\r\nConnection: close\r\n"));
        assert!(request.contains("\r\nContent-Length: 2\r\n"));
        assert!(request.contains("\r\nHost: 127.0.0.1:"));
        assert!(request.ends_with("\r\n\r\n\x30\x00"));
    }

    #[test]
    fn reads_chunked_and_close_delimited_bodies() {
        let (url, server) = serve_once(
            b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: Application/OCSP-Response; x=y\r\n\r\n2;ext=1\r\nab\r\nA\r\n0123456789\r\n0\r\nTrailer: x\r\n\r\n"
                .to_vec(),
        );
        assert_eq!(post_ocsp(&url, b"r", &limits()).unwrap(), b"ab0123456789");
        server.join().unwrap();
        let (url, server) = serve_once(
            b"HTTP/1.0 200 OK\r\ncontent-type: application/ocsp-response\r\n\r\nuntil close"
                .to_vec(),
        );
        assert_eq!(post_ocsp(&url, b"r", &limits()).unwrap(), b"until close");
        server.join().unwrap();
    }

    #[test]
    fn enforces_the_size_limit_while_reading() {
        let big = vec![b'x'; 65];
        for head in [
            "HTTP/1.1 200 OK\r\nContent-Type: application/ocsp-response\r\nContent-Length: 65\r\n\r\n",
            "HTTP/1.1 200 OK\r\nContent-Type: application/ocsp-response\r\n\r\n",
        ] {
            let (url, server) = serve_once([head.as_bytes(), &big].concat());
            assert_eq!(
                problem(post_ocsp(&url, b"r", &limits())),
                HttpProblem::TooLarge { limit: 64 }
            );
            server.join().unwrap();
        }
        let (url, server) = serve_once(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/ocsp-response\r\nTransfer-Encoding: chunked\r\n\r\n40\r\n"
                .iter()
                .chain(&[b'x'; 64])
                .chain(b"\r\n1\r\nx\r\n0\r\n\r\n")
                .copied()
                .collect(),
        );
        assert_eq!(
            problem(post_ocsp(&url, b"r", &limits())),
            HttpProblem::TooLarge { limit: 64 }
        );
        server.join().unwrap();
    }

    #[test]
    fn refuses_wrong_status_type_and_framing() {
        let cases: [(&[u8], HttpProblem); 5] = [
            (
                b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n",
                HttpProblem::Status { code: 404 },
            ),
            (
                b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 0\r\n\r\n",
                HttpProblem::ContentType {
                    found: Some("text/html".into()),
                },
            ),
            (
                b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n",
                HttpProblem::ContentType { found: None },
            ),
            (
                b"HTTP/1.1 200 OK\r\nContent-Type: application/ocsp-response\r\nTransfer-Encoding: gzip\r\n\r\n",
                HttpProblem::Malformed {
                    reason: "a transfer coding other than chunked",
                },
            ),
            (
                b"SSH-2.0-OpenSSH\r\n\r\n",
                HttpProblem::Malformed {
                    reason: "the status line does not start with HTTP/1.x",
                },
            ),
        ];
        for (answer, expected) in cases {
            let (url, server) = serve_once(answer.to_vec());
            assert_eq!(problem(post_ocsp(&url, b"r", &limits())), expected);
            server.join().unwrap();
        }
        let (url, server) = serve_once(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/ocsp-response\r\nContent-Length: 10\r\n\r\nshort"
                .to_vec(),
        );
        assert_eq!(
            problem(post_ocsp(&url, b"r", &limits())),
            HttpProblem::Malformed {
                reason: "the connection closed before the end of the body"
            }
        );
        server.join().unwrap();
    }

    #[test]
    fn times_out_on_a_silent_server() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/", listener.local_addr().unwrap());
        let limits = HttpLimits {
            timeout: Duration::from_millis(300),
            max_response_bytes: 64,
        };
        let started = Instant::now();
        // The listener accepts (the kernel completes the handshake) but never answers.
        assert_eq!(
            problem(post_ocsp(&url, b"r", &limits)),
            HttpProblem::TimedOut {
                limit: Duration::from_millis(300)
            }
        );
        assert!(started.elapsed() < Duration::from_secs(3));
        drop(listener);
    }

    #[test]
    fn urls() {
        let t = Target::parse("http://ocspauthnorm.jpki.go.jp").unwrap();
        assert_eq!(
            (t.host.as_str(), t.port, t.path.as_str()),
            ("ocspauthnorm.jpki.go.jp", 80, "/")
        );
        let t = Target::parse("HTTP://127.0.0.1:28080/ocsp/sign?x=1#frag").unwrap();
        assert_eq!(
            (t.authority.as_str(), t.port, t.path.as_str()),
            ("127.0.0.1:28080", 28080, "/ocsp/sign?x=1")
        );
        let t = Target::parse("http://[::1]:8080?q").unwrap();
        assert_eq!(
            (t.host.as_str(), t.port, t.path.as_str()),
            ("::1", 8080, "/?q")
        );
        for (url, reason) in [
            ("https://ocsp.example/", "https is not supported"),
            ("ldap://x/", "only http://"),
            ("ocsp.example", "not an http:// URL"),
            ("http://:80/", "no host"),
            ("http://h:0/", "port"),
            ("http://h:99999/", "port"),
            ("http://h:x/", "port"),
            ("http://u@h/", "user information"),
            ("http://h/a b", "spaces"),
            ("http://[::1/", "unclosed"),
        ] {
            match Target::parse(url) {
                Err(HttpProblem::UnsupportedUrl { reason: r }) => {
                    assert!(r.contains(reason), "{url}: {r}")
                }
                other => panic!("{url}: {other:?}"),
            }
        }
    }
}
