//! The readiness word: one atomic per user-space registration.
//!
//! A [`Node`] is shared by a `Registration` and its `SetReadiness` handles, and owned
//! by the slot of the `Poll` it is registered with (`slots.rs`). Everything a `poll`
//! needs to turn a queue entry into an event lives in one `AtomicUsize`, so that
//! setting readiness, delivering an event and (re)registering never disagree:
//!
//! | bits    | field        | meaning                                                 |
//! |---------|--------------|---------------------------------------------------------|
//! | 0..4    | readiness    | the value last passed to `set_readiness` (SPEC R2)       |
//! | 4..8    | interest     | the interest of the current registration                 |
//! | 8       | `EDGE`       | edge-triggered (else level)                              |
//! | 9       | `ONESHOT`    | disarm after one event                                   |
//! | 10      | `ARMED`      | may produce events (cleared by a oneshot delivery)       |
//! | 11      | `REGISTERED` | registered with a `Poll`                                 |
//! | 13      | `NOTIFY`     | delivered to a [`Notify`] callback, not queued (`notify.rs`, `dispatch.rs`) |
//! | 16..    | generation   | bumped by every register, reregister and deregister      |
//!
//! Next to the word, `current` points at the node's [`QueueRef`] for the `Poll` it is
//! registered with (its queue and its slot there), or is null.
//!
//! A node is delivered one of two ways. **Queued**: registered with a `Poll` that
//! queues user-space readiness (the default), a `set_readiness` marks the node's slot
//! and the poller turns it into an event. **Notified**: registered with a
//! dispatching `Poll` (`dispatch.rs`), or bound to a callback by
//! `Registration::bind_notify`, `NOTIFY` is set, the callback sits in the node's
//! links, and `set_readiness` calls it on the setting thread with the readiness
//! masked by the interest (`bind_notify` binds with every bit of interest). A
//! notified node registered with a `Poll` still has `current` and `REGISTERED`, so
//! SPEC R7 and R8 hold for it as for any other registration.
//!
//! Invariants:
//!
//! - **One entry per pending bit.** "Queued" is not in the word but in the slot's
//!   pending bit (`slots.rs`): the `set_readiness` that flips it pushes the one
//!   entry, later ones coalesce into it, and the poller clears it before it reads
//!   the word. So in the steady state neither side writes the node: a
//!   `set_readiness` that does not change the value only loads it, and delivering
//!   an edge event only loads it, and the node's cache line is shared by both
//!   threads instead of travelling twice per event.
//! - **Delivery is decided at `poll` time** from the word as it is then: the latest
//!   readiness, masked by the current interest (SPEC O1 coalescing, E1, E3), and only
//!   if the node is still registered with that `Poll` in that slot (SPEC R5, R6).
//! - **The token and `current` are read as a seqlock.** A (re)registration makes the
//!   generation odd (and clears `REGISTERED`), stores the token and `current`, then
//!   makes it even again with the new interest. Readers load the word, then the
//!   token or `current`, then the word again: if the generation did not move, they
//!   belong to that registration.
//! - **A `QueueRef` lives as long as its node**, and holds its queue: a
//!   `set_readiness` racing a deregistration may still touch the old slot's pending
//!   bit, which is harmless (the poller finds the node unregistered) but must not be
//!   freed memory. A node registered with many `Poll`s over its life keeps one
//!   `QueueRef` (one slot) per distinct `Poll`; the slots are freed with the node.
//!
//! The generation has `usize::BITS - 16` bits; on 32-bit targets it wraps after 32768
//! registration changes, and a torn read could only be mistaken for a consistent one
//! if a reader stalled for exactly that many changes.

use std::ptr;
use std::sync::Arc;

use crate::notify::Notify;
use crate::readiness_queue::ReadinessQueue;
use crate::sync::{lock, AtomicPtr, AtomicUsize, Mutex, MutexGuard, Ordering};
use crate::{Event, PollOpt, Ready, Token};

