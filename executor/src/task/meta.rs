//! What the executor keeps in each task's allocation beside async-task's header: the
//! abort flag and the waker that makes an aborted task run once more.
//!
//! See the table in `task/mod.rs` for who touches which field when.

use std::task::Waker;

use crate::sync::{lock, AtomicBool, Mutex, Ordering};

/// The executor's metadata in an async-task allocation.
#[derive(Debug)]
pub(crate) struct Meta {
    /// Set by `JoinHandle::abort`; read before every poll of the future.
    aborted: AtomicBool,
    /// The task's own waker, so `abort` can schedule it. Set once at spawn; taken by
    /// the first `abort` or when the future is dropped, whichever comes first, which
    /// also breaks the reference cycle allocation → waker → allocation.
    waker: Mutex<Option<Waker>>,
}

impl Meta {
    pub(crate) fn new() -> Meta {
        Meta {
            aborted: AtomicBool::new(false),
            waker: Mutex::new(None),
        }
    }

    /// Stores the task's own waker; called once, before the task is first scheduled.
    pub(crate) fn set_waker(&self, waker: Waker) {
        *lock(&self.waker) = Some(waker);
    }

    /// Forgets the task's waker; called when the future is dropped.
    pub(crate) fn take_waker(&self) -> Option<Waker> {
        lock(&self.waker).take()
    }

    /// Marks the task aborted and schedules it, so that its next poll completes it
    /// with a cancelled `JoinError` and drops the future.
    pub(crate) fn abort(&self) {
        // ORDERING: the wake below goes through async-task's state word with AcqRel,
        // which orders this store before the poll it causes; Relaxed suffices.
        self.aborted.store(true, Ordering::Relaxed);
        let waker = self.take_waker();
        if let Some(waker) = waker {
            waker.wake();
        }
    }

    /// Whether `abort` was called.
    pub(crate) fn is_aborted(&self) -> bool {
        // ORDERING: see `abort`; a poll caused by the abort's wake sees the store.
        self.aborted.load(Ordering::Relaxed)
    }
}
