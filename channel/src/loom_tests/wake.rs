//! The receiver's "empty, now sleep" against a sender's push.

use loom::future::block_on;
use loom::thread;

#[test]
fn loom_a_push_wakes_the_parked_receiver() {
    loom::model(|| {
        let (tx, mut rx) = crate::unbounded::<u32>();
        let sender = thread::spawn(move || {
            tx.try_send(1).unwrap();
            tx // keep the channel open: only the push may wake the receiver
        });
        assert_eq!(block_on(rx.recv()), Some(1));
        drop(sender.join().unwrap());
    });
}

#[test]
fn loom_two_senders_one_parked_receiver() {
    // Three threads: a smaller bound keeps the model within CI's time.
    let mut model = loom::model::Builder::new();
    model.preemption_bound = Some(2);
    model.check(|| {
        let (tx, mut rx) = crate::unbounded::<u32>();
        let tx2 = tx.clone();
        let a = thread::spawn(move || {
            tx.try_send(1).unwrap();
            tx
        });
        let b = thread::spawn(move || {
            tx2.try_send(2).unwrap();
            tx2
        });
        let first = block_on(rx.recv()).unwrap();
        let second = block_on(rx.recv()).unwrap();
        assert_eq!(first + second, 3);
        drop((a.join().unwrap(), b.join().unwrap()));
    });
}

#[test]
fn loom_a_repoll_with_a_new_waker_is_still_woken() {
    use std::task::{Context, Poll};

    loom::model(|| {
        let (tx, mut rx) = crate::bounded::<u32>(2);
        let sender = thread::spawn(move || {
            tx.try_send(1).unwrap();
            tx
        });
        // First poll with a waker that is then thrown away: parks, maybe Pending.
        let noop = futures_noop_waker();
        let first = rx.poll_recv(&mut Context::from_waker(&noop));
        if first == Poll::Pending {
            // The real wait: the slot must now hold this waker, or be woken.
            assert_eq!(block_on(rx.recv()), Some(1));
        } else {
            assert_eq!(first, Poll::Ready(Some(1)));
        }
        drop(sender.join().unwrap());
    });
}

/// A waker that does nothing (futures' `noop_waker`, without the dependency).
fn futures_noop_waker() -> std::task::Waker {
    use std::sync::Arc;
    use std::task::Wake;
    struct Noop;
    impl Wake for Noop {
        fn wake(self: Arc<Self>) {}
    }
    std::task::Waker::from(Arc::new(Noop))
}
