//! `jpki_lookup CRL.der CA.pem [SEED]`: `CrlIndex::lookup` times on one CRL file,
//! after `load_verified`.
//!
//! The serials to look up are taken from the CRL itself and shuffled (SEED), and
//! absent ones are drawn at random, all before any timing. Prints one
//! `name_ns=…` line per pattern, the mean over many lookups:
//!
//! * `lookup_warm16_ns`, `lookup_warm1024_ns`: the same 16 (or 1,024) listed
//!   serials over and over: the warm case, index and entries in L1 (or L2)
//!   cache, the cost of the code itself;
//! * `lookup_present_random_ns`: every listed serial once, in random order (the
//!   cold case: the slots and the entry are each a cache and TLB miss once the
//!   CRL and its index outgrow the caches);
//! * `contains_present_random_ns`: the same with `contains` (no entry parsed:
//!   the CRL's bytes are touched only to compare the serial);
//! * `lookup_absent_random_ns`: as many random serials not listed;
//! * `lookup_present_sequential_ns`: every listed serial in serial order;
//! * `memory_latency_ns`: for reference, one dependent read at a random place of
//!   a buffer as large as the CRL (a pointer chase): what one cache and TLB miss
//!   costs on this machine.

use std::collections::HashSet;
use std::error::Error;
use std::hint::black_box;
use std::time::Instant;

use jpki::Certificate;
use jpki::Serial;
use jpki::revocation::crl::{CrlIndex, CrlLimits, load_verified};
use jpki_benches::{DEFAULT_SEED, SplitMix64, ns_each};

/// Looks up every serial of `serials` `rounds` times; the mean in ns and the
/// number found per round.
fn time_lookups(index: &CrlIndex<'_>, serials: &[Serial], rounds: usize) -> (f64, usize) {
    let mut found = 0usize;
    let start = Instant::now();
    for _ in 0..rounds {
        for s in serials {
            found += usize::from(index.lookup(black_box(s)).is_some());
        }
    }
    let elapsed = start.elapsed();
    (
        ns_each(elapsed, serials.len() * rounds),
        found / rounds.max(1),
    )
}

/// A copy of `serials` whose heap bytes lie in the order of the list, so that
/// reading the wanted serials streams through memory: a shuffled `Vec<Serial>`
/// would otherwise add a cache miss of its own to every lookup.
fn packed(serials: &[Serial]) -> Vec<Serial> {
    serials
        .iter()
        .map(|s| Serial::from_bytes(s.as_bytes()))
        .collect()
}

/// The mean time of one dependent read at a random place of a `bytes`-byte
/// buffer: a pointer chase around one random cycle (Sattolo's shuffle).
fn memory_latency_ns(bytes: usize, rng: &mut SplitMix64) -> f64 {
    let len = (bytes / size_of::<usize>()).max(2);
    let mut next: Vec<usize> = (0..len).collect();
    for i in (1..len).rev() {
        let j = rng.index(i);
        next.swap(i, j);
    }
    let steps = 2_000_000;
    let mut at = 0usize;
    let start = Instant::now();
    for _ in 0..steps {
        at = next.get(at).copied().unwrap_or(0);
    }
    black_box(at);
    ns_each(start.elapsed(), steps)
}

fn main() -> Result<(), Box<dyn Error>> {
    let mut args = std::env::args().skip(1);
    let usage = "usage: jpki_lookup CRL.der CA.pem [SEED]";
    let der = std::fs::read(args.next().ok_or(usage)?)?;
    let ca = Certificate::parse(&std::fs::read(args.next().ok_or(usage)?)?)?;
    let seed = match args.next() {
        Some(s) => s.parse()?,
        None => DEFAULT_SEED,
    };
    let index = load_verified(&der, &ca, &CrlLimits::default())?;
    let n = index.len();

    let sorted: Vec<Serial> = index
        .crl()
        .entries()
        .map(|e| e.map(|e| e.serial()))
        .collect::<Result<_, _>>()?;
    let mut rng = SplitMix64::new(seed);
    let mut shuffled = sorted.clone();
    rng.shuffle(&mut shuffled);
    let shuffled = packed(&shuffled);
    let listed: HashSet<&[u8]> = sorted.iter().map(Serial::as_bytes).collect();
    let mut absent = Vec::with_capacity(n);
    while absent.len() < n {
        let s = Serial::from_u64(rng.serial_u64());
        if !listed.contains(s.as_bytes()) {
            absent.push(s);
        }
    }
    drop(listed);

    let mut warm = Vec::new();
    for size in [16, 1024] {
        let hot = shuffled.get(..n.min(size)).unwrap_or_default();
        let rounds = (4_000_000 / hot.len().max(1)).max(1);
        time_lookups(&index, hot, 1);
        let (ns, found) = time_lookups(&index, hot, rounds);
        if found != hot.len() {
            return Err("a warm lookup missed a listed serial".into());
        }
        warm.push((size, ns));
    }
    let (random_ns, random_found) = time_lookups(&index, &shuffled, 1);
    let mut reshuffled = shuffled.clone();
    rng.shuffle(&mut reshuffled);
    let reshuffled = packed(&reshuffled);
    let start = Instant::now();
    let contained = reshuffled
        .iter()
        .filter(|s| index.contains(black_box(s)))
        .count();
    let contains_ns = ns_each(start.elapsed(), n);
    let (absent_ns, absent_found) = time_lookups(&index, &absent, 1);
    let (sequential_ns, sequential_found) = time_lookups(&index, &sorted, 1);

    if random_found != n || contained != n || absent_found != 0 || sequential_found != n {
        return Err("a lookup gave a wrong answer".into());
    }
    println!("entries={n}");
    for (size, ns) in warm {
        println!("lookup_warm{size}_ns={ns:.1}");
    }
    println!("lookup_present_random_ns={random_ns:.1}");
    println!("contains_present_random_ns={contains_ns:.1}");
    println!("lookup_absent_random_ns={absent_ns:.1}");
    println!("lookup_present_sequential_ns={sequential_ns:.1}");
    println!(
        "memory_latency_ns={:.1}",
        memory_latency_ns(der.len(), &mut rng)
    );
    Ok(())
}
