//! OCSP (RFC 6960) end to end in memory: requests as responders expect them, the
//! simulated J-LIS responder, and every check of `verify_response`, each failure
//! asserted as its own error.

#![cfg(feature = "sim")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::sync::OnceLock;

use der::Decode;
use jpki::Certificate;
use jpki::Date;
use jpki::Error;
use jpki::Serial;
use jpki::Sex;
use jpki::Time;
use jpki::crypto::{HashAlgorithm, SignatureScheme};
use jpki::oid::{KP_CLIENT_AUTH, KP_OCSP_SIGNING, Oid};
use jpki::revocation::RevocationReason;
use jpki::revocation::ocsp::{
    CertId, OcspCertStatus, OcspCheck, OcspRequest, ResponseStatus, SingleResponse,
    error_response as ocsp_error_response, verify_response,
};
use jpki::sim::{
    Authority, AuthorityOptions, CertificateBuilder, Event, OcspResponseBuilder, OcspSigning,
    Purpose, RegisterRecord, SimKey, dn_der,
};

const NONCE: &[u8] = b"0123456789abcdef";

fn at() -> Time {
    Time::parse_rfc3339("2026-11-21T10:00:00+09:00").unwrap()
}

fn resident(name: &str) -> RegisterRecord {
    RegisterRecord {
        name: name.into(),
        birth_date: Date::parse_iso("1950-04-01").unwrap(),
        sex: Sex::Male,
        address: "東京都千代田区霞が関2丁目1番2号".into(),
        prefecture: None,
        municipality: None,
    }
}

/// A subscriber key (RSA generation is the slow part: one for every test).
fn card_key() -> &'static [u8] {
    static KEY: OnceLock<Vec<u8>> = OnceLock::new();
    KEY.get_or_init(|| SimKey::generate(2048).unwrap().public_key_der().unwrap())
}

/// An authority with one signing certificate, issued by the newest generation.
struct Fixture {
    authority: Authority,
    cert: Certificate,
    issuer: Certificate,
}

fn new_fixture() -> Fixture {
    let mut authority = Authority::new(AuthorityOptions::default(), at()).unwrap();
    let cert = authority
        .issue(&resident("吉田 太郎"), card_key(), Purpose::Signing, at())
        .unwrap();
    let issuer = authority
        .generations_of(Purpose::Signing)
        .find(|g| cert.issuer_match(g.certificate()).is_some())
        .unwrap()
        .certificate()
        .clone();
    Fixture {
        authority,
        cert,
        issuer,
    }
}

/// Shared by the tests that revoke nothing.
fn shared() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(new_fixture)
}

fn request(f: &Fixture, nonce: Option<&[u8]>) -> OcspRequest {
    OcspRequest::new(
        &f.cert,
        &f.issuer,
        HashAlgorithm::Sha1,
        nonce.map(<[u8]>::to_vec),
    )
    .unwrap()
}

fn verify(
    response: &[u8],
    request: &OcspRequest,
    f: &Fixture,
    t: Time,
) -> Result<OcspCertStatus, Error> {
    verify_response(response, request, &f.issuer, &OcspCheck::new(t)).map(|r| r.status)
}

/// The generation of `purpose` with `index`.
fn generation(a: &Authority, purpose: Purpose, index: usize) -> &jpki::sim::CaGeneration {
    a.generations_of(purpose)
        .find(|g| g.index() == index)
        .unwrap()
}

/// The issuing generation of the shared fixture.
fn issuing_generation(f: &Fixture) -> &jpki::sim::CaGeneration {
    f.authority
        .generations_of(Purpose::Signing)
        .find(|g| g.certificate().der() == f.issuer.der())
        .unwrap()
}

/// A responder certificate issued by `ca_key` under `issuer`, with `eku`.
fn responder_cert(
    issuer: &Certificate,
    ca_key: &SimKey,
    key: &SimKey,
    eku: &[Oid],
    not_before: Time,
    not_after: Time,
) -> Certificate {
    let mut b = CertificateBuilder::new(
        Serial::from_u64(0x7777),
        issuer.subject().der().to_vec(),
        dn_der(&[("C", "JP"), ("O", "JPKI"), ("CN", "Test OCSP Responder")]).unwrap(),
        not_before,
        not_after,
        key.public_key_der().unwrap(),
    );
    if !eku.is_empty() {
        // ExtendedKeyUsage ::= SEQUENCE OF KeyPurposeId
        let mut inner = Vec::new();
        for oid in eku {
            let body = const_oid_der(oid);
            inner.extend(body);
        }
        let mut value = vec![0x30, u8::try_from(inner.len()).unwrap()];
        value.extend(inner);
        b = b.extension("2.5.29.37".parse().unwrap(), false, value);
    }
    b.sign(ca_key).unwrap()
}

