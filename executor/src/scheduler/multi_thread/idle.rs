//! Which workers sleep, and how many to wake: the searching count.
//!
//! Waking a worker for every new task would make N threads race for one task; never
//! waking one would leave tasks behind. As in tokio, the rule is: **wake a sleeper
//! only if no worker is searching and some worker sleeps.** A *searching* worker is
//! one that has run out of local work and is looking at the injector and the other
//! queues; it will find the new task by itself. The word:
//!
//! | bits   | field          | meaning                                         |
//! |--------|----------------|-------------------------------------------------|
//! | 0..16  | `num_searching`| workers looking for work                        |
//! | 16..   | `num_unparked` | workers not asleep (running, searching, parking)|
//!
//! Invariants (checked by loom, `loom_run_queue_*` in `src/loom_tests.rs`):
//!
//! - **A woken worker starts searching.** [`Idle::worker_to_notify`] counts it as
//!   unparked *and* searching before waking it, so a burst of pushes wakes one
//!   worker, and that worker, on finding a task, wakes the next only if it was the
//!   last searcher ([`Idle::transition_worker_from_searching`]): wake-ups chain one
//!   by one as long as there is work.
//! - **The last searcher to park looks again.** A push that saw a searcher did not
//!   wake anybody; if that searcher then parks, [`Idle::transition_worker_to_parked`]
//!   tells it it was the last one, and it re-checks every queue (and wakes a worker
//!   if it finds work) before sleeping. The push is followed by a SeqCst fence and a
//!   read of the word; the parking worker's SeqCst update of the word by a SeqCst
//!   fence and a read of the queues' lengths (`Shared::has_work_after_parking`):
//!   one of the two sees the other.
//! - At most half the workers search at once ([`Idle::transition_worker_to_searching`]).

use crate::sync::{fence, lock, AtomicUsize, Mutex, Ordering};

const UNPARKED_SHIFT: usize = 16;
const SEARCHING_MASK: usize = (1 << UNPARKED_SHIFT) - 1;
const UNPARKED_ONE: usize = 1 << UNPARKED_SHIFT;

/// The sleeping workers and the counts above.
#[derive(Debug)]
pub(crate) struct Idle {
    state: AtomicUsize,
    /// Indices of the workers that are parked (or about to park).
    sleepers: Mutex<Vec<usize>>,
    num_workers: usize,
}

fn num_searching(state: usize) -> usize {
    state & SEARCHING_MASK
}

fn num_unparked(state: usize) -> usize {
    state >> UNPARKED_SHIFT
}

impl Idle {
    /// All `num_workers` workers start unparked and not searching.
    pub(crate) fn new(num_workers: usize) -> Idle {
        assert!(num_workers < SEARCHING_MASK, "too many workers");
        Idle {
            state: AtomicUsize::new(num_workers << UNPARKED_SHIFT),
            sleepers: Mutex::new(Vec::with_capacity(num_workers)),
            num_workers,
        }
    }

    /// The worker to wake for newly pushed work, if one should be woken; it is
    /// counted as unparked and searching already. Of the sleepers, the one that
    /// parked last is chosen, but not `driving` (the worker parked in the driver,
    /// if any) while another sleeps: that one keeps watching I/O and timers, and a
    /// worker parked on its thread is the cheaper to wake.
    pub(crate) fn worker_to_notify(&self, driving: Option<usize>) -> Option<usize> {
        if !self.notify_should_wakeup() {
            return None;
        }
        let mut sleepers = lock(&self.sleepers);
        if !self.notify_should_wakeup() {
            return None;
        }
        // ORDERING: under the sleepers lock, like every change of `num_unparked`.
        self.state.fetch_add(UNPARKED_ONE | 1, Ordering::SeqCst);
        let at = match sleepers.iter().rposition(|&w| Some(w) != driving) {
            Some(at) => Some(at),
            None => sleepers.len().checked_sub(1),
        };
        debug_assert!(at.is_some(), "fewer sleepers than parked workers");
        at.map(|at| sleepers.remove(at))
    }

    /// Accounts for `worker`'s return from a park, whatever ended it; returns
    /// whether it is counted searching. A wake-up chose it
    /// ([`worker_to_notify`](Self::worker_to_notify) took it off the sleepers and
    /// counted it unparked and searching), or nothing did: a park in the driver
    /// ended with an event or a timer, or a token came that a wake-up chose it
    /// for while it was back from such a park (a late token, which ends the park
    /// after). Which one is read off the sleepers list, under its lock, never off
    /// the token: still listed, the worker takes itself off and counts itself
    /// unparked, not searching (it returns with the work its events brought, as
    /// in tokio).
    pub(crate) fn count_back(&self, worker: usize) -> bool {
        let mut sleepers = lock(&self.sleepers);
        let Some(at) = sleepers.iter().position(|&w| w == worker) else {
            // Chosen by a wake-up, which counted it unparked and searching.
            return true;
        };
        sleepers.remove(at);
        // ORDERING: under the sleepers lock, like every change of `num_unparked`.
        self.state.fetch_add(UNPARKED_ONE, Ordering::SeqCst);
        false
    }

    /// Tries to become a searcher; `false` if half the workers search already.
    pub(crate) fn transition_worker_to_searching(&self) -> bool {
        // ORDERING: a heuristic read; the fetch_add is what counts.
        let state = self.state.load(Ordering::SeqCst);
        if 2 * num_searching(state) >= self.num_workers {
            return false;
        }
        self.state.fetch_add(1, Ordering::SeqCst);
        true
    }

    /// A searcher found work; `true` if it was the last searcher, which must then
    /// wake another worker in case there is more.
    pub(crate) fn transition_worker_from_searching(&self) -> bool {
        // ORDERING: SeqCst, so the caller's following notify sees its own decrement.
        let prev = self.state.fetch_sub(1, Ordering::SeqCst);
        debug_assert!(
            num_searching(prev) >= 1,
            "a worker stopped searching that was not counted searching"
        );
        num_searching(prev) == 1
    }

    /// A worker is about to park: records it as a sleeper. `true` if it was the last
    /// searcher, which must then re-check every queue before sleeping.
    pub(crate) fn transition_worker_to_parked(&self, worker: usize, is_searching: bool) -> bool {
        let mut sleepers = lock(&self.sleepers);
        let dec = UNPARKED_ONE + usize::from(is_searching);
        // ORDERING: SeqCst pairs with the pusher's fence in `notify_should_wakeup`.
        let prev = self.state.fetch_sub(dec, Ordering::SeqCst);
        debug_assert!(!sleepers.contains(&worker), "worker {worker} parked twice");
        debug_assert!(
            num_unparked(prev) >= 1,
            "a worker parked that was not counted unparked"
        );
        debug_assert!(
            num_searching(prev) >= usize::from(is_searching),
            "worker {worker} parked as a searcher that was not counted searching"
        );
        sleepers.push(worker);
        is_searching && num_searching(prev) == 1
    }

    /// How many workers are not asleep.
    pub(crate) fn num_unparked(&self) -> usize {
        // ORDERING: SeqCst, to be ordered with the pushes the caller checks next.
        num_unparked(self.state.load(Ordering::SeqCst))
    }

    fn notify_should_wakeup(&self) -> bool {
        // ORDERING: the fence orders the caller's push before this read, pairing
        // with the SeqCst decrement of a parking worker (see the module docs).
        fence(Ordering::SeqCst);
        let state = self.state.load(Ordering::SeqCst);
        num_searching(state) == 0 && num_unparked(state) < self.num_workers
    }
}
