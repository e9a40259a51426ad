//! The simulator's file handling: reads within a size limit, writes through a
//! uniquely named temporary file and a rename, and exclusive locks on sidecar
//! lock files.

use std::ffi::OsString;
use std::fmt;
use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::SimulatorError;
use crate::error::Error;

/// A [`SimulatorError::State`] about `path`.
pub(crate) fn state_err(path: &Path, reason: impl fmt::Display) -> Error {
    Error::Simulator(SimulatorError::State {
        path: path.display().to_string(),
        reason: reason.to_string(),
    })
}

/// `limit` for a message: `16 MiB`, or bytes below 1 MiB.
fn describe_limit(limit: u64) -> String {
    if limit >= 1 << 20 && limit.is_multiple_of(1 << 20) {
        format!("{} MiB", limit >> 20)
    } else if limit >= 1 << 10 && limit.is_multiple_of(1 << 10) {
        format!("{} KiB", limit >> 10)
    } else {
        format!("{limit} bytes")
    }
}

/// Reads `path` whole, refusing a file larger than `limit` bytes: by its size
/// before reading anything, or (for a device or a file growing meanwhile) after
/// reading `limit + 1` bytes at most. `what` names the file in the refusal.
pub(crate) fn read_limited(path: &Path, limit: u64, what: &str) -> Result<Vec<u8>, Error> {
    let too_large = || {
        state_err(
            path,
            format!(
                "{what} larger than the {} accepted (refused unread)",
                describe_limit(limit)
            ),
        )
    };
    let file = fs::File::open(path).map_err(|e| state_err(path, e))?;
    let len = file.metadata().map_err(|e| state_err(path, e))?.len();
    if len > limit {
        return Err(too_large());
    }
    // The announced size, so a regular file is read without reallocating (and
    // without leaving copies of the keys it holds in freed memory).
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| state_err(path, e))?;
    if u64::try_from(bytes.len()).map_or(true, |n| n > limit) {
        return Err(too_large());
    }
    Ok(bytes)
}

/// Temporary files made by this process so far: part of each one's name.
static TEMP_COUNTER: AtomicU64 = AtomicU64::new(0);

/// Attempts at a fresh temporary name before giving up (a name is only taken
/// if a crashed process with the same pid left it behind).
const TEMP_ATTEMPTS: u32 = 16;

/// A new, empty temporary file next to a target file, to be renamed over it:
/// `.<name>.<pid>.<n>.tmp` in the target's directory, created exclusively (never
/// an existing file, never through a symlink), mode 0600 on Unix if `private`.
/// Removed when dropped unless [`TempFile::replace`] renamed it.
pub(crate) struct TempFile {
    path: PathBuf,
    file: Option<fs::File>,
}

impl fmt::Debug for TempFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TempFile")
            .field("path", &self.path)
            .finish()
    }
}

