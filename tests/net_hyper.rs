//! hyper 1.x on `runtime` (feature `hyper`): a server and a client over one
//! keep-alive connection for 500 requests on both flavors, and hyper's header-read
//! timeout driven by `runtime::hyper::Timer` on the paused clock.
#![cfg(feature = "hyper")]

mod net_util;

use std::convert::Infallible;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use futures::{AsyncReadExt, AsyncWriteExt};
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use runtime::net::{TcpListener, TcpStream};

const REQUESTS: usize = 500;

#[derive(Default)]
struct Counts {
    connections: AtomicUsize,
    requests: AtomicUsize,
}

/// Answers each request with its path and body length: `"/n 5"`.
async fn answer(
    counts: Arc<Counts>,
    request: Request<Incoming>,
) -> Result<Response<Full<Bytes>>, hyper::Error> {
    counts.requests.fetch_add(1, Ordering::SeqCst);
    let path = request.uri().path().to_string();
    let body = request.into_body().collect().await?.to_bytes();
    Ok(Response::new(Full::new(Bytes::from(format!(
        "{path} {}",
        body.len()
    )))))
}

async fn server(listener: TcpListener, counts: Arc<Counts>) -> std::io::Result<()> {
    loop {
        let (stream, _) = listener.accept().await?;
        counts.connections.fetch_add(1, Ordering::SeqCst);
        let counts = counts.clone();
        runtime::spawn(async move {
            let service = service_fn(move |request| answer(counts.clone(), request));
            http1::Builder::new()
                .timer(runtime::hyper::Timer)
                .keep_alive(true)
                .serve_connection(stream, service)
                .await
        });
    }
}

#[test]
fn five_hundred_requests_share_one_keep_alive_connection_on_both_flavors() {
    for (flavor, rt) in net_util::flavors() {
        let counts = Arc::new(Counts::default());
        rt.block_on(async {
            let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
            let addr = listener.local_addr().unwrap();
            let server = runtime::spawn(server(listener, counts.clone()));

            let stream = TcpStream::connect(addr).await.unwrap();
            let (mut sender, connection) =
                hyper::client::conn::http1::handshake(stream).await.unwrap();
            let connection = runtime::spawn(connection);
            for i in 0..REQUESTS {
                let body = net_util::payload(i as u64, i % 300);
                let request = Request::post(format!("/{i}"))
                    .header("host", "localhost")
                    .body(Full::new(Bytes::from(body)))
                    .unwrap();
                sender.ready().await.unwrap();
                let response = sender.send_request(request).await.unwrap();
                assert_eq!(response.status(), 200, "{flavor}");
                let text = response.into_body().collect().await.unwrap().to_bytes();
                assert_eq!(text, format!("/{i} {}", i % 300), "{flavor}");
            }
            drop(sender);
            connection.await.unwrap().unwrap();
            server.abort();
        });
        assert_eq!(counts.connections.load(Ordering::SeqCst), 1, "{flavor}");
        assert_eq!(counts.requests.load(Ordering::SeqCst), REQUESTS, "{flavor}");
    }
}

#[test]
fn the_header_read_timeout_runs_on_the_runtime_timer() {
    let rt = runtime::Builder::new_current_thread()
        .start_paused(true)
        .build()
        .unwrap();
    rt.block_on(async {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let mut client = TcpStream::connect(listener.local_addr().unwrap())
            .await
            .unwrap();
        let (stream, _) = listener.accept().await.unwrap();
        let start = runtime::time::now();
        let served = runtime::spawn(async move {
            let service = service_fn(|_: Request<Incoming>| async {
                Ok::<_, Infallible>(Response::new(Full::new(Bytes::new())))
            });
            http1::Builder::new()
                .timer(runtime::hyper::Timer)
                .header_read_timeout(Duration::from_secs(30))
                .serve_connection(stream, service)
                .await
        });
        // Half a request line, then silence.
        client
            .write_all(b"GET / HTTP/1.1\r\nhost: x")
            .await
            .unwrap();
        let err = served.await.unwrap().unwrap_err();
        assert!(
            err.is_timeout(),
            "expected hyper's header timeout, got {err}"
        );
        let waited = runtime::time::now() - start;
        assert!(
            waited >= Duration::from_secs(30),
            "timed out after {waited:?}"
        );
        // The server closed the connection: the client reads its answer (a 408, or
        // nothing) and then the end of the stream.
        let mut rest = Vec::new();
        client.read_to_end(&mut rest).await.unwrap();
    });
}
