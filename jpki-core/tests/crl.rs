//! CRLs end to end: the simulator's per-municipality partitions and authority
//! revocation lists read back (scope, signature, index, lazy walk), CRLs made by
//! the `openssl` CLI read entry by entry and compared with `openssl crl -text`,
//! every refusal with its specific error, and a 100,000-entry CRL.
//!
//! `openssl` is required: a missing binary fails the interop test (the README's
//! test command installs it).

#![cfg(feature = "sim")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::{Mutex, OnceLock};

use jpki::Certificate;
use jpki::Date;
use jpki::Error;
use jpki::Serial;
use jpki::Sex;
use jpki::Time;
use jpki::cert::GeneralName;
use jpki::revocation::RevocationReason;
use jpki::revocation::crl::{
    BorrowedCrl, CrlLimits, OwnedCrl, OwnedCrlIndex, RevokedEntry, load_verified,
    load_verified_reader, pem_to_der,
};
use jpki::sim::{
    Authority, AuthorityOptions, CrlBuilder, CrlScope, Event, Purpose, RegisterRecord, SimKey,
    crl_partition_dn,
};

fn at() -> Time {
    Time::parse_rfc3339("2026-11-21T10:00:00+09:00").unwrap()
}

/// When the move is recorded, and when the CRLs are issued.
fn revoked_at() -> Time {
    at().add_seconds(3600)
}

fn issued_at() -> Time {
    at().add_seconds(7200)
}

const DAY: u64 = 86_400;

struct Fixture {
    authority: Mutex<Authority>,
    /// Another key, to sign CRLs no CA signs.
    other_key: SimKey,
    /// Tokyo, generation 2, revoked by a move.
    moved: Certificate,
    /// Tokyo, generation 2, still valid.
    stayed: Certificate,
    /// Osaka, generation 2.
    osaka: Certificate,
    /// Tokyo, generation 1.
    old_generation: Certificate,
    /// Tokyo's signing CRL of generation 2 and of generation 1.
    tokyo: Vec<u8>,
    tokyo_gen1: Vec<u8>,
    gen1: Certificate,
    gen2: Certificate,
}

fn resident(name: &str, address: &str) -> RegisterRecord {
    RegisterRecord {
        name: name.into(),
        birth_date: Date::parse_iso("1970-05-05").unwrap(),
        sex: Sex::Female,
        address: address.into(),
        prefecture: None,
        municipality: None,
    }
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let keys = std::thread::spawn(|| {
            (
                SimKey::generate(2048).unwrap(),
                SimKey::generate(2048).unwrap(),
            )
        });
        let mut authority = Authority::new(AuthorityOptions::default(), at()).unwrap();
        let (card_key, other_key) = keys.join().unwrap();
        let spki = card_key.public_key_der().unwrap();
        let mut issue = |who: &RegisterRecord, generation: usize| {
            authority
                .issue_from_generation(who, &spki, Purpose::Signing, generation, at())
                .unwrap()
        };
        let tokyo_a = resident("東京 一郎", "東京都千代田区霞が関1丁目1番1号");
        let tokyo_b = resident("東京 二郎", "東京都千代田区霞が関2丁目2番2号");
        let osaka_c = resident("大阪 三郎", "大阪府大阪市北区中之島1丁目3番20号");
        let tokyo_d = resident("東京 四郎", "東京都千代田区霞が関3丁目3番3号");
        let moved = issue(&tokyo_a, 2);
        let stayed = issue(&tokyo_b, 2);
        let osaka = issue(&osaka_c, 2);
        let old_generation = issue(&tokyo_d, 1);
        let outcome = authority
            .apply_event(moved.serial(), Event::Move, revoked_at())
            .unwrap();
        assert_eq!(outcome.revoked.len(), 1);
        // Osaka's certificate is revoked too: it must not appear on Tokyo's CRL.
        authority
            .apply_event(osaka.serial(), Event::KeyCompromise, revoked_at())
            .unwrap();
        authority
            .apply_event(old_generation.serial(), Event::Voluntary, revoked_at())
            .unwrap();
        let tokyo = authority
            .crl(
                Purpose::Signing,
                2,
                ("Tokyo-to", "千代田区"),
                issued_at(),
                DAY,
            )
            .unwrap();
        let tokyo_gen1 = authority
            .crl(
                Purpose::Signing,
                1,
                ("Tokyo-to", "千代田区"),
                issued_at(),
                DAY,
            )
            .unwrap();
        let generation = |i: usize| {
            authority
                .generations_of(Purpose::Signing)
                .find(|g| g.index() == i)
                .unwrap()
                .certificate()
                .clone()
        };
        let (gen1, gen2) = (generation(1), generation(2));
        Fixture {
            authority: Mutex::new(authority),
            other_key,
            moved,
            stayed,
            osaka,
            old_generation,
            tokyo,
            tokyo_gen1,
            gen1,
            gen2,
        }
    })
}

fn dir_name(names: &[GeneralName]) -> String {
    match names {
        [GeneralName::DirectoryName(dn)] => dn.to_string(),
        other => panic!("expected one directoryName, got {other:?}"),
    }
}

#[test]
fn simulator_partition_crl_round_trip() {
    let f = fixture();
    let crl = BorrowedCrl::from_der(&f.tokyo).unwrap();
    assert_eq!(crl.version(), 2);
    assert_eq!(crl.issuer().der(), f.gen2.subject().der());
    assert_eq!(crl.this_update(), issued_at());
    assert_eq!(crl.next_update(), Some(issued_at().add_seconds(DAY)));
    assert!(crl.crl_number().is_some());
    assert_eq!(crl.authority_key_id(), f.gen2.subject_key_id());
    assert!(!crl.is_delta());
    let idp = crl.issuing_distribution_point().unwrap();
    assert_eq!(
        dir_name(&idp.full_name),
        "C=JP, O=JPKI, OU=JPKI for digital signature, OU=CRL Distribution Points, OU=Tokyo-to, CN=千代田区 CRLDP"
    );
    assert!(idp.only_user_certs && !idp.only_ca_certs && !idp.indirect_crl);
    assert_eq!(
        crl.extensions()
            .iter()
            .map(|e| (e.oid.to_dotted(), e.critical))
            .collect::<Vec<_>>(),
        [
            ("2.5.29.35".to_owned(), false),
            ("2.5.29.20".to_owned(), false),
            ("2.5.29.28".to_owned(), true),
        ]
    );
    // The same directoryName the certificates carry as their CRL DP.
    assert_eq!(
        dir_name(&f.moved.crl_distribution_points()[0].full_name),
        dir_name(&idp.full_name)
    );

    // The move is listed with its reason and time, and nothing else of Tokyo's.
    let entries: Vec<RevokedEntry<'_>> = crl.entries().collect::<Result<_, _>>().unwrap();
    assert_eq!(entries.len(), 1);
    let e = entries[0];
    assert_eq!(&e.serial(), f.moved.serial());
    assert_eq!(e.reason, Some(RevocationReason::AffiliationChanged));
    assert_eq!(e.revocation_date, revoked_at());
    assert_eq!(e.invalidity_date, None);

    // Scope: Tokyo's end entities of generation 2 only.
    assert!(crl.covers(&f.moved));
    assert!(crl.covers(&f.stayed));
    assert!(!crl.covers(&f.osaka), "another municipality's partition");
    assert!(
        !crl.covers(&f.gen2),
        "a CA certificate (onlyContainsUserCerts)"
    );
    assert!(!crl.covers(&f.old_generation), "another CA generation");

    // Signature: the issuing generation only.
    crl.verify_signature(&f.gen2).unwrap();
    assert!(matches!(
        crl.verify_signature(&f.gen1),
        Err(Error::CrlKeyIdMismatch { .. })
    ));
    assert!(matches!(
        crl.verify_signature(&f.moved),
        Err(Error::CrlIssuerMismatch { .. })
    ));

    // Index, lazy walk and linear scan agree.
    let index = crl.index().unwrap();
    assert_eq!(index.len(), 1);
    assert!(!index.is_empty());
    assert_eq!(index.lookup(f.moved.serial()), Some(e));
    assert_eq!(crl.find(f.moved.serial()).unwrap(), Some(e));
    for absent in [
        f.stayed.serial(),
        f.osaka.serial(),
        f.old_generation.serial(),
    ] {
        assert_eq!(index.lookup(absent), None);
        assert!(!index.contains(absent));
        assert_eq!(crl.find(absent).unwrap(), None);
    }
    let verified = load_verified(&f.tokyo, &f.gen2, &CrlLimits::default()).unwrap();
    assert_eq!(verified.lookup(f.moved.serial()), Some(e));

    // The owned twins.
    let owned = OwnedCrl::from_der(f.tokyo.clone()).unwrap();
    assert_eq!(owned.der(), f.tokyo.as_slice());
    assert_eq!(owned.borrow().issuer(), crl.issuer());
    let owned_index = owned.into_index().unwrap();
    assert_eq!(owned_index.borrow().lookup(f.moved.serial()), Some(e));
    let copied = index.to_owned();
    assert_eq!(copied.borrow().lookup(f.moved.serial()), Some(e));
    assert_eq!(crl.to_owned().borrow().der(), crl.der());
}

