//! loom models of the executor's own protocols.
//!
//! Run (CI uses `LOOM_MAX_PREEMPTIONS=3`; 2 is a quicker local check):
//!
//! ```text
//! RUSTFLAGS="--cfg loom" LOOM_MAX_PREEMPTIONS=3 \
//!     cargo test -p runtime-executor --release --lib loom
//! ```
//!
//! | model                          | protocol                                   | file |
//! |--------------------------------|--------------------------------------------|------|
//! | `loom_park_*`                  | park/unpark: no lost wake-up, the right thread woken, no return without a token; a worker parked in the driver woken by its unparker | `park.rs` |
//! | `loom_scheduled_io_*`          | readiness slot: waker registration vs dispatch, the clear tick | `driver/scheduled_io.rs` |
//! | `loom_driver_*`                | the real `Driver::park` (the runtime's `Poll` with its kernel modelled, `runtime-reactor`'s `sys/model.rs`) racing a timer filed earlier than its timeout, or a remote wake-up, whether it parks or sleeps in the kernel | `driver/mod.rs` |
//! | `loom_run_queue_*`             | local queues, overflow and batches through the injector, stealing, the searching count and parking | `scheduler/multi_thread/{queue,idle}.rs` |
//! | `loom_task_*`                  | abort racing completion or registration, wake during poll, handle dropped concurrently | `task/` |
//!
//! The run-queue model drives the real `LocalQueue`, `SharedQueue`, `Idle` and `Parker`
//! (with loom's primitives under `cfg(loom)`) through a copy of the worker loop's
//! decisions (`worker.rs`) with integers for tasks. The task models run real
//! async-task tasks; async-task's own atomics are not loom's, so loom explores the
//! interleavings of our additions (the abort flag, the registration id, the schedule
//! queue) and treats each async-task operation as one step.

use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};

use loom::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use loom::thread;

use crate::driver::scheduled_io::{ScheduledIo, Slot};
use crate::park::{Parker, Unparker};
use crate::scheduler::multi_thread::{Idle, LocalQueue, SharedQueue};
use runtime_reactor::Ready;

/// A waker that records whether it was woken.
struct Flag(AtomicBool);

impl Wake for Flag {
    fn wake(self: Arc<Self>) {
        self.0.store(true, Ordering::SeqCst);
    }
}

fn flag_waker() -> (Arc<Flag>, Waker) {
    let flag = Arc::new(Flag(AtomicBool::new(false)));
    (flag.clone(), Waker::from(flag))
}

#[test]
fn loom_park_no_lost_wakeup() {
    loom::model(|| {
        let parker = Parker::new();
        let unparker = parker.unparker();
        let data = Arc::new(AtomicUsize::new(0));
        let d = data.clone();
        let t = thread::spawn(move || {
            d.store(1, Ordering::Relaxed);
            unparker.unpark();
        });
        parker.park(); // must return: the unpark is never lost
        assert_eq!(data.load(Ordering::Relaxed), 1);
        t.join().unwrap();
    });
}

/// A worker parked in the driver (the real `Driver::park`, its `Poll` asleep in
/// user space or in the kernel) is woken by an unpark from another thread, at any
/// point of its way in: the unpark finds `PARKED_DRIVER` and interrupts the poll,
/// or the driver's check sees the token. The token is consumed.
fn unpark_reaches_a_worker_parked_in_the_driver(sleep: DriverSleep) {
    loom::model(move || {
        let driver = new_driver(sleep);
        let parker = Parker::with_driver(driver.interrupter());
        let unparker = parker.unparker();
        let data = Arc::new(AtomicUsize::new(0));
        let d = data.clone();
        let t = thread::spawn(move || {
            d.store(1, Ordering::Relaxed);
            unparker.unpark();
        });
        let woken = parker.park_driving(|has_token| {
            driver.park(has_token);
        });
        if woken {
            assert_eq!(
                data.load(Ordering::Relaxed),
                1,
                "the token publishes the work"
            );
        } else {
            // Ended for another reason (none in this model but a spurious return):
            // the token is still there for the next park.
            parker.park_driving(|has_token| {
                driver.park(has_token);
            });
        }
        t.join().unwrap();
        assert_eq!(data.load(Ordering::Relaxed), 1);
    });
}

