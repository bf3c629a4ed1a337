//! Multi-thread flavor: a timer comes due while the only worker is busy (it never
//! parks) and still fires: busy workers fire due timers every `EVENT_INTERVAL`
//! tasks, besides the reactor thread after each poll
//! (`scheduler/multi_thread/worker.rs`).

use std::future::Future;
use std::pin::pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::task::{Context, Wake, Waker};
use std::time::Duration;

use runtime_executor::Builder;

/// A waker that only records that it was woken.
#[derive(Default)]
struct Flag(AtomicBool);

impl Wake for Flag {
    fn wake(self: Arc<Self>) {
        self.0.store(true, Ordering::SeqCst);
    }
}

#[test]
#[cfg_attr(miri, ignore = "real time")]
fn a_timer_fires_while_the_only_worker_is_busy() {
    let rt = Builder::new_multi_thread()
        .worker_threads(1)
        .build()
        .unwrap();
    let yields = rt.block_on(rt.spawn(async {
        let flag = Arc::new(Flag::default());
        let waker = Waker::from(flag.clone());
        let mut sleep = pin!(runtime_timers::sleep(Duration::from_millis(2)));
        assert!(sleep
            .as_mut()
            .poll(&mut Context::from_waker(&waker))
            .is_pending());
        // Stay busy (every yield is one trip through the worker loop) until the
        // timer's waker is called.
        let mut yields = 0u64;
        while !flag.0.load(Ordering::SeqCst) {
            runtime_executor::yield_now().await;
            yields += 1;
        }
        assert!(sleep
            .as_mut()
            .poll(&mut Context::from_waker(&waker))
            .is_ready());
        yields
    }));
    assert!(yields.unwrap() > 0);
}
