//! The driver: the runtime's one `Poll`, the table from tokens to readiness slots,
//! and the runtime's timer driver. Whoever drives it holds it ([`Driver::try_hold`]:
//! one thread at a time; a multi-thread worker parking with nothing to do, or the
//! current-thread `block_on` holding the core) and calls [`Holding::park`] or
//! [`Holding::turn`]: poll, dispatch each event to the wakers waiting on its token,
//! fire due timers.
//!
//! ## Tokens
//!
//! An `Async` is registered under a token that encodes its slot:
//!
//! | bits           | field      | meaning                                              |
//! |----------------|------------|------------------------------------------------------|
//! | 0..24          | index      | the slot in `io.slab`                                |
//! | 24..BITS-2     | generation | distinguishes successive users of one index (SPEC A5) |
//! | BITS-2         | `OWNED`    | set on every token this driver hands out             |
//! | BITS-1         | always 0   | so no token is `Token(usize::MAX)`, the reactor's own |
//!
//! An event whose index is free or whose generation differs is stale
//! (its `Async` was dropped, and maybe the index reused) and is ignored. Dropping an
//! `Async` deregisters its source, so no event is queued for it afterwards (SPEC R6),
//! and removes its slot; an event already taken from the `Poll` by a turn in progress
//! is the only stale one possible, and the generation check drops it.
//!
//! ## Where the driving thread sleeps
//!
//! Only in the `Poll`: [`Driver::park`] polls with the timer driver's timeout (or
//! none, with work pending), and the `Poll` itself parks the thread when no OS
//! source is registered, or blocks in the kernel when one is (`runtime-reactor`'s
//! `poll.rs`). Whatever must make the driving thread return goes through the
//! `Poll`'s [`Interrupter`] ([`ReactorWaker`]): a task scheduled from another
//! thread (current-thread), a timer filed earlier than the timeout being slept
//! with, an idle check of a paused clock, shutdown. An interrupt is sticky (SPEC
//! I2): one that comes while the thread is awake, between computing its timeout
//! and sleeping, ends the next poll. So no wake-up falls between the two.
//!
//! ## User-space sources: dispatched, not polled
//!
//! The `Poll` is a dispatching one (`Poll::with_dispatch`, SPEC D1–D3): a
//! `Registration` (or anything forwarding to one, like `Deadline`) registered by
//! an `Async` is bound to a [`DirectNotify`] holding the `Async`'s readiness slot,
//! so `set_readiness` itself, on whatever thread calls it, records the readiness
//! and wakes the waiting task: setter → run queue. Through a queueing `Poll` it
//! would be setter → the `Poll`'s queue (+ a wake-up of the thread sleeping in it)
//! → this driver's turn → run queue: two thread wake-ups per event instead of one.
//! The slot's semantics are the same either way (`dispatch` is shared), and OS
//! sources keep the polled path.

pub(crate) mod scheduled_io;

use std::fmt;
use std::io;
#[cfg(feature = "metrics")]
use std::sync::atomic::AtomicU64;
#[cfg(feature = "metrics")]
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::task::Waker;
use std::time::Duration;

use parking_lot::Mutex;
use runtime_reactor::{
    Dispatch, Evented, Events, Interrupter, Notify, Poll, PollOpt, Ready, Token,
};

use crate::time::ReactorWaker;
use crate::util::slab::Slab;
pub(crate) use scheduled_io::ScheduledIo;

const OWNED: usize = 1 << (usize::BITS - 2);
const INDEX_BITS: u32 = 24;
const INDEX_MASK: usize = (1 << INDEX_BITS) - 1;
const GEN_MASK: usize = (OWNED - 1) >> INDEX_BITS;
const EVENTS: usize = 1024;

/// One `Async`'s entry in the token table.
struct IoEntry {
    generation: usize,
    io: Arc<ScheduledIo>,
}

#[derive(Default)]
struct IoTable {
    slab: Slab<IoEntry>,
    next_generation: usize,
    shutdown: bool,
}

/// What only the driving thread touches.
struct TurnState {
    events: Events,
    wake: Vec<Waker>,
}

/// The runtime's reactor; see the module docs.
pub(crate) struct Driver {
    poll: Poll,
    interrupter: Interrupter,
    io: Arc<Mutex<IoTable>>,
    turn: Mutex<TurnState>,
    /// The runtime's timers, whose unpark hook interrupts `poll` (`time.rs`).
    time: runtime_timers::Driver,
    /// The only counter kept for `Handle::metrics`: one relaxed add per turn, and
    /// one per direct notification ([`DirectNotify`] shares it).
    #[cfg(feature = "metrics")]
    events_dispatched: Arc<AtomicU64>,
}

/// Splits an owned token into (index, generation).
fn decode(token: Token) -> Option<(usize, usize)> {
    (token.0 & OWNED != 0).then_some((token.0 & INDEX_MASK, (token.0 & !OWNED) >> INDEX_BITS))
}

