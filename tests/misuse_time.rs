//! Edge arguments of `runtime::time` and what they get (docs/misuse.md): a zero
//! interval period is the wheel's 1 ms, `Duration::MAX` saturates to about 30 years
//! instead of overflowing. (Clock controls outside a runtime:
//! `time_controls_outside_runtime.rs`; timers outliving their runtime:
//! `timers_after_runtime_drop.rs`.)

use std::time::Duration;

use runtime::time::{interval, sleep, timeout};

const YEAR: Duration = Duration::from_secs(365 * 24 * 3600);

#[test]
fn a_zero_interval_period_is_one_millisecond() {
    let rt = runtime::Builder::new_current_thread()
        .start_paused(true)
        .build()
        .unwrap();
    rt.block_on(async {
        let mut ticks = interval(Duration::ZERO);
        assert_eq!(ticks.period(), Duration::from_millis(1));
        let first = ticks.tick().await;
        let second = ticks.tick().await;
        assert_eq!(second - first, Duration::from_millis(1));
    });
}

#[test]
fn duration_max_saturates_instead_of_overflowing() {
    let rt = runtime::Builder::new_current_thread().build().unwrap();
    rt.block_on(async {
        let now = runtime::time::now();
        let forever = sleep(Duration::MAX);
        let wait = forever.deadline() - now;
        assert!(wait >= 29 * YEAR && wait <= 31 * YEAR, "{wait:?}");
        let cut_short = timeout(Duration::MAX, async { 3 });
        let wait = cut_short.deadline() - now;
        assert!(wait >= 29 * YEAR && wait <= 31 * YEAR, "{wait:?}");
        assert_eq!(cut_short.await, Ok(3));
    });
}
