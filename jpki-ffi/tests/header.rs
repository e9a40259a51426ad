//! The checked-in `include/jpki.h` against this build: its version macros are
//! `Cargo.toml`'s version and `jpki_version()`'s, it was written by the pinned
//! cbindgen, it defines every public `jpki_` type of the sources, and every
//! function it declares has a doc comment that states its thread safety. (Whether it is exactly what cbindgen generates from these
//! sources is `scripts/ffi-header.sh --check`, run by `scripts/test.sh`.)

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::ffi::CStr;

/// The header, as the test was built with it.
const HEADER: &str = include_str!("../../include/jpki.h");
/// The script that regenerates it, which names the pinned cbindgen version.
const HEADER_SCRIPT: &str = include_str!("../../scripts/ffi-header.sh");
/// The test command, which installs that version.
const TEST_SCRIPT: &str = include_str!("../../scripts/test.sh");

/// The value of `#define NAME value` in the header.
fn define(name: &str) -> Option<&'static str> {
    HEADER.lines().find_map(|line| {
        let rest = line.strip_prefix("#define ")?;
        let (key, value) = rest.split_once(char::is_whitespace)?;
        (key == name).then(|| value.trim())
    })
}

#[test]
fn version_macros_are_cargo_s_version() {
    let expected = [
        ("JPKI_VERSION_MAJOR", env!("CARGO_PKG_VERSION_MAJOR")),
        ("JPKI_VERSION_MINOR", env!("CARGO_PKG_VERSION_MINOR")),
        ("JPKI_VERSION_PATCH", env!("CARGO_PKG_VERSION_PATCH")),
    ];
    for (name, value) in expected {
        assert_eq!(
            define(name),
            Some(value),
            "{name} in include/jpki.h is not Cargo.toml's; update jpki-ffi/src/version.rs and run \
             scripts/ffi-header.sh"
        );
    }
    // The string macro is made of these (its value is checked from C, by
    // tests/c/basics.c: the preprocessor builds it).
    assert!(define("JPKI_VERSION").is_some(), "JPKI_VERSION is defined");
    for name in [
        "JPKI_VERSION_MAJOR",
        "JPKI_VERSION_MINOR",
        "JPKI_VERSION_PATCH",
    ] {
        assert!(HEADER.contains(&format!("JPKI_VERSION_STRINGIFY({name})")));
    }
}

#[test]
fn jpki_version_is_cargo_s_version() {
    let version = jpki_ffi::jpki_version();
    assert!(!version.is_null());
    // SAFETY: jpki_version returns a static NUL-terminated string.
    let version = unsafe { CStr::from_ptr(version) };
    assert_eq!(version.to_str(), Ok(env!("CARGO_PKG_VERSION")));
    let macros = ["MAJOR", "MINOR", "PATCH"]
        .map(|part| define(&format!("JPKI_VERSION_{part}")).unwrap().to_owned());
    assert_eq!(version.to_str(), Ok(macros.join(".").as_str()));
}

#[test]
fn written_by_the_pinned_cbindgen() {
    let pinned = HEADER_SCRIPT
        .lines()
        .find_map(|l| l.strip_prefix("CBINDGEN_VERSION=\""))
        .and_then(|l| l.strip_suffix('"'))
        .expect("scripts/ffi-header.sh names CBINDGEN_VERSION");
    assert!(
        HEADER.contains(&format!("/* Generated with cbindgen:{pinned} */")),
        "include/jpki.h was not written by cbindgen {pinned}"
    );
    assert!(
        TEST_SCRIPT.contains(&format!("CBINDGEN_VERSION=\"{pinned}\"")),
        "scripts/test.sh installs another cbindgen than scripts/ffi-header.sh requires"
    );
}

#[test]
fn shape() {
    for needle in [
        "#ifndef JPKI_H\n#define JPKI_H\n",
        "#endif  /* JPKI_H */\n",
        "#include <stdbool.h>\n#include <stddef.h>\n#include <stdint.h>\n",
        "DO NOT EDIT",
        "typedef uint32_t jpki_result;",
        "JPKI_RESULT_OK = 0,",
        "JPKI_RESULT_BUFFER_TOO_SMALL = 9001,",
        "size_t *out_len",
        "extern \"C\" {",
    ] {
        assert!(HEADER.contains(needle), "include/jpki.h lacks {needle:?}");
    }
    assert!(!HEADER.contains("uintptr_t"), "usize must be size_t");
}

