//! Multi-thread flavor: a busy worker fires due timers itself, every
//! `EVENT_INTERVAL` (61) tasks, besides the reactor thread after each poll
//! (`scheduler/multi_thread/worker.rs`).

use std::any::Any;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::thread::ThreadId;
use std::time::Instant;

use parking_lot::Mutex;
use runtime_executor::{Builder, TimeDriver};

/// `EVENT_INTERVAL`: tasks between two looks at the timers.
const EVENT_INTERVAL: usize = 61;

/// A time driver with no timers that counts the `fire_due` calls made on one thread.
#[derive(Default)]
struct CountingTime {
    thread: Mutex<Option<ThreadId>>,
    calls: AtomicUsize,
}

impl TimeDriver for CountingTime {
    fn next_deadline(&self) -> Option<Instant> {
        None
    }

    fn fire_due(&self) {
        if *self.thread.lock() == Some(std::thread::current().id()) {
            self.calls.fetch_add(1, Ordering::SeqCst);
        }
    }

    fn on_idle(&self) -> bool {
        false
    }

    fn is_paused(&self) -> bool {
        false
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

#[test]
fn a_busy_worker_fires_due_timers_every_event_interval_tasks() {
    let time = Arc::new(CountingTime::default());
    let rt = Builder::new_multi_thread()
        .worker_threads(1)
        .time_driver(time.clone())
        .build()
        .unwrap();
    let t = time.clone();
    let calls = rt.block_on(rt.spawn(async move {
        // Count the calls made on this task's worker (not on the reactor thread).
        *t.thread.lock() = Some(std::thread::current().id());
        let start = t.calls.load(Ordering::SeqCst);
        // The only task: each yield is one trip through the worker loop, so the
        // polls below span 3 * EVENT_INTERVAL consecutive ticks.
        for _ in 0..3 * EVENT_INTERVAL {
            runtime_executor::yield_now().await;
        }
        t.calls.load(Ordering::SeqCst) - start
    }));
    assert_eq!(calls.unwrap(), 3);
}
