//! Logging in with the card (`jpki::login`): the relying party's challenge, the
//! resident's card answering it (virtual card, every token kind), the relying
//! party's verification with each refusal as its own error, revocation of the
//! authentication hierarchy by CRL and OCSP, and the account binding across the
//! signing and authentication certificates through a move and a death.

#![cfg(feature = "sim")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use jpki::card::{CardKind, JpkiCard, KeySlot, Pin, PinKind, Secret, Transport};
use jpki::crypto::HashAlgorithm;
use jpki::login::{
    AccountBinding, BindingStatus, LoginChallenge, LoginResponse, MemoryNonceStore, NonceStore,
    register, respond,
};
use jpki::revocation::{RevocationMode, RevocationStatus};
use jpki::sim::{
    Authority, AuthorityOptions, Event, Purpose, RegisterRecord, VirtualCard, personalize,
};
use jpki::{Applicant, Certificate, Date, Error, ErrorKind, RevocationPolicy, Sex, Time, Verifier};
use sha2::{Digest, Sha256};

const PASSWORD: &str = "TARO1950";
const PIN: &str = "1234";
const RP: &str = "bank.example";

fn at() -> Time {
    Time::parse_rfc3339("2026-12-01T10:00:00+09:00").unwrap()
}

fn record(address: &str) -> RegisterRecord {
    RegisterRecord {
        name: "吉田 太郎".into(),
        birth_date: Date::parse_iso("1950-04-01").unwrap(),
        sex: Sex::Male,
        address: address.into(),
        prefecture: None,
        municipality: None,
    }
}

const ADDRESS: &str = "東京都千代田区霞が関2丁目1番2号";
const NEW_ADDRESS: &str = "大阪府大阪市北区中之島1丁目3番20号";

fn secret(kind: PinKind, text: &str) -> Secret {
    Secret::new(kind, text).unwrap()
}

fn auth_pin() -> Pin {
    Pin::new(secret(PinKind::AuthenticationPin, PIN))
}

fn password() -> Pin {
    Pin::new(secret(PinKind::SigningPassword, PASSWORD))
}

struct World {
    authority: Authority,
    card: JpkiCard<VirtualCard>,
    signing: Certificate,
    authentication: Certificate,
}

fn world_of(kind: CardKind) -> World {
    let mut authority = Authority::new(AuthorityOptions::default(), at()).unwrap();
    let mut card = VirtualCard::new(kind);
    let issued = personalize(
        &mut authority,
        &mut card,
        &record(ADDRESS),
        Some(&secret(PinKind::SigningPassword, PASSWORD)),
        &secret(PinKind::AuthenticationPin, PIN),
        at(),
    )
    .unwrap();
    World {
        authority,
        card: JpkiCard::new(card),
        signing: issued.signing.unwrap(),
        authentication: issued.authentication,
    }
}

fn world() -> World {
    world_of(CardKind::MyNumberCard)
}

/// A verifier of the world's roots, hard fail, with the current CRLs of both
/// hierarchies (every partition of the resident's certificates) at `when`.
fn verifier(world: &mut World, when: Time) -> Verifier {
    let verifier = Verifier::builder()
        .trust_anchors(world.authority.trust_anchors().into_iter().cloned())
        .build()
        .unwrap();
    add_crls(world, &verifier, when);
    verifier
}

fn add_crls(world: &mut World, verifier: &Verifier, when: Time) {
    let partitions: Vec<(Purpose, usize, String, String)> = world
        .authority
        .issued()
        .iter()
        .map(|r| {
            let (p, m) = r.partition();
            (r.purpose(), r.generation(), p.to_owned(), m.to_owned())
        })
        .collect();
    for (purpose, generation, p, m) in partitions {
        let crl = world
            .authority
            .crl(purpose, generation, (&p, &m), when, 86_400)
            .unwrap();
        verifier.add_crl(&crl).unwrap();
    }
}

fn challenge(nonce_byte: u8) -> LoginChallenge {
    LoginChallenge::new(RP, &[nonce_byte; 32], at(), at().add_seconds(300)).unwrap()
}

