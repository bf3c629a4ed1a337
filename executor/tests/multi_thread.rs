//! Multi-thread flavor: many tasks across workers, nested spawns, foreign-thread
//! spawns, workers count and names.

use std::collections::HashSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Barrier};

use runtime_executor::Builder;

/// Tasks per test (fewer under Miri, which is slow).
const TASKS: usize = if cfg!(miri) { 100 } else { 10_000 };

#[test]
fn ten_thousand_tasks_each_polled_to_completion() {
    let rt = Builder::new_multi_thread()
        .worker_threads(2)
        .build()
        .unwrap();
    let done = Arc::new(AtomicUsize::new(0));
    let total: usize = rt.block_on(async {
        let handles: Vec<_> = (0..TASKS)
            .map(|i| {
                let done = done.clone();
                runtime_executor::spawn(async move {
                    runtime_executor::yield_now().await;
                    done.fetch_add(1, Ordering::SeqCst);
                    i
                })
            })
            .collect();
        let mut total = 0;
        for handle in handles {
            total += handle.await.unwrap();
        }
        total
    });
    assert_eq!(total, (0..TASKS).sum());
    assert_eq!(done.load(Ordering::SeqCst), TASKS);
}

#[test]
fn both_workers_run_tasks() {
    let rt = Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("mt-test")
        .build()
        .unwrap();
    // Two tasks that each wait for the other on a barrier can only finish if they
    // run on two different workers at once.
    let barrier = Arc::new(Barrier::new(2));
    let handles: Vec<_> = (0..2)
        .map(|_| {
            let barrier = barrier.clone();
            rt.spawn(async move {
                barrier.wait();
                std::thread::current().name().map(str::to_owned)
            })
        })
        .collect();
    let names: HashSet<_> = handles
        .into_iter()
        .map(|h| rt.block_on(h).unwrap())
        .collect();
    assert_eq!(names, HashSet::from([Some("mt-test".to_owned())]));
    #[cfg(feature = "metrics")]
    assert_eq!(rt.handle().metrics().workers, 2);
}

#[test]
fn spawns_from_many_foreign_threads() {
    let rt = Builder::new_multi_thread()
        .worker_threads(2)
        .build()
        .unwrap();
    let threads: Vec<_> = (0..4)
        .map(|t| {
            let handle = rt.handle().clone();
            std::thread::spawn(move || {
                (0..TASKS / 20)
                    .map(|i| handle.spawn(async move { t * 1000 + i }))
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let mut sum = 0;
    for thread in threads {
        for handle in thread.join().unwrap() {
            sum += rt.block_on(handle).unwrap();
        }
    }
    let expected: usize = (0..4)
        .map(|t| (0..TASKS / 20).map(|i| t * 1000 + i).sum::<usize>())
        .sum();
    assert_eq!(sum, expected);
}

#[test]
fn handle_current_inside_tasks() {
    let rt = Builder::new_multi_thread()
        .worker_threads(2)
        .build()
        .unwrap();
    let n = rt
        .block_on(rt.spawn(async {
            let handle = runtime_executor::Handle::current();
            handle.spawn(async { 5 }).await.unwrap()
        }))
        .unwrap();
    assert_eq!(n, 5);
}
