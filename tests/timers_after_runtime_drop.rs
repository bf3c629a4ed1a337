//! Timers that outlive their runtime: `futures::executor::block_on` on a `Sleep`,
//! `Timeout` or `Interval` made inside a runtime, after the runtime was dropped,
//! panics naming the shutdown instead of hanging (both flavors); one already
//! waiting on another thread when the runtime is dropped is woken and panics; a
//! `Deadline` in a plain `Poll` becomes readable and hup. Every test runs under a
//! watchdog that fails the process rather than let it hang.

// Returning timers out of `block_on` to await them afterwards is the point here.
#![allow(clippy::async_yields_async)]

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::mpsc;
use std::time::Duration;

use runtime::reactor::{Events, Poll, PollOpt, Ready, Token};
use runtime::time::{interval, sleep, timeout};
use runtime::timers::Deadline;
use runtime::Builder;

const HOUR: Duration = Duration::from_secs(3600);

fn flavors() -> Vec<(&'static str, runtime::Runtime)> {
    vec![
        (
            "current_thread",
            Builder::new_current_thread().build().unwrap(),
        ),
        (
            "multi_thread",
            Builder::new_multi_thread()
                .worker_threads(2)
                .build()
                .unwrap(),
        ),
    ]
}

/// Aborts the process with a message if the guard is still alive after 60 s.
fn watchdog(what: &'static str) -> mpsc::Sender<()> {
    let (disarm, armed) = mpsc::channel::<()>();
    std::thread::spawn(move || {
        if let Err(mpsc::RecvTimeoutError::Timeout) = armed.recv_timeout(Duration::from_secs(60)) {
            eprintln!("watchdog: {what} still hangs after 60 s");
            std::process::abort();
        }
    });
    disarm
}

/// Runs `f`, which must panic with the timers' shutdown message.
fn assert_panics_naming_the_shutdown(flavor: &str, f: impl FnOnce()) {
    let payload = catch_unwind(AssertUnwindSafe(f)).expect_err(flavor);
    let message = payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
        .unwrap_or_default();
    assert!(
        message.contains("runtime has shut down"),
        "{flavor}: {message}"
    );
}

#[test]
fn sleep_timeout_and_interval_panic_after_the_runtime_is_dropped() {
    let _watchdog = watchdog("a timer awaited after its runtime was dropped");
    for (flavor, rt) in flavors() {
        let (polled_sleep, fresh_sleep, pending_timeout, mut ticks) = rt.block_on(async {
            let mut polled = sleep(HOUR);
            // Filed in the wheel, then moved out of the runtime.
            assert!(futures::poll!(&mut polled).is_pending());
            let mut ticks = interval(HOUR);
            ticks.tick().await; // the first tick is now
            (
                polled,
                sleep(HOUR),
                timeout(HOUR, std::future::pending::<()>()),
                ticks,
            )
        });
        drop(rt);
        assert_panics_naming_the_shutdown(flavor, || futures::executor::block_on(polled_sleep));
        assert_panics_naming_the_shutdown(flavor, || futures::executor::block_on(fresh_sleep));
        assert_panics_naming_the_shutdown(flavor, || {
            let _ = futures::executor::block_on(pending_timeout);
        });
        assert_panics_naming_the_shutdown(flavor, || {
            futures::executor::block_on(ticks.tick());
        });
    }
}

#[test]
fn a_sleep_waiting_on_another_thread_is_woken_by_the_drop() {
    let _watchdog = watchdog("a sleep waiting while its runtime was dropped");
    for (flavor, rt) in flavors() {
        let mut filed = rt.block_on(async {
            let mut filed = sleep(HOUR);
            assert!(futures::poll!(&mut filed).is_pending());
            filed
        });
        let (polled_tx, polled_rx) = mpsc::channel();
        let waiter = std::thread::spawn(move || {
            catch_unwind(AssertUnwindSafe(move || {
                futures::executor::block_on(async move {
                    // Registered with this thread's waker before the drop.
                    assert!(futures::poll!(&mut filed).is_pending());
                    polled_tx.send(()).unwrap();
                    filed.await
                })
            }))
        });
        polled_rx.recv().unwrap();
        drop(rt);
        assert_panics_naming_the_shutdown(flavor, || {
            if let Err(payload) = waiter.join().unwrap() {
                std::panic::resume_unwind(payload);
            }
        });
    }
}

#[test]
fn a_deadline_in_a_plain_poll_becomes_readable_and_hup() {
    let _watchdog = watchdog("a Poll waiting for a deadline whose runtime was dropped");
    for (flavor, rt) in flavors() {
        let deadline = rt.block_on(async { Deadline::new(std::time::Instant::now() + HOUR) });
        let poll = Poll::new().unwrap();
        poll.register(
            &deadline,
            Token(1),
            Ready::readable() | Ready::hup(),
            PollOpt::edge(),
        )
        .unwrap();
        drop(rt);
        let mut events = Events::with_capacity(4);
        poll.poll(&mut events, None).unwrap();
        let got: Vec<_> = events.iter().map(|e| (e.token(), e.readiness())).collect();
        assert_eq!(
            got,
            [(Token(1), Ready::readable() | Ready::hup())],
            "{flavor}"
        );
        assert!(!deadline.is_elapsed(), "{flavor}");
    }
}