#[test]
fn loom_park_driving_woken_in_user_space() {
    unpark_reaches_a_worker_parked_in_the_driver(DriverSleep::Parked);
}

#[test]
fn loom_park_driving_woken_in_the_kernel() {
    unpark_reaches_a_worker_parked_in_the_driver(DriverSleep::Kernel);
}

/// The worker's accounting around a park in the driver (`Idle::count_back`): a
/// park ends without a token (an event: here an interrupt from a third thread)
/// while a wake-up chooses the worker, whose token then comes late and ends the
/// worker's next park. Two rounds of work, so that there is a next park: whatever
/// the interleaving, each round's work is seen, and at the end the worker is
/// counted unparked exactly once (trusting a late token as a wake-up would leave
/// it counted parked, or underflow the idle word).
#[test]
fn loom_park_driving_accounts_for_a_late_token() {
    loom::model(|| {
        let driver = new_driver(DriverSleep::Parked);
        let idle = Arc::new(Idle::new(1));
        let parker = Parker::with_driver(driver.interrupter());
        let work = Arc::new(AtomicUsize::new(0));
        let taken = Arc::new(AtomicUsize::new(0));
        let notify = |idle: &Idle, unparker: &Unparker| {
            if idle.worker_to_notify(Some(0)) == Some(0) {
                unparker.unpark();
            }
        };
        let notifier = {
            let (idle, unparker) = (idle.clone(), parker.unparker());
            let (work, taken) = (work.clone(), taken.clone());
            thread::spawn(move || {
                for round in 1..=2 {
                    while taken.load(Ordering::SeqCst) < round - 1 {
                        thread::yield_now();
                    }
                    work.store(round, Ordering::SeqCst);
                    notify(&idle, &unparker);
                }
            })
        };
        let event = {
            let waker = driver.reactor_waker();
            thread::spawn(move || waker.wake())
        };
        let mut searching = false;
        let unparker = parker.unparker();
        for round in 1..=2 {
            // The worker loop, reduced to: look for work, else search, else park
            // (the last searcher looks again after its count went down, as
            // `Worker::park`).
            while work.load(Ordering::SeqCst) < round {
                // Out of work: search first, as `Worker::steal`.
                if !searching && idle.transition_worker_to_searching() {
                    searching = true;
                    continue;
                }
                let last_searcher = idle.transition_worker_to_parked(0, searching);
                loom::sync::atomic::fence(Ordering::SeqCst);
                if last_searcher && work.load(Ordering::SeqCst) >= round {
                    notify(&idle, &unparker);
                }
                parker.park_driving(|has_token| {
                    driver.park(has_token);
                });
                searching = idle.count_back(0);
            }
            // Found work: no longer searching, as `Worker::run_task`.
            if searching {
                searching = false;
                idle.transition_worker_from_searching();
            }
            taken.store(round, Ordering::SeqCst);
        }
        notifier.join().unwrap();
        event.join().unwrap();
        assert_eq!(idle.num_unparked(), 1, "counted back exactly once");
    });
}

#[test]
fn loom_park_token_is_consumed_once() {
    loom::model(|| {
        let parker = Parker::new();
        let unparker = parker.unparker();
        let t = thread::spawn(move || {
            unparker.unpark();
            unparker.unpark();
        });
        parker.park();
        t.join().unwrap();
        // Both unparks may have coalesced into one token, consumed above; a second
        // park would need another unpark. Check the state is EMPTY or NOTIFIED only.
    });
}

