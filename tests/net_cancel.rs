//! Cancelled socket operations: dropping a pending read, accept or receive leaves
//! the socket usable, loses no byte or datagram, and leaves no waker behind that a
//! later event would wake.

mod net_util;

use std::future::Future;
use std::pin::pin;
use std::task::Context;
use std::time::Duration;

use futures::{AsyncReadExt, AsyncWriteExt};
use net_util::CountingWaker;
use runtime::net::{TcpListener, TcpStream, UdpSocket};

/// Both flavors with the clock paused: a timeout fires as soon as every task
/// waits, without waiting for it in real time.
fn paused_flavors() -> Vec<(&'static str, runtime::Runtime)> {
    vec![
        (
            "current_thread",
            runtime::Builder::new_current_thread()
                .start_paused(true)
                .build()
                .unwrap(),
        ),
        (
            "multi_thread",
            runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .start_paused(true)
                .build()
                .unwrap(),
        ),
    ]
}

/// Polls `future` once with `waker`, asserts it is pending, and returns it (the
/// caller drops it, or keeps it alive as a control).
fn poll_once_with<F: Future>(future: F, waker: &std::task::Waker) -> std::pin::Pin<Box<F>> {
    let mut future = Box::pin(future);
    let mut cx = Context::from_waker(waker);
    assert!(
        future.as_mut().poll(&mut cx).is_pending(),
        "expected pending"
    );
    future
}

#[test]
fn a_read_cancelled_by_a_timeout_leaves_the_stream_working() {
    for (flavor, rt) in paused_flavors() {
        rt.block_on(async {
            let (mut client, mut server) = net_util::tcp_pair().await;

            let mut buf = [0; 64];
            let timed_out =
                runtime::time::timeout(Duration::from_secs(5), client.read(&mut buf)).await;
            assert!(
                timed_out.is_err(),
                "{flavor}: nothing was sent, yet the read completed"
            );

            server.write_all(b"after the timeout").await.unwrap();
            client.read_exact(&mut buf[..17]).await.unwrap();
            assert_eq!(&buf[..17], b"after the timeout", "{flavor}");
            // And the other direction is untouched.
            client.write_all(b"ok").await.unwrap();
            server.read_exact(&mut buf[..2]).await.unwrap();
            assert_eq!(&buf[..2], b"ok", "{flavor}");
        });
    }
}

#[test]
fn a_dropped_accept_wakes_nothing_and_the_connection_waits_for_the_next() {
    for (flavor, rt) in net_util::flavors() {
        rt.block_on(async {
            let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
            let addr = listener.local_addr().unwrap();
            let (dropped, waker) = CountingWaker::new();
            drop(poll_once_with(listener.accept(), &waker));
            // Control: an accept that stays alive is woken by the same event.
            let (kept, kept_waker) = CountingWaker::new();
            let control = poll_once_with(listener.accept(), &kept_waker);

            let client = TcpStream::connect(addr).await.unwrap();
            let (server, peer) = listener.accept().await.unwrap();
            assert_eq!(peer, client.local_addr().unwrap(), "{flavor}");
            assert_eq!(server.peer_addr().unwrap(), client.local_addr().unwrap());
            // The event that completed the accept above is dispatched to the live
            // accept. On the multi-thread flavor this thread may resume before the
            // worker in the driver has called every waker of that turn: wait for
            // it (the bound only turns a lost wake-up into a failure).
            let bound = std::time::Instant::now() + Duration::from_secs(60);
            while kept.wakes() == 0 {
                assert!(
                    std::time::Instant::now() < bound,
                    "{flavor}: the live accept was not woken"
                );
                runtime::yield_now().await;
            }
            assert_eq!(kept.wakes(), 1, "{flavor}: the live accept was woken twice");
            assert_eq!(dropped.wakes(), 0, "{flavor}: a dropped accept was woken");
            drop(control);
        });
    }
}

#[test]
fn a_dropped_recv_loses_no_datagram_and_wakes_nothing() {
    for (flavor, rt) in net_util::flavors() {
        rt.block_on(async {
            let socket = UdpSocket::bind("127.0.0.1:0").await.unwrap();
            let sender = UdpSocket::bind("127.0.0.1:0").await.unwrap();
            let (dropped, waker) = CountingWaker::new();
            let mut buf = [0; 16];
            drop(poll_once_with(socket.recv_from(&mut buf), &waker));

            sender
                .send_to(b"kept", socket.local_addr().unwrap())
                .await
                .unwrap();
            let (n, from) = socket.recv_from(&mut buf).await.unwrap();
            assert_eq!(
                (&buf[..n], from),
                (&b"kept"[..], sender.local_addr().unwrap())
            );
            assert_eq!(dropped.wakes(), 0, "{flavor}: a dropped recv was woken");
        });
    }
}

#[test]
fn a_dropped_stream_read_is_replaced_by_the_next_reader_of_the_task() {
    for (flavor, rt) in net_util::flavors() {
        rt.block_on(async {
            let (mut client, mut server) = net_util::tcp_pair().await;
            let (dropped, waker) = CountingWaker::new();
            let mut buf = [0; 8];
            drop(poll_once_with(client.read(&mut buf), &waker));

            // The next read (polled first by `join`) takes the reader slot; then
            // the server writes.
            let (read, written) = futures::join!(client.read(&mut buf), async {
                runtime::yield_now().await;
                server.write_all(b"12345678").await
            });
            written.unwrap();
            let n = read.unwrap();
            assert_eq!(&buf[..n], &b"12345678"[..n], "{flavor}");
            assert_eq!(dropped.wakes(), 0, "{flavor}: a dropped read was woken");
        });
    }
}

#[test]
fn a_dropped_connect_leaves_the_listener_serving_the_next_one() {
    runtime::block_on(async {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        // Dropped whatever state it reached: the socket closes with it.
        let mut connect = pin!(TcpStream::connect(addr));
        let _ = futures::poll!(connect.as_mut());
        let client = TcpStream::connect(addr).await.unwrap();
        let mut seen = Vec::new();
        // The first connection may or may not have reached the listener before it
        // was dropped; the second always does.
        loop {
            let (server, peer) = listener.accept().await.unwrap();
            seen.push(peer);
            if peer == client.local_addr().unwrap() {
                let mut byte = [0; 1];
                (&client).write_all(b"x").await.unwrap();
                (&server).read_exact(&mut byte).await.unwrap();
                assert_eq!(&byte, b"x");
                break;
            }
            assert_eq!(seen.len(), 1, "at most one connection before ours");
        }
    });
}
