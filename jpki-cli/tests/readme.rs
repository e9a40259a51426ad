//! Every shell example of the README runs, and its exit code is checked.
//!
//! The ```` ```sh ```` blocks of `README.md` are one scenario, run in order in a
//! fresh temporary directory with this build's `jpki` first on `PATH`. Each
//! command line (`\` continuations joined) runs on its own with `bash -e -o
//! pipefail -c`, in a session of its own (no controlling terminal: a command that
//! would prompt fails at once), with stdin empty, and at most
//! [`COMMAND_TIMEOUT`]; it must exit with the code its trailing comment names
//! (`# exit 1: …`), or 0 without one. Environment variables are set on the line
//! itself (`SIGN_PW=… jpki sign … --pin-env SIGN_PW`); nothing carries over from
//! one line to the next but files.
//!
//! Lines that cannot run inside a test are handled explicitly, never skipped:
//!
//! * `cargo run -p jpki-cli -- demo` runs this build's `jpki demo` (the same
//!   binary);
//! * `scripts/test.sh` is the test command itself: the script must exist and be
//!   executable;
//! * `scripts/py-wheel.sh VENV` builds and installs the Python wheel (a release
//!   build and a virtual environment: the test command's Python step,
//!   `scripts/py-tests.sh`, runs it): the script must exist, be executable, and
//!   be called by `scripts/py-tests.sh`, which `scripts/test.sh` calls;
//! * `scripts/wasm-build.sh` builds the WebAssembly packages (a release build with
//!   wasm-bindgen and wasm-opt: the test command's WebAssembly step,
//!   `scripts/wasm-tests.sh`, runs it): the script must exist, be executable, and
//!   be called by `scripts/wasm-tests.sh`, which `scripts/test.sh` calls;
//! * `apt-get install PKG…`: each package must be installed (`dpkg-query`);
//! * `cargo install --path jpki-cli --features pcsc`: this build must have the
//!   `pcsc` feature (so `jpki card … --reader` works);
//! * a line ending in `&` starts a server in the background: `jpki sim
//!   card-serve` (ready when pcscd shows the card in vpcd's reader) or `jpki sim
//!   ocsp-serve` (ready when it prints `listening on`). It is killed and waited
//!   for when its block ends; if it stopped by itself, its exit code is checked
//!   like any line's.
//!
//! Any other kind of line fails the test, as does a shell fence other than
//! `sh` (`bash`, `console`…), a `sh` block without commands, or fewer commands
//! and blocks than [`MIN_COMMANDS`] and [`MIN_SH_BLOCKS`].
//!
//! The PC/SC examples need pcscd with vsmartcard-vpcd's reader: run
//! `scripts/pcscd.sh start` first (`scripts/test.sh` does). Without pcscd, or
//! without the `pcsc` feature, this test fails; it never skips.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::fmt::Write as _;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

/// The README, as the test was built with it.
const README: &str = include_str!("../../README.md");

/// Commands the README's shell examples hold (counted from the README; update
/// it with the README). Fewer means examples were lost or the parser broke.
const MIN_COMMANDS: usize = 73;
/// The README's ```` ```sh ```` blocks.
const MIN_SH_BLOCKS: usize = 15;
/// Lines whose comment says `# exit 1` / `# exit 2`.
const MIN_EXIT_1: usize = 12;
const MIN_EXIT_2: usize = 3;

/// The longest one command may take.
const COMMAND_TIMEOUT: Duration = Duration::from_secs(60);
/// The longest a background server may take to be ready, or a card to leave.
const READY_TIMEOUT: Duration = Duration::from_secs(20);
/// How often a running command or a server's readiness is looked at.
const POLL: Duration = Duration::from_millis(25);

/// Programs a README line may run directly (after `VAR=value` assignments).
const PROGRAMS: &[&str] = &["jpki", "printf"];

/// One command line of a ```` ```sh ```` block.
#[derive(Debug)]
struct Line {
    /// Index of its block among the `sh` blocks (0-based).
    block: usize,
    /// README line number of its first physical line (1-based).
    number: usize,
    /// The command, continuations joined, without the comment and the `&`.
    command: String,
    /// The exit code its comment names, or 0.
    expected: i32,
    /// Whether it ends in `&`.
    background: bool,
}

