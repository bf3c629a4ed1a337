//! `Executor`: hyper's background tasks (HTTP/2 streams, a client connection's
//! driver...) spawned on the current runtime.

use std::future::Future;

/// Spawns hyper's background futures on the current runtime
/// ([`runtime::spawn`](crate::spawn)), detached.
///
/// # Panics
///
/// When hyper calls it outside a runtime, as [`spawn`](crate::spawn) does.
///
/// ```
/// use hyper::rt::Executor as _;
///
/// #[runtime::main(flavor = "current_thread")]
/// async fn main() {
///     let (done, finished) = futures::channel::oneshot::channel();
///     runtime::hyper::Executor.execute(async move { done.send(7).unwrap() });
///     assert_eq!(finished.await, Ok(7));
/// }
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct Executor;

impl<F> hyper::rt::Executor<F> for Executor
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    fn execute(&self, future: F) {
        drop(crate::spawn(future));
    }
}
