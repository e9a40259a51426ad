//! The verifier: `jpki_verifier_builder` (configured by one thread, then
//! consumed by `jpki_verifier_builder_build`) and `jpki_verifier` (built once,
//! shared by every thread).
//!
//! A `jpki_verifier` is `jpki::Verifier`: it holds the trust anchors, the
//! intermediates, the accepted policies, the revocation policy and the
//! revocation data (CRLs parsed, verified and indexed once when added, OCSP
//! responses). **Every function taking a `const jpki_verifier *` is
//! thread-safe**: any number of threads may verify on one handle while another
//! adds or replaces CRLs; each verification sees one consistent set of CRLs (a
//! snapshot taken when it starts). Only `jpki_verifier_free` needs the handle to
//! be out of use. Verifications return a `jpki_verdict` (see [`crate::verdict`]).
//!
//! Enumerations are passed as `uint32_t` values of the `jpki_*` enums here;
//! their values start at 1, so a zeroed variable is never a valid choice, and
//! an unknown value is `JPKI_RESULT_INVALID_ARGUMENT`.

use jpki::revocation::{RevocationMode, SourceOrder};
use jpki::{Certificate, CrlChange, PolicySet, RevocationPolicy, Usage, Verifier};

use crate::ffi::time_from_c;

use crate::cert::jpki_certificate;
use crate::compare::jpki_applicant;
use crate::ffi::{
    Castable, boundary, free_handle, handle_ref, into_handle, require_out, take_handle, try_ffi,
    try_mut, try_ref, try_slice, write_value,
};
use crate::result::jpki_result;
use crate::verdict::{AnyVerdict, jpki_verdict};

/// Implements, for a fieldless `#[repr(u32)]` C enum, `code` (its value) and
/// `from_u32` (the variant with that value, or `JPKI_RESULT_INVALID_ARGUMENT`:
/// C may pass any integer, so values are never transmuted).
macro_rules! c_enum {
    ($ty:ident { $($variant:ident),+ $(,)? }) => {
        impl $ty {
            /// Every variant.
            #[allow(dead_code)]
            pub(crate) const ALL: &'static [Self] = &[$(Self::$variant),+];

            /// The value C sees.
            #[allow(clippy::as_conversions, dead_code)] // a fieldless `repr(u32)` enum: exact
            pub(crate) const fn code(self) -> u32 {
                self as u32
            }

            /// The variant with value `value`; `JPKI_RESULT_INVALID_ARGUMENT` for
            /// any other value.
            #[allow(dead_code)]
            pub(crate) fn from_u32(value: u32) -> Result<Self, jpki_result> {
                Self::ALL
                    .iter()
                    .copied()
                    .find(|v| v.code() == value)
                    .ok_or(jpki_result::InvalidArgument)
            }
        }
    };
}
pub(crate) use c_enum;

/// Whether revocation is checked, and what happens when no source answers
/// (`jpki_verifier_builder_set_revocation_mode`).
#[allow(non_camel_case_types)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u32)]
pub enum jpki_revocation_mode {
    /// Every certificate of the path needs an answer (a current CRL or OCSP
    /// response); none means invalid. The default: missing revocation data is
    /// never "good".
    HardFail = 1,
    /// A certificate no source answers for is accepted, and the verdict shows it
    /// (`JPKI_REVOCATION_STATUS_SOFT_FAILED`). A revoked certificate is still
    /// refused.
    SoftFail = 2,
    /// Not checked: the revocation check is `JPKI_CHECK_RESULT_OFF` and validity
    /// does not depend on revocation (e.g. archival checks).
    Off = 3,
}
c_enum!(jpki_revocation_mode {
    HardFail,
    SoftFail,
    Off
});

/// Which revocation source is asked first
/// (`jpki_verifier_builder_set_revocation_order`).
#[allow(non_camel_case_types)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u32)]
pub enum jpki_revocation_order {
    /// OCSP responses (fresher), then CRLs. The default.
    OcspFirst = 1,
    /// CRLs, then OCSP responses.
    CrlFirst = 2,
}
c_enum!(jpki_revocation_order {
    OcspFirst,
    CrlFirst
});

