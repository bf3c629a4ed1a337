//! Loom models of `Driver::shutdown` raced against a timer's owner on another
//! thread: a sleep that says pending is always woken (never waits for ever), and
//! once the driver is shut down its next poll panics rather than pending; the wheel
//! is left empty. Run like `loom_cancel.rs`:
//!
//! ```text
//! LOOM_MAX_PREEMPTIONS=3 RUSTFLAGS="--cfg loom" \
//!     CARGO_TARGET_DIR=target/loom cargo test -p runtime-timers --release --test loom_shutdown
//! ```

#![cfg(loom)]

use std::future::Future;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};
use std::time::Duration;

use loom::sync::atomic::{AtomicUsize, Ordering};
use loom::thread;
use runtime_timers::{Driver, Sleep};

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

/// Polls once; `None` if the poll panicked (the shutdown's refusal).
fn poll(sleep: &mut Sleep, waker: &Waker) -> Option<Poll<()>> {
    catch_unwind(AssertUnwindSafe(|| {
        Pin::new(sleep).poll(&mut Context::from_waker(waker))
    }))
    .ok()
}

fn paused() -> Driver {
    let driver = Driver::new();
    driver.pause();
    driver
}

/// The owner's first poll (registration) races the shutdown.
#[test]
fn register_while_shutting_down() {
    loom::model(|| {
        let driver = paused();
        let (counter, waker) = counting_waker();
        let mut sleep = Sleep::new_in(&driver, driver.now() + MS);

        let closing = driver.clone();
        let shutdown = thread::spawn(move || closing.shutdown());
        let first = poll(&mut sleep, &waker);
        shutdown.join().unwrap();

        match first {
            Some(Poll::Pending) => assert_eq!(counter.0.load(Ordering::SeqCst), 1, "lost wake"),
            Some(Poll::Ready(())) => panic!("completed before its deadline"),
            None => assert_eq!(counter.0.load(Ordering::SeqCst), 0),
        }
        assert_eq!(
            poll(&mut sleep, &waker),
            None,
            "waits on a shut-down driver"
        );
        assert_eq!(driver.pending_timers(), 0);
    });
}

/// A registered sleep re-polled with a new waker while the driver shuts down:
/// whichever waker the entry held last is woken, once.
#[test]
fn update_waker_while_shutting_down() {
    loom::model(|| {
        let driver = paused();
        let (old_counter, old_waker) = counting_waker();
        let (new_counter, new_waker) = counting_waker();
        let mut sleep = Sleep::new_in(&driver, driver.now() + MS);
        assert_eq!(poll(&mut sleep, &old_waker), Some(Poll::Pending));

        let closing = driver.clone();
        let shutdown = thread::spawn(move || closing.shutdown());
        let second = poll(&mut sleep, &new_waker);
        shutdown.join().unwrap();

        let total = old_counter.0.load(Ordering::SeqCst) + new_counter.0.load(Ordering::SeqCst);
        assert_eq!(total, 1, "exactly one wake");
        if second == Some(Poll::Pending) {
            assert_eq!(
                new_counter.0.load(Ordering::SeqCst),
                1,
                "the latest waker was lost"
            );
        }
        assert_ne!(second, Some(Poll::Ready(())));
        assert_eq!(poll(&mut sleep, &new_waker), None);
        assert_eq!(driver.pending_timers(), 0);
    });
}
