//! SIGUSR1 reaches a `Signal`: raised before `recv`, several raises coalesce into one
//! completion; raised by another thread while a task waits, it wakes the task.

#![cfg(unix)]

use futures::{FutureExt, StreamExt};
use runtime::signal::unix::{signal, SignalKind};

fn raise_usr1() {
    // SAFETY: `raise` with a valid signal number whose handler is installed.
    assert_eq!(unsafe { libc::raise(libc::SIGUSR1) }, 0);
}

#[runtime::test]
async fn raised_three_times_before_recv_completes_once() {
    let mut usr1 = signal(SignalKind::user_defined1()).unwrap();
    assert_eq!(usr1.recv().now_or_never(), None, "nothing raised yet");
    raise_usr1();
    raise_usr1();
    raise_usr1();
    assert_eq!(usr1.recv().await, Some(()));
    // Coalesced: the three raises made one completion.
    assert_eq!(usr1.recv().now_or_never(), None);
    raise_usr1();
    assert_eq!(usr1.next().await, Some(()), "as a Stream too");
    assert_eq!(usr1.recv().now_or_never(), None);
}

#[runtime::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_signal_from_another_thread_wakes_the_waiting_task() {
    let mut usr1 = signal(SignalKind::user_defined1()).unwrap();
    let (go, mut went) = runtime::channel::bounded::<()>(1);
    let raiser = std::thread::spawn(move || {
        // Sent to the process: any thread may run the handler.
        for _ in 0..3 {
            // SAFETY: `kill` on this process with a valid signal number whose
            // handler is installed.
            assert_eq!(unsafe { libc::kill(libc::getpid(), libc::SIGUSR1) }, 0);
        }
        go.send_blocking(()).unwrap();
    });
    assert_eq!(usr1.recv().await, Some(()));
    assert_eq!(went.recv().await, Some(()));
    raiser.join().unwrap();
    // All three were raised before this `recv`'s completion or coalesced into the
    // next one: at most one more completion, and then nothing.
    let _ = usr1.recv().now_or_never();
    assert_eq!(usr1.recv().now_or_never(), None);
}

#[runtime::test]
async fn two_listeners_of_one_signal_are_both_woken() {
    let mut a = signal(SignalKind::user_defined1()).unwrap();
    let mut b = signal(SignalKind::user_defined1()).unwrap();
    raise_usr1();
    assert_eq!(a.recv().await, Some(()));
    assert_eq!(b.recv().await, Some(()));
}
