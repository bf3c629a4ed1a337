//! The registry of idle tasks, so that dropping a runtime can cancel every task,
//! including those that sit waiting for a waker nobody will call, and so that
//! `abort` can wake a task it only knows by its metadata.
//!
//! A task registers lazily: a clone of its own waker, the first time its future
//! returns `Pending` (in `TaskFuture::poll`, on the polling thread), and it removes it
//! when its future is dropped (on completion or cancellation). A task that completes
//! in its first poll, the common case for short tasks, never touches the registry.
//! Tasks not registered are queued or running, and shutdown finds those in the
//! queues. Shutdown closes every shard, takes the wakers out and wakes them; the
//! scheduler, being closed, drops each runnable it is handed, which cancels the task
//! and drops its future (smol leaks these: smol#294). A task that tries to register
//! in a closed shard completes as cancelled.
//!
//! The registry is split in shards; each thread registers in its own shard (assigned
//! round-robin the first time the thread registers), so workers rarely meet on one
//! lock and each keeps its shard's line in its cache.

use std::cell::Cell;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::task::Waker;

use parking_lot::Mutex;

use crate::util::slab::Slab;

const SHARD_BITS: u32 = 4;
const SHARDS: usize = 1 << SHARD_BITS;
const KEY_BITS: u32 = u32::BITS - SHARD_BITS;
/// Keys go up to `KEY_MASK - 1`: `KEY_MASK` in shard 15 is [`TaskId::NONE`].
const KEY_MASK: u32 = (1 << KEY_BITS) - 1;

/// Where a task's waker sits in the registry: 4 bits of shard, 28 of key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TaskId(u32);

impl TaskId {
    /// No entry.
    pub(crate) const NONE: TaskId = TaskId(u32::MAX);

    fn new(shard: usize, key: usize) -> TaskId {
        debug_assert!(shard < SHARDS && key < KEY_MASK as usize);
        TaskId(((shard as u32) << KEY_BITS) | key as u32)
    }

    fn shard(self) -> usize {
        (self.0 >> KEY_BITS) as usize
    }

    fn key(self) -> usize {
        (self.0 & KEY_MASK) as usize
    }

    pub(crate) fn to_bits(self) -> u32 {
        self.0
    }

    /// `None` for [`TaskId::NONE`].
    pub(crate) fn from_bits(bits: u32) -> Option<TaskId> {
        (bits != TaskId::NONE.0).then_some(TaskId(bits))
    }
}

#[derive(Debug, Default)]
struct Shard {
    wakers: Slab<Waker>,
    closed: bool,
}

/// Every registered task of one runtime, by [`TaskId`].
#[derive(Debug)]
pub(crate) struct OwnedTasks {
    shards: Box<[Mutex<Shard>]>,
}

/// Hands shards to threads round-robin.
static NEXT_SHARD: AtomicUsize = AtomicUsize::new(0);

thread_local! {
    /// This thread's shard (`usize::MAX`: not assigned yet).
    static MY_SHARD: Cell<usize> = const { Cell::new(usize::MAX) };
}

fn my_shard() -> usize {
    MY_SHARD
        .try_with(|mine| {
            if mine.get() == usize::MAX {
                // ORDERING: only a counter.
                mine.set(NEXT_SHARD.fetch_add(1, Ordering::Relaxed) % SHARDS);
            }
            mine.get()
        })
        .unwrap_or(0)
}

impl OwnedTasks {
    pub(crate) fn new() -> OwnedTasks {
        OwnedTasks {
            shards: (0..SHARDS).map(|_| Mutex::default()).collect(),
        }
    }

    /// Registers `waker`, in this thread's shard (or the next one with room).
    /// `None` if the runtime is shut down.
    pub(crate) fn insert(&self, waker: Waker) -> Option<TaskId> {
        let first = my_shard();
        for i in 0..SHARDS {
            let shard = (first + i) % SHARDS;
            let mut locked = self.shards[shard].lock();
            if locked.closed {
                return None;
            }
            if locked.wakers.vacant_key() >= KEY_MASK as usize {
                continue;
            }
            let key = locked.wakers.insert(waker);
            return Some(TaskId::new(shard, key));
        }
        panic!("more than 2^32 idle tasks in one runtime");
    }

    /// Forgets a task whose future was dropped.
    pub(crate) fn remove(&self, id: TaskId) {
        let waker = self.shards[id.shard()].lock().wakers.remove(id.key());
        // Dropped outside the lock: it may be the last reference to the task.
        drop(waker);
    }

    /// Wakes the task registered as `id`, if it still is (for `abort`). Should the
    /// task be gone and its key reused, another task gets a spurious wake-up,
    /// which is harmless.
    pub(crate) fn wake(&self, id: TaskId) {
        let waker = self.shards[id.shard()].lock().wakers.get(id.key()).cloned();
        // Woken outside the lock: scheduling may drop the task, which removes it.
        if let Some(waker) = waker {
            waker.wake();
        }
    }

    /// Refuses new registrations from now on and wakes every registered task, so a
    /// closed scheduler drops it.
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

    /// How many tasks are registered: alive and past their first `Pending`.
    #[cfg(feature = "metrics")]
    pub(crate) fn alive(&self) -> usize {
        self.shards.iter().map(|s| s.lock().wakers.len()).sum()
    }
}