/// The `sh` blocks' command lines, in order, and the number of `sh` blocks.
fn parse(readme: &str) -> Result<(Vec<Line>, usize), String> {
    let mut lines = Vec::new();
    let mut blocks = 0;
    // None outside a fence; Some(true) inside an `sh` fence.
    let mut fence: Option<bool> = None;
    let mut pending: Option<(usize, String)> = None;
    for (i, raw) in readme.lines().enumerate() {
        let number = i + 1;
        let trimmed = raw.trim();
        if let Some(info) = trimmed.strip_prefix("```") {
            match fence {
                None => {
                    let info = info.trim();
                    if [
                        "bash",
                        "shell",
                        "console",
                        "zsh",
                        "shell-session",
                        "sh-session",
                    ]
                    .contains(&info)
                    {
                        return Err(format!(
                            "README line {number}: a ```{info} block would not be run by this \
                             test; write shell examples as ```sh"
                        ));
                    }
                    if info == "sh" {
                        blocks += 1;
                        fence = Some(true);
                    } else {
                        fence = Some(false);
                    }
                }
                Some(_) => {
                    if !info.trim().is_empty() {
                        return Err(format!(
                            "README line {number}: a fence opens inside another"
                        ));
                    }
                    if pending.is_some() {
                        return Err(format!(
                            "README line {number}: the block ends after a `\\` continuation"
                        ));
                    }
                    fence = None;
                }
            }
            continue;
        }
        if fence != Some(true) {
            continue;
        }
        let (start, mut text) = pending.take().unwrap_or((number, String::new()));
        if let Some(head) = raw.trim_end().strip_suffix('\\') {
            text.push_str(head);
            text.push(' ');
            pending = Some((start, text));
            continue;
        }
        text.push_str(raw);
        let (code, comment) = split_comment(&text);
        let code = code.trim();
        if code.is_empty() {
            continue; // blank, or a comment line
        }
        let (command, background) = match code.strip_suffix('&') {
            Some(rest) if !rest.ends_with('&') => (rest.trim_end().to_owned(), true),
            _ => (code.to_owned(), false),
        };
        lines.push(Line {
            block: blocks - 1,
            number: start,
            command,
            expected: expected_code(comment, start)?,
            background,
        });
    }
    if fence.is_some() {
        return Err("the README ends inside a fence".into());
    }
    Ok((lines, blocks))
}

/// Splits a shell line at its comment: a `#` that starts a word outside quotes.
fn split_comment(line: &str) -> (&str, Option<&str>) {
    let (mut single, mut double, mut escaped) = (false, false, false);
    let mut previous = ' ';
    for (at, c) in line.char_indices() {
        if escaped {
            escaped = false;
        } else if single {
            single = c != '\'';
        } else if c == '\\' {
            escaped = true;
        } else if double {
            double = c != '"';
        } else if c == '\'' {
            single = true;
        } else if c == '"' {
            double = true;
        } else if c == '#' && previous.is_whitespace() {
            return (&line[..at], Some(&line[at + 1..]));
        }
        previous = c;
    }
    (line, None)
}

/// The exit code a comment names (`exit N` at its start), or 0.
fn expected_code(comment: Option<&str>, number: usize) -> Result<i32, String> {
    let Some(rest) = comment.and_then(|c| c.trim().strip_prefix("exit ")) else {
        return Ok(0);
    };
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    let after = rest[digits.len()..].chars().next();
    if digits.is_empty() || !after.is_none_or(|c| c == ':' || c == ',' || c.is_whitespace()) {
        return Err(format!(
            "README line {number}: a comment starting `exit ` must name the code: `# exit 1: why`"
        ));
    }
    digits
        .parse()
        .map_err(|e| format!("README line {number}: {e}"))
}

/// What the test does with a line.
#[derive(Debug, PartialEq, Eq)]
enum Action {
    /// `cargo run -p jpki-cli -- demo`: this build's `jpki demo`.
    Demo,
    /// `scripts/test.sh`: the test command itself.
    TestScript,
    /// `scripts/py-wheel.sh VENV`: run by the test command's Python step.
    PyWheel,
    /// `scripts/wasm-build.sh`: run by the test command's WebAssembly step.
    WasmBuild,
    /// `apt-get install …`: these packages must be installed.
    AptInstall(Vec<String>),
    /// `cargo install --path jpki-cli --features pcsc`.
    InstallWithPcsc,
    /// Run with bash.
    Shell,
    /// Run with bash in the background until its block ends.
    Server(Server),
}

