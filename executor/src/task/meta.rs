//! What the executor keeps in each task's allocation beside async-task's header: the
//! task's runtime, its registry entry, and three flags. 16 bytes.
//!
//! See the table in `task/mod.rs` for who touches which field when.

use crate::handle::{Handle, Inner};
use crate::sync::{fence, AtomicU32, AtomicU8, Ordering};

use super::drop_panic::{self, Payload};
use super::owned::TaskId;

/// Set by `JoinHandle::abort`; read before every poll of the future.
const ABORTED: u8 = 1;
/// A `spawn_local` task: its future may only be dropped on the runtime's local thread.
const LOCAL: u8 = 2;
/// The future's destructor panicked; the payload waits in `drop_panic.rs`'s table.
const DROP_PANICKED: u8 = 4;

/// The executor's metadata in an async-task allocation.
#[derive(Debug)]
pub(crate) struct Meta {
    /// The runtime of a registered task (`None`: a blocking-pool task, or a task
    /// refused at spawn). Owned here rather than by the schedule function, which is
    /// thus zero-sized (see `schedule` in `task/mod.rs`).
    handle: Option<Handle>,
    /// The task's entry in the runtime's registry ([`TaskId::NONE`] until its first
    /// `Pending`); written once, by the thread polling the task.
    id: AtomicU32,
    /// `ABORTED` (false → true), `LOCAL` (fixed at spawn) and `DROP_PANICKED`
    /// (false → true, by whoever drops the future).
    flags: AtomicU8,
}

impl Meta {
    pub(crate) fn new(handle: Option<Handle>, local: bool) -> Meta {
        Meta {
            handle,
            id: AtomicU32::new(TaskId::NONE.to_bits()),
            flags: AtomicU8::new(if local { LOCAL } else { 0 }),
        }
    }

    /// The runtime of a registered task.
    pub(crate) fn handle(&self) -> Option<&Handle> {
        self.handle.as_ref()
    }

    /// The runtime's shared state, as a raw pointer: `schedule` must move the
    /// runnable (whose allocation holds this `Meta`) while it still uses the runtime.
    pub(crate) fn inner_ptr(&self) -> Option<*const Inner> {
        self.handle
            .as_ref()
            .map(|handle| std::sync::Arc::as_ptr(&handle.inner))
    }

    /// Whether this is a `spawn_local` task.
    pub(crate) fn is_local(&self) -> bool {
        // ORDERING: `LOCAL` never changes after spawn.
        self.flags.load(Ordering::Relaxed) & LOCAL != 0
    }

    /// The registry entry, if the task registered.
    pub(crate) fn id(&self) -> Option<TaskId> {
        // ORDERING: Acquire pairs with `set_id_and_check_abort`; read by a later poll
        // or the future's drop, both ordered after it by async-task's state word.
        TaskId::from_bits(self.id.load(Ordering::Acquire))
    }

    /// Records the registry entry and tells whether the task was aborted meanwhile;
    /// called by the polling thread after registering the task.
    #[must_use]
    pub(crate) fn set_id_and_check_abort(&self, id: TaskId) -> bool {
        // ORDERING: store, SeqCst fence, load, against `mark_aborted`'s RMW, SeqCst
        // fence, load (store buffering): either `abort` sees the id (and wakes the
        // task through the registry) or this load sees `ABORTED` (and the poll
        // completes the task as cancelled). Never neither. Fences rather than SeqCst
        // accesses, which loom models only as AcqRel.
        self.id.store(id.to_bits(), Ordering::Release);
        fence(Ordering::SeqCst);
        self.flags.load(Ordering::Acquire) & ABORTED != 0
    }

    /// Sets `ABORTED`; returns the registry entry to wake, if the task registered
    /// already (see [`set_id_and_check_abort`](Self::set_id_and_check_abort)).
    pub(crate) fn mark_aborted(&self) -> Option<TaskId> {
        // ORDERING: see `set_id_and_check_abort`.
        self.flags.fetch_or(ABORTED, Ordering::Release);
        fence(Ordering::SeqCst);
        TaskId::from_bits(self.id.load(Ordering::Acquire))
    }

    /// Marks the task aborted and makes sure it is polled once more, so that the
    /// poll completes it with a cancelled `JoinError` and drops the future.
    ///
    /// A task not yet registered is queued or running (it has not returned `Pending`
    /// yet, or is about to register, and then sees the flag); a registered one is
    /// woken through the registry. Blocking-pool tasks are never registered: they
    /// are always queued or running to completion.
    pub(crate) fn abort(&self) {
        if let (Some(id), Some(handle)) = (self.mark_aborted(), &self.handle) {
            handle.inner.tasks.wake(id);
        }
    }

    /// Records that the future's destructor panicked with `payload`, for the
    /// `JoinHandle` to report (see `drop_panic.rs`).
    pub(crate) fn record_drop_panic(&self, payload: Payload) {
        drop_panic::store(self.key(), payload);
        // ORDERING: Release, after the store: a `JoinHandle` that sees the flag finds
        // the payload. It sees the flag because the future is dropped before
        // async-task's state word says the task is completed or cancelled (AcqRel),
        // which the `JoinHandle` reads before it looks here.
        self.flags.fetch_or(DROP_PANICKED, Ordering::Release);
    }

    /// The payload of a panic in the future's destructor, once (for the
    /// `JoinHandle`).
    pub(crate) fn take_drop_panic(&self) -> Option<Payload> {
        // ORDERING: see `record_drop_panic`.
        if self.flags.load(Ordering::Acquire) & DROP_PANICKED == 0 {
            return None;
        }
        drop_panic::take(self.key())
    }

    /// This task's key in the payload table: the address of its `Meta`, unique
    /// while the allocation lives, and the allocation outlives its entry.
    fn key(&self) -> usize {
        self as *const Meta as usize
    }

    /// Whether `abort` was called.
    pub(crate) fn is_aborted(&self) -> bool {
        // ORDERING: a poll caused by the abort's wake is ordered after it through
        // async-task's state word (AcqRel); a poll racing the abort is covered by
        // `set_id_and_check_abort`. Relaxed suffices here.
        self.flags.load(Ordering::Relaxed) & ABORTED != 0
    }
}

impl Drop for Meta {
    /// Runs when the task's allocation is freed: a payload nobody took goes with it.
    fn drop(&mut self) {
        // ORDERING: the last reference is gone; async-task's reference count
        // (AcqRel) orders every earlier access before this one.
        if self.flags.load(Ordering::Acquire) & DROP_PANICKED != 0 {
            if let Some(payload) = drop_panic::take(self.key()) {
                drop_panic::drop_quietly(payload);
            }
        }
    }
}
