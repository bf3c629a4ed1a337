//! `abort` racing completion: a foreign thread aborts tasks while the runtime
//! completes them. Each future is dropped exactly once; each handle gives either
//! the task's output or a cancellation, never both, never neither; on both flavors.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::thread;
use std::time::Duration;

use runtime_stress::{flavors, scaled, DropCounter, Watchdog};

#[test]
#[ignore = "stress: run in release with --ignored (.ci/run)"]
fn abort_racing_completion() {
    let tasks = scaled(100_000);
    for (flavor, rt) in flavors(2) {
        let _watchdog = Watchdog::new(Duration::from_secs(600), format!("abort race, {flavor}"));
        let drops = Arc::new(AtomicU64::new(0));
        let started = Arc::new(AtomicBool::new(false));
        let handles: Vec<_> = (0..tasks)
            .map(|i| {
                let guard = DropCounter(drops.clone());
                let started = started.clone();
                rt.spawn(async move {
                    let _guard = guard;
                    started.store(true, Ordering::SeqCst);
                    // Between zero and three scheduling points: tasks are
                    // queued, running and idle while the aborts land.
                    for _ in 0..i % 4 {
                        runtime::yield_now().await;
                    }
                    i
                })
            })
            .collect();
        let handles = Arc::new(handles);
        let aborter = {
            let (handles, started) = (handles.clone(), started.clone());
            thread::spawn(move || {
                // Start once the runtime runs the tasks (a flag, bounded by the
                // watchdog), from the last, so that aborts meet tasks in flight.
                while !started.load(Ordering::SeqCst) {
                    std::hint::spin_loop();
                }
                for handle in handles.iter().rev() {
                    handle.abort();
                }
            })
        };
        // Run the tasks meanwhile (current-thread runs them only in `block_on`).
        let (completed, cancelled) = rt.block_on(async {
            while !aborter.is_finished() {
                runtime::yield_now().await;
            }
            aborter.join().unwrap();
            let handles = Arc::into_inner(handles).expect("the aborter is done");
            let (mut completed, mut cancelled) = (0u64, 0u64);
            for (i, handle) in handles.into_iter().enumerate() {
                match handle.await {
                    Ok(out) => {
                        assert_eq!(out, i as u64, "{flavor}");
                        completed += 1;
                    }
                    Err(err) => {
                        assert!(err.is_cancelled(), "{flavor}: {err:?}");
                        cancelled += 1;
                    }
                }
            }
            (completed, cancelled)
        });
        assert_eq!(completed + cancelled, tasks, "{flavor}");
        assert_eq!(drops.load(Ordering::SeqCst), tasks, "{flavor}");
        eprintln!("abort race, {flavor}: {completed} completed, {cancelled} cancelled");
    }
}