const READY_MASK: usize = 0b1111;
const INTEREST_SHIFT: usize = 4;
const INTEREST_MASK: usize = 0b1111 << INTEREST_SHIFT;
const EDGE: usize = 1 << 8;
const ONESHOT: usize = 1 << 9;
const ARMED: usize = 1 << 10;
const REGISTERED: usize = 1 << 11;
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

/// Whether readiness `ready` must be looked at by the poller, given the word `word`.
fn wants_entry(word: usize, ready: Ready) -> bool {
    word & (REGISTERED | ARMED) == REGISTERED | ARMED && !(interest(word) & ready).is_empty()
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

/// A node's place in one queue: the queue and the node's slot there. Lives as long
/// as the node (see the module docs); the node's places form a list.
///
/// Places are reached through raw pointers only (`Links::places`, `next`,
/// `current`), created once by `Box::into_raw` and freed with the node, so that
/// no move of an owning `Box` could invalidate the pointer a concurrent
/// `set_readiness` is reading through.
#[derive(Debug)]
pub(crate) struct QueueRef {
    queue: Arc<ReadinessQueue>,
    slot: u32,
    /// The node's place in a queue it was registered with before, or null.
    next: *mut QueueRef,
}

/// What a node is bound to, besides `current`; behind the node's lock. Kept small:
/// it is part of every registration.
struct Links {
    /// The callback `set_readiness` runs itself (`notify.rs`), if bound to one.
    /// Boxed once more so that it is one thin pointer.
    notify: Option<Arc<Arc<dyn Notify>>>,
    /// The newest of the node's places in the queues it was ever registered with,
    /// or null.
    places: *mut QueueRef,
}

// SAFETY: the places are owned by the node (freed in its `Drop`), their fields are
// written only before they are published and are `Send + Sync` themselves; the raw
// pointers are what makes `Links` not `Send` by default.
unsafe impl Send for Links {}

impl Default for Links {
    fn default() -> Links {
        Links {
            notify: None,
            places: ptr::null_mut(),
        }
    }
}

impl Links {
    /// The node's places, newest first.
    fn places(&self) -> impl Iterator<Item = &QueueRef> {
        // SAFETY: places are freed only with the node, which `self` belongs to.
        let first = unsafe { self.places.as_ref() };
        // SAFETY: as above.
        std::iter::successors(first, |r| unsafe { r.next.as_ref() })
    }
}

/// The state shared by a registration's handles; see the module docs.
#[derive(Debug)]
pub(crate) struct Node {
    word: AtomicUsize,
    token: AtomicUsize,
    /// The `QueueRef` of the `Poll` this node is registered with, or null.
    current: AtomicPtr<QueueRef>,
    /// Its lock also serialises register, reregister, deregister and (un)binding a
    /// callback (SPEC R9).
    links: Mutex<Links>,
}

impl std::fmt::Debug for Links {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Links")
            .field("notify", &self.notify.is_some())
            .field("places", &self.places().count())
            .finish()
    }
}

impl Node {
    /// A node with empty readiness, registered nowhere (SPEC R1).
    pub(crate) fn new() -> Node {
        Node {
            word: AtomicUsize::new(0),
            token: AtomicUsize::new(0),
            current: AtomicPtr::new(ptr::null_mut()),
            links: Mutex::new(Links::default()),
        }
    }

    /// The readiness last set, whatever the interest (SPEC R2).
    pub(crate) fn readiness(&self) -> Ready {
        // ORDERING: Acquire pairs with `set_readiness`'s Release: a caller that
        // reads a value also sees what the setting thread wrote before setting it.
        readiness(self.word.load(Ordering::Acquire))
    }

