//! The PC/SC harness shared by the CLI's end-to-end tests (feature `pcsc`):
//! `jpki sim card-serve` puts a card file into vpcd's reader, and pcscd shows it
//! like a real card.
//!
//! Needs pcscd with vsmartcard-vpcd: run `scripts/pcscd.sh start` first
//! (`scripts/test.sh` does). Without pcscd the tests fail, they never skip.
//!
//! vpcd takes one card per reader, so every test holds [`VPCD`] while its server
//! runs: build on [`CardServer::start`] (which takes it). Each test binary that
//! includes this file has its own lock; cargo runs test binaries one at a time.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Mutex, MutexGuard};
use std::thread::sleep;
use std::time::{Duration, Instant};

use jpki::Error;
use jpki::card::TransportErrorKind;
use jpki::card::pcsc::{ReaderInfo, list_readers};

/// vpcd's first reader, where `card-serve` (port 35963) puts the card.
pub(crate) const VPCD_READER: &str = "Virtual PCD 00 00";
/// How long to wait for pcscd to notice a card arriving or leaving.
const READER_TIMEOUT: Duration = Duration::from_secs(15);

/// One `card-serve` at a time: vpcd has one slot per reader.
static VPCD: Mutex<()> = Mutex::new(());

/// Fails the test unless pcscd answers and vpcd's reader is attached.
pub(crate) fn require_pcscd() -> Vec<ReaderInfo> {
    match list_readers() {
        Ok(readers) => {
            assert!(
                readers.iter().any(|r| r.name == VPCD_READER),
                "pcscd runs but has no reader {VPCD_READER:?} (readers: {:?}); is \
                 vsmartcard-vpcd installed (/etc/reader.conf.d/vpcd)? Restart pcscd \
                 with `scripts/pcscd.sh start`",
                readers.iter().map(|r| &r.name).collect::<Vec<_>>()
            );
            readers
        }
        Err(Error::Transport(e)) if e.kind == TransportErrorKind::ServiceUnavailable => {
            panic!("pcscd is not reachable ({e}); run `scripts/pcscd.sh start` before these tests")
        }
        Err(e) => panic!("listing PC/SC readers: {e}; run `scripts/pcscd.sh start`"),
    }
}

/// vpcd's reader as pcscd sees it now.
fn vpcd_reader() -> ReaderInfo {
    require_pcscd()
        .into_iter()
        .find(|r| r.name == VPCD_READER)
        .expect("checked by require_pcscd")
}

/// Waits until vpcd's reader shows (or no longer shows) a card.
fn wait_for_card(present: bool, server: Option<&mut CardServer>) -> ReaderInfo {
    let deadline = Instant::now() + READER_TIMEOUT;
    let mut server = server;
    loop {
        let reader = vpcd_reader();
        if reader.card_present == present {
            return reader;
        }
        if let Some(server) = server.as_deref_mut()
            && let Some(status) = server.exited()
        {
            panic!(
                "card-serve exited ({status}) before the card appeared; its output:\n{}",
                server.output()
            );
        }
        if Instant::now() > deadline {
            let log = server.map(|s| s.output()).unwrap_or_default();
            panic!(
                "after {READER_TIMEOUT:?} the card is still {} in {VPCD_READER:?}; card-serve \
                 output:\n{log}",
                if present { "absent" } else { "present" }
            );
        }
        sleep(Duration::from_millis(100));
    }
}

/// A running `jpki sim card-serve CARDFILE`, holding [`VPCD`]; killed (and the
/// card's departure awaited) on drop.
pub(crate) struct CardServer {
    child: Child,
    log: PathBuf,
    _vpcd: MutexGuard<'static, ()>,
}

impl CardServer {
    /// Starts serving `card_file` and waits until pcscd shows the card.
    pub(crate) fn start(card_file: &Path) -> (Self, ReaderInfo) {
        let vpcd = VPCD.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        require_pcscd();
        // A card left by an earlier server must be gone first, or the wait below
        // would see it.
        wait_for_card(false, None);
        let log = card_file.with_extension("serve.log");
        let stderr = File::create(&log).expect("create the card-serve log");
        let child = Command::new(env!("CARGO_BIN_EXE_jpki"))
            .args(["sim", "card-serve", "--verbose"])
            .arg(card_file)
            .stdin(Stdio::null())
            .stdout(stderr.try_clone().expect("clone the log handle"))
            .stderr(stderr)
            .spawn()
            .expect("spawn jpki sim card-serve");
        let mut server = Self {
            child,
            log,
            _vpcd: vpcd,
        };
        let reader = wait_for_card(true, Some(&mut server));
        (server, reader)
    }

    /// The exit status, if the server has exited.
    fn exited(&mut self) -> Option<ExitStatus> {
        self.child.try_wait().ok().flatten()
    }

    /// What the server printed so far.
    fn output(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Kills the server, waits for it, then for pcscd to see the card leave;
    /// what it printed.
    pub(crate) fn stop(mut self) -> String {
        self.kill();
        self.output()
    }

    fn kill(&mut self) {
        if self.exited().is_none() {
            let _ = self.child.kill();
        }
        let _ = self.child.wait();
        if !std::thread::panicking() {
            wait_for_card(false, None);
        }
    }
}

impl Drop for CardServer {
    fn drop(&mut self) {
        self.kill();
    }
}
