//! `Sender`: `try_send` from any thread (a callback included), `send().await` in a
//! task, `send_blocking` on a plain thread.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use crate::chan::{Chan, RX_CLOSED};
use crate::error::{SendError, TrySendError};
use crate::sync::{park, Ordering};
use crate::waiters::Waiting;

/// The sending half of a channel; clone it for more producers.
///
/// `Send + Sync` when `T: Send`: share it or clone it into any thread, with or
/// without a runtime. Dropping the last `Sender` closes the channel: the receiver
/// takes what is queued, then sees the end (`recv` returns `None`).
///
/// ```
/// let (tx, mut rx) = runtime_channel::unbounded();
/// let producers: Vec<_> = (0..4u64)
///     .map(|id| {
///         let tx = tx.clone();
///         std::thread::spawn(move || tx.try_send(id).unwrap())
///     })
///     .collect();
/// drop(tx);
/// for p in producers {
///     p.join().unwrap();
/// }
/// let mut got: Vec<u64> = std::iter::from_fn(|| rx.try_recv().ok()).collect();
/// got.sort();
/// assert_eq!(got, [0, 1, 2, 3]);
/// ```
pub struct Sender<T> {
    chan: Arc<Chan<T>>,
}

impl<T> Sender<T> {
    pub(crate) fn new(chan: Arc<Chan<T>>) -> Sender<T> {
        Sender { chan }
    }

    /// Sends `value` if there is room, without blocking or waiting.
    ///
    /// Makes no syscall and takes no lock while the receiver is awake; when it is
    /// parked, wakes it (one task wake-up, or one `set_readiness` in `Poll` mode).
    /// Safe to call from a callback on a thread the runtime knows nothing of.
    ///
    /// `Ok` means the value was queued: the receiver takes it unless it is dropped
    /// first (its values are then dropped). `Full` only on a bounded channel.
    ///
    /// ```
    /// use runtime_channel::TrySendError;
    ///
    /// let (tx, mut rx) = runtime_channel::bounded(2);
    /// tx.try_send('a').unwrap();
    /// tx.try_send('b').unwrap();
    /// assert_eq!(tx.try_send('c'), Err(TrySendError::Full('c')));
    /// assert_eq!(rx.try_recv(), Ok('a'));
    /// tx.try_send('c').unwrap();
    /// ```
    #[inline]
    pub fn try_send(&self, value: T) -> Result<(), TrySendError<T>> {
        self.chan.try_push(value)
    }