    /// Replaces the readiness and makes sure the poller will look at it if the
    /// registration wants that.
    pub(crate) fn set_readiness(&self, ready: Ready) {
        // ORDERING: Acquire pairs with a registration change's Release, so that the
        // `current` read below belongs to the generation seen here.
        let mut cur = self.word.load(Ordering::Acquire);
        loop {
            let next = (cur & !READY_MASK) | ready.as_usize();
            // An unchanged value is not stored again: the poller may be reading this
            // cache line, and a store would take it away from it.
            if next != cur {
                // ORDERING: Release publishes the readiness to the poller, through
                // the pending bit's release sequence (`slots.rs`); Acquire as above.
                if let Err(actual) =
                    self.word
                        .compare_exchange_weak(cur, next, Ordering::AcqRel, Ordering::Acquire)
                {
                    cur = actual;
                    continue;
                }
            }
            if cur & NOTIFY != 0 {
                if !(ready & interest(next)).is_empty() {
                    self.call_notify();
                }
            } else if wants_entry(next, ready) {
                self.queue_entry(next, next != cur);
            }
            return;
        }
    }

    /// Sets the pending bit of the slot of the registration `word` belongs to, and
    /// pushes its entry if the bit was clear.
    fn queue_entry(&self, word: usize, changed: bool) {
        // ORDERING: Acquire pairs with `install`'s Release store of `current`.
        let queue_ref = self.current.load(Ordering::Acquire);
        // ORDERING: Acquire keeps this load after the one above (seqlock, see the
        // module docs). A moved generation means a registration change came after
        // our value: it queues what its new interest needs (SPEC R3, R4) itself.
        if queue_ref.is_null() || generation(self.word.load(Ordering::Acquire)) != generation(word)
        {
            return;
        }
        // SAFETY: a `QueueRef` is freed only with its node, and `self` is alive.
        let queue_ref = unsafe { &*queue_ref };
        if changed {
            queue_ref.queue.mark(queue_ref.slot);
        } else {
            queue_ref.queue.mark_unchanged(queue_ref.slot);
        }
    }

    /// Runs the bound callback, if still bound, with the readiness as it is now,
    /// masked by the interest (SPEC N2, N5, D1); outside the lock, for the reason
    /// `notify.rs` gives.
    fn call_notify(&self) {
        let notify = match &lock(&self.links).notify {
            Some(notify) => Arc::clone(notify),
            None => return,
        };
        // ORDERING: Acquire sees the latest value set; the lock above already
        // ordered this load after the store that asked for the call.
        let word = self.word.load(Ordering::Acquire);
        let ready = readiness(word) & interest(word);
        if !ready.is_empty() {
            notify.notify(ready);
        }
    }

    /// The registration's `QueueRef`, read under the node's lock.
    fn current(&self, _links: &MutexGuard<'_, Links>) -> Option<&QueueRef> {
        // ORDERING: the lock orders every store of `current`.
        let queue_ref = self.current.load(Ordering::Acquire);
        // SAFETY: a `QueueRef` is freed only with its node.
        (!queue_ref.is_null()).then(|| unsafe { &*queue_ref })
    }

    /// Binds this node to `notify` (SPEC N1, N3).
    pub(crate) fn bind_notify(&self, notify: Arc<dyn Notify>) -> std::io::Result<()> {
        let mut guard = lock(&self.links);
        if self.current(&guard).is_some() {
            return Err(crate::error::bound_to_poll());
        }
        if guard.notify.is_some() {
            return Err(crate::error::notify_bound());
        }
        // ORDERING: AcqRel: a `set_readiness` whose exchange follows this one sees
        // `NOTIFY` and then waits for the lock, so it finds the callback stored; one
        // that preceded it left its readiness in `prev`, which SPEC N3 delivers.
        let prev = self.word.fetch_or(
            NOTIFY | (Ready::all().as_usize() << INTEREST_SHIFT),
            Ordering::AcqRel,
        );
        guard.notify = Some(Arc::new(notify.clone()));
        drop(guard);
        let ready = readiness(prev);
        if !ready.is_empty() {
            notify.notify(ready);
        }
        Ok(())
    }

