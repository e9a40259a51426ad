//! `jpki sim …`

use std::path::{Path, PathBuf};

use jpki::Date;
use jpki::Serial;
use jpki::card::{CardKind, PinKind, Secret};
use jpki::cert::{CertificateKind, Environment};
use jpki::sim::{
    Authority, AuthorityOptions, CardFile, Event, EventOutcome, KeyProfile, Purpose,
    RegisterRecord, personalize,
};
use serde_json::json;

use crate::cmd_cert::SexArg;
use crate::common::KindArg;
use crate::render::{hex, personal_info_text};
use crate::{Failure, Outcome, print_json, time_arg};
use crate::{ocsp_serve, vpcd};

/// Which policy arc issued certificates carry.
#[derive(Clone, Copy, clap::ValueEnum)]
pub(crate) enum EnvironmentArg {
    Test,
    Production,
}

/// A register report or holder request.
#[derive(Clone, Copy, clap::ValueEnum)]
pub(crate) enum EventArg {
    /// The register reports a move (revokes signing certificates).
    Move,
    /// The register reports a name change (revokes signing certificates).
    Rename,
    /// The register reports a death (revokes every certificate).
    Death,
    /// The register reports a new address notation (revokes signing certificates).
    NotationChange,
    /// A municipal merger (revokes nothing).
    Merger,
    /// The holder revokes this certificate (任意失効).
    Voluntary,
    /// The holder reports the card lost or the key exposed.
    KeyCompromise,
}

