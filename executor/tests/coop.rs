//! The cooperative budget: an always-ready task cannot starve other tasks or I/O.

mod util;

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::thread;

use runtime_executor::{Async, Ready, Registration};

#[test]
fn an_always_ready_source_yields_after_the_budget() {
    let rt = runtime_executor::Builder::new_current_thread()
        .build()
        .unwrap();
    let count = Arc::new(AtomicUsize::new(0));
    let seen_by_other = rt.block_on(async {
        let (registration, set) = Registration::new2();
        let source = Async::new(registration).unwrap();
        set.set_readiness(Ready::readable()).unwrap();
        runtime_executor::yield_now().await; // dispatch the event
        let spinner = {
            let count = count.clone();
            runtime_executor::spawn(async move {
                // Ready every time (never cleared): only the budget makes it yield.
                for _ in 0..1000 {
                    let _guard = source.readable().await.unwrap();
                    count.fetch_add(1, Ordering::SeqCst);
                }
            })
        };
        let other = {
            let count = count.clone();
            runtime_executor::spawn(async move { count.load(Ordering::SeqCst) })
        };
        let seen = other.await.unwrap();
        spinner.await.unwrap();
        seen
    });
    // The spinner's first poll had exactly one budget's worth of ready awaits.
    assert_eq!(seen_by_other, 128);
    assert_eq!(count.load(Ordering::SeqCst), 1000);
}

#[test]
fn a_yielding_loop_does_not_starve_io() {
    for (flavor, rt) in util::runtimes() {
        rt.block_on(async {
            let stop = Arc::new(AtomicBool::new(false));
            let spinners: Vec<_> = (0..4)
                .map(|_| {
                    let stop = stop.clone();
                    runtime_executor::spawn(async move {
                        while !stop.load(Ordering::SeqCst) {
                            runtime_executor::yield_now().await;
                        }
                    })
                })
                .collect();
            let (registration, set) = Registration::new2();
            let source = Async::new(registration).unwrap();
            let producer = thread::spawn(move || set.set_readiness(Ready::readable()).unwrap());
            source.readable().await.unwrap();
            stop.store(true, Ordering::SeqCst);
            for spinner in spinners {
                spinner.await.unwrap();
            }
            producer.join().unwrap();
        });
        let _ = flavor;
    }
}

#[test]
fn awaiting_finished_handles_in_a_loop_yields() {
    let rt = runtime_executor::Builder::new_current_thread()
        .build()
        .unwrap();
    rt.block_on(async {
        let flag = Arc::new(AtomicBool::new(false));
        let setter = {
            let flag = flag.clone();
            runtime_executor::spawn(async move { flag.store(true, Ordering::SeqCst) })
        };
        // Each `is_finished` poll loop yields; the setter gets to run.
        while !flag.load(Ordering::SeqCst) {
            runtime_executor::yield_now().await;
        }
        setter.await.unwrap();
    });
}
