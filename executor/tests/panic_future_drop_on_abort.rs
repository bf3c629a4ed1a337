//! `abort` of a task whose future panics in its destructor: the panic is caught (the
//! hook reports it), the future is dropped exactly once, the `JoinHandle` resolves
//! to a panic `JoinError` carrying the payload (tokio's behaviour), and the runtime
//! carries on. The same for a queued blocking call whose closure panics on drop.

mod util;

use std::future::pending;
use std::sync::mpsc;

use futures::StreamExt;
use util::DropPanics;

/// Each panic costs seconds under Miri.
const TASKS: usize = if cfg!(miri) { 1 } else { 4 };

#[test]
fn abort_reports_the_destructor_panic_and_the_runtime_carries_on() {
    for (flavor, rt) in util::runtimes() {
        let (guards, mut dropped) = DropPanics::new("future drop on abort");
        let tasks: Vec<_> = (0..TASKS)
            .map(|_| {
                let guard = guards.make();
                rt.spawn(async move {
                    let _guard = guard;
                    pending::<()>().await
                })
            })
            .collect();
        rt.block_on(runtime_executor::yield_now());
        for task in &tasks {
            task.abort();
        }
        for task in tasks {
            let err = rt.block_on(task).unwrap_err();
            assert!(err.is_panic(), "{flavor}: {err:?}");
            assert_eq!(
                util::panic_message(&*err.into_panic()).as_deref(),
                Some("future drop on abort"),
                "{flavor}"
            );
        }
        assert_eq!(guards.drops(), TASKS, "{flavor}");
        // A detached aborted task: nobody to report to; dropped once all the same.
        let guard = guards.make();
        let task = rt.spawn(async move {
            let _guard = guard;
            pending::<()>().await
        });
        task.abort();
        drop(task);
        rt.block_on(async {
            for _ in 0..=TASKS {
                dropped.next().await.unwrap();
            }
        });
        assert_eq!(guards.drops(), TASKS + 1, "{flavor}");
        assert_eq!(rt.block_on(rt.spawn(async { 3 })).unwrap(), 3, "{flavor}");
        drop(rt);
        assert_eq!(guards.drops(), TASKS + 1, "{flavor}");
    }
}

#[test]
fn abort_of_a_queued_blocking_call_reports_the_destructor_panic() {
    let rt = runtime_executor::Builder::new_current_thread()
        .max_blocking_threads(1)
        .build()
        .unwrap();
    let (guards, _dropped) = DropPanics::new("closure drop on abort");
    let (release_tx, release_rx) = mpsc::channel::<()>();
    let (started_tx, started_rx) = mpsc::channel();
    let first = rt.spawn_blocking(move || {
        started_tx.send(()).unwrap();
        release_rx.recv().unwrap();
    });
    started_rx.recv().unwrap();
    let guard = guards.make();
    let queued = rt.spawn_blocking(move || drop(guard));
    queued.abort();
    release_tx.send(()).unwrap();
    rt.block_on(first).unwrap();
    let err = rt.block_on(queued).unwrap_err();
    assert!(err.is_panic(), "{err:?}");
    assert_eq!(
        util::panic_message(&*err.into_panic()).as_deref(),
        Some("closure drop on abort")
    );
    assert_eq!(guards.drops(), 1);
}
