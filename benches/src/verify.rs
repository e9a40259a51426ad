//! Fixtures of the CMS verification comparison (jpki against OpenSSL's
//! `CMS_verify`), and [`verify_once`], the one call its Rust side times.
//!
//! One simulator authority ([`Authority`]) issues one JPKI signing certificate
//! (partition Tokyo-to / Chiyoda-ku) from its newest signing CA generation; the
//! resident signs [`content`] (detached SignedData, SHA-256, RSA-2048 PKCS#1
//! v1.5, signed attributes). That CA generation signs the CRLs of the signer's
//! partition ([`crate::generate_crl`]: a critical issuingDistributionPoint with
//! the directoryName the certificate names as its cRLDistributionPoint,
//! onlyContainsUserCerts): empty, 10 entries, 100,000 entries and 1,000,000
//! entries of random 8-byte serials (never the signer's 4-byte one), and one
//! that lists the signer (a negative control). Everything is verified at
//! [`VALIDATION_TIME`], two hours after the CRLs' thisUpdate.
//!
//! [`VerifyFixtures::write`] puts it in a directory for `gen_verify_fixtures`,
//! the C program `c/cms_verify.c` and `jpki_verify`:
//!
//! | file | what |
//! |---|---|
//! | `trust.pem` | the trust anchor: the CA generation that issued the signer (no link certificate) |
//! | `ca.pem` | the signer's CA certificate (the same root) |
//! | `signer.pem` | the signer's certificate (also inside the SignedData) |
//! | `content.bin` | the signed content |
//! | `signature.der` | the detached SignedData (DER) |
//! | `crl-empty.der`, `crl-small.der`, `crl-100k.der`, `crl-1m.der` | the partition CRLs |
//! | `crl-revoked.der` | 10 entries and the signer |
//! | `time.txt`, `time.unix` | the validation time, RFC 3339 and Unix seconds |

use std::path::Path;

use jpki::cms::{SignOptions, sign};
use jpki::revocation::{RevocationMode, RevocationStatus, SourceOrder};
use jpki::sim::{Authority, AuthorityOptions, Purpose, RegisterRecord, SimKey, SoftwareSigner};
use jpki::{Applicant, Certificate, Date, RevocationPolicy, Sex, Time, Verifier};
use jpki::{Error, SimulatorError};

use crate::{DEFAULT_SEED, Issuer, generate_crl, generate_crl_revoking};

/// When the signer's certificate is issued (the authority is created then).
pub const ISSUED_AT: &str = "2026-11-21T09:00:00+09:00";
/// The signingTime of the SignedData.
pub const SIGNED_AT: &str = "2026-11-21T10:30:00+09:00";
/// The validation time of every verification: after the CRLs' thisUpdate
/// (10:00 JST, [`crate::this_update`]), before their nextUpdate a day later.
pub const VALIDATION_TIME: &str = "2026-11-21T12:00:00+09:00";

/// The resident: 氏名, 生年月日, 性別, 住所 (the applicant writes the same).
const NAME: &str = "検証 速度";
const BIRTH_DATE: &str = "1980-04-01";
const ADDRESS: &str = "東京都千代田区千代田1番1号";

/// Entries of the small CRL.
pub const SMALL_ENTRIES: usize = 10;
/// Entries of the large CRL.
pub const LARGE_ENTRIES: usize = 100_000;
/// Entries of the CRL for the lookup measurement.
pub const HUGE_ENTRIES: usize = 1_000_000;

/// The signed content: an application form of about 1.3 KB.
pub fn content() -> Vec<u8> {
    let mut c = "口座開設申込書 / account opening application\r\n"
        .as_bytes()
        .to_vec();
    for i in 0..24 {
        c.extend_from_slice(
            format!("field-{i:02}: value of the applicant's form line\r\n").as_bytes(),
        );
    }
    c
}

/// What the applicant wrote on the form: the 4 basic info, equal to the
/// certificate's (so the third check passes).
pub fn applicant() -> Result<Applicant, Error> {
    Ok(Applicant::new()
        .with_name(NAME)
        .with_birth_date(Date::parse_iso(BIRTH_DATE)?)
        .with_sex(Sex::Male)
        .with_address(ADDRESS))
}

