//! `timer-cancel`: timeouts that never fire, the common case (issue 4, section 6).
//!
//! Inside a root task, 1,000,000 sleeps due in an hour, each polled once with the
//! task's own `Context` (so it files its wheel entry and waker, as a `timeout` does)
//! and then dropped (so it cancels that entry). Two metrics (ns per timer):
//! - `one_at_a_time`: create, poll once, drop, repeat (the sleep pinned on the
//!   stack);
//! - `all_alive`: create and poll all 1,000,000 (each `Box::pin`ned, kept in a `Vec`
//!   made beforehand), then drop them all; create, poll and drop are all counted.
//!
//! plus `peak_rss` (MiB, the child's `VmHWM`, reached with the million alive).
//! Systems: `runtime-ct`, `runtime-mt`, `tokio-ct`, `tokio-mt`, `async-io`, built as
//! in `sleeps.rs`. A `Sleep` that returns `Pending` costs tokio no coop budget, so
//! every one of its polls does reach its timer wheel. Each run is a fresh child.

use std::future::Future;
use std::pin::{pin, Pin};
use std::task::Poll;
use std::time::{Duration, Instant};

use crate::report::{Measure, Target};
use crate::systems::tokio_rt::Tokio;
use crate::systems::{Executor, Timers};
use crate::workloads::{Config, Workload};

const TIMERS: usize = 1_000_000;
const DUE_IN: Duration = Duration::from_secs(3600);

/// `timer-cancel`.
pub fn workloads() -> Vec<Workload> {
    vec![Workload {
        name: "timer-cancel".to_string(),
        systems: every_timer!(run_cancel),
        targets: vec![Target {
            metric: "one_at_a_time",
            peer: Tokio::<true>::NAME,
            min_ratio: None,
            max_ratio: Some(0.8),
            ours: None,
        }],
        isolated: true,
    }]
}

/// Polls `future` once with the current task's context; whether it was ready.
async fn poll_once<F: Future>(mut future: Pin<&mut F>) -> bool {
    std::future::poll_fn(|cx| Poll::Ready(future.as_mut().poll(cx).is_ready())).await
}

fn run_cancel<S: Timers>(_: &Config) -> Vec<Measure> {
    let runtime = S::build();
    let (one, all) = S::run(&runtime, |_| async move {
        let mut fired = 0usize;
        let began = Instant::now();
        for _ in 0..TIMERS {
            let sleep = pin!(S::sleep(DUE_IN));
            fired += usize::from(poll_once(sleep).await);
        }
        let one = began.elapsed();

        let mut sleeps = Vec::with_capacity(TIMERS);
        let began = Instant::now();
        for _ in 0..TIMERS {
            let mut sleep = Box::pin(S::sleep(DUE_IN));
            fired += usize::from(poll_once(sleep.as_mut()).await);
            sleeps.push(sleep);
        }
        drop(sleeps);
        let all = began.elapsed();
        assert_eq!(fired, 0, "a sleep due in an hour was ready");
        (one, all)
    });
    drop(runtime);
    let ns = |metric, elapsed: Duration| Measure {
        metric,
        unit: "ns",
        higher_is_better: false,
        value: elapsed.as_nanos() as f64 / TIMERS as f64,
    };
    vec![
        ns("one_at_a_time", one),
        ns("all_alive", all),
        Measure {
            metric: "peak_rss",
            unit: "MiB",
            higher_is_better: false,
            value: crate::child::peak_rss_mib(),
        },
    ]
}
