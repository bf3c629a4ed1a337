//! `async-executor`: the smol stack's executor as its docs show for several threads:
//! one `Executor`, two threads each running
//! `futures_lite::future::block_on(ex.run(shutdown.recv()))`, tasks spawned with
//! `Executor::spawn` (from inside a task, through a clone of the `Arc<Executor>`),
//! `futures_lite::future::yield_now`. The wake-up from a plain thread is an
//! `async_channel::bounded(1)`: `send_blocking` from the thread (never full: the
//! workload alternates), `recv().await` in the task.
//!
//! `async-io` is not used here: these workloads do no I/O and no timers, and its
//! `block_on` would park the executor threads in epoll instead of on a futex, which
//! only slows their wake-ups. The timer workloads use `async-io` (`async_io.rs`).

use std::future::Future;
use std::sync::Arc;
use std::thread;

use async_executor::{Executor as Ex, Task};

use super::{Executor, WORKERS};

/// Marker type for async-executor on [`WORKERS`] threads.
#[derive(Debug)]
pub struct AsyncExecutor;

/// The executor and the threads running it; dropping it stops and joins them.
#[derive(Debug)]
pub struct Threads {
    ex: Arc<Ex<'static>>,
    shutdown: Option<async_channel::Sender<()>>,
    threads: Vec<thread::JoinHandle<()>>,
}

impl Drop for Threads {
    fn drop(&mut self) {
        // Closing the channel ends every `ex.run(shutdown.recv())`.
        drop(self.shutdown.take());
        for thread in self.threads.drain(..) {
            thread.join().expect("async-executor: thread panicked");
        }
    }
}

impl Threads {
    /// One executor run by [`WORKERS`] threads, each in
    /// `futures_lite::future::block_on` or, with `io`, in `async_io::block_on` (which
    /// drives async-io's reactor and timers while the executor waits).
    pub fn start(io: bool) -> Threads {
        let ex = Arc::new(Ex::new());
        let (signal, shutdown) = async_channel::unbounded::<()>();
        let threads = (0..WORKERS)
            .map(|_| {
                let ex = ex.clone();
                let shutdown = shutdown.clone();
                thread::spawn(move || {
                    let _ = if io {
                        async_io::block_on(ex.run(shutdown.recv()))
                    } else {
                        futures_lite::future::block_on(ex.run(shutdown.recv()))
                    };
                })
            })
            .collect();
        Threads {
            ex,
            shutdown: Some(signal),
            threads,
        }
    }
}

impl Executor for AsyncExecutor {
    const NAME: &'static str = "async-executor";
    type Runtime = Threads;
    type Spawner = Arc<Ex<'static>>;
    type Join<T: Send + 'static> = Task<T>;
    type Bell = async_channel::Receiver<()>;
    type Ringer = async_channel::Sender<()>;

    fn build() -> Threads {
        Threads::start(false)
    }

    fn run<F, Fut>(runtime: &Threads, root: F) -> Fut::Output
    where
        F: FnOnce(Arc<Ex<'static>>) -> Fut,
        Fut: Future + Send + 'static,
        Fut::Output: Send + 'static,
    {
        let task = runtime.ex.spawn(root(runtime.ex.clone()));
        futures_lite::future::block_on(task)
    }

    #[inline]
    fn spawn<F>(ex: &Arc<Ex<'static>>, future: F) -> Task<F::Output>
    where
        F: Future + Send + 'static,
        F::Output: Send + 'static,
    {
        ex.spawn(future)
    }

    #[inline]
    fn join<T: Send + 'static>(handle: Task<T>) -> impl Future<Output = T> + Send {
        handle
    }

    #[inline]
    fn yield_now() -> impl Future<Output = ()> + Send {
        futures_lite::future::yield_now()
    }

    fn bell() -> (async_channel::Receiver<()>, async_channel::Sender<()>) {
        let (tx, rx) = async_channel::bounded(1);
        (rx, tx)
    }

    #[inline]
    fn ring(ringer: &async_channel::Sender<()>) {
        ringer.send_blocking(()).expect("async-channel: send");
    }

    #[inline]
    async fn wait(bell: &mut async_channel::Receiver<()>) {
        bell.recv().await.expect("async-channel: recv");
    }
}
