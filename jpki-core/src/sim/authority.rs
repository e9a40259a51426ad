//! The simulated issuing authority: the prefecture / J-LIS side of JPKI.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};
use x509_cert::ext::pkix::KeyUsages;

use super::builder::{CertificateBuilder, dn_der, utf8_other_name};
use super::files::LockFile;
use super::key::{SimKey, check_rsa_public_key};
use super::profile::{self, OU_AUTH, OU_JLIS, OU_SIGNING};
use super::store;
use crate::Certificate;
use crate::Date;
use crate::Serial;
use crate::Sex;
use crate::SimulatorError;
use crate::Time;
use crate::cert::{BirthDate, Environment, PersonalField, SubstitutePositions};
use crate::crypto::EcCurve;
use crate::error::Error;
use crate::oid::{self, Oid};
use crate::revocation::RevocationReason;

const DAY: u64 = 86_400;
const YEAR: u64 = 365 * DAY;

/// Which of the two JPKI hierarchies a CA or certificate belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Purpose {
    /// 署名用: signing certificates, carrying the 4 basic info.
    Signing,
    /// 利用者証明用: user authentication certificates.
    Authentication,
}

impl Purpose {
    /// `signing` or `authentication`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Signing => "signing",
            Self::Authentication => "authentication",
        }
    }

    pub(crate) fn parse(s: &str) -> Option<Self> {
        match s {
            "signing" => Some(Self::Signing),
            "authentication" => Some(Self::Authentication),
            _ => None,
        }
    }

    fn ou(self) -> &'static str {
        match self {
            Self::Signing => OU_SIGNING,
            Self::Authentication => OU_AUTH,
        }
    }

    fn japanese_ou(self) -> &'static str {
        match self {
            Self::Signing => "公的個人認証サービス署名用",
            Self::Authentication => "公的個人認証サービス利用者証明用",
        }
    }
}

/// How the simulated authority is set up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuthorityOptions {
    /// Production or test-card policy OIDs in issued certificates (default: test,
    /// as on J-LIS test cards: the simulator is a test environment).
    pub environment: Environment,
    /// OCSP URL written into signing certificates.
    pub ocsp_url_signing: String,
    /// OCSP URL written into authentication certificates.
    pub ocsp_url_authentication: String,
    /// CA generations per hierarchy (at least 2: J-LIS renews its CAs and the old
    /// and new ones share one DN).
    pub generations: usize,
    /// The card generation the authority issues for: today's RSA-2048 (the
    /// default) or the next-generation ECDSA P-384 profile.
    pub profile: KeyProfile,
}

impl Default for AuthorityOptions {
    fn default() -> Self {
        Self {
            environment: Environment::Test,
            ocsp_url_signing: "http://127.0.0.1:28080/ocsp/sign".into(),
            ocsp_url_authentication: "http://127.0.0.1:28080/ocsp/auth".into(),
            generations: 2,
            profile: KeyProfile::Current,
        }
    }
}

/// The key and validity profile of an authority: which card generation it issues
/// for.
///
/// The next-generation profile follows the government's announcement for the
/// next My Number card (ECDSA P-384 with SHA-384, 10-year certificates); its
/// details are the simulator's assumptions, as J-LIS has published no profile:
/// CA keys and card keys on P-384; certificates, link certificates, CRLs and OCSP
/// responses signed ecdsa-with-SHA384; end-entity certificates valid to the end
/// of the 10th birthday after issuance (JST), CA certificates 20 years so that
/// they cover them. The card's commands stay today's (see
/// [`VirtualCard`](super::VirtualCard)).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum KeyProfile {
    /// Today's JPKI: RSA-2048 keys, sha256WithRSAEncryption, CA certificates of 10
    /// years, end-entity certificates to the 5th birthday after issuance.
    #[default]
    Current,
    /// The next-generation card: ECDSA P-384 keys, ecdsa-with-SHA384, CA
    /// certificates of 20 years, end-entity certificates to the 10th birthday
    /// after issuance.
    NextGeneration,
}

impl KeyProfile {
    /// `current` or `next-generation` (the state file's and the CLI's spelling).
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Current => "current",
            Self::NextGeneration => "next-generation",
        }
    }

    /// The profile spelled `s` ([`KeyProfile::as_str`]).
    pub fn parse(s: &str) -> Option<Self> {
        [Self::Current, Self::NextGeneration]
            .into_iter()
            .find(|p| p.as_str() == s)
    }

    /// A fresh key of the profile: RSA-2048, or EC P-384.
    pub fn generate_key(self) -> Result<SimKey, Error> {
        match self {
            Self::Current => SimKey::generate(2048),
            Self::NextGeneration => SimKey::generate_ec(EcCurve::P384),
        }
    }

    /// Checks that `spki_der` is a key the profile issues to: RSA of at least
    /// 2048 bits, or EC on P-384.
    fn check_public_key(self, spki_der: &[u8]) -> Result<(), Error> {
        match self {
            Self::Current => check_rsa_public_key(spki_der).map(|_| ()),
            Self::NextGeneration => match EcCurve::of_public_key(spki_der) {
                Some(EcCurve::P384) => super::key::check_public_key(spki_der),
                _ => Err(Error::Simulator(SimulatorError::Crypto {
                    reason: "public key is not an EC P-384 key; the next-generation card profile needs one".into(),
                })),
            },
        }
    }

    /// Years a CA certificate is valid.
    const fn ca_years(self) -> u16 {
        match self {
            Self::Current => 10,
            Self::NextGeneration => 20,
        }
    }

    /// The birthday after issuance that ends an end-entity certificate.
    const fn birthdays(self) -> u32 {
        match self {
            Self::Current => 5,
            Self::NextGeneration => 10,
        }
    }
}

