//! [`Net`] for `runtime-ct` and `runtime-mt`: `runtime::net::{TcpListener,
//! TcpStream}` on the facade's runtime ([`RuntimeTime`]), read and written with
//! `futures::io::{AsyncReadExt, AsyncWriteExt}`.

use std::net::SocketAddr;

use futures::{AsyncReadExt, AsyncWriteExt};
use runtime::net::{TcpListener, TcpStream};

use super::net::Net;
use super::runtime::RuntimeTime;

impl<const MT: bool> Net for RuntimeTime<MT> {
    type Listener = TcpListener;
    type Stream = TcpStream;

    async fn bind() -> (TcpListener, SocketAddr) {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("runtime: bind");
        let addr = listener.local_addr().expect("runtime: local_addr");
        (listener, addr)
    }

    async fn accept(listener: &TcpListener) -> TcpStream {
        let (stream, _) = listener.accept().await.expect("runtime: accept");
        stream.set_nodelay(true).expect("runtime: set_nodelay");
        stream
    }

    async fn connect(addr: SocketAddr) -> TcpStream {
        let stream = TcpStream::connect(addr).await.expect("runtime: connect");
        stream.set_nodelay(true).expect("runtime: set_nodelay");
        stream
    }

    #[inline]
    async fn read(stream: &mut TcpStream, buf: &mut [u8]) -> usize {
        stream.read(buf).await.expect("runtime: read")
    }

    #[inline]
    async fn read_exact(stream: &mut TcpStream, buf: &mut [u8]) {
        stream.read_exact(buf).await.expect("runtime: read_exact")
    }

    #[inline]
    async fn write_all(stream: &mut TcpStream, buf: &[u8]) {
        stream.write_all(buf).await.expect("runtime: write_all")
    }
}
