//! A callback library on its own thread, awaited by tasks: the reason `runtime`
//! exists.
//!
//! `sensors` below stands for a C library with a callback API: it runs its own
//! thread and calls `on_reading` whenever a sensor has a value. The callback cannot
//! block and knows nothing of async: it `try_send`s the reading into the sensor's
//! `runtime::channel` (no lock, no syscall while the task is awake). A task per
//! sensor receives the readings in order, a batch per wake-up (`recv_many`), and
//! sees the end of the stream when the library drops its callback (and with it the
//! senders): no sentinel value, no hand-made "closed" flag.
//!
//! Run: `cargo run --release --example events`.

use std::thread;
use std::time::Duration;

use runtime::channel::{self, Sender};

/// A stand-in for a foreign library: one thread, callbacks, no async anywhere.
mod sensors {
    use super::*;

    /// What the library calls back with: (sensor, reading).
    pub type Callback = Box<dyn Fn(usize, u32) + Send>;

    /// Starts the library's thread: `rounds` readings for each of `count` sensors,
    /// interleaved; then it drops the callback, as a library does on shutdown.
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
            drop(on_reading);
        })
    }
}

/// Four sensors, one callback thread, one task per sensor.
#[runtime::main(flavor = "multi_thread", worker_threads = 2)]
pub async fn main() -> std::io::Result<()> {
    const SENSORS: usize = 4;
    const ROUNDS: u32 = 1000;

    let mut senders: Vec<Sender<u32>> = Vec::new();
    let mut tasks = Vec::new();
    for sensor in 0..SENSORS {
        let (tx, mut rx) = channel::unbounded();
        senders.push(tx);
        tasks.push(runtime::spawn(async move {
            let (mut count, mut sum, mut wakeups) = (0u64, 0u64, 0u64);
            let mut batch = Vec::with_capacity(256);
            // 0 once the library dropped the sender and every reading is taken.
            while rx.recv_many(&mut batch, 256).await > 0 {
                wakeups += 1;
                for reading in batch.drain(..) {
                    assert_eq!(reading % 10, sensor as u32, "another sensor's reading");
                    count += 1;
                    sum += u64::from(reading);
                }
            }
            println!("sensor {sensor}: {count} readings (sum {sum}) in {wakeups} wake-ups");
            count
        }));
    }

    let library = sensors::start(
        SENSORS,
        ROUNDS,
        Box::new(move |sensor, reading| {
            // From the library's thread: never blocks; fails only if the task is
            // gone, which this program never lets happen.
            senders[sensor]
                .try_send(reading)
                .expect("the sensor's task is alive");
        }),
    );

    let mut total = 0;
    for task in tasks {
        total += task.await.expect("sensor task panicked");
    }
    library.join().expect("the library thread panicked");
    assert_eq!(total, SENSORS as u64 * u64::from(ROUNDS));
    println!("events: {total} readings from a callback thread, all delivered to tasks");
    Ok(())
}