/// One CA generation: a self-signed root of one hierarchy.
#[derive(Clone, Debug)]
pub struct CaGeneration {
    pub(crate) purpose: Purpose,
    pub(crate) index: usize,
    pub(crate) key: SimKey,
    pub(crate) certificate: Certificate,
}

impl CaGeneration {
    /// The hierarchy.
    pub fn purpose(&self) -> Purpose {
        self.purpose
    }

    /// 1 for the oldest generation, counting up.
    pub fn index(&self) -> usize {
        self.index
    }

    /// The CA certificate (a trust anchor).
    pub fn certificate(&self) -> &Certificate {
        &self.certificate
    }

    /// The CA's private key: for tests that build certificates, CRLs or OCSP
    /// responses with deliberate faults under this CA. (A simulator only: real
    /// CA keys never leave their HSM.)
    pub fn key(&self) -> &SimKey {
        &self.key
    }
}

/// Which way a link certificate between two consecutive CA generations points.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum LinkKind {
    /// The older generation's key, certified by the newer generation: lets a
    /// verifier that trusts only the new root validate certificates issued
    /// under the old one.
    OldWithNew,
    /// The newer generation's key, certified by the older generation: lets a
    /// verifier that still trusts only the old root validate certificates issued
    /// under the new one.
    NewWithOld,
}

impl LinkKind {
    pub(crate) const fn as_str(self) -> &'static str {
        match self {
            Self::OldWithNew => "old-with-new",
            Self::NewWithOld => "new-with-old",
        }
    }

    pub(crate) fn parse(s: &str) -> Option<Self> {
        [Self::OldWithNew, Self::NewWithOld]
            .into_iter()
            .find(|k| k.as_str() == s)
    }
}

/// A self-issued link certificate between generations `older` and `older + 1` of
/// one hierarchy (RFC 4210 §4.4 calls them root CA key update certificates).
#[derive(Clone, Debug)]
pub(crate) struct LinkCertificate {
    pub(crate) purpose: Purpose,
    pub(crate) older: usize,
    pub(crate) kind: LinkKind,
    pub(crate) certificate: Certificate,
}

/// What the resident register says about a resident, as read at the window.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RegisterRecord {
    /// 氏名, surname then given name (any spacing); may hold characters outside
    /// the certificate charset.
    pub name: String,
    /// 生年月日 (Gregorian).
    pub birth_date: Date,
    /// 性別.
    pub sex: Sex,
    /// 住所, starting with the prefecture (e.g. `東京都千代田区…`).
    pub address: String,
    /// The prefecture in romaji for the subject and CRL partition; derived from
    /// the address when `None`.
    pub prefecture: Option<String>,
    /// The municipality for the subject and CRL partition (romaji in real
    /// certificates, e.g. `Chiyoda-ku`); when `None`, the kanji municipality at
    /// the start of the address is used.
    pub municipality: Option<String>,
}

/// A certificate the authority issued, with what it needs to revoke it.
#[derive(Clone, Debug)]
pub struct IssuedRecord {
    pub(crate) serial: Serial,
    pub(crate) purpose: Purpose,
    pub(crate) generation: usize,
    pub(crate) resident_id: String,
    pub(crate) prefecture: String,
    pub(crate) municipality: String,
    pub(crate) issued_at: Time,
    pub(crate) certificate: Certificate,
}

impl IssuedRecord {
    /// The serial.
    pub fn serial(&self) -> &Serial {
        &self.serial
    }

    /// Signing or authentication.
    pub fn purpose(&self) -> Purpose {
        self.purpose
    }

    /// The CA generation that issued it.
    pub fn generation(&self) -> usize {
        self.generation
    }

    /// An opaque id of the resident (the simulator's link between the signing and
    /// authentication certificates of one person).
    pub fn resident_id(&self) -> &str {
        &self.resident_id
    }

    /// The CRL partition (municipality) the certificate belongs to.
    pub fn partition(&self) -> (&str, &str) {
        (&self.prefecture, &self.municipality)
    }

    /// When it was issued.
    pub fn issued_at(&self) -> Time {
        self.issued_at
    }

    /// The certificate.
    pub fn certificate(&self) -> &Certificate {
        &self.certificate
    }
}

/// What happened, per the seeds: a report from the resident register, or a
/// request from the holder.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Event {
    /// 転居・転出: the address changed. Revokes signing certificates
    /// (affiliationChanged); authentication certificates carry no address and stay.
    Move,
    /// 氏名の変更. Revokes signing certificates (affiliationChanged).
    NameChange,
    /// 死亡. Revokes every certificate of the resident (cessationOfOperation).
    Death,
    /// 住居表示の変更: the address notation changed. Revokes signing certificates
    /// (affiliationChanged); re-issue is free.
    AddressNotationChange,
    /// 市町村合併: a municipal merger. Revokes nothing automatically.
    MunicipalMerger,
    /// 任意失効 (law art. 9): the holder asks to revoke this certificate
    /// (cessationOfOperation).
    Voluntary,
    /// 鍵の漏えい等の届出 (law art. 10): the holder reports the card lost or the
    /// key exposed; revokes this certificate (keyCompromise).
    KeyCompromise,
}

