//! `Handle::metrics()`: exact values in quiet states.

#![cfg(feature = "metrics")]

use std::time::Duration;

use runtime::{Async, Builder, Handle, Ready, Registration};

#[test]
fn a_fresh_runtime_reports_zeroes() {
    let rt = Builder::new_current_thread().build().unwrap();
    let m = rt.handle().metrics();
    assert_eq!(m.workers, 1);
    assert_eq!(m.alive_tasks, 0);
    assert_eq!(m.injector_depth, 0);
    assert_eq!(m.registrations, 0);
    assert_eq!(m.events_dispatched, 0);
    assert_eq!(m.blocking_threads, 0);
    assert_eq!(m.timers_pending, 0);

    let rt = Builder::new_multi_thread()
        .worker_threads(2)
        .build()
        .unwrap();
    let m = rt.handle().metrics();
    assert_eq!(m.workers, 2);
    assert_eq!(m.alive_tasks, 0);
    assert_eq!(m.local_queue_depths, vec![0, 0]);
    assert_eq!(m.timers_pending, 0);
}

#[test]
fn tasks_registrations_events_and_timers_are_counted_exactly() {
    let rt = Builder::new_current_thread()
        .start_paused(true)
        .build()
        .unwrap();
    rt.block_on(async {
        let metrics = || Handle::current().metrics();

        // Three tasks that never finish, parked after their first poll.
        let tasks: Vec<_> = (0..3)
            .map(|_| runtime::spawn(std::future::pending::<()>()))
            .collect();
        runtime::yield_now().await;
        assert_eq!(metrics().alive_tasks, 3);
        assert_eq!(metrics().injector_depth, 0);
        for task in &tasks {
            task.abort();
        }
        runtime::yield_now().await;
        drop(tasks);
        assert_eq!(metrics().alive_tasks, 0);

        // Two sources, then one.
        let (a, set_a) = Registration::new2();
        let (b, _set_b) = Registration::new2();
        let a = Async::new(a).unwrap();
        let b = Async::new(b).unwrap();
        assert_eq!(metrics().registrations, 2);
        drop(b);
        assert_eq!(metrics().registrations, 1);

        // One event, dispatched once.
        let before = metrics().events_dispatched;
        set_a.set_readiness(Ready::readable()).unwrap();
        a.readable().await.unwrap();
        assert_eq!(metrics().events_dispatched, before + 1);

        // A sleep filed by its first poll, cancelled by its drop.
        let mut sleep = Box::pin(runtime::time::sleep(Duration::from_secs(3600)));
        assert!(futures::poll!(sleep.as_mut()).is_pending());
        assert_eq!(metrics().timers_pending, 1);
        drop(sleep);
        assert_eq!(metrics().timers_pending, 0);

        // One blocking call: one pool thread, kept while idle.
        runtime::spawn_blocking(|| ()).await.unwrap();
        assert_eq!(metrics().blocking_threads, 1);
    });
}
