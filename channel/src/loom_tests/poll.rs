//! `Poll` mode: a receiver armed by an `Empty` answer against a push. The
//! registration is bound to nothing here (no kernel under loom); what the model
//! checks is the readiness the registration would report (SPEC R2).

use loom::thread;

use crate::TryRecvError;

#[test]
fn loom_an_armed_receiver_is_readable_whenever_a_value_waits() {
    loom::model(|| {
        let (tx, mut rx) = crate::unbounded::<u32>();
        let set = rx.poll_mode_for_model();
        let sender = thread::spawn(move || {
            tx.try_send(1).unwrap();
            tx
        });
        let first = rx.try_recv();
        let tx = sender.join().unwrap();
        match first {
            Ok(v) => assert_eq!(v, 1),
            Err(TryRecvError::Empty) => {
                // Armed before or after the push: either way the value is
                // signalled, never left waiting unseen.
                assert!(set.readiness().is_readable());
                assert_eq!(rx.try_recv(), Ok(1));
            }
            Err(TryRecvError::Closed) => panic!("a sender lives"),
        }
        drop(tx);
    });
}

#[test]
fn loom_the_close_makes_an_armed_receiver_readable() {
    loom::model(|| {
        let (tx, mut rx) = crate::unbounded::<u32>();
        let set = rx.poll_mode_for_model();
        let sender = thread::spawn(move || drop(tx));
        let first = rx.try_recv();
        sender.join().unwrap();
        if first == Err(TryRecvError::Empty) {
            assert!(set.readiness().is_readable());
        }
        assert_eq!(rx.try_recv(), Err(TryRecvError::Closed));
    });
}
