//! `UnixStream`: a connected Unix domain stream socket (Unix only).

use std::fmt;
use std::io;
use std::net::Shutdown;
use std::os::unix::net::SocketAddr;
use std::path::Path;

use runtime_executor::Async;
use runtime_reactor::net as mio;

use crate::net::{connect, stream_io};

/// A Unix domain stream connection, registered with the current runtime. Unix only.
///
/// Reads and writes as [`TcpStream`](crate::net::TcpStream) does: `futures::io`'s
/// `AsyncRead` and `AsyncWrite` (vectored writes included) for `UnixStream` and for
/// `&UnixStream`.
///
/// ```
/// use futures::{AsyncReadExt, AsyncWriteExt};
/// use runtime::net::UnixStream;
///
/// #[runtime::main(flavor = "current_thread")]
/// async fn main() -> std::io::Result<()> {
///     let (mut a, mut b) = UnixStream::pair()?;
///     a.write_all(b"ping").await?;
///     let mut buf = [0; 4];
///     b.read_exact(&mut buf).await?;
///     assert_eq!(&buf, b"ping");
///     Ok(())
/// }
/// ```
pub struct UnixStream {
    pub(crate) io: Async<mio::UnixStream>,
}

impl UnixStream {
    /// Connects to the socket bound at `path`: `NotFound` if there is none,
    /// `ConnectionRefused` if nobody listens on it.
    ///
    /// ```
    /// # #[runtime::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// use runtime::net::{UnixListener, UnixStream};
    /// let path = std::env::temp_dir().join(format!("runtime-connect-{}.sock", std::process::id()));
    /// let _ = std::fs::remove_file(&path);
    /// let err = UnixStream::connect(&path).await.unwrap_err();
    /// assert_eq!(err.kind(), std::io::ErrorKind::NotFound);
    /// let _listener = UnixListener::bind(&path)?;
    /// let stream = UnixStream::connect(&path).await?;
    /// assert_eq!(stream.peer_addr()?.as_pathname(), Some(path.as_path()));
    /// std::fs::remove_file(&path)
    /// # }
    /// ```
    pub async fn connect(path: impl AsRef<Path>) -> io::Result<UnixStream> {
        let stream = UnixStream::from_mio(mio::UnixStream::connect(path)?)?;
        connect::finish(&stream.io, mio::UnixStream::take_error, |socket| {
            socket.peer_addr().map(drop)
        })
        .await?;
        Ok(stream)
    }

    /// A connected pair of unnamed sockets (see the type's example).
    pub fn pair() -> io::Result<(UnixStream, UnixStream)> {
        let (a, b) = mio::UnixStream::pair()?;
        Ok((UnixStream::from_mio(a)?, UnixStream::from_mio(b)?))
    }

    pub(crate) fn from_mio(stream: mio::UnixStream) -> io::Result<UnixStream> {
        Ok(UnixStream {
            io: Async::new(stream)?,
        })
    }

    /// The address of this end.
    ///
    /// ```
    /// # #[runtime::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let (a, b) = runtime::net::UnixStream::pair()?;
    /// assert!(a.local_addr()?.is_unnamed() && b.peer_addr()?.is_unnamed());
    /// # Ok(())
    /// # }
    /// ```
    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        self.io.get_ref().local_addr()
    }

    /// The address of the peer (see [`connect`](Self::connect)'s example).
    pub fn peer_addr(&self) -> io::Result<SocketAddr> {
        self.io.get_ref().peer_addr()
    }

    /// Shuts down the reading half, the writing half, or both.
    ///
    /// ```
    /// use futures::AsyncReadExt;
    /// # #[runtime::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let (a, mut b) = runtime::net::UnixStream::pair()?;
    /// a.shutdown(std::net::Shutdown::Write)?;
    /// let mut rest = Vec::new();
    /// assert_eq!(b.read_to_end(&mut rest).await?, 0);
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
    /// let (a, _b) = std::os::unix::net::UnixStream::pair()?;
    /// let stream = runtime::net::UnixStream::from_std(a)?;
    /// let a = stream.into_std()?; // and back, still non-blocking
    /// assert!(a.peer_addr()?.is_unnamed());
    /// # Ok(())
    /// # }
    /// ```
    pub fn from_std(stream: std::os::unix::net::UnixStream) -> io::Result<UnixStream> {
        stream.set_nonblocking(true)?;
        UnixStream::from_mio(mio::UnixStream::from_std(stream))
    }

    /// Deregisters the stream and gives it back as std's, still non-blocking (see
    /// [`from_std`](Self::from_std)'s example).
    pub fn into_std(self) -> io::Result<std::os::unix::net::UnixStream> {
        Ok(self.io.into_inner().into())
    }
}

stream_io::stream_traits!(UnixStream);

impl fmt::Debug for UnixStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UnixStream")
            .field("stream", self.io.get_ref())
            .finish()
    }
}
