//! CRLs and OCSP through the C ABI, against the simulator: a CRL verified
//! against its CA generation (and refused from another), revoked, good and
//! not-covered lookups; OCSP requests with and without a nonce answered good,
//! then revoked; stale and mismatched answers; NULL for every pointer parameter.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::ptr::{null, null_mut};

use jpki::revocation::ocsp::OcspRequest;
use jpki::sim::{Authority, AuthorityOptions, Event, Purpose, RegisterRecord, SimKey};
use jpki::{Certificate, Date, Sex, Time};
use jpki_ffi::cert::*;
use jpki_ffi::jpki_result;
use jpki_ffi::revocation::*;

const OK: jpki_result = jpki_result::Ok;
const NULL: jpki_result = jpki_result::NullParameter;

fn at() -> Time {
    Time::parse_rfc3339("2026-11-21T10:00:00+09:00").unwrap()
}

fn unix(t: Time) -> i64 {
    i64::try_from(t.unix_seconds()).unwrap()
}

fn record(name: &str, address: &str) -> RegisterRecord {
    RegisterRecord {
        name: name.into(),
        birth_date: Date::parse_iso("1960-07-15").unwrap(),
        sex: Sex::Female,
        address: address.into(),
        prefecture: None,
        municipality: None,
    }
}

/// An authority with three residents' signing certificates: `revoked` (moved
/// a minute after issuance), `good` in the same municipality, `elsewhere` in
/// another one.
struct World {
    authority: Authority,
    revoked: Certificate,
    good: Certificate,
    elsewhere: Certificate,
    ca: Certificate,
    other_ca: Certificate,
    auth_ca: Certificate,
    revoked_at: Time,
}

fn world() -> World {
    let mut authority = Authority::new(AuthorityOptions::default(), at()).unwrap();
    let key = SimKey::generate(2048).unwrap().public_key_der().unwrap();
    let mut issue = |name: &str, address: &str| {
        authority
            .issue(&record(name, address), &key, Purpose::Signing, at())
            .unwrap()
    };
    let revoked = issue("佐藤 花子", "東京都千代田区霞が関1丁目1番1号");
    let good = issue("鈴木 一子", "東京都千代田区霞が関2丁目2番2号");
    let elsewhere = issue("田中 良子", "大阪府大阪市北区梅田1丁目1番1号");
    let revoked_at = at().add_seconds(60);
    authority
        .apply_event(revoked.serial(), Event::Move, revoked_at)
        .unwrap();
    let generation = authority
        .find_issued(revoked.serial())
        .unwrap()
        .generation();
    let ca_of = |purpose, pick: &dyn Fn(usize) -> bool| {
        authority
            .generations_of(purpose)
            .find(|g| pick(g.index()))
            .unwrap()
            .certificate()
            .clone()
    };
    let ca = ca_of(Purpose::Signing, &|i| i == generation);
    let other_ca = ca_of(Purpose::Signing, &|i| i != generation);
    let auth_ca = ca_of(Purpose::Authentication, &|_| true);
    World {
        authority,
        revoked,
        good,
        elsewhere,
        ca,
        other_ca,
        auth_ca,
        revoked_at,
    }
}

fn handle(cert: &Certificate) -> *mut jpki_certificate {
    let der = cert.der();
    let mut out = null_mut();
    // SAFETY: live slice, local output.
    let got = unsafe { jpki_certificate_parse(der.as_ptr(), der.len(), &mut out) };
    assert_eq!(got, OK);
    out
}

fn free(cert: *mut jpki_certificate) {
    // SAFETY: from this library, not used again.
    unsafe { jpki_certificate_free(cert) }
}

/// `jpki_crl_load`'s result and handle.
fn load(data: &[u8], issuer: *const jpki_certificate) -> (jpki_result, *mut jpki_crl) {
    let mut crl = null_mut();
    // SAFETY: live slice and handle, local output.
    let r = unsafe { jpki_crl_load(data.as_ptr(), data.len(), issuer, &mut crl) };
    assert_eq!(r == OK, !crl.is_null(), "a handle exactly on success");
    (r, crl)
}

fn lookup(
    crl: *const jpki_crl,
    cert: *const jpki_certificate,
) -> (jpki_cert_status, i64, jpki_revocation_reason) {
    let (mut status, mut when, mut reason) = (
        jpki_cert_status::Unknown,
        -1,
        jpki_revocation_reason::AaCompromise,
    );
    // SAFETY: live handles, local outputs.
    let got = unsafe { jpki_crl_lookup(crl, cert, &mut status, &mut when, &mut reason) };
    assert_eq!(got, OK);
    (status, when, reason)
}

