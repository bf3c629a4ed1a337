//! The multi-thread flavor's reactor thread: drives the `Poll` while workers run
//! tasks.
//!
//! ```text
//! loop:
//!   closed? → exit
//!   paused clock and runtime idle (every worker parked, queues empty, no blocking
//!     task)? → poll without blocking; if nothing came and still idle, `advance_to_next`
//!     (the timer driver jumps its clock and fires); loop
//!   park: poll until an event, the next deadline or a wake-up; dispatch; fire timers
//! ```
//!
//! The last worker to park, or a `block_on` caller that parks leaving the runtime
//! idle, wakes this thread when the clock is paused, so the idle check runs as soon
//! as the runtime goes idle (`scheduler/multi_thread/worker.rs`, `runtime.rs`).
//! Missing that request would leave a paused runtime asleep until its next deadline
//! in real time (a day, for a test's `sleep(86_400 s)`). The request is an
//! interrupt of the `Poll` (`Shared::request_idle_check`), sticky (SPEC I2): one
//! that comes between the idle check below and the sleep ends that sleep at once,
//! and the loop comes back to its idle check.
//! Busy workers fire due timers too, every `EVENT_INTERVAL` tasks: with every core
//! running tasks, this thread may wait a whole time slice for a core.

use std::sync::atomic::Ordering;
use std::time::Duration;

use crate::handle::Handle;
use crate::scheduler::multi_thread;

/// Runs the reactor loop until the runtime closes.
pub(crate) fn run(handle: &Handle, scheduler: &multi_thread::Shared) {
    let _current = crate::context::set_current(handle);
    let inner = &*handle.inner;
    let driver = &inner.driver;
    // ORDERING: Acquire pairs with the shutdown's SeqCst store; the shutdown wakes
    // this thread after storing, so a stale `false` only costs one more turn.
    let closed = || inner.closed.load(Ordering::Acquire);
    while !closed() {
        let time = driver.time();
        if time.is_paused() && scheduler.is_idle() && inner.blocking.is_idle() {
            let dispatched = driver.turn(Some(Duration::ZERO));
            if dispatched > 0 {
                continue;
            }
            if scheduler.is_idle() && time.advance_to_next() {
                continue;
            }
        }
        driver.park(&closed);
    }
}
