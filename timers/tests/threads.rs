//! Across threads: timers made, polled, cancelled and reset on several threads
//! while one thread drives the driver with the unpark hook; every sleep completes,
//! every cancelled one never wakes, the wheel ends empty.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};
use std::thread;
use std::time::Duration;

use futures::executor::block_on;
use runtime_timers::{timeout, Driver, Sleep};

/// A driver and the thread that drives it, as a runtime's driving thread would.
fn driven() -> (Driver, Arc<AtomicBool>, thread::JoinHandle<()>) {
    let thread: Arc<OnceLock<thread::Thread>> = Arc::new(OnceLock::new());
    let unpark = thread.clone();
    let driver = Driver::with_unpark(move || {
        if let Some(thread) = unpark.get() {
            thread.unpark();
        }
    });
    let stop = Arc::new(AtomicBool::new(false));
    let (driving, stopping) = (driver.clone(), stop.clone());
    let handle = thread::spawn(move || {
        let _ = thread.set(thread::current());
        while !stopping.load(Ordering::SeqCst) {
            match driving.park_timeout() {
                None => thread::park(),
                Some(timeout) => thread::park_timeout(timeout),
            }
            driving.fire_due();
        }
    });
    (driver, stop, handle)
}

#[test]
fn sleeps_and_timeouts_from_many_threads_complete() {
    let (driver, stop, driving) = driven();
    let workers: Vec<_> = (0..4u64)
        .map(|t| {
            let driver = driver.clone();
            thread::spawn(move || {
                let _guard = driver.enter();
                for i in 0..if cfg!(miri) { 3 } else { 50 } {
                    let ms = (t * 7 + i * 3) % 5;
                    block_on(Sleep::new_in(
                        &driver,
                        driver.now() + Duration::from_millis(ms),
                    ));
                    // A timeout that never fires: registered, then cancelled.
                    let done = block_on(timeout(Duration::from_secs(3600), async {
                        Sleep::new_in(&driver, driver.now() + Duration::from_millis(1)).await
                    }));
                    assert!(done.is_ok());
                }
            })
        })
        .collect();
    for worker in workers {
        worker.join().unwrap();
    }
    assert_eq!(driver.pending_timers(), 0);
    stop.store(true, Ordering::SeqCst);
    driver.resume(); // unparks the driving thread
    driving.join().unwrap();
}
