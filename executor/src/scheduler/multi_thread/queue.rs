//! The run queues of the multi-thread scheduler: one bounded local queue per worker
//! and one unbounded injector.
//!
//! | queue        | pushed by                                      | popped by                  |
//! |--------------|------------------------------------------------|----------------------------|
//! | `LocalQueue` | its worker (tasks woken on it), stealers' loot | its worker; other workers steal half |
//! | `Injector`   | other threads; a worker whose local queue is full | any worker                |
//!
//! Both are crossbeam-queue structures (`ArrayQueue`, `SegQueue`), lock-free and MPMC;
//! the owner/stealer roles are a protocol on top. Under `cfg(loom)` they are a mutex
//! around a `VecDeque` with the same capacity rule, so that loom checks *our*
//! protocol (overflow, stealing, the searching count and parking in `idle.rs`) rather
//! than crossbeam's internals.

use crate::task::Runnable;

/// How many tasks a worker's local queue holds before overflowing to the injector.
pub(crate) const LOCAL_CAPACITY: usize = 256;

/// A bounded FIFO owned by one worker.
#[derive(Debug)]
pub(crate) struct LocalQueue<T = Runnable> {
    #[cfg(not(loom))]
    queue: crossbeam_queue::ArrayQueue<T>,
    #[cfg(loom)]
    queue: crate::sync::Mutex<std::collections::VecDeque<T>>,
    #[cfg(loom)]
    capacity: usize,
}

/// The unbounded shared FIFO.
#[derive(Debug)]
pub(crate) struct Injector<T = Runnable> {
    #[cfg(not(loom))]
    queue: crossbeam_queue::SegQueue<T>,
    #[cfg(loom)]
    queue: crate::sync::Mutex<std::collections::VecDeque<T>>,
}

#[cfg(not(loom))]
impl<T> LocalQueue<T> {
    pub(crate) fn new(capacity: usize) -> Self {
        LocalQueue {
            queue: crossbeam_queue::ArrayQueue::new(capacity),
        }
    }

    /// Pushes, or gives the value back if the queue is full.
    fn try_push(&self, value: T) -> Result<(), T> {
        self.queue.push(value)
    }

    pub(crate) fn pop(&self) -> Option<T> {
        self.queue.pop()
    }

    pub(crate) fn len(&self) -> usize {
        self.queue.len()
    }
}

#[cfg(loom)]
impl<T> LocalQueue<T> {
    pub(crate) fn new(capacity: usize) -> Self {
        LocalQueue {
            queue: crate::sync::Mutex::new(std::collections::VecDeque::new()),
            capacity,
        }
    }

    fn try_push(&self, value: T) -> Result<(), T> {
        let mut queue = crate::sync::lock(&self.queue);
        if queue.len() == self.capacity {
            return Err(value);
        }
        queue.push_back(value);
        Ok(())
    }

    pub(crate) fn pop(&self) -> Option<T> {
        crate::sync::lock(&self.queue).pop_front()
    }

    pub(crate) fn len(&self) -> usize {
        crate::sync::lock(&self.queue).len()
    }
}

impl<T> LocalQueue<T> {
    /// Pushes (the owner only); a full queue overflows to `injector`.
    pub(crate) fn push(&self, value: T, injector: &Injector<T>) {
        if let Err(value) = self.try_push(value) {
            injector.push(value);
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Moves about half of `self`'s tasks to `dest` (which must be empty, being the
    /// stealer's own queue), and returns one more to run at once.
    pub(crate) fn steal_half_into(&self, dest: &LocalQueue<T>) -> Option<T> {
        let n = self.len().div_ceil(2);
        let first = self.pop()?;
        for _ in 1..n {
            let Some(value) = self.pop() else { break };
            if dest.try_push(value).is_err() {
                unreachable!("a stealer's own queue is empty and only it pushes there");
            }
        }
        Some(first)
    }
}

#[cfg(not(loom))]
impl<T> Injector<T> {
    pub(crate) fn new() -> Self {
        Injector {
            queue: crossbeam_queue::SegQueue::new(),
        }
    }

    pub(crate) fn push(&self, value: T) {
        self.queue.push(value)
    }

    pub(crate) fn pop(&self) -> Option<T> {
        self.queue.pop()
    }

    pub(crate) fn len(&self) -> usize {
        self.queue.len()
    }
}

#[cfg(loom)]
impl<T> Injector<T> {
    pub(crate) fn new() -> Self {
        Injector {
            queue: crate::sync::Mutex::new(std::collections::VecDeque::new()),
        }
    }

    pub(crate) fn push(&self, value: T) {
        crate::sync::lock(&self.queue).push_back(value)
    }

    pub(crate) fn pop(&self) -> Option<T> {
        crate::sync::lock(&self.queue).pop_front()
    }

    pub(crate) fn len(&self) -> usize {
        crate::sync::lock(&self.queue).len()
    }
}

impl<T> Injector<T> {
    pub(crate) fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
