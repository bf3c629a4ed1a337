//! The readiness queue of one `Poll`, and the handshake that wakes a sleeping poller.
//!
//! ## Shape
//!
//! Every registration has a slot in the queue (`slots.rs`) with a pending bit.
//! Producers (`set_readiness`, registrations) set the bit and, if it was clear,
//! append the slot number to an **inbox**: a `Vec<u32>` behind a mutex whose
//! critical section is one `push`. The poller takes the whole inbox at once by
//! swapping it with an empty `Vec` it keeps (the two buffers trade places forever,
//! so steady state allocates nothing), then works through the batch in order,
//! outside the lock, from its own **backlog**: it clears the pending bits of as many
//! entries as `events` has room for, then reads each slot's node. Entries the
//! `Events` buffer has no room for stay in the backlog, ahead of newer ones, so order
//! is FIFO across polls (SPEC P3).
//!
//! Why this shape: with one producer setting many registrations and one poller
//! taking them (the `events-K` benchmarks), what limits the rate is cache lines
//! moving between the two CPUs, not instructions. A "queued" flag in each node's
//! word, or a reference count in each entry, would move the node's line to the
//! poller and back at every event. Here, in the steady state:
//!
//! - a `set_readiness` that does not change the value only *loads* the node, and
//!   delivering an edge event only loads it, so the node's line stays shared;
//! - what moves is dense: a pending word per 64 registrations, cleared with one
//!   `fetch_and` per batch, and 4-byte entries, 16 to a line;
//! - the inbox lock, the `pushed` hint and the interrupt flags sit on lines of
//!   their own.
//!
//! A node is kept alive by its slot's owner reference while registered, not by
//! entries, so a dropped `Registration` is freed once the poller has taken the
//! inbox after its deregistration (SPEC R11). The node holds this queue strongly
//! too; the cycle is broken when the `Poll` is dropped: [`ReadinessQueue::close`]
//! empties the inbox, releases every owner and refuses later pushes.
//!
//! A dispatching `Poll`'s queue holds no entries for its registrations: their
//! `set_readiness` calls their callback instead (`dispatch.rs`). It still has the
//! inbox for its poller's sleep and the interrupt flags.
//!
//! ## Waking the poller (SPEC P5)
//!
//! The inbox lock also guards how the poller sleeps, if it does. Before sleeping,
//! the poller, holding the lock, checks that the inbox is empty and that no
//! interrupt is pending (see "Interrupts"), records where it sleeps and clears
//! `notified`. A producer that pushes while it sleeps, and finds `notified` clear,
//! sets it and, after unlocking, wakes it. It sleeps in one of two places:
//!
//! - **parked** (`std::thread::park`, until its deadline if it has one) whenever
//!   no OS source is registered (a check `Poll::poll` passes in, made under the
//!   lock): there is nothing for the kernel to report, and an unpark costs less
//!   than a descriptor write and the kernel poll's return. The poller leaves its
//!   thread handle in the inbox (`Sleep::Park`); the producer that sets `notified`
//!   takes the handle and unparks it. A thread park is one atomic and one futex
//!   call on each side; a condition variable would add its own queue lock and make
//!   the woken poller take the inbox lock again before it could return. The poller
//!   checks `notified` under the lock whenever it wakes, so a stray unpark of its
//!   thread (the token is shared with any other code parking that thread) only
//!   makes it park again. Registering an OS source [kicks](ReadinessQueue::kick)
//!   such a sleeper so it goes back to the kernel.
//! - **in the kernel** (`Sleep::Kernel`), when OS sources are registered: the
//!   poller blocks in `Kernel::select` after releasing the lock, and marks itself
//!   awake ([`woke`](ReadinessQueue::woke)) once it returns; the producer makes the
//!   one system call through the `Poll`'s [`WakeUp`] (`sys`: on Linux a pipe
//!   write, whose sync wake-up lets the scheduler bring the two threads together).
//!
//! Because both sides decide under one lock, no wake-up can be lost, at most one
//! producer pays a system call per sleep, and a push while the poller is awake, or
//! from the polling thread itself, makes none.
//!
//! ## Interrupts (SPEC I1–I3)
//!
//! An [interrupt](ReadinessQueue::interrupt) makes the poll in progress, or the
//! next one, return even with nothing queued. A runtime interrupts its driving
//! thread at every wake-up that is not an event (a task scheduled from another
//! thread, a timer filed earlier than the poll's timeout), mostly while that
//! thread is awake; so an interrupt does not take the inbox lock unless the poller
//! sleeps, and does not move the lock's line otherwise. It is two flags of their
//! own, [`InterruptFlags`], traded by a store, a SeqCst fence and a load on each
//! side:
//!
//! - the interrupter stores `interrupted` (Release), fences, and loads `asleep`;
//!   only if the poller is asleep does it take the inbox lock
//!   (`wake_sleeper`), and then wakes it by the rule a push follows: only if it
//!   still sleeps and `notified` is clear, so at most once per sleep;
//! - the poller, in [`sleep`](ReadinessQueue::sleep), under the inbox lock, stores
//!   `asleep`, fences, and loads `interrupted`; if set, it clears `asleep` and does
//!   not sleep.
//!
//! Of two such store–fence–load sequences, at least one load sees the other's
//! store: either the poller sees the interrupt and stays awake, or the interrupter
//! sees the poller asleep and wakes it. `asleep` mirrors `Inbox::sleeping !=
//! Awake` and is cleared under the lock when the poller wakes, so an interrupter
//! that still reads it set finds the poller awake under the lock and does nothing.
//!
//! Interrupts are sticky: only [`take_interrupt`](ReadinessQueue::take_interrupt)
//! clears `interrupted`, with a swap whose Acquire pairs with the interrupter's
//! Release (the poller then sees what the interrupter did before interrupting).
//! `Poll::poll` takes it whenever it could return, so an interrupt made while the
//! poller is awake ends the next poll, and any number that no poll has taken end
//! one together (SPEC I2). A spinning poller watches the flag with the `pushed`
//! hint ([`maybe_woken`](ReadinessQueue::maybe_woken)).

