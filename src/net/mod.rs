//! Networking: TCP, UDP and Unix domain sockets whose operations are awaited.
//!
//! The names are tokio's and async-net's, so code moves over: [`TcpListener`]
//! (`bind`, `accept`, `incoming`), [`TcpStream`] (`connect`, reads and writes through
//! `futures::io::{AsyncRead, AsyncWrite}`, for the stream and for `&TcpStream`),
//! [`UdpSocket`], and on Unix [`UnixListener`], [`UnixStream`], [`UnixDatagram`].
//! Every type wraps one of mio's non-blocking sockets in an
//! [`Async`](crate::Async), registered with the runtime of the task that made it,
//! and every operation is [`Async::read_with`](crate::Async::read_with)'s loop: wait
//! for readiness, try the syscall, on `WouldBlock` clear that readiness tick-safely
//! and wait again.
//!
//! ```
//! use futures::{AsyncReadExt, AsyncWriteExt};
//! use runtime::net::{TcpListener, TcpStream};
//!
//! #[runtime::main]
//! async fn main() -> std::io::Result<()> {
//!     let listener = TcpListener::bind("127.0.0.1:0").await?;
//!     let addr = listener.local_addr()?;
//!     // An echo server: each connection in its own task.
//!     runtime::spawn(async move {
//!         while let Ok((stream, _)) = listener.accept().await {
//!             runtime::spawn(async move {
//!                 let (mut reader, mut writer) = (&stream, &stream);
//!                 futures::io::copy(&mut reader, &mut writer).await
//!             });
//!         }
//!     });
//!
//!     let mut client = TcpStream::connect(addr).await?;
//!     client.write_all(b"echo me").await?;
//!     let mut buf = [0; 7];
//!     client.read_exact(&mut buf).await?;
//!     assert_eq!(&buf, b"echo me");
//!     Ok(())
//! }
//! ```
//!
//! ## Platforms
//!
//! Unix only for now, as the reactor's OS sources are (`runtime-reactor`'s
//! `Evented` for mio's sockets is `cfg(unix)`): once the reactor registers sockets
//! on Windows, everything here but the `Unix*` types builds there unchanged (it
//! uses only mio's portable socket API).
//!
//! ## Behaviour worth knowing
//!
//! - **Errors** are the OS's, with their kinds: `ConnectionRefused` from
//!   `connect`, `AddrInUse` from `bind`, `ConnectionReset` from a read after the
//!   peer reset, and `UnexpectedEof` from `read_exact` on a stream that ended early.
//! - **Names** (`"localhost:80"`) are resolved on the blocking pool, never on a
//!   task thread; literal addresses need no lookup ([`ToSocketAddrs`]).
//! - **Cancellation**: `accept`, `connect`, and the datagram sockets' `send*`/`recv*`
//!   are cancel-safe: dropping the future leaves the socket usable, loses nothing,
//!   and leaves no waker behind. A stream's `AsyncRead`/`AsyncWrite` keep one waker
//!   per direction (the last poller's), replaced by the next poll; a read dropped
//!   midway has read nothing, so the next read gets every byte.
//! - **Sharing**: `&TcpStream` and `&UnixStream` read and write too, so one task may
//!   read while another writes. Two tasks reading one stream at once take each
//!   other's waker slot; give each direction to one task.
//! - **Short reads** clear the readiness without a second syscall (see
//!   `stream_io.rs`): an echo costs one `read` and one `write` per message.

mod addr;
mod connect;
pub(crate) mod stream_io;
mod tcp_listener;
mod tcp_stream;
mod udp;
#[cfg(unix)]
mod unix_datagram;
#[cfg(unix)]
mod unix_listener;
#[cfg(unix)]
mod unix_stream;

pub use addr::ToSocketAddrs;
pub use tcp_listener::{Incoming, TcpListener};
pub use tcp_stream::TcpStream;
pub use udp::UdpSocket;
#[cfg(unix)]
pub use unix_datagram::UnixDatagram;
#[cfg(unix)]
pub use unix_listener::UnixListener;
#[cfg(unix)]
pub use unix_stream::UnixStream;
