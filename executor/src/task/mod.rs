//! Tasks: one async-task allocation each, with the executor's additions.
//!
//! A task is built by [`async_task::Builder::spawn_unchecked`], which puts in one
//! allocation async-task's header and state word, our [`Meta`], the schedule
//! function, and a [`TaskFuture`] wrapping the user's future (then its output).
//! async-task owns the state machine (scheduled / running / completed / closed, the
//! reference count and the awaiter); this module adds abort, panic capture and the
//! registration that lets a runtime cancel every task on drop.
//!
//! ## References to one task
//!
//! | holder                       | type                       | keeps alive          |
//! |------------------------------|----------------------------|----------------------|
//! | the run queue or a worker    | `Runnable<Meta>` (≤ 1)     | allocation + future  |
//! | the spawner                  | [`JoinHandle`] (≤ 1)       | allocation + output  |
//! | reactor slots, user code     | `Waker` (any number)       | allocation           |
//! | [`Meta::waker`]              | the task's own `Waker`     | allocation, until the future is dropped |
//! | the runtime's [`OwnedTasks`] | the task's own `Waker`     | allocation, until the future is dropped |
//!
//! ## Fields and who touches them
//!
//! | field                 | written by                          | read by                    |
//! |-----------------------|-------------------------------------|----------------------------|
//! | `Meta::aborted`       | `JoinHandle::abort` (false → true)  | `TaskFuture::poll`, first  |
//! | `Meta::waker`         | spawn (set once); taken by `abort` or by `TaskFuture`'s drop | `abort` |
//! | `TaskFuture::future`  | polled only by the holder of the `Runnable`; dropped by the same, or by async-task on cancel | — |
//!
//! ## Invariants
//!
//! - **Abort is a wake.** `abort` sets the flag and wakes the task's own waker. The
//!   poll that follows (on whatever worker) sees the flag before touching the user's
//!   future and completes with a cancelled [`JoinError`]; async-task then drops the
//!   future. If the task is running when aborted, async-task reschedules it after the
//!   current poll, so the effect is the same one poll later. An abort racing
//!   completion is harmless: whichever output async-task stored first is kept.
//! - **No cycle outlives the future.** The task's own waker, held in `Meta` and in
//!   the registry, is released when the future is dropped, and every path that ends
//!   a task (completion, abort, cancellation by dropping the `Runnable`) drops the
//!   future first.
//! - **A panic is an output.** `TaskFuture::poll` catches it and completes the task
//!   with `JoinError::panic`; the worker carries on.
//! - **A `!Send` future never leaves its thread.** `spawn_local` tasks are run only by
//!   the current-thread core on the thread that spawned them (see
//!   `scheduler/current_thread.rs`); if a shutdown on another thread drops one, its
//!   future is leaked rather than dropped off-thread.
//!
//! loom checks the abort additions (`loom_task_*` in `src/loom_tests.rs`).

mod join;
pub(crate) mod meta;
mod owned;

use std::future::Future;
use std::mem::ManuallyDrop;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::pin::Pin;
use std::task::{Context, Poll};
use std::thread::ThreadId;

pub use join::{JoinError, JoinHandle};
pub(crate) use meta::Meta;
pub(crate) use owned::{OwnedTasks, TaskId};

use crate::handle::Handle;

/// The runnable half of a task, as run queues hold it.
pub(crate) type Runnable = async_task::Runnable<Meta>;

/// The future an async-task allocation really holds: the user's future, with abort,
/// panic capture and deregistration around it.
struct TaskFuture<'a, F> {
    meta: &'a Meta,
    /// The runtime registry entry, removed when the future is dropped.
    owner: Option<(Handle, TaskId)>,
    /// For `spawn_local`: the only thread allowed to drop the future.
    local: Option<ThreadId>,
    future: ManuallyDrop<F>,
}

impl<F: Future> Future for TaskFuture<'_, F> {
    type Output = Result<F::Output, JoinError>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        // SAFETY: `future` is structurally pinned: it is never moved out of `self`,
        // and `Drop` drops it in place. Going through `&mut` (never `&Self`) matters
        // for Miri: a shared reference to the whole struct would assert that a
        // self-referential future inside it is not mutated.
        let this = unsafe { self.get_unchecked_mut() };
        if this.meta.is_aborted() {
            return Poll::Ready(Err(JoinError::cancelled()));
        }
        // SAFETY: as above, `future` is pinned with `self`.
        let future = unsafe { Pin::new_unchecked(&mut *this.future) };
        match catch_unwind(AssertUnwindSafe(|| future.poll(cx))) {
            Ok(Poll::Pending) => Poll::Pending,
            Ok(Poll::Ready(out)) => Poll::Ready(Ok(out)),
            Err(payload) => Poll::Ready(Err(JoinError::panic(payload))),
        }
    }
}

