//! The simulator's directory: `state.json` (options, serial counter, CA
//! generations, link certificates, issued and revoked records),
//! `ca-keys/*.key.pem` (PKCS#8, mode 0600), `trust.pem` (the roots) and
//! `links.pem` (the link certificates between generations).

use std::fs;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::authority::{
    Authority, AuthorityOptions, CaGeneration, Event, IssuedRecord, KeyProfile, LinkCertificate,
    LinkKind, Purpose, RevocationRecord, make_links,
};
use super::files::{LockFile, read_limited, state_err, write_atomic};
use super::key::SimKey;
use crate::Certificate;
use crate::Serial;
use crate::Time;
use crate::cert::Environment;
use crate::error::Error;
use crate::revocation::RevocationReason;

const STATE: &str = "state.json";
const LOCK: &str = "state.lock";
const FORMAT: u32 = 1;

/// The largest `state.json` [`Authority::open`] reads: 64 MiB (about 100 000
/// issued certificates; each record holds its certificate in PEM).
pub const MAX_AUTHORITY_STATE_BYTES: u64 = 64 << 20;
/// The largest CA key file (`ca-keys/*.key.pem`) [`Authority::open`] reads:
/// 1 MiB (an RSA-2048 key in PKCS#8 PEM is about 1.7 KiB).
pub const MAX_CA_KEY_FILE_BYTES: u64 = 1 << 20;

