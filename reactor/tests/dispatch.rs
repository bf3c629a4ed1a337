//! Dispatching `Poll`s: user-space readiness handed to callbacks (SPEC D1–D3).

mod util;

use runtime_reactor::event::Evented;
use runtime_reactor::{Dispatch, Events, Notify, Poll, PollOpt, Ready, Registration, Token};
use std::io::{self, ErrorKind};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;
use util::{poll_now, r, w};

/// Records `(token, readiness)` for every call, in order.
#[derive(Default)]
struct Log(Mutex<Vec<(Token, Ready)>>);

impl Log {
    fn take(&self) -> Vec<(Token, Ready)> {
        std::mem::take(&mut *self.0.lock().unwrap())
    }
}

struct Call(Token, Arc<Log>);

impl Notify for Call {
    fn notify(&self, ready: Ready) {
        self.1 .0.lock().unwrap().push((self.0, ready));
    }
}

/// Binds a logging callback per token and counts the binds.
#[derive(Default)]
struct ToLog {
    log: Arc<Log>,
    binds: Mutex<Vec<Token>>,
}

impl Dispatch for ToLog {
    fn bind(&self, token: Token) -> Arc<dyn Notify> {
        self.binds.lock().unwrap().push(token);
        Arc::new(Call(token, self.log.clone()))
    }
}

fn dispatching() -> (Poll, Arc<ToLog>) {
    let dispatch = Arc::new(ToLog::default());
    (Poll::with_dispatch(dispatch.clone()).unwrap(), dispatch)
}

/// SPEC D1: a set on another thread calls the callback there, masked by the
/// interest; `poll` never returns the registration.
#[test]
fn a_set_calls_the_bound_callback_and_is_never_polled() {
    let (poll, dispatch) = dispatching();
    let (reg, set) = Registration::new2();
    poll.register(&reg, Token(3), r(), PollOpt::edge()).unwrap();
    assert_eq!(*dispatch.binds.lock().unwrap(), [Token(3)]);
    thread::spawn(move || {
        set.set_readiness(r() | w()).unwrap();
        set.set_readiness(w()).unwrap(); // outside the interest: no call
        set.set_readiness(r()).unwrap();
    })
    .join()
    .unwrap();
    assert_eq!(dispatch.log.take(), [(Token(3), r()), (Token(3), r())]);
    assert_eq!(poll_now(&poll, &mut Events::with_capacity(4)), []);
}

/// SPEC D1 with R3/R4: registering over readiness that overlaps calls at once.
#[test]
fn registering_over_overlapping_readiness_calls_at_once() {
    let (poll, dispatch) = dispatching();
    let (reg, set) = Registration::new2();
    set.set_readiness(r() | w()).unwrap();
    poll.register(&reg, Token(1), w(), PollOpt::edge()).unwrap();
    assert_eq!(dispatch.log.take(), [(Token(1), w())]);
    // Again on reregister, with the new token and interest (SPEC R4, R5).
    poll.reregister(&reg, Token(2), r(), PollOpt::edge())
        .unwrap();
    assert_eq!(dispatch.log.take(), [(Token(2), r())]);
    assert_eq!(*dispatch.binds.lock().unwrap(), [Token(1), Token(2)]);
}

/// SPEC D2: level and oneshot are refused, and the registration is left as it was.
#[test]
fn only_edge_is_accepted() {
    let (poll, dispatch) = dispatching();
    let (reg, set) = Registration::new2();
    for opts in [PollOpt::level(), PollOpt::edge() | PollOpt::oneshot()] {
        let err = poll.register(&reg, Token(0), r(), opts).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Unsupported, "{err}");
        assert!(err.to_string().contains("PollOpt::edge()"), "{err}");
    }
    poll.register(&reg, Token(0), r(), PollOpt::edge()).unwrap();
    let err = poll
        .reregister(&reg, Token(9), r(), PollOpt::level())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Unsupported);
    set.set_readiness(r()).unwrap();
    assert_eq!(dispatch.log.take(), [(Token(0), r())]);
}

