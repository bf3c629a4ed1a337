//! Multi-thread flavor: the order in which a burst of spawned tasks runs when it
//! overflows the spawning worker's local queue (`scheduler/multi_thread/queue.rs`).

use std::sync::mpsc;
use std::sync::{Arc, Mutex};

use runtime_executor::Builder;

/// A worker's local queue holds this many tasks (`LOCAL_CAPACITY`).
const LOCAL: usize = 256;
/// More than a local queue holds.
const BURST: usize = 300;

/// One worker spawns a burst while it cannot run any of it (its task blocks); the
/// other worker runs every task. The overflow moved the spawner's *oldest* half
/// (and the task that did not fit) to the injector, so that worker runs the first
/// tasks spawned first, rather than those spawned after the queue filled.
#[test]
fn the_oldest_tasks_of_an_overflowing_burst_run_first() {
    let rt = Builder::new_multi_thread()
        .worker_threads(2)
        .build()
        .unwrap();
    let order = rt.block_on(rt.spawn(async {
        // Occupy the other worker until the burst is queued: it steals `holder`,
        // the only task in this worker's queue, while this one blocks.
        let (started_tx, started_rx) = mpsc::channel();
        let (release_tx, release_rx) = mpsc::channel::<()>();
        let holder = runtime_executor::spawn(async move {
            started_tx.send(()).unwrap();
            release_rx.recv().unwrap();
        });
        started_rx.recv().unwrap();

        let order = Arc::new(Mutex::new(Vec::with_capacity(BURST)));
        let (done_tx, done_rx) = mpsc::channel();
        for task in 0..BURST {
            let (order, done_tx) = (order.clone(), done_tx.clone());
            // Detached: the handles are not awaited by this (blocked) worker.
            drop(runtime_executor::spawn(async move {
                let mut order = order.lock().unwrap();
                order.push(task);
                if order.len() == BURST {
                    done_tx.send(()).unwrap();
                }
            }));
        }
        release_tx.send(()).unwrap();
        // This worker stays blocked: the other one runs the whole burst.
        done_rx.recv().unwrap();
        drop(holder);
        let order = order.lock().unwrap().clone();
        order
    }));
    let order = order.unwrap();

    // In the injector: the older half of the full queue, then the task that did not
    // fit. The other worker takes all of it before stealing from the spawner's queue.
    let mut injected: Vec<usize> = (0..LOCAL / 2).chain([LOCAL]).collect();
    assert_eq!(order[0], 0);
    let mut first = order[..injected.len()].to_vec();
    first.sort_unstable();
    injected.sort_unstable();
    assert_eq!(first, injected);
    let mut all = order.clone();
    all.sort_unstable();
    assert_eq!(all, (0..BURST).collect::<Vec<_>>());
}
