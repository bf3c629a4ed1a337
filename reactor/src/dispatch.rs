//! Dispatching `Poll`s: user-space readiness handed to callbacks instead of queued.
//!
//! A `Poll` normally *queues* user-space readiness: `set_readiness` marks the
//! registration and the thread in `poll` turns it into an event. When whoever waits
//! for the event is not that thread but someone it would only relay the event to
//! (a task, through its `Waker`), the relay costs a wake-up of the polling thread
//! per event. A `Poll` made by [`Poll::with_dispatch`](crate::Poll::with_dispatch)
//! removes it: when a user-space registration is registered (or reregistered) with
//! it, the `Poll` asks its [`Dispatch`] for the [`Notify`] of that token, and from
//! then on `set_readiness`, on whatever thread calls it, calls that callback itself.
//! OS sources registered with the same `Poll` are polled as usual.
//!
//! The contract is SPEC D1–D3: the callback sees every set that overlaps the
//! interest, with readiness ∩ interest, and registering over overlapping readiness
//! calls it at once (as R3, R4 queue an event); only edge registrations are
//! accepted; otherwise the registration is one of that `Poll` (R5–R10). The
//! mechanism is the notify binding of `notify.rs`: the node keeps the callback and
//! `NOTIFY` in its word, next to the registration with the `Poll`
//! (`readiness.rs`).
//!
//! A runtime whose tasks await registrations can register them all with such a
//! `Poll` (`runtime-executor` does, for every `Async`): a foreign thread's
//! `set_readiness` then records the readiness where the task looks for it and wakes
//! the task in one hop.

use std::sync::Arc;

use crate::{Notify, Token};

/// What a dispatching `Poll` asks for the callback of each user-space registration;
/// see the module docs.
///
/// ```
/// use runtime_reactor::{Dispatch, Events, Notify, Poll, PollOpt, Ready, Registration, Token};
/// use std::sync::{Arc, Mutex};
/// use std::time::Duration;
///
/// /// Records `(token, readiness)` for every call.
/// #[derive(Default)]
/// struct Log(Mutex<Vec<(Token, Ready)>>);
///
/// struct ForToken(Token, Arc<Log>);
/// impl Notify for ForToken {
///     fn notify(&self, ready: Ready) {
///         self.1 .0.lock().unwrap().push((self.0, ready));
///     }
/// }
///
/// struct ToLog(Arc<Log>);
/// impl Dispatch for ToLog {
///     fn bind(&self, token: Token) -> Arc<dyn Notify> {
///         Arc::new(ForToken(token, self.0.clone()))
///     }
/// }
///
/// let log = Arc::new(Log::default());
/// let poll = Poll::with_dispatch(Arc::new(ToLog(log.clone())))?;
/// let (registration, set_readiness) = Registration::new2();
/// poll.register(&registration, Token(4), Ready::readable(), PollOpt::edge())?;
/// std::thread::spawn(move || set_readiness.set_readiness(Ready::readable()))
///     .join()
///     .unwrap()?;
/// // Called on the setting thread; nothing to poll.
/// assert_eq!(*log.0.lock().unwrap(), [(Token(4), Ready::readable())]);
/// let mut events = Events::with_capacity(4);
/// assert_eq!(poll.poll(&mut events, Some(Duration::ZERO))?, 0);
/// # Ok::<(), std::io::Error>(())
/// ```
pub trait Dispatch: Send + Sync {
    /// The callback for the registration being registered under `token`. Called
    /// under the registration's own lock: it must not touch that registration.
    fn bind(&self, token: Token) -> Arc<dyn Notify>;
}