/// What a certificate is to be used for: decides the keyUsage and the
/// certificate policies required of it.
#[allow(non_camel_case_types)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u32)]
pub enum jpki_usage {
    /// Signing e-applications (署名用電子証明書): keyUsage nonRepudiation and
    /// one of the verifier's signing policies. The default signer usage.
    Signing = 1,
    /// Logging in (利用者証明用電子証明書): keyUsage digitalSignature and one of
    /// the verifier's authentication policies.
    Authentication = 2,
    /// Any end-entity certificate with a valid path: no keyUsage or policy
    /// requirement beyond the path's own rules.
    Any = 3,
}
c_enum!(jpki_usage {
    Signing,
    Authentication,
    Any
});

impl jpki_usage {
    fn to_core(self) -> Usage {
        match self {
            Self::Signing => Usage::Signing,
            Self::Authentication => Usage::Authentication,
            Self::Any => Usage::Any,
        }
    }
}

/// A set of accepted certificate policies. Given to
/// `jpki_verifier_builder_set_signing_policies` it means the signing policies
/// of that set, to `jpki_verifier_builder_set_authentication_policies` the
/// authentication policies. Trust anchors decide which environment (production
/// or test J-LIS roots) is accepted; policies decide which certificates under
/// them.
#[allow(non_camel_case_types)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u32)]
pub enum jpki_policy_set {
    /// JPKI certificates of production and test cards (the default).
    Jpki = 1,
    /// JPKI certificates of production cards only.
    JpkiProduction = 2,
    /// HPKI (healthcare PKI): any policy under the arc `1.2.392.100495.1`.
    Hpki = 3,
    /// Any policy, or none at all: no policy requirement.
    Any = 4,
}
c_enum!(jpki_policy_set {
    Jpki,
    JpkiProduction,
    Hpki,
    Any
});

impl jpki_policy_set {
    fn signing(self) -> PolicySet {
        match self {
            Self::Jpki => PolicySet::jpki_signing(),
            Self::JpkiProduction => PolicySet::jpki_signing_production(),
            Self::Hpki => PolicySet::hpki(),
            Self::Any => PolicySet::any(),
        }
    }

    fn authentication(self) -> PolicySet {
        match self {
            Self::Jpki => PolicySet::jpki_authentication(),
            Self::JpkiProduction => PolicySet::jpki_authentication_production(),
            Self::Hpki => PolicySet::hpki(),
            Self::Any => PolicySet::any(),
        }
    }
}

/// What `jpki_verifier_add_crl` did with a CRL.
#[allow(non_camel_case_types)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u32)]
pub enum jpki_crl_change {
    /// A CRL of a new scope (issuer key and partition) was added.
    Added = 1,
    /// It replaced an older CRL of the same issuer key and scope.
    Replaced = 2,
    /// A newer CRL of the same scope is held already; this one was not kept.
    KeptNewer = 3,
}
c_enum!(jpki_crl_change {
    Added,
    Replaced,
    KeptNewer
});

impl jpki_crl_change {
    fn from_core(change: CrlChange) -> Result<Self, jpki_result> {
        match change {
            CrlChange::Added => Ok(Self::Added),
            CrlChange::Replaced => Ok(Self::Replaced),
            CrlChange::KeptNewer => Ok(Self::KeptNewer),
            _ => Err(jpki_result::Unknown),
        }
    }
}

/// The configuration of a verifier being built (`jpki_verifier_builder_new`,
/// then `jpki_verifier_builder_*`, then `jpki_verifier_builder_build`, which
/// consumes it).
///
/// Not thread-safe: one thread at a time configures a builder.
#[allow(non_camel_case_types)]
pub struct jpki_verifier_builder {
    _private: [u8; 0],
}

/// What a builder handle owns: the core's builder, and the revocation policy
/// apart (the core's builder takes a whole policy and has no getter, while C
/// sets its parts one by one).
#[derive(Debug, Default)]
pub(crate) struct Builder {
    builder: jpki::VerifierBuilder,
    revocation: RevocationPolicy,
}

impl Builder {
    /// Applies a by-value builder method in place.
    fn update(&mut self, f: impl FnOnce(jpki::VerifierBuilder) -> jpki::VerifierBuilder) {
        let builder = std::mem::take(&mut self.builder);
        self.builder = f(builder);
    }
}

impl Castable for jpki_verifier_builder {
    type RustType = Builder;
}

