//! `jpki login`: a relying party's challenge, the card's answer and its
//! verification from a shell, with the nonce store in a directory (one-time use
//! across processes), each refusal with its code and exit status, the response's
//! signature checked by OpenSSL, and (feature `pcsc`) the card answering through
//! pcscd and vpcd.
//!
//! OpenSSL is required: a missing `openssl` fails the test. The PC/SC test needs
//! pcscd with vsmartcard-vpcd: run `scripts/pcscd.sh start` first
//! (`scripts/test.sh` does); without pcscd it fails, it never skips.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

#[allow(dead_code)]
#[path = "support/common.rs"]
mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::{AT, issue_card, jpki, jpki_env, s, scratch, stderr, stdout};
use jpki::Certificate;
use jpki::login::{LoginChallenge, LoginResponse};
use serde_json::Value;
use sha2::Digest as _;

const RP: &str = "bank.example";
/// The resident of these tests; the authentication PIN is 1234 (`issue_card`).
const TARO: [&str; 4] = [
    "𠮷田 太郎",
    "1950-04-01",
    "male",
    "東京都千代田区霞が関2丁目1番2号",
];

/// A simulated authority, a card personalized at its window, and the
/// authentication hierarchy's CRL, all at [`AT`].
struct World {
    dir: PathBuf,
    state: PathBuf,
    card: PathBuf,
    trust: PathBuf,
    auth_crl: PathBuf,
    store: PathBuf,
}

