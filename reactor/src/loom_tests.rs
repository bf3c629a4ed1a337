//! Loom models of the readiness protocol (filled in below).