/// A verifier of signed applications and certificates (`jpki::Verifier`).
///
/// Thread-safe: share one handle between any number of threads. Every function
/// taking a `const jpki_verifier *` may be called concurrently on the same
/// handle (verifications, adding CRLs and OCSP responses); only
/// `jpki_verifier_free` must not race with other uses.
#[allow(non_camel_case_types)]
pub struct jpki_verifier {
    _private: [u8; 0],
}

impl Castable for jpki_verifier {
    type RustType = Verifier;
}

/// A new verifier builder with the defaults: no trust anchor yet, JPKI signing
/// and authentication policies (production and test cards), signer usage
/// `JPKI_USAGE_SIGNING`, hard-fail revocation asking OCSP first with no maximum
/// CRL age, an OCSP clock skew of 300 seconds, SHA-1 refused.
///
/// Never NULL. Pass it to `jpki_verifier_builder_build` (which frees it), or
/// free it with `jpki_verifier_builder_free`. Not thread-safe: one thread at a
/// time uses a builder.
#[unsafe(no_mangle)]
pub extern "C" fn jpki_verifier_builder_new() -> *mut jpki_verifier_builder {
    boundary(|| into_handle::<jpki_verifier_builder>(Builder::default()))
}

/// Frees a builder that was not given to `jpki_verifier_builder_build`. NULL
/// does nothing.
///
/// Thread safety: no other thread may use the handle during or after this call.
///
/// # Safety
/// `builder` is NULL or a live builder handle, not used afterwards.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_verifier_builder_free(builder: *mut jpki_verifier_builder) {
    boundary(|| {
        // SAFETY: the caller's contract: NULL or live, and not used again.
        unsafe { free_handle(builder) }
    })
}

/// Trusts every certificate of `data[0..len]`: one DER certificate or a PEM
/// bundle (e.g. the J-LIS roots of each CA generation). The parse error's code
/// is returned when one does not parse; the builder is then unchanged.
///
/// Not thread-safe (the builder).
///
/// # Safety
/// `builder` is NULL or a live builder handle not in use elsewhere; `data` is
/// NULL or has `len` readable bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_verifier_builder_add_trust_anchors(
    builder: *mut jpki_verifier_builder,
    data: *const u8,
    len: usize,
) -> jpki_result {
    boundary(|| {
        let builder = try_mut!(builder);
        let input = try_slice!(data, len);
        let certs = try_ffi!(Certificate::parse_all(input));
        builder.update(|b| b.trust_anchors(certs));
        jpki_result::Ok
    })
}

/// Adds the intermediates of `data[0..len]` (one DER certificate or a PEM
/// bundle): link certificates between CA generations, CA certificates. They are
/// used to build paths and to verify CRLs, never trusted on their own. The
/// builder is unchanged on error.
///
/// Not thread-safe (the builder).
///
/// # Safety
/// As `jpki_verifier_builder_add_trust_anchors`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_verifier_builder_add_intermediates(
    builder: *mut jpki_verifier_builder,
    data: *const u8,
    len: usize,
) -> jpki_result {
    boundary(|| {
        let builder = try_mut!(builder);
        let input = try_slice!(data, len);
        let certs = try_ffi!(Certificate::parse_all(input));
        builder.update(|b| b.intermediates(certs));
        jpki_result::Ok
    })
}

/// Sets the revocation mode: a `jpki_revocation_mode` value (default
/// `JPKI_REVOCATION_MODE_HARD_FAIL`); `JPKI_RESULT_INVALID_ARGUMENT` for any
/// other value.
///
/// Not thread-safe (the builder).
///
/// # Safety
/// `builder` is NULL or a live builder handle not in use elsewhere.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_verifier_builder_set_revocation_mode(
    builder: *mut jpki_verifier_builder,
    mode: u32,
) -> jpki_result {
    boundary(|| {
        let builder = try_mut!(builder);
        builder.revocation.mode = match try_ffi!(jpki_revocation_mode::from_u32(mode)) {
            jpki_revocation_mode::HardFail => RevocationMode::HardFail,
            jpki_revocation_mode::SoftFail => RevocationMode::SoftFail,
            jpki_revocation_mode::Off => RevocationMode::Off,
        };
        jpki_result::Ok
    })
}

