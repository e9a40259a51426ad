//! Login challenges and responses from arbitrary bytes: each parses to a value
//! that re-encodes to the same bytes (challenges are canonical) or a typed error;
//! a response verified against a challenge with its nonce ends in a refusal
//! (nothing can sign for the fuzzer), never a panic, and redeems the nonce once.
#![no_main]

use jpki::login::{LoginChallenge, LoginResponse, MemoryNonceStore, NonceStore};
use jpki::{Certificate, Time, Verifier};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

const ANCHOR: &[u8] = include_bytes!("../../jpki-core/tests/jlis/sign_ca_2023.pem");

fn verifier() -> &'static Verifier {
    static VERIFIER: OnceLock<Verifier> = OnceLock::new();
    VERIFIER.get_or_init(|| {
        Verifier::builder()
            .trust_anchor(Certificate::parse(ANCHOR).expect("the J-LIS root parses"))
            .build()
            .expect("a verifier")
    })
}

fuzz_target!(|data: &[u8]| {
    if let Ok(challenge) = LoginChallenge::from_der(data) {
        assert_eq!(challenge.der(), data, "challenges are canonical");
        assert!(challenge.nonce().len() >= LoginChallenge::MIN_NONCE_LEN);
        assert!(challenge.expires_at() > challenge.issued_at());
        assert_eq!(challenge.to_be_signed().len(), 51);
        assert!(challenge.registration_content(data).is_ok());
    }
    if let Ok(response) = LoginResponse::from_der(data) {
        let again = LoginResponse::from_der(&response.to_der().expect("re-encodes"))
            .expect("own encoding parses");
        assert_eq!(again, response);
        let at = Time::from_unix_seconds(1_796_000_000);
        let nonce = if response.nonce().len() >= 32 && response.nonce().len() <= 64 {
            response.nonce().to_vec()
        } else {
            vec![0x5a; 32]
        };
        let challenge = LoginChallenge::new("fuzz.example", &nonce, at, at.add_seconds(60))
            .expect("a valid challenge");
        let store = MemoryNonceStore::new(1);
        store.insert(&challenge).expect("room for one");
        let probe = LoginResponse::new(&nonce, response.certificate_der(), response.signature());
        assert!(verifier().verify_login(&probe, &store, at).is_err());
        assert!(matches!(
            verifier().verify_login(&probe, &store, at),
            Err(jpki::Error::ChallengeReplayed)
        ));
    }
});