/// The background servers the test knows how to wait for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Server {
    /// `jpki sim card-serve`: ready when pcscd shows the card.
    CardServe,
    /// `jpki sim ocsp-serve`: ready when it prints `listening on`.
    OcspServe,
}

fn classify(line: &Line) -> Result<Action, String> {
    let where_ = format!("README line {} (`{}`)", line.number, line.command);
    let special = |action: Action| {
        if line.background || line.expected != 0 {
            return Err(format!(
                "{where_}: expected to run in the foreground and exit 0"
            ));
        }
        Ok(action)
    };
    match line.command.as_str() {
        "cargo run -p jpki-cli -- demo" => return special(Action::Demo),
        "scripts/test.sh" => return special(Action::TestScript),
        "scripts/wasm-build.sh" => return special(Action::WasmBuild),
        "cargo install --path jpki-cli --features pcsc" => {
            return special(Action::InstallWithPcsc);
        }
        _ => {}
    }
    if line
        .command
        .strip_prefix("scripts/py-wheel.sh ")
        .is_some_and(|venv| venv.split_whitespace().count() == 1)
    {
        return special(Action::PyWheel);
    }
    if let Some(args) = line.command.strip_prefix("apt-get install ") {
        let packages: Vec<String> = args
            .split_whitespace()
            .filter(|w| !w.starts_with('-'))
            .map(str::to_owned)
            .collect();
        if packages.is_empty() {
            return Err(format!("{where_}: no package named"));
        }
        return special(Action::AptInstall(packages));
    }
    let program = line
        .command
        .split_whitespace()
        .find(|word| !is_assignment(word))
        .unwrap_or("");
    if !PROGRAMS.contains(&program) {
        return Err(format!(
            "{where_}: this test does not know how to run `{program}` (it runs {PROGRAMS:?}, \
             and handles the demo, scripts/test.sh, apt-get install and cargo install lines); \
             teach it in jpki-cli/tests/readme.rs"
        ));
    }
    if !line.background {
        return Ok(Action::Shell);
    }
    let words: Vec<&str> = line.command.split_whitespace().collect();
    match words.get(..3) {
        Some(["jpki", "sim", "card-serve"]) => Ok(Action::Server(Server::CardServe)),
        Some(["jpki", "sim", "ocsp-serve"]) => Ok(Action::Server(Server::OcspServe)),
        _ => Err(format!(
            "{where_}: only `jpki sim card-serve` and `jpki sim ocsp-serve` may run in the \
             background (the test knows when they are ready)"
        )),
    }
}

/// What the scenario must have done at least once, by name.
fn kind(action: &Action) -> &'static str {
    match action {
        Action::Demo => "cargo run -p jpki-cli -- demo",
        Action::TestScript => "scripts/test.sh",
        Action::PyWheel => "scripts/py-wheel.sh VENV",
        Action::WasmBuild => "scripts/wasm-build.sh",
        Action::AptInstall(_) => "apt-get install …",
        Action::InstallWithPcsc => "cargo install --path jpki-cli --features pcsc",
        Action::Shell => "a command",
        Action::Server(Server::CardServe) => "jpki sim card-serve … &",
        Action::Server(Server::OcspServe) => "jpki sim ocsp-serve … &",
    }
}

/// `NAME=value`.
fn is_assignment(word: &str) -> bool {
    word.split_once('=').is_some_and(|(name, _)| {
        !name.is_empty()
            && name.chars().all(|c| c == '_' || c.is_ascii_alphanumeric())
            && !name.starts_with(|c: char| c.is_ascii_digit())
    })
}

/// The scenario's directories, removed afterwards unless the test failed.
struct Scratch {
    root: PathBuf,
}

