//! [`Net`]: an executor's TCP sockets, for the `tcp-echo` workloads.
//!
//! Each system uses its own socket types and I/O traits as its docs show
//! (`runtime::net` with `futures::io`'s `AsyncReadExt`/`AsyncWriteExt`; `tokio::net`
//! with `tokio::io`'s), behind the same few calls, so the workload is written once.
//! Both sides of every connection set `TCP_NODELAY`, as a request-response
//! protocol would.

use std::future::Future;
use std::net::SocketAddr;

use super::Executor;

/// TCP on an executor; every call is made from inside one of its tasks and panics
/// on an I/O error (a benchmark has no error path to measure).
pub trait Net: Executor {
    /// The listening socket.
    type Listener: Send + Sync + 'static;
    /// A connection.
    type Stream: Send + 'static;

    /// Binds a listener to a free loopback port.
    fn bind() -> impl Future<Output = (Self::Listener, SocketAddr)> + Send;
    /// Accepts one connection.
    fn accept(listener: &Self::Listener) -> impl Future<Output = Self::Stream> + Send + '_;
    /// Connects to `addr`.
    fn connect(addr: SocketAddr) -> impl Future<Output = Self::Stream> + Send;
    /// Reads what is there (at least one byte; 0 at the end of the stream).
    fn read<'a>(
        stream: &'a mut Self::Stream,
        buf: &'a mut [u8],
    ) -> impl Future<Output = usize> + Send + 'a;
    /// Fills `buf`.
    fn read_exact<'a>(
        stream: &'a mut Self::Stream,
        buf: &'a mut [u8],
    ) -> impl Future<Output = ()> + Send + 'a;
    /// Writes all of `buf`.
    fn write_all<'a>(
        stream: &'a mut Self::Stream,
        buf: &'a [u8],
    ) -> impl Future<Output = ()> + Send + 'a;
}
