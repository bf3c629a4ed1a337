//! What a thread knows about the runtime it is in: thread-locals.
//!
//! | thread-local | set while                                   | used by                           |
//! |--------------|---------------------------------------------|-----------------------------------|
//! | `CURRENT`    | inside `block_on`, on the runtime's threads, under `enter`, in shutdown | `spawn`, `Handle::current`, `Async::new` (the runtime's timer driver is entered alongside, for `sleep` and co.) |
//! | `IN_RUNTIME` | a `block_on` or a worker loop runs here     | refusing a nested `block_on`      |
//! | `SCHEDULER`  | a scheduler core runs tasks on this thread  | `schedule`: same-thread wake-ups go to the local queue |

use std::cell::{Cell, RefCell};

use crate::handle::{Handle, TryCurrentError};

thread_local! {
    static CURRENT: RefCell<Option<Handle>> = const { RefCell::new(None) };
    static IN_RUNTIME: Cell<bool> = const { Cell::new(false) };
    /// The identity of the runtime's shared state (0: none) and the scheduler's
    /// payload: the current-thread core, or the multi-thread worker index.
    static SCHEDULER: Cell<(usize, Payload)> = const { Cell::new((0, Payload::Worker(0))) };
}

/// Restores the previous current handle (and timer driver) when dropped.
#[derive(Debug)]
pub(crate) struct SetCurrentGuard {
    previous: Option<Handle>,
    /// The runtime's timer driver is current as long as the runtime is.
    _timers: runtime_timers::EnterGuard,
}

/// Makes `handle` the current runtime of this thread until the guard drops, and
/// its timer driver the current one (`runtime_timers::Driver::current`).
pub(crate) fn set_current(handle: &Handle) -> SetCurrentGuard {
    let timers = handle.inner.driver.time().enter();
    let previous = CURRENT.with(|c| c.replace(Some(handle.clone())));
    SetCurrentGuard {
        previous,
        _timers: timers,
    }
}

impl Drop for SetCurrentGuard {
    fn drop(&mut self) {
        let previous = self.previous.take();
        // The handle replaced here is dropped after the borrow ends: its drop may
        // run code that looks at `CURRENT` again.
        let replaced = CURRENT.with(|c| c.replace(previous));
        drop(replaced);
    }
}

/// Runs `f` with the current handle.
pub(crate) fn with_current<R>(f: impl FnOnce(&Handle) -> R) -> Result<R, TryCurrentError> {
    // Borrowed, not cloned: a spawn costs no reference count on the runtime. `f`
    // must not set the current runtime (no caller does: they spawn or clone).
    CURRENT.with(|c| match &*c.borrow() {
        Some(handle) => Ok(f(handle)),
        None => Err(TryCurrentError::new()),
    })
}

/// Marks this thread as running a runtime until dropped.
#[derive(Debug)]
pub(crate) struct RuntimeGuard {
    _private: (),
}

/// Enters a runtime on this thread.
///
/// # Panics
///
/// If this thread already runs one: blocking inside a task would stall the tasks
/// around it.
#[track_caller]
pub(crate) fn enter_runtime() -> RuntimeGuard {
    let nested = IN_RUNTIME.with(|r| r.replace(true));
    if nested {
        panic!(
            "cannot start a runtime from within a runtime: `block_on` was called \
             from a thread that is already driving a runtime (inside `block_on` or a \
             spawned task); `.await` the future instead, or move the blocking call to \
             `spawn_blocking`"
        );
    }
    RuntimeGuard { _private: () }
}

impl Drop for RuntimeGuard {
    fn drop(&mut self) {
        IN_RUNTIME.with(|r| r.set(false));
    }
}

/// What a scheduler running on this thread records about itself.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Payload {
    /// The current-thread core held by this thread.
    Core(*const crate::scheduler::current_thread::Core),
    /// The index of the multi-thread worker this thread is.
    Worker(usize),
}

/// Restores the previous scheduler slot when dropped.
#[derive(Debug)]
pub(crate) struct SchedulerGuard {
    previous: (usize, Payload),
}

/// Records that the scheduler identified by `identity` runs tasks on this thread.
pub(crate) fn set_scheduler(identity: usize, payload: Payload) -> SchedulerGuard {
    let previous = SCHEDULER.with(|s| s.replace((identity, payload)));
    SchedulerGuard { previous }
}

impl Drop for SchedulerGuard {
    fn drop(&mut self) {
        SCHEDULER.with(|s| s.set(self.previous));
    }
}

/// The payload recorded by [`set_scheduler`] if `identity` runs on this thread.
pub(crate) fn scheduler_payload(identity: usize) -> Option<Payload> {
    SCHEDULER
        .try_with(|s| {
            let (id, payload) = s.get();
            (id == identity).then_some(payload)
        })
        .ok()
        .flatten()
}
