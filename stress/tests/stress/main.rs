//! The stress suite (issue 12, §2): one module per behaviour, each `#[ignore]`d so
//! that `cargo test --workspace` only builds it. Run in release:
//!
//! ```text
//! cargo test -p runtime-stress --release -- --ignored --test-threads=1
//! ```
//!
//! See the crate docs for `RUNTIME_STRESS_SCALE` and `RUNTIME_STRESS_SEED`.

mod abort_race;
mod churn_async;
mod churn_poll;
mod drop_runtime_under_fire;
mod readiness_flood;
mod scheduler_progress;
mod task_panics;
mod timeouts;
mod timer_churn;
mod timer_stall;
mod wakers_abroad;