#[test]
fn loom_park_on_the_thread_it_was_moved_to() {
    // A worker's parker is made by the builder and parked on the worker's thread:
    // the unpark must wake that thread, not the one that made the parker.
    loom::model(|| {
        let parker = Parker::new();
        let unparker = parker.unparker();
        let data = Arc::new(AtomicUsize::new(0));
        let d = data.clone();
        let t = thread::spawn(move || {
            parker.park();
            assert_eq!(d.load(Ordering::Relaxed), 1);
        });
        data.store(1, Ordering::Relaxed);
        unparker.unpark();
        t.join().unwrap();
    });
}

#[test]
fn loom_park_returns_only_with_a_token() {
    // Somebody else unparks the owner's thread (a spurious return of the thread
    // park); the owner sleeps twice, each time until a token of its own, and a late
    // unpark's leftover thread token must not end the second sleep early.
    loom::model(|| {
        let parker = Parker::new();
        let unparker = parker.unparker();
        let owner = thread::current();
        let data = Arc::new(AtomicUsize::new(0));
        let acked = Arc::new(AtomicUsize::new(0));
        let finished = Arc::new(AtomicUsize::new(0));
        let f = finished.clone();
        let foreign = thread::spawn(move || {
            owner.unpark();
            f.fetch_add(1, Ordering::SeqCst);
        });
        let (d, a, f) = (data.clone(), acked.clone(), finished.clone());
        let waker = thread::spawn(move || {
            d.store(1, Ordering::Relaxed);
            unparker.unpark();
            while a.load(Ordering::SeqCst) == 0 {
                thread::yield_now();
            }
            d.store(2, Ordering::Relaxed);
            unparker.unpark();
            f.fetch_add(1, Ordering::SeqCst);
        });
        parker.park();
        assert!(data.load(Ordering::Relaxed) >= 1);
        acked.store(1, Ordering::SeqCst);
        parker.park();
        assert_eq!(data.load(Ordering::Relaxed), 2);
        // loom's `join` blocks the thread the way its `park` does, and a thread
        // unpark arriving then would end the `join` early (a loom limitation, not
        // a std one): wait for both unparkers to be done before joining them.
        while finished.load(Ordering::SeqCst) < 2 {
            thread::yield_now();
        }
        foreign.join().unwrap();
        waker.join().unwrap();
    });
}

/// Where the driving thread sleeps when nothing is due.
#[derive(Clone, Copy, Debug)]
enum DriverSleep {
    /// Parked on its thread (nothing registered with the `Poll` but user space).
    Parked,
    /// In the kernel, as with a socket registered.
    Kernel,
}

/// A driver whose clock is paused: loom needs every run of a model to make the
/// same atomic operations, and a running clock would vary them.
fn new_driver(sleep: DriverSleep) -> Arc<crate::driver::Driver> {
    let driver = Arc::new(crate::driver::Driver::new(true).unwrap());
    if let DriverSleep::Kernel = sleep {
        driver.pretend_os_source();
    }
    driver
}

/// Issue 12's lost timer: a timer filed from another thread while the driving
/// thread computes its timeout and goes to sleep. The filing wakes the thread
/// (the timer driver's unpark hook interrupts the `Poll`, and the interrupt is
/// sticky), so `park` returns in every interleaving instead of sleeping past the
/// timer, which is then the driver's next deadline.
fn timer_filed_while_the_driver_goes_to_sleep(sleep: DriverSleep) {
    loom::model(move || {
        let driver = new_driver(sleep);
        let filer = {
            let driver = driver.clone();
            thread::spawn(move || {
                let when = driver.time().now() + std::time::Duration::from_secs(3600);
                runtime_timers::Deadline::new_in(driver.time(), when)
            })
        };
        driver.park(&|| false);
        let deadline = filer.join().unwrap();
        assert_eq!(driver.time().pending_timers(), 1);
        assert!(
            driver.time().next_deadline().is_some(),
            "the timer bounds the next sleep"
        );
        drop(deadline);
        assert_eq!(driver.time().pending_timers(), 0);
    });
}

