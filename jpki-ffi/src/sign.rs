//! Signing: a CMS SignedData (CAdES-BES) made by the card in one call
//! (`jpki_sign`), or in two phases for a card that is elsewhere
//! (`jpki_prepared_signature_*`); and `jpki_bytes`, the library-owned bytes those
//! (and the card and simulator) hand back.
//!
//! **Why a `jpki_bytes` handle and not a caller buffer.** Each signature spends
//! a card operation (and may spend a try of the password): with a caller buffer,
//! a buffer too small would force the caller to sign a second time to learn the
//! size. The result is instead kept by the library in a `jpki_bytes`, read with
//! `jpki_bytes_data` and freed with `jpki_bytes_free`.

use crate::ffi::time_from_c;
use jpki::Certificate;
use jpki::Time;
use jpki::card::CardSigner;
use jpki::cms::{PreparedSignature, SignOptions};

use crate::card::{first_error, jpki_card, jpki_hash_algorithm, jpki_key_slot, pin_arg};
use crate::cert::jpki_certificate;
use crate::ffi::{
    Castable, boundary, free_handle, into_handle, require_out, try_ffi, try_mut, try_ref,
    try_slice, write_value,
};
use crate::result::jpki_result;

/// Bytes the library made (a signature, a CMS SignedData, a CRL, PEM text):
/// read them with `jpki_bytes_data`, free with `jpki_bytes_free`. Immutable:
/// may be read from several threads at once.
#[allow(non_camel_case_types)]
pub struct jpki_bytes {
    _private: [u8; 0],
}

impl Castable for jpki_bytes {
    type RustType = Vec<u8>;
}

/// The signingTime C asked for: none, or `at`.
fn signing_time(with_signing_time: bool, at: i64) -> Result<Option<Time>, jpki_result> {
    if with_signing_time {
        time_from_c(at).map(Some)
    } else {
        Ok(None)
    }
}

/// Writes a view of the bytes of `bytes`: `*data_out` points into `bytes` (valid
/// until `jpki_bytes_free`; possibly NULL when the length is 0) and `*len_out` is
/// their length. Thread-safe.
///
/// # Safety
/// `bytes` is NULL or live; `data_out` and `len_out` are NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_bytes_data(
    bytes: *const jpki_bytes,
    data_out: *mut *const u8,
    len_out: *mut usize,
) -> jpki_result {
    boundary(|| {
        require_out!(data_out, len_out);
        let bytes = try_ref!(bytes);
        // SAFETY: both checked non-NULL; writable (caller contract).
        unsafe {
            first_error([
                write_value(data_out, bytes.as_ptr()),
                write_value(len_out, bytes.len()),
            ])
        }
    })
}

/// Frees bytes (NULL does nothing); views from `jpki_bytes_data` become invalid.
///
/// Thread safety: no other thread may use the handle during or after this call.
///
/// # Safety
/// `bytes` is NULL or live, not used again.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_bytes_free(bytes: *mut jpki_bytes) {
    boundary(|| {
        // SAFETY: forwarded caller contract.
        unsafe { free_handle(bytes) }
    });
}

