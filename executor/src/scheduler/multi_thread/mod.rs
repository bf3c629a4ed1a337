//! The multi-thread scheduler: N workers, a bounded local queue each, two shared
//! queues, stealing, and parking on each worker's own parker (`park.rs`): in the
//! runtime's driver, for the one worker that holds it, or on its thread.
//!
//! | file        | what it holds                                                  |
//! |-------------|----------------------------------------------------------------|
//! | `queue.rs`  | the local queues and the shared queues                         |
//! | `idle.rs`   | the searching/unparked counts: how many sleepers to wake       |
//! | `worker.rs` | one worker's loop: pick, run, steal, park                      |
//!
//! A task woken on a worker of this runtime goes to that worker's local queue (if it
//! is full, its older half goes to the `overflow` queue); woken on any other thread
//! (a foreign thread, a blocking thread, a `block_on` caller), to the `injector`.
//! Either way a parked worker is woken if, and only if, no worker is searching
//! (`idle.rs`); for a local push, only if the queue then holds more than the one
//! task its worker will run next. So a task that spawns one task and then blocks
//! its thread (rather than awaiting) keeps that task until it returns, as tokio's
//! LIFO slot does: a worker woken for a single task would only find it gone or race
//! its own worker for it, at the cost of a thread wake-up per spawn. Blocking code
//! belongs in `spawn_blocking`.
//!
//! Two shared queues, not one, so that a task woken from outside the workers (a
//! foreign thread's `set_readiness`, a blocking call's end) does not wait behind the
//! whole backlog of a worker that spawns faster than the others can run, nor the
//! other way round: a worker takes its batches from the `injector` and the
//! `overflow` in turn (`worker.rs`), so a task in one waits for at most one batch
//! of the other. (A task woken by an I/O event or a timer is woken by the worker
//! driving the runtime, onto its local queue, and skips such a backlog too.)
//!
//! No LIFO slot: a woken task is queued FIFO behind its worker's other tasks. A LIFO
//! slot speeds up message ping-pong between two tasks at some cost in fairness;
//! whether it pays here is for the peers benchmarks to show, and none of them asks
//! for it yet.

mod idle;
pub(crate) mod queue;
mod worker;

use std::fmt;
use std::sync::atomic::{fence, Ordering};

use crate::handle::{Handle, Inner};
use crate::park::{Parker, Unparker};
use crate::task::Runnable;

pub(crate) use idle::Idle;
pub(crate) use queue::{LocalQueue, SharedQueue, LOCAL_CAPACITY};

/// The shared half of a multi-thread scheduler.
pub(crate) struct Shared {
    workers: Box<[WorkerShared]>,
    /// Tasks scheduled from outside the workers.
    injector: SharedQueue,
    /// The older halves of full local queues.
    overflow: SharedQueue,
    idle: Idle,
    /// Handed to the worker threads when they start.
    parkers: parking_lot::Mutex<Vec<Option<Parker>>>,
    /// `block_on` callers that are running (not parked): they have work, so the
    /// runtime is not idle (see `runtime.rs`, `park_on`).
    block_on_running: std::sync::atomic::AtomicUsize,
    /// 1 + the index of the worker parked in the driver (`worker.rs`), or 0.
    driving: std::sync::atomic::AtomicUsize,
    /// The workers may run on more than one CPU (more than one worker, and an
    /// affinity mask of more than one CPU when the runtime was built,
    /// `runtime_spin::may_use_several_cpus`): the last searcher then always hands
    /// the search over, and parking workers spin first (`worker.rs`).
    spread: bool,
}

/// What other threads see of one worker.
struct WorkerShared {
    queue: LocalQueue,
    unparker: Unparker,
}

impl Shared {
    /// `driver` interrupts the runtime's `Poll`, in which a worker with nothing to
    /// do may park (`worker.rs`).
    pub(crate) fn new(num_workers: usize, driver: &runtime_reactor::Interrupter) -> Shared {
        let parkers: Vec<Parker> = (0..num_workers)
            .map(|_| Parker::with_driver(driver.clone()))
            .collect();
        Shared {
            workers: parkers
                .iter()
                .map(|parker| WorkerShared {
                    queue: LocalQueue::new(LOCAL_CAPACITY),
                    unparker: parker.unparker(),
                })
                .collect(),
            injector: SharedQueue::new(),
            overflow: SharedQueue::new(),
            idle: Idle::new(num_workers),
            parkers: parking_lot::Mutex::new(parkers.into_iter().map(Some).collect()),
            block_on_running: std::sync::atomic::AtomicUsize::new(0),
            driving: std::sync::atomic::AtomicUsize::new(0),
            spread: num_workers > 1 && runtime_spin::may_use_several_cpus(),
        }
    }

    /// Records which worker is parked in the driver (`None`: none).
    pub(crate) fn set_driving(&self, worker: Option<usize>) {
        // ORDERING: see `notify_parked`.
        self.driving.store(
            worker.map_or(0, |w| w + 1),
            std::sync::atomic::Ordering::Relaxed,
        );
    }

    /// Whether the workers may run on more than one CPU (see `spread`).
    pub(crate) fn spread(&self) -> bool {
        self.spread
    }

    pub(crate) fn num_workers(&self) -> usize {
        self.workers.len()
    }

    /// Starts worker `index` on the calling thread; returns when the runtime closes.
    pub(crate) fn run_worker(&self, handle: &Handle, index: usize) {
        let parker = self.parkers.lock()[index]
            .take()
            .expect("each worker starts once");
        worker::run(handle, self, index, parker);
    }

