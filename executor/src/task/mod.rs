//! Tasks: one async-task allocation each, with the executor's additions.
//!
//! A task is built by [`async_task::Builder::spawn_unchecked`], which puts in one
//! allocation async-task's header and state word, our [`Meta`], the schedule
//! function, and a [`TaskFuture`] wrapping the user's future (then its output).
//! async-task owns the state machine (scheduled / running / completed / closed, the
//! reference count, the awaiter, and, with `propagate_panic`, panic capture); this
//! module adds abort and the registration that lets a runtime cancel every task on
//! drop.
//!
//! ## References to one task
//!
//! | holder                       | type                       | keeps alive          |
//! |------------------------------|----------------------------|----------------------|
//! | the run queue or a worker    | `Runnable<Meta>` (≤ 1)     | allocation + future  |
//! | the spawner                  | [`JoinHandle`] (≤ 1)       | allocation + output  |
//! | reactor slots, user code     | `Waker` (any number)       | allocation           |
//! | the runtime's [`OwnedTasks`] | the task's own `Waker`     | allocation, from its first `Pending` until the future is dropped |
//!
//! The allocation owns one [`Handle`] (in [`Meta`]), so the runtime's shared state
//! outlives every task; the schedule function is zero-sized and finds the runtime
//! through the runnable's metadata.
//!
//! ## Fields and who touches them
//!
//! | field                 | written by                          | read by                    |
//! |-----------------------|-------------------------------------|----------------------------|
//! | `Meta::flags` ABORTED | `JoinHandle::abort` (false → true)  | `TaskFuture::poll`, first and after registering |
//! | `Meta::flags` LOCAL   | spawn                               | `TaskFuture`'s drop        |
//! | `Meta::id`            | `TaskFuture::poll`, at the first `Pending` (once) | `abort`, `TaskFuture`'s drop |
//! | `TaskFuture::future`  | polled only by the holder of the `Runnable`; dropped by the same, or by async-task on cancel | — |
//!
//! ## Invariants
//!
//! - **Abort is a wake.** `abort` sets the flag and, if the task is registered, wakes
//!   it through the registry; an unregistered task is queued or running, and its
//!   next run, or the registration at the end of the current poll, sees the flag
//!   (`Meta::set_id_and_check_abort`). [`run`] drops the runnable of an aborted task
//!   instead of polling it: async-task drops the future and the task ends without
//!   output, which its [`JoinHandle`] reports as a cancelled [`JoinError`]. If the
//!   task is running when aborted, async-task reschedules it after the current poll
//!   (or the poll reschedules itself, having seen the flag), so the effect is the
//!   same one run later. An abort racing completion is harmless: whichever came
//!   first wins.
//! - **No cycle outlives the future.** The task's own waker, held by the registry,
//!   is released when the future is dropped, and every path that ends a task
//!   (completion, abort, cancellation by dropping the `Runnable`) drops the future
//!   first.
//! - **An idle task is registered.** A future returns `Pending` only after its task
//!   registered (or, if the registry is closed, after rescheduling itself, so the
//!   closed scheduler drops it), so shutdown finds every task: in the registry or in
//!   a run queue.
//! - **A panic is an output.** async-task catches it (`propagate_panic`) and stores
//!   it in the output slot; the worker carries on, and the `JoinHandle`'s poll turns
//!   the panic async-task resumes there into `JoinError::panic`.
//! - **No destructor unwinds into async-task**, which aborts the process on a panic
//!   in its drop paths. `TaskFuture`'s `Drop` catches a panic of the user's future's
//!   destructor, [`Output`] one of the output's (see the table below).
//! - **A `!Send` future never leaves its thread.** `spawn_local` tasks are run only by
//!   the current-thread core on the thread that spawned them (see
//!   `scheduler/current_thread.rs`); if a shutdown on another thread drops one, its
//!   future is leaked rather than dropped off-thread.
//!
//! ## Panics: what is reported where
//!
//! Every panic is caught on the thread where it happens (the panic hook prints it
//! there first, as for any panic); the runtime and its threads carry on. What the
//! task's [`JoinHandle`] then resolves to:
//!
//! | panic in                                                        | caught by                 | `JoinHandle` gives          |
//! |-----------------------------------------------------------------|---------------------------|-----------------------------|
//! | the future's `poll`                                             | async-task (`propagate_panic`) | `JoinError::panic(payload)` |
//! | the future's `Drop` after it completed (the output is dropped)  | `TaskFuture`'s `Drop`     | `JoinError::panic(payload)` |
//! | the future's `Drop` when cancelled: `abort`, runtime shutdown   | `TaskFuture`'s `Drop`     | `JoinError::panic(payload)` |
//! | the future's `Drop` after a panicking `poll`                    | `TaskFuture`'s `Drop`     | the `poll` panic            |
//! | the output's `Drop`, `JoinHandle` dropped before completion     | [`Output`]'s `Drop`       | — (no handle: the hook's report only) |
//! | the output's `Drop`, `JoinHandle` dropped after completion      | [`Output`]'s `Drop`       | — (as above; the handle's drop returns normally) |
//! | the output's `Drop` after a destructor panic was reported       | [`Output`]'s `Drop`       | the destructor's panic      |
//!
//! The payload of a destructor's panic reaches the handle through a side table
//! (`drop_panic.rs`) and a flag in [`Meta`], since async-task gives a cancelled task
//! no output slot. This is tokio's behaviour. One case is not caught: a panic
//! *payload* whose own `Drop` panics, dropped unobserved by async-task, aborts, as
//! std aborts for a thread's result that panics on drop.
//!
//! loom checks the abort additions and the destructor-panic report (`loom_task_*`
//! in `src/loom_tests.rs`).