fn issued(store: &MemoryNonceStore, nonce_byte: u8) -> LoginChallenge {
    let c = challenge(nonce_byte);
    store.insert(&c).unwrap();
    c
}

fn issued_at(store: &MemoryNonceStore, nonce_byte: u8, when: Time) -> LoginChallenge {
    let c = LoginChallenge::new(RP, &[nonce_byte; 32], when, when.add_seconds(300)).unwrap();
    store.insert(&c).unwrap();
    c
}

fn kind(result: Result<impl std::fmt::Debug, Error>) -> ErrorKind {
    result.expect_err("must be refused").kind()
}

#[test]
fn a_login_end_to_end_names_the_account_key() {
    let mut w = world();
    let verifier = verifier(&mut w, at());
    let store = MemoryNonceStore::new(16);
    let c = issued(&store, 1);
    // What goes over the wire, both ways, is DER.
    let sent = LoginChallenge::from_der(&c.to_der()).unwrap();
    let response = respond(&mut w.card, &sent, Some(&auth_pin())).unwrap();
    let response = LoginResponse::from_der(&response.to_der().unwrap()).unwrap();
    assert_eq!(response.certificate_der(), w.authentication.der());

    let login = verifier
        .verify_login(&response, &store, at().add_seconds(10))
        .unwrap();
    assert_eq!(login.certificate, w.authentication);
    assert_eq!(login.challenge, c);
    assert!(login.verdict.is_valid());
    assert!(matches!(
        login.verdict.revocation_status,
        RevocationStatus::Good { .. }
    ));
    // The account key: the issuing CA's key id, the serial, the key's digest.
    let ca = &login.verdict.path.as_ref().unwrap().certificates()[1];
    assert_eq!(login.account.issuer_key_id, ca.subject_key_id().unwrap());
    assert_eq!(&login.account.serial, w.authentication.serial());
    assert_eq!(
        login.account.public_key_sha256,
        <[u8; 32]>::from(Sha256::digest(w.authentication.public_key_der()))
    );
    let id = login.account.to_string();
    assert_eq!(id.split(':').count(), 3, "{id}");
    assert!(!id.contains(&w.authentication.subject().to_string()));

    // A second login of the same card has the same account key.
    let c2 = issued(&store, 2);
    let again = respond(&mut w.card, &c2, Some(&auth_pin())).unwrap();
    let second = verifier.verify_login(&again, &store, at()).unwrap();
    assert_eq!(second.account, login.account);
}

#[test]
fn the_card_verifies_the_pin_first_and_signs_the_challenge_digest_info() {
    let mut w = world();
    let c = challenge(3);
    let r = respond(&mut w.card, &c, Some(&auth_pin())).unwrap();
    // The signature is PKCS#1 v1.5 over the challenge's SHA-256 DigestInfo.
    let expected_tbs =
        { jpki::card::digest_info(HashAlgorithm::Sha256, &Sha256::digest(c.der())).unwrap() };
    assert_eq!(c.to_be_signed(), expected_tbs);
    let key = jpki::crypto::default_provider()
        .prepare(w.authentication.public_key_der())
        .unwrap();
    key.verify(
        jpki::crypto::SignatureScheme::Pkcs1v15(HashAlgorithm::Sha256),
        c.der(),
        r.signature(),
        "login",
    )
    .unwrap();
    // Without a PIN nothing is sent, and the error names the PIN.
    let mut fresh = world();
    let before = fresh
        .card
        .transport_mut()
        .tries_left(PinKind::AuthenticationPin);
    assert_eq!(
        kind(respond(&mut fresh.card, &c, None)),
        ErrorKind::SecurityStatusNotSatisfied
    );
    // A wrong PIN is one try spent, never retried.
    let wrong = Pin::new(secret(PinKind::AuthenticationPin, "9999"));
    assert_eq!(
        kind(respond(&mut fresh.card, &c, Some(&wrong))),
        ErrorKind::WrongPin
    );
    assert_eq!(
        fresh
            .card
            .transport_mut()
            .tries_left(PinKind::AuthenticationPin),
        before - 1
    );
}

