//! Tasks, schedulers and the mapping from registration readiness to `Waker`s.
//!
//! This crate is being built (see the project's executor issue); it has no public
//! items yet.
