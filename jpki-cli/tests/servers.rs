//! The simulator's servers under hostile or lazy peers: `jpki sim card-serve
//! --verbose` never logs command data, and `jpki sim ocsp-serve` keeps answering
//! while idle clients hold connections.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

#[allow(dead_code)]
#[path = "support/common.rs"]
mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use common::*;
use jpki::card::{CardKind, JPKI_AID, PinKind, Secret};
use jpki::sim::VirtualCard;

/// How long a server may take to start, connect or end.
const WAIT: Duration = Duration::from_secs(30);

/// A child process killed when dropped (a failed test leaves no server).
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

impl Server {
    /// Waits (bounded) for the process to exit by itself.
    fn wait_bounded(&mut self) -> std::process::ExitStatus {
        let started = Instant::now();
        loop {
            if let Some(status) = self.0.try_wait().unwrap() {
                return status;
            }
            assert!(
                started.elapsed() < WAIT,
                "the server did not end within {WAIT:?}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

// ---------------------------------------------------------------------------
// card-serve --verbose

/// A recognisable secret: must never reach the log, in any form.
const SECRET: [u8; 8] = [0x5E, 0xC2, 0xE7, 0xA1, 0xB0, 0x9C, 0x3D, 0x71];
/// The PIN of the well-formed VERIFY.
const PIN: &[u8; 4] = b"8642";

/// vpcd's framing: a 2-byte big-endian length and the message.
fn send(stream: &mut TcpStream, message: &[u8]) {
    let len = u16::try_from(message.len()).unwrap();
    stream.write_all(&len.to_be_bytes()).unwrap();
    stream.write_all(message).unwrap();
    stream.flush().unwrap();
}

fn receive(stream: &mut TcpStream) -> Vec<u8> {
    let mut len = [0u8; 2];
    stream.read_exact(&mut len).unwrap();
    let mut message = vec![0; usize::from(u16::from_be_bytes(len))];
    stream.read_exact(&mut message).unwrap();
    message
}

fn exchange(stream: &mut TcpStream, command: &[u8]) -> Vec<u8> {
    send(stream, command);
    receive(stream)
}

/// Accepts one connection within [`WAIT`].
fn accept_bounded(listener: &TcpListener, server: &mut Server) -> TcpStream {
    listener.set_nonblocking(true).unwrap();
    let started = Instant::now();
    loop {
        match listener.accept() {
            Ok((stream, _)) => {
                stream.set_nonblocking(false).unwrap();
                stream.set_read_timeout(Some(WAIT)).unwrap();
                stream.set_write_timeout(Some(WAIT)).unwrap();
                return stream;
            }
            Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => {
                if let Some(status) = server.0.try_wait().unwrap() {
                    panic!("card-serve exited ({status}) before connecting");
                }
                assert!(
                    started.elapsed() < WAIT,
                    "card-serve did not connect within {WAIT:?}"
                );
                std::thread::sleep(Duration::from_millis(20));
            }
            Err(e) => panic!("accept: {e}"),
        }
    }
}

/// Every way `bytes` could appear in a hex dump: upper or lower case, with or
/// without separators.
fn appears_in(log: &str, bytes: &[u8]) -> bool {
    let compact: String = log
        .chars()
        .filter(char::is_ascii_hexdigit)
        .collect::<String>()
        .to_ascii_uppercase();
    let needle: String = bytes.iter().map(|b| format!("{b:02X}")).collect();
    compact.contains(&needle)
}

#[test]
fn card_serve_verbose_logs_headers_never_data() {
    let dir = scratch("servers-card-serve");
    let card_file = dir.join("card.json");
    let mut card = VirtualCard::new(CardKind::MyNumberCard);
    card.set_secret(&Secret::new(PinKind::AuthenticationPin, "1234").unwrap());
    card.save(&card_file).unwrap();

    // The fake vpcd: card-serve connects to it.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let log_path = dir.join("card-serve.log");
    let mut server = Server(
        Command::new(env!("CARGO_BIN_EXE_jpki"))
            .args([
                "sim",
                "card-serve",
                s(&card_file),
                "--vpcd",
                &addr,
                "--verbose",
            ])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&log_path).unwrap())
            .spawn()
            .unwrap(),
    );
    let mut vpcd = accept_bounded(&listener, &mut server);

    send(&mut vpcd, &[0x01]); // power on
    assert!(!exchange(&mut vpcd, &[0x04]).is_empty(), "ATR");
    let mut select = vec![0x00, 0xA4, 0x04, 0x0C, 0x0A];
    select.extend_from_slice(&JPKI_AID);
    assert_eq!(exchange(&mut vpcd, &select), [0x90, 0x00]);
    assert_eq!(
        exchange(&mut vpcd, &[0x00, 0xA4, 0x02, 0x0C, 0x02, 0x00, 0x18]),
        [0x90, 0x00]
    );
    // Messages that are not short APDUs, holding the secret: an Lc that
    // promises more data than follows, with a harmless INS (SELECT) and with
    // VERIFY; a case 4 with two Le bytes; three bytes, too short for a header.
    let mut garbled = Vec::new();
    for head in [[0x00, 0xA4, 0x04, 0x0C], [0x00, 0x20, 0x00, 0x80]] {
        let mut command = head.to_vec();
        command.push(0x20);
        command.extend_from_slice(&SECRET);
        garbled.push(command);
    }
    let mut two_le = vec![0x00, 0xB0, 0x00, 0x00, 0x08];
    two_le.extend_from_slice(&SECRET);
    two_le.extend_from_slice(&[0x00, 0x00]);
    garbled.push(two_le);
    garbled.push(SECRET[..3].to_vec());
    for command in &garbled {
        assert_eq!(exchange(&mut vpcd, command), [0x67, 0x00]);
    }
    // A well-formed VERIFY with a (wrong) PIN.
    let mut verify = vec![0x00, 0x20, 0x00, 0x80, 0x04];
    verify.extend_from_slice(PIN);
    assert_eq!(exchange(&mut vpcd, &verify), [0x63, 0xC2]);
    send(&mut vpcd, &[0x00]); // power off
    drop(vpcd); // vpcd goes away: card-serve ends

    let status = server.wait_bounded();
    let log = std::fs::read_to_string(&log_path).unwrap();
    assert!(status.success(), "card-serve: {status}\n{log}");
    for (what, bytes) in [("the secret", &SECRET[..]), ("the PIN", &PIN[..])] {
        assert!(!appears_in(&log, bytes), "{what} in the log:\n{log}");
    }
    assert!(!log.contains("8642"), "{log}");
    // The exchanges are there: headers, lengths and status words.
    for expected in [
        "> 00 A4 04 0C Lc=10",
        "> 00 A4 02 0C Lc=2",
        "> 00 20 00 80 Lc=4 [redacted]",
        "< SW 63 C2 (0 data bytes)",
        "< SW 67 00 (0 data bytes)",
        "> a message of 13 bytes that is not a short APDU (not shown)",
        "> a message of 15 bytes that is not a short APDU (not shown)",
        "> a message of 3 bytes that is not a short APDU (not shown)",
    ] {
        assert!(log.contains(expected), "{expected:?} missing:\n{log}");
    }
    // The spent try was saved.
    let saved = VirtualCard::load(&card_file).unwrap();
    assert_eq!(saved.tries_left(PinKind::AuthenticationPin), 2);
}

// ---------------------------------------------------------------------------
// ocsp-serve and idle clients

/// Clients that connect and send nothing.
const IDLE_CLIENTS: usize = 8;
/// How long the real client may take with the idle ones connected.
const ANSWER_BOUND: Duration = Duration::from_secs(10);

/// `jpki sim ocsp-serve DIR --listen 127.0.0.1:0`, and the base URL it prints.
fn start_ocsp_serve(state: &Path) -> (Server, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_jpki"))
        .args([
            "sim",
            "ocsp-serve",
            s(state),
            "--listen",
            "127.0.0.1:0",
            "--seconds",
            "120",
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let out = child.stdout.take().unwrap();
    let server = Server(child);
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(out).lines() {
            let Ok(line) = line else { break };
            if let Some(url) = line.strip_prefix("listening on ") {
                let _ = tx.send(url.trim_end_matches('/').to_owned());
            }
        }
    });
    let url = rx
        .recv_timeout(WAIT)
        .unwrap_or_else(|_| panic!("ocsp-serve did not start within {WAIT:?}"));
    (server, url)
}

/// An authority issued "now" (the responder answers at the current time), a
/// certificate and its issuer: (state dir, certificate, issuer).
fn ocsp_fixture(name: &str) -> (PathBuf, PathBuf, PathBuf) {
    let dir = scratch(name);
    let state = dir.join("ca");
    let o = jpki(&["sim", "init", s(&state)]);
    assert!(o.status.success(), "init: {}", stderr(&o));
    let cert = dir.join("ee.pem");
    let o = jpki(&[
        "sim",
        "issue",
        s(&state),
        "--name",
        "待機 花子",
        "--birth",
        "1970-01-02",
        "--sex",
        "female",
        "--address",
        "北海道札幌市南区真駒内1条1丁目",
        "--out",
        s(&cert),
    ]);
    assert!(o.status.success(), "issue: {}", stderr(&o));
    let parsed = jpki::Certificate::parse(&std::fs::read(&cert).unwrap()).unwrap();
    let anchors =
        jpki::Certificate::parse_all(&std::fs::read(state.join("trust.pem")).unwrap()).unwrap();
    let issuer = dir.join("issuer.pem");
    std::fs::write(&issuer, parsed.find_issuers(&anchors)[0].to_pem()).unwrap();
    (state, cert, issuer)
}

/// `jpki ocsp check --url URL/ocsp/sign --json` and how long it took.
fn ocsp_check(cert: &Path, issuer: &Path, url: &str) -> (std::process::Output, Duration) {
    let started = Instant::now();
    let o = jpki(&[
        "ocsp",
        "check",
        "--cert",
        s(cert),
        "--issuer",
        s(issuer),
        "--url",
        &format!("{url}/ocsp/sign"),
        "--json",
    ]);
    (o, started.elapsed())
}

#[test]
fn ocsp_serve_answers_while_idle_clients_hold_connections() {
    let (state, cert, issuer) = ocsp_fixture("servers-ocsp-idle");
    let (_server, url) = start_ocsp_serve(&state);
    let authority = url.strip_prefix("http://").unwrap();
    let idle: Vec<TcpStream> = (0..IDLE_CLIENTS)
        .map(|_| TcpStream::connect(authority).unwrap())
        .collect();
    // Let the server accept them all before the real client comes.
    std::thread::sleep(Duration::from_millis(300));

    let (o, took) = ocsp_check(&cert, &issuer, &url);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("\"good\""), "{}", stdout(&o));
    assert!(
        took < ANSWER_BOUND,
        "answered after {took:?} with {IDLE_CLIENTS} idle clients connected"
    );

    // The idle clients are cut off by the server's per-connection limit (5 s),
    // not served forever: each sees the connection closed, within a bound.
    for mut stream in idle {
        stream.set_read_timeout(Some(WAIT)).unwrap();
        let mut buf = [0u8; 64];
        let cut = Instant::now();
        match stream.read(&mut buf) {
            Ok(_) => {}
            Err(e) => assert!(
                e.kind() == std::io::ErrorKind::ConnectionReset,
                "idle connection not closed by the server: {e}"
            ),
        }
        assert!(cut.elapsed() < WAIT);
    }
}

#[test]
fn ocsp_serve_answers_try_later_while_the_state_stays_held() {
    let (state, cert, issuer) = ocsp_fixture("servers-ocsp-held");
    let (_server, url) = start_ocsp_serve(&state);
    // This process holds the authority (as a long `jpki sim issue` would).
    let held = jpki::sim::Authority::open(&state).unwrap();
    let (o, took) = ocsp_check(&cert, &issuer, &url);
    assert_ne!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stderr(&o).contains("tryLater"), "{}", stderr(&o));
    assert!(
        took >= Duration::from_secs(4) && took < ANSWER_BOUND + Duration::from_secs(5),
        "tryLater after {took:?}"
    );
    drop(held);
    let (o, _) = ocsp_check(&cert, &issuer, &url);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("\"good\""), "{}", stdout(&o));
}
