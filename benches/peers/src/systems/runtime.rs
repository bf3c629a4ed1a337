//! `runtime`: this project's reactor (`runtime-reactor`), used exactly as mio 0.6's
//! users would use it: `Poll`, `Events`, `Registration::new2`, `SetReadiness`.

use std::time::Duration;

use runtime_reactor::{Events, Poll, PollOpt, Ready, Registration, SetReadiness, Token};

use super::UserPoll;

/// Marker type for our reactor.
#[derive(Debug)]
pub struct Runtime;

impl UserPoll for Runtime {
    const NAME: &'static str = "runtime";
    type Poll = Poll;
    type Events = Events;
    type Registration = Registration;
    type SetReadiness = SetReadiness;

    #[inline]
    fn new_poll() -> Poll {
        Poll::new().expect("runtime: Poll::new")
    }

    #[inline]
    fn events(capacity: usize) -> Events {
        Events::with_capacity(capacity)
    }

    #[inline]
    fn new_registration() -> (Registration, SetReadiness) {
        Registration::new2()
    }

    #[inline]
    fn register_edge_readable(poll: &Poll, reg: &Registration, token: usize) {
        poll.register(reg, Token(token), Ready::readable(), PollOpt::edge())
            .expect("runtime: register");
    }

    #[inline]
    fn set_readable(set: &SetReadiness) {
        set.set_readiness(Ready::readable())
            .expect("runtime: set_readiness");
    }

    #[inline]
    fn poll(poll: &Poll, events: &mut Events, timeout: Option<Duration>) -> usize {
        poll.poll(events, timeout).expect("runtime: poll")
    }

    #[inline]
    fn for_each_event(events: &Events, mut f: impl FnMut(usize, bool)) {
        for event in events {
            f(event.token().0, event.readiness().is_readable());
        }
    }
}