    /// Sends `value`, waiting for room on a full bounded channel (an unbounded one
    /// never waits). Fails with the value handed back once the receiver is closed
    /// or gone, including while waiting.
    ///
    /// Cancel safe: dropping the future before it completes sends nothing, and
    /// passes on a room notification it had received to another waiting sender.
    ///
    /// ```
    /// # runtime_executor::Runtime::new()?.block_on(async {
    /// let (tx, mut rx) = runtime_channel::bounded(1);
    /// tx.send(1).await.unwrap();
    /// let second = runtime_executor::spawn(async move { tx.send(2).await });
    /// assert_eq!(rx.recv().await, Some(1)); // makes room: the second send completes
    /// assert_eq!(rx.recv().await, Some(2));
    /// second.await.unwrap().unwrap();
    /// # });
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn send(&self, value: T) -> SendFuture<'_, T> {
        SendFuture {
            chan: &self.chan,
            value: Some(value),
            waiting: None,
        }
    }

    /// Sends `value`, blocking the calling thread while a bounded channel is full.
    /// For plain threads: do not call it inside a task (use `send().await`).
    /// Fails with the value handed back once the receiver is closed or gone.
    ///
    /// ```
    /// let (tx, mut rx) = runtime_channel::bounded(1);
    /// let producer = std::thread::spawn(move || {
    ///     for i in 0..3 {
    ///         tx.send_blocking(i).unwrap();
    ///     }
    /// });
    /// let mut got = Vec::new();
    /// while got.len() < 3 {
    ///     if let Ok(v) = rx.try_recv() {
    ///         got.push(v);
    ///     }
    /// }
    /// producer.join().unwrap();
    /// assert_eq!(got, [0, 1, 2]);
    /// ```
    pub fn send_blocking(&self, value: T) -> Result<(), SendError<T>> {
        let chan = &*self.chan;
        let mut value = match chan.try_push(value) {
            Ok(()) => return Ok(()),
            Err(TrySendError::Closed(value)) => return Err(SendError(value)),
            Err(TrySendError::Full(value)) => value,
        };
        // The receiver is usually taking values right now: a short spin, then a
        // few yields, find the room without a sleep and a wake-up syscall.
        #[cfg(not(loom))]
        {
            let backoff = crossbeam_utils::Backoff::new();
            while !backoff.is_completed() {
                backoff.snooze();
                value = match chan.try_push(value) {
                    Ok(()) => return Ok(()),
                    Err(TrySendError::Closed(value)) => return Err(SendError(value)),
                    Err(TrySendError::Full(value)) => value,
                };
            }
        }
        loop {
            // Woken means removed from the list (by a pop, or by the close), so
            // each round registers anew.
            match chan.push_or_register(value, None, Waiting::Thread) {
                Ok(result) => return result,
                Err((v, id)) => {
                    value = v;
                    while chan.blocked.contains(id) {
                        park();
                    }
                }
            }
        }
    }

    /// Whether the receiver is closed or gone: every send fails from now on.
    ///
    /// ```
    /// let (tx, rx) = runtime_channel::unbounded::<()>();
    /// assert!(!tx.is_closed());
    /// drop(rx);
    /// assert!(tx.is_closed());
    /// ```
    pub fn is_closed(&self) -> bool {
        self.chan.state(Ordering::Acquire) & RX_CLOSED != 0
    }

    /// Values queued and not yet received.
    ///
    /// ```
    /// let (tx, _rx) = runtime_channel::unbounded();
    /// tx.try_send(()).unwrap();
    /// assert_eq!(tx.len(), 1);
    /// ```
    pub fn len(&self) -> usize {
        self.chan.queue.len()
    }

    /// Whether no value is queued.
    pub fn is_empty(&self) -> bool {
        self.chan.queue.is_empty()
    }

    /// The bound of a bounded channel; `None` for an unbounded one.
    ///
    /// ```
    /// assert_eq!(runtime_channel::bounded::<u8>(8).0.capacity(), Some(8));
    /// assert_eq!(runtime_channel::unbounded::<u8>().0.capacity(), None);
    /// ```
    pub fn capacity(&self) -> Option<usize> {
        self.chan.queue.capacity()
    }

    /// Whether `self` and `other` send into the same channel.
    ///
    /// ```
    /// let (tx, _rx) = runtime_channel::unbounded::<u8>();
    /// assert!(tx.same_channel(&tx.clone()));
    /// assert!(!tx.same_channel(&runtime_channel::unbounded().0));
    /// ```
    pub fn same_channel(&self, other: &Sender<T>) -> bool {
        Arc::ptr_eq(&self.chan, &other.chan)
    }
}

impl<T> Clone for Sender<T> {
    fn clone(&self) -> Sender<T> {
        self.chan.add_sender();
        Sender {
            chan: self.chan.clone(),
        }
    }
}

impl<T> Drop for Sender<T> {
    fn drop(&mut self) {
        self.chan.drop_sender();
    }
}

impl<T> fmt::Debug for Sender<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Sender").field("chan", &*self.chan).finish()
    }
}

/// The future of [`Sender::send`].
#[must_use = "futures do nothing unless polled"]
pub struct SendFuture<'a, T> {
    chan: &'a Chan<T>,
    /// `None` once sent or handed back.
    value: Option<T>,
    /// The id under which this future waits for room.
    waiting: Option<u64>,
}

// The value is moved in and out, never pinned.
impl<T> Unpin for SendFuture<'_, T> {}

impl<T> Future for SendFuture<'_, T> {
    type Output = Result<(), SendError<T>>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        let chan = this.chan;
        let mut value = this
            .value
            .take()
            .expect("SendFuture polled after completion");
        if this.waiting.is_none() {
            // First poll: the plain push.
            value = match chan.try_push(value) {
                Ok(()) => return Poll::Ready(Ok(())),
                Err(TrySendError::Closed(value)) => return Poll::Ready(Err(SendError(value))),
                Err(TrySendError::Full(value)) => value,
            };
        }
        // No room, or polled again while registered (or woken, and so removed):
        // push under the list's lock, staying registered with this waker if there
        // is still no room.
        match chan.push_or_register(value, this.waiting, Waiting::Task(cx.waker())) {
            Ok(result) => {
                // Settled: `push_or_register` withdrew the registration.
                this.waiting = None;
                Poll::Ready(result)
            }
            Err((value, id)) => {
                this.value = Some(value);
                this.waiting = Some(id);
                Poll::Pending
            }
        }
    }
}

impl<T> Drop for SendFuture<'_, T> {
    fn drop(&mut self) {
        if let Some(id) = self.waiting.take() {
            if !self.chan.blocked.remove(id) {
                // Woken for room it will never use: pass the wake-up on.
                self.chan.blocked.wake_one();
            }
        }
    }
}

impl<T> fmt::Debug for SendFuture<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SendFuture")
            .field("waiting", &self.waiting.is_some())
            .finish_non_exhaustive()
    }
}
