//! Value channels from plain threads to a task (issue 15, section 3): ours and each
//! peer's, each used as its own docs show, on the executor it belongs with.
//!
//! | system          | channel                                  | executor                          |
//! |-----------------|------------------------------------------|-----------------------------------|
//! | `runtime-ct/mt` | `runtime_channel::{unbounded, bounded}`  | ours (`RuntimeExecutor`)          |
//! | `tokio-ct/mt`   | `tokio::sync::mpsc::{unbounded_channel, channel}` | tokio                     |
//! | `async-channel` | `async_channel::{unbounded, bounded}`    | async-executor (smol's)           |
//! | `flume`         | `flume::{unbounded, bounded}`, `recv_async` | async-executor                 |
//! | `futures-mpsc`  | `futures::channel::mpsc::{unbounded, channel}` | futures' `ThreadPool`       |
//!
//! A producer thread sends with the API a plain thread uses: `try_send` (or
//! tokio's `send`, futures' `unbounded_send`) on an unbounded channel, the
//! blocking send on a bounded one (`send_blocking`, tokio's `blocking_send`,
//! flume's `send`, futures' `block_on(sink.send(..))`). The task receives with the
//! plain `recv().await` (futures: `StreamExt::next`). Bounded channels get
//! capacity 1024 (futures' `channel(n)` holds `n` plus one value per sender, so it
//! is given `n = 1023`).

use std::future::Future;

use futures::{SinkExt, StreamExt};

/// A channel of `u64` from plain threads to one task.
pub trait ValueChannel: 'static {
    /// Sending half (cloned per producer thread).
    type Tx: Clone + Send + 'static;
    /// Receiving half (moved into the task).
    type Rx: Send + 'static;

    /// An unbounded channel, or one of `cap` slots.
    fn new(cap: Option<usize>) -> (Self::Tx, Self::Rx);
    /// Sends from a plain thread: non-blocking on an unbounded channel, blocking
    /// while a bounded one is full.
    fn send(tx: &mut Self::Tx, value: u64);
    /// The next value in a task; `None` once every sender is gone.
    fn recv(rx: &mut Self::Rx) -> impl Future<Output = Option<u64>> + Send + '_;
}

/// `runtime_channel`.
#[derive(Debug)]
pub struct Ours;

impl ValueChannel for Ours {
    type Tx = runtime_channel::Sender<u64>;
    type Rx = runtime_channel::Receiver<u64>;

    fn new(cap: Option<usize>) -> (Self::Tx, Self::Rx) {
        match cap {
            Some(cap) => runtime_channel::bounded(cap),
            None => runtime_channel::unbounded(),
        }
    }

    #[inline]
    fn send(tx: &mut Self::Tx, value: u64) {
        if tx.capacity().is_some() {
            tx.send_blocking(value).expect("runtime: receiver alive");
        } else {
            tx.try_send(value).expect("runtime: receiver alive");
        }
    }

    #[inline]
    fn recv(rx: &mut Self::Rx) -> impl Future<Output = Option<u64>> + Send + '_ {
        rx.recv()
    }
}

/// `tokio::sync::mpsc`.
#[derive(Debug)]
pub struct TokioMpsc;

/// tokio's two flavors have different types.
#[derive(Clone)]
pub enum TokioTx {
    /// `unbounded_channel`.
    Unbounded(tokio::sync::mpsc::UnboundedSender<u64>),
    /// `channel(cap)`.
    Bounded(tokio::sync::mpsc::Sender<u64>),
}

/// Receiving half of either tokio flavor.
pub enum TokioRx {
    /// `unbounded_channel`.
    Unbounded(tokio::sync::mpsc::UnboundedReceiver<u64>),
    /// `channel(cap)`.
    Bounded(tokio::sync::mpsc::Receiver<u64>),
}

impl ValueChannel for TokioMpsc {
    type Tx = TokioTx;
    type Rx = TokioRx;

    fn new(cap: Option<usize>) -> (TokioTx, TokioRx) {
        match cap {
            Some(cap) => {
                let (tx, rx) = tokio::sync::mpsc::channel(cap);
                (TokioTx::Bounded(tx), TokioRx::Bounded(rx))
            }
            None => {
                let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
                (TokioTx::Unbounded(tx), TokioRx::Unbounded(rx))
            }
        }
    }