/// A function declaration of the header and the doc comment just before it.
#[derive(Debug)]
struct Declaration {
    name: String,
    text: String,
    doc: Option<String>,
}

/// The header's function declarations (typedefs, enums, structs and macros
/// aside).
fn functions() -> Vec<Declaration> {
    let mut out = Vec::new();
    let mut lines = HEADER.lines();
    let mut doc: Option<String> = None;
    let mut statement = String::new();
    while let Some(line) = lines.next() {
        let trimmed = line.trim();
        if trimmed.starts_with("/*") || trimmed.starts_with("//") {
            let mut comment = line.to_owned();
            if trimmed.starts_with("/*") {
                let mut current = trimmed.to_owned();
                while !current.ends_with("*/") {
                    current = lines.next().expect("comment is closed").trim().to_owned();
                    comment.push('\n');
                    comment.push_str(&current);
                }
            }
            if statement.is_empty() && trimmed.starts_with("/**") {
                doc = Some(comment);
            }
            continue;
        }
        if statement.is_empty() {
            if trimmed.starts_with('#') {
                let mut current = trimmed.to_owned();
                while current.ends_with('\\') {
                    current = lines.next().expect("macro continues").trim().to_owned();
                }
                continue;
            }
            if trimmed.is_empty() || trimmed.starts_with("extern \"C\"") || trimmed.starts_with('}')
            {
                continue;
            }
        } else if trimmed.starts_with('#') {
            continue;
        }
        statement.push_str(trimmed);
        statement.push(' ');
        if !trimmed.ends_with(';') {
            continue;
        }
        let text = std::mem::take(&mut statement);
        let doc_here = doc.take();
        let is_type = ["typedef", "enum", "struct", "union"]
            .iter()
            .any(|k| text.starts_with(k));
        if is_type {
            continue;
        }
        let Some(open) = text.find('(') else {
            continue;
        };
        let name = text[..open]
            .rsplit(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .next()
            .unwrap_or_default()
            .to_owned();
        out.push(Declaration {
            name,
            text,
            doc: doc_here,
        });
    }
    out
}

#[test]
fn every_function_is_documented_with_its_thread_safety() {
    let functions = functions();
    for expected in [
        "jpki_version",
        "jpki_result_message",
        "jpki_result_name",
        "jpki_result_is_ffi",
    ] {
        assert!(
            functions.iter().any(|f| f.name == expected),
            "{expected} not found among {functions:?}"
        );
    }
    let mut undocumented = Vec::new();
    for function in &functions {
        assert!(
            function.name.starts_with("jpki_"),
            "{} is not prefixed jpki_: {}",
            function.name,
            function.text
        );
        let states_it = function
            .doc
            .as_deref()
            .is_some_and(|doc| doc.to_lowercase().contains("thread"));
        if !states_it {
            undocumented.push(function.name.as_str());
        }
    }
    assert!(
        undocumented.is_empty(),
        "these functions' doc comments do not state their thread safety (say \"Thread-safe.\" \
         or which handle must not be used by two threads at once): {undocumented:?}"
    );
}

/// The `jpki_` types the crate's sources declare `pub` at the start of a line
/// (`pub struct`, `pub enum`, `pub type`), with their file.
fn source_types() -> Vec<(String, String)> {
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(&src).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        for line in text.lines() {
            let Some(rest) = ["pub struct ", "pub enum ", "pub type "]
                .iter()
                .find_map(|p| line.strip_prefix(p))
            else {
                continue;
            };
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if name.starts_with("jpki_") {
                let file = path.file_name().unwrap().to_string_lossy().into_owned();
                out.push((name, file));
            }
        }
    }
    out
}

#[test]
fn every_public_type_is_in_the_header() {
    let types = source_types();
    assert!(types.iter().any(|(n, _)| n == "jpki_result"));
    for (name, file) in types {
        let defined = HEADER.lines().any(|line| {
            let words: Vec<&str> = line
                .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .filter(|w| !w.is_empty())
                .collect();
            matches!(words.first(), Some(&"enum" | &"struct" | &"typedef"))
                && words.contains(&name.as_str())
        });
        assert!(
            defined,
            "{name} (src/{file}) is not defined in include/jpki.h: a C enum taken as uint32_t \
             must be listed in [export] include of jpki-ffi/cbindgen.toml; then run \
             scripts/ffi-header.sh"
        );
    }
}
