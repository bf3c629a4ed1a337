//! The current driver: entered on a thread, nested, restored; the process-wide one
//! elsewhere, on which `sleep` and `Deadline::new` work without a runtime.

mod util;

use std::time::Duration;

use runtime_timers::{sleep, Deadline, Driver};
use util::{counting_waker, poll_once};

#[test]
fn timers_made_inside_enter_use_the_entered_driver() {
    let driver = Driver::new();
    driver.pause();
    let (counter, waker) = counting_waker();
    let (mut sleep, deadline) = {
        let _guard = driver.enter();
        (
            sleep(Duration::from_secs(10)),
            Deadline::new(driver.now() + Duration::from_secs(10)),
        )
    };
    assert!(poll_once(&mut sleep, &waker).is_pending());
    assert_eq!(driver.pending_timers(), 2);
    driver.advance(Duration::from_secs(10));
    assert_eq!(counter.wakes(), 1);
    assert!(deadline.is_elapsed());
}

#[test]
fn guards_nest_and_restore() {
    let outer = Driver::new();
    let inner = Driver::new();
    let _outer_guard = outer.enter();
    {
        let _inner_guard = inner.enter();
        assert!(Driver::current().same_driver(&inner));
    }
    assert!(Driver::current().same_driver(&outer));
}

#[test]
fn the_process_wide_driver_is_one_and_runs_by_itself() {
    let a = std::thread::spawn(Driver::current).join().unwrap();
    let b = Driver::current();
    assert!(a.same_driver(&b));
    // Its thread fires timers: block on a short sleep with a plain executor.
    futures::executor::block_on(sleep(Duration::from_millis(2)));
}
