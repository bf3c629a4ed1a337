//! `Interval` on a paused driver: the first tick at once, then each missed-tick
//! behaviour with tokio's semantics, reset, and the `Stream` impl.

mod util;

use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use futures_core::Stream;
use runtime_timers::{Driver, Interval, MissedTickBehavior};
use util::{counting_waker, CountingWaker};

const MS: Duration = Duration::from_millis(1);

struct Fixture {
    driver: Driver,
    start: Instant,
    interval: Interval,
    counter: std::sync::Arc<CountingWaker>,
    waker: std::task::Waker,
}

/// A paused driver and a 10 ms interval starting now, its first tick taken.
fn fixture(behavior: MissedTickBehavior) -> Fixture {
    let driver = Driver::new();
    driver.pause();
    let start = driver.now();
    let mut interval = Interval::new_in(&driver, start, 10 * MS);
    interval.set_missed_tick_behavior(behavior);
    let (counter, waker) = counting_waker();
    let mut fixture = Fixture {
        driver,
        start,
        interval,
        counter,
        waker,
    };
    assert_eq!(fixture.tick(), Some(0), "the first tick is at once");
    fixture
}

impl Fixture {
    /// Polls one tick: `Some(ms after start it was due)` or `None` if pending.
    fn tick(&mut self) -> Option<u64> {
        let mut cx = Context::from_waker(&self.waker);
        match self.interval.poll_tick(&mut cx) {
            Poll::Ready(due) => Some((due - self.start).as_millis() as u64),
            Poll::Pending => None,
        }
    }
}

#[test]
fn ticks_on_schedule_with_one_wake_each() {
    let mut f = fixture(MissedTickBehavior::Burst);
    for n in 1..=5u64 {
        assert_eq!(f.tick(), None);
        f.driver.advance(9 * MS);
        assert_eq!(f.counter.wakes() as u64, n - 1, "never early");
        f.driver.advance(MS);
        assert_eq!(f.counter.wakes() as u64, n);
        assert_eq!(f.tick(), Some(n * 10));
    }
}

#[test]
fn burst_catches_up_at_once_keeping_the_schedule() {
    let mut f = fixture(MissedTickBehavior::Burst);
    f.driver.advance(35 * MS);
    assert_eq!(f.tick(), Some(10));
    assert_eq!(f.tick(), Some(20));
    assert_eq!(f.tick(), Some(30));
    assert_eq!(f.tick(), None);
    f.driver.advance(5 * MS);
    assert_eq!(f.counter.wakes(), 1);
    assert_eq!(f.tick(), Some(40));
}

#[test]
fn delay_restarts_the_schedule_from_the_late_tick() {
    let mut f = fixture(MissedTickBehavior::Delay);
    f.driver.advance(35 * MS);
    assert_eq!(f.tick(), Some(10));
    assert_eq!(f.tick(), None);
    f.driver.advance(9 * MS);
    assert_eq!(f.counter.wakes(), 0);
    f.driver.advance(MS);
    assert_eq!(f.counter.wakes(), 1);
    assert_eq!(f.tick(), Some(45));
    f.driver.advance(10 * MS);
    assert_eq!(f.tick(), Some(55));
}

#[test]
fn skip_drops_missed_ticks_and_keeps_the_phase() {
    let mut f = fixture(MissedTickBehavior::Skip);
    f.driver.advance(35 * MS);
    assert_eq!(f.tick(), Some(10));
    assert_eq!(f.tick(), None);
    f.driver.advance(5 * MS);
    assert_eq!(f.counter.wakes(), 1);
    assert_eq!(f.tick(), Some(40));
    f.driver.advance(10 * MS);
    assert_eq!(f.tick(), Some(50));
}

#[test]
fn a_little_lateness_is_not_a_missed_tick() {
    for behavior in [MissedTickBehavior::Delay, MissedTickBehavior::Skip] {
        let mut f = fixture(behavior);
        f.driver.advance(13 * MS); // 3 ms late: within tokio's 5 ms slack
        assert_eq!(f.tick(), Some(10));
        f.driver.advance(7 * MS);
        assert_eq!(f.tick(), Some(20), "{behavior:?} kept the schedule");
    }
}

#[test]
fn reset_starts_a_period_from_now() {
    let mut f = fixture(MissedTickBehavior::Burst);
    f.driver.advance(4 * MS);
    f.interval.reset();
    f.driver.advance(9 * MS);
    assert_eq!(f.tick(), None);
    f.driver.advance(MS);
    assert_eq!(f.tick(), Some(14));
    f.interval.reset_at(f.start + 100 * MS);
    f.driver.advance(50 * MS);
    assert_eq!(f.tick(), None);
    f.driver.advance(50 * MS);
    assert_eq!(f.tick(), Some(100));
}

#[test]
fn a_zero_period_is_one_millisecond() {
    let driver = Driver::new();
    let interval = Interval::new_in(&driver, driver.now(), Duration::ZERO);
    assert_eq!(interval.period(), MS);
}

#[test]
fn a_huge_period_saturates() {
    let mut f = fixture(MissedTickBehavior::Burst);
    f.interval = Interval::new_in(&f.driver, f.start, Duration::MAX);
    assert_eq!(f.tick(), Some(0));
    assert_eq!(f.tick(), None);
    f.driver.advance(Duration::from_secs(40 * 365 * 86_400));
    assert!(f.tick().is_some());
}

#[test]
fn interval_is_a_stream() {
    let mut f = fixture(MissedTickBehavior::Burst);
    let mut cx = Context::from_waker(&f.waker);
    assert!(Pin::new(&mut f.interval).poll_next(&mut cx).is_pending());
    f.driver.advance(10 * MS);
    assert_eq!(
        Pin::new(&mut f.interval).poll_next(&mut cx),
        Poll::Ready(Some(f.start + 10 * MS))
    );
}

#[test]
fn tick_is_send() {
    fn check<T: Send>(_: T) {}
    let driver = Driver::new();
    let mut interval = Interval::new_in(&driver, driver.now(), MS);
    check(interval.tick());
}
