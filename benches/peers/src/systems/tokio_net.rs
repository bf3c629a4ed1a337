//! [`Net`] for `tokio-ct` and `tokio-mt`: `tokio::net::{TcpListener, TcpStream}`
//! with `tokio::io::{AsyncReadExt, AsyncWriteExt}`, as tokio's docs show.

use std::net::SocketAddr;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use super::net::Net;
use super::tokio_rt::Tokio;

impl<const MT: bool> Net for Tokio<MT> {
    type Listener = TcpListener;
    type Stream = TcpStream;

    async fn bind() -> (TcpListener, SocketAddr) {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("tokio: bind");
        let addr = listener.local_addr().expect("tokio: local_addr");
        (listener, addr)
    }

    async fn accept(listener: &TcpListener) -> TcpStream {
        let (stream, _) = listener.accept().await.expect("tokio: accept");
        stream.set_nodelay(true).expect("tokio: set_nodelay");
        stream
    }

    async fn connect(addr: SocketAddr) -> TcpStream {
        let stream = TcpStream::connect(addr).await.expect("tokio: connect");
        stream.set_nodelay(true).expect("tokio: set_nodelay");
        stream
    }

    #[inline]
    async fn read(stream: &mut TcpStream, buf: &mut [u8]) -> usize {
        stream.read(buf).await.expect("tokio: read")
    }

    #[inline]
    async fn read_exact(stream: &mut TcpStream, buf: &mut [u8]) {
        stream.read_exact(buf).await.expect("tokio: read_exact");
    }

    #[inline]
    async fn write_all(stream: &mut TcpStream, buf: &[u8]) {
        stream.write_all(buf).await.expect("tokio: write_all")
    }
}
