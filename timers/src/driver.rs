//! The driver: a wheel shared between threads, its clock, and the hooks that run it.
//!
//! A [`Driver`] is a cheap handle (`Arc`) on one wheel and one clock. Timer owners
//! ([`Sleep`](crate::Sleep), [`Deadline`](crate::Deadline)) insert, update and
//! cancel their entries through it from any thread; whoever *drives* it (a runtime's
//! reactor thread, or this crate's process-wide timer thread) loops on:
//!
//! ```text
//! block for park_timeout()  (or until the unpark hook is called)
//! fire_due()                (wakes Wakers, sets readiness)
//! ```
//!
//! and, with a paused clock, calls [`Driver::advance_to_next`] when everything is
//! idle, so virtual time jumps to the next timer.
//!
//! ## Timer entry state
//!
//! Every wheel mutation happens under the driver's one lock, so a cancel and a fire
//! of the same entry are serialised: exactly one of them takes it out of the slab.
//! The owner keeps a [`TimerKey`]; a key whose entry is gone is stale for ever (see
//! `entry.rs`), which is how the owner learns that it fired.
//!
//! | state        | in the wheel      | owner holds   | leaves it by                                   |
//! |--------------|-------------------|---------------|------------------------------------------------|
//! | unregistered | no                | no key        | first poll: due → elapsed, else → registered   |
//! | registered   | yes, with Notify  | live key      | fire (driver) → fired; cancel/drop (owner)     |
//! | fired        | no, slot freed    | stale key     | owner's next poll → elapsed                    |
//! | elapsed      | no                | no key        | reset → unregistered                           |
//!
//! A fired entry's `Notify` is run after the lock is released (see `notify.rs`); if
//! the owner polls in between, it already sees the stale key and completes, and the
//! late wake is spurious, never lost.
//!
//! ## Waking the driving thread
//!
//! The driver remembers the wheel time it last reported through
//! [`Driver::next_deadline`] or [`Driver::park_timeout`] (`armed`). An insertion
//! earlier than that calls the unpark hook given at construction (once, outside the
//! lock), so a thread blocked until a later deadline wakes to recompute its timeout.
//! The hook must be *sticky* (an unpark that comes before the block makes the block
//! return at once), as `Thread::unpark`, `SetReadiness::set_readiness` and a
//! `Poll`'s `Interrupter::interrupt` (a runtime's hook) are.
//!
//! ## Shutdown
//!
//! A runtime calls [`Driver::shutdown`] once its tasks are gone: nobody will drive
//! the wheel again, so a timer that outlived the runtime (moved to another
//! executor, or a [`Deadline`](crate::Deadline) in a plain `Poll`) must not wait
//! for ever. Under the lock the driver is marked shut down and its wheel taken out
//! (an empty one, at the same time, takes its place); off the lock, the timers due
//! by now fire as usual and every other one is *shut down*: its waker is woken, a
//! deadline's registration is made `readable | hup`. From then on `register`
//! refuses new timers. What each owner does then:
//!
//! | timer                     | on a shut-down driver, not yet due                  |
//! |---------------------------|-----------------------------------------------------|
//! | `Sleep`, `Timeout`'s sleep, `Interval`'s tick | the poll panics, naming the shutdown (as tokio's do) |
//! | `Deadline`                | readable and hup; `is_elapsed()` stays `false` until its instant |
//!
//! A timer whose instant has come still completes normally: only waiting on a
//! driver that will never fire is refused. The clock keeps working.

use std::fmt;
use std::sync::Arc;
use std::task::Waker;
use std::time::{Duration, Instant};

use crate::clock::Clock;
use crate::notify::{Batch, Notify};
use crate::sync::{AtomicU64, AtomicUsize, Mutex, Ordering};
use crate::wheel::Wheel;
use crate::TimerKey;

/// A thread-safe timer wheel with a pausable clock: what sleeps and deadlines use.
///
/// Cloning gives another handle on the same wheel. Whoever drives it calls
/// [`park_timeout`](Driver::park_timeout) (or [`next_deadline`](Driver::next_deadline))
/// to know how long it may block and [`fire_due`](Driver::fire_due) after.
///
/// ```
/// use runtime_timers::{Driver, Sleep};
/// use std::future::Future;
/// use std::pin::pin;
/// use std::task::{Context, Poll};
/// use std::time::Duration;
///
/// let driver = Driver::new();
/// driver.pause(); // virtual time, for a deterministic example
/// let mut sleep = pin!(Sleep::new_in(&driver, driver.now() + Duration::from_secs(3600)));
/// let mut cx = Context::from_waker(futures::task::noop_waker_ref());
/// assert!(sleep.as_mut().poll(&mut cx).is_pending());
///
/// assert!(driver.next_deadline().unwrap() <= sleep.deadline()); // never later
/// assert!(driver.advance_to_next()); // idle: jump an hour ahead and fire
/// assert!(sleep.as_mut().poll(&mut cx).is_ready());
/// ```
#[derive(Clone)]
pub struct Driver {
    inner: Arc<Inner>,
}

