//! Under loom: the kernel half of a `Poll` as a flag and a condition variable, so
//! that the loom models drive the real `Poll::poll` (and the executor's models the
//! real driver on top of it).
//!
//! There are no OS sources and no clock: `select` with a zero timeout only takes a
//! pending wake-up; any other timeout waits for one (a model's poll is never meant
//! to time out). `Poll::pretend_os_source` makes a `Poll` sleep here rather than
//! park, as it does with OS sources registered.

use std::io;
use std::sync::Arc;
use std::time::Duration;

use loom::sync::{Condvar, Mutex};

use crate::readiness_queue::WakeUp;
use crate::{Ready, Token};

/// See the module docs.
pub(crate) struct Kernel {
    shared: Arc<Shared>,
}

#[derive(Debug, Default)]
struct Shared {
    woken: Mutex<bool>,
    cond: Condvar,
}

#[derive(Debug)]
struct Waker(Arc<Shared>);

impl WakeUp for Waker {
    fn wake(&self) -> io::Result<()> {
        *self.0.woken.lock().unwrap() = true;
        self.0.cond.notify_one();
        Ok(())
    }
}

/// No registry: the model has no OS sources.
pub(crate) type Registry = ();

impl Kernel {
    /// The model and its wake-up.
    pub(crate) fn new() -> io::Result<(Kernel, Box<dyn WakeUp>, Registry)> {
        let shared = Arc::new(Shared::default());
        Ok((
            Kernel {
                shared: shared.clone(),
            },
            Box::new(Waker(shared)),
            (),
        ))
    }

    /// Takes a pending wake-up, waiting for one unless `timeout` is zero.
    pub(crate) fn select(
        &mut self,
        timeout: Option<Duration>,
        _: impl FnMut(Token, Ready),
    ) -> io::Result<()> {
        let mut woken = self.shared.woken.lock().unwrap();
        if timeout != Some(Duration::ZERO) {
            while !*woken {
                woken = self.shared.cond.wait(woken).unwrap();
            }
        }
        *woken = false;
        Ok(())
    }
}
