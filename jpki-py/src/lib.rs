//! Placeholder: the py binding is built by a later issue.
