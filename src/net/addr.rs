//! `ToSocketAddrs`: what `bind`, `connect` and `send_to` accept, and how a name
//! becomes addresses without blocking a task thread.
//!
//! The same types as `std::net::ToSocketAddrs` (and tokio's trait of the same name):
//! socket addresses, `(ip, port)`, `"host:port"`, `("host", port)`, slices of
//! addresses. A literal (an address, or a string that parses as one) resolves on
//! the spot: no thread, no allocation beyond the result. Anything else is a host
//! name, which only the system resolver (`getaddrinfo`, blocking) can answer: it is
//! resolved on the runtime's blocking pool (`spawn_blocking`), so the task thread
//! keeps running other tasks while the lookup waits on the network.

use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, SocketAddrV4, SocketAddrV6};

/// Values that name one or more socket addresses: `SocketAddr`, `(IpAddr, u16)`,
/// `"127.0.0.1:8080"`, `("localhost", 8080)`, `&[SocketAddr]`, and references to
/// them, as with `std::net::ToSocketAddrs`.
///
/// Literal addresses resolve at once; host names are looked up on the runtime's
/// blocking pool, never on a task thread. The trait is sealed: its method is the
/// runtime's business.
///
/// ```
/// use runtime::net::TcpListener;
///
/// #[runtime::main(flavor = "current_thread")]
/// async fn main() -> std::io::Result<()> {
///     let a = TcpListener::bind("127.0.0.1:0").await?; // a literal: no lookup
///     let b = TcpListener::bind(("localhost", 0)).await?; // a name: blocking pool
///     assert!(a.local_addr()?.ip().is_loopback());
///     assert!(b.local_addr()?.ip().is_loopback());
///     Ok(())
/// }
/// ```
pub trait ToSocketAddrs: sealed::Resolve {}

pub(crate) mod sealed {
    use super::Resolved;

    /// The hidden half of [`ToSocketAddrs`](super::ToSocketAddrs).
    pub trait Resolve {
        /// The addresses at once, or the name to look up.
        fn resolve(&self) -> Resolved;
    }
}

/// What [`sealed::Resolve::resolve`] found without blocking.
#[derive(Debug)]
pub enum Resolved {
    /// The addresses, in order.
    Ready(Vec<SocketAddr>),
    /// A host name and port for the system resolver.
    Lookup(String, u16),
    /// A string that is neither an address nor `host:port`.
    Invalid(&'static str),
}

/// Resolves `addr` to its addresses: at once for literals, on the blocking pool for
/// names. An empty answer is an `InvalidInput` error, as in std.
pub(crate) async fn resolve(addr: &(impl ToSocketAddrs + ?Sized)) -> io::Result<Vec<SocketAddr>> {
    let addrs = match addr.resolve() {
        Resolved::Ready(addrs) => addrs,
        Resolved::Invalid(why) => return Err(io::Error::new(io::ErrorKind::InvalidInput, why)),
        Resolved::Lookup(host, port) => {
            let handle = runtime_executor::Handle::try_current().map_err(|_| {
                io::Error::other(
                    "resolving a host name outside a runtime: call it from within \
                     `Runtime::block_on` or a spawned task",
                )
            })?;
            let lookup = handle.spawn_blocking(move || {
                std::net::ToSocketAddrs::to_socket_addrs(&(host.as_str(), port))
                    .map(Iterator::collect::<Vec<_>>)
            });
            lookup.await.map_err(io::Error::other)??
        }
    };
    if addrs.is_empty() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "could not resolve to any address",
        ));
    }
    Ok(addrs)
}

/// Runs `op` on each address in turn; the first success, or the last error.
pub(crate) async fn each_addr<T, F, Fut>(
    addr: &(impl ToSocketAddrs + ?Sized),
    mut op: F,
) -> io::Result<T>
where
    F: FnMut(SocketAddr) -> Fut,
    Fut: std::future::Future<Output = io::Result<T>>,
{
    let mut last = None;
    for addr in resolve(addr).await? {
        match op(addr).await {
            Ok(value) => return Ok(value),
            Err(err) => last = Some(err),
        }
    }
    Err(last.expect("`resolve` returns at least one address"))
}

