//! Every file the CLI reads is bounded: a huge (sparse) file is refused unread,
//! an endless one (`/dev/zero`) is refused after at most the limit, both as input
//! errors (exit 2) and within bounded memory (the process runs under a 2 GiB
//! address-space limit, which an unbounded read would exceed).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/common.rs"]
#[allow(dead_code)]
mod common;

use std::process::{Command, Output};

use common::{AT, s, scratch, stderr};

/// Runs `jpki args` under `ulimit -v` (2 GiB of address space).
fn bounded(args: &[&str]) -> Output {
    Command::new("sh")
        .arg("-c")
        .arg("ulimit -v 2097152 && exec \"$0\" \"$@\"")
        .arg(env!("CARGO_BIN_EXE_jpki"))
        .args(args)
        .output()
        .expect("run jpki under sh")
}

/// A sparse file of 1 GiB: no disk used, 1 GiB as far as its length goes.
fn sparse(dir: &std::path::Path) -> std::path::PathBuf {
    let path = dir.join("huge.bin");
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(1 << 30).unwrap();
    path
}

fn assert_refused(o: &Output, what: &str) {
    assert_eq!(o.status.code(), Some(2), "{what}: {}", stderr(o));
    assert!(!stderr(o).is_empty(), "{what}: no message");
}

#[test]
fn a_huge_file_is_refused_unread() {
    let dir = scratch("inputs-huge");
    let huge = sparse(&dir);
    let o = bounded(&["cert", "show", s(&huge)]);
    assert_refused(&o, "cert show");
    assert!(
        stderr(&o).contains("larger than the 16 MiB accepted"),
        "{}",
        stderr(&o)
    );
    let ca = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../jpki-core/tests/jlis/sign_ca_2023.pem"
    );
    let o = bounded(&["crl", "check", s(&huge), "--issuer", ca, "0x01"]);
    assert_refused(&o, "crl check");
    assert!(
        stderr(&o).contains("larger than the 256 MiB accepted"),
        "{}",
        stderr(&o)
    );
    let o = bounded(&["verify", s(&huge), "--trust", ca, "--at", AT]);
    assert_refused(&o, "verify");
    assert!(
        stderr(&o).contains("larger than the 256 MiB accepted"),
        "{}",
        stderr(&o)
    );
    // And as a CRL given to `verify` (the signature read first must be real input:
    // a broken one is refused on its own, so the CRL is what is judged here).
    let o = bounded(&["verify", ca, "--trust", ca, "--crl", s(&huge), "--at", AT]);
    assert_refused(&o, "verify --crl");
    assert!(
        stderr(&o).contains("huge.bin: larger than the 256 MiB accepted"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn an_endless_file_is_refused_after_the_limit() {
    let zero = std::path::Path::new("/dev/zero");
    assert!(zero.exists(), "/dev/zero is needed for this test");
    let o = bounded(&["cert", "show", s(zero)]);
    assert_refused(&o, "cert show /dev/zero");
    assert!(
        stderr(&o).contains("larger than the 16 MiB accepted"),
        "{}",
        stderr(&o)
    );
    // A CRL: read up to 256 MiB, then refused.
    let dir = scratch("inputs-zero");
    let ca = dir.join("ca.pem");
    std::fs::write(
        &ca,
        std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../jpki-core/tests/jlis/sign_ca_2023.pem"
        ))
        .unwrap(),
    )
    .unwrap();
    let o = bounded(&["crl", "check", s(zero), "--issuer", s(&ca), "0x01"]);
    assert_refused(&o, "crl check /dev/zero");
    assert!(
        stderr(&o).contains("larger than the 256 MiB accepted"),
        "{}",
        stderr(&o)
    );
}