mod drop_panic;
mod join;
pub(crate) mod meta;
mod output;
mod owned;

use std::future::Future;
use std::mem::ManuallyDrop;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::pin::Pin;
use std::task::{Context, Poll};

pub use join::{JoinError, JoinHandle};
pub(crate) use meta::Meta;
use output::Output;
pub(crate) use owned::OwnedTasks;
#[cfg(all(test, loom))]
pub(crate) use owned::TaskId;

use crate::handle::Handle;

/// The runnable half of a task, as run queues hold it.
pub(crate) type Runnable = async_task::Runnable<Meta>;

/// The future an async-task allocation really holds: the user's future, with abort,
/// registration and deregistration around it. Its output is the user's output in an
/// [`Output`] (whose destructor cannot unwind): async-task catches panics
/// (`propagate_panic`) and stores them beside it, and a cancelled task has no output
/// at all; so the output slot of a `()` task is 16 bytes and the whole allocation 72.
struct TaskFuture<'a, F> {
    meta: &'a Meta,
    future: ManuallyDrop<F>,
}

impl<F: Future> Future for TaskFuture<'_, F> {
    type Output = Output<F::Output>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        // SAFETY: `future` is structurally pinned: it is never moved out of `self`,
        // and `Drop` drops it in place. Going through `&mut` (never `&Self`) matters
        // for Miri: a shared reference to the whole struct would assert that a
        // self-referential future inside it is not mutated.
        let this = unsafe { self.get_unchecked_mut() };
        let meta = this.meta;
        if meta.is_aborted() {
            return cancel(cx);
        }
        // SAFETY: as above, `future` is pinned with `self`.
        let future = unsafe { Pin::new_unchecked(&mut *this.future) };
        let poll = future.poll(cx).map(Output::new);
        if poll.is_pending() {
            if let Some(handle) = meta.handle() {
                if meta.id().is_none() {
                    // The task goes idle for the first time: register it, so that
                    // shutdown and `abort` can find it (`owned.rs`).
                    match handle.inner.tasks.insert(cx.waker().clone()) {
                        Some(id) => {
                            if meta.set_id_and_check_abort(id) {
                                return cancel(cx);
                            }
                        }
                        // The runtime is shutting down: its closed scheduler drops
                        // the task when it is scheduled again, right away.
                        None => cx.waker().wake_by_ref(),
                    }
                }
            }
        }
        poll
    }
}

/// An aborted task asks to be scheduled once more; [`run`] then drops its runnable,
/// which cancels it (no output: its `JoinHandle` gives a cancelled `JoinError`).
fn cancel<T>(cx: &mut Context<'_>) -> Poll<T> {
    cx.waker().wake_by_ref();
    Poll::Pending
}

/// Runs a task once: polls it, or cancels it (drops its runnable, and so its
/// future) if it was aborted. Every scheduler runs tasks through this.
pub(crate) fn run(runnable: Runnable) {
    if runnable.metadata().is_aborted() {
        drop(runnable);
    } else {
        runnable.run();
    }
}

