//! # Guide: the readiness model
//!
//! *A docs-only module.*
//!
//! ## Readiness, not completion
//!
//! Every source the runtime waits on, a socket or a user-space
//! [`Registration`](crate::Registration), has a **readiness**: a set of bits
//! ([`Ready`](crate::Ready): readable, writable, error, hang-up). A
//! [`Poll`](crate::reactor::Poll) reports **events**: "this token's readiness now
//! overlaps its interest". For sockets the kernel sets readiness; for a
//! `Registration`, any thread does, through its
//! [`SetReadiness`](crate::SetReadiness). That is the whole trick: a library with
//! its own threads becomes one more event source.
//!
//! ```
//! use runtime::reactor::{Events, Poll, PollOpt, Token};
//! use runtime::{Ready, Registration};
//!
//! let poll = Poll::new()?;
//! let (registration, set_readiness) = Registration::new2();
//! poll.register(&registration, Token(7), Ready::readable(), PollOpt::edge())?;
//! set_readiness.set_readiness(Ready::readable() | Ready::writable())?;
//!
//! let mut events = Events::with_capacity(4);
//! poll.poll(&mut events, None)?;
//! let event = events.iter().next().unwrap();
//! // The event is masked by the interest: writable was set, but not asked for.
//! assert_eq!((event.token(), event.readiness()), (Token(7), Ready::readable()));
//! # Ok::<(), std::io::Error>(())
//! ```
//!
//! ## Edge, level, oneshot
//!
//! - **edge**: one event per `set_readiness` that overlaps the interest; several
//!   before one poll coalesce into one event carrying the latest value.
//! - **level**: an event at every poll while readiness ∩ interest is non-empty.
//! - **oneshot** (with either): one event, then nothing until `reregister`.
//!
//! Sockets are edge-only (mio 1.x); asking for level or oneshot on one is an
//! `Unsupported` error, never a silent downgrade. Sockets and other descriptors are
//! registered by file descriptor, so on Unix only; on Windows a `Poll` carries
//! user-space registrations alone.
//!
//! ## From readiness to tasks
//!
//! [`Async<E>`](crate::Async) registers a source with the current runtime's reactor
//! and caches its readiness. `readable().await` resolves once the cache holds the
//! bit; [`ReadyGuard::clear_ready`](crate::ReadyGuard::clear_ready) clears it
//! *unless an event arrived since the guard was made*, so the consumer loop
//! "await, handle, clear" can never lose an event:
//!
//! ```
//! use runtime::{Async, Ready, Registration};
//!
//! runtime::block_on(async {
//!     let (registration, set_readiness) = Registration::new2();
//!     let source = Async::new(registration)?;
//!     let producer = std::thread::spawn(move || {
//!         for _ in 0..100 {
//!             set_readiness.set_readiness(Ready::readable()).unwrap();
//!         }
//!     });
//!     let mut guard = source.readable().await?;
//!     guard.clear_ready();
//!     producer.join().unwrap();
//!     Ok::<(), std::io::Error>(())
//! })?;
//! # Ok::<(), std::io::Error>(())
//! ```
//!
//! A `Registration` inside an `Async` is not queued in the reactor at all: the
//! runtime's `Poll` is a dispatching one
//! ([`Poll::with_dispatch`](crate::reactor::Poll::with_dispatch)), which binds each
//! registration to its `Async`'s readiness slot, so `set_readiness`, on whatever
//! thread calls it, records the readiness and wakes the waiting task itself. A
//! foreign thread reaches a task with one thread wake-up, not two (setter → reactor
//! thread → worker). Both mechanisms are open to anyone building on the reactor:
//! [`Dispatch`](crate::reactor::Dispatch) for a whole `Poll`,
//! [`Registration::bind_notify`](crate::reactor::Registration::bind_notify) for one
//! registration.
//!
//! Timers use the same path: a [`Deadline`](crate::timers::Deadline) is a
//! registration that the runtime's timer wheel makes readable when it fires, so it
//! works with a plain `Poll` and with `Async` alike.
//!
//! ## A `Registration` or a channel?
//!
//! Both let a thread the runtime knows nothing of (a callback, a driver) reach a
//! task, or a plain `Poll` loop. They carry different things.
//!
//! A bare [`Registration`](crate::Registration) carries **readiness**: a level,
//! one set of bits, that the last `set_readiness` replaces. Use it when the waiter
//! needs to know *that* something changed, not each change: a flag ("new config
//! available", "buffer has room"), a level that may go back (`Ready::empty()`), or
//! events that should coalesce (ten "redraw" requests before the task runs are one
//! redraw). It allocates nothing per event and never grows.
//!
//! A [`channel`](crate::channel) carries **values**: each one, in order, exactly
//! once, and the end of the stream when the last sender drops. Use it when the
//! event *is* data (a reading, a request, a message): the callback calls
//! `try_send`, which never blocks and makes no syscall while the receiver is awake;
//! the task awaits `recv` (or `recv_many` for a batch per wake-up), and a plain
//! `Poll` loop registers the receiver and drains it with `try_recv`. A bounded
//! channel adds back-pressure (`Full`, `send().await`, `send_blocking`) without
//! allocating per value.
//!
//! ```
//! use runtime::{Async, Ready, Registration};
//!
//! #[runtime::main(flavor = "current_thread")]
//! async fn main() -> std::io::Result<()> {
//!     // A level: the thread says "dirty" three times; the task wakes once.
//!     let (registration, dirty) = Registration::new2();
//!     let dirty_flag = Async::new(registration)?;
//!     // Values: every reading arrives, in order, then the end.
//!     let (readings, mut inbox) = runtime::channel::unbounded();
//!
//!     std::thread::spawn(move || {
//!         for reading in [3, 1, 4] {
//!             dirty.set_readiness(Ready::readable()).unwrap();
//!             readings.try_send(reading).unwrap();
//!         }
//!     });
//!
//!     let mut got = Vec::new();
//!     while let Some(reading) = inbox.recv().await {
//!         got.push(reading);
//!     }
//!     assert_eq!(got, [3, 1, 4]);
//!     dirty_flag.readable().await?.clear_ready(); // one wake-up for three sets
//!     Ok(())
//! }
//! ```
//!
//! Building the second half on the first by hand (a queue next to a
//! `Registration`) takes a clear-then-retry loop and a "closed" signal of your own,
//! since dropping a `SetReadiness` sends nothing; the channel is that, done once.
//! Signals ([`signal`](crate::signal), Unix) are readiness: raised twice before a
//! `recv`, they complete it once.
//!
//! ## What differs from mio 0.6
//!
//! | situation | mio 0.6.23 | runtime |
//! |---|---|---|
//! | `register` with a second `Poll` | bound forever, `ErrorKind::Other` | `AlreadyExists`; after `deregister` it may go anywhere |
//! | `register` twice; `reregister`/`deregister` unregistered | `Ok(())` | `AlreadyExists` / `NotFound` |
//! | concurrent `register`/`reregister`/`deregister` | the loser silently dropped | all take effect, in some order |
//! | `oneshot` without `edge` | ignored | one event, then disarmed until `reregister` |
//! | `error`/`hup` set by `set_readiness` | dropped on Linux (event with empty readiness) | delivered |
//! | `Ready::from_usize(0xC001)` | the next `poll` panics | unknown bits dropped |
//! | `poll(None)` after a set-then-clear or a drop | spurious `Ok(0)` | returns only with an event |
//! | two threads polling one `Poll` | the second returns `Ok(0)` at once, stale events left | serialised; the second waits at most its own timeout, events cleared |
//! | `Token(usize::MAX)` | accepted | `InvalidInput` (reserved for the wake-up) |
//! | level or oneshot on a socket | supported | `Unsupported` (mio 1.x is edge-only) |
//! | dropping the `Poll` | descriptors live while registrations do | closed at once |
//!
//! The full contract, statement by statement, is `SPEC.md` at the root of the
//! repository; its section "Deliberate differences from mio 0.6.23" gives the reason
//! for each row above. Tests name the statement they check (`// SPEC R7`).
