//! Closed channels hand the values back, wake whoever waits, and end the stream
//! after the last queued value.

mod util;

use std::task::Poll;
use std::thread;

use runtime_channel::{SendError, TryRecvError, TrySendError};
use util::{poll_once, CountingWaker};

#[test]
fn sends_after_the_receiver_dropped_hand_the_value_back() {
    let (tx, rx) = runtime_channel::bounded::<String>(2);
    drop(rx);
    assert!(tx.is_closed());
    assert_eq!(
        tx.try_send("a".into()),
        Err(TrySendError::Closed("a".into()))
    );
    assert_eq!(tx.send_blocking("b".into()), Err(SendError("b".into())));
    let waker = futures::task::noop_waker();
    let mut send = tx.send("c".into());
    assert_eq!(
        poll_once(&mut send, &waker),
        Poll::Ready(Err(SendError("c".into())))
    );
}

#[test]
fn dropping_the_receiver_wakes_a_blocked_send_blocking_with_its_value() {
    let (tx, rx) = runtime_channel::bounded(1);
    tx.try_send(0).unwrap();
    let sender = thread::spawn(move || {
        tx.send_blocking(1) // full: blocks until the drop below
    });
    // Wait until the sender is in the blocked list (`Debug` shows it). A sender
    // still spinning on its first tries could race with the drop's drain and be
    // queued; a registered one never takes a slot the drain freed.
    while !format!("{rx:?}").contains("blocked_senders: 1") {
        thread::yield_now();
    }
    drop(rx);
    assert_eq!(sender.join().unwrap(), Err(SendError(1)));
}

#[test]
fn dropping_the_receiver_wakes_a_waiting_send_future() {
    let (tx, rx) = runtime_channel::bounded(1);
    tx.try_send(0).unwrap();
    let (wakes, waker) = CountingWaker::new();
    let mut send = tx.send(1);
    assert!(poll_once(&mut send, &waker).is_pending());
    drop(rx);
    assert_eq!(wakes.count(), 1);
    assert_eq!(poll_once(&mut send, &waker), Poll::Ready(Err(SendError(1))));
}

#[test]
fn close_fails_sends_but_keeps_the_queue() {
    let (tx, mut rx) = runtime_channel::bounded(2);
    tx.try_send(1).unwrap();
    tx.try_send(2).unwrap();
    let (wakes, waker) = CountingWaker::new();
    let mut send = tx.send(3);
    assert!(poll_once(&mut send, &waker).is_pending());
    rx.close();
    assert_eq!(wakes.count(), 1);
    assert_eq!(poll_once(&mut send, &waker), Poll::Ready(Err(SendError(3))));
    drop(send);
    assert!(rx.is_closed() && tx.is_closed());
    assert_eq!(rx.try_recv(), Ok(1));
    assert_eq!(rx.try_recv(), Ok(2));
    assert_eq!(rx.try_recv(), Err(TryRecvError::Empty)); // a sender remains
    drop(tx);
    assert_eq!(rx.try_recv(), Err(TryRecvError::Closed));
}

#[test]
fn the_last_sender_drop_ends_the_stream_after_the_queue() {
    let (tx, mut rx) = runtime_channel::unbounded();
    let tx2 = tx.clone();
    tx.try_send(1).unwrap();
    tx2.try_send(2).unwrap();
    drop(tx);
    assert!(!rx.is_closed());
    drop(tx2);
    assert!(rx.is_closed());
    assert_eq!(rx.try_recv(), Ok(1));
    assert_eq!(rx.try_recv(), Ok(2));
    assert_eq!(rx.try_recv(), Err(TryRecvError::Closed));
}

#[test]
fn the_last_sender_drop_wakes_a_waiting_receiver() {
    let (tx, mut rx) = runtime_channel::unbounded::<u8>();
    let (wakes, waker) = CountingWaker::new();
    let mut recv = Box::pin(rx.recv());
    assert!(recv
        .as_mut()
        .poll(&mut std::task::Context::from_waker(&waker))
        .is_pending());
    let clone = tx.clone();
    drop(tx);
    assert_eq!(wakes.count(), 0, "a sender remains");
    drop(clone);
    assert_eq!(wakes.count(), 1);
    assert_eq!(
        recv.as_mut()
            .poll(&mut std::task::Context::from_waker(&waker)),
        Poll::Ready(None)
    );
}

#[test]
fn a_sender_dropped_on_another_thread_ends_a_task_s_recv() {
    for multi_thread in [false, true] {
        util::runtime(multi_thread).block_on(async {
            let (tx, mut rx) = runtime_channel::unbounded::<u8>();
            let dropper = thread::spawn(move || drop(tx));
            assert_eq!(rx.recv().await, None);
            dropper.join().unwrap();
        });
    }
}

use std::future::Future;
