//! The serial index of a CRL: one slot per entry in serial order, and a bucket
//! directory over the key range.
//!
//! * A slot is 12 bytes: a 64-bit key and the entry's offset in the CRL's DER.
//!   The key is the serial's length (top byte, capped at 255) and its first 7
//!   bytes, so that keys order like the serials they come from (as integers:
//!   shorter minimal encodings first, then bytewise); equal keys are told apart
//!   by comparing the serial bytes in the CRL.
//! * `dir[b]` is the first slot whose key falls in bucket `b` or later, where a
//!   bucket is `(key - min) >> shift`, with about 8 entries per bucket.
//!
//! The walk that checks the entries appends slots sequentially, with no random
//! access: when the CRL lists its entries in ascending serial order (as OpenSSL
//! and the simulator write them), nothing needs sorting; otherwise the slots are
//! sorted once. A lookup reads one directory slot, bisects the few slots of one
//! bucket (one or two cache lines), then compares the serial bytes in the CRL:
//! constant time for evenly spread serials (sequential or random), and never
//! worse than a bisection of all entries, whatever the serials. The index takes
//! 12 bytes per entry plus at most 0.5 for the directory, however the CRL was
//! crafted: unlike a hash table with a public hash, there is nothing to flood.

use core::cmp::Ordering;

use super::entry::{self, Entries};
use super::tlv;
use crate::error::Error;

/// The index of one CRL.
#[derive(Clone, Debug, Default)]
pub(super) struct Table {
    /// Per entry in serial order: the key's high and low halves and the offset,
    /// side by side so that one cache line serves both the search and the entry.
    slots: Vec<[u32; 3]>,
    dir: Vec<u32>,
    min: u64,
    shift: u32,
}

/// One slot: a key and an entry offset.
#[inline]
fn slot(key: u64, offset: u32) -> [u32; 3] {
    [
        u32::try_from(key >> 32).unwrap_or(0),
        u32::try_from(key & 0xffff_ffff).unwrap_or(0),
        offset,
    ]
}

/// The key of a slot.
#[inline]
fn key(slot: &[u32; 3]) -> u64 {
    (u64::from(slot[0]) << 32) | u64::from(slot[1])
}

/// Compares serials given as minimal big-endian bytes, as integers.
#[inline]
pub(super) fn cmp_serial(a: &[u8], b: &[u8]) -> Ordering {
    a.len().cmp(&b.len()).then_with(|| a.cmp(b))
}

/// The 64-bit key of minimal serial bytes: `len` (capped at 255) in the top byte,
/// then the first 7 bytes. `key(a) < key(b)` implies `a < b` as integers.
#[inline]
pub(super) fn key_of(serial: &[u8]) -> u64 {
    let len = u64::try_from(serial.len()).unwrap_or(u64::MAX).min(255);
    let (prefix, taken) = serial.iter().take(7).fold((0u64, 0u32), |(acc, n), b| {
        ((acc << 8) | u64::from(*b), n + 1)
    });
    (len << 56) | (prefix << (8 * (7 - taken)))
}

/// Entries per directory bucket aimed at.
const PER_BUCKET: usize = 8;

impl Table {
    /// Walks every entry of `entries` (which starts at byte `base` of `der`),
    /// checking each, and indexes their serials. Duplicate serials are refused.
    pub(super) fn build(
        der: &[u8],
        base: usize,
        mut entries: Entries<'_>,
    ) -> Result<(Self, usize), Error> {
        if u32::try_from(der.len()).is_err() {
            return Err(Error::CrlTooLarge {
                limit: u64::from(u32::MAX),
                unit: "bytes (index offsets are 32-bit)",
            });
        }
        // An entry takes at least 17 bytes; reserving for the most entries the
        // list can hold costs address space only until written.
        let most = (entries.rest.len() / 17 + 1).min(entries.max_entries);
        let mut slots: Vec<[u32; 3]> = Vec::with_capacity(most);
        let mut sorted = true;
        let mut previous: Option<(u64, &[u8])> = None;
        let mut offset = base;
        // An indirect CRL may list one serial for several certificate issuers.
        let indirect = entries.mode.indirect;
        while let Some(item) = entries.next_sized() {
            let (entry, size) = item?;
            if entry.negative {
                // Matches no certificate: read and checked, not indexed.
                offset += size;
                continue;
            }
            let k = key_of(entry.serial);
            if sorted && let Some((previous_key, serial)) = previous {
                match previous_key
                    .cmp(&k)
                    .then_with(|| cmp_serial(serial, entry.serial))
                {
                    Ordering::Less => {}
                    Ordering::Equal if indirect => {}
                    Ordering::Equal => {
                        return Err(Error::CrlEntry {
                            index: slots.len(),
                            what: "duplicate serial",
                        });
                    }
                    Ordering::Greater => sorted = false,
                }
            }
            previous = Some((k, entry.serial));
            slots.push(slot(k, u32::try_from(offset).unwrap_or(0)));
            offset += size;
        }
        Self::finish(der, base, slots, sorted, indirect)
    }

