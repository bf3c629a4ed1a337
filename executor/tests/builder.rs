//! The `Builder` options and the `Runtime`/`Handle` entry points tokio users reach
//! for: thread hooks, stack size, keep-alive, `enter`, `Handle::block_on`,
//! `shutdown_background`.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Arc};
use std::time::Duration;

use runtime_executor::{Builder, Handle};

/// Every thread the runtime starts runs the start hook first and the stop hook
/// last: 2 workers, the reactor thread and 3 blocking threads.
#[test]
fn thread_hooks_run_on_every_runtime_thread() {
    let started = Arc::new(AtomicUsize::new(0));
    let stopped = Arc::new(AtomicUsize::new(0));
    let (s, t) = (started.clone(), stopped.clone());
    let rt = Builder::new_multi_thread()
        .worker_threads(2)
        .on_thread_start(move || {
            s.fetch_add(1, Ordering::SeqCst);
        })
        .on_thread_stop(move || {
            t.fetch_add(1, Ordering::SeqCst);
        })
        .build()
        .unwrap();
    // Three blocking calls that overlap, so three blocking threads start.
    let (release, wait) = mpsc::channel::<()>();
    let wait = Arc::new(std::sync::Mutex::new(wait));
    let (arrived, arrivals) = mpsc::channel::<()>();
    let calls: Vec<_> = (0..3)
        .map(|_| {
            let (wait, arrived) = (wait.clone(), arrived.clone());
            rt.spawn_blocking(move || {
                arrived.send(()).unwrap();
                wait.lock().unwrap().recv().unwrap();
            })
        })
        .collect();
    for _ in 0..3 {
        arrivals.recv().unwrap();
    }
    for _ in 0..3 {
        release.send(()).unwrap();
    }
    for call in calls {
        rt.block_on(call).unwrap();
    }
    drop(rt);
    // Shutdown joined the workers and the reactor thread, and waited for the
    // blocking threads to be gone, stop hooks included.
    assert_eq!(started.load(Ordering::SeqCst), 6);
    assert_eq!(stopped.load(Ordering::SeqCst), 6);
}

/// `thread_stack_size` gives workers and blocking threads the stack asked for: a
/// call that needs 8 MiB of stack, more than std's default, runs on both.
#[test]
#[cfg_attr(miri, ignore = "a large stack")]
fn thread_stack_size_applies_to_runtime_threads() {
    #[inline(never)]
    fn deep() -> u8 {
        let buffer = [7u8; 8 << 20];
        std::hint::black_box(&buffer)[12345]
    }
    let rt = Builder::new_multi_thread()
        .worker_threads(1)
        .thread_stack_size(32 << 20)
        .build()
        .unwrap();
    assert_eq!(rt.block_on(rt.spawn(async { deep() })).unwrap(), 7);
    assert_eq!(rt.block_on(rt.spawn_blocking(deep)).unwrap(), 7);
}

/// An idle blocking thread exits after `thread_keep_alive`, running its stop hook.
#[test]
fn idle_blocking_threads_exit_after_the_keep_alive() {
    let (stopped_tx, stopped) = mpsc::channel::<()>();
    let stopped_tx = std::sync::Mutex::new(stopped_tx);
    let rt = Builder::new_current_thread()
        .thread_keep_alive(Duration::from_millis(10))
        .on_thread_stop(move || stopped_tx.lock().unwrap().send(()).unwrap())
        .build()
        .unwrap();
    rt.block_on(rt.spawn_blocking(|| ())).unwrap();
    // The blocking thread is the runtime's only thread: its stop is this one.
    stopped.recv().unwrap();
    assert_eq!(rt.handle().metrics().blocking_threads, 0);
}

/// `Runtime::enter` makes the runtime current outside `block_on`; guards nest and
/// restore what was current before.
#[test]
fn enter_makes_the_runtime_current() {
    let a = Builder::new_current_thread().build().unwrap();
    let b = Builder::new_multi_thread()
        .worker_threads(1)
        .build()
        .unwrap();
    assert!(Handle::try_current().is_err());
    {
        let _a = a.enter();
        let in_a = runtime_executor::spawn(async { 1 });
        {
            let _b = b.enter();
            let in_b = runtime_executor::spawn(async { 2 });
            assert_eq!(b.block_on(in_b).unwrap(), 2);
        }
        // Back to `a`: the task below is `a`'s, so `a` runs it.
        let again = Handle::current().spawn(async { 3 });
        drop(_a);
        assert_eq!(a.block_on(in_a).unwrap(), 1);
        assert_eq!(a.block_on(again).unwrap(), 3);
    }
    assert!(Handle::try_current().is_err());
}

/// `Handle::block_on` from threads that are not the runtime's, on both flavors.
#[test]
fn handle_block_on_runs_a_future_from_another_thread() {
    for rt in [
        Builder::new_current_thread().build().unwrap(),
        Builder::new_multi_thread()
            .worker_threads(2)
            .build()
            .unwrap(),
    ] {
        let handles: Vec<_> = (0..4u64)
            .map(|i| {
                let handle = rt.handle().clone();
                std::thread::spawn(move || {
                    handle.block_on(async move {
                        let task = runtime_executor::spawn(async move { i * 10 });
                        task.await.unwrap() + 1
                    })
                })
            })
            .collect();
        let mut got: Vec<u64> = handles.into_iter().map(|t| t.join().unwrap()).collect();
        got.sort();
        assert_eq!(got, [1, 11, 21, 31]);
    }
}

/// `shutdown_background` returns while a blocking call still runs, and cancels the
/// async tasks (their destructors have run when it returns).
#[test]
fn shutdown_background_does_not_wait_for_blocking_calls() {
    struct Counted(Arc<AtomicUsize>);
    impl Drop for Counted {
        fn drop(&mut self) {
            self.0.fetch_add(1, Ordering::SeqCst);
        }
    }
    let rt = Builder::new_multi_thread()
        .worker_threads(2)
        .build()
        .unwrap();
    let dropped = Arc::new(AtomicUsize::new(0));
    let counted = Counted(dropped.clone());
    rt.spawn(async move {
        let _counted = counted;
        std::future::pending::<()>().await
    });
    let (release, wait) = mpsc::channel::<()>();
    let (started_tx, started) = mpsc::channel::<()>();
    let call = rt.spawn_blocking(move || {
        started_tx.send(()).unwrap();
        wait.recv().unwrap();
    });
    started.recv().unwrap();
    rt.shutdown_background();
    assert_eq!(dropped.load(Ordering::SeqCst), 1);
    // The blocking call is still running; let it finish.
    release.send(()).unwrap();
    drop(call);
}
