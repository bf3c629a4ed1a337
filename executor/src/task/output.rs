//! `Output<T>`: a task's output as it sits in async-task's slot.
//!
//! async-task drops an output nobody will read (its `JoinHandle` was dropped before
//! the task completed) inside its abort-on-panic guard, so a panic in `T`'s
//! destructor there would abort the process. The wrapper catches it instead; the
//! panic hook has reported it already, and with no `JoinHandle` there is nobody
//! else to report it to (tokio does the same). The `JoinHandle` unwraps the value
//! before the user sees it, so user code never sees the wrapper.

use std::mem::ManuallyDrop;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// A task's output whose destructor never unwinds; the same size as `T`.
pub(crate) struct Output<T>(ManuallyDrop<T>);

impl<T> Output<T> {
    pub(crate) fn new(value: T) -> Output<T> {
        Output(ManuallyDrop::new(value))
    }

    /// The value, for its `JoinHandle`'s awaiter (who drops it as they please).
    pub(crate) fn into_inner(self) -> T {
        let mut this = ManuallyDrop::new(self);
        // SAFETY: `this` is never dropped (`ManuallyDrop`), so the value is taken
        // out exactly once and never dropped here.
        unsafe { ManuallyDrop::take(&mut this.0) }
    }
}

impl<T> Drop for Output<T> {
    fn drop(&mut self) {
        if !std::mem::needs_drop::<T>() {
            return;
        }
        let dropped = catch_unwind(AssertUnwindSafe(|| {
            // SAFETY: dropped once, here; `into_inner` (the only other way out)
            // never runs this destructor.
            unsafe { ManuallyDrop::drop(&mut self.0) }
        }));
        if let Err(payload) = dropped {
            super::drop_panic::drop_quietly(payload);
        }
    }
}
