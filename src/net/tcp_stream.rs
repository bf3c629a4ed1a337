//! `TcpStream`: a connected TCP socket with `futures::io` reads and writes.

use std::fmt;
use std::io;
use std::net::{Shutdown, SocketAddr};

use runtime_executor::Async;
use runtime_reactor::net as mio;

use crate::net::addr::{each_addr, ToSocketAddrs};
use crate::net::{connect, stream_io};

/// A TCP connection, registered with the current runtime.
///
/// Reads and writes through [`futures::io::AsyncRead`] and
/// [`futures::io::AsyncWrite`] (with vectored writes), implemented for `TcpStream`
/// and for `&TcpStream`: a reader task and a writer task may share one stream (in an
/// `Arc`, or by reference in one task's `join`). `AsyncWrite::poll_close` shuts the
/// writing half down.
///
/// [`futures::io::AsyncRead`]: futures_io::AsyncRead
/// [`futures::io::AsyncWrite`]: futures_io::AsyncWrite
///
/// ```
/// use futures::{AsyncReadExt, AsyncWriteExt};
/// use runtime::net::{TcpListener, TcpStream};
/// use std::sync::Arc;
///
/// #[runtime::main]
/// async fn main() -> std::io::Result<()> {
///     let listener = TcpListener::bind("127.0.0.1:0").await?;
///     let mut client = TcpStream::connect(listener.local_addr()?).await?;
///     let (server, _) = listener.accept().await?;
///
///     // The server's stream, shared: one task writes while this one reads.
///     let server = Arc::new(server);
///     let writer = {
///         let server = server.clone();
///         runtime::spawn(async move { (&*server).write_all(b"from the writer").await })
///     };
///     client.write_all(b"to the reader").await?;
///     client.shutdown(std::net::Shutdown::Write)?;
///     let mut heard = String::new();
///     (&*server).read_to_string(&mut heard).await?;
///     assert_eq!(heard, "to the reader");
///
///     writer.await.unwrap()?;
///     let mut got = [0; 15];
///     client.read_exact(&mut got).await?;
///     assert_eq!(&got, b"from the writer");
///     Ok(())
/// }
/// ```
pub struct TcpStream {
    pub(crate) io: Async<mio::TcpStream>,
}

impl TcpStream {
    /// Connects to `addr`, trying each address it resolves to in turn (names are
    /// resolved on the blocking pool); the first connection made, or the last
    /// error (`ConnectionRefused`, `TimedOut`...).
    ///
    /// ```
    /// use runtime::net::{TcpListener, TcpStream};
    ///
    /// #[runtime::main(flavor = "current_thread")]
    /// async fn main() -> std::io::Result<()> {
    ///     let listener = TcpListener::bind("127.0.0.1:0").await?;
    ///     let stream = TcpStream::connect(listener.local_addr()?).await?;
    ///     assert_eq!(stream.peer_addr()?, listener.local_addr()?);
    ///
    ///     let port = listener.local_addr()?.port();
    ///     drop(listener); // nobody listens there any more
    ///     let err = TcpStream::connect(("127.0.0.1", port)).await.unwrap_err();
    ///     assert_eq!(err.kind(), std::io::ErrorKind::ConnectionRefused);
    ///     Ok(())
    /// }
    /// ```
    pub async fn connect(addr: impl ToSocketAddrs) -> io::Result<TcpStream> {
        each_addr(&addr, |addr| async move {
            let stream = TcpStream::from_mio(mio::TcpStream::connect(addr)?)?;
            connect::finish(&stream.io, mio::TcpStream::take_error, |socket| {
                socket.peer_addr().map(drop)
            })
            .await?;
            Ok(stream)
        })
        .await
    }

    pub(crate) fn from_mio(stream: mio::TcpStream) -> io::Result<TcpStream> {
        Ok(TcpStream {
            io: Async::new(stream)?,
        })
    }

    /// The address of the peer.
    ///
    /// ```
    /// # use runtime::net::{TcpListener, TcpStream};
    /// # #[runtime::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let listener = TcpListener::bind("127.0.0.1:0").await?;
    /// let stream = TcpStream::connect(listener.local_addr()?).await?;
    /// assert_eq!(stream.peer_addr()?, listener.local_addr()?);
    /// # Ok(())
    /// # }
    /// ```
    pub fn peer_addr(&self) -> io::Result<SocketAddr> {
        self.io.get_ref().peer_addr()
    }

