//! A multi-producer, single-consumer channel of values, from any thread to a task
//! or to a plain `Poll` loop.
//!
//! The reason `runtime` exists is a library with threads of its own (a C callback
//! API, a driver, a signal) delivering events to tasks. A bare
//! [`Registration`](runtime_reactor::Registration) carries readiness, a level that
//! coalesces; this channel carries *values*, in order, each exactly once:
//!
//! ```
//! # runtime_executor::Runtime::new()?.block_on(async {
//! let (tx, mut rx) = runtime_channel::unbounded::<u64>();
//!
//! // A callback on a thread the runtime knows nothing of: never blocks.
//! let on_reading = move |reading| tx.try_send(reading).expect("receiver alive");
//! let library = std::thread::spawn(move || (1..=1000).for_each(on_reading));
//!
//! let mut sum = 0;
//! while let Some(reading) = rx.recv().await {
//!     sum += reading; // `None` once the callback (the last sender) is dropped
//! }
//! assert_eq!(sum, 500_500);
//! library.join().unwrap();
//! # });
//! # Ok::<(), std::io::Error>(())
//! ```
//!
//! - [`unbounded`] stores values in a `crossbeam_queue::SegQueue`; [`bounded`] in
//!   an `ArrayQueue` (its slots allocated once: nothing per value).
//! - [`Sender`]: `Clone + Send + Sync`; [`try_send`](Sender::try_send) never
//!   blocks and, while the receiver is awake, costs the push and two loads of one
//!   word;
//!   [`send`](Sender::send) awaits room, [`send_blocking`](Sender::send_blocking)
//!   blocks a plain thread for it.
//! - [`Receiver`]: [`recv`](Receiver::recv), [`recv_many`](Receiver::recv_many),
//!   [`try_recv`](Receiver::try_recv), a `futures` [`Stream`](futures_core::Stream),
//!   and [`Evented`](runtime_reactor::Evented) for a plain
//!   [`Poll`](runtime_reactor::Poll): readable while a value waits or the channel
//!   is closed.
//! - Dropping the last sender ends the stream after the queued values; dropping
//!   the receiver fails every send with its value handed back, wakes blocked
//!   senders, and drops what was queued, each value exactly once.
//!
//! No runtime is needed to send, and none to receive through a `Poll`; awaiting
//! works on any executor (the waker is the task's own).
//!
//! ## Design
//!
//! | file         | what it holds                                                   |
//! |--------------|-----------------------------------------------------------------|
//! | `queue.rs`   | the storage (crossbeam-queue), the two ordering properties the protocol uses, and the loom stand-in |
//! | `chan.rs`    | the state word: waking the receiver (no lost wake-up) and closing |
//! | `waiters.rs` | senders blocked on a full bounded channel                       |
//! | `sender.rs`, `receiver.rs`, `evented.rs` | the handles; `Poll` mode       |
//! | `error.rs`   | `SendError`, `TrySendError`, `TryRecvError`                     |
//!
//! Why a crate of its own: the protocol is proven by loom models that drive this
//! code (`RUSTFLAGS="--cfg loom" cargo test -p runtime-channel --release --lib
//! loom_`) and Miri runs its tests (`cargo +nightly miri test -p
//! runtime-channel`), which is simplest for a crate that depends on the reactor
//! alone. The facade re-exports it as `runtime::channel`.
//!
//! The receiver does not take part in a runtime's cooperative budget: a task
//! draining a channel that is always full keeps its worker until the queue runs
//! dry (use `recv_many` and yield between batches if that matters).

#![deny(missing_docs)]

mod chan;
mod error;
mod evented;
mod queue;
mod receiver;
mod sender;
mod sync;
mod waiters;

#[cfg(all(test, loom))]
mod loom_tests;

use std::sync::Arc;

pub use crate::error::{SendError, TryRecvError, TrySendError};
pub use crate::receiver::{Receiver, Recv, RecvMany};
pub use crate::sender::{SendFuture, Sender};

use crate::chan::Chan;
use crate::queue::Queue;

/// A channel without a bound: `try_send` fails only once the receiver is gone.
///
/// ```
/// let (tx, mut rx) = runtime_channel::unbounded();
/// tx.try_send("a").unwrap();
/// assert_eq!(rx.try_recv(), Ok("a"));
/// ```
pub fn unbounded<T>() -> (Sender<T>, Receiver<T>) {
    channel(Queue::unbounded())
}

/// A channel holding at most `capacity` values: `try_send` fails with `Full`,
/// `send` waits and `send_blocking` blocks while it is full. Its storage is
/// allocated here, once.
///
/// # Panics
///
/// If `capacity` is 0 (as tokio's `channel(0)`): a channel must hold a value.
///
/// ```
/// let (tx, _rx) = runtime_channel::bounded::<u32>(1024);
/// assert_eq!(tx.capacity(), Some(1024));
/// ```
pub fn bounded<T>(capacity: usize) -> (Sender<T>, Receiver<T>) {
    assert!(
        capacity > 0,
        "runtime_channel::bounded: the capacity must be at least 1"
    );
    channel(Queue::bounded(capacity))
}

fn channel<T>(queue: Queue<T>) -> (Sender<T>, Receiver<T>) {
    let chan = Arc::new(Chan::new(queue));
    (Sender::new(chan.clone()), Receiver::new(chan))
}
