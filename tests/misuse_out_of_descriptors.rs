//! Building a runtime with no file descriptor left: `Builder::build` returns the
//! OS error (`Too many open files`), `runtime::block_on` panics saying what it
//! could not create. Alone in its file: it exhausts the process's descriptors
//! for a moment.

use std::fs::File;

mod util;

#[test]
fn building_a_runtime_without_descriptors() {
    // Hold descriptors until the OS refuses one (bounded, in case the limit is
    // very high; then there is nothing to test here).
    let mut held = Vec::new();
    let exhausted = loop {
        match File::open("/dev/null") {
            Ok(file) => held.push(file),
            Err(err) => break Some(err),
        }
        if held.len() >= 1 << 16 {
            break None;
        }
    };
    let Some(exhausted) = exhausted else {
        eprintln!("skipped: over 2^16 descriptors allowed");
        return;
    };
    assert_eq!(exhausted.raw_os_error(), Some(24), "{exhausted}"); // EMFILE
    let built = runtime::Builder::new_current_thread().build();
    let caught = util::catch_panic(|| runtime::block_on(async {}));
    drop(held);
    let err = built.unwrap_err();
    assert_eq!(err.raw_os_error(), Some(24), "{err}");
    assert!(
        caught.message.starts_with(
            "runtime::block_on: could not create the runtime's Poll (out of file descriptors?)"
        ),
        "{}",
        caught.message
    );
    // With descriptors back, it works.
    assert_eq!(runtime::block_on(async { 4 }), 4);
}
