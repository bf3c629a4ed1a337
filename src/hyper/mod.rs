//! hyper 1.x on `runtime` (feature `hyper`).
//!
//! hyper leaves its runtime open: it reads and writes through its own
//! [`hyper::rt::Read`] and [`hyper::rt::Write`], spawns background work through a
//! [`hyper::rt::Executor`], and times header reads and idle keep-alive connections
//! through a [`hyper::rt::Timer`]. With this feature:
//!
//! - [`net::TcpStream`](crate::net::TcpStream) and `net::UnixStream` implement
//!   `hyper::rt::Read` and `hyper::rt::Write` (pass the stream itself to hyper, no
//!   wrapper);
//! - [`Executor`] spawns on the current runtime;
//! - [`Timer`] sleeps on [`runtime::time`](crate::time), so the paused clock of
//!   tests drives hyper's timeouts too.
//!
//! ```
//! use bytes::Bytes;
//! use http_body_util::{BodyExt, Empty, Full};
//! use hyper::{server::conn::http1, service::service_fn, Request, Response};
//! use runtime::net::{TcpListener, TcpStream};
//!
//! #[runtime::main]
//! async fn main() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
//!     let listener = TcpListener::bind("127.0.0.1:0").await?;
//!     let addr = listener.local_addr()?;
//!     runtime::spawn(async move {
//!         let (stream, _) = listener.accept().await?;
//!         let hello = service_fn(|_req| async {
//!             Ok::<_, std::convert::Infallible>(Response::new(Full::new(Bytes::from("hello"))))
//!         });
//!         http1::Builder::new()
//!             .timer(runtime::hyper::Timer)
//!             .serve_connection(stream, hello)
//!             .await
//!             .map_err(std::io::Error::other)
//!     });
//!
//!     let stream = TcpStream::connect(addr).await?;
//!     let (mut sender, connection) = hyper::client::conn::http1::handshake(stream).await?;
//!     runtime::spawn(connection);
//!     let request = Request::get("/").header("host", "localhost").body(Empty::<Bytes>::new())?;
//!     let response = sender.send_request(request).await?;
//!     assert_eq!(response.status(), 200);
//!     assert_eq!(response.into_body().collect().await?.to_bytes(), "hello");
//!     Ok(())
//! }
//! ```

mod executor;
#[cfg(unix)]
mod io;
mod timer;

pub use executor::Executor;
pub use timer::Timer;