/// Sets which revocation source is asked first: a `jpki_revocation_order` value
/// (default `JPKI_REVOCATION_ORDER_OCSP_FIRST`); `JPKI_RESULT_INVALID_ARGUMENT`
/// for any other value.
///
/// Not thread-safe (the builder).
///
/// # Safety
/// `builder` is NULL or a live builder handle not in use elsewhere.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_verifier_builder_set_revocation_order(
    builder: *mut jpki_verifier_builder,
    order: u32,
) -> jpki_result {
    boundary(|| {
        let builder = try_mut!(builder);
        builder.revocation.order = match try_ffi!(jpki_revocation_order::from_u32(order)) {
            jpki_revocation_order::OcspFirst => SourceOrder::OcspFirst,
            jpki_revocation_order::CrlFirst => SourceOrder::CrlFirst,
        };
        jpki_result::Ok
    })
}

/// Sets the oldest CRL accepted: when `has_max` is true, a CRL whose thisUpdate
/// is more than `seconds` before the validation time is stale; when false (the
/// default), nextUpdate alone decides and `seconds` is ignored. A CRL past its
/// nextUpdate is always stale.
///
/// Not thread-safe (the builder).
///
/// # Safety
/// `builder` is NULL or a live builder handle not in use elsewhere.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_verifier_builder_set_max_crl_age(
    builder: *mut jpki_verifier_builder,
    seconds: u64,
    has_max: bool,
) -> jpki_result {
    boundary(|| {
        let builder = try_mut!(builder);
        builder.revocation.max_crl_age = has_max.then_some(seconds);
        jpki_result::Ok
    })
}

/// Sets the clock skew allowed for the thisUpdate and nextUpdate of OCSP
/// responses, in seconds (default 300).
///
/// Not thread-safe (the builder).
///
/// # Safety
/// `builder` is NULL or a live builder handle not in use elsewhere.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_verifier_builder_set_ocsp_clock_skew(
    builder: *mut jpki_verifier_builder,
    seconds: u64,
) -> jpki_result {
    boundary(|| {
        let builder = try_mut!(builder);
        builder.revocation.ocsp_clock_skew = seconds;
        jpki_result::Ok
    })
}

/// Sets what the signer of an application must be: a `jpki_usage` value
/// (default `JPKI_USAGE_SIGNING`: a JPKI signing certificate with
/// nonRepudiation); `JPKI_RESULT_INVALID_ARGUMENT` for any other value.
///
/// Not thread-safe (the builder).
///
/// # Safety
/// `builder` is NULL or a live builder handle not in use elsewhere.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_verifier_builder_set_signer_usage(
    builder: *mut jpki_verifier_builder,
    usage: u32,
) -> jpki_result {
    boundary(|| {
        let builder = try_mut!(builder);
        let usage = try_ffi!(jpki_usage::from_u32(usage)).to_core();
        builder.update(|b| b.signer_usage(usage));
        jpki_result::Ok
    })
}

/// Accepts SHA-1 signatures, CRLs and OCSP responses (住基カード era) when
/// `allow` is true; verdicts flag them (`legacy_sha1` in the JSON). Default
/// false.
///
/// Not thread-safe (the builder).
///
/// # Safety
/// `builder` is NULL or a live builder handle not in use elsewhere.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_verifier_builder_allow_legacy_sha1(
    builder: *mut jpki_verifier_builder,
    allow: bool,
) -> jpki_result {
    boundary(|| {
        let builder = try_mut!(builder);
        builder.update(|b| b.allow_legacy_sha1(allow));
        jpki_result::Ok
    })
}

/// Sets the policies a signing certificate must assert: the signing policies of
/// a `jpki_policy_set` value (default `JPKI_POLICY_SET_JPKI`);
/// `JPKI_RESULT_INVALID_ARGUMENT` for any other value.
///
/// Not thread-safe (the builder).
///
/// # Safety
/// `builder` is NULL or a live builder handle not in use elsewhere.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_verifier_builder_set_signing_policies(
    builder: *mut jpki_verifier_builder,
    policy_set: u32,
) -> jpki_result {
    boundary(|| {
        let builder = try_mut!(builder);
        let policies = try_ffi!(jpki_policy_set::from_u32(policy_set)).signing();
        builder.update(|b| b.signing_policies(policies));
        jpki_result::Ok
    })
}