/// `"host:port"` split at its last colon, the port parsed.
fn host_and_port(s: &str) -> Result<(&str, u16), &'static str> {
    let (host, port) = s.rsplit_once(':').ok_or("invalid socket address")?;
    let port = port.parse().map_err(|_| "invalid port value")?;
    Ok((host, port))
}

impl sealed::Resolve for str {
    fn resolve(&self) -> Resolved {
        if let Ok(addr) = self.parse::<SocketAddr>() {
            return Resolved::Ready(vec![addr]);
        }
        match host_and_port(self) {
            Ok((host, port)) => Resolved::Lookup(host.to_string(), port),
            Err(why) => Resolved::Invalid(why),
        }
    }
}

impl sealed::Resolve for (&str, u16) {
    fn resolve(&self) -> Resolved {
        let (host, port) = *self;
        match host.parse::<IpAddr>() {
            Ok(ip) => Resolved::Ready(vec![SocketAddr::new(ip, port)]),
            Err(_) => Resolved::Lookup(host.to_string(), port),
        }
    }
}

impl sealed::Resolve for String {
    fn resolve(&self) -> Resolved {
        self.as_str().resolve()
    }
}

impl sealed::Resolve for (String, u16) {
    fn resolve(&self) -> Resolved {
        (self.0.as_str(), self.1).resolve()
    }
}

impl sealed::Resolve for [SocketAddr] {
    fn resolve(&self) -> Resolved {
        Resolved::Ready(self.to_vec())
    }
}

impl<T: sealed::Resolve + ?Sized> sealed::Resolve for &T {
    fn resolve(&self) -> Resolved {
        (**self).resolve()
    }
}

/// `Resolve` for types that convert to one `SocketAddr`.
macro_rules! literal {
    ($($ty:ty),* $(,)?) => {$(
        impl sealed::Resolve for $ty {
            fn resolve(&self) -> Resolved {
                Resolved::Ready(vec![SocketAddr::from(*self)])
            }
        }
    )*};
}

literal!(
    SocketAddr,
    SocketAddrV4,
    SocketAddrV6,
    (IpAddr, u16),
    (Ipv4Addr, u16),
    (Ipv6Addr, u16),
    ([u8; 4], u16),
    ([u16; 8], u16),
);

impl<T: sealed::Resolve + ?Sized> ToSocketAddrs for T {}

#[cfg(test)]
mod tests {
    use super::sealed::Resolve;
    use super::*;

    fn ready(r: Resolved) -> Vec<SocketAddr> {
        match r {
            Resolved::Ready(addrs) => addrs,
            other => panic!("expected addresses, got {other:?}"),
        }
    }

    #[test]
    fn literals_resolve_without_a_lookup() {
        let v4: SocketAddr = "127.0.0.1:80".parse().unwrap();
        let v6: SocketAddr = "[::1]:443".parse().unwrap();
        assert_eq!(ready("127.0.0.1:80".resolve()), [v4]);
        assert_eq!(ready("[::1]:443".resolve()), [v6]);
        assert_eq!(ready(("127.0.0.1", 80).resolve()), [v4]);
        assert_eq!(ready(("::1", 443).resolve()), [v6]);
        assert_eq!(ready((Ipv4Addr::LOCALHOST, 80).resolve()), [v4]);
        assert_eq!(ready(([127, 0, 0, 1], 80).resolve()), [v4]);
        assert_eq!(ready(v4.resolve()), [v4]);
        assert_eq!(ready([v4, v6][..].resolve()), [v4, v6]);
        assert_eq!(ready(String::from("127.0.0.1:80").resolve()), [v4]);
    }

    #[test]
    fn names_go_to_the_resolver() {
        match "localhost:8080".resolve() {
            Resolved::Lookup(host, port) => assert_eq!((host.as_str(), port), ("localhost", 8080)),
            other => panic!("expected a lookup, got {other:?}"),
        }
        match (String::from("example.invalid"), 1).resolve() {
            Resolved::Lookup(host, port) => {
                assert_eq!((host.as_str(), port), ("example.invalid", 1))
            }
            other => panic!("expected a lookup, got {other:?}"),
        }
    }

    #[test]
    fn malformed_strings_are_invalid_input() {
        assert!(matches!("no-port".resolve(), Resolved::Invalid(_)));
        assert!(matches!("host:notaport".resolve(), Resolved::Invalid(_)));
    }
}
