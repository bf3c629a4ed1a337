//! `http-hello`: the same hyper 1.x "Hello, World!" server on `runtime-mt` and on
//! `tokio-mt` ([`WORKERS`] workers each), loaded by `wrk` over loopback.
//!
//! Each server is what its runtime's docs show: `hyper::server::conn::http1` per
//! accepted connection (keep-alive, `TCP_NODELAY`), in a task of its own; on
//! `runtime`, its `TcpStream` passed to hyper as it is with `runtime::hyper::Timer`;
//! on tokio, hyper-util's `TokioIo` and `TokioTimer`. The same service answers
//! every request with a 13-byte body.
//!
//! A run starts the server in this process, then runs
//! `wrk -t2 -c50 -d10s --latency http://127.0.0.1:PORT/` (2 threads, 50
//! connections, 10 s; fixed, whatever `--secs` says) and waits for it. Runs
//! interleave the two systems as every workload's do. `wrk` is the Debian package:
//! if it is missing, the harness says so and installs it with `apt-get`; if that
//! fails too, it prints a line saying the workload is skipped, and reports nothing
//! for it.
//!
//! Metrics per run: `req_per_sec` and `p99` (latency, ms) as `wrk` reports them,
//! and `cpu_per_req`: the server process's CPU (every thread; `wrk` is a child
//! process and not counted) over the run, per request, in µs.
//!
//! [`WORKERS`]: crate::systems::WORKERS

use std::convert::Infallible;
use std::net::SocketAddr;
use std::process::Command;
use std::sync::OnceLock;

use bytes::Bytes;
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};

use crate::report::{Measure, Target};
use crate::systems::runtime::RuntimeTime;
use crate::systems::tokio_rt::Tokio;
use crate::systems::Executor;
use crate::workloads::{Config, SystemRun, Workload};

/// `wrk`'s arguments besides the URL.
const WRK_ARGS: [&str; 5] = ["-t2", "-c50", "-d10s", "--latency", "--timeout=5s"];

/// `http-hello`.
pub fn workloads() -> Vec<Workload> {
    let peer = Tokio::<true>::NAME;
    let ours = Some(RuntimeTime::<true>::NAME);
    let at_least = |metric| Target {
        metric,
        peer,
        min_ratio: Some(1.0),
        max_ratio: None,
        ours,
    };
    let at_most = |metric| Target {
        metric,
        peer,
        min_ratio: None,
        max_ratio: Some(1.0),
        ours,
    };
    vec![Workload {
        name: "http-hello".to_string(),
        systems: vec![
            SystemRun {
                system: RuntimeTime::<true>::NAME,
                run: Box::new(|_: &Config| load(RuntimeTime::<true>::NAME, serve_runtime)),
            },
            SystemRun {
                system: Tokio::<true>::NAME,
                run: Box::new(|_: &Config| load(Tokio::<true>::NAME, serve_tokio)),
            },
        ],
        targets: vec![
            at_least("req_per_sec"),
            at_most("p99"),
            at_most("cpu_per_req"),
        ],
        // In this process: `wrk` is the child, so the server's CPU is ours alone.
        isolated: false,
    }]
}

async fn hello(_: Request<Incoming>) -> Result<Response<Full<Bytes>>, Infallible> {
    Ok(Response::new(Full::new(Bytes::from_static(
        b"Hello, World!",
    ))))
}

/// Starts the hyper server on a `runtime-mt` runtime; its address.
fn serve_runtime() -> (Box<dyn std::any::Any>, SocketAddr) {
    let rt = RuntimeTime::<true>::build();
    let listener = rt
        .block_on(runtime::net::TcpListener::bind("127.0.0.1:0"))
        .expect("runtime: bind");
    let addr = listener.local_addr().expect("runtime: local_addr");
    rt.spawn(async move {
        loop {
            let (stream, _) = listener.accept().await.expect("runtime: accept");
            stream.set_nodelay(true).expect("runtime: set_nodelay");
            runtime::spawn(async move {
                let _ = http1::Builder::new()
                    .timer(runtime::hyper::Timer)
                    .serve_connection(stream, service_fn(hello))
                    .await;
            });
        }
    });
    (Box::new(rt), addr)
}

/// Starts the hyper server on a `tokio-mt` runtime; its address.
fn serve_tokio() -> (Box<dyn std::any::Any>, SocketAddr) {
    use hyper_util::rt::{TokioIo, TokioTimer};
    let rt = Tokio::<true>::build();
    let listener = rt
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .expect("tokio: bind");
    let addr = listener.local_addr().expect("tokio: local_addr");
    rt.spawn(async move {
        loop {
            let (stream, _) = listener.accept().await.expect("tokio: accept");
            stream.set_nodelay(true).expect("tokio: set_nodelay");
            tokio::spawn(async move {
                let _ = http1::Builder::new()
                    .timer(TokioTimer::new())
                    .serve_connection(TokioIo::new(stream), service_fn(hello))
                    .await;
            });
        }
    });
    (Box::new(rt), addr)
}

