//! Where the driving thread sleeps: in the runtime's `Poll`, which parks it on its
//! own thread while no OS source is registered and blocks in the kernel once one is
//! (`runtime-reactor`'s `poll.rs`). Either way every wake-up, timer and socket event
//! reaches it.

use std::io::{Read, Write};
use std::os::unix::net::UnixStream;
use std::sync::mpsc;
use std::thread;

use runtime_executor::{Async, Builder, Ready, Registration};

/// A multi-thread runtime whose reactor thread is parked in its `Poll` (no OS
/// source registered): a socket registered by a task must send it to the kernel,
/// or the task's wait for the socket would never end.
#[test]
#[cfg_attr(miri, ignore = "needs epoll")]
fn a_socket_registered_while_the_reactor_parks_is_watched() {
    let rt = Builder::new_multi_thread()
        .worker_threads(2)
        .build()
        .unwrap();
    for round in 0..20u8 {
        // A round trip through a worker first, so that the reactor thread, which
        // has nothing to watch, is most likely parked when the socket comes.
        rt.block_on(rt.spawn(async {})).unwrap();
        let (mut writer, reader) = UnixStream::pair().unwrap();
        reader.set_nonblocking(true).unwrap();
        let (registered, wait) = mpsc::channel();
        let task = rt.spawn(async move {
            let reader = Async::new(mio::net::UnixStream::from_std(reader)).unwrap();
            registered.send(()).unwrap();
            let mut guard = reader.readable().await.unwrap();
            let mut byte = [0u8];
            guard.get_ref().get_ref().read_exact(&mut byte).unwrap();
            guard.clear_ready();
            byte[0]
        });
        wait.recv().unwrap();
        writer.write_all(&[round]).unwrap();
        assert_eq!(rt.block_on(task).unwrap(), round);
    }
}

/// A current-thread runtime that awaits only user-space events parks in its `Poll`
/// (no OS source registered), and a `set_readiness` from a plain thread wakes it
/// every time.
#[test]
fn a_parked_current_thread_driver_is_woken_by_every_set() {
    let rt = Builder::new_current_thread().build().unwrap();
    let rounds = if cfg!(miri) { 5 } else { 1_000 };
    let seen = rt.block_on(async move {
        let (registration, set) = Registration::new2();
        let bell = Async::new(registration).unwrap();
        let (ring, rung) = mpsc::channel::<()>();
        let (answer, answers) = mpsc::channel::<u32>();
        let ringer = thread::spawn(move || {
            for _ in 0..rounds {
                ring.send(()).unwrap();
                set.set_readiness(Ready::readable()).unwrap();
                answers.recv().unwrap();
            }
        });
        let mut seen = 0;
        for _ in 0..rounds {
            rung.recv().unwrap();
            let mut guard = bell.readable().await.unwrap();
            guard.clear_ready();
            seen += 1;
            answer.send(seen).unwrap();
        }
        ringer.join().unwrap();
        seen
    });
    assert_eq!(seen, rounds);
}
