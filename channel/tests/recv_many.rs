//! `recv_many` takes a batch per wait, appends, and says 0 only at the end.

mod util;

use std::task::Poll;

use util::CountingWaker;

#[test]
fn takes_at_most_the_limit_and_appends() {
    util::runtime(false).block_on(async {
        let (tx, mut rx) = runtime_channel::unbounded();
        for i in 0..10 {
            tx.try_send(i).unwrap();
        }
        let mut buffer = vec![-1];
        assert_eq!(rx.recv_many(&mut buffer, 4).await, 4);
        assert_eq!(buffer, [-1, 0, 1, 2, 3]);
        assert_eq!(rx.recv_many(&mut buffer, 100).await, 6);
        assert_eq!(buffer.len(), 11);
        assert_eq!(
            rx.recv_many(&mut buffer, 0).await,
            0,
            "limit 0 takes nothing"
        );
        drop(tx);
        assert_eq!(rx.recv_many(&mut buffer, 4).await, 0, "closed and drained");
    });
}

#[test]
fn waits_for_the_first_value_then_wakes_once() {
    let (tx, mut rx) = runtime_channel::bounded(8);
    let (wakes, waker) = CountingWaker::new();
    let mut cx = std::task::Context::from_waker(&waker);
    let mut buffer = Vec::new();
    assert_eq!(rx.poll_recv_many(&mut cx, &mut buffer, 8), Poll::Pending);
    tx.try_send(1).unwrap();
    tx.try_send(2).unwrap(); // the receiver is already woken: no second wake-up
    assert_eq!(wakes.count(), 1);
    assert_eq!(rx.poll_recv_many(&mut cx, &mut buffer, 8), Poll::Ready(2));
    assert_eq!(buffer, [1, 2]);
}

#[test]
fn a_batch_frees_room_for_blocked_senders() {
    let n = util::scaled(100_000);
    util::runtime(true).block_on(async move {
        let (tx, mut rx) = runtime_channel::bounded(16);
        let producer = std::thread::spawn(move || {
            for i in 0..n {
                tx.send_blocking(i).unwrap();
            }
        });
        let mut buffer = Vec::with_capacity(64);
        let mut expected = 0;
        while rx.recv_many(&mut buffer, 64).await > 0 {
            for v in buffer.drain(..) {
                assert_eq!(v, expected);
                expected += 1;
            }
        }
        producer.join().unwrap();
        assert_eq!(expected, n);
    });
}
