//! Shared by the tests: a waker that counts its wakes, and polling by hand.

#![allow(dead_code)]

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};

/// Counts how many times it was woken.
#[derive(Debug, Default)]
pub struct CountingWaker {
    wakes: AtomicUsize,
}

impl Wake for CountingWaker {
    fn wake(self: Arc<Self>) {
        self.wakes.fetch_add(1, Ordering::SeqCst);
    }

    fn wake_by_ref(self: &Arc<Self>) {
        self.wakes.fetch_add(1, Ordering::SeqCst);
    }
}

/// A counting waker and the `Waker` made of it.
pub fn counting_waker() -> (Arc<CountingWaker>, Waker) {
    let counter = Arc::new(CountingWaker::default());
    (counter.clone(), Waker::from(counter))
}

impl CountingWaker {
    pub fn wakes(&self) -> usize {
        self.wakes.load(Ordering::SeqCst)
    }
}

/// Polls `future` once with `waker`.
pub fn poll_once<F: Future + Unpin>(future: &mut F, waker: &Waker) -> Poll<F::Output> {
    Pin::new(future).poll(&mut Context::from_waker(waker))
}

/// The message of a caught panic (`&str` or `String` payload).
pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_default()
}

/// Polls `future` once, catching a panic; `Err(message)` if it panicked.
pub fn poll_catching<F: Future + Unpin>(
    future: &mut F,
    waker: &Waker,
) -> Result<Poll<F::Output>, String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| poll_once(future, waker)))
        .map_err(|payload| panic_message(&*payload))
}

/// Whether a panic message is the one for a timer on a shut-down driver.
pub fn names_the_shutdown(message: &str) -> bool {
    message.contains("runtime has shut down") && message.contains("would never fire")
}
