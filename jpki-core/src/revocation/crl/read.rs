//! [`load_verified_reader`]: a CRL loaded from a reader, the read overlapped with
//! the work where threads exist.

use core::ops::Range;
use std::io::{self, Read};

use super::index::Table;
#[cfg(not(target_family = "wasm"))]
use super::index::Walker;
use super::{CrlLimits, OwnedCrl, OwnedCrlIndex, PARALLEL_FROM, both, tlv};
use crate::Certificate;
use crate::crypto::{self, HashAlgorithm};
use crate::error::Error;

/// Reads a DER CRL of `len` bytes from `reader` and does what [`load_verified`]
/// does (parse, check that `issuer` issued it, verify its signature, check and
/// index every entry), keeping the bytes: the result is that of
/// [`load_verified`] over everything `reader` yields, as an [`OwnedCrlIndex`].
///
/// The CRL may also be PEM (`-----BEGIN X509 CRL-----`, base64 lines of any
/// width): once read, its first `X509 CRL` block is decoded and loaded as
/// [`OwnedCrl::with_limits`](super::OwnedCrl::with_limits) does; `len` and
/// `limits.max_bytes` then bound the text read, and nothing overlaps the read.
///
/// `len` is the length the caller expects, usually a file's metadata length: the
/// buffer is allocated once at that size. A `len` above `limits.max_bytes` is
/// refused before anything is read ([`Error::CrlTooLarge`]). A reader that ends
/// early gives the error of the truncated CRL, one that yields more than `len`
/// bytes is read on (to `limits.max_bytes`) and judged on all of it.
///
/// Where threads exist (not on `wasm32`) and the CRL is large, the work overlaps
/// the read: this thread reads the CRL in chunks into the buffer, a second
/// thread hashes tbsCertList chunk by chunk, and a third checks and indexes the
/// entries as they arrive; what is left when the last byte is in (the CRL's
/// extensions and signature) is checked then. Errors are those of
/// [`load_verified`], in the same order (a bad signature is reported before any
/// fault of the entries). Nothing is read but from `reader`.
///
/// # Errors
/// The outer `Err` is an error of `reader` (the read stops there); the inner
/// `Err` is what [`load_verified`] reports for the bytes.
///
/// ```no_run
/// use jpki::Certificate;
/// use jpki::revocation::crl::{CrlLimits, load_verified_reader};
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let ca = Certificate::parse(&std::fs::read("ca.pem")?)?;
/// let file = std::fs::File::open("crl.der")?;
/// let len = file.metadata()?.len();
/// let index = load_verified_reader(file, len, &ca, &CrlLimits::default())??;
/// println!("{} revoked", index.borrow().len());
/// # Ok(())
/// # }
/// ```
///
/// [`load_verified`]: super::load_verified
pub fn load_verified_reader<R: Read>(
    mut reader: R,
    len: u64,
    issuer: &Certificate,
    limits: &CrlLimits,
) -> io::Result<Result<OwnedCrlIndex, Error>> {
    let too_large = Error::CrlTooLarge {
        limit: limits.max_bytes,
        unit: "bytes",
    };
    let Some(len) = usize::try_from(len)
        .ok()
        .filter(|_| len <= limits.max_bytes)
    else {
        return Ok(Err(too_large));
    };
    let mut der = vec![0u8; len];
    #[cfg(not(target_family = "wasm"))]
    let (filled, streamed) = if len >= PARALLEL_FROM && u32::try_from(len).is_ok() {
        read_streaming(&mut reader, &mut der, limits)?
    } else {
        (fill(&mut reader, &mut der)?, None)
    };
    #[cfg(target_family = "wasm")]
    let (filled, streamed) = (fill(&mut reader, &mut der)?, None::<Streamed>);
    if filled < len {
        // The reader ended early: judge what it gave.
        der.truncate(filled);
        return Ok(load_owned(der, issuer, limits, None));
    }
    // More than announced? Judge all of it (to the limit).
    let mut extra = Vec::new();
    let allowed = limits
        .max_bytes
        .saturating_sub(u64::try_from(len).unwrap_or(u64::MAX));
    reader
        .by_ref()
        .take(allowed.saturating_add(1))
        .read_to_end(&mut extra)?;
    if !extra.is_empty() {
        if u64::try_from(extra.len()).unwrap_or(u64::MAX) > allowed {
            return Ok(Err(too_large));
        }
        der.extend_from_slice(&extra);
        return Ok(load_owned(der, issuer, limits, None));
    }
    Ok(load_owned(der, issuer, limits, streamed))
}

