//! One worker's loop.
//!
//! ```text
//! loop:
//!   closed?                      → exit
//!   every EVENT_INTERVAL ticks, poll the driver without blocking if no other
//!     thread holds it (I/O events, due timers; the tasks they wake: local queue)
//!   a task from the local queue (a shared queue first every EVENT_INTERVAL ticks,
//!     so that a busy local queue does not starve them), else a batch from a shared
//!     queue: the injector and the overflow in turn, so that neither waits behind
//!     the other's backlog
//!   else become a searcher (unless half the workers search) and steal half of a
//!     random victim's queue, or take a batch from a shared queue
//!   else park: record as sleeper; if last searcher, re-check the queues; then
//!     park in the driver if no other thread holds it, else spin for a token over
//!     the worker's adaptive window (only if the workers may run on several CPUs)
//!     and sleep on the thread
//! ```
//!
//! ## The driver is driven by the workers
//!
//! There is no reactor thread: a worker with nothing to do parks *in the driver*
//! if no other thread holds it (`Parker::park_driving`, `park.rs`): it polls the
//! runtime's `Poll` and timers, and the events it dispatches wake their tasks
//! onto its own local queue, which it then runs itself: an I/O event reaches its
//! task with no hand-over between threads. The other idle workers park on their
//! threads. `Idle::worker_to_notify` wakes those first, so the worker in the
//! driver keeps watching I/O and timers while another takes the new task. Busy
//! workers poll the driver without blocking every `EVENT_INTERVAL` tasks, so I/O
//! and timers go on while every worker runs tasks.
//!
//! A park in the driver may end without a wake-up (an event, a timer): after
//! every park the worker reads off the sleepers list whether a wake-up chose it,
//! and counts itself unparked again if not (`Idle::count_back`); a wake-up that
//! chose it while it was back from such a park leaves a late token, which only
//! ends its next park early. Under a
//! paused clock, the worker that parks in the driver is the one that jumps the
//! clock when the runtime is idle; a request for that check (the last worker to
//! park on its thread, a `block_on` caller parking) interrupts its poll.
//!
//! ## Spinning before sleeping
//!
//! The spin is the one the reactor's poller uses (`runtime_spin::Spin`): a worker
//! recorded as sleeper watches its parker's token for a while before it sleeps,
//! and the `unpark` that wakes it then finds no sleeping thread and makes no system
//! call. Only when the workers may run on several CPUs (`Shared::spread`): on one
//! CPU the waker cannot run while the worker spins. The window grows (to 1.5× the park, at
//! most `runtime_spin::MAX`) only after a park that ended with work in the
//! injector, that is, work from outside the workers: a task woken by a foreign
//! thread, an I/O event or a timer. Those are the wake-ups whose latency a
//! user sees, and waking a thread whose CPU has gone idle costs far more than a
//! short spin (`event-task-rtt`: a plain thread waking a task). Any other park
//! resets the window to `runtime_spin::MIN`: a worker woken to steal from a busy
//! peer arrives soon enough asleep, and one that spun instead would steal every
//! task the moment it was queued, trading the queue's lines with the spawner per
//! task (`spawn-1m`). The figures are in `benches/peers/DESIGN_MEASUREMENTS.md`.
//!
//! A searcher that finds a task stops searching before running it, and wakes another
//! worker if it was the last searcher (with one CPU to share: only if work is left;
//! see `run_task`) (`idle.rs`). Each task poll gets a fresh
//! cooperative budget (`coop.rs`). Panics never reach this loop: `TaskFuture` turns
//! them into the task's output.

use std::sync::atomic::Ordering;

use std::time::Duration;

use super::{Shared, SharedQueue};
use crate::driver::Holding;
use crate::handle::Handle;
use crate::park::Parker;
use crate::scheduler::EVENT_INTERVAL;
use crate::task::Runnable;

struct Worker<'a> {
    shared: &'a Shared,
    handle: &'a Handle,
    index: usize,
    parker: Parker,
    searching: bool,
    /// The adaptive window this worker spins before it parks.
    spin: runtime_spin::Spin,
    tick: u32,
    /// Which shared queue this worker looks at first next time; flips at each look.
    injector_first: bool,
    rng: u32,
}

pub(super) fn run(handle: &Handle, shared: &Shared, index: usize, parker: Parker) {
    let _runtime = crate::context::enter_runtime();
    let _current = crate::context::set_current(handle);
    let _scheduler = crate::context::set_scheduler(
        handle.inner.identity(),
        crate::context::Payload::Worker(index),
    );
    let mut worker = Worker {
        shared,
        handle,
        index,
        parker,
        searching: false,
        spin: Default::default(),
        tick: 0,
        injector_first: true,
        // Any non-zero seed; distinct per worker so victims differ.
        rng: 0x9E37_79B9u32.wrapping_mul(index as u32 + 1) | 1,
    };
    worker.run();
}

impl<'a> Worker<'a> {
    fn run(&mut self) {
        loop {
            if self.is_closed() {
                return;
            }
            self.tick = self.tick.wrapping_add(1);
            if self.tick % EVENT_INTERVAL == 0 {
                self.maintenance();
            }
            if let Some(task) = self.next_task() {
                self.run_task(task);
                continue;
            }
            if let Some(task) = self.steal() {
                self.run_task(task);
                continue;
            }
            self.park();
        }
    }

    /// Polls the driver without blocking (I/O events, due timers), if no other
    /// thread holds it: with every worker busy, nobody parks in the driver, and
    /// this is what keeps I/O and timers going meanwhile. The tasks woken here go
    /// to this worker's local queue.
    fn maintenance(&self) {
        self.handle.inner.driver.turn(Some(Duration::ZERO));
    }