#[test]
fn loom_driver_timer_filed_while_parking() {
    timer_filed_while_the_driver_goes_to_sleep(DriverSleep::Parked);
}

#[test]
fn loom_driver_timer_filed_while_sleeping_in_the_kernel() {
    timer_filed_while_the_driver_goes_to_sleep(DriverSleep::Kernel);
}

/// A remote wake-up (a task scheduled from another thread, current-thread) racing
/// the driving thread's check for work and its sleep: either the check sees the
/// work, or the wake-up ends the sleep.
fn remote_wake_reaches_the_driver(sleep: DriverSleep) {
    loom::model(move || {
        let driver = new_driver(sleep);
        let work = Arc::new(AtomicBool::new(false));
        let waker = {
            let (driver, work) = (driver.reactor_waker(), work.clone());
            thread::spawn(move || {
                work.store(true, Ordering::SeqCst);
                driver.wake();
            })
        };
        while !work.load(Ordering::SeqCst) {
            driver.park(&|| work.load(Ordering::SeqCst));
        }
        waker.join().unwrap();
    });
}

#[test]
fn loom_driver_remote_wake_reaches_a_parked_driver() {
    remote_wake_reaches_the_driver(DriverSleep::Parked);
}

#[test]
fn loom_driver_remote_wake_reaches_a_driver_in_the_kernel() {
    remote_wake_reaches_the_driver(DriverSleep::Kernel);
}

/// The last blocking call in flight ends (the real `BlockingPool::call_ended`, on
/// a pool thread) while the driving thread of a paused runtime checks whether
/// the runtime is idle and goes to sleep, as `current_thread.rs` and the worker in
/// the driver do: either the check sees no call in flight (and the clock may
/// jump), or the end's interrupt ends the sleep and the check runs again.
fn last_blocking_call_ends_while_the_driver_parks(sleep: DriverSleep) {
    loom::model(move || {
        let driver = new_driver(sleep);
        let pool = Arc::new(crate::blocking::BlockingPool::new(
            1,
            std::time::Duration::ZERO,
            Default::default(),
        ));
        pool.call_spawned();
        let ender = {
            let (pool, driver) = (pool.clone(), driver.clone());
            thread::spawn(move || pool.call_ended(&driver))
        };
        while !pool.is_idle() {
            driver.park(&|| false);
        }
        ender.join().unwrap();
    });
}

#[test]
fn loom_blocking_last_call_ends_while_the_driver_parks() {
    last_blocking_call_ends_while_the_driver_parks(DriverSleep::Parked);
}

#[test]
fn loom_blocking_last_call_ends_while_the_driver_sleeps_in_the_kernel() {
    last_blocking_call_ends_while_the_driver_parks(DriverSleep::Kernel);
}

#[test]
fn loom_scheduled_io_waiter_never_misses_a_dispatch() {
    loom::model(|| {
        let io = Arc::new(ScheduledIo::default());
        let io2 = io.clone();
        let t = thread::spawn(move || {
            let mut wake = Vec::new();
            io2.dispatch(Ready::readable(), &mut wake);
            for waker in wake {
                waker.wake();
            }
        });
        let (flag, waker) = flag_waker();
        let mut cx = Context::from_waker(&waker);
        let mut slot = None;
        let first = io.poll_ready(&mut cx, Ready::readable(), &mut slot);
        t.join().unwrap();
        match first {
            Poll::Ready(Ok(event)) => assert!(event.ready.is_readable()),
            Poll::Ready(Err(())) => unreachable!(),
            // Pending: the dispatch must have woken us.
            Poll::Pending => assert!(flag.0.load(Ordering::SeqCst)),
        }
        if let Some(slot) = slot {
            io.drop_waiter(slot);
        }
    });
}