/// The DER of an OBJECT IDENTIFIER.
fn const_oid_der(oid: &Oid) -> Vec<u8> {
    use der::Encode;
    der::asn1::ObjectIdentifier::new(&oid.to_dotted())
        .unwrap()
        .to_der()
        .unwrap()
}

fn responder_key() -> &'static SimKey {
    static KEY: OnceLock<SimKey> = OnceLock::new();
    KEY.get_or_init(|| SimKey::generate(2048).unwrap())
}

/// A good answer about the fixture's certificate at `at()`, valid one hour.
fn good_answer(f: &Fixture) -> SingleResponse {
    SingleResponse::new(
        request(f, None).cert_id().clone(),
        OcspCertStatus::Good,
        at(),
    )
    .next_update(at().add_seconds(3600))
}

// ---------------------------------------------------------------------------
// Requests

#[test]
fn request_carries_a_sha1_cert_id_and_the_nonce() {
    let f = shared();
    let req = request(f, Some(NONCE));
    let id = req.cert_id();
    assert_eq!(id.hash_algorithm, HashAlgorithm::Sha1);
    // issuerNameHash: SHA-1 of the issuer's DER subject.
    assert_eq!(
        id.issuer_name_hash,
        HashAlgorithm::Sha1.digest(f.issuer.subject().der())
    );
    assert_eq!(id.issuer_name_hash.len(), 20);
    // issuerKeyHash: SHA-1 of the BIT STRING contents of the issuer's key, read
    // here with the spki crate.
    let spki = spki::SubjectPublicKeyInfoRef::from_der(f.issuer.public_key_der()).unwrap();
    let bits = spki.subject_public_key.raw_bytes();
    assert_eq!(
        bits[0], 0x30,
        "the RSAPublicKey SEQUENCE, no unused-bits octet"
    );
    assert_eq!(id.issuer_key_hash, HashAlgorithm::Sha1.digest(bits));
    assert_eq!(&id.serial, f.cert.serial());
    assert_eq!(req.nonce(), Some(NONCE));

    let der = req.der();
    // sha1 with NULL parameters, as OpenSSL writes it.
    let sha1 = [
        0x30, 0x09, 0x06, 0x05, 0x2b, 0x0e, 0x03, 0x02, 0x1a, 0x05, 0x00,
    ];
    assert!(der.windows(sha1.len()).any(|w| w == sha1));
    // The nonce extension: id-pkix-ocsp-nonce, extnValue = OCTET STRING (nonce).
    let oid = [
        0x06, 0x09, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x01, 0x02,
    ];
    let value = [&[0x04, 18, 0x04, 16][..], NONCE].concat();
    let ext = [&oid[..], &value].concat();
    assert!(der.windows(ext.len()).any(|w| w == ext));
    // No version, no signature: SEQUENCE { SEQUENCE { SEQUENCE OF Request, [2] } }.
    assert_eq!(der[0], 0x30);

    // A responder reads back the same request.
    let parsed = OcspRequest::parse(der).unwrap();
    assert_eq!(parsed, req);
    assert_eq!(parsed.cert_ids().count(), 1);

    // Without a nonce, and with SHA-256.
    let plain = request(f, None);
    assert_eq!(plain.nonce(), None);
    assert!(!plain.der().windows(oid.len()).any(|w| w == oid));
    let sha256 = OcspRequest::new(&f.cert, &f.issuer, HashAlgorithm::Sha256, None).unwrap();
    assert_eq!(sha256.cert_id().issuer_key_hash.len(), 32);
    assert_eq!(OcspRequest::parse(sha256.der()).unwrap(), sha256);
}

