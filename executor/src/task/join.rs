//! `JoinHandle` and `JoinError`: the spawner's side of a task.

use std::any::Any;
use std::fmt;
use std::future::Future;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::pin::Pin;
use std::ptr::NonNull;
use std::task::{Context, Poll};

use parking_lot::Mutex;

use super::meta::Meta;
use super::output::Output;

/// An owned permission to await a spawned task's output; dropping it detaches the task.
///
/// Resolves to `Ok(output)`, or to a [`JoinError`] if the task panicked or was
/// cancelled (by [`abort`](Self::abort) or by the runtime shutting down).
///
/// # Panics
///
/// Polling it again after it resolved panics: it gives the task's result once (it
/// lets go of the task at that point, so `abort` is then a no-op and
/// `is_finished` stays `true`).
///
/// ```
/// let rt = runtime_executor::Builder::new_current_thread().build()?;
/// let answer = rt.block_on(async {
///     let handle = runtime_executor::spawn(async { 6 * 7 });
///     handle.await.unwrap()
/// });
/// assert_eq!(answer, 42);
/// # Ok::<(), std::io::Error>(())
/// ```
pub struct JoinHandle<T> {
    /// `None` once the handle resolved (it lets go of the task then) and during
    /// `drop`, which detaches it (async-task cancels on drop).
    task: Option<async_task::FallibleTask<Output<T>, Meta>>,
    /// The task's metadata; `FallibleTask` does not give access to it. Valid
    /// while `task` is `Some`.
    meta: NonNull<Meta>,
}

// SAFETY: `meta` points into the task's allocation, which `task` keeps alive (and
// is read only while it does), and `Meta` is `Sync`; everything else is
// `FallibleTask`, which is `Send` when `T` is.
unsafe impl<T: Send> Send for JoinHandle<T> {}
// SAFETY: as above; `&JoinHandle` only reads `meta` (`abort`, `is_finished`).
unsafe impl<T: Send> Sync for JoinHandle<T> {}

impl<T> Unpin for JoinHandle<T> {}

impl<T> JoinHandle<T> {
    pub(crate) fn new(task: async_task::Task<Output<T>, Meta>) -> JoinHandle<T> {
        let meta = NonNull::from(task.metadata());
        JoinHandle {
            task: Some(task.fallible()),
            meta,
        }
    }

    /// Cancels the task: its future is dropped at its next scheduling point, and
    /// awaiting this handle then gives a cancelled [`JoinError`], unless the task
    /// completed first. A blocking task that already started runs to completion.
    ///
    /// ```
    /// use std::future::pending;
    ///
    /// runtime_executor::block_on(async {
    ///     let handle = runtime_executor::spawn(pending::<()>());
    ///     handle.abort();
    ///     assert!(handle.await.unwrap_err().is_cancelled());
    /// });
    /// ```
    pub fn abort(&self) {
        if let Some(meta) = self.meta() {
            meta.abort();
        }
    }

    /// Whether the task has completed (with output, panic or cancellation).
    ///
    /// ```
    /// runtime_executor::block_on(async {
    ///     let handle = runtime_executor::spawn(async {});
    ///     runtime_executor::yield_now().await;
    ///     assert!(handle.is_finished());
    /// });
    /// ```
    pub fn is_finished(&self) -> bool {
        self.task.as_ref().map_or(true, |task| task.is_finished())
    }
}

impl<T> Future for JoinHandle<T> {
    type Output = Result<T, JoinError>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        // A handle of a finished task is always ready; awaiting many of them in a
        // loop must not starve the other tasks (see `coop.rs`).
        if crate::coop::poll_proceed(cx).is_pending() {
            return Poll::Pending;
        }
        let Some(task) = self.task.as_mut() else {
            panic!(
                "a JoinHandle was polled after it resolved: it gives the task's result \
                 once; keep the result of the first `.await`"
            );
        };
        // async-task resumes the task's panic here (`propagate_panic`): it becomes
        // the error. No output at all means the task was cancelled. A panic in the
        // future's destructor (after completion or on cancellation) wins over
        // either: it is reported as the task's panic, as tokio does, and the output
        // is dropped (`Output` swallows a second panic there).
        let polled = catch_unwind(AssertUnwindSafe(|| Pin::new(task).poll(cx)));
        let drop_panic = || {
            let meta = self.meta().expect("the task is held until resolved");
            meta.take_drop_panic().map(JoinError::panic)
        };
        let result = match polled {
            Ok(Poll::Pending) => return Poll::Pending,
            Ok(Poll::Ready(Some(out))) => match drop_panic() {
                None => Ok(out.into_inner()),
                Some(err) => Err(err),
            },
            Ok(Poll::Ready(None)) => Err(drop_panic().unwrap_or_else(JoinError::cancelled)),
            Err(payload) => Err(JoinError::panic(payload)),
        };
        // Resolved: let go of the task (its allocation is freed now if nothing else
        // holds it); a later poll panics instead of inventing a result.
        drop(self.task.take());
        Poll::Ready(result)
    }
}

