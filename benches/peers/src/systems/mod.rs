//! System adapters: one file per system, each implementing the traits its workloads
//! are generic over, so a workload is written once and monomorphised per system.
//!
//! Fairness rules every adapter follows:
//! - the API the system's own docs recommend for the job, nothing private;
//! - the same thread count as every other system in the workload (the workload
//!   spawns the threads, not the adapter);
//! - one binary, one `[profile.release]`: identical codegen settings;
//! - adapters are `#[inline]` shims, so no system pays for indirection.
//!
//! To add a system: write `systems/NAME.rs` implementing the trait(s) of the workload
//! families it takes part in, and add one line per workload in `workloads/*.rs`.

pub mod mio06;
pub mod runtime;

use std::time::Duration;

/// mio 0.6's user-space readiness API: `Poll`, `Events`, `Registration::new2`,
/// `SetReadiness`. Implemented by our reactor and by mio 0.6.23 itself.
pub trait UserPoll: 'static {
    /// The system's name in the output.
    const NAME: &'static str;
    /// `Poll`.
    type Poll: Send + Sync + 'static;
    /// `Events`.
    type Events: Send + 'static;
    /// `Registration`.
    type Registration: Send + 'static;
    /// `SetReadiness`.
    type SetReadiness: Clone + Send + Sync + 'static;

    /// `Poll::new()`.
    fn new_poll() -> Self::Poll;
    /// `Events::with_capacity(capacity)`.
    fn events(capacity: usize) -> Self::Events;
    /// `Registration::new2()`.
    fn new_registration() -> (Self::Registration, Self::SetReadiness);
    /// `poll.register(reg, Token(token), Ready::readable(), PollOpt::edge())`.
    fn register_edge_readable(poll: &Self::Poll, reg: &Self::Registration, token: usize);
    /// `set_readiness.set_readiness(Ready::readable())`.
    fn set_readable(set: &Self::SetReadiness);
    /// `poll.poll(events, timeout)`; the count of events returned.
    fn poll(poll: &Self::Poll, events: &mut Self::Events, timeout: Option<Duration>) -> usize;
    /// Calls `f(token, is_readable)` for each event of the last `poll`.
    fn for_each_event(events: &Self::Events, f: impl FnMut(usize, bool));
}