impl Driver {
    /// A driver with its own `Poll` and timer driver (paused from the start if
    /// `start_paused`).
    pub(crate) fn new(start_paused: bool) -> io::Result<Driver> {
        let io = Arc::new(Mutex::new(IoTable::default()));
        #[cfg(feature = "metrics")]
        let events_dispatched = Arc::new(AtomicU64::new(0));
        let poll = Poll::with_dispatch(Arc::new(ToSlot {
            io: io.clone(),
            #[cfg(feature = "metrics")]
            events_dispatched: events_dispatched.clone(),
        }))?;
        let interrupter = Interrupter::new(&poll);
        let time = {
            let interrupter = interrupter.clone();
            runtime_timers::Driver::with_unpark(move || interrupter.interrupt())
        };
        if start_paused {
            time.pause();
        }
        Ok(Driver {
            interrupter,
            poll,
            io,
            turn: Mutex::new(TurnState {
                events: Events::with_capacity(EVENTS),
                wake: Vec::new(),
            }),
            time,
            #[cfg(feature = "metrics")]
            events_dispatched,
        })
    }

    /// The runtime's timer driver.
    pub(crate) fn time(&self) -> &runtime_timers::Driver {
        &self.time
    }

    /// Under loom: makes the `Poll` sleep in its (model) kernel, as with an OS
    /// source registered, rather than park.
    #[cfg(all(loom, test))]
    pub(crate) fn pretend_os_source(&self) {
        self.poll.pretend_os_source();
    }

    /// Interrupts the `Poll` (sticky, SPEC I2).
    pub(crate) fn interrupter(&self) -> Interrupter {
        self.interrupter.clone()
    }

    pub(crate) fn reactor_waker(&self) -> ReactorWaker {
        ReactorWaker {
            interrupter: self.interrupter.clone(),
        }
    }

    /// Makes the driving thread's current or next poll return (sticky: see the
    /// module docs).
    pub(crate) fn unpark(&self) {
        self.interrupter.interrupt();
    }

    /// Registers `source` (edge, every readiness bit) under a fresh token. A
    /// user-space source is bound to its slot by the `Poll` (see the module docs).
    pub(crate) fn register<E: Evented + ?Sized>(
        &self,
        source: &E,
    ) -> io::Result<(Token, Arc<ScheduledIo>)> {
        let (token, io, key) = {
            let mut table = self.io.lock();
            if table.shutdown {
                return Err(shut_down());
            }
            let key = table.slab.vacant_key();
            if key > INDEX_MASK {
                return Err(io::Error::other("too many `Async` registrations"));
            }
            let generation = table.next_generation & GEN_MASK;
            table.next_generation = table.next_generation.wrapping_add(1);
            let io = Arc::new(ScheduledIo::default());
            table.slab.insert(IoEntry {
                generation,
                io: io.clone(),
            });
            (Token(OWNED | (generation << INDEX_BITS) | key), io, key)
        };
        match self
            .poll
            .register(source, token, Ready::all(), PollOpt::edge())
        {
            Ok(()) => Ok((token, io)),
            Err(err) => {
                self.io.lock().slab.remove(key);
                Err(err)
            }
        }
    }

    /// Deregisters `source` and frees its slot.
    pub(crate) fn deregister<E: Evented + ?Sized>(&self, source: &E, token: Token) {
        // An error means the source was deregistered already (by its owner,
        // through `get_ref`) or never could be; the slot is freed all the same.
        let _ = self.poll.deregister(source);
        if let Some((key, generation)) = decode(token) {
            let mut table = self.io.lock();
            if table
                .slab
                .get(key)
                .is_some_and(|e| e.generation == generation)
            {
                let entry = table.slab.remove(key);
                drop(table);
                drop(entry);
            }
        }
    }

    /// Holds the driver, unless another thread does: only one thread at a time
    /// polls a runtime's `Poll`.
    pub(crate) fn try_hold(&self) -> Option<Holding<'_>> {
        Some(Holding {
            driver: self,
            state: self.turn.try_lock()?,
        })
    }

    /// [`Holding::turn`], if no other thread holds the driver (else nothing: that
    /// thread polls).
    pub(crate) fn turn(&self, timeout: Option<Duration>) -> usize {
        self.try_hold().map_or(0, |mut held| held.turn(timeout))
    }

    /// [`Holding::park`], if no other thread holds the driver.
    pub(crate) fn park(&self, has_work: &dyn Fn() -> bool) -> usize {
        self.try_hold().map_or(0, |mut held| held.park(has_work))
    }

    /// Fails every pending and future wait on an `Async` of this runtime.
    pub(crate) fn shutdown(&self) {
        let entries = {
            let mut table = self.io.lock();
            table.shutdown = true;
            table.slab.drain()
        };
        let mut wake = Vec::new();
        for entry in &entries {
            entry.io.shutdown(&mut wake);
        }
        for waker in wake {
            waker.wake();
        }
    }

    #[cfg(feature = "metrics")]
    pub(crate) fn registrations(&self) -> usize {
        self.io.lock().slab.len()
    }

    #[cfg(feature = "metrics")]
    pub(crate) fn events_dispatched(&self) -> u64 {
        // ORDERING: Relaxed; a statistic.
        self.events_dispatched.load(Ordering::Relaxed)
    }
}

