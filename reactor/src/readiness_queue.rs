//! The readiness queue of one `Poll`, and the handshake that wakes a sleeping poller.
//!
//! ## Shape
//!
//! Producers (`set_readiness`, registrations) append `(node, generation)` entries to
//! an **inbox**: a `Vec` behind a mutex whose critical section is one `push`. The
//! poller takes the whole inbox at once by swapping it with an empty `Vec` it keeps
//! (the two buffers trade places forever, so steady state allocates nothing), then
//! works through the batch in order, outside the lock, from its own **backlog**.
//! Entries the `Events` buffer has no room for stay in the backlog, ahead of newer
//! ones, so order is FIFO across polls (SPEC P3).
//!
//! Why a lock and not a lock-free list: measured on the `events-K` benchmark, the
//! costs of a linked queue are its cache misses, one per node and serialised by
//! pointer chasing on the consumer side, and its per-block allocations freed on the
//! other thread. A batch swap gives the poller a contiguous array of node pointers
//! whose misses overlap, and the producer's lock is a single uncontended
//! compare-exchange in the common case.
//!
//! Entries hold their node strongly, so a dropped `Registration` is freed once its
//! entries have been seen (SPEC R11). The node's binding holds this queue strongly
//! too; the cycle is broken when the `Poll` is dropped: [`ReadinessQueue::close`]
//! empties the inbox and refuses later pushes, under the same lock, so no entry can
//! slip in after it.
//!
//! ## Waking the poller (SPEC P5)
//!
//! The inbox lock also guards how the poller sleeps, if it does. It sleeps in one of
//! two places:
//!
//! - **in the kernel** (`epoll_wait`), when OS sources are registered: before
//!   blocking, the poller, holding the lock, checks that the inbox is empty and
//!   records `Sleep::Kernel`; a producer that pushes then, and finds `notified`
//!   clear, sets it and, after unlocking, makes the one syscall (a `mio::Waker`
//!   write);
//! - **on a condition variable**, when only user-space sources are registered:
//!   there is nothing for the kernel to report, and a futex wake costs about half an
//!   eventfd write plus `epoll_wait`'s return. The poller waits on the inbox's own
//!   condvar (`Sleep::Condvar`); a producer notifies it. Registering an OS source
//!   [kicks](ReadinessQueue::kick) such a sleeper so it goes back to the kernel.
//!
//! Because both sides decide under one lock, no wake-up can be lost, at most one
//! producer pays a syscall per sleep, and a push while the poller is awake, or from
//! the polling thread itself, makes none.

use std::fmt;
use std::io;
use std::mem;
use std::sync::Arc;

use crate::readiness::{Dequeued, Node};
use crate::sync::{lock, wait_until, AtomicUsize, Condvar, Mutex, Ordering};
use crate::Events;

/// What wakes the poller from the kernel: the `Poll`'s one `mio::Waker`.
pub(crate) trait WakeUp: Send + Sync + fmt::Debug {
    /// Makes the blocked poller return.
    fn wake(&self) -> io::Result<()>;
}

impl WakeUp for mio::Waker {
    fn wake(&self) -> io::Result<()> {
        mio::Waker::wake(self)
    }
}

/// One queued "look at this registration" note.
#[derive(Debug)]
pub(crate) struct Entry {
    node: Arc<Node>,
    gen: usize,
}

impl Entry {
    pub(crate) fn new(node: Arc<Node>, gen: usize) -> Entry {
        Entry { node, gen }
    }
}

/// Where the poller sleeps, if it does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Sleep {
    #[default]
    Awake,
    /// Blocked (or about to be) in `epoll_wait`: wake with the `mio::Waker`.
    Kernel,
    /// Waiting on [`ReadinessQueue::cond`]: notify it.
    Condvar,
}

/// What producers and the poller share, under one lock.
#[derive(Debug, Default)]
struct Inbox {
    entries: Vec<Entry>,
    sleeping: Sleep,
    /// A producer already woke the poller during this sleep.
    notified: bool,
    /// The `Poll` is gone: refuse entries.
    closed: bool,
}

/// The user-space half of a `Poll`.
pub(crate) struct ReadinessQueue {
    inbox: Mutex<Inbox>,
    /// Where a poller with no OS source to watch sleeps.
    cond: Condvar,
    /// Entries pushed since the poller last took the inbox; read without the lock
    /// by a poller spinning briefly before it sleeps. A hint only: the decision to
    /// sleep is taken under the lock.
    pushed: AtomicUsize,
    /// `None` once the `Poll` is dropped: its descriptor is closed then.
    waker: Mutex<Option<Box<dyn WakeUp>>>,
}

/// The poller's own side of the queue; lives under the `Poll`'s poll lock.
#[derive(Debug, Default)]
pub(crate) struct Consumer {
    /// Entries taken from the inbox and not yet looked at, oldest first.
    backlog: std::collections::VecDeque<Entry>,
    /// The empty buffer swapped into the inbox on the next take.
    spare: Vec<Entry>,
    /// Level registrations that fired this poll; appended after it.
    requeue: Vec<Entry>,
}

impl fmt::Debug for ReadinessQueue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ReadinessQueue").finish_non_exhaustive()
    }
}