#[test]
fn request_refuses_bad_nonces_and_the_wrong_issuer() {
    let f = shared();
    for len in [0, 33] {
        assert!(matches!(
            OcspRequest::new(&f.cert, &f.issuer, HashAlgorithm::Sha1, Some(vec![1; len])),
            Err(Error::OcspInvalidNonce { len: l }) if l == len
        ));
    }
    // Another generation has the same DN but another key: not the issuer.
    let other = f
        .authority
        .generations_of(Purpose::Signing)
        .find(|g| g.certificate().der() != f.issuer.der())
        .unwrap()
        .certificate();
    assert_eq!(other.subject(), f.issuer.subject());
    assert!(matches!(
        OcspRequest::new(&f.cert, other, HashAlgorithm::Sha1, None),
        Err(Error::OcspIssuerMismatch)
    ));
    // A request built for the right issuer, checked against the wrong one.
    let req = request(f, None);
    let response = f.authority.ocsp_respond(req.der(), at());
    assert!(matches!(
        verify_response(&response, &req, other, &OcspCheck::new(at())),
        Err(Error::OcspIssuerMismatch)
    ));
}

#[test]
fn request_parser_is_strict() {
    let f = shared();
    let der = request(f, Some(NONCE)).der().to_vec();
    let mut trailing = der.clone();
    trailing.push(0);
    assert!(matches!(
        OcspRequest::parse(&trailing),
        Err(Error::Decode { .. })
    ));
    assert!(matches!(
        OcspRequest::parse(b"garbage"),
        Err(Error::Decode { .. })
    ));
    // SEQUENCE { SEQUENCE { SEQUENCE OF Request (empty) } }
    assert!(matches!(
        OcspRequest::parse(&[0x30, 0x04, 0x30, 0x02, 0x30, 0x00]),
        Err(Error::OcspMalformed {
            what: "request",
            ..
        })
    ));
    // The DEFAULT version v1 written out.
    assert!(matches!(
        OcspRequest::parse(&[
            0x30, 0x09, 0x30, 0x07, 0xa0, 0x03, 0x02, 0x01, 0x00, 0x30, 0x00
        ]),
        Err(Error::OcspMalformed {
            what: "request",
            ..
        })
    ));
    for len in 0..der.len() {
        assert!(OcspRequest::parse(&der[..len]).is_err(), "{len}");
    }
}

// ---------------------------------------------------------------------------
// The simulated responder

#[test]
fn simulator_answers_good_then_revoked_then_unknown() {
    let mut f = new_fixture();
    let req = request(&f, Some(NONCE));

    // Good, from the delegated responder of the issuing generation.
    let response = f.authority.ocsp_respond(req.der(), at());
    let result = verify_response(&response, &req, &f.issuer, &OcspCheck::new(at())).unwrap();
    assert_eq!(result.status, OcspCertStatus::Good);
    assert_eq!(result.this_update, at());
    assert_eq!(result.produced_at, at());
    assert_eq!(result.next_update, Some(at().add_seconds(3600)));
    let responder = result.delegated_responder.unwrap();
    assert!(responder.extended_key_usage().contains(&KP_OCSP_SIGNING));
    assert!(responder.issuer_match(&f.issuer).is_some());
    assert!(responder.is_valid_at(at()));
    assert!(
        responder
            .extensions()
            .iter()
            .any(|e| e.oid.to_dotted() == "1.3.6.1.5.5.7.48.1.5"),
        "id-pkix-ocsp-nocheck"
    );
    let index = issuing_generation(&f).index();
    let same = f
        .authority
        .ocsp_responder_certificate(Purpose::Signing, index, at())
        .unwrap();
    assert_eq!(same.der(), responder.der(), "deterministic for the day");

    // Signed by the CA itself, on request.
    let by_ca = f
        .authority
        .ocsp_respond_with(req.der(), at(), OcspSigning::Ca);
    let result = verify_response(&by_ca, &req, &f.issuer, &OcspCheck::new(at())).unwrap();
    assert_eq!(result.status, OcspCertStatus::Good);
    assert!(result.delegated_responder.is_none());

    // A move revokes the signing certificate (affiliationChanged).
    let moved_at = at().add_seconds(600);
    f.authority
        .apply_event(f.cert.serial(), Event::Move, moved_at)
        .unwrap();
    let later = at().add_seconds(1200);
    let response = f.authority.ocsp_respond(req.der(), later);
    assert_eq!(
        verify(&response, &req, &f, later).unwrap(),
        OcspCertStatus::Revoked {
            at: moved_at,
            reason: Some(RevocationReason::AffiliationChanged)
        }
    );
    // Asked as of a time before the move, the answer is good.
    let before = f.authority.ocsp_respond(req.der(), at());
    assert_eq!(
        verify(&before, &req, &f, at()).unwrap(),
        OcspCertStatus::Good
    );

    // A serial this CA never issued.
    let id = CertId::for_serial(
        &f.issuer,
        Serial::from_u64(0x0fff_ffff),
        HashAlgorithm::Sha1,
    )
    .unwrap();
    let never = OcspRequest::for_cert_id(id, Some(NONCE.to_vec())).unwrap();
    let response = f.authority.ocsp_respond(never.der(), later);
    assert_eq!(
        verify(&response, &never, &f, later).unwrap(),
        OcspCertStatus::Unknown
    );

    // SHA-256 CertIDs are answered too.
    let sha256 = OcspRequest::new(&f.cert, &f.issuer, HashAlgorithm::Sha256, None).unwrap();
    let response = f.authority.ocsp_respond(sha256.der(), later);
    assert!(matches!(
        verify(&response, &sha256, &f, later).unwrap(),
        OcspCertStatus::Revoked { .. }
    ));
}