use std::fmt;
use std::io;
use std::mem;
use std::sync::Arc;
use std::time::{Duration, Instant};

use runtime_spin::Spin;

use crate::readiness::{Dequeued, Node};
use crate::slots::Slots;
use crate::sync::{
    current, fence, lock, park_until, passed, AtomicBool, AtomicUsize, Mutex, Ordering, Thread,
};
use crate::{Dispatch, Events};
use runtime_spin::SpinLock;

/// What wakes the poller from the kernel: the `Poll`'s one wake-up (`sys`: on
/// Linux a pipe, or an eventfd without `/proc`; mio's `Waker` elsewhere; a flag and
/// a condition variable under loom).
pub(crate) trait WakeUp: Send + Sync + fmt::Debug {
    /// Makes the blocked poller return.
    fn wake(&self) -> io::Result<()>;
}

impl WakeUp for mio::Waker {
    fn wake(&self) -> io::Result<()> {
        mio::Waker::wake(self)
    }
}

/// Where the poller sleeps, if it does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Sleep {
    #[default]
    Awake,
    /// Blocked (or about to be) in the kernel: wake through the [`WakeUp`].
    Kernel,
    /// Parked: unpark the thread left in [`Inbox::sleeper`].
    Park,
}

/// What producers and the poller share, under one lock.
#[derive(Debug, Default)]
struct Inbox {
    /// Slots to look at, oldest first; one per set pending bit (`slots.rs`).
    entries: Vec<u32>,
    /// Owners taken out of their slots by deregistrations, dropped by the poller
    /// once it holds no owner pointer (`slots.rs`).
    retired: Vec<Arc<Node>>,
    sleeping: Sleep,
    /// The parked poller's thread, taken by whoever wakes it.
    sleeper: Option<Thread>,
    /// A producer already woke the poller during this sleep.
    notified: bool,
    /// The `Poll` is gone: refuse entries.
    closed: bool,
}

/// Keeps a field on a cache line of its own (two, for the adjacent-line prefetcher).
#[derive(Debug, Default)]
#[repr(align(128))]
struct Padded<T>(T);

