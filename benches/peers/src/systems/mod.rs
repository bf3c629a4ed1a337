//! System adapters: one file per system, each implementing the traits its workloads
//! are generic over, so a workload is written once and monomorphised per system.
//!
//! Fairness rules every adapter follows:
//! - the API the system's own docs recommend for the job, nothing private;
//! - the same thread count as every other system in the workload (the workload
//!   spawns the threads, not the adapter);
//! - one binary, one `[profile.release]`: identical codegen settings;
//! - adapters are `#[inline]` shims, so no system pays for indirection.
//!
//! To add a system: write `systems/NAME.rs` implementing the trait(s) of the workload
//! families it takes part in, and add one line per workload in `workloads/*.rs`.
//!
//! Three traits: [`UserPoll`] (mio 0.6's readiness API: `runtime`, `mio06`),
//! [`Executor`] (spawn, join, yield, and a wake-up from a plain thread: `runtime-ct`,
//! `runtime-mt`, `tokio-ct`, `tokio-mt`, `async-executor`, `futures-pool`) and
//! [`Timers`] (an executor's sleep: `runtime-ct`, `runtime-mt` through the facade,
//! `tokio-ct`, `tokio-mt`, `async-io`).

pub mod async_io;
pub mod channels;
pub mod futures_pool;
pub mod mio06;
pub mod net;
pub mod runtime;
pub mod runtime_net;
pub mod smol;
pub mod tokio_net;
pub mod tokio_rt;

use std::future::Future;
use std::time::Duration;

/// Worker threads of every multi-thread executor (`runtime-mt`, `tokio-mt`,
/// `async-executor`, `futures-pool`): the machine this is measured on has two cores.
pub const WORKERS: usize = 2;

/// A task executor, used through the API its own docs recommend.
///
/// Every workload body runs as a *root task* spawned on the executor while the
/// calling thread blocks on its handle, so every `spawn` in the workloads is made
/// from inside the runtime (from a worker, for the multi-thread systems), as
/// `tokio::spawn` in a task or `Executor::spawn` from a task of `Executor::run` are.
pub trait Executor: 'static {
    /// The system's name in the output.
    const NAME: &'static str;
    /// The executor and its threads; dropping it shuts them down.
    type Runtime;
    /// What a task needs to spawn more tasks (`()` where a thread-local does it).
    type Spawner: Clone + Send + Sync + 'static;
    /// A spawned task's handle.
    type Join<T: Send + 'static>: Send + 'static;
    /// The receiving end of a wake-up a plain thread sends to a task.
    type Bell: Send + 'static;
    /// The sending end of that wake-up, used from a plain thread.
    type Ringer: Send + 'static;

    /// Builds the executor (current-thread, or [`WORKERS`] threads).
    fn build() -> Self::Runtime;
    /// Spawns `root(spawner)` as a task and blocks the calling thread until it is
    /// done (for current-thread systems the calling thread runs every task).
    fn run<F, Fut>(runtime: &Self::Runtime, root: F) -> Fut::Output
    where
        F: FnOnce(Self::Spawner) -> Fut,
        Fut: Future + Send + 'static,
        Fut::Output: Send + 'static;
    /// Spawns a task, from inside a task of the runtime.
    fn spawn<F>(spawner: &Self::Spawner, future: F) -> Self::Join<F::Output>
    where
        F: Future + Send + 'static,
        F::Output: Send + 'static;
    /// Awaits a handle; panics if the task failed.
    fn join<T: Send + 'static>(handle: Self::Join<T>) -> impl Future<Output = T> + Send;
    /// The system's `yield_now`.
    fn yield_now() -> impl Future<Output = ()> + Send;
    /// A wake-up channel from a plain thread to one task; made inside a task.
    fn bell() -> (Self::Bell, Self::Ringer);
    /// Sends one wake-up, from a thread the executor knows nothing of.
    fn ring(ringer: &Self::Ringer);
    /// Waits for the next wake-up, consuming it.
    fn wait(bell: &mut Self::Bell) -> impl Future<Output = ()> + Send + '_;
}

/// An executor's timers: the sleep its docs recommend, on the runtime it runs in
/// (`runtime::time::sleep`, `tokio::time::sleep`, `async_io::Timer::after`).
pub trait Timers: Executor {
    /// The sleep future (may be `!Unpin`: workloads pin it).
    type Sleep: Future + Send + 'static;
    /// A sleep of `duration` from now, made inside a task of the runtime. Like the
    /// systems' own sleeps, it reads the clock when made, not when first polled.
    fn sleep(duration: Duration) -> Self::Sleep;
}

/// mio 0.6's user-space readiness API: `Poll`, `Events`, `Registration::new2`,
/// `SetReadiness`. Implemented by our reactor and by mio 0.6.23 itself.
pub trait UserPoll: 'static {
    /// The system's name in the output.
    const NAME: &'static str;
    /// `Poll`.
    type Poll: Send + Sync + 'static;
    /// `Events`.
    type Events: Send + 'static;
    /// `Registration`.
    type Registration: Send + 'static;
    /// `SetReadiness`.
    type SetReadiness: Clone + Send + Sync + 'static;

    /// `Poll::new()`.
    fn new_poll() -> Self::Poll;
    /// `Events::with_capacity(capacity)`.
    fn events(capacity: usize) -> Self::Events;
    /// `Registration::new2()`.
    fn new_registration() -> (Self::Registration, Self::SetReadiness);
    /// `poll.register(reg, Token(token), Ready::readable(), PollOpt::edge())`.
    fn register_edge_readable(poll: &Self::Poll, reg: &Self::Registration, token: usize);
    /// `set_readiness.set_readiness(Ready::readable())`.
    fn set_readable(set: &Self::SetReadiness);
    /// `poll.poll(events, timeout)`; the count of events returned.
    fn poll(poll: &Self::Poll, events: &mut Self::Events, timeout: Option<Duration>) -> usize;
    /// Calls `f(token, is_readable)` for each event of the last `poll`.
    fn for_each_event(events: &Self::Events, f: impl FnMut(usize, bool));
}
