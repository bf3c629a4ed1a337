//! A multi-thread runtime with a paused clock that goes idle just as its worker in
//! the driver is about to sleep still advances the clock: the request to check for
//! idleness is an interrupt of that worker's poll, and interrupts are sticky
//! (`scheduler/multi_thread/worker.rs`). Lost, a `sleep` of a day would take a
//! day; this test would hang.

use runtime::time::{self, sleep};
use runtime::Builder;
use std::time::Duration;

#[test]
fn going_idle_as_the_driving_worker_parks_still_advances_the_clock() {
    // Fresh runtimes, so that the race between the last parking thread and the
    // driving worker's own idle check is run many times.
    let rounds = if cfg!(miri) { 2 } else { 2_000 };
    for _ in 0..rounds {
        let rt = Builder::new_multi_thread()
            .worker_threads(2)
            .start_paused(true)
            .build()
            .unwrap();
        let slept = rt.block_on(async {
            let start = time::now();
            sleep(Duration::from_secs(86_400)).await;
            time::now() - start
        });
        assert_eq!(slept, Duration::from_secs(86_400));
    }
}
