//! `sha256_file FILE`: SHA-256 of one file, the floor any verifying reader must
//! pay (the signature covers nearly the whole CRL).
//!
//! The file is read into memory first; `work_ms` times the hash alone.
//! Prints `work_ms=… sha256=… bytes=…`.

use std::error::Error;
use std::fmt::Write as _;
use std::time::Instant;

use jpki_benches::ms;
use sha2::{Digest, Sha256};

fn main() -> Result<(), Box<dyn Error>> {
    let path = std::env::args().nth(1).ok_or("usage: sha256_file FILE")?;
    let data = std::fs::read(path)?;
    let start = Instant::now();
    let digest = Sha256::digest(&data);
    let elapsed = start.elapsed();
    let hex = digest.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    });
    println!(
        "work_ms={:.3} sha256={hex} bytes={}",
        ms(elapsed),
        data.len()
    );
    Ok(())
}
