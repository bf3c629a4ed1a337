//! The seed page's `Deadline` (mio 0.6's `Registration` docs), changed only in its
//! `use` lines, and a `main` that registers one with a `Poll` and waits for it.
//!
//! The seed's type spends one thread per deadline; `runtime::timers::Deadline` is the
//! same idea on a shared timer wheel. Run: `cargo run --example deadline`.

// The seed ignores the `io::Result` of `set_readiness`, as mio 0.6's docs did; its
// items keep their formatting (`rustfmt::skip`), so that only `use` lines differ.
#![allow(unused_must_use)]
// The seed's items are kept verbatim: undocumented, with mio 0.6-era field syntax.
#![allow(
    missing_docs,
    missing_debug_implementations,
    clippy::redundant_field_names
)]

use runtime::reactor::event::Evented;
use runtime::reactor::{Events, Poll, PollOpt, Ready, Registration, Token};

use std::io;
use std::thread;
use std::time::Instant;

#[rustfmt::skip]
pub struct Deadline {
    when: Instant,
    registration: Registration,
}

#[rustfmt::skip]
impl Deadline {
    pub fn new(when: Instant) -> Deadline {
        let (registration, set_readiness) = Registration::new2();

        thread::spawn(move || {
            let now = Instant::now();

            if now < when {
                thread::sleep(when - now);
            }

            set_readiness.set_readiness(Ready::readable());
        });

        Deadline {
            when: when,
            registration: registration,
        }
    }

    pub fn is_elapsed(&self) -> bool {
        Instant::now() >= self.when
    }
}

#[rustfmt::skip]
impl Evented for Deadline {
    fn register(&self, poll: &Poll, token: Token, interest: Ready, opts: PollOpt)
        -> io::Result<()>
    {
        self.registration.register(poll, token, interest, opts)
    }

    fn reregister(&self, poll: &Poll, token: Token, interest: Ready, opts: PollOpt)
        -> io::Result<()>
    {
        self.registration.reregister(poll, token, interest, opts)
    }

    fn deregister(&self, poll: &Poll) -> io::Result<()> {
        poll.deregister(&self.registration)
    }
}

/// Waits for three deadlines on one `Poll` and returns the tokens in firing order.
pub fn main() -> io::Result<()> {
    let start = Instant::now();
    let poll = Poll::new()?;
    let deadlines: Vec<Deadline> = [30u64, 10, 20]
        .iter()
        .map(|ms| Deadline::new(start + std::time::Duration::from_millis(*ms)))
        .collect();
    for (i, deadline) in deadlines.iter().enumerate() {
        poll.register(deadline, Token(i), Ready::readable(), PollOpt::edge())?;
    }
    let mut events = Events::with_capacity(8);
    let mut fired = Vec::new();
    while fired.len() < deadlines.len() {
        poll.poll(&mut events, None)?;
        for event in &events {
            let deadline = &deadlines[event.token().0];
            assert!(deadline.is_elapsed(), "a deadline fired early");
            println!(
                "deadline {} fired after {:?}",
                event.token().0,
                start.elapsed()
            );
            fired.push(event.token().0);
        }
    }
    for deadline in &deadlines {
        poll.deregister(deadline)?;
    }
    println!("all {} deadlines fired: {:?}", fired.len(), fired);
    Ok(())
}
