//! Echo over TCP with 200 connections open at once, on both flavors: every byte
//! comes back, in order, and the server saw exactly 200 connections, all open at
//! the same time.

mod net_util;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use futures::{AsyncReadExt, AsyncWriteExt};
use runtime::net::{TcpListener, TcpStream};

const CONNECTIONS: usize = 200;
const MESSAGES: usize = 20;

/// Server side: counts connections open now, and the most ever open at once.
#[derive(Default)]
struct Gauge {
    open: AtomicUsize,
    peak: AtomicUsize,
    accepted: AtomicUsize,
}

async fn echo_server(listener: TcpListener, gauge: Arc<Gauge>) -> std::io::Result<()> {
    loop {
        let (mut stream, _) = listener.accept().await?;
        gauge.accepted.fetch_add(1, Ordering::SeqCst);
        let now = gauge.open.fetch_add(1, Ordering::SeqCst) + 1;
        gauge.peak.fetch_max(now, Ordering::SeqCst);
        let gauge = gauge.clone();
        runtime::spawn(async move {
            let mut buf = vec![0; 4096];
            loop {
                let n = stream.read(&mut buf).await.expect("server read");
                if n == 0 {
                    break;
                }
                stream.write_all(&buf[..n]).await.expect("server write");
            }
            gauge.open.fetch_sub(1, Ordering::SeqCst);
        });
    }
}

/// One client: connects, then echoes `MESSAGES` messages of varied sizes; returns
/// its stream (still open) and the bytes it checked.
async fn client(addr: std::net::SocketAddr, id: usize) -> (TcpStream, usize) {
    let mut stream = TcpStream::connect(addr).await.expect("connect");
    let mut checked = 0;
    for m in 0..MESSAGES {
        let len = 1 + (id * 131 + m * 977) % 9000;
        let message = net_util::payload((id * MESSAGES + m) as u64, len);
        stream.write_all(&message).await.expect("client write");
        let mut back = vec![0; len];
        stream.read_exact(&mut back).await.expect("client read");
        assert_eq!(back, message, "client {id} message {m}");
        checked += len;
    }
    (stream, checked)
}

#[test]
fn two_hundred_connections_echo_every_byte_on_both_flavors() {
    for (flavor, rt) in net_util::flavors() {
        let (checked, expected, gauge) = rt.block_on(async {
            let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
            let addr = listener.local_addr().unwrap();
            let gauge = Arc::new(Gauge::default());
            let server = runtime::spawn(echo_server(listener, gauge.clone()));
            let clients: Vec<_> = (0..CONNECTIONS)
                .map(|id| runtime::spawn(client(addr, id)))
                .collect();
            let mut streams = Vec::new();
            let mut checked = 0;
            for client in clients {
                let (stream, bytes) = client.await.expect("client task");
                streams.push(stream);
                checked += bytes;
            }
            // Every client still holds its stream: all 200 are open at once.
            let expected: usize = (0..CONNECTIONS)
                .flat_map(|id| (0..MESSAGES).map(move |m| 1 + (id * 131 + m * 977) % 9000))
                .sum();
            drop(streams);
            server.abort();
            (checked, expected, gauge)
        });
        assert_eq!(checked, expected, "{flavor}");
        assert_eq!(
            gauge.accepted.load(Ordering::SeqCst),
            CONNECTIONS,
            "{flavor}"
        );
        assert_eq!(gauge.peak.load(Ordering::SeqCst), CONNECTIONS, "{flavor}");
    }
}
