//! `UnixDatagram`: a Unix domain datagram socket (Unix only).

use std::fmt;
use std::io;
use std::net::Shutdown;
use std::os::unix::net::SocketAddr;
use std::path::Path;

use runtime_executor::Async;
use runtime_reactor::net as mio;

/// A Unix domain datagram socket, registered with the current runtime. Unix only.
///
/// Every method takes `&self`; each `send`/`recv` future is cancel-safe, as
/// [`UdpSocket`](crate::net::UdpSocket)'s.
///
/// ```
/// use runtime::net::UnixDatagram;
///
/// #[runtime::main(flavor = "current_thread")]
/// async fn main() -> std::io::Result<()> {
///     let (a, b) = UnixDatagram::pair()?;
///     a.send(b"one datagram").await?;
///     let mut buf = [0; 32];
///     let n = b.recv(&mut buf).await?;
///     assert_eq!(&buf[..n], b"one datagram");
///     Ok(())
/// }
/// ```
pub struct UnixDatagram {
    io: Async<mio::UnixDatagram>,
}

impl UnixDatagram {
    /// A socket bound to the file system path `path` (which must not exist yet).
    ///
    /// ```
    /// # #[runtime::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// use runtime::net::UnixDatagram;
    /// let path = std::env::temp_dir().join(format!("runtime-dgram-{}.sock", std::process::id()));
    /// let _ = std::fs::remove_file(&path);
    /// let server = UnixDatagram::bind(&path)?;
    /// let client = UnixDatagram::unbound()?;
    /// client.send_to(b"to a path", &path).await?;
    /// let mut buf = [0; 16];
    /// let (n, from) = server.recv_from(&mut buf).await?;
    /// assert_eq!((&buf[..n], from.is_unnamed()), (&b"to a path"[..], true));
    /// assert_eq!(server.local_addr()?.as_pathname(), Some(path.as_path()));
    /// std::fs::remove_file(&path)
    /// # }
    /// ```
    pub fn bind(path: impl AsRef<Path>) -> io::Result<UnixDatagram> {
        UnixDatagram::from_mio(mio::UnixDatagram::bind(path)?)
    }

    /// A socket bound to no address (see [`bind`](Self::bind)'s example): it can
    /// send, and receive replies only after [`connect`](Self::connect).
    pub fn unbound() -> io::Result<UnixDatagram> {
        UnixDatagram::from_mio(mio::UnixDatagram::unbound()?)
    }

    /// A connected pair of unnamed sockets (see the type's example).
    pub fn pair() -> io::Result<(UnixDatagram, UnixDatagram)> {
        let (a, b) = mio::UnixDatagram::pair()?;
        Ok((UnixDatagram::from_mio(a)?, UnixDatagram::from_mio(b)?))
    }

    fn from_mio(socket: mio::UnixDatagram) -> io::Result<UnixDatagram> {
        Ok(UnixDatagram {
            io: Async::new(socket)?,
        })
    }

    /// Sets the default peer: [`send`](Self::send) goes there and
    /// [`recv`](Self::recv) only takes its datagrams.
    ///
    /// ```
    /// # #[runtime::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// use runtime::net::UnixDatagram;
    /// let path = std::env::temp_dir().join(format!("runtime-dconn-{}.sock", std::process::id()));
    /// let _ = std::fs::remove_file(&path);
    /// let server = UnixDatagram::bind(&path)?;
    /// let client = UnixDatagram::unbound()?;
    /// client.connect(&path)?;
    /// assert_eq!(client.peer_addr()?.as_pathname(), Some(path.as_path()));
    /// client.send(b"hi").await?;
    /// let mut buf = [0; 4];
    /// assert_eq!(server.recv(&mut buf).await?, 2);
    /// std::fs::remove_file(&path)
    /// # }
    /// ```
    pub fn connect(&self, path: impl AsRef<Path>) -> io::Result<()> {
        self.io.get_ref().connect(path)
    }

    /// Sends `buf` as one datagram to the socket bound at `path` (see
    /// [`bind`](Self::bind)'s example).
    pub async fn send_to(&self, buf: &[u8], path: impl AsRef<Path>) -> io::Result<usize> {
        let path = path.as_ref();
        self.io.write_with(|socket| socket.send_to(buf, path)).await
    }

    /// Waits for a datagram; its length (truncated to `buf`) and its sender (see
    /// [`bind`](Self::bind)'s example).
    pub async fn recv_from(&self, buf: &mut [u8]) -> io::Result<(usize, SocketAddr)> {
        self.io.read_with(|socket| socket.recv_from(buf)).await
    }

    /// Sends `buf` as one datagram to the connected peer (see the type's example).
    pub async fn send(&self, buf: &[u8]) -> io::Result<usize> {
        self.io.write_with(|socket| socket.send(buf)).await
    }

    /// Waits for a datagram from the connected peer; its length (see the type's
    /// example).
    pub async fn recv(&self, buf: &mut [u8]) -> io::Result<usize> {
        self.io.read_with(|socket| socket.recv(buf)).await
    }

    /// The address it is bound to (see [`bind`](Self::bind)'s example).
    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        self.io.get_ref().local_addr()
    }

    /// The connected peer's address (see [`connect`](Self::connect)'s example).
    pub fn peer_addr(&self) -> io::Result<SocketAddr> {
        self.io.get_ref().peer_addr()
    }

    /// Shuts down the reading half, the writing half, or both.
    ///
    /// ```
    /// # #[runtime::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let (a, _b) = runtime::net::UnixDatagram::pair()?;
    /// a.shutdown(std::net::Shutdown::Write)?;
    /// assert!(a.send(b"late").await.is_err()); // EPIPE
    /// # Ok(())
    /// # }
    /// ```
    pub fn shutdown(&self, how: Shutdown) -> io::Result<()> {
        self.io.get_ref().shutdown(how)
    }

    /// Wraps a std socket, switching it to non-blocking mode and registering it
    /// with the current runtime.
    ///
    /// ```
    /// # #[runtime::main(flavor = "current_thread")]
    /// # async fn main() -> std::io::Result<()> {
    /// let (a, b) = std::os::unix::net::UnixDatagram::pair()?;
    /// let a = runtime::net::UnixDatagram::from_std(a)?;
    /// b.send(b"std")?;
    /// let mut buf = [0; 4];
    /// assert_eq!(a.recv(&mut buf).await?, 3);
    /// let _a = a.into_std()?; // and back, still non-blocking
    /// # Ok(())
    /// # }
    /// ```
    pub fn from_std(socket: std::os::unix::net::UnixDatagram) -> io::Result<UnixDatagram> {
        socket.set_nonblocking(true)?;
        UnixDatagram::from_mio(mio::UnixDatagram::from_std(socket))
    }

    /// Deregisters the socket and gives it back as std's, still non-blocking (see
    /// [`from_std`](Self::from_std)'s example).
    pub fn into_std(self) -> io::Result<std::os::unix::net::UnixDatagram> {
        Ok(self.io.into_inner().into())
    }
}

impl fmt::Debug for UnixDatagram {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UnixDatagram")
            .field("socket", self.io.get_ref())
            .finish()
    }
}