impl<F> Drop for TaskFuture<'_, F> {
    fn drop(&mut self) {
        let meta = self.meta;
        let on_owner_thread = !meta.is_local()
            || meta
                .handle()
                .is_some_and(|handle| handle.inner.scheduler.is_local_owner_thread());
        if on_owner_thread {
            // async-task calls this inside its abort-on-panic guard: a panic in the
            // user's destructor is caught here and reported to the `JoinHandle`
            // (`drop_panic.rs`), so the process and the runtime carry on.
            let dropped = catch_unwind(AssertUnwindSafe(|| {
                // SAFETY: dropped exactly once, here, in place (it is pinned); if
                // its destructor panics, the future is never touched again.
                unsafe { ManuallyDrop::drop(&mut self.future) }
            }));
            if let Err(payload) = dropped {
                meta.record_drop_panic(payload);
            }
        }
        if let (Some(handle), Some(id)) = (meta.handle(), meta.id()) {
            handle.inner.tasks.remove(id);
        }
    }
}

/// The schedule function of every registered task: zero-sized, so async-task needs
/// no keep-alive reference around it (see [`crate::handle::schedule`]).
fn schedule(runnable: Runnable) {
    crate::handle::schedule(runnable);
}

/// Builds a task around `future`, for `handle`'s runtime, whose runnable goes to
/// that runtime's scheduler whenever it is woken. The caller schedules it once.
///
/// # Safety
///
/// If `F` is not `Send`, `local` must be set and the returned runnable (and every
/// later one) must only be run on the calling thread, the runtime's local thread;
/// dropping it elsewhere is allowed (the future is leaked).
pub(crate) unsafe fn spawn_registered<F>(
    handle: &Handle,
    future: F,
    local: bool,
) -> (Runnable, JoinHandle<F::Output>)
where
    F: Future + 'static,
    F::Output: 'static,
{
    let meta = Meta::new(Some(handle.clone()), local);
    // SAFETY: forwarded to our caller for `!Send` futures; the future borrows only
    // the metadata, which lives as long as the allocation; `schedule` is a function.
    let (runnable, task) = unsafe { build(future, meta, schedule) };
    (runnable, JoinHandle::new(task))
}

/// Builds a task that no registry tracks (the blocking pool's): it must never go
/// idle, being always queued or running to completion, or `abort` cannot wake it.
pub(crate) fn spawn_unregistered<F, S>(future: F, schedule: S) -> (Runnable, JoinHandle<F::Output>)
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
    S: Fn(Runnable) + Send + Sync + 'static,
{
    // SAFETY: the future is `Send + 'static` and borrows only the metadata; the
    // schedule function is `Send + Sync + 'static`.
    let (runnable, task) = unsafe { build(future, Meta::new(None, false), schedule) };
    (runnable, JoinHandle::new(task))
}

/// # Safety
///
/// As [`async_task::Builder::spawn_unchecked`] for a non-`Send` `F`.
unsafe fn build<F, S>(
    future: F,
    meta: Meta,
    schedule: S,
) -> (Runnable, async_task::Task<Output<F::Output>, Meta>)
where
    F: Future + 'static,
    F::Output: 'static,
    S: Fn(Runnable) + Send + Sync + 'static,
{
    // SAFETY: the caller upholds the thread rule for `!Send` futures; the future
    // borrows only the metadata, which async-task keeps until the future is dropped.
    unsafe {
        async_task::Builder::new()
            .metadata(meta)
            .propagate_panic(true)
            .spawn_unchecked(
                move |meta| TaskFuture {
                    meta,
                    future: ManuallyDrop::new(future),
                },
                schedule,
            )
    }
}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;

    #[test]
    fn per_task_overhead_stays_small() {
        // async-task's header is 56 bytes with our `Meta`; the union of the future
        // and the output (`Result<(), Panic>`, async-task's) is 16: 72 in all, an
        // 80-byte malloc chunk.
        assert_eq!(std::mem::size_of::<Meta>(), 16);
        assert_eq!(
            std::mem::size_of::<TaskFuture<'_, std::future::Ready<()>>>(),
            16
        );
        assert_eq!(
            std::mem::size_of::<Result<Output<()>, Box<dyn std::any::Any + Send>>>(),
            16
        );
    }
}
