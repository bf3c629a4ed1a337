//! Dropping a runtime cancels every task and runs its destructor, then joins its
//! threads; spawning on a dropped runtime gives a cancelled handle.

mod util;

use std::future::pending;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use util::{Counted, Counts, DropCounter};

#[test]
fn drop_cancels_idle_queued_and_never_polled_tasks() {
    for (flavor, rt) in util::runtimes() {
        let idle = Counts::new();
        let never_polled = Counts::new();
        // Idle: polled once, then waits for a waker nobody calls.
        let waiting: Vec<_> = (0..10)
            .map(|_| rt.spawn(Counted::new(&idle, pending::<()>())))
            .collect();
        rt.block_on(async {
            while idle.polls() < 10 {
                runtime_executor::yield_now().await;
            }
        });
        // Detached and idle.
        drop(waiting);
        // Queued but never run (current-thread runs tasks only inside block_on).
        if flavor == "current_thread" {
            for _ in 0..5 {
                drop(rt.spawn(Counted::new(&never_polled, pending::<()>())));
            }
        }
        drop(rt);
        assert_eq!((idle.polls(), idle.drops()), (10, 10), "{flavor}");
        let expected = if flavor == "current_thread" { 5 } else { 0 };
        assert_eq!(
            (never_polled.polls(), never_polled.drops()),
            (0, expected),
            "{flavor}"
        );
    }
}

#[test]
fn handles_of_cancelled_tasks_report_cancelled() {
    for (flavor, rt) in util::runtimes() {
        let task = rt.spawn(pending::<()>());
        let handle = rt.handle().clone();
        drop(rt);
        let rt2 = runtime_executor::Builder::new_current_thread()
            .build()
            .unwrap();
        assert!(rt2.block_on(task).unwrap_err().is_cancelled(), "{flavor}");
        // Spawning on the dropped runtime: cancelled at once, future dropped.
        let drops = Arc::new(AtomicUsize::new(0));
        let guard = DropCounter(drops.clone());
        let late = handle.spawn(async move {
            drop(guard);
        });
        assert_eq!(drops.load(Ordering::SeqCst), 1, "{flavor}");
        assert!(rt2.block_on(late).unwrap_err().is_cancelled(), "{flavor}");
    }
}

#[test]
fn destructors_may_spawn_during_shutdown() {
    struct SpawnOnDrop(Arc<AtomicUsize>);
    impl Drop for SpawnOnDrop {
        fn drop(&mut self) {
            let counter = DropCounter(self.0.clone());
            drop(runtime_executor::spawn(async move { drop(counter) }));
        }
    }
    for (flavor, rt) in util::runtimes() {
        let drops = Arc::new(AtomicUsize::new(0));
        let guard = SpawnOnDrop(drops.clone());
        let task = rt.spawn(async move {
            let _guard = guard;
            pending::<()>().await
        });
        rt.block_on(runtime_executor::yield_now());
        drop(task);
        drop(rt);
        // The task spawned by the destructor was refused, its future dropped.
        assert_eq!(drops.load(Ordering::SeqCst), 1, "{flavor}");
    }
}

#[test]
fn shutdown_timeout_returns_with_a_blocking_call_still_running() {
    let rt = runtime_executor::Runtime::new().unwrap();
    let (tx, rx) = std::sync::mpsc::channel::<()>();
    let (started_tx, started_rx) = std::sync::mpsc::channel();
    let call = rt.spawn_blocking(move || {
        started_tx.send(()).unwrap();
        rx.recv().ok()
    });
    started_rx.recv().unwrap();
    rt.shutdown_timeout(std::time::Duration::from_millis(10));
    tx.send(()).unwrap();
    assert_eq!(runtime_executor::block_on(call).unwrap(), Some(()));
}