#[test]
fn phone_tokens_show_the_certificate_only_after_the_pin() {
    for kind in [CardKind::AndroidPhone, CardKind::IPhone] {
        let mut w = world_of(kind.clone());
        let verifier = verifier(&mut w, at());
        // Reading the certificate alone is refused by the token…
        assert!(
            w.card
                .read_certificate(jpki::card::CertificateSlot::Authentication, None)
                .is_err(),
            "{kind:?}"
        );
        // …and the login verifies the PIN first, so it works.
        let store = MemoryNonceStore::new(4);
        let c = issued(&store, 4);
        let r = respond(&mut w.card, &c, Some(&auth_pin())).unwrap();
        verifier.verify_login(&r, &store, at()).unwrap();
    }
}

#[test]
fn refusals_each_with_its_own_error() {
    let mut w = world();
    let verifier = verifier(&mut w, at());
    let store = MemoryNonceStore::new(32);

    // Replayed.
    let c = issued(&store, 10);
    let r = respond(&mut w.card, &c, Some(&auth_pin())).unwrap();
    verifier.verify_login(&r, &store, at()).unwrap();
    assert_eq!(
        kind(verifier.verify_login(&r, &store, at())),
        ErrorKind::ChallengeReplayed
    );

    // Never issued here.
    let stranger = challenge(11);
    let r = respond(&mut w.card, &stranger, Some(&auth_pin())).unwrap();
    assert_eq!(
        kind(verifier.verify_login(&r, &store, at())),
        ErrorKind::ChallengeUnknown
    );

    // Expired (at the expiry itself).
    let c = issued(&store, 12);
    let r = respond(&mut w.card, &c, Some(&auth_pin())).unwrap();
    match verifier.verify_login(&r, &store, c.expires_at()) {
        Err(Error::ChallengeExpired { expired_at }) => assert_eq!(expired_at, c.expires_at()),
        other => panic!("{other:?}"),
    }

    // A signature over another nonce.
    let asked = issued(&store, 13);
    let other = challenge(14);
    let signed_other = respond(&mut w.card, &other, Some(&auth_pin())).unwrap();
    let forged = LoginResponse::new(
        asked.nonce(),
        signed_other.certificate_der(),
        signed_other.signature(),
    );
    assert_eq!(
        kind(verifier.verify_login(&forged, &store, at())),
        ErrorKind::LoginSignatureInvalid
    );

    // A client that signed a DigestInfo of its own choosing: another hash…
    let c = issued(&store, 15);
    let sha1 = sha1_digest(c.der());
    let sig = w
        .card
        .sign(
            KeySlot::Authentication,
            HashAlgorithm::Sha1,
            &sha1,
            Some(&auth_pin()),
        )
        .unwrap();
    let r = LoginResponse::new(c.nonce(), w.authentication.der(), &sig);
    assert_eq!(
        kind(verifier.verify_login(&r, &store, at())),
        ErrorKind::LoginSignatureInvalid
    );
    // …or the right DigestInfo with trailing bytes, sent to the card raw.
    let c = issued(&store, 16);
    let mut tbs = c.to_be_signed();
    tbs.extend_from_slice(&[0, 0]);
    let sig = raw_sign(&mut w.card, &tbs);
    let r = LoginResponse::new(c.nonce(), w.authentication.der(), &sig);
    assert_eq!(
        kind(verifier.verify_login(&r, &store, at())),
        ErrorKind::LoginSignatureInvalid
    );
    // (The raw path itself is sound: the exact DigestInfo signed raw verifies.)
    let c = issued(&store, 17);
    let sig = raw_sign(&mut w.card, &c.to_be_signed());
    let r = LoginResponse::new(c.nonce(), w.authentication.der(), &sig);
    verifier.verify_login(&r, &store, at()).unwrap();

    // A signing certificate offered as an authentication certificate (the
    // signing key signed the right DigestInfo).
    let c = issued(&store, 18);
    let sig = w
        .card
        .sign(
            KeySlot::Signing,
            HashAlgorithm::Sha256,
            &c.digest(),
            Some(&password()),
        )
        .unwrap();
    let r = LoginResponse::new(c.nonce(), w.signing.der(), &sig);
    match verifier.verify_login(&r, &store, at()) {
        Err(Error::WrongCertificateKind {
            expected, found, ..
        }) => assert_eq!((expected, found), ("authentication", "signing")),
        other => panic!("{other:?}"),
    }

    // A certificate from another hierarchy (another authority's card).
    let mut elsewhere = world();
    let c = issued(&store, 19);
    let r = respond(&mut elsewhere.card, &c, Some(&auth_pin())).unwrap();
    assert_eq!(
        kind(verifier.verify_login(&r, &store, at())),
        ErrorKind::IssuerNotFound
    );

    // A host that redeemed the challenge itself.
    let c = challenge(21);
    let r = respond(&mut w.card, &c, Some(&auth_pin())).unwrap();
    verifier.verify_login_redeemed(&r, &c, at()).unwrap();
    assert_eq!(
        kind(verifier.verify_login_redeemed(&r, &challenge(22), at())),
        ErrorKind::ChallengeUnknown
    );

    // Garbage where the certificate should be.
    let c = issued(&store, 20);
    let r = LoginResponse::new(c.nonce(), b"not a certificate", &[0; 256]);
    assert_eq!(
        kind(verifier.verify_login(&r, &store, at())),
        ErrorKind::Decode
    );
}

