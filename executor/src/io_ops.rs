//! I/O on an [`Async`]: run a non-blocking operation on the source, and wait for
//! readiness again whenever it says `WouldBlock`.
//!
//! Every method here has the same loop, built on the readiness API
//! (`readable`/`writable` or `poll_readable`/`poll_writable`, and
//! [`ReadyGuard::clear_ready`](crate::ReadyGuard::clear_ready); the `_mut` forms
//! keep the event a guard saw and clear it the same way once the guard's borrow has
//! ended, since `op` then needs the source mutably):
//!
//! ```text
//! loop:
//!   wait until the cached readiness has the direction (or error / hang-up)
//!   run op on the source
//!   WouldBlock → clear what the wait saw, tick-safely, and loop
//!   anything else → return it
//! ```
//!
//! Readiness comes first, so an operation on a source that is not ready costs no
//! syscall. The clear is tick-safe (SPEC A2): if an event arrived between the wait
//! and the `WouldBlock`, the readiness survives and the loop runs `op` again at once
//! instead of sleeping through it. So the operation's `WouldBlock` is the only thing
//! that ever makes the task sleep, and an event is never lost.
//!
//! Cancellation: the `async` methods wait through the futures of
//! [`Async::readable`]/[`Async::writable`], whose waiter entry is removed when they
//! are dropped; dropping one of them mid-wait leaves the source as it was and no
//! waker behind. The `poll_*` methods use the one reader (or writer) waker slot of
//! `poll_readable`/`poll_writable`, for `AsyncRead`-style impls: one task per
//! direction, its waker kept until the next poll replaces it.

use std::io;
use std::task::{Context, Poll};

use runtime_reactor::{Evented, Ready};

use crate::async_io::Async;

/// Whether `result` says "not ready; wait for the next event".
fn would_block<R>(result: &io::Result<R>) -> bool {
    matches!(result, Err(e) if e.kind() == io::ErrorKind::WouldBlock)
}

impl<E: Evented> Async<E> {
    /// Runs `op` on the source until it does not fail with `WouldBlock`, waiting for
    /// readability before each try (see the module docs). For reads, accepts,
    /// `recv`... on a non-blocking source.
    ///
    /// ```
    /// use runtime_executor::Async;
    /// use runtime_reactor::net::UdpSocket;
    ///
    /// # if cfg!(miri) { return Ok(()); } // Miri models no sockets.
    /// runtime_executor::block_on(async {
    ///     let a = Async::new(UdpSocket::bind("127.0.0.1:0".parse().unwrap())?)?;
    ///     let b = UdpSocket::bind("127.0.0.1:0".parse().unwrap())?;
    ///     b.send_to(b"ping", a.get_ref().local_addr()?)?;
    ///     let mut buf = [0; 8];
    ///     let (n, from) = a.read_with(|socket| socket.recv_from(&mut buf)).await?;
    ///     assert_eq!((&buf[..n], from), (&b"ping"[..], b.local_addr()?));
    ///     Ok::<(), std::io::Error>(())
    /// })?;
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub async fn read_with<R>(&self, op: impl FnMut(&E) -> io::Result<R>) -> io::Result<R> {
        self.io_with(Ready::readable(), op).await
    }

    /// [`read_with`](Self::read_with) for an operation that needs the source
    /// mutably.
    ///
    /// ```
    /// use runtime_executor::Async;
    /// use runtime_reactor::net::UdpSocket;
    ///
    /// # if cfg!(miri) { return Ok(()); } // Miri models no sockets.
    /// runtime_executor::block_on(async {
    ///     let mut a = Async::new(UdpSocket::bind("127.0.0.1:0".parse().unwrap())?)?;
    ///     let b = UdpSocket::bind("127.0.0.1:0".parse().unwrap())?;
    ///     b.send_to(b"pong", a.get_ref().local_addr()?)?;
    ///     let mut buf = [0; 8];
    ///     let n = a.read_with_mut(|socket| socket.recv(&mut buf)).await?;
    ///     assert_eq!(&buf[..n], b"pong");
    ///     Ok::<(), std::io::Error>(())
    /// })?;
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub async fn read_with_mut<R>(
        &mut self,
        op: impl FnMut(&mut E) -> io::Result<R>,
    ) -> io::Result<R> {
        self.io_with_mut(Ready::readable(), op).await
    }

    /// Runs `op` on the source until it does not fail with `WouldBlock`, waiting for
    /// writability before each try (see the module docs). For writes, sends, and the
    /// completion of a non-blocking connect.
    ///
    /// ```
    /// use runtime_executor::Async;
    /// use runtime_reactor::net::UdpSocket;
    ///
    /// # if cfg!(miri) { return Ok(()); } // Miri models no sockets.
    /// runtime_executor::block_on(async {
    ///     let a = Async::new(UdpSocket::bind("127.0.0.1:0".parse().unwrap())?)?;
    ///     let b = std::net::UdpSocket::bind("127.0.0.1:0")?;
    ///     let to = b.local_addr()?;
    ///     let n = a.write_with(|socket| socket.send_to(b"hello", to)).await?;
    ///     assert_eq!(n, 5);
    ///     let mut buf = [0; 8];
    ///     assert_eq!(b.recv(&mut buf)?, 5);
    ///     Ok::<(), std::io::Error>(())
    /// })?;
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub async fn write_with<R>(&self, op: impl FnMut(&E) -> io::Result<R>) -> io::Result<R> {
        self.io_with(Ready::writable(), op).await
    }

