//! Multi-thread flavor: the order in which a burst of spawned tasks runs when it
//! overflows the spawning worker's local queue, and where a task scheduled from
//! outside the workers goes meanwhile (`scheduler/multi_thread/{mod,queue}.rs`).

use std::sync::mpsc;
use std::sync::{Arc, Mutex};

use runtime_executor::{Builder, Handle};

/// A worker's local queue holds this many tasks (`LOCAL_CAPACITY`).
const LOCAL: usize = 256;
/// More than a local queue holds.
const BURST: usize = 300;
/// What the task spawned from a foreign thread records.
const FOREIGN: usize = usize::MAX;

/// On a 2-worker runtime, one worker spawns `BURST` tasks while it cannot run any
/// of them (its task blocks until they are all done), and the other worker, held
/// until the burst is queued, runs every one. `from_outside` also spawns a task from
/// a foreign thread once the burst is queued. Returns the order in which the tasks
/// ran (`FOREIGN` for the foreign one).
fn burst_order(from_outside: bool) -> Vec<usize> {
    let rt = Builder::new_multi_thread()
        .worker_threads(2)
        .build()
        .unwrap();
    let total = BURST + usize::from(from_outside);
    let order = rt.block_on(rt.spawn(async move {
        // Occupy the other worker until the burst is queued. `holder` is spawned
        // from a foreign thread, so it goes to the injector and wakes the other
        // worker (a single task pushed on this worker's own queue would wake no
        // one: see `multi_thread/mod.rs`), while this one blocks.
        let (started_tx, started_rx) = mpsc::channel();
        let (release_tx, release_rx) = mpsc::channel::<()>();
        let handle = Handle::current();
        let holder = std::thread::spawn(move || {
            handle.spawn(async move {
                started_tx.send(()).unwrap();
                release_rx.recv().unwrap();
            })
        })
        .join()
        .unwrap();
        started_rx.recv().unwrap();

        let order = Arc::new(Mutex::new(Vec::with_capacity(total)));
        let (done_tx, done_rx) = mpsc::channel();
        let record = move |task: usize| {
            let (order, done_tx) = (order.clone(), done_tx.clone());
            async move {
                let mut order = order.lock().unwrap();
                order.push(task);
                if order.len() == total {
                    done_tx.send(order.clone()).unwrap();
                }
            }
        };
        for task in 0..BURST {
            // Detached: the handles are not awaited by this (blocked) worker.
            drop(runtime_executor::spawn(record(task)));
        }
        if from_outside {
            let (handle, foreign) = (Handle::current(), record(FOREIGN));
            std::thread::spawn(move || drop(handle.spawn(foreign)))
                .join()
                .unwrap();
        }
        release_tx.send(()).unwrap();
        // This worker stays blocked: the other one runs everything.
        let order = done_rx.recv().unwrap();
        drop(holder);
        order
    }));
    order.unwrap()
}

fn sorted(tasks: &[usize]) -> Vec<usize> {
    let mut tasks = tasks.to_vec();
    tasks.sort_unstable();
    tasks
}

/// The overflow moved the spawner's *oldest* half (and the task that did not fit)
/// to the overflow queue, so the other worker runs the first tasks spawned first,
/// rather than those spawned after the spawner's queue filled.
#[test]
fn the_oldest_tasks_of_an_overflowing_burst_run_first() {
    let order = burst_order(false);
    // In the overflow queue: the older half of the full queue, then the task that
    // did not fit. The other worker takes all of it before stealing from the
    // spawner's queue.
    let overflowed: Vec<usize> = (0..LOCAL / 2).chain([LOCAL]).collect();
    assert_eq!(order[0], 0);
    assert_eq!(sorted(&order[..overflowed.len()]), overflowed);
    assert_eq!(sorted(&order), (0..BURST).collect::<Vec<_>>());
}

/// A task scheduled from outside the workers (as a foreign thread's
/// `set_readiness` schedules the task it wakes) goes to the injector, and a worker takes its
/// batches from the injector and the overflow in turn: the task waits for at most one
/// batch of the burst, not for the whole of it.
#[test]
fn a_task_from_outside_waits_for_at_most_one_batch_of_an_overflowed_burst() {
    let order = burst_order(true);
    // The overflow holds LOCAL / 2 + 1 tasks; a batch is the first of them and a
    // share of the rest for one of 2 workers.
    let batch = 1 + (LOCAL / 2) / 2;
    let at = order.iter().position(|&task| task == FOREIGN).unwrap();
    assert!(at <= batch, "ran after {at} tasks of the burst");
    let burst: Vec<usize> = order.iter().copied().filter(|&t| t != FOREIGN).collect();
    assert_eq!(burst[0], 0);
    assert_eq!(sorted(&burst), (0..BURST).collect::<Vec<_>>());
}
