//! Putting a thread to sleep until another one says there is work: [`Parker`] and
//! [`Unparker`].
//!
//! Workers of the multi-thread scheduler, `block_on` callers and blocking-pool threads
//! park here. An unpark that comes before the park is not lost: it leaves a token
//! that the next park consumes at once. The state word:
//!
//! | state      | meaning                                     | set by                  |
//! |------------|---------------------------------------------|-------------------------|
//! | `EMPTY`    | no token, nobody asleep                     | `park` on its way out   |
//! | `PARKED`   | the owner is (about to be) asleep on `cvar` | `park`, under the lock  |
//! | `NOTIFIED` | a token is waiting to be consumed           | `unpark`                |
//!
//! The owner moves `EMPTY → PARKED` *while holding the lock*, and `unpark` takes the
//! lock (and drops it) after its `swap(NOTIFIED)` saw `PARKED` and before notifying.
//! So the notification cannot fall between the owner's check and its wait: either
//! the owner still holds the lock (and the unparker waits for `wait` to release it),
//! or the owner is already waiting. `park` returns only once it consumed a token, so
//! spurious condvar wake-ups are invisible to callers. The model is checked by loom
//! (`loom_park` in `src/loom_tests.rs`).

use std::sync::Arc;

use crate::sync::{lock, wait, AtomicUsize, Condvar, Mutex, Ordering};

const EMPTY: usize = 0;
const PARKED: usize = 1;
const NOTIFIED: usize = 2;

#[derive(Debug)]
struct Inner {
    state: AtomicUsize,
    lock: Mutex<()>,
    cvar: Condvar,
}

/// The sleeping side; owned by one thread.
#[derive(Debug)]
pub(crate) struct Parker {
    inner: Arc<Inner>,
}

/// The waking side; any number of clones, usable from any thread.
#[derive(Debug, Clone)]
pub(crate) struct Unparker {
    inner: Arc<Inner>,
}

impl Parker {
    /// A parker with no token.
    pub(crate) fn new() -> Parker {
        Parker {
            inner: Arc::new(Inner {
                state: AtomicUsize::new(EMPTY),
                lock: Mutex::new(()),
                cvar: Condvar::new(),
            }),
        }
    }

    /// A handle that wakes this parker.
    pub(crate) fn unparker(&self) -> Unparker {
        Unparker {
            inner: self.inner.clone(),
        }
    }

    /// Blocks until a token is available, and consumes it.
    pub(crate) fn park(&self) {
        let inner = &*self.inner;
        // ORDERING: SeqCst pairs with `unpark`'s swap: a token seen here makes the
        // unparker's earlier writes (the work it published) visible.
        if inner
            .state
            .compare_exchange(NOTIFIED, EMPTY, Ordering::SeqCst, Ordering::SeqCst)
            .is_ok()
        {
            return;
        }
        let mut guard = lock(&inner.lock);
        // ORDERING: as above; done under the lock, see the module docs.
        match inner
            .state
            .compare_exchange(EMPTY, PARKED, Ordering::SeqCst, Ordering::SeqCst)
        {
            Ok(_) => {}
            Err(NOTIFIED) => {
                // ORDERING: consumes the token that arrived since the first check.
                inner.state.swap(EMPTY, Ordering::SeqCst);
                return;
            }
            Err(state) => unreachable!("parker in state {state} while parking"),
        }
        loop {
            guard = wait(&inner.cvar, guard);
            // ORDERING: as in the first check.
            if inner
                .state
                .compare_exchange(NOTIFIED, EMPTY, Ordering::SeqCst, Ordering::SeqCst)
                .is_ok()
            {
                return;
            }
            // Spurious wake-up: still PARKED.
        }
    }
}

impl Unparker {
    /// Leaves a token and wakes the parker if it sleeps.
    pub(crate) fn unpark(&self) {
        let inner = &*self.inner;
        // ORDERING: SeqCst; the owner's compare-exchanges acquire what this releases.
        match inner.state.swap(NOTIFIED, Ordering::SeqCst) {
            EMPTY | NOTIFIED => return,
            PARKED => {}
            state => unreachable!("parker in state {state} while unparking"),
        }
        // The owner may be between its PARKED exchange and `wait`: taking the lock
        // waits until it is inside `wait`, so the notification reaches it.
        drop(lock(&inner.lock));
        inner.cvar.notify_one();
    }
}
