//! `Deadline` on a shut-down driver, in a plain `Poll`: a waiting deadline becomes
//! `readable | hup` at the shutdown (one event; `hup` only if the interest has it),
//! one made afterwards is so at once, one that fired before stays plain readable;
//! `is_elapsed` tells the truth throughout. No `Poll` waits for ever.

use std::time::Duration;

use runtime_reactor::{Events, Poll, PollOpt, Ready, Token};
use runtime_timers::{Deadline, Driver};

const MS: Duration = Duration::from_millis(1);

fn paused() -> Driver {
    let driver = Driver::new();
    driver.pause();
    driver
}

/// Every event of one non-blocking poll, as `(token, readiness)`.
fn drain(poll: &Poll, events: &mut Events) -> Vec<(usize, Ready)> {
    poll.poll(events, Some(Duration::ZERO)).unwrap();
    let mut got: Vec<_> = events
        .iter()
        .map(|e| (e.token().0, e.readiness()))
        .collect();
    got.sort_by_key(|(token, _)| *token);
    got
}

#[test]
fn a_waiting_deadline_is_made_readable_and_hup_once() {
    let driver = paused();
    let poll = Poll::new().unwrap();
    let mut events = Events::with_capacity(8);
    let plain = Deadline::new_in(&driver, driver.now() + 10 * MS);
    let with_hup = Deadline::new_in(&driver, driver.now() + 10 * MS);
    poll.register(&plain, Token(0), Ready::readable(), PollOpt::edge())
        .unwrap();
    poll.register(
        &with_hup,
        Token(1),
        Ready::readable() | Ready::hup(),
        PollOpt::edge(),
    )
    .unwrap();
    assert!(drain(&poll, &mut events).is_empty());
    driver.shutdown();
    assert_eq!(
        drain(&poll, &mut events),
        [
            (0, Ready::readable()),
            (1, Ready::readable() | Ready::hup())
        ]
    );
    assert!(drain(&poll, &mut events).is_empty(), "edge: one event each");
    assert!(!plain.is_elapsed() && !with_hup.is_elapsed());
    assert_eq!(driver.pending_timers(), 0);
    driver.advance(10 * MS); // the clock still works
    assert!(plain.is_elapsed());
}

#[test]
fn a_deadline_made_after_the_shutdown_is_readable_and_hup_at_once() {
    let driver = paused();
    driver.shutdown();
    let deadline = Deadline::new_in(&driver, driver.now() + 10 * MS);
    let poll = Poll::new().unwrap();
    let mut events = Events::with_capacity(8);
    poll.register(
        &deadline,
        Token(3),
        Ready::readable() | Ready::hup(),
        PollOpt::edge(),
    )
    .unwrap();
    assert_eq!(
        drain(&poll, &mut events),
        [(3, Ready::readable() | Ready::hup())]
    );
    assert!(!deadline.is_elapsed());
    assert_eq!(driver.pending_timers(), 0);
}

#[test]
fn a_deadline_that_fired_before_stays_plain_readable() {
    let driver = paused();
    let deadline = Deadline::new_in(&driver, driver.now() + MS);
    let poll = Poll::new().unwrap();
    let mut events = Events::with_capacity(8);
    poll.register(
        &deadline,
        Token(4),
        Ready::readable() | Ready::hup(),
        PollOpt::edge(),
    )
    .unwrap();
    driver.advance(MS);
    driver.shutdown();
    assert_eq!(drain(&poll, &mut events), [(4, Ready::readable())]);
    assert!(deadline.is_elapsed());
}