    /// Unbinds the callback (SPEC N1, N5).
    pub(crate) fn unbind_notify(&self) -> std::io::Result<()> {
        let mut guard = lock(&self.links);
        // A registration notified by a dispatching `Poll` is not bound by this API:
        // `deregister` ends it.
        if self.current(&guard).is_some() {
            return Err(crate::error::not_notify_bound());
        }
        let old = match guard.notify.take() {
            Some(old) => old,
            None => return Err(crate::error::not_notify_bound()),
        };
        self.bump_generation();
        // Dropped after the lock is released: the last reference to a callback may
        // own wakers whose drop runs arbitrary code.
        drop(guard);
        drop(old);
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
        let mut guard = lock(&self.links);
        let mut ended = None;
        if let Some(bound) = self.current(&guard) {
            // Registered with a `Poll` that is gone: nothing can deregister it
            // there any more, so that registration simply ends (SPEC R7).
            if bound.queue.is_closed() {
                ended = self.unregister(&mut guard, bound);
            }
        }
        if let Some(bound) = self.current(&guard) {
            return Err(if Arc::ptr_eq(&bound.queue, queue) {
                crate::error::already_registered_here()
            } else {
                crate::error::registered_elsewhere()
            });
        }
        if guard.notify.is_some() {
            return Err(crate::error::notify_bound());
        }
        let known = guard
            .places()
            .find(|r| Arc::ptr_eq(&r.queue, queue))
            .map(ptr::from_ref);
        let queue_ref: *const QueueRef = match known {
            Some(queue_ref) => queue_ref,
            None => {
                let slot = queue.alloc_slot()?;
                let place = Box::into_raw(Box::new(QueueRef {
                    queue: queue.clone(),
                    slot,
                    next: guard.places,
                }));
                guard.places = place;
                place
            }
        };
        // SAFETY: points into a box the node keeps for its life.
        let queue_ref = unsafe { &*queue_ref };
        check_options(queue, opts)?;
        queue.set_owner(queue_ref.slot, self);
        let call = self.install(&mut guard, queue_ref, token, interest, opts);
        drop(guard);
        drop(ended);
        call.run();
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
        let mut guard = lock(&self.links);
        let queue_ref = check_bound_to(self.current(&guard), queue)?;
        check_options(queue, opts)?;
        let call = self.install(&mut guard, queue_ref, token, interest, opts);
        drop(guard);
        call.run();
        Ok(())
    }

    /// Removes the registration from `queue` (SPEC R6, R8).
    pub(crate) fn deregister(&self, queue: &Arc<ReadinessQueue>) -> std::io::Result<()> {
        let mut guard = lock(&self.links);
        let queue_ref = check_bound_to(self.current(&guard), queue)?;
        let old = self.unregister(&mut guard, queue_ref);
        // Dropped after the lock is released, see `unbind_notify`.
        drop(guard);
        drop(old);
        Ok(())
    }

    /// Deregisters from whatever `Poll` holds the node, or unbinds its callback;
    /// used when the `Registration` is dropped.
    pub(crate) fn deregister_any(&self) {
        let mut guard = lock(&self.links);
        let mut old = None;
        if let Some(queue_ref) = self.current(&guard) {
            old = self.unregister(&mut guard, queue_ref);
        }
        if old.is_none() {
            old = guard.notify.take();
            if old.is_some() {
                self.bump_generation();
            }
        }
        drop(guard);
        drop(old);
    }

    /// Ends the registration `queue_ref` stands for; under the node's lock. Returns
    /// the callback a dispatching `Poll` had bound, for the caller to drop once the
    /// lock is released.
    fn unregister(&self, links: &mut Links, queue_ref: &QueueRef) -> Option<Arc<Arc<dyn Notify>>> {
        self.bump_generation();
        // ORDERING: the generation moved first, so a `set_readiness` that still
        // reads the old `current` fails its seqlock check or reaches a poller that
        // finds the node unregistered.
        self.current.store(ptr::null_mut(), Ordering::Release);
        queue_ref.queue.retire_owner(queue_ref.slot);
        links.notify.take()
    }

