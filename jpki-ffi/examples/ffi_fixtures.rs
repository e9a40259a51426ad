//! Writes the inputs of the C tests that verify (`tests/c/verifier_threads.c`)
//! and of the Java example (`examples/java`, run by `scripts/ffi-java.sh`) into
//! a directory, with the simulator (feature `sim`):
//!
//! ```sh
//! cargo run -p jpki-ffi --example ffi_fixtures -- DIR
//! ```
//!
//! * `trust.pem`: the simulated J-LIS roots (every CA generation, both
//!   hierarchies);
//! * `form.txt`: the application;
//! * `form.p7s`: a detached CMS signature of `form.txt` (DER) by a signing
//!   certificate issued to a simulated resident, with a software key;
//! * `partition.crl`: the CRL of the resident's municipality partition (DER),
//!   listing nothing;
//! * `signer.der`, `signer_ca.der`: the signing certificate (DER) and the CA
//!   certificate that issued it;
//! * `ocsp.der`: the authority's OCSP response (DER, by its delegated
//!   responder: `good`, produced before the move) to the request about
//!   `signer.der` with the CertID hashed by SHA-1 and the nonce [`OCSP_NONCE`] —
//!   the request `jpki_ocsp_request_new(signer, signer_ca, JPKI_OCSP_HASH_SHA1,
//!   OCSP_NONCE)` makes;
//! * `at.txt`: the validation time the C tests use, Unix seconds (decimal);
//! * `revoked.crl`: the same partition's next CRL (DER), issued after the
//!   register reported the resident's move ([`MOVED_AT`]), listing the signing
//!   certificate as revoked;
//! * `at_revoked.txt`: a validation time when `revoked.crl` is current and the
//!   certificate revoked, Unix seconds (decimal).
//!
//! Times are fixed (the authority, the issuance, the signingTime and the first
//! CRL's thisUpdate are [`ISSUED_AT`]; both CRLs are valid 30 days; the OCSP
//! response is produced ten minutes before [`VERIFY_AT`] and holds an hour); keys are
//! generated afresh on each run.

/// The instant the fixtures are made: 2026-11-21T10:00:00+09:00.
pub const ISSUED_AT: u64 = 1_795_222_800;

/// The validation time written to `at.txt`: one hour after [`ISSUED_AT`].
pub const VERIFY_AT: u64 = ISSUED_AT + 3600;

/// When the register reports that the resident moved (revoking the signing
/// certificate): two hours after [`ISSUED_AT`], after [`VERIFY_AT`].
pub const MOVED_AT: u64 = ISSUED_AT + 7200;

/// The thisUpdate of `revoked.crl`: one minute after [`MOVED_AT`].
pub const REVOKED_CRL_AT: u64 = MOVED_AT + 60;

/// The validation time written to `at_revoked.txt`: one minute after
/// [`REVOKED_CRL_AT`].
pub const VERIFY_REVOKED_AT: u64 = REVOKED_CRL_AT + 60;

/// The nonce of the OCSP request `ocsp.der` answers: the bytes 1 to 16.
pub const OCSP_NONCE: [u8; 16] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16];

/// The signed application.
pub const FORM: &str = "口座開設申込書\n氏名: 吉田 太郎\n";

/// Writes the fixtures into `dir` (created if missing).
#[cfg(feature = "sim")]
pub fn write_fixtures(dir: &std::path::Path) -> Result<(), Box<dyn std::error::Error>> {
    use jpki::cms::{SignOptions, sign};
    use jpki::crypto::HashAlgorithm;
    use jpki::revocation::ocsp::OcspRequest;
    use jpki::sim::{
        Authority, AuthorityOptions, Event, Purpose, RegisterRecord, SimKey, SoftwareSigner,
    };
    use jpki::{Date, Sex, Time};

    let at = Time::from_unix_seconds(ISSUED_AT);
    let mut authority = Authority::new(AuthorityOptions::default(), at)?;
    let record = RegisterRecord {
        name: "吉田 太郎".into(),
        birth_date: Date::parse_iso("1950-04-01")?,
        sex: Sex::Male,
        address: "東京都千代田区霞が関2丁目1番2号".into(),
        prefecture: None,
        municipality: None,
    };
    let key = SimKey::generate(2048)?;
    let cert = authority.issue(&record, &key.public_key_der()?, Purpose::Signing, at)?;
    let mut signer = SoftwareSigner::new(key, cert.clone())?;
    let signature = sign(
        FORM.as_bytes(),
        &mut signer,
        &SignOptions::default().with_signing_time(Some(at)),
    )?;
    let issued = authority
        .find_issued(cert.serial())
        .ok_or("the authority does not know the certificate it issued")?
        .clone();
    let crl = authority.crl(
        Purpose::Signing,
        issued.generation(),
        issued.partition(),
        at,
        30 * 86_400,
    )?;
    // The OCSP answer while the certificate is still good.
    let ca = authority
        .generations_of(Purpose::Signing)
        .find(|g| g.index() == issued.generation())
        .ok_or("no CA generation issued the certificate")?
        .certificate()
        .clone();
    let request = OcspRequest::new(&cert, &ca, HashAlgorithm::Sha1, Some(OCSP_NONCE.to_vec()))?;
    let ocsp = authority.ocsp_respond(request.der(), Time::from_unix_seconds(VERIFY_AT - 600));
    // The resident moves: the signing certificate is revoked, and the
    // partition's next CRL lists it.
    authority.apply_event(
        cert.serial(),
        Event::Move,
        Time::from_unix_seconds(MOVED_AT),
    )?;
    let revoked_crl = authority.crl(
        Purpose::Signing,
        issued.generation(),
        issued.partition(),
        Time::from_unix_seconds(REVOKED_CRL_AT),
        30 * 86_400,
    )?;
    let trust = authority.trust_pem();
    let verify_at = VERIFY_AT.to_string();
    let verify_revoked_at = VERIFY_REVOKED_AT.to_string();
    std::fs::create_dir_all(dir)?;
    let files: [(&str, &[u8]); 10] = [
        ("trust.pem", trust.as_bytes()),
        ("form.txt", FORM.as_bytes()),
        ("form.p7s", &signature),
        ("partition.crl", &crl),
        ("signer.der", cert.der()),
        ("signer_ca.der", ca.der()),
        ("ocsp.der", &ocsp),
        ("at.txt", verify_at.as_bytes()),
        ("revoked.crl", &revoked_crl),
        ("at_revoked.txt", verify_revoked_at.as_bytes()),
    ];
    for (name, bytes) in files {
        std::fs::write(dir.join(name), bytes)?;
    }
    Ok(())
}

#[cfg(feature = "sim")]
#[allow(dead_code)] // also compiled into tests/verifier.rs, which has its own main
fn main() -> std::process::ExitCode {
    let Some(dir) = std::env::args_os().nth(1) else {
        eprintln!("usage: ffi_fixtures DIR");
        return std::process::ExitCode::from(2);
    };
    match write_fixtures(std::path::Path::new(&dir)) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("ffi_fixtures: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

#[cfg(not(feature = "sim"))]
fn main() -> std::process::ExitCode {
    eprintln!("ffi_fixtures needs the `sim` feature (on by default)");
    std::process::ExitCode::from(2)
}
