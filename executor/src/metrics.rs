//! `RuntimeMetrics`: a snapshot of a runtime's counters, taken by
//! [`Handle::metrics`](crate::Handle::metrics).
//!
//! ## Design: the hot paths carry no metrics code
//!
//! Every metric but one is read, when a snapshot is taken, from a structure the
//! runtime keeps anyway; spawning, waking, polling and yielding a task touch no
//! counter of ours:
//!
//! | metric               | read from                                                  |
//! |----------------------|------------------------------------------------------------|
//! | `workers`            | the scheduler's worker array (1 for current-thread)        |
//! | `alive_tasks`        | the task registry's shards (each under its lock)           |
//! | `injector_depth`     | the length of the shared queue (injector / remote queue)   |
//! | `local_queue_depths` | the length of each worker's local queue                    |
//! | `registrations`      | the driver's token slab (under its lock)                   |
//! | `blocking_threads`   | the blocking pool's state (under its lock)                 |
//! | `timers_pending`     | the runtime's timer driver ([`Driver::pending_timers`](runtime_timers::Driver::pending_timers)) |
//! | `events_dispatched`  | **the one dedicated counter**: an `AtomicU64` in the driver, one relaxed `fetch_add` per reactor turn that dispatched an event, and one per direct notification of an `Async` whose source is a user-space registration (on the setting thread) |
//!
//! So the cost is paid by whoever takes a snapshot (a few locks and loads), plus one
//! relaxed add per reactor turn (or direct notification); none on the `spawn` and
//! `yield_now` paths.
//!
//! ## The `metrics` feature
//!
//! On by default. Without it this module, [`Handle::metrics`](crate::Handle::metrics)
//! and the `events_dispatched` counter are compiled out, and so are the accessors the
//! snapshot uses. It exists to show the claim above:
//! `benches/peers/metrics-cost` runs the `spawn-1m` and `yield` workloads with the
//! feature on and off and writes `benches/peers/METRICS_COST.md`.

/// A snapshot of one runtime's counters; every value is read with relaxed ordering
/// (or under the lock that already guards it), so it is approximate under load.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RuntimeMetrics {
    /// Worker threads (1 for the current-thread flavor).
    pub workers: usize,
    /// Tasks that went idle at least once (returned `Pending`: they are in the
    /// registry shutdown cancels) and are not yet dropped; a task still waiting for
    /// its first poll counts only in a queue depth.
    pub alive_tasks: usize,
    /// Tasks in the shared queue (the injector, or the current-thread remote queue).
    pub injector_depth: usize,
    /// Tasks in each worker's local queue.
    pub local_queue_depths: Vec<usize>,
    /// `Async` sources registered with the reactor.
    pub registrations: usize,
    /// Events dispatched to `Async` sources since the runtime started: by the reactor,
    /// or straight from `set_readiness` for a user-space source (an
    /// `Async<Registration>`, an `Async<Deadline>`).
    pub events_dispatched: u64,
    /// Threads in the blocking pool.
    pub blocking_threads: usize,
    /// Timers filed in the runtime's timer driver and not yet fired or cancelled
    /// ([`Driver::pending_timers`](runtime_timers::Driver::pending_timers)).
    pub timers_pending: usize,
}
