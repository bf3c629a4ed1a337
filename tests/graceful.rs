//! `examples/graceful.rs` under a real SIGINT: this test binary runs itself as a
//! child that runs the example, connects to it, interrupts it, and checks that every
//! task's destructor ran and the exit status is 0. The child prints `ready ADDR`
//! once its handler is installed; the test waits for that line (no sleeps).

#![cfg(unix)]

#[path = "../examples/graceful.rs"]
mod graceful;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};

/// Set in the child's environment: `child_runs_the_example` then runs it.
const CHILD: &str = "RUNTIME_GRACEFUL_CHILD";

#[test]
fn child_runs_the_example() {
    if std::env::var_os(CHILD).is_some() {
        graceful::main().expect("the example failed");
    }
}

#[test]
fn ctrl_c_stops_every_task_and_exits_0() {
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "child_runs_the_example",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD, "1")
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut lines = Vec::new();
    let addr = loop {
        let mut line = String::new();
        assert!(
            stdout.read_line(&mut line).unwrap() > 0,
            "no ready line: {lines:?}"
        );
        // The harness may print `test child_runs_the_example ... ` before it.
        if let Some((_, addr)) = line.trim().split_once("ready ") {
            break addr.to_string();
        }
        lines.push(line);
    };

    // A live connection: its task must be stopped by the shutdown, not by EOF.
    let mut client = TcpStream::connect(&addr).unwrap();
    client.write_all(b"hello").unwrap();
    let mut echo = [0u8; 5];
    client.read_exact(&mut echo).unwrap();
    assert_eq!(&echo, b"hello");

    // SAFETY: `kill` with the child's pid and a valid signal number.
    let sent = unsafe { libc::kill(child.id() as libc::pid_t, libc::SIGINT) };
    assert_eq!(sent, 0);
    let mut rest = String::new();
    stdout.read_to_string(&mut rest).unwrap();
    let status = child.wait().unwrap();
    assert!(status.success(), "exit status {status}; output:\n{rest}");

    let expected = [
        "Ctrl-C: stopping",
        "connection 0 task: stopped, destructors ran",
        "server task: stopped, destructors ran",
        "graceful: 1 connection(s) served; every task stopped",
    ];
    let got: Vec<&str> = rest.lines().filter(|l| expected.contains(l)).collect();
    assert_eq!(got, expected, "output:\n{rest}");
    // The connection was closed by the server, not by us.
    assert_eq!(client.read(&mut echo).unwrap(), 0);
}