#[test]
fn simulator_answers_every_generation_and_refuses_garbage() {
    let mut f = new_fixture();
    // A certificate from the older generation, answered by that generation's
    // responder; the newer generation's key does not verify it.
    let older = generation(&f.authority, Purpose::Signing, 1)
        .certificate()
        .clone();
    let cert = f
        .authority
        .issue_from_generation(
            &resident("髙橋 一郎"),
            card_key(),
            Purpose::Signing,
            1,
            at(),
        )
        .unwrap();
    let req = OcspRequest::new(&cert, &older, HashAlgorithm::Sha1, None).unwrap();
    let response = f.authority.ocsp_respond(req.der(), at());
    let result = verify_response(&response, &req, &older, &OcspCheck::new(at())).unwrap();
    assert_eq!(result.status, OcspCertStatus::Good);
    let responder = result.delegated_responder.unwrap();
    assert!(responder.issuer_match(&older).is_some());
    assert!(responder.issuer_match(&f.issuer).is_none());

    // Garbage: malformedRequest.
    for garbage in [&b""[..], b"\x30\x00", b"GET / HTTP/1.1\r\n\r\n"] {
        let response = f.authority.ocsp_respond(garbage, at());
        assert_eq!(
            response,
            ocsp_error_response(ResponseStatus::MalformedRequest)
        );
        assert!(matches!(
            verify(&response, &req, &f, at()),
            Err(Error::OcspResponseStatus {
                status: ResponseStatus::MalformedRequest
            })
        ));
    }
    // A CA the authority does not have: unauthorized.
    let stranger = Authority::new(AuthorityOptions::default(), at()).unwrap();
    let stranger_ca = generation(&stranger, Purpose::Signing, 2).certificate();
    let id = CertId::for_serial(stranger_ca, Serial::from_u64(1), HashAlgorithm::Sha1).unwrap();
    let foreign = OcspRequest::for_cert_id(id, None).unwrap();
    assert_eq!(
        f.authority.ocsp_respond(foreign.der(), at()),
        ocsp_error_response(ResponseStatus::Unauthorized)
    );
    // An authentication certificate's CertID names the authentication CA.
    let auth = f
        .authority
        .issue(
            &resident("吉田 太郎"),
            card_key(),
            Purpose::Authentication,
            at(),
        )
        .unwrap();
    assert!(auth.extended_key_usage().contains(&KP_CLIENT_AUTH));
    let auth_ca = f
        .authority
        .generations_of(Purpose::Authentication)
        .find(|g| auth.issuer_match(g.certificate()).is_some())
        .unwrap()
        .certificate()
        .clone();
    let req = OcspRequest::new(&auth, &auth_ca, HashAlgorithm::Sha1, Some(NONCE.to_vec())).unwrap();
    let response = f.authority.ocsp_respond(req.der(), at());
    let result = verify_response(&response, &req, &auth_ca, &OcspCheck::new(at())).unwrap();
    assert_eq!(result.status, OcspCertStatus::Good);
}

// ---------------------------------------------------------------------------
// What verify_response refuses

#[test]
fn nonce_must_be_echoed_exactly() {
    let f = shared();
    let sent = request(f, Some(NONCE));
    let response = f.authority.ocsp_respond(sent.der(), at());
    // The response echoes NONCE; checked against a request with another nonce.
    let other = request(f, Some(b"fedcba9876543210"));
    assert!(matches!(
        verify(&response, &other, f, at()),
        Err(Error::OcspNonceMismatch)
    ));
    // A response without a nonce, for a request that had one.
    let without = f.authority.ocsp_respond(request(f, None).der(), at());
    assert!(matches!(
        verify(&without, &sent, f, at()),
        Err(Error::OcspNonceMissing)
    ));
    // A request without a nonce accepts a response with one.
    assert_eq!(
        verify(&response, &request(f, None), f, at()).unwrap(),
        OcspCertStatus::Good
    );
}

