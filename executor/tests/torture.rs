//! Torture, bounded to a few seconds: many foreign threads setting readiness on many
//! `Async<Registration>`s at once (every task must observe its producer's final
//! state), and `Async`s created and dropped while events fly (SPEC A5).

#![cfg(not(miri))]

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::thread;

use parking_lot::Mutex;
use runtime_executor::{Async, Builder, Ready, Registration, Runtime, SetReadiness};

const THREADS: usize = 8;
const SETS_PER_THREAD: u64 = 100_000;
const SOURCES: usize = 64;

fn eight_threads_sixty_four_sources(rt: &Runtime) {
    let values: Arc<Vec<AtomicU64>> = Arc::new((0..SOURCES).map(|_| AtomicU64::new(0)).collect());
    let mut sets: Vec<SetReadiness> = Vec::new();
    let mut consumers = Vec::new();
    let per_source = SETS_PER_THREAD / (SOURCES / THREADS) as u64;
    rt.block_on(async {
        for i in 0..SOURCES {
            let (registration, set) = Registration::new2();
            sets.push(set);
            let source = Async::new(registration).unwrap();
            let values = values.clone();
            consumers.push(runtime_executor::spawn(async move {
                let mut wakes = 0u64;
                loop {
                    let mut guard = source.readable().await.unwrap();
                    wakes += 1;
                    guard.clear_ready();
                    if values[i].load(Ordering::SeqCst) == per_source {
                        return wakes;
                    }
                }
            }));
        }
    });
    let sets = Arc::new(sets);
    let producers: Vec<_> = (0..THREADS)
        .map(|t| {
            let sets = sets.clone();
            let values = values.clone();
            thread::spawn(move || {
                // Thread t owns sources t*8 .. t*8+8, cycling through them.
                for n in 1..=per_source {
                    for i in t * (SOURCES / THREADS)..(t + 1) * (SOURCES / THREADS) {
                        values[i].store(n, Ordering::SeqCst);
                        sets[i].set_readiness(Ready::readable()).unwrap();
                    }
                }
            })
        })
        .collect();
    // The consumers run while the producers do (current-thread: inside this
    // block_on), and finish only once each saw its final value.
    let total_wakes: u64 = rt.block_on(async {
        let mut total = 0;
        for consumer in consumers {
            total += consumer.await.unwrap();
        }
        total
    });
    for producer in producers {
        producer.join().unwrap();
    }
    assert!(total_wakes >= SOURCES as u64);
    assert!(total_wakes <= THREADS as u64 * SETS_PER_THREAD + SOURCES as u64);
}

#[test]
fn every_task_observes_its_producers_final_state_multi_thread() {
    let rt = Builder::new_multi_thread()
        .worker_threads(2)
        .build()
        .unwrap();
    eight_threads_sixty_four_sources(&rt);
}

#[test]
fn every_task_observes_its_producers_final_state_current_thread() {
    let rt = Builder::new_current_thread().build().unwrap();
    eight_threads_sixty_four_sources(&rt);
}

#[test]
fn asyncs_created_and_dropped_while_events_fly() {
    let rt = Builder::new_multi_thread()
        .worker_threads(2)
        .build()
        .unwrap();
    let live: Arc<Mutex<Vec<SetReadiness>>> = Arc::new(Mutex::new(Vec::new()));
    let stop = Arc::new(AtomicBool::new(false));
    let producers: Vec<_> = (0..4)
        .map(|_| {
            let live = live.clone();
            let stop = stop.clone();
            thread::spawn(move || {
                let mut n = 0u64;
                while !stop.load(Ordering::SeqCst) {
                    let sets: Vec<_> = live.lock().clone();
                    for set in &sets {
                        let ready = if n % 2 == 0 {
                            Ready::readable()
                        } else {
                            Ready::writable()
                        };
                        set.set_readiness(ready).unwrap();
                        n += 1;
                    }
                    if sets.is_empty() {
                        thread::yield_now();
                    }
                }
                n
            })
        })
        .collect();
    rt.block_on(async {
        // Sources nobody sets: their awaits must never complete.
        let quiet: Vec<_> = (0..4)
            .map(|_| {
                let (registration, set) = Registration::new2();
                (Async::new(registration).unwrap(), set)
            })
            .collect();
        let quiet = Arc::new(quiet);
        let watchers: Vec<_> = (0..4)
            .map(|i| {
                let quiet = quiet.clone();
                runtime_executor::spawn(async move {
                    let guard = quiet[i].0.readable().await.unwrap();
                    guard.ready()
                })
            })
            .collect();
        for round in 0..3_000 {
            let (registration, set) = Registration::new2();
            live.lock().push(set);
            let source = Async::new(registration).unwrap();
            if round % 10 == 0 {
                // Sometimes await it, so dispatch and drop race for real.
                let _ = source
                    .ready(Ready::readable() | Ready::writable())
                    .await
                    .unwrap();
            }
            drop(source);
            let mut live = live.lock();
            if live.len() > 16 {
                live.remove(0);
            }
        }
        stop.store(true, Ordering::SeqCst);
        for watcher in &watchers {
            assert!(
                !watcher.is_finished(),
                "a quiet source was woken by someone else's event"
            );
        }
        #[cfg(feature = "metrics")]
        assert_eq!(
            runtime_executor::Handle::current().metrics().registrations,
            4
        );
        for watcher in watchers {
            watcher.abort();
        }
    });
    let sent: u64 = producers.into_iter().map(|p| p.join().unwrap()).sum();
    assert!(sent > 0);
}
