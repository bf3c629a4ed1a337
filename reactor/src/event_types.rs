//! `Event` and `Events`: what `Poll::poll` hands back.

use crate::{Ready, Token};

/// One readiness event: which registration, and which of its interest bits are ready.
///
/// The readiness is never empty and never holds a bit outside the registration's
/// interest (SPEC E1, E3).
///
/// ```
/// use runtime_reactor::{Event, Ready, Token};
///
/// let event = Event::new(Ready::readable(), Token(3));
/// assert_eq!(event.token(), Token(3));
/// assert!(event.readiness().is_readable());
/// ```
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub struct Event {
    readiness: Ready,
    token: Token,
}

impl Event {
    /// An event, as a custom `Evented` implementation or a test would build one.
    pub fn new(readiness: Ready, token: Token) -> Event {
        Event { readiness, token }
    }

    /// The token the registration was made with.
    pub fn token(&self) -> Token {
        self.token
    }

    /// The ready bits, within the registration's interest.
    pub fn readiness(&self) -> Ready {
        self.readiness
    }
}

/// A buffer of events filled by [`Poll::poll`](crate::Poll::poll).
///
/// Its capacity bounds the events one `poll` returns; the rest wait, in order, for the
/// next call (SPEC P3).
///
/// ```
/// use runtime_reactor::Events;
///
/// let events = Events::with_capacity(64);
/// assert_eq!(events.capacity(), 64);
/// assert!(events.is_empty());
/// assert_eq!(events.iter().count(), 0);
/// ```
#[derive(Debug, Clone)]
pub struct Events {
    inner: Vec<Event>,
    capacity: usize,
}

/// How many events [`Events::with_capacity`] allocates room for up front; a larger
/// capacity grows the buffer only when a poll has that many events to return.
const EAGER_CAPACITY: usize = 1024;

impl Events {
    /// A buffer that holds at most `capacity` events per poll.
    ///
    /// Room for up to 1,024 events is allocated at once; a larger capacity is a bound
    /// that the buffer grows to only if a poll has that many events, so any value,
    /// `usize::MAX` included, is accepted and costs no more until used. (mio
    /// allocates it all eagerly, and panics with "capacity overflow" on huge values.)
    /// A capacity of 0 makes `poll` fail with `InvalidInput` (SPEC P3).
    ///
    /// ```
    /// use runtime_reactor::Events;
    ///
    /// let unbounded = Events::with_capacity(usize::MAX);
    /// assert_eq!(unbounded.capacity(), usize::MAX);
    /// ```
    pub fn with_capacity(capacity: usize) -> Events {
        Events {
            inner: Vec::with_capacity(capacity.min(EAGER_CAPACITY)),
            capacity,
        }
    }

    /// The most events one poll returns.
    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// How many events the last poll returned.
    pub fn len(&self) -> usize {
        self.inner.len()
    }

    /// Whether the last poll returned no event.
    pub fn is_empty(&self) -> bool {
        self.inner.is_empty()
    }

    /// The event at `index`, if any.
    pub fn get(&self, index: usize) -> Option<Event> {
        self.inner.get(index).copied()
    }

    /// Iterates over the events of the last poll, in delivery order.
    pub fn iter(&self) -> Iter<'_> {
        Iter {
            inner: self.inner.iter(),
        }
    }

    /// Empties the buffer.
    pub fn clear(&mut self) {
        self.inner.clear();
    }

    pub(crate) fn room(&self) -> usize {
        self.capacity - self.inner.len()
    }

    pub(crate) fn push(&mut self, event: Event) {
        debug_assert!(self.inner.len() < self.capacity);
        self.inner.push(event);
    }
}

/// Iterator over the events of an [`Events`] buffer.
#[derive(Debug, Clone)]
pub struct Iter<'a> {
    inner: std::slice::Iter<'a, Event>,
}

impl Iterator for Iter<'_> {
    type Item = Event;

    fn next(&mut self) -> Option<Event> {
        self.inner.next().copied()
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.inner.size_hint()
    }
}

impl ExactSizeIterator for Iter<'_> {}

impl<'a> IntoIterator for &'a Events {
    type Item = Event;
    type IntoIter = Iter<'a>;

    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}
