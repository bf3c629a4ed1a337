//! The process-wide part of signal delivery: one handler per signal number, the
//! counters the handlers bump, the self-pipe, the relay thread and the listeners.
//!
//! Async-signal safety: the handler closure touches only a `'static` atomic and
//! calls `write(2)` on a descriptor that stays open for the life of the process;
//! it allocates nothing and takes no lock (`signal-hook-registry` saves and
//! restores `errno` around it).

use std::io::{self, Read};
use std::os::fd::{AsRawFd, RawFd};
use std::os::unix::net::UnixStream;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard, OnceLock};
use std::thread;

use runtime_reactor::{Ready, SetReadiness};

/// Signal numbers this module handles: `0..SIGNALS` (real-time signals included
/// on every Unix the runtime builds for).
pub(crate) const SIGNALS: usize = 128;

/// The process-wide state, made by the first `signal()`.
pub(crate) struct Registry {
    /// How many times each signal was raised since its handler was installed.
    counters: [AtomicUsize; SIGNALS],
    /// The pipe's write end, for the handlers; never closed.
    wake: UnixStream,
    listeners: Mutex<Listeners>,
}

struct Listeners {
    /// Whether the handler of each signal is installed.
    installed: [bool; SIGNALS],
    /// The registrations waiting on each signal, by listener id.
    by_signal: Vec<Vec<(u64, SetReadiness)>>,
    next_id: u64,
}

static REGISTRY: OnceLock<io::Result<Registry>> = OnceLock::new();

/// The registry, made (pipe, relay thread) on first use.
pub(crate) fn get() -> io::Result<&'static Registry> {
    REGISTRY
        .get_or_init(Registry::start)
        .as_ref()
        .map_err(|e| io::Error::new(e.kind(), format!("starting signal delivery: {e}")))
}

impl Registry {
    fn start() -> io::Result<Registry> {
        let (wake, relay) = UnixStream::pair()?;
        // A full pipe must not block a handler; the relay blocks in `read`.
        wake.set_nonblocking(true)?;
        thread::Builder::new()
            .name("runtime-signal".into())
            .spawn(move || relay_loop(relay))?;
        Ok(Registry {
            counters: [const { AtomicUsize::new(0) }; SIGNALS],
            wake,
            listeners: Mutex::new(Listeners {
                installed: [false; SIGNALS],
                by_signal: (0..SIGNALS).map(|_| Vec::new()).collect(),
                next_id: 0,
            }),
        })
    }

    fn listeners(&self) -> MutexGuard<'_, Listeners> {
        // Nothing panics under this lock; a poisoned one still guards valid data.
        self.listeners
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The count of `signal` so far (`signal` is in range).
    pub(crate) fn count(&self, signal: usize) -> usize {
        // ORDERING: Acquire pairs with the handler's increment; nothing else is
        // published through it, so this is only about seeing a recent value.
        self.counters[signal].load(Ordering::Acquire)
    }

    /// Installs the handler of `signal` if needed, then adds a listener woken
    /// through `set` whenever the signal's count moves. Returns the listener's id.
    pub(crate) fn listen(&'static self, signal: usize, set: SetReadiness) -> io::Result<u64> {
        let mut listeners = self.listeners();
        if !listeners.installed[signal] {
            self.install(signal)?;
            listeners.installed[signal] = true;
        }
        let id = listeners.next_id;
        listeners.next_id += 1;
        listeners.by_signal[signal].push((id, set));
        Ok(id)
    }

    /// Removes a listener.
    pub(crate) fn unlisten(&self, signal: usize, id: u64) {
        self.listeners().by_signal[signal].retain(|(other, _)| *other != id);
    }

    fn install(&'static self, signal: usize) -> io::Result<()> {
        let counter: &'static AtomicUsize = &self.counters[signal];
        let fd: RawFd = self.wake.as_raw_fd();
        let handler = move || {
            // ORDERING: Release pairs with `count`'s Acquire.
            counter.fetch_add(1, Ordering::Release);
            let byte = 0u8;
            // SAFETY: `write(2)` is async-signal-safe; `fd` is the registry's write
            // end, open for the life of the process, and `byte` outlives the call.
            // A full pipe (EAGAIN) already holds a byte that wakes the relay.
            unsafe { libc::write(fd, (&byte as *const u8).cast(), 1) };
        };
        // SAFETY: the handler is async-signal-safe (above): one atomic add and one
        // `write(2)`, no allocation, no lock. The forbidden signals (which the
        // registry would panic on) were refused by `SignalKind`'s check.
        unsafe { signal_hook_registry::register(signal as libc::c_int, handler) }?;
        Ok(())
    }

    /// Sets every listener of every signal whose count moved past `seen`.
    fn relay(&self, seen: &mut [usize; SIGNALS]) {
        for (signal, seen) in seen.iter_mut().enumerate() {
            let now = self.count(signal);
            if now == *seen {
                continue;
            }
            *seen = now;
            // Set outside the lock: a set may wake a task whose drop (a runtime
            // shutting down drops what it schedules) unlistens, taking the lock.
            let sets: Vec<SetReadiness> = self.listeners().by_signal[signal]
                .iter()
                .map(|(_, set)| set.clone())
                .collect();
            for set in sets {
                // `Ok` always (SPEC R6); the `Result` is mio 0.6's signature.
                drop(set.set_readiness(Ready::readable()));
            }
        }
    }
}

/// The relay thread: waits for a byte, then relays every count that moved.
fn relay_loop(mut pipe: UnixStream) {
    let mut buf = [0u8; 256];
    let mut seen = [0usize; SIGNALS];
    loop {
        match pipe.read(&mut buf) {
            Ok(0) => return, // unreachable: the write end lives as long as the process
            Ok(_) => {}
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(_) => return,
        }
        // The registry is set before any handler can write: it exists here.
        if let Some(Ok(registry)) = REGISTRY.get() {
            registry.relay(&mut seen);
        }
    }
}