/// The user-space half of a `Poll`.
pub(crate) struct ReadinessQueue {
    inbox: Padded<SpinLock<Inbox>>,
    /// Entries pushed since the poller last took the inbox; read without the lock
    /// by a poller spinning briefly before it sleeps. A hint only: the decision to
    /// sleep is taken under the lock. On a line of its own, and written only when
    /// it changes, so that a spinning poller reading it does not take the inbox
    /// lock's line away from producers.
    pushed: Padded<AtomicUsize>,
    /// The flags an interrupter and the sleeping poller trade without the inbox
    /// lock (see "Interrupts" in the module docs).
    interrupt: Padded<InterruptFlags>,
    /// The pending bits and owners of the registrations.
    slots: Slots,
    /// `None` once the `Poll` is dropped: its descriptor is closed then.
    waker: Mutex<Option<Box<dyn WakeUp>>>,
    /// Set for a dispatching `Poll` (`dispatch.rs`): its registrations are notified,
    /// not queued.
    dispatch: Option<Arc<dyn Dispatch>>,
}

/// See "Interrupts" in the module docs.
#[derive(Debug, Default)]
struct InterruptFlags {
    /// An interrupt the poller has not taken yet.
    interrupted: AtomicBool,
    /// The poller sleeps, or is about to (mirrors `Inbox::sleeping != Awake`,
    /// written under the inbox lock).
    asleep: AtomicBool,
}

/// The poller's own side of the queue; lives under the `Poll`'s poll lock.
#[derive(Debug, Default)]
pub(crate) struct Consumer {
    /// The last inbox taken; its entries from `cursor` on are not looked at yet,
    /// oldest first. Swapped back into the inbox, emptied, on the next take (the
    /// two buffers trade places forever).
    backlog: Vec<u32>,
    cursor: usize,
    /// Level registrations that fired this poll; appended after it.
    requeue: Vec<u32>,
    /// When the inbox was last taken, and how many entries that take got; recorded
    /// only while pacing is on (`pacing`).
    last_take: Option<(Instant, usize)>,
    /// Whether [`ReadinessQueue::pace`] may wait: off on a thread confined to one
    /// CPU, where no producer can push while the poller waits.
    pacing: bool,
}

impl Consumer {
    /// Whether entries taken from the inbox are still to be looked at.
    fn has_backlog(&self) -> bool {
        self.cursor < self.backlog.len()
    }

    /// Turns pacing on or off (see the field).
    pub(crate) fn set_pacing(&mut self, on: bool) {
        self.pacing = on;
        if !on {
            self.last_take = None;
        }
    }
}

/// Takes of fewer entries than this, closer together than [`PACE`], mean that the
/// poller outruns its producers: see [`ReadinessQueue::pace`].
const PACE_BATCH: usize = 64;

/// The shortest time between two small takes of a poll that may wait, with at
/// least [`PACE_BATCH`] registrations (fewer: proportionally less).
const PACE: Duration = Duration::from_micros(2);

impl fmt::Debug for ReadinessQueue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ReadinessQueue").finish_non_exhaustive()
    }
}

impl ReadinessQueue {
    pub(crate) fn new(
        waker: Box<dyn WakeUp>,
        dispatch: Option<Arc<dyn Dispatch>>,
    ) -> Arc<ReadinessQueue> {
        Arc::new(ReadinessQueue {
            inbox: Padded(SpinLock::new(Inbox::default())),
            pushed: Padded(AtomicUsize::new(0)),
            interrupt: Padded(InterruptFlags::default()),
            slots: Slots::new(),
            waker: Mutex::new(Some(waker)),
            dispatch,
        })
    }

    /// What binds the callbacks of a dispatching `Poll`'s registrations.
    pub(crate) fn dispatch(&self) -> Option<&Arc<dyn Dispatch>> {
        self.dispatch.as_ref()
    }

    /// A slot for a registration that is new to this queue.
    pub(crate) fn alloc_slot(&self) -> io::Result<u32> {
        self.slots.alloc()
    }

    /// Gives back the slot of a registration being freed.
    pub(crate) fn free_slot(&self, slot: u32) {
        self.slots.free(slot);
    }

