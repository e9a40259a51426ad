//! Helpers shared by the CLI tests: run the built `jpki` and fresh state dirs.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A fixed "now" so outputs do not depend on the clock.
pub(crate) const AT: &str = "2026-11-21T10:00:00+09:00";

/// Runs the built `jpki` with `args`.
pub(crate) fn jpki(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_jpki"))
        .args(args)
        .output()
        .expect("run jpki")
}

/// Standard output as text.
pub(crate) fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Standard error as text.
pub(crate) fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A new empty directory under the target dir, unique per test.
pub(crate) fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("cli-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch dir");
    dir
}

/// A path as `&str`.
pub(crate) fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

/// `jpki sim issue STATE --name … --birth … --sex … --address … --at AT --out OUT`
/// plus `extra` arguments.
pub(crate) fn issue(
    state: &Path,
    out: &Path,
    [name, birth, sex, address]: [&str; 4],
    extra: &[&str],
) -> Output {
    let mut args = vec![
        "sim",
        "issue",
        s(state),
        "--name",
        name,
        "--birth",
        birth,
        "--sex",
        sex,
        "--address",
        address,
        "--at",
        AT,
        "--out",
        s(out),
    ];
    args.extend_from_slice(extra);
    jpki(&args)
}

/// The resident most tests use: substitutes in the name, full-width digits.
pub(crate) const TAKAHASHI: [&str; 4] = [
    "髙橋 𠮷郎",
    "1950-04-01",
    "male",
    "東京都千代田区霞が関２丁目１番２号",
];

/// `sim init` then `sim issue` of TAKAHASHI's signing certificate.
pub(crate) fn authority_with_cert(name: &str) -> (PathBuf, PathBuf) {
    let dir = scratch(name);
    let state = dir.join("ca");
    let o = jpki(&["sim", "init", s(&state), "--at", AT]);
    assert!(o.status.success(), "init: {}", stderr(&o));
    let cert = dir.join("sign.pem");
    let o = issue(&state, &cert, TAKAHASHI, &[]);
    assert!(o.status.success(), "issue: {}", stderr(&o));
    (state, cert)
}

/// Runs the built `jpki` with `args` and the environment variables `envs` (the
/// secrets `--pin-env` and `--*-pin-env` name).
pub(crate) fn jpki_env(args: &[&str], envs: &[(&str, &str)]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_jpki"));
    c.args(args);
    for (k, v) in envs {
        c.env(k, v);
    }
    c.output().expect("run jpki")
}

/// `jpki sim issue STATE --card CARD` for `[name, birth, sex, address]` at `AT`:
/// keys generated in the card, the signing password `sign_pw` and the
/// authentication PIN 1234 set (through T_SIGN and T_AUTH); plus `extra`.
pub(crate) fn issue_card(
    state: &Path,
    card: &Path,
    [name, birth, sex, address]: [&str; 4],
    sign_pw: &str,
    extra: &[&str],
) -> Output {
    let mut args = vec![
        "sim",
        "issue",
        s(state),
        "--name",
        name,
        "--birth",
        birth,
        "--sex",
        sex,
        "--address",
        address,
        "--at",
        AT,
        "--card",
        s(card),
        "--sign-pin-env",
        "T_SIGN",
        "--auth-pin-env",
        "T_AUTH",
    ];
    args.extend_from_slice(extra);
    jpki_env(&args, &[("T_SIGN", sign_pw), ("T_AUTH", "1234")])
}

/// Writes `text` to `DIR/form.txt` and signs it detached with the simulator card
/// `card` (signing password `sign_pw`) at `AT` into `DIR/form.p7s`: the exit of
/// `jpki sign`, the form and the signature.
pub(crate) fn sign_form(
    dir: &Path,
    card: &Path,
    text: &str,
    sign_pw: &str,
) -> (Output, PathBuf, PathBuf) {
    let form = dir.join("form.txt");
    std::fs::write(&form, text).expect("write the form");
    let sig = dir.join("form.p7s");
    let o = jpki_env(
        &[
            "sign",
            "--sim",
            s(card),
            s(&form),
            "-o",
            s(&sig),
            "--pin-env",
            "T_SIGN",
            "--at",
            AT,
        ],
        &[("T_SIGN", sign_pw)],
    );
    (o, form, sig)
}