#[test]
fn crl_is_verified_and_looked_up() {
    let mut w = world();
    let generation = w
        .authority
        .find_issued(w.revoked.serial())
        .unwrap()
        .generation();
    let (pref, muni) = {
        let (p, m) = w
            .authority
            .find_issued(w.revoked.serial())
            .unwrap()
            .partition();
        (p.to_owned(), m.to_owned())
    };
    let issued = at().add_seconds(3600);
    let der = w
        .authority
        .crl(Purpose::Signing, generation, (&pref, &muni), issued, 86_400)
        .unwrap();
    let (ca, other_ca, auth_ca) = (handle(&w.ca), handle(&w.other_ca), handle(&w.auth_ca));
    let (revoked, good, elsewhere) = (handle(&w.revoked), handle(&w.good), handle(&w.elsewhere));

    let (r, crl) = load(&der, ca);
    assert_eq!(r, OK);
    assert_eq!(
        lookup(crl, revoked),
        (
            jpki_cert_status::Revoked,
            unix(w.revoked_at),
            jpki_revocation_reason::AffiliationChanged
        )
    );
    assert_eq!(
        lookup(crl, good),
        (jpki_cert_status::Good, 0, jpki_revocation_reason::None)
    );
    // Another municipality's partition: this CRL says nothing.
    assert_eq!(
        lookup(crl, elsewhere),
        (
            jpki_cert_status::NotCovered,
            0,
            jpki_revocation_reason::None
        )
    );
    // A CA certificate is outside a user-certificate CRL.
    assert_eq!(lookup(crl, ca).0, jpki_cert_status::NotCovered);

    // By serial bytes: listed or not, without a scope check.
    let (mut status, mut when, mut reason) = (
        jpki_cert_status::Unknown,
        -1,
        jpki_revocation_reason::AaCompromise,
    );
    // SAFETY: live handle and slices, local outputs.
    unsafe {
        let mut serial = vec![0u8, 0];
        serial.extend_from_slice(w.revoked.serial().as_bytes());
        assert_eq!(
            jpki_crl_lookup_serial(
                crl,
                serial.as_ptr(),
                serial.len(),
                &mut status,
                &mut when,
                &mut reason
            ),
            OK
        );
        assert_eq!(
            (status, when, reason),
            (
                jpki_cert_status::Revoked,
                unix(w.revoked_at),
                jpki_revocation_reason::AffiliationChanged
            )
        );
        let serial = w.elsewhere.serial().as_bytes();
        assert_eq!(
            jpki_crl_lookup_serial(
                crl,
                serial.as_ptr(),
                serial.len(),
                &mut status,
                &mut when,
                &mut reason
            ),
            OK
        );
        assert_eq!(status, jpki_cert_status::Good);

        let mut len = 0;
        assert_eq!(jpki_crl_len(crl, &mut len), OK);
        assert_eq!(len, 1);
        let mut this_update = 0;
        assert_eq!(jpki_crl_this_update(crl, &mut this_update), OK);
        assert_eq!(this_update, unix(issued));
        let (mut has, mut next) = (false, 0);
        assert_eq!(jpki_crl_next_update(crl, &mut has, &mut next), OK);
        assert!(has);
        assert_eq!(next, unix(issued) + 86_400);
        let mut current = false;
        assert_eq!(
            jpki_crl_is_current_at(crl, unix(issued) + 10, &mut current),
            OK
        );
        assert!(current);
        assert_eq!(
            jpki_crl_is_current_at(crl, unix(issued) + 2 * 86_400, &mut current),
            OK
        );
        assert!(!current);
        assert_eq!(
            jpki_crl_is_current_at(crl, -1, &mut current),
            jpki_result::InvalidArgument
        );
        jpki_crl_free(crl);
    }

    // PEM is accepted.
    let pem = jpki::pem::encode("X509 CRL", &der);
    let (r, crl) = load(pem.as_bytes(), ca);
    assert_eq!(r, OK);
    assert_eq!(lookup(crl, revoked).0, jpki_cert_status::Revoked);
    // SAFETY: live handle, freed once.
    unsafe { jpki_crl_free(crl) };

    // The wrong issuer: another generation under the same DN, another hierarchy.
    assert_eq!(load(&der, other_ca).0, jpki_result::CrlKeyIdMismatch);
    assert_eq!(load(&der, auth_ca).0, jpki_result::CrlIssuerMismatch);
    // A tampered signature, a truncated or empty CRL, a certificate given as a CRL.
    let mut tampered = der.clone();
    let last = tampered.len() - 1;
    tampered[last] ^= 1;
    assert_eq!(load(&tampered, ca).0, jpki_result::BadSignature);
    assert_ne!(load(&der[..der.len() - 10], ca).0, OK);
    assert_ne!(load(&[], ca).0, OK);
    assert_ne!(load(w.good.der(), ca).0, OK);
    assert_eq!(
        load(
            b"-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----\n",
            ca
        )
        .0,
        jpki_result::NoPemBlock
    );

    for h in [ca, other_ca, auth_ca, revoked, good, elsewhere] {
        free(h);
    }
}