/// Binds each user-space registration of the `Poll` to its `Async`'s slot: the
/// `Poll`'s [`Dispatch`] (see the module docs).
struct ToSlot {
    io: Arc<Mutex<IoTable>>,
    #[cfg(feature = "metrics")]
    events_dispatched: Arc<AtomicU64>,
}

impl Dispatch for ToSlot {
    fn bind(&self, token: Token) -> Arc<dyn Notify> {
        let io = decode(token).and_then(|(key, generation)| {
            let table = self.io.lock();
            let entry = table.slab.get(key)?;
            (entry.generation == generation).then(|| entry.io.clone())
        });
        match io {
            Some(io) => Arc::new(DirectNotify {
                io,
                #[cfg(feature = "metrics")]
                events_dispatched: self.events_dispatched.clone(),
            }),
            // The entry is gone: shutdown drained the table between `register`'s
            // insertion and this call. Nobody awaits the source.
            None => Arc::new(Nobody),
        }
    }
}

/// The driver, held by the thread that polls it (`Driver::try_hold`).
pub(crate) struct Holding<'a> {
    driver: &'a Driver,
    state: parking_lot::MutexGuard<'a, TurnState>,
}

impl Holding<'_> {
    /// Polls once with `timeout`, dispatches the events, fires due timers; returns
    /// how many events were dispatched.
    pub(crate) fn turn(&mut self, timeout: Option<Duration>) -> usize {
        let driver = self.driver;
        let state = &mut *self.state;
        // An error reads as "no event": the caller loops. (A signal is not one: the
        // reactor turns `EINTR` into an empty return.)
        let _ = driver.poll.poll(&mut state.events, timeout);
        let mut dispatched = 0;
        // An interrupt alone (a remote wake of this thread) needs no table.
        if !state.events.is_empty() {
            let table = driver.io.lock();
            for event in state.events.iter() {
                dispatched += 1;
                let Some((key, generation)) = decode(event.token()) else {
                    continue;
                };
                match table.slab.get(key) {
                    Some(entry) if entry.generation == generation => {
                        entry.io.dispatch(event.readiness(), &mut state.wake);
                    }
                    _ => {}
                }
            }
        }
        #[cfg(feature = "metrics")]
        if dispatched > 0 {
            // ORDERING: Relaxed; a statistic, read by `Handle::metrics` only.
            driver
                .events_dispatched
                .fetch_add(dispatched as u64, Ordering::Relaxed);
        }
        if !state.wake.is_empty() {
            for waker in state.wake.drain(..) {
                waker.wake();
            }
        }
        driver.time.fire_due();
        dispatched
    }

    /// Sleeps in the `Poll` until an event, the next deadline, or an interrupt,
    /// unless `has_work` says there is something to do (then polls without
    /// blocking); dispatches and fires due timers. `has_work` is asked after the
    /// timeout is computed: work that comes later interrupts the poll.
    pub(crate) fn park(&mut self, has_work: &dyn Fn() -> bool) -> usize {
        let timeout = self.driver.time.park_timeout();
        let timeout = if has_work() {
            Some(Duration::ZERO)
        } else {
            timeout
        };
        self.turn(timeout)
    }
}

/// The callback of a user-space registration: the direct wake path (see the
/// module docs).
struct DirectNotify {
    io: Arc<ScheduledIo>,
    #[cfg(feature = "metrics")]
    events_dispatched: Arc<AtomicU64>,
}

impl Notify for DirectNotify {
    fn notify(&self, ready: Ready) {
        self.io.dispatch_now(ready);
        // ORDERING: Relaxed; a statistic, read by `Handle::metrics` only.
        #[cfg(feature = "metrics")]
        self.events_dispatched.fetch_add(1, Ordering::Relaxed);
    }
}

/// The callback of a registration no `Async` awaits.
struct Nobody;

impl Notify for Nobody {
    fn notify(&self, _: Ready) {}
}

/// The error of an `Async` whose runtime is gone.
pub(crate) fn shut_down() -> io::Error {
    io::Error::other("the runtime of this `Async` is shut down")
}

impl fmt::Debug for Driver {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Driver")
            .field("poll", &self.poll)
            .field("time", &self.time)
            .finish_non_exhaustive()
    }
}
