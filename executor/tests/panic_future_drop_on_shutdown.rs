//! A pending task whose future panics in its destructor when shutdown cancels it:
//! the panic is caught (the hook reports it), shutdown carries on and drops every
//! other task, each future exactly once, and the task's `JoinHandle` resolves to a
//! panic `JoinError` carrying the payload, as tokio's does.

mod util;

use std::future::pending;

use util::{Counted, Counts, DropPanics};

/// Each panic costs seconds under Miri.
const IDLE: usize = if cfg!(miri) { 1 } else { 4 };
const QUEUED: usize = if cfg!(miri) { 1 } else { 3 };

#[test]
fn shutdown_drops_every_future_once_and_reports_the_panics() {
    for (flavor, rt) in util::runtimes() {
        let (guards, _dropped) = DropPanics::new("future drop at shutdown");
        let others = Counts::new();
        // Idle tasks, registered with the runtime after their first poll.
        let idle: Vec<_> = (0..IDLE)
            .map(|_| {
                let guard = guards.make();
                rt.spawn(async move {
                    let _guard = guard;
                    pending::<()>().await
                })
            })
            .collect();
        // Well-behaved tasks beside them, which shutdown must still drop.
        let calm: Vec<_> = (0..4)
            .map(|_| rt.spawn(Counted::new(&others, pending::<()>())))
            .collect();
        rt.block_on(async {
            while others.polls() < 4 {
                runtime_executor::yield_now().await;
            }
        });
        // Queued, never polled (current-thread runs tasks only inside `block_on`).
        let queued: Vec<_> = if flavor == "current_thread" {
            (0..QUEUED)
                .map(|_| {
                    let guard = guards.make();
                    rt.spawn(async move {
                        let _guard = guard;
                    })
                })
                .collect()
        } else {
            Vec::new()
        };
        let expected = idle.len() + queued.len();
        drop(rt);
        assert_eq!(guards.drops(), expected, "{flavor}");
        assert_eq!((others.polls(), others.drops()), (4, 4), "{flavor}");
        for task in idle.into_iter().chain(queued) {
            let err = futures::executor::block_on(task).unwrap_err();
            assert!(err.is_panic(), "{flavor}: {err:?}");
            assert_eq!(
                util::panic_message(&*err.into_panic()).as_deref(),
                Some("future drop at shutdown"),
                "{flavor}"
            );
        }
        for task in calm {
            let err = futures::executor::block_on(task).unwrap_err();
            assert!(err.is_cancelled(), "{flavor}: {err:?}");
        }
        assert_eq!(guards.drops(), expected, "{flavor}");
    }
}