fn request(
    cert: *const jpki_certificate,
    issuer: *const jpki_certificate,
    hash: u32,
    nonce: Option<&[u8]>,
) -> (jpki_result, *mut jpki_ocsp_request) {
    let (ptr, len) = nonce.map_or((null(), 0), |n| (n.as_ptr(), n.len()));
    let mut out = null_mut();
    // SAFETY: live handles and slice, local output.
    let r = unsafe { jpki_ocsp_request_new(cert, issuer, hash, ptr, len, &mut out) };
    assert_eq!(r == OK, !out.is_null(), "a handle exactly on success");
    (r, out)
}

fn request_der(req: *const jpki_ocsp_request) -> Vec<u8> {
    let (mut data, mut len) = (null(), 0);
    // SAFETY: live handle, local outputs; the view is copied while it lives.
    unsafe {
        assert_eq!(jpki_ocsp_request_der(req, &mut data, &mut len), OK);
        std::slice::from_raw_parts(data, len).to_vec()
    }
}

fn check(
    response: &[u8],
    req: *const jpki_ocsp_request,
    issuer: *const jpki_certificate,
    when: i64,
) -> Result<(jpki_cert_status, i64, jpki_revocation_reason), jpki_result> {
    let (mut status, mut revoked_at, mut reason) = (
        jpki_cert_status::NotCovered,
        -1,
        jpki_revocation_reason::AaCompromise,
    );
    // SAFETY: live slice and handles, local outputs.
    let r = unsafe {
        jpki_ocsp_check_response(
            response.as_ptr(),
            response.len(),
            req,
            issuer,
            when,
            &mut status,
            &mut revoked_at,
            &mut reason,
        )
    };
    if r == OK {
        Ok((status, revoked_at, reason))
    } else {
        assert_eq!(status, jpki_cert_status::NotCovered, "untouched on failure");
        Err(r)
    }
}

