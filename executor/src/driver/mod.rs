//! The driver: the runtime's one `Poll`, the table from tokens to readiness slots,
//! and the time hook. Whoever drives it (the reactor thread, or the current-thread
//! `block_on`) calls [`Driver::park`] or [`Driver::turn`]: poll, dispatch each event
//! to the wakers waiting on its token, fire due timers.
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
//! ## Parking and waking the driving thread
//!
//! [`Driver::park`] records where the thread will sleep (`sleep.rs`), issues a
//! SeqCst fence, checks the caller's "is there work?", and then either parks the
//! thread directly, if nothing is registered with the `Poll` (`polled` counts what
//! is), or polls until the next deadline (with a zero timeout if there was work).
//! [`ReactorWaker::wake`] (used by every remote schedule) issues a SeqCst fence
//! after its caller published the work, and only if the thread sleeps swaps it
//! awake and wakes it: an unpark, or an interrupt of the `Poll`
//! (`runtime_reactor::__private::Interrupter`; the reactor's own handshake then
//! decides whether a futex wake or an eventfd write is needed: SPEC P5). Either the
//! parker's check sees the work, or the waker sees the sleeper. A wake-up while the
//! driving thread is awake costs one fence and one load.
//!
//! The interrupt replaced a wake-up registration whose readiness the waker set: an
//! event per wake-up that the reactor queued, dequeued and delivered, and this
//! driver skipped. Measured by `event-task-rtt-pinned` current-thread (every round
//! trip wakes a driver that sleeps in the `Poll`), with callgrind: 2,664
//! instructions per round trip with the registration, 2,355 with the interrupt
//! (pacing off on one CPU included), in a process where two plain threads doing
//! the same take 708.
//!
//! ## The wake path of `Async<Registration>`, and why
//!
//! A source that can bind to a callback (`Evented::bind_notify`: a
//! `Registration`) is not registered with the `Poll` at all. It is bound to a
//! [`DirectNotify`] holding its readiness slot, so `set_readiness` itself, on
//! whatever thread calls it, records the readiness and wakes the waiting task:
//! setter → run queue (+ one worker unpark on multi-thread). Through the `Poll` it
//! was setter → the `Poll`'s queue (+ a wake-up of the thread sleeping in it) →
//! this driver's turn → run queue (+ a worker unpark): on multi-thread two thread
//! wake-ups per event instead of one, and on this 2-vCPU VM each wake-up of a
//! sleeping thread costs tens of µs. The slot's semantics are the same either way
//! (`dispatch` is shared), the token and slab entry stay (shutdown fails the waits,
//! metrics count the registration), and OS sources keep the `Poll` path.
//! Measured by `event-task-rtt` in `benches/peers` (the module docs of
//! `benches/peers/src/workloads/event_task_rtt.rs` and `RESULTS.md` have the figures).

pub(crate) mod reactor_thread;
pub(crate) mod scheduled_io;
pub(crate) mod sleep;

use std::fmt;
use std::io;
#[cfg(feature = "metrics")]
use std::sync::atomic::AtomicU64;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::task::Waker;
use std::time::{Duration, Instant};

use parking_lot::Mutex;
use runtime_reactor::__private::Interrupter;
use runtime_reactor::{Evented, Events, Notify, Poll, PollOpt, Ready, Token};

use crate::sync::thread::Thread;
use crate::time::{ReactorWaker, TimeDriver, Unpark};
use crate::util::slab::Slab;
pub(crate) use scheduled_io::ScheduledIo;
use sleep::DriverSleep;

const OWNED: usize = 1 << (usize::BITS - 2);
const INDEX_BITS: u32 = 24;
const INDEX_MASK: usize = (1 << INDEX_BITS) - 1;
const GEN_MASK: usize = (OWNED - 1) >> INDEX_BITS;
const EVENTS: usize = 1024;

/// One `Async`'s entry in the token table.
struct IoEntry {
    generation: usize,
    io: Arc<ScheduledIo>,
    /// Registered with the `Poll` (counted in `Driver::polled`), not bound to its
    /// callback.
    polled: bool,
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
    /// How many sources are registered with `poll`: none, and the driving thread
    /// parks directly (`sleep.rs`).
    polled: AtomicUsize,
    unpark: Arc<Unpark>,
    io: Mutex<IoTable>,
    turn: Mutex<TurnState>,
    time: Option<Arc<dyn TimeDriver>>,
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
    pub(crate) fn new(time: Option<Arc<dyn TimeDriver>>) -> io::Result<Driver> {
        let poll = Poll::new()?;
        // `available_parallelism` honours the affinity mask (`taskset`).
        let spread = std::thread::available_parallelism().map_or(true, |n| n.get() > 1);
        let unpark = Arc::new(Unpark {
            sleep: DriverSleep::new(spread),
            interrupter: Interrupter::new(&poll),
        });
        Ok(Driver {
            poll,
            polled: AtomicUsize::new(0),
            unpark,
            io: Mutex::new(IoTable::default()),
            turn: Mutex::new(TurnState {
                events: Events::with_capacity(EVENTS),
                wake: Vec::new(),
            }),
            time,
            #[cfg(feature = "metrics")]
            events_dispatched: Arc::new(AtomicU64::new(0)),
        })
    }

    pub(crate) fn time(&self) -> Option<&Arc<dyn TimeDriver>> {
        self.time.as_ref()
    }

    pub(crate) fn reactor_waker(&self) -> ReactorWaker {
        ReactorWaker {
            inner: self.unpark.clone(),
        }
    }

    /// Wakes the driving thread if it sleeps, in the `Poll` or parked (`sleep.rs`).
    pub(crate) fn unpark(&self) {
        self.unpark.wake();
    }

