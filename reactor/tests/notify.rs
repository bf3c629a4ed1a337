//! Registrations bound to a `Notify` callback instead of a `Poll`: SPEC N1–N5.

mod util;

use runtime_reactor::{Events, Notify, Poll, PollOpt, Ready, Registration, Token};
use std::io::ErrorKind;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use util::{poll_now, r, w};

/// Records every call, in order.
#[derive(Default)]
struct Log(Mutex<Vec<Ready>>);

impl Notify for Log {
    fn notify(&self, ready: Ready) {
        self.0.lock().unwrap().push(ready);
    }
}

impl Log {
    fn take(&self) -> Vec<Ready> {
        std::mem::take(&mut *self.0.lock().unwrap())
    }
}

#[test]
fn every_non_empty_set_calls_once_with_the_value() {
    // SPEC N2
    let log = Arc::new(Log::default());
    let (reg, set) = Registration::new2();
    reg.bind_notify(log.clone()).unwrap();
    assert_eq!(log.take(), vec![], "empty readiness: no call on bind");
    set.set_readiness(r()).unwrap();
    set.set_readiness(r()).unwrap();
    set.set_readiness(Ready::empty()).unwrap();
    set.set_readiness(w() | Ready::hup()).unwrap();
    assert_eq!(log.take(), vec![r(), r(), w() | Ready::hup()]);
}

#[test]
fn binding_with_readiness_set_calls_at_once() {
    // SPEC N3
    let log = Arc::new(Log::default());
    let (reg, set) = Registration::new2();
    set.set_readiness(Ready::error()).unwrap();
    reg.bind_notify(log.clone()).unwrap();
    assert_eq!(log.take(), vec![Ready::error()]);
}

#[test]
fn a_registration_is_bound_to_one_thing_at_a_time() {
    // SPEC N1
    let poll = Poll::new().unwrap();
    let log = Arc::new(Log::default());
    let (reg, _set) = Registration::new2();

    poll.register(&reg, Token(1), r(), PollOpt::edge()).unwrap();
    let err = reg.bind_notify(log.clone()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::AlreadyExists);
    assert!(err.to_string().contains("deregister"), "{err}");
    poll.deregister(&reg).unwrap();

    reg.bind_notify(log.clone()).unwrap();
    let err = reg.bind_notify(log.clone()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::AlreadyExists);
    let err = poll
        .register(&reg, Token(1), r(), PollOpt::edge())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::AlreadyExists);
    assert!(err.to_string().contains("unbind_notify"), "{err}");
    assert_eq!(
        poll.deregister(&reg).unwrap_err().kind(),
        ErrorKind::NotFound
    );

    reg.unbind_notify().unwrap();
    assert_eq!(reg.unbind_notify().unwrap_err().kind(), ErrorKind::NotFound);
    // Unbound, it registers with a Poll again and behaves as any registration.
    poll.register(&reg, Token(2), r(), PollOpt::edge()).unwrap();
    assert_eq!(
        reg.unbind_notify().unwrap_err().kind(),
        ErrorKind::NotFound,
        "a Poll registration is not a callback binding"
    );
}

#[test]
fn a_bound_registration_queues_nothing_in_a_poll() {
    // SPEC N1: the callback replaces the Poll; an unrelated Poll sees no event.
    let poll = Poll::new().unwrap();
    let mut events = Events::with_capacity(8);
    let log = Arc::new(Log::default());
    let (reg, set) = Registration::new2();
    reg.bind_notify(log.clone()).unwrap();
    set.set_readiness(r()).unwrap();
    assert_eq!(poll_now(&poll, &mut events), vec![]);
    assert_eq!(log.take(), vec![r()]);
}

#[test]
fn no_call_after_unbind_or_drop() {
    // SPEC N5
    let log = Arc::new(Log::default());
    let (reg, set) = Registration::new2();
    reg.bind_notify(log.clone()).unwrap();
    reg.unbind_notify().unwrap();
    set.set_readiness(r()).unwrap();
    assert_eq!(log.take(), vec![]);

    reg.bind_notify(log.clone()).unwrap();
    assert_eq!(
        log.take(),
        vec![r()],
        "rebinding delivers the kept readiness"
    );
    drop(reg);
    set.set_readiness(w()).unwrap();
    assert_eq!(log.take(), vec![]);
    assert_eq!(
        Arc::strong_count(&log),
        1,
        "dropping the registration drops the callback"
    );
}

/// Sees the last value set by each of several threads.
struct Latest {
    calls: AtomicUsize,
    last: Mutex<Ready>,
}

impl Notify for Latest {
    fn notify(&self, ready: Ready) {
        self.calls.fetch_add(1, Ordering::Relaxed);
        *self.last.lock().unwrap() = ready;
    }
}

#[test]
fn calls_from_many_threads_are_never_lost() {
    // SPEC N2, N4: 4 threads x 10,000 sets of non-empty readiness, then a last set
    // from this thread: exactly one call per set, and the last call carries the last
    // value.
    const THREADS: usize = 4;
    const SETS: usize = if cfg!(miri) { 100 } else { 10_000 };
    let latest = Arc::new(Latest {
        calls: AtomicUsize::new(0),
        last: Mutex::new(Ready::empty()),
    });
    let (reg, set) = Registration::new2();
    reg.bind_notify(latest.clone()).unwrap();
    let threads: Vec<_> = (0..THREADS)
        .map(|i| {
            let set = set.clone();
            thread::spawn(move || {
                let ready = if i % 2 == 0 { r() } else { w() };
                for _ in 0..SETS {
                    set.set_readiness(ready).unwrap();
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    set.set_readiness(Ready::hup()).unwrap();
    assert_eq!(latest.calls.load(Ordering::Relaxed), THREADS * SETS + 1);
    assert_eq!(*latest.last.lock().unwrap(), Ready::hup());
}