#[test]
fn ocsp_request_and_response() {
    let w = world();
    let (ca, other_ca, auth_ca) = (handle(&w.ca), handle(&w.other_ca), handle(&w.auth_ca));
    let (revoked, good) = (handle(&w.revoked), handle(&w.good));
    let before = at().add_seconds(10);
    let after = w.revoked_at.add_seconds(10);

    // SHA-1 CertID with a nonce: the DER is what the core builds and parses.
    let nonce = [7u8; 16];
    let (r, req_good) = request(good, ca, 1, Some(&nonce));
    assert_eq!(r, OK);
    let der = request_der(req_good);
    let parsed = OcspRequest::parse(&der).unwrap();
    assert_eq!(parsed.nonce(), Some(&nonce[..]));
    assert_eq!(&parsed.cert_id().serial, w.good.serial());
    let response = w.authority.ocsp_respond(&der, after);
    assert_eq!(
        check(&response, req_good, ca, unix(after)),
        Ok((jpki_cert_status::Good, 0, jpki_revocation_reason::None))
    );
    // The same answer is stale a week later, not yet valid an hour before.
    assert_eq!(
        check(&response, req_good, ca, unix(after) + 7 * 86_400).map(|_| ()),
        Err(jpki_result::OcspStale)
    );
    assert_eq!(
        check(&response, req_good, ca, unix(after) - 3600).map(|_| ()),
        Err(jpki_result::OcspNotYetValid)
    );
    // Checked against another issuer, or a negative time.
    assert_eq!(
        check(&response, req_good, other_ca, unix(after)).map(|_| ()),
        Err(jpki_result::OcspIssuerMismatch)
    );
    assert_eq!(
        check(&response, req_good, ca, -5).map(|_| ()),
        Err(jpki_result::InvalidArgument)
    );

    // SHA-256, no nonce: good before the move, revoked after it.
    let (r, req_revoked) = request(revoked, ca, 2, None);
    assert_eq!(r, OK);
    let der = request_der(req_revoked);
    assert_eq!(OcspRequest::parse(&der).unwrap().nonce(), None);
    let response = w.authority.ocsp_respond(&der, before);
    assert_eq!(
        check(&response, req_revoked, ca, unix(before)).map(|s| s.0),
        Ok(jpki_cert_status::Good)
    );
    let response = w.authority.ocsp_respond(&der, after);
    assert_eq!(
        check(&response, req_revoked, ca, unix(after)),
        Ok((
            jpki_cert_status::Revoked,
            unix(w.revoked_at),
            jpki_revocation_reason::AffiliationChanged
        ))
    );
    // An answer about another certificate is an error, never "good".
    assert_eq!(
        check(&response, req_good, ca, unix(after)).map(|_| ()),
        Err(jpki_result::OcspCertIdMismatch)
    );

    // Bad responses: garbage, truncated, empty.
    let mut lcg = 99u32;
    let garbage: Vec<u8> = (0..200)
        .map(|_| {
            lcg = lcg.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            lcg.to_be_bytes()[1]
        })
        .collect();
    assert!(check(&garbage, req_revoked, ca, unix(after)).is_err());
    assert!(
        check(
            &response[..response.len() / 2],
            req_revoked,
            ca,
            unix(after)
        )
        .is_err()
    );
    assert!(check(&[], req_revoked, ca, unix(after)).is_err());

    // Bad requests: the wrong issuer, nonces out of range, unknown hashes.
    assert_eq!(
        request(good, auth_ca, 1, None).0,
        jpki_result::OcspIssuerMismatch
    );
    assert_eq!(
        request(good, ca, 1, Some(&[1u8; 33])).0,
        jpki_result::OcspInvalidNonce
    );
    assert_eq!(
        request(good, ca, 1, Some(&[])).0,
        jpki_result::OcspInvalidNonce
    );
    for bad in [0, 5, u32::MAX] {
        assert_eq!(request(good, ca, bad, None).0, jpki_result::InvalidArgument);
    }
    for hash in [3, 4] {
        let (r, req) = request(good, ca, hash, Some(&[1u8; 32]));
        assert_eq!(r, OK);
        // SAFETY: from this library, freed once.
        unsafe { jpki_ocsp_request_free(req) };
    }

    // SAFETY: from this library, freed once.
    unsafe {
        jpki_ocsp_request_free(req_good);
        jpki_ocsp_request_free(req_revoked);
    }
    for h in [ca, other_ca, auth_ca, revoked, good] {
        free(h);
    }
}