    /// Makes `node` the owner of `slot` (it registers here).
    pub(crate) fn set_owner(&self, slot: u32, node: &Arc<Node>) {
        self.slots.set_owner(slot, Arc::into_raw(node.clone()));
    }

    /// Takes the owner of `slot` out (it deregisters) and hands it to the poller,
    /// which drops it once it can no longer be reading it.
    pub(crate) fn retire_owner(&self, slot: u32) {
        let node = self.slots.take_owner(slot);
        if node.is_null() {
            return;
        }
        // SAFETY: owners are strong references made by `Arc::into_raw` in
        // `set_owner`, and `take_owner` hands each out once.
        let node = unsafe { Arc::from_raw(node) };
        let mut inbox = self.inbox.0.lock();
        if inbox.closed {
            drop(inbox);
            drop(node);
        } else {
            inbox.retired.push(node);
            drop(inbox);
            // ORDERING: a hint that makes the next drain take the inbox, and with
            // it the retired owner.
            self.pushed.0.store(1, Ordering::Relaxed);
        }
    }

    /// Whether the `Poll` is gone.
    pub(crate) fn is_closed(&self) -> bool {
        self.inbox.0.lock().closed
    }

    /// Sets the pending bit of `slot` and, if it was clear, pushes the slot's entry
    /// and wakes the poller if it sleeps.
    pub(crate) fn mark(&self, slot: u32) {
        if self.slots.mark(slot) {
            self.push(slot);
        }
    }

    /// [`mark`](Self::mark) for a `set_readiness` that did not change the value
    /// (see [`Slots::mark_unchanged`]).
    pub(crate) fn mark_unchanged(&self, slot: u32) {
        if self.slots.mark_unchanged(slot) {
            self.push(slot);
        }
    }

    fn push(&self, slot: u32) {
        self.signal(|inbox| inbox.entries.push(slot));
    }

    /// Makes the current poll return, or the next one if none is in progress, once
    /// it has delivered what is queued: with `Ok(0)` if nothing is. Interrupts not
    /// yet taken coalesce into one. See "Interrupts" in the module docs.
    pub(crate) fn interrupt(&self) {
        let flags = &self.interrupt.0;
        // ORDERING: Release publishes the caller's work to the poll that takes the
        // flag (`take_interrupt`'s Acquire). The fence orders this store before the
        // load of `asleep`, against the poller's store of `asleep`, fence, load of
        // this flag (`sleep`): one of the two sees the other.
        flags.interrupted.store(true, Ordering::Release);
        fence(Ordering::SeqCst);
        if !flags.asleep.load(Ordering::Relaxed) {
            return;
        }
        self.wake_sleeper();
    }

    /// Whether an interrupt came since the last call (and takes it).
    pub(crate) fn take_interrupt(&self) -> bool {
        let flags = &self.interrupt.0;
        // ORDERING: a load first, so that the common "no" writes nothing; the
        // swap's Acquire pairs with `interrupt`'s Release.
        flags.interrupted.load(Ordering::Relaxed)
            && flags.interrupted.swap(false, Ordering::Acquire)
    }

    /// Whether a push or an interrupt came since the poller last looked (a hint,
    /// for a poller spinning before it sleeps).
    pub(crate) fn maybe_woken(&self) -> bool {
        // ORDERING: hints; the decision to sleep is taken under the lock.
        self.maybe_pushed() || self.interrupt.0.interrupted.load(Ordering::Relaxed)
    }

    /// Wakes the poller if it sleeps and nobody woke it yet (an interrupter that
    /// saw it asleep).
    fn wake_sleeper(&self) {
        let mut inbox = self.inbox.0.lock();
        if inbox.closed || inbox.notified || inbox.sleeping == Sleep::Awake {
            return;
        }
        inbox.notified = true;
        let sleeping = inbox.sleeping;
        let sleeper = match sleeping {
            Sleep::Park => inbox.sleeper.take(),
            _ => None,
        };
        drop(inbox);
        self.wake(sleeping, sleeper);
    }

