//! The simulator's directory: `state.json` (options, serial counter, CA
//! generations, link certificates, issued and revoked records),
//! `ca-keys/*.key.pem` (PKCS#8, mode 0600), `trust.pem` (the roots) and
//! `links.pem` (the link certificates between generations).

use std::fs;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::authority::{
    Authority, AuthorityOptions, CaGeneration, Event, IssuedRecord, LinkCertificate, LinkKind,
    Purpose, RevocationRecord, make_links,
};
use super::key::SimKey;
use crate::Certificate;
use crate::Serial;
use crate::SimulatorError;
use crate::Time;
use crate::cert::Environment;
use crate::error::Error;
use crate::revocation::RevocationReason;

const STATE: &str = "state.json";
const FORMAT: u32 = 1;

#[derive(Serialize, Deserialize)]
struct State {
    format: u32,
    environment: String,
    ocsp_url_signing: String,
    ocsp_url_authentication: String,
    next_serial: u64,
    generations: Vec<GenerationState>,
    /// Absent in directories written before link certificates existed.
    #[serde(default)]
    links: Vec<LinkState>,
    issued: Vec<IssuedState>,
    revoked: Vec<RevokedState>,
    /// Absent in directories written before CRLs existed.
    #[serde(default)]
    crl_numbers: Vec<CrlNumberState>,
}

/// The last cRLNumber a CA generation used.
#[derive(Serialize, Deserialize)]
struct CrlNumberState {
    purpose: String,
    generation: usize,
    last: u64,
}

#[derive(Serialize, Deserialize)]
struct LinkState {
    purpose: String,
    /// The older of the two generations linked.
    older: usize,
    /// `old-with-new` or `new-with-old`.
    kind: String,
    certificate: String,
}

#[derive(Serialize, Deserialize)]
struct GenerationState {
    purpose: String,
    index: usize,
    key_file: String,
    certificate: String,
}

#[derive(Serialize, Deserialize)]
struct IssuedState {
    serial: String,
    purpose: String,
    generation: usize,
    resident_id: String,
    prefecture: String,
    municipality: String,
    issued_at: u64,
    certificate: String,
}

#[derive(Serialize, Deserialize)]
struct RevokedState {
    serial: String,
    revoked_at: u64,
    reason: u8,
    event: String,
}

fn state_err(path: &Path, reason: impl core::fmt::Display) -> Error {
    Error::Simulator(SimulatorError::State {
        path: path.display().to_string(),
        reason: reason.to_string(),
    })
}

pub(crate) fn exists(dir: &Path) -> bool {
    dir.join(STATE).exists()
}

/// Writes `contents` to `path` through a temporary file and a rename, so a crash
/// never leaves a half-written state.
fn write_atomic(path: &Path, contents: &[u8], private: bool) -> Result<(), Error> {
    let tmp = path.with_extension("tmp");
    fs::write(&tmp, contents).map_err(|e| state_err(&tmp, e))?;
    #[cfg(unix)]
    if private {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(&tmp, fs::Permissions::from_mode(0o600))
            .map_err(|e| state_err(&tmp, e))?;
    }
    #[cfg(not(unix))]
    let _ = private;
    fs::rename(&tmp, path).map_err(|e| state_err(path, e))
}

pub(crate) fn save(authority: &Authority, dir: &Path) -> Result<(), Error> {
    let keys = dir.join("ca-keys");
    fs::create_dir_all(&keys).map_err(|e| state_err(&keys, e))?;
    let mut generations = Vec::new();
    for g in &authority.generations {
        let key_file = format!("ca-keys/{}-{}.key.pem", g.purpose.as_str(), g.index);
        let path = dir.join(&key_file);
        if !path.exists() {
            write_atomic(&path, g.key.to_pkcs8_pem()?.as_bytes(), true)?;
        }
        generations.push(GenerationState {
            purpose: g.purpose.as_str().into(),
            index: g.index,
            key_file,
            certificate: g.certificate.to_pem(),
        });
    }
    let state = State {
        format: FORMAT,
        environment: authority.options.environment.as_str().into(),
        ocsp_url_signing: authority.options.ocsp_url_signing.clone(),
        ocsp_url_authentication: authority.options.ocsp_url_authentication.clone(),
        next_serial: authority.next_serial,
        generations,
        links: authority
            .links
            .iter()
            .map(|l| LinkState {
                purpose: l.purpose.as_str().into(),
                older: l.older,
                kind: l.kind.as_str().into(),
                certificate: l.certificate.to_pem(),
            })
            .collect(),
        issued: authority
            .issued
            .iter()
            .map(|r| IssuedState {
                serial: r.serial.to_string(),
                purpose: r.purpose.as_str().into(),
                generation: r.generation,
                resident_id: r.resident_id.clone(),
                prefecture: r.prefecture.clone(),
                municipality: r.municipality.clone(),
                issued_at: r.issued_at.unix_seconds(),
                certificate: r.certificate.to_pem(),
            })
            .collect(),
        revoked: authority
            .revoked
            .iter()
            .map(|r| RevokedState {
                serial: r.serial.to_string(),
                revoked_at: r.revoked_at.unix_seconds(),
                reason: r.reason.code(),
                event: r.event.as_str().into(),
            })
            .collect(),
        crl_numbers: authority
            .crl_numbers
            .iter()
            .map(|(purpose, generation, last)| CrlNumberState {
                purpose: purpose.as_str().into(),
                generation: *generation,
                last: *last,
            })
            .collect(),
    };
    let json = serde_json::to_vec_pretty(&state).map_err(|e| state_err(dir, e))?;
    write_atomic(&dir.join(STATE), &json, false)?;
    write_atomic(
        &dir.join("trust.pem"),
        authority.trust_pem().as_bytes(),
        false,
    )?;
    write_atomic(
        &dir.join("links.pem"),
        authority.links_pem().as_bytes(),
        false,
    )
}