impl Event {
    /// A stable name (`move`, `rename`, `death`, `notation-change`, `merger`,
    /// `voluntary`, `key-compromise`).
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Move => "move",
            Self::NameChange => "rename",
            Self::Death => "death",
            Self::AddressNotationChange => "notation-change",
            Self::MunicipalMerger => "merger",
            Self::Voluntary => "voluntary",
            Self::KeyCompromise => "key-compromise",
        }
    }

    /// Parses [`Event::as_str`] names.
    pub fn parse(s: &str) -> Option<Self> {
        [
            Self::Move,
            Self::NameChange,
            Self::Death,
            Self::AddressNotationChange,
            Self::MunicipalMerger,
            Self::Voluntary,
            Self::KeyCompromise,
        ]
        .into_iter()
        .find(|e| e.as_str() == s)
    }

    /// The reason recorded when this event revokes a certificate of `purpose`, or
    /// `None` when it leaves such certificates valid.
    pub fn reason_for(self, purpose: Purpose) -> Option<RevocationReason> {
        match (self, purpose) {
            (Self::Move | Self::NameChange | Self::AddressNotationChange, Purpose::Signing) => {
                Some(RevocationReason::AffiliationChanged)
            }
            (Self::Move | Self::NameChange | Self::AddressNotationChange, _) => None,
            (Self::Death | Self::Voluntary, _) => Some(RevocationReason::CessationOfOperation),
            (Self::KeyCompromise, _) => Some(RevocationReason::KeyCompromise),
            (Self::MunicipalMerger, _) => None,
        }
    }

    /// Whether the event concerns every certificate of the resident (register
    /// reports) rather than the one certificate named (holder requests).
    pub fn is_register_report(self) -> bool {
        !matches!(self, Self::Voluntary | Self::KeyCompromise)
    }
}

/// One revocation the authority recorded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RevocationRecord {
    /// The revoked certificate's serial.
    pub serial: Serial,
    /// When it was revoked.
    pub revoked_at: Time,
    /// The CRL reason.
    pub reason: RevocationReason,
    /// The event that caused it.
    pub event: Event,
}

/// What an [`Event`] did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventOutcome {
    /// Certificates revoked now.
    pub revoked: Vec<RevocationRecord>,
    /// Certificates of the resident that stay valid, and why.
    pub kept: Vec<(Serial, &'static str)>,
}

/// The simulated authority: CA generations for both hierarchies, issuance under
/// the J-LIS profile, and revocation records driven by register events.
///
/// Created in memory ([`Authority::new`]) or in a directory ([`Authority::create`],
/// [`Authority::open`]) that keeps keys, the serial counter, and the issued and
/// revoked records, so separate processes (CLI calls) continue one authority.
///
/// One user at a time: an authority opened or created in a directory holds an
/// exclusive lock on `state.lock` there until it is dropped, so a load, modify,
/// save sequence of one process (open, [`issue`](Self::issue) or
/// [`apply_event`](Self::apply_event), drop) never interleaves with another's and
/// no serial number or revocation is lost. [`Authority::open`] waits while
/// another process (or another thread, or another `Authority` of this thread, which
/// then waits forever) holds the directory. Files are written through a fresh
/// temporary file and a rename, so readers without the lock see whole files.
///
/// Between consecutive CA generations of a hierarchy the authority keeps two
/// self-issued link certificates, as J-LIS does when it renews a root
/// ([`Authority::link_certificates`]).
#[derive(Debug)]
pub struct Authority {
    pub(crate) dir: Option<PathBuf>,
    /// The directory's lock, held from open or create until dropped.
    pub(crate) lock: Option<LockFile>,
    pub(crate) options: AuthorityOptions,
    pub(crate) next_serial: u64,
    pub(crate) generations: Vec<CaGeneration>,
    pub(crate) links: Vec<LinkCertificate>,
    pub(crate) issued: Vec<IssuedRecord>,
    pub(crate) revoked: Vec<RevocationRecord>,
    /// The last cRLNumber each CA generation used: (purpose, generation, number).
    pub(crate) crl_numbers: Vec<(Purpose, usize, u64)>,
}

impl Authority {
    /// A new authority in memory. The newest CA generation of each hierarchy
    /// starts one day before `at`; each older one four years earlier; each is
    /// valid ten years and ends at 23:59:59 JST. Each pair of consecutive
    /// generations gets its two link certificates ([`Authority::link_certificates`]).
    pub fn new(options: AuthorityOptions, at: Time) -> Result<Self, Error> {
        if options.generations < 2 {
            return Err(Error::Simulator(SimulatorError::InvalidRecord {
                reason: "the simulator keeps at least two CA generations".into(),
            }));
        }
        let mut generations = Vec::new();
        for purpose in [Purpose::Signing, Purpose::Authentication] {
            for index in 1..=options.generations {
                let age = u64::try_from(options.generations - index).unwrap_or(0);
                let start =
                    Time::from_unix_seconds(at.unix_seconds().saturating_sub(DAY + age * 4 * YEAR));
                generations.push(make_ca(purpose, index, start, options.profile)?);
            }
        }
        let links = make_links(&generations)?;
        Ok(Self {
            dir: None,
            lock: None,
            options,
            next_serial: 0x0100_0000,
            generations,
            links,
            issued: Vec::new(),
            revoked: Vec::new(),
            crl_numbers: Vec::new(),
        })
    }

    /// A new authority whose state lives in `dir` (created if needed; must not
    /// already hold an authority). Writes `dir/trust.pem` with every CA generation
    /// (the roots only) and `dir/links.pem` with the link certificates.
    ///
    /// The directory's lock is taken before the check and held by the returned
    /// authority (see [`Authority`]).
    pub fn create(dir: &Path, options: AuthorityOptions, at: Time) -> Result<Self, Error> {
        std::fs::create_dir_all(dir).map_err(|e| {
            Error::Simulator(SimulatorError::State {
                path: dir.display().to_string(),
                reason: e.to_string(),
            })
        })?;
        let lock = store::lock(dir)?;
        if store::exists(dir) {
            return Err(Error::Simulator(SimulatorError::State {
                path: dir.display().to_string(),
                reason: "already holds a simulated authority".into(),
            }));
        }
        let mut authority = Self::new(options, at)?;
        authority.dir = Some(dir.to_path_buf());
        authority.lock = Some(lock);
        authority.save()?;
        Ok(authority)
    }

