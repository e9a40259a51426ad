//! `gen_crl ENTRIES OUT_DIR [SEED]`: writes a simulator-generated CRL of ENTRIES
//! random 8-byte serials to `OUT_DIR/crl.der` and its issuer's self-signed CA
//! certificate to `OUT_DIR/ca.pem` (a fresh RSA-2048 key each run; the serials,
//! reasons and dates depend only on SEED).

use std::error::Error;
use std::path::PathBuf;
use std::time::Instant;

use jpki_benches::{DEFAULT_SEED, Issuer, generate_crl, ms};

fn main() -> Result<(), Box<dyn Error>> {
    let mut args = std::env::args().skip(1);
    let usage = "usage: gen_crl ENTRIES OUT_DIR [SEED]";
    let entries: usize = args.next().ok_or(usage)?.replace('_', "").parse()?;
    let dir = PathBuf::from(args.next().ok_or(usage)?);
    let seed = match args.next() {
        Some(s) => s.parse()?,
        None => DEFAULT_SEED,
    };
    let start = Instant::now();
    let issuer = Issuer::generate()?;
    let keyed = start.elapsed();
    let crl = generate_crl(&issuer, entries, seed)?;
    let total = start.elapsed();
    std::fs::create_dir_all(&dir)?;
    std::fs::write(dir.join("crl.der"), &crl.der)?;
    std::fs::write(dir.join("ca.pem"), issuer.certificate.to_pem())?;
    println!(
        "entries={entries} bytes={} key_ms={:.0} gen_ms={:.0}",
        crl.der.len(),
        ms(keyed),
        ms(total - keyed)
    );
    Ok(())
}
