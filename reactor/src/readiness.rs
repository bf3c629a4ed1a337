//! The readiness word: one atomic per user-space registration.
//!
//! A [`Node`] is shared by a `Registration`, its `SetReadiness` handles and the queue
//! entries of the `Poll` it is registered with. Everything a `poll` needs to turn a
//! queue entry into an event lives in one `AtomicUsize`, so that setting readiness,
//! delivering an event and (re)registering never disagree:
//!
//! | bits    | field        | meaning                                                 |
//! |---------|--------------|---------------------------------------------------------|
//! | 0..4    | readiness    | the value last passed to `set_readiness` (SPEC R2)       |
//! | 4..8    | interest     | the interest of the current registration                 |
//! | 8       | `EDGE`       | edge-triggered (else level)                              |
//! | 9       | `ONESHOT`    | disarm after one event                                   |
//! | 10      | `ARMED`      | may produce events (cleared by a oneshot delivery)       |
//! | 11      | `REGISTERED` | bound to a `Poll`                                        |
//! | 12      | `QUEUED`     | an entry for the current generation sits in the queue    |
//! | 13      | `NOTIFY`     | bound to a [`Notify`] callback instead (`notify.rs`)     |
//! | 16..    | generation   | bumped by every register, reregister and deregister      |
//!
//! Invariants:
//!
//! - **One entry per generation.** `QUEUED` is set by exactly one compare-exchange,
//!   whose winner pushes exactly one entry `(node, generation)`. So a registration is
//!   never in its queue twice, however many threads call `set_readiness`.
//! - **Stale entries are inert.** Every change of registration bumps the generation, so
//!   an entry made before a `deregister` or `reregister` no longer matches and `poll`
//!   drops it (SPEC R5, R6, A5). The change itself queues a fresh entry when the new
//!   interest overlaps the current readiness (SPEC R3, R4).
//! - **Delivery is decided at `poll` time** from the word as it is then: the latest
//!   readiness, masked by the current interest (SPEC O1 coalescing, E1, E3).
//! - **The token is read as a seqlock.** A (re)registration makes the generation odd,
//!   stores the token, then makes it even again with the new interest. `poll` reads
//!   the token between loading the word and its compare-exchange; the exchange only
//!   succeeds if the word did not change, so the token and the interest it delivers
//!   belong to the same registration. Odd generations never match an entry.
//!
//! The generation has `usize::BITS - 16` bits; on 32-bit targets it wraps after 32768
//! registration changes, and a stale entry could only be mistaken for a live one if
//! it stayed queued that long, which the `Poll` owning it never allows.

use std::sync::Arc;

use crate::notify::Notify;
use crate::readiness_queue::{Entry, ReadinessQueue};
use crate::sync::{lock, AtomicUsize, Mutex, MutexGuard, Ordering};
use crate::{Event, PollOpt, Ready, Token};

const READY_MASK: usize = 0b1111;
const INTEREST_SHIFT: usize = 4;
const INTEREST_MASK: usize = 0b1111 << INTEREST_SHIFT;
const EDGE: usize = 1 << 8;
const ONESHOT: usize = 1 << 9;
const ARMED: usize = 1 << 10;
const REGISTERED: usize = 1 << 11;
const QUEUED: usize = 1 << 12;
const NOTIFY: usize = 1 << 13;
const GEN_SHIFT: usize = 16;
const GEN_ONE: usize = 1 << GEN_SHIFT;
const GEN_MASK: usize = !(GEN_ONE - 1);

fn readiness(word: usize) -> Ready {
    Ready::from_usize(word & READY_MASK)
}

fn interest(word: usize) -> Ready {
    Ready::from_usize((word & INTEREST_MASK) >> INTEREST_SHIFT)
}

fn generation(word: usize) -> usize {
    word >> GEN_SHIFT
}

/// Whether a `set_readiness` to `ready` must queue an entry, given the word `word`.
fn wants_entry(word: usize, ready: Ready) -> bool {
    word & (REGISTERED | ARMED | QUEUED) == REGISTERED | ARMED
        && !(interest(word) & ready).is_empty()
}

