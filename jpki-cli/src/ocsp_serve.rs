//! `jpki sim ocsp-serve`: the simulated authority's OCSP responder over HTTP.
//!
//! Listens on a loopback address only (the simulator's CA keys sign the answers;
//! they are not offered to the network) and answers, on any path:
//!
//! * `POST` with the DER request as body (RFC 6960 appendix A.1), the way
//!   OpenSSL, this library's `post_ocsp` and most clients ask;
//! * `GET /{url-encoded base64 of the DER request}` (appendix A.1's GET form,
//!   also after a path prefix such as `/ocsp/sign/…`).
//!
//! Every answer is `200` with `Content-Type: application/ocsp-response`, made by
//! `Authority::ocsp_respond` at the current time from the state directory read
//! again for each request, so revocations recorded meanwhile by `jpki sim event`
//! in another process are seen. Reading the state takes the directory's lock;
//! a request that cannot have it within 5 s is answered `tryLater`.
//!
//! Each connection is answered on a thread of its own, at most
//! [`MAX_CONNECTIONS`] at once (further connections wait in the listen backlog
//! until one ends); each client gets at most 5 s to send its request and 5 s to
//! take the answer, so clients that connect and send nothing delay no one and
//! are cut off after 5 s. With the wait for the state, a connection lasts about
//! 15 s at most. The server stops accepting after `--max-requests` connections
//! (idle ones included) or `--seconds` seconds, whichever comes first, finishes
//! the connections in progress (within those limits), and exits 0.

use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::thread::sleep;
use std::time::{Duration, Instant};

use jpki::revocation::ocsp::{ResponseStatus, error_response as ocsp_error_response};
use jpki::sim::{Authority, OcspSigning};

use crate::{Failure, Outcome, time_arg};

/// The default listening address: what `AuthorityOptions::default()` writes
/// into certificates (`http://127.0.0.1:28080/ocsp/sign`).
pub(crate) const DEFAULT_LISTEN: &str = "127.0.0.1:28080";
/// Largest request head (request line and headers) accepted.
const MAX_HEAD: usize = 16 * 1024;
/// Largest request body accepted (an OCSP request is well under 1 KiB).
const MAX_BODY: usize = 64 * 1024;
/// How long one client may take to send its whole request, and to read the
/// answer: a slow client cannot hold its connection's thread longer.
const IO_TIMEOUT: Duration = Duration::from_secs(5);
/// Connections answered at once (one thread each).
const MAX_CONNECTIONS: usize = 32;
/// How long a request waits for the state directory held by another user
/// (`jpki sim issue` generating keys, say) before the answer is `tryLater`.
const LOCK_WAIT: Duration = Duration::from_secs(5);
/// Pause between two polls of the listening socket while idle.
const POLL: Duration = Duration::from_millis(20);

/// How long and how much to serve.
pub(crate) struct Limits {
    /// Connections to answer before stopping.
    pub(crate) max_requests: usize,
    /// Seconds to run before stopping.
    pub(crate) seconds: u64,
}

/// Serves OCSP for the authority in `dir` on `listen` until a limit is reached.
pub(crate) fn serve(
    dir: &Path,
    listen: &str,
    limits: &Limits,
    signing: OcspSigning,
) -> Result<Outcome, Failure> {
    let addr = loopback_addr(listen)?;
    // Fail now, not at the first request, if DIR holds no authority.
    Authority::open(dir)?;
    let listener =
        TcpListener::bind(addr).map_err(|e| Failure(format!("cannot listen on {addr}: {e}")))?;
    listener
        .set_nonblocking(true)
        .map_err(|e| Failure(format!("{addr}: {e}")))?;
    let local = listener
        .local_addr()
        .map_err(|e| Failure(format!("{addr}: {e}")))?;
    // The bound address on stdout (the port, when 0 was asked for), for scripts.
    outln!("listening on http://{local}/");
    io::stdout().flush()?;
    let started = Instant::now();
    let deadline = started.checked_add(Duration::from_secs(limits.seconds));
    let mut served = 0usize;
    // Every handler is joined when the scope ends: connections in progress are
    // finished, within their time limits, before the server stops.
    std::thread::scope(|scope| -> Result<(), Failure> {
        let mut handlers: Vec<std::thread::ScopedJoinHandle<'_, ()>> = Vec::new();
        while served < limits.max_requests && deadline.is_none_or(|d| Instant::now() < d) {
            handlers.retain(|h| !h.is_finished());
            if handlers.len() >= MAX_CONNECTIONS {
                sleep(POLL);
                continue;
            }
            match listener.accept() {
                Ok((stream, peer)) => {
                    served = served.saturating_add(1);
                    let handler = std::thread::Builder::new()
                        .name(format!("ocsp {peer}"))
                        .spawn_scoped(scope, move || match answer(stream, dir, signing) {
                            Ok(line) => eprintln!("jpki: {peer}: {line}"),
                            Err(e) => eprintln!("jpki: {peer}: {e}"),
                        });
                    match handler {
                        Ok(handler) => handlers.push(handler),
                        // The connection is closed unanswered.
                        Err(e) => eprintln!("jpki: {peer}: no thread to answer it: {e}"),
                    }
                }
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => sleep(POLL),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(Failure(format!("accepting on {local}: {e}"))),
            }
        }
        Ok(())
    })?;
    eprintln!(
        "jpki: served {served} request(s) in {:.1} s; stopping",
        started.elapsed().as_secs_f64()
    );
    Ok(Outcome::Ok)
}

