//! OCSP against OpenSSL, both ways, over loopback HTTP:
//!
//! 1. OpenSSL's responder (`openssl ocsp -index … -port …`) answers this
//!    library's client (`post_ocsp` + `verify_response`): good, revoked with its
//!    reason, unknown; CA-signed by name, PKCS#1 v1.5 and PSS.
//! 2. The simulator's answers pass `openssl ocsp -respin … -CAfile …`
//!    verification (delegated responder and CA-signed).
//! 3. `jpki sim ocsp-serve` answers `openssl ocsp -url …`, and sees a revocation
//!    recorded meanwhile by `jpki sim event` in another process.
//!
//! OpenSSL judges times by its own clock, so these tests use the real current
//! time. `openssl` is required: a missing tool fails the test (the README's test
//! command installs it). Every server here listens for a bounded number of
//! requests and is killed at the end of its test; every wait is bounded.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

#[allow(dead_code)]
#[path = "support/common.rs"]
mod common;

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use common::{jpki, s, scratch, stderr, stdout};
use jpki::Certificate;
use jpki::Date;
use jpki::Sex;
use jpki::Time;
use jpki::crypto::HashAlgorithm;
use jpki::revocation::RevocationReason;
use jpki::revocation::http::{HttpLimits, post_ocsp};
use jpki::revocation::ocsp::{
    CertId, OcspCertStatus, OcspCheck, OcspRequest, OcspResult, verify_response,
};
use jpki::sim::{Authority, AuthorityOptions, Event, OcspSigning, Purpose, RegisterRecord, SimKey};

/// Longest wait for a server to start or stop.
const WAIT: Duration = Duration::from_secs(20);

fn openssl(args: &[&str]) -> Output {
    Command::new("openssl")
        .args(args)
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "`openssl` is required for this test and could not be run ({e}); run the README's \
             test command, which installs it"
            )
        })
}

fn spawn(program: &str, args: &[&str]) -> Child {
    Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| {
            panic!(
                "`{program}` is required for this test and could not be run ({e}); run the \
                 README's test command, which installs it"
            )
        })
}

/// A server process, killed when the test ends however it ends.
struct Server {
    child: Child,
    name: &'static str,
}

impl Server {
    /// Waits (bounded) for the first stdout line containing `marker`, and
    /// returns it; the rest of stdout is drained in the background.
    fn wait_for(&mut self, marker: &'static str) -> String {
        let out = self.child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        thread::spawn(move || {
            for line in BufReader::new(out).lines() {
                let Ok(line) = line else { break };
                if line.contains(marker) {
                    let _ = tx.send(line);
                }
            }
        });
        match rx.recv_timeout(WAIT) {
            Ok(line) => line,
            Err(_) => {
                let _ = self.child.kill();
                let output = self.child.wait_with_output_ref();
                panic!("{} did not start within {WAIT:?}: {output}", self.name)
            }
        }
    }

