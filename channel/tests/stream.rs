//! The receiver is a `futures::Stream` (and a fused one).

mod util;

use futures::stream::{FusedStream, Stream, StreamExt};

#[test]
fn collects_every_value_then_ends() {
    util::runtime(false).block_on(async {
        let (tx, rx) = runtime_channel::unbounded();
        let producer = std::thread::spawn(move || {
            for i in 0..1000u32 {
                tx.try_send(i).unwrap();
            }
        });
        let got: Vec<u32> = rx.collect().await;
        producer.join().unwrap();
        assert_eq!(got, (0..1000).collect::<Vec<_>>());
    });
}

#[test]
fn is_terminated_once_closed_and_drained() {
    util::runtime(false).block_on(async {
        let (tx, mut rx) = runtime_channel::bounded(4);
        tx.send(1).await.unwrap();
        assert_eq!(Stream::size_hint(&rx), (1, None));
        drop(tx);
        assert!(!rx.is_terminated(), "a value still waits");
        assert_eq!(rx.next().await, Some(1));
        assert!(rx.is_terminated());
        assert_eq!(rx.next().await, None);
    });
}

#[test]
fn works_with_stream_combinators_across_tasks() {
    util::runtime(true).block_on(async {
        let (tx, rx) = runtime_channel::bounded(8);
        let producer = runtime_executor::spawn(async move {
            for i in 0..500u64 {
                tx.send(i).await.unwrap();
            }
        });
        let sum: u64 = rx
            .filter(|i| std::future::ready(i % 2 == 0))
            .fold(0, |a, i| async move { a + i })
            .await;
        producer.await.unwrap();
        assert_eq!(sum, (0..500).filter(|i| i % 2 == 0).sum());
    });
}
