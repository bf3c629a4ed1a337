//! SIGUSR1 reaches a `Signal`: raised before `recv`, several raises coalesce into one
//! completion; raised by another thread while a task waits, it wakes the task; two
//! listeners are both woken. One test: signals are process-wide, so tests running
//! in parallel in this binary would see each other's.

#![cfg(unix)]

use futures::{FutureExt, StreamExt};
use runtime::signal::unix::{signal, SignalKind};

fn raise_usr1() {
    // SAFETY: `raise` with a valid signal number whose handler is installed.
    assert_eq!(unsafe { libc::raise(libc::SIGUSR1) }, 0);
}

#[runtime::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigusr1_is_delivered_and_coalesced() {
    // Raised three times before `recv`: one completion.
    let mut usr1 = signal(SignalKind::user_defined1()).unwrap();
    assert_eq!(usr1.recv().now_or_never(), None, "nothing raised yet");
    raise_usr1();
    raise_usr1();
    raise_usr1();
    assert_eq!(usr1.recv().await, Some(()));
    assert_eq!(usr1.recv().now_or_never(), None, "coalesced");
    raise_usr1();
    assert_eq!(usr1.next().await, Some(()), "as a Stream too");
    assert_eq!(usr1.recv().now_or_never(), None);

    // Sent to the process by another thread while this task waits: the relay
    // thread's `set_readiness` wakes it.
    let (done, mut raised) = runtime::channel::bounded::<()>(1);
    let raiser = std::thread::spawn(move || {
        // SAFETY: `kill` on this process with a valid signal number whose handler
        // is installed.
        assert_eq!(unsafe { libc::kill(libc::getpid(), libc::SIGUSR1) }, 0);
        done.send_blocking(()).unwrap();
    });
    assert_eq!(usr1.recv().await, Some(()));
    assert_eq!(raised.recv().await, Some(()));
    raiser.join().unwrap();
    assert_eq!(usr1.recv().now_or_never(), None);

    // Two listeners of one signal: both woken by one raise.
    let mut other = signal(SignalKind::user_defined1()).unwrap();
    raise_usr1();
    assert_eq!(usr1.recv().await, Some(()));
    assert_eq!(other.recv().await, Some(()));
    assert_eq!(other.recv().now_or_never(), None);
}
