//! `hyper::rt::Read` and `hyper::rt::Write` for the stream sockets.
//!
//! Writes go straight to the socket (`stream_io`). Reads fill hyper's buffer
//! through `ReadBufCursor::put_slice`: the bytes are read into a per-thread
//! scratch buffer, then copied. hyper hands out its buffer uninitialised, and
//! reading into it directly would take `unsafe` (a `&mut [u8]` over uninitialised
//! memory, then `advance`); the copy costs what was read (a request's few hundred
//! bytes), where zero-filling the cursor instead would cost its whole length (8 KiB
//! and up) on every read.

use std::cell::RefCell;
use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};

use hyper::rt::ReadBufCursor;
use runtime_executor::{Async, Evented};

use crate::net::stream_io;

/// The largest read done at once into the scratch buffer.
const SCRATCH: usize = 16 * 1024;

thread_local! {
    static BUFFER: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

/// Reads once into `cursor`.
fn poll_read_cursor<E: Evented>(
    io: &Async<E>,
    cx: &mut Context<'_>,
    mut cursor: ReadBufCursor<'_>,
) -> Poll<io::Result<()>>
where
    for<'a> &'a E: io::Read,
{
    let len = cursor.remaining().min(SCRATCH);
    BUFFER.with(|buffer| {
        let mut buffer = buffer.borrow_mut();
        if buffer.len() < len {
            buffer.resize(len, 0);
        }
        match stream_io::poll_read(io, cx, &mut buffer[..len]) {
            Poll::Ready(Ok(n)) => {
                cursor.put_slice(&buffer[..n]);
                Poll::Ready(Ok(()))
            }
            Poll::Ready(Err(e)) => Poll::Ready(Err(e)),
            Poll::Pending => Poll::Pending,
        }
    })
}

/// `hyper::rt::{Read, Write}` for a stream type with an `io: Async<_>` field.
macro_rules! hyper_io {
    ($ty:ty) => {
        impl hyper::rt::Read for $ty {
            fn poll_read(
                self: Pin<&mut Self>,
                cx: &mut Context<'_>,
                cursor: ReadBufCursor<'_>,
            ) -> Poll<io::Result<()>> {
                poll_read_cursor(&self.io, cx, cursor)
            }
        }

        impl hyper::rt::Write for $ty {
            fn poll_write(
                self: Pin<&mut Self>,
                cx: &mut Context<'_>,
                buf: &[u8],
            ) -> Poll<io::Result<usize>> {
                stream_io::poll_write(&self.io, cx, buf)
            }

            fn is_write_vectored(&self) -> bool {
                true
            }

            fn poll_write_vectored(
                self: Pin<&mut Self>,
                cx: &mut Context<'_>,
                bufs: &[io::IoSlice<'_>],
            ) -> Poll<io::Result<usize>> {
                stream_io::poll_write_vectored(&self.io, cx, bufs)
            }

            fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
                Poll::Ready(Ok(()))
            }

            fn poll_shutdown(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
                Poll::Ready(self.io.get_ref().shutdown(std::net::Shutdown::Write))
            }
        }
    };
}

hyper_io!(crate::net::TcpStream);
#[cfg(unix)]
hyper_io!(crate::net::UnixStream);