/// One run: the server `serve` starts, loaded by `wrk`.
fn load(system: &str, serve: fn() -> (Box<dyn std::any::Any>, SocketAddr)) -> Vec<Measure> {
    if !wrk_available() {
        return Vec::new();
    }
    let (server, addr) = serve();
    let cpu_before = crate::affinity::process_cpu_us();
    let output = Command::new("wrk")
        .args(WRK_ARGS)
        .arg(format!("http://{addr}/"))
        .output()
        .expect("running wrk");
    let cpu_us = crate::affinity::process_cpu_us() - cpu_before;
    drop(server);
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "wrk failed on {system}: {}\n{text}",
        output.status
    );
    let report = WrkReport::parse(&text)
        .unwrap_or_else(|| panic!("unexpected wrk output on {system}:\n{text}"));
    assert_eq!(
        report.errors, 0,
        "{system}: wrk saw errors or non-2xx answers:\n{text}"
    );
    vec![
        Measure {
            metric: "req_per_sec",
            unit: "req/s",
            higher_is_better: true,
            value: report.req_per_sec,
        },
        Measure {
            metric: "p99",
            unit: "ms",
            higher_is_better: false,
            value: report.p99_ms,
        },
        Measure {
            metric: "cpu_per_req",
            unit: "us",
            higher_is_better: false,
            value: cpu_us / report.requests as f64,
        },
    ]
}

/// Whether `wrk` can be run, installing the Debian package if it is missing (once
/// per process); says what it does on stderr.
fn wrk_available() -> bool {
    static AVAILABLE: OnceLock<bool> = OnceLock::new();
    *AVAILABLE.get_or_init(|| {
        let runs = || Command::new("wrk").arg("--version").output().is_ok();
        if runs() {
            return true;
        }
        eprintln!("# http-hello: wrk is not installed; installing the Debian package (apt-get install -y wrk)");
        let installed = Command::new("apt-get")
            .args(["install", "-y", "wrk"])
            .status()
            .is_ok_and(|s| s.success());
        if installed && runs() {
            return true;
        }
        eprintln!("# http-hello: skipped: wrk is missing and apt-get could not install it");
        println!("skipped workload=http-hello reason=\"wrk is not installed and apt-get could not install it\"");
        false
    })
}

/// What the run's `wrk --latency` output says.
#[derive(Debug, Clone, PartialEq)]
struct WrkReport {
    requests: u64,
    req_per_sec: f64,
    p99_ms: f64,
    /// Socket errors and non-2xx/3xx answers.
    errors: u64,
}

impl WrkReport {
    fn parse(text: &str) -> Option<WrkReport> {
        let mut requests = None;
        let mut req_per_sec = None;
        let mut p99_ms = None;
        let mut errors = 0;
        for line in text.lines().map(str::trim) {
            let mut words = line.split_whitespace();
            match words.next() {
                Some("Requests/sec:") => req_per_sec = words.next()?.parse().ok(),
                Some("99%") => p99_ms = duration_ms(words.next()?),
                Some("Non-2xx") => errors += line.rsplit(' ').next()?.parse::<u64>().ok()?,
                Some("Socket") => {
                    // "Socket errors: connect 0, read 0, write 0, timeout 0"
                    for part in line.split(',') {
                        errors += part.rsplit(' ').next()?.parse::<u64>().ok()?;
                    }
                }
                Some(n) if line.contains(" requests in ") => requests = n.parse().ok(),
                _ => {}
            }
        }
        Some(WrkReport {
            requests: requests?,
            req_per_sec: req_per_sec?,
            p99_ms: p99_ms?,
            errors,
        })
    }
}

/// `wrk`'s `812.00us`, `1.23ms`, `2.00s` in milliseconds.
fn duration_ms(text: &str) -> Option<f64> {
    let split = text.find(|c: char| c.is_ascii_alphabetic())?;
    let (number, unit) = text.split_at(split);
    let number: f64 = number.parse().ok()?;
    let scale = match unit {
        "us" => 1e-3,
        "ms" => 1.0,
        "s" => 1e3,
        "m" => 60e3,
        _ => return None,
    };
    Some(number * scale)
}

#[cfg(test)]
mod tests {
    use super::*;

    const OUTPUT: &str = "\
Running 10s test @ http://127.0.0.1:40000/
  2 threads and 50 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   512.33us  301.20us  12.01ms   90.00%
    Req/Sec    48.12k     2.01k   52.00k    70.00%
  Latency Distribution
     50%  450.00us
     75%  600.00us
     90%  800.00us
     99%    1.50ms
  957000 requests in 10.00s, 80.31MB read
  Socket errors: connect 0, read 2, write 0, timeout 1
Requests/sec:  95700.12
Transfer/sec:      8.03MB
";

    #[test]
    fn parses_wrk_latency_output() {
        assert_eq!(
            WrkReport::parse(OUTPUT),
            Some(WrkReport {
                requests: 957_000,
                req_per_sec: 95700.12,
                p99_ms: 1.5,
                errors: 3,
            })
        );
    }

    #[test]
    fn durations_in_every_unit() {
        assert_eq!(duration_ms("812.00us"), Some(0.812));
        assert_eq!(duration_ms("1.23ms"), Some(1.23));
        assert_eq!(duration_ms("2.00s"), Some(2000.0));
        assert_eq!(duration_ms("fast"), None);
    }
}
