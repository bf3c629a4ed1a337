//! `Async` churn: tasks create `Async<Registration>`s, await a probe, take the
//! source back out (`into_inner`), wrap it again, await again and drop it, while
//! other threads keep setting readiness on the handles of registrations old and
//! new. Every probe is delivered, on both flavors; at the end no registration and
//! no task is left in the runtime.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use runtime::{Async, Ready, Registration, SetReadiness};
use runtime_stress::{flavors, scaled, seed, Rng, Watchdog};

const TASKS: u64 = 16;
const SETTERS: u64 = 4;
const RING: usize = 64;

#[test]
#[ignore = "stress: run in release with --ignored (.ci/run)"]
fn churn_of_async_registrations() {
    let rounds = scaled(2_000);
    let seed = seed("churn_of_async_registrations");
    for (flavor, rt) in flavors(2) {
        let _watchdog = Watchdog::new(Duration::from_secs(600), format!("Async churn, {flavor}"));
        let ring: Arc<Mutex<Vec<SetReadiness>>> = Arc::default();
        let stop = Arc::new(AtomicBool::new(false));
        let sets_done = Arc::new(AtomicU64::new(0));
        let setters: Vec<_> = (0..SETTERS)
            .map(|s| {
                let (ring, stop, sets_done) = (ring.clone(), stop.clone(), sets_done.clone());
                thread::spawn(move || {
                    let mut rng = Rng::new(seed, s);
                    while !stop.load(Ordering::Relaxed) {
                        let handle = {
                            let ring = ring.lock().unwrap();
                            (!ring.is_empty())
                                .then(|| ring[rng.below(ring.len() as u64) as usize].clone())
                        };
                        match handle {
                            Some(handle) => {
                                // Always readable: an empty value racing a
                                // probe could turn its edge into no event (E3).
                                let ready = match rng.below(3) {
                                    0 => Ready::readable(),
                                    1 => Ready::readable() | Ready::writable(),
                                    _ => Ready::all(),
                                };
                                handle.set_readiness(ready).unwrap();
                                sets_done.fetch_add(1, Ordering::Relaxed);
                            }
                            None => thread::yield_now(),
                        }
                    }
                })
            })
            .collect();

        let probes = Arc::new(AtomicU64::new(0));
        rt.block_on(async {
            let tasks: Vec<_> = (0..TASKS)
                .map(|t| {
                    let (ring, probes) = (ring.clone(), probes.clone());
                    runtime::spawn(async move {
                        for round in 0..rounds {
                            let (registration, set) = Registration::new2();
                            {
                                let mut ring = ring.lock().unwrap();
                                if ring.len() == RING {
                                    ring.swap_remove(((t + round) as usize) % RING);
                                }
                                ring.push(set.clone());
                            }
                            let source = Async::new(registration).unwrap();
                            // The probe. Setters may set it too, always readable.
                            set.set_readiness(Ready::readable()).unwrap();
                            let mut guard = source.readable().await.unwrap();
                            assert!(guard.ready().is_readable());
                            guard.clear_ready();
                            probes.fetch_add(1, Ordering::SeqCst);
                            let registration = source.into_inner();
                            let source = Async::new(registration).unwrap();
                            set.set_readiness(Ready::readable()).unwrap();
                            source.readable().await.unwrap();
                            probes.fetch_add(1, Ordering::SeqCst);
                            drop(source);
                            if round % 16 == 0 {
                                runtime::yield_now().await;
                            }
                        }
                    })
                })
                .collect();
            for task in tasks {
                task.await.unwrap();
            }
        });
        stop.store(true, Ordering::Relaxed);
        for setter in setters {
            setter.join().unwrap();
        }
        assert_eq!(
            probes.load(Ordering::SeqCst),
            2 * TASKS * rounds,
            "{flavor}"
        );
        let metrics = rt.handle().metrics();
        assert_eq!(metrics.registrations, 0, "{flavor}");
        assert_eq!(metrics.alive_tasks, 0, "{flavor}");
        eprintln!(
            "Async churn, {flavor}: {} probes, {} foreign sets",
            2 * TASKS * rounds,
            sets_done.load(Ordering::Relaxed)
        );
    }
}
