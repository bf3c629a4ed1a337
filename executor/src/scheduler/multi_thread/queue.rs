//! The run queues of the multi-thread scheduler: one bounded local queue per worker
//! and two unbounded [`SharedQueue`]s.
//!
//! | queue                | pushed by                                      | popped by                  |
//! |----------------------|------------------------------------------------|----------------------------|
//! | `LocalQueue`         | its worker (tasks woken on it), stealers' loot, batches taken from a shared queue | its worker; other workers steal half |
//! | `SharedQueue` injector | other threads (reactor, blocking, foreign)   | any worker, one task or a batch |
//! | `SharedQueue` overflow | a worker whose local queue is full (half of it, oldest first) | any worker, one task or a batch |
//!
//! A shared queue is a `VecDeque` behind a lock, with its length mirrored in an
//! atomic so that looking at an empty one takes no lock.
//!
//! ## The local queue
//!
//! A ring of `capacity` (a power of two) atomic words, a `tail` only the owner
//! writes, and a `head` that the owner's pops and the stealers advance by
//! compare-exchange. A task goes in as one word (`Runnable::into_raw`), so a slot is
//! an `AtomicUsize` and reading one is never a data race, even while it is reused.
//!
//! - **Push** (owner): if `tail - head < capacity`, store the word in slot
//!   `tail`, then `tail + 1` with Release. No read-modify-write.
//! - **Pop** (owner, or a stealer taking one): read `head`, `tail` (Acquire), the
//!   word in slot `head`, then compare-exchange `head` to `head + 1`. Success means
//!   the word was the value of index `head`: the owner only overwrites that slot
//!   once `head` has moved past it, which would have failed the exchange.
//! - **Steal half**: the same, reading `n = ⌈len / 2⌉` words first and claiming
//!   them all with one exchange of `head` to `head + n`.
//!
//! One compare-exchange per task round trip instead of the two of a general MPMC
//! queue, which pays a read-modify-write to push as well as to pop: a task that
//! yields is pushed and popped again at once, so `yield` is where that shows. Loom
//! checks it directly (`loom_local_queue_*`), as it checks the shared queues' locks
//! and lengths and our protocol around them (overflow, stealing, the searching
//! count and parking in `idle.rs`).
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
//!   until their worker is free again, while tasks spawned after them run at once
//!   elsewhere: the oldest tasks of a burst would wait longest for their first
//!   poll.
//! - **A worker takes a batch.** A worker whose local queue is empty takes its share
//!   of a shared queue (`len / workers + 1`, at most half a local queue) under one
//!   lock, and the rest of the batch is stealable from its local queue.
//!
//! A shared queue allocates nothing per task. A segmented lock-free queue allocates
//! a block every few dozen pushes and frees it on the popping thread: with one
//! worker spawning and another popping, every freed block goes back to the
//! spawner's malloc arena, so the popper sleeps on that arena's lock while the
//! spawner allocates tasks, falls further behind, and does not catch up. A
//! `VecDeque` allocates only when it grows, and keeps its buffer.

use std::collections::VecDeque;
use std::marker::PhantomData;

use crate::sync::{lock, AtomicUsize, Mutex, Ordering};
use crate::task::Runnable;

/// How many tasks a worker's local queue holds before overflowing.
pub(crate) const LOCAL_CAPACITY: usize = 256;

/// An unbounded shared FIFO: the injector or the overflow queue.
#[derive(Debug)]
pub(crate) struct SharedQueue<T = Runnable> {
    queue: Mutex<VecDeque<T>>,
    /// `queue.len()`, written under the lock, read without it.
    len: AtomicUsize,
}

/// A value that fits one machine word, so that a [`LocalQueue`] slot can be an
/// atomic (see the module docs).
pub(crate) trait Word: Sized {
    /// Gives up the value as a word.
    fn into_word(self) -> usize;
    /// Takes back a value given up by [`Word::into_word`].
    ///
    /// # Safety
    ///
    /// `word` came from `into_word`, and is taken back at most once.
    unsafe fn from_word(word: usize) -> Self;
}

