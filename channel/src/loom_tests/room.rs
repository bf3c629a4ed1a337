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
        // One look, not a wait: loom runs a yielding thread only once the others
        // are blocked, which would hide the sender's push from the drop.
        let registered = rx.chan.blocked.count(crate::sync::Ordering::SeqCst) != 0;
        drop(rx);
        // Woken, whatever the interleaving (a lost wake-up is a deadlock here).
        match sender.join().unwrap() {
            // Once registered, the sender pushes under the lock the drop takes
            // before its drain: no room the drain made can reach it.
            Ok(()) if registered => panic!("a registered sender took the drain's room"),
            // Not yet registered: its first push may land in the room the drain
            // made before it saw the close; it then drained it itself (`close.rs`).
            Ok(()) | Err(SendError(2)) => {}
            Err(SendError(other)) => panic!("handed back {other}"),
        }
    });
}
