//! `examples/http_hello.rs` (feature `hyper`), run: its server answers hyper's
//! client on `runtime`, over keep-alive and over fresh connections, and its port
//! argument is read as documented.
#![cfg(feature = "hyper")]

#[allow(dead_code)] // the example's `main` is not called here
#[path = "../examples/http_hello.rs"]
mod http_hello;

use bytes::Bytes;
use http_body_util::{BodyExt, Empty};
use hyper::Request;
use runtime::net::{TcpListener, TcpStream};

#[test]
fn the_port_argument_defaults_to_3000_and_must_be_a_number() {
    assert_eq!(http_hello::port(None).unwrap(), 3000);
    assert_eq!(http_hello::port(Some("8080".into())).unwrap(), 8080);
    let err = http_hello::port(Some("eighty".into())).unwrap_err();
    assert_eq!(err.kind(), std::io::ErrorKind::InvalidInput);
    assert!(http_hello::port(Some("65536".into())).is_err());
}

#[test]
fn the_example_server_says_hello_to_hypers_client() {
    let rt = runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .build()
        .unwrap();
    rt.block_on(async {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let server = runtime::spawn(http_hello::serve(listener));
        for connection in 0..3 {
            let stream = TcpStream::connect(addr).await.unwrap();
            let (mut sender, conn) = hyper::client::conn::http1::handshake(stream).await.unwrap();
            let conn = runtime::spawn(conn);
            for _ in 0..10 {
                let request = Request::get("/")
                    .header("host", "localhost")
                    .body(Empty::<Bytes>::new())
                    .unwrap();
                sender.ready().await.unwrap();
                let response = sender.send_request(request).await.unwrap();
                assert_eq!(response.status(), 200, "connection {connection}");
                let body = response.into_body().collect().await.unwrap().to_bytes();
                assert_eq!(body, "Hello, World!");
            }
            drop(sender);
            conn.await.unwrap().unwrap();
        }
        assert!(!server.is_finished(), "the server stopped accepting");
        server.abort();
    });
}
