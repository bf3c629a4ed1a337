//! The free functions outside a runtime: a panic saying how to fix it, or an error.

use std::panic::catch_unwind;

fn message(payload: Box<dyn std::any::Any + Send>) -> String {
    match payload.downcast::<String>() {
        Ok(s) => *s,
        Err(payload) => payload.downcast::<&str>().map(|s| s.to_string()).unwrap(),
    }
}

#[test]
fn spawn_outside_a_runtime_panics_with_the_fix() {
    let msg = message(catch_unwind(|| runtime_executor::spawn(async {})).unwrap_err());
    assert!(msg.contains("spawn called outside a runtime"), "{msg}");
    assert!(msg.contains("Handle::spawn"), "{msg}");
}

#[test]
fn spawn_blocking_outside_a_runtime_panics_with_the_fix() {
    let msg = message(catch_unwind(|| runtime_executor::spawn_blocking(|| {})).unwrap_err());
    assert!(msg.contains("outside a runtime"), "{msg}");
}

#[test]
fn spawn_local_needs_a_current_thread_block_on() {
    let msg = message(catch_unwind(|| runtime_executor::spawn_local(async {})).unwrap_err());
    assert!(msg.contains("current-thread"), "{msg}");
    let rt = runtime_executor::Runtime::new().unwrap();
    let msg = message(
        catch_unwind(std::panic::AssertUnwindSafe(|| {
            rt.block_on(async { drop(runtime_executor::spawn_local(async {})) })
        }))
        .unwrap_err(),
    );
    assert!(msg.contains("current-thread"), "{msg}");
}

#[test]
fn handle_current_outside_panics_and_try_current_errs() {
    assert!(runtime_executor::Handle::try_current().is_err());
    let msg = message(catch_unwind(runtime_executor::Handle::current).unwrap_err());
    assert!(msg.contains("outside a runtime"), "{msg}");
}

#[test]
fn nested_block_on_panics() {
    let msg = message(
        catch_unwind(|| runtime_executor::block_on(async { runtime_executor::block_on(async {}) }))
            .unwrap_err(),
    );
    assert!(msg.contains("within a runtime"), "{msg}");
}