    /// Opens the authority kept in `dir`, waiting for and then holding the
    /// directory's lock until the authority is dropped (see [`Authority`]).
    ///
    /// A directory without `state.json` is refused before any lock file is made
    /// in it; `state.json` larger than
    /// [`MAX_AUTHORITY_STATE_BYTES`](super::MAX_AUTHORITY_STATE_BYTES) or a CA key
    /// file larger than [`MAX_CA_KEY_FILE_BYTES`](super::MAX_CA_KEY_FILE_BYTES) is refused unread. Each of these,
    /// and any unreadable or inconsistent state, is [`SimulatorError::State`].
    ///
    /// A directory written before link certificates existed still opens: its
    /// links are made again from the stored CA keys and certificates (they are
    /// deterministic, so identical to what creation would have written) and are
    /// written out, with `links.pem`, at the next save.
    pub fn open(dir: &Path) -> Result<Self, Error> {
        if !store::exists(dir) {
            return Err(Error::Simulator(SimulatorError::State {
                path: dir.display().to_string(),
                reason: "holds no simulated authority (no state.json)".into(),
            }));
        }
        let lock = store::lock(dir)?;
        let mut authority = store::load(dir)?;
        authority.lock = Some(lock);
        Ok(authority)
    }

    /// As [`open`](Self::open), but `Ok(None)` at once, without reading the state,
    /// if another user (a process, or another `Authority` of this one) holds the
    /// directory: for servers that must answer within a bound.
    pub fn try_open(dir: &Path) -> Result<Option<Self>, Error> {
        if !store::exists(dir) {
            return Err(Error::Simulator(SimulatorError::State {
                path: dir.display().to_string(),
                reason: "holds no simulated authority (no state.json)".into(),
            }));
        }
        let Some(lock) = store::try_lock(dir)? else {
            return Ok(None);
        };
        let mut authority = store::load(dir)?;
        authority.lock = Some(lock);
        Ok(Some(authority))
    }

    /// Writes the state to its directory (no-op in memory). Mutating calls save on
    /// their own; this is for callers that changed nothing but want the files.
    pub fn save(&self) -> Result<(), Error> {
        match &self.dir {
            Some(dir) => store::save(self, dir),
            None => Ok(()),
        }
    }

    /// The options it was created with.
    pub fn options(&self) -> &AuthorityOptions {
        &self.options
    }

    /// Every CA generation, signing first, oldest first.
    pub fn generations(&self) -> &[CaGeneration] {
        &self.generations
    }

    /// The CA generations of one hierarchy, oldest first.
    pub fn generations_of(&self, purpose: Purpose) -> impl Iterator<Item = &CaGeneration> {
        self.generations
            .iter()
            .filter(move |g| g.purpose == purpose)
    }

    /// Every CA certificate: the verifier's trust anchors.
    pub fn trust_anchors(&self) -> Vec<&Certificate> {
        self.generations.iter().map(|g| &g.certificate).collect()
    }

    /// The trust anchors as one PEM bundle (what `trust.pem` holds).
    pub fn trust_pem(&self) -> String {
        self.generations
            .iter()
            .map(|g| g.certificate.to_pem())
            .collect()
    }

    /// The link certificates between consecutive CA generations: for each
    /// hierarchy (signing first) and each pair of generations `g`, `g + 1`
    /// (oldest first), OldWithNew then NewWithOld. What `links.pem` holds.
    ///
    /// Both are self-issued CA certificates (subject = issuer = the shared J-LIS
    /// DN), with keyUsage keyCertSign and cRLSign, valid from generation `g + 1`'s
    /// notBefore to generation `g`'s notAfter:
    /// - OldWithNew ([`Authority::old_with_new`]) certifies generation `g`'s key
    ///   with generation `g + 1`'s: subjectKeyIdentifier `g`'s key id,
    ///   authorityKeyIdentifier `g + 1`'s key id, issuer and serial. A verifier
    ///   that trusts only the new root validates a certificate issued under the
    ///   old one through it (end entity, OldWithNew, new root).
    /// - NewWithOld ([`Authority::new_with_old`]) certifies generation `g + 1`'s key
    ///   with generation `g`'s, for verifiers that still trust only the old root.
    pub fn link_certificates(&self) -> Vec<&Certificate> {
        self.links.iter().map(|l| &l.certificate).collect()
    }

    /// The OldWithNew link certificate of `purpose` carrying generation
    /// `older`'s key, signed by generation `older + 1`.
    pub fn old_with_new(&self, purpose: Purpose, older: usize) -> Option<&Certificate> {
        self.link(purpose, older, LinkKind::OldWithNew)
    }

    /// The NewWithOld link certificate of `purpose` carrying generation
    /// `older + 1`'s key, signed by generation `older`.
    pub fn new_with_old(&self, purpose: Purpose, older: usize) -> Option<&Certificate> {
        self.link(purpose, older, LinkKind::NewWithOld)
    }

    fn link(&self, purpose: Purpose, older: usize, kind: LinkKind) -> Option<&Certificate> {
        self.links
            .iter()
            .find(|l| l.purpose == purpose && l.older == older && l.kind == kind)
            .map(|l| &l.certificate)
    }

    /// The link certificates as one PEM bundle (what `links.pem` holds). These
    /// are intermediates, never trust anchors.
    pub fn links_pem(&self) -> String {
        self.links.iter().map(|l| l.certificate.to_pem()).collect()
    }

    /// Every issued certificate, in issuance order.
    pub fn issued(&self) -> &[IssuedRecord] {
        &self.issued
    }

    /// Every revocation, in order.
    pub fn revocations(&self) -> &[RevocationRecord] {
        &self.revoked
    }

