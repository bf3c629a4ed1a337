//! What the platform gives a `Poll`: the kernel half it blocks in, and the wake-up
//! that makes a blocked poller return.
//!
//! A backend provides `Kernel`: `new()` makes the kernel's poller with its
//! wake-up registered on `Token::WAKE`, and returns the `WakeUp` the readiness
//! queue calls (at most once per sleep, `readiness_queue.rs`); `select(timeout,
//! f)` blocks up to `timeout` and calls `f(token, readiness)` for each OS event,
//! consuming wake-ups itself. On Unix, OS sources are registered by file
//! descriptor through the registry `new()` returns too.
//!
//! | backend | kernel | wake-up |
//! |---|---|---|
//! | `mio_kernel.rs`, Linux | mio (epoll) | `pipe.rs`: a pipe reopened read-write as one descriptor (an eventfd without `/proc`), read empty when reported |
//! | `mio_kernel.rs`, elsewhere and under Miri | mio (kqueue, IOCP, ...) | mio's `Waker`, which resets itself |
//! | `model.rs`, under `cfg(loom)` | a flag and a condition variable: no OS source, no clock | sets the flag |
//!
//! Registering OS sources by file descriptor (`EventedFd`, mio's socket types) is
//! Unix-only (`poll.rs`, `evented.rs`): on Windows mio registers sockets through
//! `&mut` access that mio 0.6's `Evented` signatures cannot give, so there a `Poll`
//! carries user-space sources only. Under loom, the model stands in for the kernel
//! so that the models drive the real `Poll::poll`.

#[cfg(not(loom))]
mod mio_kernel;
#[cfg(loom)]
mod model;
#[cfg(all(target_os = "linux", not(miri), not(loom)))]
mod pipe;

#[cfg(not(loom))]
pub(crate) use mio_kernel::{Kernel, Registry};
#[cfg(loom)]
pub(crate) use model::{Kernel, Registry};
