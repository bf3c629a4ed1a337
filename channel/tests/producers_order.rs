//! Four producers: every value arrives once, each producer's in its own order.

mod util;

use std::thread;

const PRODUCERS: usize = 4;
const EACH: usize = 100_000;

fn four_producers(
    tx: runtime_channel::Sender<(usize, usize)>,
    mut rx: runtime_channel::Receiver<(usize, usize)>,
    multi_thread: bool,
) {
    let each = util::scaled(EACH);
    let producers: Vec<_> = (0..PRODUCERS)
        .map(|p| {
            let tx = tx.clone();
            thread::spawn(move || {
                for seq in 0..each {
                    tx.send_blocking((p, seq)).expect("the receiver is alive");
                }
            })
        })
        .collect();
    drop(tx);
    let next = util::runtime(multi_thread).block_on(async move {
        let mut next = [0usize; PRODUCERS];
        while let Some((p, seq)) = rx.recv().await {
            assert_eq!(seq, next[p], "producer {p} out of order");
            next[p] += 1;
        }
        next
    });
    for p in producers {
        p.join().unwrap();
    }
    assert_eq!(next, [each; PRODUCERS]);
}

#[test]
fn unbounded_keeps_each_producers_order() {
    let (tx, rx) = runtime_channel::unbounded();
    four_producers(tx, rx, true);
}

#[test]
fn bounded_keeps_each_producers_order() {
    let (tx, rx) = runtime_channel::bounded(64);
    four_producers(tx, rx, false);
}
