//! `Timeout` and `Interval` on a shut-down driver: a timeout whose future is ready
//! still gives its output; one that would wait for its deadline panics naming the
//! shutdown, as does an interval's tick that is not yet due.

mod util;

use std::future::{pending, ready, Future};
use std::pin::pin;
use std::task::{Context, Poll};
use std::time::Duration;

use runtime_timers::{Driver, Interval, Timeout};
use util::{counting_waker, names_the_shutdown, poll_catching, poll_once};

const MS: Duration = Duration::from_millis(1);

fn paused() -> Driver {
    let driver = Driver::new();
    driver.pause();
    driver
}

#[test]
fn a_timeout_with_a_ready_future_still_gives_its_output() {
    let driver = paused();
    let (_, waker) = counting_waker();
    let mut timeout = Timeout::new_in(&driver, driver.now() + MS, ready(7));
    driver.shutdown();
    assert_eq!(poll_once(&mut timeout, &waker), Poll::Ready(Ok(7)));
}

#[test]
fn a_waiting_timeout_is_woken_once_and_then_panics() {
    let driver = paused();
    let (counter, waker) = counting_waker();
    let mut timeout = Timeout::new_in(&driver, driver.now() + 10 * MS, pending::<()>());
    assert_eq!(poll_once(&mut timeout, &waker), Poll::Pending);
    driver.shutdown();
    assert_eq!(counter.wakes(), 1);
    let message = poll_catching(&mut timeout, &waker).unwrap_err();
    assert!(names_the_shutdown(&message), "{message}");
}

#[test]
fn an_interval_ticks_what_is_due_then_panics() {
    let driver = paused();
    let (counter, waker) = counting_waker();
    let start = driver.now();
    let mut interval = Interval::new_in(&driver, start, 10 * MS);
    let mut cx = Context::from_waker(&waker);
    assert_eq!(interval.poll_tick(&mut cx), Poll::Ready(start));
    assert_eq!(interval.poll_tick(&mut cx), Poll::Pending);
    driver.shutdown();
    assert_eq!(counter.wakes(), 1);
    let tick = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let mut tick = pin!(interval.tick());
        tick.as_mut().poll(&mut cx)
    }));
    let message = util::panic_message(&*tick.unwrap_err());
    assert!(names_the_shutdown(&message), "{message}");
}
