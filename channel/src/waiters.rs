//! Senders blocked on a full bounded channel: `send().await` and `send_blocking`.
//!
//! A FIFO list under a lock, and its length in an atomic that the receiver loads
//! after every pop, so a pop with nobody blocked costs one load of a line that
//! only changes when a sender blocks.
//!
//! ## No lost wake-up (loom: `loom_tests/room.rs`)
//!
//! A sender whose push failed with "full" registers (lock, append, store the new
//! length with `SeqCst`), issues a `SeqCst` fence, and pushes again before it
//! sleeps. The receiver pops (a `SeqCst` claim, Q2 in `queue.rs`) and then loads
//! the length (`SeqCst`). Either the receiver sees the registration and wakes the
//! oldest waiter, or the sender's second push sees the room. Each pop wakes at
//! most one waiter, since it frees one slot; a woken waiter whose room was taken
//! by another sender registers again, and the queue, full again, will be popped
//! again. A waiter woken but then dropped without pushing (a cancelled
//! `send().await`) passes its wake on to the next one (`Sender`'s `Send` future).
//!
//! Closing the receiver sets `RX_CLOSED` with `SeqCst` and then wakes every
//! waiter under the lock: a sender registered before that is woken; one
//! registered after sees the bit when it looks again, since it took the lock
//! after the receiver released it.

use std::collections::VecDeque;
use std::fmt;
use std::task::Waker;

use crate::sync::{fence, lock, AtomicUsize, Mutex, Ordering, Thread};

/// How to wake one blocked sender.
pub(crate) enum Wake {
    /// `send().await`.
    Task(Waker),
    /// `send_blocking`.
    Thread(Thread),
}

impl Wake {
    fn wake(self) {
        match self {
            Wake::Task(waker) => waker.wake(),
            Wake::Thread(thread) => thread.unpark(),
        }
    }
}

struct Entry {
    id: u64,
    wake: Wake,
}

struct List {
    entries: VecDeque<Entry>,
    next_id: u64,
}

/// The blocked senders of one channel.
pub(crate) struct Waiters {
    /// `list.entries.len()`, readable without the lock.
    count: AtomicUsize,
    list: Mutex<List>,
}

impl Waiters {
    pub(crate) fn new() -> Waiters {
        Waiters {
            count: AtomicUsize::new(0),
            list: Mutex::new(List {
                entries: VecDeque::new(),
                next_id: 0,
            }),
        }
    }

    /// How many senders are blocked.
    #[inline]
    pub(crate) fn count(&self, order: Ordering) -> usize {
        self.count.load(order)
    }

    /// Registers a blocked sender; returns its id. The caller must push again
    /// after this returns, before it sleeps (the fence here orders that push).
    pub(crate) fn register(&self, wake: Wake) -> u64 {
        let id = {
            let mut list = lock(&self.list);
            let id = list.next_id;
            list.next_id += 1;
            list.entries.push_back(Entry { id, wake });
            // ORDERING: SeqCst store, then the SeqCst fence below, then the caller's
            // second push: the sender's half of the pattern in the module docs.
            self.count.store(list.entries.len(), Ordering::SeqCst);
            id
        };
        fence(Ordering::SeqCst);
        id
    }

    /// Replaces the waker of a still-registered `id`; false if it was woken (and
    /// so removed) meanwhile.
    pub(crate) fn update(&self, id: u64, waker: &Waker) -> bool {
        let mut list = lock(&self.list);
        match list.entries.iter_mut().find(|e| e.id == id) {
            Some(entry) => {
                match &mut entry.wake {
                    Wake::Task(old) if old.will_wake(waker) => {}
                    wake => *wake = Wake::Task(waker.clone()),
                }
                true
            }
            None => false,
        }
    }

    /// Whether `id` is still registered (not yet woken).
    pub(crate) fn contains(&self, id: u64) -> bool {
        lock(&self.list).entries.iter().any(|e| e.id == id)
    }

    /// Removes `id`; false if it was already woken (and so removed).
    pub(crate) fn remove(&self, id: u64) -> bool {
        let mut list = lock(&self.list);
        let Some(at) = list.entries.iter().position(|e| e.id == id) else {
            return false;
        };
        list.entries.remove(at);
        // ORDERING: a smaller count only spares the receiver a look; no wake-up
        // depends on seeing it early.
        self.count.store(list.entries.len(), Ordering::Relaxed);
        true
    }

    /// Wakes the oldest blocked sender, if any.
    #[cold]
    pub(crate) fn wake_one(&self) {
        let entry = {
            let mut list = lock(&self.list);
            let entry = list.entries.pop_front();
            self.count.store(list.entries.len(), Ordering::Relaxed);
            entry
        };
        // Outside the lock: a woken task may run (and touch the list) at once.
        if let Some(entry) = entry {
            entry.wake.wake();
        }
    }

    /// Wakes every blocked sender (the receiver closed).
    pub(crate) fn wake_all(&self) {
        let entries = {
            let mut list = lock(&self.list);
            self.count.store(0, Ordering::Relaxed);
            std::mem::take(&mut list.entries)
        };
        for entry in entries {
            entry.wake.wake();
        }
    }
}

impl fmt::Debug for Waiters {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Waiters")
            .field("count", &self.count.load(Ordering::Relaxed))
            .finish()
    }
}