    #[inline]
    fn send(tx: &mut TokioTx, value: u64) {
        match tx {
            TokioTx::Unbounded(tx) => tx.send(value).expect("tokio: receiver alive"),
            TokioTx::Bounded(tx) => tx.blocking_send(value).expect("tokio: receiver alive"),
        }
    }

    #[inline]
    async fn recv(rx: &mut TokioRx) -> Option<u64> {
        match rx {
            TokioRx::Unbounded(rx) => rx.recv().await,
            TokioRx::Bounded(rx) => rx.recv().await,
        }
    }
}

/// `async-channel` (smol).
#[derive(Debug)]
pub struct AsyncChannel;

impl ValueChannel for AsyncChannel {
    type Tx = async_channel::Sender<u64>;
    type Rx = async_channel::Receiver<u64>;

    fn new(cap: Option<usize>) -> (Self::Tx, Self::Rx) {
        match cap {
            Some(cap) => async_channel::bounded(cap),
            None => async_channel::unbounded(),
        }
    }

    #[inline]
    fn send(tx: &mut Self::Tx, value: u64) {
        if tx.capacity().is_some() {
            tx.send_blocking(value)
                .expect("async-channel: receiver alive");
        } else {
            tx.try_send(value).expect("async-channel: receiver alive");
        }
    }

    #[inline]
    async fn recv(rx: &mut Self::Rx) -> Option<u64> {
        rx.recv().await.ok()
    }
}

/// `flume`.
#[derive(Debug)]
pub struct Flume;

impl ValueChannel for Flume {
    type Tx = flume::Sender<u64>;
    type Rx = flume::Receiver<u64>;

    fn new(cap: Option<usize>) -> (Self::Tx, Self::Rx) {
        match cap {
            Some(cap) => flume::bounded(cap),
            None => flume::unbounded(),
        }
    }

    #[inline]
    fn send(tx: &mut Self::Tx, value: u64) {
        // Blocks only while a bounded channel is full.
        tx.send(value).expect("flume: receiver alive");
    }

    #[inline]
    async fn recv(rx: &mut Self::Rx) -> Option<u64> {
        rx.recv_async().await.ok()
    }
}

/// `futures::channel::mpsc`.
#[derive(Debug)]
pub struct FuturesMpsc;

/// futures' two flavors have different types.
#[derive(Clone)]
pub enum FuturesTx {
    /// `unbounded()`.
    Unbounded(futures::channel::mpsc::UnboundedSender<u64>),
    /// `channel(buffer)`.
    Bounded(futures::channel::mpsc::Sender<u64>),
}

/// Receiving half of either futures flavor.
pub enum FuturesRx {
    /// `unbounded()`.
    Unbounded(futures::channel::mpsc::UnboundedReceiver<u64>),
    /// `channel(buffer)`.
    Bounded(futures::channel::mpsc::Receiver<u64>),
}

impl ValueChannel for FuturesMpsc {
    type Tx = FuturesTx;
    type Rx = FuturesRx;

    fn new(cap: Option<usize>) -> (FuturesTx, FuturesRx) {
        match cap {
            // `channel(buffer)` holds `buffer` plus one value per sender.
            Some(cap) => {
                let (tx, rx) = futures::channel::mpsc::channel(cap.saturating_sub(1));
                (FuturesTx::Bounded(tx), FuturesRx::Bounded(rx))
            }
            None => {
                let (tx, rx) = futures::channel::mpsc::unbounded();
                (FuturesTx::Unbounded(tx), FuturesRx::Unbounded(rx))
            }
        }
    }

    #[inline]
    fn send(tx: &mut FuturesTx, value: u64) {
        match tx {
            FuturesTx::Unbounded(tx) => tx.unbounded_send(value).expect("futures: receiver alive"),
            FuturesTx::Bounded(tx) => {
                futures::executor::block_on(tx.send(value)).expect("futures: receiver alive")
            }
        }
    }

    #[inline]
    async fn recv(rx: &mut FuturesRx) -> Option<u64> {
        match rx {
            FuturesRx::Unbounded(rx) => rx.next().await,
            FuturesRx::Bounded(rx) => rx.next().await,
        }
    }
}