    /// The issuance record of `serial`.
    pub fn find_issued(&self, serial: &Serial) -> Option<&IssuedRecord> {
        self.issued.iter().find(|r| r.serial == *serial)
    }

    /// The revocation of `serial`, if it is revoked.
    pub fn revocation_of(&self, serial: &Serial) -> Option<&RevocationRecord> {
        self.revoked.iter().find(|r| r.serial == *serial)
    }

    /// Issues a certificate of `purpose` for the resident of `record` to the public
    /// key `public_key_der` (SubjectPublicKeyInfo of an RSA-2048 key, or of an EC
    /// P-384 key in the [next-generation profile](KeyProfile::NextGeneration),
    /// generated on the resident's card), from the newest CA generation valid at
    /// `at`.
    pub fn issue(
        &mut self,
        record: &RegisterRecord,
        public_key_der: &[u8],
        purpose: Purpose,
        at: Time,
    ) -> Result<Certificate, Error> {
        let generation = self
            .generations_of(purpose)
            .filter(|g| g.certificate.is_valid_at(at))
            .map(|g| g.index)
            .max()
            .ok_or_else(|| {
                Error::Simulator(SimulatorError::State {
                    path: self.dir_name(),
                    reason: format!("no {} CA generation is valid at {at}", purpose.as_str()),
                })
            })?;
        self.issue_from_generation(record, public_key_der, purpose, generation, at)
    }

    /// As [`Authority::issue`], from a chosen CA generation (1 = oldest).
    pub fn issue_from_generation(
        &mut self,
        record: &RegisterRecord,
        public_key_der: &[u8],
        purpose: Purpose,
        generation: usize,
        at: Time,
    ) -> Result<Certificate, Error> {
        self.options.profile.check_public_key(public_key_der)?;
        let ca = self.ca(purpose, generation)?;
        if !ca.certificate.is_valid_at(at) {
            return Err(Error::Simulator(SimulatorError::State {
                path: self.dir_name(),
                reason: format!(
                    "{} CA generation {generation} is not valid at {at}",
                    purpose.as_str()
                ),
            }));
        }

        let today = at.date_jst();
        if record.birth_date > today {
            return Err(Error::Simulator(SimulatorError::InvalidRecord {
                reason: format!(
                    "birth date {} is after the issuance date {today}",
                    record.birth_date
                ),
            }));
        }
        let age = record.birth_date.age_on(today);
        if purpose == Purpose::Signing && age < 15 {
            return Err(Error::Simulator(SimulatorError::UnderAgeForSigning { age }));
        }
        let name = profile::certificate_name(&record.name);
        let address = record.address.trim().to_owned();
        if name.is_empty() || name.chars().count() > profile::MAX_NAME_CHARS {
            return Err(Error::Simulator(SimulatorError::InvalidRecord {
                reason: format!(
                    "the name must have 1 to {} characters",
                    profile::MAX_NAME_CHARS
                ),
            }));
        }
        if address.is_empty() || address.chars().count() > profile::MAX_ADDRESS_CHARS {
            return Err(Error::Simulator(SimulatorError::InvalidRecord {
                reason: format!(
                    "the address must have 1 to {} characters",
                    profile::MAX_ADDRESS_CHARS
                ),
            }));
        }
        // Substitute first: the subject and the CRL partition are derived from the
        // address as the certificate carries it, so no character outside the
        // certificate charset reaches them either.
        let (name, name_subs) = profile::substitute_register_text(PersonalField::Name, &name)?;
        let (address, address_subs) =
            profile::substitute_register_text(PersonalField::Address, &address)?;
        let (prefecture, municipality) = partition(record, &address)?;

        let serial = Serial::from_u64(self.next_serial);
        let not_after =
            nth_birthday_after(record.birth_date, today, self.options.profile.birthdays())
                .min(ca.certificate.not_after());
        let spki = public_key_der.to_vec();
        let cn = opaque_id(&serial, &spki);
        let subject = match purpose {
            Purpose::Signing => dn_der(&[
                ("C", "JP"),
                ("L", &prefecture),
                ("L", &municipality),
                ("CN", &cn),
            ])?,
            Purpose::Authentication => dn_der(&[("C", "JP"), ("CN", &cn)])?,
        };
        let ca_dn = ca.certificate.subject().der().to_vec();
        let partition_dn = dn_der(&[
            ("C", "JP"),
            ("O", "JPKI"),
            ("OU", purpose.ou()),
            ("OU", "CRL Distribution Points"),
            ("OU", &prefecture),
            ("CN", &format!("{municipality} CRLDP")),
        ])?;
        let env = self.options.environment;
        let (policy, ku, ocsp) = match (purpose, env) {
            (Purpose::Signing, Environment::Production) => (
                oid::JPKI_POLICY_SIGNING,
                vec![KeyUsages::DigitalSignature, KeyUsages::NonRepudiation],
                &self.options.ocsp_url_signing,
            ),
            (Purpose::Signing, Environment::Test) => (
                oid::JPKI_POLICY_SIGNING_TEST,
                vec![KeyUsages::DigitalSignature, KeyUsages::NonRepudiation],
                &self.options.ocsp_url_signing,
            ),
            (Purpose::Authentication, Environment::Production) => (
                oid::JPKI_POLICY_AUTHENTICATION,
                vec![KeyUsages::DigitalSignature],
                &self.options.ocsp_url_authentication,
            ),
            (Purpose::Authentication, Environment::Test) => (
                oid::JPKI_POLICY_AUTHENTICATION_TEST,
                vec![KeyUsages::DigitalSignature],
                &self.options.ocsp_url_authentication,
            ),
        };
        let ca_key_id = ca
            .certificate
            .subject_key_id()
            .map(<[u8]>::to_vec)
            .ok_or_else(|| {
                Error::Simulator(SimulatorError::State {
                    path: self.dir_name(),
                    reason: "CA certificate lacks a subjectKeyIdentifier".into(),
                })
            })?;

        let mut builder = CertificateBuilder::new(
            serial.clone(),
            ca_dn.clone(),
            subject,
            at,
            not_after,
            spki.clone(),
        )
        .extension(oid_of(KU)?, true, profile::key_usage(&ku)?)
        .extension(oid_of(CERT_POLICIES)?, true, profile::policies(policy)?);
        if purpose == Purpose::Signing {
            builder = builder.extension(
                oid_of(SAN)?,
                false,
                profile::subject_alt_name(personal_other_names(
                    record,
                    (&name, &name_subs),
                    (&address, &address_subs),
                )?)?,
            );
        } else {
            builder = builder.extension(
                oid_of(EKU)?,
                false,
                profile::extended_key_usage(&[oid::KP_CLIENT_AUTH])?,
            );
        }
        let japanese_issuer = dn_der(&[
            ("C", "JP"),
            ("O", "公的個人認証サービス"),
            ("OU", purpose.japanese_ou()),
            ("OU", "地方公共団体情報システム機構"),
        ])?;
        let cert = builder
            .extension(
                oid_of(IAN)?,
                false,
                profile::issuer_alt_name(vec![profile::directory_name(&japanese_issuer)?])?,
            )
            .extension(
                oid_of(CRL_DP)?,
                false,
                profile::crl_distribution_point(&partition_dn)?,
            )
            .extension(oid_of(AIA)?, false, profile::ocsp_access(ocsp)?)
            .extension(
                oid_of(AKI)?,
                false,
                profile::authority_key_id(&ca_key_id, &ca_dn, ca.certificate.serial())?,
            )
            .extension(
                oid_of(SKI)?,
                false,
                profile::subject_key_id(&profile::key_id(&spki)?)?,
            )
            .sign(&ca.key)?;

        self.issued.push(IssuedRecord {
            serial,
            purpose,
            generation,
            resident_id: resident_id(record),
            prefecture,
            municipality,
            issued_at: at,
            certificate: cert.clone(),
        });
        self.next_serial += 1;
        self.save()?;
        Ok(cert)
    }

