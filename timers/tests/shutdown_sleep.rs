//! `Driver::shutdown` and `Sleep`: a waiting sleep is woken exactly once and its next
//! poll panics naming the shutdown (it would never fire); a due or fired one still
//! completes; one awaited by `futures::executor::block_on` on another thread
//! panics there instead of hanging.

mod util;

use std::task::Poll;
use std::time::Duration;

use runtime_timers::{Driver, Sleep};
use util::{counting_waker, names_the_shutdown, poll_catching, poll_once};

const MS: Duration = Duration::from_millis(1);

fn paused() -> Driver {
    let driver = Driver::new();
    driver.pause();
    driver
}

#[test]
fn a_waiting_sleep_is_woken_once_and_then_panics() {
    let driver = paused();
    let (counter, waker) = counting_waker();
    let mut sleeps: Vec<Sleep> = (1..=10)
        .map(|i| Sleep::new_in(&driver, driver.now() + i * MS))
        .collect();
    for sleep in &mut sleeps {
        assert_eq!(poll_once(sleep, &waker), Poll::Pending);
    }
    assert_eq!(driver.pending_timers(), 10);
    driver.shutdown();
    assert!(driver.is_shut_down());
    assert_eq!(driver.pending_timers(), 0);
    assert_eq!(counter.wakes(), 10);
    for sleep in &mut sleeps {
        let message = poll_catching(sleep, &waker).unwrap_err();
        assert!(names_the_shutdown(&message), "{message}");
        // And again: it never turns into a completion.
        let message = poll_catching(sleep, &waker).unwrap_err();
        assert!(names_the_shutdown(&message), "{message}");
    }
    assert_eq!(counter.wakes(), 10);
    assert_eq!(driver.pending_timers(), 0);
    drop(sleeps); // dropping them after the shutdown is harmless
}

#[test]
fn a_sleep_first_polled_after_the_shutdown_panics() {
    let driver = paused();
    let (counter, waker) = counting_waker();
    let mut sleep = Sleep::new_in(&driver, driver.now() + 5 * MS);
    driver.shutdown();
    let message = poll_catching(&mut sleep, &waker).unwrap_err();
    assert!(names_the_shutdown(&message), "{message}");
    assert_eq!((counter.wakes(), driver.pending_timers()), (0, 0));
}

#[test]
fn due_and_fired_sleeps_still_complete() {
    let driver = paused();
    let (counter, waker) = counting_waker();
    let mut fired = Sleep::new_in(&driver, driver.now() + MS);
    assert_eq!(poll_once(&mut fired, &waker), Poll::Pending);
    driver.advance(MS);
    assert_eq!(counter.wakes(), 1);
    let mut due = Sleep::new_in(&driver, driver.now());
    driver.shutdown();
    assert_eq!(poll_once(&mut fired, &waker), Poll::Ready(()));
    assert_eq!(poll_once(&mut due, &waker), Poll::Ready(()));
    // Reset to a later instant on a shut-down driver: it would never fire.
    fired.reset(driver.now() + MS);
    let message = poll_catching(&mut fired, &waker).unwrap_err();
    assert!(names_the_shutdown(&message), "{message}");
    assert_eq!(counter.wakes(), 1);
}

#[test]
fn shutdown_is_idempotent_and_unparks_the_driving_thread() {
    let unparks = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counter = unparks.clone();
    let driver = Driver::with_unpark(move || {
        counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    });
    driver.shutdown();
    driver.shutdown();
    assert_eq!(unparks.load(std::sync::atomic::Ordering::SeqCst), 1);
    assert_eq!(driver.park_timeout(), None);
    assert_eq!(driver.fire_due(), 0);
}

#[test]
#[cfg_attr(miri, ignore = "real time")]
fn block_on_a_sleep_on_another_thread_panics_instead_of_hanging() {
    let driver = Driver::new(); // real time, nobody drives it
    let sleep = Sleep::new_in(&driver, driver.now() + Duration::from_secs(3600));
    let (done_tx, done_rx) = std::sync::mpsc::channel();
    let waiter = std::thread::spawn(move || {
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(move || {
            futures::executor::block_on(sleep)
        }));
        let _ = done_tx.send(());
        outcome.map_err(|payload| util::panic_message(&*payload))
    });
    // Wait (bounded) until the sleep is filed, so the shutdown wakes a waiter.
    let mut spins = 0u64;
    while driver.pending_timers() == 0 {
        std::thread::yield_now();
        spins += 1;
        assert!(spins < 100_000_000, "the sleep was never polled");
    }
    driver.shutdown();
    done_rx
        .recv_timeout(Duration::from_secs(60))
        .expect("block_on(sleep) still waits 60 s after the shutdown");
    let message = waiter.join().unwrap().unwrap_err();
    assert!(names_the_shutdown(&message), "{message}");
}
