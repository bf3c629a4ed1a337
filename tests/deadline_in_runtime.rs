//! `Deadline` inside a runtime: it uses that runtime's wheel, fires
//! through its registration, and a task awaits it with `Async` (SPEC A3a).

use runtime::timers::Deadline;
use runtime::{Async, Builder};
use std::time::Duration;

#[test]
fn a_deadline_awaited_by_a_task_fires_once_and_stays_readable() {
    for paused in [false, true] {
        let rt = Builder::new_current_thread()
            .start_paused(paused)
            .build()
            .unwrap();
        rt.block_on(async {
            let start = runtime::time::now();
            let when = start + Duration::from_millis(20);
            let deadline = Async::new(Deadline::new(when)).unwrap();
            let guard = deadline.readable().await.unwrap();
            assert!(guard.ready().is_readable());
            assert!(runtime::time::now() >= when, "fired early");
            assert!(deadline.get_ref().is_elapsed());
            // A fired deadline stays readable: awaiting again returns at once.
            deadline.readable().await.unwrap();
        });
    }
}

#[test]
fn deadlines_on_a_multi_thread_runtime_fire_in_order() {
    let rt = Builder::new_multi_thread()
        .worker_threads(2)
        .start_paused(true)
        .build()
        .unwrap();
    let order = rt.block_on(async {
        let start = runtime::time::now();
        let tasks: Vec<_> = [30u64, 10, 20]
            .into_iter()
            .map(|s| {
                runtime::spawn(async move {
                    let d = Async::new(Deadline::new(start + Duration::from_secs(s))).unwrap();
                    d.readable().await.unwrap();
                    runtime::time::now() - start
                })
            })
            .collect();
        let mut out = Vec::new();
        for t in tasks {
            out.push(t.await.unwrap());
        }
        out
    });
    assert_eq!(
        order,
        vec![
            Duration::from_secs(30),
            Duration::from_secs(10),
            Duration::from_secs(20)
        ]
    );
}

#[test]
fn a_deadline_in_an_async_is_bound_to_it_not_queued_in_a_poll() {
    // `Async::new` registers the `Deadline` (which forwards `Evented` to its
    // registration) with the runtime's dispatching `Poll`, so the wheel's
    // `set_readiness` wakes the task itself (the direct wake path); the
    // registration then belongs to that `Poll`, and no other may take it (SPEC R7).
    let rt = Builder::new_current_thread()
        .start_paused(true)
        .build()
        .unwrap();
    rt.block_on(async {
        let deadline = Async::new(Deadline::new(runtime::time::now())).unwrap();
        deadline.readable().await.unwrap();
        let poll = runtime::reactor::Poll::new().unwrap();
        let err = poll
            .register(
                deadline.get_ref(),
                runtime::reactor::Token(0),
                runtime::Ready::readable(),
                runtime::reactor::PollOpt::edge(),
            )
            .unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::AlreadyExists);
    });
}
