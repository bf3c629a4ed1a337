//! The micro-measurement behind the wake path of `Async<Registration>` (see
//! `src/driver/mod.rs`): a plain std thread calls `set_readiness`; a task awaiting
//! `Async<Registration>` answers over a std channel. Prints the median and p99 round
//! trip, for both flavors and for a `thread::park`/`unpark` baseline.
//!
//! ```text
//! cargo run -p runtime-executor --release --example rtt [round_trips]
//! ```

// The task's handle is taken out of one `block_on` and awaited in another.
#![allow(clippy::async_yields_async)]

use std::sync::mpsc;
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

use runtime_executor::{Async, Builder, Ready, Registration, Runtime};

fn percentiles(mut samples: Vec<Duration>) -> (Duration, Duration) {
    samples.sort();
    let p = |q: f64| samples[((samples.len() as f64 - 1.0) * q) as usize];
    (p(0.5), p(0.99))
}

fn runtime_rtt(rt: &Runtime, n: usize) -> (Duration, Duration) {
    let (registration, set) = Registration::new2();
    let (answer_tx, answer_rx) = mpsc::channel::<()>();
    let task = rt.block_on(async {
        let source = Async::new(registration).unwrap();
        runtime_executor::spawn(async move {
            for _ in 0..n {
                let mut guard = source.readable().await.unwrap();
                guard.clear_ready();
                answer_tx.send(()).unwrap();
            }
        })
    });
    let producer = thread::spawn(move || {
        let mut samples = Vec::with_capacity(n);
        for _ in 0..n {
            let start = Instant::now();
            set.set_readiness(Ready::readable()).unwrap();
            answer_rx.recv().unwrap();
            samples.push(start.elapsed());
        }
        samples
    });
    // Current-thread: the task runs inside this block_on while the producer runs.
    rt.block_on(task).unwrap();
    percentiles(producer.join().unwrap())
}

fn park_rtt(n: usize) -> (Duration, Duration) {
    let main = thread::current();
    let flag = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let (go_tx, go_rx) = mpsc::channel::<thread::Thread>();
    let f = flag.clone();
    let responder = thread::spawn(move || {
        let _ = go_rx.recv();
        for i in 1..=n {
            while f.load(std::sync::atomic::Ordering::Acquire) < 2 * i - 1 {
                thread::park();
            }
            f.store(2 * i, std::sync::atomic::Ordering::Release);
            main.unpark();
        }
    });
    go_tx.send(responder.thread().clone()).unwrap();
    let responder_thread = responder.thread().clone();
    let mut samples = Vec::with_capacity(n);
    for i in 1..=n {
        let start = Instant::now();
        flag.store(2 * i - 1, std::sync::atomic::Ordering::Release);
        responder_thread.unpark();
        while flag.load(std::sync::atomic::Ordering::Acquire) < 2 * i {
            thread::park();
        }
        samples.push(start.elapsed());
    }
    responder.join().unwrap();
    percentiles(samples)
}

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(20_000);
    let show = |name: &str, (median, p99): (Duration, Duration)| {
        println!(
            "{name:<28} median {:>7.1} µs   p99 {:>7.1} µs",
            median.as_secs_f64() * 1e6,
            p99.as_secs_f64() * 1e6
        );
    };
    let ct = Builder::new_current_thread().build().unwrap();
    show("runtime current_thread", runtime_rtt(&ct, n));
    let mt = Builder::new_multi_thread()
        .worker_threads(2)
        .build()
        .unwrap();
    show("runtime multi_thread(2)", runtime_rtt(&mt, n));
    show("park/unpark baseline", park_rtt(n));
}
