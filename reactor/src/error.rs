//! The errors the reactor returns for bad input: each names what was wrong.

use std::io::{Error, ErrorKind};

pub(crate) fn reserved_token() -> Error {
    Error::new(
        ErrorKind::InvalidInput,
        "Token(usize::MAX) is reserved for the reactor's wake-up; use another token",
    )
}

pub(crate) fn too_many_registrations(limit: usize) -> Error {
    Error::new(
        ErrorKind::OutOfMemory,
        format!(
            "a Poll holds at most {limit} user-space registrations; deregister or drop some first"
        ),
    )
}

pub(crate) fn edge_and_level() -> Error {
    Error::new(
        ErrorKind::InvalidInput,
        "PollOpt::edge() and PollOpt::level() are exclusive; pass one of them",
    )
}

pub(crate) fn already_registered_here() -> Error {
    Error::new(
        ErrorKind::AlreadyExists,
        "this registration is already registered with this Poll (an Async's, if an Async \
         owns it); use reregister to change it, or share that Async",
    )
}

pub(crate) fn registered_elsewhere() -> Error {
    Error::new(
        ErrorKind::AlreadyExists,
        "this registration belongs to another Poll (an Async's, if an Async owns it); \
         deregister it there (or drop the Async) first",
    )
}

pub(crate) fn not_registered() -> Error {
    Error::new(
        ErrorKind::NotFound,
        "this registration is not registered with any Poll; call register first",
    )
}

pub(crate) fn not_registered_here() -> Error {
    Error::new(
        ErrorKind::NotFound,
        "this registration is registered with another Poll, not this one",
    )
}

pub(crate) fn zero_capacity() -> Error {
    Error::new(
        ErrorKind::InvalidInput,
        "Events::with_capacity(0) cannot hold an event; give it a capacity of at least 1",
    )
}

#[cfg(all(unix, not(loom)))]
pub(crate) fn os_level() -> Error {
    Error::new(
        ErrorKind::Unsupported,
        "OS sources are edge-triggered only (mio 1.x); register them with PollOpt::edge()",
    )
}

#[cfg(all(unix, not(loom)))]
pub(crate) fn os_oneshot() -> Error {
    Error::new(
        ErrorKind::Unsupported,
        "OS sources do not support PollOpt::oneshot() (mio 1.x); register with PollOpt::edge() and reregister or deregister yourself",
    )
}

#[cfg(all(unix, not(loom)))]
pub(crate) fn os_empty_interest() -> Error {
    Error::new(
        ErrorKind::InvalidInput,
        "an OS source needs an interest with readable, writable, error or hup",
    )
}

pub(crate) fn notify_bound() -> Error {
    Error::new(
        ErrorKind::AlreadyExists,
        "this registration is bound to a callback by Registration::bind_notify; call \
         unbind_notify first",
    )
}

pub(crate) fn bound_to_poll() -> Error {
    Error::new(
        ErrorKind::AlreadyExists,
        "this registration is registered with a Poll (an Async's, if an Async owns it), \
         so it cannot also be bound to a callback; deregister it from that Poll (or drop \
         the Async) before bind_notify",
    )
}

pub(crate) fn not_notify_bound() -> Error {
    Error::new(
        ErrorKind::NotFound,
        "this registration is not bound to a Notify callback; call bind_notify first",
    )
}

pub(crate) fn dispatch_edge_only() -> Error {
    Error::new(
        ErrorKind::Unsupported,
        "this Poll dispatches user-space readiness to callbacks, which are edge-triggered only: register with PollOpt::edge()",
    )
}
