//! A task's output whose destructor panics, its `JoinHandle` dropped before the
//! task completed: async-task drops the output itself. The panic is caught (the
//! hook reports it), the output is dropped exactly once, and the runtime and its
//! workers carry on.

mod util;

use futures::StreamExt;
use util::DropPanics;

/// Each panic costs seconds under Miri.
const TASKS: usize = if cfg!(miri) { 2 } else { 8 };

#[test]
fn the_output_is_dropped_once_and_the_runtime_carries_on() {
    for (flavor, rt) in util::runtimes() {
        let (outputs, mut dropped) = DropPanics::new("output drop");
        rt.block_on(async {
            for _ in 0..TASKS {
                let output = outputs.make();
                drop(runtime_executor::spawn(async move {
                    runtime_executor::yield_now().await;
                    output
                }));
            }
            for _ in 0..TASKS {
                dropped.next().await.unwrap();
            }
        });
        assert_eq!(outputs.drops(), TASKS, "{flavor}");
        // The workers survived: they still run tasks.
        let sum: usize = rt.block_on(async {
            let tasks: Vec<_> = (0..16)
                .map(|i| runtime_executor::spawn(async move { i }))
                .collect();
            let mut sum = 0;
            for task in tasks {
                sum += task.await.unwrap();
            }
            sum
        });
        assert_eq!(sum, (0..16).sum(), "{flavor}");
        drop(rt);
        assert_eq!(outputs.drops(), TASKS, "{flavor}");
    }
}
