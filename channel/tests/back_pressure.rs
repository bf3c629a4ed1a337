//! A bounded channel holds at most its capacity: `try_send` says `Full` exactly
//! then, and `send_blocking` waits for the receiver.

mod util;

use std::thread;

use runtime_channel::{TryRecvError, TrySendError};

#[test]
fn try_send_is_full_exactly_at_capacity() {
    let (tx, mut rx) = runtime_channel::bounded(3);
    for i in 0..3 {
        tx.try_send(i).unwrap();
    }
    assert_eq!(tx.len(), 3);
    assert_eq!(tx.try_send(3), Err(TrySendError::Full(3)));
    assert_eq!(rx.try_recv(), Ok(0));
    tx.try_send(3).unwrap();
    assert_eq!(tx.try_send(4), Err(TrySendError::Full(4)));
    assert_eq!(
        std::iter::from_fn(|| rx.try_recv().ok()).collect::<Vec<_>>(),
        [1, 2, 3]
    );
    assert_eq!(rx.try_recv(), Err(TryRecvError::Empty));
}

#[test]
fn send_blocking_never_exceeds_the_capacity() {
    const CAP: usize = 4;
    let n = util::scaled(50_000);
    let (tx, mut rx) = runtime_channel::bounded(CAP);
    let producer = thread::spawn(move || {
        for i in 0..n {
            tx.send_blocking(i).unwrap();
        }
    });
    let mut expected = 0;
    loop {
        // The producer blocks rather than overfill; the receiver never sees more.
        assert!(rx.len() <= CAP);
        match rx.try_recv() {
            Ok(v) => {
                assert_eq!(v, expected);
                expected += 1;
            }
            Err(TryRecvError::Empty) => thread::yield_now(),
            Err(TryRecvError::Closed) => break,
        }
    }
    producer.join().unwrap();
    assert_eq!(expected, n);
}

#[test]
fn a_blocked_send_blocking_completes_after_one_recv() {
    let (tx, mut rx) = runtime_channel::bounded(1);
    tx.try_send(0).unwrap();
    let (done_tx, mut done_rx) = runtime_channel::unbounded();
    let producer = thread::spawn(move || {
        tx.send_blocking(1).unwrap(); // full: blocks until the receiver takes 0
        done_tx.try_send(()).unwrap();
    });
    // The channel is full, so the producer cannot be done before this take.
    assert_eq!(done_rx.try_recv(), Err(TryRecvError::Empty));
    assert_eq!(rx.len(), 1);
    assert_eq!(rx.try_recv(), Ok(0));
    producer.join().unwrap();
    assert_eq!(done_rx.try_recv(), Ok(()));
    assert_eq!(rx.try_recv(), Ok(1));
}
