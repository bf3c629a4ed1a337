//! `Receiver`: `recv().await`, `recv_many`, `try_recv`, and a `Stream`.
//!
//! The receiver takes values until the queue is empty without touching the state
//! word; only an empty queue makes it park (`chan.rs`). It is also `Evented`
//! (`evented.rs`), for plain `Poll` loops.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use futures_core::{FusedStream, Stream};

use crate::chan::{Chan, Park, Waiter, RX_CLOSED, TX_CLOSED};
use crate::error::TryRecvError;
use crate::evented::PollMode;
use crate::sync::Ordering;

/// The receiving half of a channel: one consumer.
///
/// A task awaits [`recv`](Receiver::recv) or [`recv_many`](Receiver::recv_many),
/// or uses it as a [`Stream`]; a plain event loop registers it with a
/// [`Poll`](runtime_reactor::Poll) (it is [`Evented`](runtime_reactor::Evented):
/// readable while a value waits or the channel is closed) and drains it with
/// [`try_recv`](Receiver::try_recv).
///
/// Dropping it closes the channel: sends fail with their value handed back,
/// blocked senders wake up, and queued values are dropped.
///
/// ```
/// # runtime_executor::Runtime::new()?.block_on(async {
/// let (tx, mut rx) = runtime_channel::unbounded();
/// std::thread::spawn(move || {
///     for i in 0..100u32 {
///         tx.try_send(i).unwrap(); // from a thread the runtime knows nothing of
///     }
/// }); // the thread's end drops `tx`: the channel closes after the last value
/// let mut sum = 0;
/// while let Some(i) = rx.recv().await {
///     sum += i;
/// }
/// assert_eq!(sum, 4950);
/// # });
/// # Ok::<(), std::io::Error>(())
/// ```
pub struct Receiver<T> {
    pub(crate) chan: Arc<Chan<T>>,
    /// The registration of `Poll` mode, made by the first `register`.
    pub(crate) poll: std::sync::Mutex<Option<PollMode>>,
}

impl<T> Receiver<T> {
    pub(crate) fn new(chan: Arc<Chan<T>>) -> Receiver<T> {
        Receiver {
            chan,
            poll: std::sync::Mutex::new(None),
        }
    }

    /// Takes a value if one waits, without waiting.
    ///
    /// `Empty` while senders remain; `Closed` once every sender is gone and the
    /// queue is drained. Registered with a `Poll`, an `Empty` answer is what makes
    /// the receiver wait for readiness again (drain until `Empty`, as with a
    /// socket).
    ///
    /// ```
    /// use runtime_channel::TryRecvError;
    ///
    /// let (tx, mut rx) = runtime_channel::unbounded();
    /// tx.try_send(7).unwrap();
    /// drop(tx);
    /// assert_eq!(rx.try_recv(), Ok(7));
    /// assert_eq!(rx.try_recv(), Err(TryRecvError::Closed));
    /// ```
    pub fn try_recv(&mut self) -> Result<T, TryRecvError> {
        loop {
            if let Some(value) = self.chan.pop() {
                return Ok(value);
            }
            if self.chan.is_tx_closed() {
                return self.chan.pop().ok_or(TryRecvError::Closed);
            }
            let poll = self
                .poll
                .get_mut()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            if let Some(mode) = poll {
                if mode.registered && mode.arm(&self.chan) == Park::Retry {
                    continue;
                }
            }
            return Err(TryRecvError::Empty);
        }
    }

