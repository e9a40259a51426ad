//! Placeholder: the ffi binding is built by a later issue.
