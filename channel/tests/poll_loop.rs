//! The receiver in a plain `Poll` loop (mio-extras parity): readable while a value
//! waits or the channel is closed; edge, level and oneshot with exact event counts.

mod util;

use std::io::ErrorKind;
use std::thread;
use std::time::Duration;

use runtime_channel::TryRecvError;
use runtime_reactor::{Events, Poll, PollOpt, Ready, Token};

const RX: Token = Token(3);

/// The events a non-blocking poll returns, as (token, readable) pairs.
fn poll_now(poll: &Poll, events: &mut Events) -> Vec<(Token, bool)> {
    poll.poll(events, Some(Duration::ZERO)).unwrap();
    events
        .iter()
        .map(|e| (e.token(), e.readiness().is_readable()))
        .collect()
}

#[test]
fn edge_one_event_per_arming_and_on_close() {
    let poll = Poll::new().unwrap();
    let mut events = Events::with_capacity(8);
    let (tx, mut rx) = runtime_channel::unbounded();
    poll.register(&rx, RX, Ready::readable(), PollOpt::edge())
        .unwrap();
    assert_eq!(poll_now(&poll, &mut events), [], "empty: not readable");

    for i in 0..3 {
        tx.try_send(i).unwrap(); // the first wakes the armed receiver; the rest are free
    }
    assert_eq!(poll_now(&poll, &mut events), [(RX, true)]);
    assert_eq!(poll_now(&poll, &mut events), [], "edge: once");
    assert_eq!(rx.try_recv(), Ok(0));
    assert_eq!(rx.try_recv(), Ok(1));
    assert_eq!(rx.try_recv(), Ok(2));
    assert_eq!(rx.try_recv(), Err(TryRecvError::Empty)); // arms again
    assert_eq!(poll_now(&poll, &mut events), []);

    tx.try_send(3).unwrap();
    assert_eq!(poll_now(&poll, &mut events), [(RX, true)]);
    assert_eq!(rx.try_recv(), Ok(3));
    assert_eq!(rx.try_recv(), Err(TryRecvError::Empty));

    drop(tx);
    assert_eq!(
        poll_now(&poll, &mut events),
        [(RX, true)],
        "the close is readable"
    );
    assert_eq!(rx.try_recv(), Err(TryRecvError::Closed));
}

#[test]
fn level_readable_while_a_value_waits() {
    let poll = Poll::new().unwrap();
    let mut events = Events::with_capacity(8);
    let (tx, mut rx) = runtime_channel::bounded(4);
    tx.try_send('a').unwrap();
    tx.try_send('b').unwrap();
    // Values sent before `register` make it readable at once.
    poll.register(&rx, RX, Ready::readable(), PollOpt::level())
        .unwrap();
    assert_eq!(poll_now(&poll, &mut events), [(RX, true)]);
    assert_eq!(poll_now(&poll, &mut events), [(RX, true)], "level: again");
    assert_eq!(rx.try_recv(), Ok('a'));
    assert_eq!(poll_now(&poll, &mut events), [(RX, true)], "'b' waits");
    assert_eq!(rx.try_recv(), Ok('b'));
    // Until a `try_recv` finds it empty, the receiver still reads readable.
    assert_eq!(poll_now(&poll, &mut events), [(RX, true)]);
    assert_eq!(rx.try_recv(), Err(TryRecvError::Empty));
    assert_eq!(poll_now(&poll, &mut events), []);
    assert_eq!(poll_now(&poll, &mut events), []);
    tx.try_send('c').unwrap();
    assert_eq!(poll_now(&poll, &mut events), [(RX, true)]);
    assert_eq!(poll_now(&poll, &mut events), [(RX, true)]);
    assert_eq!(rx.try_recv(), Ok('c'));
    drop(tx);
    assert_eq!(
        poll_now(&poll, &mut events),
        [(RX, true)],
        "closed: readable"
    );
    assert_eq!(rx.try_recv(), Err(TryRecvError::Closed));
    assert_eq!(poll_now(&poll, &mut events), [(RX, true)], "stays readable");
}

#[test]
fn oneshot_waits_for_reregister() {
    let poll = Poll::new().unwrap();
    let mut events = Events::with_capacity(8);
    let (tx, mut rx) = runtime_channel::unbounded();
    let oneshot = PollOpt::edge() | PollOpt::oneshot();
    poll.register(&rx, RX, Ready::readable(), oneshot).unwrap();
    tx.try_send(1).unwrap();
    assert_eq!(poll_now(&poll, &mut events), [(RX, true)]);
    assert_eq!(rx.try_recv(), Ok(1));
    assert_eq!(rx.try_recv(), Err(TryRecvError::Empty));
    tx.try_send(2).unwrap();
    assert_eq!(
        poll_now(&poll, &mut events),
        [],
        "disarmed until reregister"
    );
    poll.reregister(&rx, Token(4), Ready::readable(), oneshot)
        .unwrap();
    assert_eq!(poll_now(&poll, &mut events), [(Token(4), true)]);
    assert_eq!(rx.try_recv(), Ok(2));
}

#[test]
fn deregister_stops_events_and_bad_calls_say_not_found() {
    let poll = Poll::new().unwrap();
    let mut events = Events::with_capacity(8);
    let (tx, mut rx) = runtime_channel::unbounded();
    assert_eq!(
        poll.deregister(&rx).unwrap_err().kind(),
        ErrorKind::NotFound
    );
    assert_eq!(
        poll.reregister(&rx, RX, Ready::readable(), PollOpt::edge())
            .unwrap_err()
            .kind(),
        ErrorKind::NotFound
    );
    poll.register(&rx, RX, Ready::readable(), PollOpt::edge())
        .unwrap();
    assert_eq!(
        poll.register(&rx, RX, Ready::readable(), PollOpt::edge())
            .unwrap_err()
            .kind(),
        ErrorKind::AlreadyExists
    );
    poll.deregister(&rx).unwrap();
    tx.try_send(1).unwrap();
    assert_eq!(poll_now(&poll, &mut events), []);
    assert_eq!(rx.try_recv(), Ok(1));
    // Registered again, on the same `Poll`, it works as before.
    poll.register(&rx, RX, Ready::readable(), PollOpt::edge())
        .unwrap();
    tx.try_send(2).unwrap();
    assert_eq!(poll_now(&poll, &mut events), [(RX, true)]);
}

#[test]
fn a_producer_thread_and_a_poll_loop_exchange_every_value() {
    for opts in [PollOpt::edge(), PollOpt::level()] {
        let n = util::scaled(200_000) as u64;
        let poll = Poll::new().unwrap();
        let mut events = Events::with_capacity(8);
        let (tx, mut rx) = runtime_channel::bounded(256);
        poll.register(&rx, RX, Ready::readable(), opts).unwrap();
        let producer = thread::spawn(move || {
            for i in 0..n {
                tx.send_blocking(i).unwrap();
            }
        });
        let mut expected = 0;
        'outer: loop {
            poll.poll(&mut events, None).unwrap();
            for event in &events {
                assert_eq!(event.token(), RX);
                loop {
                    match rx.try_recv() {
                        Ok(v) => {
                            assert_eq!(v, expected);
                            expected += 1;
                        }
                        Err(TryRecvError::Empty) => break,
                        Err(TryRecvError::Closed) => break 'outer,
                    }
                }
            }
        }
        producer.join().unwrap();
        assert_eq!(expected, n);
    }
}
