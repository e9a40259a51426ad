//! A card file that several processes share: locked while in use, and never
//! operated on unless its new state can be saved.

use std::fmt;
use std::path::{Path, PathBuf};

use zeroize::Zeroizing;

use super::card::VirtualCard;
use super::files::{LockFile, TempFile, sidecar_lock_path, state_err};
use crate::card::CardKind;
use crate::error::Error;

/// A simulator card file opened for a load, operate, save sequence that no
/// other user of the file can interleave with: a PIN try spent by one process is
/// never overwritten by another that loaded the card before it, and a card whose
/// new state cannot be written is refused before it answers any command.
///
/// * [`open`](Self::open) takes an exclusive lock on the sidecar file
///   `<path>.lock` (created next to the card, mode 0600 on Unix, left in place:
///   the card file itself is replaced by rename at each save, so a lock on it
///   would not serialize anything), waiting while another process holds it, then
///   loads the card ([`VirtualCard::load`], at most [`MAX_CARD_FILE_BYTES`]).
/// * [`card_mut`](Self::card_mut) first makes sure a temporary file for the next
///   save exists (`.<name>.<pid>.<n>.tmp` in the card's directory, created
///   exclusively, mode 0600 on Unix), so an unwritable directory is an error
///   before the card is touched, not after a wrong PIN was counted in memory.
/// * [`save`](Self::save) writes the card into that file, flushes it to disk
///   and renames it over the card file, keeping the lock;
///   [`commit`](Self::commit) does the same and then releases the lock.
/// * Dropping the handle removes an unused temporary file and releases the lock
///   without saving.
///
/// The lock is advisory: [`VirtualCard::load`] and [`VirtualCard::save`] do not
/// take it. Two handles exclude each other even in one process, so opening a card
/// file a second time in a thread that already holds it waits forever, as
/// locking a mutex twice would; [`try_open`](Self::try_open) does not wait.
///
/// ```no_run
/// use jpki::card::{JpkiCard, PinKind};
/// use jpki::sim::CardFile;
///
/// # fn main() -> Result<(), jpki::Error> {
/// let mut file = CardFile::open("card.json".as_ref())?;
/// let status = JpkiCard::new(file.card_mut()?).pin_status(PinKind::AuthenticationPin);
/// file.commit()?; // saved (a spent try included), then unlocked
/// println!("{:?}", status?.state);
/// # Ok(()) }
/// ```
///
/// [`MAX_CARD_FILE_BYTES`]: super::MAX_CARD_FILE_BYTES
pub struct CardFile {
    card: VirtualCard,
    path: PathBuf,
    /// The temporary file the next save writes; dropped (removed) before the lock.
    temp: Option<TempFile>,
    lock: LockFile,
}

impl fmt::Debug for CardFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CardFile")
            .field("path", &self.path)
            .field("lock", &self.lock)
            .field("temp", &self.temp)
            .field("card", &self.card)
            .finish()
    }
}

impl CardFile {
    /// Locks the card file at `path` (waiting for any other holder), loads it
    /// and prepares the temporary file of its next save.
    ///
    /// A lock file that cannot be created, a card that cannot be loaded
    /// ([`VirtualCard::load`]) or a directory where the temporary file cannot be
    /// created is [`SimulatorError::State`](crate::SimulatorError::State), and
    /// the lock is released.
    pub fn open(path: &Path) -> Result<Self, Error> {
        let lock = LockFile::acquire(&sidecar_lock_path(path))?;
        Self::load_locked(path, lock)
    }

    /// As [`open`](Self::open), but `Ok(None)` at once if another handle (of
    /// this or another process) holds the lock.
    pub fn try_open(path: &Path) -> Result<Option<Self>, Error> {
        match LockFile::try_acquire(&sidecar_lock_path(path))? {
            Some(lock) => Self::load_locked(path, lock).map(Some),
            None => Ok(None),
        }
    }

