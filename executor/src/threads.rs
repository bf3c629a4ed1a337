//! How a runtime starts its threads: the name, stack size and start/stop hooks a
//! `Builder` configures, the same for every thread the runtime starts (workers, the
//! reactor thread, blocking-pool threads).

use std::fmt;
use std::io;
use std::sync::Arc;
use std::thread;

/// A hook run on a runtime thread.
pub(crate) type Hook = Arc<dyn Fn() + Send + Sync>;

/// See the module docs.
#[derive(Clone, Default)]
pub(crate) struct ThreadConfig {
    pub(crate) name: String,
    pub(crate) stack_size: Option<usize>,
    pub(crate) on_start: Option<Hook>,
    pub(crate) on_stop: Option<Hook>,
}

impl ThreadConfig {
    /// Starts a thread that runs `on_start`, then `f`, then `on_stop` (also when
    /// `f` unwinds).
    pub(crate) fn spawn<F>(&self, f: F) -> io::Result<thread::JoinHandle<()>>
    where
        F: FnOnce() + Send + 'static,
    {
        self.spawn_then(f, || ())
    }

    /// [`spawn`](Self::spawn), and `then` after `on_stop`: the thread's last word,
    /// for a pool that must count it gone only once its stop hook has run.
    pub(crate) fn spawn_then<F, T>(&self, f: F, then: T) -> io::Result<thread::JoinHandle<()>>
    where
        F: FnOnce() + Send + 'static,
        T: FnOnce() + Send + 'static,
    {
        let mut builder = thread::Builder::new().name(self.name.clone());
        if let Some(size) = self.stack_size {
            builder = builder.stack_size(size);
        }
        let on_start = self.on_start.clone();
        let on_stop = self.on_stop.clone();
        builder.spawn(move || {
            let _then = Then(Some(then));
            if let Some(on_start) = on_start {
                on_start();
            }
            let _stop = OnStop(on_stop);
            f();
        })
    }
}

/// Runs the stop hook when the thread's work ends, however it ends.
struct OnStop(Option<Hook>);

impl Drop for OnStop {
    fn drop(&mut self) {
        if let Some(on_stop) = self.0.take() {
            on_stop();
        }
    }
}

/// Runs the thread's last word (after the stop hook: dropped after `OnStop`).
struct Then<T: FnOnce()>(Option<T>);

impl<T: FnOnce()> Drop for Then<T> {
    fn drop(&mut self) {
        if let Some(then) = self.0.take() {
            then();
        }
    }
}

impl fmt::Debug for ThreadConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ThreadConfig")
            .field("name", &self.name)
            .field("stack_size", &self.stack_size)
            .field("on_start", &self.on_start.is_some())
            .field("on_stop", &self.on_stop.is_some())
            .finish()
    }
}
