//! `send().await` on a full bounded channel waits for room, is woken by the
//! receiver's take, and passes the wake-up on if cancelled.

mod util;

use std::task::Poll;

use util::{poll_once, CountingWaker};

#[test]
fn send_waits_for_room_and_is_woken_by_a_take() {
    let (tx, mut rx) = runtime_channel::bounded(1);
    tx.try_send(1).unwrap();
    let (wakes, waker) = CountingWaker::new();
    let mut send = tx.send(2);
    assert!(poll_once(&mut send, &waker).is_pending());
    assert!(poll_once(&mut send, &waker).is_pending()); // still full: still waiting
    assert_eq!(wakes.count(), 0);
    assert_eq!(rx.try_recv(), Ok(1));
    assert_eq!(wakes.count(), 1, "the take woke the waiting send once");
    assert_eq!(poll_once(&mut send, &waker), Poll::Ready(Ok(())));
    assert_eq!(rx.try_recv(), Ok(2));
}

#[test]
fn a_cancelled_woken_send_passes_the_wake_up_on() {
    let (tx, mut rx) = runtime_channel::bounded(1);
    tx.try_send(0).unwrap();
    let (first_wakes, first) = CountingWaker::new();
    let (second_wakes, second) = CountingWaker::new();
    let mut a = tx.send(1);
    let mut b = tx.send(2);
    assert!(poll_once(&mut a, &first).is_pending());
    assert!(poll_once(&mut b, &second).is_pending());
    assert_eq!(rx.try_recv(), Ok(0)); // room for one: wakes the oldest, `a`
    assert_eq!((first_wakes.count(), second_wakes.count()), (1, 0));
    drop(a); // woken, never pushed: the room goes to `b`
    assert_eq!(second_wakes.count(), 1);
    assert_eq!(poll_once(&mut b, &second), Poll::Ready(Ok(())));
    assert_eq!(rx.try_recv(), Ok(2));
}

#[test]
fn senders_in_tasks_wait_for_a_slow_receiver() {
    let n = util::scaled(20_000);
    for multi_thread in [false, true] {
        let got = util::runtime(multi_thread).block_on(async move {
            let (tx, mut rx) = runtime_channel::bounded(2);
            let senders: Vec<_> = (0..2)
                .map(|s| {
                    let tx = tx.clone();
                    runtime_executor::spawn(async move {
                        for i in 0..n {
                            tx.send((s, i)).await.unwrap();
                        }
                    })
                })
                .collect();
            drop(tx);
            let mut next = [0; 2];
            while let Some((s, i)) = rx.recv().await {
                assert!(rx.len() <= 2);
                assert_eq!(i, next[s]);
                next[s] += 1;
            }
            for s in senders {
                s.await.unwrap();
            }
            next
        });
        assert_eq!(got, [n, n]);
    }
}

#[test]
fn an_unbounded_send_completes_at_once() {
    let (tx, mut rx) = runtime_channel::unbounded();
    let (wakes, waker) = CountingWaker::new();
    let mut send = tx.send("now");
    assert_eq!(poll_once(&mut send, &waker), Poll::Ready(Ok(())));
    assert_eq!(wakes.count(), 0);
    assert_eq!(rx.try_recv(), Ok("now"));
}
