//! `Poll`: the kernel's poller for OS sources and one readiness queue for user-space
//! ones.
//!
//! A `Poll` owns the kernel half (`sys`: mio's poller, epoll, kqueue or IOCP, with
//! the `Poll`'s one wake-up on `Token(usize::MAX)`), on Unix a clone of mio's
//! registry (so registering an OS source never waits for a blocked poller), and the
//! [`ReadinessQueue`] that user-space registrations feed, or, for a dispatching
//! `Poll` (`dispatch.rs`), that hands their readiness to callbacks instead.
//!
//! ## One call to `poll`
//!
//! 1. `events` is cleared (SPEC P1). The poll lock is taken, waiting at most the
//!    caller's own timeout (SPEC P4).
//! 2. If OS sources are registered and none of their events is left over from the
//!    last call, the kernel is asked once without blocking. With none registered,
//!    no system call is made.
//! 3. Events are delivered from the two sources, the first of them alternating from
//!    one call to the next so that neither starves the other. OS events that do not
//!    fit wait in order for the next call; so do queued registrations (SPEC P3).
//! 4. If something was delivered, or an interrupt is pending (`interrupt.rs`,
//!    SPEC I1), the call returns. An interrupt that is pending when events are
//!    delivered is taken by that return too, so it does not end the next poll early.
//! 5. Otherwise the poller spins for a push or an interrupt (`runtime_spin::Spin`):
//!    not at all on a thread confined to one CPU, where the thread it waits for
//!    cannot run meanwhile; for the shortest window (`runtime_spin::MIN`) while OS
//!    sources are registered, since a spin does not see their events; else over the
//!    adaptive window, which grows to cover the gaps it recently slept through.
//! 6. Then it sleeps by the handshake of `readiness_queue.rs`. **Whenever no OS
//!    source is registered it parks on its own thread**: there is nothing for the
//!    kernel to report, an unpark costs less than a wake-up descriptor's write and
//!    the kernel poll's return, and a timed park is precise to the nanosecond where
//!    epoll counts whole milliseconds. With OS sources registered it blocks in the
//!    kernel, woken through the one wake-up. Registering an OS source makes a parked
//!    poller loop (`ReadinessQueue::kick`), so that it sleeps in the kernel from
//!    then on.
//! 7. It loops when woken: `poll(None)` only returns with events, and
//!    `poll(Some(d))` returns `Ok(0)` only once `d` has elapsed (SPEC P2), unless it
//!    was interrupted: then it returns with what was delivered, maybe nothing. A
//!    poller woken from its park by an interrupt alone (nothing was pushed) returns
//!    at once, without looking at the queue again.
//!
//! Waiting for producers to fill a batch (`ReadinessQueue::pace`) is off on a
//! thread confined to one CPU: there, no producer runs while the poller waits, so
//! the wait would only delay the event it is waiting behind.
//!
//! ## OS sources (SPEC O4)
//!
//! mio 1.x is edge-triggered only, so OS sources must be registered with
//! `PollOpt::edge()`; level and oneshot are refused with `ErrorKind::Unsupported`
//! rather than silently treated as edge. Readable interest is asked of the kernel for
//! `readable`, `error` or `hup`, writable for `writable`; the bits of each event are
//! then masked by the source's interest (SPEC E1), which the `Poll` keeps by token.
//! Two OS sources sharing a token share that mask. An event that arrives for a token
//! after its source was deregistered is dropped. OS sources are registered by file
//! descriptor, so on Unix only (`sys`); elsewhere a `Poll` carries user-space
//! sources alone.

use std::collections::{HashMap, VecDeque};
use std::fmt;
use std::hash::{BuildHasherDefault, Hasher};
use std::io;
#[cfg(all(unix, not(loom)))]
use std::os::fd::RawFd;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

#[cfg(all(unix, not(loom)))]
use mio::unix::SourceFd;
use parking_lot::Mutex;