/// The validation time.
pub fn validation_time() -> Result<Time, Error> {
    Time::parse_rfc3339(VALIDATION_TIME)
}

/// A revocation setting of the comparison.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// No revocation check (jpki: `RevocationMode::Off`; OpenSSL: no CRL flags).
    None,
    /// The empty partition CRL.
    Empty,
    /// The 10-entry partition CRL.
    Small,
    /// The 100,000-entry partition CRL.
    Large,
    /// The CRL that lists the signer: every verification must fail.
    Revoked,
}

impl Mode {
    /// The modes the comparison measures, in order (the issue's three).
    pub const MEASURED: [Self; 3] = [Self::None, Self::Small, Self::Large];

    /// `none`, `empty`, `small`, `100k`, `revoked`.
    pub const fn name(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::Empty => "empty",
            Self::Small => "small",
            Self::Large => "100k",
            Self::Revoked => "revoked",
        }
    }

    /// The mode called `name`.
    pub fn parse(name: &str) -> Option<Self> {
        [
            Self::None,
            Self::Empty,
            Self::Small,
            Self::Large,
            Self::Revoked,
        ]
        .into_iter()
        .find(|m| m.name() == name)
    }

    /// The CRL file of the mode, if it checks revocation.
    pub const fn crl_file(self) -> Option<&'static str> {
        match self {
            Self::None => None,
            Self::Empty => Some("crl-empty.der"),
            Self::Small => Some("crl-small.der"),
            Self::Large => Some("crl-100k.der"),
            Self::Revoked => Some("crl-revoked.der"),
        }
    }
}

/// Everything the comparison verifies.
#[derive(Clone, Debug)]
pub struct VerifyFixtures {
    /// The trust anchor: the signing CA generation that issued the signer.
    pub anchor: Certificate,
    /// The signer's certificate.
    pub signer: Certificate,
    /// The signed content.
    pub content: Vec<u8>,
    /// The detached SignedData (DER).
    pub signature: Vec<u8>,
    /// The partition CRLs: empty, 10 entries, 100,000 entries, and 10 entries
    /// plus the signer.
    pub crl_empty: Vec<u8>,
    /// 10 entries.
    pub crl_small: Vec<u8>,
    /// 100,000 entries.
    pub crl_100k: Vec<u8>,
    /// 10 entries and the signer.
    pub crl_revoked: Vec<u8>,
    /// 1,000,000 entries, when made.
    pub crl_1m: Option<Vec<u8>>,
    /// The validation time.
    pub at: Time,
}

