//! `UnixListener`: a listening Unix domain socket (Unix only).

use std::fmt;
use std::io;
use std::os::unix::net::SocketAddr;
use std::path::Path;
use std::task::{Context, Poll};

use runtime_executor::Async;
use runtime_reactor::net as mio;

use crate::net::UnixStream;

/// A Unix domain socket listening for connections, registered with the current
/// runtime. Unix only.
///
/// ```
/// use futures::{AsyncReadExt, AsyncWriteExt};
/// use runtime::net::{UnixListener, UnixStream};
///
/// #[runtime::main(flavor = "current_thread")]
/// async fn main() -> std::io::Result<()> {
///     let dir = std::env::temp_dir().join(format!("runtime-doc-{}", std::process::id()));
///     std::fs::create_dir_all(&dir)?;
///     let path = dir.join("listener.sock");
///     let _ = std::fs::remove_file(&path);
///
///     let listener = UnixListener::bind(&path)?;
///     let mut client = UnixStream::connect(&path).await?;
///     let (mut server, _) = listener.accept().await?;
///     client.write_all(b"hi").await?;
///     let mut buf = [0; 2];
///     server.read_exact(&mut buf).await?;
///     assert_eq!(&buf, b"hi");
///     std::fs::remove_dir_all(&dir)
/// }
/// ```
pub struct UnixListener {
    io: Async<mio::UnixListener>,
}

impl UnixListener {
    /// Binds a listener to the file system path `path` (which must not exist yet:
    /// `AddrInUse` otherwise) and registers it with the current runtime.
    ///
    /// ```
    /// # #[runtime::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let path = std::env::temp_dir().join(format!("runtime-bind-{}.sock", std::process::id()));
    /// let _ = std::fs::remove_file(&path);
    /// let listener = runtime::net::UnixListener::bind(&path)?;
    /// assert_eq!(listener.local_addr()?.as_pathname(), Some(path.as_path()));
    /// let err = runtime::net::UnixListener::bind(&path).unwrap_err();
    /// assert_eq!(err.kind(), std::io::ErrorKind::AddrInUse);
    /// std::fs::remove_file(&path)
    /// # }
    /// ```
    pub fn bind(path: impl AsRef<Path>) -> io::Result<UnixListener> {
        UnixListener::from_mio(mio::UnixListener::bind(path)?)
    }

    fn from_mio(listener: mio::UnixListener) -> io::Result<UnixListener> {
        Ok(UnixListener {
            io: Async::new(listener)?,
        })
    }

    /// Waits for a connection; the new stream and the peer's address (usually
    /// unnamed). Cancel-safe, as [`TcpListener::accept`](crate::net::TcpListener::accept).
    ///
    /// ```
    /// # #[runtime::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// use runtime::net::{UnixListener, UnixStream};
    /// let path = std::env::temp_dir().join(format!("runtime-accept-{}.sock", std::process::id()));
    /// let _ = std::fs::remove_file(&path);
    /// let listener = UnixListener::bind(&path)?;
    /// let client = UnixStream::connect(&path).await?;
    /// let (server, peer) = listener.accept().await?;
    /// assert!(peer.is_unnamed()); // the client did not bind a path
    /// assert_eq!(server.local_addr()?.as_pathname(), Some(path.as_path()));
    /// # drop(client);
    /// std::fs::remove_file(&path)
    /// # }
    /// ```
    pub async fn accept(&self) -> io::Result<(UnixStream, SocketAddr)> {
        let (stream, peer) = self.io.read_with(|listener| listener.accept()).await?;
        Ok((UnixStream::from_mio(stream)?, peer))
    }

    /// The polling form of [`accept`](Self::accept); one task at a time may poll
    /// it.
    ///
    /// ```
    /// # #[runtime::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// use runtime::net::{UnixListener, UnixStream};
    /// let path = std::env::temp_dir().join(format!("runtime-poll-{}.sock", std::process::id()));
    /// let _ = std::fs::remove_file(&path);
    /// let listener = UnixListener::bind(&path)?;
    /// let _client = UnixStream::connect(&path).await?;
    /// let (_server, _) = std::future::poll_fn(|cx| listener.poll_accept(cx)).await?;
    /// std::fs::remove_file(&path)
    /// # }
    /// ```
    pub fn poll_accept(&self, cx: &mut Context<'_>) -> Poll<io::Result<(UnixStream, SocketAddr)>> {
        match self.io.poll_read_with(cx, |listener| listener.accept()) {
            Poll::Ready(Ok((stream, peer))) => {
                Poll::Ready(UnixStream::from_mio(stream).map(|stream| (stream, peer)))
            }
            Poll::Ready(Err(e)) => Poll::Ready(Err(e)),
            Poll::Pending => Poll::Pending,
        }
    }

    /// The address it is bound to (see [`bind`](Self::bind)'s example).
    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        self.io.get_ref().local_addr()
    }

    /// Wraps a std listener, switching it to non-blocking mode and registering it
    /// with the current runtime.
    ///
    /// ```
    /// # #[runtime::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let path = std::env::temp_dir().join(format!("runtime-std-{}.sock", std::process::id()));
    /// let _ = std::fs::remove_file(&path);
    /// let std_listener = std::os::unix::net::UnixListener::bind(&path)?;
    /// let listener = runtime::net::UnixListener::from_std(std_listener)?;
    /// let back = listener.into_std()?; // and back, still non-blocking
    /// assert_eq!(back.local_addr()?.as_pathname(), Some(path.as_path()));
    /// std::fs::remove_file(&path)
    /// # }
    /// ```
    pub fn from_std(listener: std::os::unix::net::UnixListener) -> io::Result<UnixListener> {
        listener.set_nonblocking(true)?;
        UnixListener::from_mio(mio::UnixListener::from_std(listener))
    }

    /// Deregisters the listener and gives it back as std's, still non-blocking (see
    /// [`from_std`](Self::from_std)'s example).
    pub fn into_std(self) -> io::Result<std::os::unix::net::UnixListener> {
        Ok(self.io.into_inner().into())
    }
}

impl fmt::Debug for UnixListener {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UnixListener")
            .field("listener", self.io.get_ref())
            .finish()
    }
}