/// What `poll` makes of one queue entry.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Dequeued {
    /// The entry is stale or the readiness no longer overlaps the interest.
    Nothing,
    /// Deliver this event; `requeue` if the registration is level-triggered and must
    /// be looked at again by the next poll.
    Event { event: Event, requeue: bool },
}

/// What a node is bound to.
#[derive(Default)]
enum Binding {
    /// Nothing: `set_readiness` only stores.
    #[default]
    None,
    /// The queue of the `Poll` it is registered with.
    Queue(Arc<ReadinessQueue>),
    /// A callback `set_readiness` runs itself (`notify.rs`). Boxed once more so
    /// that the binding stays one thin pointer: a fat one would grow every node
    /// from one 64-byte allocation to 80 bytes, and make neighbouring nodes share
    /// cache lines (see the size test below).
    Notify(Arc<Arc<dyn Notify>>),
}

impl std::fmt::Debug for Binding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Binding::None => "None",
            Binding::Queue(_) => "Queue",
            Binding::Notify(_) => "Notify",
        })
    }
}

impl Binding {
    fn queue(&self) -> Option<&Arc<ReadinessQueue>> {
        match self {
            Binding::Queue(queue) => Some(queue),
            _ => None,
        }
    }
}

/// The state shared by a registration's handles; see the module docs.
#[derive(Debug)]
pub(crate) struct Node {
    word: AtomicUsize,
    token: AtomicUsize,
    /// The queue of the `Poll` this node is registered with, or its `Notify`. Its
    /// lock also serialises register, reregister, deregister and (un)binding a
    /// callback (SPEC R9).
    binding: Mutex<Binding>,
}

impl Node {
    /// A node with empty readiness, registered nowhere (SPEC R1).
    pub(crate) fn new() -> Node {
        Node {
            word: AtomicUsize::new(0),
            token: AtomicUsize::new(0),
            binding: Mutex::new(Binding::None),
        }
    }

    /// The readiness last set, whatever the interest (SPEC R2).
    pub(crate) fn readiness(&self) -> Ready {
        // ORDERING: a plain snapshot; it orders nothing else.
        readiness(self.word.load(Ordering::Acquire))
    }

    /// Replaces the readiness and queues an entry if the registration wants one.
    pub(crate) fn set_readiness(self: &Arc<Node>, ready: Ready) {
        // ORDERING: the load only seeds the compare-exchange loop.
        let mut cur = self.word.load(Ordering::Relaxed);
        loop {
            let enqueue = wants_entry(cur, ready);
            let mut next = (cur & !READY_MASK) | ready.as_usize();
            if enqueue {
                next |= QUEUED;
            }
            // ORDERING: Release publishes the readiness to the poll that dequeues the
            // entry; Acquire pairs with a registration change's Release so that a
            // successful exchange sees its binding.
            match self
                .word
                .compare_exchange_weak(cur, next, Ordering::AcqRel, Ordering::Relaxed)
            {
                Ok(_) => {
                    if enqueue {
                        self.push_entry(generation(cur));
                    } else if cur & NOTIFY != 0 && !ready.is_empty() {
                        self.call_notify();
                    }
                    return;
                }
                Err(actual) => cur = actual,
            }
        }
    }

    /// Pushes the one entry of generation `gen` into the bound queue, if any.
    ///
    /// The binding may have changed since `gen` was read; an entry pushed into
    /// another queue, or after a deregistration, is stale and dropped by its poll.
    fn push_entry(self: &Arc<Node>, gen: usize) {
        let binding = lock(&self.binding);
        if let Some(queue) = binding.queue() {
            queue.push(Entry::new(self.clone(), gen));
        }
    }

    /// Runs the bound callback, if still bound, with the readiness as it is now
    /// (`notify.rs`, N2, N5); outside the lock, see there why.
    fn call_notify(&self) {
        let notify = match &*lock(&self.binding) {
            Binding::Notify(notify) => Arc::clone(notify),
            _ => return,
        };
        // ORDERING: Acquire sees the latest value set; the lock above already
        // ordered this load after the store that asked for the call.
        let ready = readiness(self.word.load(Ordering::Acquire));
        if !ready.is_empty() {
            notify.notify(ready);
        }
    }

