//! The seed page's `Registration::new2` example (mio 0.6's docs), changed only in
//! its `use` lines, inside a `main`. Run: `cargo run --example registration`.

// The seed ignores the `io::Result`s of `set_readiness` and `poll`, as mio 0.6's
// docs did; it keeps its formatting (`rustfmt::skip`), so that only `use` lines differ.
#![allow(unused_must_use)]

/// The seed's example body; returns once the readable event arrived.
#[rustfmt::skip]
pub fn main() -> std::io::Result<()> {
use runtime::reactor::{Events, Poll, PollOpt, Ready, Registration, Token};
use std::thread;

let (registration, set_readiness) = Registration::new2();

thread::spawn(move || {
    use std::time::Duration;
    thread::sleep(Duration::from_millis(500));

    set_readiness.set_readiness(Ready::readable());
});

let poll = Poll::new()?;
poll.register(&registration, Token(0), Ready::readable() | Ready::writable(), PollOpt::edge())?;

let mut events = Events::with_capacity(256);

loop {
    poll.poll(&mut events, None);

    for event in &events {
        if event.token() == Token(0) && event.readiness().is_readable() {
            println!("registration: got the readable event set from another thread");
            return Ok(());
        }
    }
}
}
