//! Loom models of the readiness protocol, driving the real `Poll`: the node word
//! (`readiness.rs`), the inbox with its sleep handshake and the interrupt
//! (`readiness_queue.rs`), and `Poll::poll` itself.
//!
//! Run with:
//!
//! ```text
//! LOOM_MAX_PREEMPTIONS=3 RUSTFLAGS="--cfg loom" \
//!     cargo test -p runtime-reactor --release --lib loom_
//! ```
//!
//! Under `cfg(loom)` a `Poll`'s kernel half is a flag and a condition variable
//! (`sys/model.rs`), with no OS source and no clock: a poller with nothing queued
//! parks on its thread, or, after `Poll::pretend_os_source`, sleeps in the model
//! kernel, as it would with a socket registered. Loom fails a model that can
//! deadlock (a lost wake-up) and checks every assertion in every interleaving.

use std::sync::Arc;
use std::time::Duration;

use loom::sync::Mutex;
use loom::thread;

use crate::{Events, Interrupter, Poll, PollOpt, Ready, Registration, SetReadiness, Token};

/// Where the poller sleeps when nothing is queued.
#[derive(Clone, Copy, Debug)]
enum Sleep {
    /// Parked on its thread (no OS source registered).
    Parked,
    /// In the (model) kernel, as with an OS source registered.
    Kernel,
}

fn new_poll(sleep: Sleep) -> Arc<Poll> {
    let poll = Arc::new(Poll::new().unwrap());
    if let Sleep::Kernel = sleep {
        poll.pretend_os_source();
    }
    poll
}

/// A registration registered with `poll` under `token`.
fn registered(
    poll: &Poll,
    token: Token,
    interest: Ready,
    opts: PollOpt,
) -> (Registration, SetReadiness) {
    let (registration, set) = Registration::new2();
    poll.register(&registration, token, interest, opts).unwrap();
    (registration, set)
}

/// `set.set_readiness(ready)` on a new thread.
fn set_on_thread(set: &SetReadiness, ready: Ready) -> thread::JoinHandle<()> {
    let set = set.clone();
    thread::spawn(move || set.set_readiness(ready).unwrap())
}

fn collect(events: &Events) -> Vec<(Token, Ready)> {
    events.iter().map(|e| (e.token(), e.readiness())).collect()
}

/// `poll(None)`: returns with events, or with none once interrupted.
fn poll_blocking(poll: &Poll) -> Vec<(Token, Ready)> {
    let mut events = Events::with_capacity(4);
    poll.poll(&mut events, None).unwrap();
    collect(&events)
}

/// `poll(Some(ZERO))`: never blocks.
fn poll_now(poll: &Poll) -> Vec<(Token, Ready)> {
    let mut events = Events::with_capacity(4);
    poll.poll(&mut events, Some(Duration::ZERO)).unwrap();
    collect(&events)
}

/// SPEC P2, P5, P6: a set from another thread always reaches a poller that is
/// about to sleep, exactly once for one edge set.
fn set_wakes_a_sleeping_poller(sleep: Sleep) {
    loom::model(move || {
        let poll = new_poll(sleep);
        let (_registration, set) = registered(&poll, Token(1), Ready::readable(), PollOpt::edge());
        let producer = set_on_thread(&set, Ready::readable());
        assert_eq!(poll_blocking(&poll), vec![(Token(1), Ready::readable())]);
        producer.join().unwrap();
        assert_eq!(poll_now(&poll), vec![]);
    });
}

#[test]
fn loom_set_wakes_a_poller_sleeping_in_the_kernel() {
    set_wakes_a_sleeping_poller(Sleep::Kernel);
}

#[test]
fn loom_set_wakes_a_poller_sleeping_in_user_space() {
    set_wakes_a_sleeping_poller(Sleep::Parked);
}

/// SPEC I1, I2: an interrupt from another thread always ends a poll that is about
/// to sleep (or the next one, sticky), with no event, and is taken once.
fn interrupt_wakes_a_sleeping_poller(sleep: Sleep) {
    loom::model(move || {
        let poll = new_poll(sleep);
        let interrupter = Interrupter::new(&poll);
        let thread = thread::spawn(move || interrupter.interrupt());
        assert_eq!(poll_blocking(&poll), vec![]);
        thread.join().unwrap();
        assert_eq!(poll_now(&poll), vec![]);
        assert!(!poll.readiness_queue().take_interrupt(), "taken twice");
    });
}

