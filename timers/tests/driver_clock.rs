//! The driver's clock and hooks: pause, resume, advance, next_deadline,
//! park_timeout, fire_due, advance_to_next, and the unpark hook.

mod util;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use runtime_timers::{Driver, Sleep};
use util::{counting_waker, poll_once};

const MS: Duration = Duration::from_millis(1);

fn driver_counting_unparks() -> (Driver, Arc<AtomicUsize>) {
    let unparks = Arc::new(AtomicUsize::new(0));
    let counter = unparks.clone();
    let driver = Driver::with_unpark(move || {
        counter.fetch_add(1, Ordering::SeqCst);
    });
    (driver, unparks)
}

#[test]
fn a_paused_clock_moves_only_when_advanced() {
    let driver = Driver::new();
    driver.pause();
    assert!(driver.is_paused());
    let frozen = driver.now();
    assert_eq!(driver.now(), frozen);
    driver.advance(Duration::from_secs(3600));
    assert_eq!(driver.now() - frozen, Duration::from_secs(3600));
    driver.pause(); // no-op
    assert_eq!(driver.now() - frozen, Duration::from_secs(3600));
}

#[test]
fn resume_runs_on_from_the_virtual_time() {
    let driver = Driver::new();
    driver.pause();
    driver.advance(Duration::from_secs(86_400));
    let virtual_now = driver.now();
    driver.resume();
    assert!(!driver.is_paused());
    assert!(driver.now() >= virtual_now, "the clock never goes back");
}

#[test]
fn next_deadline_and_park_timeout_follow_the_wheel() {
    let driver = Driver::new();
    driver.pause();
    let (_counter, waker) = counting_waker();
    assert_eq!(driver.next_deadline(), None);
    assert_eq!(driver.park_timeout(), None);

    let deadline = driver.now() + 50 * MS;
    let mut sleep = Sleep::new_in(&driver, deadline);
    assert!(poll_once(&mut sleep, &waker).is_pending());
    let next = driver.next_deadline().unwrap();
    assert!(next <= deadline, "never later than the first deadline");
    // Paused: the driving thread blocks until unparked; time moves by advance.
    assert_eq!(driver.park_timeout(), None);
}

#[test]
fn a_running_clock_gives_a_real_timeout() {
    let driver = Driver::new();
    let (_counter, waker) = counting_waker();
    let mut sleep = Sleep::new_in(&driver, driver.now() + Duration::from_secs(3600));
    assert!(poll_once(&mut sleep, &waker).is_pending());
    let timeout = driver.park_timeout().unwrap();
    assert!(timeout <= Duration::from_secs(3600));
    assert!(timeout > Duration::ZERO);
}

#[test]
fn fire_due_fires_all_due_and_counts_them() {
    let driver = Driver::new();
    driver.pause();
    let (counter, waker) = counting_waker();
    // More than one batch of 32, some due, some not.
    let mut sleeps: Vec<Sleep> = (0..100u32)
        .map(|i| Sleep::new_in(&driver, driver.now() + (i % 50 + 1) * MS))
        .collect();
    for sleep in &mut sleeps {
        assert!(poll_once(sleep, &waker).is_pending());
    }
    assert_eq!(driver.fire_due(), 0);
    driver.advance(25 * MS); // fires inline
    assert_eq!(counter.wakes(), 50);
    assert_eq!(driver.fire_due(), 0);
    driver.advance(25 * MS);
    assert_eq!(counter.wakes(), 100);
    assert_eq!(driver.pending_timers(), 0);
}

#[test]
fn advance_to_next_needs_a_paused_clock_and_a_timer() {
    let driver = Driver::new();
    let (_counter, waker) = counting_waker();
    let mut sleep = Sleep::new_in(&driver, driver.now() + Duration::from_secs(3600));
    assert!(poll_once(&mut sleep, &waker).is_pending());
    assert!(!driver.advance_to_next(), "running clock: no jump");
    driver.pause();
    assert!(driver.advance_to_next());
    assert!(!driver.advance_to_next(), "no timer left");
}

#[test]
fn advance_to_next_fires_timers_in_order_with_exact_times() {
    let driver = Driver::new();
    driver.pause();
    let start = driver.now();
    let (counter, waker) = counting_waker();
    let delays = [3_600_000u64, 7, 64 * 64 * 64 + 1, 13 * 86_400_000];
    let mut sleeps: Vec<Sleep> = delays
        .iter()
        .map(|&ms| Sleep::new_in(&driver, start + Duration::from_millis(ms)))
        .collect();
    for sleep in &mut sleeps {
        assert!(poll_once(sleep, &waker).is_pending());
    }
    let mut sorted = delays;
    sorted.sort_unstable();
    for (n, ms) in sorted.iter().enumerate() {
        assert!(driver.advance_to_next());
        assert_eq!(driver.now() - start, Duration::from_millis(*ms));
        assert_eq!(counter.wakes(), n + 1);
    }
    assert!(!driver.advance_to_next());
}

#[test]
fn an_earlier_timer_unparks_the_driving_thread() {
    let (driver, unparks) = driver_counting_unparks();
    let (_counter, waker) = counting_waker();
    let mut late = Sleep::new_in(&driver, driver.now() + Duration::from_secs(60));
    assert!(poll_once(&mut late, &waker).is_pending());
    assert_eq!(
        unparks.load(Ordering::SeqCst),
        1,
        "first timer: the thread knew none"
    );

    let _ = driver.park_timeout(); // the driving thread now waits for `late`
    let mut later = Sleep::new_in(&driver, driver.now() + Duration::from_secs(120));
    assert!(poll_once(&mut later, &waker).is_pending());
    assert_eq!(
        unparks.load(Ordering::SeqCst),
        1,
        "a later timer needs no unpark"
    );

    let mut earlier = Sleep::new_in(&driver, driver.now() + Duration::from_secs(1));
    assert!(poll_once(&mut earlier, &waker).is_pending());
    assert_eq!(unparks.load(Ordering::SeqCst), 2);

    let mut reset = Sleep::new_in(&driver, driver.now() + Duration::from_secs(300));
    assert!(poll_once(&mut reset, &waker).is_pending());
    assert_eq!(unparks.load(Ordering::SeqCst), 2);
    reset.reset(driver.now() + MS);
    assert_eq!(
        unparks.load(Ordering::SeqCst),
        3,
        "a reset to earlier unparks too"
    );
}

#[test]
fn resume_and_advance_unpark() {
    let (driver, unparks) = driver_counting_unparks();
    driver.pause();
    driver.advance(MS);
    assert_eq!(unparks.load(Ordering::SeqCst), 1);
    driver.resume();
    assert_eq!(unparks.load(Ordering::SeqCst), 2);
}