/// Sets the policies an authentication certificate must assert: the
/// authentication policies of a `jpki_policy_set` value (default
/// `JPKI_POLICY_SET_JPKI`); `JPKI_RESULT_INVALID_ARGUMENT` for any other value.
///
/// Not thread-safe (the builder).
///
/// # Safety
/// `builder` is NULL or a live builder handle not in use elsewhere.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_verifier_builder_set_authentication_policies(
    builder: *mut jpki_verifier_builder,
    policy_set: u32,
) -> jpki_result {
    boundary(|| {
        let builder = try_mut!(builder);
        let policies = try_ffi!(jpki_policy_set::from_u32(policy_set)).authentication();
        builder.update(|b| b.authentication_policies(policies));
        jpki_result::Ok
    })
}

/// Sets the longest certification path, in certificates (default 6).
///
/// Not thread-safe (the builder).
///
/// # Safety
/// `builder` is NULL or a live builder handle not in use elsewhere.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_verifier_builder_set_max_depth(
    builder: *mut jpki_verifier_builder,
    depth: usize,
) -> jpki_result {
    boundary(|| {
        let builder = try_mut!(builder);
        builder.update(|b| b.max_depth(depth));
        jpki_result::Ok
    })
}

/// Sets how many signature verifications path building may spend on one
/// certificate (default 100).
///
/// Not thread-safe (the builder).
///
/// # Safety
/// `builder` is NULL or a live builder handle not in use elsewhere.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_verifier_builder_set_budget(
    builder: *mut jpki_verifier_builder,
    budget: usize,
) -> jpki_result {
    boundary(|| {
        let builder = try_mut!(builder);
        builder.update(|b| b.budget(budget));
        jpki_result::Ok
    })
}

/// Builds the verifier and writes it to `*verifier_out` (free it with
/// `jpki_verifier_free`). `JPKI_RESULT_NO_TRUST_ANCHORS` without any trust
/// anchor.
///
/// **Consumes the builder, always**: `builder` is freed whatever the result
/// (success, an error, even a NULL `verifier_out`) and must not be used or freed
/// again after this call. `*verifier_out` is written only on success.
///
/// Not thread-safe (the builder).
///
/// # Safety
/// `builder` is NULL or a live builder handle not in use elsewhere;
/// `verifier_out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_verifier_builder_build(
    builder: *mut jpki_verifier_builder,
    verifier_out: *mut *mut jpki_verifier,
) -> jpki_result {
    boundary(|| {
        // Taken first, so that the builder is freed on every path below.
        // SAFETY: the caller's contract: NULL or live, and given up by this call.
        let Some(builder) = (unsafe { take_handle(builder) }) else {
            return jpki_result::NullParameter;
        };
        require_out!(verifier_out);
        let Builder {
            builder,
            revocation,
        } = builder;
        let verifier = try_ffi!(builder.revocation(revocation).build());
        // SAFETY: `verifier_out` is non-NULL (checked) and writable (caller
        // contract).
        unsafe { write_value(verifier_out, into_handle::<jpki_verifier>(verifier)) }
    })
}

/// Frees a verifier. NULL does nothing.
///
/// Must not race with any other use of the handle: free it after every thread
/// is done with it. Verdicts it returned stay valid (they own their data).
///
/// # Safety
/// `verifier` is NULL or a live verifier handle, not used afterwards.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_verifier_free(verifier: *mut jpki_verifier) {
    boundary(|| {
        // SAFETY: the caller's contract: NULL or live, and not used again.
        unsafe { free_handle(verifier) }
    })
}

/// Adds a CRL (`data[0..len]`, DER or PEM): parsed, its signature verified with
/// the key of one of the verifier's CA certificates (anchors or
/// intermediates), every entry checked and indexed — once. A CRL of the same
/// issuer key and scope is replaced when this one is at least as new
/// (thisUpdate); verifications already running finish with the CRLs they
/// started with. On success, what happened is written to `*change_out` when
/// `change_out` is not NULL (it is optional). On error (the CRL does not parse,
/// no CA certificate of the verifier signed it…) nothing changes.
///
/// Thread-safe: may run while other threads verify on the same handle.
///
/// # Safety
/// `verifier` is NULL or a live verifier handle; `data` is NULL or has `len`
/// readable bytes; `change_out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_verifier_add_crl(
    verifier: *const jpki_verifier,
    data: *const u8,
    len: usize,
    change_out: *mut jpki_crl_change,
) -> jpki_result {
    boundary(|| {
        let verifier = try_ref!(verifier);
        let input = try_slice!(data, len);
        let change = try_ffi!(jpki_crl_change::from_core(try_ffi!(
            verifier.add_crl(input)
        )));
        if change_out.is_null() {
            return jpki_result::Ok;
        }
        // SAFETY: `change_out` is non-NULL (checked) and writable (caller
        // contract).
        unsafe { write_value(change_out, change) }
    })
}