#[test]
fn loom_interrupt_wakes_a_poller_sleeping_in_the_kernel() {
    interrupt_wakes_a_sleeping_poller(Sleep::Kernel);
}

#[test]
fn loom_interrupt_wakes_a_poller_sleeping_in_user_space() {
    interrupt_wakes_a_sleeping_poller(Sleep::Parked);
}

/// An interrupt racing a set: the poll returns, and the event is delivered exactly
/// once, by that poll or the next (SPEC I1, P6).
#[test]
fn loom_interrupt_racing_a_set_loses_no_event() {
    loom::model(|| {
        let poll = new_poll(Sleep::Parked);
        let (_registration, set) = registered(&poll, Token(1), Ready::readable(), PollOpt::edge());
        let producer = set_on_thread(&set, Ready::readable());
        let interrupter = Interrupter::new(&poll);
        let thread = thread::spawn(move || interrupter.interrupt());
        let mut got = poll_blocking(&poll);
        producer.join().unwrap();
        thread.join().unwrap();
        got.extend(poll_now(&poll));
        assert_eq!(got, vec![(Token(1), Ready::readable())]);
    });
}

/// An OS source registered while the poller sleeps in user space kicks it back to
/// the kernel: a set after that still wakes it there.
#[test]
fn loom_kick_moves_a_user_space_sleeper() {
    loom::model(|| {
        let poll = new_poll(Sleep::Parked);
        let (_registration, set) = registered(&poll, Token(1), Ready::readable(), PollOpt::edge());
        let registrar = {
            let (poll, set) = (poll.clone(), set.clone());
            thread::spawn(move || {
                poll.pretend_os_source();
                set.set_readiness(Ready::readable()).unwrap();
            })
        };
        assert_eq!(poll_blocking(&poll), vec![(Token(1), Ready::readable())]);
        registrar.join().unwrap();
    });
}

/// Two producers on one registration: never two events for one pending entry, and
/// the last value set is what the final event carries (SPEC O1, P6).
#[test]
fn loom_two_producers_one_entry_latest_value() {
    loom::model(|| {
        let poll = new_poll(Sleep::Kernel);
        let interest = Ready::readable() | Ready::writable();
        let (_registration, set) = registered(&poll, Token(1), interest, PollOpt::edge());
        let a = set_on_thread(&set, Ready::readable());
        let b = set_on_thread(&set, Ready::writable());
        let mut got = poll_blocking(&poll);
        a.join().unwrap();
        b.join().unwrap();
        got.extend(poll_now(&poll));
        assert!(!got.is_empty() && got.len() <= 2, "{got:?}");
        let last = got.last().unwrap().1;
        assert_eq!(
            last,
            set.readiness(),
            "the last event carries the final value"
        );
        assert_eq!(poll_now(&poll), vec![]);
    });
}

/// SPEC R6, R9: a deregistration racing a set; once the deregistration returned,
/// nothing is delivered, and a new registration starts clean (SPEC R4).
#[test]
fn loom_deregister_racing_set() {
    loom::model(|| {
        let poll = new_poll(Sleep::Parked);
        let (registration, set) = registered(&poll, Token(1), Ready::readable(), PollOpt::edge());
        let registration = Arc::new(registration);
        let producer = set_on_thread(&set, Ready::readable());
        let deregister = {
            let (registration, poll) = (registration.clone(), poll.clone());
            thread::spawn(move || poll.deregister(&*registration).unwrap())
        };
        producer.join().unwrap();
        deregister.join().unwrap();
        assert_eq!(poll_now(&poll), vec![]);
        poll.register(&*registration, Token(2), Ready::readable(), PollOpt::edge())
            .unwrap();
        assert_eq!(poll_now(&poll), vec![(Token(2), Ready::readable())]);
    });
}