#[test]
fn null_arguments() {
    let mut w = world();
    let issued = w.authority.find_issued(w.good.serial()).unwrap();
    let generation = issued.generation();
    let (p, m) = issued.partition();
    let (p, m) = (p.to_owned(), m.to_owned());
    let der = w
        .authority
        .crl(Purpose::Signing, generation, (&p, &m), at(), 86_400)
        .unwrap();
    let (ca, good) = (handle(&w.ca), handle(&w.good));
    let (r, crl) = load(&der, ca);
    assert_eq!(r, OK);
    let (r, req) = request(good, ca, 1, None);
    assert_eq!(r, OK);
    let response = w.authority.ocsp_respond(&request_der(req), at());

    let (mut status, mut when, mut reason) = (
        jpki_cert_status::Unknown,
        -1,
        jpki_revocation_reason::AaCompromise,
    );
    let serial = w.good.serial().as_bytes();
    let (mut len, mut t, mut has, mut current) = (0usize, 0i64, false, false);
    // SAFETY: every non-NULL pointer is live; the NULL ones are what is tested.
    unsafe {
        jpki_crl_free(null_mut());
        jpki_ocsp_request_free(null_mut());

        let mut out = null_mut();
        assert_eq!(jpki_crl_load(der.as_ptr(), der.len(), ca, null_mut()), NULL);
        assert_eq!(jpki_crl_load(null(), 4, ca, &mut out), NULL);
        assert_eq!(
            jpki_crl_load(der.as_ptr(), der.len(), null(), &mut out),
            NULL
        );
        assert!(out.is_null());

        assert_eq!(
            jpki_crl_lookup(null(), good, &mut status, &mut when, &mut reason),
            NULL
        );
        assert_eq!(
            jpki_crl_lookup(crl, null(), &mut status, &mut when, &mut reason),
            NULL
        );
        assert_eq!(
            jpki_crl_lookup(crl, good, null_mut(), &mut when, &mut reason),
            NULL
        );
        assert_eq!(
            jpki_crl_lookup(crl, good, &mut status, null_mut(), &mut reason),
            NULL
        );
        assert_eq!(
            jpki_crl_lookup(crl, good, &mut status, &mut when, null_mut()),
            NULL
        );
        let s = (serial.as_ptr(), serial.len());
        assert_eq!(
            jpki_crl_lookup_serial(null(), s.0, s.1, &mut status, &mut when, &mut reason),
            NULL
        );
        assert_eq!(
            jpki_crl_lookup_serial(crl, null(), 3, &mut status, &mut when, &mut reason),
            NULL
        );
        assert_eq!(
            jpki_crl_lookup_serial(crl, s.0, s.1, null_mut(), &mut when, &mut reason),
            NULL
        );
        assert_eq!(
            jpki_crl_lookup_serial(crl, s.0, s.1, &mut status, null_mut(), &mut reason),
            NULL
        );
        assert_eq!(
            jpki_crl_lookup_serial(crl, s.0, s.1, &mut status, &mut when, null_mut()),
            NULL
        );
        assert_eq!(
            (status, when, reason),
            (
                jpki_cert_status::Unknown,
                -1,
                jpki_revocation_reason::AaCompromise
            ),
            "outputs untouched"
        );
        assert_eq!(jpki_crl_len(null(), &mut len), NULL);
        assert_eq!(jpki_crl_len(crl, null_mut()), NULL);
        assert_eq!(jpki_crl_this_update(null(), &mut t), NULL);
        assert_eq!(jpki_crl_this_update(crl, null_mut()), NULL);
        assert_eq!(jpki_crl_next_update(null(), &mut has, &mut t), NULL);
        assert_eq!(jpki_crl_next_update(crl, null_mut(), &mut t), NULL);
        assert_eq!(jpki_crl_next_update(crl, &mut has, null_mut()), NULL);
        assert_eq!(jpki_crl_is_current_at(null(), 0, &mut current), NULL);
        assert_eq!(jpki_crl_is_current_at(crl, 0, null_mut()), NULL);

        let mut out = null_mut();
        assert_eq!(
            jpki_ocsp_request_new(null(), ca, 1, null(), 0, &mut out),
            NULL
        );
        assert_eq!(
            jpki_ocsp_request_new(good, null(), 1, null(), 0, &mut out),
            NULL
        );
        assert_eq!(
            jpki_ocsp_request_new(good, ca, 1, null(), 8, &mut out),
            NULL
        );
        assert_eq!(
            jpki_ocsp_request_new(good, ca, 1, null(), 0, null_mut()),
            NULL
        );
        assert!(out.is_null());
        let (mut data, mut dlen) = (null(), 0);
        assert_eq!(jpki_ocsp_request_der(null(), &mut data, &mut dlen), NULL);
        assert_eq!(jpki_ocsp_request_der(req, null_mut(), &mut dlen), NULL);
        assert_eq!(jpki_ocsp_request_der(req, &mut data, null_mut()), NULL);

        let r = (response.as_ptr(), response.len());
        let now = unix(at());
        assert_eq!(
            jpki_ocsp_check_response(null(), 5, req, ca, now, &mut status, &mut when, &mut reason),
            NULL
        );
        assert_eq!(
            jpki_ocsp_check_response(
                r.0,
                r.1,
                null(),
                ca,
                now,
                &mut status,
                &mut when,
                &mut reason
            ),
            NULL
        );
        assert_eq!(
            jpki_ocsp_check_response(
                r.0,
                r.1,
                req,
                null(),
                now,
                &mut status,
                &mut when,
                &mut reason
            ),
            NULL
        );
        assert_eq!(
            jpki_ocsp_check_response(r.0, r.1, req, ca, now, null_mut(), &mut when, &mut reason),
            NULL
        );
        assert_eq!(
            jpki_ocsp_check_response(r.0, r.1, req, ca, now, &mut status, null_mut(), &mut reason),
            NULL
        );
        assert_eq!(
            jpki_ocsp_check_response(r.0, r.1, req, ca, now, &mut status, &mut when, null_mut()),
            NULL
        );
        // And with everything given, it is good.
        assert_eq!(
            jpki_ocsp_check_response(r.0, r.1, req, ca, now, &mut status, &mut when, &mut reason),
            OK
        );
        assert_eq!(status, jpki_cert_status::Good);

        jpki_ocsp_request_free(req);
        jpki_crl_free(crl);
    }
    free(ca);
    free(good);
}