#[test]
fn loom_scheduled_io_clear_never_loses_a_later_event() {
    loom::model(|| {
        let io = Arc::new(ScheduledIo::default());
        io.dispatch(Ready::readable(), &mut Vec::new());
        let (_flag, waker) = flag_waker();
        let mut cx = Context::from_waker(&waker);
        let Poll::Ready(Ok(event)) =
            io.poll_ready(&mut cx, Ready::readable(), &mut Some(Slot::Reader))
        else {
            unreachable!("readable was dispatched");
        };
        let io2 = io.clone();
        let t = thread::spawn(move || io2.dispatch(Ready::readable(), &mut Vec::new()));
        io.clear_readiness(event);
        t.join().unwrap();
        // Whatever the order, the second event's readiness survives: it either came
        // before the clear (tick changed: no clear) or after it (set again).
        assert!(io.readiness().is_readable());
    });
}

#[test]
fn loom_scheduled_io_clear_without_event_clears() {
    loom::model(|| {
        let io = Arc::new(ScheduledIo::default());
        io.dispatch(Ready::readable() | Ready::writable(), &mut Vec::new());
        let (_flag, waker) = flag_waker();
        let mut cx = Context::from_waker(&waker);
        let Poll::Ready(Ok(event)) =
            io.poll_ready(&mut cx, Ready::readable(), &mut Some(Slot::Reader))
        else {
            unreachable!();
        };
        let io2 = io.clone();
        // A concurrent waiter on writable, unaffected by clearing readable.
        let t = thread::spawn(move || {
            let (_flag, waker) = flag_waker();
            let mut cx = Context::from_waker(&waker);
            io2.poll_ready(&mut cx, Ready::writable(), &mut Some(Slot::Writer))
                .is_ready()
        });
        io.clear_readiness(event);
        assert!(t.join().unwrap());
        assert_eq!(io.readiness(), Ready::writable());
    });
}

/// The run-queue model: two workers, tasks as integers.
struct Model {
    queues: [LocalQueue<usize>; 2],
    injector: SharedQueue<usize>,
    overflow: SharedQueue<usize>,
    idle: Idle,
    unparkers: [Unparker; 2],
    done: AtomicUsize,
    total: usize,
}

impl Model {
    fn notify_parked(&self) {
        if let Some(index) = self.idle.worker_to_notify(None) {
            self.unparkers[index].unpark();
        }
    }

    /// `Shared::looks_busy`: the queues' hints.
    fn looks_busy(&self) -> bool {
        !self.injector.looks_empty()
            || !self.overflow.looks_empty()
            || self.queues.iter().any(|q| !q.is_empty())
    }

    /// `Shared::has_work_after_parking`.
    fn has_work_after_parking(&self) -> bool {
        loom::sync::atomic::fence(Ordering::SeqCst);
        self.looks_busy()
    }

    /// `Worker::take_shared`: the two shared queues in turn.
    fn take_shared(&self, index: usize, injector_first: &mut bool) -> Option<usize> {
        let own = &self.queues[index];
        let [first, second] = if *injector_first {
            [&self.injector, &self.overflow]
        } else {
            [&self.overflow, &self.injector]
        };
        *injector_first = !*injector_first;
        first
            .pop_batch_into(own, 2)
            .or_else(|| second.pop_batch_into(own, 2))
    }

    fn finish_one(&self) {
        if self.done.fetch_add(1, Ordering::SeqCst) + 1 == self.total {
            // "Shutdown": every worker exits.
            for unparker in &self.unparkers {
                unparker.unpark();
            }
        }
    }

