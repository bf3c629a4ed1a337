//! A hyper 1.x "Hello, World!" server on `#[runtime::main]` (feature `hyper`).
//!
//! ```text
//! cargo run --release --features hyper --example http_hello -- [PORT]
//! curl http://127.0.0.1:3000/
//! ```
//!
//! The port comes from the first argument (default 3000). Each connection is served
//! by its own task, HTTP/1.1 with keep-alive; the streams go to hyper as they are
//! (`runtime::net::TcpStream` implements `hyper::rt::{Read, Write}`), and hyper's
//! timeouts run on `runtime::hyper::Timer`. `tests/net_http_hello.rs` runs it.

use std::convert::Infallible;
use std::io;

use bytes::Bytes;
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use runtime::net::TcpListener;

/// The port when no argument names one.
pub const DEFAULT_PORT: u16 = 3000;

#[runtime::main]
async fn main() -> io::Result<()> {
    let port = port(std::env::args().nth(1))?;
    let listener = TcpListener::bind(("127.0.0.1", port)).await?;
    println!("listening on http://{}", listener.local_addr()?);
    serve(listener).await
}

/// The port an argument names, or [`DEFAULT_PORT`] without one.
pub fn port(arg: Option<String>) -> io::Result<u16> {
    match arg {
        None => Ok(DEFAULT_PORT),
        Some(arg) => arg.parse().map_err(|_| {
            io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("the port must be a number from 0 to 65535, not {arg:?}"),
            )
        }),
    }
}

/// Serves every connection `listener` accepts, each in its own task, until
/// accepting fails.
pub async fn serve(listener: TcpListener) -> io::Result<()> {
    loop {
        let (stream, _) = listener.accept().await?;
        stream.set_nodelay(true)?;
        runtime::spawn(async move {
            // A client that goes away mid-request is its own business.
            let _ = http1::Builder::new()
                .timer(runtime::hyper::Timer)
                .serve_connection(stream, service_fn(hello))
                .await;
        });
    }
}

async fn hello(_: Request<Incoming>) -> Result<Response<Full<Bytes>>, Infallible> {
    Ok(Response::new(Full::new(Bytes::from_static(
        b"Hello, World!",
    ))))
}