    /// The index of the slots of a walk over the entries (which start at byte
    /// `base` of `der`): sorts them unless `sorted` (refusing duplicate serials)
    /// and adds the directory.
    pub(super) fn finish(
        der: &[u8],
        base: usize,
        mut slots: Vec<[u32; 3]>,
        sorted: bool,
        duplicates_allowed: bool,
    ) -> Result<(Self, usize), Error> {
        let n = slots.len();
        if !sorted {
            sort(der, base, &mut slots, duplicates_allowed)?;
        }
        slots.shrink_to_fit();
        Ok((Self::with_directory(slots), n))
    }

    /// Adds the bucket directory to sorted slots.
    fn with_directory(slots: Vec<[u32; 3]>) -> Self {
        let (Some(first), Some(last)) = (slots.first(), slots.last()) else {
            return Self::default();
        };
        let (min, max) = (key(first), key(last));
        let want = u64::try_from((slots.len() / PER_BUCKET).max(1).next_power_of_two())
            .unwrap_or(u64::MAX);
        let range = max - min;
        let mut shift = 0u32;
        while range.checked_shr(shift).unwrap_or(0) >= want {
            shift += 1;
        }
        let buckets = usize::try_from(range.checked_shr(shift).unwrap_or(0)).unwrap_or(0) + 1;
        let mut dir = Vec::with_capacity(buckets + 1);
        let mut i = 0usize;
        for b in 0..=buckets {
            while slots.get(i).is_some_and(|s| bucket(key(s), min, shift) < b) {
                i += 1;
            }
            dir.push(u32::try_from(i).unwrap_or(u32::MAX));
        }
        Self {
            slots,
            dir,
            min,
            shift,
        }
    }

    /// The offset of the entry for `serial`.
    #[inline]
    pub(super) fn find(&self, der: &[u8], serial: &[u8]) -> Option<usize> {
        let k = key_of(serial);
        if k < self.min {
            return None;
        }
        let b = bucket(k, self.min, self.shift);
        let lo = usize::try_from(*self.dir.get(b)?).ok()?;
        let hi = usize::try_from(*self.dir.get(b + 1)?).ok()?;
        let in_bucket = self.slots.get(lo..hi)?;
        // Buckets hold a few slots: counting is branch-free and vectorizes;
        // only a bucket swollen by unevenly spread serials is bisected.
        let first = if in_bucket.len() <= 32 {
            in_bucket.iter().filter(|s| key(s) < k).count()
        } else {
            in_bucket.partition_point(|s| key(s) < k)
        };
        let run = in_bucket.get(first..)?;
        let run = match run {
            [a, b, ..] if key(a) == k && key(b) == k => {
                run.get(..run.partition_point(|s| key(s) == k))?
            }
            [a, ..] if key(a) == k => run.get(..1)?,
            _ => return None,
        };
        let [_, _, offset] = match run {
            [only] => *only,
            // Keys alike (long serials sharing 7 bytes): bisect on the bytes.
            _ => *run.get(
                run.binary_search_by(|s| {
                    cmp_serial(serial_in(der, s[2]).unwrap_or_default(), serial)
                })
                .ok()?,
            )?,
        };
        (serial_in(der, offset) == Some(serial)).then_some(usize::try_from(offset).ok()?)
    }

    /// Bytes the index itself occupies.
    pub(super) fn heap_bytes(&self) -> usize {
        self.slots.capacity() * 12 + self.dir.capacity() * 4
    }
}

/// The most bytes of one entry that a [`Walker`] copies to join its pieces
/// across two chunks; a longer entry ends the walk (the caller then walks the
/// whole buffer with [`Table::build`]).
const MOST_CARRIED: usize = 64 * 1024;

/// The walk of [`Table::build`] over bytes that arrive in chunks, in order: fed
/// each chunk as soon as it is read, it checks and indexes the entries while the
/// rest of the CRL is still being read.
///
/// It gives up (`Err(())`) at the first entry that [`Table::build`] would refuse
/// (malformed, a duplicate serial while the entries are in order, too many
/// entries) or that is too long to join: the caller then runs [`Table::build`]
/// on the whole buffer, for its exact error. When it succeeds, its slots are
/// those [`Table::build`] makes of the same bytes: each entry is checked by the
/// same [`entry::parse`], on its complete bytes.
#[cfg_attr(target_family = "wasm", allow(dead_code))]
pub(super) struct Walker<'b> {
    /// The content of revokedCertificates, as offsets in the whole CRL.
    list: core::ops::Range<usize>,
    mode: entry::Mode,
    max_entries: usize,
    /// The offset of the next entry.
    at: usize,
    /// The first bytes of an entry that the last chunk cut (the entry starts at
    /// `at`).
    carry: Vec<u8>,
    slots: Vec<[u32; 3]>,
    sorted: bool,
    previous: Previous<'b>,
    /// The serial of the previous entry when it was joined from two chunks.
    previous_copy: Vec<u8>,
}

