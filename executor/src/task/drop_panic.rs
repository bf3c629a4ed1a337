//! Panics in a task's destructors: caught, never allowed to unwind into async-task
//! (which aborts the process on a panic in its drop paths), and handed to the task's
//! `JoinHandle` where there is one to report them to.
//!
//! A task's future is dropped by `TaskFuture`'s `Drop` (after completion, after a
//! panicking poll, or on cancellation by `abort`, by shutdown or by dropping the
//! runnable), which catches a panic there and records its payload here, keyed by
//! the address of the task's [`Meta`](super::Meta), with the meta's
//! `DROP_PANICKED` flag set after it. The `JoinHandle`, on seeing the flag, takes
//! the payload and resolves to `JoinError::panic` with it instead of the output or
//! the cancellation. A payload nobody took is removed when the task's allocation is
//! freed (`Meta`'s `Drop`), so an entry never outlives its key and addresses are
//! never confused.
//!
//! The table is touched only when a destructor panicked, so one lock for the
//! process is enough; the hot paths read only the flag.

use std::any::Any;

use parking_lot::Mutex;

/// A panic's payload, as `catch_unwind` gives it.
pub(crate) type Payload = Box<dyn Any + Send + 'static>;

/// Payloads not yet taken, by the address of their task's `Meta`.
static PAYLOADS: Mutex<Vec<(usize, Payload)>> = Mutex::new(Vec::new());

/// Records the payload of the task whose `Meta` is at `key`. A task's future is
/// dropped once, so there is at most one per task.
pub(crate) fn store(key: usize, payload: Payload) {
    PAYLOADS.lock().push((key, payload));
}

/// Takes the payload of the task whose `Meta` is at `key`, if one is recorded.
pub(crate) fn take(key: usize) -> Option<Payload> {
    let mut payloads = PAYLOADS.lock();
    let index = payloads.iter().position(|(k, _)| *k == key)?;
    Some(payloads.swap_remove(index).1)
}

/// Drops `payload`, swallowing a panic of its own destructor: it is called from
/// drop paths that must not unwind. The payload of that second panic is leaked
/// rather than dropped, so this cannot recurse.
pub(crate) fn drop_quietly(payload: Payload) {
    if let Err(second) =
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(move || drop(payload)))
    {
        std::mem::forget(second);
    }
}
