//! One test per row of the wake-up table in `docs/design.md`: each source of a
//! wake-up reaches the thread that must act, on both flavors where both apply.
//!
//! Every test runs under [`guard`], which fails the test (rather than hanging CI)
//! if the wake-up is lost: the bound is a guard against a hang, not a measurement.

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::task::{Context, Poll, Waker};
use std::thread;
use std::time::Duration;

use runtime_executor::{Async, Builder, Ready, Registration, Runtime};
use runtime_timers::sleep;

/// Rounds of a repeated wake-up: fewer under Miri, which runs them some
/// thousand times slower.
const ROUNDS: usize = if cfg!(miri) { 20 } else { 1000 };

/// Runs `test` on its own thread and fails if it has not finished in a minute (ten
/// under Miri).
fn guard(name: &str, test: impl FnOnce() + Send + 'static) {
    let (done, finished) = mpsc::channel();
    let runner = thread::spawn(move || {
        test();
        let _ = done.send(());
    });
    let bound = Duration::from_secs(if cfg!(miri) { 600 } else { 60 });
    match finished.recv_timeout(bound) {
        Ok(()) => runner.join().unwrap(),
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            if let Err(panic) = runner.join() {
                std::panic::resume_unwind(panic);
            }
        }
        Err(mpsc::RecvTimeoutError::Timeout) => panic!("{name}: a wake-up was lost (hung)"),
    }
}

fn flavors() -> Vec<(&'static str, Runtime)> {
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

/// A future that is pending until its waker is taken and woken by someone else.
#[derive(Clone, Default)]
struct Gate(Arc<Mutex<(bool, Option<Waker>)>>);

impl Gate {
    /// Opens the gate from the calling thread, waking whoever waits.
    fn open(&self) {
        let waker = {
            let mut state = self.0.lock().unwrap();
            state.0 = true;
            state.1.take()
        };
        if let Some(waker) = waker {
            waker.wake();
        }
    }

    /// Whether a task waits on the gate now.
    fn has_waiter(&self) -> bool {
        self.0.lock().unwrap().1.is_some()
    }
}

impl Future for Gate {
    type Output = ();
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let mut state = self.0.lock().unwrap();
        if state.0 {
            Poll::Ready(())
        } else {
            state.1 = Some(cx.waker().clone());
            Poll::Pending
        }
    }
}

/// Opens `gate` from a new thread once a task waits on it (so the wake-up comes
/// while the runtime sleeps, not before the task first polled).
fn open_when_waited(gate: &Gate) -> thread::JoinHandle<()> {
    let gate = gate.clone();
    thread::spawn(move || {
        while !gate.has_waiter() {
            thread::yield_now();
        }
        gate.open();
    })
}

/// Row: `set_readiness` on a registration awaited through `Async` wakes the task
/// (dispatched from the setting thread), [`ROUNDS`] times in a row.
#[test]
fn set_readiness_wakes_an_awaiting_task() {
    guard("set_readiness", || {
        for (flavor, rt) in flavors() {
            let (registration, set) = Registration::new2();
            let (ack_tx, ack_rx) = mpsc::channel::<()>();
            let task = rt.spawn(async move {
                let source = Async::new(registration).unwrap();
                let mut seen = 0;
                while seen < ROUNDS {
                    let mut guard = source.readable().await.unwrap();
                    guard.clear_ready();
                    seen += 1;
                    ack_tx.send(()).unwrap();
                }
                seen
            });
            let producer = thread::spawn(move || {
                for _ in 0..ROUNDS {
                    set.set_readiness(Ready::readable()).unwrap();
                    ack_rx.recv().unwrap();
                    set.set_readiness(Ready::empty()).unwrap();
                }
            });
            assert_eq!(rt.block_on(task).unwrap(), ROUNDS, "{flavor}");
            producer.join().unwrap();
        }
    });
}

