//! A simulator card file shared by several `jpki card … --sim` processes: no PIN
//! try is lost to a race, and a card whose new state cannot be saved is refused
//! before any command reaches it.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

#[allow(dead_code)]
#[path = "support/common.rs"]
mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use common::*;
use serde_json::Value;

/// Processes racing for one card.
const RACERS: usize = 6;
/// The longest a `jpki card` command may take, waiting for the others included.
const BOUND: Duration = Duration::from_secs(120);

/// A card fresh from the window (authentication PIN 1234, 3 tries), issued
/// once for the whole file; tests copy it.
fn fresh_card() -> &'static Path {
    static CARD: OnceLock<PathBuf> = OnceLock::new();
    CARD.get_or_init(|| {
        let dir = scratch("card-file-template");
        let state = dir.join("ca");
        let o = jpki(&["sim", "init", s(&state), "--at", AT]);
        assert!(o.status.success(), "init: {}", stderr(&o));
        let card = dir.join("card.json");
        let resident = [
            "並行 太郎",
            "1960-06-06",
            "male",
            "東京都千代田区霞が関2丁目1番2号",
        ];
        let o = issue_card(&state, &card, resident, "TARO1960", &[]);
        assert!(o.status.success(), "issue: {}", stderr(&o));
        card
    })
}

/// `jpki card change-pin` of the authentication PIN with a wrong current PIN,
/// started with its stderr going to `log`.
fn spawn_wrong_pin(card: &Path, allow_last_try: bool, log: &Path) -> Child {
    let mut args = vec![
        "card",
        "change-pin",
        "--sim",
        s(card),
        "--pin",
        "auth",
        "--pin-env",
        "WRONG",
        "--new-pin-env",
        "NEW",
    ];
    if allow_last_try {
        args.push("--allow-last-try");
    }
    Command::new(env!("CARGO_BIN_EXE_jpki"))
        .args(&args)
        .env("WRONG", "9999")
        .env("NEW", "5678")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(fs::File::create(log).unwrap())
        .spawn()
        .unwrap()
}

