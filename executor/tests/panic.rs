//! Panics: a task's panic is its output; a worker survives it; a panic in the
//! `block_on` future reaches the caller.

mod util;

use std::panic::{catch_unwind, AssertUnwindSafe};

#[test]
fn a_panicking_task_gives_a_panic_join_error() {
    for (flavor, rt) in util::runtimes() {
        let err = rt.block_on(rt.spawn(async { panic!("boom") })).unwrap_err();
        assert!(err.is_panic(), "{flavor}");
        assert_eq!(err.to_string(), "task panicked with message \"boom\"");
        assert_eq!(*err.into_panic().downcast::<&str>().unwrap(), "boom");
    }
}

#[test]
fn workers_survive_panicking_tasks() {
    let rt = runtime_executor::Builder::new_multi_thread()
        .worker_threads(2)
        .build()
        .unwrap();
    let panics: Vec<_> = (0..20)
        .map(|i| rt.spawn(async move { panic!("task {i}") }))
        .collect();
    for handle in panics {
        assert!(rt.block_on(handle).unwrap_err().is_panic());
    }
    let sum: u32 = rt.block_on(async {
        let handles: Vec<_> = (0..20u32)
            .map(|i| runtime_executor::spawn(async move { i }))
            .collect();
        let mut sum = 0;
        for handle in handles {
            sum += handle.await.unwrap();
        }
        sum
    });
    assert_eq!(sum, (0..20).sum());
}

#[test]
fn a_panic_in_block_on_reaches_the_caller_and_the_runtime_stays_usable() {
    for (flavor, rt) in util::runtimes() {
        let caught = catch_unwind(AssertUnwindSafe(|| {
            rt.block_on(async { panic!("in block_on") })
        }));
        let payload = caught.unwrap_err();
        assert_eq!(
            *payload.downcast::<&str>().unwrap(),
            "in block_on",
            "{flavor}"
        );
        assert_eq!(rt.block_on(rt.spawn(async { 1 })).unwrap(), 1, "{flavor}");
    }
}

#[test]
fn join_error_debug_and_display() {
    let err = runtime_executor::block_on(async {
        let task = runtime_executor::spawn(std::future::pending::<()>());
        task.abort();
        task.await.unwrap_err()
    });
    assert_eq!(err.to_string(), "task was cancelled");
    assert_eq!(format!("{err:?}"), "JoinError::Cancelled");
    let err = err.try_into_panic().unwrap_err();
    assert!(err.is_cancelled());
}