    /// A copy of `worker.rs`'s decisions.
    fn worker(&self, index: usize, parker: Parker) {
        let mut searching = false;
        let mut injector_first = true;
        loop {
            if self.done.load(Ordering::SeqCst) == self.total {
                return;
            }
            let own = &self.queues[index];
            let mut task = own
                .pop()
                .or_else(|| self.take_shared(index, &mut injector_first));
            if task.is_none() {
                if !searching && self.idle.transition_worker_to_searching() {
                    searching = true;
                }
                if searching {
                    task = self.queues[1 - index]
                        .steal_half_into(own)
                        .or_else(|| self.take_shared(index, &mut injector_first));
                }
            }
            if let Some(_task) = task {
                if searching {
                    searching = false;
                    // The one-CPU rule of `run_task`: fewer hand-overs, the stricter case for
                    // "no task left behind" (on several CPUs it always hands over).
                    if self.idle.transition_worker_from_searching() && self.looks_busy() {
                        self.notify_parked();
                    }
                }
                self.finish_one();
                continue;
            }
            let last = self.idle.transition_worker_to_parked(index, searching);
            if last && self.has_work_after_parking() {
                self.notify_parked();
            }
            if self.done.load(Ordering::SeqCst) == self.total {
                return;
            }
            parker.park();
            searching = true;
        }
    }
}

/// `local_tasks` queued on worker 0 before the workers start, `spawned` pushed by
/// worker 0 (as a task it runs would) while worker 1 runs, and `pushed_from_outside`
/// by a third thread.
fn run_queue_model(local_tasks: usize, spawned: usize, pushed_from_outside: usize) {
    loom::model(move || {
        let parkers = [Parker::new(), Parker::new()];
        let model = Arc::new(Model {
            queues: [LocalQueue::new(2), LocalQueue::new(2)],
            injector: SharedQueue::new(),
            overflow: SharedQueue::new(),
            idle: Idle::new(2),
            unparkers: [parkers[0].unparker(), parkers[1].unparker()],
            done: AtomicUsize::new(0),
            total: local_tasks + spawned + pushed_from_outside,
        });
        for task in 0..local_tasks {
            model.queues[0].push(task, &model.overflow);
        }
        let [p0, p1] = parkers;
        let m1 = model.clone();
        let w1 = thread::spawn(move || m1.worker(1, p1));
        let m2 = model.clone();
        let outside = thread::spawn(move || {
            for task in 0..pushed_from_outside {
                m2.injector.push(task);
                m2.notify_parked();
            }
        });
        // `Shared::schedule_local`: push, then wake a sleeper if nobody searches.
        for task in 0..spawned {
            model.queues[0].push(task, &model.overflow);
            model.notify_parked();
        }
        model.worker(0, p0);
        outside.join().unwrap();
        w1.join().unwrap();
        assert_eq!(model.done.load(Ordering::SeqCst), model.total);
    });
}

/// A thread that steals half of `queue` into its own queue of `capacity` and
/// returns what it got, in the order it pops it.
fn spawn_stealer(
    queue: &Arc<LocalQueue<usize>>,
    capacity: usize,
) -> thread::JoinHandle<Vec<usize>> {
    let queue = queue.clone();
    thread::spawn(move || {
        let mine = LocalQueue::<usize>::new(capacity);
        let mut got: Vec<usize> = queue.steal_half_into(&mine).into_iter().collect();
        got.extend(std::iter::from_fn(|| mine.pop()));
        got
    })
}

/// The local queue's protocol itself: the owner pops while another worker steals
/// half, and every value comes out exactly once, in order within each taker.
#[test]
fn loom_local_queue_pop_racing_steal() {
    loom::model(|| {
        let queue = Arc::new(LocalQueue::<usize>::new(4));
        let overflow = SharedQueue::new();
        for value in 0..3 {
            queue.push(value, &overflow);
        }
        let stealer = spawn_stealer(&queue, 4);
        let mut owner: Vec<usize> = std::iter::from_fn(|| queue.pop()).collect();
        let stolen = stealer.join().unwrap();
        assert!(owner.windows(2).all(|w| w[0] < w[1]), "{owner:?}");
        assert!(stolen.windows(2).all(|w| w[0] < w[1]), "{stolen:?}");
        owner.extend(stolen);
        owner.sort_unstable();
        assert_eq!(owner, [0, 1, 2]);
        assert!(overflow.is_empty());
    });
}

