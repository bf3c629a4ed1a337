//! `signal()` refuses what it cannot do with a clear `io::Error`, and no panic.

#![cfg(unix)]

use std::io::ErrorKind;

use runtime::signal::unix::{signal, SignalKind};

#[runtime::test]
async fn forbidden_and_out_of_range_signals_are_invalid_input() {
    for raw in [libc::SIGKILL, libc::SIGSTOP, libc::SIGSEGV, 0, -1, 100_000] {
        let err = signal(SignalKind::from_raw(raw)).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput, "signal {raw}: {err}");
        assert!(err.to_string().contains(&raw.to_string()), "{err}");
    }
}

#[test]
fn outside_a_runtime_it_is_an_error() {
    let err = signal(SignalKind::user_defined2()).unwrap_err();
    assert!(err.to_string().contains("runtime"), "{err}");
}

#[test]
fn ctrl_c_outside_a_runtime_fails_when_polled() {
    let err = futures::executor::block_on(runtime::signal::ctrl_c()).unwrap_err();
    assert!(err.to_string().contains("runtime"), "{err}");
}