/// Holds an OCSP response (`data[0..len]`, DER) for later verifications (at
/// most 4096; the oldest go first). It is checked (signature, responder,
/// CertID, freshness) each time it is used; a response that is not an
/// `OCSPResponse` at all is refused here.
///
/// Thread-safe: may run while other threads verify on the same handle.
///
/// # Safety
/// `verifier` is NULL or a live verifier handle; `data` is NULL or has `len`
/// readable bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_verifier_add_ocsp_response(
    verifier: *const jpki_verifier,
    data: *const u8,
    len: usize,
) -> jpki_result {
    boundary(|| {
        let verifier = try_ref!(verifier);
        let input = try_slice!(data, len);
        try_ffi!(verifier.add_ocsp_response(input));
        jpki_result::Ok
    })
}

/// Forgets every OCSP response held.
///
/// Thread-safe: may run while other threads verify on the same handle.
///
/// # Safety
/// `verifier` is NULL or a live verifier handle.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_verifier_clear_ocsp_responses(
    verifier: *const jpki_verifier,
) -> jpki_result {
    boundary(|| {
        let verifier = try_ref!(verifier);
        verifier.clear_ocsp_responses();
        jpki_result::Ok
    })
}

/// Runs the three checks on a signed application and writes the verdict to
/// `*verdict_out` (free it with `jpki_verdict_free`):
///
/// * `signature[0..signature_len]`: the CMS SignedData, DER or PEM;
/// * `content[0..content_len]`: the signed content for a detached signature;
///   `content` NULL (with `content_len` 0) for an attached one. An empty
///   detached content is a non-NULL pointer with length 0;
/// * `applicant`: what the applicant wrote (its 4 basic info are compared with
///   the certificate's), or NULL when there is no application to compare (the
///   verdict is then about the signature and the certificate alone, and its
///   personal-info check is `JPKI_CHECK_RESULT_NOT_RUN`);
/// * `at`: the validation time, Unix seconds (0 to 253402300799, i.e. up to
///   9999-12-31T23:59:59Z; else `JPKI_RESULT_INVALID_ARGUMENT`).
///
/// `JPKI_RESULT_OK` means a verdict was written, not that the application is
/// valid: ask `jpki_verdict_is_valid` and `jpki_verdict_check`. A signature that
/// does not parse or verify is a failed check in the verdict, not an error here.
///
/// Thread-safe: any number of threads may verify on one handle at once.
///
/// # Safety
/// `verifier` is NULL or a live verifier handle; `signature` and `content` are
/// NULL or have their length's readable bytes; `applicant` is NULL or a live
/// applicant handle not being changed during the call; `verdict_out` is NULL or
/// writable.
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments)] // the C signature: byte views come in pairs
pub unsafe extern "C" fn jpki_verifier_verify(
    verifier: *const jpki_verifier,
    signature: *const u8,
    signature_len: usize,
    content: *const u8,
    content_len: usize,
    applicant: *const jpki_applicant,
    at: i64,
    verdict_out: *mut *mut jpki_verdict,
) -> jpki_result {
    boundary(|| {
        require_out!(verdict_out);
        let verifier = try_ref!(verifier);
        let signed = try_slice!(signature, signature_len);
        let content = if content.is_null() {
            if content_len != 0 {
                return jpki_result::NullParameter;
            }
            None
        } else {
            Some(try_slice!(content, content_len))
        };
        // SAFETY: the caller's contract: NULL (no application) or a live
        // applicant handle, only read here.
        let applicant = unsafe { handle_ref::<jpki_applicant>(applicant) };
        let at = try_ffi!(time_from_c(at));
        let verdict = verifier.verify(signed, content, applicant, at);
        let handle = into_handle::<jpki_verdict>(AnyVerdict::Application(Box::new(verdict)));
        // SAFETY: `verdict_out` is non-NULL (checked) and writable (caller
        // contract).
        unsafe { write_value(verdict_out, handle) }
    })
}

