//! Loom models of the readiness protocol: the node word (`readiness.rs`) and the
//! inbox with its sleep handshake (`readiness_queue.rs`).
//!
//! Run with:
//!
//! ```text
//! LOOM_MAX_PREEMPTIONS=3 RUSTFLAGS="--cfg loom" \
//!     cargo test -p runtime-reactor --release --lib loom_
//! ```
//!
//! The poller of these models is the loop of `Poll::poll` without the kernel: it
//! drains, and if nothing came, takes the sleep decision and blocks on a condvar that
//! stands for `epoll_wait`; the model's `WakeUp` signals it. Loom fails a model that
//! can deadlock (a lost wake-up) and checks every assertion in every interleaving.

use std::sync::Arc;

use loom::sync::{Condvar, Mutex};
use loom::thread;

use crate::readiness::Node;
use crate::readiness_queue::{Consumer, ReadinessQueue, WakeUp};
use crate::{Events, PollOpt, Ready, Token};

/// `epoll_wait` and the eventfd, as a flag and a condvar.
#[derive(Debug, Default)]
struct Kernel {
    woken: Mutex<bool>,
    cond: Condvar,
}

#[derive(Debug)]
struct KernelWaker(Arc<Kernel>);

impl WakeUp for KernelWaker {
    fn wake(&self) -> std::io::Result<()> {
        *self.0.woken.lock().unwrap() = true;
        self.0.cond.notify_one();
        Ok(())
    }
}

impl Kernel {
    fn block(&self) {
        let mut woken = self.woken.lock().unwrap();
        while !*woken {
            woken = self.cond.wait(woken).unwrap();
        }
        *woken = false;
    }
}

fn new_queue() -> (Arc<ReadinessQueue>, Arc<Kernel>) {
    let kernel = Arc::new(Kernel::default());
    (
        ReadinessQueue::new(Box::new(KernelWaker(kernel.clone())), None),
        kernel,
    )
}

/// A node registered with `queue` under `token`.
fn registered(
    queue: &Arc<ReadinessQueue>,
    token: Token,
    interest: Ready,
    opts: PollOpt,
) -> Arc<Node> {
    let node = Arc::new(Node::new());
    node.register(queue, token, interest, opts).unwrap();
    node
}

/// `node.set_readiness(ready)` on a new thread.
fn set_on_thread(node: &Arc<Node>, ready: Ready) -> thread::JoinHandle<()> {
    let node = node.clone();
    thread::spawn(move || node.set_readiness(ready))
}

/// `Poll::poll(None)` without the OS half: returns at least one event, or none if
/// interrupted.
fn poll_blocking(
    queue: &ReadinessQueue,
    kernel: &Kernel,
    consumer: &mut Consumer,
    in_user_space: bool,
) -> Vec<(Token, Ready)> {
    let mut events = Events::with_capacity(4);
    loop {
        queue.drain(consumer, &mut events);
        if !events.is_empty() | queue.take_interrupt() {
            return events.iter().map(|e| (e.token(), e.readiness())).collect();
        }
        if queue.sleep(&mut *consumer, None, || in_user_space) == Some(true) {
            kernel.block();
            queue.woke();
        }
    }
}

fn poll_now(queue: &ReadinessQueue, consumer: &mut Consumer) -> Vec<(Token, Ready)> {
    let mut events = Events::with_capacity(4);
    queue.drain(consumer, &mut events);
    events.iter().map(|e| (e.token(), e.readiness())).collect()
}

/// SPEC P5, P6: a set from another thread always reaches a poller that is about to
/// sleep (in the kernel, or parked when no OS source is
/// registered), exactly once for one edge set.
fn set_wakes_a_sleeping_poller(in_user_space: bool) {
    loom::model(move || {
        let (queue, kernel) = new_queue();
        let node = registered(&queue, Token(1), Ready::readable(), PollOpt::edge());
        let producer = set_on_thread(&node, Ready::readable());
        let mut consumer = Consumer::default();
        let got = poll_blocking(&queue, &kernel, &mut consumer, in_user_space);
        assert_eq!(got, vec![(Token(1), Ready::readable())]);
        producer.join().unwrap();
        assert_eq!(poll_now(&queue, &mut consumer), vec![]);
    });
}

