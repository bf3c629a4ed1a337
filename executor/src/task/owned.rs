//! The registry of live tasks, so that dropping a runtime can cancel every task,
//! including those that sit idle waiting for a waker nobody will call.
//!
//! Each task registers a clone of its own waker at spawn and removes it when its
//! future is dropped (on completion or cancellation). Shutdown closes every shard,
//! takes the wakers out and wakes them; the scheduler, being closed, drops each
//! runnable it is handed, which cancels the task and drops its future (smol leaks
//! these: smol#294). A spawn that finds its shard closed is cancelled at once.
//!
//! The registry is split in shards, picked round-robin per spawning thread, so that
//! workers spawning at once rarely meet on one lock.

use std::cell::Cell;
use std::task::Waker;

use parking_lot::Mutex;

use crate::util::slab::Slab;

const SHARDS: usize = 16;

/// Where a task's waker sits in the registry.
#[derive(Debug, Clone, Copy)]
pub(crate) struct TaskId {
    shard: usize,
    key: usize,
}

#[derive(Debug, Default)]
struct Shard {
    wakers: Slab<Waker>,
    closed: bool,
}

/// Every live task of one runtime, by [`TaskId`].
#[derive(Debug)]
pub(crate) struct OwnedTasks {
    shards: Box<[Mutex<Shard>]>,
}

thread_local! {
    static NEXT_SHARD: Cell<usize> = const { Cell::new(0) };
}

impl OwnedTasks {
    pub(crate) fn new() -> OwnedTasks {
        OwnedTasks {
            shards: (0..SHARDS).map(|_| Mutex::default()).collect(),
        }
    }

    /// Builds a task with `build` (given its future id) and registers the waker it
    /// returns. `None` if the runtime is shut down: nothing was built then.
    pub(crate) fn insert<R>(&self, build: impl FnOnce(TaskId) -> (R, Waker)) -> Option<R> {
        let shard = NEXT_SHARD.with(|next| {
            let shard = next.get();
            next.set((shard + 1) % SHARDS);
            shard
        });
        let mut locked = self.shards[shard].lock();
        if locked.closed {
            return None;
        }
        let key = locked.wakers.vacant_key();
        let (built, waker) = build(TaskId { shard, key });
        let inserted = locked.wakers.insert(waker);
        debug_assert_eq!(inserted, key);
        Some(built)
    }

    /// Forgets a task whose future was dropped.
    pub(crate) fn remove(&self, id: TaskId) {
        let waker = self.shards[id.shard].lock().wakers.remove(id.key);
        // Dropped outside the lock: it may be the last reference to the task.
        drop(waker);
    }

    /// Refuses new tasks from now on and wakes every live one, so a closed scheduler
    /// drops it.
    pub(crate) fn close_and_wake_all(&self) {
        for shard in self.shards.iter() {
            let wakers = {
                let mut locked = shard.lock();
                locked.closed = true;
                locked.wakers.drain()
            };
            for waker in wakers {
                waker.wake();
            }
        }
    }

    /// How many tasks are alive (spawned and not yet dropped).
    pub(crate) fn alive(&self) -> usize {
        self.shards.iter().map(|s| s.lock().wakers.len()).sum()
    }
}
