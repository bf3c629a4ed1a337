//! The process-wide timer thread exits when its last timer is cancelled, not only
//! when one fires (alone in its process: it counts the process's threads).

use std::time::{Duration, Instant};

use runtime_timers::Deadline;

fn threads() -> usize {
    std::fs::read_dir("/proc/self/task").unwrap().count()
}

#[test]
#[cfg_attr(miri, ignore = "reads /proc")]
fn the_thread_exits_when_its_last_deadline_is_cancelled() {
    let before = threads();
    let deadline = Deadline::new(Instant::now() + Duration::from_secs(3600));
    assert_eq!(threads(), before + 1);
    // Let the thread block until the deadline.
    std::thread::sleep(Duration::from_millis(100));
    // Cancelled, not fired: the thread, blocked until an hour from now, must
    // still learn that nothing is left, and exit after its grace period.
    drop(deadline);
    let start = Instant::now();
    while threads() > before && start.elapsed() < Duration::from_secs(5) {
        std::thread::sleep(Duration::from_millis(10));
    }
    assert_eq!(threads(), before, "the timer thread sleeps on");
}