    /// As [`open`](Self::open), but when no file exists at `path` the card is a
    /// blank [`VirtualCard::new`] of `kind` (the first [`save`](Self::save)
    /// creates the file): what the municipal window does with a new card.
    pub fn open_or_new(path: &Path, kind: CardKind) -> Result<Self, Error> {
        let lock = LockFile::acquire(&sidecar_lock_path(path))?;
        let exists = path
            .try_exists()
            .map_err(|e| state_err(path, format!("cannot tell whether it exists: {e}")))?;
        if exists {
            Self::load_locked(path, lock)
        } else {
            Self::with_card(path, lock, VirtualCard::new(kind))
        }
    }

    fn load_locked(path: &Path, lock: LockFile) -> Result<Self, Error> {
        let card = VirtualCard::load(path)?;
        Self::with_card(path, lock, card)
    }

    fn with_card(path: &Path, lock: LockFile, card: VirtualCard) -> Result<Self, Error> {
        let mut file = Self {
            card,
            path: path.to_path_buf(),
            temp: None,
            lock,
        };
        file.prepare()?;
        Ok(file)
    }

    /// The card file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The card, to read.
    pub fn card(&self) -> &VirtualCard {
        &self.card
    }

    /// The card, to operate on: only once the temporary file of the next save
    /// exists (created now if a [`save`](Self::save) used the previous one). An
    /// error creating it is [`SimulatorError::State`](crate::SimulatorError::State)
    /// and the card is not handed out.
    pub fn card_mut(&mut self) -> Result<&mut VirtualCard, Error> {
        self.prepare()?;
        Ok(&mut self.card)
    }

    /// Creates the temporary file of the next save, unless one is ready.
    fn prepare(&mut self) -> Result<(), Error> {
        if self.temp.is_none() {
            self.temp = Some(TempFile::for_target(&self.path, true)?);
        }
        Ok(())
    }

    /// Writes the card (as [`VirtualCard::save`] does) into the prepared
    /// temporary file (or a new one), flushes it to disk and renames it over the
    /// card file. The lock is kept; the next [`card_mut`](Self::card_mut)
    /// prepares the following save. A failure is
    /// [`SimulatorError::State`](crate::SimulatorError::State); the card file is
    /// then as it was before.
    pub fn save(&mut self) -> Result<(), Error> {
        let json: Zeroizing<Vec<u8>> = self.card.to_json(&self.path)?;
        let temp = match self.temp.take() {
            Some(temp) => temp,
            None => TempFile::for_target(&self.path, true)?,
        };
        temp.replace(&self.path, &json)
    }

    /// [`save`](Self::save)s, then releases the lock. On failure the lock is
    /// released as well, and the card file is as it was before.
    pub fn commit(mut self) -> Result<(), Error> {
        self.save()
    }
}

#[cfg(test)]
mod tests {
    use std::fs;
    use std::sync::{Arc, Barrier};

    use super::super::card::MAX_CARD_FILE_BYTES;
    use super::*;
    use crate::SimulatorError;
    use crate::card::{JpkiCard, Pin, PinKind, PinState, Secret};

    const PIN: &str = "1234";

    struct Scratch(PathBuf);

    impl Scratch {
        fn new(name: &str) -> Self {
            let dir =
                std::env::temp_dir().join(format!("jpki-card-file-{}-{name}", std::process::id()));
            let _ = fs::remove_dir_all(&dir);
            fs::create_dir_all(&dir).unwrap();
            Self(dir)
        }

        fn names(&self) -> Vec<String> {
            let mut names: Vec<String> = fs::read_dir(&self.0)
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
            names.sort();
            names
        }
    }

    impl Drop for Scratch {
        fn drop(&mut self) {
            let _ = fs::remove_dir_all(&self.0);
        }
    }

    /// A card whose authentication PIN is [`PIN`], saved at `path`.
    fn card_at(path: &Path) {
        let mut card = VirtualCard::new(CardKind::MyNumberCard);
        card.set_secret(&Secret::new(PinKind::AuthenticationPin, PIN).unwrap());
        card.save(path).unwrap();
    }

    fn wrong_pin(allow_last_try: bool) -> Pin {
        Pin::new(Secret::new(PinKind::AuthenticationPin, "9999").unwrap())
            .with_last_try(allow_last_try)
    }

    fn tries_on_disk(path: &Path) -> u8 {
        VirtualCard::load(path)
            .unwrap()
            .tries_left(PinKind::AuthenticationPin)
    }