/// What the threads worked out while the CRL was read, from its first bytes.
#[derive(Debug)]
struct Streamed {
    plan: Plan,
    /// The hash of tbsCertList, when its algorithm was known from the start.
    digest: Option<(HashAlgorithm, Vec<u8>)>,
    /// The slots of the entries and whether they are in order; `None` when the
    /// walk gave up (a fault: the whole buffer is walked again for its error).
    slots: Option<(Vec<[u32; 3]>, bool)>,
}

/// Where the parts of a CRL are, as read from its first bytes alone (checked
/// against the full parse at the end).
#[derive(Clone, Debug, PartialEq, Eq)]
struct Plan {
    tbs: Range<usize>,
    entries: Range<usize>,
    v1: bool,
    hash: Option<HashAlgorithm>,
}

/// Parses the CRL, checks the issuer and the signature, and indexes the entries,
/// taking over the hash and the walk of `streamed` where its plan holds: the
/// errors and the order of [`super::load_verified`].
fn load_owned(
    der: Vec<u8>,
    issuer: &Certificate,
    limits: &CrlLimits,
    streamed: Option<Streamed>,
) -> Result<OwnedCrlIndex, Error> {
    let crl = OwnedCrl::with_limits(der, limits)?;
    let borrowed = crl.borrow();
    let scheme = borrowed.check_issuer(issuer, false)?;
    let header = &crl.header;
    let (digest, slots) = match streamed {
        Some(s)
            if s.plan.tbs == header.tbs
                && s.plan.entries == header.entries
                && s.plan.v1 == (header.version == 1) =>
        {
            (
                s.digest
                    .filter(|(h, _)| *h == scheme.hash())
                    .map(|(_, d)| d),
                // The walk read the entries before the CRL extensions said
                // whether the CRL is indirect: an indirect CRL is walked again.
                s.slots.filter(|_| !borrowed.is_indirect()),
            )
        }
        _ => (None, None),
    };
    let base = header.entries.start;
    let (signature, table) = match (digest, slots) {
        (Some(digest), Some((slots, sorted))) => (
            crypto::verify_digest(
                issuer.public_key_der(),
                scheme,
                &digest,
                borrowed.signature(),
                "CRL",
            ),
            Table::finish(&crl.der, base, slots, sorted, false),
        ),
        (digest, slots) => both(
            || match &digest {
                Some(digest) => crypto::verify_digest(
                    issuer.public_key_der(),
                    scheme,
                    digest,
                    borrowed.signature(),
                    "CRL",
                ),
                None => borrowed.verify_with(issuer, scheme),
            },
            || match slots {
                Some((slots, sorted)) => Table::finish(&crl.der, base, slots, sorted, false),
                None => Table::build(&crl.der, base, borrowed.entries()),
            },
            borrowed.tbs_der().len() >= PARALLEL_FROM,
        ),
    };
    signature?;
    let (table, len) = table?;
    Ok(OwnedCrlIndex { crl, table, len })
}