use crate::readiness_queue::{Consumer, ReadinessQueue};
use crate::sys::Kernel;
use crate::{Dispatch, Event, Evented, Events, PollOpt, Ready, Token};
use runtime_spin::{self as spin, Spin};

/// Polls OS sources and user-space registrations together.
///
/// All methods take `&self`; `Poll` is `Send + Sync`. Two threads may poll at once:
/// they take turns (SPEC P4).
///
/// ```
/// use runtime_reactor::{Events, Poll, PollOpt, Ready, Registration, Token};
/// use std::time::Duration;
///
/// let poll = Poll::new()?;
/// let (registration, set_readiness) = Registration::new2();
/// poll.register(&registration, Token(0), Ready::readable(), PollOpt::edge())?;
/// set_readiness.set_readiness(Ready::readable())?;
///
/// let mut events = Events::with_capacity(16);
/// assert_eq!(poll.poll(&mut events, Some(Duration::ZERO))?, 1);
/// // Edge-triggered: nothing more until the next `set_readiness`.
/// assert_eq!(poll.poll(&mut events, Some(Duration::ZERO))?, 0);
/// # Ok::<(), std::io::Error>(())
/// ```
pub struct Poll {
    state: Mutex<PollState>,
    /// Where OS sources are registered (`sys`).
    #[cfg_attr(not(all(unix, not(loom))), allow(dead_code))]
    registry: crate::sys::Registry,
    queue: Arc<ReadinessQueue>,
    os: Mutex<OsTable>,
    /// How many OS sources are registered; zero lets `poll` skip the kernel.
    os_sources: AtomicUsize,
}

/// What only the polling thread touches.
struct PollState {
    /// The kernel half, which the poller blocks in (`sys`).
    kernel: Kernel,
    pending_os: VecDeque<Event>,
    consumer: Consumer,
    os_first: bool,
    spin: Spin,
    cpus: CpuCheck,
}

/// The interest of each registered OS source, by token, and the token of each fd.
#[derive(Default)]
struct OsTable {
    interest: HashMap<Token, Ready, BuildHasherDefault<TokenHasher>>,
    #[cfg(all(unix, not(loom)))]
    token_of: HashMap<RawFd, Token>,
}

/// Hashes the tokens of the OS table: looked up once per OS event, and tokens are
/// integers a caller chose, often consecutive, so a multiply spreads them enough;
/// SipHash's defence against chosen keys buys nothing against one's own tokens.
#[derive(Default)]
struct TokenHasher(u64);

impl Hasher for TokenHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(byte)).wrapping_mul(SPREAD);
        }
    }

    fn write_usize(&mut self, n: usize) {
        self.0 = (self.0 ^ n as u64).wrapping_mul(SPREAD);
    }
}

/// 2^64 divided by the golden ratio, odd: a multiplier that spreads consecutive
/// integers over the high bits hashbrown uses.
const SPREAD: u64 = 0x9E37_79B9_7F4A_7C15;

impl Poll {
    /// A new `Poll`: the kernel's poller and one wake-up (see the module docs of
    /// `sys`), however many registrations follow (SPEC R1, P5).
    pub fn new() -> io::Result<Poll> {
        Poll::build(None)
    }

    /// A `Poll` that hands user-space readiness to callbacks instead of queueing it:
    /// `dispatch` binds one to each registration (see [`Dispatch`]; SPEC D1–D3). OS
    /// sources are polled as usual.
    ///
    /// ```
    /// use runtime_reactor::{Dispatch, Notify, Poll, PollOpt, Ready, Registration, Token};
    /// use std::sync::Arc;
    ///
    /// struct Ignore;
    /// impl Notify for Ignore {
    ///     fn notify(&self, _: Ready) {}
    /// }
    /// impl Dispatch for Ignore {
    ///     fn bind(&self, _: Token) -> Arc<dyn Notify> {
    ///         Arc::new(Ignore)
    ///     }
    /// }
    ///
    /// let poll = Poll::with_dispatch(Arc::new(Ignore))?;
    /// let (registration, _set) = Registration::new2();
    /// // Callbacks are edge-triggered only (SPEC D2).
    /// let err = poll.register(&registration, Token(0), Ready::readable(), PollOpt::level());
    /// assert_eq!(err.unwrap_err().kind(), std::io::ErrorKind::Unsupported);
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn with_dispatch(dispatch: Arc<dyn Dispatch>) -> io::Result<Poll> {
        Poll::build(Some(dispatch))
    }