#[test]
fn other_generation_partition() {
    let f = fixture();
    let crl = BorrowedCrl::from_der(&f.tokyo_gen1).unwrap();
    crl.verify_signature(&f.gen1).unwrap();
    assert!(matches!(
        crl.verify_signature(&f.gen2),
        Err(Error::CrlKeyIdMismatch { .. })
    ));
    assert!(crl.covers(&f.old_generation));
    assert!(!crl.covers(&f.moved));
    let index = crl.index().unwrap();
    let e = index.lookup(f.old_generation.serial()).unwrap();
    assert_eq!(e.reason, Some(RevocationReason::CessationOfOperation));
    assert_eq!(index.lookup(f.moved.serial()), None);
}

#[test]
fn crl_numbers_count_up_per_generation_and_persist() {
    let f = fixture();
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("crl-numbers-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let number = |der: &[u8]| BorrowedCrl::from_der(der).unwrap().crl_number().unwrap();
    {
        let mut authority = f.authority.lock().unwrap();
        let a = authority
            .crl(
                Purpose::Signing,
                2,
                ("Osaka-fu", "大阪市北区"),
                issued_at(),
                DAY,
            )
            .unwrap();
        let b = authority
            .arl(Purpose::Signing, 2, issued_at(), DAY)
            .unwrap();
        let c = authority
            .crl(
                Purpose::Authentication,
                2,
                ("Tokyo-to", "千代田区"),
                issued_at(),
                DAY,
            )
            .unwrap();
        let a = number(&a).to_u64().unwrap();
        assert_eq!(number(&b).to_u64(), Some(a + 1));
        assert_eq!(number(&c).to_u64(), Some(1), "another CA: its own sequence");
        assert!(
            authority
                .crl(
                    Purpose::Signing,
                    9,
                    ("Tokyo-to", "千代田区"),
                    issued_at(),
                    DAY
                )
                .is_err()
        );
    }
    let mut authority = Authority::create(&dir, AuthorityOptions::default(), at()).unwrap();
    let first = authority.arl(Purpose::Signing, 1, at(), DAY).unwrap();
    drop(authority);
    let mut reopened = Authority::open(&dir).unwrap();
    let second = reopened.arl(Purpose::Signing, 1, at(), DAY).unwrap();
    assert_eq!(number(&first).to_u64(), Some(1));
    assert_eq!(number(&second).to_u64(), Some(2));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn authority_revocation_list_covers_ca_certificates() {
    let f = fixture();
    let mut authority = f.authority.lock().unwrap();
    let der = authority
        .arl(Purpose::Signing, 2, issued_at(), DAY)
        .unwrap();
    let crl = BorrowedCrl::from_der(&der).unwrap();
    crl.verify_signature(&f.gen2).unwrap();
    let idp = crl.issuing_distribution_point().unwrap();
    assert!(idp.only_ca_certs && !idp.only_user_certs);
    assert_eq!(dir_name(&idp.full_name), f.gen2.subject().to_string());
    assert!(crl.index().unwrap().is_empty());
    // The link certificate generation 2 signed (generation 1's key), and the
    // root itself (whose CRL DP is the CA DN); never an end entity.
    let link = authority.old_with_new(Purpose::Signing, 1).unwrap();
    assert!(crl.covers(link));
    assert!(crl.covers(&f.gen2));
    assert!(!crl.covers(&f.moved));
    // The other link is signed by generation 1: not in generation 2's scope.
    let other = authority.new_with_old(Purpose::Signing, 1).unwrap();
    assert!(!crl.covers(other));

    assert_eq!(
        authority.partitions(),
        [
            (
                Purpose::Signing,
                2,
                "Tokyo-to".to_owned(),
                "千代田区".to_owned()
            ),
            (
                Purpose::Signing,
                2,
                "Osaka-fu".to_owned(),
                "大阪市北区".to_owned()
            ),
            (
                Purpose::Signing,
                1,
                "Tokyo-to".to_owned(),
                "千代田区".to_owned()
            ),
        ]
    );
}

#[test]
fn signed_by_another_key() {
    let f = fixture();
    let der = CrlBuilder::new(&f.gen2, at())
        .next_update(at().add_seconds(DAY))
        .revoke(Serial::from_u64(7), at(), None, None)
        .sign(&f.other_key)
        .unwrap();
    let crl = BorrowedCrl::from_der(&der).unwrap();
    assert!(matches!(
        crl.verify_signature(&f.gen2),
        Err(Error::BadSignature { what: "CRL" })
    ));
    assert!(matches!(
        load_verified(&der, &f.gen2, &CrlLimits::default()),
        Err(Error::BadSignature { what: "CRL" })
    ));
    // One flipped bit in an entry: the same.
    let mut tampered = f.tokyo.clone();
    let at_serial = find_bytes(&tampered, f.moved.serial().as_bytes());
    tampered[at_serial + 2] ^= 1;
    assert!(matches!(
        BorrowedCrl::from_der(&tampered)
            .unwrap()
            .verify_signature(&f.gen2),
        Err(Error::BadSignature { what: "CRL" })
    ));
}

fn find_bytes(haystack: &[u8], needle: &[u8]) -> usize {
    haystack
        .windows(needle.len())
        .position(|w| w == needle)
        .unwrap()
}

/// A small CRL with every field the parser reads.
fn small_crl(f: &Fixture) -> Vec<u8> {
    CrlBuilder::new(&f.gen2, at())
        .next_update(at().add_seconds(DAY))
        .crl_number(Serial::from_u64(42))
        .issuing_distribution_point(
            crl_partition_dn(Purpose::Signing, "Tokyo-to", "千代田区").unwrap(),
            CrlScope::UserCerts,
        )
        .revoke(
            Serial::from_u64(0x80),
            at(),
            Some(RevocationReason::KeyCompromise),
            Some(at().add_seconds(60)),
        )
        .revoke(Serial::from_u64(3), at(), None, None)
        .sign(&f.gen2_key())
        .unwrap()
}

impl Fixture {
    fn gen2_key(&self) -> SimKey {
        let authority = self.authority.lock().unwrap();
        authority
            .generations_of(Purpose::Signing)
            .find(|g| g.index() == 2)
            .unwrap()
            .key()
            .clone()
    }
}

#[test]
fn builder_sorts_and_writes_every_field() {
    let f = fixture();
    let der = small_crl(f);
    let crl = BorrowedCrl::from_der(&der).unwrap();
    crl.verify_signature(&f.gen2).unwrap();
    assert_eq!(crl.crl_number(), Some(Serial::from_u64(42)));
    let entries: Vec<_> = crl.entries().collect::<Result<_, _>>().unwrap();
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[0].serial, &[3]);
    assert_eq!(entries[1].serial, &[0x80]);
    assert_eq!(entries[1].reason, Some(RevocationReason::KeyCompromise));
    assert_eq!(entries[1].invalidity_date, Some(at().add_seconds(60)));
    assert_eq!(entries[0].reason, None);
    let index = crl.index().unwrap();
    for e in &entries {
        assert_eq!(index.lookup(&e.serial()), Some(*e));
    }
    assert_eq!(index.lookup(&Serial::from_u64(4)), None);
    assert_eq!(index.lookup(&Serial::from_u64(0)), None);
}

#[test]
fn truncated_or_corrupted_never_panics() {
    let f = fixture();
    let der = small_crl(f);
    for len in 0..der.len() {
        let err = BorrowedCrl::from_der(&der[..len]).unwrap_err();
        assert!(
            matches!(err, Error::CrlMalformed { .. }),
            "prefix of {len} bytes: {err:?}"
        );
    }
    // Every byte changed: parsing, walking, indexing and matching never panic.
    for i in 0..der.len() {
        for delta in [1u8, 0x80, 0xff] {
            let mut bad = der.clone();
            bad[i] = bad[i].wrapping_add(delta);
            if let Ok(crl) = BorrowedCrl::from_der(&bad) {
                let walked: Vec<_> = crl.entries().collect();
                assert!(walked.len() <= 2);
                let _ = crl.index().map(|ix| ix.lookup(&Serial::from_u64(3)));
                let _ = crl.find(&Serial::from_u64(0x80));
                let _ = (crl.covers(&f.moved), crl.verify_signature(&f.gen2));
            }
        }
    }
    // Trailing data.
    let mut longer = der.clone();
    longer.push(0);
    assert!(matches!(
        BorrowedCrl::from_der(&longer),
        Err(Error::CrlMalformed {
            what: "trailing data after the CRL",
            ..
        })
    ));
}

#[test]
fn unknown_critical_entry_extension_makes_the_crl_unusable() {
    let f = fixture();
    let oid: jpki::oid::Oid = "1.2.392.200149.99.1".parse().unwrap();
    let der = CrlBuilder::new(&f.gen2, at())
        .next_update(at().add_seconds(DAY))
        .revoke(Serial::from_u64(1), at(), None, None)
        .revoke(Serial::from_u64(2), at(), None, None)
        .entry_extension(Serial::from_u64(2), oid, true, vec![0x05, 0x00])
        .sign(&f.gen2_key())
        .unwrap();
    let crl = BorrowedCrl::from_der(&der).unwrap();
    crl.verify_signature(&f.gen2).unwrap();
    let expected = |e: &Error| matches!(e, Error::CrlUnknownCriticalExtension { oid: o, entry: Some(1) } if *o == oid);
    assert!(expected(&crl.index().unwrap_err()));
    assert!(expected(
        &load_verified(&der, &f.gen2, &CrlLimits::default()).unwrap_err()
    ));
    let walked: Vec<_> = crl.entries().collect();
    assert_eq!(walked.len(), 2);
    assert!(walked[0].is_ok());
    assert!(expected(walked[1].as_ref().unwrap_err()));
    // A linear scan stops at its match; one that reaches the bad entry fails.
    assert!(crl.find(&Serial::from_u64(1)).unwrap().is_some());
    assert!(expected(&crl.find(&Serial::from_u64(9)).unwrap_err()));

    // The same extension, not critical: ignored.
    let der = CrlBuilder::new(&f.gen2, at())
        .revoke(Serial::from_u64(2), at(), None, None)
        .entry_extension(Serial::from_u64(2), oid, false, vec![0x05, 0x00])
        .sign(&f.gen2_key())
        .unwrap();
    assert_eq!(
        BorrowedCrl::from_der(&der).unwrap().index().unwrap().len(),
        1
    );

    // certificateIssuer (indirect CRLs) is refused when critical.
    let certificate_issuer: jpki::oid::Oid = "2.5.29.29".parse().unwrap();
    let der = CrlBuilder::new(&f.gen2, at())
        .revoke(Serial::from_u64(2), at(), None, None)
        .entry_extension(
            Serial::from_u64(2),
            certificate_issuer,
            true,
            vec![0x30, 0x00],
        )
        .sign(&f.gen2_key())
        .unwrap();
    assert!(matches!(
        BorrowedCrl::from_der(&der).unwrap().index(),
        Err(Error::CrlUnknownCriticalExtension { entry: Some(0), .. })
    ));
}

#[test]
fn crl_level_extensions() {
    let f = fixture();
    let unknown: jpki::oid::Oid = "1.2.392.200149.99.2".parse().unwrap();
    let der = CrlBuilder::new(&f.gen2, at())
        .extension(unknown, true, vec![0x05, 0x00])
        .sign(&f.gen2_key())
        .unwrap();
    assert!(matches!(
        BorrowedCrl::from_der(&der),
        Err(Error::CrlUnknownCriticalExtension { oid, entry: None }) if oid == unknown
    ));
    let der = CrlBuilder::new(&f.gen2, at())
        .extension(unknown, false, vec![0x05, 0x00])
        .sign(&f.gen2_key())
        .unwrap();
    assert!(BorrowedCrl::from_der(&der).is_ok());

    // A delta CRL is reported and covers nothing on its own.
    let delta: jpki::oid::Oid = "2.5.29.27".parse().unwrap();
    let der = CrlBuilder::new(&f.gen2, at())
        .next_update(at().add_seconds(DAY))
        .extension(delta, true, vec![0x02, 0x01, 0x05])
        .sign(&f.gen2_key())
        .unwrap();
    let crl = BorrowedCrl::from_der(&der).unwrap();
    assert!(crl.is_delta());
    assert_eq!(crl.delta_base(), Some(Serial::from_u64(5)));
    assert!(!crl.covers(&f.moved));

    // No issuingDistributionPoint: a full CRL for every certificate of the key.
    let der = CrlBuilder::new(&f.gen2, at()).sign(&f.gen2_key()).unwrap();
    let crl = BorrowedCrl::from_der(&der).unwrap();
    assert!(crl.covers(&f.moved) && crl.covers(&f.osaka) && crl.covers(&f.gen2));
    assert!(!crl.covers(&f.old_generation));

    // The same extension twice.
    let number: jpki::oid::Oid = "2.5.29.20".parse().unwrap();
    let der = CrlBuilder::new(&f.gen2, at())
        .crl_number(Serial::from_u64(1))
        .extension(number, false, vec![0x02, 0x01, 0x02])
        .sign(&f.gen2_key())
        .unwrap();
    assert!(matches!(
        BorrowedCrl::from_der(&der),
        Err(Error::DuplicateExtension { .. })
    ));
}

#[test]
fn duplicate_serials_are_refused() {
    let f = fixture();
    let der = CrlBuilder::new(&f.gen2, at())
        .revoke(Serial::from_u64(5), at(), None, None)
        .revoke(Serial::from_u64(6), at(), None, None)
        .revoke(Serial::from_u64(5), at(), None, None)
        .sign(&f.gen2_key())
        .unwrap();
    assert!(matches!(
        BorrowedCrl::from_der(&der).unwrap().index(),
        Err(Error::CrlEntry {
            what: "duplicate serial",
            ..
        })
    ));
}

#[test]
fn currency_is_thisupdate_to_nextupdate() {
    let f = fixture();
    let crl = BorrowedCrl::from_der(&f.tokyo).unwrap();
    assert!(crl.is_current_at(issued_at()));
    assert!(crl.is_current_at(issued_at().add_seconds(DAY)));
    assert!(
        !crl.is_current_at(issued_at().add_seconds(DAY + 1)),
        "stale"
    );
    assert!(!crl.is_current_at(at()), "before thisUpdate");
    let der = CrlBuilder::new(&f.gen2, at()).sign(&f.gen2_key()).unwrap();
    let no_next = BorrowedCrl::from_der(&der).unwrap();
    assert_eq!(no_next.next_update(), None);
    assert!(!no_next.is_current_at(at()), "no nextUpdate: fail closed");
}

#[test]
fn limits() {
    let f = fixture();
    let der = small_crl(f);
    let tight = CrlLimits::default().with_max_bytes(u64::try_from(der.len()).unwrap() - 1);
    assert!(matches!(
        BorrowedCrl::with_limits(&der, &tight),
        Err(Error::CrlTooLarge { unit: "bytes", .. })
    ));
    assert!(matches!(
        load_verified(&der, &f.gen2, &tight),
        Err(Error::CrlTooLarge { unit: "bytes", .. })
    ));
    let few = CrlLimits::default().with_max_entries(1);
    let crl = BorrowedCrl::with_limits(&der, &few).unwrap();
    assert!(matches!(
        crl.index(),
        Err(Error::CrlTooLarge {
            limit: 1,
            unit: "entries"
        })
    ));
    let walked: Vec<_> = crl.entries().collect();
    assert!(walked[0].is_ok());
    assert!(matches!(walked[1], Err(Error::CrlTooLarge { .. })));
    assert_eq!(CrlLimits::default().max_bytes, 4 << 30);
    assert_eq!(CrlLimits::default().max_entries, 100_000_000);
}

#[test]
fn versions() {
    let f = fixture();
    // v1 with CRL extensions: refused.
    let der = CrlBuilder::new(&f.gen2, at())
        .version_1()
        .crl_number(Serial::from_u64(1))
        .sign(&f.gen2_key())
        .unwrap();
    assert!(matches!(
        BorrowedCrl::from_der(&der),
        Err(Error::CrlV1WithExtensions { entry: None })
    ));
    // For the v1 CRLs below, an issuer certificate of the same name and key
    // without subjectKeyIdentifier: the builder then writes no
    // authorityKeyIdentifier.
    let key = f.gen2_key();
    let no_ski = jpki::sim::CertificateBuilder::new(
        Serial::from_u64(99),
        f.gen2.subject().der().to_vec(),
        f.gen2.subject().der().to_vec(),
        at(),
        at().add_seconds(DAY),
        f.gen2.public_key_der().to_vec(),
    )
    .sign(&key)
    .unwrap();
    // v1 with entry extensions: refused when the entry is read.
    let der = CrlBuilder::new(&no_ski, at())
        .version_1()
        .revoke(
            Serial::from_u64(1),
            at(),
            Some(RevocationReason::Superseded),
            None,
        )
        .sign(&key)
        .unwrap();
    let crl = BorrowedCrl::from_der(&der).unwrap();
    assert_eq!(crl.version(), 1);
    assert!(matches!(
        crl.index(),
        Err(Error::CrlV1WithExtensions { entry: Some(0) })
    ));
    // v1 without extensions: accepted.
    let der = CrlBuilder::new(&no_ski, at())
        .version_1()
        .revoke(Serial::from_u64(1), at(), None, None)
        .sign(&key)
        .unwrap();
    let crl = BorrowedCrl::from_der(&der).unwrap();
    assert_eq!(crl.version(), 1);
    assert!(crl.extensions().is_empty());
    crl.verify_signature(&f.gen2).unwrap();
    assert_eq!(crl.index().unwrap().len(), 1);
}

#[test]
fn hundred_thousand_entries() {
    let f = fixture();
    const N: u64 = 100_000;
    let base = 0x0100_0000u64;
    let mut builder = CrlBuilder::new(&f.gen2, at()).next_update(at().add_seconds(DAY));
    // In reverse: the builder sorts.
    for i in (0..N).rev() {
        builder.add(
            Serial::from_u64(base + i * 3),
            at(),
            Some(RevocationReason::AffiliationChanged),
            None,
        );
    }
    let der = builder.sign(&f.gen2_key()).unwrap();
    let start = std::time::Instant::now();
    let index = load_verified(&der, &f.gen2, &CrlLimits::default()).unwrap();
    let loaded = start.elapsed();
    assert_eq!(index.len(), usize::try_from(N).unwrap());
    assert!(index.index_bytes() <= usize::try_from(N).unwrap() * 32);
    for i in (0..N).step_by(1000) {
        let serial = Serial::from_u64(base + i * 3);
        let e = index.lookup(&serial).unwrap();
        assert_eq!(e.serial(), serial);
        assert_eq!(e.reason, Some(RevocationReason::AffiliationChanged));
        assert!(index.lookup(&Serial::from_u64(base + i * 3 + 1)).is_none());
    }
    assert_eq!(index.crl().entries().count(), usize::try_from(N).unwrap());
    eprintln!(
        "100k entries: {} bytes, loaded, verified and indexed in {loaded:?}",
        der.len()
    );
}

// --- OpenSSL interop ---------------------------------------------------------

/// Runs `openssl` with `args` in `dir`; a missing binary fails the test.
fn openssl(dir: &Path, args: &[&str]) -> Output {
    let out = Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "`openssl` is required for the CRL interop test and could not be run ({e}); \
                 run the README's test command (scripts/test.sh), which installs it"
            )
        });
    assert!(
        out.status.success(),
        "openssl {args:?} failed ({}):\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

const CA_CONFIG: &str = "\
[ ca ]
default_ca = test_ca
[ test_ca ]
dir = .
database = $dir/index.txt
new_certs_dir = $dir/newcerts
certificate = $dir/ca.pem
private_key = $dir/ca.key
serial = $dir/serial
crlnumber = $dir/crlnumber
default_md = sha256
default_days = 30
policy = policy_any
unique_subject = no
x509_extensions = usr_cert
crl_extensions = crl_ext
[ policy_any ]
commonName = supplied
[ usr_cert ]
basicConstraints = CA:FALSE
authorityKeyIdentifier = keyid
subjectKeyIdentifier = hash
[ crl_ext ]
authorityKeyIdentifier = keyid
[ req ]
distinguished_name = req_dn
prompt = no
[ req_dn ]
C = JP
O = Interop
CN = Interop Test CA
[ v3_ca ]
basicConstraints = critical, CA:true
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
";

/// An entry as `openssl crl -text` prints it.
#[derive(Debug, Default)]
struct TextEntry {
    serial: String,
    revocation_date: String,
    reason: Option<String>,
    invalidity_date: Option<String>,
}

fn parse_crl_text(text: &str) -> Vec<TextEntry> {
    let mut entries: Vec<TextEntry> = Vec::new();
    let mut lines = text.lines().map(str::trim);
    while let Some(line) = lines.next() {
        if let Some(serial) = line.strip_prefix("Serial Number: ") {
            entries.push(TextEntry {
                serial: serial.to_lowercase(),
                ..TextEntry::default()
            });
        } else if let Some(date) = line.strip_prefix("Revocation Date: ") {
            entries.last_mut().unwrap().revocation_date = date.to_owned();
        } else if line == "X509v3 CRL Reason Code:" {
            entries.last_mut().unwrap().reason = lines.next().map(str::to_owned);
        } else if line == "Invalidity Date:" {
            entries.last_mut().unwrap().invalidity_date = lines.next().map(str::to_owned);
        }
    }
    entries
}

/// `Nov 21 06:50:32 2026 GMT` as OpenSSL prints times.
fn openssl_time(text: &str) -> Time {
    let parts: Vec<&str> = text.split_whitespace().collect();
    let [month, day, hms, year, "GMT"] = parts[..] else {
        panic!("unexpected time {text:?}");
    };
    let months = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month = months.iter().position(|m| *m == month).unwrap() + 1;
    Time::parse_rfc3339(&format!(
        "{year}-{month:02}-{:02}T{hms}Z",
        day.parse::<u8>().unwrap()
    ))
    .unwrap()
}

fn reason_from_text(text: &str) -> RevocationReason {
    match text {
        "Key Compromise" => RevocationReason::KeyCompromise,
        "Affiliation Changed" => RevocationReason::AffiliationChanged,
        "Superseded" => RevocationReason::Superseded,
        "Cessation Of Operation" => RevocationReason::CessationOfOperation,
        "Certificate Hold" => RevocationReason::CertificateHold,
        other => panic!("unexpected reason {other:?}"),
    }
}

#[test]
fn openssl_interop() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("crl-interop-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("newcerts")).unwrap();
    std::fs::write(dir.join("ca.cnf"), CA_CONFIG).unwrap();
    std::fs::write(dir.join("index.txt"), "").unwrap();
    // 0x80 needs a sign octet in DER: the minimal-serial handling is exercised.
    std::fs::write(dir.join("serial"), "80\n").unwrap();
    std::fs::write(dir.join("crlnumber"), "01\n").unwrap();
    let run = |args: &[&str]| openssl(&dir, args);
    run(&[
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        "ca.key",
        "-out",
        "ca.pem",
        "-config",
        "ca.cnf",
        "-extensions",
        "v3_ca",
        "-days",
        "30",
    ]);
    run(&[
        "genpkey",
        "-algorithm",
        "RSA",
        "-pkeyopt",
        "rsa_keygen_bits:2048",
        "-out",
        "leaf.key",
    ]);
    let revocations: [&[&str]; 7] = [
        &["-crl_reason", "keyCompromise"],
        &["-crl_reason", "affiliationChanged"],
        &["-crl_reason", "superseded"],
        &["-crl_reason", "cessationOfOperation"],
        &[
            "-crl_reason",
            "certificateHold",
            "-crl_hold",
            "holdInstructionReject",
        ],
        &["-crl_compromise", "20260101120000Z"],
        &[],
    ];
    let mut certs = Vec::new();
    for (i, how) in revocations.iter().enumerate() {
        let (csr, pem) = (format!("r{i}.csr"), format!("c{i}.pem"));
        let subject = format!("/CN=leaf{i}");
        run(&[
            "req", "-new", "-key", "leaf.key", "-subj", &subject, "-out", &csr,
        ]);
        run(&[
            "ca", "-batch", "-config", "ca.cnf", "-in", &csr, "-out", &pem,
        ]);
        certs.push(Certificate::parse(&std::fs::read(dir.join(&pem)).unwrap()).unwrap());
        if !how.is_empty() {
            let mut args = vec!["ca", "-config", "ca.cnf", "-revoke", pem.as_str()];
            args.extend_from_slice(how);
            run(&args);
        }
    }
    run(&[
        "ca", "-config", "ca.cnf", "-gencrl", "-crldays", "7", "-out", "crl.pem",
    ]);
    let text =
        String::from_utf8(run(&["crl", "-in", "crl.pem", "-text", "-noout"]).stdout).unwrap();
    let expected = parse_crl_text(&text);
    assert_eq!(expected.len(), 6, "{text}");

    let ca = Certificate::parse(&std::fs::read(dir.join("ca.pem")).unwrap()).unwrap();
    let der = pem_to_der(&std::fs::read(dir.join("crl.pem")).unwrap()).unwrap();
    let crl = BorrowedCrl::from_der(&der).unwrap();
    crl.verify_signature(&ca).unwrap();
    assert_eq!(crl.version(), 2);
    assert_eq!(crl.crl_number(), Some(Serial::from_u64(1)));
    assert_eq!(
        crl.issuer().to_string(),
        "C=JP, O=Interop, CN=Interop Test CA"
    );
    assert_eq!(
        crl.next_update().unwrap().unix_seconds() - crl.this_update().unix_seconds(),
        7 * DAY
    );
    let index = load_verified(&der, &ca, &CrlLimits::default()).unwrap();
    let entries: Vec<RevokedEntry<'_>> = crl.entries().collect::<Result<_, _>>().unwrap();
    assert_eq!(entries.len(), expected.len());
    for (e, x) in entries.iter().zip(&expected) {
        assert_eq!(e.serial().to_hex(), x.serial);
        assert_eq!(e.revocation_date, openssl_time(&x.revocation_date));
        assert_eq!(e.reason, x.reason.as_deref().map(reason_from_text));
        assert_eq!(
            e.invalidity_date,
            x.invalidity_date.as_deref().map(openssl_time)
        );
        assert_eq!(index.lookup(&e.serial()), Some(*e));
    }
    // What was asked of openssl, entry by entry.
    use RevocationReason as R;
    let reasons = [
        R::KeyCompromise,
        R::AffiliationChanged,
        R::Superseded,
        R::CessationOfOperation,
        R::CertificateHold,
        R::KeyCompromise,
    ];
    for (i, reason) in reasons.into_iter().enumerate() {
        let e = index.lookup(certs[i].serial()).unwrap();
        assert_eq!(e.reason, Some(reason));
        assert_eq!(e.invalidity_date.is_some(), i == 5);
        assert!(crl.covers(&certs[i]));
    }
    assert_eq!(
        index.lookup(certs[5].serial()).unwrap().invalidity_date,
        Some(Time::parse_rfc3339("2026-01-01T12:00:00Z").unwrap())
    );
    assert_eq!(certs[0].serial(), &Serial::from_u64(0x80));
    assert_eq!(index.lookup(certs[6].serial()), None);
    assert!(crl.covers(&certs[6]));
    assert!(!crl.covers(&fixture().moved), "another issuer");

    // And the other way: openssl accepts the simulator's CRL.
    let f = fixture();
    std::fs::write(dir.join("sim.der"), &f.tokyo).unwrap();
    std::fs::write(dir.join("gen2.pem"), f.gen2.to_pem()).unwrap();
    let out = run(&[
        "crl", "-inform", "DER", "-in", "sim.der", "-noout", "-CAfile", "gen2.pem",
    ]);
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("verify OK"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(
        run(&["crl", "-inform", "DER", "-in", "sim.der", "-text", "-noout"]).stdout,
    )
    .unwrap();
    let listed = parse_crl_text(&text);
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].serial, f.moved.serial().to_hex());
    assert_eq!(listed[0].reason.as_deref(), Some("Affiliation Changed"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn pem() {
    let f = fixture();
    let pem = jpki::pem::encode("X509 CRL", &f.tokyo);
    assert_eq!(pem_to_der(pem.as_bytes()).unwrap(), f.tokyo);
    assert!(matches!(
        pem_to_der(f.gen2.to_pem().as_bytes()),
        Err(Error::NoPemBlock { label: "X509 CRL" })
    ));
}

/// `der` as an `X509 CRL` PEM block with base64 lines of `width` columns and
/// `eol` line ends (re-flowed from the 64-column encoding).
fn pem_at(der: &[u8], width: usize, eol: &str) -> String {
    let pem = jpki::pem::encode("X509 CRL", der);
    let lines: Vec<&str> = pem.lines().collect();
    let body: String = lines[1..lines.len() - 1].concat();
    let mut out = format!("-----BEGIN X509 CRL-----{eol}");
    for chunk in body.as_bytes().chunks(width) {
        out.push_str(std::str::from_utf8(chunk).unwrap());
        out.push_str(eol);
    }
    out.push_str("-----END X509 CRL-----");
    out.push_str(eol);
    out
}

/// Every public function that takes a CRL's bytes and keeps or copies them
/// takes PEM where it takes DER — 64 and 76 columns, one line, CRLF, after
/// `openssl crl -text` output — and reads the same CRL; the borrowing ones
/// refuse PEM with an error that says what to use instead.
#[test]
fn pem_is_read_wherever_der_is_owned() {
    let f = fixture();
    let limits = CrlLimits::default();
    let forms = [
        jpki::pem::encode("X509 CRL", &f.tokyo),
        pem_at(&f.tokyo, 76, "\n"),
        pem_at(&f.tokyo, 76, "\r\n"),
        pem_at(&f.tokyo, 1 << 20, "\n"),
        format!(
            "Certificate Revocation List (CRL):\n        Version 2 (0x1)\n{}",
            pem_at(&f.tokyo, 76, "\n")
        ),
    ];
    assert!(forms[1].lines().nth(1).unwrap().len() == 76);
    let check = |index: &OwnedCrlIndex, form: &str| {
        assert_eq!(index.crl().der(), f.tokyo, "{form}");
        assert!(index.borrow().lookup(f.moved.serial()).is_some(), "{form}");
        assert!(index.borrow().lookup(f.stayed.serial()).is_none(), "{form}");
    };
    for form in &forms {
        let text = form.as_bytes();
        assert_eq!(pem_to_der(text).unwrap(), f.tokyo, "{form}");

        let owned = OwnedCrl::from_der(text.to_vec()).unwrap();
        assert_eq!(owned.der(), f.tokyo);
        assert_eq!(owned.borrow().issuer().der(), f.gen2.subject().der());
        check(&owned.into_index().unwrap(), form);
        let owned = OwnedCrl::with_limits(text.to_vec(), &limits).unwrap();
        assert_eq!(owned.der(), f.tokyo);
        // The limits apply to the DER.
        let tight = CrlLimits::default().with_max_bytes(u64::try_from(f.tokyo.len()).unwrap());
        assert!(OwnedCrl::with_limits(text.to_vec(), &tight).is_ok());
        let tighter = tight.with_max_bytes(u64::try_from(f.tokyo.len() - 1).unwrap());
        assert!(matches!(
            OwnedCrl::with_limits(text.to_vec(), &tighter),
            Err(Error::CrlTooLarge { .. })
        ));

        let len = u64::try_from(text.len()).unwrap();
        check(
            &load_verified_reader(text, len, &f.gen2, &limits)
                .unwrap()
                .unwrap(),
            form,
        );
        check(
            &load_verified_reader(dribble(text, 7), len, &f.gen2, &limits)
                .unwrap()
                .unwrap(),
            form,
        );

        let verifier = jpki::Verifier::builder()
            .trust_anchor(f.gen2.clone())
            .build()
            .unwrap();
        assert_eq!(verifier.add_crl(text).unwrap(), jpki::CrlChange::Added);
        assert_eq!(verifier.crl_count(), 1);
        // The same CRL as DER is the same CRL, not another scope.
        assert_ne!(verifier.add_crl(&f.tokyo).unwrap(), jpki::CrlChange::Added);
        assert_eq!(verifier.crl_count(), 1);

        // Borrowing views read DER only, and say what to do with PEM.
        for result in [
            BorrowedCrl::from_der(text).map(|_| ()),
            BorrowedCrl::with_limits(text, &limits).map(|_| ()),
            load_verified(text, &f.gen2, &limits).map(|_| ()),
        ] {
            match result {
                Err(Error::Pem { reason }) => {
                    assert!(reason.contains("pem_to_der"), "{reason}");
                    assert!(reason.contains("OwnedCrl"), "{reason}");
                }
                other => panic!("expected Error::Pem, got {other:?}"),
            }
        }
    }

    // PEM that cannot be read is refused as such by every owning entry point.
    let broken = forms[1].replacen('A', "!", 1);
    let wrong_label = f.gen2.to_pem();
    let encrypted = forms[0].replacen(
        "-----\n",
        "-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: DES-CBC,0011223344556677\n\n",
        1,
    );
    /// Whether an error is the refusal expected.
    type Expected = fn(&Error) -> bool;
    let cases: [(&String, Expected); 3] = [
        (&broken, |e: &Error| matches!(e, Error::Pem { .. })),
        (&wrong_label, |e: &Error| {
            matches!(e, Error::NoPemBlock { label: "X509 CRL" })
        }),
        (&encrypted, |e: &Error| {
            matches!(e, Error::PemUnsupported { line: 2, .. })
        }),
    ];
    for (text, ok) in cases {
        let bytes = text.as_bytes();
        let len = u64::try_from(bytes.len()).unwrap();
        let verifier = jpki::Verifier::builder()
            .trust_anchor(f.gen2.clone())
            .build()
            .unwrap();
        for err in [
            pem_to_der(bytes).unwrap_err(),
            OwnedCrl::from_der(bytes.to_vec()).unwrap_err(),
            load_verified_reader(bytes, len, &f.gen2, &limits)
                .unwrap()
                .unwrap_err(),
            verifier.add_crl(bytes).unwrap_err(),
        ] {
            assert!(ok(&err), "{err:?}");
        }
    }
}

/// A PEM CRL larger than the size from which `load_verified_reader` overlaps
/// reading and indexing is read whole, then decoded.
#[test]
fn large_pem_through_the_reader() {
    let f = fixture();
    let big = big_crl(f, 20_000, |_| {});
    let text = pem_at(&big, 76, "\r\n");
    assert!(text.len() > 512 * 1024, "{}", text.len());
    let limits = CrlLimits::default();
    let len = u64::try_from(text.len()).unwrap();
    let index = load_verified_reader(text.as_bytes(), len, &f.gen2, &limits)
        .unwrap()
        .unwrap();
    assert_eq!(index.crl().der(), big);
    assert_eq!(index.borrow().len(), 20_000);
    assert!(
        index
            .borrow()
            .contains(&Serial::from_u64(0x1000_0000 + 7 * 19_999))
    );
    // The announced length bounds the text read.
    let short = CrlLimits::default().with_max_bytes(len - 1);
    assert!(matches!(
        load_verified_reader(text.as_bytes(), len, &f.gen2, &short).unwrap(),
        Err(Error::CrlTooLarge { .. })
    ));
}

/// Replaces `from` by `to` (same length) at its only occurrence.
fn patch(der: &mut [u8], from: &[u8], to: &[u8]) {
    assert_eq!(der.windows(from.len()).filter(|w| *w == from).count(), 1);
    let at = find_bytes(der, from);
    der[at..at + to.len()].copy_from_slice(to);
}

#[test]
fn index_handles_any_serials_in_any_order() {
    let f = fixture();
    // Long serials sharing their first 7 bytes (equal index keys), every length,
    // zero, and serials needing a sign octet.
    let mut serials = vec![
        Serial::from_u64(0),
        Serial::from_u64(0x80),
        Serial::from_u64(0xff),
    ];
    for len in 1..=20u8 {
        let bytes: Vec<u8> = (0..len).map(|i| 0x11 + i).collect();
        serials.push(Serial::from_bytes(&bytes));
    }
    for last in [0x00u8, 0x01, 0x7f, 0x80, 0xfe] {
        let mut bytes = vec![0x42; 19];
        bytes.push(last);
        serials.push(Serial::from_bytes(&bytes));
    }
    let mut builder = CrlBuilder::new(&f.gen2, at());
    for s in &serials {
        builder.add(s.clone(), at(), None, None);
    }
    let der = builder.sign(&f.gen2_key()).unwrap();
    let crl = BorrowedCrl::from_der(&der).unwrap();
    let index = crl.index().unwrap();
    assert_eq!(index.len(), serials.len());
    for s in &serials {
        assert_eq!(index.lookup(s).unwrap().serial(), *s, "{s}");
        assert_eq!(crl.find(s).unwrap().unwrap().serial(), *s);
    }
    let mut near = vec![0x42; 19];
    near.push(0x02);
    for absent in [
        Serial::from_bytes(&near),
        Serial::from_bytes(&[0x42; 20]),
        Serial::from_bytes(&[0x42; 21]),
        Serial::from_u64(1),
        Serial::from_bytes(&[0xff; 20]),
    ] {
        assert_eq!(index.lookup(&absent), None, "{absent}");
    }

    // Out of order (the signature no longer matters for the index).
    let entry = |s: u8| [0x30, 0x13, 0x02, 0x02, s, s];
    let ordered = CrlBuilder::new(&f.gen2, at())
        .revoke(Serial::from_u64(0x1111), at(), None, None)
        .revoke(Serial::from_u64(0x2222), at(), None, None)
        .revoke(Serial::from_u64(0x3333), at(), None, None)
        .sign(&f.gen2_key())
        .unwrap();
    let mut shuffled = ordered.clone();
    patch(&mut shuffled, &entry(0x11), &entry(0x44));
    patch(&mut shuffled, &entry(0x33), &entry(0x11));
    let crl = BorrowedCrl::from_der(&shuffled).unwrap();
    let index = crl.index().unwrap();
    for s in [0x1111u64, 0x2222, 0x4444] {
        assert_eq!(
            index.lookup(&Serial::from_u64(s)).unwrap().serial(),
            Serial::from_u64(s)
        );
    }
    assert_eq!(index.lookup(&Serial::from_u64(0x3333)), None);
    // Out of order with a duplicate: the later one in list order is named.
    let mut duplicated = ordered;
    patch(&mut duplicated, &entry(0x11), &entry(0x44));
    patch(&mut duplicated, &entry(0x22), &entry(0x11));
    patch(&mut duplicated, &entry(0x33), &entry(0x22));
    patch(&mut duplicated, &entry(0x44), &entry(0x22));
    let err = BorrowedCrl::from_der(&duplicated)
        .unwrap()
        .index()
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::CrlEntry {
                index: 2,
                what: "duplicate serial"
            }
        ),
        "{err:?}"
    );
}

// --- Loading from a reader -----------------------------------------------------

/// A reader over `bytes` that gives at most `step` bytes per read and fails with
/// `fail_at` once that many bytes were given.
struct Dribble<'a> {
    bytes: &'a [u8],
    step: usize,
    given: usize,
    fail_at: Option<usize>,
}

