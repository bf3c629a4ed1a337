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

/// Makes values whose destructor panics (as a task's future, output or captured
/// state), and counts their drops.
pub struct DropPanics {
    drops: Arc<AtomicUsize>,
    dropped: futures::channel::mpsc::UnboundedSender<()>,
    message: &'static str,
}

impl DropPanics {
    /// A factory whose values panic with `message`; each drop also sends `()` on
    /// the returned channel (before panicking), so a test can await it.
    pub fn new(
        message: &'static str,
    ) -> (DropPanics, futures::channel::mpsc::UnboundedReceiver<()>) {
        let (dropped, rx) = futures::channel::mpsc::unbounded();
        let factory = DropPanics {
            drops: Arc::new(AtomicUsize::new(0)),
            dropped,
            message,
        };
        (factory, rx)
    }

    /// A value that counts its drop, sends, then panics.
    pub fn make(&self) -> PanicOnDrop {
        PanicOnDrop {
            drops: self.drops.clone(),
            dropped: self.dropped.clone(),
            message: self.message,
        }
    }

    /// How many values were dropped.
    pub fn drops(&self) -> usize {
        self.drops.load(Ordering::SeqCst)
    }
}

/// See [`DropPanics`].
pub struct PanicOnDrop {
    drops: Arc<AtomicUsize>,
    dropped: futures::channel::mpsc::UnboundedSender<()>,
    message: &'static str,
}

impl Drop for PanicOnDrop {
    fn drop(&mut self) {
        self.drops.fetch_add(1, Ordering::SeqCst);
        let _ = self.dropped.unbounded_send(());
        panic!("{}", self.message);
    }
}

/// The message of a panic payload (`&str` or `String`).
pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> Option<String> {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
}

/// Fails the test process (with a message, then `abort`) if it is still alive
/// `secs` seconds after this was made and the returned guard was not dropped: a
/// test that would hang fails instead.
pub fn watchdog(secs: u64, what: &'static str) -> Watchdog {
    let (disarm, armed) = std::sync::mpsc::channel::<()>();
    std::thread::spawn(move || {
        if let Err(std::sync::mpsc::RecvTimeoutError::Timeout) =
            armed.recv_timeout(std::time::Duration::from_secs(secs))
        {
            eprintln!("watchdog: {what} did not finish within {secs} s");
            std::process::abort();
        }
    });
    Watchdog { _disarm: disarm }
}

/// Disarms its watchdog when dropped.
pub struct Watchdog {
    _disarm: std::sync::mpsc::Sender<()>,
}