impl Word for Runnable {
    fn into_word(self) -> usize {
        self.into_raw().as_ptr() as usize
    }

    unsafe fn from_word(word: usize) -> Self {
        // SAFETY: the caller passes a word from `into_word`, i.e. the non-null
        // pointer of `Runnable::into_raw`, once.
        unsafe { Runnable::from_raw(std::ptr::NonNull::new_unchecked(word as *mut ())) }
    }
}

impl Word for usize {
    fn into_word(self) -> usize {
        self
    }

    unsafe fn from_word(word: usize) -> Self {
        word
    }
}

/// A bounded FIFO owned by one worker; see the module docs.
pub(crate) struct LocalQueue<T: Word = Runnable> {
    /// The index of the next value to pop; advanced by compare-exchange, by the
    /// owner and by stealers.
    head: AtomicUsize,
    /// The index of the next value to push; written by the owner only.
    tail: AtomicUsize,
    /// `slots[i & mask]` holds the value of index `i` while `head <= i < tail`.
    slots: Box<[AtomicUsize]>,
    mask: usize,
    _values: PhantomData<T>,
}

impl<T: Word> std::fmt::Debug for LocalQueue<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LocalQueue")
            .field("len", &self.len())
            .finish_non_exhaustive()
    }
}

/// The most a steal takes at once (half of [`LOCAL_CAPACITY`]): its values are
/// read into a buffer of this size on the stealer's stack before it claims them.
const MAX_STEAL: usize = LOCAL_CAPACITY / 2;

impl<T: Word> LocalQueue<T> {
    /// An empty queue of `capacity` values, a power of two no larger than
    /// [`LOCAL_CAPACITY`].
    pub(crate) fn new(capacity: usize) -> Self {
        assert!(
            capacity.is_power_of_two() && capacity <= LOCAL_CAPACITY,
            "local queue capacity {capacity}"
        );
        LocalQueue {
            head: AtomicUsize::new(0),
            tail: AtomicUsize::new(0),
            slots: (0..capacity).map(|_| AtomicUsize::new(0)).collect(),
            mask: capacity - 1,
            _values: PhantomData,
        }
    }

    /// Pushes (the owner only), or gives the value back if the queue is full.
    fn try_push(&self, value: T) -> Result<(), T> {
        // ORDERING: Relaxed: only this thread writes `tail`.
        let tail = self.tail.load(Ordering::Relaxed);
        // ORDERING: Acquire pairs with the compare-exchange that freed the slot
        // written below: whoever popped its old value has read it.
        let head = self.head.load(Ordering::Acquire);
        if tail.wrapping_sub(head) > self.mask {
            return Err(value);
        }
        // ORDERING: Relaxed; published by the Release store of `tail`.
        self.slots[tail & self.mask].store(value.into_word(), Ordering::Relaxed);
        // ORDERING: Release publishes the slot to the Acquire loads of `tail`.
        self.tail.store(tail.wrapping_add(1), Ordering::Release);
        Ok(())
    }