    fn build(dispatch: Option<Arc<dyn Dispatch>>) -> io::Result<Poll> {
        let (kernel, waker, registry) = Kernel::new()?;
        Ok(Poll {
            state: Mutex::new(PollState {
                kernel,
                pending_os: VecDeque::new(),
                consumer: Consumer::default(),
                os_first: false,
                spin: Spin::default(),
                cpus: CpuCheck::default(),
            }),
            registry,
            queue: ReadinessQueue::new(waker, dispatch),
            os: Mutex::new(OsTable::default()),
            os_sources: AtomicUsize::new(0),
        })
    }

    /// Registers `handle` with this `Poll` (SPEC R3, R4, R7, R8, R10).
    pub fn register<E>(
        &self,
        handle: &E,
        token: Token,
        interest: Ready,
        opts: PollOpt,
    ) -> io::Result<()>
    where
        E: Evented + ?Sized,
    {
        if token == Token::WAKE {
            return Err(crate::error::reserved_token());
        }
        handle.register(self, token, interest, opts)
    }

    /// Replaces the token, interest and options of `handle` (SPEC R4, R5).
    pub fn reregister<E>(
        &self,
        handle: &E,
        token: Token,
        interest: Ready,
        opts: PollOpt,
    ) -> io::Result<()>
    where
        E: Evented + ?Sized,
    {
        if token == Token::WAKE {
            return Err(crate::error::reserved_token());
        }
        handle.reregister(self, token, interest, opts)
    }

    /// Removes `handle` from this `Poll`; no event is delivered for it afterwards
    /// (SPEC R6).
    pub fn deregister<E>(&self, handle: &E) -> io::Result<()>
    where
        E: Evented + ?Sized,
    {
        handle.deregister(self)
    }