/// Reads into `buf` until it is full or the reader ends; the bytes read.
fn fill(reader: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while let Some(rest) = buf.get_mut(filled..).filter(|r| !r.is_empty()) {
        match reader.read(rest) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

/// Bytes read per chunk: small enough that the other threads start early and
/// read their bytes from the cache, large enough that handing over is free.
#[cfg(not(target_family = "wasm"))]
const CHUNK: usize = 512 * 1024;

/// A chunk as handed to the threads: its offset in the CRL and its bytes.
#[cfg(not(target_family = "wasm"))]
type Piece<'b> = (usize, &'b [u8]);

/// Reads `reader` into `der` chunk by chunk, handing each chunk to a hashing and
/// an indexing thread as soon as it is in. Returns the bytes read and what the
/// threads worked out (`None` when the first chunk did not show the layout).
#[cfg(not(target_family = "wasm"))]
fn read_streaming<'b>(
    reader: &mut impl Read,
    der: &'b mut [u8],
    limits: &CrlLimits,
) -> io::Result<(usize, Option<Streamed>)> {
    use std::sync::mpsc;

    let total = der.len();
    let mut chunks = der.chunks_mut(CHUNK);
    let Some(first) = chunks.next() else {
        return Ok((0, None));
    };
    let mut filled = fill(reader, first)?;
    if filled < first.len() {
        return Ok((filled, None));
    }
    let first: &[u8] = first;
    let plan = match plan(first, total) {
        Some(plan) => plan,
        None => {
            for chunk in chunks {
                let got = fill(reader, chunk)?;
                filled += got;
                if got < chunk.len() {
                    break;
                }
            }
            return Ok((filled, None));
        }
    };
    std::thread::scope(|s| {
        let (to_hash, hash_rx) = mpsc::channel::<Piece<'_>>();
        let (to_walk, walk_rx) = mpsc::channel::<Piece<'_>>();
        let tbs = plan.tbs.clone();
        let hasher = plan.hash.map(|algorithm| {
            s.spawn(move || {
                let mut h = crypto::Hasher::new(algorithm);
                for (offset, chunk) in hash_rx {
                    let end = offset + chunk.len();
                    let (lo, hi) = (offset.max(tbs.start), end.min(tbs.end));
                    if let Some(part) =
                        chunk.get(lo.saturating_sub(offset)..hi.saturating_sub(offset))
                    {
                        h.update(part);
                    }
                }
                (algorithm, h.finish())
            })
        });
        let mode = super::entry::Mode {
            v1: plan.v1,
            indirect: false,
        };
        let mut walker = Walker::new(plan.entries.clone(), mode, limits.max_entries);
        let walk = s.spawn(move || {
            let mut ok = true;
            for (offset, chunk) in walk_rx {
                ok = ok && walker.feed(offset, chunk).is_ok();
            }
            if ok { walker.finish().ok() } else { None }
        });
        let to_hash = plan.hash.is_some().then_some(to_hash);
        // A thread that is gone (it panicked) is reported when joined.
        let send = |piece: Piece<'b>| {
            if let Some(to_hash) = &to_hash {
                let _ = to_hash.send(piece);
            }
            let _ = to_walk.send(piece);
        };
        send((0, first));
        let mut result = Ok(());
        for chunk in chunks {
            let offset = filled;
            match fill(reader, chunk) {
                Ok(got) => {
                    filled += got;
                    let chunk: &[u8] = chunk;
                    send((offset, chunk.get(..got).unwrap_or_default()));
                    if got < chunk.len() {
                        break;
                    }
                }
                Err(e) => {
                    result = Err(e);
                    break;
                }
            }
        }
        drop((to_hash, to_walk));
        let digest = hasher.map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)));
        let slots = walk.join().unwrap_or_else(|p| std::panic::resume_unwind(p));
        result.map(|()| {
            (
                filled,
                Some(Streamed {
                    plan,
                    digest,
                    slots,
                }),
            )
        })
    })
}

/// The layout of a CRL of `total` bytes as its first bytes tell: where
/// tbsCertList and the entry list are, whether it is v1 and the hash of its
/// signature algorithm. `None` when the first bytes do not tell (the CRL is then
/// loaded without overlapping).
#[cfg_attr(target_family = "wasm", allow(dead_code))]
fn plan(first: &[u8], total: usize) -> Option<Plan> {
    let (tag, len, header) = tlv::header(first).ok()?;
    if tag != tlv::SEQUENCE || header.checked_add(len)? != total {
        return None;
    }
    let body = first.get(header..)?;
    let (tag, len, tbs_header) = tlv::header(body).ok()?;
    if tag != tlv::SEQUENCE {
        return None;
    }
    let tbs = header..header.checked_add(tbs_header)?.checked_add(len)?;
    if tbs.end > total {
        return None;
    }
    let mut r = body.get(tbs_header..)?;
    let mut v1 = true;
    if let Ok((tlv::INTEGER, _, rest)) = tlv::read(r) {
        v1 = false;
        r = rest;
    }
    let (tag, algorithm, rest) = tlv::read(r).ok()?;
    if tag != tlv::SEQUENCE {
        return None;
    }
    let hash = hash_of(algorithm);
    r = rest;
    // issuer, thisUpdate, nextUpdate
    let (_, _, rest) = tlv::read(r).ok()?;
    let (_, _, rest) = tlv::read(rest).ok()?;
    r = rest;
    if let Ok((tlv::UTC_TIME | tlv::GENERALIZED_TIME, _, rest)) = tlv::read(r) {
        r = rest;
    }
    let (tag, len, list_header) = tlv::header(r).ok()?;
    if tag != tlv::SEQUENCE {
        return None;
    }
    let start = (first.len() - r.len()).checked_add(list_header)?;
    let entries = start..start.checked_add(len)?;
    (entries.end <= tbs.end).then_some(Plan {
        tbs,
        entries,
        v1,
        hash,
    })
}

/// The hash of the signature algorithm whose AlgorithmIdentifier content is
/// `body`, if it is one this crate verifies.
#[cfg_attr(target_family = "wasm", allow(dead_code))]
fn hash_of(body: &[u8]) -> Option<HashAlgorithm> {
    let (oid, params) = tlv::expect(body, tlv::OID, "").ok()?;
    let oid = crate::oid::Oid(const_oid::ObjectIdentifier::from_bytes(oid).ok()?);
    let params = if params.is_empty() {
        None
    } else {
        Some(tlv::read_whole(params).ok()?.2)
    };
    crypto::SignatureScheme::from_algorithm(&oid, params, None)
        .ok()
        .map(crypto::SignatureScheme::hash)
}
