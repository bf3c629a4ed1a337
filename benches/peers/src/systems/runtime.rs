//! `runtime`: this project.
//!
//! - [`Runtime`] (`runtime`): the reactor (`runtime-reactor`), used exactly as mio
//!   0.6's users would use it: `Poll`, `Events`, `Registration::new2`, `SetReadiness`.
//! - [`RuntimeExecutor`] (`runtime-ct`, `runtime-mt`): the executor
//!   (`runtime-executor`), as its docs show: `Builder::new_current_thread()` or
//!   `Builder::new_multi_thread().worker_threads(2)`, `Runtime::spawn` for the root
//!   task, `runtime_executor::spawn` and `yield_now` inside it; the wake-up from a
//!   plain thread is `SetReadiness::set_readiness` on a `Registration` that the task
//!   awaits as `Async<Registration>` (`readable().await`, then `clear_ready()`).
//! - [`RuntimeTime`] (`runtime-ct`, `runtime-mt` in the timer workloads): the same
//!   executor built through the facade, `runtime::Builder`, which plugs a timer wheel
//!   into it, and `runtime::time::sleep`; the rest is [`RuntimeExecutor`]'s.

use std::future::Future;
use std::time::Duration;

use runtime_executor::Async;
use runtime_reactor::{Events, Poll, PollOpt, Ready, Registration, SetReadiness, Token};

use super::{Executor, Timers, UserPoll, WORKERS};

/// Marker type for our reactor.
#[derive(Debug)]
pub struct Runtime;

impl UserPoll for Runtime {
    const NAME: &'static str = "runtime";
    type Poll = Poll;
    type Events = Events;
    type Registration = Registration;
    type SetReadiness = SetReadiness;

    #[inline]
    fn new_poll() -> Poll {
        Poll::new().expect("runtime: Poll::new")
    }

    #[inline]
    fn events(capacity: usize) -> Events {
        Events::with_capacity(capacity)
    }

    #[inline]
    fn new_registration() -> (Registration, SetReadiness) {
        Registration::new2()
    }

    #[inline]
    fn register_edge_readable(poll: &Poll, reg: &Registration, token: usize) {
        poll.register(reg, Token(token), Ready::readable(), PollOpt::edge())
            .expect("runtime: register");
    }

    #[inline]
    fn set_readable(set: &SetReadiness) {
        set.set_readiness(Ready::readable())
            .expect("runtime: set_readiness");
    }

    #[inline]
    fn poll(poll: &Poll, events: &mut Events, timeout: Option<Duration>) -> usize {
        poll.poll(events, timeout).expect("runtime: poll")
    }

    #[inline]
    fn for_each_event(events: &Events, mut f: impl FnMut(usize, bool)) {
        for event in events {
            f(event.token().0, event.readiness().is_readable());
        }
    }
}

/// The executor: current-thread (`MT = false`) or multi-thread with [`WORKERS`]
/// workers (`MT = true`).
#[derive(Debug)]
pub struct RuntimeExecutor<const MT: bool>;

impl<const MT: bool> Executor for RuntimeExecutor<MT> {
    const NAME: &'static str = if MT { "runtime-mt" } else { "runtime-ct" };
    type Runtime = runtime_executor::Runtime;
    type Spawner = ();
    type Join<T: Send + 'static> = runtime_executor::JoinHandle<T>;
    type Bell = Async<Registration>;
    type Ringer = SetReadiness;

    fn build() -> runtime_executor::Runtime {
        let mut builder = if MT {
            let mut builder = runtime_executor::Builder::new_multi_thread();
            builder.worker_threads(WORKERS);
            builder
        } else {
            runtime_executor::Builder::new_current_thread()
        };
        builder.build().expect("runtime: build")
    }

    fn run<F, Fut>(runtime: &runtime_executor::Runtime, root: F) -> Fut::Output
    where
        F: FnOnce(()) -> Fut,
        Fut: Future + Send + 'static,
        Fut::Output: Send + 'static,
    {
        runtime
            .block_on(runtime.spawn(root(())))
            .expect("runtime: root task failed")
    }

    #[inline]
    fn spawn<F>(_: &(), future: F) -> runtime_executor::JoinHandle<F::Output>
    where
        F: Future + Send + 'static,
        F::Output: Send + 'static,
    {
        runtime_executor::spawn(future)
    }

    #[inline]
    async fn join<T: Send + 'static>(handle: runtime_executor::JoinHandle<T>) -> T {
        handle.await.expect("runtime: task failed")
    }

    #[inline]
    fn yield_now() -> impl Future<Output = ()> + Send {
        runtime_executor::yield_now()
    }

    fn bell() -> (Async<Registration>, SetReadiness) {
        let (registration, set_readiness) = Registration::new2();
        let bell = Async::new(registration).expect("runtime: Async::new");
        (bell, set_readiness)
    }

    #[inline]
    fn ring(ringer: &SetReadiness) {
        ringer
            .set_readiness(Ready::readable())
            .expect("runtime: set_readiness");
    }

    #[inline]
    async fn wait(bell: &mut Async<Registration>) {
        let mut guard = bell.readable().await.expect("runtime: readable");
        guard.clear_ready();
    }
}

/// The facade's runtime (executor + timer wheel): current-thread (`MT = false`) or
/// multi-thread with [`WORKERS`] workers (`MT = true`).
#[derive(Debug)]
pub struct RuntimeTime<const MT: bool>;

impl<const MT: bool> Executor for RuntimeTime<MT> {
    const NAME: &'static str = RuntimeExecutor::<MT>::NAME;
    type Runtime = runtime::Runtime;
    type Spawner = ();
    type Join<T: Send + 'static> = runtime::JoinHandle<T>;
    type Bell = Async<Registration>;
    type Ringer = SetReadiness;

    fn build() -> runtime::Runtime {
        let mut builder = if MT {
            let mut builder = runtime::Builder::new_multi_thread();
            builder.worker_threads(WORKERS);
            builder
        } else {
            runtime::Builder::new_current_thread()
        };
        builder.build().expect("runtime: build")
    }

    fn run<F, Fut>(runtime: &runtime::Runtime, root: F) -> Fut::Output
    where
        F: FnOnce(()) -> Fut,
        Fut: Future + Send + 'static,
        Fut::Output: Send + 'static,
    {
        runtime
            .block_on(runtime.spawn(root(())))
            .expect("runtime: root task failed")
    }

    #[inline]
    fn spawn<F>(_: &(), future: F) -> runtime::JoinHandle<F::Output>
    where
        F: Future + Send + 'static,
        F::Output: Send + 'static,
    {
        runtime::spawn(future)
    }

    #[inline]
    fn join<T: Send + 'static>(handle: runtime::JoinHandle<T>) -> impl Future<Output = T> + Send {
        RuntimeExecutor::<MT>::join(handle)
    }

    #[inline]
    fn yield_now() -> impl Future<Output = ()> + Send {
        runtime::yield_now()
    }

    fn bell() -> (Async<Registration>, SetReadiness) {
        RuntimeExecutor::<MT>::bell()
    }

    #[inline]
    fn ring(ringer: &SetReadiness) {
        RuntimeExecutor::<MT>::ring(ringer)
    }

    #[inline]
    fn wait(bell: &mut Async<Registration>) -> impl Future<Output = ()> + Send + '_ {
        RuntimeExecutor::<MT>::wait(bell)
    }
}

impl<const MT: bool> Timers for RuntimeTime<MT> {
    type Sleep = runtime::time::Sleep;

    #[inline]
    fn sleep(duration: Duration) -> runtime::time::Sleep {
        runtime::time::sleep(duration)
    }
}