/// Row: an OS source becoming ready wakes the driving thread, which dispatches to
/// the task.
#[cfg(unix)]
#[test]
#[cfg_attr(miri, ignore = "Miri's socketpair has no ioctl, send or recv")]
fn an_os_event_wakes_the_driving_thread() {
    use std::io::{Read, Write};
    guard("os event", || {
        for (flavor, rt) in flavors() {
            let (a, mut b) = std::os::unix::net::UnixStream::pair().unwrap();
            a.set_nonblocking(true).unwrap();
            let task = rt.spawn(async move {
                let source = Async::new(mio::net::UnixStream::from_std(a)).unwrap();
                let mut got = Vec::new();
                while got.len() < 3 {
                    let mut guard = source.readable().await.unwrap();
                    let mut buf = [0u8; 8];
                    match source.get_ref().read(&mut buf) {
                        Ok(n) => got.extend_from_slice(&buf[..n]),
                        Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => guard.clear_ready(),
                        Err(e) => panic!("{e}"),
                    }
                }
                got
            });
            let writer = thread::spawn(move || {
                for byte in [1u8, 2, 3] {
                    b.write_all(&[byte]).unwrap();
                }
                b
            });
            assert_eq!(rt.block_on(task).unwrap(), [1, 2, 3], "{flavor}");
            drop(writer.join().unwrap());
        }
    });
}

/// Rows: a task woken on a worker of its runtime, and one woken anywhere else (a
/// foreign thread), both reach a thread that runs it while the runtime sleeps.
#[test]
fn a_task_woken_from_a_foreign_thread_runs() {
    guard("foreign wake", || {
        for (flavor, rt) in flavors() {
            let gate = Gate::default();
            let task = rt.spawn(gate.clone());
            let opener = open_when_waited(&gate);
            rt.block_on(task).unwrap();
            opener.join().unwrap();
            // Woken on a worker: a task that wakes another task of the runtime.
            let inner = Gate::default();
            let (waiter, opener) = (rt.spawn(inner.clone()), inner.clone());
            rt.block_on(rt.spawn(async move {
                while !opener.has_waiter() {
                    runtime_executor::yield_now().await;
                }
                opener.open();
            }))
            .unwrap();
            rt.block_on(waiter).unwrap();
            assert!(gate.0.lock().unwrap().0, "{flavor}");
        }
    });
}

/// Rows: the `block_on` future woken from another thread, whether the caller
/// drives the runtime (current-thread, holding the core) or parks on its own
/// parker (multi-thread; current-thread while another thread holds the core).
#[test]
fn a_block_on_future_woken_from_another_thread_returns() {
    guard("block_on wake", || {
        for (flavor, rt) in flavors() {
            let gate = Gate::default();
            let opener = open_when_waited(&gate);
            rt.block_on(gate);
            opener.join().unwrap();
            let _ = flavor;
        }
        // Current-thread, while another thread holds the core.
        let rt = Arc::new(Builder::new_current_thread().build().unwrap());
        let holder_gate = Gate::default();
        let holder = {
            let (rt, gate) = (rt.clone(), holder_gate.clone());
            thread::spawn(move || rt.block_on(gate))
        };
        while !holder_gate.has_waiter() {
            thread::yield_now();
        }
        let gate = Gate::default();
        let opener = open_when_waited(&gate);
        rt.block_on(gate);
        opener.join().unwrap();
        holder_gate.open();
        holder.join().unwrap();
    });
}

/// Row: a timer filed earlier than the timeout the driving thread sleeps with
/// wakes it to recompute: with a one-hour sleep pending, a 20 ms sleep filed later
/// (from a task, and from `block_on`) completes.
#[test]
fn an_earlier_timer_wakes_the_driving_thread() {
    guard("earlier timer", || {
        for (flavor, rt) in flavors() {
            // Made inside the task, so on the runtime's wheel.
            let _long = rt.spawn(async { sleep(Duration::from_secs(3600)).await });
            // Until a worker has run it and filed its timer (on the multi-thread
            // flavor that may take a while on a loaded machine); then let the
            // driving thread go to sleep with the one-hour timeout.
            while rt.handle().time_driver().pending_timers() == 0 {
                rt.block_on(runtime_executor::yield_now());
            }
            rt.block_on(async {
                for _ in 0..10 {
                    runtime_executor::yield_now().await;
                }
            });
            let short = rt.spawn(async { sleep(Duration::from_millis(20)).await });
            rt.block_on(short).unwrap();
            rt.block_on(async { sleep(Duration::from_millis(20)).await });
            assert_eq!(rt.handle().time_driver().pending_timers(), 1, "{flavor}");
        }
    });
}

