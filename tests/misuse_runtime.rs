//! Misuse of the runtime API and what it gets (docs/misuse.md): each test is one
//! row of the catalogue, asserting the exact panic message (and, where the
//! function has `#[track_caller]`, that the panic names this file) or the exact
//! error kind and message.

mod util;

use std::future::Future;
use std::io::ErrorKind;
use std::pin::Pin;
use std::task::Context;

use runtime::{Async, Builder, Handle, Ready, Registration};
use util::catch_panic;

fn current_thread() -> runtime::Runtime {
    Builder::new_current_thread().build().unwrap()
}

#[test]
fn spawn_outside_a_runtime() {
    let caught = catch_panic(|| runtime::spawn(async {}));
    assert_eq!(
        caught.message,
        "spawn called outside a runtime: call it from within Runtime::block_on or a \
         spawned task, or use Handle::spawn"
    );
    assert_eq!(caught.file, file!());
}

#[test]
fn spawn_blocking_outside_a_runtime() {
    let caught = catch_panic(|| runtime::spawn_blocking(|| ()));
    assert_eq!(
        caught.message,
        "spawn_blocking called outside a runtime: call it from within \
         Runtime::block_on or a spawned task, or use Handle::spawn_blocking"
    );
    assert_eq!(caught.file, file!());
}

#[test]
fn spawn_local_outside_a_current_thread_block_on() {
    let expected = "spawn_local called outside the block_on of a current-thread runtime: \
                    build one with Builder::new_current_thread and call spawn_local from \
                    within its block_on";
    let caught = catch_panic(|| runtime::spawn_local(async {}));
    assert_eq!(
        (caught.message.as_str(), caught.file.as_str()),
        (expected, file!())
    );
    let rt = Builder::new_multi_thread()
        .worker_threads(1)
        .build()
        .unwrap();
    let caught = rt.block_on(async { catch_panic(|| runtime::spawn_local(async {})) });
    assert_eq!(
        (caught.message.as_str(), caught.file.as_str()),
        (expected, file!())
    );
}

#[test]
fn handle_current_outside_a_runtime() {
    let expected = "there is no runtime: called outside a runtime; call it from within \
                    `Runtime::block_on` or a spawned task, or use a `Handle`";
    let caught = catch_panic(|| Handle::current());
    assert_eq!(
        (caught.message.as_str(), caught.file.as_str()),
        (expected, file!())
    );
    assert_eq!(Handle::try_current().unwrap_err().to_string(), expected);
}

#[test]
fn block_on_inside_a_runtime() {
    let expected = "cannot start a runtime from within a runtime: `block_on` was called \
                    from a thread that is already driving a runtime (inside `block_on` or a \
                    spawned task); `.await` the future instead, or move the blocking call to \
                    `spawn_blocking`";
    let rt = current_thread();
    let inner = current_thread();
    let caught = rt.block_on(async { catch_panic(|| inner.block_on(async {})) });
    assert_eq!(caught.message, expected);
    // From a task: the task panics with the same message.
    let rt = Builder::new_multi_thread()
        .worker_threads(1)
        .build()
        .unwrap();
    let err = rt
        .block_on(rt.spawn(async { runtime::block_on(async {}) }))
        .unwrap_err();
    assert_eq!(util_message(err.into_panic()), expected);
}

fn util_message(payload: Box<dyn std::any::Any + Send>) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_default()
}

#[test]
fn builder_with_zero_workers_or_blocking_threads() {
    let caught = catch_panic(|| {
        Builder::new_multi_thread().worker_threads(0);
    });
    assert_eq!(caught.message, "worker_threads must be at least 1");
    let caught = catch_panic(|| {
        Builder::new_current_thread().max_blocking_threads(0);
    });
    assert_eq!(caught.message, "max_blocking_threads must be at least 1");
}

#[test]
fn join_handle_polled_after_it_resolved() {
    let rt = current_thread();
    let caught = rt.block_on(async {
        let mut handle = runtime::spawn(async { 5 });
        assert_eq!((&mut handle).await.unwrap(), 5);
        assert!(handle.is_finished());
        handle.abort(); // a no-op now
        catch_panic(|| {
            let waker = futures::task::noop_waker();
            Pin::new(&mut handle).poll(&mut Context::from_waker(&waker))
        })
    });
    assert_eq!(
        caught.message,
        "a JoinHandle was polled after it resolved: it gives the task's result once; \
         keep the result of the first `.await`"
    );
}

#[test]
fn join_error_into_panic_on_a_cancellation() {
    let rt = current_thread();
    let err = rt.block_on(async {
        let task = runtime::spawn(std::future::pending::<()>());
        task.abort();
        task.await.unwrap_err()
    });
    let caught = catch_panic(move || err.into_panic());
    assert_eq!(
        caught.message,
        "`JoinError::into_panic` called on a cancellation, not a panic: check \
         `is_panic()` first, or use `try_into_panic`"
    );
    assert_eq!(caught.file, file!());
}

#[test]
fn async_new_outside_a_runtime() {
    let (registration, _set) = Registration::new2();
    let err = Async::new(registration).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Other);
    assert_eq!(
        err.to_string(),
        "`Async::new` called outside a runtime: call it from within \
         `Runtime::block_on` or a spawned task"
    );
}

#[test]
fn async_new_twice_on_one_registration() {
    let rt = current_thread();
    let (registration, _set) = Registration::new2();
    let err = rt.block_on(async {
        let _first = Async::new(&registration).unwrap();
        Async::new(&registration).map(drop).unwrap_err()
    });
    assert_eq!(err.kind(), ErrorKind::AlreadyExists);
    assert_eq!(
        err.to_string(),
        "this registration is already registered with this Poll (an Async's, if an Async \
         owns it); use reregister to change it, or share that Async"
    );
    // The first one was dropped: the registration is free again.
    rt.block_on(async { Async::new(&registration).map(drop) })
        .unwrap();
}

#[test]
fn async_awaited_after_its_runtime_is_gone() {
    let rt = current_thread();
    let (registration, _set) = Registration::new2();
    let source = rt.block_on(async { Async::new(registration) }).unwrap();
    drop(rt);
    let err = futures::executor::block_on(source.readable()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Other);
    assert_eq!(err.to_string(), "the runtime of this `Async` is shut down");
    let err = futures::executor::block_on(source.ready(Ready::writable())).unwrap_err();
    assert_eq!(err.to_string(), "the runtime of this `Async` is shut down");
}

#[test]
fn a_runtime_dropped_inside_its_own_task() {
    let rt = Builder::new_multi_thread()
        .worker_threads(2)
        .build()
        .unwrap();
    let handle = rt.handle().clone();
    let task = handle.spawn(async move {
        drop(rt);
        "dropped"
    });
    assert_eq!(futures::executor::block_on(task).unwrap(), "dropped");
}