struct Inner {
    clock: Clock,
    /// A wheel time the clock has reached: the latest [`Driver::now`] reading, in
    /// whole milliseconds (rounded down). Any thread may store an older reading
    /// over a newer one; it is only ever at or behind the clock, which is all
    /// `register` needs from it.
    seen_ms: AtomicU64,
    /// How many timers the wheel holds, mirrored from under the lock, so that
    /// [`Driver::fire_due`] on an empty wheel reads neither the clock nor the lock.
    /// A timer filed concurrently may be missed by that look: it is fired by the
    /// next one, which comes by its deadline (an earlier timer wakes the driving
    /// thread: see "Waking the driving thread").
    filed: AtomicUsize,
    state: Mutex<State>,
    unpark: Option<Box<dyn Fn() + Send + Sync>>,
    /// Call `unpark` also when a cancel empties the wheel: the process-wide
    /// driver's thread then exits instead of sleeping until the cancelled deadline.
    /// (A runtime's reactor has no use for that wake-up, and cancel-heavy code
    /// would pay one per emptying cancel.)
    unpark_when_emptied: bool,
}

struct State {
    wheel: Wheel<Notify>,
    /// The earliest wheel time the driving thread was told of; `u64::MAX` for none.
    armed: u64,
    /// Set by [`Driver::shutdown`]: no timer is filed any more.
    shut_down: bool,
}

/// Why [`Driver::register`] did not file a timer; the notification comes back.
pub(crate) enum Refused {
    /// The instant has come: the caller treats the timer as fired.
    Due(Notify),
    /// The driver is shut down and the instant has not come: it would never fire.
    ShutDown(Notify),
}

/// The panic message of a time future waiting on a shut-down driver.
pub(crate) const SHUT_DOWN: &str = "this timer's runtime has shut down, so the timer \
    would never fire: a Sleep, Timeout or Interval must be awaited while the runtime \
    that created it is running (create it inside a running runtime)";

impl Driver {
    /// A driver with no unpark hook: its driving thread must not block longer than
    /// [`park_timeout`](Driver::park_timeout) said at its last call, and will not
    /// learn of earlier timers inserted meanwhile before then.
    pub fn new() -> Driver {
        Driver::build(None)
    }

    /// A driver that calls `unpark` when a timer earlier than the driving thread's
    /// current timeout is inserted, and when the clock is resumed or advanced.
    ///
    /// `unpark` is called without the driver's lock held, from whichever thread
    /// inserted the timer, and must be sticky (see the module documentation).
    ///
    /// ```
    /// use runtime_timers::{Deadline, Driver};
    /// use std::sync::atomic::{AtomicUsize, Ordering};
    /// use std::sync::Arc;
    /// use std::time::Duration;
    ///
    /// let unparks = Arc::new(AtomicUsize::new(0));
    /// let counter = unparks.clone();
    /// let driver = Driver::with_unpark(move || {
    ///     counter.fetch_add(1, Ordering::Relaxed);
    /// });
    /// assert_eq!(driver.park_timeout(), None); // nothing to wait for
    /// let _deadline = Deadline::new_in(&driver, driver.now() + Duration::from_secs(1));
    /// assert_eq!(unparks.load(Ordering::Relaxed), 1); // an earlier timer: unpark
    /// ```
    pub fn with_unpark<F>(unpark: F) -> Driver
    where
        F: Fn() + Send + Sync + 'static,
    {
        Driver::build(Some(Box::new(unpark)))
    }

    /// The process-wide driver: [`Driver::with_unpark`], and a cancel that empties
    /// the wheel calls `unpark` too, so the driving thread can exit.
    pub(crate) fn process_wide<F>(unpark: F) -> Driver
    where
        F: Fn() + Send + Sync + 'static,
    {
        let mut driver = Driver::build(Some(Box::new(unpark)));
        if let Some(inner) = Arc::get_mut(&mut driver.inner) {
            inner.unpark_when_emptied = true;
        }
        driver
    }