impl VerifyFixtures {
    /// Generates every fixture (fresh RSA keys from the OS; the CRLs' serials,
    /// reasons and dates are fixed by [`DEFAULT_SEED`]); the 1M-entry CRL only
    /// `with_1m` (about 43 MB).
    pub fn generate(with_1m: bool) -> Result<Self, Error> {
        let issued_at = Time::parse_rfc3339(ISSUED_AT)?;
        let key_thread = std::thread::spawn(|| SimKey::generate(2048));
        let mut authority = Authority::new(AuthorityOptions::default(), issued_at)?;
        let key = key_thread.join().map_err(|_| {
            Error::Simulator(SimulatorError::Crypto {
                reason: "the key generation thread panicked".into(),
            })
        })??;
        let resident = RegisterRecord {
            name: NAME.into(),
            birth_date: Date::parse_iso(BIRTH_DATE)?,
            sex: Sex::Male,
            address: ADDRESS.into(),
            prefecture: Some("Tokyo-to".into()),
            municipality: Some("Chiyoda-ku".into()),
        };
        let signer = authority.issue(
            &resident,
            &key.public_key_der()?,
            Purpose::Signing,
            issued_at,
        )?;
        let record = authority.find_issued(signer.serial()).ok_or_else(|| {
            Error::Simulator(SimulatorError::Crypto {
                reason: "the issued certificate has no record".into(),
            })
        })?;
        // The partition CRLs are shaped for Tokyo-to / Chiyoda-ku (`generate_crl`).
        if record.partition() != ("Tokyo-to", "Chiyoda-ku") {
            return Err(Error::Simulator(SimulatorError::Crypto {
                reason: format!("unexpected partition {:?}", record.partition()),
            }));
        }
        let generation = record.generation();
        let ca = authority
            .generations_of(Purpose::Signing)
            .find(|g| g.index() == generation)
            .ok_or_else(|| {
                Error::Simulator(SimulatorError::Crypto {
                    reason: "the signer's CA generation is missing".into(),
                })
            })?;
        let issuer = Issuer {
            key: ca.key().clone(),
            certificate: ca.certificate().clone(),
        };

        let content = content();
        let mut software = SoftwareSigner::new(key, signer.clone())?;
        let signature = sign(
            &content,
            &mut software,
            &SignOptions::default()
                .with_detached(true)
                .with_signing_time(Some(Time::parse_rfc3339(SIGNED_AT)?)),
        )?;

        let crl = |entries: usize| generate_crl(&issuer, entries, DEFAULT_SEED).map(|c| c.der);
        let crl_revoked = generate_crl_revoking(
            &issuer,
            SMALL_ENTRIES,
            DEFAULT_SEED ^ 1,
            std::slice::from_ref(signer.serial()),
        )?
        .der;
        Ok(Self {
            anchor: issuer.certificate.clone(),
            signer,
            content,
            signature,
            crl_empty: crl(0)?,
            crl_small: crl(SMALL_ENTRIES)?,
            crl_100k: crl(LARGE_ENTRIES)?,
            crl_revoked,
            crl_1m: if with_1m {
                Some(crl(HUGE_ENTRIES)?)
            } else {
                None
            },
            at: validation_time()?,
        })
    }

    /// The CRL of `mode`, if it checks revocation.
    pub fn crl(&self, mode: Mode) -> Option<&[u8]> {
        match mode {
            Mode::None => None,
            Mode::Empty => Some(&self.crl_empty),
            Mode::Small => Some(&self.crl_small),
            Mode::Large => Some(&self.crl_100k),
            Mode::Revoked => Some(&self.crl_revoked),
        }
    }

    /// Writes the files listed in the [module docs](self) into `dir` (created
    /// if needed).
    pub fn write(&self, dir: &Path) -> std::io::Result<()> {
        std::fs::create_dir_all(dir)?;
        let write = |name: &str, bytes: &[u8]| std::fs::write(dir.join(name), bytes);
        write("trust.pem", self.anchor.to_pem().as_bytes())?;
        write("ca.pem", self.anchor.to_pem().as_bytes())?;
        write("signer.pem", self.signer.to_pem().as_bytes())?;
        write("content.bin", &self.content)?;
        write("signature.der", &self.signature)?;
        for mode in [Mode::Empty, Mode::Small, Mode::Large, Mode::Revoked] {
            if let (Some(file), Some(der)) = (mode.crl_file(), self.crl(mode)) {
                write(file, der)?;
            }
        }
        if let Some(der) = &self.crl_1m {
            write("crl-1m.der", der)?;
        }
        write("time.txt", format!("{VALIDATION_TIME}\n").as_bytes())?;
        write(
            "time.unix",
            format!("{}\n", self.at.unix_seconds()).as_bytes(),
        )?;
        Ok(())
    }

    /// Reads what [`VerifyFixtures::write`] wrote (`crl-1m.der` if present).
    pub fn read(dir: &Path) -> Result<Self, Box<dyn std::error::Error>> {
        let read = |name: &str| {
            std::fs::read(dir.join(name)).map_err(|e| format!("{}: {e}", dir.join(name).display()))
        };
        let huge = dir.join("crl-1m.der");
        let time = String::from_utf8(read("time.txt")?)?;
        Ok(Self {
            anchor: Certificate::parse(&read("trust.pem")?)?,
            signer: Certificate::parse(&read("signer.pem")?)?,
            content: read("content.bin")?,
            signature: read("signature.der")?,
            crl_empty: read("crl-empty.der")?,
            crl_small: read("crl-small.der")?,
            crl_100k: read("crl-100k.der")?,
            crl_revoked: read("crl-revoked.der")?,
            crl_1m: if huge.exists() {
                Some(std::fs::read(huge)?)
            } else {
                None
            },
            at: Time::parse_rfc3339(time.trim())?,
        })
    }
}

