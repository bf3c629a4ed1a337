//! `Timer`: hyper's sleeps (header-read timeout, keep-alive idle timeout, HTTP/2
//! pings) on `runtime::time`.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

/// hyper's timer on [`runtime::time`](crate::time): each sleep is a
/// [`time::Sleep`](crate::time::Sleep) of the current runtime's wheel, reset in
/// place when hyper moves its deadline, and `now` is the runtime's clock (paused
/// in tests that pause it).
///
/// ```
/// use hyper::rt::Timer as _;
/// use std::time::Duration;
///
/// #[runtime::main(flavor = "current_thread")]
/// async fn main() {
///     let timer = runtime::hyper::Timer;
///     let start = timer.now();
///     timer.sleep(Duration::from_millis(10)).await;
///     assert!(timer.now() - start >= Duration::from_millis(10));
/// }
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct Timer;

/// A [`time::Sleep`](crate::time::Sleep) as hyper's `Sleep`.
struct Sleep(crate::time::Sleep);

impl Future for Sleep {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        Pin::new(&mut self.0).poll(cx)
    }
}

impl hyper::rt::Sleep for Sleep {}

impl hyper::rt::Timer for Timer {
    fn sleep(&self, duration: Duration) -> Pin<Box<dyn hyper::rt::Sleep>> {
        Box::pin(Sleep(crate::time::sleep(duration)))
    }

    fn sleep_until(&self, deadline: Instant) -> Pin<Box<dyn hyper::rt::Sleep>> {
        Box::pin(Sleep(crate::time::sleep_until(deadline)))
    }

    fn now(&self) -> Instant {
        crate::time::now()
    }

    fn reset(&self, sleep: &mut Pin<Box<dyn hyper::rt::Sleep>>, new_deadline: Instant) {
        match sleep.as_mut().downcast_mut_pin::<Sleep>() {
            // Keeps its wheel entry: no new allocation, no new registration.
            Some(mut ours) => ours.0.reset(new_deadline),
            None => *sleep = self.sleep_until(new_deadline),
        }
    }
}