/// The token seqlock: a reregistration racing the poll of an entry never yields an
/// event that mixes the old token with the new interest, or the reverse (SPEC R5).
#[test]
fn loom_reregister_racing_poll_is_never_torn() {
    loom::model(|| {
        let poll = new_poll(Sleep::Parked);
        let both = Ready::readable() | Ready::writable();
        let (registration, set) = registered(&poll, Token(1), both, PollOpt::edge());
        let registration = Arc::new(registration);
        set.set_readiness(both).unwrap();
        let rereg = {
            let (registration, poll) = (registration.clone(), poll.clone());
            thread::spawn(move || {
                poll.reregister(&*registration, Token(2), Ready::writable(), PollOpt::edge())
                    .unwrap()
            })
        };
        let mut got = poll_now(&poll);
        rereg.join().unwrap();
        got.extend(poll_now(&poll));
        for event in &got {
            assert!(
                *event == (Token(1), both) || *event == (Token(2), Ready::writable()),
                "torn event {event:?}"
            );
        }
        // The reregistration overlaps the readiness, so it always ends in an event
        // with the new token (SPEC R4).
        assert_eq!(got.last(), Some(&(Token(2), Ready::writable())));
    });
}

/// SPEC O2 with a concurrent clear: a level registration is delivered while ready
/// and stops once `set_readiness(empty)` is seen; the queue never holds it twice.
#[test]
fn loom_level_clear_racing_poll() {
    loom::model(|| {
        let poll = new_poll(Sleep::Parked);
        let (_registration, set) = registered(&poll, Token(1), Ready::readable(), PollOpt::level());
        set.set_readiness(Ready::readable()).unwrap();
        let clear = set_on_thread(&set, Ready::empty());
        let first = poll_now(&poll);
        assert!(first.len() <= 1);
        clear.join().unwrap();
        assert_eq!(poll_now(&poll), vec![]);
        set.set_readiness(Ready::readable()).unwrap();
        assert_eq!(poll_now(&poll).len(), 1);
        assert_eq!(poll_now(&poll).len(), 1);
    });
}

/// Counts `Notify` calls and keeps the last readiness (loom's atomics and mutex).
#[derive(Debug, Default)]
struct Calls {
    count: loom::sync::atomic::AtomicUsize,
    last: Mutex<Ready>,
}

impl crate::Notify for Calls {
    fn notify(&self, ready: Ready) {
        self.count
            .fetch_add(1, loom::sync::atomic::Ordering::SeqCst);
        *self.last.lock().unwrap() = ready;
    }
}

impl Calls {
    fn count(&self) -> usize {
        self.count.load(loom::sync::atomic::Ordering::SeqCst)
    }
}

/// SPEC N3, N4: a set racing the binding is reported exactly once, by the setter
/// or by the binder, with the value set.
#[test]
fn loom_notify_bind_racing_set() {
    loom::model(|| {
        let (registration, set) = Registration::new2();
        let calls = Arc::new(Calls::default());
        let setter = set_on_thread(&set, Ready::readable());
        registration.bind_notify(calls.clone()).unwrap();
        setter.join().unwrap();
        assert_eq!(calls.count(), 1);
        assert_eq!(*calls.last.lock().unwrap(), Ready::readable());
    });
}

/// SPEC N2, N5: two setters and an unbind. Each set that began while bound calls
/// at most once; after the unbind and the setters are done, a further set calls
/// nothing; the callback is dropped exactly when nothing uses it.
#[test]
fn loom_notify_unbind_racing_sets() {
    loom::model(|| {
        let (registration, set) = Registration::new2();
        let calls = Arc::new(Calls::default());
        registration.bind_notify(calls.clone()).unwrap();
        let setters: Vec<_> = [Ready::readable(), Ready::writable()]
            .into_iter()
            .map(|ready| set_on_thread(&set, ready))
            .collect();
        registration.unbind_notify().unwrap();
        for setter in setters {
            setter.join().unwrap();
        }
        let seen = calls.count();
        assert!(seen <= 2, "one call per set at most, saw {seen}");
        set.set_readiness(Ready::readable()).unwrap();
        assert_eq!(calls.count(), seen, "no call after unbind");
        assert_eq!(Arc::strong_count(&calls), 1, "the node let the callback go");
    });
}

