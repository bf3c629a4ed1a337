//! `runtime`: an async runtime built on user-space readiness registrations.
//!
//! mio 0.6 had `Registration` / `SetReadiness`: a readiness source that lives in user
//! space, set from any thread and delivered through the same `Poll` as sockets. mio
//! 0.7 removed it. This crate brings it back on mio 1.x ([`reactor`]) and builds a
//! runtime on it: tasks await registrations set by threads the runtime knows nothing
//! of ([`Async`]), timers fire through the same path ([`timers::Deadline`]), and
//! `sleep`/`timeout`/`interval` run on a hierarchical wheel ([`time`]).
//!
//! ```
//! use runtime::{Async, Ready, Registration};
//!
//! let rt = runtime::Runtime::new()?;
//! rt.block_on(async {
//!     let (registration, set_readiness) = Registration::new2();
//!     let event = Async::new(registration)?;
//!     // A thread the runtime knows nothing of makes it ready.
//!     std::thread::spawn(move || set_readiness.set_readiness(Ready::readable()));
//!     let guard = event.readable().await?;
//!     assert!(guard.ready().is_readable());
//!     Ok::<(), std::io::Error>(())
//! })?;
//! # Ok::<(), std::io::Error>(())
//! ```

#![deny(missing_docs)]

mod runtime;
pub mod time;

pub use crate::runtime::{block_on, Builder, Runtime};
pub use runtime_executor::{
    spawn, spawn_blocking, spawn_local, yield_now, Async, Handle, JoinError, JoinHandle,
    ReadyGuard, RuntimeMetrics, TryCurrentError,
};
pub use runtime_reactor::{Ready, Registration, SetReadiness};

/// Runs an `async fn main` on a runtime (multi-thread by default); see the macros
/// crate for its options.
pub use runtime_macros::main;
/// Runs an `async fn` test on a runtime (current-thread by default).
pub use runtime_macros::test;

/// The reactor: `Poll`, `Registration`, `SetReadiness` and friends (mio 0.6's API).
pub mod reactor {
    pub use runtime_reactor::*;
}

/// Timers that are readiness sources: the seed's [`Deadline`](timers::Deadline).
pub mod timers {
    pub use runtime_timers::Deadline;
}
