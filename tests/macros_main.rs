//! `#[runtime::main]`: the runtime it builds (flavor, workers, paused clock, the
//! `crate` path) and the values it returns. The attribute goes on plain functions
//! here, which block their caller, so each test can call one; `tests/ui/pass` runs a
//! real `fn main`.

use std::error::Error;
use std::thread::{self, ThreadId};
use std::time::{Duration, Instant};

extern crate runtime as rt_alias;

/// Where a task spawned from the body ran, and the runtime's worker count (which
/// only `Handle::metrics` shows).
struct Observed {
    body: ThreadId,
    spawned: ThreadId,
    #[cfg(feature = "metrics")]
    workers: usize,
}

async fn observe() -> Observed {
    Observed {
        body: thread::current().id(),
        spawned: runtime::spawn(async { thread::current().id() })
            .await
            .unwrap(),
        #[cfg(feature = "metrics")]
        workers: runtime::Handle::current().metrics().workers,
    }
}

#[runtime::main]
async fn default_flavor() -> Observed {
    observe().await
}

#[runtime::main(worker_threads = 3)]
async fn three_workers() -> Observed {
    observe().await
}

#[runtime::main(flavor = "multi_thread", worker_threads = 1)]
async fn one_worker() -> Observed {
    observe().await
}

#[runtime::main(flavor = "current_thread")]
async fn current_thread() -> Observed {
    observe().await
}

#[test]
fn defaults_to_multi_thread_with_one_worker_per_core() {
    let observed = default_flavor();
    #[cfg(feature = "metrics")]
    assert_eq!(
        observed.workers,
        thread::available_parallelism().unwrap().get()
    );
    assert_eq!(
        observed.body,
        thread::current().id(),
        "block_on runs the body here"
    );
    assert_ne!(
        observed.spawned,
        thread::current().id(),
        "tasks run on workers"
    );
}

#[test]
fn worker_threads_sets_the_number_of_workers() {
    let observed = three_workers();
    #[cfg(feature = "metrics")]
    assert_eq!(observed.workers, 3);
    assert_ne!(observed.spawned, observed.body);
    let observed = one_worker();
    #[cfg(feature = "metrics")]
    assert_eq!(observed.workers, 1);
    assert_ne!(
        observed.spawned, observed.body,
        "still a worker thread, not the caller"
    );
}

#[test]
fn current_thread_runs_everything_on_the_caller() {
    let observed = current_thread();
    #[cfg(feature = "metrics")]
    assert_eq!(observed.workers, 1);
    assert_eq!(observed.body, thread::current().id());
    assert_eq!(observed.spawned, thread::current().id());
}

#[runtime::main(start_paused = true)]
async fn sleep_an_hour() -> Duration {
    let start = runtime::time::now();
    runtime::time::sleep(Duration::from_secs(3600)).await;
    runtime::time::now() - start
}

#[runtime::main(flavor = "current_thread", start_paused = false)]
async fn sleep_a_little() -> Duration {
    let start = runtime::time::now();
    runtime::time::sleep(Duration::from_millis(20)).await;
    runtime::time::now() - start
}

#[test]
fn start_paused_makes_an_hour_pass_instantly() {
    let real = Instant::now();
    assert_eq!(sleep_an_hour(), Duration::from_secs(3600));
    assert!(
        real.elapsed() < Duration::from_secs(60),
        "{:?}",
        real.elapsed()
    );
}

#[test]
fn start_paused_false_keeps_the_clock_running() {
    let real = Instant::now();
    assert!(sleep_a_little() >= Duration::from_millis(20));
    assert!(real.elapsed() >= Duration::from_millis(20));
}

#[rt_alias::main(crate = "rt_alias", flavor = "current_thread")]
async fn through_an_alias() -> u32 {
    rt_alias::spawn(async { 7 }).await.unwrap()
}

#[test]
fn crate_names_the_facade_under_another_name() {
    assert_eq!(through_an_alias(), 7);
}

/// A stand-in facade that records that the generated code went through it.
mod facade {
    use std::sync::atomic::{AtomicUsize, Ordering};