/// SPEC D3 with R6: after `deregister`, or dropping the registration, no call.
#[test]
fn deregistering_or_dropping_ends_the_calls() {
    let (poll, dispatch) = dispatching();
    let (reg, set) = Registration::new2();
    poll.register(&reg, Token(5), r(), PollOpt::edge()).unwrap();
    poll.deregister(&reg).unwrap();
    set.set_readiness(r()).unwrap();
    assert_eq!(dispatch.log.take(), []);

    poll.register(&reg, Token(6), r(), PollOpt::edge()).unwrap();
    // The readiness set while deregistered overlaps: called at once (SPEC R3).
    assert_eq!(dispatch.log.take(), [(Token(6), r())]);
    drop(reg);
    set.set_readiness(Ready::empty()).unwrap();
    set.set_readiness(r()).unwrap();
    assert_eq!(dispatch.log.take(), []);
}

/// SPEC D3 with R7, R8: one `Poll` at a time, and the errors name what was done.
#[test]
fn registration_rules_hold() {
    let (poll, _dispatch) = dispatching();
    let other = Poll::new().unwrap();
    let (reg, _set) = Registration::new2();
    poll.register(&reg, Token(1), r(), PollOpt::edge()).unwrap();
    let err = poll
        .register(&reg, Token(1), r(), PollOpt::edge())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::AlreadyExists);
    let err = other
        .register(&reg, Token(1), r(), PollOpt::edge())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::AlreadyExists);
    assert_eq!(
        other.deregister(&reg).unwrap_err().kind(),
        ErrorKind::NotFound
    );
    // Not bound by `bind_notify`: only `deregister` ends it.
    assert_eq!(reg.unbind_notify().unwrap_err().kind(), ErrorKind::NotFound);
    let (sink, _) = dispatching();
    drop(sink);
    poll.deregister(&reg).unwrap();
    other
        .register(&reg, Token(2), r(), PollOpt::edge())
        .unwrap();
}

/// A user type that forwards `Evented` to its registration (as mio 0.6 users wrote
/// them) is dispatched like a bare registration: nothing else to forward.
#[test]
fn a_forwarding_wrapper_is_dispatched_too() {
    struct Doorbell(Registration);
    impl Evented for Doorbell {
        fn register(&self, poll: &Poll, t: Token, i: Ready, o: PollOpt) -> io::Result<()> {
            self.0.register(poll, t, i, o)
        }
        fn reregister(&self, poll: &Poll, t: Token, i: Ready, o: PollOpt) -> io::Result<()> {
            self.0.reregister(poll, t, i, o)
        }
        fn deregister(&self, poll: &Poll) -> io::Result<()> {
            poll.deregister(&self.0)
        }
    }
    let (poll, dispatch) = dispatching();
    let (reg, set) = Registration::new2();
    let doorbell = Doorbell(reg);
    poll.register(&doorbell, Token(8), r(), PollOpt::edge())
        .unwrap();
    set.set_readiness(r()).unwrap();
    assert_eq!(dispatch.log.take(), [(Token(8), r())]);
}

/// OS sources on a dispatching `Poll` are polled as usual.
#[cfg(unix)]
#[test]
#[cfg_attr(miri, ignore = "Miri models no sockets")]
fn os_sources_are_still_polled() {
    use runtime_reactor::unix::EventedFd;
    use std::io::Write;
    use std::os::fd::AsRawFd;

    let (poll, dispatch) = dispatching();
    let (a, mut b) = std::os::unix::net::UnixStream::pair().unwrap();
    a.set_nonblocking(true).unwrap();
    poll.register(&EventedFd(&a.as_raw_fd()), Token(7), r(), PollOpt::edge())
        .unwrap();
    b.write_all(b"x").unwrap();
    let mut events = Events::with_capacity(4);
    poll.poll(&mut events, Some(Duration::from_secs(5)))
        .unwrap();
    let got: Vec<_> = events.iter().map(|e| e.token()).collect();
    assert_eq!(got, [Token(7)]);
    assert_eq!(*dispatch.binds.lock().unwrap(), []);
}
