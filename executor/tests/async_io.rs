//! `Async<E>`: SPEC A0–A5 on both flavors.

mod util;

use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll};
use std::thread;

use futures::task::noop_waker;
use runtime_executor::{Async, Ready, Registration};

/// Events of the stream test (fewer under Miri, which is slow).
const EVENTS: u32 = if cfg!(miri) { 200 } else { 10_000 };

/// Polls `future` once with a waker that does nothing.
fn poll_once<F: Future>(future: F) -> Poll<F::Output> {
    let waker = noop_waker();
    pin!(future).poll(&mut Context::from_waker(&waker))
}

#[test]
fn a0_async_is_send_and_sync_when_the_source_is() {
    fn check<T: Send + Sync>() {}
    check::<Async<Registration>>();
    fn check_future<T: Send>(_: &T) {}
    runtime_executor::block_on(async {
        let (registration, _set) = Registration::new2();
        let source = Async::new(registration).unwrap();
        check_future(&source.readable());
    });
}

#[test]
fn a1_new_outside_a_runtime_is_an_error() {
    let (registration, _set) = Registration::new2();
    let err = Async::new(registration).unwrap_err();
    assert!(err.to_string().contains("outside a runtime"), "{err}");
}

#[test]
fn a2_clear_ready_is_tick_safe() {
    runtime_executor::block_on(async {
        let (registration, set) = Registration::new2();
        let source = Async::new(registration).unwrap();
        set.set_readiness(Ready::readable()).unwrap();
        let mut guard = source.readable().await.unwrap();
        assert_eq!(guard.ready(), Ready::readable());
        // A new event arrives after the guard was made...
        set.set_readiness(Ready::readable()).unwrap();
        runtime_executor::yield_now().await; // lets the reactor dispatch it
        guard.clear_ready();
        // ...so the clear did nothing: the next await returns at once.
        assert!(matches!(poll_once(source.readable()), Poll::Ready(Ok(_))));
    });
}

#[test]
fn a2_clear_ready_without_new_event_makes_awaits_wait() {
    runtime_executor::block_on(async {
        let (registration, set) = Registration::new2();
        let source = Async::new(registration).unwrap();
        set.set_readiness(Ready::readable() | Ready::writable())
            .unwrap();
        let mut guard = source.readable().await.unwrap();
        assert_eq!(guard.ready(), Ready::readable());
        guard.clear_ready();
        assert!(poll_once(source.readable()).is_pending());
        // Writable was not cleared.
        assert_eq!(source.writable().await.unwrap().ready(), Ready::writable());
    });
}

#[test]
fn a3a_a_fired_source_stays_readable() {
    runtime_executor::block_on(async {
        let (registration, set) = Registration::new2();
        let source = Async::new(registration).unwrap();
        set.set_readiness(Ready::readable()).unwrap();
        for _ in 0..3 {
            assert!(source.readable().await.unwrap().ready().is_readable());
        }
    });
}

#[test]
fn a3b_event_stream_sees_the_last_value_and_never_hangs() {
    for (flavor, rt) in util::runtimes() {
        let (seen, last) = rt.block_on(async {
            let (registration, set) = Registration::new2();
            let source = Async::new(registration).unwrap();
            let (value_tx, value_rx) = std::sync::mpsc::channel::<u32>();
            let producer = thread::spawn(move || {
                for i in 1..=EVENTS {
                    value_tx.send(i).unwrap();
                    set.set_readiness(Ready::readable()).unwrap();
                }
            });
            let mut last = 0;
            let mut wakes = 0;
            while last < EVENTS {
                let mut guard = source.readable().await.unwrap();
                wakes += 1;
                // Clear first, then drain: a value sent after the drain comes with
                // a later event, which the tick protects.
                guard.clear_ready();
                while let Ok(v) = value_rx.try_recv() {
                    last = v;
                }
            }
            producer.join().unwrap();
            (wakes, last)
        });
        assert_eq!(last, EVENTS, "{flavor}");
        assert!(
            (1..=EVENTS + 1).contains(&seen),
            "{flavor}: {seen} wake-ups"
        );
    }
}

#[test]
fn a3c_an_empty_readiness_makes_later_awaits_wait() {
    runtime_executor::block_on(async {
        let (registration, set) = Registration::new2();
        let source = Async::new(registration).unwrap();
        set.set_readiness(Ready::readable()).unwrap();
        source.readable().await.unwrap().clear_ready();
        set.set_readiness(Ready::empty()).unwrap();
        runtime_executor::yield_now().await;
        assert!(poll_once(source.readable()).is_pending());
    });
}