impl ReadinessQueue {
    pub(crate) fn new(waker: Box<dyn WakeUp>) -> Arc<ReadinessQueue> {
        Arc::new(ReadinessQueue {
            inbox: Mutex::new(Inbox::default()),
            cond: Condvar::new(),
            pushed: AtomicUsize::new(0),
            waker: Mutex::new(Some(waker)),
        })
    }

    /// Queues an entry and wakes the poller if it sleeps.
    pub(crate) fn push(&self, entry: Entry) {
        let mut inbox = lock(&self.inbox);
        if inbox.closed {
            return;
        }
        inbox.entries.push(entry);
        let wake = if inbox.notified {
            Sleep::Awake
        } else {
            inbox.sleeping
        };
        inbox.notified |= wake != Sleep::Awake;
        drop(inbox);
        // ORDERING: a hint for the spinning poller; the lock orders everything else.
        self.pushed.store(1, Ordering::Relaxed);
        self.wake(wake);
    }

    fn wake(&self, sleep: Sleep) {
        match sleep {
            Sleep::Awake => {}
            Sleep::Condvar => {
                self.cond.notify_one();
            }
            Sleep::Kernel => {
                if let Some(waker) = lock(&self.waker).as_ref() {
                    // A failed eventfd write can only mean the counter is saturated,
                    // i.e. the poller is already due to wake; nothing is lost.
                    let _ = waker.wake();
                }
            }
        }
    }

    /// Makes a poller sleeping on the condvar loop (an OS source was registered,
    /// so it must watch the kernel now).
    pub(crate) fn kick(&self) {
        let inbox = lock(&self.inbox);
        let sleep = inbox.sleeping;
        drop(inbox);
        if sleep == Sleep::Condvar {
            self.cond.notify_one();
        }
    }

    /// Moves events into `events` until it is full or nothing is queued. Level
    /// registrations that fired go to the tail afterwards, so each yields at most one
    /// event per poll and all take turns (SPEC O2, P3).
    ///
    /// The inbox is taken at most once per call: taking it moves its lock's cache
    /// line to the poller, and the next push moves it back, so taking small batches
    /// in a loop while a producer is busy would bounce the line once per few events.
    pub(crate) fn drain(&self, consumer: &mut Consumer, events: &mut Events) {
        let mut taken = false;
        while events.room() > 0 {
            let entry = match consumer.backlog.pop_front() {
                Some(entry) => entry,
                None => {
                    if taken || !self.take(consumer) {
                        break;
                    }
                    taken = true;
                    continue;
                }
            };
            if let Dequeued::Event { event, requeue } = entry.node.dequeue(entry.gen) {
                events.push(event);
                if requeue {
                    consumer.requeue.push(entry);
                }
            }
        }
        if !consumer.requeue.is_empty() {
            let mut inbox = lock(&self.inbox);
            if !inbox.closed {
                inbox.entries.append(&mut consumer.requeue);
            }
            consumer.requeue.clear();
        }
    }

    /// Swaps the inbox into the backlog; `false` if the inbox was empty.
    fn take(&self, consumer: &mut Consumer) -> bool {
        let mut inbox = lock(&self.inbox);
        if inbox.entries.is_empty() {
            return false;
        }
        mem::swap(&mut inbox.entries, &mut consumer.spare);
        drop(inbox);
        // ORDERING: a hint; see `pushed`.
        self.pushed.store(0, Ordering::Relaxed);
        consumer.backlog.extend(consumer.spare.drain(..));
        true
    }

    /// Whether something was pushed since the poller last took the inbox (a hint).
    pub(crate) fn maybe_pushed(&self) -> bool {
        // ORDERING: a hint; the sleep decision is made under the lock.
        self.pushed.load(Ordering::Relaxed) != 0
    }

    /// Sleeps unless something is queued: on the condvar until `deadline` if
    /// `in_user_space()` says (under the lock) that no OS source needs watching, and
    /// then returns `None`; otherwise marks the poller asleep in the kernel and
    /// returns `Some(true)`: the caller blocks in `epoll_wait` and then calls
    /// [`woke`](Self::woke). `Some(false)` means "something is queued: drain again".
    pub(crate) fn sleep(
        &self,
        consumer: &Consumer,
        deadline: Option<std::time::Instant>,
        in_user_space: impl FnOnce() -> bool,
    ) -> Option<bool> {
        if !consumer.backlog.is_empty() {
            return Some(false);
        }
        let mut inbox = lock(&self.inbox);
        if !inbox.entries.is_empty() {
            return Some(false);
        }
        inbox.notified = false;
        if in_user_space() {
            inbox.sleeping = Sleep::Condvar;
            let mut inbox = wait_until(&self.cond, inbox, deadline);
            inbox.sleeping = Sleep::Awake;
            None
        } else {
            inbox.sleeping = Sleep::Kernel;
            Some(true)
        }
    }

    /// The poller returned from the kernel.
    pub(crate) fn woke(&self) {
        lock(&self.inbox).sleeping = Sleep::Awake;
    }

    /// The `Poll` is gone: drop queued entries, refuse new ones, close the wake-up
    /// descriptor now.
    pub(crate) fn close(&self, consumer: &mut Consumer) {
        let entries = {
            let mut inbox = lock(&self.inbox);
            inbox.closed = true;
            mem::take(&mut inbox.entries)
        };
        drop(entries);
        consumer.backlog.clear();
        consumer.requeue.clear();
        lock(&self.waker).take();
    }
}
