//! `jpki login …`: logging in with the card's user authentication certificate
//! (利用者証明用電子証明書). The relying party issues a challenge
//! (`login challenge`), the resident's card answers it (`login respond`), and the
//! relying party verifies the answer (`login verify`) against its own copy of the
//! challenge, once, naming the account key to look the account up by.
//!
//! The relying party's outstanding challenges live in a directory
//! ([`FileNonceStore`], the core's `jpki::login::NonceStore`), so that a
//! challenge is answered once even when the commands run in separate processes.

use std::io::{ErrorKind as IoErrorKind, Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use jpki::card::{Pin, PinKind};
use jpki::login::{LoginChallenge, LoginResponse, NonceStore};
use jpki::{Certificate, Error, Time, Usage};
use serde_json::json;

use crate::cmd_card::{CardArgs, read_secret, with_card};
use crate::cmd_verify::VerifierArgs;
use crate::render::hex;
use crate::{Failure, Outcome, print_json, read_file, time_arg};

/// `jpki login …`
#[derive(clap::Subcommand)]
pub(crate) enum Command {
    /// The relying party: a new challenge (a fresh random nonce, who asks, when it
    /// expires), recorded in the nonce store and written as DER for the resident.
    Challenge(ChallengeArgs),
    /// The resident: the card answers a challenge with its authentication key
    /// (the authentication PIN); writes the response as DER.
    Respond(RespondArgs),
    /// The relying party: verify a response against its own challenge, once
    /// (exit 0 accepted, 1 refused, 2 usage or input error).
    Verify(VerifyArgs),
}

/// What `jpki login challenge` is asked.
#[derive(clap::Args)]
pub(crate) struct ChallengeArgs {
    /// Who asks: the name the resident's software shows (e.g. the site's host name).
    #[arg(long)]
    relying_party: String,
    /// The nonce store: a directory of outstanding and used challenges (created if missing).
    #[arg(long)]
    store: PathBuf,
    /// Where to write the challenge (DER).
    #[arg(short, long)]
    out: PathBuf,
    /// Seconds the challenge may be answered in.
    #[arg(long, default_value_t = 300)]
    lifetime: u64,
    /// The most challenges the store holds (outstanding, and used ones until they
    /// expire); expired ones are removed first.
    #[arg(long, default_value_t = FileNonceStore::DEFAULT_CAPACITY)]
    capacity: usize,
    /// Time of issue (RFC 3339), default now.
    #[arg(long)]
    at: Option<String>,
    /// Print JSON.
    #[arg(long)]
    json: bool,
}

/// What `jpki login respond` is asked.
#[derive(clap::Args)]
pub(crate) struct RespondArgs {
    #[command(flatten)]
    card: CardArgs,
    /// The relying party's challenge (DER, from `jpki login challenge`).
    #[arg(long)]
    challenge: PathBuf,
    /// Where to write the response (DER).
    #[arg(short, long)]
    out: PathBuf,
    /// Read the authentication PIN from this environment variable instead of a prompt.
    #[arg(long)]
    pin_env: Option<String>,
    /// Spend the last remaining try if it comes to that.
    #[arg(long)]
    allow_last_try: bool,
}

/// What `jpki login verify` is asked.
#[derive(clap::Args)]
pub(crate) struct VerifyArgs {
    /// The nonce store the challenge was recorded in.
    #[arg(long)]
    store: PathBuf,
    /// The resident's response (DER, from `jpki login respond`).
    #[arg(long)]
    response: PathBuf,
    #[command(flatten)]
    verifier: VerifierArgs,
    /// Print JSON (see the README: a stable contract with a schema version).
    #[arg(long)]
    json: bool,
}

/// Runs a `jpki login` command.
pub(crate) fn run(cmd: Command) -> Result<Outcome, Failure> {
    match cmd {
        Command::Challenge(args) => challenge(&args),
        Command::Respond(args) => respond(&args),
        Command::Verify(args) => verify(&args),
    }
}

fn write_out(path: &Path, bytes: &[u8]) -> Result<(), Failure> {
    std::fs::write(path, bytes).map_err(|e| Failure(format!("{}: {e}", path.display())))
}

fn challenge(args: &ChallengeArgs) -> Result<Outcome, Failure> {
    let at = time_arg(args.at.as_deref())?;
    let challenge = LoginChallenge::generate(&args.relying_party, at, args.lifetime)?;
    let store = FileNonceStore::create(&args.store, args.capacity)?;
    store.issue(&challenge)?;
    write_out(&args.out, challenge.der())?;
    eprintln!(
        "Login challenge of {} written to {} (recorded in {}): the resident's software \
         shows \"{}\"; it must be answered before {}",
        challenge.relying_party(),
        args.out.display(),
        args.store.display(),
        challenge.relying_party(),
        challenge.expires_at()
    );
    if args.json {
        print_json(
            None,
            json!({
                "relying_party": challenge.relying_party(),
                "nonce": hex(challenge.nonce()),
                "issued_at": challenge.issued_at().to_string(),
                "expires_at": challenge.expires_at().to_string(),
                "to_be_signed": hex(&challenge.to_be_signed()),
            }),
        );
    }
    Ok(Outcome::Ok)
}

fn respond(args: &RespondArgs) -> Result<Outcome, Failure> {
    let der = read_file(&args.challenge)?;
    let challenge = LoginChallenge::from_der(&der).map_err(|e| {
        Failure(format!(
            "{}: expected a login challenge (DER, from `jpki login challenge`): {e}",
            args.challenge.display()
        ))
    })?;
    // Who asks, before the PIN: the resident decides whether to answer.
    eprintln!(
        "Log in to \"{}\" with the card's authentication certificate (the challenge expires at {})",
        challenge.relying_party(),
        challenge.expires_at()
    );
    if challenge.is_expired_at(time_arg(None)?) {
        eprintln!(
            "warning: by this computer's clock the challenge has expired; the relying party \
             will refuse the answer"
        );
    }
    let pin = Pin::new(read_secret(
        PinKind::AuthenticationPin,
        args.pin_env.as_deref(),
        "Authentication PIN (利用者証明用暗証番号): ",
    )?)
    .with_last_try(args.allow_last_try);
    let response = with_card(&args.card.source(), |card| {
        Ok(jpki::login::respond(card, &challenge, Some(&pin))?)
    })?;
    write_out(&args.out, &response.to_der()?)?;
    let serial = Certificate::from_der(response.certificate_der())
        .map(|c| format!(" (authentication certificate {})", c.serial()))
        .unwrap_or_default();
    eprintln!(
        "login response for \"{}\" written to {}{serial}",
        challenge.relying_party(),
        args.out.display()
    );
    Ok(Outcome::Ok)
}

fn verify(args: &VerifyArgs) -> Result<Outcome, Failure> {
    let der = read_file(&args.response)?;
    let response = LoginResponse::from_der(&der).map_err(|e| {
        Failure(format!(
            "{}: expected a login response (DER, from `jpki login respond`): {e}",
            args.response.display()
        ))
    })?;
    let at = time_arg(args.verifier.at.as_deref())?;
    let verifier = args.verifier.build(Usage::Authentication, false)?;
    let store = FileNonceStore::open(&args.store)?;
    let result = verifier.verify_login(&response, &store, at);
    // The store's own failure (a file it could not read or move) is an input
    // error, not a verdict on the login.
    if let Some(failure) = store.take_failure() {
        return Err(failure);
    }
    match result {
        Ok(login) => {
            if args.json {
                crate::common::print_serialized(serde_json::to_value(&login))?;
            } else {
                print_login(&login);
            }
            Ok(Outcome::Ok)
        }
        Err(e) => {
            if args.json {
                print_json(
                    Some(false),
                    json!({
                        "error": e.to_string(),
                        "code": e.kind().code(),
                        "kind": e.kind().name(),
                    }),
                );
            } else {
                outln!("login           REFUSED: {e}");
                outln!("  error         {} ({})", e.kind().name(), e.kind().code());
                outln!("=> REFUSED");
            }
            Ok(Outcome::Negative)
        }
    }
}

/// `jpki login verify`'s text output for an accepted login.
fn print_login(login: &jpki::login::Login) {
    let account = &login.account;
    let cert = &login.certificate;
    outln!("login           accepted at {}", login.at);
    outln!(
        "  challenge     of \"{}\", issued {}, expires {}",
        login.challenge.relying_party(),
        login.challenge.issued_at(),
        login.challenge.expires_at()
    );
    outln!("account         {account}");
    outln!("  issuer key id {}", hex(&account.issuer_key_id));
    outln!("  serial        {}", account.serial);
    outln!(
        "  public key    SHA-256 {}",
        hex(&account.public_key_sha256)
    );
    outln!(
        "certificate     {} ({}, {})",
        cert.subject(),
        cert.kind(),
        cert.serial()
    );
    outln!("  issuer        {}", cert.issuer());
    outln!("  valid until   {}", cert.not_after());
    if let Some(path) = &login.verdict.path {
        for c in path.certificates() {
            outln!("  path          {} ({})", c.subject(), c.serial());
        }
    }
    outln!(
        "revocation      {} ({})",
        login.verdict.revocation.as_str(),
        login.verdict.revocation_status.as_str()
    );
    for (serial, status) in &login.verdict.revocation_certificates {
        outln!("  {serial}  {}", status.as_str());
    }
    outln!("=> LOGIN ACCEPTED: account {account}");
}

/// A [`NonceStore`] in a directory, shared by every process of the relying
/// party on this machine.
///
/// * `DIR/<nonce hex>.challenge` holds an outstanding challenge's DER, written to
///   a temporary file and renamed into place;
/// * redeeming renames it to `DIR/<nonce hex>.used`: a rename succeeds once, so
///   of two processes redeeming the same nonce one gets the challenge; the other
///   finds the `.used` file and names the replay;
/// * issuing a challenge (under the lock `DIR/.lock`) first removes the files of
///   challenges expired at its issue time, then refuses one more than the
///   capacity.
///
/// The trait's errors are the core's; when the directory itself fails (a file
/// that cannot be read or moved), the trait answers
/// [`Error::NonceStoreUnavailable`] and the cause is also kept for
/// [`FileNonceStore::take_failure`], which the commands report as an input error.
pub(crate) struct FileNonceStore {
    dir: PathBuf,
    capacity: usize,
    failure: Mutex<Option<String>>,
}

/// What went wrong in the store: the core's refusal, or the directory's own failure.
enum StoreError {
    Refused(Error),
    Io(String),
}

impl From<Error> for StoreError {
    fn from(e: Error) -> Self {
        Self::Refused(e)
    }
}

/// The longest store file read: a challenge's DER is under 400 bytes.
const MAX_STORE_FILE: u64 = 4096;

impl FileNonceStore {
    /// The default capacity of `jpki login challenge --capacity`.
    pub(crate) const DEFAULT_CAPACITY: usize = 10_000;

    /// The store in `dir`, created if missing, holding at most `capacity` challenges.
    pub(crate) fn create(dir: &Path, capacity: usize) -> Result<Self, Failure> {
        std::fs::create_dir_all(dir)
            .map_err(|e| Failure(format!("--store {}: {e}", dir.display())))?;
        Ok(Self::at(dir, capacity))
    }

    /// The existing store in `dir`.
    pub(crate) fn open(dir: &Path) -> Result<Self, Failure> {
        if !dir.is_dir() {
            return Err(Failure(format!(
                "--store {}: not a directory (the store `jpki login challenge --store` wrote)",
                dir.display()
            )));
        }
        Ok(Self::at(dir, Self::DEFAULT_CAPACITY))
    }

    fn at(dir: &Path, capacity: usize) -> Self {
        Self {
            dir: dir.to_path_buf(),
            capacity,
            failure: Mutex::new(None),
        }
    }

    /// Records `challenge`, or says why not.
    pub(crate) fn issue(&self, challenge: &LoginChallenge) -> Result<(), Failure> {
        self.try_insert(challenge).map_err(|e| match e {
            StoreError::Refused(e) => Failure(e.to_string()),
            StoreError::Io(message) => Failure(message),
        })
    }

    /// The directory's failure kept by the last trait call, if any.
    pub(crate) fn take_failure(&self) -> Option<Failure> {
        self.failure
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take()
            .map(Failure)
    }

    /// Keeps a failure's message for [`FileNonceStore::take_failure`] and
    /// answers the core's error.
    fn keep(&self, e: StoreError) -> Error {
        match e {
            StoreError::Refused(e) => e,
            StoreError::Io(message) => {
                *self
                    .failure
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(message.clone());
                Error::NonceStoreUnavailable { reason: message }
            }
        }
    }

    /// `DIR/<nonce hex>.<ext>`.
    fn file(&self, nonce: &[u8], ext: &str) -> PathBuf {
        self.dir.join(format!("{}.{ext}", hex(nonce)))
    }

    /// The store's lock, held until the returned file is dropped.
    fn lock(&self) -> Result<std::fs::File, StoreError> {
        let path = self.dir.join(".lock");
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)
            .map_err(|e| io(&path, &e))?;
        file.lock().map_err(|e| io(&path, &e))?;
        Ok(file)
    }

    /// Removes the challenges (outstanding or used) expired at `at` and the
    /// temporary files of an interrupted insert (the lock is held); returns how
    /// many challenges remain.
    fn prune(&self, at: Time) -> Result<usize, StoreError> {
        let entries = std::fs::read_dir(&self.dir).map_err(|e| io(&self.dir, &e))?;
        let mut held = 0;
        for entry in entries {
            let entry = entry.map_err(|e| io(&self.dir, &e))?;
            let path = entry.path();
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if name.starts_with(".tmp-") {
                remove(&path).map_err(|e| io(&path, &e))?;
                continue;
            }
            if !(name.ends_with(".challenge") || name.ends_with(".used")) {
                continue;
            }
            let expired = match read_small(&path) {
                Ok(der) => LoginChallenge::from_der(&der).is_ok_and(|c| c.is_expired_at(at)),
                // Redeemed or pruned by another process meanwhile.
                Err(e) if e.kind() == IoErrorKind::NotFound => continue,
                Err(e) => return Err(io(&path, &e)),
            };
            if expired {
                remove(&path).map_err(|e| io(&path, &e))?;
            } else {
                held += 1;
            }
        }
        Ok(held)
    }

    fn try_insert(&self, challenge: &LoginChallenge) -> Result<(), StoreError> {
        let _lock = self.lock()?;
        let held = self.prune(challenge.issued_at())?;
        let nonce = challenge.nonce();
        let (issued, used) = (self.file(nonce, "challenge"), self.file(nonce, "used"));
        if exists(&issued)? || exists(&used)? {
            return Err(Error::InvalidChallenge {
                reason: "a challenge with this nonce was already issued",
            }
            .into());
        }
        if held >= self.capacity {
            return Err(Error::NonceStoreFull {
                capacity: self.capacity,
            }
            .into());
        }
        // Complete before it appears: a redeemer never reads half a file.
        let temp = self
            .dir
            .join(format!(".tmp-{}-{}", std::process::id(), hex(nonce)));
        let written = std::fs::File::create(&temp).and_then(|mut f| {
            f.write_all(challenge.der())?;
            f.sync_all()
        });
        if let Err(e) = written.and_then(|()| std::fs::rename(&temp, &issued)) {
            let _ = remove(&temp);
            return Err(io(&issued, &e));
        }
        Ok(())
    }

    fn try_redeem(&self, nonce: &[u8]) -> Result<LoginChallenge, StoreError> {
        if !(LoginChallenge::MIN_NONCE_LEN..=LoginChallenge::MAX_NONCE_LEN).contains(&nonce.len()) {
            return Err(Error::ChallengeUnknown.into());
        }
        let (issued, used) = (self.file(nonce, "challenge"), self.file(nonce, "used"));
        let gone = || -> StoreError {
            match exists(&used) {
                Ok(true) => Error::ChallengeReplayed.into(),
                Ok(false) => Error::ChallengeUnknown.into(),
                Err(e) => e,
            }
        };
        // Files are complete once they appear and never change: read, then take.
        let der = match read_small(&issued) {
            Ok(der) => der,
            Err(e) if e.kind() == IoErrorKind::NotFound => return Err(gone()),
            Err(e) => return Err(io(&issued, &e)),
        };
        match std::fs::rename(&issued, &used) {
            Ok(()) => {}
            // Another process redeemed it (or pruned it, expired) first.
            Err(e) if e.kind() == IoErrorKind::NotFound => return Err(gone()),
            Err(e) => return Err(io(&issued, &e)),
        }
        match LoginChallenge::from_der(&der) {
            Ok(challenge) if challenge.nonce() == nonce => Ok(challenge),
            Ok(_) => Err(StoreError::Io(format!(
                "nonce store {}: holds another nonce's challenge",
                issued.display()
            ))),
            Err(e) => Err(StoreError::Io(format!(
                "nonce store {}: not a login challenge: {e}",
                issued.display()
            ))),
        }
    }
}

/// The store's failure on `path`.
fn io(path: &Path, e: &std::io::Error) -> StoreError {
    StoreError::Io(format!("nonce store {}: {e}", path.display()))
}

/// Reads a store file (at most [`MAX_STORE_FILE`] bytes).
fn read_small(path: &Path) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(MAX_STORE_FILE)
        .read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Whether `path` exists, an error other than "not found" being the store's.
fn exists(path: &Path) -> Result<bool, StoreError> {
    path.try_exists().map_err(|e| io(path, &e))
}

/// Removes a file another process may have removed first.
fn remove(path: &Path) -> std::io::Result<()> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != IoErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

impl NonceStore for FileNonceStore {
    fn insert(&self, challenge: &LoginChallenge) -> Result<(), Error> {
        self.try_insert(challenge).map_err(|e| self.keep(e))
    }

    fn redeem(&self, nonce: &[u8]) -> Result<LoginChallenge, Error> {
        self.try_redeem(nonce).map_err(|e| self.keep(e))
    }
}
