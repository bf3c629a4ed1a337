//! Dropping a runtime while foreign threads call `set_readiness` on its sources,
//! `Handle::spawn` on it and wake its tasks' wakers: every call returns (a no-op
//! or an `Ok`), every handle spawned resolves to its output or to a cancellation,
//! nothing crashes or hangs. Many rounds, alternating flavors.

use std::future::poll_fn;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Poll, Waker};
use std::thread;
use std::time::Duration;

use runtime::{Async, JoinHandle, Ready, Registration};
use runtime_stress::{flavors, scaled, Watchdog};

const SOURCES: usize = 16;
const FOREIGN: usize = 4;
/// How many more rounds of calls each foreign thread makes once the runtime is gone.
const AFTER_DROP: u64 = 200;

#[test]
#[ignore = "stress: run in release with --ignored (.ci/run)"]
fn drop_while_foreign_threads_call_in() {
    let rounds = scaled(100);
    let _watchdog = Watchdog::new(Duration::from_secs(600), "dropping runtimes under fire");
    let (mut spawned, mut completed, mut cancelled, mut sets) = (0u64, 0u64, 0u64, 0u64);
    // Awaits the handles of the dropped runtimes.
    let joiner = runtime::Builder::new_current_thread().build().unwrap();
    for round in 0..rounds {
        let (flavor, rt) = flavors(2).swap_remove((round % 2) as usize);
        let wakers: Arc<Mutex<Vec<Waker>>> = Arc::default();
        let mut set_handles = Vec::new();
        rt.block_on(async {
            for _ in 0..SOURCES {
                let (registration, set) = Registration::new2();
                set_handles.push(set);
                let source = Async::new(registration).unwrap();
                drop(runtime::spawn(async move {
                    loop {
                        match source.readable().await {
                            Ok(mut guard) => guard.clear_ready(),
                            Err(_) => return,
                        }
                    }
                }));
                let wakers = wakers.clone();
                drop(runtime::spawn(poll_fn(move |cx| {
                    wakers.lock().unwrap().push(cx.waker().clone());
                    Poll::<()>::Pending
                })));
            }
            runtime::yield_now().await;
        });
        let handle = rt.handle().clone();
        let dropped = Arc::new(AtomicBool::new(false));
        let calls = Arc::new(AtomicU64::new(0));
        let set_handles = Arc::new(set_handles);
        let foreign: Vec<_> = (0..FOREIGN)
            .map(|f| {
                let (handle, dropped, calls) = (handle.clone(), dropped.clone(), calls.clone());
                let (set_handles, wakers) = (set_handles.clone(), wakers.clone());
                thread::spawn(move || {
                    let mut joins: Vec<JoinHandle<u64>> = Vec::new();
                    let mut sets = 0u64;
                    let mut after = 0;
                    let mut n = 0u64;
                    while after < AFTER_DROP {
                        if dropped.load(Ordering::SeqCst) {
                            after += 1;
                        }
                        let set = &set_handles[(n as usize + f) % SOURCES];
                        set.set_readiness(Ready::readable()).unwrap();
                        sets += 1;
                        joins.push(handle.spawn(async move { n }));
                        let waker = wakers.lock().unwrap().get(n as usize % SOURCES).cloned();
                        if let Some(waker) = waker {
                            waker.wake();
                        }
                        n += 1;
                        calls.fetch_add(1, Ordering::SeqCst);
                    }
                    (joins, sets)
                })
            })
            .collect();
        // Drop once every foreign thread is well under way (a count, not a sleep).
        while calls.load(Ordering::SeqCst) < (FOREIGN as u64) * 50 {
            rt.block_on(runtime::yield_now());
        }
        drop(rt);
        dropped.store(true, Ordering::SeqCst);
        for thread in foreign {
            let (joins, thread_sets) = thread.join().unwrap();
            sets += thread_sets;
            spawned += joins.len() as u64;
            joiner.block_on(async {
                for (n, join) in joins.into_iter().enumerate() {
                    match join.await {
                        Ok(out) => {
                            assert_eq!(out, n as u64, "round {round}, {flavor}");
                            completed += 1;
                        }
                        Err(err) => {
                            assert!(err.is_cancelled(), "round {round}, {flavor}: {err:?}");
                            cancelled += 1;
                        }
                    }
                }
            });
        }
        // The wakers outlive the runtime: waking them now is a no-op.
        for waker in wakers.lock().unwrap().drain(..) {
            waker.wake();
        }
    }
    assert_eq!(completed + cancelled, spawned);
    assert!(
        cancelled >= rounds * FOREIGN as u64 * AFTER_DROP,
        "every spawn after the drop is cancelled"
    );
    eprintln!(
        "dropping runtimes under fire: {rounds} rounds, {sets} sets, {spawned} spawns \
         ({completed} completed, {cancelled} cancelled)"
    );
}
