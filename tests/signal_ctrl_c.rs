//! `ctrl_c` installs its handler when first polled, then completes on SIGINT.

#![cfg(unix)]

use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll};

#[runtime::test]
async fn ctrl_c_completes_on_sigint() {
    let mut ctrl_c = pin!(runtime::signal::ctrl_c());
    let waker = futures::task::noop_waker();
    // The first poll installs the handler: from now on SIGINT no longer kills us.
    assert!(matches!(
        ctrl_c.as_mut().poll(&mut Context::from_waker(&waker)),
        Poll::Pending
    ));
    // SAFETY: `raise` with a valid signal number whose handler is installed.
    assert_eq!(unsafe { libc::raise(libc::SIGINT) }, 0);
    ctrl_c.await.unwrap();
}
