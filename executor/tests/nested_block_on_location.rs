//! A nested `block_on` panics at the caller's line, not inside the executor: every
//! function from the public `block_on` down to the check is `#[track_caller]`.
//!
//! One test in its own binary: it installs a panic hook, which is process-wide.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Mutex;

use runtime_executor::block_on;

static LOCATION: Mutex<Option<(String, u32)>> = Mutex::new(None);

/// Runs `f`, which must panic, and returns where the panic says it happened.
fn panic_location(f: impl FnOnce()) -> (String, u32) {
    *LOCATION.lock().unwrap() = None;
    assert!(catch_unwind(AssertUnwindSafe(f)).is_err());
    LOCATION.lock().unwrap().take().expect("the hook ran")
}

#[test]
fn nested_block_on_panics_at_the_callers_line() {
    std::panic::set_hook(Box::new(|info| {
        let location = info.location().expect("a location");
        *LOCATION.lock().unwrap() = Some((location.file().to_string(), location.line()));
    }));
    let ct = runtime_executor::Builder::new_current_thread()
        .build()
        .unwrap();
    let mt = runtime_executor::Builder::new_multi_thread()
        .worker_threads(1)
        .build()
        .unwrap();

    let line = line!() + 1;
    let at = panic_location(|| ct.block_on(async { ct.block_on(async {}) }));
    assert_eq!(at, (file!().to_string(), line));

    let line = line!() + 1;
    let at = panic_location(|| mt.block_on(async { mt.block_on(async {}) }));
    assert_eq!(at, (file!().to_string(), line));

    let line = line!() + 1;
    let at = panic_location(|| block_on(async { block_on(async {}) }));
    assert_eq!(at, (file!().to_string(), line));

    let handle = ct.handle().clone();
    let line = line!() + 1;
    let at = panic_location(|| ct.block_on(async { handle.block_on(async {}) }));
    assert_eq!(at, (file!().to_string(), line));
    let _ = std::panic::take_hook();
}