#[derive(Serialize, Deserialize)]
struct State {
    format: u32,
    environment: String,
    ocsp_url_signing: String,
    ocsp_url_authentication: String,
    /// Absent in directories written before the next-generation profile existed
    /// (they are all `current`).
    #[serde(default)]
    profile: Option<String>,
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

pub(crate) fn exists(dir: &Path) -> bool {
    dir.join(STATE).exists()
}

/// The lock of the directory's state: `state.lock`, beside `state.json`.
pub(crate) fn lock(dir: &Path) -> Result<LockFile, Error> {
    LockFile::acquire(&dir.join(LOCK))
}

/// The lock of the directory's state if it is free now.
pub(crate) fn try_lock(dir: &Path) -> Result<Option<LockFile>, Error> {
    LockFile::try_acquire(&dir.join(LOCK))
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
        profile: Some(authority.options.profile.as_str().into()),
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
    let bytes = read_limited(&path, MAX_AUTHORITY_STATE_BYTES, "the authority state")?;
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
    let profile = match state.profile.as_deref() {
        None => KeyProfile::Current,
        Some(p) => KeyProfile::parse(p)
            .ok_or_else(|| state_err(&path, format!("unknown key profile {p:?}")))?,
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
        let pem = zeroize::Zeroizing::new(read_limited(
            &key_path,
            MAX_CA_KEY_FILE_BYTES,
            "a CA key file",
        )?);
        let pem = core::str::from_utf8(&pem).map_err(|e| state_err(&key_path, e))?;
        generations.push(CaGeneration {
            purpose: purpose(&g.purpose)?,
            index: g.index,
            key: SimKey::from_pkcs8_pem(pem)?,
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
        lock: None,
        options: AuthorityOptions {
            environment,
            ocsp_url_signing: state.ocsp_url_signing,
            ocsp_url_authentication: state.ocsp_url_authentication,
            generations: state.generations.len() / 2,
            profile,
        },
        next_serial: state.next_serial,
        generations,
        links,
        issued,
        revoked,
        crl_numbers,
    })
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Barrier};

    use super::super::authority::RegisterRecord;
    use super::*;
    use crate::Date;
    use crate::Sex;
    use crate::SimulatorError;

    struct Scratch(std::path::PathBuf);

    impl Scratch {
        fn new(name: &str) -> Self {
            let dir =
                std::env::temp_dir().join(format!("jpki-store-{}-{name}", std::process::id()));
            let _ = fs::remove_dir_all(&dir);
            Self(dir)
        }
    }

    impl Drop for Scratch {
        fn drop(&mut self) {
            let _ = fs::remove_dir_all(&self.0);
        }
    }

    fn at() -> Time {
        Time::parse_rfc3339("2026-11-21T10:00:00+09:00").unwrap()
    }

    fn resident() -> RegisterRecord {
        RegisterRecord {
            name: "鍵 一郎".into(),
            birth_date: Date::parse_iso("1970-01-02").unwrap(),
            sex: Sex::Male,
            address: "東京都千代田区霞が関2丁目1番2号".into(),
            prefecture: None,
            municipality: None,
        }
    }

    fn state_reason(err: &Error) -> &str {
        match err {
            Error::Simulator(SimulatorError::State { reason, .. }) => reason,
            other => panic!("not a state error: {other:?}"),
        }
    }

    #[test]
    fn concurrent_users_of_a_directory_lose_no_issuance() {
        let dir = Scratch::new("concurrent");
        drop(Authority::create(&dir.0, AuthorityOptions::default(), at()).unwrap());
        let spki = Arc::new(SimKey::generate(2048).unwrap().public_key_der().unwrap());
        let path = Arc::new(dir.0.clone());
        let start = Arc::new(Barrier::new(4));
        let threads: Vec<_> = (0..4)
            .map(|_| {
                let (path, spki, start) =
                    (Arc::clone(&path), Arc::clone(&spki), Arc::clone(&start));
                std::thread::spawn(move || {
                    start.wait();
                    let mut authority = Authority::open(&path).unwrap();
                    authority
                        .issue(&resident(), &spki, Purpose::Authentication, at())
                        .unwrap()
                        .serial()
                        .clone()
                })
            })
            .collect();
        let mut serials: Vec<Serial> = threads.into_iter().map(|t| t.join().unwrap()).collect();
        serials.sort_by_key(|s| s.to_u64());
        serials.dedup();
        assert_eq!(serials.len(), 4, "a serial was issued twice: {serials:?}");
        let authority = Authority::open(&dir.0).unwrap();
        assert_eq!(authority.issued().len(), 4);
        // No temporary file left; the lock file stays.
        let mut names: Vec<String> = fs::read_dir(&dir.0)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(
            names,
            [
                "ca-keys",
                "links.pem",
                "state.json",
                "state.lock",
                "trust.pem"
            ]
        );
    }

    #[test]
    fn an_open_authority_holds_the_directory() {
        let dir = Scratch::new("held");
        let authority = Authority::create(&dir.0, AuthorityOptions::default(), at()).unwrap();
        assert!(LockFile::try_acquire(&dir.0.join(LOCK)).unwrap().is_none());
        assert!(Authority::try_open(&dir.0).unwrap().is_none());
        drop(authority);
        assert!(LockFile::try_acquire(&dir.0.join(LOCK)).unwrap().is_some());
        let reopened = Authority::try_open(&dir.0).unwrap().unwrap();
        assert!(Authority::try_open(&dir.0).unwrap().is_none());
        drop(reopened);
        // A directory without an authority gets no lock file.
        let empty = Scratch::new("no-authority");
        fs::create_dir_all(&empty.0).unwrap();
        assert!(Authority::open(&empty.0).is_err());
        assert!(Authority::try_open(&empty.0).is_err());
        assert!(!empty.0.join(LOCK).exists());
    }

    #[test]
    fn oversized_state_and_key_files_are_refused_unread() {
        let dir = Scratch::new("oversized");
        let authority = Authority::create(&dir.0, AuthorityOptions::default(), at()).unwrap();
        drop(authority);
        let state = dir.0.join(STATE);
        let key = dir.0.join("ca-keys").join("signing-1.key.pem");
        let saved_state = fs::read(&state).unwrap();

        // Sparse files: no disk space, and never read.
        let file = fs::OpenOptions::new().write(true).open(&key).unwrap();
        file.set_len(MAX_CA_KEY_FILE_BYTES + 1).unwrap();
        let err = Authority::open(&dir.0).unwrap_err();
        assert!(
            state_reason(&err).contains("a CA key file larger than the 1 MiB accepted"),
            "{err}"
        );
        let file = fs::OpenOptions::new().write(true).open(&state).unwrap();
        file.set_len(4 << 30).unwrap();
        let err = Authority::open(&dir.0).unwrap_err();
        assert!(
            state_reason(&err).contains("the authority state larger than the 64 MiB accepted"),
            "{err}"
        );
        file.set_len(MAX_AUTHORITY_STATE_BYTES + 1).unwrap();
        assert!(Authority::open(&dir.0).is_err());
        drop(file);

        #[cfg(target_os = "linux")]
        {
            fs::write(&state, &saved_state).unwrap();
            fs::remove_file(&key).unwrap();
            std::os::unix::fs::symlink("/dev/zero", &key).unwrap();
            let err = Authority::open(&dir.0).unwrap_err();
            assert!(state_reason(&err).contains("1 MiB"), "{err}");
            fs::remove_file(&state).unwrap();
            std::os::unix::fs::symlink("/dev/zero", &state).unwrap();
            let err = Authority::open(&dir.0).unwrap_err();
            assert!(state_reason(&err).contains("64 MiB"), "{err}");
        }
        #[cfg(not(target_os = "linux"))]
        let _ = saved_state;
    }
}