    /// Records something for the poller under the lock (`record`), and wakes it if
    /// it sleeps and no one has yet.
    fn signal(&self, record: impl FnOnce(&mut Inbox)) {
        let mut inbox = self.inbox.0.lock();
        if inbox.closed {
            return;
        }
        record(&mut inbox);
        let wake = if inbox.notified {
            Sleep::Awake
        } else {
            inbox.sleeping
        };
        inbox.notified |= wake != Sleep::Awake;
        let sleeper = match wake {
            Sleep::Park => inbox.sleeper.take(),
            _ => None,
        };
        drop(inbox);
        // ORDERING: a hint for the spinning poller; the lock orders everything else.
        if self.pushed.0.load(Ordering::Relaxed) == 0 {
            self.pushed.0.store(1, Ordering::Relaxed);
        }
        self.wake(wake, sleeper);
    }

    fn wake(&self, sleep: Sleep, sleeper: Option<Thread>) {
        match sleep {
            Sleep::Awake => {}
            Sleep::Park => {
                if let Some(thread) = sleeper {
                    thread.unpark();
                }
            }
            Sleep::Kernel => {
                if let Some(waker) = lock(&self.waker).as_ref() {
                    // A wake-up that is already pending (a full pipe, a saturated
                    // counter) is reported as success by the backends. Any other
                    // error is the descriptor's own, and there is nobody to report
                    // it to: `set_readiness` and `interrupt` return nothing for it.
                    let _ = waker.wake();
                }
            }
        }
    }

    /// Makes a parked poller loop (an OS source was registered, so it must watch
    /// the kernel now).
    #[cfg(any(unix, loom))]
    pub(crate) fn kick(&self) {
        let mut inbox = self.inbox.0.lock();
        if inbox.sleeping != Sleep::Park {
            return;
        }
        inbox.notified = true;
        let sleeper = inbox.sleeper.take();
        drop(inbox);
        if let Some(thread) = sleeper {
            thread.unpark();
        }
    }

    /// Moves events into `events` until it is full or nothing is queued. Level
    /// registrations that fired go to the tail afterwards, so each yields at most one
    /// event per poll and all take turns (SPEC O2, P3).
    ///
    /// The inbox is taken at most once per call: taking it moves its lock's cache
    /// line to the poller, and the next push moves it back, so taking small batches
    /// in a loop while a producer is busy would bounce the line once per few events.
    ///
    /// Entries are looked at a batch at a time: the pending bits of the whole batch
    /// are cleared first, one `fetch_and` per word of 64 slots, then each node is
    /// read. A `set_readiness` before the clearing is seen by the read; one after it
    /// finds its bit clear and pushes a new entry (SPEC P6).
    #[inline]
    pub(crate) fn drain(&self, consumer: &mut Consumer, events: &mut Events) {
        // The look a poller makes at an empty queue: two loads, no call.
        if consumer.has_backlog() || self.maybe_pushed() {
            self.drain_some(consumer, events);
        }
    }

    /// [`drain`](Self::drain) once something may be queued.
    fn drain_some(&self, consumer: &mut Consumer, events: &mut Events) {
        let mut taken = false;
        while events.room() > 0 {
            if !consumer.has_backlog() {
                if taken || !self.take(consumer) {
                    break;
                }
                taken = true;
            }
            let start = consumer.cursor;
            let end = start + events.room().min(consumer.backlog.len() - start);
            consumer.cursor = end;
            let batch = &consumer.backlog[start..end];
            self.clear_pending(batch);
            for &slot in batch {
                if let Dequeued::Event { event, requeue } = self.dequeue(slot) {
                    events.push(event);
                    // The pending bit is set again for the next poll, unless a
                    // `set_readiness` since the clearing already queued the slot.
                    if requeue && self.slots.mark(slot) {
                        consumer.requeue.push(slot);
                    }
                }
            }
        }
        if !consumer.requeue.is_empty() {
            let mut inbox = self.inbox.0.lock();
            if !inbox.closed {
                inbox.entries.append(&mut consumer.requeue);
                // ORDERING: a hint, see `take`; under the lock like its clearing.
                self.pushed.0.store(1, Ordering::Relaxed);
            }
            consumer.requeue.clear();
        }
    }

