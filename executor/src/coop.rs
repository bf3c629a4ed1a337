//! The cooperative budget: how many times a task may find a resource ready in one
//! poll before it is made to yield.
//!
//! A task that is always ready (a loop on an `Async` whose readiness it never clears,
//! a `JoinHandle` of a finished task awaited again and again...) would otherwise keep
//! its worker forever and starve the other tasks, the reactor and the timers. Every
//! task poll starts with [`BUDGET`] units; each resource future that is about to
//! return `Ready` takes one; once they are spent, resource futures return `Pending`
//! after waking their task, which goes to the back of its run queue.
//!
//! The budget lives in a thread-local and is only set while a scheduler runs a task
//! (or polls a `block_on` future); code outside a runtime is never constrained.

use std::cell::Cell;
use std::task::{Context, Poll};

/// Units of budget per task poll; tokio uses the same number.
pub(crate) const BUDGET: u8 = 128;

thread_local! {
    /// `None`: unconstrained.
    static CURRENT: Cell<Option<u8>> = const { Cell::new(None) };
}

/// Runs `f` (one task poll) with a fresh budget, restoring the previous one after.
pub(crate) fn with_budget<R>(f: impl FnOnce() -> R) -> R {
    struct Restore(Option<u8>);
    impl Drop for Restore {
        fn drop(&mut self) {
            CURRENT.with(|c| c.set(self.0));
        }
    }
    let _restore = Restore(CURRENT.with(|c| c.replace(Some(BUDGET))));
    f()
}

/// Takes one unit; `Pending` (with the task woken) when the budget is spent.
pub(crate) fn poll_proceed(cx: &mut Context<'_>) -> Poll<()> {
    CURRENT.with(|c| match c.get() {
        None => Poll::Ready(()),
        Some(0) => {
            cx.waker().wake_by_ref();
            Poll::Pending
        }
        Some(n) => {
            c.set(Some(n - 1));
            Poll::Ready(())
        }
    })
}
