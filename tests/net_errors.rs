//! Each error a socket reports reaches the caller with the OS's kind, and leaves
//! the runtime usable.

mod net_util;

use std::io::ErrorKind;
use std::net::Shutdown;

use futures::{AsyncReadExt, AsyncWriteExt};
use runtime::net::{TcpListener, TcpStream, UdpSocket};

/// A loopback port nobody listens on: bound, then released.
async fn closed_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    listener.local_addr().unwrap().port()
}

#[test]
fn connecting_to_a_closed_port_is_connection_refused() {
    for (flavor, rt) in net_util::flavors() {
        rt.block_on(async {
            let port = closed_port().await;
            let err = TcpStream::connect(("127.0.0.1", port)).await.unwrap_err();
            assert_eq!(err.kind(), ErrorKind::ConnectionRefused, "{flavor}: {err}");
        });
    }
}

#[test]
fn connect_tries_every_address_and_reports_the_last_error() {
    runtime::block_on(async {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let good = listener.local_addr().unwrap();
        let bad: std::net::SocketAddr = (
            "127.0.0.1".parse::<std::net::IpAddr>().unwrap(),
            closed_port().await,
        )
            .into();
        // The refused address first, the listening one second: connects to the second.
        let stream = TcpStream::connect(&[bad, good][..]).await.unwrap();
        assert_eq!(stream.peer_addr().unwrap(), good);
        // Only refused addresses: the error of the last.
        let err = TcpStream::connect(&[bad, bad][..]).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::ConnectionRefused);
    });
}

#[test]
fn binding_a_taken_address_is_addr_in_use() {
    runtime::block_on(async {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let taken = listener.local_addr().unwrap();
        let err = TcpListener::bind(taken).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::AddrInUse, "{err}");

        let socket = UdpSocket::bind("127.0.0.1:0").await.unwrap();
        let err = UdpSocket::bind(socket.local_addr().unwrap())
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::AddrInUse, "{err}");
    });
}

#[test]
fn a_peer_that_resets_makes_the_read_fail_with_connection_reset() {
    for (flavor, rt) in net_util::flavors() {
        rt.block_on(async {
            let (mut client, mut server) = net_util::tcp_pair().await;
            // The server closes with a byte it never read: the kernel answers with
            // a reset, not a FIN.
            client.write_all(b"ab").await.unwrap();
            let mut first = [0; 1];
            server.read_exact(&mut first).await.unwrap();
            drop(server);
            let mut buf = [0; 16];
            let err = client.read(&mut buf).await.unwrap_err();
            assert_eq!(err.kind(), ErrorKind::ConnectionReset, "{flavor}: {err}");
        });
    }
}

#[test]
fn read_exact_on_a_stream_that_ends_early_is_unexpected_eof() {
    for (flavor, rt) in net_util::flavors() {
        rt.block_on(async {
            let (mut client, mut server) = net_util::tcp_pair().await;
            server.write_all(b"only five").await.unwrap();
            server.shutdown(Shutdown::Write).unwrap();
            let mut buf = [0; 100];
            let err = client.read_exact(&mut buf).await.unwrap_err();
            assert_eq!(err.kind(), ErrorKind::UnexpectedEof, "{flavor}: {err}");
            // The stream stays usable in the other direction.
            client.write_all(b"still here").await.unwrap();
            let mut heard = [0; 10];
            server.read_exact(&mut heard).await.unwrap();
            assert_eq!(&heard, b"still here");
        });
    }
}

#[test]
fn malformed_addresses_are_invalid_input_and_unknown_hosts_fail_on_the_pool() {
    runtime::block_on(async {
        let err = TcpStream::connect("no port here").await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput, "{err}");
        let err = TcpListener::bind("127.0.0.1:http").await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput, "{err}");
        let err = TcpStream::connect(&[][..]).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput, "{err}");
        // `.invalid` never resolves (RFC 6761); the lookup runs on the blocking
        // pool and its error comes back.
        assert!(TcpStream::connect("host.invalid:80").await.is_err());
    });
}

/// Literal addresses need no thread; a host name is looked up on the blocking pool
/// (whose one thread then stays, idle, for its keep-alive of 10 s).
#[cfg(feature = "metrics")]
#[test]
fn literals_need_no_thread_and_names_are_resolved_on_the_blocking_pool() {
    runtime::block_on(async {
        let blocking = || runtime::Handle::current().metrics().blocking_threads;
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let _a = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
        let _b = TcpStream::connect(format!("127.0.0.1:{port}"))
            .await
            .unwrap();
        assert_eq!(blocking(), 0, "a literal address started a thread");

        let stream = TcpStream::connect(("localhost", port)).await.unwrap();
        assert_eq!(stream.peer_addr().unwrap().port(), port);
        assert_eq!(blocking(), 1, "the name was not looked up on the pool");
    });
}

#[cfg(unix)]
#[test]
fn unix_connect_errors_carry_their_kind() {
    use runtime::net::{UnixListener, UnixStream};
    runtime::block_on(async {
        let dir = net_util_dir("errors");
        let missing = dir.join("missing.sock");
        let err = UnixStream::connect(&missing).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::NotFound, "{err}");

        let path = dir.join("taken.sock");
        let _listener = UnixListener::bind(&path).unwrap();
        let err = UnixListener::bind(&path).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::AddrInUse, "{err}");

        // A socket file whose listener is gone: refused.
        let stale = dir.join("stale.sock");
        drop(UnixListener::bind(&stale).unwrap());
        let err = UnixStream::connect(&stale).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::ConnectionRefused, "{err}");
        std::fs::remove_dir_all(&dir).unwrap();
    });
}

/// A fresh directory for this process's socket files.
#[cfg(unix)]
fn net_util_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("runtime-net-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