impl std::io::Read for Dribble<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.fail_at.is_some_and(|at| self.given >= at) {
            return Err(std::io::Error::other("disk on fire"));
        }
        let mut n = buf.len().min(self.step).min(self.bytes.len());
        if let Some(at) = self.fail_at {
            n = n.min(at - self.given);
        }
        let (now, rest) = self.bytes.split_at(n);
        buf[..n].copy_from_slice(now);
        self.bytes = rest;
        self.given += n;
        Ok(n)
    }
}

fn dribble(bytes: &[u8], step: usize) -> Dribble<'_> {
    Dribble {
        bytes,
        step,
        given: 0,
        fail_at: None,
    }
}

/// `load_verified_reader` over `reader` (announcing `len` bytes) gives what
/// `load_verified` gives over `content`: the same error, or the same CRL and the
/// same answer to every lookup.
fn same_as_load_verified(
    content: &[u8],
    reader: impl std::io::Read,
    len: usize,
    issuer: &Certificate,
    limits: &CrlLimits,
) -> Option<OwnedCrlIndex> {
    let expected = load_verified(content, issuer, limits);
    let got = load_verified_reader(reader, u64::try_from(len).unwrap(), issuer, limits).unwrap();
    match (expected, got) {
        (Err(e), Err(g)) => {
            assert_eq!(e, g);
            None
        }
        (Ok(e), Ok(g)) => {
            let gi = g.borrow();
            assert_eq!(g.crl().der(), content);
            assert_eq!((e.len(), e.index_bytes()), (gi.len(), gi.index_bytes()));
            for entry in e.crl().entries() {
                let serial = entry.unwrap().serial();
                assert_eq!(e.lookup(&serial), gi.lookup(&serial), "{serial}");
                let mut next = serial.as_bytes().to_vec();
                next.push(1);
                let absent = Serial::from_bytes(&next);
                assert_eq!(gi.lookup(&absent), e.lookup(&absent));
            }
            Some(g)
        }
        (e, g) => panic!(
            "load_verified: {e:?}; load_verified_reader: {:?}",
            g.map(|_| ())
        ),
    }
}