/// The address for `--listen`: loopback only.
pub(crate) fn loopback_addr(text: &str) -> Result<SocketAddr, Failure> {
    crate::loopback_addr(
        "--listen",
        text,
        DEFAULT_LISTEN,
        "the simulator's OCSP responder is only served to this machine",
    )
}

/// A request as far as the server reads it.
struct HttpRequest {
    method: String,
    target: String,
    body: Vec<u8>,
}

/// Answers one connection; returns a line for the log.
fn answer(mut stream: TcpStream, dir: &Path, signing: OcspSigning) -> Result<String, String> {
    stream.set_nonblocking(false).map_err(|e| e.to_string())?;
    stream
        .set_read_timeout(Some(IO_TIMEOUT))
        .map_err(|e| e.to_string())?;
    stream
        .set_write_timeout(Some(IO_TIMEOUT))
        .map_err(|e| e.to_string())?;
    let request = match read_request(&mut stream) {
        Ok(r) => r,
        Err((status, reason)) => {
            let _ = reply(&mut stream, status, "text/plain", reason.as_bytes());
            return Err(format!("{status}: {reason}"));
        }
    };
    let der = match request.method.as_str() {
        "POST" => request.body,
        "GET" => match request_from_path(&request.target) {
            Some(der) => der,
            None => {
                let reason = "the path holds no base64 OCSP request";
                let _ = reply(&mut stream, 400, "text/plain", reason.as_bytes());
                return Err(format!("GET {}: 400: {reason}", request.target));
            }
        },
        other => {
            let _ = reply(&mut stream, 405, "text/plain", b"only GET and POST");
            return Err(format!("{other}: 405"));
        }
    };
    let response = respond(dir, &der, signing);
    reply(&mut stream, 200, "application/ocsp-response", &response)
        .map_err(|e| format!("writing the answer: {e}"))?;
    Ok(format!(
        "{} {}: {} bytes in, {} bytes out",
        request.method,
        request.target,
        der.len(),
        response.len()
    ))
}

/// The OCSP answer, from the state as it is now; `internalError` if the state
/// cannot be read.
fn respond(dir: &Path, request_der: &[u8], signing: OcspSigning) -> Vec<u8> {
    let now = match time_arg(None) {
        Ok(t) => t,
        Err(Failure(e)) => {
            eprintln!("jpki: {e}");
            return ocsp_error_response(ResponseStatus::InternalError);
        }
    };
    let waited = Instant::now();
    loop {
        match Authority::try_open(dir) {
            Ok(Some(authority)) => return authority.ocsp_respond_with(request_der, now, signing),
            // Another process (jpki sim issue, event…) or connection holds the
            // state: wait for it, within a bound.
            Ok(None) if waited.elapsed() < LOCK_WAIT => sleep(POLL),
            Ok(None) => {
                eprintln!(
                    "jpki: {} stayed in use for {} s; answering tryLater",
                    dir.display(),
                    LOCK_WAIT.as_secs()
                );
                return ocsp_error_response(ResponseStatus::TryLater);
            }
            Err(e) => {
                eprintln!("jpki: {e}");
                return ocsp_error_response(ResponseStatus::InternalError);
            }
        }
    }
}

fn reply(stream: &mut TcpStream, status: u16, content_type: &str, body: &[u8]) -> io::Result<()> {
    let reason = match status {
        200 => "OK",
        400 => "Bad Request",
        405 => "Method Not Allowed",
        411 => "Length Required",
        413 => "Content Too Large",
        _ => "Not Implemented",
    };
    let allow = if status == 405 {
        "Allow: GET, POST\r\n"
    } else {
        ""
    };
    let head = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\
         {allow}Connection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(&[head.as_bytes(), body].concat())?;
    stream.flush()
}

