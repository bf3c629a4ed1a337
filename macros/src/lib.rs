//! `#[runtime::main]` and `#[runtime::test]`.
//!
//! This crate is being built (see the project's macros issue); it has no public
//! items yet.