#[test]
fn an_answer_about_another_certificate_is_an_error() {
    let f = shared();
    let response = f.authority.ocsp_respond(request(f, None).der(), at());
    let id = CertId::for_serial(
        &f.issuer,
        Serial::from_u64(0x0100_0001),
        HashAlgorithm::Sha1,
    )
    .unwrap();
    let other = OcspRequest::for_cert_id(id, None).unwrap();
    assert!(matches!(
        verify(&response, &other, f, at()),
        Err(Error::OcspCertIdMismatch { matching: 0, .. })
    ));
    // The same certificate asked with SHA-256 is another CertID.
    let sha256 = OcspRequest::new(&f.cert, &f.issuer, HashAlgorithm::Sha256, None).unwrap();
    assert!(matches!(
        verify(&response, &sha256, f, at()),
        Err(Error::OcspCertIdMismatch { matching: 0, .. })
    ));
    // Two answers about the certificate: ambiguous.
    let ca = issuing_generation(f);
    let twice = OcspResponseBuilder::new(&f.issuer, at())
        .unwrap()
        .response(good_answer(f))
        .response({
            let mut answer = good_answer(f);
            answer.status = OcspCertStatus::Unknown;
            answer
        })
        .sign(ca.key())
        .unwrap();
    assert!(matches!(
        verify(&twice, &request(f, None), f, at()),
        Err(Error::OcspCertIdMismatch { matching: 2, .. })
    ));
}

#[test]
fn a_delegated_responder_needs_ocsp_signing() {
    let f = shared();
    let ca = issuing_generation(f);
    let key = responder_key();
    let window = (
        at().add_seconds(0).unix_seconds() - 86_400,
        at().unix_seconds() + 86_400,
    );
    let (nb, na) = (
        Time::from_unix_seconds(window.0),
        Time::from_unix_seconds(window.1),
    );
    let no_eku = responder_cert(&f.issuer, ca.key(), key, &[], nb, na);
    let client_auth = responder_cert(&f.issuer, ca.key(), key, &[KP_CLIENT_AUTH], nb, na);
    for cert in [&no_eku, &client_auth] {
        let response = OcspResponseBuilder::new(cert, at())
            .unwrap()
            .response(good_answer(f))
            .certificate(cert)
            .sign(key)
            .unwrap();
        match verify(&response, &request(f, None), f, at()) {
            Err(Error::OcspResponderNotAuthorized { reason }) => {
                assert!(reason.contains("id-kp-OCSPSigning"), "{reason}")
            }
            other => panic!("{other:?}"),
        }
    }
    // The same with the EKU is accepted, named by key or by name.
    let good = responder_cert(&f.issuer, ca.key(), key, &[KP_OCSP_SIGNING], nb, na);
    for builder in [
        OcspResponseBuilder::new(&good, at()).unwrap(),
        OcspResponseBuilder::new(&good, at())
            .unwrap()
            .responder_by_name(&good),
    ] {
        let response = builder
            .response(good_answer(f))
            .certificate(&good)
            .sign(key)
            .unwrap();
        let result = verify_response(
            &response,
            &request(f, None),
            &f.issuer,
            &OcspCheck::new(at()),
        )
        .unwrap();
        assert_eq!(result.delegated_responder.unwrap().der(), good.der());
    }
    // Not included in the response: unknown responder.
    let response = OcspResponseBuilder::new(&good, at())
        .unwrap()
        .response(good_answer(f))
        .sign(key)
        .unwrap();
    match verify(&response, &request(f, None), f, at()) {
        Err(Error::OcspResponderNotAuthorized { reason }) => {
            assert!(reason.contains("neither the issuing CA"), "{reason}")
        }
        other => panic!("{other:?}"),
    }
    // Expired at the validation time.
    let old = responder_cert(
        &f.issuer,
        ca.key(),
        key,
        &[KP_OCSP_SIGNING],
        nb,
        Time::from_unix_seconds(at().unix_seconds() - 60),
    );
    let response = OcspResponseBuilder::new(&old, at())
        .unwrap()
        .response(good_answer(f))
        .certificate(&old)
        .sign(key)
        .unwrap();
    assert!(matches!(
        verify(&response, &request(f, None), f, at()),
        Err(Error::CertificateExpired { .. })
    ));
}