    /// Registers `source` (edge, every readiness bit) under a fresh token.
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
                polled: false,
            });
            (Token(OWNED | (generation << INDEX_BITS) | key), io, key)
        };
        let notify = Arc::new(DirectNotify {
            io: io.clone(),
            #[cfg(feature = "metrics")]
            events_dispatched: self.events_dispatched.clone(),
        });
        let registered = match source.bind_notify(notify) {
            Ok(true) => Ok(false),
            Ok(false) => self.register_polled(source, token).map(|()| true),
            Err(err) => Err(err),
        };
        match registered {
            Ok(polled) => {
                if polled {
                    if let Some(entry) = self.io.lock().slab.get_mut(key) {
                        entry.polled = true;
                    }
                }
                Ok((token, io))
            }
            Err(err) => {
                self.io.lock().slab.remove(key);
                Err(err)
            }
        }
    }

    /// Registers `source` with the `Poll`, counted in `polled` first; the first
    /// one pulls a directly parked driving thread back to the `Poll` (`sleep.rs`).
    fn register_polled<E: Evented + ?Sized>(&self, source: &E, token: Token) -> io::Result<()> {
        // ORDERING: SeqCst; the fence in `wake_parked` orders it before the load
        // of the sleep state, against the parker's store, fence, load of `polled`.
        let first = self.polled.fetch_add(1, Ordering::SeqCst) == 0;
        let registered = self
            .poll
            .register(source, token, Ready::all(), PollOpt::edge());
        if registered.is_err() {
            self.polled.fetch_sub(1, Ordering::SeqCst);
        } else if first {
            self.unpark.sleep.wake_parked();
        }
        registered
    }

    /// Deregisters `source` and frees its slot.
    pub(crate) fn deregister<E: Evented + ?Sized>(&self, source: &E, token: Token) {
        // A source bound to its callback unbinds; any other leaves the `Poll`. An
        // error means the source was deregistered already (by its owner, through
        // `get_ref`) or never could be; the slot is freed all the same.
        if source.unbind_notify().is_err() {
            let _ = self.poll.deregister(source);
        }
        if let Some((key, generation)) = decode(token) {
            let mut table = self.io.lock();
            if table
                .slab
                .get(key)
                .is_some_and(|e| e.generation == generation)
            {
                let entry = table.slab.remove(key);
                drop(table);
                if entry.as_ref().is_some_and(|entry| entry.polled) {
                    // ORDERING: a count; a parker that still sees it uses the `Poll`.
                    self.polled.fetch_sub(1, Ordering::Relaxed);
                }
                drop(entry);
            }
        }
    }

    /// Polls once with `timeout`, dispatches the events, fires due timers; returns
    /// how many events were dispatched.
    pub(crate) fn turn(&self, timeout: Option<Duration>) -> usize {
        // Only one thread drives a runtime's `Poll`; a second caller has nothing to do.
        let Some(mut state) = self.turn.try_lock() else {
            return 0;
        };
        let state = &mut *state;
        // An error (only `EINTR` is expected) reads as "no event": the caller loops.
        let _ = self.poll.poll(&mut state.events, timeout);
        let mut dispatched = 0;
        // An interrupt alone (a remote wake of this thread) needs no table.
        if !state.events.is_empty() {
            let table = self.io.lock();
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
            self.events_dispatched
                .fetch_add(dispatched as u64, Ordering::Relaxed);
        }
        if !state.wake.is_empty() {
            for waker in state.wake.drain(..) {
                waker.wake();
            }
        }
        if let Some(time) = &self.time {
            time.fire_due();
        }
        dispatched
    }

    /// Sleeps until an event, the next deadline, or a wake-up, unless `has_work`
    /// says there is something to do: in the `Poll`, or parked (`me` is the calling
    /// thread) if nothing is registered there (see the module docs).
    pub(crate) fn park(&self, has_work: &dyn Fn() -> bool, me: &Thread) -> usize {
        let deadline = self.time.as_ref().and_then(|time| time.next_deadline());
        let sleep = &self.unpark.sleep;
        // ORDERING: a first look; the one after the fence decides.
        if self.polled.load(Ordering::Relaxed) == 0 {
            let window = sleep.prepare_park(me);
            // ORDERING: after the fence in `prepare_park`; pairs with the one in
            // `wake_parked` (see `register_polled`).
            if has_work() || self.polled.load(Ordering::SeqCst) > 0 {
                sleep.awake();
                return self.turn(Some(Duration::ZERO));
            }
            sleep.park(deadline, window);
            // Timers may be due, and a source registered meanwhile may have events.
            if deadline.is_some() || self.polled.load(Ordering::Relaxed) > 0 {
                return self.turn(Some(Duration::ZERO));
            }
            return 0;
        }
        let timeout = deadline.map(|deadline| deadline.saturating_duration_since(Instant::now()));
        sleep.prepare_poll();
        let timeout = if has_work() {
            Some(Duration::ZERO)
        } else {
            timeout
        };
        let dispatched = self.turn(timeout);
        sleep.awake();
        dispatched
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
        self.events_dispatched.load(Ordering::Relaxed)
    }
}

/// The callback a `Registration` inside an `Async` is bound to: the direct wake
/// path (see the module docs).
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

/// The error of an `Async` whose runtime is gone.
pub(crate) fn shut_down() -> io::Error {
    io::Error::other("the runtime of this `Async` is shut down")
}

impl fmt::Debug for Driver {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Driver")
            .field("poll", &self.poll)
            .field("time", &self.time.is_some())
            .finish_non_exhaustive()
    }
}