fn world(name: &str) -> World {
    let dir = scratch(&format!("login-{name}"));
    let state = dir.join("ca");
    let o = jpki(&["sim", "init", s(&state), "--at", AT]);
    assert!(o.status.success(), "{}", stderr(&o));
    let card = dir.join("card.json");
    let o = issue_card(&state, &card, TARO, "TARO1950", &[]);
    assert!(o.status.success(), "{}", stderr(&o));
    let auth_crl = dir.join("auth.crl");
    let o = jpki(&[
        "sim",
        "crl",
        s(&state),
        "--kind",
        "auth",
        "--at",
        AT,
        "-o",
        s(&auth_crl),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    World {
        trust: state.join("trust.pem"),
        store: dir.join("nonces"),
        dir,
        state,
        card,
        auth_crl,
    }
}

impl World {
    fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    /// `jpki login challenge` at `at` into `name`, with `extra` arguments; the
    /// output.
    fn challenge_with(&self, name: &str, at: &str, extra: &[&str]) -> Output {
        let out = self.path(name);
        let mut args = vec![
            "login",
            "challenge",
            "--relying-party",
            RP,
            "--store",
            s(&self.store),
            "--out",
            s(&out),
            "--at",
            at,
        ];
        args.extend_from_slice(extra);
        jpki(&args)
    }

    /// A challenge at `at` (lifetime 300 s), its `--json` document.
    fn challenge(&self, name: &str, at: &str) -> Value {
        let o = self.challenge_with(name, at, &["--json"]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", stdout(&o)))
    }

    /// The simulator card answers the challenge in `challenge` into `response`.
    fn respond(&self, challenge: &str, response: &str) -> Output {
        jpki_env(
            &[
                "login",
                "respond",
                "--sim",
                s(&self.card),
                "--challenge",
                s(&self.path(challenge)),
                "--out",
                s(&self.path(response)),
                "--pin-env",
                "T_AUTH",
            ],
            &[("T_AUTH", "1234")],
        )
    }

    /// `jpki login verify --json` of `response` with the CRL, at `at`, plus `extra`.
    fn verify(&self, response: &str, at: &str, extra: &[&str]) -> Output {
        let response = self.path(response);
        let mut args = vec![
            "login",
            "verify",
            "--trust",
            s(&self.trust),
            "--store",
            s(&self.store),
            "--response",
            s(&response),
            "--at",
            at,
            "--json",
        ];
        args.extend_from_slice(extra);
        jpki(&args)
    }

    fn with_crl(&self) -> [&str; 2] {
        ["--crl", s(&self.auth_crl)]
    }
}

/// The JSON document on `o`'s standard output, after checking the exit code.
fn document(o: &Output, code: i32) -> Value {
    assert_eq!(o.status.code(), Some(code), "{}\n{}", stdout(o), stderr(o));
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", stdout(o)))
}

/// A refusal's document: `valid` false, its code and kind.
fn refused(o: &Output, code: u64, kind: &str) -> Value {
    let v = document(o, 1);
    let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        ["valid", "schema_version", "error", "code", "kind"],
        "{v:#}"
    );
    assert_eq!(v["valid"], false);
    assert_eq!(v["code"], code, "{v:#}");
    assert_eq!(v["kind"], kind, "{v:#}");
    v
}

fn response_of(path: &Path) -> LoginResponse {
    LoginResponse::from_der(&std::fs::read(path).unwrap()).unwrap()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Five minutes and ten seconds after [`AT`].
const AFTER_EXPIRY: &str = "2026-11-21T10:05:10+09:00";
const SOON_AFTER: &str = "2026-11-21T10:00:10+09:00";

#[test]
fn challenge_respond_verify_names_the_account_once() {
    let w = world("flow");
    let c = w.challenge("challenge.der", AT);
    // The challenge's document: who asks, the nonce, the times, the bytes the
    // card signs (the SHA-256 DigestInfo of the challenge's DER).
    let keys: Vec<&str> = c.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "schema_version",
            "relying_party",
            "nonce",
            "issued_at",
            "expires_at",
            "to_be_signed"
        ]
    );
    assert_eq!(c["schema_version"], 1);
    assert_eq!(c["relying_party"], RP);
    assert_eq!(c["issued_at"], "2026-11-21T01:00:00Z");
    assert_eq!(c["expires_at"], "2026-11-21T01:05:00Z");
    let der = std::fs::read(w.path("challenge.der")).unwrap();
    let parsed = LoginChallenge::from_der(&der).unwrap();
    assert_eq!(c["nonce"], hex(parsed.nonce()));
    assert_eq!(parsed.nonce().len(), 32);
    let digest = sha2::Sha256::digest(&der);
    let tbs = c["to_be_signed"].as_str().unwrap();
    assert_eq!(tbs, hex(&parsed.to_be_signed()));
    assert!(
        tbs.starts_with("3031300d060960864801650304020105000420") && tbs.ends_with(&hex(&digest)),
        "{tbs}"
    );
    // Recorded in the store, as one file named by the nonce.
    let recorded = w.store.join(format!("{}.challenge", hex(parsed.nonce())));
    assert_eq!(std::fs::read(&recorded).unwrap(), der);
    // Without --json, only a human message on stderr, naming who asks.
    let o = w.challenge_with("quiet.der", AT, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(o.stdout.is_empty(), "{}", stdout(&o));
    assert!(stderr(&o).contains("bank.example"), "{}", stderr(&o));

    // The resident's side shows who asks and until when, then signs.
    let o = w.respond("challenge.der", "response.der");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let shown = stderr(&o);
    assert!(
        shown.contains("\"bank.example\"") && shown.contains("2026-11-21T01:05:00Z"),
        "{shown}"
    );
    let response = response_of(&w.path("response.der"));
    assert_eq!(response.nonce(), parsed.nonce());
    let auth = Certificate::from_der(response.certificate_der()).unwrap();
    assert_eq!(auth.kind().as_str(), "authentication");

    // The relying party: accepted, the account key named.
    let v = document(&w.verify("response.der", SOON_AFTER, &w.with_crl()), 0);
    assert_eq!(v["valid"], true);
    assert_eq!(v["schema_version"], 1);
    assert_eq!(v["at"], "2026-11-21T01:00:10Z");
    assert_eq!(v["relying_party"], RP);
    let serial = auth.serial().to_string();
    assert_eq!(v["account"]["serial"], serial.as_str());
    let public_key = hex(&sha2::Sha256::digest(auth.public_key_der()));
    assert_eq!(v["account"]["public_key_sha256"], public_key.as_str());
    let id = v["account"]["id"].as_str().unwrap();
    assert_eq!(
        id,
        format!(
            "{}:{}:{public_key}",
            v["account"]["issuer_key_id"].as_str().unwrap(),
            serial.trim_start_matches("0x")
        )
    );
    assert_eq!(v["certificate"]["usage"], "authentication");
    assert_eq!(v["certificate"]["certificate"]["serial"], serial.as_str());
    assert_eq!(
        v["certificate"]["checks"]["revocation"]["certificates"][0]["status"],
        "good"
    );
    // The challenge is spent: the store moved it aside.
    assert!(!recorded.exists());
    assert!(
        w.store
            .join(format!("{}.used", hex(parsed.nonce())))
            .exists()
    );

    // The same response again, in another process: a replay.
    refused(
        &w.verify("response.der", SOON_AFTER, &w.with_crl()),
        1102,
        "CHALLENGE_REPLAYED",
    );

    // A second login of the same card: the same account; the text output.
    w.challenge("second.der", AT);
    let o = w.respond("second.der", "second-response.der");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = jpki(&[
        "login",
        "verify",
        "--trust",
        s(&w.trust),
        "--crl",
        s(&w.auth_crl),
        "--store",
        s(&w.store),
        "--response",
        s(&w.path("second-response.der")),
        "--at",
        SOON_AFTER,
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(text.contains(&format!("account         {id}")), "{text}");
    assert!(text.contains("=> LOGIN ACCEPTED"), "{text}");
    let o = jpki(&[
        "login",
        "verify",
        "--trust",
        s(&w.trust),
        "--crl",
        s(&w.auth_crl),
        "--store",
        s(&w.store),
        "--response",
        s(&w.path("second-response.der")),
        "--at",
        SOON_AFTER,
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stdout(&o).contains("REFUSED"), "{}", stdout(&o));
}

#[test]
fn refusals_each_with_its_code() {
    let w = world("refusals");

    // Expired: verified after the challenge's expiry.
    w.challenge("late.der", AT);
    assert!(w.respond("late.der", "late-response.der").status.success());
    let v = refused(
        &w.verify("late-response.der", AFTER_EXPIRY, &w.with_crl()),
        1103,
        "CHALLENGE_EXPIRED",
    );
    assert!(
        v["error"]
            .as_str()
            .unwrap()
            .contains("2026-11-21T01:05:00Z"),
        "{v:#}"
    );

    // No revocation data under the default hard-fail policy.
    w.challenge("bare.der", AT);
    assert!(w.respond("bare.der", "bare-response.der").status.success());
    refused(
        &w.verify("bare-response.der", SOON_AFTER, &[]),
        601,
        "REVOCATION_UNAVAILABLE",
    );
    // Soft fail is the relying party's explicit choice: accepted, and visible.
    w.challenge("soft.der", AT);
    assert!(w.respond("soft.der", "soft-response.der").status.success());
    let v = document(
        &w.verify("soft-response.der", SOON_AFTER, &["--revocation", "soft"]),
        0,
    );
    assert_eq!(
        v["certificate"]["checks"]["revocation"]["certificates"][0]["status"],
        "soft_failed"
    );

    // A challenge this relying party never issued (another store's).
    let elsewhere = w.path("elsewhere");
    let o = jpki(&[
        "login",
        "challenge",
        "--relying-party",
        RP,
        "--store",
        s(&elsewhere),
        "--out",
        s(&w.path("stranger.der")),
        "--at",
        AT,
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        w.respond("stranger.der", "stranger-response.der")
            .status
            .success()
    );
    refused(
        &w.verify("stranger-response.der", SOON_AFTER, &w.with_crl()),
        1101,
        "CHALLENGE_UNKNOWN",
    );

    // A response whose signature was altered.
    w.challenge("forged.der", AT);
    assert!(
        w.respond("forged.der", "forged-response.der")
            .status
            .success()
    );
    let r = response_of(&w.path("forged-response.der"));
    let mut signature = r.signature().to_vec();
    signature[100] ^= 1;
    let forged = LoginResponse::new(r.nonce(), r.certificate_der(), &signature);
    std::fs::write(w.path("forged-response.der"), forged.to_der().unwrap()).unwrap();
    refused(
        &w.verify("forged-response.der", SOON_AFTER, &w.with_crl()),
        1104,
        "LOGIN_SIGNATURE_INVALID",
    );

    // The resident dies: the register revokes both certificates; with the
    // next CRL of the authentication hierarchy the login is refused.
    let auth = Certificate::from_der(r.certificate_der()).unwrap();
    let died = "2026-11-21T11:00:00+09:00";
    let o = jpki(&[
        "sim",
        "event",
        s(&w.state),
        "--serial",
        &auth.serial().to_string(),
        "death",
        "--at",
        died,
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let fresh = w.path("auth-after-death.crl");
    let o = jpki(&[
        "sim",
        "crl",
        s(&w.state),
        "--kind",
        "auth",
        "--at",
        died,
        "-o",
        s(&fresh),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    w.challenge("dead.der", died);
    assert!(w.respond("dead.der", "dead-response.der").status.success());
    let v = refused(
        &w.verify(
            "dead-response.der",
            "2026-11-21T11:00:30+09:00",
            &["--crl", s(&fresh)],
        ),
        600,
        "CERTIFICATE_REVOKED",
    );
    assert!(
        v["error"]
            .as_str()
            .unwrap()
            .contains(&auth.serial().to_string()),
        "{v:#}"
    );
}

#[test]
fn input_errors_exit_2() {
    let w = world("inputs");
    w.challenge("c.der", AT);
    // A wrong PIN: one try spent, exit 2, the tries left named.
    let o = jpki_env(
        &[
            "login",
            "respond",
            "--sim",
            s(&w.card),
            "--challenge",
            s(&w.path("c.der")),
            "--out",
            s(&w.path("r.der")),
            "--pin-env",
            "T_AUTH",
        ],
        &[("T_AUTH", "9999")],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("2 tries left"), "{}", stderr(&o));
    assert!(!w.path("r.der").exists());
    // A file that is not a challenge.
    std::fs::write(w.path("junk.der"), b"not a challenge").unwrap();
    let o = jpki_env(
        &[
            "login",
            "respond",
            "--sim",
            s(&w.card),
            "--challenge",
            s(&w.path("junk.der")),
            "--out",
            s(&w.path("r.der")),
            "--pin-env",
            "T_AUTH",
        ],
        &[("T_AUTH", "1234")],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("expected a login challenge"),
        "{}",
        stderr(&o)
    );
    // A challenge is not a response.
    let o = w.verify("c.der", SOON_AFTER, &w.with_crl());
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("expected a login response"),
        "{}",
        stderr(&o)
    );
    // A store that does not exist.
    assert!(w.respond("c.der", "r.der").status.success());
    let o = jpki(&[
        "login",
        "verify",
        "--trust",
        s(&w.trust),
        "--store",
        s(&w.path("no-such-store")),
        "--response",
        s(&w.path("r.der")),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    // Unusable challenge values.
    let o = w.challenge_with("zero.der", AT, &["--lifetime", "0"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("invalid login challenge"),
        "{}",
        stderr(&o)
    );
    let o = jpki(&[
        "login",
        "challenge",
        "--relying-party",
        "",
        "--store",
        s(&w.store),
        "--out",
        s(&w.path("empty.der")),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
}

#[test]
fn the_file_store_is_bounded_and_prunes_expired_challenges() {
    let w = world("store");
    let capacity = ["--capacity", "2"];
    for name in ["a.der", "b.der"] {
        let o = w.challenge_with(name, AT, &capacity);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    }
    let o = w.challenge_with("c.der", AT, &capacity);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("the nonce store is full (2 outstanding challenges)"),
        "{}",
        stderr(&o)
    );
    // One of them answered and verified: still held (a replay must be named)
    // until it expires.
    assert!(w.respond("a.der", "a-response.der").status.success());
    document(&w.verify("a-response.der", SOON_AFTER, &w.with_crl()), 0);
    let o = w.challenge_with("c.der", SOON_AFTER, &capacity);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    // After both expired, issuing a challenge removes them first.
    let o = w.challenge_with("c.der", AFTER_EXPIRY, &capacity);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let held: Vec<String> = std::fs::read_dir(&w.store)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.'))
        .collect();
    assert_eq!(held.len(), 1, "{held:?}");
    // A forgotten (expired and pruned) challenge is unknown.
    refused(
        &w.verify("a-response.der", AFTER_EXPIRY, &w.with_crl()),
        1101,
        "CHALLENGE_UNKNOWN",
    );
}

#[test]
fn of_concurrent_verifications_of_one_response_one_wins() {
    let w = world("race");
    w.challenge("c.der", AT);
    assert!(w.respond("c.der", "r.der").status.success());
    let response = w.path("r.der");
    let children: Vec<_> = (0..8)
        .map(|_| {
            Command::new(env!("CARGO_BIN_EXE_jpki"))
                .args([
                    "login",
                    "verify",
                    "--trust",
                    s(&w.trust),
                    "--crl",
                    s(&w.auth_crl),
                    "--store",
                    s(&w.store),
                    "--response",
                    s(&response),
                    "--at",
                    SOON_AFTER,
                    "--json",
                ])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("spawn jpki login verify")
        })
        .collect();
    let outputs: Vec<Output> = children
        .into_iter()
        .map(|c| c.wait_with_output().unwrap())
        .collect();
    let accepted = outputs
        .iter()
        .filter(|o| o.status.code() == Some(0))
        .count();
    assert_eq!(accepted, 1, "exactly one process gets the challenge");
    for o in outputs.iter().filter(|o| o.status.code() != Some(0)) {
        refused(o, 1102, "CHALLENGE_REPLAYED");
    }
}

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

#[test]
fn openssl_verifies_the_card_signature_over_the_challenge() {
    let w = world("openssl");
    let c = w.challenge("c.der", AT);
    assert!(w.respond("c.der", "r.der").status.success());
    let response = response_of(&w.path("r.der"));
    // The bytes the card signed, as the challenge's document gives them.
    let tbs: Vec<u8> = {
        let text = c["to_be_signed"].as_str().unwrap();
        (0..text.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
            .collect()
    };
    let tbs_file = w.path("tbs.bin");
    std::fs::write(&tbs_file, &tbs).unwrap();
    let sig_file = w.path("sig.bin");
    std::fs::write(&sig_file, response.signature()).unwrap();
    let cert_file = w.path("auth.pem");
    std::fs::write(
        &cert_file,
        Certificate::from_der(response.certificate_der())
            .unwrap()
            .to_pem(),
    )
    .unwrap();
    let o = openssl(&["x509", "-in", s(&cert_file), "-pubkey", "-noout"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let pubkey = w.path("auth-pub.pem");
    std::fs::write(&pubkey, &o.stdout).unwrap();
    let verify = |input: &Path| {
        openssl(&[
            "pkeyutl",
            "-verify",
            "-pubin",
            "-inkey",
            s(&pubkey),
            "-pkeyopt",
            "rsa_padding_mode:pkcs1",
            "-in",
            s(input),
            "-sigfile",
            s(&sig_file),
        ])
    };
    let o = verify(&tbs_file);
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).contains("Signature Verified Successfully"));
    // One flipped bit of the signed bytes: OpenSSL refuses it.
    let mut flipped = tbs.clone();
    *flipped.last_mut().unwrap() ^= 1;
    let flipped_file = w.path("flipped.bin");
    std::fs::write(&flipped_file, &flipped).unwrap();
    let o = verify(&flipped_file);
    assert!(!o.status.success(), "{}", stdout(&o));
    assert!(stdout(&o).contains("Signature Verification Failure"));
    // And the signature with one flipped byte.
    let mut bad = response.signature().to_vec();
    bad[0] ^= 0x01;
    std::fs::write(&sig_file, &bad).unwrap();
    assert!(!verify(&tbs_file).status.success());
}

/// The card answers through pcscd: `jpki sim card-serve` puts it into vpcd's
/// reader, as in `pcsc_e2e.rs`.
#[cfg(feature = "pcsc")]
mod pcsc {
    use std::fs::File;
    use std::path::{Path, PathBuf};
    use std::process::{Child, Command, ExitStatus, Stdio};
    use std::sync::{Mutex, MutexGuard};
    use std::thread::sleep;
    use std::time::{Duration, Instant};

    use jpki::Error;
    use jpki::card::TransportErrorKind;
    use jpki::card::pcsc::{ReaderInfo, list_readers};

    use super::{AT, SOON_AFTER, document, jpki_env, response_of, s, stderr, world};

    /// vpcd's first reader, where `card-serve` (port 35963) puts the card.
    const VPCD_READER: &str = "Virtual PCD 00 00";
    /// How long to wait for pcscd to notice a card arriving or leaving.
    const READER_TIMEOUT: Duration = Duration::from_secs(15);

    /// One `card-serve` at a time: vpcd has one slot per reader.
    static VPCD: Mutex<()> = Mutex::new(());

    /// Fails the test unless pcscd answers and vpcd's reader is attached.
    fn require_pcscd() -> Vec<ReaderInfo> {
        match list_readers() {
            Ok(readers) => {
                assert!(
                    readers.iter().any(|r| r.name == VPCD_READER),
                    "pcscd runs but has no reader {VPCD_READER:?} (readers: {:?}); is \
                     vsmartcard-vpcd installed (/etc/reader.conf.d/vpcd)? Restart pcscd \
                     with `scripts/pcscd.sh start`",
                    readers.iter().map(|r| &r.name).collect::<Vec<_>>()
                );
                readers
            }
            Err(Error::Transport(e)) if e.kind == TransportErrorKind::ServiceUnavailable => {
                panic!(
                    "pcscd is not reachable ({e}); run `scripts/pcscd.sh start` before these tests"
                )
            }
            Err(e) => panic!("listing PC/SC readers: {e}; run `scripts/pcscd.sh start`"),
        }
    }

    /// vpcd's reader as pcscd sees it now.
    fn vpcd_reader() -> ReaderInfo {
        require_pcscd()
            .into_iter()
            .find(|r| r.name == VPCD_READER)
            .expect("checked by require_pcscd")
    }

    /// Waits until vpcd's reader shows (or no longer shows) a card.
    fn wait_for_card(present: bool, server: Option<&mut CardServer>) -> ReaderInfo {
        let deadline = Instant::now() + READER_TIMEOUT;
        let mut server = server;
        loop {
            let reader = vpcd_reader();
            if reader.card_present == present {
                return reader;
            }
            if let Some(server) = server.as_deref_mut()
                && let Some(status) = server.exited()
            {
                panic!(
                    "card-serve exited ({status}) before the card appeared; its output:\n{}",
                    server.output()
                );
            }
            if Instant::now() > deadline {
                let log = server.map(|s| s.output()).unwrap_or_default();
                panic!(
                    "after {READER_TIMEOUT:?} the card is still {} in {VPCD_READER:?}; card-serve \
                     output:\n{log}",
                    if present { "absent" } else { "present" }
                );
            }
            sleep(Duration::from_millis(100));
        }
    }

    /// A running `jpki sim card-serve CARDFILE`, holding [`VPCD`]; killed (and the
    /// card's departure awaited) on drop.
    struct CardServer {
        child: Child,
        log: PathBuf,
        _vpcd: MutexGuard<'static, ()>,
    }

    impl CardServer {
        /// Starts serving `card_file` and waits until pcscd shows the card.
        fn start(card_file: &Path) -> (Self, ReaderInfo) {
            let vpcd = VPCD.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
            require_pcscd();
            // A card left by an earlier server must be gone first, or the wait
            // below would see it.
            wait_for_card(false, None);
            let log = card_file.with_extension("serve.log");
            let stderr = File::create(&log).expect("create the card-serve log");
            let child = Command::new(env!("CARGO_BIN_EXE_jpki"))
                .args(["sim", "card-serve", "--verbose"])
                .arg(card_file)
                .stdin(Stdio::null())
                .stdout(stderr.try_clone().expect("clone the log handle"))
                .stderr(stderr)
                .spawn()
                .expect("spawn jpki sim card-serve");
            let mut server = Self {
                child,
                log,
                _vpcd: vpcd,
            };
            let reader = wait_for_card(true, Some(&mut server));
            (server, reader)
        }

        /// The exit status, if the server has exited.
        fn exited(&mut self) -> Option<ExitStatus> {
            self.child.try_wait().ok().flatten()
        }

        /// What the server printed so far.
        fn output(&self) -> String {
            std::fs::read_to_string(&self.log).unwrap_or_default()
        }

        /// Kills the server, waits for it, then for pcscd to see the card leave.
        fn stop(mut self) -> String {
            self.kill();
            self.output()
        }

        fn kill(&mut self) {
            if self.exited().is_none() {
                let _ = self.child.kill();
            }
            let _ = self.child.wait();
            if !std::thread::panicking() {
                wait_for_card(false, None);
            }
        }
    }

    impl Drop for CardServer {
        fn drop(&mut self) {
            self.kill();
        }
    }

    #[test]
    fn the_card_answers_through_pcscd() {
        let w = world("pcsc");
        w.challenge("c.der", AT);
        let (server, _) = CardServer::start(&w.card);
        let o = jpki_env(
            &[
                "login",
                "respond",
                "--reader",
                VPCD_READER,
                "--challenge",
                s(&w.path("c.der")),
                "--out",
                s(&w.path("r.der")),
                "--pin-env",
                "E2E_AUTH",
            ],
            &[("E2E_AUTH", "1234")],
        );
        let log = server.stop();
        assert_eq!(o.status.code(), Some(0), "{}\n{log}", stderr(&o));
        assert!(stderr(&o).contains("\"bank.example\""), "{}", stderr(&o));
        // The PIN went to the card and never into the log.
        assert!(log.contains("[redacted]"), "{log}");
        assert!(
            !log.replace(' ', "").contains("31323334"),
            "the PIN was logged:\n{log}"
        );

        // The relying party accepts it, naming the card's authentication certificate.
        let v = document(&w.verify("r.der", SOON_AFTER, &w.with_crl()), 0);
        let response = response_of(&w.path("r.der"));
        let auth = jpki::Certificate::from_der(response.certificate_der()).unwrap();
        assert_eq!(v["account"]["serial"], auth.serial().to_string().as_str());
        let o = super::jpki(&["card", "read-cert", "--sim", s(&w.card), "--auth"]);
        assert!(o.status.success(), "{}", stderr(&o));
        let on_card = jpki::Certificate::parse(&o.stdout).unwrap();
        assert_eq!(on_card.der(), response.certificate_der());
    }
}