impl Scratch {
    fn new() -> Self {
        let root = std::env::temp_dir().join(format!("jpki-readme-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        for dir in ["work", "bin", "logs"] {
            std::fs::create_dir_all(root.join(dir)).expect("create the scratch directories");
        }
        // This build's jpki, and nothing else, ahead of PATH.
        std::os::unix::fs::symlink(env!("CARGO_BIN_EXE_jpki"), root.join("bin/jpki"))
            .expect("link jpki into the scratch bin directory");
        Self { root }
    }

    fn work(&self) -> PathBuf {
        self.root.join("work")
    }

    fn bin(&self) -> PathBuf {
        self.root.join("bin")
    }

    fn log(&self, number: usize, stream: &str) -> PathBuf {
        self.root.join(format!("logs/line{number}.{stream}"))
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if std::thread::panicking() {
            eprintln!("the scenario's files are kept in {}", self.root.display());
        } else {
            let _ = std::fs::remove_dir_all(&self.root);
        }
    }
}

/// A command line started with bash in a session (and process group) of its own.
struct Running {
    child: Child,
    stdout: PathBuf,
    stderr: PathBuf,
}

impl Running {
    fn start(scratch: &Scratch, line: &Line) -> Self {
        let stdout = scratch.log(line.number, "out");
        let stderr = scratch.log(line.number, "err");
        let path = std::env::var_os("PATH").unwrap_or_default();
        let mut paths = vec![scratch.bin()];
        paths.extend(std::env::split_paths(&path));
        // `setsid` (util-linux) makes the command a session leader without a
        // terminal: its process group is its pid, killed as a whole below.
        let child = Command::new("setsid")
            .args(["bash", "-e", "-o", "pipefail", "-c", &line.command])
            .current_dir(scratch.work())
            .env("PATH", std::env::join_paths(paths).expect("PATH"))
            .env_remove("RUST_LOG")
            .stdin(Stdio::null())
            .stdout(File::create(&stdout).expect("create a log file"))
            .stderr(File::create(&stderr).expect("create a log file"))
            .spawn()
            .unwrap_or_else(|e| {
                panic!("README line {}: cannot start setsid bash: {e}", line.number)
            });
        Self {
            child,
            stdout,
            stderr,
        }
    }

    fn exited(&mut self) -> Option<ExitStatus> {
        self.child.try_wait().expect("wait for a command")
    }

    /// Kills the whole process group and waits for the command.
    fn kill(&mut self) -> ExitStatus {
        if self.exited().is_none() {
            let group = format!("-{}", self.child.id());
            let _ = Command::new("bash")
                .args(["-c", "kill -KILL -- \"$1\"", "kill", &group])
                .status();
        }
        self.child.wait().expect("wait for a killed command")
    }

    /// Waits for the command, killing it after [`COMMAND_TIMEOUT`].
    fn wait(&mut self, line: &Line) -> ExitStatus {
        let deadline = Instant::now() + COMMAND_TIMEOUT;
        loop {
            if let Some(status) = self.exited() {
                return status;
            }
            if Instant::now() > deadline {
                self.kill();
                panic!(
                    "README line {}: `{}` still ran after {COMMAND_TIMEOUT:?} and was killed\n{}",
                    line.number,
                    line.command,
                    self.output()
                );
            }
            sleep(POLL);
        }
    }

    fn stdout_text(&self) -> String {
        std::fs::read_to_string(&self.stdout).unwrap_or_default()
    }

    fn output(&self) -> String {
        let tail = |path: &Path| {
            let text = std::fs::read_to_string(path).unwrap_or_default();
            let lines: Vec<&str> = text.lines().collect();
            lines[lines.len().saturating_sub(30)..].join("\n")
        };
        format!(
            "--- stdout (last lines)\n{}\n--- stderr (last lines)\n{}",
            tail(&self.stdout),
            tail(&self.stderr)
        )
    }
}

/// A command still running when the test fails is killed with its group.
impl Drop for Running {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Checks a finished line's exit code.
fn check_exit(line: &Line, status: ExitStatus, running: &Running) {
    assert_eq!(
        status.code(),
        Some(line.expected),
        "README line {}: `{}` exited with {status}, the README says {}\n{}",
        line.number,
        line.command,
        line.expected,
        running.output()
    );
}

/// A server started by a line ending in `&`.
struct Background<'a> {
    line: &'a Line,
    server: Server,
    running: Running,
}

impl Background<'_> {
    /// Kills the server (unless it stopped by itself: then its exit code is
    /// checked) and, for a card, waits until pcscd sees it leave.
    fn stop(mut self) {
        match self.running.exited() {
            Some(status) => check_exit(self.line, status, &self.running),
            None => {
                self.running.kill();
            }
        }
        if self.server == Server::CardServe {
            pcsc::wait_for_card(false, None, self.line);
        }
    }
}

