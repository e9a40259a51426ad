//! CRL parsing, then everything a verifier does with what parses: the lazy
//! entry walk, the serial index (which must agree with the walk), linear scans,
//! scope matching and signature checks against fixed certificates. Nothing may
//! panic.
#![no_main]

use std::sync::OnceLock;

use jpki::Certificate;
use jpki::Serial;
use jpki::revocation::crl::{BorrowedCrl, CrlLimits, OwnedCrl};
use jpki::Time;
use libfuzzer_sys::fuzz_target;

/// A J-LIS root (the simulator's CRLs carry its DN) and a simulator signing
/// certificate (with a directoryName CRL distribution point).
fn certificates() -> &'static [Certificate; 2] {
    static CERTS: OnceLock<[Certificate; 2]> = OnceLock::new();
    CERTS.get_or_init(|| {
        [
            Certificate::from_der(include_bytes!("../seeds/certificate/jlis_sign_ca_2023.der"))
                .expect("seed certificate"),
            Certificate::from_der(include_bytes!("../seeds/certificate/sim_signing.der"))
                .expect("seed certificate"),
        ]
    })
}

fuzz_target!(|data: &[u8]| {
    let limits = CrlLimits::default().with_max_bytes(1 << 20).with_max_entries(50_000);
    let Ok(crl) = BorrowedCrl::with_limits(data, &limits) else {
        return;
    };
    let _ = (
        crl.version(),
        crl.issuer().to_string(),
        crl.next_update(),
        crl.crl_number(),
        crl.authority_key_id(),
        crl.issuing_distribution_point(),
        crl.is_delta(),
        crl.delta_base(),
        crl.extensions().len(),
        crl.signature_scheme(),
        crl.is_current_at(Time::from_unix_seconds(1_800_000_000)),
    );
    assert!(
        data.windows(crl.tbs_der().len().max(1))
            .any(|w| w == crl.tbs_der())
    );

    let walked: Vec<_> = crl.entries().collect();
    // After an error the walk ends.
    if let Some(i) = walked.iter().position(Result::is_err) {
        assert_eq!(i + 1, walked.len());
    }
    match crl.index() {
        Ok(index) => {
            // The index accepts exactly what the walk accepts, and finds every
            // entry but those with a negative serial (which match nothing).
            assert!(walked.iter().all(Result::is_ok));
            let positive: Vec<_> = walked.iter().flatten().filter(|e| !e.negative).collect();
            assert_eq!(index.len(), positive.len());
            for entry in positive {
                assert_eq!(index.lookup(&entry.serial()), Some(*entry));
                assert!(index.contains(&entry.serial()));
                assert_eq!(
                    crl.find(&entry.serial()).ok().flatten().map(|e| e.serial),
                    Some(entry.serial)
                );
            }
            for absent in [
                Serial::from_u64(0),
                Serial::from_u64(0x0100_0000),
                Serial::from_bytes(&[0xff; 20]),
            ] {
                if !walked.iter().flatten().any(|e| e.serial() == absent) {
                    assert_eq!(index.lookup(&absent), None);
                }
            }
            let owned = index.to_owned();
            assert_eq!(owned.borrow().len(), index.len());
        }
        Err(_) => {
            // Only a duplicate serial fails the index when the walk succeeds.
            let _ = crl.find(&Serial::from_u64(1));
        }
    }
    for cert in certificates() {
        let _ = crl.covers(cert);
        let _ = crl.verify_signature(cert);
    }
    let owned = OwnedCrl::with_limits(data.to_vec(), &limits).expect("re-parse of accepted DER");
    assert_eq!(owned.borrow().der(), data);
});