    /// Waits (bounded) for the process to exit by itself; its status and stderr.
    fn finish(mut self) -> (std::process::ExitStatus, String) {
        let started = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return (status, self.child.wait_with_output_ref());
            }
            if started.elapsed() > WAIT {
                panic!("{} did not stop within {WAIT:?}", self.name);
            }
            thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

trait StderrText {
    fn wait_with_output_ref(&mut self) -> String;
}

impl StderrText for Child {
    /// Whatever the child wrote on stderr (after it exited or was killed).
    fn wait_with_output_ref(&mut self) -> String {
        use std::io::Read;
        let _ = self.wait();
        let mut text = String::new();
        if let Some(mut err) = self.stderr.take() {
            let _ = err.read_to_string(&mut text);
        }
        text
    }
}

/// A port free on 127.0.0.1 a moment ago.
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

fn now() -> Time {
    Time::from_unix_seconds(
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_secs(),
    )
}

fn write(path: &Path, contents: impl AsRef<[u8]>) -> PathBuf {
    std::fs::write(path, contents).unwrap();
    path.to_path_buf()
}

/// OpenSSL's CA database time: `YYMMDDHHMMSSZ`.
fn index_time(t: Time) -> String {
    let text = t.to_string(); // 2026-11-21T01:00:00Z
    [
        &text[2..4],
        &text[5..7],
        &text[8..10],
        &text[11..13],
        &text[14..16],
        &text[17..19],
        "Z",
    ]
    .concat()
}

fn resident(name: &str) -> RegisterRecord {
    RegisterRecord {
        name: name.into(),
        birth_date: Date::parse_iso("1970-01-02").unwrap(),
        sex: Sex::Female,
        address: "北海道札幌市南区真駒内1条1丁目".into(),
        prefecture: None,
        municipality: None,
    }
}

/// An in-memory authority made now, with a good and a revoked signing
/// certificate from its newest signing generation, and files for OpenSSL.
struct Pki {
    dir: PathBuf,
    authority: Authority,
    generation: usize,
    issuer: Certificate,
    good: Certificate,
    revoked: Certificate,
    revoked_at: Time,
}

impl Pki {
    fn new(name: &str) -> Self {
        let dir = scratch(name);
        let t = now();
        let mut authority = Authority::new(AuthorityOptions::default(), t).unwrap();
        let key = SimKey::generate(2048).unwrap().public_key_der().unwrap();
        let good = authority
            .issue(&resident("吉田 花子"), &key, Purpose::Signing, t)
            .unwrap();
        let revoked = authority
            .issue(&resident("高橋 一郎"), &key, Purpose::Signing, t)
            .unwrap();
        authority
            .apply_event(revoked.serial(), Event::Move, t)
            .unwrap();
        let generation = authority
            .generations_of(Purpose::Signing)
            .find(|g| good.issuer_match(g.certificate()).is_some())
            .unwrap();
        let issuer = generation.certificate().clone();
        write(&dir.join("ca.pem"), issuer.to_pem());
        write(
            &dir.join("ca.key"),
            generation.key().to_pkcs8_pem().unwrap().as_bytes(),
        );
        write(&dir.join("good.pem"), good.to_pem());
        write(&dir.join("revoked.pem"), revoked.to_pem());
        Self {
            generation: generation.index(),
            dir,
            authority,
            issuer,
            good,
            revoked,
            revoked_at: t,
        }
    }

    fn path(&self, name: &str) -> String {
        s(&self.dir.join(name)).to_owned()
    }