    /// Receives the next value; `None` once every sender is gone and the queue is
    /// drained.
    ///
    /// Cancel safe: a value is taken only when the future completes.
    ///
    /// ```
    /// # runtime_executor::Runtime::new()?.block_on(async {
    /// let (tx, mut rx) = runtime_channel::bounded(4);
    /// runtime_executor::spawn(async move { tx.send("hi").await.unwrap() });
    /// assert_eq!(rx.recv().await, Some("hi"));
    /// assert_eq!(rx.recv().await, None); // the task ended: its sender dropped
    /// # });
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn recv(&mut self) -> Recv<'_, T> {
        Recv { receiver: self }
    }

    /// Receives up to `limit` values into `buffer` (appending), waiting for at
    /// least one; resolves to how many were taken: 0 only once the channel is
    /// closed and drained, or when `limit` is 0.
    ///
    /// One wait for a whole batch: the way to keep up with a fast producer.
    ///
    /// ```
    /// # runtime_executor::Runtime::new()?.block_on(async {
    /// let (tx, mut rx) = runtime_channel::unbounded();
    /// for i in 0..5 {
    ///     tx.try_send(i).unwrap();
    /// }
    /// drop(tx);
    /// let mut batch = Vec::new();
    /// assert_eq!(rx.recv_many(&mut batch, 3).await, 3);
    /// assert_eq!(rx.recv_many(&mut batch, 3).await, 2);
    /// assert_eq!(rx.recv_many(&mut batch, 3).await, 0); // closed and drained
    /// assert_eq!(batch, [0, 1, 2, 3, 4]);
    /// # });
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn recv_many<'a>(&'a mut self, buffer: &'a mut Vec<T>, limit: usize) -> RecvMany<'a, T> {
        RecvMany {
            receiver: self,
            buffer,
            limit,
        }
    }

    /// `recv` as a poll function, for hand-written futures and streams.
    pub fn poll_recv(&mut self, cx: &mut Context<'_>) -> Poll<Option<T>> {
        loop {
            if let Some(value) = self.chan.pop() {
                return Poll::Ready(Some(value));
            }
            if self.chan.is_tx_closed() {
                return Poll::Ready(self.chan.pop());
            }
            if let Some(poll) = self.park_task(cx) {
                return poll.map(|()| None);
            }
        }
    }

    /// `recv_many` as a poll function.
    pub fn poll_recv_many(
        &mut self,
        cx: &mut Context<'_>,
        buffer: &mut Vec<T>,
        limit: usize,
    ) -> Poll<usize> {
        if limit == 0 {
            return Poll::Ready(0);
        }
        loop {
            let taken = self.take_into(buffer, limit);
            if taken > 0 {
                return Poll::Ready(taken);
            }
            if self.chan.is_tx_closed() {
                return Poll::Ready(self.take_into(buffer, limit));
            }
            if let Some(poll) = self.park_task(cx) {
                return poll.map(|()| 0);
            }
        }
    }

    fn take_into(&self, buffer: &mut Vec<T>, limit: usize) -> usize {
        let mut taken = 0;
        while taken < limit {
            match self.chan.pop() {
                Some(value) => buffer.push(value),
                None => break,
            }
            taken += 1;
        }
        taken
    }

    /// The queue was empty and open: parks the task. `Some(Pending)` to return,
    /// `None` to look again (a value or the close arrived meanwhile).
    fn park_task(&mut self, cx: &mut Context<'_>) -> Option<Poll<()>> {
        let make = |old: Option<Waiter>| match old {
            Some(Waiter::Task(waker)) if waker.will_wake(cx.waker()) => Waiter::Task(waker),
            _ => Waiter::Task(cx.waker().clone()),
        };
        match self.chan.park(make, || {}) {
            Park::Parked => Some(Poll::Pending),
            Park::Retry => None,
        }
    }

    /// Closes the channel from this side: sends fail from now on and blocked
    /// senders wake up, while the values already queued can still be received.
    ///
    /// ```
    /// let (tx, mut rx) = runtime_channel::unbounded();
    /// tx.try_send(1).unwrap();
    /// rx.close();
    /// assert!(tx.try_send(2).is_err());
    /// assert_eq!(rx.try_recv(), Ok(1));
    /// ```
    pub fn close(&mut self) {
        self.chan.close_rx(false);
    }

    /// Whether every sender is gone or [`close`](Receiver::close) was called.
    /// Queued values may remain.
    pub fn is_closed(&self) -> bool {
        self.chan.state(Ordering::Acquire) & (TX_CLOSED | RX_CLOSED) != 0
    }

    /// Values waiting.
    pub fn len(&self) -> usize {
        self.chan.queue.len()
    }

    /// Whether no value waits.
    pub fn is_empty(&self) -> bool {
        self.chan.queue.is_empty()
    }

    /// The bound of a bounded channel; `None` for an unbounded one.
    pub fn capacity(&self) -> Option<usize> {
        self.chan.queue.capacity()
    }
}

impl<T> Drop for Receiver<T> {
    fn drop(&mut self) {
        self.chan.drop_receiver();
    }
}

impl<T> Stream for Receiver<T> {
    type Item = T;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<T>> {
        self.get_mut().poll_recv(cx)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.len(), None)
    }
}

impl<T> FusedStream for Receiver<T> {
    fn is_terminated(&self) -> bool {
        self.chan.is_tx_closed() && self.chan.queue.is_empty()
    }
}

impl<T> fmt::Debug for Receiver<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Receiver")
            .field("chan", &*self.chan)
            .finish()
    }
}

/// The future of [`Receiver::recv`].
#[must_use = "futures do nothing unless polled"]
pub struct Recv<'a, T> {
    receiver: &'a mut Receiver<T>,
}

impl<T> Future for Recv<'_, T> {
    type Output = Option<T>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<T>> {
        self.get_mut().receiver.poll_recv(cx)
    }
}

impl<T> fmt::Debug for Recv<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Recv").finish_non_exhaustive()
    }
}

/// The future of [`Receiver::recv_many`].
#[must_use = "futures do nothing unless polled"]
pub struct RecvMany<'a, T> {
    receiver: &'a mut Receiver<T>,
    buffer: &'a mut Vec<T>,
    limit: usize,
}

impl<T> Future for RecvMany<'_, T> {
    type Output = usize;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<usize> {
        let this = self.get_mut();
        this.receiver.poll_recv_many(cx, this.buffer, this.limit)
    }
}

impl<T> fmt::Debug for RecvMany<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RecvMany")
            .field("limit", &self.limit)
            .finish_non_exhaustive()
    }
}
