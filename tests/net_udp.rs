//! UDP round trips: addressed (`send_to`/`recv_from`) and connected (`send`/`recv`),
//! on both flavors, every datagram accounted for.

mod net_util;

use std::sync::Arc;

use runtime::net::UdpSocket;

const ROUND_TRIPS: usize = 1000;

#[test]
fn addressed_round_trips_return_every_datagram_to_its_sender() {
    for (flavor, rt) in net_util::flavors() {
        rt.block_on(async {
            let server = Arc::new(UdpSocket::bind("127.0.0.1:0").await.unwrap());
            let addr = server.local_addr().unwrap();
            let echo = {
                let server = server.clone();
                runtime::spawn(async move {
                    let mut buf = [0; 1500];
                    for _ in 0..ROUND_TRIPS {
                        let (n, from) = server.recv_from(&mut buf).await?;
                        // Answers with the datagram reversed, so an echo of the
                        // wrong buffer shows.
                        buf[..n].reverse();
                        server.send_to(&buf[..n], from).await?;
                    }
                    Ok::<(), std::io::Error>(())
                })
            };
            let client = UdpSocket::bind("127.0.0.1:0").await.unwrap();
            let mut buf = [0; 1500];
            for i in 0..ROUND_TRIPS {
                let message = net_util::payload(i as u64, 1 + i % 1400);
                assert_eq!(client.send_to(&message, addr).await.unwrap(), message.len());
                let (n, from) = client.recv_from(&mut buf).await.unwrap();
                assert_eq!(from, addr, "{flavor}");
                let mut expected = message.clone();
                expected.reverse();
                assert_eq!(&buf[..n], &expected[..], "{flavor}: round trip {i}");
            }
            echo.await.unwrap().unwrap();
        });
    }
}

#[test]
fn connected_sockets_send_and_recv_only_with_their_peer() {
    for (flavor, rt) in net_util::flavors() {
        rt.block_on(async {
            let a = UdpSocket::bind("127.0.0.1:0").await.unwrap();
            let b = UdpSocket::bind("127.0.0.1:0").await.unwrap();
            let stranger = UdpSocket::bind("127.0.0.1:0").await.unwrap();
            a.connect(b.local_addr().unwrap()).await.unwrap();
            b.connect(a.local_addr().unwrap()).await.unwrap();
            assert_eq!(a.peer_addr().unwrap(), b.local_addr().unwrap());

            // A datagram from elsewhere is filtered out by the connected socket.
            stranger
                .send_to(b"noise", b.local_addr().unwrap())
                .await
                .unwrap();
            let mut buf = [0u8; 64];
            for i in 0u32..ROUND_TRIPS as u32 {
                a.send(&i.to_le_bytes()).await.unwrap();
                let n = b.recv(&mut buf).await.unwrap();
                assert_eq!(&buf[..n], i.to_le_bytes(), "{flavor}");
                b.send(&(i + 1).to_le_bytes()).await.unwrap();
                let n = a.recv(&mut buf).await.unwrap();
                assert_eq!(&buf[..n], (i + 1).to_le_bytes(), "{flavor}");
            }
        });
    }
}

#[test]
fn an_unconnected_socket_has_no_peer_and_std_conversions_round_trip() {
    runtime::block_on(async {
        let socket = UdpSocket::bind("127.0.0.1:0").await.unwrap();
        let err = socket.peer_addr().unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::NotConnected);
        let addr = socket.local_addr().unwrap();
        let std_socket = socket.into_std().unwrap();
        assert_eq!(std_socket.local_addr().unwrap(), addr);
        let socket = UdpSocket::from_std(std_socket).unwrap();
        let peer = UdpSocket::bind("127.0.0.1:0").await.unwrap();
        peer.send_to(b"back", addr).await.unwrap();
        let mut buf = [0; 8];
        let (n, _) = socket.recv_from(&mut buf).await.unwrap();
        assert_eq!(&buf[..n], b"back");
    });
}
