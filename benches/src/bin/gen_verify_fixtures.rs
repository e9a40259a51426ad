//! `gen_verify_fixtures OUT_DIR [--without-1m]`: writes the fixtures of the CMS
//! verification comparison into OUT_DIR (see `jpki_benches::verify`): the trust
//! anchor, the signer's certificate and CA, the content, one detached SignedData,
//! the partition CRLs (empty, 10, 100,000 and — unless `--without-1m` —
//! 1,000,000 entries, and one that revokes the signer) and the validation time.
//! Fresh RSA keys each run; the CRLs' serials are fixed by the default seed.

use std::error::Error;
use std::path::PathBuf;
use std::time::Instant;

use jpki_benches::ms;
use jpki_benches::verify::VerifyFixtures;

fn main() -> Result<(), Box<dyn Error>> {
    let usage = "usage: gen_verify_fixtures OUT_DIR [--without-1m]";
    let mut dir = None;
    let mut with_1m = true;
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "--without-1m" => with_1m = false,
            _ if arg.starts_with('-') || dir.is_some() => return Err(usage.into()),
            _ => dir = Some(PathBuf::from(arg)),
        }
    }
    let dir = dir.ok_or(usage)?;
    let start = Instant::now();
    let fixtures = VerifyFixtures::generate(with_1m)?;
    fixtures.write(&dir)?;
    println!(
        "dir={} signer_serial={} signature_bytes={} crl_small_bytes={} crl_100k_bytes={} crl_1m_bytes={} gen_ms={:.0}",
        dir.display(),
        fixtures.signer.serial().to_hex(),
        fixtures.signature.len(),
        fixtures.crl_small.len(),
        fixtures.crl_100k.len(),
        fixtures.crl_1m.as_ref().map_or(0, Vec::len),
        ms(start.elapsed())
    );
    Ok(())
}
