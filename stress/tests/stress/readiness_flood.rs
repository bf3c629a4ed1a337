//! 10^7 cross-thread `set_readiness` calls on 64 registrations from 8 threads, each
//! thread touching every registration, while one task per registration awaits it
//! and clears: every increment is observed (the last one after the last clear
//! included), on both flavors.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::thread;
use std::time::Duration;

use runtime::{Async, Ready, Registration, SetReadiness};
use runtime_stress::{flavors, scaled, Watchdog};

const THREADS: usize = 8;
const SOURCES: usize = 64;

#[test]
#[ignore = "stress: run in release with --ignored (.ci/run)"]
fn every_increment_is_observed() {
    // 8 × 64 × 19,532 = 10,000,384 sets per flavor.
    let per_thread_per_source = scaled(19_532);
    let per_source = per_thread_per_source * THREADS as u64;
    for (flavor, rt) in flavors(2) {
        let _watchdog = Watchdog::new(
            Duration::from_secs(600),
            format!("readiness flood, {flavor}"),
        );
        let counters: Arc<Vec<AtomicU64>> =
            Arc::new((0..SOURCES).map(|_| AtomicU64::new(0)).collect());
        let mut sets: Vec<SetReadiness> = Vec::new();
        let consumers: Vec<_> = rt.block_on(async {
            (0..SOURCES)
                .map(|i| {
                    let (registration, set) = Registration::new2();
                    sets.push(set);
                    let source = Async::new(registration).unwrap();
                    let counters = counters.clone();
                    runtime::spawn(async move {
                        let mut wakes = 0u64;
                        loop {
                            let mut guard = source.readable().await.unwrap();
                            wakes += 1;
                            guard.clear_ready();
                            let seen = counters[i].load(Ordering::SeqCst);
                            if seen == per_source {
                                return (seen, wakes);
                            }
                        }
                    })
                })
                .collect()
        });
        let sets = Arc::new(sets);
        let producers: Vec<_> = (0..THREADS)
            .map(|t| {
                let sets = sets.clone();
                let counters = counters.clone();
                thread::spawn(move || {
                    for _ in 0..per_thread_per_source {
                        for k in 0..SOURCES {
                            // Each thread walks the sources from its own offset, so
                            // several threads set one registration at once.
                            let i = (k + t * (SOURCES / THREADS)) % SOURCES;
                            counters[i].fetch_add(1, Ordering::SeqCst);
                            sets[i].set_readiness(Ready::readable()).unwrap();
                        }
                    }
                })
            })
            .collect();
        // The consumers run (and clear) while the producers set.
        let (seen, wakes) = rt.block_on(async {
            let mut seen = 0;
            let mut wakes = 0;
            for consumer in consumers {
                let (s, w) = consumer.await.unwrap();
                assert_eq!(s, per_source, "{flavor}");
                assert!(w >= 1 && w <= per_source, "{flavor}: {w} wakes");
                seen += s;
                wakes += w;
            }
            (seen, wakes)
        });
        for producer in producers {
            producer.join().unwrap();
        }
        assert_eq!(seen, per_source * SOURCES as u64, "{flavor}");
        eprintln!("readiness flood, {flavor}: {seen} sets observed in {wakes} wakes");
        assert_eq!(rt.handle().metrics().alive_tasks, 0, "{flavor}");
    }
}
