//! A future that completes, then panics in its destructor (it holds a value whose
//! `Drop` panics): the panic is caught, the task is reported as panicked (its output
//! dropped, exactly once), as tokio does; detached, the runtime just carries on.

mod util;

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};

use futures::StreamExt;
use util::{DropCounter, DropPanics, PanicOnDrop};

/// Each panic costs seconds under Miri.
const DETACHED: usize = if cfg!(miri) { 2 } else { 8 };

/// Pending once, then ready with `output`; `guard` goes with the future's drop.
/// (An `async` block would drop its locals inside its last poll instead.)
struct Holding<T> {
    _guard: PanicOnDrop,
    output: Option<T>,
    polled: bool,
}

impl<T> Holding<T> {
    fn new(guard: PanicOnDrop, output: T) -> Holding<T> {
        Holding {
            _guard: guard,
            output: Some(output),
            polled: false,
        }
    }
}

impl<T: Unpin> Future for Holding<T> {
    type Output = T;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<T> {
        if !self.polled {
            self.polled = true;
            cx.waker().wake_by_ref();
            return Poll::Pending;
        }
        Poll::Ready(self.output.take().expect("polled after completion"))
    }
}

#[test]
fn the_join_handle_reports_the_destructor_panic_and_the_output_is_dropped() {
    for (flavor, rt) in util::runtimes() {
        let (guards, _dropped) = DropPanics::new("future drop after completion");
        let output_drops = Arc::new(AtomicUsize::new(0));
        let guard = guards.make();
        let output = DropCounter(output_drops.clone());
        let task = rt.spawn(Holding::new(guard, output));
        let Err(err) = rt.block_on(task) else {
            panic!("{flavor}: the task must be reported as panicked");
        };
        assert!(err.is_panic(), "{flavor}: {err:?}");
        assert_eq!(
            util::panic_message(&*err.into_panic()).as_deref(),
            Some("future drop after completion"),
            "{flavor}"
        );
        assert_eq!(guards.drops(), 1, "{flavor}");
        assert_eq!(output_drops.load(Ordering::SeqCst), 1, "{flavor}");
    }
}

#[test]
fn detached_the_runtime_carries_on() {
    for (flavor, rt) in util::runtimes() {
        let (guards, mut dropped) = DropPanics::new("future drop after completion");
        rt.block_on(async {
            for _ in 0..DETACHED {
                let guard = guards.make();
                drop(runtime_executor::spawn(Holding::new(guard, 7)));
            }
            for _ in 0..DETACHED {
                dropped.next().await.unwrap();
            }
        });
        assert_eq!(guards.drops(), DETACHED, "{flavor}");
        assert_eq!(rt.block_on(rt.spawn(async { 1 })).unwrap(), 1, "{flavor}");
        drop(rt);
        assert_eq!(guards.drops(), DETACHED, "{flavor}");
    }
}
