//! `Registration` and `SetReadiness`: a readiness source that lives in user space.
//!
//! Both are thin handles on one shared [`Node`](crate::readiness) (see
//! `readiness.rs` for the protocol). `SetReadiness` may be cloned and used from any
//! thread; `Registration` is the handle given to `Poll::register`. Dropping the
//! `Registration` deregisters it (SPEC R6); dropping every `SetReadiness` leaves the
//! registration as it is (SPEC R11).

use std::fmt;
use std::io;
use std::sync::Arc;

use crate::readiness::Node;
use crate::{Evented, Notify, Poll, PollOpt, Ready, Token};

/// Handle to a user-space readiness source, registered with a [`Poll`] like a socket.
///
/// Created with its [`SetReadiness`] by [`Registration::new2`]. Readiness set before
/// the registration is registered is kept and delivered once it is (SPEC R3).
///
/// ```
/// use runtime_reactor::{Events, Poll, PollOpt, Ready, Registration, Token};
/// use std::time::Duration;
///
/// let poll = Poll::new()?;
/// let (registration, set_readiness) = Registration::new2();
/// poll.register(&registration, Token(1), Ready::readable(), PollOpt::edge())?;
///
/// std::thread::spawn(move || set_readiness.set_readiness(Ready::readable()));
///
/// let mut events = Events::with_capacity(8);
/// poll.poll(&mut events, None)?;
/// let event = events.iter().next().unwrap();
/// assert_eq!(event.token(), Token(1));
/// assert_eq!(event.readiness(), Ready::readable());
/// # Ok::<(), std::io::Error>(())
/// ```
pub struct Registration {
    node: Arc<Node>,
}

/// Updates the readiness of a [`Registration`], from any thread.
///
/// ```
/// use runtime_reactor::{Ready, Registration};
///
/// let (_registration, set_readiness) = Registration::new2();
/// set_readiness.set_readiness(Ready::writable())?;
/// assert_eq!(set_readiness.readiness(), Ready::writable());
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Clone)]
pub struct SetReadiness {
    node: Arc<Node>,
}

impl Registration {
    /// A new registration and the handle that sets its readiness.
    ///
    /// Allocates one shared node and nothing else: no descriptor, thread or syscall
    /// (SPEC R1). The readiness starts empty.
    pub fn new2() -> (Registration, SetReadiness) {
        let node = Arc::new(Node::new());
        (Registration { node: node.clone() }, SetReadiness { node })
    }

    /// Binds the registration to `notify` instead of a [`Poll`]: from now on every
    /// `set_readiness` with non-empty readiness calls `notify.notify` itself, on the
    /// setting thread (SPEC N1–N5, in `SPEC.md` at the repository root). If the
    /// readiness is already non-empty, `notify` is called at once.
    ///
    /// Fails with `AlreadyExists` if the registration is registered with a `Poll` or
    /// already bound to a callback.
    ///
    /// ```
    /// use runtime_reactor::{Notify, Ready, Registration};
    /// use std::sync::{Arc, Mutex};
    ///
    /// struct Log(Mutex<Vec<Ready>>);
    /// impl Notify for Log {
    ///     fn notify(&self, ready: Ready) {
    ///         self.0.lock().unwrap().push(ready);
    ///     }
    /// }
    ///
    /// let log = Arc::new(Log(Mutex::new(Vec::new())));
    /// let (registration, set_readiness) = Registration::new2();
    /// set_readiness.set_readiness(Ready::writable())?; // before binding: kept
    /// registration.bind_notify(log.clone())?; // called at once (SPEC N3)
    /// set_readiness.set_readiness(Ready::readable())?;
    /// set_readiness.set_readiness(Ready::empty())?; // no call for empty readiness
    /// registration.unbind_notify()?;
    /// set_readiness.set_readiness(Ready::readable())?; // unbound: no call
    /// assert_eq!(*log.0.lock().unwrap(), [Ready::writable(), Ready::readable()]);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn bind_notify(&self, notify: Arc<dyn Notify>) -> io::Result<()> {
        self.node.bind_notify(notify)
    }

    /// Unbinds the callback set by [`bind_notify`](Registration::bind_notify); no
    /// new call begins after this returns. Dropping the `Registration` does the same.
    /// Fails with `NotFound` if no callback is bound.
    ///
    /// ```
    /// use runtime_reactor::Registration;
    /// use std::io::ErrorKind;
    ///
    /// let (registration, _set) = Registration::new2();
    /// assert_eq!(registration.unbind_notify().unwrap_err().kind(), ErrorKind::NotFound);
    /// ```
    pub fn unbind_notify(&self) -> io::Result<()> {
        self.node.unbind_notify()
    }
}

impl SetReadiness {
    /// The readiness last set, whatever the registration's interest (SPEC R2).
    pub fn readiness(&self) -> Ready {
        self.node.readiness()
    }

    /// Replaces the readiness with `ready` (it does not add to it: SPEC R2).
    ///
    /// If the registration is registered, armed, and `ready` overlaps its interest,
    /// an event is queued for its `Poll`, which is woken if it sleeps (SPEC O1–O3,
    /// P5); registered with a dispatching `Poll`, or bound to a callback, it calls
    /// that callback instead, on this thread (SPEC D1, N2).
    /// Always returns `Ok(())`, also after the registration was deregistered or
    /// dropped (SPEC R6); the `Result` is kept for mio 0.6's signature.
    pub fn set_readiness(&self, ready: Ready) -> io::Result<()> {
        self.node.set_readiness(ready);
        Ok(())
    }
}

impl Evented for Registration {
    fn register(
        &self,
        poll: &Poll,
        token: Token,
        interest: Ready,
        opts: PollOpt,
    ) -> io::Result<()> {
        check_args(token, opts)?;
        self.node
            .register(poll.readiness_queue(), token, interest, opts)
    }

    fn reregister(
        &self,
        poll: &Poll,
        token: Token,
        interest: Ready,
        opts: PollOpt,
    ) -> io::Result<()> {
        check_args(token, opts)?;
        self.node
            .reregister(poll.readiness_queue(), token, interest, opts)
    }

    fn deregister(&self, poll: &Poll) -> io::Result<()> {
        self.node.deregister(poll.readiness_queue())
    }
}

/// SPEC R10 and the one contradictory option.
fn check_args(token: Token, opts: PollOpt) -> io::Result<()> {
    if token == Token::WAKE {
        return Err(crate::error::reserved_token());
    }
    if opts.is_contradictory() {
        return Err(crate::error::edge_and_level());
    }
    Ok(())
}

impl Drop for Registration {
    fn drop(&mut self) {
        self.node.deregister_any();
    }
}

impl fmt::Debug for Registration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Registration")
            .field("readiness", &self.node.readiness())
            .finish_non_exhaustive()
    }
}

impl fmt::Debug for SetReadiness {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SetReadiness")
            .field("readiness", &self.node.readiness())
            .finish_non_exhaustive()
    }
}