    fn build(unpark: Option<Box<dyn Fn() + Send + Sync>>) -> Driver {
        Driver {
            inner: Arc::new(Inner {
                clock: Clock::new(),
                seen_ms: AtomicU64::new(0),
                filed: AtomicUsize::new(0),
                state: Mutex::new(State {
                    wheel: Wheel::new(),
                    armed: u64::MAX,
                    shut_down: false,
                }),
                unpark,
                unpark_when_emptied: false,
            }),
        }
    }

    /// The driver's clock: the real time, or the virtual time while paused.
    pub fn now(&self) -> Instant {
        let now = self.inner.clock.now();
        let ms = self.inner.clock.now_ms(now);
        // ORDERING: Relaxed: a hint, read only by `register` as "reached by now";
        // stored only when it moves, so the line is not written per call.
        if self.inner.seen_ms.load(Ordering::Relaxed) < ms {
            self.inner.seen_ms.store(ms, Ordering::Relaxed);
        }
        now
    }

    /// Freezes the clock (rounded up to a whole millisecond); timers then fire only
    /// when it is advanced. Does nothing if already paused.
    ///
    /// ```
    /// use runtime_timers::Driver;
    /// use std::time::Duration;
    ///
    /// let driver = Driver::new();
    /// driver.pause();
    /// let before = driver.now();
    /// driver.advance(Duration::from_secs(60));
    /// assert_eq!(driver.now() - before, Duration::from_secs(60));
    /// driver.resume();
    /// assert!(!driver.is_paused());
    /// ```
    pub fn pause(&self) {
        self.inner.clock.pause();
    }

    /// Lets a paused clock run on from where it stands (it does not jump back to the
    /// real time). Does nothing if it is running.
    pub fn resume(&self) {
        self.inner.clock.resume();
        self.unpark();
    }

    /// Whether the clock is paused.
    pub fn is_paused(&self) -> bool {
        self.inner.clock.is_paused()
    }

    /// Moves the clock `duration` forward (saturating), paused or not, and fires the
    /// timers that are then due, on the calling thread.
    pub fn advance(&self, duration: Duration) {
        self.inner.clock.advance(duration);
        self.fire_due_now();
        self.unpark();
    }

    /// When the driver next has work: no timer is due before it. It may be earlier
    /// than every deadline (an internal step of the wheel), never later than the
    /// first. `None` when no timer is pending.
    ///
    /// It is on the driver's clock: while paused, compare it with
    /// [`now`](Driver::now), not `Instant::now()`; [`park_timeout`](Driver::park_timeout)
    /// does that conversion.
    pub fn next_deadline(&self) -> Option<Instant> {
        self.next_ms().map(|ms| self.inner.clock.instant_at(ms))
    }

    /// How long the driving thread may block before calling
    /// [`fire_due`](Driver::fire_due): `None` for "until unparked".
    ///
    /// While paused, time moves only when advanced, so this is `Some(ZERO)` if a
    /// timer is already due and `None` otherwise (the idle hook,
    /// [`advance_to_next`](Driver::advance_to_next), moves time instead).
    pub fn park_timeout(&self) -> Option<Duration> {
        let next = self.next_ms()?;
        let now = self.now();
        if self.is_paused() {
            return (next <= self.inner.clock.now_ms(now)).then_some(Duration::ZERO);
        }
        Some(
            self.inner
                .clock
                .instant_at(next)
                .saturating_duration_since(now),
        )
    }

    /// Fires every timer due at [`now`](Driver::now): wakes its `Waker` or makes its
    /// [`Deadline`](crate::Deadline) readable. Returns how many fired.
    ///
    /// On an empty wheel this reads neither the clock nor the lock, so a timer
    /// filed concurrently may be left for the next call (see `filed`); that call
    /// comes, because filing a timer earlier than the driving thread's timeout calls
    /// the unpark hook. [`advance`](Driver::advance) does not take that shortcut.
    pub fn fire_due(&self) -> usize {
        // ORDERING: Acquire pairs with the Release stores under the lock; see
        // `filed` for why a stale zero is harmless.
        if self.inner.filed.load(Ordering::Acquire) == 0 {
            return 0;
        }
        self.fire_due_now()
    }

    /// [`fire_due`](Driver::fire_due) without the empty-wheel shortcut: the pass
    /// always leaves the wheel at the present, so that a timer filed concurrently
    /// is either fired by it or found due by `register`.
    fn fire_due_now(&self) -> usize {
        let now_ms = self.inner.clock.now_ms(self.now());
        let mut fired = 0;
        loop {
            let mut batch = Batch::new();
            {
                let mut state = self.inner.state.lock();
                while !batch.is_full() {
                    match state.wheel.poll_expired(now_ms) {
                        Some((_key, _when, notify)) => batch.push(notify),
                        None => break,
                    }
                }
                self.inner.count(&state);
            }
            let more = batch.is_full();
            fired += batch.len();
            batch.notify_all();
            if !more {
                return fired;
            }
        }
    }

