//! The two schedulers, behind one enum.
//!
//! | flavor           | file                      | who runs tasks                    | who drives the reactor |
//! |------------------|---------------------------|-----------------------------------|------------------------|
//! | current-thread   | `current_thread.rs`       | the thread in `block_on`          | the same thread, when idle and every [`EVENT_INTERVAL`] tasks |
//! | multi-thread     | `multi_thread/`           | N worker threads, work-stealing   | an idle worker, parked in the driver (`multi_thread/worker.rs`); busy workers every [`EVENT_INTERVAL`] tasks |
//!
//! Both receive woken tasks through `handle::schedule` (in `handle.rs`), which drops
//! them once the runtime is closed. A task woken on a thread that runs the same
//! runtime's scheduler goes to that thread's local queue; woken anywhere else, to the
//! shared queue, and the scheduler is woken if it sleeps.

pub(crate) mod current_thread;
pub(crate) mod multi_thread;

/// How many tasks a scheduler runs between two looks at the reactor (current-thread)
/// or at the shared queue (multi-thread); tokio's default, a prime so it does not
/// beat with user patterns.
pub(crate) const EVENT_INTERVAL: u32 = 61;

/// One runtime's scheduler.
// One per runtime, never moved once built: the size of the larger variant costs
// nothing worth a `Box` and its indirection on every schedule.
#[allow(clippy::large_enum_variant)]
#[derive(Debug)]
pub(crate) enum Scheduler {
    CurrentThread(current_thread::Shared),
    MultiThread(multi_thread::Shared),
}

impl Scheduler {
    pub(crate) fn flavor(&self) -> &'static str {
        match self {
            Scheduler::CurrentThread(_) => "current_thread",
            Scheduler::MultiThread(_) => "multi_thread",
        }
    }

    #[cfg(feature = "metrics")]
    pub(crate) fn workers(&self) -> usize {
        match self {
            Scheduler::CurrentThread(_) => 1,
            Scheduler::MultiThread(s) => s.num_workers(),
        }
    }

    #[cfg(feature = "metrics")]
    pub(crate) fn injector_depth(&self) -> usize {
        match self {
            Scheduler::CurrentThread(s) => s.remote_depth(),
            Scheduler::MultiThread(s) => s.injector_depth(),
        }
    }

    #[cfg(feature = "metrics")]
    pub(crate) fn local_depths(&self) -> Vec<usize> {
        match self {
            Scheduler::CurrentThread(s) => vec![s.local_depth()],
            Scheduler::MultiThread(s) => s.local_depths(),
        }
    }

    /// Whether the calling thread is the one a current-thread runtime's
    /// `spawn_local` tasks belong to (never, for multi-thread).
    pub(crate) fn is_local_owner_thread(&self) -> bool {
        match self {
            Scheduler::CurrentThread(s) => s.is_local_owner_thread(),
            Scheduler::MultiThread(_) => false,
        }
    }

    /// Drops every queued task; called at shutdown once no thread runs tasks.
    pub(crate) fn drain(&self) {
        match self {
            Scheduler::CurrentThread(s) => s.drain(),
            Scheduler::MultiThread(s) => s.drain(),
        }
    }
}
