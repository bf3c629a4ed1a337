//! Closing: the last sender against the receiver's park, the receiver's drop
//! against sends.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use loom::future::block_on;
use loom::thread;

#[test]
fn loom_the_last_sender_drop_ends_the_stream_after_its_value() {
    loom::model(|| {
        let (tx, mut rx) = crate::unbounded::<u32>();
        let sender = thread::spawn(move || {
            tx.try_send(7).unwrap();
            drop(tx);
        });
        assert_eq!(block_on(rx.recv()), Some(7));
        assert_eq!(block_on(rx.recv()), None);
        sender.join().unwrap();
    });
}

#[test]
fn loom_two_closing_senders_deliver_both_values() {
    loom::model(|| {
        let (tx, mut rx) = crate::bounded::<u32>(2);
        let tx2 = tx.clone();
        // Either sender may be the last: its close must carry the other's push.
        let a = thread::spawn(move || tx.try_send(1).unwrap());
        tx2.try_send(2).unwrap();
        drop(tx2);
        let mut sum = 0;
        while let Some(v) = block_on(rx.recv()) {
            sum += v;
        }
        assert_eq!(sum, 3);
        a.join().unwrap();
    });
}

/// Counts its drops.
struct Counted(Arc<AtomicUsize>);

impl Drop for Counted {
    fn drop(&mut self) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }
}

#[test]
fn loom_a_send_racing_with_the_receiver_drop_is_dropped_once() {
    loom::model(|| {
        let drops = Arc::new(AtomicUsize::new(0));
        let (tx, rx) = crate::unbounded::<Counted>();
        let sender = {
            let drops = drops.clone();
            thread::spawn(move || {
                // Refused (handed back, dropped here) or queued (then drained by
                // the receiver's drop or by this sender, seeing `RX_GONE`).
                drop(tx.try_send(Counted(drops)));
                tx
            })
        };
        drop(rx);
        let tx = sender.join().unwrap();
        // Dropped exactly once, while a sender still lives.
        assert_eq!(drops.load(Ordering::SeqCst), 1);
        drop(tx);
        assert_eq!(drops.load(Ordering::SeqCst), 1);
    });
}
