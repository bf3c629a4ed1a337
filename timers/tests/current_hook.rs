//! The current-driver hook: how a runtime facade routes `Deadline::new` and
//! `sleep` to its own driver on threads it does not enter explicitly.

use std::cell::RefCell;
use std::time::Duration;

use runtime_timers::{Deadline, Driver};

thread_local! {
    /// Stands in for a runtime's own thread-local context.
    static RUNTIME: RefCell<Option<Driver>> = const { RefCell::new(None) };
}

fn runtime_driver() -> Option<Driver> {
    RUNTIME.with(|runtime| runtime.borrow().clone())
}

#[test]
fn the_hook_is_asked_after_enter_and_before_the_process_wide_driver() {
    assert!(Driver::set_current_hook(runtime_driver));
    let runtime = Driver::new();
    runtime.pause();
    RUNTIME.with(|slot| *slot.borrow_mut() = Some(runtime.clone()));

    let deadline = Deadline::new(runtime.now() + Duration::from_secs(60));
    assert_eq!(runtime.pending_timers(), 1, "filed in the runtime's wheel");
    runtime.advance(Duration::from_secs(60));
    assert!(deadline.is_elapsed());

    let entered = Driver::new();
    {
        let _guard = entered.enter();
        assert!(Driver::current().same_driver(&entered), "enter wins");
    }
    assert!(Driver::current().same_driver(&runtime));

    let elsewhere = std::thread::spawn(Driver::current).join().unwrap();
    assert!(
        !elsewhere.same_driver(&runtime),
        "outside: the process-wide driver"
    );
}
