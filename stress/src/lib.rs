//! The stress suite of `runtime`: helpers shared by its tests (`tests/stress/`).
//!
//! Each test hammers one behaviour through the facade's public API only
//! (`runtime::…`, `runtime::reactor::…`), so it survives changes to the core, and
//! ends with exact counts, never "did not crash". None uses `sleep` to wait for
//! something to happen, and none asserts on speed: a stuck test is failed by a
//! [`Watchdog`] (or a [`StallWatchdog`], for a test that must keep making progress),
//! which prints what it was waiting for and aborts the process.
//!
//! The tests are `#[ignore]`d, so `cargo test --workspace` only builds them; CI
//! runs them in release, bounded by `timeout`:
//!
//! ```text
//! cargo test -p runtime-stress --release -- --ignored --test-threads=1
//! ```
//!
//! Two environment variables tune a run:
//!
//! - `RUNTIME_STRESS_SCALE` (default `1`): multiplies every count and duration
//!   (e.g. `0.02` under ThreadSanitizer or valgrind, which run 10–50× slower).
//! - `RUNTIME_STRESS_SEED` (default fixed): the seed of the tests' pseudo-random
//!   choices; each test prints the one it used.
//!
//! ```
//! let counted = runtime_stress::scaled(1_000);
//! assert!(counted >= 1);
//! ```

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Once};
use std::thread;
use std::time::{Duration, Instant};

/// The prefix of every panic message the suite raises on purpose; the panic hook
/// installed by [`quiet_intentional_panics`] does not print those.
pub const INTENTIONAL: &str = "stress: intentional";

/// The scale factor from `RUNTIME_STRESS_SCALE` (default 1).
pub fn scale() -> f64 {
    std::env::var("RUNTIME_STRESS_SCALE")
        .ok()
        .and_then(|s| s.parse::<f64>().ok())
        .filter(|s| *s > 0.0)
        .unwrap_or(1.0)
}

/// `n` times the scale factor, at least 1.
pub fn scaled(n: u64) -> u64 {
    ((n as f64 * scale()).round() as u64).max(1)
}

/// `d` times the scale factor, at least 1 ms.
pub fn scaled_duration(d: Duration) -> Duration {
    d.mul_f64(scale()).max(Duration::from_millis(1))
}

/// The seed from `RUNTIME_STRESS_SEED`, printed so a failing run can be repeated.
pub fn seed(test: &str) -> u64 {
    let seed = std::env::var("RUNTIME_STRESS_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5eed_1234_abcd_0001);
    eprintln!("{test}: RUNTIME_STRESS_SEED={seed}");
    seed
}

/// A small xorshift generator: reproducible choices from a seed.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator; `stream` separates the sequences of several threads.
    pub fn new(seed: u64, stream: u64) -> Rng {
        Rng((seed ^ stream.wrapping_mul(0x9E37_79B9_7F4A_7C15)) | 1)
    }

    /// The next value.
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    /// A value in `0..n`.
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }
}

/// Both runtime flavors, the multi-thread one with `workers` workers.
pub fn flavors(workers: usize) -> Vec<(&'static str, runtime::Runtime)> {
    vec![
        (
            "current_thread",
            runtime::Builder::new_current_thread().build().unwrap(),
        ),
        (
            "multi_thread",
            runtime::Builder::new_multi_thread()
                .worker_threads(workers)
                .build()
                .unwrap(),
        ),
    ]
}

/// Aborts the process, with a message, if still armed after its time: a test that
/// would hang fails instead. Disarmed when dropped.
#[derive(Debug)]
pub struct Watchdog {
    _disarm: mpsc::Sender<()>,
}

impl Watchdog {
    /// Arms a watchdog for `limit` (not scaled: it is a bound, not a workload).
    pub fn new(limit: Duration, what: impl Into<String>) -> Watchdog {
        let what = what.into();
        let (disarm, armed) = mpsc::channel::<()>();
        thread::spawn(move || {
            if let Err(mpsc::RecvTimeoutError::Timeout) = armed.recv_timeout(limit) {
                eprintln!("watchdog: {what} did not finish within {limit:?}; aborting");
                std::process::abort();
            }
        });
        Watchdog { _disarm: disarm }
    }
}

/// Aborts the process, with a message and a diagnostic, if its progress counter
/// stands still for longer than its stall limit while armed.
pub struct StallWatchdog {
    progress: Arc<AtomicU64>,
    stop: Arc<AtomicBool>,
    thread: Option<thread::JoinHandle<()>>,
}

impl std::fmt::Debug for StallWatchdog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StallWatchdog")
            .field("progress", &self.progress.load(Ordering::Relaxed))
            .finish_non_exhaustive()
    }
}

impl StallWatchdog {
    /// Watches a new counter (see [`progress`](Self::progress)); `diagnose` is
    /// printed (e.g. runtime metrics) before the abort.
    ///
    /// `stall` is for a plain run: a run scaled down (a scale below 1, for the
    /// slow tools, ThreadSanitizer and valgrind) waits `stall / scale`, since such
    /// a tool slows every thread and valgrind runs one thread at a time.
    pub fn new<D>(stall: Duration, what: impl Into<String>, diagnose: D) -> StallWatchdog
    where
        D: Fn() -> String + Send + 'static,
    {
        let stall = stall.div_f64(scale().min(1.0));
        let what = what.into();
        let progress = Arc::new(AtomicU64::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let thread = {
            let progress = progress.clone();
            let stop = stop.clone();
            thread::spawn(move || {
                let mut last = progress.load(Ordering::SeqCst);
                let mut since = Instant::now();
                while !stop.load(Ordering::SeqCst) {
                    // A periodic check, not synchronisation: the watched test never
                    // waits for this thread.
                    thread::park_timeout(Duration::from_millis(50));
                    let now = progress.load(Ordering::SeqCst);
                    if now != last {
                        last = now;
                        since = Instant::now();
                    } else if since.elapsed() > stall && !stop.load(Ordering::SeqCst) {
                        eprintln!(
                            "stall watchdog: {what}: no progress for {stall:?} (at {now}); {}",
                            diagnose()
                        );
                        std::process::abort();
                    }
                }
            })
        };
        StallWatchdog {
            progress,
            stop,
            thread: Some(thread),
        }
    }

    /// The counter to bump on every unit of progress.
    pub fn progress(&self) -> Arc<AtomicU64> {
        self.progress.clone()
    }
}

impl Drop for StallWatchdog {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(thread) = self.thread.take() {
            thread.thread().unpark();
            let _ = thread.join();
        }
    }
}

/// Installs (once) a panic hook that stays silent for the suite's intentional
/// panics (messages starting with [`INTENTIONAL`]) and hands every other panic to
/// the hook that was there before, so real failures are still reported.
pub fn quiet_intentional_panics() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let payload = info.payload();
            let message = payload
                .downcast_ref::<&str>()
                .copied()
                .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
                .unwrap_or("");
            if !message.starts_with(INTENTIONAL) {
                previous(info);
            }
        }));
    });
}

/// Counts its drop, then panics with an [`INTENTIONAL`] message: a value whose
/// destructor panics, as a task's future, output or captured state.
#[derive(Debug)]
pub struct PanicOnDrop(pub Arc<AtomicU64>);

impl Drop for PanicOnDrop {
    fn drop(&mut self) {
        self.0.fetch_add(1, Ordering::SeqCst);
        panic!("{INTENTIONAL}: drop");
    }
}

/// Increments its counter when dropped.
#[derive(Debug)]
pub struct DropCounter(pub Arc<AtomicU64>);

impl Drop for DropCounter {
    fn drop(&mut self) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }
}
