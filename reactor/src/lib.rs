//! mio 0.6's `Poll` / `Registration` / `SetReadiness` API on top of mio 1.x.
//!
//! A [`Registration`] is a readiness source that lives in user space: any thread sets
//! its readiness through a [`SetReadiness`], and the [`Poll`] it is registered with
//! delivers the event, alongside those of OS sockets. mio 0.7 removed the type; this
//! crate brings it back with the semantics that `SPEC.md`, at the root of the
//! repository, states one numbered statement at a time (R1–R11, O1–O4, E1–E4, P1–P6,
//! N1–N5, and I1–I3, D1–D3 for runtimes built on a `Poll`): it keeps what mio 0.6's
//! users relied on and fixes its known defects, which its section "Deliberate
//! differences from mio 0.6.23" lists with the reasons. Tests and docs name the
//! statement they rely on (`// SPEC R7`).
//!
//! ```
//! use runtime_reactor::{Events, Poll, PollOpt, Ready, Registration, Token};
//! use std::thread;
//!
//! let poll = Poll::new()?;
//! let (registration, set_readiness) = Registration::new2();
//! poll.register(&registration, Token(0), Ready::readable(), PollOpt::edge())?;
//!
//! let producer = thread::spawn(move || set_readiness.set_readiness(Ready::readable()));
//!
//! let mut events = Events::with_capacity(8);
//! poll.poll(&mut events, None)?; // returns only with an event
//! let event = events.iter().next().unwrap();
//! assert_eq!((event.token(), event.readiness()), (Token(0), Ready::readable()));
//! producer.join().unwrap()?;
//! # Ok::<(), std::io::Error>(())
//! ```
//!
//! ## Map of the crate
//!
//! | file                 | what it holds                                             |
//! |----------------------|-----------------------------------------------------------|
//! | `token.rs`, `ready.rs`, `poll_opt.rs`, `event_types.rs` | the value types: `Token`, `Ready`, `PollOpt`, `Event`, `Events` |
//! | `error.rs`           | the errors returned for bad input, each naming the problem |
//! | `registration.rs`    | the user-facing `Registration` / `SetReadiness` handles   |
//! | `readiness.rs`       | the per-registration atomic word and its protocol         |
//! | `slots.rs`           | a queue's pending bits and owners, one slot per registration |
//! | `readiness_queue.rs` | a `Poll`'s queue, the sleep/wake handshake, the interrupt flags |
//! | `poll.rs`            | `Poll`: the queue and the kernel's poller behind one `poll` |
//! | `interrupt.rs`       | `Interrupter`: a poll returns without an event (SPEC I1–I3) |
//! | `dispatch.rs`        | `Dispatch`: a `Poll` that hands user-space readiness to callbacks (SPEC D1–D3) |
//! | `source_fd.rs`       | `unix::SourceFd`: an owned descriptor as a source (Unix)  |
//! | `notify.rs`          | `Notify`: a registration bound to a callback, not a `Poll` |
//! | `evented.rs`         | the `Evented` trait, `EventedFd`, mio's socket types (Unix) |
//! | `sys/`               | the kernel half and the wake-up per platform: `mio_kernel.rs` (mio), `pipe.rs` (Linux's wake-up descriptor), `model.rs` (under loom) |
//! | `sync.rs`            | the atomics and locks of the protocols, loom's under `cfg(loom)` |
//! | `loom_tests.rs`      | loom models driving the real `Poll` (`cfg(loom)`)          |
//!
//! ## Platforms
//!
//! Built wherever mio 1.x builds; tested on Linux. OS sources are registered by file
//! descriptor (`unix::EventedFd`, and the socket types of `net`, which implement
//! [`Evented`] on Unix only); on Windows a `Poll` carries user-space registrations
//! alone.

#![deny(missing_docs)]

mod dispatch;
mod error;
mod event_types;
mod evented;
mod interrupt;
mod notify;
mod poll;
mod poll_opt;
mod readiness;
mod readiness_queue;
mod ready;
mod registration;
mod slots;
#[cfg(all(unix, not(loom)))]
mod source_fd;
mod sync;
mod sys;
mod token;

#[cfg(all(test, loom))]
mod loom_tests;

pub use crate::dispatch::Dispatch;
pub use crate::event_types::{Event, Events, Iter};
pub use crate::evented::Evented;
pub use crate::interrupt::Interrupter;
pub use crate::notify::Notify;
pub use crate::poll::Poll;
pub use crate::poll_opt::PollOpt;
pub use crate::ready::Ready;
pub use crate::registration::{Registration, SetReadiness};
pub use crate::token::Token;

/// The event types and the `Evented` trait, where mio 0.6 kept them.
pub mod event {
    pub use crate::event_types::{Event, Events, Iter};
    pub use crate::evented::Evented;
}

/// Unix-specific sources (on Unix only).
#[cfg(all(unix, not(loom)))]
pub mod unix {
    pub use crate::evented::EventedFd;
    pub use crate::source_fd::SourceFd;
}

/// mio 1.x's non-blocking sockets, which implement [`Evented`] on Unix.
pub mod net {
    pub use mio::net::*;
}
