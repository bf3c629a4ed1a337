//! OS sources beside user-space ones: SPEC O4, E1 for sockets, R10 for sockets.
//! Skipped under Miri, which cannot open sockets.

mod util;

use runtime_reactor::net::{TcpListener, TcpStream, UdpSocket, UnixStream};
use runtime_reactor::unix::EventedFd;
use runtime_reactor::{Events, Poll, PollOpt, Ready, Registration, Token};
use std::io::{ErrorKind, Read, Write};
use std::os::fd::AsRawFd;
use std::time::Duration;
use util::{poll_wait, r, w};

fn wait_for(poll: &Poll, events: &mut Events, token: Token) -> Ready {
    loop {
        for (t, ready) in poll_wait(poll, events) {
            if t == token {
                return ready;
            }
        }
    }
}

#[test]
#[cfg_attr(miri, ignore = "real sockets: Miri has no socket support")]
fn tcp_and_user_space_sources_share_one_poll() {
    let poll = Poll::new().unwrap();
    let mut events = Events::with_capacity(16);
    let listener = TcpListener::bind("127.0.0.1:0".parse().unwrap()).unwrap();
    poll.register(&listener, Token(1), r(), PollOpt::edge())
        .unwrap();
    let (reg, set) = Registration::new2();
    poll.register(&reg, Token(2), r(), PollOpt::edge()).unwrap();

    let mut client = TcpStream::connect(listener.local_addr().unwrap()).unwrap();
    poll.register(&client, Token(3), w(), PollOpt::edge())
        .unwrap();
    // Both the listener and the connecting client report, in some order.
    let mut seen = Vec::new();
    while !(seen.contains(&1) && seen.contains(&3)) {
        seen.extend(poll_wait(&poll, &mut events).into_iter().map(|(t, _)| t.0));
    }
    let (mut server, _) = listener.accept().unwrap();
    poll.register(&server, Token(4), r() | Ready::hup(), PollOpt::edge())
        .unwrap();

    set.set_readiness(r()).unwrap();
    client.write_all(b"ping").unwrap();
    let mut seen_user = false;
    let mut seen_data = false;
    while !(seen_user && seen_data) {
        for (t, ready) in poll_wait(&poll, &mut events) {
            match t.0 {
                2 => {
                    assert_eq!(ready, r());
                    seen_user = true;
                }
                4 => {
                    assert!(ready.is_readable());
                    seen_data = true;
                }
                _ => {}
            }
        }
    }
    let mut buf = [0u8; 4];
    server.read_exact(&mut buf).unwrap();
    assert_eq!(&buf, b"ping");

    // Hang-up is delivered when asked for (SPEC E2).
    drop(client);
    let ready = wait_for(&poll, &mut events, Token(4));
    assert!(ready.is_hup(), "{ready:?}");
    poll.deregister(&server).unwrap();
    poll.deregister(&listener).unwrap();
}

#[test]
#[cfg_attr(miri, ignore = "real sockets: Miri has no socket support")]
fn socket_events_are_masked_by_interest() {
    // SPEC E1: hang-up is not delivered to a registration that did not ask for it.
    let poll = Poll::new().unwrap();
    let mut events = Events::with_capacity(16);
    let (a, b) = UnixStream::pair().unwrap();
    poll.register(&a, Token(1), r(), PollOpt::edge()).unwrap();
    drop(b);
    let ready = wait_for(&poll, &mut events, Token(1));
    assert_eq!(ready, r());
}

#[test]
#[cfg_attr(miri, ignore = "real sockets: Miri has no socket support")]
fn level_and_oneshot_are_refused_for_sockets() {
    // SPEC O4
    let poll = Poll::new().unwrap();
    let socket = UdpSocket::bind("127.0.0.1:0".parse().unwrap()).unwrap();
    for opts in [PollOpt::level(), PollOpt::empty()] {
        let err = poll.register(&socket, Token(1), r(), opts).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Unsupported);
        assert!(err.to_string().contains("edge"), "{err}");
    }
    for opts in [PollOpt::edge() | PollOpt::oneshot(), PollOpt::oneshot()] {
        let err = poll.register(&socket, Token(1), r(), opts).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Unsupported);
    }
    // Nothing was registered: a correct register works now.
    poll.register(&socket, Token(1), w(), PollOpt::edge())
        .unwrap();
    let mut events = Events::with_capacity(4);
    assert_eq!(wait_for(&poll, &mut events, Token(1)), w());
}

#[test]
#[cfg_attr(miri, ignore = "real sockets: Miri has no socket support")]
fn bad_socket_arguments_are_clear_errors() {
    // SPEC R8, R10 for OS sources
    let poll = Poll::new().unwrap();
    let socket = UdpSocket::bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let err = poll
        .register(&socket, Token(usize::MAX), r(), PollOpt::edge())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    let err = poll
        .register(&socket, Token(1), Ready::empty(), PollOpt::edge())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
    let err = poll
        .reregister(&socket, Token(1), r(), PollOpt::edge())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    poll.register(&socket, Token(1), r(), PollOpt::edge())
        .unwrap();
    let err = poll
        .register(&socket, Token(1), r(), PollOpt::edge())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::AlreadyExists);
    poll.deregister(&socket).unwrap();
    assert_eq!(
        poll.deregister(&socket).unwrap_err().kind(),
        ErrorKind::NotFound
    );
}

#[test]
#[cfg_attr(miri, ignore = "real sockets: Miri has no socket support")]
fn evented_fd_registers_any_descriptor_and_reregister_changes_token() {
    let poll = Poll::new().unwrap();
    let mut events = Events::with_capacity(4);
    let socket = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
    socket.set_nonblocking(true).unwrap();
    let fd = socket.as_raw_fd();
    poll.register(&EventedFd(&fd), Token(7), r(), PollOpt::edge())
        .unwrap();
    socket.send_to(b"x", socket.local_addr().unwrap()).unwrap();
    assert_eq!(wait_for(&poll, &mut events, Token(7)), r());
    poll.reregister(&EventedFd(&fd), Token(8), r() | w(), PollOpt::edge())
        .unwrap();
    let ready = wait_for(&poll, &mut events, Token(8));
    assert!(ready.is_writable());
    poll.deregister(&EventedFd(&fd)).unwrap();
    assert_eq!(
        poll.poll(&mut events, Some(Duration::from_millis(1)))
            .unwrap(),
        0
    );
}