/// Where the previous entry's serial is.
#[derive(Clone, Copy)]
enum Previous<'b> {
    None,
    In(u64, &'b [u8]),
    Copied(u64),
}

#[cfg_attr(target_family = "wasm", allow(dead_code))]
impl<'b> Walker<'b> {
    /// A walk over the entry list `list` (offsets in the whole CRL).
    pub(super) fn new(
        list: core::ops::Range<usize>,
        mode: entry::Mode,
        max_entries: usize,
    ) -> Self {
        let most = (list.len() / 17 + 1).min(max_entries);
        Self {
            at: list.start,
            list,
            mode,
            max_entries,
            carry: Vec::new(),
            slots: Vec::with_capacity(most),
            sorted: true,
            previous: Previous::None,
            previous_copy: Vec::new(),
        }
    }

    /// Walks the entries in `chunk`, the bytes at `offset` of the CRL, which
    /// follow the bytes of the previous call.
    pub(super) fn feed(&mut self, offset: usize, chunk: &'b [u8]) -> Result<(), ()> {
        let end = offset + chunk.len();
        let (lo, hi) = (offset.max(self.list.start), end.min(self.list.end));
        if lo >= hi {
            return Ok(());
        }
        let mut window = chunk.get(lo - offset..hi - offset).ok_or(())?;
        let last = hi == self.list.end;
        if !self.carry.is_empty() {
            // Complete the entry the previous chunk cut.
            loop {
                let need = match tlv::header(&self.carry) {
                    Ok((_, len, header)) => {
                        (header.checked_add(len).ok_or(())?).saturating_sub(self.carry.len())
                    }
                    Err(tlv::TRUNCATED) => 1,
                    Err(_) => return Err(()),
                };
                if need == 0 {
                    break;
                }
                if self.carry.len() + need > MOST_CARRIED {
                    return Err(());
                }
                let (taken, rest) = window.split_at(need.min(window.len()));
                self.carry.extend_from_slice(taken);
                window = rest;
                if taken.len() < need {
                    return if last { Err(()) } else { Ok(()) };
                }
            }
            let carry = core::mem::take(&mut self.carry);
            let (entry, rest) = entry::parse(&carry, self.mode).map_err(|_| ())?;
            // A negative serial, or an indirect CRL: the whole walk of
            // Table::build decides.
            if !rest.is_empty()
                || self.slots.len() >= self.max_entries
                || entry.negative
                || self.mode.indirect
            {
                return Err(());
            }
            let k = key_of(entry.serial);
            self.order(k, entry.serial)?;
            self.previous_copy.clear();
            self.previous_copy.extend_from_slice(entry.serial);
            self.previous = Previous::Copied(k);
            self.slots
                .push(slot(k, u32::try_from(self.at).map_err(|_| ())?));
            self.at += carry.len();
            self.carry = carry;
            self.carry.clear();
        }
        while !window.is_empty() {
            if self.slots.len() >= self.max_entries {
                return Err(());
            }
            match entry::parse(window, self.mode) {
                Ok((entry, _)) if entry.negative || self.mode.indirect => return Err(()),
                Ok((entry, rest)) => {
                    let k = key_of(entry.serial);
                    self.order(k, entry.serial)?;
                    self.previous = Previous::In(k, entry.serial);
                    self.slots
                        .push(slot(k, u32::try_from(self.at).map_err(|_| ())?));
                    self.at += window.len() - rest.len();
                    window = rest;
                }
                Err(_) => {
                    // Cut by the chunk's end, or refused?
                    let cut = match tlv::header(window) {
                        Ok((_, len, header)) => header.saturating_add(len) > window.len(),
                        Err(f) => f == tlv::TRUNCATED,
                    };
                    if last || !cut || window.len() > MOST_CARRIED {
                        return Err(());
                    }
                    self.carry.extend_from_slice(window);
                    return Ok(());
                }
            }
        }
        Ok(())
    }