impl<T> JoinHandle<T> {
    /// The task's metadata, while this handle holds the task.
    fn meta(&self) -> Option<&Meta> {
        // SAFETY: the allocation holding the metadata lives as long as `self.task`,
        // which is `Some` here and outlives the returned borrow of `self`.
        self.task.as_ref().map(|_| unsafe { self.meta.as_ref() })
    }
}

impl<T> Drop for JoinHandle<T> {
    /// Detaches the task: it keeps running, its output is dropped when it completes
    /// (here, if it has; a panic in the output's destructor is caught either way).
    fn drop(&mut self) {
        if let Some(task) = self.task.take() {
            task.detach();
        }
    }
}

impl<T> fmt::Debug for JoinHandle<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JoinHandle")
            .field("finished", &self.is_finished())
            .finish_non_exhaustive()
    }
}

/// Why a task gave no output: it panicked, or it was cancelled.
///
/// ```
/// runtime_executor::block_on(async {
///     let err = runtime_executor::spawn(async { panic!("boom") }).await.unwrap_err();
///     assert!(err.is_panic());
///     let payload = err.into_panic();
///     assert_eq!(payload.downcast_ref::<&str>(), Some(&"boom"));
/// });
/// ```
pub struct JoinError {
    repr: Repr,
}

enum Repr {
    Cancelled,
    /// The payload; the mutex only makes `JoinError: Sync`, the box keeps
    /// `Result<(), JoinError>`, which every task's allocation holds, at 8 bytes.
    Panic(Box<Mutex<Box<dyn Any + Send + 'static>>>),
}

impl JoinError {
    pub(crate) fn cancelled() -> JoinError {
        JoinError {
            repr: Repr::Cancelled,
        }
    }

    pub(crate) fn panic(payload: Box<dyn Any + Send + 'static>) -> JoinError {
        JoinError {
            repr: Repr::Panic(Box::new(Mutex::new(payload))),
        }
    }

    /// Whether the task was cancelled (aborted, or dropped by a runtime shutdown).
    pub fn is_cancelled(&self) -> bool {
        matches!(self.repr, Repr::Cancelled)
    }

    /// Whether the task panicked.
    pub fn is_panic(&self) -> bool {
        matches!(self.repr, Repr::Panic(_))
    }

    /// The panic payload, to resume it with `std::panic::resume_unwind`.
    ///
    /// # Panics
    ///
    /// If the error is not a panic; see [`try_into_panic`](Self::try_into_panic).
    #[track_caller]
    pub fn into_panic(self) -> Box<dyn Any + Send + 'static> {
        match self.try_into_panic() {
            Ok(payload) => payload,
            Err(_) => panic!(
                "`JoinError::into_panic` called on a cancellation, not a panic: check \
                 `is_panic()` first, or use `try_into_panic`"
            ),
        }
    }

    /// The panic payload, or the error itself if it is not a panic.
    pub fn try_into_panic(self) -> Result<Box<dyn Any + Send + 'static>, JoinError> {
        match self.repr {
            Repr::Panic(payload) => Ok(payload.into_inner()),
            Repr::Cancelled => Err(self),
        }
    }

    fn panic_message(&self) -> Option<String> {
        let Repr::Panic(payload) = &self.repr else {
            return None;
        };
        let payload = payload.lock();
        if let Some(s) = payload.downcast_ref::<&str>() {
            Some((*s).to_owned())
        } else {
            payload.downcast_ref::<String>().cloned()
        }
    }
}

impl fmt::Display for JoinError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.repr, self.panic_message()) {
            (Repr::Cancelled, _) => f.write_str("task was cancelled"),
            (Repr::Panic(_), Some(msg)) => write!(f, "task panicked with message {msg:?}"),
            (Repr::Panic(_), None) => f.write_str("task panicked"),
        }
    }
}

impl fmt::Debug for JoinError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.repr, self.panic_message()) {
            (Repr::Cancelled, _) => f.write_str("JoinError::Cancelled"),
            (Repr::Panic(_), Some(msg)) => write!(f, "JoinError::Panic({msg:?})"),
            (Repr::Panic(_), None) => f.write_str("JoinError::Panic(..)"),
        }
    }
}

impl std::error::Error for JoinError {}
