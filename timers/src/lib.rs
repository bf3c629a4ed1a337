//! A hierarchical timer wheel whose deadlines fire through `SetReadiness`.
//!
//! This crate is being built (see the project's timers issue); it has no public
//! items yet.
