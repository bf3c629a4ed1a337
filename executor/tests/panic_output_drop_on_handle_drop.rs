//! A task's output whose destructor panics, its `JoinHandle` dropped after the task
//! completed: the handle's drop drops the output. The panic is caught there (the
//! hook reports it), the handle's drop returns normally, the output is dropped
//! exactly once.

// Returning a handle out of `block_on` to drop it afterwards is the point here.
#![allow(clippy::async_yields_async)]

mod util;

use std::panic::{catch_unwind, AssertUnwindSafe};

use util::DropPanics;

#[test]
fn dropping_the_handle_drops_the_output_once_without_unwinding() {
    for (flavor, rt) in util::runtimes() {
        let (outputs, _dropped) = DropPanics::new("output drop");
        let output = outputs.make();
        let task = rt.spawn(async move { output });
        let task = rt.block_on(async move {
            while !task.is_finished() {
                runtime_executor::yield_now().await;
            }
            task
        });
        assert_eq!(
            outputs.drops(),
            0,
            "{flavor}: not dropped before the handle"
        );
        let unwound = catch_unwind(AssertUnwindSafe(move || drop(task))).is_err();
        assert!(!unwound, "{flavor}: the handle's drop must not unwind");
        assert_eq!(outputs.drops(), 1, "{flavor}");
        assert_eq!(rt.block_on(rt.spawn(async { 5 })).unwrap(), 5, "{flavor}");
        drop(rt);
        assert_eq!(outputs.drops(), 1, "{flavor}");
    }
}
