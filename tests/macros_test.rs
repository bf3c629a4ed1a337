//! `#[runtime::test]`: the runtime it builds, `Result` tests, and the attributes it
//! keeps (`#[should_panic]`, `#[ignore]`).

use std::error::Error;
use std::thread;
use std::time::{Duration, Instant};

extern crate runtime as rt_alias;

#[runtime::test]
async fn defaults_to_current_thread() {
    let here = thread::current().id();
    let spawned = runtime::spawn(async { thread::current().id() })
        .await
        .unwrap();
    assert_eq!(spawned, here);
    #[cfg(feature = "metrics")]
    assert_eq!(runtime::Handle::current().metrics().workers, 1);
}

#[runtime::test(flavor = "multi_thread", worker_threads = 2)]
async fn multi_thread_runs_tasks_on_workers() {
    let here = thread::current().id();
    let spawned = runtime::spawn(async { thread::current().id() })
        .await
        .unwrap();
    assert_ne!(spawned, here);
    #[cfg(feature = "metrics")]
    assert_eq!(runtime::Handle::current().metrics().workers, 2);
}

#[cfg(feature = "metrics")]
#[runtime::test(flavor = "multi_thread")]
async fn multi_thread_defaults_to_one_worker_per_core() {
    let cores = thread::available_parallelism().unwrap().get();
    assert_eq!(runtime::Handle::current().metrics().workers, cores);
}

#[runtime::test(start_paused = true)]
async fn start_paused_current_thread() {
    let (real, start) = (Instant::now(), runtime::time::now());
    runtime::time::sleep(Duration::from_secs(3600)).await;
    assert_eq!(runtime::time::now() - start, Duration::from_secs(3600));
    assert!(
        real.elapsed() < Duration::from_secs(60),
        "{:?}",
        real.elapsed()
    );
}

#[runtime::test(flavor = "multi_thread", worker_threads = 2, start_paused = true)]
async fn start_paused_multi_thread() {
    let start = runtime::time::now();
    let sleeper = runtime::spawn(async {
        runtime::time::sleep(Duration::from_secs(3600)).await;
        runtime::time::now()
    });
    assert_eq!(sleeper.await.unwrap() - start, Duration::from_secs(3600));
}

#[runtime::test]
async fn returns_ok() -> Result<(), Box<dyn Error>> {
    // `?` converts into the declared error type.
    let n: u32 = "42".parse()?;
    assert_eq!(n, 42);
    Ok(())
}

#[runtime::test]
async fn returns_io_result() -> std::io::Result<()> {
    std::fs::metadata(".")?;
    Ok(())
}

#[runtime::test]
#[should_panic(expected = "from the test")]
async fn should_panic_is_kept() {
    runtime::yield_now().await;
    panic!("from the test");
}

#[runtime::test(flavor = "multi_thread", worker_threads = 2)]
#[should_panic(expected = "task failed")]
async fn should_panic_on_multi_thread() {
    let result = runtime::spawn(async { panic!("in a task") }).await;
    assert!(result.unwrap_err().is_panic());
    panic!("task failed");
}

#[runtime::test]
#[ignore = "checks that #[ignore] is kept: it would fail if run"]
async fn ignore_is_kept() {
    panic!("an ignored test ran");
}

#[rt_alias::test(crate = "rt_alias")]
async fn crate_path_alias() {
    assert_eq!(rt_alias::spawn(async { 3 }).await.unwrap(), 3);
}

/// The generated test is an ordinary `fn`: attributes on it such as `#[cfg]` and doc
/// comments keep working.
#[runtime::test]
#[cfg(not(miri))]
async fn other_attributes_are_kept() {}
