//! `yield_now`: give the other tasks a turn.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

/// Lets the scheduler run other tasks before this one continues.
///
/// The task is woken at once and goes to the back of its run queue.
///
/// ```
/// use std::sync::atomic::{AtomicBool, Ordering};
/// use std::sync::Arc;
///
/// runtime_executor::block_on(async {
///     let ran = Arc::new(AtomicBool::new(false));
///     let flag = ran.clone();
///     let other = runtime_executor::spawn(async move { flag.store(true, Ordering::SeqCst) });
///     runtime_executor::yield_now().await;
///     other.await.unwrap();
///     assert!(ran.load(Ordering::SeqCst));
/// });
/// ```
pub fn yield_now() -> YieldNow {
    YieldNow { yielded: false }
}

/// The future of [`yield_now`].
#[derive(Debug)]
#[must_use = "futures do nothing unless awaited"]
pub struct YieldNow {
    yielded: bool,
}

impl Future for YieldNow {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.yielded {
            return Poll::Ready(());
        }
        self.yielded = true;
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}