#[test]
fn loom_set_wakes_a_poller_sleeping_in_the_kernel() {
    set_wakes_a_sleeping_poller(false);
}

#[test]
fn loom_set_wakes_a_poller_sleeping_in_user_space() {
    set_wakes_a_sleeping_poller(true);
}

/// An interrupt from another thread always makes a poller that is about to sleep
/// return, with no event; it is taken once (`interrupt.rs`).
fn interrupt_wakes_a_sleeping_poller(in_user_space: bool) {
    loom::model(move || {
        let (queue, kernel) = new_queue();
        let interrupter = {
            let queue = queue.clone();
            thread::spawn(move || queue.interrupt())
        };
        let mut consumer = Consumer::default();
        assert_eq!(
            poll_blocking(&queue, &kernel, &mut consumer, in_user_space),
            vec![]
        );
        interrupter.join().unwrap();
        assert_eq!(poll_now(&queue, &mut consumer), vec![]);
        assert!(!queue.take_interrupt(), "an interrupt was taken twice");
    });
}

#[test]
fn loom_interrupt_wakes_a_poller_sleeping_in_the_kernel() {
    interrupt_wakes_a_sleeping_poller(false);
}

#[test]
fn loom_interrupt_wakes_a_poller_sleeping_in_user_space() {
    interrupt_wakes_a_sleeping_poller(true);
}

/// An interrupt racing a set: the poller returns, and the event is delivered
/// exactly once, by that poll or the next.
#[test]
fn loom_interrupt_racing_a_set_loses_no_event() {
    loom::model(|| {
        let (queue, kernel) = new_queue();
        let node = registered(&queue, Token(1), Ready::readable(), PollOpt::edge());
        let producer = set_on_thread(&node, Ready::readable());
        let interrupter = {
            let queue = queue.clone();
            thread::spawn(move || queue.interrupt())
        };
        let mut consumer = Consumer::default();
        let mut got = poll_blocking(&queue, &kernel, &mut consumer, true);
        producer.join().unwrap();
        interrupter.join().unwrap();
        got.extend(poll_now(&queue, &mut consumer));
        assert_eq!(got, vec![(Token(1), Ready::readable())]);
    });
}

/// An OS source registered while the poller sleeps in user space kicks it back
/// to the kernel.
#[test]
fn loom_kick_moves_a_user_space_sleeper() {
    loom::model(|| {
        let (queue, _kernel) = new_queue();
        let os_sources = Arc::new(loom::sync::atomic::AtomicUsize::new(0));
        let registrar = {
            let (queue, os_sources) = (queue.clone(), os_sources.clone());
            thread::spawn(move || {
                os_sources.store(1, loom::sync::atomic::Ordering::Relaxed);
                queue.kick();
            })
        };
        let mut consumer = Consumer::default();
        // Parks until kicked, or sees the source and goes to the
        // kernel; either way it returns.
        loop {
            let user_space = || os_sources.load(loom::sync::atomic::Ordering::Relaxed) == 0;
            if queue.sleep(&mut consumer, None, user_space) == Some(true) {
                queue.woke();
                break;
            }
        }
        registrar.join().unwrap();
    });
}

