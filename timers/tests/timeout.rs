//! `Timeout` on a paused driver: the inner future first, lazy registration, exact
//! wakes, `Elapsed`, saturation.

mod util;

use std::future::{pending, ready, Future};
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use runtime_timers::{timeout, Driver, Elapsed, Timeout};
use util::{counting_waker, poll_once};

const MS: Duration = Duration::from_millis(1);

fn paused() -> Driver {
    let driver = Driver::new();
    driver.pause();
    driver
}

/// Pending until `ready` is set, counting its polls.
struct Gate {
    ready: bool,
    polls: usize,
}

impl Future for Gate {
    type Output = &'static str;

    fn poll(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<&'static str> {
        self.polls += 1;
        if self.ready {
            Poll::Ready("done")
        } else {
            Poll::Pending
        }
    }
}

#[test]
fn a_ready_future_never_touches_the_wheel() {
    let driver = paused();
    let (_counter, waker) = counting_waker();
    let mut timeout = Timeout::new_in(&driver, driver.now() + MS, ready(5));
    assert_eq!(poll_once(&mut timeout, &waker), Poll::Ready(Ok(5)));
    assert_eq!(driver.pending_timers(), 0);
}

#[test]
fn the_inner_future_wins_even_at_the_deadline() {
    let driver = paused();
    let (_counter, waker) = counting_waker();
    let mut timeout = Timeout::new_in(&driver, driver.now(), ready(1));
    assert_eq!(poll_once(&mut timeout, &waker), Poll::Ready(Ok(1)));
}

#[test]
fn elapses_with_exactly_one_wake_and_never_early() {
    let driver = paused();
    let (counter, waker) = counting_waker();
    let gate = Gate {
        ready: false,
        polls: 0,
    };
    let mut timeout = Timeout::new_in(&driver, driver.now() + 30 * MS, gate);
    assert!(poll_once(&mut timeout, &waker).is_pending());
    driver.advance(29 * MS);
    assert_eq!(counter.wakes(), 0);
    driver.advance(MS);
    assert_eq!(counter.wakes(), 1);
    assert_eq!(
        poll_once(&mut timeout, &waker),
        Poll::Ready(Err(Elapsed::new()))
    );
    assert_eq!(timeout.get_ref().polls, 2);
}

#[test]
fn completing_first_cancels_the_timer() {
    let driver = paused();
    let (counter, waker) = counting_waker();
    let gate = Gate {
        ready: false,
        polls: 0,
    };
    let mut timeout = Timeout::new_in(&driver, driver.now() + 30 * MS, gate);
    assert!(poll_once(&mut timeout, &waker).is_pending());
    assert_eq!(driver.pending_timers(), 1);
    timeout.get_mut().ready = true;
    assert_eq!(poll_once(&mut timeout, &waker), Poll::Ready(Ok("done")));
    drop(timeout);
    assert_eq!(driver.pending_timers(), 0);
    driver.advance(Duration::from_secs(1));
    assert_eq!(counter.wakes(), 0);
}

#[test]
fn duration_max_saturates() {
    let driver = paused();
    let _guard = driver.enter();
    let (_counter, waker) = counting_waker();
    let mut forever = timeout(Duration::MAX, pending::<()>());
    assert!(poll_once(&mut Box::pin(&mut forever), &waker).is_pending());
    assert!(forever.deadline() > driver.now());
}

#[test]
fn elapsed_is_an_error() {
    fn check<E: std::error::Error + Send + Sync + Copy + 'static>() {}
    check::<Elapsed>();
    assert_eq!(Elapsed::new().to_string(), "deadline has elapsed");
    assert_eq!(format!("{:?}", Elapsed::new()), "Elapsed(())");
    let io: std::io::Error = Elapsed::new().into();
    assert_eq!(io.kind(), std::io::ErrorKind::TimedOut);
}

#[test]
fn timeout_is_send_when_its_future_is() {
    fn check<T: Send>(_: &T) {}
    check(&timeout(MS, async {}));
}