#[test]
fn revocation_of_the_authentication_hierarchy_fails_closed() {
    let mut w = world();
    // No revocation data at all: hard fail.
    let bare = Verifier::builder()
        .trust_anchors(w.authority.trust_anchors().into_iter().cloned())
        .build()
        .unwrap();
    let store = MemoryNonceStore::new(8);
    let c = issued(&store, 30);
    let r = respond(&mut w.card, &c, Some(&auth_pin())).unwrap();
    assert_eq!(
        kind(bare.verify_login(&r, &store, at())),
        ErrorKind::RevocationUnavailable
    );
    // A stale CRL is no data either.
    let stale = verifier(&mut w, at());
    let c = issued_at(&store, 31, at().add_seconds(2 * 86_400));
    let r = respond(&mut w.card, &c, Some(&auth_pin())).unwrap();
    assert_eq!(
        kind(stale.verify_login(&r, &store, at().add_seconds(2 * 86_400))),
        ErrorKind::RevocationUnavailable
    );
    // Soft fail is the verifier's explicit choice: accepted, and visible.
    let soft = Verifier::builder()
        .trust_anchors(w.authority.trust_anchors().into_iter().cloned())
        .revocation(RevocationPolicy::default().with_mode(RevocationMode::SoftFail))
        .build()
        .unwrap();
    let c = issued(&store, 32);
    let r = respond(&mut w.card, &c, Some(&auth_pin())).unwrap();
    let login = soft.verify_login(&r, &store, at()).unwrap();
    assert!(matches!(
        login.verdict.revocation_status,
        RevocationStatus::SoftFailed { .. }
    ));
}

