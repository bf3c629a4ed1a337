//! Shared helpers: futures that count their polls and drops, so tests assert exact
//! numbers.

#![allow(dead_code)]

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};

/// Counters shared by a test and the futures it spawns.
#[derive(Debug, Default)]
pub struct Counts {
    pub polls: AtomicUsize,
    pub drops: AtomicUsize,
}

impl Counts {
    pub fn new() -> Arc<Counts> {
        Arc::new(Counts::default())
    }

    pub fn polls(&self) -> usize {
        self.polls.load(Ordering::SeqCst)
    }

    pub fn drops(&self) -> usize {
        self.drops.load(Ordering::SeqCst)
    }
}

/// Wraps a future, counting its polls and its drop.
pub struct Counted<F> {
    counts: Arc<Counts>,
    future: Pin<Box<F>>,
}

impl<F> Counted<F> {
    pub fn new(counts: &Arc<Counts>, future: F) -> Counted<F> {
        Counted {
            counts: counts.clone(),
            future: Box::pin(future),
        }
    }
}

impl<F: Future> Future for Counted<F> {
    type Output = F::Output;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        self.counts.polls.fetch_add(1, Ordering::SeqCst);
        self.future.as_mut().poll(cx)
    }
}

impl<F> Drop for Counted<F> {
    fn drop(&mut self) {
        self.counts.drops.fetch_add(1, Ordering::SeqCst);
    }
}

/// Increments a counter when dropped.
pub struct DropCounter(pub Arc<AtomicUsize>);

impl Drop for DropCounter {
    fn drop(&mut self) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }
}

/// Both flavors, for tests that must hold on each.
pub fn runtimes() -> Vec<(&'static str, runtime_executor::Runtime)> {
    vec![
        (
            "current_thread",
            runtime_executor::Builder::new_current_thread()
                .build()
                .unwrap(),
        ),
        (
            "multi_thread",
            runtime_executor::Builder::new_multi_thread()
                .worker_threads(2)
                .build()
                .unwrap(),
        ),
    ]
}
