//! Tasks that panic in `poll`, in their future's `Drop` (after completing, and when
//! aborted), and in their output's `Drop` with the `JoinHandle` detached: every
//! panic is caught and reported where it belongs, every destructor runs exactly
//! once, and the runtime carries on, on both flavors.

use std::future::{pending, Future};
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use runtime_stress::{
    flavors, quiet_intentional_panics, scaled, PanicOnDrop, Watchdog, INTENTIONAL,
};

/// Ready with `output` at its first poll; `guard` goes with the future's drop.
struct Holding<T> {
    _guard: PanicOnDrop,
    output: Option<T>,
}

impl<T: Unpin> Future for Holding<T> {
    type Output = T;

    fn poll(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<T> {
        Poll::Ready(self.output.take().expect("polled after completion"))
    }
}

#[test]
#[ignore = "stress: run in release with --ignored (.ci/run)"]
fn panics_in_poll_and_in_destructors() {
    quiet_intentional_panics();
    let per_kind = scaled(5_000);
    for (flavor, rt) in flavors(2) {
        let _watchdog = Watchdog::new(Duration::from_secs(600), format!("task panics, {flavor}"));
        let drops = Arc::new(AtomicU64::new(0));
        let (reported, detached_done) = rt.block_on(async {
            let mut handles = Vec::new();
            for i in 0..per_kind {
                // 1. A panic in poll.
                handles.push(runtime::spawn(async move {
                    if i < u64::MAX {
                        panic!("{INTENTIONAL}: poll");
                    }
                }));
                // 2. A panic in the future's drop, after it completed.
                handles.push(runtime::spawn(Holding {
                    _guard: PanicOnDrop(drops.clone()),
                    output: Some(()),
                }));
                // 3. A panic in the output's drop; nobody joins it.
                let guard = PanicOnDrop(drops.clone());
                drop(runtime::spawn(async move {
                    runtime::yield_now().await;
                    guard
                }));
                // 4. A panic in the future's drop when aborted.
                let guard = PanicOnDrop(drops.clone());
                let waiting = runtime::spawn(async move {
                    let _guard = guard;
                    pending::<()>().await
                });
                waiting.abort();
                handles.push(waiting);
            }
            let mut reported = 0u64;
            for handle in handles {
                let err = handle.await.expect_err("every one of these panicked");
                assert!(err.is_panic(), "{flavor}: {err:?}");
                reported += 1;
            }
            // The detached outputs are dropped once their tasks ran: wait for
            // the count (each is one yield away), yielding to let them run.
            while drops.load(Ordering::SeqCst) < 3 * per_kind {
                runtime::yield_now().await;
            }
            (reported, runtime::spawn(async { 7 }).await.unwrap())
        });
        assert_eq!(reported, 3 * per_kind, "{flavor}");
        assert_eq!(drops.load(Ordering::SeqCst), 3 * per_kind, "{flavor}");
        assert_eq!(detached_done, 7, "{flavor}");
        drop(rt);
        assert_eq!(drops.load(Ordering::SeqCst), 3 * per_kind, "{flavor}");
    }
}