impl TempFile {
    /// Creates the temporary file for `target`; an error (a directory where
    /// files cannot be created, say) is [`SimulatorError::State`] naming it.
    pub(crate) fn for_target(target: &Path, private: bool) -> Result<Self, Error> {
        let name = target
            .file_name()
            .ok_or_else(|| state_err(target, "not a file path"))?;
        let pid = std::process::id();
        let mut last = None;
        for _ in 0..TEMP_ATTEMPTS {
            let n = TEMP_COUNTER.fetch_add(1, Ordering::Relaxed);
            let mut temp_name = OsString::from(".");
            temp_name.push(name);
            temp_name.push(format!(".{pid}.{n}.tmp"));
            let path = target.with_file_name(temp_name);
            let mut options = fs::OpenOptions::new();
            options.write(true).create_new(true);
            #[cfg(unix)]
            {
                use std::os::unix::fs::OpenOptionsExt;
                options.mode(if private { 0o600 } else { 0o666 });
            }
            #[cfg(not(unix))]
            let _ = private;
            match options.open(&path) {
                Ok(file) => {
                    return Ok(Self {
                        path,
                        file: Some(file),
                    });
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => last = Some((path, e)),
                Err(e) => {
                    return Err(state_err(
                        &path,
                        format!("cannot create the temporary file for saving: {e}"),
                    ));
                }
            }
        }
        Err(match last {
            Some((path, e)) => state_err(&path, e),
            None => state_err(target, "no temporary file name tried"),
        })
    }

    /// Where the temporary file is.
    #[cfg(test)]
    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    /// Writes `contents`, flushes them to disk and renames the file over
    /// `target` (which must be in the same directory), then flushes the
    /// directory (best effort). On failure the temporary file is removed.
    pub(crate) fn replace(mut self, target: &Path, contents: &[u8]) -> Result<(), Error> {
        let Some(mut file) = self.file.take() else {
            return Err(state_err(&self.path, "the temporary file was already used"));
        };
        file.write_all(contents)
            .and_then(|()| file.sync_all())
            .map_err(|e| state_err(&self.path, e))?;
        drop(file);
        fs::rename(&self.path, target).map_err(|e| state_err(target, e))?;
        // Renamed: nothing left to remove.
        self.path = PathBuf::new();
        sync_parent(target);
        Ok(())
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        self.file = None;
        if !self.path.as_os_str().is_empty() {
            let _ = fs::remove_file(&self.path);
        }
    }
}

/// Makes a rename in `path`'s directory durable where the platform allows
/// (Unix: fsync of the directory). Best effort: some file systems refuse it,
/// and the rename itself has already happened.
fn sync_parent(path: &Path) {
    #[cfg(unix)]
    {
        let parent = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p,
            _ => Path::new("."),
        };
        if let Ok(dir) = fs::File::open(parent) {
            let _ = dir.sync_all();
        }
    }
    #[cfg(not(unix))]
    let _ = path;
}

/// Writes `contents` to `path` atomically: into a fresh temporary file in the
/// same directory (mode 0600 on Unix if `private`), flushed to disk, then renamed
/// over `path`, so a crash never leaves half a file and concurrent writers never
/// write into each other's temporary file.
pub(crate) fn write_atomic(path: &Path, contents: &[u8], private: bool) -> Result<(), Error> {
    TempFile::for_target(path, private)?.replace(path, contents)
}

/// An exclusive lock on a lock file, held until dropped (closing the file
/// releases it, also when the process dies).
///
/// The lock is advisory (`flock` on Unix, `LockFileEx` on Windows) and taken on a
/// separate file that is never replaced: the files it guards are replaced by
/// rename, so a lock on them would be on an inode no longer in use. Two handles
/// of one process exclude each other like two processes do, so opening the same
/// lock twice in one thread waits forever, as locking a mutex twice would.
pub(crate) struct LockFile {
    path: PathBuf,
    _file: fs::File,
}

impl fmt::Debug for LockFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LockFile")
            .field("path", &self.path)
            .finish()
    }
}

impl LockFile {
    /// Opens (creating it, mode 0600 on Unix) the lock file and waits for the
    /// exclusive lock.
    pub(crate) fn acquire(path: &Path) -> Result<Self, Error> {
        let file = open_lock_file(path)?;
        file.lock()
            .map_err(|e| state_err(path, format!("cannot lock: {e}")))?;
        Ok(Self {
            path: path.to_path_buf(),
            _file: file,
        })
    }

    /// The lock if it is free now; `None` if another handle holds it.
    pub(crate) fn try_acquire(path: &Path) -> Result<Option<Self>, Error> {
        let file = open_lock_file(path)?;
        match file.try_lock() {
            Ok(()) => Ok(Some(Self {
                path: path.to_path_buf(),
                _file: file,
            })),
            Err(fs::TryLockError::WouldBlock) => Ok(None),
            Err(fs::TryLockError::Error(e)) => Err(state_err(path, format!("cannot lock: {e}"))),
        }
    }
}

