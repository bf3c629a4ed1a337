//! `runtime`: an async runtime built on user-space readiness registrations.
//!
//! mio 0.6 had `Registration` / `SetReadiness`: a readiness source that lives in user
//! space, set from any thread and delivered through the same `Poll` as sockets. mio
//! 0.7 removed it. This crate brings it back on mio 1.x ([`reactor`]) and builds a
//! runtime on it.
//!
//! ```
//! use runtime::reactor::{Events, Poll, PollOpt, Token};
//! use runtime::{Ready, Registration};
//!
//! let poll = Poll::new()?;
//! let (registration, set_readiness) = Registration::new2();
//! poll.register(&registration, Token(0), Ready::readable(), PollOpt::edge())?;
//! std::thread::spawn(move || set_readiness.set_readiness(Ready::readable()));
//!
//! let mut events = Events::with_capacity(8);
//! poll.poll(&mut events, None)?;
//! assert_eq!(events.iter().next().unwrap().token(), Token(0));
//! # Ok::<(), std::io::Error>(())
//! ```

#![deny(missing_docs)]

/// The reactor: `Poll`, `Registration`, `SetReadiness` and friends (mio 0.6's API).
pub mod reactor {
    pub use runtime_reactor::*;
}

pub use runtime_reactor::{Ready, Registration, SetReadiness};