    /// The idle hook of a paused clock: jumps the clock to the next timer and fires
    /// it. Returns `true` if a timer fired; `false` if the clock is running or no
    /// timer is pending (then there is nothing to jump to).
    pub fn advance_to_next(&self) -> bool {
        // Each round moves past one slot of the wheel (at most one per level before
        // a timer is due), so this ends; a timer cancelled meanwhile ends it early.
        loop {
            let Some(next) = self.inner.state.lock().wheel.next_expiration() else {
                return false;
            };
            if !self
                .inner
                .clock
                .advance_paused_to(self.inner.clock.instant_at(next))
            {
                return false;
            }
            if self.fire_due_now() > 0 {
                return true;
            }
            if self.inner.state.lock().wheel.next_expiration() <= Some(next) {
                return false;
            }
        }
    }

    /// Shuts the driver down for good: fires the timers due by now, wakes every
    /// other one (a `Sleep`'s task, a `Deadline`'s registration, made
    /// `readable | hup`), and refuses new timers from then on; see the module
    /// documentation for what each kind of timer does then. A runtime calls this
    /// when it shuts down, after cancelling its tasks. Idempotent.
    ///
    /// ```
    /// use runtime_timers::{Driver, Sleep};
    /// use std::future::Future;
    /// use std::pin::pin;
    /// use std::task::{Context, Poll};
    /// use std::time::Duration;
    ///
    /// let driver = Driver::new();
    /// let mut sleep = pin!(Sleep::new_in(&driver, driver.now() + Duration::from_secs(60)));
    /// let mut cx = Context::from_waker(futures::task::noop_waker_ref());
    /// assert!(sleep.as_mut().poll(&mut cx).is_pending());
    ///
    /// driver.shutdown(); // wakes the sleep's task, which must not wait for ever
    /// assert!(driver.is_shut_down());
    /// assert_eq!(driver.pending_timers(), 0);
    /// let poll_again = std::panic::AssertUnwindSafe(|| sleep.as_mut().poll(&mut cx));
    /// let polled = std::panic::catch_unwind(poll_again);
    /// assert!(polled.is_err(), "polling it again panics, naming the shutdown");
    /// ```
    pub fn shutdown(&self) {
        let (wheel, now_ms) = {
            let mut state = self.inner.state.lock();
            if state.shut_down {
                return;
            }
            state.shut_down = true;
            state.armed = u64::MAX;
            let elapsed = state.wheel.elapsed();
            let wheel = std::mem::replace(&mut state.wheel, Wheel::starting_at(elapsed));
            self.inner.count(&state);
            (wheel, self.inner.clock.now_ms(self.now()))
        };
        // Off the lock: a waker may run arbitrary code (see `notify.rs`). The keys
        // of these entries are stale in the new wheel, so their owners see them as
        // gone, and tell fired from shut down by the clock.
        let mut wheel = wheel;
        for (_key, when, notify) in wheel.advance(u64::MAX) {
            if when <= now_ms {
                notify.notify();
            } else {
                notify.shut_down();
            }
        }
        // The driving thread, if any, need not wait for a timer any more.
        self.unpark();
    }

    /// Whether [`shutdown`](Driver::shutdown) was called.
    pub fn is_shut_down(&self) -> bool {
        self.inner.state.lock().shut_down
    }

    /// How many timers are in the wheel (registered and not yet fired).
    ///
    /// ```
    /// use runtime_timers::{Driver, Sleep};
    /// use std::time::Duration;
    ///
    /// let driver = Driver::new();
    /// let sleep = Sleep::new_in(&driver, driver.now() + Duration::from_secs(1));
    /// assert_eq!(driver.pending_timers(), 0); // lazy: never polled, never filed
    /// # drop(sleep);
    /// ```
    pub fn pending_timers(&self) -> usize {
        self.inner.state.lock().wheel.len()
    }

    /// Whether two handles are on the same driver.
    pub fn same_driver(&self, other: &Driver) -> bool {
        Arc::ptr_eq(&self.inner, &other.inner)
    }