#[test]
fn a4_many_tasks_await_one_source() {
    for (flavor, rt) in util::runtimes() {
        let woken = rt.block_on(async {
            let (registration, set) = Registration::new2();
            let source = std::sync::Arc::new(Async::new(registration).unwrap());
            let (ready_tx, mut ready_rx) = futures::channel::mpsc::unbounded::<()>();
            let readers: Vec<_> = (0..8)
                .map(|_| {
                    let source = source.clone();
                    let ready_tx = ready_tx.clone();
                    runtime_executor::spawn(async move {
                        let mut future = pin!(source.readable());
                        // Registered before the event is set.
                        assert!(futures::poll!(future.as_mut()).is_pending());
                        ready_tx.unbounded_send(()).unwrap();
                        future.await.unwrap().ready()
                    })
                })
                .collect();
            let writer = {
                let source = source.clone();
                runtime_executor::spawn(async move { source.writable().await.unwrap().ready() })
            };
            for _ in 0..8 {
                futures::StreamExt::next(&mut ready_rx).await.unwrap();
            }
            set.set_readiness(Ready::readable()).unwrap();
            let mut woken = 0;
            for reader in readers {
                assert_eq!(reader.await.unwrap(), Ready::readable());
                woken += 1;
            }
            // The writable waiter was not woken by a readable event.
            assert!(!writer.is_finished());
            set.set_readiness(Ready::writable()).unwrap();
            assert_eq!(writer.await.unwrap(), Ready::writable());
            woken
        });
        assert_eq!(woken, 8, "{flavor}");
    }
}

#[test]
fn a5_a_dropped_async_never_wakes_the_next_user_of_its_slot() {
    runtime_executor::block_on(async {
        let (old_registration, old_set) = Registration::new2();
        let old = Async::new(old_registration).unwrap();
        drop(old);
        let (registration, _set) = Registration::new2();
        let new = Async::new(registration).unwrap(); // reuses the slot index
        old_set.set_readiness(Ready::readable()).unwrap();
        runtime_executor::yield_now().await;
        assert!(poll_once(new.readable()).is_pending());
        #[cfg(feature = "metrics")]
        assert_eq!(
            runtime_executor::Handle::current().metrics().registrations,
            1
        );
    });
}

#[test]
fn error_and_hup_wake_every_interest() {
    runtime_executor::block_on(async {
        let (registration, set) = Registration::new2();
        let source = Async::new(registration).unwrap();
        set.set_readiness(Ready::hup()).unwrap();
        assert_eq!(source.writable().await.unwrap().ready(), Ready::hup());
        assert_eq!(source.readable().await.unwrap().ready(), Ready::hup());
    });
}

#[test]
fn awaits_fail_once_the_runtime_is_gone() {
    let rt = runtime_executor::Builder::new_current_thread()
        .build()
        .unwrap();
    let (registration, _set) = Registration::new2();
    let source = rt.block_on(async { Async::new(registration).unwrap() });
    drop(rt);
    let err = runtime_executor::block_on(source.readable()).unwrap_err();
    assert!(err.to_string().contains("shut down"), "{err}");
}

#[test]
#[cfg_attr(miri, ignore = "needs epoll")]
fn os_sockets_work_too() {
    use std::io::{Read, Write};
    runtime_executor::block_on(async {
        let (mut a, b) = std::os::unix::net::UnixStream::pair().unwrap();
        b.set_nonblocking(true).unwrap();
        let b = Async::new(mio::net::UnixStream::from_std(b)).unwrap();
        a.write_all(b"hi").unwrap();
        let mut guard = b.readable().await.unwrap();
        let mut buf = [0; 2];
        guard.get_ref().get_ref().read_exact(&mut buf).unwrap();
        assert_eq!(&buf, b"hi");
        guard.clear_ready();
    });
}

#[test]
fn a_registration_is_ready_as_soon_as_set_readiness_returns() {
    // The direct wake path (`driver/mod.rs`): a `Registration` inside an `Async` is
    // bound to its slot, not queued in the reactor, so no reactor turn stands
    // between `set_readiness` and the task seeing the readiness.
    runtime_executor::block_on(async {
        let (registration, set) = Registration::new2();
        set.set_readiness(Ready::writable()).unwrap();
        let source = Async::new(registration).unwrap();
        // Readiness set before `Async::new` is there at once...
        assert!(matches!(poll_once(source.writable()), Poll::Ready(Ok(_))));
        assert!(poll_once(source.readable()).is_pending());
        // ...and so is readiness set afterwards, with no `yield_now` in between.
        set.set_readiness(Ready::readable()).unwrap();
        match poll_once(source.readable()) {
            Poll::Ready(Ok(guard)) => assert_eq!(guard.ready(), Ready::readable()),
            other => panic!("not ready at once: {other:?}"),
        }
        // The registration is bound to this `Async`: no `Poll` may take it.
        let poll = runtime_reactor::Poll::new().unwrap();
        let err = poll
            .register(
                source.get_ref(),
                runtime_reactor::Token(0),
                Ready::readable(),
                runtime_reactor::PollOpt::edge(),
            )
            .unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::AlreadyExists);
    });
}