    /// Pops the oldest value (the owner, or a stealer taking one).
    pub(crate) fn pop(&self) -> Option<T> {
        // ORDERING: Acquire pairs with the compare-exchanges that advanced `head`.
        let mut head = self.head.load(Ordering::Acquire);
        loop {
            // ORDERING: Acquire pairs with the owner's Release store: the slots
            // below `tail` are written.
            let tail = self.tail.load(Ordering::Acquire);
            let len = tail.wrapping_sub(head);
            if len == 0 || len > self.mask + 1 {
                // Empty, or `head` is stale against a newer `tail`: look again.
                if len == 0 {
                    return None;
                }
                // ORDERING: as above.
                head = self.head.load(Ordering::Acquire);
                continue;
            }
            // ORDERING: Relaxed; the `tail` load above made the write visible, and
            // the exchange below fails if the slot was reused since (`head` moved).
            let word = self.slots[head & self.mask].load(Ordering::Relaxed);
            // ORDERING: AcqRel: claims the value, and releases the read of its slot
            // to the owner's next push there.
            match self.head.compare_exchange_weak(
                head,
                head.wrapping_add(1),
                Ordering::AcqRel,
                Ordering::Acquire,
            ) {
                // SAFETY: the exchange gave this thread index `head`, whose slot held
                // `word` (had the slot been reused, `head` would have moved first).
                Ok(_) => return Some(unsafe { T::from_word(word) }),
                Err(actual) => head = actual,
            }
        }
    }

    /// How many values are queued (a snapshot).
    pub(crate) fn len(&self) -> usize {
        // ORDERING: a snapshot; both loads Acquire so the difference is of values
        // this thread could then pop.
        let head = self.head.load(Ordering::Acquire);
        let tail = self.tail.load(Ordering::Acquire);
        tail.wrapping_sub(head).min(self.mask + 1)
    }

    fn capacity(&self) -> usize {
        self.mask + 1
    }

    /// Moves about half of `self`'s values to `dest` (which must be empty, being the
    /// stealer's own queue), and returns one more to run at once. The values are
    /// claimed with one compare-exchange.
    pub(crate) fn steal_half_into(&self, dest: &LocalQueue<T>) -> Option<T> {
        // ORDERING: as in `pop`.
        let mut head = self.head.load(Ordering::Acquire);
        // An empty victim, what a searching worker mostly finds, costs two loads,
        // not the zeroing of the buffer below.
        // ORDERING: as in `pop`.
        if self.tail.load(Ordering::Acquire) == head {
            return None;
        }
        let mut words = [0usize; MAX_STEAL];
        loop {
            // ORDERING: as in `pop`.
            let tail = self.tail.load(Ordering::Acquire);
            let len = tail.wrapping_sub(head);
            if len == 0 {
                return None;
            }
            if len > self.mask + 1 {
                // ORDERING: as in `pop`.
                head = self.head.load(Ordering::Acquire);
                continue;
            }
            let n = len.div_ceil(2).min(MAX_STEAL);
            for (i, word) in words[..n].iter_mut().enumerate() {
                // ORDERING: as in `pop`.
                *word = self.slots[head.wrapping_add(i) & self.mask].load(Ordering::Relaxed);
            }
            // ORDERING: as in `pop`; one exchange claims all `n` indices, and fails
            // if any of their slots could have been reused.
            match self.head.compare_exchange_weak(
                head,
                head.wrapping_add(n),
                Ordering::AcqRel,
                Ordering::Acquire,
            ) {
                Ok(_) => {
                    // SAFETY: the exchange gave this thread indices `head..head + n`,
                    // whose slots held `words[..n]`.
                    let mut values = words[..n].iter().map(|&w| unsafe { T::from_word(w) });
                    let first = values.next();
                    for value in values {
                        if dest.try_push(value).is_err() {
                            unreachable!("a stealer's own queue is empty and only it pushes there");
                        }
                    }
                    return first;
                }
                Err(actual) => head = actual,
            }
        }
    }
}

impl<T: Word> Drop for LocalQueue<T> {
    fn drop(&mut self) {
        while let Some(value) = self.pop() {
            drop(value);
        }
    }
}

impl<T: Word> LocalQueue<T> {
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
}

impl<T: Word> SharedQueue<T> {
    pub(crate) fn new() -> Self {
        SharedQueue {
            queue: Mutex::new(VecDeque::new()),
            len: AtomicUsize::new(0),
        }
    }