/// Waits for `child` until [`BOUND`] after `started`; kills it and fails after.
fn wait_bounded(child: &mut Child, started: Instant) -> Option<i32> {
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status.code();
        }
        if started.elapsed() > BOUND {
            let _ = child.kill();
            let _ = child.wait();
            panic!("a jpki card command did not end within {BOUND:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// (exit code, stderr) of each run, in the order they were started.
type Results = Vec<(Option<i32>, String)>;

fn run_parallel(card: &Path, allow_last_try: bool, logs: &Path) -> Results {
    let started = Instant::now();
    let mut children: Vec<(Child, PathBuf)> = (0..RACERS)
        .map(|i| {
            let log = logs.join(format!("parallel-{i}.log"));
            (spawn_wrong_pin(card, allow_last_try, &log), log)
        })
        .collect();
    children
        .iter_mut()
        .map(|(child, log)| {
            let code = wait_bounded(child, started);
            (code, fs::read_to_string(log).unwrap())
        })
        .collect()
}

fn run_sequential(card: &Path, allow_last_try: bool, logs: &Path) -> Results {
    (0..RACERS)
        .map(|i| {
            let log = logs.join(format!("sequential-{i}.log"));
            let mut child = spawn_wrong_pin(card, allow_last_try, &log);
            let code = wait_bounded(&mut child, Instant::now());
            (code, fs::read_to_string(&log).unwrap())
        })
        .collect()
}

fn pin_status(card: &Path) -> Value {
    let o = jpki(&["card", "pin-status", "--sim", s(card), "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    serde_json::from_slice(&o.stdout).unwrap()
}

fn sorted(mut results: Results) -> Results {
    results.sort();
    results
}

/// Six wrong PINs at once on copy A, one after the other on copy B: the same
/// counters and the same answers, as a multiset; returns B's answers in order.
fn race(name: &str, allow_last_try: bool) -> (Results, Value) {
    let dir = scratch(name);
    let a = dir.join("a.json");
    let b = dir.join("b.json");
    fs::copy(fresh_card(), &a).unwrap();
    fs::copy(fresh_card(), &b).unwrap();
    assert_eq!(pin_status(&a)["pins"]["auth_pin"]["remaining"], 3);

    let parallel = run_parallel(&a, allow_last_try, &dir);
    let sequential = run_sequential(&b, allow_last_try, &dir);

    let status_a = pin_status(&a);
    let status_b = pin_status(&b);
    assert_eq!(status_a, status_b, "parallel vs sequential counters");
    assert_eq!(
        sorted(parallel.clone()),
        sorted(sequential.clone()),
        "parallel vs sequential exit codes and messages"
    );
    // Every run answered with exactly one message, and nothing is left behind
    // but the cards and their lock files.
    for (_, message) in &parallel {
        assert_eq!(message.lines().count(), 1, "{message}");
    }
    let leftovers: Vec<String> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    (sequential, status_b)
}

#[test]
fn parallel_wrong_pins_lose_no_try() {
    let (sequential, status) = race("card-file-race", false);
    // Two tries spent, then the last one refused without --allow-last-try.
    assert_eq!(status["pins"]["auth_pin"]["remaining"], 1, "{status}");
    let expected: Vec<(Option<i32>, String)> = [
        "jpki: wrong authentication PIN: 2 tries left\n",
        "jpki: wrong authentication PIN: 1 tries left\n",
    ]
    .into_iter()
    .map(|m| (Some(2), m.to_owned()))
    .collect();
    assert_eq!(sequential[..2], expected[..]);
    for (code, message) in &sequential[2..] {
        assert_eq!(*code, Some(2));
        assert!(message.contains("only one try"), "{message}");
    }
}

#[test]
fn parallel_wrong_pins_lose_no_try_with_allow_last_try() {
    let (sequential, status) = race("card-file-race-allow", true);
    // Three tries spent: blocked.
    assert_eq!(status["pins"]["auth_pin"]["state"], "blocked", "{status}");
    assert!(sequential[0].1.contains("2 tries left"), "{sequential:?}");
    assert!(sequential[1].1.contains("1 tries left"), "{sequential:?}");
    for (code, message) in &sequential[3..] {
        assert_eq!(*code, Some(2));
        assert!(message.contains("blocked"), "{message}");
    }
}

/// The counter as saved in the card file.
fn auth_tries_on_disk(card: &Path) -> u64 {
    let v: Value = serde_json::from_slice(&fs::read(card).unwrap()).unwrap();
    v["secrets"]["authentication_pin"]["tries_left"]
        .as_u64()
        .unwrap()
}

fn wrong_pin(card: &Path) -> std::process::Output {
    let log = card.with_file_name("wrong-pin.log");
    let mut child = spawn_wrong_pin(card, false, &log);
    let code = wait_bounded(&mut child, Instant::now());
    let status = child.wait().unwrap();
    assert_eq!(status.code(), code);
    std::process::Output {
        status,
        stdout: Vec::new(),
        stderr: fs::read(&log).unwrap(),
    }
}

#[test]
fn a_card_that_cannot_be_saved_is_refused_before_any_verify() {
    let dir = scratch("card-file-unsavable");
    // Its name is 250 bytes: the card file and `<name>.lock` fit the usual
    // 255-byte limit of a file name, the temporary file of the save
    // (`.<name>.<pid>.<n>.tmp`) does not. Unlike permissions, this holds for root.
    let long = dir.join(format!("{}.json", "c".repeat(245)));
    fs::copy(fresh_card(), &long).unwrap();
    let before = fs::read(&long).unwrap();
    let o = wrong_pin(&long);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("cannot create the temporary file"),
        "{}",
        stderr(&o)
    );
    assert!(!stderr(&o).contains("wrong"), "{}", stderr(&o));
    assert_eq!(fs::read(&long).unwrap(), before, "the card file changed");
    assert_eq!(auth_tries_on_disk(&long), 3);

    // The same card under a short name: the same command does spend a try.
    let short = dir.join("card.json");
    fs::copy(&long, &short).unwrap();
    let o = wrong_pin(&short);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("wrong authentication PIN: 2 tries left"),
        "{}",
        stderr(&o)
    );
    assert_eq!(auth_tries_on_disk(&short), 2);

    // A read-only directory, where permissions are enforced (not for root,
    // whom the long name above covers).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let ro = dir.join("read-only");
        fs::create_dir(&ro).unwrap();
        let card = ro.join("card.json");
        fs::copy(&short, &card).unwrap();
        // The lock file exists already: only the temporary file is refused.
        fs::write(ro.join("card.json.lock"), b"").unwrap();
        fs::set_permissions(&ro, fs::Permissions::from_mode(0o555)).unwrap();
        let enforced = fs::write(ro.join("probe"), b"").is_err();
        if enforced {
            let before = fs::read(&card).unwrap();
            let o = wrong_pin(&card);
            assert_eq!(o.status.code(), Some(2));
            assert!(
                stderr(&o).contains("cannot create the temporary file"),
                "{}",
                stderr(&o)
            );
            assert_eq!(fs::read(&card).unwrap(), before);
        }
        fs::set_permissions(&ro, fs::Permissions::from_mode(0o755)).unwrap();
    }
}
