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

#[cfg(feature = "pcsc")]
#[path = "support/pcsc.rs"]
mod vpcd;

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
    auth_crl_at(&state, AT, &auth_crl);
    World {
        trust: state.join("trust.pem"),
        store: dir.join("nonces"),
        dir,
        state,
        card,
        auth_crl,
    }
}

/// `jpki sim crl STATE --kind auth --at AT -o OUT`: the authentication
/// hierarchy's CRL at `at`.
fn auth_crl_at(state: &Path, at: &str, out: &Path) {
    let o = jpki(&[
        "sim",
        "crl",
        s(state),
        "--kind",
        "auth",
        "--at",
        at,
        "-o",
        s(out),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
}

impl World {
    fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    /// `jpki login challenge` for `rp` with the nonce store `store` into `name`,
    /// with `extra` arguments; the output.
    fn challenge_in(&self, rp: &str, store: &Path, name: &str, extra: &[&str]) -> Output {
        let out = self.path(name);
        let mut args = vec![
            "login",
            "challenge",
            "--relying-party",
            rp,
            "--store",
            s(store),
            "--out",
            s(&out),
        ];
        args.extend_from_slice(extra);
        jpki(&args)
    }

    /// `jpki login challenge` at `at` into `name`, with `extra` arguments; the
    /// output.
    fn challenge_with(&self, name: &str, at: &str, extra: &[&str]) -> Output {
        self.challenge_in(RP, &self.store, name, &[&["--at", at], extra].concat())
    }

    /// A challenge at `at` (lifetime 300 s), its `--json` document.
    fn challenge(&self, name: &str, at: &str) -> Value {
        let o = self.challenge_with(name, at, &["--json"]);
        exits(&o, 0);
        serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", stdout(&o)))
    }

    /// `jpki login respond` through `card` (`--sim FILE` or `--reader NAME`) with
    /// the authentication PIN `pin`: the challenge in `challenge` answered into
    /// `response`.
    fn respond_through(
        &self,
        card: [&str; 2],
        pin: &str,
        challenge: &str,
        response: &str,
    ) -> Output {
        let (challenge, response) = (self.path(challenge), self.path(response));
        let mut args = vec!["login", "respond"];
        args.extend_from_slice(&card);
        args.extend_from_slice(&[
            "--challenge",
            s(&challenge),
            "--out",
            s(&response),
            "--pin-env",
            "T_AUTH",
        ]);
        jpki_env(&args, &[("T_AUTH", pin)])
    }

    /// The simulator card answers the challenge in `challenge` into `response`.
    fn respond(&self, challenge: &str, response: &str) -> Output {
        self.respond_through(["--sim", s(&self.card)], "1234", challenge, response)
    }

    /// The simulator card answers `challenge` into `response`: exit 0.
    fn answer(&self, challenge: &str, response: &str) {
        exits(&self.respond(challenge, response), 0);
    }

    /// A challenge at `at` into `challenge` (its `--json` document), answered by
    /// the simulator card into `response`.
    fn answered(&self, challenge: &str, at: &str, response: &str) -> Value {
        let c = self.challenge(challenge, at);
        self.answer(challenge, response);
        c
    }

    /// `jpki login verify` of `response` at `at`, plus `extra`, not yet run.
    fn verify_command(&self, response: &str, at: &str, extra: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_jpki"));
        c.args(["login", "verify", "--trust", s(&self.trust)])
            .args(["--store", s(&self.store)])
            .args(["--response", s(&self.path(response))])
            .args(["--at", at])
            .args(extra);
        c
    }

    /// `jpki login verify` of `response` at `at`, plus `extra` (text output).
    fn verify_text(&self, response: &str, at: &str, extra: &[&str]) -> Output {
        self.verify_command(response, at, extra)
            .output()
            .expect("run jpki")
    }

    /// `jpki login verify --json` of `response` at `at`, plus `extra`.
    fn verify(&self, response: &str, at: &str, extra: &[&str]) -> Output {
        self.verify_text(response, at, &[extra, &["--json"]].concat())
    }

    /// `jpki login verify --json` of `response` with the CRL, at `at`.
    fn verify_with_crl(&self, response: &str, at: &str) -> Output {
        self.verify(response, at, &self.with_crl())
    }

    fn with_crl(&self) -> [&str; 2] {
        ["--crl", s(&self.auth_crl)]
    }
}

/// Asserts `o`'s exit code (its standard error shown otherwise).
fn exits(o: &Output, code: i32) {
    assert_eq!(o.status.code(), Some(code), "{}", stderr(o));
}

/// Asserts `o`'s exit code and that its standard error says `text`.
fn exits_saying(o: &Output, code: i32, text: &str) {
    exits(o, code);
    assert!(stderr(o).contains(text), "{}", stderr(o));
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

/// Asserts that a refusal's `error` message names `text`.
fn error_names(v: &Value, text: &str) {
    assert!(v["error"].as_str().unwrap().contains(text), "{v:#}");
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
    exits_saying(&o, 0, "bank.example");
    assert!(o.stdout.is_empty(), "{}", stdout(&o));

    // The resident's side shows who asks and until when, then signs.
    let o = w.respond("challenge.der", "response.der");
    exits(&o, 0);
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
    let v = document(&w.verify_with_crl("response.der", SOON_AFTER), 0);
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
        &w.verify_with_crl("response.der", SOON_AFTER),
        1102,
        "CHALLENGE_REPLAYED",
    );

    // A second login of the same card: the same account; the text output.
    w.answered("second.der", AT, "second-response.der");
    let o = w.verify_text("second-response.der", SOON_AFTER, &w.with_crl());
    exits(&o, 0);
    let text = stdout(&o);
    assert!(text.contains(&format!("account         {id}")), "{text}");
    assert!(text.contains("=> LOGIN ACCEPTED"), "{text}");
    let o = w.verify_text("second-response.der", SOON_AFTER, &w.with_crl());
    exits(&o, 1);
    assert!(stdout(&o).contains("REFUSED"), "{}", stdout(&o));
}

#[test]
fn refusals_each_with_its_code() {
    let w = world("refusals");

    // Expired: verified after the challenge's expiry.
    w.answered("late.der", AT, "late-response.der");
    let v = refused(
        &w.verify_with_crl("late-response.der", AFTER_EXPIRY),
        1103,
        "CHALLENGE_EXPIRED",
    );
    error_names(&v, "2026-11-21T01:05:00Z");

    // No revocation data under the default hard-fail policy.
    w.answered("bare.der", AT, "bare-response.der");
    refused(
        &w.verify("bare-response.der", SOON_AFTER, &[]),
        601,
        "REVOCATION_UNAVAILABLE",
    );
    // Soft fail is the relying party's explicit choice: accepted, and visible.
    w.answered("soft.der", AT, "soft-response.der");
    let v = document(
        &w.verify("soft-response.der", SOON_AFTER, &["--revocation", "soft"]),
        0,
    );
    assert_eq!(
        v["certificate"]["checks"]["revocation"]["certificates"][0]["status"],
        "soft_failed"
    );

    // A challenge this relying party never issued (another store's).
    let o = w.challenge_in(RP, &w.path("elsewhere"), "stranger.der", &["--at", AT]);
    exits(&o, 0);
    w.answer("stranger.der", "stranger-response.der");
    refused(
        &w.verify_with_crl("stranger-response.der", SOON_AFTER),
        1101,
        "CHALLENGE_UNKNOWN",
    );

    // A response whose signature was altered.
    w.answered("forged.der", AT, "forged-response.der");
    let r = response_of(&w.path("forged-response.der"));
    let mut signature = r.signature().to_vec();
    signature[100] ^= 1;
    let forged = LoginResponse::new(r.nonce(), r.certificate_der(), &signature);
    std::fs::write(w.path("forged-response.der"), forged.to_der().unwrap()).unwrap();
    refused(
        &w.verify_with_crl("forged-response.der", SOON_AFTER),
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
    auth_crl_at(&w.state, died, &fresh);
    w.answered("dead.der", died, "dead-response.der");
    let v = refused(
        &w.verify(
            "dead-response.der",
            "2026-11-21T11:00:30+09:00",
            &["--crl", s(&fresh)],
        ),
        600,
        "CERTIFICATE_REVOKED",
    );
    error_names(&v, &auth.serial().to_string());
}

#[test]
fn input_errors_exit_2() {
    let w = world("inputs");
    w.challenge("c.der", AT);
    // A wrong PIN: one try spent, exit 2, the tries left named.
    let o = w.respond_through(["--sim", s(&w.card)], "9999", "c.der", "r.der");
    exits_saying(&o, 2, "2 tries left");
    assert!(!w.path("r.der").exists());
    // A file that is not a challenge.
    std::fs::write(w.path("junk.der"), b"not a challenge").unwrap();
    let o = w.respond("junk.der", "r.der");
    exits_saying(&o, 2, "expected a login challenge");
    // A challenge is not a response.
    let o = w.verify_with_crl("c.der", SOON_AFTER);
    exits_saying(&o, 2, "expected a login response");
    // A store that does not exist.
    w.answer("c.der", "r.der");
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
    exits(&o, 2);
    // Unusable challenge values.
    let o = w.challenge_with("zero.der", AT, &["--lifetime", "0"]);
    exits_saying(&o, 2, "invalid login challenge");
    exits(&w.challenge_in("", &w.store, "empty.der", &[]), 2);
}

#[test]
fn the_file_store_is_bounded_and_prunes_expired_challenges() {
    let w = world("store");
    let capacity = ["--capacity", "2"];
    for name in ["a.der", "b.der"] {
        exits(&w.challenge_with(name, AT, &capacity), 0);
    }
    let o = w.challenge_with("c.der", AT, &capacity);
    exits_saying(&o, 2, "the nonce store is full (2 outstanding challenges)");
    // One of them answered and verified: still held (a replay must be named)
    // until it expires.
    w.answer("a.der", "a-response.der");
    document(&w.verify_with_crl("a-response.der", SOON_AFTER), 0);
    exits(&w.challenge_with("c.der", SOON_AFTER, &capacity), 2);
    // After both expired, issuing a challenge removes them first.
    exits(&w.challenge_with("c.der", AFTER_EXPIRY, &capacity), 0);
    let held: Vec<String> = std::fs::read_dir(&w.store)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.'))
        .collect();
    assert_eq!(held.len(), 1, "{held:?}");
    // A forgotten (expired and pruned) challenge is unknown.
    refused(
        &w.verify_with_crl("a-response.der", AFTER_EXPIRY),
        1101,
        "CHALLENGE_UNKNOWN",
    );
}

#[test]
fn of_concurrent_verifications_of_one_response_one_wins() {
    let w = world("race");
    w.answered("c.der", AT, "r.der");
    let children: Vec<_> = (0..8)
        .map(|_| {
            w.verify_command("r.der", SOON_AFTER, &w.with_crl())
                .arg("--json")
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
    let c = w.answered("c.der", AT, "r.der");
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
/// reader, with the harness `pcsc_e2e.rs` uses (`support/pcsc.rs`).
#[cfg(feature = "pcsc")]
mod pcsc {
    use super::vpcd::{CardServer, VPCD_READER};
    use super::{AT, SOON_AFTER, document, response_of, s, stderr, world};

    #[test]
    fn the_card_answers_through_pcscd() {
        let w = world("pcsc");
        w.challenge("c.der", AT);
        let (server, _) = CardServer::start(&w.card);
        let o = w.respond_through(["--reader", VPCD_READER], "1234", "c.der", "r.der");
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
        let v = document(&w.verify_with_crl("r.der", SOON_AFTER), 0);
        let response = response_of(&w.path("r.der"));
        let auth = jpki::Certificate::from_der(response.certificate_der()).unwrap();
        assert_eq!(v["account"]["serial"], auth.serial().to_string().as_str());
        let o = super::jpki(&["card", "read-cert", "--sim", s(&w.card), "--auth"]);
        assert!(o.status.success(), "{}", stderr(&o));
        let on_card = jpki::Certificate::parse(&o.stdout).unwrap();
        assert_eq!(on_card.der(), response.certificate_der());
    }
}