/// Two producers on one node: never two entries for one generation, and the last
/// value set is what the final event carries (SPEC O1, P6).
#[test]
fn loom_two_producers_one_entry_latest_value() {
    loom::model(|| {
        let (queue, kernel) = new_queue();
        let interest = Ready::readable() | Ready::writable();
        let node = registered(&queue, Token(1), interest, PollOpt::edge());
        let a = set_on_thread(&node, Ready::readable());
        let b = set_on_thread(&node, Ready::writable());
        let mut consumer = Consumer::default();
        let mut got = poll_blocking(&queue, &kernel, &mut consumer, false);
        a.join().unwrap();
        b.join().unwrap();
        got.extend(poll_now(&queue, &mut consumer));
        assert!(!got.is_empty() && got.len() <= 2, "{got:?}");
        let last = got.last().unwrap().1;
        assert_eq!(
            last,
            node.readiness(),
            "the last event carries the final value"
        );
        assert_eq!(poll_now(&queue, &mut consumer), vec![]);
    });
}

/// SPEC R6, R9: a deregistration racing a set; once the deregistration returned,
/// nothing is delivered, and a new registration starts clean (SPEC R4).
#[test]
fn loom_deregister_racing_set() {
    loom::model(|| {
        let (queue, _kernel) = new_queue();
        let node = registered(&queue, Token(1), Ready::readable(), PollOpt::edge());
        let producer = set_on_thread(&node, Ready::readable());
        let deregister = {
            let (node, queue) = (node.clone(), queue.clone());
            thread::spawn(move || node.deregister(&queue).unwrap())
        };
        producer.join().unwrap();
        deregister.join().unwrap();
        let mut consumer = Consumer::default();
        assert_eq!(poll_now(&queue, &mut consumer), vec![]);
        node.register(&queue, Token(2), Ready::readable(), PollOpt::edge())
            .unwrap();
        assert_eq!(
            poll_now(&queue, &mut consumer),
            vec![(Token(2), Ready::readable())]
        );
    });
}

