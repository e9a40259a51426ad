//! The version macros of `include/jpki.h`.
//!
//! cbindgen writes a `#define` for each public constant, but only from a literal,
//! so the numbers are spelled out here (and only numbers: cbindgen has no string
//! constants, so the header's `JPKI_VERSION` string is built from these by the
//! preprocessor, in `cbindgen.toml`). They cannot drift from `Cargo.toml`: the
//! assertions below stop the build when they differ from `CARGO_PKG_VERSION_*`,
//! and `tests/header.rs` checks the header's macros and `jpki_version()` against
//! the same version (after a version bump: update these, then
//! `scripts/ffi-header.sh`).

/// The major version of the library (`MAJOR` of `MAJOR.MINOR.PATCH`), as in
/// `Cargo.toml`.
pub const JPKI_VERSION_MAJOR: u32 = 0;

/// The minor version of the library, as in `Cargo.toml`.
pub const JPKI_VERSION_MINOR: u32 = 1;

/// The patch version of the library, as in `Cargo.toml`.
pub const JPKI_VERSION_PATCH: u32 = 0;

/// A decimal number at compile time (Cargo's version components are decimal).
const fn parse_u32(text: &str) -> u32 {
    let mut rest = text.as_bytes();
    let mut value: u32 = 0;
    while let [digit, tail @ ..] = rest {
        let digit = match *digit {
            b'0' => 0,
            b'1' => 1,
            b'2' => 2,
            b'3' => 3,
            b'4' => 4,
            b'5' => 5,
            b'6' => 6,
            b'7' => 7,
            b'8' => 8,
            b'9' => 9,
            _ => u32::MAX,
        };
        assert!(digit < 10, "a version component is not decimal");
        value = value * 10 + digit;
        rest = tail;
    }
    value
}

// The build fails when the macros disagree with Cargo.toml.
const _: () = {
    assert!(
        JPKI_VERSION_MAJOR == parse_u32(env!("CARGO_PKG_VERSION_MAJOR")),
        "JPKI_VERSION_MAJOR differs from Cargo.toml: update src/version.rs and run scripts/ffi-header.sh"
    );
    assert!(
        JPKI_VERSION_MINOR == parse_u32(env!("CARGO_PKG_VERSION_MINOR")),
        "JPKI_VERSION_MINOR differs from Cargo.toml: update src/version.rs and run scripts/ffi-header.sh"
    );
    assert!(
        JPKI_VERSION_PATCH == parse_u32(env!("CARGO_PKG_VERSION_PATCH")),
        "JPKI_VERSION_PATCH differs from Cargo.toml: update src/version.rs and run scripts/ffi-header.sh"
    );
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_macros_are_cargo_s_version() {
        let number = |s: &str| s.parse::<u32>().ok();
        assert_eq!(
            Some(JPKI_VERSION_MAJOR),
            number(env!("CARGO_PKG_VERSION_MAJOR"))
        );
        assert_eq!(
            Some(JPKI_VERSION_MINOR),
            number(env!("CARGO_PKG_VERSION_MINOR"))
        );
        assert_eq!(
            Some(JPKI_VERSION_PATCH),
            number(env!("CARGO_PKG_VERSION_PATCH"))
        );
        assert_eq!(
            format!("{JPKI_VERSION_MAJOR}.{JPKI_VERSION_MINOR}.{JPKI_VERSION_PATCH}"),
            env!("CARGO_PKG_VERSION"),
            "a pre-release or build suffix has no macro: JPKI_VERSION would differ from jpki_version()"
        );
        assert_eq!(parse_u32("0"), 0);
        assert_eq!(parse_u32("1024"), 1024);
    }
}
