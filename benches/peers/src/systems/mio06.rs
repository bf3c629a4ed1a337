//! `mio06`: mio 0.6.23, the API our reactor mirrors, used as its docs show
//! (`Poll::new`, `Registration::new2`, `register(.., PollOpt::edge())`,
//! `poll(&mut events, timeout)`).
//!
//! mio 0.6 may return `Ok(0)` from `poll(None)` spuriously (SPEC P2 records it); the
//! workloads loop on `poll` until they have what they wait for, which is correct for
//! both systems.

use std::time::Duration;

use mio06::{Events, Poll, PollOpt, Ready, Registration, SetReadiness, Token};

use super::UserPoll;

/// Marker type for mio 0.6.23.
#[derive(Debug)]
pub struct Mio06;

impl UserPoll for Mio06 {
    const NAME: &'static str = "mio06";
    type Poll = Poll;
    type Events = Events;
    type Registration = Registration;
    type SetReadiness = SetReadiness;

    #[inline]
    fn new_poll() -> Poll {
        Poll::new().expect("mio06: Poll::new")
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
            .expect("mio06: register");
    }

    #[inline]
    fn set_readable(set: &SetReadiness) {
        set.set_readiness(Ready::readable())
            .expect("mio06: set_readiness");
    }

    #[inline]
    fn poll(poll: &Poll, events: &mut Events, timeout: Option<Duration>) -> usize {
        poll.poll(events, timeout).expect("mio06: poll")
    }

    #[inline]
    fn for_each_event(events: &Events, mut f: impl FnMut(usize, bool)) {
        for event in events {
            f(event.token().0, event.readiness().is_readable());
        }
    }
}
