//! Current-thread flavor: tasks run on the caller's thread, `spawn_local`, several
//! `block_on` callers, wake-ups from foreign threads.

mod util;

use std::rc::Rc;
use std::sync::Arc;
use std::thread;

use runtime_executor::Builder;

#[test]
fn tasks_run_on_the_block_on_thread() {
    let rt = Builder::new_current_thread().build().unwrap();
    let me = thread::current().id();
    let ran_on = rt
        .block_on(rt.spawn(async { thread::current().id() }))
        .unwrap();
    assert_eq!(ran_on, me);
}

#[test]
fn spawn_local_runs_not_send_futures() {
    let rt = Builder::new_current_thread().build().unwrap();
    let shared = Rc::new(std::cell::Cell::new(0));
    let handles: Vec<_> = rt.block_on(async {
        (0..10)
            .map(|i| {
                let shared = shared.clone();
                runtime_executor::spawn_local(async move {
                    runtime_executor::yield_now().await;
                    shared.set(shared.get() + i);
                })
            })
            .collect()
    });
    // Run by a later block_on on the same thread.
    rt.block_on(async {
        for handle in handles {
            handle.await.unwrap();
        }
    });
    assert_eq!(shared.get(), 45);
    assert_eq!(Rc::strong_count(&shared), 1);
}

#[test]
fn a_foreign_thread_wakes_a_sleeping_block_on() {
    let rt = Builder::new_current_thread().build().unwrap();
    let (tx, rx) = futures::channel::oneshot::channel();
    let sender = thread::spawn(move || tx.send(11).unwrap());
    assert_eq!(rt.block_on(rx).unwrap(), 11);
    sender.join().unwrap();
}

#[test]
fn handle_spawn_from_a_foreign_thread_runs_in_block_on() {
    let rt = Builder::new_current_thread().build().unwrap();
    let handle = rt.handle().clone();
    let task = thread::spawn(move || handle.spawn(async { 3 }))
        .join()
        .unwrap();
    assert_eq!(rt.block_on(task).unwrap(), 3);
}

#[test]
fn two_threads_block_on_one_runtime() {
    let rt = Arc::new(Builder::new_current_thread().build().unwrap());
    let (tx, rx) = futures::channel::oneshot::channel::<u32>();
    let other = {
        let rt = rt.clone();
        thread::spawn(move || rt.block_on(async move { rx.await.unwrap() + 1 }))
    };
    let task = rt.spawn(async move { tx.send(41).unwrap() });
    rt.block_on(task).unwrap();
    assert_eq!(other.join().unwrap(), 42);
}