    pub(crate) fn push(&self, value: T) {
        let mut queue = lock(&self.queue);
        queue.push_back(value);
        self.set_len(&queue);
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
    #[inline]
    pub(crate) fn pop_batch_into(&self, dest: &LocalQueue<T>, workers: usize) -> Option<T> {
        // Inlined, so that a look at an empty queue (most of a worker's looks) is a
        // load and a branch, not a call that saves registers.
        if self.looks_empty() {
            return None;
        }
        self.take_batch_into(dest, workers)
    }

    /// [`pop_batch_into`](Self::pop_batch_into) past the emptiness hint.
    #[inline(never)]
    fn take_batch_into(&self, dest: &LocalQueue<T>, workers: usize) -> Option<T> {
        // Only the owner pushes to `dest` and stealers only take from it, so the room
        // read here can only grow before the pushes below.
        let room = dest.capacity() - dest.len();
        let mut queue = lock(&self.queue);
        let first = queue.pop_front();
        let n = (queue.len() / workers.max(1))
            .min(dest.capacity() / 2)
            .min(room);
        // Not even an empty `drain` for a lone task, the common case: it is not free.
        if first.is_some() && n > 0 {
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
    /// made on another thread. Enough to skip the lock on the fast path; before a
    /// worker sleeps, a task it missed is found by the last searcher's check after
    /// a SeqCst fence (`Shared::has_work_after_parking`), or its pusher wakes a
    /// sleeper.
    pub(crate) fn len(&self) -> usize {
        // ORDERING: Relaxed: a hint (see above); exactness comes from the lock, or
        // from the SeqCst fences on both sides of `has_work_after_parking`.
        self.len.load(Ordering::Relaxed)
    }

    /// [`SharedQueue::len`] is 0: a hint, as it is.
    pub(crate) fn looks_empty(&self) -> bool {
        // ORDERING: see `len`.
        self.len.load(Ordering::Relaxed) == 0
    }

    /// Whether no task is queued, under the lock: exact. Used where a hint will
    /// not do (`Shared::has_work`, for the paused clock's idle check).
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

    fn drain<T: Word>(shared: &SharedQueue<T>) -> Vec<T> {
        std::iter::from_fn(|| shared.pop()).collect()
    }

    fn drain_local<T: Word>(queue: &LocalQueue<T>) -> Vec<T> {
        std::iter::from_fn(|| queue.pop()).collect()
    }

    /// The owner pushes and pops while two threads steal: every value comes out
    /// exactly once (Miri runs this too, and checks that slot reads never race).
    #[test]
    fn owner_and_stealers_take_every_value_once() {
        use std::sync::atomic::AtomicBool;
        use std::sync::Arc;
        let n: usize = if cfg!(miri) { 300 } else { 200_000 };
        let queue = Arc::new(LocalQueue::<usize>::new(8));
        let overflow = Arc::new(SharedQueue::new());
        let done = Arc::new(AtomicBool::new(false));
        let stealers: Vec<_> = (0..2)
            .map(|_| {
                let (queue, done) = (queue.clone(), done.clone());
                std::thread::spawn(move || {
                    let mine = LocalQueue::<usize>::new(8);
                    let mut got = Vec::new();
                    while !done.load(Ordering::Acquire) || !queue.is_empty() {
                        got.extend(queue.steal_half_into(&mine));
                        got.extend(std::iter::from_fn(|| mine.pop()));
                        std::thread::yield_now();
                    }
                    got
                })
            })
            .collect();
        let mut got = Vec::new();
        for value in 0..n {
            queue.push(value, &overflow);
            if value % 3 == 0 {
                got.extend(queue.pop());
            }
        }
        got.extend(std::iter::from_fn(|| queue.pop()));
        done.store(true, Ordering::Release);
        for stealer in stealers {
            got.extend(stealer.join().unwrap());
        }
        got.extend(std::iter::from_fn(|| overflow.pop()));
        got.sort_unstable();
        assert_eq!(got, (0..n).collect::<Vec<_>>());
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
