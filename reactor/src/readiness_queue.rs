//! The readiness queue of one `Poll`, and the handshake that wakes a sleeping poller.
//!
//! Queue entries are `(Weak<Node>, generation)` pairs pushed by `set_readiness` (and
//! by registrations) from any thread and popped only by the thread holding the
//! `Poll`'s poll lock. Entries hold the node weakly, so a `Poll` never keeps a dropped
//! `Registration` alive, and a node's binding holds the queue strongly without a
//! cycle; the `Poll` owns its file descriptors itself, so dropping it closes them
//! whatever handles remain (SPEC R11).
//!
//! ## Waking the poller (SPEC P5)
//!
//! `notify` holds two bits:
//!
//! | bit        | set by                          | cleared by                         |
//! |------------|---------------------------------|------------------------------------|
//! | `NOTIFIED` | every push, with one `fetch_or` | the poller, before its last drain  |
//! | `SLEEPING` | the poller, by `0 → SLEEPING`    | the poller, when the kernel returns |
//!
//! The poller clears `NOTIFIED`, drains once more, and goes to sleep only if its
//! `0 → SLEEPING` exchange succeeds, i.e. if nothing was pushed since the clear. A
//! pusher whose `fetch_or` returns exactly `SLEEPING` is the first to find the poller
//! asleep, and is the only one that makes a syscall (one `mio::Waker` write). No
//! wake-up is lost: a push either precedes the clear (the clear acquires it, so the
//! drain sees the entry), or falls between the clear and the exchange (the exchange
//! fails), or follows the exchange (the pusher sees `SLEEPING` and wakes the poller).
//! A push while the poller is awake costs no syscall, and neither does one from the
//! polling thread itself.

use std::fmt;
use std::io;
use std::sync::{Arc, Weak};

use crate::readiness::{Dequeued, Node};
use crate::sync::{lock, AtomicUsize, Mutex, Ordering};
use crate::Events;

const NOTIFIED: usize = 0b01;
const SLEEPING: usize = 0b10;

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
    node: Weak<Node>,
    gen: usize,
}

impl Entry {
    pub(crate) fn new(node: Weak<Node>, gen: usize) -> Entry {
        Entry { node, gen }
    }
}

#[cfg(not(loom))]
type Queue = crossbeam_queue::SegQueue<Entry>;
#[cfg(loom)]
type Queue = Mutex<std::collections::VecDeque<Entry>>;

/// The user-space half of a `Poll`.
pub(crate) struct ReadinessQueue {
    queue: Queue,
    notify: AtomicUsize,
    /// `None` once the `Poll` is dropped: its descriptor is closed then.
    waker: Mutex<Option<Box<dyn WakeUp>>>,
}

impl fmt::Debug for ReadinessQueue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ReadinessQueue").finish_non_exhaustive()
    }
}

impl ReadinessQueue {
    pub(crate) fn new(waker: Box<dyn WakeUp>) -> Arc<ReadinessQueue> {
        Arc::new(ReadinessQueue {
            queue: Queue::default(),
            notify: AtomicUsize::new(0),
            waker: Mutex::new(Some(waker)),
        })
    }

    #[cfg(not(loom))]
    fn push_raw(&self, entry: Entry) {
        self.queue.push(entry);
    }

    #[cfg(loom)]
    fn push_raw(&self, entry: Entry) {
        lock(&self.queue).push_back(entry);
    }

    #[cfg(not(loom))]
    fn pop(&self) -> Option<Entry> {
        self.queue.pop()
    }

    #[cfg(loom)]
    fn pop(&self) -> Option<Entry> {
        lock(&self.queue).pop_front()
    }

    /// Queues an entry and wakes the poller if it sleeps.
    pub(crate) fn push(&self, entry: Entry) {
        self.push_raw(entry);
        // ORDERING: Release publishes the entry to the poller's clear or exchange,
        // which acquire; see the module docs for why no wake-up is lost.
        if self.notify.fetch_or(NOTIFIED, Ordering::AcqRel) == SLEEPING {
            self.wake();
        }
    }

    fn wake(&self) {
        if let Some(waker) = lock(&self.waker).as_ref() {
            // A failed eventfd write can only mean the counter is saturated, i.e. the
            // poller is already due to wake; nothing is lost by ignoring it.
            let _ = waker.wake();
        }
    }

    /// Moves events from the queue into `events` until it is full or the queue is
    /// empty. Level registrations that fired go back to the tail afterwards, so each
    /// yields at most one event per poll and all take turns (SPEC O2, P3).
    pub(crate) fn drain(&self, events: &mut Events, requeue: &mut Vec<Entry>) {
        while events.room() > 0 {
            let Some(entry) = self.pop() else { break };
            let Some(node) = entry.node.upgrade() else {
                continue;
            };
            if let Dequeued::Event {
                event,
                requeue: again,
            } = node.dequeue(entry.gen)
            {
                events.push(event);
                if again {
                    requeue.push(entry);
                }
            }
        }
        for entry in requeue.drain(..) {
            // The poller is awake: no notification needed.
            self.push_raw(entry);
        }
    }

    /// First half of going to sleep: forget earlier notifications. The caller must
    /// drain once more before [`try_sleep`](Self::try_sleep).
    pub(crate) fn clear_notified(&self) {
        // ORDERING: Acquire makes every entry pushed before a notification we clear
        // visible to the drain that follows.
        self.notify.swap(0, Ordering::AcqRel);
    }

    /// Second half: whether the poller may block. `false` means something was pushed
    /// since [`clear_notified`](Self::clear_notified).
    pub(crate) fn try_sleep(&self) -> bool {
        // ORDERING: AcqRel; failure means a push happened after the clear, and the
        // caller loops to drain it.
        self.notify
            .compare_exchange(0, SLEEPING, Ordering::AcqRel, Ordering::Acquire)
            .is_ok()
    }

    /// The poller returned from the kernel.
    pub(crate) fn woke(&self) {
        // ORDERING: Acquire, as in `clear_notified`.
        self.notify.swap(0, Ordering::AcqRel);
    }

    /// The `Poll` is gone: close the wake-up descriptor now.
    pub(crate) fn close(&self) {
        lock(&self.waker).take();
    }
}
