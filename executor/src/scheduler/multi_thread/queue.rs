//! The run queues of the multi-thread scheduler: one bounded local queue per worker
//! and two unbounded [`SharedQueue`]s.
//!
//! | queue                | pushed by                                      | popped by                  |
//! |----------------------|------------------------------------------------|----------------------------|
//! | `LocalQueue`         | its worker (tasks woken on it), stealers' loot, batches taken from a shared queue | its worker; other workers steal half |
//! | `SharedQueue` injector | other threads (reactor, blocking, foreign)   | any worker, one task or a batch |
//! | `SharedQueue` overflow | a worker whose local queue is full (half of it, oldest first) | any worker, one task or a batch |
//!
//! The local queue is a crossbeam `ArrayQueue` (lock-free, MPMC; the owner/stealer
//! roles are a protocol on top). A shared queue is a `VecDeque` behind a lock, with
//! its length mirrored in an atomic so that looking at an empty one takes no lock.
//! Under `cfg(loom)` the local queue is a mutex around a `VecDeque` with the same
//! capacity rule, and the shared queues' locks and lengths are loom's, so that loom
//! checks *our* protocol (overflow, stealing, the searching count and parking in
//! `idle.rs`) rather than crossbeam's internals.
//!
//! ## Why shared queues move tasks in batches, and allocate nothing per task
//!
//! When one worker spawns faster than the others can run (a loop spawning 100,000
//! tasks), its local queue fills and the rest goes through the overflow. Two rules,
//! both tokio's, keep that pipeline fair and cheap:
//!
//! - **Overflow moves the oldest half.** A full local queue hands its older half and
//!   the new task to the overflow queue, in order, under one lock. Keeping the old
//!   tasks and spilling only the new ones would leave the first 256 tasks behind
//!   until their worker is free again (measured: 70 ms in `sleeps-100k`), while
//!   tasks spawned after them run at once elsewhere.
//! - **A worker takes a batch.** A worker whose local queue is empty takes its share
//!   of a shared queue (`len / workers + 1`, at most half a local queue) under one
//!   lock, and the rest of the batch is stealable from its local queue.
//!
//! The shared queue was crossbeam's `SegQueue`, which allocates a block per 31
//! pushes and frees it on the popping thread: with one worker spawning and another
//! popping, every freed block went back to the spawner's malloc arena, the popper
//! slept on that arena's lock while the spawner allocated tasks, fell further
//! behind, and never caught up (traced with `perf record -e sched:sched_switch`:
//! ~400 sleeps in `free` of a `seg_queue::Block` during one spawn phase). A
//! `VecDeque` allocates only when it grows, and keeps its buffer.

use std::collections::VecDeque;

use crate::sync::{lock, AtomicUsize, Mutex, Ordering};
use crate::task::Runnable;

/// How many tasks a worker's local queue holds before overflowing.
pub(crate) const LOCAL_CAPACITY: usize = 256;

/// A bounded FIFO owned by one worker.
#[derive(Debug)]
pub(crate) struct LocalQueue<T = Runnable> {
    #[cfg(not(loom))]
    queue: crossbeam_queue::ArrayQueue<T>,
    #[cfg(loom)]
    queue: Mutex<VecDeque<T>>,
    #[cfg(loom)]
    capacity: usize,
}

/// An unbounded shared FIFO: the injector or the overflow queue.
#[derive(Debug)]
pub(crate) struct SharedQueue<T = Runnable> {
    queue: Mutex<VecDeque<T>>,
    /// `queue.len()`, written under the lock, read without it.
    len: AtomicUsize,
}

#[cfg(not(loom))]
impl<T> LocalQueue<T> {
    pub(crate) fn new(capacity: usize) -> Self {
        LocalQueue {
            queue: crossbeam_queue::ArrayQueue::new(capacity),
        }
    }

    /// Pushes, or gives the value back if the queue is full.
    fn try_push(&self, value: T) -> Result<(), T> {
        self.queue.push(value)
    }

    pub(crate) fn pop(&self) -> Option<T> {
        self.queue.pop()
    }

    pub(crate) fn len(&self) -> usize {
        self.queue.len()
    }

    fn capacity(&self) -> usize {
        self.queue.capacity()
    }
}

#[cfg(loom)]
impl<T> LocalQueue<T> {
    pub(crate) fn new(capacity: usize) -> Self {
        LocalQueue {
            queue: Mutex::new(VecDeque::new()),
            capacity,
        }
    }

    fn try_push(&self, value: T) -> Result<(), T> {
        let mut queue = lock(&self.queue);
        if queue.len() == self.capacity {
            return Err(value);
        }
        queue.push_back(value);
        Ok(())
    }

    pub(crate) fn pop(&self) -> Option<T> {
        lock(&self.queue).pop_front()
    }

    pub(crate) fn len(&self) -> usize {
        lock(&self.queue).len()
    }

    fn capacity(&self) -> usize {
        self.capacity
    }
}