    /// [`write_with`](Self::write_with) for an operation that needs the source
    /// mutably.
    ///
    /// ```
    /// use runtime_executor::Async;
    /// use runtime_reactor::net::UdpSocket;
    ///
    /// # if cfg!(miri) { return Ok(()); } // Miri models no sockets.
    /// runtime_executor::block_on(async {
    ///     let mut a = Async::new(UdpSocket::bind("127.0.0.1:0".parse().unwrap())?)?;
    ///     let b = std::net::UdpSocket::bind("127.0.0.1:0")?;
    ///     a.get_ref().connect(b.local_addr()?)?;
    ///     assert_eq!(a.write_with_mut(|socket| socket.send(b"hi")).await?, 2);
    ///     Ok::<(), std::io::Error>(())
    /// })?;
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub async fn write_with_mut<R>(
        &mut self,
        op: impl FnMut(&mut E) -> io::Result<R>,
    ) -> io::Result<R> {
        self.io_with_mut(Ready::writable(), op).await
    }

    /// The polling form of [`read_with`](Self::read_with), for `AsyncRead`-style
    /// impls: `Pending` (with the task's waker kept in the reader slot of
    /// [`poll_readable`](Self::poll_readable)) until `op` does not say
    /// `WouldBlock`. One task at a time may read this way.
    ///
    /// ```
    /// use runtime_executor::Async;
    /// use runtime_reactor::net::UdpSocket;
    /// use std::future::poll_fn;
    ///
    /// # if cfg!(miri) { return Ok(()); } // Miri models no sockets.
    /// runtime_executor::block_on(async {
    ///     let a = Async::new(UdpSocket::bind("127.0.0.1:0".parse().unwrap())?)?;
    ///     UdpSocket::bind("127.0.0.1:0".parse().unwrap())?.send_to(b"x", a.get_ref().local_addr()?)?;
    ///     let mut buf = [0; 4];
    ///     let n = poll_fn(|cx| a.poll_read_with(cx, |socket| socket.recv(&mut buf))).await?;
    ///     assert_eq!(n, 1);
    ///     Ok::<(), std::io::Error>(())
    /// })?;
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn poll_read_with<R>(
        &self,
        cx: &mut Context<'_>,
        op: impl FnMut(&E) -> io::Result<R>,
    ) -> Poll<io::Result<R>> {
        self.poll_io_with(cx, false, op)
    }

    /// The polling form of [`write_with`](Self::write_with), for `AsyncWrite`-style
    /// impls; one task at a time may write this way, as with
    /// [`poll_read_with`](Self::poll_read_with).
    ///
    /// ```
    /// use runtime_executor::Async;
    /// use runtime_reactor::net::UdpSocket;
    /// use std::future::poll_fn;
    ///
    /// # if cfg!(miri) { return Ok(()); } // Miri models no sockets.
    /// runtime_executor::block_on(async {
    ///     let a = Async::new(UdpSocket::bind("127.0.0.1:0".parse().unwrap())?)?;
    ///     let to = std::net::UdpSocket::bind("127.0.0.1:0")?.local_addr()?;
    ///     let n = poll_fn(|cx| a.poll_write_with(cx, |socket| socket.send_to(b"abc", to))).await?;
    ///     assert_eq!(n, 3);
    ///     Ok::<(), std::io::Error>(())
    /// })?;
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn poll_write_with<R>(
        &self,
        cx: &mut Context<'_>,
        op: impl FnMut(&E) -> io::Result<R>,
    ) -> Poll<io::Result<R>> {
        self.poll_io_with(cx, true, op)
    }

    /// The loop of the `async` methods (see the module docs), waiting for
    /// `interest`.
    async fn io_with<R>(
        &self,
        interest: Ready,
        mut op: impl FnMut(&E) -> io::Result<R>,
    ) -> io::Result<R> {
        loop {
            let mut guard = self.ready(interest).await?;
            let result = op(self.get_ref());
            if !would_block(&result) {
                return result;
            }
            guard.clear_ready();
        }
    }

    /// [`io_with`](Self::io_with) for `&mut E`: the guard's borrow ends before
    /// `op` runs, so the event it saw is kept and cleared the same way.
    async fn io_with_mut<R>(
        &mut self,
        interest: Ready,
        mut op: impl FnMut(&mut E) -> io::Result<R>,
    ) -> io::Result<R> {
        loop {
            let seen = self.ready(interest).await?.event;
            let result = op(self.get_mut());
            if !would_block(&result) {
                return result;
            }
            // As `ReadyGuard::clear_ready`, from the event the dropped guard saw.
            self.slot.clear_readiness(seen);
        }
    }

    /// The loop of the `poll_` methods, through the reader (or writer) slot.
    fn poll_io_with<R>(
        &self,
        cx: &mut Context<'_>,
        write: bool,
        mut op: impl FnMut(&E) -> io::Result<R>,
    ) -> Poll<io::Result<R>> {
        loop {
            let ready = if write {
                self.poll_writable(cx)
            } else {
                self.poll_readable(cx)
            };
            let mut guard = match ready {
                Poll::Ready(Ok(guard)) => guard,
                Poll::Ready(Err(e)) => return Poll::Ready(Err(e)),
                Poll::Pending => return Poll::Pending,
            };
            let result = op(self.get_ref());
            if !would_block(&result) {
                return Poll::Ready(result);
            }
            guard.clear_ready();
        }
    }
}
