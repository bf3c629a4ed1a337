//! `async-io`: async-io's `Timer` on async-executor, as smol's docs run them: one
//! `Executor`, [`WORKERS`](super::WORKERS) threads each running
//! `async_io::block_on(ex.run(shutdown.recv()))` (so an idle executor thread drives
//! async-io's reactor, timers included, instead of leaving it to the fallback
//! `async-io` thread), `Timer::after(duration)` for a sleep. Everything else (spawn,
//! join, yield, wake-ups) is [`AsyncExecutor`]'s.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use async_executor::Executor as Ex;

use super::smol::{AsyncExecutor, Threads};
use super::{Executor, Timers};

/// Marker type for async-executor on [`WORKERS`](super::WORKERS) threads in `async_io::block_on`.
#[derive(Debug)]
pub struct AsyncIo;

impl Executor for AsyncIo {
    const NAME: &'static str = "async-io";
    type Runtime = Threads;
    type Spawner = Arc<Ex<'static>>;
    type Join<T: Send + 'static> = <AsyncExecutor as Executor>::Join<T>;
    type Bell = <AsyncExecutor as Executor>::Bell;
    type Ringer = <AsyncExecutor as Executor>::Ringer;

    fn build() -> Threads {
        Threads::start(true)
    }

    fn run<F, Fut>(runtime: &Threads, root: F) -> Fut::Output
    where
        F: FnOnce(Arc<Ex<'static>>) -> Fut,
        Fut: Future + Send + 'static,
        Fut::Output: Send + 'static,
    {
        AsyncExecutor::run(runtime, root)
    }

    #[inline]
    fn spawn<F>(ex: &Arc<Ex<'static>>, future: F) -> Self::Join<F::Output>
    where
        F: Future + Send + 'static,
        F::Output: Send + 'static,
    {
        AsyncExecutor::spawn(ex, future)
    }

    #[inline]
    fn join<T: Send + 'static>(handle: Self::Join<T>) -> impl Future<Output = T> + Send {
        AsyncExecutor::join(handle)
    }

    #[inline]
    fn yield_now() -> impl Future<Output = ()> + Send {
        AsyncExecutor::yield_now()
    }

    fn bell() -> (Self::Bell, Self::Ringer) {
        AsyncExecutor::bell()
    }

    #[inline]
    fn ring(ringer: &Self::Ringer) {
        AsyncExecutor::ring(ringer)
    }

    #[inline]
    fn wait(bell: &mut Self::Bell) -> impl Future<Output = ()> + Send + '_ {
        AsyncExecutor::wait(bell)
    }
}

impl Timers for AsyncIo {
    type Sleep = async_io::Timer;

    #[inline]
    fn sleep(duration: Duration) -> async_io::Timer {
        async_io::Timer::after(duration)
    }
}