    /// Applies a register report or holder request to the certificate `serial`
    /// (for register reports: to every unexpired, unrevoked certificate of the same
    /// resident), recording revocations at `at`.
    pub fn apply_event(
        &mut self,
        serial: &Serial,
        event: Event,
        at: Time,
    ) -> Result<EventOutcome, Error> {
        let target = self.find_issued(serial).ok_or_else(|| {
            Error::Simulator(SimulatorError::UnknownSerial {
                serial: serial.clone(),
            })
        })?;
        let resident = target.resident_id.clone();
        let affected: Vec<(Serial, Purpose, bool)> = self
            .issued
            .iter()
            .filter(|r| {
                if event.is_register_report() {
                    r.resident_id == resident
                } else {
                    r.serial == *serial
                }
            })
            .map(|r| (r.serial.clone(), r.purpose, r.certificate.not_after() < at))
            .collect();
        let mut outcome = EventOutcome {
            revoked: Vec::new(),
            kept: Vec::new(),
        };
        for (s, purpose, expired) in affected {
            if self.revocation_of(&s).is_some() {
                outcome.kept.push((s, "already revoked"));
                continue;
            }
            if expired {
                outcome.kept.push((s, "already expired"));
                continue;
            }
            match event.reason_for(purpose) {
                Some(reason) => {
                    let record = RevocationRecord {
                        serial: s,
                        revoked_at: at,
                        reason,
                        event,
                    };
                    self.revoked.push(record.clone());
                    outcome.revoked.push(record);
                }
                None => outcome.kept.push((
                    s,
                    if event == Event::MunicipalMerger {
                        "a municipal merger does not revoke certificates"
                    } else {
                        "an authentication certificate carries no 4 basic info"
                    },
                )),
            }
        }
        self.save()?;
        Ok(outcome)
    }

    /// CA generation `generation` (1 = oldest) of `purpose`.
    pub(crate) fn ca(&self, purpose: Purpose, generation: usize) -> Result<&CaGeneration, Error> {
        self.generations
            .iter()
            .find(|g| g.purpose == purpose && g.index == generation)
            .ok_or_else(|| {
                Error::Simulator(SimulatorError::State {
                    path: self.dir_name(),
                    reason: format!("no {} CA generation {generation}", purpose.as_str()),
                })
            })
    }

    fn dir_name(&self) -> String {
        self.dir
            .as_ref()
            .map_or_else(|| "(in memory)".into(), |d| d.display().to_string())
    }
}

const KU: &str = "2.5.29.15";
const CERT_POLICIES: &str = "2.5.29.32";
const SAN: &str = "2.5.29.17";
const IAN: &str = "2.5.29.18";
const EKU: &str = "2.5.29.37";
const CRL_DP: &str = "2.5.29.31";
const AIA: &str = "1.3.6.1.5.5.7.1.1";
const AKI: &str = "2.5.29.35";
const SKI: &str = "2.5.29.14";
const BC: &str = "2.5.29.19";

fn oid_of(dotted: &'static str) -> Result<Oid, Error> {
    dotted.parse()
}