fn open_lock_file(path: &Path) -> Result<fs::File, Error> {
    let mut options = fs::OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options
        .open(path)
        .map_err(|e| state_err(path, format!("cannot open the lock file: {e}")))
}

/// `<path>.lock`: the sidecar lock file of `path`.
pub(crate) fn sidecar_lock_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".lock");
    PathBuf::from(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("jpki-sim-files-{}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn limits_are_described_in_units() {
        assert_eq!(describe_limit(16 << 20), "16 MiB");
        assert_eq!(describe_limit(64 << 10), "64 KiB");
        assert_eq!(describe_limit(100), "100 bytes");
    }

    #[test]
    fn read_limited_takes_the_limit_and_refuses_one_byte_more() {
        let dir = scratch("limit");
        let path = dir.join("f");
        fs::write(&path, [7u8; 100]).unwrap();
        assert_eq!(read_limited(&path, 100, "the file").unwrap(), [7u8; 100]);
        let err = read_limited(&path, 99, "the file").unwrap_err();
        assert!(
            matches!(&err, Error::Simulator(SimulatorError::State { reason, .. })
                if reason.contains("larger than the 99 bytes accepted")),
            "{err}"
        );
        let err = read_limited(&dir.join("absent"), 99, "the file").unwrap_err();
        assert!(
            matches!(err, Error::Simulator(SimulatorError::State { .. })),
            "{err}"
        );
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn temporary_files_are_unique_exclusive_and_cleaned_up() {
        let dir = scratch("temp");
        let target = dir.join("card.json");
        let a = TempFile::for_target(&target, true).unwrap();
        let b = TempFile::for_target(&target, true).unwrap();
        assert_ne!(a.path(), b.path());
        let name = a.path().file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            name.starts_with(&format!(".card.json.{}.", std::process::id()))
                && name.ends_with(".tmp"),
            "{name}"
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(a.path()).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600, "{mode:o}");
        }
        // Unused: removed when dropped.
        drop(b);
        assert_eq!(names(&dir).len(), 1);
        a.replace(&target, b"first").unwrap();
        assert_eq!(names(&dir), ["card.json"]);
        write_atomic(&target, b"second", false).unwrap();
        assert_eq!(fs::read(&target).unwrap(), b"second");
        assert_eq!(names(&dir), ["card.json"]);

        // A directory in the way of the rename: the error names the target and
        // the temporary file is gone.
        let blocked = dir.join("sub");
        fs::create_dir(&blocked).unwrap();
        fs::write(blocked.join("x"), b"").unwrap();
        let err = write_atomic(&blocked, b"x", true).unwrap_err();
        assert!(err.to_string().contains("sub"), "{err}");
        assert_eq!(names(&dir), ["card.json", "sub"]);

        // No directory at all: refused at creation.
        let err = TempFile::for_target(&dir.join("missing").join("card.json"), true).unwrap_err();
        assert!(
            err.to_string().contains("cannot create the temporary file"),
            "{err}"
        );
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_held_lock_is_not_free_until_dropped() {
        let dir = scratch("lock");
        let path = sidecar_lock_path(&dir.join("card.json"));
        assert!(path.ends_with("card.json.lock"));
        let held = LockFile::acquire(&path).unwrap();
        assert!(LockFile::try_acquire(&path).unwrap().is_none());
        // Another thread waits for it.
        let waiter = {
            let path = path.clone();
            std::thread::spawn(move || {
                let started = std::time::Instant::now();
                let lock = LockFile::acquire(&path).unwrap();
                drop(lock);
                started.elapsed()
            })
        };
        std::thread::sleep(std::time::Duration::from_millis(200));
        drop(held);
        let waited = waiter.join().unwrap();
        assert!(
            waited >= std::time::Duration::from_millis(150),
            "{waited:?}"
        );
        assert!(LockFile::try_acquire(&path).unwrap().is_some());
        fs::remove_dir_all(&dir).unwrap();
    }
}
