//! The multi-thread scheduler with tasks that always yield and tasks that block
//! their worker for 100 ms at a time: while a worker is blocked the yielding tasks
//! keep running on the others (every block sees the yield count move), every
//! yielding task makes progress, and the counts add up exactly.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use runtime_stress::{scaled, Watchdog};

const WORKERS: usize = 4;
const YIELDERS: u64 = 8;
const BLOCKERS: u64 = 2;

#[test]
#[ignore = "stress: run in release with --ignored (.ci/run)"]
fn yielding_and_blocking_tasks_all_progress() {
    let _watchdog = Watchdog::new(Duration::from_secs(600), "scheduler progress");
    let blocks_each = scaled(20);
    let rt = runtime::Builder::new_multi_thread()
        .worker_threads(WORKERS)
        .build()
        .unwrap();
    let total_yields = Arc::new(AtomicU64::new(0));
    let blockers_done = Arc::new(AtomicBool::new(false));
    let (per_yielder, blocks, blocks_with_progress) = rt.block_on(async {
        let yielders: Vec<_> = (0..YIELDERS)
            .map(|_| {
                let (total, done) = (total_yields.clone(), blockers_done.clone());
                runtime::spawn(async move {
                    let mut mine = 0u64;
                    while !done.load(Ordering::SeqCst) {
                        runtime::yield_now().await;
                        mine += 1;
                        total.fetch_add(1, Ordering::SeqCst);
                    }
                    mine
                })
            })
            .collect();
        let blockers: Vec<_> = (0..BLOCKERS)
            .map(|_| {
                let total = total_yields.clone();
                runtime::spawn(async move {
                    let (mut blocks, mut with_progress) = (0u64, 0u64);
                    while blocks < blocks_each {
                        let before = total.load(Ordering::SeqCst);
                        // Blocking the worker is the behaviour under test.
                        std::thread::sleep(Duration::from_millis(100));
                        if total.load(Ordering::SeqCst) > before {
                            with_progress += 1;
                        }
                        blocks += 1;
                        runtime::yield_now().await;
                    }
                    (blocks, with_progress)
                })
            })
            .collect();
        let (mut blocks, mut with_progress) = (0, 0);
        for task in blockers {
            let (b, p) = task.await.unwrap();
            blocks += b;
            with_progress += p;
        }
        blockers_done.store(true, Ordering::SeqCst);
        let mut per_yielder = Vec::new();
        for task in yielders {
            per_yielder.push(task.await.unwrap());
        }
        (per_yielder, blocks, with_progress)
    });
    assert_eq!(
        per_yielder.iter().sum::<u64>(),
        total_yields.load(Ordering::SeqCst)
    );
    assert!(
        per_yielder.iter().all(|&n| n > 0),
        "a yielding task never ran: {per_yielder:?}"
    );
    assert_eq!(blocks, BLOCKERS * blocks_each);
    assert_eq!(
        blocks_with_progress, blocks,
        "a blocked worker stalled the yielding tasks"
    );
    eprintln!(
        "scheduler progress: {blocks} blocks of 100 ms, each with progress; yields per task {per_yielder:?}"
    );
}