/// SPEC D1, D3: on a dispatching `Poll`, a set racing a reregistration calls the
/// callback of the old token or of the new one, never neither once both are done
/// (the reregistration overlaps the readiness, so it calls the new one itself).
#[test]
fn loom_dispatch_reregister_racing_set() {
    #[derive(Default)]
    struct ByToken(Mutex<Vec<Token>>);
    struct Bound(Token, Arc<ByToken>);
    impl crate::Notify for Bound {
        fn notify(&self, _: Ready) {
            self.1 .0.lock().unwrap().push(self.0);
        }
    }
    struct ToLog(Arc<ByToken>);
    impl crate::Dispatch for ToLog {
        fn bind(&self, token: Token) -> Arc<dyn crate::Notify> {
            Arc::new(Bound(token, self.0.clone()))
        }
    }
    loom::model(|| {
        let log = Arc::new(ByToken::default());
        let poll = Arc::new(Poll::with_dispatch(Arc::new(ToLog(log.clone()))).unwrap());
        let (registration, set) = registered(&poll, Token(1), Ready::readable(), PollOpt::edge());
        let registration = Arc::new(registration);
        let setter = set_on_thread(&set, Ready::readable());
        poll.reregister(&*registration, Token(2), Ready::readable(), PollOpt::edge())
            .unwrap();
        setter.join().unwrap();
        let calls = log.0.lock().unwrap().clone();
        assert!(calls.contains(&Token(2)), "{calls:?}");
        assert!(calls.len() <= 2, "{calls:?}");
    });
}

/// Two registrations in one word of pending bits, set from another thread while the
/// poller clears the word a batch at a time: each set gives exactly one event
/// (SPEC O1, P6), however the `fetch_or`s and the `fetch_and` interleave.
#[test]
fn loom_batch_clear_racing_two_sets() {
    loom::model(|| {
        let poll = new_poll(Sleep::Kernel);
        let pairs: Vec<_> = (0..2)
            .map(|i| registered(&poll, Token(i), Ready::readable(), PollOpt::edge()))
            .collect();
        let sets: Vec<SetReadiness> = pairs.iter().map(|(_, set)| set.clone()).collect();
        let producer = thread::spawn(move || {
            for set in &sets {
                set.set_readiness(Ready::readable()).unwrap();
            }
        });
        let mut got = poll_blocking(&poll);
        producer.join().unwrap();
        got.extend(poll_now(&poll));
        got.sort_by_key(|(token, _)| token.0);
        assert_eq!(
            got,
            vec![(Token(0), Ready::readable()), (Token(1), Ready::readable())]
        );
        assert_eq!(poll_now(&poll), vec![]);
    });
}

/// A slot outlives its registration's deregistration while a `set_readiness` may
/// still touch it, and is reused only once the node is freed: a stale set racing
/// the deregistration, the free and a new registration never gives the new
/// registration a second event, nor the old one any (SPEC R6, O1).
#[test]
fn loom_slot_reuse_racing_a_stale_set() {
    loom::model(|| {
        let poll = new_poll(Sleep::Parked);
        let (old, stale_set) = registered(&poll, Token(1), Ready::readable(), PollOpt::edge());
        let stale = set_on_thread(&stale_set, Ready::readable());
        drop(stale_set);
        poll.deregister(&old).unwrap();
        drop(old);
        // Drops the retired owner: the node is freed here or when `stale` ends.
        assert_eq!(poll_now(&poll), vec![]);
        let (_new, set) = registered(&poll, Token(2), Ready::readable(), PollOpt::edge());
        set.set_readiness(Ready::readable()).unwrap();
        stale.join().unwrap();
        let mut got = poll_now(&poll);
        got.extend(poll_now(&poll));
        assert_eq!(got, vec![(Token(2), Ready::readable())]);
    });
}

/// A `set_readiness` that does not change the value coalesces by a plain load of
/// the pending bit (`Slots::mark_unchanged`). Racing the poll that clears that bit,
/// it gives at most one more event, and never leaves the bit set without an entry:
/// a later set still gives exactly one event (SPEC O1, P6).
#[test]
fn loom_unchanged_set_racing_the_clear() {
    loom::model(|| {
        let poll = new_poll(Sleep::Parked);
        let (_registration, set) = registered(&poll, Token(1), Ready::readable(), PollOpt::edge());
        set.set_readiness(Ready::readable()).unwrap();
        let producer = set_on_thread(&set, Ready::readable());
        let mut got = poll_now(&poll);
        producer.join().unwrap();
        got.extend(poll_now(&poll));
        assert!(
            got.len() == 1 || got.len() == 2,
            "one event, or two if the second set came after the clear: {got:?}"
        );
        set.set_readiness(Ready::readable()).unwrap();
        assert_eq!(poll_now(&poll), vec![(Token(1), Ready::readable())]);
        assert_eq!(poll_now(&poll), vec![]);
    });
}