/// Generates one self-signed CA in the J-LIS shape.
fn make_ca(
    purpose: Purpose,
    index: usize,
    start: Time,
    profile: KeyProfile,
) -> Result<CaGeneration, Error> {
    let key = profile.generate_key()?;
    let spki = key.public_key_der()?;
    let dn = dn_der(&[
        ("C", "JP"),
        ("O", "JPKI"),
        ("OU", purpose.ou()),
        ("OU", OU_JLIS),
    ])?;
    let japanese = dn_der(&[
        ("C", "JP"),
        ("O", "公的個人認証サービス"),
        ("OU", purpose.japanese_ou()),
        ("OU", "地方公共団体情報システム機構"),
    ])?;
    // Ten calendar years (twenty in the next-generation profile), ending the day
    // before the anniversary at 23:59:59 JST (the real roots: 2023-07-16 ..
    // 2033-07-15T14:59:59Z).
    let first = start.date_jst();
    let anniversary = Time::from_date_utc(first.with_year(first.year() + profile.ca_years()));
    let not_after = Time::end_of_day_jst(
        Time::from_unix_seconds(anniversary.unix_seconds().saturating_sub(DAY)).date_utc(),
    );
    let serial = Serial::from_u64(u64::try_from(index).unwrap_or(1));
    let cert = CertificateBuilder::new(
        serial,
        dn.clone(),
        dn.clone(),
        start,
        not_after,
        spki.clone(),
    )
    .extension(
        oid_of(KU)?,
        true,
        profile::key_usage(&[KeyUsages::KeyCertSign, KeyUsages::CRLSign])?,
    )
    .extension(
        oid_of(SAN)?,
        false,
        profile::subject_alt_name(vec![profile::directory_name(&japanese)?])?,
    )
    .extension(oid_of(BC)?, true, profile::basic_constraints_ca()?)
    .extension(
        oid_of(CRL_DP)?,
        false,
        profile::crl_distribution_point(&dn)?,
    )
    .extension(
        oid_of(SKI)?,
        false,
        profile::subject_key_id(&profile::key_id(&spki)?)?,
    )
    .sign(&key)?;
    Ok(CaGeneration {
        purpose,
        index,
        key,
        certificate: cert,
    })
}

/// Serial of a link certificate: `0x1_0000 + 0x10 × older + 1` for OldWithNew,
/// `+ 2` for NewWithOld (apart from the roots' 1, 2… and the issued 0x100_0000…).
fn link_serial(older: usize, kind: LinkKind) -> Serial {
    let older = u64::try_from(older).unwrap_or(0);
    let k = match kind {
        LinkKind::OldWithNew => 1,
        LinkKind::NewWithOld => 2,
    };
    Serial::from_u64(0x1_0000 + 0x10 * older + k)
}

/// The two link certificates between each pair of consecutive generations of
/// each hierarchy. Deterministic (PKCS#1 v1.5 signatures, validity taken from the
/// roots), so a directory without them can have them made again identically.
pub(crate) fn make_links(generations: &[CaGeneration]) -> Result<Vec<LinkCertificate>, Error> {
    let mut links = Vec::new();
    for purpose in [Purpose::Signing, Purpose::Authentication] {
        let mut of_purpose: Vec<&CaGeneration> = generations
            .iter()
            .filter(|g| g.purpose == purpose)
            .collect();
        of_purpose.sort_by_key(|g| g.index);
        for pair in of_purpose.windows(2) {
            let [old, new] = pair else { continue };
            let not_before = new.certificate.not_before();
            let not_after = old.certificate.not_after();
            if not_before >= not_after {
                continue; // no overlap: nothing to bridge
            }
            for (kind, subject, signer) in [
                (LinkKind::OldWithNew, old, new),
                (LinkKind::NewWithOld, new, old),
            ] {
                links.push(LinkCertificate {
                    purpose,
                    older: old.index,
                    kind,
                    certificate: make_link(
                        subject,
                        signer,
                        link_serial(old.index, kind),
                        not_before,
                        not_after,
                    )?,
                });
            }
        }
    }
    Ok(links)
}

/// A self-issued CA certificate for `subject`'s key, signed by `signer`.
fn make_link(
    subject: &CaGeneration,
    signer: &CaGeneration,
    serial: Serial,
    not_before: Time,
    not_after: Time,
) -> Result<Certificate, Error> {
    let spki = subject.certificate.public_key_der().to_vec();
    // The key ids must be the roots' own subjectKeyIdentifiers: certificates
    // issued under a root name it by that id.
    let key_id = |g: &CaGeneration| match g.certificate.subject_key_id() {
        Some(id) => Ok(id.to_vec()),
        None => profile::key_id(g.certificate.public_key_der()),
    };
    CertificateBuilder::new(
        serial,
        signer.certificate.subject().der().to_vec(),
        subject.certificate.subject().der().to_vec(),
        not_before,
        not_after,
        spki.clone(),
    )
    .extension(
        oid_of(KU)?,
        true,
        profile::key_usage(&[KeyUsages::KeyCertSign, KeyUsages::CRLSign])?,
    )
    .extension(oid_of(BC)?, true, profile::basic_constraints_ca()?)
    // The CA DN, as on the roots: the scope of the signer's authority revocation list.
    .extension(
        oid_of(CRL_DP)?,
        false,
        profile::crl_distribution_point(signer.certificate.subject().der())?,
    )
    .extension(
        oid_of(SKI)?,
        false,
        profile::subject_key_id(&key_id(subject)?)?,
    )
    .extension(
        oid_of(AKI)?,
        false,
        profile::authority_key_id(
            &key_id(signer)?,
            signer.certificate.issuer().der(),
            signer.certificate.serial(),
        )?,
    )
    .sign(&signer.key)
}

fn personal_other_names(
    record: &RegisterRecord,
    (name, name_subs): (&str, &SubstitutePositions),
    (address, address_subs): (&str, &SubstitutePositions),
) -> Result<Vec<x509_cert::ext::pkix::name::GeneralName>, Error> {
    let birth = BirthDate::from_date(record.birth_date);
    let sex = record.sex.code().to_string();
    [
        (oid::JPKI_NAME, name),
        (oid::JPKI_NAME_SUBSTITUTES, &name_subs.to_digits()),
        (oid::JPKI_SEX, &sex),
        (oid::JPKI_BIRTH_DATE, &birth.to_certificate_form()),
        (oid::JPKI_ADDRESS, address),
        (oid::JPKI_ADDRESS_SUBSTITUTES, &address_subs.to_digits()),
    ]
    .into_iter()
    .map(|(o, v)| utf8_other_name(o, v))
    .collect()
}