/// Signs `content` (`content_len` bytes) with the card key `key_slot` (a
/// `jpki_key_slot`) and writes the DER ContentInfo of a CMS SignedData
/// (CAdES-BES: contentType, messageDigest, signingTime if asked, ESS
/// signingCertificateV2; SHA-256, or SHA-384 for a P-384 key; the signer's and
/// its CA's certificates included) to `*signature_out` (free with `jpki_bytes_free`).
///
/// The signer's certificate and its CA certificate are read from the card first.
/// `pin` (UTF-8, `pin_len` bytes) is the signing password for the signing key,
/// the authentication PIN for the other; it is verified once (NULL, 0 if it was
/// verified earlier in this session), never retried, and its last try is spent
/// only with `allow_last_try`. `detached`: the content is left out of the
/// SignedData (it travels beside it). `with_signing_time`: claim
/// `signing_time` (Unix seconds, not negative) in the signingTime attribute;
/// the library reads no clock.
///
/// The card signs exactly once per successful call; the signature is checked
/// against the certificate's key before it is returned.
///
/// # Safety
/// `content` and `pin` are NULL or have their lengths of readable bytes; `card`
/// is NULL or a live card used by no other thread; `signature_out` is NULL or
/// writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_sign(
    content: *const u8,
    content_len: usize,
    card: *mut jpki_card,
    key_slot: u32,
    pin: *const u8,
    pin_len: usize,
    allow_last_try: bool,
    detached: bool,
    with_signing_time: bool,
    signing_time: i64,
    signature_out: *mut *mut jpki_bytes,
) -> jpki_result {
    boundary(|| {
        require_out!(signature_out);
        let content = try_slice!(content, content_len);
        let card = try_mut!(card);
        let key = try_ffi!(jpki_key_slot::from_u32(key_slot));
        let at = try_ffi!(self::signing_time(with_signing_time, signing_time));
        // SAFETY: the export's contract.
        let pin = try_ffi!(unsafe { pin_arg(key.pin(), pin, pin_len, allow_last_try) });
        let (cert_slot, ca_slot) = key.certificate_slots();
        // Reading the signing certificate verifies the password once; signing
        // then reuses that verification (no second VERIFY).
        let cert = try_ffi!(
            card.read_certificate(cert_slot, pin.as_ref())
                .and_then(|der| Certificate::from_der(&der))
        );
        let ca = try_ffi!(
            card.read_certificate(ca_slot, None)
                .and_then(|der| Certificate::from_der(&der))
        );
        let options = SignOptions::default()
            .with_detached(detached)
            .with_signing_time(at)
            .with_extra_certificates(vec![ca]);
        let mut signer = CardSigner::new(card, key, cert, pin);
        let der = try_ffi!(jpki::cms::sign(content, &mut signer, &options));
        // SAFETY: checked non-NULL; writable (caller contract).
        unsafe { write_value(signature_out, into_handle::<jpki_bytes>(der)) }
    })
}

/// The first phase of two-phase signing: a CMS signature prepared for a signer
/// that is not at hand (a card behind a phone, a browser, an HSM). Create with
/// `jpki_prepared_signature_new`, hand `jpki_prepared_signature_digest` (or
/// `_digest_info`) to the key, complete with `jpki_prepared_signature_finish`,
/// free with `jpki_prepared_signature_free`. Holds no key material; immutable:
/// may be read from several threads at once.
#[allow(non_camel_case_types)]
pub struct jpki_prepared_signature {
    _private: [u8; 0],
}

/// A prepared signature and its DigestInfo (kept so C can borrow it).
pub(crate) struct Prepared {
    prepared: PreparedSignature,
    digest_info: Vec<u8>,
}

impl Castable for jpki_prepared_signature {
    type RustType = Prepared;
}

/// Prepares the signature of `content` (`content_len` bytes) by the holder of
/// `signer` (the certificate read from the card) and writes it to
/// `*prepared_out` (free with `jpki_prepared_signature_free`): SHA-256 (SHA-384
/// for a P-384 key), signed attributes contentType, messageDigest, signingTime (if `with_signing_time`:
/// `signing_time`, Unix seconds, not negative) and ESS signingCertificateV2.
///
/// `ca` is NULL or a certificate to include besides the signer's (the CA
/// certificate, as `jpki_sign` does). `detached`: the content is left out of the
/// SignedData. The certificates and content are copied; the arguments may be
/// freed afterwards.
///
/// Thread-safe: it creates a new handle and touches no shared state.
///
/// # Safety
/// `content` is NULL or has `content_len` readable bytes; `signer` is NULL or
/// live; `ca` is NULL or live; `prepared_out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_prepared_signature_new(
    content: *const u8,
    content_len: usize,
    signer: *const jpki_certificate,
    ca: *const jpki_certificate,
    detached: bool,
    with_signing_time: bool,
    signing_time: i64,
    prepared_out: *mut *mut jpki_prepared_signature,
) -> jpki_result {
    boundary(|| {
        require_out!(prepared_out);
        let content = try_slice!(content, content_len);
        let signer = try_ref!(signer);
        // SAFETY: the export's contract: `ca` is NULL or live.
        let ca = unsafe { crate::ffi::handle_ref(ca) };
        let at = try_ffi!(self::signing_time(with_signing_time, signing_time));
        let options = SignOptions::default()
            .with_detached(detached)
            .with_signing_time(at)
            .with_extra_certificates(ca.into_iter().cloned().collect());
        let prepared = try_ffi!(PreparedSignature::new(content, signer, &options));
        let digest_info = prepared.digest_info();
        // SAFETY: checked non-NULL; writable (caller contract).
        unsafe {
            write_value(
                prepared_out,
                into_handle::<jpki_prepared_signature>(Prepared {
                    prepared,
                    digest_info,
                }),
            )
        }
    })
}