pub(crate) fn load(dir: &Path) -> Result<Authority, Error> {
    let path = dir.join(STATE);
    let bytes = fs::read(&path).map_err(|e| state_err(&path, e))?;
    let state: State = serde_json::from_slice(&bytes).map_err(|e| state_err(&path, e))?;
    if state.format != FORMAT {
        return Err(state_err(
            &path,
            format!("unsupported format {}", state.format),
        ));
    }
    let environment = match state.environment.as_str() {
        "production" => Environment::Production,
        "test" => Environment::Test,
        other => return Err(state_err(&path, format!("unknown environment {other:?}"))),
    };
    let purpose = |s: &str| {
        Purpose::parse(s).ok_or_else(|| state_err(&path, format!("unknown purpose {s:?}")))
    };
    let serial = |s: &str| Serial::parse(s).map_err(|e| state_err(&path, e));
    let cert = |pem: &str| Certificate::parse(pem.as_bytes()).map_err(|e| state_err(&path, e));

    let mut generations = Vec::new();
    for g in &state.generations {
        if g.key_file.contains("..") {
            return Err(state_err(&path, "key file outside the directory"));
        }
        let key_path = dir.join(&g.key_file);
        let pem = zeroize::Zeroizing::new(
            fs::read_to_string(&key_path).map_err(|e| state_err(&key_path, e))?,
        );
        generations.push(CaGeneration {
            purpose: purpose(&g.purpose)?,
            index: g.index,
            key: SimKey::from_pkcs8_pem(&pem)?,
            certificate: cert(&g.certificate)?,
        });
    }
    let links = if state.links.is_empty() {
        // Written before link certificates existed: make them again (they are
        // deterministic); the next save writes them out.
        make_links(&generations)?
    } else {
        let mut links = Vec::new();
        for l in &state.links {
            links.push(LinkCertificate {
                purpose: purpose(&l.purpose)?,
                older: l.older,
                kind: LinkKind::parse(&l.kind)
                    .ok_or_else(|| state_err(&path, format!("unknown link kind {:?}", l.kind)))?,
                certificate: cert(&l.certificate)?,
            });
        }
        links
    };
    let mut issued = Vec::new();
    for r in &state.issued {
        issued.push(IssuedRecord {
            serial: serial(&r.serial)?,
            purpose: purpose(&r.purpose)?,
            generation: r.generation,
            resident_id: r.resident_id.clone(),
            prefecture: r.prefecture.clone(),
            municipality: r.municipality.clone(),
            issued_at: Time::from_unix_seconds(r.issued_at),
            certificate: cert(&r.certificate)?,
        });
    }
    let mut revoked = Vec::new();
    for r in &state.revoked {
        revoked.push(RevocationRecord {
            serial: serial(&r.serial)?,
            revoked_at: Time::from_unix_seconds(r.revoked_at),
            reason: RevocationReason::from_code(r.reason)
                .ok_or_else(|| state_err(&path, format!("unknown reason {}", r.reason)))?,
            event: Event::parse(&r.event)
                .ok_or_else(|| state_err(&path, format!("unknown event {:?}", r.event)))?,
        });
    }
    let mut crl_numbers = Vec::new();
    for c in &state.crl_numbers {
        crl_numbers.push((purpose(&c.purpose)?, c.generation, c.last));
    }
    Ok(Authority {
        dir: Some(dir.to_path_buf()),
        options: AuthorityOptions {
            environment,
            ocsp_url_signing: state.ocsp_url_signing,
            ocsp_url_authentication: state.ocsp_url_authentication,
            generations: state.generations.len() / 2,
        },
        next_serial: state.next_serial,
        generations,
        links,
        issued,
        revoked,
        crl_numbers,
    })
}
