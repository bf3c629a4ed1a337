//! `futures-pool`: `futures::executor::ThreadPool` as its docs show:
//! `ThreadPool::builder().pool_size(2).create()`, tasks spawned with
//! `SpawnExt::spawn_with_handle` (the `futures` way to get a task's output back; the
//! pool itself is the spawner, cloned into the root task), the calling thread
//! blocked with `futures::executor::block_on`. `futures` has no `yield_now`:
//! `futures_lite::future::yield_now` is the executor-agnostic one (wake, then
//! `Pending` once). The wake-up from a plain thread is `futures::channel::mpsc`
//! (`unbounded_send`, `next().await`).

use std::future::Future;

use futures::channel::mpsc;
use futures::executor::ThreadPool;
use futures::future::RemoteHandle;
use futures::task::SpawnExt;
use futures::StreamExt;

use super::{Executor, WORKERS};

/// Marker type for futures' `ThreadPool` with [`WORKERS`] threads.
#[derive(Debug)]
pub struct FuturesPool;

impl Executor for FuturesPool {
    const NAME: &'static str = "futures-pool";
    type Runtime = ThreadPool;
    type Spawner = ThreadPool;
    type Join<T: Send + 'static> = RemoteHandle<T>;
    type Bell = mpsc::UnboundedReceiver<()>;
    type Ringer = mpsc::UnboundedSender<()>;

    fn build() -> ThreadPool {
        ThreadPool::builder()
            .pool_size(WORKERS)
            .create()
            .expect("futures: ThreadPool")
    }

    fn run<F, Fut>(pool: &ThreadPool, root: F) -> Fut::Output
    where
        F: FnOnce(ThreadPool) -> Fut,
        Fut: Future + Send + 'static,
        Fut::Output: Send + 'static,
    {
        let handle = pool
            .spawn_with_handle(root(pool.clone()))
            .expect("futures: spawn");
        futures::executor::block_on(handle)
    }

    #[inline]
    fn spawn<F>(pool: &ThreadPool, future: F) -> RemoteHandle<F::Output>
    where
        F: Future + Send + 'static,
        F::Output: Send + 'static,
    {
        pool.spawn_with_handle(future).expect("futures: spawn")
    }

    #[inline]
    fn join<T: Send + 'static>(handle: RemoteHandle<T>) -> impl Future<Output = T> + Send {
        handle
    }

    #[inline]
    fn yield_now() -> impl Future<Output = ()> + Send {
        futures_lite::future::yield_now()
    }

    fn bell() -> (mpsc::UnboundedReceiver<()>, mpsc::UnboundedSender<()>) {
        let (tx, rx) = mpsc::unbounded();
        (rx, tx)
    }

    #[inline]
    fn ring(ringer: &mpsc::UnboundedSender<()>) {
        ringer.unbounded_send(()).expect("futures: send");
    }

    #[inline]
    async fn wait(bell: &mut mpsc::UnboundedReceiver<()>) {
        bell.next().await.expect("futures: recv");
    }
}