#[test]
fn ocsp_answers_for_the_authentication_hierarchy() {
    let mut w = world();
    let verifier = Verifier::builder()
        .trust_anchors(w.authority.trust_anchors().into_iter().cloned())
        .build()
        .unwrap();
    let ocsp = |w: &World, verifier: &Verifier, when: Time| {
        verifier.clear_ocsp_responses();
        for q in verifier.ocsp_requests(&w.authentication, when).unwrap() {
            let answer = w.authority.ocsp_respond(q.request.der(), when);
            verifier.add_ocsp_response(&answer).unwrap();
        }
    };
    let store = MemoryNonceStore::new(8);
    ocsp(&w, &verifier, at());
    let c = issued(&store, 40);
    let r = respond(&mut w.card, &c, Some(&auth_pin())).unwrap();
    let login = verifier.verify_login(&r, &store, at()).unwrap();
    assert!(matches!(
        login.verdict.revocation_status,
        RevocationStatus::Good {
            source: jpki::revocation::Source::Ocsp
        }
    ));
    // A move leaves the authentication certificate good…
    let later = at().add_seconds(3600);
    w.authority
        .apply_event(w.authentication.serial(), Event::Move, later)
        .unwrap();
    ocsp(&w, &verifier, later.add_seconds(60));
    let c = issued_at(&store, 41, later);
    let r = respond(&mut w.card, &c, Some(&auth_pin())).unwrap();
    verifier
        .verify_login(&r, &store, later.add_seconds(60))
        .unwrap();
    // …a death revokes it.
    let death = later.add_seconds(3600);
    w.authority
        .apply_event(w.authentication.serial(), Event::Death, death)
        .unwrap();
    ocsp(&w, &verifier, death.add_seconds(60));
    let c = issued_at(&store, 42, death);
    let r = respond(&mut w.card, &c, Some(&auth_pin())).unwrap();
    match verifier.verify_login(&r, &store, death.add_seconds(60)) {
        Err(Error::CertificateRevoked { serial, reason, .. }) => {
            assert_eq!(&serial, w.authentication.serial());
            assert_eq!(
                reason,
                Some(jpki::revocation::RevocationReason::CessationOfOperation)
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_binding_survives_a_move_and_is_refused_after_a_death() {
    let mut w = world();
    let verifier0 = verifier(&mut w, at());
    let store = MemoryNonceStore::new(32);
    let applicant = Applicant::new()
        .with_name("吉田 太郎")
        .with_birth_date(Date::parse_iso("1950-04-01").unwrap())
        .with_sex(Sex::Male)
        .with_address(ADDRESS);

    // Registration: one card session signs the application over the challenge
    // and answers the same challenge.
    let c = issued(&store, 50);
    let reg = register(
        &mut w.card,
        &c,
        "口座開設申込書".as_bytes(),
        &password(),
        &auth_pin(),
        Some(at()),
    )
    .unwrap();
    let binding: AccountBinding = verifier0
        .register(
            &reg.signed_application,
            &applicant,
            &reg.login,
            &store,
            at(),
        )
        .unwrap();
    assert_eq!(binding.application, "口座開設申込書".as_bytes());
    assert_eq!(binding.signing_certificate, w.signing);
    assert_eq!(binding.holder.address(), ADDRESS);
    // What the bank stores (the two certificates) rebuilds the same binding.
    let stored = AccountBinding::from_parts(
        Certificate::from_der(binding.authentication_certificate.der()).unwrap(),
        None,
        Certificate::from_der(binding.signing_certificate.der()).unwrap(),
        binding.application.clone(),
        binding.registered_at,
    )
    .unwrap();
    assert_eq!(stored, binding);
    assert_eq!(
        kind(AccountBinding::from_parts(
            w.authentication.clone(),
            None,
            w.authentication.clone(),
            Vec::new(),
            at()
        )),
        ErrorKind::NoPersonalInfo
    );
    // Its challenge is spent.
    assert_eq!(
        kind(verifier0.register(
            &reg.signed_application,
            &applicant,
            &reg.login,
            &store,
            at()
        )),
        ErrorKind::ChallengeReplayed
    );

    let login = |w: &mut World, v: &Verifier, store: &MemoryNonceStore, n: u8, when: Time| {
        let c = LoginChallenge::new(RP, &[n; 32], when, when.add_seconds(300)).unwrap();
        store.insert(&c).unwrap();
        let r = respond(&mut w.card, &c, Some(&auth_pin())).unwrap();
        v.verify_login(&r, store, when)
    };
    let signed_request = |w: &mut World, when: Time| {
        let cert = w
            .card
            .read_certificate(jpki::card::CertificateSlot::Signing, Some(&password()))
            .unwrap();
        let cert = Certificate::from_der(&cert).unwrap();
        let mut signer =
            jpki::card::CardSigner::new(&mut w.card, KeySlot::Signing, cert, Some(password()));
        jpki::cms::sign(
            b"transfer request",
            &mut signer,
            &jpki::cms::SignOptions::default()
                .with_detached(false)
                .with_signing_time(Some(when)),
        )
        .unwrap()
    };

    let l = login(&mut w, &verifier0, &store, 51, at()).unwrap();
    assert!(binding.matches(&l));
    let req = signed_request(&mut w, at());
    assert_eq!(
        binding.assess(&verifier0.verify(&req, None, None, at())),
        BindingStatus::Current
    );

    // The move: the register revokes the signing certificate; the
    // authentication certificate stays.
    let moved = at().add_seconds(86_400);
    let outcome = w
        .authority
        .apply_event(w.signing.serial(), Event::Move, moved)
        .unwrap();
    assert_eq!(outcome.revoked.len(), 1);
    assert_eq!(&outcome.revoked[0].serial, w.signing.serial());
    let after_move = moved.add_seconds(600);
    let v1 = verifier(&mut w, after_move);
    // Logins keep working, as the same account.
    let l = login(&mut w, &v1, &store, 52, after_move).unwrap();
    assert!(binding.matches(&l));
    // A request signed with the old signing certificate: re-register.
    let old_req = signed_request(&mut w, after_move);
    match binding.assess(&v1.verify(&old_req, None, None, after_move)) {
        BindingStatus::ReRegister { error, .. } => assert!(matches!(
            error,
            Some(Error::CertificateRevoked {
                reason: Some(jpki::revocation::RevocationReason::AffiliationChanged),
                ..
            })
        )),
        other => panic!("{other:?}"),
    }
    // The window issues a new signing certificate with the new address onto the
    // card's new signing key.
    let spki = w
        .card
        .transport_mut()
        .generate_key(KeySlot::Signing)
        .unwrap();
    let new_signing = w
        .authority
        .issue(&record(NEW_ADDRESS), &spki, Purpose::Signing, moved)
        .unwrap();
    w.card
        .transport_mut()
        .write_certificate(jpki::card::CertificateSlot::Signing, new_signing.der())
        .unwrap();
    w.card.forget();
    let v2 = verifier(&mut w, after_move);
    // A request signed with it is valid, but not yet bound: re-register…
    let new_req = signed_request(&mut w, after_move);
    assert!(matches!(
        binding.assess(&v2.verify(&new_req, None, None, after_move)),
        BindingStatus::ReRegister { error: None, .. }
    ));
    // …which binds the same login account to the new 4 basic info.
    let c = LoginChallenge::new(RP, &[53; 32], after_move, after_move.add_seconds(300)).unwrap();
    store.insert(&c).unwrap();
    let reg = register(
        &mut w.card,
        &c,
        b"address change",
        &password(),
        &auth_pin(),
        Some(after_move),
    )
    .unwrap();
    let rebound = v2
        .register(
            &reg.signed_application,
            &applicant.clone().with_address(NEW_ADDRESS),
            &reg.login,
            &store,
            after_move,
        )
        .unwrap();
    assert_eq!(rebound.account, binding.account);
    assert_eq!(rebound.holder.address(), NEW_ADDRESS);
    assert_eq!(
        rebound.assess(&v2.verify(&new_req, None, None, after_move)),
        BindingStatus::Current
    );

    // The death: both certificates revoked; login and requests refused.
    let died = after_move.add_seconds(86_400);
    w.authority
        .apply_event(w.authentication.serial(), Event::Death, died)
        .unwrap();
    let after_death = died.add_seconds(600);
    let v3 = verifier(&mut w, after_death);
    assert_eq!(
        kind(login(&mut w, &v3, &store, 54, after_death)),
        ErrorKind::CertificateRevoked
    );
    let req = signed_request(&mut w, after_death);
    match rebound.assess(&v3.verify(&req, None, None, after_death)) {
        BindingStatus::Refused(Error::CertificateRevoked { reason, .. }) => assert_eq!(
            reason,
            Some(jpki::revocation::RevocationReason::CessationOfOperation)
        ),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_registration_must_answer_its_own_challenge() {
    let mut w = world();
    let verifier = verifier(&mut w, at());
    let store = MemoryNonceStore::new(8);
    let applicant = Applicant::new().with_address(ADDRESS);
    let a = issued(&store, 60);
    let b = issued(&store, 61);
    let reg_a = register(
        &mut w.card,
        &a,
        b"form",
        &password(),
        &auth_pin(),
        Some(at()),
    )
    .unwrap();
    let reg_b = register(
        &mut w.card,
        &b,
        b"form",
        &password(),
        &auth_pin(),
        Some(at()),
    )
    .unwrap();
    // The application signed over challenge a, the login answering b.
    match verifier.register(
        &reg_a.signed_application,
        &applicant,
        &reg_b.login,
        &store,
        at(),
    ) {
        Err(Error::RegistrationMismatch { reason }) => {
            assert!(reason.contains("another challenge"))
        }
        other => panic!("{other:?}"),
    }
    // An ordinary signed document is no registration.
    let c = issued(&store, 62);
    let reg_c = register(
        &mut w.card,
        &c,
        b"form",
        &password(),
        &auth_pin(),
        Some(at()),
    )
    .unwrap();
    let plain = {
        let cert = Certificate::from_der(
            &w.card
                .read_certificate(jpki::card::CertificateSlot::Signing, Some(&password()))
                .unwrap(),
        )
        .unwrap();
        let mut signer =
            jpki::card::CardSigner::new(&mut w.card, KeySlot::Signing, cert, Some(password()));
        jpki::cms::sign(
            b"form",
            &mut signer,
            &jpki::cms::SignOptions::default()
                .with_detached(false)
                .with_signing_time(Some(at())),
        )
        .unwrap()
    };
    assert_eq!(
        kind(verifier.register(&plain, &applicant, &reg_c.login, &store, at())),
        ErrorKind::RegistrationMismatch
    );
    // The 4 basic info must match the applicant's.
    let d = issued(&store, 63);
    let reg_d = register(
        &mut w.card,
        &d,
        b"form",
        &password(),
        &auth_pin(),
        Some(at()),
    )
    .unwrap();
    assert_eq!(
        kind(verifier.register(
            &reg_d.signed_application,
            &Applicant::new().with_address(NEW_ADDRESS),
            &reg_d.login,
            &store,
            at()
        )),
        ErrorKind::PersonalInfoMismatch
    );
}

#[test]
fn challenges_are_checked_and_canonical() {
    let now = at();
    let later = now.add_seconds(60);
    for (rp, nonce, expires) in [
        (RP, &[0u8; 31][..], later),
        (RP, &[0u8; 65][..], later),
        ("", &[0u8; 32][..], later),
        ("bank\n.example", &[0u8; 32][..], later),
        (RP, &[0u8; 32][..], now),
    ] {
        assert_eq!(
            kind(LoginChallenge::new(rp, nonce, now, expires)),
            ErrorKind::InvalidChallenge
        );
    }
    assert!(LoginChallenge::new(&"x".repeat(255), &[0; 64], now, later).is_ok());
    assert!(LoginChallenge::new(&"x".repeat(256), &[0; 64], now, later).is_err());

    let c = challenge(70);
    assert_eq!(LoginChallenge::from_der(c.der()).unwrap(), c);
    // Trailing bytes, truncation and another structure are refused.
    let mut long = c.to_der();
    long.push(0);
    assert_eq!(kind(LoginChallenge::from_der(&long)), ErrorKind::Decode);
    assert_eq!(
        kind(LoginChallenge::from_der(&c.der()[..c.der().len() - 1])),
        ErrorKind::Decode
    );
    // A response is not a challenge, nor the other way round.
    let r = LoginResponse::new(&[1; 32], b"cert", b"sig")
        .to_der()
        .unwrap();
    assert!(LoginChallenge::from_der(&r).is_err());
    assert_eq!(kind(LoginResponse::from_der(c.der())), ErrorKind::Decode);
    assert_eq!(
        LoginResponse::from_der(&r).unwrap(),
        LoginResponse::new(&[1; 32], b"cert", b"sig")
    );
    // Oversized responses are refused before parsing.
    let huge = LoginResponse::new(&[1; 32], &vec![0; 20_000], b"sig")
        .to_der()
        .unwrap();
    assert_eq!(kind(LoginResponse::from_der(&huge)), ErrorKind::Decode);
    // Debug never prints the certificate or signature bytes.
    let shown = format!("{:?}", LoginResponse::new(&[1; 32], b"cert", b"sig"));
    assert!(
        shown.contains("4 bytes") && shown.contains("3 bytes"),
        "{shown}"
    );
}

#[test]
fn the_memory_store_is_bounded_and_forgets_expired_challenges() {
    let store = MemoryNonceStore::new(2);
    let a = issued(&store, 80);
    issued(&store, 81);
    match store.insert(&challenge(82)) {
        Err(Error::NonceStoreFull { capacity }) => assert_eq!(capacity, 2),
        other => panic!("{other:?}"),
    }
    // The same nonce twice is refused.
    let dup = MemoryNonceStore::new(4);
    issued(&dup, 83);
    assert_eq!(
        kind(dup.insert(&challenge(83))),
        ErrorKind::InvalidChallenge
    );
    // Redeemed nonces are remembered (a replay is named) until they expire.
    store.redeem(a.nonce()).unwrap();
    assert_eq!(kind(store.redeem(a.nonce())), ErrorKind::ChallengeReplayed);
    assert_eq!(store.len(), 2);
    // A challenge issued after the others expired makes room.
    let later = a.expires_at();
    let fresh = LoginChallenge::new(RP, &[84; 32], later, later.add_seconds(60)).unwrap();
    store.insert(&fresh).unwrap();
    assert_eq!(store.len(), 1);
    assert_eq!(kind(store.redeem(a.nonce())), ErrorKind::ChallengeUnknown);
    // Redemption is atomic: of many threads, one gets the challenge.
    let shared = std::sync::Arc::new(MemoryNonceStore::new(4));
    let c = issued(&shared, 85);
    let winners: usize = (0..8)
        .map(|_| {
            let s = shared.clone();
            let n = c.nonce().to_vec();
            std::thread::spawn(move || usize::from(s.redeem(&n).is_ok()))
        })
        .collect::<Vec<_>>()
        .into_iter()
        .map(|h| h.join().unwrap())
        .sum();
    assert_eq!(winners, 1);
}

#[cfg(feature = "getrandom")]
#[test]
fn generated_challenges_have_fresh_nonces() {
    let a = LoginChallenge::generate(RP, at(), 300).unwrap();
    let b = LoginChallenge::generate(RP, at(), 300).unwrap();
    assert_eq!(a.nonce().len(), 32);
    assert_ne!(a.nonce(), b.nonce());
    assert_eq!(a.expires_at(), at().add_seconds(300));
}

fn sha1_digest(data: &[u8]) -> Vec<u8> {
    use sha1::Digest as _;
    sha1::Sha1::digest(data).to_vec()
}

/// Sends COMPUTE DIGITAL SIGNATURE with `data` as is, after the driver has
/// verified the PIN and selected the authentication key.
fn raw_sign(card: &mut JpkiCard<VirtualCard>, data: &[u8]) -> Vec<u8> {
    // Leaves the authentication key selected and its PIN verified.
    card.sign(
        KeySlot::Authentication,
        HashAlgorithm::Sha256,
        &[0; 32],
        Some(&auth_pin()),
    )
    .unwrap();
    let mut apdu = vec![0x80, 0x2A, 0x00, 0x80, u8::try_from(data.len()).unwrap()];
    apdu.extend_from_slice(data);
    apdu.push(0x00);
    let response = card.transport_mut().transmit(&apdu).unwrap();
    let (sig, sw) = response.split_at(response.len() - 2);
    assert_eq!(sw, [0x90, 0x00]);
    sig.to_vec()
}