    /// Queues a task woken on one of this runtime's workers: to its local queue.
    pub(crate) fn schedule_local(&self, payload: crate::context::Payload, runnable: Runnable) {
        let crate::context::Payload::Worker(index) = payload else {
            unreachable!("a multi-thread runtime records worker indices");
        };
        let queue = &self.workers[index].queue;
        queue.push(runnable, &self.overflow);
        // The worker runs this task itself next: another is woken only if there
        // is more queued than that (as tokio does), so a task woken by its
        // worker's own I/O event or by a task it runs costs no thread wake-up.
        if queue.len() > 1 {
            self.notify_parked();
        }
    }

    /// Queues a task woken on any other thread: to the injector.
    pub(crate) fn schedule_remote(&self, inner: &Inner, runnable: Runnable) {
        self.injector.push(runnable);
        // Its SeqCst fence (`Idle::worker_to_notify`) also pairs with the one in
        // `Runtime`'s shutdown: either the shutdown's drain sees this push, or the
        // re-check below sees `closed`.
        self.notify_parked();
        // ORDERING: SeqCst, after the fence above.
        if inner.closed.load(Ordering::SeqCst) {
            drop(self.injector.take_all());
        }
    }

    /// Wakes a sleeping worker if no worker is searching (see `idle.rs`).
    pub(crate) fn notify_parked(&self) {
        // ORDERING: Relaxed: which sleeper to prefer is a choice, not a promise;
        // the wake reaches whichever is chosen (`park.rs`).
        let driving = self
            .driving
            .load(std::sync::atomic::Ordering::Relaxed)
            .checked_sub(1);
        if let Some(index) = self.idle.worker_to_notify(driving) {
            self.workers[index].unparker.unpark();
        }
    }

    /// Wakes every worker, at shutdown.
    pub(crate) fn unpark_all(&self) {
        for worker in self.workers.iter() {
            worker.unparker.unpark();
        }
    }

    /// Whether any queue holds a task.
    pub(crate) fn has_work(&self) -> bool {
        !self.injector.is_empty()
            || !self.overflow.is_empty()
            || self.workers.iter().any(|w| !w.queue.is_empty())
    }

    /// The runtime may have gone idle under a paused clock: asks the worker parked
    /// in the driver to check, by interrupting its poll. The caller's SeqCst update
    /// that made the runtime idle comes before the interrupt, whose flag the poll
    /// takes with Acquire, and the interrupt is sticky (SPEC I2): one that comes
    /// while that worker is between its idle check and its sleep ends that sleep at
    /// once, and it checks again (`worker.rs`). When the runtime is idle some
    /// worker holds the driver: the last to park takes it if nobody does.
    pub(crate) fn request_idle_check(&self, driver: &crate::driver::Driver) {
        driver.unpark();
    }

    /// Whether a queue visibly holds a task: [`Shared::has_work`] from the shared
    /// queues' length hints, without their locks (a push on another thread may not
    /// show yet).
    pub(crate) fn looks_busy(&self) -> bool {
        !self.injector.looks_empty()
            || !self.overflow.looks_empty()
            || self.workers.iter().any(|w| !w.queue.is_empty())
    }

    /// [`Shared::has_work`] for the last searcher, right after its SeqCst update of
    /// the idle word (`Idle::transition_worker_to_parked`): a SeqCst fence, then the
    /// hints. Every push stores its queue's length (or tail) and then, in
    /// `Idle::worker_to_notify`, issues a SeqCst fence and reads the idle word; store,
    /// fence, load on both sides, so either this sees the task or the pusher sees
    /// this worker parked and wakes a sleeper. (The exact check would take each
    /// shared queue's lock in turn: two lock round trips per park.)
    pub(crate) fn has_work_after_parking(&self) -> bool {
        // ORDERING: see above.
        fence(Ordering::SeqCst);
        self.looks_busy()
    }

    /// Every worker asleep, every `block_on` caller parked and every queue empty:
    /// the runtime is idle.
    pub(crate) fn is_idle(&self) -> bool {
        // ORDERING: SeqCst, like the worker counts (see `idle.rs`).
        self.idle.num_unparked() == 0
            && self
                .block_on_running
                .load(std::sync::atomic::Ordering::SeqCst)
                == 0
            && !self.has_work()
    }

    /// A `block_on` caller runs (or was just woken).
    pub(crate) fn block_on_resumed(&self) {
        // ORDERING: SeqCst; see `is_idle`.
        self.block_on_running
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    }

    /// A `block_on` caller parks (or returns).
    pub(crate) fn block_on_parked(&self) {
        // ORDERING: SeqCst; see `is_idle`.
        self.block_on_running
            .fetch_sub(1, std::sync::atomic::Ordering::SeqCst);
    }

    #[cfg(feature = "metrics")]
    pub(crate) fn injector_depth(&self) -> usize {
        self.injector.len() + self.overflow.len()
    }

    #[cfg(feature = "metrics")]
    pub(crate) fn local_depths(&self) -> Vec<usize> {
        self.workers.iter().map(|w| w.queue.len()).collect()
    }

    pub(crate) fn drain(&self) {
        drop(self.injector.take_all());
        drop(self.overflow.take_all());
        for worker in self.workers.iter() {
            while let Some(runnable) = worker.queue.pop() {
                drop(runnable);
            }
        }
    }
}

impl fmt::Debug for Shared {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MultiThread")
            .field("workers", &self.workers.len())
            .field("injector", &self.injector.len())
            .field("overflow", &self.overflow.len())
            .finish_non_exhaustive()
    }
}