/// Reads from `stream` with what is left of the request's time.
fn read_some(stream: &mut TcpStream, chunk: &mut [u8], started: Instant) -> io::Result<usize> {
    let left = IO_TIMEOUT.saturating_sub(started.elapsed());
    if left.is_zero() {
        return Err(io::ErrorKind::TimedOut.into());
    }
    stream.set_read_timeout(Some(left))?;
    stream.read(chunk)
}

/// Reads the request line, the headers and a Content-Length body, within
/// [`IO_TIMEOUT`] in all.
fn read_request(stream: &mut TcpStream) -> Result<HttpRequest, (u16, String)> {
    let bad = |reason: &str| (400, reason.to_owned());
    let started = Instant::now();
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i;
        }
        if buf.len() > MAX_HEAD {
            return Err(bad("the request head is too long"));
        }
        match read_some(stream, &mut chunk, started) {
            Ok(0) => return Err(bad("the connection closed before the end of the head")),
            Ok(n) => buf.extend_from_slice(chunk.get(..n).unwrap_or_default()),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(bad(&format!("reading the request: {e}"))),
        }
    };
    let head = std::str::from_utf8(buf.get(..head_end).unwrap_or_default())
        .map_err(|_| bad("the request head is not text"))?;
    let mut lines = head.split("\r\n");
    let mut parts = lines.next().unwrap_or_default().split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(bad("malformed request line"));
    };
    if !version.starts_with("HTTP/1.") {
        return Err(bad("not HTTP/1.x"));
    }
    let mut length = None;
    let mut expect_continue = false;
    for line in lines {
        let (name, value) = line
            .split_once(':')
            .ok_or_else(|| bad("a header line has no colon"))?;
        let value = value.trim();
        if name.eq_ignore_ascii_case("content-length") {
            let len = value
                .parse::<usize>()
                .map_err(|_| bad("Content-Length is not a number"))?;
            if length.is_some_and(|l| l != len) {
                return Err(bad("conflicting Content-Length headers"));
            }
            length = Some(len);
        } else if name.eq_ignore_ascii_case("transfer-encoding") {
            return Err((501, "request bodies must come with Content-Length".into()));
        } else if name.eq_ignore_ascii_case("expect") && value.eq_ignore_ascii_case("100-continue")
        {
            expect_continue = true;
        }
    }
    let mut body = buf
        .get(head_end.saturating_add(4)..)
        .unwrap_or_default()
        .to_vec();
    if method == "POST" {
        let len = length.ok_or((411, "POST needs Content-Length".to_owned()))?;
        if len > MAX_BODY {
            return Err((413, format!("the body exceeds {MAX_BODY} bytes")));
        }
        if expect_continue && body.len() < len {
            stream
                .write_all(b"HTTP/1.1 100 Continue\r\n\r\n")
                .map_err(|e| bad(&format!("writing 100 Continue: {e}")))?;
        }
        while body.len() < len {
            match read_some(stream, &mut chunk, started) {
                Ok(0) => return Err(bad("the connection closed before the end of the body")),
                Ok(n) => body.extend_from_slice(chunk.get(..n).unwrap_or_default()),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(bad(&format!("reading the body: {e}"))),
            }
        }
        body.truncate(len);
    }
    Ok(HttpRequest {
        method: method.to_owned(),
        target: target.to_owned(),
        body,
    })
}

/// The DER request of a GET target: the URL-encoded base64 after the last
/// path segments (tried from the longest, since base64 may hold `/`).
fn request_from_path(target: &str) -> Option<Vec<u8>> {
    let path = target.split(['?', '#']).next().unwrap_or_default();
    let path = path.strip_prefix('/').unwrap_or(path);
    let mut candidates = vec![path];
    candidates.extend(
        path.match_indices('/')
            .filter_map(|(i, _)| path.get(i.saturating_add(1)..)),
    );
    candidates
        .into_iter()
        .filter(|c| !c.is_empty())
        .filter_map(|c| base64_decode(&percent_decode(c)?))
        .find(|der| jpki::revocation::ocsp::OcspRequest::parse(der).is_ok())
}

/// `%XX` escapes decoded; `None` for a broken escape.
fn percent_decode(text: &str) -> Option<Vec<u8>> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%' {
            let hex =
                std::str::from_utf8(bytes.get(i.saturating_add(1)..i.saturating_add(3))?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i = i.saturating_add(3);
        } else {
            out.push(b);
            i = i.saturating_add(1);
        }
    }
    Some(out)
}

