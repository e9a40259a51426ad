//! Certificate parsing (DER or PEM) and every accessor a verifier reads.
#![no_main]

use jpki::Applicant;
use jpki::Certificate;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(cert) = Certificate::parse(data) else {
        return;
    };
    // Parsing kept the original bytes: re-parsing them gives the same certificate.
    let again = Certificate::from_der(cert.der()).expect("re-parse of accepted DER");
    assert_eq!(again.der(), cert.der());
    assert!(cert.der().windows(cert.tbs_der().len().max(1)).any(|w| w == cert.tbs_der()));
    let _ = (cert.subject().to_string(), cert.issuer().to_string(), cert.kind());
    let _ = (cert.prefecture(), cert.municipality(), cert.hpki_roles());
    let _ = cert.find_issuers(std::slice::from_ref(&again));
    if let Some(info) = cert.personal_info() {
        let applicant = Applicant::new()
            .with_name(info.name())
            .with_address(info.address())
            .with_birth_date(info.birth_date().date())
            .with_sex(info.sex());
        // A certificate always matches its own 4 basic info.
        assert!(info.compare(&applicant).all_match());
        let _ = (info.birth_date().to_japanese(), info.name_substitutes().to_digits());
    }
});