/// What the key must sign: `*data_out` points to the digest of the DER signed
/// attributes (`*len_out` bytes; valid until `jpki_prepared_signature_free`) and
/// `*hash_out` is its `jpki_hash_algorithm`. For a JPKI card, pass these to
/// `jpki_card_sign_digest`. Thread-safe.
///
/// # Safety
/// `prepared` is NULL or live; `data_out`, `len_out` and `hash_out` are NULL or
/// writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_prepared_signature_digest(
    prepared: *const jpki_prepared_signature,
    data_out: *mut *const u8,
    len_out: *mut usize,
    hash_out: *mut jpki_hash_algorithm,
) -> jpki_result {
    boundary(|| {
        require_out!(data_out, len_out, hash_out);
        let p = try_ref!(prepared);
        let digest = p.prepared.digest();
        let hash = try_ffi!(jpki_hash_algorithm::from_core(p.prepared.hash()));
        // SAFETY: all checked non-NULL; writable (caller contract).
        unsafe {
            first_error([
                write_value(data_out, digest.as_ptr()),
                write_value(len_out, digest.len()),
                write_value(hash_out, hash),
            ])
        }
    })
}

/// The same as a DER DigestInfo (RFC 8017 §9.2), the exact input of PKCS#1 v1.5
/// padding, for signers other than a JPKI card (`openssl pkeyutl -sign`, an
/// HSM): `*data_out` (valid until `jpki_prepared_signature_free`), `*len_out`
/// bytes. Thread-safe.
///
/// # Safety
/// `prepared` is NULL or live; `data_out` and `len_out` are NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_prepared_signature_digest_info(
    prepared: *const jpki_prepared_signature,
    data_out: *mut *const u8,
    len_out: *mut usize,
) -> jpki_result {
    boundary(|| {
        require_out!(data_out, len_out);
        let p = try_ref!(prepared);
        // SAFETY: both checked non-NULL; writable (caller contract).
        unsafe {
            first_error([
                write_value(data_out, p.digest_info.as_ptr()),
                write_value(len_out, p.digest_info.len()),
            ])
        }
    })
}

/// The second phase: completes the SignedData with `signature` (`signature_len`
/// bytes, RSASSA-PKCS1-v1_5 over the signed attributes, as the certificate's key
/// made it) and writes its DER ContentInfo to `*signed_data_out` (free with
/// `jpki_bytes_free`).
///
/// The signature is verified first: `JPKI_RESULT_CMS_SIGNATURE_NOT_BY_SIGNER`
/// if another key made it. `prepared` is not consumed and not changed (a
/// refused signature can be followed by another attempt); free it with
/// `jpki_prepared_signature_free`. Thread-safe.
///
/// # Safety
/// `prepared` is NULL or live; `signature` is NULL or has `signature_len`
/// readable bytes; `signed_data_out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_prepared_signature_finish(
    prepared: *const jpki_prepared_signature,
    signature: *const u8,
    signature_len: usize,
    signed_data_out: *mut *mut jpki_bytes,
) -> jpki_result {
    boundary(|| {
        require_out!(signed_data_out);
        let p = try_ref!(prepared);
        if signature.is_null() {
            return jpki_result::NullParameter;
        }
        let signature = try_slice!(signature, signature_len);
        let der = try_ffi!(p.prepared.finish(signature));
        // SAFETY: checked non-NULL; writable (caller contract).
        unsafe { write_value(signed_data_out, into_handle::<jpki_bytes>(der)) }
    })
}

/// Frees a prepared signature (NULL does nothing); views from `_digest` and
/// `_digest_info` become invalid.
///
/// Thread safety: no other thread may use the handle during or after this call.
///
/// # Safety
/// `prepared` is NULL or live, not used again.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_prepared_signature_free(prepared: *mut jpki_prepared_signature) {
    boundary(|| {
        // SAFETY: forwarded caller contract.
        unsafe { free_handle(prepared) }
    });
}