/// Validates a bare certificate for `usage` (a `jpki_usage` value) at `at`
/// (Unix seconds, as in `jpki_verifier_verify`): its path to a trust anchor, the
/// usage's keyUsage and policies, and the revocation of every certificate of
/// the path. Writes the verdict to `*verdict_out` (free it with
/// `jpki_verdict_free`); its signature and personal-info checks are
/// `JPKI_CHECK_RESULT_NOT_RUN`. `JPKI_RESULT_INVALID_ARGUMENT` for an unknown
/// usage or a time out of range.
///
/// Thread-safe: any number of threads may verify on one handle at once.
///
/// # Safety
/// `verifier` is NULL or a live verifier handle; `certificate` is NULL or a live
/// certificate handle; `verdict_out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn jpki_verifier_verify_certificate(
    verifier: *const jpki_verifier,
    certificate: *const jpki_certificate,
    usage: u32,
    at: i64,
    verdict_out: *mut *mut jpki_verdict,
) -> jpki_result {
    boundary(|| {
        require_out!(verdict_out);
        let verifier = try_ref!(verifier);
        let certificate = try_ref!(certificate);
        let usage = try_ffi!(jpki_usage::from_u32(usage)).to_core();
        let at = try_ffi!(time_from_c(at));
        let verdict = verifier.verify_certificate(certificate, usage, at);
        let handle = into_handle::<jpki_verdict>(AnyVerdict::Certificate(Box::new(verdict)));
        // SAFETY: `verdict_out` is non-NULL (checked) and writable (caller
        // contract).
        unsafe { write_value(verdict_out, handle) }
    })
}

