//! Helpers shared by the channel's tests.

#![allow(dead_code)]

use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};

/// Values a test sends: fewer under Miri, which is slow.
pub fn scaled(n: usize) -> usize {
    if cfg!(miri) {
        (n / 10_000).max(10)
    } else {
        n
    }
}

/// Builds a current-thread (`false`) or two-worker (`true`) runtime.
pub fn runtime(multi_thread: bool) -> runtime_executor::Runtime {
    let mut builder = if multi_thread {
        let mut builder = runtime_executor::Builder::new_multi_thread();
        builder.worker_threads(2);
        builder
    } else {
        runtime_executor::Builder::new_current_thread()
    };
    builder.build().expect("a runtime")
}

/// A waker that counts its wake-ups.
#[derive(Default)]
pub struct CountingWaker(AtomicUsize);

impl CountingWaker {
    pub fn new() -> (Arc<CountingWaker>, Waker) {
        let counter = Arc::new(CountingWaker::default());
        let waker = Waker::from(counter.clone());
        (counter, waker)
    }

    pub fn count(&self) -> usize {
        self.0.load(Ordering::SeqCst)
    }
}

impl Wake for CountingWaker {
    fn wake(self: Arc<Self>) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }

    fn wake_by_ref(self: &Arc<Self>) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }
}

/// Polls `future` once with `waker`.
pub fn poll_once<F: Future + Unpin>(future: &mut F, waker: &Waker) -> Poll<F::Output> {
    std::pin::Pin::new(future).poll(&mut Context::from_waker(waker))
}

/// A value that counts its drops, in a counter shared by a test, and checks
/// that no value is dropped twice.
pub struct Counted {
    pub id: usize,
    drops: Arc<DropLog>,
}

/// Which ids were dropped.
pub struct DropLog {
    dropped: Vec<AtomicUsize>,
}

impl DropLog {
    pub fn new(ids: usize) -> Arc<DropLog> {
        Arc::new(DropLog {
            dropped: (0..ids).map(|_| AtomicUsize::new(0)).collect(),
        })
    }

    pub fn value(self: &Arc<Self>, id: usize) -> Counted {
        Counted {
            id,
            drops: self.clone(),
        }
    }

    /// How many values were dropped (each at most once: checked on drop).
    pub fn total(&self) -> usize {
        self.dropped
            .iter()
            .filter(|d| d.load(Ordering::SeqCst) == 1)
            .count()
    }

    pub fn was_dropped(&self, id: usize) -> bool {
        self.dropped[id].load(Ordering::SeqCst) == 1
    }
}

impl Drop for Counted {
    fn drop(&mut self) {
        let before = self.drops.dropped[self.id].fetch_add(1, Ordering::SeqCst);
        assert_eq!(before, 0, "value {} dropped twice", self.id);
    }
}
