//! A 32 MiB transfer through an echo server with a half-close: the client writes
//! from one task and reads from another, sharing one stream (`&TcpStream`), then
//! shuts its writing half; the server sees the end of the stream, echoes the last
//! bytes and shuts its own; the client reads every byte back and then the end.

mod net_util;

use std::net::Shutdown;
use std::sync::Arc;

use futures::{AsyncReadExt, AsyncWriteExt};
use runtime::net::{TcpListener, TcpStream};

const TOTAL: usize = 32 << 20;

#[test]
fn thirty_two_mib_come_back_after_a_half_close() {
    for (flavor, rt) in net_util::flavors() {
        rt.block_on(async {
            let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
            let addr = listener.local_addr().unwrap();
            let server = runtime::spawn(async move {
                let (stream, _) = listener.accept().await?;
                // `futures::io::copy` over the two halves of one stream: reads until
                // the client's FIN, writing everything back as it goes.
                let (mut reader, mut writer) = (&stream, &stream);
                let copied = futures::io::copy(&mut reader, &mut writer).await?;
                stream.shutdown(Shutdown::Write)?;
                Ok::<u64, std::io::Error>(copied)
            });

            let data = Arc::new(net_util::payload(32, TOTAL));
            let stream = Arc::new(TcpStream::connect(addr).await.unwrap());
            let writer = {
                let (stream, data) = (stream.clone(), data.clone());
                runtime::spawn(async move {
                    // Writes in uneven slices, some vectored.
                    let mut sent = 0;
                    let mut i = 0;
                    while sent < TOTAL {
                        let len = (1 + i * 7919 % 200_000).min(TOTAL - sent);
                        let chunk = &data[sent..sent + len];
                        if i % 3 == 0 {
                            let (a, b) = chunk.split_at(len / 2);
                            let slices = [std::io::IoSlice::new(a), std::io::IoSlice::new(b)];
                            let n = (&*stream).write_vectored(&slices).await?;
                            sent += n;
                        } else {
                            (&*stream).write_all(chunk).await?;
                            sent += len;
                        }
                        i += 1;
                    }
                    stream.shutdown(Shutdown::Write)?;
                    Ok::<usize, std::io::Error>(sent)
                })
            };
            let mut back = vec![0; TOTAL];
            (&*stream).read_exact(&mut back).await.unwrap();
            // Then the end of the stream: the server's half-close, and not a byte
            // more.
            let mut after = [0; 1];
            assert_eq!((&*stream).read(&mut after).await.unwrap(), 0, "{flavor}");

            assert_eq!(writer.await.unwrap().unwrap(), TOTAL, "{flavor}");
            assert_eq!(server.await.unwrap().unwrap(), TOTAL as u64, "{flavor}");
            assert!(back == *data, "{flavor}: the bytes came back changed");
        });
    }
}