    /// Waits for events and fills `events` with them; returns how many.
    ///
    /// `None` waits until there is at least one event; `Some(d)` returns `Ok(0)`
    /// after `d` if nothing is ready; `Some(Duration::ZERO)` never blocks (SPEC P1–P4).
    pub fn poll(&self, events: &mut Events, timeout: Option<Duration>) -> io::Result<usize> {
        events.clear();
        if events.capacity() == 0 {
            return Err(crate::error::zero_capacity());
        }
        // A timeout too large for `Instant` is as good as none. (No clock read for
        // `None`: a blocking poll per round trip is the common case.)
        let deadline = timeout.and_then(|t| Instant::now().checked_add(t));
        let mut state = match deadline {
            None => self.state.lock(),
            Some(deadline) => match self.state.try_lock_until(deadline) {
                Some(state) => state,
                None => return Ok(0),
            },
        };
        let state = &mut *state;

        let mut kernel_asked = false;
        loop {
            // ORDERING: Relaxed: a hint. A source registered meanwhile is seen by
            // the sleep decision below, which reads the count again under the inbox
            // lock that `register_fd`'s kick takes after storing it.
            if !kernel_asked
                && state.pending_os.is_empty()
                && self.os_sources.load(Ordering::Relaxed) > 0
            {
                state.poll_os(Some(Duration::ZERO), &self.os)?;
                kernel_asked = true;
            }
            // No pacing on one CPU: no producer can push while this thread waits.
            state.consumer.set_pacing(!state.cpus.confined());
            if timeout != Some(Duration::ZERO) {
                self.queue.pace(&state.consumer, deadline);
            }
            state.deliver(events, &self.queue);
            // `|`, not `||`: an interrupt delivered with events is spent by this
            // return too, not left to end the next poll early.
            if !events.is_empty() | self.queue.take_interrupt() {
                return Ok(events.len());
            }

            let remaining = match deadline {
                None => None,
                Some(deadline) => match deadline.checked_duration_since(Instant::now()) {
                    Some(left) if !left.is_zero() => Some(left),
                    _ => return Ok(0),
                },
            };

            // Spin for a push first (`runtime_spin::Spin`): not at all on one CPU,
            // and no longer than the minimum while OS sources need watching.
            let one_cpu = state.cpus.one_cpu();
            // ORDERING: Relaxed: only sizes the spin.
            let os_sources = self.os_sources.load(Ordering::Relaxed) > 0;
            let limit = match (one_cpu, os_sources) {
                (true, _) => Duration::ZERO,
                (false, true) => spin::MIN,
                (false, false) => state.spin.window(),
            };
            let limit = remaining.map_or(limit, |left| limit.min(left));
            // No clock read on one CPU, where nothing is spun or adapted.
            let start = (!limit.is_zero()).then(Instant::now);
            if let Some(start) = start {
                if Spin::spin(start, limit, || self.queue.maybe_woken()) {
                    continue;
                }
            }
            // Parked on the thread whenever no OS source needs the kernel: an unpark
            // costs less than a descriptor write and the kernel poll's return, and
            // a timed park is precise to the nanosecond where epoll counts whole
            // milliseconds. ORDERING: Relaxed, read under the inbox lock, which
            // orders it with `register_fd`'s store (its kick takes that lock after).
            let no_os_source = || self.os_sources.load(Ordering::Relaxed) == 0;
            match self
                .queue
                .sleep(&mut state.consumer, deadline, no_os_source)
            {
                // Something is queued: look again.
                Some(false) => {}
                // Was parked. Woken by an interrupt alone (nothing pushed): return
                // without looking at the queue again.
                None => {
                    state.spin.slept_since(start, self.queue.maybe_woken());
                    if !self.queue.maybe_pushed() && self.queue.take_interrupt() {
                        return Ok(0);
                    }
                }
                Some(true) => {
                    let slept = state.poll_os(remaining, &self.os);
                    self.queue.woke();
                    slept?;
                    kernel_asked = true;
                    state.spin.slept_since(start, self.queue.maybe_woken());
                }
            }
        }
    }

    pub(crate) fn readiness_queue(&self) -> &Arc<ReadinessQueue> {
        &self.queue
    }

    /// Under loom only: counts an OS source that is not there, so that the poller
    /// sleeps in the (model) kernel instead of parking, as it would with one.
    #[cfg(loom)]
    #[doc(hidden)]
    pub fn pretend_os_source(&self) {
        // ORDERING: as in `register_fd`.
        self.os_sources.fetch_add(1, Ordering::Relaxed);
        self.queue.kick();
    }

    /// Registers or reregisters a file descriptor (for `EventedFd` and mio's types).
    #[cfg(all(unix, not(loom)))]
    pub(crate) fn register_fd(
        &self,
        fd: RawFd,
        token: Token,
        interest: Ready,
        opts: PollOpt,
        again: bool,
    ) -> io::Result<()> {
        if token == Token::WAKE {
            return Err(crate::error::reserved_token());
        }
        if opts.is_contradictory() {
            return Err(crate::error::edge_and_level());
        }
        if opts.is_oneshot() {
            return Err(crate::error::os_oneshot());
        }
        if opts.is_level() {
            return Err(crate::error::os_level());
        }
        let mio_interest = mio_interest(interest).ok_or_else(crate::error::os_empty_interest)?;

        let mut os = self.os.lock();
        let mut source = SourceFd(&fd);
        let token_mio = mio::Token(token.0);
        if again {
            self.registry
                .reregister(&mut source, token_mio, mio_interest)?;
        } else {
            self.registry
                .register(&mut source, token_mio, mio_interest)?;
        }
        if let Some(old) = os.token_of.insert(fd, token) {
            if old != token {
                os.interest.remove(&old);
            }
        }
        os.interest.insert(token, interest);
        // ORDERING: Relaxed, under the table lock; the kick below takes the inbox
        // lock after this store, and the poller decides where to sleep under it.
        self.os_sources.store(os.token_of.len(), Ordering::Relaxed);
        drop(os);
        // A parked poller must now watch the kernel.
        self.queue.kick();
        Ok(())
    }

