//! `tokio-ct`, `tokio-mt`: tokio as its docs show. `Builder::new_current_thread()` or
//! `Builder::new_multi_thread().worker_threads(2)`, with `enable_all()` (what
//! `#[tokio::main]` and `Runtime::new()` give; `runtime` always has its reactor too);
//! `Runtime::spawn` for the root task, `tokio::spawn` and `tokio::task::yield_now`
//! inside it. The wake-up from a plain thread is `Notify::notify_one`, awaited with
//! `Notify::notified` (a permit is stored if the task is not waiting yet, so no
//! wake-up is lost): tokio's own primitive for "wake a task from anywhere".

use std::future::Future;
use std::sync::Arc;

use tokio::sync::Notify;

use super::{Executor, Timers, WORKERS};

/// Current-thread (`MT = false`) or multi-thread with [`WORKERS`] workers.
#[derive(Debug)]
pub struct Tokio<const MT: bool>;

impl<const MT: bool> Executor for Tokio<MT> {
    const NAME: &'static str = if MT { "tokio-mt" } else { "tokio-ct" };
    type Runtime = tokio::runtime::Runtime;
    type Spawner = ();
    type Join<T: Send + 'static> = tokio::task::JoinHandle<T>;
    type Bell = Arc<Notify>;
    type Ringer = Arc<Notify>;

    fn build() -> tokio::runtime::Runtime {
        let mut builder = if MT {
            let mut builder = tokio::runtime::Builder::new_multi_thread();
            builder.worker_threads(WORKERS);
            builder
        } else {
            tokio::runtime::Builder::new_current_thread()
        };
        builder.enable_all().build().expect("tokio: build")
    }

    fn run<F, Fut>(runtime: &tokio::runtime::Runtime, root: F) -> Fut::Output
    where
        F: FnOnce(()) -> Fut,
        Fut: Future + Send + 'static,
        Fut::Output: Send + 'static,
    {
        runtime
            .block_on(runtime.spawn(root(())))
            .expect("tokio: root task failed")
    }

    #[inline]
    fn spawn<F>(_: &(), future: F) -> tokio::task::JoinHandle<F::Output>
    where
        F: Future + Send + 'static,
        F::Output: Send + 'static,
    {
        tokio::spawn(future)
    }

    #[inline]
    async fn join<T: Send + 'static>(handle: tokio::task::JoinHandle<T>) -> T {
        handle.await.expect("tokio: task failed")
    }

    #[inline]
    fn yield_now() -> impl Future<Output = ()> + Send {
        tokio::task::yield_now()
    }

    fn bell() -> (Arc<Notify>, Arc<Notify>) {
        let notify = Arc::new(Notify::new());
        (notify.clone(), notify)
    }

    #[inline]
    fn ring(ringer: &Arc<Notify>) {
        ringer.notify_one();
    }

    #[inline]
    async fn wait(bell: &mut Arc<Notify>) {
        bell.notified().await;
    }
}

impl<const MT: bool> Timers for Tokio<MT> {
    type Sleep = tokio::time::Sleep;

    #[inline]
    fn sleep(duration: std::time::Duration) -> tokio::time::Sleep {
        tokio::time::sleep(duration)
    }
}
