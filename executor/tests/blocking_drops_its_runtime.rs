//! A blocking call may drop the runtime it runs on: shutdown does not wait for the
//! thread doing the drop (it used to wait for itself for ever). The call's handle
//! then resolves with its output, and every other task is cancelled as usual.

mod util;

use std::future::pending;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc};

use util::{Counted, Counts};

#[test]
fn dropping_the_runtime_inside_spawn_blocking_returns() {
    let _watchdog = util::watchdog(60, "dropping a runtime inside its spawn_blocking");
    for (flavor, rt) in util::runtimes() {
        let idle = Counts::new();
        let _waiting = rt.spawn(Counted::new(&idle, pending::<()>()));
        rt.block_on(async {
            while idle.polls() < 1 {
                runtime_executor::yield_now().await;
            }
        });
        let handle = rt.handle().clone();
        let call = handle.spawn_blocking(move || {
            drop(rt);
            "dropped"
        });
        assert_eq!(
            futures::executor::block_on(call).unwrap(),
            "dropped",
            "{flavor}"
        );
        assert_eq!((idle.polls(), idle.drops()), (1, 1), "{flavor}");
    }
}

#[test]
fn the_drop_still_waits_for_the_other_blocking_calls() {
    let _watchdog = util::watchdog(60, "dropping a runtime inside its spawn_blocking");
    for (flavor, rt) in util::runtimes() {
        let handle = rt.handle().clone();
        let other_done = Arc::new(AtomicBool::new(false));
        let (release_tx, release_rx) = mpsc::channel::<()>();
        let (started_tx, started_rx) = mpsc::channel::<()>();
        let done = other_done.clone();
        let other = handle.spawn_blocking(move || {
            started_tx.send(()).unwrap();
            release_rx.recv().unwrap();
            done.store(true, Ordering::SeqCst);
        });
        started_rx.recv().unwrap();
        let (dropping_tx, dropping_rx) = mpsc::channel::<()>();
        let done = other_done.clone();
        let call = handle.spawn_blocking(move || {
            dropping_tx.send(()).unwrap();
            drop(rt);
            // Shutdown waited for the other running call, only not for this one.
            done.load(Ordering::SeqCst)
        });
        dropping_rx.recv().unwrap();
        release_tx.send(()).unwrap();
        assert!(futures::executor::block_on(call).unwrap(), "{flavor}");
        futures::executor::block_on(other).unwrap();
    }
}