impl<F> Drop for TaskFuture<'_, F> {
    fn drop(&mut self) {
        let on_owner_thread = self
            .local
            .map_or(true, |owner| owner == std::thread::current().id());
        if on_owner_thread {
            // SAFETY: dropped exactly once, here, in place (it is pinned).
            unsafe { ManuallyDrop::drop(&mut self.future) };
        }
        if let Some((handle, id)) = self.owner.take() {
            handle.inner.tasks.remove(id);
        }
        drop(self.meta.take_waker());
    }
}

/// Builds a task around `future`, registered with `handle`'s runtime, and gives its
/// runnable to `schedule` whenever it is woken. Returns `None` if the runtime is shut
/// down; the task is then not built at all.
///
/// # Safety
///
/// If `F` is not `Send`, the returned runnable (and every later one) must only be run
/// on the calling thread; dropping it elsewhere is allowed (the future is leaked).
pub(crate) unsafe fn spawn_registered<F, S>(
    handle: &Handle,
    future: F,
    local: bool,
    schedule: S,
) -> Option<(Runnable, JoinHandle<F::Output>)>
where
    F: Future + 'static,
    F::Output: 'static,
    S: Fn(Runnable) + Send + Sync + 'static,
{
    let local = local.then(|| std::thread::current().id());
    handle.inner.tasks.insert(|id| {
        let owner = Some((handle.clone(), id));
        // SAFETY: forwarded to our caller for `!Send` futures; the future borrows only
        // the metadata, which lives as long as the allocation; `schedule` is
        // `Send + Sync + 'static`.
        let (runnable, task) = unsafe { build(future, owner, local, schedule) };
        let waker = runnable.waker();
        ((runnable, JoinHandle::new(task)), waker)
    })
}

/// Builds a task that no registry tracks (the blocking pool's).
pub(crate) fn spawn_unregistered<F, S>(future: F, schedule: S) -> (Runnable, JoinHandle<F::Output>)
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
    S: Fn(Runnable) + Send + Sync + 'static,
{
    // SAFETY: the future is `Send + 'static` and borrows only the metadata; the
    // schedule function is `Send + Sync + 'static`.
    let (runnable, task) = unsafe { build(future, None, None, schedule) };
    (runnable, JoinHandle::new(task))
}

/// A handle to a task refused because its runtime is shut down: already cancelled.
pub(crate) fn cancelled<T: 'static>() -> JoinHandle<T> {
    // SAFETY: the runnable is dropped right here, on the spawning thread, and never
    // run; the schedule function is never called.
    let (runnable, task) =
        unsafe { build(std::future::pending::<T>(), None, None, |_: Runnable| {}) };
    // Dropping the runnable cancels the task: the handle resolves to `cancelled`.
    drop(runnable);
    JoinHandle::new(task)
}

/// # Safety
///
/// As [`async_task::Builder::spawn_unchecked`] for a non-`Send` `F`.
unsafe fn build<F, S>(
    future: F,
    owner: Option<(Handle, TaskId)>,
    local: Option<ThreadId>,
    schedule: S,
) -> (
    Runnable,
    async_task::Task<Result<F::Output, JoinError>, Meta>,
)
where
    F: Future + 'static,
    F::Output: 'static,
    S: Fn(Runnable) + Send + Sync + 'static,
{
    // SAFETY: the caller upholds the thread rule for `!Send` futures; the future
    // borrows only the metadata, which async-task keeps until the future is dropped.
    let (runnable, task) = unsafe {
        async_task::Builder::new()
            .metadata(Meta::new())
            .spawn_unchecked(
                move |meta| TaskFuture {
                    meta,
                    owner,
                    local,
                    future: ManuallyDrop::new(future),
                },
                schedule,
            )
    };
    runnable.metadata().set_waker(runnable.waker());
    (runnable, task)
}
