//! `rsa_verify [SECONDS]` (default 3): raw RSA-2048 RSASSA-PKCS1-v1_5 SHA-256
//! verification rate with a prepared key, one thread, under each provider built in
//! (`rustcrypto` and `ring`; this crate turns on jpki-core's `ring` feature), as `openssl
//! speed rsa2048` measures OpenSSL's. One simulator key and one signature over a
//! 36-byte message (OpenSSL signs 36 bytes too); the key is prepared once, outside
//! the timing. Prints one line per provider:
//! `provider=… verify_per_s=… us_per_verify=… cpu_verify_per_s=…`.
//!
//! `verify_per_s` divides by wall-clock time (as `openssl speed -elapsed`);
//! `cpu_verify_per_s` by the thread's user CPU time (Linux:
//! `/proc/thread-self/stat`, in ticks of `CLK_TCK` read from the environment,
//! default 100; wall time again without `/proc`). On a shared virtual machine the
//! CPU time is coarse and may count stolen time, so `rsa_compare.sh` compares wall
//! rates, taken in turns with OpenSSL's.
//!
//! Used by `rsa_compare.sh`.

use std::error::Error;
use std::hint::black_box;
use std::time::{Duration, Instant};

use jpki::crypto::{HashAlgorithm, PreparedKey, Provider, SignatureScheme};
use jpki::sim::SimKey;

/// This thread's user CPU time in seconds, if `/proc` tells it.
fn user_cpu_seconds(ticks_per_s: f64) -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    // Fields after the command name in parentheses: state is field 3, utime 14.
    let rest = stat.get(stat.rfind(')')? + 1..)?;
    let utime: u32 = rest.split_whitespace().nth(11)?.parse().ok()?;
    Some(f64::from(utime) / ticks_per_s)
}

/// Verifications per second: (by user CPU time, by wall time).
struct Rate {
    cpu: f64,
    wall: f64,
}

/// Verifies for `budget` of wall time, checking the clock every 64 verifications.
fn rate(
    key: &PreparedKey,
    message: &[u8],
    signature: &[u8],
    budget: Duration,
    ticks_per_s: f64,
) -> Rate {
    let scheme = SignatureScheme::Pkcs1v15(HashAlgorithm::Sha256);
    let cpu_start = user_cpu_seconds(ticks_per_s);
    let start = Instant::now();
    let mut count: u32 = 0;
    loop {
        for _ in 0..64 {
            let ok = key.verify(scheme, black_box(message), black_box(signature), "bench");
            assert!(ok.is_ok(), "the signature must verify");
        }
        count += 64;
        let elapsed = start.elapsed();
        if elapsed >= budget {
            let wall = f64::from(count) / elapsed.as_secs_f64();
            let cpu = match (cpu_start, user_cpu_seconds(ticks_per_s)) {
                (Some(a), Some(b)) if b > a => f64::from(count) / (b - a),
                _ => wall,
            };
            return Rate { cpu, wall };
        }
    }
}

fn main() -> Result<(), Box<dyn Error>> {
    let seconds: f64 = match std::env::args().nth(1) {
        Some(s) => s.parse()?,
        None => 3.0,
    };
    let budget = Duration::from_secs_f64(seconds);
    let ticks_per_s: f64 = match std::env::var("CLK_TCK") {
        Ok(s) => s.parse()?,
        Err(_) => 100.0,
    };
    let key = SimKey::generate(2048)?;
    let spki = key.public_key_der()?;
    let message = [0x5a_u8; 36];
    let signature = key.sign_sha256(&message)?;

    // This crate turns on jpki-core's `ring` feature.
    let providers: [&dyn Provider; 2] = [&jpki::crypto::RustCrypto, &jpki::crypto::Ring];
    for provider in providers {
        let prepared = provider.prepare(&spki)?;
        // Warm up (page in, caches, CPU frequency) before the timed run.
        rate(
            &prepared,
            &message,
            &signature,
            Duration::from_millis(300),
            ticks_per_s,
        );
        let r = rate(&prepared, &message, &signature, budget, ticks_per_s);
        println!(
            "provider={} verify_per_s={:.0} us_per_verify={:.2} cpu_verify_per_s={:.0}",
            provider.name(),
            r.wall,
            1e6 / r.wall,
            r.cpu
        );
    }
    Ok(())
}
