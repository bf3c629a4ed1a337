//! `JoinHandle::abort`: pending tasks are dropped, finished ones keep their output.

// Returning a handle out of `block_on` to inspect it afterwards is the point here.
#![allow(clippy::async_yields_async)]

mod util;

use std::future::pending;

use util::{Counted, Counts};

#[test]
fn abort_drops_a_pending_task_once() {
    for (flavor, rt) in util::runtimes() {
        let counts = Counts::new();
        let (started_tx, started_rx) = futures::channel::oneshot::channel();
        let task = rt.spawn(Counted::new(&counts, async move {
            started_tx.send(()).unwrap();
            pending::<()>().await
        }));
        rt.block_on(started_rx).unwrap();
        assert_eq!(counts.polls(), 1, "{flavor}");
        task.abort();
        let err = rt.block_on(task).unwrap_err();
        assert!(err.is_cancelled() && !err.is_panic(), "{flavor}");
        assert_eq!((counts.polls(), counts.drops()), (1, 1), "{flavor}");
    }
}

#[test]
fn abort_before_first_poll_never_polls() {
    let rt = runtime_executor::Builder::new_current_thread()
        .build()
        .unwrap();
    let counts = Counts::new();
    let task = rt.spawn(Counted::new(&counts, async { 1 }));
    task.abort();
    assert!(rt.block_on(task).unwrap_err().is_cancelled());
    assert_eq!((counts.polls(), counts.drops()), (0, 1));
}

#[test]
fn abort_after_completion_keeps_the_output() {
    for (flavor, rt) in util::runtimes() {
        let task = rt.spawn(async { 9 });
        let task = rt.block_on(async move {
            while !task.is_finished() {
                runtime_executor::yield_now().await;
            }
            task
        });
        task.abort();
        assert_eq!(rt.block_on(task).unwrap(), 9, "{flavor}");
    }
}

#[test]
fn abort_twice_is_harmless() {
    let rt = runtime_executor::Builder::new_current_thread()
        .build()
        .unwrap();
    let task = rt.spawn(pending::<()>());
    task.abort();
    task.abort();
    assert!(rt.block_on(task).unwrap_err().is_cancelled());
}

#[test]
fn abort_from_another_task_while_it_waits() {
    let rt = runtime_executor::Builder::new_multi_thread()
        .worker_threads(2)
        .build()
        .unwrap();
    let counts = Counts::new();
    let victim = rt.spawn(Counted::new(&counts, pending::<()>()));
    let err = rt.block_on(async move {
        runtime_executor::yield_now().await;
        victim.abort();
        victim.await.unwrap_err()
    });
    assert!(err.is_cancelled());
    assert_eq!(counts.drops(), 1);
    assert!(counts.polls() <= 1);
}