/// What needs handles only other modules create (`jpki_applicant_new`,
/// `jpki_certificate_parse`): here they come from `into_handle`.
#[cfg(all(test, feature = "sim"))]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use std::ptr::null_mut;

    use jpki::cms::{SignOptions, sign};
    use jpki::sim::{Authority, AuthorityOptions, Purpose, RegisterRecord, SimKey, SoftwareSigner};
    use jpki::{Applicant, Date, Sex, Time};

    use super::*;
    use crate::ffi::MAX_UNIX_SECONDS;
    use crate::verdict::{
        jpki_check, jpki_check_result, jpki_verdict_check, jpki_verdict_free, jpki_verdict_is_valid,
    };

    const FORM: &[u8] = "口座開設申込書".as_bytes();
    const AT: i64 = 1_795_222_800;

    /// A verifier with revocation off, a signature of FORM, its certificate.
    fn fixture() -> (*mut jpki_verifier, Vec<u8>, Certificate) {
        let at = time_from_c(AT).unwrap();
        let mut authority = Authority::new(AuthorityOptions::default(), at).unwrap();
        let record = RegisterRecord {
            name: "髙橋 太郎".into(),
            birth_date: Date::parse_iso("1950-04-01").unwrap(),
            sex: Sex::Male,
            address: "東京都千代田区霞が関2丁目1番2号".into(),
            prefecture: None,
            municipality: None,
        };
        let key = SimKey::generate(2048).unwrap();
        let spki = key.public_key_der().unwrap();
        let cert = authority
            .issue(&record, &spki, Purpose::Signing, at)
            .unwrap();
        let mut signer = SoftwareSigner::new(key, cert.clone()).unwrap();
        let options = SignOptions::default().with_signing_time(Some(at));
        let signature = sign(FORM, &mut signer, &options).unwrap();
        let pem = authority.trust_pem();
        let b = jpki_verifier_builder_new();
        let mut v = null_mut();
        // SAFETY: a live builder (consumed by build), a PEM valid for the call, a
        // writable output.
        unsafe {
            let r = jpki_verifier_builder_add_trust_anchors(b, pem.as_ptr(), pem.len());
            assert_eq!(r, jpki_result::Ok);
            let off = jpki_revocation_mode::Off.code();
            assert_eq!(
                jpki_verifier_builder_set_revocation_mode(b, off),
                jpki_result::Ok
            );
            assert_eq!(jpki_verifier_builder_build(b, &mut v), jpki_result::Ok);
        }
        (v, signature, cert)
    }

    /// The personal-info check's result and error, and validity.
    fn personal_info(
        v: *const jpki_verifier,
        signature: &[u8],
        applicant: Option<Applicant>,
    ) -> (jpki_check_result, jpki_result, bool) {
        let applicant = applicant.map_or(null_mut(), into_handle::<jpki_applicant>);
        let mut verdict = null_mut();
        let (mut result, mut error) = (jpki_check_result::Off, jpki_result::Panic);
        // SAFETY: live handles, byte views valid for the call, writable outputs;
        // every handle is freed once.
        unsafe {
            let r = jpki_verifier_verify(
                v,
                signature.as_ptr(),
                signature.len(),
                FORM.as_ptr(),
                FORM.len(),
                applicant,
                AT,
                &mut verdict,
            );
            assert_eq!(r, jpki_result::Ok);
            free_handle(applicant);
            let which = jpki_check::PersonalInfo.code();
            let r = jpki_verdict_check(verdict, which, &mut result, &mut error);
            assert_eq!(r, jpki_result::Ok);
            let valid = jpki_verdict_is_valid(verdict);
            jpki_verdict_free(verdict);
            (result, error, valid)
        }
    }

    #[test]
    fn the_applicant_is_compared_with_the_certificate() {
        let (v, signature, _) = fixture();
        let form = Applicant::new()
            .with_name("髙橋 太郎")
            .with_birth_date(Date::parse_iso("1950-04-01").unwrap())
            .with_sex(Sex::Male)
            .with_address("東京都千代田区霞が関2-1-2");
        assert_eq!(
            personal_info(v, &signature, Some(form.clone())),
            (jpki_check_result::Passed, jpki_result::Ok, true)
        );
        assert_eq!(
            personal_info(v, &signature, Some(form.with_sex(Sex::Female))),
            (
                jpki_check_result::Failed,
                jpki_result::PersonalInfoMismatch,
                false
            )
        );
        // An applicant with no field at all fails closed.
        assert_eq!(
            personal_info(v, &signature, Some(Applicant::new())),
            (jpki_check_result::NotRun, jpki_result::Ok, false)
        );
        // No application to compare.
        assert_eq!(
            personal_info(v, &signature, None),
            (jpki_check_result::NotRun, jpki_result::Ok, true)
        );
        // SAFETY: a live verifier, not used again.
        unsafe { jpki_verifier_free(v) };
    }

    #[test]
    fn a_parsed_certificate_is_verified() {
        let (v, _, cert) = fixture();
        let cert = into_handle::<jpki_certificate>(cert);
        let mut verdict = null_mut();
        // SAFETY: live handles, a writable output; each freed once.
        unsafe {
            let signing = jpki_usage::Signing.code();
            let r = jpki_verifier_verify_certificate(v, cert, signing, AT, &mut verdict);
            assert_eq!(r, jpki_result::Ok);
            assert!(jpki_verdict_is_valid(verdict));
            jpki_verdict_free(verdict);
            free_handle(cert);
            jpki_verifier_free(v);
        }
    }

    #[test]
    fn enums_round_trip_and_times_are_bounded() {
        for &mode in jpki_revocation_mode::ALL {
            assert_eq!(jpki_revocation_mode::from_u32(mode.code()), Ok(mode));
        }
        assert_eq!(jpki_usage::ALL.len(), 3);
        assert_eq!(jpki_policy_set::ALL.len(), 4);
        assert_eq!(jpki_crl_change::ALL.len(), 3);
        assert_eq!(
            jpki_revocation_order::from_u32(0),
            Err(jpki_result::InvalidArgument)
        );
        assert_eq!(
            time_from_c(MAX_UNIX_SECONDS.try_into().unwrap()).map(Time::unix_seconds),
            Ok(MAX_UNIX_SECONDS)
        );
        // The last instant X.509 can express formats as such.
        assert_eq!(
            Time::from_unix_seconds(MAX_UNIX_SECONDS).to_string(),
            "9999-12-31T23:59:59Z"
        );
        assert_eq!(time_from_c(-1), Err(jpki_result::InvalidArgument));
    }
}
