//! `spawn_blocking`: runs on the pool, abort before start cancels, idle threads exit.

use std::sync::mpsc;

use runtime_executor::Builder;

#[test]
fn runs_off_the_worker_threads() {
    let rt = Builder::new_multi_thread()
        .worker_threads(1)
        .thread_name("pool-test")
        .build()
        .unwrap();
    let (name, worker_thread) = rt.block_on(async {
        let worker = runtime_executor::spawn(async { std::thread::current().id() })
            .await
            .unwrap();
        let blocking = runtime_executor::spawn_blocking(|| std::thread::current().id())
            .await
            .unwrap();
        (blocking, worker)
    });
    assert_ne!(name, worker_thread);
}

#[test]
fn a_capped_pool_queues_and_abort_cancels_a_queued_call() {
    let rt = Builder::new_current_thread()
        .max_blocking_threads(1)
        .build()
        .unwrap();
    let (release_tx, release_rx) = mpsc::channel::<()>();
    let (started_tx, started_rx) = mpsc::channel();
    let first = rt.spawn_blocking(move || {
        started_tx.send(()).unwrap();
        release_rx.recv().unwrap();
        1
    });
    started_rx.recv().unwrap();
    let (ran_tx, ran_rx) = mpsc::channel::<()>();
    let queued = rt.spawn_blocking(move || ran_tx.send(()).unwrap());
    queued.abort();
    release_tx.send(()).unwrap();
    assert_eq!(rt.block_on(first).unwrap(), 1);
    assert!(rt.block_on(queued).unwrap_err().is_cancelled());
    assert!(ran_rx.try_recv().is_err());
}

#[cfg(feature = "metrics")]
#[test]
fn idle_threads_exit_after_keep_alive() {
    let rt = Builder::new_current_thread()
        .thread_keep_alive(std::time::Duration::from_millis(1))
        .build()
        .unwrap();
    rt.block_on(rt.spawn_blocking(|| ())).unwrap();
    // The exit is asynchronous: wait for it by polling the metric (bounded).
    let mut spins = 0u64;
    while rt.handle().metrics().blocking_threads != 0 {
        std::thread::yield_now();
        spins += 1;
        assert!(spins < 50_000_000, "the idle blocking thread never exited");
    }
}

#[test]
fn a_panicking_call_is_a_panic_join_error() {
    let rt = Builder::new_current_thread().build().unwrap();
    let err = rt
        .block_on(rt.spawn_blocking(|| panic!("blocking boom")))
        .unwrap_err();
    assert!(err.is_panic());
}
