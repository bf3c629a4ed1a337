//! Each runtime's timer driver: current on the runtime's threads, its deadlines
//! bound the poll timeout, due timers fire after polls, and a paused clock jumps
//! when the runtime is idle, on both flavors.

use std::time::Duration;

use runtime_executor::{Builder, Runtime};
use runtime_timers::{sleep, Driver};

fn runtimes(paused: bool) -> Vec<(&'static str, Runtime)> {
    vec![
        (
            "current_thread",
            Builder::new_current_thread()
                .start_paused(paused)
                .build()
                .unwrap(),
        ),
        (
            "multi_thread",
            Builder::new_multi_thread()
                .worker_threads(2)
                .start_paused(paused)
                .build()
                .unwrap(),
        ),
    ]
}

/// Wherever the runtime is current (`block_on`, tasks, blocking calls, an entered
/// handle), `Driver::current()` is the runtime's driver; elsewhere it is not.
#[test]
fn the_runtime_driver_is_current_on_its_threads() {
    for (flavor, rt) in runtimes(false) {
        let ours = rt.handle().time_driver().clone();
        let on = |driver: Driver| driver.same_driver(&ours);
        assert!(rt.block_on(async { on(Driver::current()) }), "{flavor}");
        let task = rt.spawn(async { Driver::current() });
        assert!(on(rt.block_on(task).unwrap()), "{flavor}");
        let blocking = rt.spawn_blocking(Driver::current);
        assert!(on(rt.block_on(blocking).unwrap()), "{flavor}");
        let handle = rt.handle().clone();
        let entered = std::thread::spawn(move || {
            let _guard = handle.enter();
            Driver::current()
        });
        assert!(on(entered.join().unwrap()), "{flavor}");
        assert!(!on(Driver::current()), "{flavor}: not outside the runtime");
        assert!(!Driver::is_entered(), "{flavor}: guards restore");
    }
}

/// An hour of virtual time in three sleeps takes no real time: the clock jumps
/// to each timer once every task is idle.
#[test]
fn a_paused_clock_jumps_when_every_task_is_idle() {
    for (flavor, rt) in runtimes(true) {
        let clock = rt.handle().time_driver().clone();
        let start = clock.now();
        rt.block_on(rt.spawn(async {
            for minutes in [10, 20, 30] {
                sleep(Duration::from_secs(60 * minutes)).await;
            }
        }))
        .unwrap();
        assert_eq!(clock.now() - start, Duration::from_secs(3600), "{flavor}");
        assert_eq!(clock.pending_timers(), 0, "{flavor}");
    }
}

/// A blocking call in flight keeps the runtime busy: the paused clock stays put.
#[test]
fn the_clock_does_not_jump_while_a_blocking_call_runs() {
    for (flavor, rt) in runtimes(true) {
        let clock = rt.handle().time_driver().clone();
        let start = clock.now();
        let (tx, rx) = std::sync::mpsc::channel::<()>();
        let blocking = rt.spawn_blocking(move || rx.recv().unwrap());
        // Made inside the task, so on the runtime's clock (made here, outside the
        // runtime, it would be on the process-wide one).
        let sleeper = rt.spawn(async { sleep(Duration::from_secs(5)).await });
        for _ in 0..100 {
            rt.block_on(runtime_executor::yield_now());
        }
        assert_eq!(
            clock.now(),
            start,
            "{flavor}: moved during the blocking call"
        );
        tx.send(()).unwrap();
        rt.block_on(blocking).unwrap();
        rt.block_on(sleeper).unwrap();
        assert_eq!(clock.now() - start, Duration::from_secs(5), "{flavor}");
    }
}

/// With the real clock, a deadline bounds the driving thread's sleep: a sleep
/// with nothing else to wake the runtime completes.
#[test]
#[cfg_attr(miri, ignore = "real time")]
fn real_deadlines_bound_the_poll_timeout() {
    for (flavor, rt) in runtimes(false) {
        let clock = rt.handle().time_driver().clone();
        let start = clock.now();
        rt.block_on(rt.spawn(async { sleep(Duration::from_millis(5)).await }))
            .unwrap();
        assert!(clock.now() - start >= Duration::from_millis(5), "{flavor}");
    }
}

/// A blocking call that panics is uncounted too: the clock jumps afterwards.
#[test]
fn the_clock_jumps_after_a_blocking_call_panicked() {
    for (flavor, rt) in runtimes(true) {
        let clock = rt.handle().time_driver().clone();
        let start = clock.now();
        let handle = rt.handle().clone();
        rt.block_on(async move {
            let call = handle.spawn_blocking(|| panic!("a blocking call panics"));
            assert!(call.await.is_err(), "the panic is the call's output");
            sleep(Duration::from_secs(5)).await;
        });
        assert_eq!(clock.now() - start, Duration::from_secs(5), "{flavor}");
    }
}
