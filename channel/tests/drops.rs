//! Values left in a channel are dropped exactly once: when the receiver drops,
//! when a send races with that drop, and when the last handle goes.

mod util;

use std::thread;

use util::DropLog;

#[test]
fn dropping_the_receiver_drops_the_queue_at_once() {
    for bounded in [false, true] {
        let log = DropLog::new(10);
        let (tx, mut rx) = if bounded {
            runtime_channel::bounded(16)
        } else {
            runtime_channel::unbounded()
        };
        for id in 0..10 {
            tx.try_send(log.value(id))
                .unwrap_or_else(|_| panic!("sent"));
        }
        let first = rx.try_recv().unwrap();
        assert_eq!(first.id, 0);
        assert_eq!(log.total(), 0);
        drop(rx);
        // The 9 left behind, while a sender still lives.
        assert_eq!(log.total(), 9);
        assert!(!log.was_dropped(0));
        drop(first);
        drop(tx);
        assert_eq!(log.total(), 10);
    }
}

#[test]
fn a_refused_value_is_handed_back_not_dropped() {
    let log = DropLog::new(1);
    let (tx, rx) = runtime_channel::unbounded();
    drop(rx);
    let back = tx.try_send(log.value(0)).unwrap_err().into_inner();
    assert_eq!(log.total(), 0);
    drop(back);
    assert_eq!(log.total(), 1);
}

#[test]
fn values_left_when_every_handle_is_gone_are_dropped_once() {
    let log = DropLog::new(5);
    let (tx, rx) = runtime_channel::bounded(8);
    for id in 0..5 {
        tx.try_send(log.value(id))
            .unwrap_or_else(|_| panic!("sent"));
    }
    drop(tx);
    assert_eq!(log.total(), 0);
    drop(rx);
    assert_eq!(log.total(), 5);
}

#[test]
fn sends_racing_with_the_receiver_drop_are_dropped_exactly_once_and_soon() {
    let rounds = if cfg!(miri) { 5 } else { 200 };
    for _ in 0..rounds {
        const N: usize = 64;
        let log = DropLog::new(N);
        let (tx, mut rx) = runtime_channel::unbounded();
        let sender = {
            let log = log.clone();
            thread::spawn(move || {
                let mut refused = 0;
                for id in 0..N {
                    if let Err(e) = tx.try_send(log.value(id)) {
                        drop(e.into_inner());
                        refused += 1;
                    }
                }
                (tx, refused) // keep the sender alive past the race
            })
        };
        let received: Vec<_> = (0..3).filter_map(|_| rx.try_recv().ok()).collect();
        drop(rx);
        let (tx, _refused) = sender.join().unwrap();
        // Everything: received (still held), refused, queued then drained by the
        // receiver's drop or by the sender that saw it, while `tx` still lives.
        assert_eq!(log.total() + received.len(), N);
        drop(received);
        assert_eq!(log.total(), N);
        drop(tx);
    }
}