    pub static BUILT: AtomicUsize = AtomicUsize::new(0);

    pub struct Builder(runtime::Builder);

    impl Builder {
        pub fn new_current_thread() -> Builder {
            Builder(runtime::Builder::new_current_thread())
        }
        pub fn new_multi_thread() -> Builder {
            Builder(runtime::Builder::new_multi_thread())
        }
        pub fn worker_threads(&mut self, n: usize) -> &mut Builder {
            self.0.worker_threads(n);
            self
        }
        pub fn start_paused(&mut self, paused: bool) -> &mut Builder {
            self.0.start_paused(paused);
            self
        }
        pub fn build(&mut self) -> std::io::Result<runtime::Runtime> {
            BUILT.fetch_add(1, Ordering::Relaxed);
            self.0.build()
        }
    }
}

#[runtime::main(crate = "crate::facade", worker_threads = 2, start_paused = true)]
async fn through_a_path() -> Observed {
    observe().await
}

#[runtime::main(crate = "crate::facade", flavor = "current_thread")]
async fn through_a_path_current_thread() -> Observed {
    observe().await
}

#[test]
fn crate_path_is_the_only_path_used() {
    use std::sync::atomic::Ordering;
    assert_eq!(facade::BUILT.load(Ordering::Relaxed), 0);
    let observed = through_a_path();
    assert_ne!(observed.spawned, observed.body, "multi-thread");
    #[cfg(feature = "metrics")]
    assert_eq!(observed.workers, 2);
    assert_eq!(facade::BUILT.load(Ordering::Relaxed), 1);
    let observed = through_a_path_current_thread();
    assert_eq!(observed.spawned, observed.body, "current-thread");
    #[cfg(feature = "metrics")]
    assert_eq!(observed.workers, 1);
    assert_eq!(facade::BUILT.load(Ordering::Relaxed), 2);
}

#[runtime::main(flavor = "current_thread")]
async fn read_missing_file() -> Result<String, Box<dyn Error>> {
    // `?` converts `io::Error` into the declared `Box<dyn Error>`: the async body's
    // output type comes from the function's return type.
    let text = std::fs::read_to_string("/nonexistent/runtime-macros-test")?;
    Ok(text)
}

#[runtime::main(flavor = "current_thread")]
async fn early_return(n: u32) -> Result<u32, String> {
    if n == 0 {
        return Err("zero".to_string());
    }
    Ok(runtime::spawn(async move { n * 2 }).await.unwrap())
}

#[test]
fn results_and_early_returns_come_back_to_the_caller() {
    let err = read_missing_file().unwrap_err();
    assert!(err.downcast_ref::<std::io::Error>().is_some(), "{err}");
    assert_eq!(early_return(0), Err("zero".to_string()));
    assert_eq!(early_return(4), Ok(8));
}

#[runtime::main(flavor = "current_thread")]
async fn panics() {
    runtime::yield_now().await;
    panic!("from the body");
}

#[test]
fn a_panic_in_the_body_reaches_the_caller() {
    let panic = std::panic::catch_unwind(panics).unwrap_err();
    assert_eq!(panic.downcast_ref::<&str>(), Some(&"from the body"));
}

#[runtime::main(flavor = "current_thread")]
async fn diverges() -> u32 {
    // No "unreachable code" warning from the generated code (clippy's `-D warnings`
    // builds this file).
    panic!("diverged")
}

#[runtime::main(flavor = "current_thread")]
async fn returns_impl_trait() -> impl std::fmt::Display {
    runtime::spawn(async { 5 }).await.unwrap()
}

#[runtime::main(flavor = "current_thread")]
async fn returns_nested_impl_trait() -> Option<impl std::fmt::Debug> {
    Some(runtime::spawn(async { 1 }).await.unwrap())
}

#[test]
fn any_return_type_works() {
    assert!(std::panic::catch_unwind(diverges).is_err());
    assert_eq!(returns_impl_trait().to_string(), "5");
    assert_eq!(format!("{:?}", returns_nested_impl_trait()), "Some(1)");
}
