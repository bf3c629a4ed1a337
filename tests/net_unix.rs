//! Unix domain sockets: a stream round trip through a listener bound to a path, a
//! socket pair, and datagrams, on both flavors.
#![cfg(unix)]

mod net_util;

use std::net::Shutdown;
use std::path::PathBuf;

use futures::{AsyncReadExt, AsyncWriteExt};
use runtime::net::{UnixDatagram, UnixListener, UnixStream};

/// A fresh directory for one test's socket files.
fn socket_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("runtime-net-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn a_stream_round_trip_through_a_listener_on_a_path() {
    for (flavor, rt) in net_util::flavors() {
        let dir = socket_dir(flavor);
        let path = dir.join("echo.sock");
        rt.block_on(async {
            let listener = UnixListener::bind(&path).unwrap();
            assert_eq!(
                listener.local_addr().unwrap().as_pathname(),
                Some(path.as_path())
            );
            let server = runtime::spawn(async move {
                let (stream, _) = listener.accept().await?;
                let (mut reader, mut writer) = (&stream, &stream);
                let copied = futures::io::copy(&mut reader, &mut writer).await?;
                stream.shutdown(Shutdown::Write)?;
                Ok::<u64, std::io::Error>(copied)
            });
            let client = UnixStream::connect(&path).await.unwrap();
            assert_eq!(
                client.peer_addr().unwrap().as_pathname(),
                Some(path.as_path())
            );
            let message = net_util::payload(7, 1 << 20);
            // Writer and reader run at once: a 1 MiB echo does not fit the socket
            // buffers.
            let (written, read) = futures::join!(
                async {
                    (&client).write_all(&message).await?;
                    client.shutdown(Shutdown::Write)
                },
                async {
                    let mut back = Vec::new();
                    (&client).read_to_end(&mut back).await.map(|_| back)
                }
            );
            written.unwrap();
            assert!(
                read.unwrap() == message,
                "{flavor}: the bytes came back changed"
            );
            assert_eq!(server.await.unwrap().unwrap(), 1 << 20, "{flavor}");
        });
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

#[test]
fn a_socket_pair_exchanges_in_both_directions() {
    for (flavor, rt) in net_util::flavors() {
        rt.block_on(async {
            let (mut a, mut b) = UnixStream::pair().unwrap();
            for i in 0u32..500 {
                a.write_all(&i.to_be_bytes()).await.unwrap();
                let mut buf = [0; 4];
                b.read_exact(&mut buf).await.unwrap();
                assert_eq!(u32::from_be_bytes(buf), i, "{flavor}");
                b.write_all(&buf).await.unwrap();
                a.read_exact(&mut buf).await.unwrap();
                assert_eq!(u32::from_be_bytes(buf), i, "{flavor}");
            }
        });
    }
}

#[test]
fn datagrams_by_path_and_by_pair() {
    for (flavor, rt) in net_util::flavors() {
        let dir = socket_dir(&format!("dgram-{flavor}"));
        rt.block_on(async {
            let server_path = dir.join("server.sock");
            let client_path = dir.join("client.sock");
            let server = UnixDatagram::bind(&server_path).unwrap();
            let client = UnixDatagram::bind(&client_path).unwrap();
            let mut buf = [0; 256];
            for i in 0..200usize {
                let message = net_util::payload(i as u64, 1 + i);
                client.send_to(&message, &server_path).await.unwrap();
                let (n, from) = server.recv_from(&mut buf).await.unwrap();
                assert_eq!(&buf[..n], &message[..], "{flavor}");
                assert_eq!(from.as_pathname(), Some(client_path.as_path()));
                server.send_to(&buf[..n], &client_path).await.unwrap();
                let n = client.recv(&mut buf).await.unwrap();
                assert_eq!(&buf[..n], &message[..], "{flavor}");
            }

            let (a, b) = UnixDatagram::pair().unwrap();
            a.send(b"one").await.unwrap();
            a.send(b"two").await.unwrap();
            assert_eq!(b.recv(&mut buf).await.unwrap(), 3);
            assert_eq!(&buf[..3], b"one"); // datagram boundaries kept
            assert_eq!(b.recv(&mut buf).await.unwrap(), 3);
            assert_eq!(&buf[..3], b"two");

            let unbound = UnixDatagram::unbound().unwrap();
            unbound.connect(&server_path).unwrap();
            unbound.send(b"anon").await.unwrap();
            let (n, from) = server.recv_from(&mut buf).await.unwrap();
            assert_eq!((&buf[..n], from.as_pathname()), (&b"anon"[..], None));
        });
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