/// Starts a background server and waits until it is ready.
fn start_server<'a>(scratch: &Scratch, line: &'a Line, server: Server) -> Background<'a> {
    if server == Server::CardServe {
        // A card left by someone else would make the wait below succeed at once.
        pcsc::wait_for_card(false, None, line);
    }
    let mut running = Running::start(scratch, line);
    match server {
        Server::CardServe => pcsc::wait_for_card(true, Some(&mut running), line),
        Server::OcspServe => {
            let deadline = Instant::now() + READY_TIMEOUT;
            while !running.stdout_text().contains("listening on") {
                if let Some(status) = running.exited() {
                    panic!(
                        "README line {}: `{}` exited ({status}) before listening\n{}",
                        line.number,
                        line.command,
                        running.output()
                    );
                }
                if Instant::now() > deadline {
                    running.kill();
                    panic!(
                        "README line {}: `{}` did not listen within {READY_TIMEOUT:?}\n{}",
                        line.number,
                        line.command,
                        running.output()
                    );
                }
                sleep(POLL);
            }
        }
    }
    Background {
        line,
        server,
        running,
    }
}

/// The directory of the workspace (where `scripts/` and the README are).
fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the workspace directory")
        .to_path_buf()
}

fn assert_executable(script: &str) {
    use std::os::unix::fs::PermissionsExt;
    let script = workspace().join(script);
    let meta = std::fs::metadata(&script)
        .unwrap_or_else(|e| panic!("the README names {}: {e}", script.display()));
    assert!(
        meta.is_file() && meta.permissions().mode() & 0o111 != 0,
        "{} is not an executable file",
        script.display()
    );
}

fn assert_test_script() {
    assert_executable("scripts/test.sh");
}

/// Whether a script runs `command` on a line of its own (not in a comment).
fn runs(script: &str, command: &str) -> bool {
    let path = workspace().join(script);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    text.lines()
        .map(str::trim_start)
        .filter(|l| !l.starts_with('#'))
        .any(|l| l.contains(command))
}

/// A build script the README names is what one of the test command's steps runs:
/// `build` exists, is executable and is run by `step`, which `scripts/test.sh` runs.
fn assert_run_by_test_command(build: &str, step: &str) {
    assert_executable(build);
    assert_executable(step);
    assert!(
        runs(step, build),
        "{step} does not run {build}, which the README names"
    );
    assert!(
        runs("scripts/test.sh", step),
        "scripts/test.sh does not run {step}"
    );
}

fn assert_installed(packages: &[String]) {
    for package in packages {
        let out = Command::new("dpkg-query")
            .args(["-W", "-f=${Status}", package])
            .output()
            .unwrap_or_else(|e| {
                panic!("cannot run dpkg-query to check that {package} is installed: {e}")
            });
        let status = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success() && status.trim() == "install ok installed",
            "the README installs Debian package {package}, which is not installed here \
             ({status}); scripts/test.sh installs it"
        );
    }
}

fn assert_built_with_pcsc() {
    pcsc::require_feature();
    let out = Command::new(env!("CARGO_BIN_EXE_jpki"))
        .args(["card", "info", "--reader", "jpki readme: no such reader"])
        .stdin(Stdio::null())
        .output()
        .expect("run jpki");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        !stderr.contains("built without PC/SC"),
        "this test's jpki has no PC/SC: {stderr}"
    );
}

#[cfg(feature = "pcsc")]
mod pcsc {
    use super::{Line, POLL, READY_TIMEOUT, Running};
    use jpki::Error;
    use jpki::card::TransportErrorKind;
    use jpki::card::pcsc::{ReaderInfo, list_readers};
    use std::thread::sleep;
    use std::time::Instant;

    /// vpcd's first reader, where `jpki sim card-serve` (port 35963) puts the card.
    const VPCD_READER: &str = "Virtual PCD 00 00";

    /// This build has the `pcsc` feature.
    pub(super) fn require_feature() {}

    /// Fails the test unless pcscd answers and vpcd's reader is attached.
    pub(super) fn require_pcscd() -> ReaderInfo {
        match list_readers() {
            Ok(readers) => {
                let names: Vec<String> = readers.iter().map(|r| r.name.clone()).collect();
                readers
                    .into_iter()
                    .find(|r| r.name == VPCD_READER)
                    .unwrap_or_else(|| {
                        panic!(
                            "pcscd runs but has no reader {VPCD_READER:?} (readers: {names:?}); \
                             is vsmartcard-vpcd installed (/etc/reader.conf.d/vpcd)? Restart \
                             pcscd with `scripts/pcscd.sh start`"
                        )
                    })
            }
            Err(Error::Transport(e)) if e.kind == TransportErrorKind::ServiceUnavailable => {
                panic!(
                    "pcscd is not reachable ({e}); the README's PC/SC examples need it: run \
                     `scripts/pcscd.sh start` before this test"
                )
            }
            Err(e) => panic!("listing PC/SC readers: {e}; run `scripts/pcscd.sh start`"),
        }
    }

