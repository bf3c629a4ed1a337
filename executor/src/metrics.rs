//! `RuntimeMetrics`: a snapshot of a runtime's counters, taken by
//! [`Handle::metrics`](crate::Handle::metrics).

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
    /// Events the reactor dispatched since the runtime started.
    pub events_dispatched: u64,
    /// Threads in the blocking pool.
    pub blocking_threads: usize,
    /// Timers filed in the runtime's time driver and not yet fired or cancelled
    /// ([`TimeDriver::pending_timers`](crate::TimeDriver::pending_timers)).
    pub timers_pending: usize,
}