    fn state_reason(err: &Error) -> &str {
        match err {
            Error::Simulator(SimulatorError::State { reason, .. }) => reason,
            other => panic!("not a state error: {other:?}"),
        }
    }

    #[test]
    fn a_wrong_pin_is_saved_and_nothing_is_left_behind() {
        let dir = Scratch::new("saved");
        let path = dir.0.join("card.json");
        card_at(&path);
        let mut file = CardFile::open(&path).unwrap();
        assert_eq!(file.path(), path);
        // The temporary file of the save exists before the card is handed out.
        assert_eq!(dir.names().len(), 3, "{:?}", dir.names());
        let result = JpkiCard::new(file.card_mut().unwrap()).verify(&wrong_pin(false));
        assert!(
            matches!(result, Err(Error::WrongPin { remaining: 2, .. })),
            "{result:?}"
        );
        assert_eq!(tries_on_disk(&path), 3, "not saved yet");
        file.commit().unwrap();
        assert_eq!(tries_on_disk(&path), 2);
        assert_eq!(dir.names(), ["card.json", "card.json.lock"]);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600, "{mode:o}");
        }

        // Dropped without saving: the spent try is not written, the temporary
        // file is removed and the lock released.
        let mut file = CardFile::open(&path).unwrap();
        let _ = JpkiCard::new(file.card_mut().unwrap()).verify(&wrong_pin(true));
        drop(file);
        assert_eq!(tries_on_disk(&path), 2);
        assert_eq!(dir.names(), ["card.json", "card.json.lock"]);
        assert!(CardFile::try_open(&path).unwrap().is_some());
    }

    #[test]
    fn save_keeps_the_lock_and_prepares_the_next_save_on_demand() {
        let dir = Scratch::new("keep");
        let path = dir.0.join("card.json");
        card_at(&path);
        let mut file = CardFile::open(&path).unwrap();
        for remaining in [2u8, 1] {
            let result = JpkiCard::new(file.card_mut().unwrap()).verify(&wrong_pin(true));
            assert!(
                matches!(result, Err(Error::WrongPin { remaining: r, .. }) if r == remaining),
                "{result:?}"
            );
            file.save().unwrap();
            assert_eq!(tries_on_disk(&path), remaining);
            // Saved: no temporary file until the card is operated on again.
            assert_eq!(dir.names(), ["card.json", "card.json.lock"]);
            assert!(CardFile::try_open(&path).unwrap().is_none(), "still locked");
        }
        assert_eq!(file.card().tries_left(PinKind::AuthenticationPin), 1);
        drop(file);
        assert!(CardFile::try_open(&path).unwrap().is_some());
    }

    #[test]
    fn threads_sharing_a_card_file_lose_no_try() {
        let dir = Scratch::new("threads");
        let path = Arc::new(dir.0.join("card.json"));
        card_at(&path);
        let start = Arc::new(Barrier::new(3));
        let threads: Vec<_> = (0..3)
            .map(|_| {
                let path = Arc::clone(&path);
                let start = Arc::clone(&start);
                std::thread::spawn(move || {
                    start.wait();
                    let mut file = CardFile::open(&path).unwrap();
                    let state = JpkiCard::new(file.card_mut().unwrap())
                        .pin_status(PinKind::AuthenticationPin)
                        .unwrap()
                        .state;
                    // Give the others time to load the card, were they not
                    // waiting for the lock.
                    std::thread::sleep(std::time::Duration::from_millis(50));
                    let result = JpkiCard::new(file.card_mut().unwrap()).verify(&wrong_pin(true));
                    file.commit().unwrap();
                    (state, result.is_err())
                })
            })
            .collect();
        let mut seen: Vec<PinState> = threads
            .into_iter()
            .map(|t| {
                let (state, failed) = t.join().unwrap();
                assert!(failed);
                state
            })
            .collect();
        seen.sort_by_key(|s| match s {
            PinState::Remaining(n) => *n,
            _ => 0,
        });
        assert_eq!(
            seen,
            [
                PinState::Remaining(1),
                PinState::Remaining(2),
                PinState::Remaining(3)
            ]
        );
        assert_eq!(tries_on_disk(&path), 0);
    }

    #[test]
    fn a_card_that_cannot_be_saved_is_refused_before_use() {
        // A file name one byte short of the usual 255-byte limit: the card and
        // its lock file fit, the temporary file's longer name does not. The
        // refusal does not depend on permissions, so it holds for root too.
        let dir = Scratch::new("unsavable");
        let long = dir.0.join(format!("{}.json", "c".repeat(245)));
        let path = dir.0.join("card.json");
        card_at(&path);
        fs::copy(&path, &long).unwrap();
        let before = fs::read(&long).unwrap();
        let err = CardFile::open(&long).unwrap_err();
        assert!(
            state_reason(&err).contains("cannot create the temporary file"),
            "{err}"
        );
        assert_eq!(fs::read(&long).unwrap(), before);
        // The lock was released with the refusal.
        assert!(
            LockFile::try_acquire(&sidecar_lock_path(&long))
                .unwrap()
                .is_some()
        );
        assert!(!dir.names().iter().any(|n| n.ends_with(".tmp")));
    }

    #[test]
    fn a_failed_save_leaves_the_card_file_as_it_was() {
        // The card's directory disappears (and comes back as a file) while the
        // card is in use: the save fails with an error, and nothing of it lands.
        let dir = Scratch::new("vanished");
        let sub = dir.0.join("sub");
        fs::create_dir(&sub).unwrap();
        let path = sub.join("card.json");
        card_at(&path);
        let before = fs::read(&path).unwrap();
        let mut file = CardFile::open(&path).unwrap();
        let _ = JpkiCard::new(file.card_mut().unwrap()).verify(&wrong_pin(true));
        let moved = dir.0.join("moved");
        fs::rename(&sub, &moved).unwrap();
        fs::create_dir(&sub).unwrap();
        fs::write(sub.join("card.json"), b"placeholder").unwrap();
        // The prepared temporary file moved away with the directory; the rename
        // into the new directory fails.
        let err = file.save().unwrap_err();
        assert!(matches!(
            err,
            Error::Simulator(SimulatorError::State { .. })
        ));
        assert_eq!(fs::read(sub.join("card.json")).unwrap(), b"placeholder");
        assert_eq!(fs::read(moved.join("card.json")).unwrap(), before);
        drop(file);
    }

    #[test]
    fn missing_files_and_new_cards() {
        let dir = Scratch::new("new");
        let path = dir.0.join("card.json");
        let err = CardFile::open(&path).unwrap_err();
        assert!(matches!(
            err,
            Error::Simulator(SimulatorError::State { .. })
        ));
        let mut file = CardFile::open_or_new(&path, CardKind::JukiCard).unwrap();
        assert_eq!(file.card().kind(), &CardKind::JukiCard);
        file.card_mut()
            .unwrap()
            .set_secret(&Secret::new(PinKind::AuthenticationPin, PIN).unwrap());
        file.commit().unwrap();
        let file = CardFile::open_or_new(&path, CardKind::MyNumberCard).unwrap();
        assert_eq!(file.card().kind(), &CardKind::JukiCard, "loaded, not new");
        assert!(format!("{file:?}").contains("card.json"));
    }

    #[test]
    fn oversized_card_files_are_refused_unread() {
        let dir = Scratch::new("oversized");
        let path = dir.0.join("card.json");
        let file = fs::File::create(&path).unwrap();
        // Sparse: no disk space, and never read.
        file.set_len(MAX_CARD_FILE_BYTES + 1).unwrap();
        for err in [
            VirtualCard::load(&path).unwrap_err(),
            CardFile::open(&path).unwrap_err(),
        ] {
            assert!(state_reason(&err).contains("16 MiB"), "{err}");
        }
        file.set_len(4 << 30).unwrap();
        let err = VirtualCard::load(&path).unwrap_err();
        assert!(
            state_reason(&err).contains("larger than the 16 MiB"),
            "{err}"
        );
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn an_endless_device_is_refused_after_the_limit() {
        let dir = Scratch::new("dev-zero");
        let path = dir.0.join("card.json");
        std::os::unix::fs::symlink("/dev/zero", &path).unwrap();
        let err = VirtualCard::load(&path).unwrap_err();
        assert!(
            state_reason(&err).contains("larger than the 16 MiB"),
            "{err}"
        );
    }
}
