//! Wakers cloned to foreign threads and woken 10^6 times in all (by `wake`,
//! `wake_by_ref`, and after clones dropped unwoken), while their tasks count: each
//! task sees the final count (no wake-up lost after the last one) and is polled at
//! most once per wake plus its first poll, on both flavors.

use std::future::poll_fn;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{mpsc, Arc};
use std::task::{Poll, Waker};
use std::thread;
use std::time::Duration;

use runtime_stress::{flavors, scaled, Watchdog};

const TASKS: u64 = 4;
const THREADS_PER_TASK: u64 = 2;

#[test]
#[ignore = "stress: run in release with --ignored (.ci/run)"]
fn a_million_foreign_wakes() {
    // 4 tasks × 2 threads × 125,000 = 10^6 wakes per flavor.
    let per_thread = scaled(125_000);
    let per_task = per_thread * THREADS_PER_TASK;
    for (flavor, rt) in flavors(2) {
        let _watchdog = Watchdog::new(Duration::from_secs(600), format!("foreign wakes, {flavor}"));
        let mut tasks = Vec::new();
        let mut receivers = Vec::new();
        for _ in 0..TASKS {
            let woken = Arc::new(AtomicU64::new(0));
            let (waker_tx, waker_rx) = mpsc::channel::<Waker>();
            let counter = woken.clone();
            tasks.push(rt.spawn(async move {
                let mut polls = 0u64;
                poll_fn(|cx| {
                    polls += 1;
                    if polls == 1 {
                        for _ in 0..THREADS_PER_TASK {
                            waker_tx.send(cx.waker().clone()).unwrap();
                        }
                    }
                    if counter.load(Ordering::SeqCst) == per_task {
                        Poll::Ready(())
                    } else {
                        Poll::Pending
                    }
                })
                .await;
                polls
            }));
            receivers.push((woken, waker_rx));
        }
        let mut foreign = Vec::new();
        for (woken, waker_rx) in receivers {
            for _ in 0..THREADS_PER_TASK {
                // Each task sends its wakers at its first poll; a current-thread
                // runtime runs tasks only inside `block_on`.
                let waker = loop {
                    match waker_rx.try_recv() {
                        Ok(waker) => break waker,
                        Err(mpsc::TryRecvError::Empty) => rt.block_on(runtime::yield_now()),
                        Err(mpsc::TryRecvError::Disconnected) => panic!("{flavor}: task gone"),
                    }
                };
                let woken = woken.clone();
                foreign.push(thread::spawn(move || {
                    for n in 0..per_thread {
                        woken.fetch_add(1, Ordering::SeqCst);
                        match n % 3 {
                            0 => waker.wake_by_ref(),
                            1 => {
                                // The by-value `wake` of a clone: another vtable
                                // entry than `wake_by_ref`.
                                let clone = waker.clone();
                                clone.wake();
                            }
                            _ => {
                                drop(waker.clone());
                                waker.wake_by_ref();
                            }
                        }
                    }
                }));
            }
        }
        for thread in foreign {
            thread.join().unwrap();
        }
        let polls: Vec<u64> = rt.block_on(async {
            let mut polls = Vec::new();
            for task in tasks {
                polls.push(task.await.unwrap());
            }
            polls
        });
        for p in &polls {
            assert!(*p >= 2 && *p <= per_task + 1, "{flavor}: {p} polls");
        }
        eprintln!(
            "foreign wakes, {flavor}: {} wakes, polls per task {polls:?}",
            TASKS * per_task
        );
        assert_eq!(rt.handle().metrics().alive_tasks, 0, "{flavor}");
    }
}
