//! Misuse of the reactor API (`runtime::reactor`) and what it gets
//! (docs/misuse.md): each test is one row of the catalogue, asserting the exact
//! error kind and message, and that the `Poll` and the registration are left as
//! they were.

use std::io::ErrorKind;
use std::os::fd::AsRawFd;
use std::sync::Arc;
use std::time::Duration;

use runtime::reactor::unix::EventedFd;
use runtime::reactor::{Events, Notify, Poll, PollOpt, Ready, Registration, Token};

fn assert_error(result: std::io::Result<()>, kind: ErrorKind, message: &str) {
    let err = result.unwrap_err();
    assert_eq!((err.kind(), err.to_string().as_str()), (kind, message));
}

/// One event for `token` comes, and nothing else: the registration still works.
fn assert_works(poll: &Poll, registration: &Registration, token: Token) {
    let _ = registration;
    let mut events = Events::with_capacity(4);
    poll.poll(&mut events, Some(Duration::ZERO)).unwrap();
    let got: Vec<_> = events.iter().map(|e| e.token()).collect();
    assert_eq!(got, [token]);
}

struct Ignore;

impl Notify for Ignore {
    fn notify(&self, _: Ready) {}
}

#[test]
fn the_reserved_token() {
    let message = "Token(usize::MAX) is reserved for the reactor's wake-up; use another token";
    let poll = Poll::new().unwrap();
    let (registration, set) = Registration::new2();
    let reserved = Token(usize::MAX);
    let r = Ready::readable();
    assert_error(
        poll.register(&registration, reserved, r, PollOpt::edge()),
        ErrorKind::InvalidInput,
        message,
    );
    poll.register(&registration, Token(1), r, PollOpt::edge())
        .unwrap();
    assert_error(
        poll.reregister(&registration, reserved, r, PollOpt::edge()),
        ErrorKind::InvalidInput,
        message,
    );
    set.set_readiness(r).unwrap();
    assert_works(&poll, &registration, Token(1));
}

#[test]
fn register_twice_on_one_poll() {
    let poll = Poll::new().unwrap();
    let (registration, set) = Registration::new2();
    let r = Ready::readable();
    poll.register(&registration, Token(1), r, PollOpt::edge())
        .unwrap();
    assert_error(
        poll.register(&registration, Token(2), r, PollOpt::edge()),
        ErrorKind::AlreadyExists,
        "this registration is already registered with this Poll (an Async's, if an Async \
         owns it); use reregister to change it, or share that Async",
    );
    set.set_readiness(r).unwrap();
    assert_works(&poll, &registration, Token(1));
}

#[test]
fn register_with_a_second_poll() {
    let (first, second) = (Poll::new().unwrap(), Poll::new().unwrap());
    let (registration, set) = Registration::new2();
    let r = Ready::readable();
    first
        .register(&registration, Token(1), r, PollOpt::edge())
        .unwrap();
    assert_error(
        second.register(&registration, Token(2), r, PollOpt::edge()),
        ErrorKind::AlreadyExists,
        "this registration belongs to another Poll (an Async's, if an Async owns it); deregister it there (or drop the Async) first",
    );
    let message = "this registration is registered with another Poll, not this one";
    assert_error(
        second.reregister(&registration, Token(2), r, PollOpt::edge()),
        ErrorKind::NotFound,
        message,
    );
    assert_error(
        second.deregister(&registration),
        ErrorKind::NotFound,
        message,
    );
    set.set_readiness(r).unwrap();
    assert_works(&first, &registration, Token(1));
}

#[test]
fn reregister_or_deregister_unregistered() {
    let poll = Poll::new().unwrap();
    let (registration, _set) = Registration::new2();
    let message = "this registration is not registered with any Poll; call register first";
    assert_error(
        poll.reregister(&registration, Token(1), Ready::readable(), PollOpt::edge()),
        ErrorKind::NotFound,
        message,
    );
    assert_error(poll.deregister(&registration), ErrorKind::NotFound, message);
}

#[test]
fn edge_and_level_together() {
    let poll = Poll::new().unwrap();
    let (registration, _set) = Registration::new2();
    assert_error(
        poll.register(
            &registration,
            Token(1),
            Ready::readable(),
            PollOpt::edge() | PollOpt::level(),
        ),
        ErrorKind::InvalidInput,
        "PollOpt::edge() and PollOpt::level() are exclusive; pass one of them",
    );
    // Nothing was registered.
    poll.register(&registration, Token(1), Ready::readable(), PollOpt::edge())
        .unwrap();
}

#[test]
fn bind_notify_misuse() {
    let poll = Poll::new().unwrap();
    let (registration, _set) = Registration::new2();
    assert_error(
        registration.unbind_notify(),
        ErrorKind::NotFound,
        "this registration is not bound to a Notify callback; call bind_notify first",
    );
    poll.register(&registration, Token(1), Ready::readable(), PollOpt::edge())
        .unwrap();
    assert_error(
        registration.bind_notify(Arc::new(Ignore)),
        ErrorKind::AlreadyExists,
        "this registration is registered with a Poll (an Async's, if an Async owns it), \
         so it cannot also be bound to a callback; deregister it from that Poll (or drop \
         the Async) before bind_notify",
    );
    poll.deregister(&registration).unwrap();
    registration.bind_notify(Arc::new(Ignore)).unwrap();
    let bound = "this registration is bound to a callback by Registration::bind_notify; call \
                 unbind_notify first";
    assert_error(
        registration.bind_notify(Arc::new(Ignore)),
        ErrorKind::AlreadyExists,
        bound,
    );
    assert_error(
        poll.register(&registration, Token(1), Ready::readable(), PollOpt::edge()),
        ErrorKind::AlreadyExists,
        bound,
    );
    registration.unbind_notify().unwrap();
    poll.register(&registration, Token(1), Ready::readable(), PollOpt::edge())
        .unwrap();
}

#[test]
fn unsupported_options_and_empty_interest_on_an_os_source() {
    let poll = Poll::new().unwrap();
    let socket = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
    let fd = socket.as_raw_fd();
    let source = EventedFd(&fd);
    let r = Ready::readable();
    assert_error(
        poll.register(&source, Token(1), r, PollOpt::level()),
        ErrorKind::Unsupported,
        "OS sources are edge-triggered only (mio 1.x); register them with PollOpt::edge()",
    );
    assert_error(
        poll.register(&source, Token(1), r, PollOpt::empty()),
        ErrorKind::Unsupported,
        "OS sources are edge-triggered only (mio 1.x); register them with PollOpt::edge()",
    );
    assert_error(
        poll.register(&source, Token(1), r, PollOpt::edge() | PollOpt::oneshot()),
        ErrorKind::Unsupported,
        "OS sources do not support PollOpt::oneshot() (mio 1.x); register with PollOpt::edge() \
         and reregister or deregister yourself",
    );
    assert_error(
        poll.register(&source, Token(1), Ready::empty(), PollOpt::edge()),
        ErrorKind::InvalidInput,
        "an OS source needs an interest with readable, writable, error or hup",
    );
    // Twice, or changed before it is registered: the kernel's errors.
    poll.register(&source, Token(1), r, PollOpt::edge())
        .unwrap();
    let err = poll
        .register(&source, Token(1), r, PollOpt::edge())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::AlreadyExists, "{err}");
    poll.deregister(&source).unwrap();
    let err = poll
        .reregister(&source, Token(1), r, PollOpt::edge())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound, "{err}");
}
