//! `Sleep` on a paused driver: lazy registration, exact wake counts, never early,
//! reset, cancel on drop, saturation.

mod util;

use std::time::{Duration, Instant};

use runtime_timers::{Driver, Sleep};
use util::{counting_waker, poll_once};

const MS: Duration = Duration::from_millis(1);

fn paused() -> Driver {
    let driver = Driver::new();
    driver.pause();
    driver
}

#[test]
fn a_sleep_never_polled_never_touches_the_wheel() {
    let driver = paused();
    let sleeps: Vec<Sleep> = (0..100)
        .map(|i| Sleep::new_in(&driver, driver.now() + i * MS + MS))
        .collect();
    assert_eq!(driver.pending_timers(), 0);
    assert_eq!(driver.next_deadline(), None);
    drop(sleeps);
}

#[test]
fn wakes_exactly_once_at_the_deadline_and_never_early() {
    let driver = paused();
    let (counter, waker) = counting_waker();
    let mut sleep = Sleep::new_in(&driver, driver.now() + 10 * MS);
    assert!(poll_once(&mut sleep, &waker).is_pending());
    assert_eq!(driver.pending_timers(), 1);

    driver.advance(9 * MS);
    assert_eq!(counter.wakes(), 0, "woken early");
    assert!(poll_once(&mut sleep, &waker).is_pending());

    driver.advance(MS);
    assert_eq!(counter.wakes(), 1);
    assert!(poll_once(&mut sleep, &waker).is_ready());
    assert!(poll_once(&mut sleep, &waker).is_ready(), "stays ready");
    assert_eq!(counter.wakes(), 1);
    assert_eq!(driver.pending_timers(), 0);
}

#[test]
fn a_sub_millisecond_deadline_rounds_up() {
    let driver = paused();
    let (counter, waker) = counting_waker();
    let deadline = driver.now() + Duration::from_micros(1_500);
    let mut sleep = Sleep::new_in(&driver, deadline);
    assert!(poll_once(&mut sleep, &waker).is_pending());
    driver.advance(MS);
    assert_eq!(counter.wakes(), 0);
    driver.advance(MS);
    assert_eq!(counter.wakes(), 1);
    assert!(driver.now() >= deadline);
}

#[test]
fn the_latest_waker_is_the_one_woken() {
    let driver = paused();
    let (first, first_waker) = counting_waker();
    let (second, second_waker) = counting_waker();
    let mut sleep = Sleep::new_in(&driver, driver.now() + MS);
    assert!(poll_once(&mut sleep, &first_waker).is_pending());
    assert!(poll_once(&mut sleep, &second_waker).is_pending());
    driver.advance(MS);
    assert_eq!((first.wakes(), second.wakes()), (0, 1));
}

#[test]
fn a_past_deadline_is_ready_at_once_without_the_wheel() {
    let driver = paused();
    let (counter, waker) = counting_waker();
    let mut sleep = Sleep::new_in(&driver, driver.now());
    assert!(poll_once(&mut sleep, &waker).is_ready());
    assert_eq!(driver.pending_timers(), 0);
    assert_eq!(counter.wakes(), 0);
}

#[test]
fn dropping_a_registered_sleep_cancels_it() {
    let driver = paused();
    let (counter, waker) = counting_waker();
    for _ in 0..1_000 {
        let mut sleep = Sleep::new_in(&driver, driver.now() + Duration::from_secs(3600));
        assert!(poll_once(&mut sleep, &waker).is_pending());
    }
    assert_eq!(driver.pending_timers(), 0);
    driver.advance(Duration::from_secs(7200));
    assert_eq!(counter.wakes(), 0);
}

#[test]
fn reset_moves_the_deadline_both_ways() {
    let driver = paused();
    let (counter, waker) = counting_waker();
    let start = driver.now();
    let mut sleep = Sleep::new_in(&driver, start + Duration::from_secs(3600));
    assert!(poll_once(&mut sleep, &waker).is_pending());

    sleep.reset(start + 5 * MS);
    assert_eq!(sleep.deadline(), start + 5 * MS);
    assert_eq!(driver.pending_timers(), 1);
    driver.advance(5 * MS);
    assert_eq!(
        counter.wakes(),
        1,
        "the registered waker is kept across reset"
    );
    assert!(poll_once(&mut sleep, &waker).is_ready());

    // Reset after completion: pending again until the new deadline.
    sleep.reset(start + 20 * MS);
    assert!(poll_once(&mut sleep, &waker).is_pending());
    sleep.reset(start + 40 * MS);
    driver.advance(15 * MS);
    assert_eq!(counter.wakes(), 1, "the later deadline holds");
    driver.advance(20 * MS);
    assert_eq!(counter.wakes(), 2);
    assert!(poll_once(&mut sleep, &waker).is_ready());
}

#[test]
fn advance_to_next_jumps_exactly_to_the_deadline() {
    let driver = paused();
    let (counter, waker) = counting_waker();
    let start = driver.now();
    let mut sleep = Sleep::new_in(&driver, start + Duration::from_secs(86_400));
    assert!(poll_once(&mut sleep, &waker).is_pending());
    assert!(driver.advance_to_next());
    assert_eq!(driver.now() - start, Duration::from_secs(86_400));
    assert_eq!(counter.wakes(), 1);
    assert!(!driver.advance_to_next(), "nothing left");
}

#[test]
fn duration_max_and_far_instants_saturate() {
    let driver = paused();
    let _guard = driver.enter();
    let (counter, waker) = counting_waker();
    let mut sleep = runtime_timers::sleep(Duration::MAX);
    assert!(sleep.deadline() > driver.now() + Duration::from_secs(20 * 365 * 86_400));
    assert!(poll_once(&mut sleep, &waker).is_pending());
    driver.advance(Duration::MAX);
    driver.advance(Duration::MAX);
    assert_eq!(counter.wakes(), 1);
    assert!(poll_once(&mut sleep, &waker).is_ready());

    let far: Instant = driver.now() + Duration::from_secs(1_000 * 365 * 86_400);
    let mut far_sleep = Sleep::new_in(&driver, far);
    assert!(poll_once(&mut far_sleep, &waker).is_pending());
    assert!(driver.advance_to_next());
    assert!(poll_once(&mut far_sleep, &waker).is_ready());
}

#[test]
fn sleep_is_send_sync_and_unpin() {
    fn check<T: Send + Sync + Unpin>() {}
    check::<Sleep>();
    check::<Driver>();
    check::<runtime_timers::Deadline>();
    check::<runtime_timers::Interval>();
}
