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
        Err(e) => json!({"state": "error", "error": e.to_string()}),
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

fn pin_states_json(pins: &PinStates) -> serde_json::Value {
    let mut p = serde_json::Map::new();
    for (pin, state) in pins {
        p.insert(
            pin.as_str().into(),
            pin_state_json(state.as_ref().map(|s| *s)),
        );
    }
    serde_json::Value::Object(p)
}

fn print_pin_states(pins: &PinStates, indent: &str, width: usize) {
    for (pin, state) in pins {
        println!(
            "{indent}{:<width$} {}",
            pin.to_string(),
            pin_state_text(state.as_ref().map(|s| *s))
        );
    }
}

pub(crate) fn info(source: &CardSource, json_out: bool) -> Result<Outcome, Failure> {
    with_card(source, |card| {
        let info = card.open()?;
        let pins = pin_states(card);
        if json_out {
            print_json(&json!({
                "kind": info.kind.as_str(),
                "label": info.label,
                "flags": crate::render::hex(&info.flags),
                "signing_certificate": info.has_signing_certificate(),
                "authentication_certificate": info.has_authentication_certificate(),
                "pins": pin_states_json(&pins),
            }));
        } else {
            let present = |yes: bool| if yes { "present" } else { "absent" };
            println!("JPKI token: {} ({})", info.kind.as_str(), info.label);
            println!(
                "  signing certificate         {}",
                present(info.has_signing_certificate())
            );
            println!(
                "  authentication certificate  {}",
                present(info.has_authentication_certificate())
            );
            print_pin_states(&pins, "  ", 27);
        }
        Ok(Outcome::Ok)
    })
}

pub(crate) fn pin_status(source: &CardSource, json_out: bool) -> Result<Outcome, Failure> {
    with_card(source, |card| {
        let pins = pin_states(card);
        if json_out {
            print_json(&pin_states_json(&pins));
        } else {
            print_pin_states(&pins, "", 21);
        }
        Ok(Outcome::Ok)
    })
}

pub(crate) fn read_cert(
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
        None => print!("{}", cert.to_pem()),
    }
    Ok(Outcome::Ok)
}

pub(crate) fn change_pin(
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
    println!("The {pin} was changed.");
    Ok(Outcome::Ok)
}

pub(crate) fn attributes(
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
        print_json(&json!({
            "name": attrs.name,
            "address": attrs.address,
            "birth_date": attrs.birth_date.to_string(),
            "sex": attrs.sex.as_str(),
        }));
    } else {
        println!("氏名 name        {}", attrs.name);
        println!("生年月日 birth   {}", attrs.birth_date);
        println!("性別 sex         {} ({})", attrs.sex, attrs.sex.japanese());
        println!("住所 address     {}", attrs.address);
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
