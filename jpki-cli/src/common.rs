//! What every command shares: outcomes and failures, bounded file reads, the
//! time option, JSON printing, loopback addresses, and small argument types.

/// `print!` to standard output that never panics: a closed pipe (`jpki … | head`)
/// or another write error ends the process with exit code 2 (an error message
/// only when it is not a closed pipe).
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::common::write_stdout(format_args!($($arg)*))
    };
}

/// `println!` to standard output that never panics; see [`out!`].
macro_rules! outln {
    () => {
        $crate::common::write_stdout(format_args!("\n"))
    };
    ($($arg:tt)*) => {
        $crate::common::write_stdout(format_args!("{}\n", format_args!($($arg)*)))
    };
}

use std::path::Path;

use clap::ValueEnum;
use jpki::Time;

/// What a command concluded.
pub(crate) enum Outcome {
    /// Done; exit 0.
    Ok,
    /// A negative verdict; exit 1.
    Negative,
}

/// An error for the user: the message, printed after `jpki: `; exit 2.
pub(crate) struct Failure(pub(crate) String);

impl From<jpki::Error> for Failure {
    fn from(e: jpki::Error) -> Self {
        Self(e.to_string())
    }
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Self {
        Self(e.to_string())
    }
}

/// Parses `text` (given to option `flag`) as a loopback socket address: `IP:PORT`
/// or `localhost:PORT`, never resolving other names. The simulator's servers and
/// clients reach only this machine; `why` says why in the refusal.
pub(crate) fn loopback_addr(
    flag: &str,
    text: &str,
    example: &str,
    why: &str,
) -> Result<std::net::SocketAddr, Failure> {
    use std::net::{IpAddr, Ipv4Addr, SocketAddr};
    let addr = match text.parse::<SocketAddr>() {
        Ok(addr) => addr,
        Err(_) => match text.strip_prefix("localhost:").map(str::parse::<u16>) {
            Some(Ok(port)) => SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), port),
            _ => {
                return Err(Failure(format!(
                    "{flag} {text:?}: expected a loopback address and port such as {example}"
                )));
            }
        },
    };
    if !addr.ip().is_loopback() {
        return Err(Failure(format!(
            "{flag} {text}: refusing a non-loopback address ({why})"
        )));
    }
    Ok(addr)
}

/// The largest certificate, trust bundle or OCSP response file read (a J-LIS
/// certificate is under 2 KiB; a bundle of every root generation a few).
pub(crate) const MAX_SMALL_INPUT: u64 = 16 << 20;
/// The largest CRL, signature or signed content file read (a 1M-entry CRL is
/// 43 MB; J-LIS partition CRLs are far smaller).
pub(crate) const MAX_LARGE_INPUT: u64 = 256 << 20;

/// Reads a certificate, trust bundle or OCSP response file, refusing one larger
/// than 16 MiB without reading it (or, for a device such as `/dev/zero`, after
/// reading no more than that).
pub(crate) fn read_file(path: &Path) -> Result<Vec<u8>, Failure> {
    read_limited(path, MAX_SMALL_INPUT)
}

/// Reads a CRL, signature or content file (at most 256 MiB).
pub(crate) fn read_large(path: &Path) -> Result<Vec<u8>, Failure> {
    read_limited(path, MAX_LARGE_INPUT)
}

fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>, Failure> {
    use std::io::Read as _;
    let failure = |e: &dyn std::fmt::Display| Failure(format!("{}: {e}", path.display()));
    let too_large = || failure(&format!("larger than the {} MiB accepted", limit >> 20));
    let file = std::fs::File::open(path).map_err(|e| failure(&e))?;
    let len = file.metadata().map_err(|e| failure(&e))?.len();
    if len > limit {
        return Err(too_large());
    }
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| failure(&e))?;
    if u64::try_from(bytes.len()).map_or(true, |n| n > limit) {
        return Err(too_large());
    }
    Ok(bytes)
}

/// The time given with `--at`, or the system clock (the CLI's, never the core's).
pub(crate) fn time_arg(at: Option<&str>) -> Result<Time, Failure> {
    match at {
        Some(text) => Ok(Time::parse_rfc3339(text)?),
        None => {
            let secs = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_err(|e| Failure(format!("system clock: {e}")))?
                .as_secs();
            Ok(Time::from_unix_seconds(secs))
        }
    }
}

/// Prints a `--json` document of contract version 1 (the README's "JSON
/// output"): `valid` first when the document is a verdict, `schema_version`
/// next, then the members of `fields` (an object) in their order. A member whose
/// value is `null` (an `Option` that is `None`) is left out, at every depth:
/// absent values are never written `null`.
pub(crate) fn print_json(valid: Option<bool>, fields: serde_json::Value) {
    use serde_json::{Map, Value};
    let mut document = Map::new();
    if let Some(valid) = valid {
        document.insert("valid".into(), Value::Bool(valid));
    }
    document.insert(
        "schema_version".into(),
        Value::from(jpki::Verdict::JSON_SCHEMA_VERSION),
    );
    match without_nulls(fields) {
        Value::Object(members) => document.extend(members),
        // Every caller gives an object; anything else is kept, under a name.
        other => {
            document.insert("value".into(), other);
        }
    }
    print_value(&Value::Object(document));
}

/// Prints a document the core serialized whole (`serde_json::to_value` of a
/// verdict, which carries `valid` and `schema_version` itself), under the same
/// rules as [`print_json`].
pub(crate) fn print_serialized(
    document: Result<serde_json::Value, serde_json::Error>,
) -> Result<(), Failure> {
    let value = document.map_err(|e| Failure(format!("JSON: {e}")))?;
    print_value(&without_nulls(value));
    Ok(())
}

fn print_value(value: &serde_json::Value) {
    outln!(
        "{}",
        serde_json::to_string_pretty(value).unwrap_or_else(|_| value.to_string())
    );
}

/// `value` without the object members whose value is `null`, at every depth.
fn without_nulls(value: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match value {
        Value::Object(members) => Value::Object(
            members
                .into_iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k, without_nulls(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(without_nulls).collect()),
        other => other,
    }
}

/// A certificate kind or card key: `sign` or `auth`.
#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum KindArg {
    /// Signing certificate (署名用), with the 4 basic info.
    Sign,
    /// User authentication certificate (利用者証明用).
    Auth,
}

impl From<KindArg> for jpki::sim::Purpose {
    fn from(k: KindArg) -> Self {
        match k {
            KindArg::Sign => Self::Signing,
            KindArg::Auth => Self::Authentication,
        }
    }
}

impl From<KindArg> for jpki::card::KeySlot {
    fn from(k: KindArg) -> Self {
        match k {
            KindArg::Sign => Self::Signing,
            KindArg::Auth => Self::Authentication,
        }
    }
}

/// Writes `args` to standard output; on failure (a closed pipe, a full disk)
/// exits with code 2, saying why unless the reader simply went away.
pub(crate) fn write_stdout(args: std::fmt::Arguments<'_>) {
    use std::io::Write as _;
    if let Err(e) = std::io::stdout().lock().write_fmt(args) {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            eprintln!("jpki: standard output: {e}");
        }
        std::process::exit(2);
    }
}