    fn is_closed(&self) -> bool {
        // ORDERING: Acquire pairs with the shutdown's SeqCst store; a worker that
        // misses it is unparked afterwards and looks again.
        self.handle.inner.closed.load(Ordering::Acquire)
    }

    fn local(&self) -> &super::LocalQueue {
        &self.shared.workers[self.index].queue
    }

    fn next_task(&mut self) -> Option<Runnable> {
        if self.tick % EVENT_INTERVAL == 0 {
            let [first, second] = self.shared_queues_in_turn();
            first
                .pop()
                .or_else(|| second.pop())
                .or_else(|| self.local().pop())
        } else {
            self.local().pop().or_else(|| self.take_shared())
        }
    }

    /// The injector and the overflow, the one whose turn it is first (see `mod.rs`).
    fn shared_queues_in_turn(&mut self) -> [&'a SharedQueue; 2] {
        let (injector, overflow) = (&self.shared.injector, &self.shared.overflow);
        let injector_first = self.injector_first;
        self.injector_first = !injector_first;
        if injector_first {
            [injector, overflow]
        } else {
            [overflow, injector]
        }
    }

    /// A task from a shared queue, and this worker's share of the rest of that queue
    /// into its local queue (`queue.rs`).
    fn take_shared(&mut self) -> Option<Runnable> {
        let workers = self.shared.workers.len();
        let [first, second] = self.shared_queues_in_turn();
        first
            .pop_batch_into(self.local(), workers)
            .or_else(|| second.pop_batch_into(self.local(), workers))
    }

    fn steal(&mut self) -> Option<Runnable> {
        if !self.searching {
            if !self.shared.idle.transition_worker_to_searching() {
                return None;
            }
            self.searching = true;
        }
        let n = self.shared.workers.len();
        let start = self.next_random() as usize % n;
        for i in 0..n {
            let victim = (start + i) % n;
            if victim == self.index {
                continue;
            }
            let victim = &self.shared.workers[victim].queue;
            if let Some(task) = victim.steal_half_into(self.local()) {
                return Some(task);
            }
        }
        self.take_shared()
    }

    fn run_task(&mut self, task: Runnable) {
        if self.searching {
            self.searching = false;
            // The last searcher hands the search over, as in tokio, so that
            // another worker looks for the work that may follow: a push that saw
            // this worker searching woke nobody. The woken worker also keeps a
            // second CPU out of its idle state, so a task woken from another
            // thread starts without waiting for an idle CPU to come back
            // (`event-task-rtt`). When every worker shares one CPU (an affinity
            // mask of one CPU), the hand-over is only a futile context switch per
            // woken task (`event-task-rtt-pinned`), so then it happens only if
            // work is visibly left (the queues' hints: work a hint hides is found
            // by this worker when its task returns, and a later push sees no
            // searcher and wakes a sleeper itself).
            if self.shared.idle.transition_worker_from_searching()
                && (self.shared.spread() || self.shared.looks_busy())
            {
                self.shared.notify_parked();
            }
        }
        crate::coop::with_budget(|| crate::task::run(task));
    }

    fn park(&mut self) {
        let last_searcher = self
            .shared
            .idle
            .transition_worker_to_parked(self.index, self.searching);
        self.searching = false;
        if last_searcher && self.shared.has_work_after_parking() {
            self.shared.notify_parked();
        }
        if self.is_closed() {
            return;
        }
        let inner = &self.handle.inner;
        match inner.driver.try_hold() {
            Some(held) => self.park_driving(held),
            None => self.park_on_thread(),
        }
        // Searching if a wake-up chose it (`Idle::worker_to_notify` counted it so);
        // back from the driver on its own, it runs what its events brought.
        self.searching = self.shared.idle.count_back(self.index);
    }

    /// Parks in the driver, which no other thread holds: polls the runtime's
    /// `Poll` and timers until an event, a deadline or a wake-up (see the module
    /// docs). Under a paused clock, an idle runtime first jumps to its next timer.
    fn park_driving(&mut self, mut held: Holding<'_>) {
        let (shared, inner) = (self.shared, &*self.handle.inner);
        shared.set_driving(Some(self.index));
        self.parker.park_driving(|has_token| {
            let time = inner.driver.time();
            if time.is_paused() && shared.is_idle() && inner.blocking.is_idle() {
                if held.turn(Some(Duration::ZERO)) > 0 {
                    return;
                }
                if shared.is_idle() && time.advance_to_next() {
                    return;
                }
            }
            // ORDERING: Acquire pairs with the shutdown's SeqCst store, as in
            // `is_closed`; the shutdown's unpark interrupts this poll anyway.
            let closed = || inner.closed.load(Ordering::Acquire);
            held.park(&|| has_token() || closed());
        });
        shared.set_driving(None);
        drop(held);
    }

    /// Parks on this thread's own parker: another thread holds the driver.
    fn park_on_thread(&mut self) {
        let inner = &self.handle.inner;
        if self.shared.idle.num_unparked() == 0 && inner.driver.time().is_paused() {
            // The runtime may be idle: let the worker in the driver check
            // (`Shared::request_idle_check`).
            self.shared.request_idle_check(&inner.driver);
        }
        // Spinning first pays only if the waker can run meanwhile: not when every
        // worker shares one CPU.
        if self.shared.spread() {
            let idle = self.parker.park_after_spin(self.spin.window());
            // Grow the window only for wake-ups that brought work from outside the
            // workers (see the module docs).
            let from_outside = !self.shared.injector.looks_empty();
            self.spin.slept(idle, from_outside);
        } else {
            self.parker.park();
        }
    }

    fn next_random(&mut self) -> u32 {
        // xorshift32
        let mut x = self.rng;
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        self.rng = x;
        x
    }
}