/// The token seqlock: a reregistration racing the poll of an entry never yields an
/// event that mixes the old token with the new interest, or the reverse (SPEC R5).
#[test]
fn loom_reregister_racing_poll_is_never_torn() {
    loom::model(|| {
        let (queue, _kernel) = new_queue();
        let both = Ready::readable() | Ready::writable();
        let node = registered(&queue, Token(1), both, PollOpt::edge());
        node.set_readiness(both);
        let rereg = {
            let (node, queue) = (node.clone(), queue.clone());
            thread::spawn(move || {
                node.reregister(&queue, Token(2), Ready::writable(), PollOpt::edge())
                    .unwrap()
            })
        };
        let mut consumer = Consumer::default();
        let mut got = poll_now(&queue, &mut consumer);
        rereg.join().unwrap();
        got.extend(poll_now(&queue, &mut consumer));
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
        let (queue, _kernel) = new_queue();
        let node = registered(&queue, Token(1), Ready::readable(), PollOpt::level());
        node.set_readiness(Ready::readable());
        let clear = set_on_thread(&node, Ready::empty());
        let mut consumer = Consumer::default();
        let first = poll_now(&queue, &mut consumer);
        assert!(first.len() <= 1);
        clear.join().unwrap();
        assert_eq!(poll_now(&queue, &mut consumer), vec![]);
        node.set_readiness(Ready::readable());
        assert_eq!(poll_now(&queue, &mut consumer).len(), 1);
        assert_eq!(poll_now(&queue, &mut consumer).len(), 1);
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

/// SPEC N3, N4: a set racing the binding is reported exactly once, by the
/// setter or by the binder, with the value set.
#[test]
fn loom_notify_bind_racing_set() {
    loom::model(|| {
        let node = Arc::new(Node::new());
        let calls = Arc::new(Calls::default());
        let setter = set_on_thread(&node, Ready::readable());
        node.bind_notify(calls.clone()).unwrap();
        setter.join().unwrap();
        assert_eq!(calls.count(), 1);
        assert_eq!(*calls.last.lock().unwrap(), Ready::readable());
    });
}

/// SPEC N2, N5: two setters and an unbind. Each set that began while bound
/// calls at most once; after the unbind and the setters are done, a further set
/// calls nothing; the callback is dropped exactly when nothing uses it.
#[test]
fn loom_notify_unbind_racing_sets() {
    loom::model(|| {
        let node = Arc::new(Node::new());
        let calls = Arc::new(Calls::default());
        node.bind_notify(calls.clone()).unwrap();
        let setters: Vec<_> = [Ready::readable(), Ready::writable()]
            .into_iter()
            .map(|ready| {
                let node = node.clone();
                thread::spawn(move || node.set_readiness(ready))
            })
            .collect();
        node.unbind_notify().unwrap();
        for setter in setters {
            setter.join().unwrap();
        }
        let seen = calls.count();
        assert!(seen <= 2, "one call per set at most, saw {seen}");
        node.set_readiness(Ready::readable());
        assert_eq!(calls.count(), seen, "no call after unbind");
        assert_eq!(Arc::strong_count(&calls), 1, "the node let the callback go");
    });
}

/// Two registrations in one word of pending bits, set from another thread while the
/// poller clears the word a batch at a time: each set gives exactly one event
/// (SPEC O1, P6), however the `fetch_or`s and the `fetch_and` interleave.
#[test]
fn loom_batch_clear_racing_two_sets() {
    loom::model(|| {
        let (queue, kernel) = new_queue();
        let nodes = [Arc::new(Node::new()), Arc::new(Node::new())];
        for (i, node) in nodes.iter().enumerate() {
            node.register(&queue, Token(i), Ready::readable(), PollOpt::edge())
                .unwrap();
        }
        let producer = {
            let nodes = nodes.clone();
            thread::spawn(move || {
                for node in &nodes {
                    node.set_readiness(Ready::readable());
                }
            })
        };
        let mut consumer = Consumer::default();
        let mut got = poll_blocking(&queue, &kernel, &mut consumer, false);
        producer.join().unwrap();
        got.extend(poll_now(&queue, &mut consumer));
        got.sort_by_key(|(token, _)| token.0);
        assert_eq!(
            got,
            vec![(Token(0), Ready::readable()), (Token(1), Ready::readable())]
        );
        assert_eq!(poll_now(&queue, &mut consumer), vec![]);
    });
}

/// A slot outlives its registration's deregistration while a `set_readiness` may
/// still touch it, and is reused only once the node is freed: a stale set racing
/// the deregistration, the free and a new registration never gives the new
/// registration a second event, nor the old one any (SPEC R6, O1).
#[test]
fn loom_slot_reuse_racing_a_stale_set() {
    loom::model(|| {
        let (queue, _kernel) = new_queue();
        let old = registered(&queue, Token(1), Ready::readable(), PollOpt::edge());
        let stale = set_on_thread(&old, Ready::readable());
        old.deregister(&queue).unwrap();
        drop(old);
        let mut consumer = Consumer::default();
        // Drops the retired owner: the node is freed here or when `stale` ends.
        assert_eq!(poll_now(&queue, &mut consumer), vec![]);
        let new = registered(&queue, Token(2), Ready::readable(), PollOpt::edge());
        new.set_readiness(Ready::readable());
        stale.join().unwrap();
        let mut got = poll_now(&queue, &mut consumer);
        got.extend(poll_now(&queue, &mut consumer));
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
        let (queue, _kernel) = new_queue();
        let node = registered(&queue, Token(1), Ready::readable(), PollOpt::edge());
        node.set_readiness(Ready::readable());
        let producer = set_on_thread(&node, Ready::readable());
        let mut consumer = Consumer::default();
        let mut got = poll_now(&queue, &mut consumer);
        producer.join().unwrap();
        got.extend(poll_now(&queue, &mut consumer));
        assert!(
            got.len() == 1 || got.len() == 2,
            "one event, or two if the second set came after the clear: {got:?}"
        );
        node.set_readiness(Ready::readable());
        assert_eq!(
            poll_now(&queue, &mut consumer),
            vec![(Token(1), Ready::readable())]
        );
        assert_eq!(poll_now(&queue, &mut consumer), vec![]);
    });
}
