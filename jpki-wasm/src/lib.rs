//! Placeholder: the wasm binding is built by a later issue.