impl<T> LocalQueue<T> {
    /// Pushes (the owner only). A full queue moves its older half, then `value`, to
    /// `overflow` (see the module docs).
    pub(crate) fn push(&self, value: T, overflow: &SharedQueue<T>) {
        if let Err(value) = self.try_push(value) {
            let half = self.capacity().div_ceil(2);
            // Stealers may pop concurrently: the batch is then shorter, never wrong.
            let older = std::iter::from_fn(|| self.pop()).take(half);
            overflow.push_batch(older.chain(std::iter::once(value)));
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Moves about half of `self`'s tasks to `dest` (which must be empty, being the
    /// stealer's own queue), and returns one more to run at once.
    pub(crate) fn steal_half_into(&self, dest: &LocalQueue<T>) -> Option<T> {
        let n = self.len().div_ceil(2);
        let first = self.pop()?;
        for _ in 1..n {
            let Some(value) = self.pop() else { break };
            if dest.try_push(value).is_err() {
                unreachable!("a stealer's own queue is empty and only it pushes there");
            }
        }
        Some(first)
    }
}

impl<T> SharedQueue<T> {
    pub(crate) fn new() -> Self {
        SharedQueue {
            queue: Mutex::new(VecDeque::new()),
            len: AtomicUsize::new(0),
        }
    }

    pub(crate) fn push(&self, value: T) {
        self.push_batch(std::iter::once(value));
    }

    /// Pushes every value, in order, under one lock.
    pub(crate) fn push_batch(&self, values: impl Iterator<Item = T>) {
        let mut queue = lock(&self.queue);
        queue.extend(values);
        self.set_len(&queue);
    }

    /// The first task, if the queue does not look empty (see [`SharedQueue::len`]).
    pub(crate) fn pop(&self) -> Option<T> {
        if self.looks_empty() {
            return None;
        }
        let mut queue = lock(&self.queue);
        let value = queue.pop_front();
        self.set_len(&queue);
        value
    }

    /// Takes the share of one of `workers` workers, if the queue does not look
    /// empty: returns the first task and moves up to `len / workers` more (never more
    /// than half of `dest`'s capacity, nor more than fit) to `dest`, the calling
    /// worker's own queue.
    pub(crate) fn pop_batch_into(&self, dest: &LocalQueue<T>, workers: usize) -> Option<T> {
        if self.looks_empty() {
            return None;
        }
        // Only the owner pushes to `dest` and stealers only take from it, so the room
        // read here can only grow before the pushes below.
        let room = dest.capacity() - dest.len();
        let mut queue = lock(&self.queue);
        let first = queue.pop_front();
        if first.is_some() {
            let n = (queue.len() / workers.max(1))
                .min(dest.capacity() / 2)
                .min(room);
            for value in queue.drain(..n) {
                if dest.try_push(value).is_err() {
                    unreachable!("the batch is no larger than the room in the owner's queue");
                }
            }
        }
        self.set_len(&queue);
        first
    }

    /// Takes every task, under the lock (exact; for shutdown). The caller drops
    /// them after the lock is released: dropping a task may schedule another.
    pub(crate) fn take_all(&self) -> VecDeque<T> {
        let mut queue = lock(&self.queue);
        let all = std::mem::take(&mut *queue);
        self.set_len(&queue);
        all
    }

    /// How many tasks are queued, without the lock: a hint, which may lag a push
    /// made on another thread. Enough to skip the lock on the fast path, where a
    /// missed task is found by [`SharedQueue::is_empty`] before the worker sleeps.
    pub(crate) fn len(&self) -> usize {
        // ORDERING: Relaxed: a hint (see above); exactness comes from the lock.
        self.len.load(Ordering::Relaxed)
    }

    /// [`SharedQueue::len`] is 0: a hint, as it is.
    fn looks_empty(&self) -> bool {
        // ORDERING: see `len`.
        self.len.load(Ordering::Relaxed) == 0
    }

    /// Whether no task is queued, under the lock: exact. A parking worker checks
    /// here, after its SeqCst update of the idle word; a pusher pushes under the
    /// same lock before it reads that word, so one of the two sees the other
    /// (`idle.rs`).
    pub(crate) fn is_empty(&self) -> bool {
        lock(&self.queue).is_empty()
    }

    fn set_len(&self, queue: &VecDeque<T>) {
        // ORDERING: Relaxed, under the lock: see `len`.
        self.len.store(queue.len(), Ordering::Relaxed);
    }
}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;

    fn drain<T>(shared: &SharedQueue<T>) -> Vec<T> {
        std::iter::from_fn(|| shared.pop()).collect()
    }

    fn drain_local<T>(queue: &LocalQueue<T>) -> Vec<T> {
        std::iter::from_fn(|| queue.pop()).collect()
    }

    #[test]
    fn overflow_moves_the_older_half_then_the_new_task() {
        let (local, shared) = (LocalQueue::new(4), SharedQueue::new());
        for task in 0..4 {
            local.push(task, &shared);
        }
        assert!(shared.is_empty());
        local.push(4, &shared);
        assert_eq!(shared.len(), 3);
        local.push(5, &shared);
        assert_eq!(drain(&shared), [0, 1, 4]);
        assert_eq!(drain_local(&local), [2, 3, 5]);
    }

    #[test]
    fn a_batch_is_one_workers_share_at_most_half_a_queue() {
        let (local, shared) = (LocalQueue::new(8), SharedQueue::new());
        shared.push_batch(0..20);
        // 19 left after the first: 19 / 2 workers = 9, capped at 8 / 2.
        assert_eq!(shared.pop_batch_into(&local, 2), Some(0));
        assert_eq!(drain_local(&local), [1, 2, 3, 4]);
        assert_eq!(shared.len(), 15);
        // One worker: everything, capped at half the queue.
        assert_eq!(shared.pop_batch_into(&local, 1), Some(5));
        assert_eq!(drain_local(&local), [6, 7, 8, 9]);
        assert_eq!(drain(&shared), (10..20).collect::<Vec<_>>());
        assert_eq!(shared.pop_batch_into(&local, 2), None);
    }

    #[test]
    fn a_batch_fits_in_the_room_left() {
        let (local, shared) = (LocalQueue::new(8), SharedQueue::new());
        for task in 100..107 {
            local.push(task, &shared);
        }
        shared.push_batch(0..10);
        assert_eq!(shared.pop_batch_into(&local, 1), Some(0));
        assert_eq!(local.len(), 8);
        assert_eq!(shared.len(), 8);
        assert_eq!(drain_local(&local), [100, 101, 102, 103, 104, 105, 106, 1]);
    }
}