#[test]
fn a_responder_certificate_from_another_ca_is_refused() {
    let f = shared();
    let key = responder_key();
    let nb = Time::from_unix_seconds(at().unix_seconds() - 86_400);
    let na = at().add_seconds(86_400);
    // Another generation of the same hierarchy: same DN, another key.
    let sibling = f
        .authority
        .generations_of(Purpose::Signing)
        .find(|g| g.certificate().der() != f.issuer.der())
        .unwrap();
    // Another authority altogether, with the same DN too.
    let stranger = Authority::new(AuthorityOptions::default(), at()).unwrap();
    let stranger_ca = generation(&stranger, Purpose::Signing, 2);
    for (issuer, ca_key) in [
        (sibling.certificate(), sibling.key()),
        (stranger_ca.certificate(), stranger_ca.key()),
    ] {
        let cert = responder_cert(issuer, ca_key, key, &[KP_OCSP_SIGNING], nb, na);
        let response = OcspResponseBuilder::new(&cert, at())
            .unwrap()
            .response(good_answer(f))
            .certificate(&cert)
            .sign(key)
            .unwrap();
        match verify(&response, &request(f, None), f, at()) {
            // The certificate builder writes no authorityKeyIdentifier, so the
            // names match and the CA's signature is what fails.
            Err(Error::BadSignature {
                what: "OCSP responder certificate",
            }) => {}
            other => panic!("{other:?}"),
        }
    }
    // The other generation's delegated responder, as the simulator makes it
    // (authorityKeyIdentifier names that generation).
    let sibling_responder = f
        .authority
        .ocsp_responder_certificate(Purpose::Signing, sibling.index(), at())
        .unwrap();
    let response = OcspResponseBuilder::new(&sibling_responder, at())
        .unwrap()
        .response(good_answer(f))
        .certificate(&sibling_responder)
        .sign(sibling.key()) // any key: the responder check comes first
        .unwrap();
    match verify(&response, &request(f, None), f, at()) {
        Err(Error::OcspResponderNotAuthorized { reason }) => {
            assert!(
                reason.contains("not issued by the certificate's CA"),
                "{reason}"
            )
        }
        other => panic!("{other:?}"),
    }
    // A responder of another DN.
    let other_dn = CertificateBuilder::new(
        Serial::from_u64(9),
        dn_der(&[("C", "JP"), ("O", "Elsewhere")]).unwrap(),
        dn_der(&[("C", "JP"), ("CN", "Responder")]).unwrap(),
        nb,
        na,
        key.public_key_der().unwrap(),
    )
    .sign(key)
    .unwrap();
    let response = OcspResponseBuilder::new(&other_dn, at())
        .unwrap()
        .response(good_answer(f))
        .certificate(&other_dn)
        .sign(key)
        .unwrap();
    assert!(matches!(
        verify(&response, &request(f, None), f, at()),
        Err(Error::OcspResponderNotAuthorized { .. })
    ));
}

#[test]
fn a_response_signed_by_another_key_is_refused() {
    let f = shared();
    // Names the CA, signed by someone else.
    let forged = OcspResponseBuilder::new(&f.issuer, at())
        .unwrap()
        .response(good_answer(f))
        .sign(responder_key())
        .unwrap();
    assert!(matches!(
        verify(&forged, &request(f, None), f, at()),
        Err(Error::BadSignature {
            what: "OCSP response"
        })
    ));
    // A flipped bit in a genuine response's signed data.
    let genuine = f.authority.ocsp_respond(request(f, None).der(), at());
    let idx = genuine
        .windows(f.cert.serial().as_bytes().len())
        .position(|w| w == f.cert.serial().as_bytes())
        .unwrap();
    let mut tampered = genuine.clone();
    tampered[idx + f.cert.serial().as_bytes().len() - 1] ^= 1;
    assert!(matches!(
        verify(&tampered, &request(f, None), f, at()),
        Err(Error::BadSignature {
            what: "OCSP response"
        })
    ));
}