    /// Binds this node to `notify` (`notify.rs`, N1, N3).
    pub(crate) fn bind_notify(&self, notify: Arc<dyn Notify>) -> std::io::Result<()> {
        let mut binding = lock(&self.binding);
        match &*binding {
            Binding::None => {}
            Binding::Queue(_) => return Err(crate::error::bound_to_poll()),
            Binding::Notify(_) => return Err(crate::error::notify_bound()),
        }
        // ORDERING: AcqRel: a `set_readiness` whose exchange follows this one sees
        // `NOTIFY` and then waits for the lock, so it finds the callback stored; one
        // that preceded it left its readiness in `prev`, which N3 delivers.
        let prev = self.word.fetch_or(NOTIFY, Ordering::AcqRel);
        *binding = Binding::Notify(Arc::new(notify.clone()));
        drop(binding);
        let ready = readiness(prev);
        if !ready.is_empty() {
            notify.notify(ready);
        }
        Ok(())
    }

    /// Unbinds the callback (`notify.rs`, N1, N5).
    pub(crate) fn unbind_notify(&self) -> std::io::Result<()> {
        let binding = lock(&self.binding);
        match &*binding {
            Binding::Notify(_) => {}
            _ => return Err(crate::error::not_notify_bound()),
        }
        self.unbind(binding);
        Ok(())
    }

    /// Registers this node with `queue` (SPEC R3, R4, R7, R8).
    pub(crate) fn register(
        self: &Arc<Node>,
        queue: &Arc<ReadinessQueue>,
        token: Token,
        interest: Ready,
        opts: PollOpt,
    ) -> std::io::Result<()> {
        let mut binding = lock(&self.binding);
        match &*binding {
            Binding::None => {}
            Binding::Queue(bound) if Arc::ptr_eq(bound, queue) => {
                return Err(crate::error::already_registered_here())
            }
            Binding::Queue(_) => return Err(crate::error::registered_elsewhere()),
            Binding::Notify(_) => return Err(crate::error::notify_bound()),
        }
        *binding = Binding::Queue(queue.clone());
        self.install(&binding, token, interest, opts);
        Ok(())
    }

    /// Changes token, interest and options together (SPEC R4, R5, O3).
    pub(crate) fn reregister(
        self: &Arc<Node>,
        queue: &Arc<ReadinessQueue>,
        token: Token,
        interest: Ready,
        opts: PollOpt,
    ) -> std::io::Result<()> {
        let binding = lock(&self.binding);
        check_bound_to(&binding, queue)?;
        self.install(&binding, token, interest, opts);
        Ok(())
    }

    /// Removes the registration from `queue` (SPEC R6, R8).
    pub(crate) fn deregister(&self, queue: &Arc<ReadinessQueue>) -> std::io::Result<()> {
        let binding = lock(&self.binding);
        check_bound_to(&binding, queue)?;
        self.unbind(binding);
        Ok(())
    }

    /// Deregisters from whatever `Poll` holds the node, or unbinds its callback;
    /// used when the `Registration` is dropped.
    pub(crate) fn deregister_any(&self) {
        let binding = lock(&self.binding);
        if !matches!(*binding, Binding::None) {
            self.unbind(binding);
        }
    }

    /// Unbinds under `binding`'s lock, then releases the lock before dropping
    /// what was bound.
    fn unbind(&self, mut binding: MutexGuard<'_, Binding>) {
        // ORDERING: AcqRel orders this change after the previous one and before any
        // later registration; the new generation makes every queued entry stale,
        // and clearing `NOTIFY` stops new callback calls.
        let _ = self
            .word
            .fetch_update(Ordering::AcqRel, Ordering::Relaxed, |cur| {
                Some((cur & READY_MASK) | (cur & GEN_MASK).wrapping_add(2 * GEN_ONE))
            });
        // Dropped after the lock is released: the last reference to a callback may
        // own wakers whose drop runs arbitrary code.
        let old = std::mem::take(&mut *binding);
        drop(binding);
        drop(old);
    }

