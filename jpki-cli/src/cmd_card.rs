//! `jpki card …`: a real card through PC/SC (`--reader`, feature `pcsc`) or a
//! simulator card file (`--sim`). Secrets come from a prompt without echo, or from
//! an environment variable for scripts (`--pin-env VAR`); never from an argument.

use std::path::{Path, PathBuf};

use jpki::Certificate;
use jpki::card::{CertificateSlot, JpkiCard, Pin, PinKind, PinState, Secret, Transport};
use jpki::sim::CardFile;
use serde_json::json;
use zeroize::Zeroizing;

use crate::{Failure, Outcome, print_json};

/// Where the card is.
#[derive(Clone, Debug)]
pub(crate) enum CardSource {
    /// A simulator card file.
    Sim(PathBuf),
    /// A PC/SC reader (by name, or the first with a JPKI card).
    Reader(Option<String>),
}

/// Which card.
#[derive(clap::Args, Clone)]
#[group(required = true, multiple = false)]
pub(crate) struct CardArgs {
    /// PC/SC reader name (or part of it); `auto` for the first reader with a JPKI card.
    #[arg(long)]
    reader: Option<String>,
    /// Simulator card file (see `jpki sim issue --card`).
    #[arg(long)]
    sim: Option<PathBuf>,
}

impl CardArgs {
    /// The card these options name.
    pub(crate) fn source(&self) -> CardSource {
        match (&self.sim, self.reader.as_deref()) {
            (Some(path), _) => CardSource::Sim(path.clone()),
            (None, Some("auto") | None) => CardSource::Reader(None),
            (None, Some(name)) => CardSource::Reader(Some(name.to_owned())),
        }
    }
}