#[test]
fn signature_algorithms() {
    let f = shared();
    let ca = issuing_generation(f);
    let build = |scheme| {
        OcspResponseBuilder::new(&f.issuer, at())
            .unwrap()
            .response(good_answer(f))
            .signature_scheme(scheme)
            .sign(ca.key())
            .unwrap()
    };
    for scheme in [
        SignatureScheme::Pkcs1v15(HashAlgorithm::Sha384),
        SignatureScheme::Pkcs1v15(HashAlgorithm::Sha512),
        SignatureScheme::Pss {
            hash: HashAlgorithm::Sha256,
            salt_len: 32,
        },
    ] {
        assert_eq!(
            verify(&build(scheme), &request(f, None), f, at()).unwrap(),
            OcspCertStatus::Good,
            "{scheme}"
        );
    }
    // SHA-1 signatures only when allowed.
    let sha1 = build(SignatureScheme::Pkcs1v15(HashAlgorithm::Sha1));
    assert!(matches!(
        verify(&sha1, &request(f, None), f, at()),
        Err(Error::LegacyAlgorithmNotAllowed { .. })
    ));
    let mut check = OcspCheck::new(at());
    check.allow_sha1_signature = true;
    assert_eq!(
        verify_response(&sha1, &request(f, None), &f.issuer, &check)
            .unwrap()
            .status,
        OcspCertStatus::Good
    );
    // CA-signed, named by name.
    let by_name = OcspResponseBuilder::new(&f.issuer, at())
        .unwrap()
        .responder_by_name(&f.issuer)
        .response(good_answer(f))
        .sign(ca.key())
        .unwrap();
    assert_eq!(
        verify(&by_name, &request(f, None), f, at()).unwrap(),
        OcspCertStatus::Good
    );
}

#[test]
fn freshness_with_clock_skew() {
    let f = shared();
    let req = request(f, None);
    let response = f.authority.ocsp_respond(req.der(), at());
    let next = at().add_seconds(3600);
    // Up to nextUpdate + 300 s, then stale.
    assert!(verify(&response, &req, f, next.add_seconds(300)).is_ok());
    match verify(&response, &req, f, next.add_seconds(301)) {
        Err(Error::OcspStale {
            this_update,
            next_update,
            at: t,
        }) => {
            assert_eq!(
                (this_update, next_update, t),
                (at(), Some(next), next.add_seconds(301))
            );
        }
        other => panic!("{other:?}"),
    }
    // thisUpdate up to 300 s in the future, then not yet valid.
    let early = Time::from_unix_seconds(at().unix_seconds() - 300);
    assert!(verify(&response, &req, f, early).is_ok());
    let too_early = Time::from_unix_seconds(at().unix_seconds() - 301);
    assert!(matches!(
        verify(&response, &req, f, too_early),
        Err(Error::OcspNotYetValid { this_update, at: t }) if this_update == at() && t == too_early
    ));
    // A custom skew.
    let mut check = OcspCheck::new(next.add_seconds(10));
    check.clock_skew = 0;
    assert!(matches!(
        verify_response(&response, &req, &f.issuer, &check),
        Err(Error::OcspStale { .. })
    ));

    // Without nextUpdate: stale unless the caller allows an age.
    let ca = issuing_generation(f);
    let open_ended = OcspResponseBuilder::new(&f.issuer, at())
        .unwrap()
        .response({
            let mut answer = good_answer(f);
            answer.next_update = None;
            answer
        })
        .sign(ca.key())
        .unwrap();
    assert!(matches!(
        verify(&open_ended, &req, f, at()),
        Err(Error::OcspStale {
            next_update: None,
            ..
        })
    ));
    let mut check = OcspCheck::new(at().add_seconds(60));
    check.max_age_without_next_update = 120;
    assert!(verify_response(&open_ended, &req, &f.issuer, &check).is_ok());
    check.at = at().add_seconds(121);
    assert!(matches!(
        verify_response(&open_ended, &req, &f.issuer, &check),
        Err(Error::OcspStale { .. })
    ));
}

