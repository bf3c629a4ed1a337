//! A callback thread delivers 10^6 values, in order, to a task: both channel
//! flavors on both runtime flavors.

mod util;

use std::thread;

use runtime_channel::{Receiver, Sender};

const VALUES: usize = 1_000_000;

/// How a callback thread sends on a flavor: `try_send` never fails on an unbounded
/// channel; a bounded one needs `send_blocking`.
fn deliver(multi_thread: bool, channel: (Sender<u64>, Receiver<u64>), bounded: bool) {
    deliver_n(VALUES, multi_thread, channel, bounded);
}

fn deliver_n(
    values: usize,
    multi_thread: bool,
    (tx, mut rx): (Sender<u64>, Receiver<u64>),
    bounded: bool,
) {
    let n = util::scaled(values) as u64;
    let rt = util::runtime(multi_thread);
    let got = rt.block_on(async move {
        let task = runtime_executor::spawn(async move {
            let mut expected = 0u64;
            while let Some(value) = rx.recv().await {
                assert_eq!(value, expected, "out of order");
                expected += 1;
            }
            expected
        });
        let callback = thread::spawn(move || {
            for value in 0..n {
                if bounded {
                    tx.send_blocking(value).expect("the receiver is alive");
                } else {
                    tx.try_send(value).expect("the receiver is alive");
                }
            }
        });
        let got = task.await.expect("the task did not panic");
        callback.join().expect("the callback thread did not panic");
        got
    });
    assert_eq!(got, n);
}

#[test]
fn unbounded_current_thread() {
    deliver(false, runtime_channel::unbounded(), false);
}

#[test]
fn unbounded_multi_thread() {
    deliver(true, runtime_channel::unbounded(), false);
}

#[test]
fn bounded_current_thread() {
    deliver(false, runtime_channel::bounded(1024), true);
}

#[test]
fn bounded_multi_thread() {
    deliver(true, runtime_channel::bounded(1024), true);
}

/// Capacity 1: every value is a hand-off between the two threads (fewer values).
#[test]
fn bounded_of_one_multi_thread() {
    deliver_n(VALUES / 10, true, runtime_channel::bounded(1), true);
}