    /// Checks the order of the entry of key `k` and `serial` after the previous
    /// one, as [`Table::build`] does.
    #[inline]
    fn order(&mut self, k: u64, serial: &[u8]) -> Result<(), ()> {
        if !self.sorted {
            return Ok(());
        }
        let (previous_key, previous) = match self.previous {
            Previous::None => return Ok(()),
            Previous::In(k, s) => (k, s),
            Previous::Copied(k) => (k, self.previous_copy.as_slice()),
        };
        match previous_key
            .cmp(&k)
            .then_with(|| cmp_serial(previous, serial))
        {
            Ordering::Less => Ok(()),
            Ordering::Equal => Err(()),
            Ordering::Greater => {
                self.sorted = false;
                Ok(())
            }
        }
    }

    /// The slots and whether they are in serial order, once every chunk was fed;
    /// `Err(())` when the last entry is incomplete.
    pub(super) fn finish(self) -> Result<(Vec<[u32; 3]>, bool), ()> {
        if self.at == self.list.end && self.carry.is_empty() {
            Ok((self.slots, self.sorted))
        } else {
            Err(())
        }
    }
}

/// The directory bucket of `key` (`key >= min`).
#[inline]
fn bucket(key: u64, min: u64, shift: u32) -> usize {
    usize::try_from(key.saturating_sub(min).checked_shr(shift).unwrap_or(0)).unwrap_or(usize::MAX)
}

/// Sorts the slots of a CRL that does not list its entries in order, and
/// refuses duplicate serials unless `duplicates_allowed` (an indirect CRL).
fn sort(
    der: &[u8],
    base: usize,
    slots: &mut [[u32; 3]],
    duplicates_allowed: bool,
) -> Result<(), Error> {
    let serial = |s: &[u32; 3]| serial_in(der, s[2]).unwrap_or_default();
    // By key alone (fast), then each run of equal keys (rare) by its bytes.
    slots.sort_unstable_by_key(key);
    let mut start = 0;
    while start < slots.len() {
        let k = slots.get(start).map(key);
        let len = slots.get(start..).map_or(1, |rest| {
            rest.iter().take_while(|s| Some(key(s)) == k).count()
        });
        if len > 1
            && let Some(run) = slots.get_mut(start..start + len)
        {
            run.sort_unstable_by(|a, b| cmp_serial(serial(a), serial(b)));
        }
        start += len.max(1);
    }
    if duplicates_allowed {
        return Ok(());
    }
    if let Some(pair) = slots.windows(2).find(|w| match w {
        [a, b] => key(a) == key(b) && serial(a) == serial(b),
        _ => false,
    }) {
        // Report the later of the two in list order.
        let later = pair.iter().map(|s| s[2]).max().unwrap_or(0);
        return Err(Error::CrlEntry {
            index: entries_before(der, base, later),
            what: "duplicate serial",
        });
    }
    Ok(())
}

/// The serial of the entry at `offset`.
#[inline]
fn serial_in(der: &[u8], offset: u32) -> Option<&[u8]> {
    entry::serial_at(der.get(usize::try_from(offset).ok()?..)?)
}

/// How many entries precede the one at `offset` (for error reports only).
fn entries_before(der: &[u8], base: usize, offset: u32) -> usize {
    let Ok(offset) = usize::try_from(offset) else {
        return 0;
    };
    let mut at = base;
    let mut count = 0;
    while at < offset {
        let Some(Ok((_, _, after))) = der.get(at..).map(tlv::read) else {
            break;
        };
        at = der.len() - after.len();
        count += 1;
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_order_like_serials() {
        let serials: [&[u8]; 8] = [
            &[],
            &[0x01],
            &[0x80],
            &[0x01, 0x00],
            &[0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08],
            &[0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x09],
            &[0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x08, 0x00],
            &[0x01; 20],
        ];
        for w in serials.windows(2) {
            assert_eq!(cmp_serial(w[0], w[1]), Ordering::Less);
            assert!(key_of(w[0]) <= key_of(w[1]));
        }
        assert_eq!(key_of(serials[4]), key_of(serials[5]));
        assert_eq!(key_of(&[0x01, 0x02]), (2 << 56) | (0x0102 << 40));
    }

    #[test]
    fn directory() {
        // Every key lies in the slot range its bucket names.
        let keys: Vec<u64> = (0..1000u64).map(|i| (4 << 56) | (i * i * 977)).collect();
        let t = Table::with_directory(keys.iter().map(|k| slot(*k, 0)).collect());
        assert!(t.dir.len() <= 1000 / PER_BUCKET + 2);
        for (i, k) in keys.iter().enumerate() {
            assert_eq!(key(&t.slots[i]), *k);
            let b = bucket(*k, t.min, t.shift);
            let (lo, hi) = (
                usize::try_from(t.dir[b]).unwrap(),
                usize::try_from(t.dir[b + 1]).unwrap(),
            );
            assert!((lo..hi).contains(&i), "{i}");
        }
        assert_eq!(Table::with_directory(Vec::new()).dir.len(), 0);
    }
}