    /// Clears the pending bits of `batch`, one `fetch_and` per run of slots that
    /// share a word.
    fn clear_pending(&self, batch: &[u32]) {
        let mut word = None;
        let mut mask = 0u64;
        for &slot in batch {
            if word != Some(slot / 64) {
                if let Some(word) = word {
                    self.slots.clear(word * 64, mask);
                }
                word = Some(slot / 64);
                mask = 0;
            }
            mask |= 1 << (slot % 64);
        }
        if let Some(word) = word {
            self.slots.clear(word * 64, mask);
        }
    }

    /// Turns the entry of `slot` into an event, or nothing.
    fn dequeue(&self, slot: u32) -> Dequeued {
        let node = self.slots.owner(slot);
        if node.is_null() {
            return Dequeued::Nothing;
        }
        // SAFETY: an owner taken out of its slot is dropped only by a later `take`
        // (or by `close`), and both run on the poller, under the poll lock, so the
        // node outlives this call (`slots.rs`).
        unsafe { &*node }.dequeue(self, slot)
    }

    /// Swaps the inbox into the (looked-at) backlog, notes an interrupt, and drops
    /// retired owners; `false` if the inbox had no entry.
    ///
    /// The lock is not even taken unless the `pushed` hint says something came: a
    /// poller that keeps looking at an empty inbox would otherwise take the lock's
    /// line away from the producer at every look. The hint is cleared under the lock,
    /// so a push that follows the swap sets it again; and a `set_readiness` that
    /// returned before this call began has set it.
    fn take(&self, consumer: &mut Consumer) -> bool {
        if !self.maybe_pushed() {
            return false;
        }
        let mut inbox = self.inbox.0.lock();
        // ORDERING: a hint; see `pushed`. Cleared under the lock, see above.
        self.pushed.0.store(0, Ordering::Relaxed);
        let retired = mem::take(&mut inbox.retired);
        if inbox.entries.is_empty() {
            drop(inbox);
            drop(retired);
            return false;
        }
        consumer.backlog.clear();
        consumer.cursor = 0;
        mem::swap(&mut inbox.entries, &mut consumer.backlog);
        drop(inbox);
        drop(retired);
        if consumer.pacing {
            consumer.last_take = Some((Instant::now(), consumer.backlog.len()));
        }
        true
    }

    /// Called before a `poll` that may wait looks at the inbox: if the last take
    /// was small and less than [`PACE`] ago, waits (spinning) until `PACE` after it,
    /// or `deadline`, so that this take gets a batch.
    ///
    /// Why: when the poller is faster than the producers, every take moves the inbox
    /// lock's line, the fresh buffer's lines and the pending words between the CPUs
    /// for a handful of entries, and the producers pay for it at every
    /// `set_readiness`: moving those lines, not their own instructions, is then most
    /// of a producer's cost per call. Spacing small takes [`PACE`] apart lets each
    /// carry dozens of entries, and the producers' lines stay on their CPU most of
    /// the time (the figures are in `benches/peers/DESIGN_MEASUREMENTS.md`).
    ///
    /// What it costs: only a poller that just took a small batch, comes back within
    /// [`PACE`] and finds that producers pushed again meanwhile waits, for the rest
    /// of `PACE`. A poller that slept, is behind (large batches), or finds nothing
    /// new never does, and neither does `poll(Some(Duration::ZERO))`. So a round
    /// trip through the queue is not slowed (`event-rtt`), and a poller that shares
    /// its CPU with its producer does not spin while the producer cannot run.
    pub(crate) fn pace(&self, consumer: &Consumer, deadline: Option<Instant>) {
        let Some((last, batch)) = consumer.last_take else {
            return;
        };
        // Only while producers are busy: with nothing pushed since the take, spinning
        // could only keep a producer that shares this CPU from running.
        if batch >= PACE_BATCH || consumer.has_backlog() || !self.maybe_pushed() {
            return;
        }
        // A registration is in the inbox at most once, so a batch cannot outgrow
        // their number: wait only as long as a full batch takes to come.
        let full = self.slots.owned().min(PACE_BATCH);
        let pace = PACE * full as u32 / PACE_BATCH as u32;
        let until = match deadline {
            Some(deadline) => deadline.min(last + pace),
            None => last + pace,
        };
        // Waits for the time alone: nothing ends the wait early.
        Spin::spin(last, until.saturating_duration_since(last), || false);
    }

