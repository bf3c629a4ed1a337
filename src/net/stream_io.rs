//! Reads and writes of the stream sockets (`TcpStream`, `UnixStream`): the polling
//! functions behind their `AsyncRead`/`AsyncWrite` impls (and hyper's `Read`/
//! `Write`, with the `hyper` feature), written once for both.
//!
//! Each is [`Async::poll_read_with`]'s loop plus one saving: a read that returns
//! fewer bytes than asked for (or a write that takes fewer than offered) has drained
//! the socket's receive buffer (or filled its send buffer), so the readiness it
//! waited for is cleared at once, tick-safely, instead of by a second syscall that
//! would only say `WouldBlock`. A request-response exchange then costs one `read`
//! per message, not two. The kernel reports the next arrival (or the next free
//! space) as a new edge, so nothing is lost; and an event that came in between is
//! kept by the tick check of `clear_ready`. It is done only when the wait saw the
//! direction's bit alone: an error or hang-up is final (the peer's FIN produces no
//! further edge), so it is never cleared that way, and the next read returns the
//! end of the stream at once. Windows reports readiness differently, so there the
//! loop relies on `WouldBlock` alone.
//!
//! These use the one reader and one writer waker slot of each `Async`: one task
//! may read while another writes (that is what `&TcpStream` implementing both
//! traits is for), but two tasks reading one stream at once take the slot from each
//! other, as with tokio's streams.

use std::io::{self, IoSlice, IoSliceMut, Read, Write};
use std::task::{Context, Poll};

use runtime_executor::{Async, Evented, Ready};

/// Whether a short transfer proves the socket drained (or full); see the module
/// docs.
const SHORT_TRANSFER_CLEARS: bool = cfg!(not(windows));

/// Polls a read of `len` bytes (`len` > 0) done by `op`.
fn poll_transfer<E: Evented>(
    io: &Async<E>,
    cx: &mut Context<'_>,
    len: usize,
    write: bool,
    mut op: impl FnMut(&E) -> io::Result<usize>,
) -> Poll<io::Result<usize>> {
    let direction = if write {
        Ready::writable()
    } else {
        Ready::readable()
    };
    loop {
        let ready = if write {
            io.poll_writable(cx)
        } else {
            io.poll_readable(cx)
        };
        let mut guard = match ready {
            Poll::Ready(Ok(guard)) => guard,
            Poll::Ready(Err(e)) => return Poll::Ready(Err(e)),
            Poll::Pending => return Poll::Pending,
        };
        match op(io.get_ref()) {
            Ok(n) => {
                if SHORT_TRANSFER_CLEARS && n > 0 && n < len && guard.ready() == direction {
                    guard.clear_ready();
                }
                return Poll::Ready(Ok(n));
            }
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => guard.clear_ready(),
            Err(e) => return Poll::Ready(Err(e)),
        }
    }
}

/// `AsyncRead::poll_read` of a stream socket.
pub(crate) fn poll_read<E: Evented>(
    io: &Async<E>,
    cx: &mut Context<'_>,
    buf: &mut [u8],
) -> Poll<io::Result<usize>>
where
    for<'a> &'a E: Read,
{
    if buf.is_empty() {
        return Poll::Ready(Ok(0));
    }
    let len = buf.len();
    poll_transfer(io, cx, len, false, |mut source| source.read(buf))
}

/// `AsyncRead::poll_read_vectored` of a stream socket.
pub(crate) fn poll_read_vectored<E: Evented>(
    io: &Async<E>,
    cx: &mut Context<'_>,
    bufs: &mut [IoSliceMut<'_>],
) -> Poll<io::Result<usize>>
where
    for<'a> &'a E: Read,
{
    let len = bufs.iter().map(|b| b.len()).sum();
    if len == 0 {
        return Poll::Ready(Ok(0));
    }
    poll_transfer(io, cx, len, false, |mut source| source.read_vectored(bufs))
}

/// `AsyncWrite::poll_write` of a stream socket.
pub(crate) fn poll_write<E: Evented>(
    io: &Async<E>,
    cx: &mut Context<'_>,
    buf: &[u8],
) -> Poll<io::Result<usize>>
where
    for<'a> &'a E: Write,
{
    if buf.is_empty() {
        return Poll::Ready(Ok(0));
    }
    poll_transfer(io, cx, buf.len(), true, |mut source| source.write(buf))
}

/// `AsyncWrite::poll_write_vectored` of a stream socket.
pub(crate) fn poll_write_vectored<E: Evented>(
    io: &Async<E>,
    cx: &mut Context<'_>,
    bufs: &[IoSlice<'_>],
) -> Poll<io::Result<usize>>
where
    for<'a> &'a E: Write,
{
    let len = bufs.iter().map(|b| b.len()).sum();
    if len == 0 {
        return Poll::Ready(Ok(0));
    }
    poll_transfer(io, cx, len, true, |mut source| source.write_vectored(bufs))
}

/// `futures::io::{AsyncRead, AsyncWrite}` for a stream type and for a shared
/// reference to it, through its `io: Async<_>` field; `poll_close` shuts down the
/// writing half (`shutdown(Write)`), as the end of the byte stream.
macro_rules! stream_traits {
    ($ty:ident) => {
        $crate::net::stream_io::stream_traits!(@impl $ty);
        $crate::net::stream_io::stream_traits!(@impl &$ty);
    };
    (@impl $self:ty) => {
        impl futures_io::AsyncRead for $self {
            fn poll_read(
                self: std::pin::Pin<&mut Self>,
                cx: &mut std::task::Context<'_>,
                buf: &mut [u8],
            ) -> std::task::Poll<std::io::Result<usize>> {
                $crate::net::stream_io::poll_read(&self.io, cx, buf)
            }

            fn poll_read_vectored(
                self: std::pin::Pin<&mut Self>,
                cx: &mut std::task::Context<'_>,
                bufs: &mut [std::io::IoSliceMut<'_>],
            ) -> std::task::Poll<std::io::Result<usize>> {
                $crate::net::stream_io::poll_read_vectored(&self.io, cx, bufs)
            }
        }

        impl futures_io::AsyncWrite for $self {
            fn poll_write(
                self: std::pin::Pin<&mut Self>,
                cx: &mut std::task::Context<'_>,
                buf: &[u8],
            ) -> std::task::Poll<std::io::Result<usize>> {
                $crate::net::stream_io::poll_write(&self.io, cx, buf)
            }

            fn poll_write_vectored(
                self: std::pin::Pin<&mut Self>,
                cx: &mut std::task::Context<'_>,
                bufs: &[std::io::IoSlice<'_>],
            ) -> std::task::Poll<std::io::Result<usize>> {
                $crate::net::stream_io::poll_write_vectored(&self.io, cx, bufs)
            }

            fn poll_flush(
                self: std::pin::Pin<&mut Self>,
                _: &mut std::task::Context<'_>,
            ) -> std::task::Poll<std::io::Result<()>> {
                // A socket has no user-space buffer to flush.
                std::task::Poll::Ready(Ok(()))
            }

            fn poll_close(
                self: std::pin::Pin<&mut Self>,
                _: &mut std::task::Context<'_>,
            ) -> std::task::Poll<std::io::Result<()>> {
                std::task::Poll::Ready(self.io.get_ref().shutdown(std::net::Shutdown::Write))
            }
        }
    };
}
pub(crate) use stream_traits;