/// Checks `der` read whole and in odd small pieces.
fn reads_alike(der: &[u8], issuer: &Certificate, limits: &CrlLimits) {
    same_as_load_verified(der, der, der.len(), issuer, limits);
    same_as_load_verified(der, dribble(der, 4093), der.len(), issuer, limits);
}

/// `der` with its tbsCertList signed anew by `key` (same-length edits only).
fn resign(der: &[u8], key: &jpki::sim::SimKey) -> Vec<u8> {
    let header = |at: usize| -> (usize, usize) {
        let first = der[at + 1];
        if first < 0x80 {
            (2, usize::from(first))
        } else {
            let n = usize::from(first & 0x7f);
            let len = der[at + 2..at + 2 + n]
                .iter()
                .fold(0usize, |acc, b| (acc << 8) | usize::from(*b));
            (2 + n, len)
        }
    };
    let (outer, _) = header(0);
    let (tbs_header, tbs_len) = header(outer);
    let tbs = &der[outer..outer + tbs_header + tbs_len];
    let signature = key.sign_sha256(tbs).unwrap();
    let mut out = der.to_vec();
    let at = out.len() - signature.len();
    out[at..].copy_from_slice(&signature);
    out
}

/// A CRL of `n` entries of 4-byte serials from `base`, with a reason each.
fn big_crl(f: &Fixture, n: u64, extra: impl FnOnce(&mut CrlBuilder)) -> Vec<u8> {
    let mut builder = CrlBuilder::new(&f.gen2, at()).next_update(at().add_seconds(DAY));
    for i in 0..n {
        builder.add(
            Serial::from_u64(0x1000_0000 + i * 7),
            at(),
            (i % 3 == 0).then_some(RevocationReason::KeyCompromise),
            (i % 5 == 0).then(|| at().add_seconds(60)),
        );
    }
    extra(&mut builder);
    builder.sign(&f.gen2_key()).unwrap()
}