    /// The local address of the connection.
    ///
    /// ```
    /// # use runtime::net::{TcpListener, TcpStream};
    /// # #[runtime::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let listener = TcpListener::bind("127.0.0.1:0").await?;
    /// let stream = TcpStream::connect(listener.local_addr()?).await?;
    /// let (_, seen_by_server) = listener.accept().await?;
    /// assert_eq!(stream.local_addr()?, seen_by_server);
    /// # Ok(())
    /// # }
    /// ```
    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        self.io.get_ref().local_addr()
    }

    /// Sets `TCP_NODELAY`: send small writes at once instead of waiting to
    /// coalesce them (Nagle's algorithm), for request-response protocols.
    ///
    /// ```
    /// # use runtime::net::{TcpListener, TcpStream};
    /// # #[runtime::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// # let listener = TcpListener::bind("127.0.0.1:0").await?;
    /// let stream = TcpStream::connect(listener.local_addr()?).await?;
    /// stream.set_nodelay(true)?;
    /// assert!(stream.nodelay()?);
    /// # Ok(())
    /// # }
    /// ```
    pub fn set_nodelay(&self, nodelay: bool) -> io::Result<()> {
        self.io.get_ref().set_nodelay(nodelay)
    }

    /// Whether `TCP_NODELAY` is set (see [`set_nodelay`](Self::set_nodelay)'s
    /// example).
    pub fn nodelay(&self) -> io::Result<bool> {
        self.io.get_ref().nodelay()
    }

    /// Shuts down the reading half, the writing half (the peer then reads the end
    /// of the stream), or both.
    ///
    /// ```
    /// use futures::AsyncReadExt;
    /// use runtime::net::{TcpListener, TcpStream};
    /// use std::net::Shutdown;
    ///
    /// # #[runtime::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let listener = TcpListener::bind("127.0.0.1:0").await?;
    /// let client = TcpStream::connect(listener.local_addr()?).await?;
    /// let (mut server, _) = listener.accept().await?;
    /// client.shutdown(Shutdown::Write)?;
    /// let mut rest = Vec::new();
    /// assert_eq!(server.read_to_end(&mut rest).await?, 0); // end of stream
    /// # Ok(())
    /// # }
    /// ```
    pub fn shutdown(&self, how: Shutdown) -> io::Result<()> {
        self.io.get_ref().shutdown(how)
    }

    /// Wraps a connected std stream, switching it to non-blocking mode and
    /// registering it with the current runtime.
    ///
    /// ```
    /// # #[runtime::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    /// let std_stream = std::net::TcpStream::connect(listener.local_addr()?)?;
    /// let stream = runtime::net::TcpStream::from_std(std_stream)?;
    /// assert_eq!(stream.peer_addr()?, listener.local_addr()?);
    /// # Ok(())
    /// # }
    /// ```
    pub fn from_std(stream: std::net::TcpStream) -> io::Result<TcpStream> {
        stream.set_nonblocking(true)?;
        TcpStream::from_mio(mio::TcpStream::from_std(stream))
    }

    /// Deregisters the stream and gives it back as std's, still in non-blocking
    /// mode (`set_nonblocking(false)` undoes that).
    ///
    /// ```
    /// # use runtime::net::{TcpListener, TcpStream};
    /// # #[runtime::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let listener = TcpListener::bind("127.0.0.1:0").await?;
    /// let stream = TcpStream::connect(listener.local_addr()?).await?;
    /// let std_stream = stream.into_std()?;
    /// assert_eq!(std_stream.peer_addr()?, listener.local_addr()?);
    /// # Ok(())
    /// # }
    /// ```
    pub fn into_std(self) -> io::Result<std::net::TcpStream> {
        Ok(self.io.into_inner().into())
    }
}

stream_io::stream_traits!(TcpStream);

impl fmt::Debug for TcpStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TcpStream")
            .field("stream", self.io.get_ref())
            .finish()
    }
}