/// Base64 (standard or URL-safe alphabet, padding optional); `None` if invalid.
fn base64_decode(text: &[u8]) -> Option<Vec<u8>> {
    let digits: Vec<u8> = text
        .iter()
        .take_while(|&&c| c != b'=')
        .map(|&c| match c {
            b'A'..=b'Z' => Some(c - b'A'),
            b'a'..=b'z' => Some(c - b'a' + 26),
            b'0'..=b'9' => Some(c - b'0' + 52),
            b'+' | b'-' => Some(62),
            b'/' | b'_' => Some(63),
            _ => None,
        })
        .collect::<Option<_>>()?;
    let padding = text.len().saturating_sub(digits.len());
    if padding > 2 || text.get(digits.len()..)?.iter().any(|&c| c != b'=') || digits.len() % 4 == 1
    {
        return None;
    }
    let mut out = Vec::with_capacity(digits.len() / 4 * 3 + 2);
    for group in digits.chunks(4) {
        let mut acc = 0u32;
        for (i, d) in group.iter().enumerate() {
            acc |= u32::from(*d) << (18 - 6 * i);
        }
        let bytes = acc.to_be_bytes();
        let n = group.len().saturating_sub(1);
        out.extend_from_slice(bytes.get(1..=n)?);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_loopback_addresses() {
        assert!(loopback_addr("127.0.0.1:28080").is_ok());
        assert!(loopback_addr("[::1]:0").is_ok());
        assert!(loopback_addr("localhost:9").is_ok_and(|a| a == "127.0.0.1:9".parse().unwrap()));
        for bad in [
            "0.0.0.0:28080",
            "192.168.1.2:80",
            "[::]:80",
            "example.com:80",
            "28080",
        ] {
            assert!(loopback_addr(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn base64_and_percent_decoding() {
        assert_eq!(base64_decode(b"TWFu").unwrap(), b"Man");
        assert_eq!(base64_decode(b"TWE=").unwrap(), b"Ma");
        assert_eq!(base64_decode(b"TQ==").unwrap(), b"M");
        assert_eq!(base64_decode(b"TQ").unwrap(), b"M");
        assert_eq!(base64_decode(b"/+8=").unwrap(), [0xff, 0xef]);
        assert_eq!(base64_decode(b"_-8").unwrap(), [0xff, 0xef]);
        assert!(base64_decode(b"T").is_none());
        assert!(base64_decode(b"TQ=x").is_none());
        assert!(base64_decode(b"T Q=").is_none());
        assert_eq!(percent_decode("a%2Bb%2f").unwrap(), b"a+b/");
        assert!(percent_decode("a%2").is_none());
        assert!(percent_decode("%zz").is_none());
    }

    fn base64(bytes: &[u8]) -> String {
        const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut out = String::new();
        for chunk in bytes.chunks(3) {
            let mut acc = 0u32;
            for (i, b) in chunk.iter().enumerate() {
                acc |= u32::from(*b) << (16 - 8 * i);
            }
            for i in 0..4 {
                if i <= chunk.len() {
                    out.push(char::from(
                        ALPHABET[usize::try_from((acc >> (18 - 6 * i)) & 63).unwrap()],
                    ));
                } else {
                    out.push('=');
                }
            }
        }
        out
    }

    #[test]
    fn get_paths() {
        use jpki::Serial;
        use jpki::crypto::HashAlgorithm;
        use jpki::revocation::ocsp::{CertId, OcspRequest};

        // Serial 0xfbff… makes '/' and '+' likely in the base64; try a few.
        for serial in [5u64, 0xfbff_fbff, 0xffff_ffff_ffff] {
            let id = CertId {
                hash_algorithm: HashAlgorithm::Sha1,
                issuer_name_hash: vec![0xfb; 20],
                issuer_key_hash: vec![0xff; 20],
                serial: Serial::from_u64(serial),
            };
            let der = OcspRequest::for_cert_id(id, Some(vec![0xfe; 16]))
                .unwrap()
                .der()
                .to_vec();
            let b64 = base64(&der);
            let escaped = b64
                .replace('/', "%2F")
                .replace('+', "%2B")
                .replace('=', "%3D");
            for path in [
                format!("/{b64}"),
                format!("/{escaped}"),
                format!("/ocsp/sign/{b64}"),
                format!("/ocsp/sign/{escaped}?x"),
            ] {
                assert_eq!(
                    request_from_path(&path).as_deref(),
                    Some(&der[..]),
                    "{path}"
                );
            }
        }
        // Base64 that is not an OCSP request, and no base64 at all.
        assert!(request_from_path("/MAoGCCsGAQUFBzABAg==").is_none());
        assert!(request_from_path("/").is_none());
        assert!(request_from_path("/ocsp/sign").is_none());
    }
}