    /// Files a timer due at `when`; gives `notify` back if `when` has already come
    /// (the caller then treats it as fired), so a due timer never waits for the
    /// driving thread, or if the driver is shut down (it would never fire).
    ///
    /// Reading the clock costs as much as filing the timer, so "due" is decided
    /// from what is known without reading it, in this order:
    ///
    /// 1. `when` is in a millisecond at or before `seen_ms`, a
    ///    time the clock has already reached (usually the `now` the caller's
    ///    deadline was computed from): due, no lock taken.
    /// 2. `when` is in the millisecond right after it (`sleep(ZERO)`, a deadline
    ///    just past): the millisecond alone cannot tell, so the clock is read.
    /// 3. Under the wheel's lock, `when` is at or before the wheel's time: due.
    ///    `fire_due` leaves the wheel at the time it fired for, so either that
    ///    pass finds this entry (it comes first), or this call sees the pass's
    ///    time and does not file an entry that pass has already gone by. Without
    ///    it, an entry filed just after a firing pass for its time would wait for
    ///    the next pass (found by the loom model `register_while_firing`).
    ///
    /// Every one of these times is at or behind the clock, so this never
    /// completes a timer early. A timer long past whose driver has not read the
    /// clock since is filed, and fires at the next `fire_due`.
    pub(crate) fn register(&self, when: Instant, notify: Notify) -> Result<TimerKey, Refused> {
        let when_ms = self.inner.clock.deadline_ms(when);
        // ORDERING: Relaxed: see `seen_ms`.
        let seen = self.inner.seen_ms.load(Ordering::Relaxed);
        if when_ms <= seen || (when_ms == seen.saturating_add(1) && self.now() >= when) {
            return Err(Refused::Due(notify));
        }
        let (key, earlier) = {
            let mut state = self.inner.state.lock();
            if when_ms <= state.wheel.elapsed() {
                return Err(Refused::Due(notify));
            }
            if state.shut_down {
                return Err(Refused::ShutDown(notify));
            }
            let key = state.wheel.insert(when_ms, notify);
            self.inner.count(&state);
            (key, state.arm(when_ms))
        };
        if earlier {
            self.unpark();
        }
        Ok(key)
    }

    /// Stores `waker` in the timer `key` if it has not fired; `false` if it has.
    pub(crate) fn update_waker(&self, key: TimerKey, waker: &Waker) -> bool {
        let mut state = self.inner.state.lock();
        match state.wheel.get_mut(key) {
            Some(Notify::Waker(stored)) => {
                if !stored.will_wake(waker) {
                    stored.clone_from(waker);
                }
                true
            }
            // A `Deadline` never asks; its readiness is its way of waking.
            Some(Notify::Readiness(_)) => true,
            None => false,
        }
    }

    /// Cancels the timer `key`; `false` if it had already fired.
    pub(crate) fn cancel(&self, key: TimerKey) -> bool {
        // Dropped after the lock is released: a waker's drop may run arbitrary code.
        let (removed, emptied) = {
            let mut state = self.inner.state.lock();
            let removed = state.wheel.remove(key);
            self.inner.count(&state);
            // The driving thread may be blocked until the deadline just cancelled.
            let emptied = self.inner.unpark_when_emptied
                && removed.is_some()
                && state.wheel.is_empty()
                && state.armed != u64::MAX;
            if emptied {
                state.armed = u64::MAX;
            }
            (removed, emptied)
        };
        if emptied {
            self.unpark();
        }
        removed.is_some()
    }

    /// Moves the timer `key` to `when`; `false` if it had already fired.
    pub(crate) fn reschedule(&self, key: TimerKey, when: Instant) -> bool {
        let when_ms = self.inner.clock.deadline_ms(when);
        let (live, earlier) = {
            let mut state = self.inner.state.lock();
            let live = state.wheel.reset(key, when_ms);
            (live, live && state.arm(when_ms))
        };
        if earlier {
            self.unpark();
        }
        live
    }

    fn next_ms(&self) -> Option<u64> {
        let mut state = self.inner.state.lock();
        let next = state.wheel.next_expiration();
        state.armed = next.unwrap_or(u64::MAX);
        next
    }

    fn unpark(&self) {
        if let Some(unpark) = &self.inner.unpark {
            unpark();
        }
    }
}

impl Inner {
    /// Mirrors the wheel's length into `filed`; under the lock.
    fn count(&self, state: &State) {
        // ORDERING: Release, see `filed`.
        self.filed.store(state.wheel.len(), Ordering::Release);
    }
}

impl State {
    /// Records a timer at `when_ms`; `true` if the driving thread must be woken.
    fn arm(&mut self, when_ms: u64) -> bool {
        if when_ms < self.armed {
            self.armed = when_ms;
            true
        } else {
            false
        }
    }
}

impl Default for Driver {
    fn default() -> Driver {
        Driver::new()
    }
}

impl fmt::Debug for Driver {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Driver")
            .field("clock", &self.inner.clock)
            .field("pending_timers", &self.pending_timers())
            .field("unpark", &self.inner.unpark.is_some())
            .finish()
    }
}
