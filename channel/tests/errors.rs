//! The error types: values handed back, `Display`, `Error`, equality, `Copy`.

use std::error::Error;

use runtime_channel::{SendError, TryRecvError, TrySendError};

#[test]
fn send_error_hands_the_value_back() {
    let err = SendError(vec![1, 2]);
    assert_eq!(err.clone().0, [1, 2]);
    assert_eq!(err.to_string(), "sending on a closed channel");
    assert_eq!(format!("{err:?}"), "SendError { .. }");
    let _: &dyn Error = &err;
    assert_eq!(TrySendError::from(err), TrySendError::Closed(vec![1, 2]));
}

#[test]
fn try_send_error_says_which() {
    let full = TrySendError::Full(1);
    let closed = TrySendError::Closed(2);
    assert!(full.is_full() && !full.is_closed());
    assert!(closed.is_closed() && !closed.is_full());
    assert_eq!(full.to_string(), "sending on a full channel");
    assert_eq!(closed.to_string(), "sending on a closed channel");
    assert_eq!(format!("{full:?} {closed:?}"), "Full(..) Closed(..)");
    assert_eq!((full.into_inner(), closed.into_inner()), (1, 2));
    let _: &dyn Error = &TrySendError::Full(());
}

#[test]
fn try_recv_error_is_copy_and_eq() {
    let empty = TryRecvError::Empty;
    let copy = empty;
    assert_eq!(empty, copy);
    assert_ne!(TryRecvError::Empty, TryRecvError::Closed);
    assert_eq!(
        TryRecvError::Empty.to_string(),
        "receiving on an empty channel"
    );
    assert_eq!(
        TryRecvError::Closed.to_string(),
        "receiving on a closed channel"
    );
    assert_eq!(format!("{:?}", TryRecvError::Closed), "Closed");
    let _: &dyn Error = &TryRecvError::Closed;
}

#[test]
fn handles_are_send_sync_and_debug() {
    fn send_sync<T: Send + Sync>() {}
    send_sync::<runtime_channel::Sender<String>>();
    send_sync::<runtime_channel::Receiver<String>>();
    let (tx, rx) = runtime_channel::bounded::<u8>(2);
    tx.try_send(1).unwrap();
    let text = format!("{tx:?} {rx:?}");
    assert!(
        text.contains("len: 1") && text.contains("capacity: Some(2)"),
        "{text}"
    );
}