    /// Deregisters a file descriptor.
    #[cfg(all(unix, not(loom)))]
    pub(crate) fn deregister_fd(&self, fd: RawFd) -> io::Result<()> {
        let mut os = self.os.lock();
        self.registry.deregister(&mut SourceFd(&fd))?;
        if let Some(token) = os.token_of.remove(&fd) {
            os.interest.remove(&token);
        }
        // ORDERING: Relaxed: a poller that still reads the old count asks the
        // kernel once more, or sleeps there, and is woken through the wake-up.
        self.os_sources.store(os.token_of.len(), Ordering::Relaxed);
        Ok(())
    }
}

/// Whether the polling thread is confined to one CPU, asked once every 64 sleeps
/// (`runtime_spin::may_use_several_cpus`: on Linux one system call, cheap next to a
/// sleep), so that a thread pinned after it started is noticed within 64 sleeps.
#[derive(Debug, Default)]
struct CpuCheck {
    one_cpu: bool,
    sleeps: u32,
}

impl CpuCheck {
    /// The last answer, without asking again (false until first asked).
    fn confined(&self) -> bool {
        self.one_cpu
    }

    fn one_cpu(&mut self) -> bool {
        if self.sleeps % 64 == 0 {
            self.one_cpu = !runtime_spin::may_use_several_cpus();
        }
        self.sleeps = self.sleeps.wrapping_add(1);
        self.one_cpu
    }
}

/// The kernel interest that can produce the bits of `interest`.
#[cfg(all(unix, not(loom)))]
fn mio_interest(interest: Ready) -> Option<mio::Interest> {
    let read = !(interest & (Ready::readable() | Ready::error() | Ready::hup())).is_empty();
    match (read, interest.is_writable()) {
        (true, true) => Some(mio::Interest::READABLE | mio::Interest::WRITABLE),
        (true, false) => Some(mio::Interest::READABLE),
        (false, true) => Some(mio::Interest::WRITABLE),
        (false, false) => None,
    }
}

impl PollState {
    /// Asks the kernel, waiting at most `timeout`, and queues what it reports.
    fn poll_os(&mut self, timeout: Option<Duration>, os: &Mutex<OsTable>) -> io::Result<()> {
        let pending = &mut self.pending_os;
        let mut table = None;
        self.kernel.select(timeout, |token, ready| {
            let os = table.get_or_insert_with(|| os.lock());
            let Some(&interest) = os.interest.get(&token) else {
                return;
            };
            let ready = ready & interest;
            if !ready.is_empty() {
                pending.push_back(Event::new(ready, token));
            }
        })
    }

    /// Fills `events` from both sources, alternating which goes first.
    fn deliver(&mut self, events: &mut Events, queue: &ReadinessQueue) {
        self.os_first = !self.os_first;
        if self.os_first {
            self.take_os(events);
            queue.drain(&mut self.consumer, events);
        } else {
            queue.drain(&mut self.consumer, events);
            self.take_os(events);
        }
    }

    fn take_os(&mut self, events: &mut Events) {
        while events.room() > 0 {
            match self.pending_os.pop_front() {
                Some(event) => events.push(event),
                None => break,
            }
        }
    }
}

impl Drop for Poll {
    fn drop(&mut self) {
        // The kernel's poller closes with its field; the wake-up's waking side lives
        // in the shared queue, which registrations may outlive, so close it here
        // (SPEC R11).
        self.queue.close(&mut self.state.get_mut().consumer);
    }
}

impl fmt::Debug for Poll {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Poll")
            // ORDERING: Relaxed: a snapshot for display.
            .field("os_sources", &self.os_sources.load(Ordering::Relaxed))
            .finish_non_exhaustive()
    }
}
