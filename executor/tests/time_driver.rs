//! The `TimeDriver` hook, with a fake driver: deadlines bound the poll timeout, due
//! timers fire after polls, and a paused clock jumps when the runtime is idle, on
//! both flavors.

use std::any::Any;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use parking_lot::Mutex;
use runtime_executor::{
    Async, Builder, ReactorWaker, Ready, Registration, Runtime, SetReadiness, TimeDriver,
};

/// A list of (deadline, registration) timers over a real or paused clock.
struct FakeTime {
    paused: AtomicBool,
    /// The paused clock.
    virtual_now: Mutex<Instant>,
    timers: Mutex<Vec<(Instant, SetReadiness)>>,
    fired: AtomicUsize,
    idle_calls: AtomicUsize,
    reactor: Mutex<Option<ReactorWaker>>,
}

impl FakeTime {
    fn new(paused: bool) -> Arc<FakeTime> {
        Arc::new(FakeTime {
            paused: AtomicBool::new(paused),
            virtual_now: Mutex::new(Instant::now()),
            timers: Mutex::new(Vec::new()),
            fired: AtomicUsize::new(0),
            idle_calls: AtomicUsize::new(0),
            reactor: Mutex::new(None),
        })
    }

    fn now(&self) -> Instant {
        if self.paused.load(Ordering::SeqCst) {
            *self.virtual_now.lock()
        } else {
            Instant::now()
        }
    }

    /// A registration that becomes readable `after` from now (by this clock).
    fn timer(&self, after: Duration) -> Registration {
        let (registration, set) = Registration::new2();
        self.timers.lock().push((self.now() + after, set));
        if let Some(reactor) = &*self.reactor.lock() {
            reactor.wake(); // the earliest deadline may have moved earlier
        }
        registration
    }

    fn fire(&self, now: Instant) {
        let mut timers = self.timers.lock();
        timers.retain(|(deadline, set)| {
            if *deadline <= now {
                // Counted before the wake-up, which may let the test's
                // `block_on` return and read the count at once.
                self.fired.fetch_add(1, Ordering::SeqCst);
                set.set_readiness(Ready::readable()).unwrap();
                false
            } else {
                true
            }
        });
    }
}

impl TimeDriver for FakeTime {
    fn next_deadline(&self) -> Option<Instant> {
        let earliest = self.timers.lock().iter().map(|(d, _)| *d).min()?;
        if self.paused.load(Ordering::SeqCst) {
            (earliest <= self.now()).then(Instant::now)
        } else {
            Some(earliest)
        }
    }

    fn fire_due(&self) {
        self.fire(self.now());
    }

    fn on_idle(&self) -> bool {
        self.idle_calls.fetch_add(1, Ordering::SeqCst);
        if !self.paused.load(Ordering::SeqCst) {
            return false;
        }
        let Some(earliest) = self.timers.lock().iter().map(|(d, _)| *d).min() else {
            return false;
        };
        {
            let mut now = self.virtual_now.lock();
            *now = (*now).max(earliest);
        }
        self.fire(earliest);
        true
    }

    fn is_paused(&self) -> bool {
        self.paused.load(Ordering::SeqCst)
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

fn runtimes(time: &Arc<FakeTime>) -> Vec<Runtime> {
    let rts = vec![
        Builder::new_current_thread()
            .time_driver(time.clone())
            .build()
            .unwrap(),
        Builder::new_multi_thread()
            .worker_threads(2)
            .time_driver(time.clone())
            .build()
            .unwrap(),
    ];
    rts
}

fn sleep(
    time: &Arc<FakeTime>,
    after: Duration,
) -> impl std::future::Future<Output = ()> + Send + 'static {
    let registration = time.timer(after);
    async move {
        let timer = Async::new(registration).unwrap();
        timer.readable().await.unwrap();
    }
}

#[test]
fn the_driver_is_reachable_from_the_handle() {
    let time = FakeTime::new(false);
    for rt in runtimes(&time) {
        let driver = rt.handle().time_driver().unwrap();
        assert!(driver.as_any().downcast_ref::<FakeTime>().is_some());
    }
}

#[test]
fn a_paused_clock_jumps_when_every_task_is_idle() {
    for flavor in ["current_thread", "multi_thread"] {
        let time = FakeTime::new(true);
        let rt = match flavor {
            "current_thread" => Builder::new_current_thread()
                .time_driver(time.clone())
                .build(),
            _ => Builder::new_multi_thread()
                .worker_threads(2)
                .time_driver(time.clone())
                .build(),
        }
        .unwrap();
        *time.reactor.lock() = Some(rt.handle().reactor_waker());
        let start = *time.virtual_now.lock();
        let t = time.clone();
        // An hour of virtual time, in three timers awaited by a spawned task.
        rt.block_on(rt.spawn(async move {
            for minutes in [10, 20, 30] {
                sleep(&t, Duration::from_secs(60 * minutes)).await;
            }
        }))
        .unwrap();
        assert_eq!(
            *time.virtual_now.lock() - start,
            Duration::from_secs(3600),
            "{flavor}"
        );
        assert_eq!(time.fired.load(Ordering::SeqCst), 3, "{flavor}");
        assert!(time.idle_calls.load(Ordering::SeqCst) >= 3, "{flavor}");
    }
}

#[test]
fn the_clock_does_not_jump_while_a_blocking_call_runs() {
    let time = FakeTime::new(true);
    let rt = Builder::new_current_thread()
        .time_driver(time.clone())
        .build()
        .unwrap();
    let (tx, rx) = std::sync::mpsc::channel::<()>();
    let blocking = rt.spawn_blocking(move || rx.recv().unwrap());
    let t = time.clone();
    let sleeper = rt.spawn(async move { sleep(&t, Duration::from_secs(5)).await });
    // The blocking call is in flight: idle checks must not advance the clock.
    let idle_before = time.idle_calls.load(Ordering::SeqCst);
    rt.block_on(runtime_executor::yield_now());
    assert_eq!(time.idle_calls.load(Ordering::SeqCst), idle_before);
    tx.send(()).unwrap();
    rt.block_on(blocking).unwrap();
    rt.block_on(sleeper).unwrap();
    assert_eq!(time.fired.load(Ordering::SeqCst), 1);
}

#[test]
#[cfg_attr(miri, ignore = "real time")]
fn real_deadlines_bound_the_poll_timeout() {
    let time = FakeTime::new(false);
    for rt in runtimes(&time) {
        *time.reactor.lock() = Some(rt.handle().reactor_waker());
        let t = time.clone();
        rt.block_on(rt.spawn(async move { sleep(&t, Duration::from_millis(5)).await }))
            .unwrap();
    }
    assert_eq!(time.fired.load(Ordering::SeqCst), 2);
}