#[test]
fn unsuccessful_and_foreign_responses() {
    let f = shared();
    let req = request(f, None);
    for status in [
        ResponseStatus::MalformedRequest,
        ResponseStatus::InternalError,
        ResponseStatus::TryLater,
        ResponseStatus::SigRequired,
        ResponseStatus::Unauthorized,
    ] {
        match verify(&ocsp_error_response(status), &req, f, at()) {
            Err(Error::OcspResponseStatus { status: s }) => assert_eq!(s, status),
            other => panic!("{other:?}"),
        }
    }
    // tryLater, as the message says it.
    let e = verify(
        &ocsp_error_response(ResponseStatus::TryLater),
        &req,
        f,
        at(),
    )
    .unwrap_err();
    assert_eq!(e.to_string(), "the OCSP responder answered tryLater (3)");
    // successful without a body; an unknown status code.
    assert!(matches!(
        verify(
            &ocsp_error_response(ResponseStatus::Successful),
            &req,
            f,
            at()
        ),
        Err(Error::OcspMalformed { .. })
    ));
    assert!(matches!(
        verify(&[0x30, 0x03, 0x0a, 0x01, 0x04], &req, f, at()),
        Err(Error::OcspMalformed { .. })
    ));
    // A response type other than id-pkix-ocsp-basic (1.3.6.1.5.5.7.48.1.99).
    let oid = [
        0x06, 0x09, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x01, 0x63,
    ];
    let bytes = [&[0x30, 0x0f][..], &oid, &[0x04, 0x02, 0x30, 0x00]].concat();
    let explicit = [&[0xa0, 0x11][..], &bytes].concat();
    let response = [&[0x30, 0x16, 0x0a, 0x01, 0x00][..], &explicit].concat();
    assert!(matches!(
        verify(&response, &req, f, at()),
        Err(Error::OcspNotBasic { response_type }) if response_type.to_dotted() == "1.3.6.1.5.5.7.48.1.99"
    ));
}

#[test]
fn truncated_responses_never_panic() {
    let f = shared();
    let req = request(f, Some(NONCE));
    let response = f.authority.ocsp_respond(req.der(), at());
    assert!(verify(&response, &req, f, at()).is_ok());
    for len in 0..response.len() {
        assert!(verify(&response[..len], &req, f, at()).is_err(), "{len}");
    }
    let mut longer = response.clone();
    longer.push(0);
    assert!(matches!(
        verify(&longer, &req, f, at()),
        Err(Error::Decode { .. })
    ));
}

// ---------------------------------------------------------------------------
// Fuzz seeds

/// Writes `fuzz/seeds/ocsp/`: the issuer and request the `ocsp` fuzz target
/// verifies against, and requests and responses to start from. Run by hand:
/// `cargo test -p jpki-core --all-features --test ocsp -- --ignored write_fuzz_seeds`
/// (the fuzz target's fixture is read from the same files, so they stay
/// consistent).
#[test]
#[ignore = "writes fuzz/seeds/ocsp; run by hand when the seeds should change"]
fn write_fuzz_seeds() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../fuzz/seeds/ocsp");
    std::fs::create_dir_all(&dir).unwrap();
    let write = |name: &str, bytes: &[u8]| std::fs::write(dir.join(name), bytes).unwrap();
    let mut f = new_fixture();
    let req = request(&f, Some(NONCE));
    write("issuer_ca.der", f.issuer.der());
    write("request_sha1_nonce.der", req.der());
    write(
        "request_sha256.der",
        OcspRequest::new(&f.cert, &f.issuer, HashAlgorithm::Sha256, None)
            .unwrap()
            .der(),
    );
    write(
        "response_good_delegated.der",
        &f.authority.ocsp_respond(req.der(), at()),
    );
    write(
        "response_good_ca_signed.der",
        &f.authority
            .ocsp_respond_with(req.der(), at(), OcspSigning::Ca),
    );
    let ca = issuing_generation(&f);
    write(
        "response_pss_by_name.der",
        &OcspResponseBuilder::new(&f.issuer, at())
            .unwrap()
            .responder_by_name(&f.issuer)
            .echo_nonce(&req)
            .response(good_answer(&f))
            .signature_scheme(SignatureScheme::Pss {
                hash: HashAlgorithm::Sha256,
                salt_len: 32,
            })
            .sign(ca.key())
            .unwrap(),
    );
    write(
        "response_try_later.der",
        &ocsp_error_response(ResponseStatus::TryLater),
    );
    write(
        "response_malformed_request.der",
        &f.authority.ocsp_respond(b"not a request", at()),
    );
    let id = CertId::for_serial(
        &f.issuer,
        Serial::from_u64(0x0fff_ffff),
        HashAlgorithm::Sha1,
    )
    .unwrap();
    let unknown = OcspRequest::for_cert_id(id, Some(NONCE.to_vec())).unwrap();
    write(
        "response_unknown.der",
        &f.authority.ocsp_respond(unknown.der(), at()),
    );
    f.authority
        .apply_event(f.cert.serial(), Event::Death, at())
        .unwrap();
    write(
        "response_revoked.der",
        &f.authority.ocsp_respond(req.der(), at()),
    );
}
