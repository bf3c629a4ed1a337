//! Senders blocked on a full bounded channel: `send().await` and `send_blocking`.
//!
//! A FIFO list under a lock, and its length in an atomic that the receiver loads
//! after every pop, so a pop with nobody blocked costs one load of a line that
//! only changes when a sender blocks.
//!
//! ## No lost wake-up (loom: `loom_tests/room.rs`)
//!
//! A sender whose push failed with "full" pushes again under the lock and, if
//! there is still no room, registers and pushes once more in the same critical
//! section (append, store the new length with `SeqCst`, a `SeqCst` fence, the
//! push), and sleeps only if that last push found no room either. The
//! receiver pops (a `SeqCst` claim, Q2 in `queue.rs`) and then loads the length
//! (`SeqCst`). Either the receiver sees the registration and wakes the oldest
//! waiter (its lock waits for the sender's push to end), or the sender's push sees
//! the room. Each pop wakes at most one waiter, since it frees one slot; a woken
//! waiter whose room was taken by another sender registers again, and the queue,
//! full again, will be popped again. A waiter woken but then dropped without
//! pushing (a cancelled `send().await`) passes its wake on to the next one
//! (`Sender`'s `Send` future).
//!
//! ## The receiver's drop (loom: `loom_tests/room.rs`)
//!
//! Dropping the receiver sets `RX_CLOSED` with `SeqCst`, then wakes every waiter
//! under the lock, then drains the queue. A registered sender's push, being under
//! the same lock, comes either before that critical section, when the drain has
//! not begun (so it cannot take a slot the drain freed), or after it, and then
//! sees the bit. So a registered sender never takes a slot the drain freed: it
//! succeeds only for room the receiver made by receiving, and otherwise fails with
//! its value handed back. Only a send that has not yet found the channel full can
//! race with the drop and be queued (then dropped: `chan.rs`).

use std::collections::VecDeque;
use std::fmt;
use std::task::Waker;

use crate::sync::{current, fence, lock, AtomicUsize, Mutex, Ordering, Thread};

/// How to wake one blocked sender.
pub(crate) enum Wake {
    /// `send().await`.
    Task(Waker),
    /// `send_blocking`.
    Thread(Thread),
}

/// Who is pushing, for `Waiters::push_or_register`: what to register, made only
/// if it must be.
pub(crate) enum Waiting<'a> {
    /// A `send().await`, with the waker of its latest poll.
    Task(&'a Waker),
    /// A `send_blocking`: the current thread.
    Thread,
}

impl Waiting<'_> {
    fn to_wake(&self) -> Wake {
        match self {
            Waiting::Task(waker) => Wake::Task((*waker).clone()),
            Waiting::Thread => Wake::Thread(current()),
        }
    }

    /// Makes `wake` wake this waiter; the replaced one, if any, is returned (to be
    /// dropped after the lock).
    fn refresh(&self, wake: &mut Wake) -> Option<Wake> {
        match (self, &*wake) {
            (Waiting::Task(new), Wake::Task(old)) if old.will_wake(new) => None,
            _ => Some(std::mem::replace(wake, self.to_wake())),
        }
    }
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

    /// The push of a sender that found the channel full, under the list's lock:
    /// `push` runs there and, if it finds no room, the sender is registered (then
    /// pushes once more: the pattern in the module docs) and gets its id back, to
    /// sleep on, with the value. `id` is its registration if it has one; if that
    /// is still in the list, the push runs as registered and a settled one
    /// withdraws it.
    ///
    /// Why under the lock: the receiver's drop sets `RX_CLOSED`, then takes this
    /// lock (`wake_all`), then drains the queue. A push under the lock comes
    /// either before that critical section, and finds no room the drain made, or
    /// after it, and sees the bit (module docs).
    pub(crate) fn push_or_register<V, S>(
        &self,
        id: Option<u64>,
        waiting: Waiting<'_>,
        value: V,
        push: impl Fn(V) -> Result<S, V>,
    ) -> Result<S, (V, u64)> {
        // What the list lets go of is dropped after the lock: a waker's drop may
        // run foreign code.
        let (mut released, mut withdrawn) = (None, None);
        let mut list = lock(&self.list);
        let outcome = match id.and_then(|id| list.entries.iter().position(|e| e.id == id)) {
            // Still registered (a poll that was not a wake-up): no fence needed, the
            // registration's own is still in force.
            Some(at) => {
                released = waiting.refresh(&mut list.entries[at].wake);
                match push(value) {
                    Ok(settled) => {
                        withdrawn = list.entries.remove(at);
                        // ORDERING: as in `remove`.
                        self.count.store(list.entries.len(), Ordering::Relaxed);
                        Ok(settled)
                    }
                    Err(value) => Err((value, list.entries[at].id)),
                }
            }
            // Not registered (the first time, or woken and so removed): the room
            // is usually there; register only if it is not.
            None => match push(value) {
                Ok(settled) => Ok(settled),
                Err(value) => {
                    let id = list.next_id;
                    list.next_id += 1;
                    list.entries.push_back(Entry {
                        id,
                        wake: waiting.to_wake(),
                    });
                    // ORDERING: SeqCst store, then the SeqCst fence, then the push:
                    // the sender's half of the pattern in the module docs.
                    self.count.store(list.entries.len(), Ordering::SeqCst);
                    fence(Ordering::SeqCst);
                    match push(value) {
                        Ok(settled) => {
                            // Nobody else touched the list: the lock is held.
                            withdrawn = list.entries.pop_back();
                            // ORDERING: as in `remove`.
                            self.count.store(list.entries.len(), Ordering::Relaxed);
                            Ok(settled)
                        }
                        Err(value) => Err((value, id)),
                    }
                }
            },
        };
        drop(list);
        drop((released, withdrawn));
        outcome
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
