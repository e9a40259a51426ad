//! The simulator fixture and OpenSSL helpers shared by the CMS tests that run
//! `openssl` (`cms_interop`, `cms_two_phase`): one authority, one resident's key and
//! signing certificate, and files for OpenSSL in a directory of the test binary.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use jpki::sim::{Authority, AuthorityOptions, Purpose, RegisterRecord, SimKey};
use jpki::{Certificate, Date, Sex, Time};

/// Binary content: CR LF, a lone LF, NUL and 0xFF must all survive `-binary`.
pub(crate) fn content() -> Vec<u8> {
    let mut c = "転入届 / moving-in notice\r\nline 2\n".as_bytes().to_vec();
    c.extend_from_slice(&[0x00, 0xff, 0x80, b'\r', b'\n', b'e', b'n', b'd']);
    c
}

pub(crate) fn at() -> Time {
    Time::parse_rfc3339("2026-11-21T10:00:00+09:00").unwrap()
}

pub(crate) struct Fixture {
    pub(crate) dir: PathBuf,
    pub(crate) anchors: Vec<Certificate>,
    pub(crate) key: SimKey,
    /// A signing certificate for `key` from the newest CA generation.
    pub(crate) cert: Certificate,
    /// The CA certificate that issued `cert`.
    pub(crate) issuer: Certificate,
}

/// Built once per test binary; its files (`key.pem`, `cert.pem`, `trust.pem`,
/// `content.bin`) in a directory named after the binary.
pub(crate) fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let key_thread = std::thread::spawn(|| SimKey::generate(2048).unwrap());
        let mut authority = Authority::new(AuthorityOptions::default(), at()).unwrap();
        let key = key_thread.join().unwrap();
        let resident = RegisterRecord {
            name: "相互 運用".into(),
            birth_date: Date::parse_iso("1985-06-15").unwrap(),
            sex: Sex::Female,
            address: "大阪府大阪市北区中之島1丁目3番20号".into(),
            prefecture: None,
            municipality: None,
        };
        let spki = key.public_key_der().unwrap();
        let cert = authority
            .issue(&resident, &spki, Purpose::Signing, at())
            .unwrap();
        let issuer = authority
            .generations_of(Purpose::Signing)
            .last()
            .unwrap()
            .certificate()
            .clone();
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!(
            "{}-{}",
            env!("CARGO_CRATE_NAME"),
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("key.pem"), key.to_pkcs8_pem().unwrap().as_bytes()).unwrap();
        std::fs::write(dir.join("cert.pem"), cert.to_pem()).unwrap();
        std::fs::write(dir.join("trust.pem"), authority.trust_pem()).unwrap();
        std::fs::write(dir.join("content.bin"), content()).unwrap();
        Fixture {
            dir,
            anchors: authority.trust_anchors().into_iter().cloned().collect(),
            key,
            cert,
            issuer,
        }
    })
}

pub(crate) fn path(name: &str) -> PathBuf {
    fixture().dir.join(name)
}

pub(crate) fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Runs `openssl` with `args`; a missing binary fails the test.
pub(crate) fn openssl(args: &[&str]) -> Output {
    Command::new("openssl")
        .args(args)
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "`openssl` is required for the CMS interop tests and could not be run ({e}); \
             run the README's test command (scripts/test.sh), which installs it"
            )
        })
}

pub(crate) fn ok(o: &Output, what: &str) {
    assert!(
        o.status.success(),
        "{what} failed ({}):\n{}",
        o.status,
        String::from_utf8_lossy(&o.stderr)
    );
}
