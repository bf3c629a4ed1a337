//! The end of a non-blocking connect, for TCP and Unix streams alike.
//!
//! mio's `connect` only starts the connection. It has finished (or failed) once
//! the socket reports writable, or an error or hang-up: then `SO_ERROR`
//! (`take_error`) holds the failure (`ConnectionRefused`, `TimedOut`...), and
//! otherwise `peer_addr` succeeds. A wake-up that comes before that (`peer_addr`
//! says `NotConnected`) counts as `WouldBlock`: the readiness is cleared, tick-safely,
//! and the wait goes on. The wait is the future of `Async::write_with`, so a
//! `connect` dropped midway leaves no waker behind (and drops the socket).

use std::io;

use runtime_executor::{Async, Evented};

/// Waits until the connect started on `io`'s socket has finished; its error if it
/// failed.
pub(crate) async fn finish<E: Evented>(
    io: &Async<E>,
    take_error: impl Fn(&E) -> io::Result<Option<io::Error>>,
    peer_connected: impl Fn(&E) -> io::Result<()>,
) -> io::Result<()> {
    io.write_with(|socket| {
        if let Some(err) = take_error(socket)? {
            return Err(err);
        }
        match peer_connected(socket) {
            Err(e) if e.kind() == io::ErrorKind::NotConnected => {
                Err(io::ErrorKind::WouldBlock.into())
            }
            other => other,
        }
    })
    .await
}