    fn request(&self, cert: &Certificate, nonce: Option<&[u8]>) -> OcspRequest {
        OcspRequest::new(
            cert,
            &self.issuer,
            HashAlgorithm::Sha1,
            nonce.map(<[u8]>::to_vec),
        )
        .unwrap()
    }
}

fn check_now() -> OcspCheck {
    OcspCheck::new(now())
}

fn ask(url: &str, request: &OcspRequest, issuer: &Certificate) -> OcspResult {
    let body = post_ocsp(url, request.der(), &HttpLimits::default())
        .unwrap_or_else(|e| panic!("POST to {url}: {e}"));
    verify_response(&body, request, issuer, &check_now())
        .unwrap_or_else(|e| panic!("the answer from {url} does not verify: {e}"))
}

// ---------------------------------------------------------------------------
// 1. OpenSSL's responder, our client

/// Runs `openssl ocsp` as a responder for `pki` over an index of the good and
/// revoked certificates, answering `requests` requests.
fn openssl_responder(pki: &Pki, requests: usize, extra: &[&str]) -> (Server, String) {
    let index = format!(
        "V\t{exp}\t\t{good}\tunknown\t/C=JP/CN=good\n\
         R\t{exp}\t{rev},affiliationChanged\t{revoked}\tunknown\t/C=JP/CN=revoked\n",
        exp = index_time(pki.good.not_after()),
        good = pki.good.serial().to_hex().to_uppercase(),
        rev = index_time(pki.revoked_at),
        revoked = pki.revoked.serial().to_hex().to_uppercase(),
    );
    write(&pki.dir.join("index.txt"), index);
    let port = free_port().to_string();
    let n = requests.to_string();
    let (index, ca, key) = (
        pki.path("index.txt"),
        pki.path("ca.pem"),
        pki.path("ca.key"),
    );
    let mut args = vec![
        "ocsp",
        "-index",
        &index,
        "-port",
        &port,
        "-rsigner",
        &ca,
        "-rkey",
        &key,
        "-CA",
        &ca,
        "-nrequest",
        &n,
        "-nmin",
        "10",
        "-ignore_err",
    ];
    args.extend_from_slice(extra);
    let mut server = Server {
        child: spawn("openssl", &args),
        name: "openssl ocsp responder",
    };
    server.wait_for("ACCEPT");
    (server, format!("http://127.0.0.1:{port}/ocsp/sign"))
}

#[test]
fn openssl_responder_answers_our_client() {
    let pki = Pki::new("ocsp-openssl-responder");
    let (server, url) = openssl_responder(&pki, 3, &[]);

    let request = pki.request(&pki.good, Some(b"nonce for good 1"));
    let body = post_ocsp(&url, request.der(), &HttpLimits::default()).unwrap();
    // OpenSSL signs with the CA key it was given and names it byName: [1] Name.
    let subject = pki.issuer.subject().der();
    assert!(
        body.windows(subject.len() + 2)
            .any(|w| w[0] == 0xa1 && usize::from(w[1]) == subject.len() && &w[2..] == subject)
            || body.windows(subject.len() + 3).any(|w| w[0] == 0xa1
                && w[1] == 0x81
                && usize::from(w[2]) == subject.len()
                && &w[3..] == subject)
    );
    let good = verify_response(&body, &request, &pki.issuer, &check_now()).unwrap();
    assert_eq!(good.status, OcspCertStatus::Good);
    assert!(good.delegated_responder.is_none());
    assert!(good.next_update.is_some());

    let revoked = ask(
        &url,
        &pki.request(&pki.revoked, Some(b"nonce for revoked")),
        &pki.issuer,
    );
    assert_eq!(
        revoked.status,
        OcspCertStatus::Revoked {
            at: pki.revoked_at,
            reason: Some(RevocationReason::AffiliationChanged),
        }
    );

    let id = CertId::for_serial(
        &pki.issuer,
        jpki::Serial::from_u64(0x0ead_beef),
        HashAlgorithm::Sha1,
    )
    .unwrap();
    let unknown = OcspRequest::for_cert_id(id, Some(b"nonce for unknown".to_vec())).unwrap();
    assert_eq!(
        ask(&url, &unknown, &pki.issuer).status,
        OcspCertStatus::Unknown
    );

    let (status, err) = server.finish();
    assert!(status.success(), "openssl ocsp: {status} {err}");
}

#[test]
fn openssl_responder_with_pss_and_sha256_cert_ids() {
    let pki = Pki::new("ocsp-openssl-responder-pss");
    let (server, url) = openssl_responder(
        &pki,
        1,
        &["-rmd", "sha256", "-rsigopt", "rsa_padding_mode:pss"],
    );
    let request = OcspRequest::new(
        &pki.revoked,
        &pki.issuer,
        HashAlgorithm::Sha256,
        Some(b"0123456789abcdef0123456789abcdef".to_vec()),
    )
    .unwrap();
    let body = post_ocsp(&url, request.der(), &HttpLimits::default()).unwrap();
    // Really RSASSA-PSS (1.2.840.113549.1.1.10).
    let pss = [
        0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0a,
    ];
    assert!(body.windows(pss.len()).any(|w| w == pss));
    let result = verify_response(&body, &request, &pki.issuer, &check_now()).unwrap();
    assert!(matches!(result.status, OcspCertStatus::Revoked { .. }));
    let (status, err) = server.finish();
    assert!(status.success(), "openssl ocsp: {status} {err}");
}

// ---------------------------------------------------------------------------
// 2. Our responder, OpenSSL's verification

/// `openssl ocsp -respin` on `response` about `cert`; stdout and stderr.
fn openssl_verify(pki: &Pki, response: &[u8], cert: &str, extra: &[&str]) -> (String, String) {
    let resp = write(&pki.dir.join("resp.der"), response);
    let (ca, cert) = (pki.path("ca.pem"), pki.path(cert));
    let mut args = vec![
        "ocsp",
        "-respin",
        s(&resp),
        "-issuer",
        &ca,
        "-cert",
        &cert,
        "-CAfile",
        &ca,
        "-no_nonce",
    ];
    args.extend_from_slice(extra);
    let o = openssl(&args);
    let (out, err) = (stdout(&o), stderr(&o));
    assert!(o.status.success(), "openssl ocsp -respin: {out}\n{err}");
    (out, err)
}

#[test]
fn openssl_verifies_the_simulator_responses() {
    let pki = Pki::new("ocsp-simulator-verified-by-openssl");
    let t = now();
    let responder = pki
        .authority
        .ocsp_responder_certificate(Purpose::Signing, pki.generation, t)
        .unwrap();
    let responder_pem = pki.path("responder.pem");
    write(Path::new(&responder_pem), responder.to_pem());
    let verify_other = ["-verify_other", responder_pem.as_str()];

    // Delegated responder, good.
    let good = pki
        .authority
        .ocsp_respond(pki.request(&pki.good, None).der(), t);
    let (out, err) = openssl_verify(&pki, &good, "good.pem", &verify_other);
    assert!(err.contains("Response verify OK"), "{err}");
    assert!(out.contains("good.pem: good"), "{out}");

    // The responder certificate is in the response too: no -verify_other needed.
    let (_, err) = openssl_verify(&pki, &good, "good.pem", &[]);
    assert!(err.contains("Response verify OK"), "{err}");

    // Delegated responder, revoked with the reason.
    let revoked = pki
        .authority
        .ocsp_respond(pki.request(&pki.revoked, None).der(), t);
    let (out, err) = openssl_verify(&pki, &revoked, "revoked.pem", &verify_other);
    assert!(err.contains("Response verify OK"), "{err}");
    assert!(out.contains("revoked.pem: revoked"), "{out}");
    assert!(out.contains("Reason: affiliationChanged"), "{out}");

    // Signed by the CA itself.
    let by_ca =
        pki.authority
            .ocsp_respond_with(pki.request(&pki.good, None).der(), t, OcspSigning::Ca);
    let (out, err) = openssl_verify(&pki, &by_ca, "good.pem", &[]);
    assert!(err.contains("Response verify OK"), "{err}");
    assert!(out.contains("good.pem: good"), "{out}");

    // OpenSSL really checks: a flipped bit in the signature fails.
    let mut tampered = good.clone();
    let last = tampered.len() - 1;
    // The last bytes are the responder certificate's; flip one inside the
    // response signature instead: it precedes the [0] certs.
    let certs_at = tampered
        .windows(responder.der().len())
        .position(|w| w == responder.der())
        .unwrap();
    tampered[certs_at - 10] ^= 1;
    assert!(certs_at < last);
    let resp = write(&pki.dir.join("tampered.der"), &tampered);
    let (ca, cert) = (pki.path("ca.pem"), pki.path("good.pem"));
    let o = openssl(&[
        "ocsp",
        "-respin",
        s(&resp),
        "-issuer",
        &ca,
        "-cert",
        &cert,
        "-CAfile",
        &ca,
        "-no_nonce",
    ]);
    assert!(
        stderr(&o).contains("Response Verify Failure"),
        "{}",
        stderr(&o)
    );
}

// ---------------------------------------------------------------------------
// 3. `jpki sim ocsp-serve`, OpenSSL's client

#[test]
fn ocsp_serve_answers_openssl_and_sees_new_revocations() {
    let dir = scratch("ocsp-serve");
    let state = dir.join("ca");
    // "Now" everywhere: OpenSSL checks thisUpdate against its own clock.
    let o = jpki(&["sim", "init", s(&state)]);
    assert!(o.status.success(), "init: {}", stderr(&o));
    let ee = dir.join("ee.pem");
    // No --at: issued now.
    let o = jpki(&[
        "sim",
        "issue",
        s(&state),
        "--name",
        "吉田 花子",
        "--birth",
        "1970-01-02",
        "--sex",
        "female",
        "--address",
        "北海道札幌市南区真駒内1条1丁目",
        "--out",
        s(&ee),
    ]);
    assert!(o.status.success(), "issue: {}", stderr(&o));
    let cert = Certificate::parse(&std::fs::read(&ee).unwrap()).unwrap();
    let anchors = Certificate::parse_all(&std::fs::read(state.join("trust.pem")).unwrap()).unwrap();
    let issuer = cert.find_issuers(&anchors)[0].clone();
    let ca = write(&dir.join("ca.pem"), issuer.to_pem());

    let mut server = Server {
        child: spawn(
            env!("CARGO_BIN_EXE_jpki"),
            &[
                "sim",
                "ocsp-serve",
                s(&state),
                "--listen",
                "127.0.0.1:0",
                "--max-requests",
                "4",
                "--seconds",
                "120",
            ],
        ),
        name: "jpki sim ocsp-serve",
    };
    let line = server.wait_for("listening on");
    let base = line
        .trim()
        .strip_prefix("listening on ")
        .unwrap()
        .trim_end_matches('/')
        .to_owned();
    let url = format!("{base}/ocsp/sign");

    let ask_openssl = || {
        let o = openssl(&[
            "ocsp",
            "-url",
            &url,
            "-issuer",
            s(&ca),
            "-cert",
            s(&ee),
            "-CAfile",
            s(&ca),
            "-timeout",
            "10",
        ]);
        assert!(
            o.status.success(),
            "openssl ocsp -url: {}\n{}",
            stdout(&o),
            stderr(&o)
        );
        assert!(stderr(&o).contains("Response verify OK"), "{}", stderr(&o));
        stdout(&o)
    };
    // OpenSSL sends a nonce by default and checks it comes back.
    let out = ask_openssl();
    assert!(out.contains(": good"), "{out}");

    // Revoked meanwhile, by another process: the next answer says so.
    let o = jpki(&[
        "sim",
        "event",
        s(&state),
        "--serial",
        &cert.serial().to_string(),
        "move",
    ]);
    assert!(o.status.success(), "event: {}", stderr(&o));
    let out = ask_openssl();
    assert!(out.contains(": revoked"), "{out}");
    assert!(out.contains("Reason: affiliationChanged"), "{out}");

    // And this library's client agrees.
    let request = OcspRequest::new(
        &cert,
        &issuer,
        HashAlgorithm::Sha1,
        Some(b"jpki client nonce".to_vec()),
    )
    .unwrap();
    let result = ask(&url, &request, &issuer);
    assert!(matches!(
        result.status,
        OcspCertStatus::Revoked {
            reason: Some(RevocationReason::AffiliationChanged),
            ..
        }
    ));
    assert!(result.delegated_responder.is_some());

    // The GET form of RFC 6960 appendix A.1: base64 of the request in the path.
    let request = OcspRequest::new(&cert, &issuer, HashAlgorithm::Sha1, None).unwrap();
    let path = format!(
        "/ocsp/sign/{}",
        base64(request.der())
            .replace('/', "%2F")
            .replace('+', "%2B")
            .replace('=', "%3D")
    );
    let body = http_get(base.strip_prefix("http://").unwrap(), &path);
    let result = verify_response(&body, &request, &issuer, &check_now()).unwrap();
    assert!(matches!(result.status, OcspCertStatus::Revoked { .. }));

    // Four requests served: the server stops by itself, successfully.
    let (status, err) = server.finish();
    assert!(status.success(), "ocsp-serve: {status} {err}");
    assert!(err.contains("served 4 request(s)"), "{err}");
}

/// Standard base64 with padding.
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
                let digit = usize::try_from((acc >> (18 - 6 * i)) & 63).unwrap();
                out.push(char::from(ALPHABET[digit]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// A bare HTTP/1.1 GET on loopback; the body of a 200 OCSP answer.
fn http_get(authority: &str, path: &str) -> Vec<u8> {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(authority).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {authority}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).unwrap();
    let split = answer.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = String::from_utf8_lossy(&answer[..split]).to_string();
    assert!(head.starts_with("HTTP/1.1 200 "), "{head}");
    assert!(
        head.contains("Content-Type: application/ocsp-response"),
        "{head}"
    );
    answer[split + 4..].to_vec()
}

#[test]
fn ocsp_serve_refuses_non_loopback_addresses() {
    let (state, _) = common::authority_with_cert("ocsp-serve-loopback");
    for listen in ["0.0.0.0:28080", "[::]:28080"] {
        let o = jpki(&["sim", "ocsp-serve", s(&state), "--listen", listen]);
        assert_eq!(o.status.code(), Some(2), "{listen}");
        assert!(stderr(&o).contains("non-loopback"), "{}", stderr(&o));
    }
}