    /// Starts a new generation with no registration (clears `REGISTERED`, the
    /// interest, the options and `NOTIFY`), keeping the readiness.
    fn bump_generation(&self) {
        // ORDERING: AcqRel orders this change after the previous one and before any
        // later registration; the new generation makes torn reads fail.
        let _ = self
            .word
            .fetch_update(Ordering::AcqRel, Ordering::Relaxed, |cur| {
                Some((cur & READY_MASK) | (cur & GEN_MASK).wrapping_add(2 * GEN_ONE))
            });
    }

    /// Writes a registration while holding the node's lock: generation made odd,
    /// token and `current` stored, then the new word with an even generation (see the
    /// module docs); then marks the slot if the readiness already overlaps. On a
    /// dispatching `Poll` the registration is notified instead: the callback for
    /// `token` is bound, and the returned [`Call`] runs it, once the caller has
    /// released the lock, if the readiness already overlaps.
    fn install(
        &self,
        links: &mut Links,
        queue_ref: &QueueRef,
        token: Token,
        interest: Ready,
        opts: PollOpt,
    ) -> Call {
        let mut replaced = None;
        let notify = queue_ref.queue.dispatch().map(|dispatch| {
            let notify = Arc::new(dispatch.bind(token));
            // The previous callback (a reregistration's) is dropped with the
            // returned `Call`, after the lock is released.
            replaced = links.notify.replace(notify.clone());
            notify
        });
        // ORDERING: the odd generation must be visible before the token changes, so a
        // reader that sees the new token sees the generation move (seqlock). While
        // odd, `REGISTERED` is clear, so `set_readiness` only stores its value.
        let _ = self
            .word
            .fetch_update(Ordering::AcqRel, Ordering::Relaxed, |cur| {
                Some((cur & READY_MASK) | (cur & GEN_MASK).wrapping_add(GEN_ONE))
            });
        self.token.store(token.0, Ordering::Release);
        self.current
            .store(ptr::from_ref(queue_ref).cast_mut(), Ordering::Release);

        let mut reg = (interest.as_usize() << INTEREST_SHIFT) | ARMED | REGISTERED;
        if opts.is_edge() && !opts.is_level() {
            reg |= EDGE;
        }
        if opts.is_oneshot() {
            reg |= ONESHOT;
        }
        if notify.is_some() {
            reg |= NOTIFY;
        }
        // ORDERING: Release publishes the token and `current` stored above together
        // with the even generation; Acquire sees the latest readiness.
        let prev = self
            .word
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |cur| {
                Some((cur & READY_MASK) | (cur & GEN_MASK).wrapping_add(GEN_ONE) | reg)
            })
            .expect("the update always succeeds");
        // SPEC R3, R4: a registration whose interest overlaps the readiness queues
        // an event (or, notified, calls its callback), whatever was queued before.
        // A `set_readiness` after the exchange may mark the slot too; the pending
        // bit makes it one entry.
        let ready = readiness(prev) & interest;
        let now = match notify {
            Some(notify) => Some((notify, ready)).filter(|_| !ready.is_empty()),
            None => {
                if wants_entry(reg, readiness(prev)) {
                    queue_ref.queue.mark(queue_ref.slot);
                }
                None
            }
        };
        Call { now, replaced }
    }

    /// Turns an entry of slot `slot` of `queue` into an event, or nothing; called by
    /// the poll that popped it, after it cleared the slot's pending bit.
    pub(crate) fn dequeue(&self, queue: *const ReadinessQueue, slot: u32) -> Dequeued {
        // ORDERING: Acquire sees the readiness set before the pending bit was
        // cleared, and the registration the word stands for.
        let mut cur = self.word.load(Ordering::Acquire);
        loop {
            if cur & (REGISTERED | ARMED | NOTIFY) != REGISTERED | ARMED {
                return Dequeued::Nothing;
            }
            let ready = readiness(cur) & interest(cur);
            if ready.is_empty() {
                return Dequeued::Nothing;
            }
            // ORDERING: Acquire pairs with `install`'s Release stores; the second
            // load of the word below validates that no registration began (seqlock).
            let queue_ref = self.current.load(Ordering::Acquire);
            let token = Token(self.token.load(Ordering::Acquire));
            if queue_ref.is_null() {
                return Dequeued::Nothing;
            }
            // SAFETY: a `QueueRef` is freed only with its node, which the caller keeps
            // alive.
            let queue_ref = unsafe { &*queue_ref };
            if !ptr::eq(Arc::as_ptr(&queue_ref.queue), queue) || queue_ref.slot != slot {
                // Registered elsewhere now: a stale entry. (A torn read can only drop
                // an entry while a registration change is under way, and that change
                // queues what its interest needs itself.)
                return Dequeued::Nothing;
            }
            if cur & ONESHOT != 0 {
                // ORDERING: the exchange validates like the second load below, and
                // disarms exactly once.
                match self.word.compare_exchange_weak(
                    cur,
                    cur & !ARMED,
                    Ordering::AcqRel,
                    Ordering::Acquire,
                ) {
                    Ok(_) => {
                        return Dequeued::Event {
                            event: Event::new(ready, token),
                            requeue: false,
                        }
                    }
                    Err(actual) => {
                        cur = actual;
                        continue;
                    }
                }
            }
            // ORDERING: Acquire keeps this load after the token's (seqlock).
            let again = self.word.load(Ordering::Acquire);
            if again != cur {
                cur = again;
                continue;
            }
            return Dequeued::Event {
                event: Event::new(ready, token),
                requeue: cur & EDGE == 0,
            };
        }
    }
}