/// The owner reuses a slot (capacity 2: push, push, pop, push) while a stealer
/// reads the slots it is about to claim: a stale read never wins the exchange, so
/// no value is lost or taken twice.
#[test]
fn loom_local_queue_slot_reuse_racing_steal() {
    loom::model(|| {
        let queue = Arc::new(LocalQueue::<usize>::new(2));
        let overflow = SharedQueue::new();
        queue.push(0, &overflow);
        queue.push(1, &overflow);
        let stealer = spawn_stealer(&queue, 2);
        let mut all: Vec<usize> = queue.pop().into_iter().collect();
        queue.push(2, &overflow);
        all.extend(std::iter::from_fn(|| queue.pop()));
        all.extend(stealer.join().unwrap());
        all.extend(std::iter::from_fn(|| overflow.pop()));
        all.sort_unstable();
        assert_eq!(all, [0, 1, 2]);
    });
}

#[test]
fn loom_run_queue_stealing_finishes_every_task() {
    // Worker 0 starts with work (the third push overflows half its queue to the
    // overflow queue); worker 1 must steal, take a batch or park, never lose a task.
    run_queue_model(3, 0, 0);
}

#[test]
fn loom_run_queue_overflow_racing_a_stealer_loses_no_task() {
    // Worker 0's third push overflows its queue while worker 1 may be stealing
    // from it or taking a batch from the overflow queue.
    run_queue_model(0, 3, 0);
}

#[test]
fn loom_run_queue_remote_push_wakes_a_parked_worker() {
    run_queue_model(0, 0, 1);
}

#[test]
fn loom_run_queue_the_last_searcher_hands_over_pending_work() {
    // The second push may see worker 1 searching and wake nobody; the searcher,
    // finding the first task, must leave the second one to somebody.
    run_queue_model(0, 0, 2);
}

// ---- tasks -------------------------------------------------------------------

type Queue = Arc<loom::sync::Mutex<Vec<crate::task::Runnable>>>;

fn task_with_queue<F>(future: F) -> (Queue, crate::task::Runnable, crate::JoinHandle<F::Output>)
where
    F: std::future::Future + Send + 'static,
    F::Output: Send + 'static,
{
    let queue: Queue = Arc::new(loom::sync::Mutex::new(Vec::new()));
    let q = queue.clone();
    let (runnable, join) =
        crate::task::spawn_unregistered(future, move |r| q.lock().unwrap().push(r));
    (queue, runnable, join)
}

fn run_queued(queue: &Queue) {
    loop {
        let next = queue.lock().unwrap().pop();
        match next {
            Some(runnable) => {
                crate::task::run(runnable);
            }
            None => return,
        }
    }
}

fn poll_join<T>(join: &mut crate::JoinHandle<T>) -> Poll<Result<T, crate::JoinError>> {
    let waker = futures_util::task::noop_waker();
    std::pin::Pin::new(join).poll(&mut Context::from_waker(&waker))
}

use std::future::Future;

/// Counts drops of the future.
struct DropCount(Arc<AtomicUsize>);
impl Drop for DropCount {
    fn drop(&mut self) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }
}

#[test]
fn loom_task_abort_racing_completion() {
    loom::model(|| {
        let drops = Arc::new(AtomicUsize::new(0));
        let guard = DropCount(drops.clone());
        let (queue, runnable, mut join) = task_with_queue(async move {
            let _guard = guard;
            7
        });
        // The task runs on one thread while the handle aborts it on another.
        let runner = thread::spawn(move || crate::task::run(runnable));
        join.abort();
        runner.join().unwrap();
        run_queued(&queue);
        match poll_join(&mut join) {
            Poll::Ready(Ok(7)) => {}
            Poll::Ready(Err(err)) => assert!(err.is_cancelled()),
            other => panic!("unexpected {:?}", other.map(|r| r.map(|_| ()))),
        }
        assert_eq!(drops.load(Ordering::SeqCst), 1);
    });
}