    /// Waits until vpcd's reader shows (or no longer shows) a card; fails if
    /// `server` exits first.
    pub(super) fn wait_for_card(present: bool, mut server: Option<&mut Running>, line: &Line) {
        let deadline = Instant::now() + READY_TIMEOUT;
        loop {
            if require_pcscd().card_present == present {
                return;
            }
            if let Some(server) = server.as_deref_mut()
                && let Some(status) = server.exited()
            {
                panic!(
                    "README line {}: `{}` exited ({status}) before the card appeared\n{}",
                    line.number,
                    line.command,
                    server.output()
                );
            }
            if Instant::now() > deadline {
                let output = server.map(|s| {
                    s.kill();
                    s.output()
                });
                panic!(
                    "README line {}: after {READY_TIMEOUT:?} a card is still {} in \
                     {VPCD_READER:?}\n{}",
                    line.number,
                    if present { "absent" } else { "present" },
                    output.unwrap_or_default()
                );
            }
            sleep(POLL);
        }
    }
}

#[cfg(not(feature = "pcsc"))]
mod pcsc {
    use super::{Line, Running};

    const WHY: &str = "the README's PC/SC examples need the pcsc feature: run `cargo test -p \
                       jpki-cli --features pcsc` with pcscd running (`scripts/pcscd.sh \
                       start`); scripts/test.sh does both";

    pub(super) fn require_feature() {
        panic!("{WHY}");
    }

    pub(super) fn require_pcscd() {
        panic!("{WHY}");
    }

    pub(super) fn wait_for_card(_present: bool, _server: Option<&mut Running>, _line: &Line) {
        panic!("{WHY}");
    }
}

/// The parser and classifier on a made-up README: comments inside quotes,
/// continuations, exit codes, backgrounds, and refusals of what cannot run.
fn check_the_parser() {
    let text = "intro\n```rust\nlet x = 1; # not sh\n```\n```sh\n# a comment line\n\
                jpki a \"b # c\" 'd # e' # exit 1: because\n\
                X=1 jpki b \\\n    --c d   # exit 2\n\nprintf '#x\\n' > f.txt\n\
                jpki sim ocsp-serve ./ca &\njpki c && jpki d\n```\n";
    let (lines, blocks) = parse(text).unwrap();
    assert_eq!(blocks, 1);
    let got: Vec<(&str, i32, bool, usize)> = lines
        .iter()
        .map(|l| (l.command.as_str(), l.expected, l.background, l.number))
        .collect();
    assert_eq!(
        got,
        [
            ("jpki a \"b # c\" 'd # e'", 1, false, 7),
            ("X=1 jpki b      --c d", 2, false, 8),
            ("printf '#x\\n' > f.txt", 0, false, 11),
            ("jpki sim ocsp-serve ./ca", 0, true, 12),
            ("jpki c && jpki d", 0, false, 13),
        ]
    );
    assert_eq!(classify(&lines[1]), Ok(Action::Shell));
    assert_eq!(classify(&lines[3]), Ok(Action::Server(Server::OcspServe)));
    let line = |command: &str, expected, background| Line {
        block: 0,
        number: 1,
        command: command.into(),
        expected,
        background,
    };
    assert_eq!(
        classify(&line("apt-get install -y pcscd vsmartcard-vpcd", 0, false)),
        Ok(Action::AptInstall(vec![
            "pcscd".into(),
            "vsmartcard-vpcd".into()
        ]))
    );
    for (command, expected, background) in [
        ("curl http://example.invalid", 0, false),
        ("cargo run -p jpki-cli -- demo", 1, false),
        ("scripts/test.sh", 0, true),
        ("scripts/py-wheel.sh", 0, false),
        ("scripts/py-wheel.sh a b", 0, false),
        ("scripts/wasm-build.sh", 0, true),
        ("jpki verify x.p7s", 0, true),
        ("sudo jpki demo", 0, false),
    ] {
        assert!(
            classify(&line(command, expected, background)).is_err(),
            "{command} was accepted"
        );
    }
    assert!(expected_code(Some(" exit soon"), 1).is_err());
    assert!(expected_code(Some(" exit 1x"), 1).is_err());
    assert_eq!(expected_code(Some(" exits when done"), 1), Ok(0));
    assert_eq!(expected_code(Some(" exit 2"), 1), Ok(2));
    assert!(parse("```bash\nls\n```\n").is_err());
    assert!(parse("```sh\njpki a \\\n```\n").is_err());
    assert!(parse("```sh\njpki a\n").is_err());
}

