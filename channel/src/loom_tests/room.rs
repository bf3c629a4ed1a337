//! Blocked senders of a full bounded channel against the receiver's pops and drop.

use loom::future::block_on;
use loom::thread;

use crate::SendError;

#[test]
fn loom_a_pop_wakes_a_blocked_send_blocking() {
    loom::model(|| {
        let (tx, mut rx) = crate::bounded::<u32>(1);
        tx.try_send(1).unwrap();
        let sender = thread::spawn(move || {
            tx.send_blocking(2).unwrap();
            tx
        });
        assert_eq!(rx.try_recv(), Ok(1));
        assert_eq!(block_on(rx.recv()), Some(2));
        drop(sender.join().unwrap());
    });
}

#[test]
fn loom_a_pop_wakes_a_waiting_send_future() {
    loom::model(|| {
        let (tx, mut rx) = crate::bounded::<u32>(1);
        tx.try_send(1).unwrap();
        let sender = thread::spawn(move || {
            block_on(tx.send(2)).unwrap();
            tx
        });
        assert_eq!(block_on(rx.recv()), Some(1));
        assert_eq!(block_on(rx.recv()), Some(2));
        drop(sender.join().unwrap());
    });
}

#[test]
fn loom_the_receiver_drop_wakes_a_blocked_sender() {
    loom::model(|| {
        let (tx, rx) = crate::bounded::<u32>(1);
        tx.try_send(1).unwrap();
        let sender = thread::spawn(move || tx.send_blocking(2));
        drop(rx);
        // Woken, whatever the interleaving (a lost wake-up is a deadlock here).
        // `Ok` when the push landed in the room the drop's drain made before the
        // sender saw the close: the sender then drained it itself (`close.rs`).
        match sender.join().unwrap() {
            Ok(()) | Err(SendError(2)) => {}
            Err(SendError(other)) => panic!("handed back {other}"),
        }
    });
}