// Parsed once per process: the size of the largest variant does not matter.
#[allow(clippy::large_enum_variant)]
/// `jpki sim …`
#[derive(clap::Subcommand)]
pub(crate) enum Command {
    /// Create a simulated authority in DIR (CA generations; writes DIR/trust.pem).
    Init {
        /// State directory.
        dir: PathBuf,
        /// Policy OIDs in issued certificates.
        #[arg(long, value_enum, default_value = "test")]
        environment: EnvironmentArg,
        /// OCSP URL written into signing certificates.
        #[arg(long)]
        ocsp_url_sign: Option<String>,
        /// OCSP URL written into authentication certificates.
        #[arg(long)]
        ocsp_url_auth: Option<String>,
        /// The next-generation card profile: ECDSA P-384 CAs and card keys,
        /// ecdsa-with-SHA384, 10-year certificates (default: today's RSA-2048).
        #[arg(long)]
        next_gen: bool,
        /// Time of creation (RFC 3339), default now.
        #[arg(long)]
        at: Option<String>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Issue a certificate for a resident: with --card, personalize a virtual card
    /// (keys generated in the card, both certificates written back, secrets set);
    /// without it, one certificate with a software key pair.
    Issue {
        /// State directory.
        dir: PathBuf,
        /// Name as in the resident register (surname, space, given name).
        #[arg(long)]
        name: String,
        /// Birth date, YYYY-MM-DD.
        #[arg(long)]
        birth: String,
        /// Sex.
        #[arg(long, value_enum)]
        sex: SexArg,
        /// Address as in the resident register, starting with the prefecture.
        #[arg(long)]
        address: String,
        /// Certificate kind: without --card, the certificate issued; with --card
        /// (which gets both), the one --out writes.
        #[arg(long, value_enum, default_value = "sign")]
        kind: KindArg,
        /// Prefecture in romaji for the subject and CRL partition (default: from the address).
        #[arg(long)]
        prefecture: Option<String>,
        /// Municipality for the subject and CRL partition (default: from the address).
        #[arg(long)]
        municipality: Option<String>,
        /// CA generation to issue from (1 = oldest; default the newest valid one).
        #[arg(long, conflicts_with = "card")]
        generation: Option<usize>,
        /// Time of issuance (RFC 3339), default now.
        #[arg(long)]
        at: Option<String>,
        /// Where to write the certificate (PEM; with --card, the one --kind names).
        #[arg(long, required_unless_present = "card")]
        out: Option<PathBuf>,
        /// Where to write the software private key (PEM, mode 0600); default OUT.key.pem.
        #[arg(long, conflicts_with = "card")]
        key_out: Option<PathBuf>,
        /// Personalize the virtual card at CARD (created if missing) instead of
        /// generating a software key.
        #[arg(long)]
        card: Option<PathBuf>,
        /// Environment variable holding the signing password the resident sets (with --card).
        #[arg(long, requires = "card")]
        sign_pin_env: Option<String>,
        /// Environment variable holding the authentication PIN the resident sets (with
        /// --card; the text application's PIN gets the same digits).
        #[arg(long, requires = "card")]
        auth_pin_env: Option<String>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Apply a register report or holder request to the certificate SERIAL.
    Event {
        /// State directory.
        dir: PathBuf,
        /// Serial number, decimal or 0x-prefixed hex.
        #[arg(long)]
        serial: String,
        /// What happened.
        #[arg(value_enum)]
        event: EventArg,
        /// Time of the event (RFC 3339), default now.
        #[arg(long)]
        at: Option<String>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Write the CRL of a municipality partition (or, with --arl, a CA's
    /// authority revocation list), signed by the CA generation that issued it.
    Crl {
        /// State directory.
        dir: PathBuf,
        /// The partition as PREFECTURE/MUNICIPALITY (see `sim list`); needed when
        /// the authority has issued into several.
        #[arg(long)]
        partition: Option<String>,
        /// Which hierarchy.
        #[arg(long, value_enum, default_value = "sign")]
        kind: KindArg,
        /// CA generation (default: the newest with certificates in the partition).
        #[arg(long)]
        generation: Option<usize>,
        /// The authority revocation list of the CA generation instead.
        #[arg(long)]
        arl: bool,
        /// thisUpdate (RFC 3339), default now.
        #[arg(long)]
        at: Option<String>,
        /// Hours until nextUpdate.
        #[arg(long, default_value_t = 24)]
        validity_hours: u64,
        /// Where to write the CRL (DER; PEM if it ends in .pem).
        #[arg(short, long)]
        out: PathBuf,
    },
    /// List the certificates the authority issued and their revocation status.
    List {
        /// State directory.
        dir: PathBuf,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Serve a virtual card file to pcscd's vpcd driver (vsmartcard-vpcd), so PC/SC
    /// applications see it in reader `Virtual PCD 00 00`. Saves the card's counters
    /// back to CARD; exits 0 when vpcd closes the connection (pcscd stopped).
    CardServe {
        /// Card file (JSON, as saved by the simulator).
        card: PathBuf,
        /// Address vpcd listens on (loopback only).
        #[arg(long, default_value = vpcd::DEFAULT_ADDR)]
        vpcd: String,
        /// Print each exchange on stderr (headers and status words; never secrets).
        #[arg(long)]
        verbose: bool,
    },
    /// Answer OCSP requests (HTTP POST, or GET with the base64 request in the path)
    /// for the authority in DIR, on a loopback address; the state is read again
    /// for each request. Exits 0 after --max-requests connections or --seconds.
    OcspServe {
        /// State directory.
        dir: PathBuf,
        /// Address to listen on (loopback only; port 0 picks a free port, printed
        /// on stdout).
        #[arg(long, default_value = ocsp_serve::DEFAULT_LISTEN)]
        listen: String,
        /// Stop after answering this many connections.
        #[arg(long, default_value_t = 1000)]
        max_requests: usize,
        /// Stop after this many seconds.
        #[arg(long, default_value_t = 600)]
        seconds: u64,
        /// Sign with the CA key itself instead of a delegated responder certificate.
        #[arg(long)]
        ca_signed: bool,
    },
}

/// Runs a `jpki sim` command.
pub(crate) fn run(cmd: Command) -> Result<Outcome, Failure> {
    match cmd {
        Command::Init {
            dir,
            environment,
            ocsp_url_sign,
            ocsp_url_auth,
            next_gen,
            at,
            json,
        } => init(
            &dir,
            environment,
            (ocsp_url_sign, ocsp_url_auth),
            next_gen,
            at.as_deref(),
            json,
        ),
        Command::Issue {
            dir,
            name,
            birth,
            sex,
            address,
            kind,
            prefecture,
            municipality,
            generation,
            at,
            out,
            key_out,
            card,
            sign_pin_env,
            auth_pin_env,
            json,
        } => {
            let record = RegisterRecord {
                name,
                birth_date: Date::parse_iso(&birth)?,
                sex: sex.into(),
                address,
                prefecture,
                municipality,
            };
            if let Some(card) = card {
                return issue_to_card(
                    &dir,
                    &record,
                    &card,
                    sign_pin_env.as_deref(),
                    auth_pin_env.as_deref(),
                    at.as_deref(),
                    out.as_deref().map(|out| (kind, out)),
                    json,
                );
            }
            let out = out.ok_or_else(|| Failure("--out is required without --card".into()))?;
            issue(
                &dir,
                &record,
                kind,
                generation,
                at.as_deref(),
                &out,
                key_out,
                json,
            )
        }
        Command::Event {
            dir,
            serial,
            event,
            at,
            json,
        } => event_cmd(&dir, &serial, event, at.as_deref(), json),
        Command::List { dir, json } => list(&dir, json),
        Command::Crl {
            dir,
            partition,
            kind,
            generation,
            arl,
            at,
            validity_hours,
            out,
        } => crl(
            &dir,
            partition.as_deref(),
            kind,
            generation,
            arl,
            at.as_deref(),
            validity_hours,
            &out,
        ),
        Command::CardServe {
            card,
            vpcd,
            verbose,
        } => crate::vpcd::serve(&card, &vpcd, verbose),
        Command::OcspServe {
            dir,
            listen,
            max_requests,
            seconds,
            ca_signed,
        } => crate::ocsp_serve::serve(
            &dir,
            &listen,
            &crate::ocsp_serve::Limits {
                max_requests,
                seconds,
            },
            if ca_signed {
                jpki::sim::OcspSigning::Ca
            } else {
                jpki::sim::OcspSigning::Delegated
            },
        ),
    }
}

fn init(
    dir: &Path,
    environment: EnvironmentArg,
    (ocsp_url_sign, ocsp_url_auth): (Option<String>, Option<String>),
    next_gen: bool,
    at: Option<&str>,
    json: bool,
) -> Result<Outcome, Failure> {
    let defaults = AuthorityOptions::default();
    let options = AuthorityOptions {
        environment: match environment {
            EnvironmentArg::Test => Environment::Test,
            EnvironmentArg::Production => Environment::Production,
        },
        ocsp_url_signing: ocsp_url_sign.unwrap_or(defaults.ocsp_url_signing),
        ocsp_url_authentication: ocsp_url_auth.unwrap_or(defaults.ocsp_url_authentication),
        generations: defaults.generations,
        profile: if next_gen {
            KeyProfile::NextGeneration
        } else {
            KeyProfile::Current
        },
    };
    let authority = Authority::create(dir, options, time_arg(at)?)?;
    let trust = dir.join("trust.pem");
    if json {
        let generations: Vec<_> = authority
            .generations()
            .iter()
            .map(|g| {
                let c = g.certificate();
                json!({
                    "purpose": g.purpose().as_str(),
                    "generation": g.index(),
                    "subject": c.subject().to_string(),
                    "serial": c.serial().to_string(),
                    "subject_key_id": c.subject_key_id().map(hex),
                    "not_before": c.not_before().to_string(),
                    "not_after": c.not_after().to_string(),
                })
            })
            .collect();
        print_json(
            None,
            json!({
                "dir": dir.display().to_string(),
                "trust": trust.display().to_string(),
                "links": dir.join("links.pem").display().to_string(),
                "generations": generations,
                "profile": authority.options().profile.as_str(),
            }),
        );
    } else {
        outln!("Simulated authority created in {}", dir.display());
        for g in authority.generations() {
            let c = g.certificate();
            outln!(
                "  {} CA generation {}: key id {}, valid {} .. {}",
                g.purpose().as_str(),
                g.index(),
                c.subject_key_id().map(hex).unwrap_or_default(),
                c.not_before(),
                c.not_after()
            );
        }
        outln!("Trust anchors (every generation): {}", trust.display());
        outln!(
            "Link certificates between generations: {}",
            dir.join("links.pem").display()
        );
    }
    Ok(Outcome::Ok)
}

#[allow(clippy::too_many_arguments)]
fn issue(
    dir: &Path,
    record: &RegisterRecord,
    kind: KindArg,
    generation: Option<usize>,
    at: Option<&str>,
    out: &Path,
    key_out: Option<PathBuf>,
    json: bool,
) -> Result<Outcome, Failure> {
    let at = time_arg(at)?;
    let mut authority = Authority::open(dir)?;
    let purpose = Purpose::from(kind);
    let key = authority.options().profile.generate_key()?;
    let spki = key.public_key_der()?;
    let cert = match generation {
        Some(g) => authority.issue_from_generation(record, &spki, purpose, g, at)?,
        None => authority.issue(record, &spki, purpose, at)?,
    };
    let key_out = key_out.unwrap_or_else(|| {
        let mut name = out.as_os_str().to_owned();
        name.push(".key.pem");
        PathBuf::from(name)
    });
    std::fs::write(out, cert.to_pem()).map_err(|e| Failure(format!("{}: {e}", out.display())))?;
    write_private(&key_out, key.to_pkcs8_pem()?.as_bytes())?;
    let issued_generation = authority
        .find_issued(cert.serial())
        .map(|r| r.generation())
        .unwrap_or_default();
    if json {
        print_json(
            None,
            json!({
                "serial": cert.serial().to_string(),
                "kind": cert.kind().as_str(),
                "generation": issued_generation,
                "not_after": cert.not_after().to_string(),
                "certificate": out.display().to_string(),
                "key": key_out.display().to_string(),
                "personal_info": cert.personal_info().map(crate::render::personal_info_json),
            }),
        );
    } else {
        outln!(
            "Issued {} certificate {} (CA generation {issued_generation}), valid until {}",
            cert.kind(),
            cert.serial(),
            cert.not_after()
        );
        if let Some(info) = cert.personal_info() {
            out!("{}", personal_info_text(info, "  "));
        }
        outln!("  certificate: {}", out.display());
        outln!(
            "  private key (software, simulator only): {}",
            key_out.display()
        );
    }
    Ok(Outcome::Ok)
}

/// `sim issue --card`: the window personalizes a virtual card.
#[allow(clippy::too_many_arguments)]
fn issue_to_card(
    dir: &Path,
    record: &RegisterRecord,
    card_path: &Path,
    sign_pin_env: Option<&str>,
    auth_pin_env: Option<&str>,
    at: Option<&str>,
    out: Option<(KindArg, &Path)>,
    json: bool,
) -> Result<Outcome, Failure> {
    let at = time_arg(at)?;
    let adult = record.birth_date.age_on(at.date_jst()) >= 15;
    if let (Some((KindArg::Sign, _)), false) = (out, adult) {
        return Err(Failure(
            "--kind sign --out: the resident is under 15 and gets no signing certificate \
             (use --kind auth)"
                .into(),
        ));
    }
    let env = |var: Option<&str>, what: &str| -> Result<zeroize::Zeroizing<String>, Failure> {
        let var = var.ok_or_else(|| Failure(format!("give --{what}-env VAR with --card")))?;
        std::env::var(var)
            .map(zeroize::Zeroizing::new)
            .map_err(|_| Failure(format!("environment variable {var} is not set")))
    };
    let password = if adult {
        Some(Secret::new(
            PinKind::SigningPassword,
            &env(sign_pin_env, "sign-pin")?,
        )?)
    } else {
        None
    };
    let auth_pin = Secret::new(PinKind::AuthenticationPin, &env(auth_pin_env, "auth-pin")?)?;
    let mut authority = Authority::open(dir)?;
    // The card file stays locked from loading to saving, like `jpki card --sim`.
    let mut file = CardFile::open_or_new(card_path, CardKind::MyNumberCard)?;
    let done = personalize(
        &mut authority,
        file.card_mut()?,
        record,
        password.as_ref(),
        &auth_pin,
        at,
    )?;
    file.commit()?;
    let written = match out {
        Some((KindArg::Sign, path)) => done.signing.as_ref().map(|cert| (cert, path)),
        Some((KindArg::Auth, path)) => Some((&done.authentication, path)),
        None => None,
    };
    if let Some((cert, path)) = written {
        std::fs::write(path, cert.to_pem())
            .map_err(|e| Failure(format!("{}: {e}", path.display())))?;
    }
    let certs: Vec<_> = done.signing.iter().chain([&done.authentication]).collect();
    if json {
        print_json(
            None,
            json!({
                "card": card_path.display().to_string(),
                "certificates": certs.iter().map(|c| json!({
                    "kind": c.kind().as_str(),
                    "serial": c.serial().to_string(),
                    "not_after": c.not_after().to_string(),
                })).collect::<Vec<_>>(),
                "personal_info": done.signing.as_ref().and_then(|c| c.personal_info()).map(crate::render::personal_info_json),
            }),
        );
    } else {
        outln!(
            "Personalized virtual card {} (keys generated in the card):",
            card_path.display()
        );
        for c in &certs {
            outln!(
                "  {} certificate {} valid until {}",
                c.kind(),
                c.serial(),
                c.not_after()
            );
        }
        if !adult {
            outln!("  no signing certificate: the resident is under 15");
        }
        if let Some(info) = done.signing.as_ref().and_then(|c| c.personal_info()) {
            out!("{}", personal_info_text(info, "  "));
        }
    }
    Ok(Outcome::Ok)
}

fn write_private(path: &Path, bytes: &[u8]) -> Result<(), Failure> {
    let err = |e: std::io::Error| Failure(format!("{}: {e}", path.display()));
    #[cfg(unix)]
    {
        use std::io::Write;
        use std::os::unix::fs::OpenOptionsExt;
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .mode(0o600)
            .open(path)
            .map_err(err)?;
        f.write_all(bytes).map_err(err)
    }
    #[cfg(not(unix))]
    {
        std::fs::write(path, bytes).map_err(err)
    }
}

pub(crate) fn event_of(arg: EventArg) -> Event {
    match arg {
        EventArg::Move => Event::Move,
        EventArg::Rename => Event::NameChange,
        EventArg::Death => Event::Death,
        EventArg::NotationChange => Event::AddressNotationChange,
        EventArg::Merger => Event::MunicipalMerger,
        EventArg::Voluntary => Event::Voluntary,
        EventArg::KeyCompromise => Event::KeyCompromise,
    }
}

pub(crate) fn outcome_text(outcome: &EventOutcome, indent: &str) -> String {
    let mut s = String::new();
    for r in &outcome.revoked {
        s.push_str(&format!(
            "{indent}revoked {} at {}: {}\n",
            r.serial, r.revoked_at, r.reason
        ));
    }
    for (serial, why) in &outcome.kept {
        s.push_str(&format!("{indent}kept    {serial}: {why}\n"));
    }
    if outcome.revoked.is_empty() && outcome.kept.is_empty() {
        s.push_str(&format!("{indent}nothing to do\n"));
    }
    s
}

fn event_cmd(
    dir: &Path,
    serial: &str,
    event: EventArg,
    at: Option<&str>,
    json: bool,
) -> Result<Outcome, Failure> {
    let serial = Serial::parse(serial)?;
    let at = time_arg(at)?;
    let mut authority = Authority::open(dir)?;
    let event = event_of(event);
    let outcome = authority.apply_event(&serial, event, at)?;
    if json {
        print_json(
            None,
            json!({
                "event": event.as_str(),
                "revoked": outcome.revoked.iter().map(|r| json!({
                    "serial": r.serial.to_string(),
                    "revoked_at": r.revoked_at.to_string(),
                    "reason": r.reason.rfc_name(),
                    "reason_code": r.reason.code(),
                })).collect::<Vec<_>>(),
                "kept": outcome.kept.iter().map(|(s, why)| json!({
                    "serial": s.to_string(),
                    "why": why,
                })).collect::<Vec<_>>(),
            }),
        );
    } else {
        outln!("Event {} on {serial}:", event.as_str());
        out!("{}", outcome_text(&outcome, "  "));
    }
    Ok(Outcome::Ok)
}

#[allow(clippy::too_many_arguments)]
fn crl(
    dir: &Path,
    partition: Option<&str>,
    kind: KindArg,
    generation: Option<usize>,
    arl: bool,
    at: Option<&str>,
    validity_hours: u64,
    out: &Path,
) -> Result<Outcome, Failure> {
    let at = time_arg(at)?;
    let mut authority = Authority::open(dir)?;
    let purpose = Purpose::from(kind);
    let validity = validity_hours.saturating_mul(3600);
    let der = if arl {
        let generation = generation
            .or_else(|| authority.generations_of(purpose).map(|g| g.index()).max())
            .ok_or_else(|| Failure("no CA generation".into()))?;
        authority.arl(purpose, generation, at, validity)?
    } else {
        let candidates: Vec<(usize, String, String)> = authority
            .partitions()
            .into_iter()
            .filter(|(p, g, pref, muni)| {
                *p == purpose
                    && generation.is_none_or(|want| want == *g)
                    && partition.is_none_or(|want| want == format!("{pref}/{muni}"))
            })
            .map(|(_, g, pref, muni)| (g, pref, muni))
            .collect();
        let Some((g, pref, muni)) = candidates.iter().max_by_key(|(g, _, _)| *g).cloned() else {
            let known: Vec<String> = authority
                .partitions()
                .into_iter()
                .filter(|(p, ..)| *p == purpose)
                .map(|(_, g, pref, muni)| format!("{pref}/{muni} (generation {g})"))
                .collect();
            return Err(Failure(format!(
                "no such partition; the authority has issued {} certificates into: {}",
                purpose.as_str(),
                if known.is_empty() {
                    "none".to_owned()
                } else {
                    known.join(", ")
                }
            )));
        };
        let distinct: std::collections::HashSet<(&String, &String)> =
            candidates.iter().map(|(_, p, m)| (p, m)).collect();
        if partition.is_none() && distinct.len() > 1 {
            let mut names: Vec<String> = distinct.iter().map(|(p, m)| format!("{p}/{m}")).collect();
            names.sort();
            return Err(Failure(format!(
                "the authority has issued {} certificates into several partitions: choose one \
                 with --partition PREFECTURE/MUNICIPALITY: {}",
                purpose.as_str(),
                names.join(", ")
            )));
        }
        authority.crl(purpose, g, (&pref, &muni), at, validity)?
    };
    let bytes = if out.extension().is_some_and(|e| e == "pem") {
        jpki::pem::encode("X509 CRL", &der).into_bytes()
    } else {
        der
    };
    std::fs::write(out, bytes).map_err(|e| Failure(format!("{}: {e}", out.display())))?;
    eprintln!("CRL written to {}", out.display());
    Ok(Outcome::Ok)
}

fn list(dir: &Path, json: bool) -> Result<Outcome, Failure> {
    let authority = Authority::open(dir)?;
    let rows: Vec<_> = authority
        .issued()
        .iter()
        .map(|r| {
            let c = r.certificate();
            let revoked = authority.revocation_of(r.serial());
            json!({
                "serial": r.serial().to_string(),
                "kind": c.kind().as_str(),
                "generation": r.generation(),
                "name": c.personal_info().map(|i| i.name().to_owned()),
                "partition": format!("{}/{}", r.partition().0, r.partition().1),
                "not_after": c.not_after().to_string(),
                "revoked": revoked.map(|v| json!({
                    "at": v.revoked_at.to_string(),
                    "reason": v.reason.rfc_name(),
                    "event": v.event.as_str(),
                })),
            })
        })
        .collect();
    if json {
        print_json(None, json!({ "issued": rows }));
    } else {
        for r in authority.issued() {
            let c = r.certificate();
            let status = match authority.revocation_of(r.serial()) {
                Some(v) => format!("revoked {} ({})", v.revoked_at, v.reason.rfc_name()),
                None => "not revoked".into(),
            };
            let who = match c.kind() {
                CertificateKind::Signing => c
                    .personal_info()
                    .map(|i| i.name().to_owned())
                    .unwrap_or_default(),
                _ => String::new(),
            };
            outln!(
                "{}  {:<14} gen {}  {:<12} {:<24} until {}  {status}",
                r.serial(),
                c.kind(),
                r.generation(),
                who,
                format!("{}/{}", r.partition().0, r.partition().1),
                c.not_after()
            );
        }
        let partitions = authority.partitions();
        if !partitions.is_empty() {
            outln!("CRL partitions (for `jpki sim crl --partition`):");
            for (purpose, generation, prefecture, municipality) in partitions {
                outln!(
                    "  {prefecture}/{municipality}  {} generation {generation}",
                    purpose.as_str()
                );
            }
        }
    }
    Ok(Outcome::Ok)
}