/// The whole scenario, in the only test of this file: no two servers ever share
/// vpcd's port or the OCSP port.
#[test]
fn every_shell_example_runs() {
    check_the_parser();
    let (lines, blocks) = parse(README).unwrap_or_else(|e| panic!("{e}"));
    let actions: Vec<Action> = lines
        .iter()
        .map(|l| classify(l).unwrap_or_else(|e| panic!("{e}")))
        .collect();
    pcsc::require_pcscd();

    let scratch = Scratch::new();
    let mut report = String::new();
    let mut visited = vec![0usize; blocks];
    let mut background: Vec<Background<'_>> = Vec::new();
    let mut seen = Vec::new();
    for (index, (line, action)) in lines.iter().zip(&actions).enumerate() {
        let started = Instant::now();
        match action {
            Action::Demo => {
                let demo = Line {
                    block: line.block,
                    number: line.number,
                    command: "jpki demo".into(),
                    expected: 0,
                    background: false,
                };
                let mut running = Running::start(&scratch, &demo);
                let status = running.wait(&demo);
                check_exit(&demo, status, &running);
            }
            Action::TestScript => assert_test_script(),
            Action::PyWheel => {
                assert_run_by_test_command("scripts/py-wheel.sh", "scripts/py-tests.sh");
            }
            Action::WasmBuild => {
                assert_run_by_test_command("scripts/wasm-build.sh", "scripts/wasm-tests.sh");
            }
            Action::AptInstall(packages) => assert_installed(packages),
            Action::InstallWithPcsc => assert_built_with_pcsc(),
            Action::Shell => {
                let mut running = Running::start(&scratch, line);
                let status = running.wait(line);
                check_exit(line, status, &running);
            }
            Action::Server(server) => background.push(start_server(&scratch, line, *server)),
        }
        seen.push(kind(action));
        visited[line.block] += 1;
        let _ = writeln!(
            report,
            "line {:>3}  block {:>2}  exit {}  {:>5.2} s  {}{}",
            line.number,
            line.block,
            line.expected,
            started.elapsed().as_secs_f64(),
            line.command,
            if line.background { " &" } else { "" }
        );
        // A block's servers stop when the block ends.
        if lines
            .get(index + 1)
            .is_none_or(|next| next.block != line.block)
        {
            for server in background.drain(..) {
                server.stop();
            }
        }
    }
    println!("{report}");

    let empty: Vec<usize> = (0..blocks).filter(|&b| visited[b] == 0).collect();
    assert!(
        empty.is_empty(),
        "```sh blocks without a command: {empty:?}"
    );
    assert!(
        blocks >= MIN_SH_BLOCKS,
        "the README has {blocks} ```sh blocks, fewer than the {MIN_SH_BLOCKS} expected"
    );
    let ran: usize = visited.iter().sum();
    assert!(
        ran >= MIN_COMMANDS,
        "ran {ran} README commands, fewer than the {MIN_COMMANDS} expected"
    );
    let count = |code| lines.iter().filter(|l| l.expected == code).count();
    assert!(count(1) >= MIN_EXIT_1, "{} lines expect exit 1", count(1));
    assert!(count(2) >= MIN_EXIT_2, "{} lines expect exit 2", count(2));
    for action in [
        Action::Demo,
        Action::TestScript,
        Action::PyWheel,
        Action::WasmBuild,
        Action::AptInstall(Vec::new()),
        Action::InstallWithPcsc,
        Action::Server(Server::CardServe),
        Action::Server(Server::OcspServe),
    ] {
        assert!(
            seen.contains(&kind(&action)),
            "the README lost its `{}` line",
            kind(&action)
        );
    }
}
