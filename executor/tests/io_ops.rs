//! `Async::read_with`/`write_with` and their `_mut` and `poll_` forms, on a Unix
//! socket pair held by `unix::SourceFd`: readiness first (no syscall while nothing
//! is ready), a `WouldBlock` clears and waits, and nothing is lost or repeated.
#![cfg(all(unix, not(loom)))]

use std::future::poll_fn;
use std::io::{ErrorKind, Read, Write};
use std::os::unix::net::UnixStream;
use std::sync::atomic::{AtomicUsize, Ordering};

use runtime_executor::Async;
use runtime_reactor::unix::SourceFd;

fn pair() -> (Async<SourceFd<UnixStream>>, UnixStream) {
    let (a, b) = UnixStream::pair().unwrap();
    (Async::new(SourceFd::new(a).unwrap()).unwrap(), b)
}

#[test]
#[cfg_attr(miri, ignore)] // epoll
fn read_with_runs_the_operation_only_once_readable() {
    runtime_executor::block_on(async {
        let (a, mut b) = pair();
        let calls = AtomicUsize::new(0);
        let (read, ()) = futures::join!(
            a.read_with(|source| {
                calls.fetch_add(1, Ordering::SeqCst);
                let mut buf = [0; 16];
                (&mut source.get_ref())
                    .read(&mut buf)
                    .map(|n| buf[..n].to_vec())
            }),
            async {
                runtime_executor::yield_now().await;
                b.write_all(b"data").unwrap();
            }
        );
        assert_eq!(read.unwrap(), b"data");
        // Not before the data came: the first call found it.
        assert_eq!(calls.load(Ordering::SeqCst), 1);
    });
}

#[test]
#[cfg_attr(miri, ignore)] // epoll
fn a_would_block_clears_and_waits_for_the_next_event() {
    runtime_executor::block_on(async {
        let (a, mut b) = pair();
        b.write_all(b"one").unwrap();
        let calls = AtomicUsize::new(0);
        // The operation says `WouldBlock` once although data is there (as a
        // spurious wake-up would); the next event brings it back.
        let (read, ()) = futures::join!(
            a.read_with(|source| {
                if calls.fetch_add(1, Ordering::SeqCst) == 0 {
                    return Err(ErrorKind::WouldBlock.into());
                }
                let mut buf = [0; 16];
                (&mut source.get_ref())
                    .read(&mut buf)
                    .map(|n| buf[..n].to_vec())
            }),
            async {
                runtime_executor::yield_now().await;
                b.write_all(b"two").unwrap();
            }
        );
        assert_eq!(read.unwrap(), b"onetwo");
        assert_eq!(calls.load(Ordering::SeqCst), 2);
    });
}

#[test]
#[cfg_attr(miri, ignore)] // epoll
fn write_with_waits_for_room_in_a_full_socket() {
    runtime_executor::block_on(async {
        let (a, mut b) = pair();
        // Fill the socket's buffer.
        let chunk = [7u8; 4096];
        let mut filled = 0;
        loop {
            match (&mut a.get_ref().get_ref()).write(&chunk) {
                Ok(n) => filled += n,
                Err(e) if e.kind() == ErrorKind::WouldBlock => break,
                Err(e) => panic!("{e}"),
            }
        }
        let drained = std::thread::spawn(move || {
            let mut total = 0;
            let mut buf = [0; 8192];
            while total < filled + 5 {
                total += b.read(&mut buf).unwrap();
            }
            total
        });
        let n = a
            .write_with(|source| (&mut source.get_ref()).write(b"hello"))
            .await
            .unwrap();
        assert_eq!(n, 5);
        assert_eq!(drained.join().unwrap(), filled + 5);
    });
}

#[test]
#[cfg_attr(miri, ignore)] // epoll
fn the_mut_and_poll_forms() {
    runtime_executor::block_on(async {
        let (mut a, mut b) = pair();
        b.write_all(b"xy").unwrap();
        let mut buf = [0; 1];
        let n = a
            .read_with_mut(|source| source.get_mut().read(&mut buf))
            .await
            .unwrap();
        assert_eq!((n, buf), (1, *b"x"));
        let n = poll_fn(|cx| a.poll_read_with(cx, |source| (&mut source.get_ref()).read(&mut buf)))
            .await
            .unwrap();
        assert_eq!((n, buf), (1, *b"y"));
        let n = a
            .write_with_mut(|source| source.get_mut().write(b"back"))
            .await
            .unwrap();
        assert_eq!(n, 4);
        let n = poll_fn(|cx| a.poll_write_with(cx, |source| (&mut source.get_ref()).write(b"!")))
            .await
            .unwrap();
        assert_eq!(n, 1);
        let mut got = [0; 5];
        b.read_exact(&mut got).unwrap();
        assert_eq!(&got, b"back!");
    });
}