    /// Writes a registration while holding the binding lock: generation made odd,
    /// token stored, then the new word with an even generation (see the module docs).
    fn install(self: &Arc<Node>, binding: &Binding, token: Token, interest: Ready, opts: PollOpt) {
        // ORDERING: the odd generation must be visible before the token changes, so a
        // poll that reads the new token fails its compare-exchange (seqlock). While
        // odd, `REGISTERED` is clear, so `set_readiness` only stores its value.
        let _ = self
            .word
            .fetch_update(Ordering::AcqRel, Ordering::Relaxed, |cur| {
                Some((cur & READY_MASK) | (cur & GEN_MASK).wrapping_add(GEN_ONE))
            });
        self.token.store(token.0, Ordering::Release);

        let mut reg = (interest.as_usize() << INTEREST_SHIFT) | ARMED | REGISTERED;
        if opts.is_edge() && !opts.is_level() {
            reg |= EDGE;
        }
        if opts.is_oneshot() {
            reg |= ONESHOT;
        }
        // ORDERING: the load only seeds the loop; the exchange's Release publishes the
        // token stored above together with the even generation.
        let mut cur = self.word.load(Ordering::Relaxed);
        loop {
            let mut next = (cur & READY_MASK) | (cur & GEN_MASK).wrapping_add(GEN_ONE) | reg;
            // SPEC R3, R4: a registration whose interest overlaps the readiness queues
            // an event, whatever was queued before.
            let enqueue = wants_entry(next, readiness(cur));
            if enqueue {
                next |= QUEUED;
            }
            match self
                .word
                .compare_exchange_weak(cur, next, Ordering::AcqRel, Ordering::Relaxed)
            {
                Ok(_) => {
                    if let (true, Some(queue)) = (enqueue, binding.queue()) {
                        queue.push(Entry::new(self.clone(), generation(next)));
                    }
                    return;
                }
                Err(actual) => cur = actual,
            }
        }
    }

    /// Turns the entry of generation `gen` into an event, or nothing; called by the
    /// poll that popped it.
    pub(crate) fn dequeue(&self, gen: usize) -> Dequeued {
        // ORDERING: Acquire sees the readiness and registration the entry stands for.
        let mut cur = self.word.load(Ordering::Acquire);
        loop {
            if generation(cur) != gen || cur & QUEUED == 0 {
                return Dequeued::Nothing;
            }
            // ORDERING: Acquire pairs with the Release store of a registration; the
            // compare-exchange below validates that no registration began since `cur`.
            let token = Token(self.token.load(Ordering::Acquire));
            let ready = readiness(cur) & interest(cur);
            let mut next = cur & !QUEUED;
            let mut requeue = false;
            if !ready.is_empty() {
                if cur & ONESHOT != 0 {
                    next &= !ARMED;
                } else if cur & EDGE == 0 {
                    next |= QUEUED;
                    requeue = true;
                }
            }
            match self
                .word
                .compare_exchange_weak(cur, next, Ordering::AcqRel, Ordering::Acquire)
            {
                Ok(_) if ready.is_empty() => return Dequeued::Nothing,
                Ok(_) => {
                    return Dequeued::Event {
                        event: Event::new(ready, token),
                        requeue,
                    }
                }
                Err(actual) => cur = actual,
            }
        }
    }
}

/// SPEC R8: `reregister` and `deregister` need the node registered with `queue`.
fn check_bound_to(binding: &Binding, queue: &Arc<ReadinessQueue>) -> std::io::Result<()> {
    match binding {
        Binding::Queue(bound) if Arc::ptr_eq(bound, queue) => Ok(()),
        Binding::Queue(_) => Err(crate::error::not_registered_here()),
        Binding::Notify(_) | Binding::None => Err(crate::error::not_registered()),
    }
}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::Node;

    /// A node and its `Arc` header fit one 64-byte allocation: the `events-K`
    /// throughput and the memory of every registration depend on it.
    #[test]
    fn a_node_fits_one_cache_line_with_its_arc_header() {
        assert!(
            std::mem::size_of::<Node>() + 2 * std::mem::size_of::<usize>() <= 56,
            "Node is {} bytes",
            std::mem::size_of::<Node>()
        );
    }
}