/// What a verifier builds once, before it verifies anything (the trust
/// anchor, the CRL, the policy), as the C side builds its `X509_STORE` once: a
/// [`Verifier`] holding the mode's CRL parsed, verified and indexed.
#[derive(Debug)]
pub struct Setup {
    verifier: Verifier,
    at: Time,
    check_revocation: bool,
    applicant: Applicant,
}

impl Setup {
    /// The setup for `mode`: trust `fixtures.anchor`, check revocation against
    /// the mode's CRL (CRL first, hard fail: a CRL that does not answer for the
    /// signer fails the verification) or not at all, at `fixtures.at`.
    pub fn new(fixtures: &VerifyFixtures, mode: Mode) -> Result<Self, Error> {
        let policy = RevocationPolicy::default()
            .with_order(SourceOrder::CrlFirst)
            .with_mode(if mode == Mode::None {
                RevocationMode::Off
            } else {
                RevocationMode::HardFail
            });
        let verifier = Verifier::builder()
            .trust_anchor(fixtures.anchor.clone())
            .revocation(policy)
            .build()?;
        if let Some(crl) = fixtures.crl(mode) {
            verifier.add_crl(crl)?;
        }
        Ok(Self {
            verifier,
            at: fixtures.at,
            check_revocation: mode != Mode::None,
            applicant: applicant()?,
        })
    }

    /// The verifier.
    pub fn verifier(&self) -> &Verifier {
        &self.verifier
    }
}

/// One verification, as a bank's server makes it for each application: parse
/// `signature` (detached SignedData, DER), verify it over `content`, validate
/// the signer's path to the anchor, check its revocation (unless the mode is
/// `none`), compare the 4 basic info with the applicant's. `Ok` only when all
/// of that passed and, when revocation is checked, the CRL said good.
///
/// The one call the verification benches time (`jpki_verify`,
/// `benches/verifier.rs`).
pub fn verify_once(setup: &Setup, signature: &[u8], content: &[u8]) -> Result<(), String> {
    let verdict = setup
        .verifier
        .verify(signature, Some(content), Some(&setup.applicant), setup.at);
    check_verdict(&verdict, setup.check_revocation)
}

/// `Ok` when the verdict is valid and, if `revocation_checked`, the revocation
/// data said good; else every check's result and the first error.
pub fn check_verdict(verdict: &jpki::Verdict, revocation_checked: bool) -> Result<(), String> {
    let revocation_ok =
        !revocation_checked || matches!(verdict.revocation_status, RevocationStatus::Good { .. });
    if verdict.is_valid() && revocation_ok {
        Ok(())
    } else {
        Err(format!(
            "signature {}, certificate {}, revocation {} ({}), personal info {}: {:?}",
            verdict.signature.as_str(),
            verdict.certificate.as_str(),
            verdict.revocation.as_str(),
            verdict.revocation_status.as_str(),
            verdict.personal_info.as_str(),
            verdict.error().map(ToString::to_string)
        ))
    }
}

/// The revocation check of `signer` against a loaded CRL, as the `Verifier`
/// makes it for each certificate once the CRL is indexed: in scope, current at
/// `at`, not listed. The 1M-entry measurement of `jpki_verify` and the
/// criterion bench time this one function.
pub fn signer_is_good(
    index: &jpki::revocation::crl::CrlIndex<'_>,
    signer: &Certificate,
    at: Time,
) -> bool {
    let crl = index.crl();
    crl.covers(signer) && crl.is_current_at(at) && index.lookup(signer.serial()).is_none()
}
