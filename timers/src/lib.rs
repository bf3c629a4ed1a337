//! Timers for the runtime: a hierarchical wheel, [`Deadline`] (the readiness source
//! of mio 0.6's documentation) fired through `SetReadiness`, and the `sleep` / `timeout` / `interval` futures, all on a
//! [`Driver`] whose clock can be paused.
//!
//! ```
//! use runtime_timers::{sleep, timeout, Deadline, Elapsed};
//! use runtime_reactor::{Events, Poll, PollOpt, Ready, Token};
//! use std::time::{Duration, Instant};
//!
//! // A plain `Poll` loop: a `Deadline` fires through its registration.
//! let poll = Poll::new()?;
//! let deadline = Deadline::new(Instant::now() + Duration::from_millis(5));
//! poll.register(&deadline, Token(0), Ready::readable(), PollOpt::edge())?;
//! let mut events = Events::with_capacity(4);
//! poll.poll(&mut events, None)?;
//! assert!(deadline.is_elapsed());
//!
//! // Futures, on any executor (here outside a runtime: the process-wide driver).
//! futures::executor::block_on(async {
//!     sleep(Duration::from_millis(5)).await;
//!     let slow = sleep(Duration::from_secs(3600));
//!     assert_eq!(timeout(Duration::from_millis(5), slow).await, Err(Elapsed::new()));
//! });
//! # Ok::<(), std::io::Error>(())
//! ```
//!
//! ## Drivers
//!
//! Every timer lives in a [`Driver`]: a wheel behind a lock, with a clock that can be
//! paused and advanced. A runtime creates one, [enters](Driver::enter) it on its
//! threads, and drives it from its reactor loop
//! ([`park_timeout`](Driver::park_timeout), [`fire_due`](Driver::fire_due),
//! [`advance_to_next`](Driver::advance_to_next) when idle and paused). Elsewhere,
//! timers use a process-wide driver run by one lazily started thread. The crate
//! knows nothing of tasks: a timer wakes a `std::task::Waker` or sets a
//! registration's readiness. When the runtime shuts down it
//! [shuts its driver down](Driver::shutdown): no timer waits for ever on a wheel
//! nobody drives (a time future's poll then panics naming the shutdown; a
//! `Deadline` becomes readable and hup).
//!
//! ## Map of the crate
//!
//! | file          | what it holds                                                  |
//! |---------------|----------------------------------------------------------------|
//! | `wheel.rs`    | [`wheel::Wheel`]: the hierarchical wheel, on an injected clock |
//! | `level.rs`    | one level's slots and bitmap; which level a deadline goes to   |
//! | `entry.rs`    | the slab of entries, their links, and [`TimerKey`]             |
//! | `clock.rs`    | the pausable clock and `Instant` ↔ wheel-millisecond rounding  |
//! | `driver.rs`   | [`Driver`]: the shared wheel, its hooks, the entry state table |
//! | `notify.rs`   | what firing does (wake or set readiness), batched off the lock |
//! | `context.rs`  | the current driver ([`Driver::enter`]) and the process-wide one |
//! | `deadline.rs` | [`Deadline`], a registration made readable at an instant       |
//! | `sleep.rs`, `timeout.rs`, `interval.rs` | the time futures                     |
//! | `sync.rs`     | the lock, swapped for loom's under `cfg(loom)`                 |
//!
//! ## Checking
//!
//! - `cargo test -p runtime-timers`: the wheel against a `BTreeMap` model
//!   (proptest), and every future and hook on a paused driver, by hand-polling
//!   with counting wakers.
//! - `LOOM_MAX_PREEMPTIONS=3 RUSTFLAGS="--cfg loom" cargo test -p runtime-timers
//!   --release --test loom_cancel`: a timer cancelled, registered, re-polled or
//!   reset on one thread while the driver fires it on another; `--test
//!   loom_shutdown`: a timer registered or re-polled while the driver shuts down.
//! - `cargo +nightly miri test -p runtime-timers` (proptest cases are fewer there).

mod clock;
mod context;
mod deadline;
mod driver;
mod entry;
mod interval;
mod level;
mod notify;
mod sleep;
mod sync;
mod timeout;
pub mod wheel;

pub use crate::context::EnterGuard;
pub use crate::deadline::Deadline;
pub use crate::driver::Driver;
pub use crate::entry::TimerKey;
pub use crate::interval::{interval, interval_at, Interval, MissedTickBehavior};
pub use crate::sleep::{sleep, sleep_until, Sleep};
pub use crate::timeout::{timeout, timeout_at, Elapsed, Timeout};