    /// Whether something was pushed since the poller last took the inbox (a hint).
    pub(crate) fn maybe_pushed(&self) -> bool {
        // ORDERING: a hint; the sleep decision is made under the lock.
        self.pushed.0.load(Ordering::Relaxed) != 0
    }

    /// Sleeps unless something is queued or an interrupt is pending: parked until
    /// `deadline` if `in_user_space()` says (under the lock) that no OS source needs
    /// watching, and then returns `None`; otherwise marks the poller asleep in the
    /// kernel and returns `Some(true)`: the caller blocks in the kernel
    /// (`Kernel::select`) and then calls [`woke`](Self::woke). `Some(false)` means
    /// "something is queued, or an interrupt pending: look again".
    pub(crate) fn sleep(
        &self,
        consumer: &mut Consumer,
        deadline: Option<std::time::Instant>,
        in_user_space: impl FnOnce() -> bool,
    ) -> Option<bool> {
        if consumer.has_backlog() {
            return Some(false);
        }
        let mut inbox = self.inbox.0.lock();
        if !inbox.entries.is_empty() {
            // ORDERING: a hint, see `take`: the pusher may not have set it yet, and
            // the drain this asks for must not skip the inbox.
            self.pushed.0.store(1, Ordering::Relaxed);
            return Some(false);
        }
        let flags = &self.interrupt.0;
        // ORDERING: the store, the fence and the load pair with `interrupt`'s
        // store, fence, load (see "Interrupts" in the module docs).
        flags.asleep.store(true, Ordering::Relaxed);
        fence(Ordering::SeqCst);
        if flags.interrupted.load(Ordering::Relaxed) {
            flags.asleep.store(false, Ordering::Relaxed);
            return Some(false);
        }
        inbox.notified = false;
        if in_user_space() {
            inbox.sleeping = Sleep::Park;
            inbox.sleeper = Some(current());
            drop(inbox);
            loop {
                park_until(deadline);
                let mut inbox = self.inbox.0.lock();
                if inbox.notified || passed(deadline) {
                    inbox.sleeping = Sleep::Awake;
                    inbox.sleeper = None;
                    // ORDERING: Relaxed, under the lock: see "Interrupts".
                    flags.asleep.store(false, Ordering::Relaxed);
                    return None;
                }
            }
        } else {
            inbox.sleeping = Sleep::Kernel;
            Some(true)
        }
    }

    /// The poller returned from the kernel.
    pub(crate) fn woke(&self) {
        let mut inbox = self.inbox.0.lock();
        inbox.sleeping = Sleep::Awake;
        // ORDERING: Relaxed, under the lock: an interrupter that still reads
        // `true` finds `sleeping == Awake` under the lock (see "Interrupts").
        self.interrupt.0.asleep.store(false, Ordering::Relaxed);
    }

    /// The `Poll` is gone: drop queued entries, refuse new ones, close the wake-up
    /// descriptor now.
    ///
    /// Every owner is taken out of its slot and released, which breaks the cycle
    /// between the queue and its registrations' nodes (`readiness.rs`).
    pub(crate) fn close(&self, consumer: &mut Consumer) {
        let retired = {
            let mut inbox = self.inbox.0.lock();
            inbox.closed = true;
            inbox.entries.clear();
            mem::take(&mut inbox.retired)
        };
        drop(retired);
        consumer.backlog.clear();
        consumer.cursor = 0;
        consumer.requeue.clear();
        for slot in self.slots.allocated() {
            let node = self.slots.take_owner(slot);
            if !node.is_null() {
                // SAFETY: as in `retire_owner`; `close` runs under the poll lock, so
                // no drain holds the pointer.
                drop(unsafe { Arc::from_raw(node) });
            }
        }
        lock(&self.waker).take();
    }
}