#[test]
fn reader_loads_what_load_verified_loads() {
    let f = fixture();
    let limits = CrlLimits::default();
    for der in [f.tokyo.clone(), small_crl(f)] {
        reads_alike(&der, &f.gen2, &limits);
    }
    let big = big_crl(f, 100_000, |_| {});
    assert!(big.len() > 2 << 20, "several chunks");
    reads_alike(&big, &f.gen2, &limits);
    // Another generation's key, a wrong signature, too few entries allowed.
    reads_alike(&big, &f.gen1, &limits);
    let mut tampered = big.clone();
    let last_serial = Serial::from_u64(0x1000_0000 + 99_999 * 7);
    let at_serial = find_bytes(&tampered, last_serial.as_bytes());
    tampered[at_serial + 3] ^= 1;
    assert!(matches!(
        load_verified(&tampered, &f.gen2, &limits),
        Err(Error::BadSignature { .. })
    ));
    reads_alike(&tampered, &f.gen2, &limits);
    let few = limits.with_max_entries(99_999);
    reads_alike(&big, &f.gen2, &few);

    // Out of order, the signature made anew: sorted once loaded.
    let mut shuffled = big.clone();
    let (a, b) = (Serial::from_u64(0x1000_0000), last_serial.clone());
    let (at_a, at_b) = (
        find_bytes(&shuffled, a.as_bytes()),
        find_bytes(&shuffled, b.as_bytes()),
    );
    shuffled[at_a..at_a + 4].copy_from_slice(b.as_bytes());
    shuffled[at_b..at_b + 4].copy_from_slice(a.as_bytes());
    let shuffled = resign(&shuffled, &f.gen2_key());
    let index =
        same_as_load_verified(&shuffled, &shuffled[..], shuffled.len(), &f.gen2, &limits).unwrap();
    assert!(index.borrow().contains(&a) && index.borrow().contains(&b));
    // A duplicate serial near the end, out of order and in order.
    let mut duplicated = big.clone();
    let near_end = Serial::from_u64(0x1000_0000 + 99_990 * 7);
    let at_near = find_bytes(&duplicated, near_end.as_bytes());
    duplicated[at_near..at_near + 4].copy_from_slice(a.as_bytes());
    reads_alike(&resign(&duplicated, &f.gen2_key()), &f.gen2, &limits);
    let mut duplicated = big.clone();
    let before_last = Serial::from_u64(0x1000_0000 + 99_998 * 7);
    let at_before = find_bytes(&duplicated, before_last.as_bytes());
    duplicated[at_before..at_before + 4].copy_from_slice(last_serial.as_bytes());
    let duplicated = resign(&duplicated, &f.gen2_key());
    assert!(matches!(
        load_verified(&duplicated, &f.gen2, &limits),
        Err(Error::CrlEntry {
            index: 99_999,
            what: "duplicate serial"
        })
    ));
    reads_alike(&duplicated, &f.gen2, &limits);

    // A refused entry at the very end, after the hash is done.
    let oid: jpki::oid::Oid = "1.2.392.200149.99.1".parse().unwrap();
    let critical_last = big_crl(f, 100_000, |b| {
        let last = Serial::from_u64(0x1000_0000 + 99_999 * 7);
        *b = b.clone().entry_extension(last, oid, true, vec![0x05, 0x00]);
    });
    assert!(matches!(
        load_verified(&critical_last, &f.gen2, &limits),
        Err(Error::CrlUnknownCriticalExtension {
            entry: Some(99_999),
            ..
        })
    ));
    reads_alike(&critical_last, &f.gen2, &limits);
    // A malformed entry at the end: an unknown reason code.
    let mut bad_reason = big.clone();
    let reason_at = find_bytes(&bad_reason[bad_reason.len() - 400..], &[0x0a, 0x01, 0x01])
        + bad_reason.len()
        - 400;
    bad_reason[reason_at + 2] = 0x07;
    let bad_reason = resign(&bad_reason, &f.gen2_key());
    assert!(matches!(
        load_verified(&bad_reason, &f.gen2, &limits),
        Err(Error::CrlEntry {
            what: "unknown reason code",
            ..
        })
    ));
    reads_alike(&bad_reason, &f.gen2, &limits);
    // Entries too long to join across chunks, and CRL extensions after them.
    let long = big_crl(f, 100_000, |b| {
        for i in [10_000u64, 50_000, 99_999] {
            *b = b.clone().entry_extension(
                Serial::from_u64(0x1000_0000 + i * 7),
                "1.2.392.200149.99.2".parse().unwrap(),
                false,
                [vec![0x04, 0x83, 0x01, 0x80, 0x00], vec![0x5a; 0x18000]].concat(),
            );
        }
        *b = b.clone().crl_number(Serial::from_u64(7));
    });
    reads_alike(&long, &f.gen2, &limits);
}