/// `jpki card …`
#[derive(clap::Subcommand)]
pub(crate) enum Command {
    /// Card kind, certificates present, and PIN states (no tries spent).
    Info {
        #[command(flatten)]
        card: CardArgs,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Read a certificate (the signing one needs the signing password).
    ReadCert {
        #[command(flatten)]
        card: CardArgs,
        #[command(flatten)]
        which: CertSlotArgs,
        /// Write to FILE (PEM if it ends in .pem, else DER) instead of PEM on stdout.
        #[arg(short, long)]
        out: Option<PathBuf>,
        /// Read the signing password from this environment variable instead of a prompt.
        #[arg(long)]
        pin_env: Option<String>,
        /// Spend the last remaining try if it comes to that.
        #[arg(long)]
        allow_last_try: bool,
    },
    /// Tries left of each secret, read without spending one.
    PinStatus {
        #[command(flatten)]
        card: CardArgs,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Change a PIN or the signing password.
    ChangePin {
        #[command(flatten)]
        card: CardArgs,
        /// Which secret.
        #[arg(long, value_enum, default_value = "auth")]
        pin: PinArg,
        /// Read the current secret from this environment variable instead of a prompt.
        #[arg(long)]
        pin_env: Option<String>,
        /// Read the new secret from this environment variable instead of a prompt.
        #[arg(long)]
        new_pin_env: Option<String>,
        /// Spend the last remaining try if it comes to that.
        #[arg(long)]
        allow_last_try: bool,
    },
    /// The 4 basic info of the text application (券面事項入力補助AP); never the My Number.
    Attributes {
        #[command(flatten)]
        card: CardArgs,
        /// Read the PIN from this environment variable instead of a prompt.
        #[arg(long)]
        pin_env: Option<String>,
        /// Spend the last remaining try if it comes to that.
        #[arg(long)]
        allow_last_try: bool,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
}

/// Which certificate.
#[derive(clap::Args, Clone, Copy)]
#[group(required = true, multiple = false)]
pub(crate) struct CertSlotArgs {
    /// The signing certificate (署名用).
    #[arg(long)]
    sign: bool,
    /// The user authentication certificate (利用者証明用).
    #[arg(long)]
    auth: bool,
    /// The signing CA certificate.
    #[arg(long)]
    sign_ca: bool,
    /// The authentication CA certificate.
    #[arg(long)]
    auth_ca: bool,
}

impl CertSlotArgs {
    fn slot(self) -> jpki::card::CertificateSlot {
        use jpki::card::CertificateSlot as S;
        match (self.sign, self.auth, self.sign_ca) {
            (true, _, _) => S::Signing,
            (_, true, _) => S::Authentication,
            (_, _, true) => S::SigningCa,
            _ => S::AuthenticationCa,
        }
    }
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub(crate) enum PinArg {
    /// The authentication PIN (4 digits).
    Auth,
    /// The signing password (6–16 of A–Z, 0–9).
    Sign,
    /// The text application's PIN (4 digits).
    Attributes,
}

impl From<PinArg> for jpki::card::PinKind {
    fn from(p: PinArg) -> Self {
        match p {
            PinArg::Auth => Self::AuthenticationPin,
            PinArg::Sign => Self::SigningPassword,
            PinArg::Attributes => Self::AttributesPin,
        }
    }
}

/// Runs a `jpki card` command.
pub(crate) fn run(cmd: Command) -> Result<Outcome, Failure> {
    match cmd {
        Command::Info { card, json } => info(&card.source(), json),
        Command::ReadCert {
            card,
            which,
            out,
            pin_env,
            allow_last_try,
        } => read_cert(
            &card.source(),
            which.slot(),
            out.as_deref(),
            pin_env.as_deref(),
            allow_last_try,
        ),
        Command::PinStatus { card, json } => pin_status(&card.source(), json),
        Command::ChangePin {
            card,
            pin,
            pin_env,
            new_pin_env,
            allow_last_try,
        } => change_pin(
            &card.source(),
            pin.into(),
            pin_env.as_deref(),
            new_pin_env.as_deref(),
            allow_last_try,
        ),
        Command::Attributes {
            card,
            pin_env,
            allow_last_try,
            json,
        } => attributes(&card.source(), pin_env.as_deref(), allow_last_try, json),
    }
}

/// The card driver the CLI uses: any transport, chosen at run time.
pub(crate) type CardDriver<'a> = JpkiCard<Box<dyn Transport + 'a>>;

/// Opens the card, runs `f`, and for a simulator card writes its state back even
/// when `f` failed (a wrong PIN has spent a try).
pub(crate) fn with_card<R>(
    source: &CardSource,
    f: impl FnOnce(&mut CardDriver<'_>) -> Result<R, Failure>,
) -> Result<R, Failure> {
    match source {
        CardSource::Sim(path) => {
            // Locked, loaded, and the next save prepared: a card whose state
            // cannot be saved is refused here, before any command reaches it.
            let mut file = open_card_file(path)?;
            let result = f(&mut JpkiCard::new(Box::new(file.card_mut()?)));
            // Saved before the lock is released, even when `f` failed (a wrong
            // PIN has spent a try); a failed save is the error reported.
            file.commit().map_err(|e| {
                Failure(format!(
                    "{e}; the card's state after this command was not saved"
                ))
            })?;
            result
        }
        #[cfg(feature = "pcsc")]
        CardSource::Reader(name) => {
            let transport = jpki::card::pcsc::PcscTransport::connect(name.as_deref())?;
            f(&mut JpkiCard::new(Box::new(transport)))
        }
        #[cfg(not(feature = "pcsc"))]
        CardSource::Reader(name) => Err(Failure(format!(
            "cannot open reader {}: this jpki was built without PC/SC; install \
             libpcsclite-dev and pcscd, then build with `cargo build -p jpki-cli --features \
             pcsc` (or use --sim CARDFILE)",
            name.as_deref().unwrap_or("(first with a JPKI card)")
        ))),
    }
}

/// Reads a secret from `env` or, without it, from a prompt without echo.
pub(crate) fn read_secret(
    kind: PinKind,
    env: Option<&str>,
    prompt: &str,
) -> Result<Secret, Failure> {
    let text: Zeroizing<String> = match env {
        Some(var) => Zeroizing::new(
            std::env::var(var)
                .map_err(|_| Failure(format!("environment variable {var} is not set")))?,
        ),
        None => Zeroizing::new(rpassword::prompt_password(prompt).map_err(|e| {
            Failure(format!(
                "cannot prompt for the {kind} ({e}); use --pin-env VAR"
            ))
        })?),
    };
    Ok(Secret::new(kind, text.trim_end_matches(['\r', '\n']))?)
}

fn pin_state_json(state: Result<PinState, &jpki::Error>) -> serde_json::Value {
    match state {
        Ok(PinState::Remaining(n)) => json!({"state": "remaining", "remaining": n}),
        Ok(PinState::Verified) => json!({"state": "verified"}),
        Ok(PinState::Blocked) => json!({"state": "blocked"}),
        Err(jpki::Error::FileNotFound { .. }) => json!({"state": "absent"}),
        Err(e) => json!({
            "state": "error",
            "error": e.to_string(),
            "code": e.kind().code(),
            "kind": e.kind().name(),
        }),
    }
}

fn pin_state_text(state: Result<PinState, &jpki::Error>) -> String {
    match state {
        Ok(PinState::Remaining(n)) => format!("{n} tries left"),
        Ok(PinState::Verified) => "verified".into(),
        Ok(PinState::Blocked) => "BLOCKED (reset at the municipal office)".into(),
        Err(jpki::Error::FileNotFound { .. }) => "absent".into(),
        Err(e) => format!("error: {e}"),
    }
}

const PINS: [PinKind; 3] = [
    PinKind::AuthenticationPin,
    PinKind::SigningPassword,
    PinKind::AttributesPin,
];

fn pin_states(card: &mut CardDriver<'_>) -> Vec<(PinKind, Result<PinState, jpki::Error>)> {
    PINS.iter()
        .map(|&pin| (pin, card.pin_status(pin).map(|s| s.state)))
        .collect()
}

type PinStates = Vec<(PinKind, Result<PinState, jpki::Error>)>;

/// Each PIN's state, keyed by the PIN's name in snake case (`auth_pin`,
/// `signing_password`, `attributes_pin`).
fn pin_states_json(pins: &PinStates) -> serde_json::Value {
    let mut p = serde_json::Map::new();
    for (pin, state) in pins {
        p.insert(
            pin.as_str().replace('-', "_"),
            pin_state_json(state.as_ref().map(|s| *s)),
        );
    }
    serde_json::Value::Object(p)
}

fn print_pin_states(pins: &PinStates, indent: &str, width: usize) {
    for (pin, state) in pins {
        outln!(
            "{indent}{:<width$} {}",
            pin.to_string(),
            pin_state_text(state.as_ref().map(|s| *s))
        );
    }
}

fn info(source: &CardSource, json_out: bool) -> Result<Outcome, Failure> {
    with_card(source, |card| {
        let info = card.open()?;
        let pins = pin_states(card);
        if json_out {
            print_json(
                None,
                json!({
                    "kind": info.kind.as_str(),
                    "label": info.label,
                    "flags": crate::render::hex(&info.flags),
                    "signing_certificate": info.has_signing_certificate(),
                    "authentication_certificate": info.has_authentication_certificate(),
                    "pins": pin_states_json(&pins),
                }),
            );
        } else {
            let present = |yes: bool| if yes { "present" } else { "absent" };
            outln!("JPKI token: {} ({})", info.kind.as_str(), info.label);
            outln!(
                "  signing certificate         {}",
                present(info.has_signing_certificate())
            );
            outln!(
                "  authentication certificate  {}",
                present(info.has_authentication_certificate())
            );
            print_pin_states(&pins, "  ", 27);
        }
        Ok(Outcome::Ok)
    })
}

fn pin_status(source: &CardSource, json_out: bool) -> Result<Outcome, Failure> {
    with_card(source, |card| {
        let pins = pin_states(card);
        if json_out {
            print_json(None, json!({ "pins": pin_states_json(&pins) }));
        } else {
            print_pin_states(&pins, "", 21);
        }
        Ok(Outcome::Ok)
    })
}

fn read_cert(
    source: &CardSource,
    slot: CertificateSlot,
    out: Option<&Path>,
    pin_env: Option<&str>,
    allow_last_try: bool,
) -> Result<Outcome, Failure> {
    let pin = match slot {
        CertificateSlot::Signing => Some(
            Pin::new(read_secret(
                PinKind::SigningPassword,
                pin_env,
                "Signing password (署名用パスワード): ",
            )?)
            .with_last_try(allow_last_try),
        ),
        _ => None,
    };
    let der = with_card(
        source,
        |card| Ok(card.read_certificate(slot, pin.as_ref())?),
    )?;
    let cert = Certificate::from_der(&der)?;
    match out {
        Some(path) => {
            let bytes = if path.extension().is_some_and(|e| e == "pem") {
                cert.to_pem().into_bytes()
            } else {
                der
            };
            std::fs::write(path, bytes).map_err(|e| Failure(format!("{}: {e}", path.display())))?;
            eprintln!(
                "{} certificate {} written to {}",
                cert.kind(),
                cert.serial(),
                path.display()
            );
        }
        None => out!("{}", cert.to_pem()),
    }
    Ok(Outcome::Ok)
}

fn change_pin(
    source: &CardSource,
    pin: PinKind,
    old_env: Option<&str>,
    new_env: Option<&str>,
    allow_last_try: bool,
) -> Result<Outcome, Failure> {
    let old = read_secret(pin, old_env, &format!("Current {pin}: "))?;
    let new = read_secret(pin, new_env, &format!("New {pin}: "))?;
    if new_env.is_none() {
        let again = read_secret(pin, None, &format!("New {pin} again: "))?;
        if !again.matches(&new) {
            return Err(Failure("the two new values differ".into()));
        }
    }
    let old = Pin::new(old).with_last_try(allow_last_try);
    with_card(source, |card| Ok(card.change_pin(&old, &new)?))?;
    outln!("The {pin} was changed.");
    Ok(Outcome::Ok)
}

fn attributes(
    source: &CardSource,
    pin_env: Option<&str>,
    allow_last_try: bool,
    json_out: bool,
) -> Result<Outcome, Failure> {
    let pin = Pin::new(read_secret(
        PinKind::AttributesPin,
        pin_env,
        "PIN for the text application (券面事項入力補助用暗証番号): ",
    )?)
    .with_last_try(allow_last_try);
    let attrs = with_card(source, |card| Ok(card.read_attributes(Some(&pin))?))?;
    if json_out {
        print_json(
            None,
            json!({
                "name": attrs.name,
                "address": attrs.address,
                "birth_date": attrs.birth_date.to_string(),
                "sex": attrs.sex.as_str(),
            }),
        );
    } else {
        outln!("氏名 name        {}", attrs.name);
        outln!("生年月日 birth   {}", attrs.birth_date);
        outln!("性別 sex         {} ({})", attrs.sex, attrs.sex.japanese());
        outln!("住所 address     {}", attrs.address);
    }
    Ok(Outcome::Ok)
}

/// Opens a simulator card file with [`CardFile::open`], saying on a terminal
/// when another process (`jpki sim card-serve`, another `jpki card`) holds it.
fn open_card_file(path: &Path) -> Result<CardFile, Failure> {
    use std::io::IsTerminal;
    if let Some(file) = CardFile::try_open(path)? {
        return Ok(file);
    }
    if std::io::stderr().is_terminal() {
        eprintln!(
            "jpki: {} is in use by another process (jpki sim card-serve?); waiting for it",
            path.display()
        );
    }
    Ok(CardFile::open(path)?)
}
