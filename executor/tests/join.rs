//! `JoinHandle`: output, `is_finished`, and detaching by drop.

// Returning a handle out of `block_on` to inspect it afterwards is the point here.
#![allow(clippy::async_yields_async)]

mod util;

use std::sync::mpsc;

use util::{Counted, Counts};

#[test]
fn output_is_delivered_after_exactly_one_poll() {
    for (flavor, rt) in util::runtimes() {
        let counts = Counts::new();
        let handle = rt.spawn(Counted::new(&counts, async { 7 }));
        assert_eq!(rt.block_on(handle).unwrap(), 7, "{flavor}");
        assert_eq!(counts.polls(), 1, "{flavor}");
        assert_eq!(counts.drops(), 1, "{flavor}");
    }
}

#[test]
fn is_finished_turns_true_once_complete() {
    for (flavor, rt) in util::runtimes() {
        let (tx, rx) = futures::channel::oneshot::channel::<()>();
        let handle = rt.spawn(async move { rx.await.unwrap() });
        assert!(!handle.is_finished(), "{flavor}");
        tx.send(()).unwrap();
        let handle = rt.block_on(async move {
            while !handle.is_finished() {
                runtime_executor::yield_now().await;
            }
            handle
        });
        assert!(handle.is_finished(), "{flavor}");
        rt.block_on(handle).unwrap();
    }
}

#[test]
fn dropping_the_handle_detaches_the_task() {
    for (flavor, rt) in util::runtimes() {
        let counts = Counts::new();
        let (tx, rx) = mpsc::channel();
        drop(rt.spawn(Counted::new(&counts, async move { tx.send(5).unwrap() })));
        // Current-thread tasks run inside block_on only.
        rt.block_on(async {
            while counts.drops() == 0 {
                runtime_executor::yield_now().await;
            }
        });
        assert_eq!(rx.recv().unwrap(), 5, "{flavor}");
        assert_eq!((counts.polls(), counts.drops()), (1, 1), "{flavor}");
    }
}

#[test]
fn join_handle_is_send_sync_unpin() {
    fn check<T: Send + Sync + Unpin>() {}
    check::<runtime_executor::JoinHandle<u32>>();
    check::<runtime_executor::Handle>();
    check::<runtime_executor::Runtime>();
    check::<runtime_executor::JoinError>();
}