#[test]
fn reader_truncated_failing_or_of_another_length() {
    let f = fixture();
    let limits = CrlLimits::default();
    let big = big_crl(f, 50_000, |_| {});
    // Ends early: the error of the truncated CRL.
    for n in [
        0,
        1,
        100,
        300_000,
        524_288,
        524_289,
        big.len() - 300,
        big.len() - 1,
    ] {
        let got = same_as_load_verified(&big[..n], &big[..n], big.len(), &f.gen2, &limits);
        assert!(got.is_none(), "{n}");
    }
    // A reader error, anywhere: reported as such.
    for at in [0, 10, 524_288, 1_000_000, big.len() - 1] {
        let reader = Dribble {
            fail_at: Some(at),
            ..dribble(&big, 100_000)
        };
        let err = load_verified_reader(reader, u64::try_from(big.len()).unwrap(), &f.gen2, &limits)
            .unwrap_err();
        assert_eq!(err.to_string(), "disk on fire");
    }
    // Another length announced: judged on what the reader gives.
    for len in [0, 1000, big.len() - 1, big.len() + 1, big.len() * 2] {
        assert!(same_as_load_verified(&big, &big[..], len, &f.gen2, &limits).is_some());
    }
    let mut longer = big.clone();
    longer.push(0);
    same_as_load_verified(&longer, &longer[..], big.len(), &f.gen2, &limits);
    // Limits on the length announced and on the bytes given.
    let tight = limits.with_max_bytes(u64::try_from(big.len()).unwrap() - 1);
    same_as_load_verified(&big, &big[..], big.len(), &f.gen2, &tight);
    same_as_load_verified(&big, &big[..], 1000, &f.gen2, &tight);
    assert_eq!(
        load_verified_reader(&big[..0], u64::MAX, &f.gen2, &limits)
            .unwrap()
            .unwrap_err(),
        Error::CrlTooLarge {
            limit: limits.max_bytes,
            unit: "bytes"
        }
    );
}
