//! A callback library on its own thread, awaited by tasks: the reason `runtime`
//! exists.
//!
//! `sensors` below stands for a C library with a callback API: it runs its own
//! thread and calls `on_reading` whenever a sensor has a value. The callback cannot
//! block and knows nothing of async; it pushes the reading into a queue and calls
//! `SetReadiness::set_readiness`. A task per sensor awaits the `Async<Registration>`,
//! drains the queue, and clears the readiness (tick-safe: a reading that arrives
//! between the drain and the clear is not lost).
//!
//! Run: `cargo run --release --example events`.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use runtime::{Async, Ready, Registration, SetReadiness};

/// A stand-in for a foreign library: one thread, callbacks, no async anywhere.
mod sensors {
    use super::*;

    /// What the library calls back with.
    pub type Callback = Box<dyn Fn(usize, u32) + Send>;

    /// Starts the library's thread: `rounds` readings for each of `count` sensors,
    /// interleaved, then one final `u32::MAX` reading each meaning "closed".
    pub fn start(count: usize, rounds: u32, on_reading: Callback) -> thread::JoinHandle<()> {
        thread::spawn(move || {
            for round in 0..rounds {
                for sensor in 0..count {
                    on_reading(sensor, round * 10 + sensor as u32);
                }
                if round % 100 == 0 {
                    thread::sleep(Duration::from_millis(1));
                }
            }
            for sensor in 0..count {
                on_reading(sensor, u32::MAX);
            }
        })
    }
}

/// The glue a user writes: a queue plus a readiness source per sensor.
struct Inbox {
    readings: Mutex<VecDeque<u32>>,
    set: SetReadiness,
}

/// Four sensors, one callback thread, one task per sensor.
#[runtime::main(flavor = "multi_thread", worker_threads = 2)]
pub async fn main() -> std::io::Result<()> {
    const SENSORS: usize = 4;
    const ROUNDS: u32 = 1000;

    let mut inboxes = Vec::new();
    let mut tasks = Vec::new();
    for sensor in 0..SENSORS {
        let (registration, set) = Registration::new2();
        let inbox = Arc::new(Inbox {
            readings: Mutex::new(VecDeque::new()),
            set,
        });
        inboxes.push(inbox.clone());
        let source = Async::new(registration)?;
        tasks.push(runtime::spawn(async move {
            let (mut count, mut sum, mut wakeups) = (0u64, 0u64, 0u64);
            loop {
                let mut guard = source.readable().await?;
                wakeups += 1;
                // Clear first, then drain: a reading pushed after the clear sets the
                // readiness again, so the next await returns at once.
                guard.clear_ready();
                let drained: Vec<u32> = inbox.readings.lock().unwrap().drain(..).collect();
                for reading in drained {
                    if reading == u32::MAX {
                        println!(
                            "sensor {sensor}: {count} readings (sum {sum}) in {wakeups} wake-ups"
                        );
                        return Ok::<u64, std::io::Error>(count);
                    }
                    count += 1;
                    sum += u64::from(reading);
                }
            }
        }));
    }

    let library = sensors::start(
        SENSORS,
        ROUNDS,
        Box::new(move |sensor, reading| {
            let inbox = &inboxes[sensor];
            inbox.readings.lock().unwrap().push_back(reading);
            // From the library's thread: no syscall unless the reactor sleeps.
            inbox.set.set_readiness(Ready::readable()).unwrap();
        }),
    );

    let mut total = 0;
    for task in tasks {
        total += task.await.expect("sensor task panicked")?;
    }
    library.join().expect("the library thread panicked");
    assert_eq!(total, SENSORS as u64 * u64::from(ROUNDS));
    println!("events: {total} readings from a callback thread, all delivered to tasks");
    Ok(())
}