/// A runtime of `flavor` (`"current_thread"` or `"multi_thread"`, 2 workers)
/// whose clock starts paused.
fn paused(flavor: &str) -> Runtime {
    match flavor {
        "current_thread" => Builder::new_current_thread().start_paused(true).build(),
        _ => Builder::new_multi_thread()
            .worker_threads(2)
            .start_paused(true)
            .build(),
    }
    .unwrap()
}

/// Row: with the clock paused, an idle runtime jumps to the next timer, also on
/// the multi-thread flavor, where the worker parked in the driver is woken for
/// the check.
#[test]
fn an_idle_paused_runtime_jumps_to_the_next_timer() {
    guard("idle check", || {
        for paused_flavor in ["current_thread", "multi_thread"] {
            let rt = paused(paused_flavor);
            let clock = rt.handle().time_driver().clone();
            let start = clock.now();
            // Spawned inside `block_on`, which counts as busy until it awaits, so
            // every task files its timer before the first jump (see
            // `Builder::start_paused`).
            let handle = rt.handle().clone();
            rt.block_on(async move {
                let tasks: Vec<_> = (1..=10u64)
                    .map(|h| {
                        handle.spawn(async move { sleep(Duration::from_secs(3600 * h)).await })
                    })
                    .collect();
                for task in tasks {
                    task.await.unwrap();
                }
            });
            assert_eq!(
                clock.now() - start,
                Duration::from_secs(36_000),
                "{paused_flavor}"
            );
        }
    });
}

/// Row: when the last blocking call ends, an idle runtime under a paused clock
/// jumps: here nothing awaits the call (its handle is dropped), so its end wakes
/// no task, and the sleep that waits for the jump must still complete.
#[test]
fn the_clock_jumps_once_a_detached_blocking_call_ends() {
    guard("last blocking call", || {
        for paused_flavor in ["current_thread", "multi_thread"] {
            let rt = paused(paused_flavor);
            let clock = rt.handle().time_driver().clone();
            let start = clock.now();
            let (release, released) = std::sync::mpsc::channel::<()>();
            let (polled, was_polled) = std::sync::mpsc::channel::<()>();
            // Releases the call once the sleep below is filed, so the call usually
            // ends after the runtime has found itself busy and gone to sleep.
            let releaser = std::thread::spawn(move || {
                was_polled.recv().unwrap();
                release.send(()).unwrap();
            });
            let handle = rt.handle().clone();
            rt.block_on(async move {
                drop(handle.spawn_blocking(move || released.recv().unwrap()));
                let mut sleeping = std::pin::pin!(sleep(Duration::from_secs(5)));
                std::future::poll_fn(|cx| {
                    assert!(sleeping.as_mut().poll(cx).is_pending());
                    std::task::Poll::Ready(())
                })
                .await;
                polled.send(()).unwrap();
                sleeping.await;
            });
            releaser.join().unwrap();
            assert_eq!(
                clock.now() - start,
                Duration::from_secs(5),
                "{paused_flavor}"
            );
        }
    });
}

/// Row: shutdown wakes every thread: dropping a runtime whose tasks and threads
/// all sleep returns, and every task's destructor has run.
#[test]
fn shutdown_wakes_every_thread() {
    struct Counted(Arc<AtomicUsize>);
    impl Drop for Counted {
        fn drop(&mut self) {
            self.0.fetch_add(1, Ordering::SeqCst);
        }
    }
    guard("shutdown", || {
        for (flavor, rt) in flavors() {
            let dropped = Arc::new(AtomicUsize::new(0));
            for _ in 0..10 {
                let counted = Counted(dropped.clone());
                rt.spawn(async move {
                    let _counted = counted;
                    std::future::pending::<()>().await
                });
            }
            rt.block_on(runtime_executor::yield_now());
            drop(rt);
            assert_eq!(dropped.load(Ordering::SeqCst), 10, "{flavor}");
        }
    });
}