impl Drop for Node {
    fn drop(&mut self) {
        // The slots of every queue this node was ever registered with; their owners
        // were taken out when it was deregistered (or the `Poll` dropped), or it
        // could not be dropped.
        let mut place = std::mem::replace(&mut lock(&self.links).places, ptr::null_mut());
        while !place.is_null() {
            // SAFETY: made by `Box::into_raw` in `register`, listed once, freed only
            // here; no `set_readiness` can run any more (the node is being dropped).
            let owned = unsafe { Box::from_raw(place) };
            owned.queue.free_slot(owned.slot);
            place = owned.next;
        }
    }
}

/// A callback to run once the node's lock is released: a notified registration
/// whose readiness already overlapped its interest (SPEC R3, R4).
/// Also carries the callback a reregistration replaced, dropped with it.
struct Call {
    now: Option<(Arc<Arc<dyn Notify>>, Ready)>,
    replaced: Option<Arc<Arc<dyn Notify>>>,
}

impl Call {
    fn run(self) {
        if let Some((notify, ready)) = self.now {
            notify.notify(ready);
        }
        drop(self.replaced);
    }
}

/// A dispatching `Poll` delivers edge events only: a callback has no poll to be
/// repeated at (level) and nothing to re-arm it (oneshot).
fn check_options(queue: &ReadinessQueue, opts: PollOpt) -> std::io::Result<()> {
    if queue.dispatch().is_some() && (opts.is_level() || opts.is_oneshot()) {
        return Err(crate::error::dispatch_edge_only());
    }
    Ok(())
}

/// SPEC R8: `reregister` and `deregister` need the node registered with `queue`.
fn check_bound_to<'a>(
    current: Option<&'a QueueRef>,
    queue: &Arc<ReadinessQueue>,
) -> std::io::Result<&'a QueueRef> {
    match current {
        Some(bound) if Arc::ptr_eq(&bound.queue, queue) => Ok(bound),
        Some(_) => Err(crate::error::not_registered_here()),
        None => Err(crate::error::not_registered()),
    }
}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::Node;

    /// A node and its `Arc` header are one 64-byte request: the memory of every
    /// registration depends on it (`deadlines-10k`). (Two nodes may share a
    /// cache line, the allocator handing out 80-byte chunks; that is harmless
    /// because the poller only reads nodes, so their lines are not traded between
    /// producer and poller at every event.)
    #[test]
    fn a_node_and_its_arc_header_are_one_64_byte_request() {
        assert!(
            std::mem::size_of::<Node>() + 2 * std::mem::size_of::<usize>() <= 64,
            "Node is {} bytes",
            std::mem::size_of::<Node>()
        );
    }
}