fn partition(record: &RegisterRecord, address: &str) -> Result<(String, String), Error> {
    let derived = profile::prefecture_of(address);
    let prefecture = match (&record.prefecture, derived) {
        (Some(p), _) => substitute_label(PersonalField::Address, p)?,
        (None, Some((p, _))) => p.to_owned(),
        (None, None) => {
            return Err(Error::Simulator(SimulatorError::InvalidRecord {
                reason: "the address does not start with a prefecture; give the prefecture".into(),
            }));
        }
    };
    let municipality = match (&record.municipality, derived) {
        (Some(m), _) => substitute_label(PersonalField::Address, m)?,
        (None, Some((_, rest))) => profile::municipality_of(rest).ok_or_else(|| {
            Error::Simulator(SimulatorError::InvalidRecord {
                reason: "no municipality (市区町村) after the prefecture; give the municipality"
                    .into(),
            })
        })?,
        (None, None) => {
            return Err(Error::Simulator(SimulatorError::InvalidRecord {
                reason: "give the municipality".into(),
            }));
        }
    };
    Ok((prefecture, municipality))
}

/// A caller-given prefecture or municipality as the certificate may carry it.
fn substitute_label(field: PersonalField, text: &str) -> Result<String, Error> {
    Ok(profile::substitute_register_text(field, text.trim())?.0)
}

/// The 5th birthday after `issued` (J-LIS validity of My Number card certificates).
#[cfg(test)]
pub(crate) fn fifth_birthday_after(birth: Date, issued: Date) -> Time {
    nth_birthday_after(birth, issued, 5)
}

/// The end (JST) of the `n`th birthday after `issued`.
fn nth_birthday_after(birth: Date, issued: Date, n: u32) -> Time {
    let mut count = 0;
    let mut year = issued.year();
    loop {
        let birthday = birth.with_year(year);
        if birthday > issued {
            count += 1;
            if count >= n {
                return Time::end_of_day_jst(birthday);
            }
        }
        year += 1;
    }
}

fn resident_id(record: &RegisterRecord) -> String {
    let mut h = Sha256::new();
    h.update(
        record
            .name
            .split_whitespace()
            .collect::<String>()
            .as_bytes(),
    );
    h.update([0]);
    h.update(record.birth_date.to_string().as_bytes());
    h.update([0, u8::try_from(u32::from(record.sex.code())).unwrap_or(0)]);
    h.finalize()
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A 23-character opaque subject id, like those J-LIS writes into the CN.
fn opaque_id(serial: &Serial, spki: &[u8]) -> String {
    const ALPHABET: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    let digest = Sha256::new()
        .chain_update(serial.as_bytes())
        .chain_update(spki)
        .finalize();
    digest
        .iter()
        .take(23)
        .map(|b| {
            char::from(
                *ALPHABET
                    .get(usize::from(*b) % ALPHABET.len())
                    .unwrap_or(&b'0'),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validity_ends_on_the_fifth_birthday_after_issuance() {
        let d = |y, m, dd| Date::new(y, m, dd).unwrap();
        let born = d(1950, 4, 1);
        assert_eq!(
            fifth_birthday_after(born, d(2026, 11, 21)).to_string(),
            "2031-04-01T14:59:59Z"
        );
        // Issued on the birthday itself: that day does not count.
        assert_eq!(
            fifth_birthday_after(born, d(2026, 4, 1)).to_string(),
            "2031-04-01T14:59:59Z"
        );
        assert_eq!(
            fifth_birthday_after(born, d(2026, 3, 31)).to_string(),
            "2030-04-01T14:59:59Z"
        );
        // 29 February: 28 February in common years.
        assert_eq!(
            fifth_birthday_after(d(2004, 2, 29), d(2026, 11, 21)).to_string(),
            "2031-02-28T14:59:59Z"
        );
    }

    #[test]
    fn event_reasons() {
        use RevocationReason as R;
        assert_eq!(
            Event::Move.reason_for(Purpose::Signing),
            Some(R::AffiliationChanged)
        );
        assert_eq!(Event::Move.reason_for(Purpose::Authentication), None);
        assert_eq!(
            Event::NameChange.reason_for(Purpose::Signing),
            Some(R::AffiliationChanged)
        );
        assert_eq!(
            Event::AddressNotationChange.reason_for(Purpose::Signing),
            Some(R::AffiliationChanged)
        );
        assert_eq!(
            Event::Death.reason_for(Purpose::Authentication),
            Some(R::CessationOfOperation)
        );
        assert_eq!(Event::MunicipalMerger.reason_for(Purpose::Signing), None);
        assert_eq!(
            Event::KeyCompromise.reason_for(Purpose::Signing),
            Some(R::KeyCompromise)
        );
        for e in [
            "move",
            "rename",
            "death",
            "notation-change",
            "merger",
            "voluntary",
            "key-compromise",
        ] {
            assert_eq!(Event::parse(e).unwrap().as_str(), e);
        }
        assert!(Event::parse("moved").is_none());
    }

    #[test]
    fn opaque_ids_have_23_characters() {
        let id = opaque_id(&Serial::from_u64(1), b"key");
        assert_eq!(id.len(), 23);
        assert!(
            id.bytes()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        );
        assert_ne!(id, opaque_id(&Serial::from_u64(2), b"key"));
    }
}
