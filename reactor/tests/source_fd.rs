//! `unix::SourceFd`: an owned descriptor, switched to non-blocking mode and
//! registered like any OS source (edge-triggered, SPEC O4).
#![cfg(all(unix, not(loom)))]

use std::io::{ErrorKind, Read, Write};
use std::os::fd::AsFd;
use std::os::unix::net::UnixStream;

use runtime_reactor::unix::SourceFd;
use runtime_reactor::{Events, Poll, PollOpt, Ready, Token};

#[test]
fn new_makes_the_descriptor_non_blocking_and_keeps_it_owned() {
    let (a, mut b) = UnixStream::pair().unwrap();
    let mut source = SourceFd::new(a).unwrap();
    if cfg!(miri) {
        // Miri checks the `fcntl` calls themselves; it does not model the mode's
        // effect on reads.
        SourceFd::new(source.into_inner()).unwrap();
        return;
    }
    let mut buf = [0; 4];
    // Blocking, this read would hang the test.
    let err = source.get_mut().read(&mut buf).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::WouldBlock);
    b.write_all(b"abc").unwrap();
    // Owned: the descriptor is open for as long as the source lives.
    assert!(source.get_ref().as_fd().try_clone_to_owned().is_ok());
    assert_eq!(source.get_mut().read(&mut buf).unwrap(), 3);
    // Already non-blocking: a second `new` keeps it so.
    let source = SourceFd::new(source.into_inner()).unwrap();
    assert_eq!(
        (&mut source.get_ref()).read(&mut buf).unwrap_err().kind(),
        ErrorKind::WouldBlock
    );
}

#[test]
#[cfg_attr(miri, ignore)] // Miri models no epoll of descriptors.
fn a_registered_source_delivers_one_edge_per_arrival() {
    let (a, mut b) = UnixStream::pair().unwrap();
    let source = SourceFd::new(a).unwrap();
    let poll = Poll::new().unwrap();
    poll.register(&source, Token(9), Ready::readable(), PollOpt::edge())
        .unwrap();
    let mut events = Events::with_capacity(8);
    for round in 0..3 {
        b.write_all(&[round]).unwrap();
        poll.poll(&mut events, None).unwrap();
        let got: Vec<_> = events.iter().map(|e| (e.token(), e.readiness())).collect();
        assert_eq!(got, [(Token(9), Ready::readable())], "round {round}");
    }
    poll.deregister(&source).unwrap();
}

#[test]
#[cfg_attr(miri, ignore)] // Miri models no epoll of descriptors.
fn level_triggering_is_refused_as_for_every_os_source() {
    let (a, _b) = UnixStream::pair().unwrap();
    let source = SourceFd::new(a).unwrap();
    let poll = Poll::new().unwrap();
    let err = poll
        .register(&source, Token(1), Ready::readable(), PollOpt::level())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Unsupported);
}
