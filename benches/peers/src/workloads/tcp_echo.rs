//! `tcp-echo-1`, `tcp-echo-10`, `tcp-echo-100`: 1 KiB messages echoed over 1, 10
//! and 100 loopback TCP connections for a fixed time.
//!
//! The root task binds a listener and connects every client (an accepting task
//! spawns one echo task per connection: read what is there, write it back), then
//! starts one client task per connection: write 1 KiB, read the 1 KiB echo, count,
//! until the run's deadline (`--secs`, 2 s by default). Servers and clients are
//! tasks of the same runtime, so each message costs both sides' work on it; the
//! same for every system. Connections are made before the clock starts.
//!
//! Systems: `runtime-ct`/`runtime-mt` (`runtime::net` on the facade's runtime) and
//! `tokio-ct`/`tokio-mt` (`tokio::net`), each with `TCP_NODELAY` on both ends
//! ([`Net`]); the multi-thread ones with [`WORKERS`] workers.
//!
//! Metrics per run: `msgs_per_sec` (echoed messages, all connections, over the
//! wall time from the first client's start to the last one's end) and
//! `cpu_per_msg` (process CPU, every thread, over the same window, per message, in
//! µs). Each run is a fresh child process (`child.rs`).
//!
//! [`WORKERS`]: crate::systems::WORKERS

use std::sync::Arc;
use std::time::Instant;

use crate::report::{Measure, Target};
use crate::systems::net::Net;
use crate::systems::runtime::RuntimeTime;
use crate::systems::tokio_rt::Tokio;
use crate::systems::Executor;
use crate::workloads::{Config, SystemRun, Workload};

/// Bytes per message.
const MESSAGE: usize = 1024;

/// The connection counts, one workload each.
const CONNECTIONS: [usize; 3] = [1, 10, 100];

/// `tcp-echo-1`, `tcp-echo-10`, `tcp-echo-100`.
pub fn workloads() -> Vec<Workload> {
    CONNECTIONS
        .into_iter()
        .map(|connections| Workload {
            name: format!("tcp-echo-{connections}"),
            systems: vec![
                system::<RuntimeTime<false>>(connections),
                system::<RuntimeTime<true>>(connections),
                system::<Tokio<false>>(connections),
                system::<Tokio<true>>(connections),
            ],
            targets: targets(),
            isolated: true,
        })
        .collect()
}

/// Each flavor against tokio's same flavor: as many messages per second, no more
/// CPU per message.
fn targets() -> Vec<Target> {
    let mut targets = Vec::new();
    for (ours, peer) in [
        (RuntimeTime::<false>::NAME, Tokio::<false>::NAME),
        (RuntimeTime::<true>::NAME, Tokio::<true>::NAME),
    ] {
        targets.push(Target {
            metric: "msgs_per_sec",
            peer,
            min_ratio: Some(1.0),
            max_ratio: None,
            ours: Some(ours),
        });
        targets.push(Target {
            metric: "cpu_per_msg",
            peer,
            min_ratio: None,
            max_ratio: Some(1.0),
            ours: Some(ours),
        });
    }
    targets
}

fn system<S: Net>(connections: usize) -> SystemRun {
    SystemRun {
        system: S::NAME,
        run: Box::new(move |config: &Config| run::<S>(connections, config)),
    }
}

fn run<S: Net>(connections: usize, config: &Config) -> Vec<Measure> {
    let duration = config.duration;
    let runtime = S::build();
    let (messages, secs, cpu_us) = S::run(&runtime, move |spawner| async move {
        let (listener, addr) = S::bind().await;
        let acceptor = {
            let spawner = spawner.clone();
            let listener = Arc::new(listener);
            S::spawn(&spawner.clone(), async move {
                for _ in 0..connections {
                    let stream = S::accept(&listener).await;
                    drop(S::spawn(&spawner, echo::<S>(stream)));
                }
            })
        };
        let mut streams = Vec::with_capacity(connections);
        for _ in 0..connections {
            streams.push(S::connect(addr).await);
        }
        S::join(acceptor).await;

        let cpu_before = crate::affinity::process_cpu_us();
        let began = Instant::now();
        let deadline = began + duration;
        let clients: Vec<_> = streams
            .into_iter()
            .map(|stream| S::spawn(&spawner, client::<S>(stream, deadline)))
            .collect();
        let mut messages = 0u64;
        for client in clients {
            messages += S::join(client).await;
        }
        let secs = began.elapsed().as_secs_f64();
        (
            messages,
            secs,
            crate::affinity::process_cpu_us() - cpu_before,
        )
    });
    drop(runtime);
    vec![
        Measure {
            metric: "msgs_per_sec",
            unit: "msgs/s",
            higher_is_better: true,
            value: messages as f64 / secs,
        },
        Measure {
            metric: "cpu_per_msg",
            unit: "us",
            higher_is_better: false,
            value: cpu_us / messages as f64,
        },
    ]
}

/// The server side of one connection: echoes until the client closes.
async fn echo<S: Net>(mut stream: S::Stream) {
    let mut buf = vec![0; 4 * MESSAGE];
    loop {
        let n = S::read(&mut stream, &mut buf).await;
        if n == 0 {
            return;
        }
        S::write_all(&mut stream, &buf[..n]).await;
    }
}

/// One client: message, echo, message... until `deadline`; the count.
async fn client<S: Net>(mut stream: S::Stream, deadline: Instant) -> u64 {
    let message = vec![0x5a; MESSAGE];
    let mut echo = vec![0; MESSAGE];
    let mut count = 0;
    while Instant::now() < deadline {
        S::write_all(&mut stream, &message).await;
        S::read_exact(&mut stream, &mut echo).await;
        count += 1;
    }
    assert_eq!(echo, message, "the echo changed the bytes");
    count
}
