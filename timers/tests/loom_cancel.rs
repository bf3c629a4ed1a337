//! Loom models of a timer raced against the driver firing it on another thread:
//! no lost wake, no double fire, no use after free, the wheel left empty.
//!
//! Run (about a minute in release):
//!
//! ```text
//! LOOM_MAX_PREEMPTIONS=3 RUSTFLAGS="--cfg loom" \
//!     CARGO_TARGET_DIR=target/loom cargo test -p runtime-timers --release --test loom_cancel
//! ```
//!
//! Under `cfg(loom)` the driver's lock is loom's, so every interleaving of the
//! owner's lock sections (register, update the waker, reset, cancel) with the
//! driver's (take the due entries out, then notify them off the lock) is explored.

#![cfg(loom)]

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};
use std::time::Duration;

use loom::sync::atomic::{AtomicUsize, Ordering};
use loom::thread;
use runtime_timers::{Deadline, Driver, Sleep};

const MS: Duration = Duration::from_millis(1);

struct Counter(AtomicUsize);

impl Wake for Counter {
    fn wake(self: Arc<Self>) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }
}

fn counting_waker() -> (Arc<Counter>, Waker) {
    let counter = Arc::new(Counter(AtomicUsize::new(0)));
    (counter.clone(), Waker::from(counter))
}

fn wakes(counter: &Counter) -> usize {
    counter.0.load(Ordering::SeqCst)
}

fn poll(sleep: &mut Sleep, waker: &Waker) -> Poll<()> {
    Pin::new(sleep).poll(&mut Context::from_waker(waker))
}

/// A paused driver, so that the firing thread decides when the timer is due.
fn paused() -> Driver {
    let driver = Driver::new();
    driver.pause();
    driver
}

/// The driver fires on one thread while the owner drops (cancels) the timer.
#[test]
fn cancel_while_firing() {
    loom::model(|| {
        let driver = paused();
        let (counter, waker) = counting_waker();
        let mut sleep = Sleep::new_in(&driver, driver.now() + MS);
        assert!(poll(&mut sleep, &waker).is_pending());

        let firing = driver.clone();
        let fire = thread::spawn(move || firing.advance(MS));
        drop(sleep);
        fire.join().unwrap();

        assert!(wakes(&counter) <= 1, "fired twice");
        assert_eq!(driver.pending_timers(), 0, "cancelled or fired, never left");
    });
}

/// The owner registers (first poll) while the driver fires: if the poll says
/// pending, the wake must come.
#[test]
fn register_while_firing() {
    loom::model(|| {
        let driver = paused();
        let (counter, waker) = counting_waker();
        let deadline = driver.now() + MS;

        let firing = driver.clone();
        let fire = thread::spawn(move || firing.advance(MS));
        let mut sleep = Sleep::new_in(&driver, deadline);
        let first = poll(&mut sleep, &waker);
        fire.join().unwrap();

        if first.is_pending() {
            assert_eq!(wakes(&counter), 1, "lost wake");
        }
        assert!(poll(&mut sleep, &waker).is_ready());
        assert_eq!(driver.pending_timers(), 0);
    });
}

/// The owner re-polls with a new waker while the driver fires: whichever waker the
/// entry held last is the one woken, and a pending poll is always followed by its
/// wake.
#[test]
fn update_waker_while_firing() {
    loom::model(|| {
        let driver = paused();
        let (old_counter, old_waker) = counting_waker();
        let (new_counter, new_waker) = counting_waker();
        let mut sleep = Sleep::new_in(&driver, driver.now() + MS);
        assert!(poll(&mut sleep, &old_waker).is_pending());

        let firing = driver.clone();
        let fire = thread::spawn(move || firing.advance(MS));
        let second = poll(&mut sleep, &new_waker);
        fire.join().unwrap();

        let total = wakes(&old_counter) + wakes(&new_counter);
        assert_eq!(total, 1, "exactly one wake");
        if second.is_pending() {
            assert_eq!(wakes(&new_counter), 1, "the latest waker was lost");
        }
        assert!(poll(&mut sleep, &new_waker).is_ready());
    });
}

/// The owner resets the timer later while the driver fires it: one wake at most
/// for the old deadline, and the timer then completes only at the new one.
#[test]
fn reset_while_firing() {
    loom::model(|| {
        let driver = paused();
        let start = driver.now();
        let (counter, waker) = counting_waker();
        let mut sleep = Sleep::new_in(&driver, start + MS);
        assert!(poll(&mut sleep, &waker).is_pending());

        let firing = driver.clone();
        let fire = thread::spawn(move || firing.advance(MS));
        sleep.reset(start + 3 * MS);
        fire.join().unwrap();

        assert!(wakes(&counter) <= 1);
        assert!(
            poll(&mut sleep, &waker).is_pending(),
            "completed before its new deadline"
        );
        driver.advance(2 * MS);
        assert!(poll(&mut sleep, &waker).is_ready());
        assert_eq!(driver.pending_timers(), 0);
    });
}

/// A `Deadline` dropped while the driver sets its readiness.
#[test]
fn deadline_dropped_while_firing() {
    loom::model(|| {
        let driver = paused();
        let deadline = Deadline::new_in(&driver, driver.now() + MS);

        let firing = driver.clone();
        let fire = thread::spawn(move || firing.advance(MS));
        drop(deadline);
        fire.join().unwrap();

        assert_eq!(driver.pending_timers(), 0);
    });
}

/// One owner cancels while another files a timer (reusing the freed slot) and the
/// driver fires: the new timer's key is never confused with the old one's.
#[test]
fn slot_reuse_while_firing() {
    loom::model(|| {
        let driver = paused();
        let deadline = driver.now() + MS;
        let (old_counter, old_waker) = counting_waker();
        let mut old = Sleep::new_in(&driver, deadline);
        assert!(poll(&mut old, &old_waker).is_pending());

        let canceller = thread::spawn(move || drop(old));
        let (new_counter, new_waker) = counting_waker();
        let filing = driver.clone();
        let filer = thread::spawn(move || {
            let mut new = Sleep::new_in(&filing, deadline);
            let first = poll(&mut new, &new_waker);
            (new, first, new_waker)
        });
        driver.advance(MS);
        canceller.join().unwrap();
        let (mut new, first, new_waker) = filer.join().unwrap();

        assert!(wakes(&old_counter) <= 1);
        if first.is_pending() {
            assert_eq!(wakes(&new_counter), 1, "lost wake");
        }
        assert!(poll(&mut new, &new_waker).is_ready());
        assert_eq!(driver.pending_timers(), 0);
    });
}