#[test]
fn loom_task_wake_during_poll_reschedules() {
    loom::model(|| {
        let (waker_tx, waker_rx) = std::sync::mpsc::channel::<Waker>();
        let polls = Arc::new(AtomicUsize::new(0));
        let p = polls.clone();
        let (queue, runnable, mut join) = task_with_queue(std::future::poll_fn(move |cx| {
            if p.fetch_add(1, Ordering::SeqCst) == 0 {
                waker_tx.send(cx.waker().clone()).unwrap();
                Poll::Pending
            } else {
                Poll::Ready(())
            }
        }));
        runnable.run();
        let waker = waker_rx.recv().unwrap();
        let q = queue.clone();
        let t = thread::spawn(move || run_queued(&q));
        waker.wake();
        t.join().unwrap();
        run_queued(&queue);
        assert!(matches!(poll_join(&mut join), Poll::Ready(Ok(()))));
        assert_eq!(polls.load(Ordering::SeqCst), 2);
    });
}

#[test]
fn loom_task_join_handle_dropped_concurrently() {
    loom::model(|| {
        let drops = Arc::new(AtomicUsize::new(0));
        let guard = DropCount(drops.clone());
        let output_drops = Arc::new(AtomicUsize::new(0));
        let out = DropCount(output_drops.clone());
        let (queue, runnable, join) = task_with_queue(async move {
            let _guard = guard;
            out
        });
        let t = thread::spawn(move || drop(join));
        runnable.run();
        t.join().unwrap();
        run_queued(&queue);
        // Detached, not cancelled: the future ran and was dropped once, and so was
        // its output.
        assert_eq!(drops.load(Ordering::SeqCst), 1);
        assert_eq!(output_drops.load(Ordering::SeqCst), 1);
    });
}

#[test]
fn loom_task_abort_racing_registration() {
    // A task registering at its first `Pending` while its handle aborts it: either
    // the abort finds the registry entry (and wakes the task), or the registering
    // poll sees the flag (and completes the task as cancelled).
    loom::model(|| {
        let meta = Arc::new(crate::task::Meta::new(None, false));
        let m = meta.clone();
        let aborter = thread::spawn(move || m.mark_aborted());
        let id = crate::task::TaskId::from_bits(5).unwrap();
        let poll_saw_abort = meta.set_id_and_check_abort(id);
        let abort_saw_id = aborter.join().unwrap();
        assert!(poll_saw_abort || abort_saw_id == Some(id));
    });
}

/// Panics when dropped (after counting the drop).
struct PanicOnDrop(Arc<AtomicUsize>);
impl Drop for PanicOnDrop {
    fn drop(&mut self) {
        self.0.fetch_add(1, Ordering::SeqCst);
        panic!("loom: intentional drop panic");
    }
}

#[test]
fn loom_task_drop_panic_reaches_the_handle() {
    // A future whose destructor panics, run on one thread (it completes, then its
    // drop panics) while its handle aborts it (then the drop happens on cancel) and
    // is polled on another: the panic is caught, recorded before async-task says
    // the task is done, so any poll that sees the task done reports the panic.
    loom::model(|| {
        let drops = Arc::new(AtomicUsize::new(0));
        // Ready at its first poll, the guard dropped with the future (an `async`
        // block would drop it inside its poll).
        let guard = PanicOnDrop(drops.clone());
        let (queue, runnable, mut join) = task_with_queue(std::future::poll_fn(move |_| {
            let _ = &guard;
            Poll::Ready(7)
        }));
        let runner = thread::spawn(move || crate::task::run(runnable));
        join.abort();
        let early = poll_join(&mut join);
        runner.join().unwrap();
        run_queued(&queue);
        let result = match early {
            Poll::Ready(result) => result,
            Poll::Pending => match poll_join(&mut join) {
                Poll::Ready(result) => result,
                Poll::Pending => panic!("the task is done: its handle must be ready"),
            },
        };
        let err = result.expect_err("the drop panicked: never an output");
        assert!(err.is_panic(), "{err:?}");
        assert_eq!(drops.load(Ordering::SeqCst), 1);
    });
}
