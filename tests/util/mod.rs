//! Shared by the misuse tests: catch a panic with its message and location.

#![allow(dead_code)]

use std::cell::{Cell, RefCell};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Once;

/// A caught panic: its message and where the panic hook said it happened.
#[derive(Debug)]
pub struct Caught {
    pub message: String,
    pub file: String,
    pub line: u32,
}

thread_local! {
    static CATCHING: Cell<bool> = const { Cell::new(false) };
    static LOCATION: RefCell<Option<(String, u32)>> = const { RefCell::new(None) };
}

/// Runs `f`, which must panic on this thread; returns the panic's message and
/// location. Panics elsewhere (other threads, other tests) still reach the hook
/// that was installed before, so real failures are reported as usual.
pub fn catch_panic<R>(f: impl FnOnce() -> R) -> Caught {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if CATCHING.with(Cell::get) {
                let location = info.location().map(|l| (l.file().to_owned(), l.line()));
                LOCATION.with(|slot| *slot.borrow_mut() = location);
            } else {
                previous(info);
            }
        }));
    });
    CATCHING.with(|c| c.set(true));
    let result = catch_unwind(AssertUnwindSafe(f));
    CATCHING.with(|c| c.set(false));
    let Err(payload) = result else {
        panic!("expected a panic");
    };
    let message = payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_default();
    let (file, line) = LOCATION
        .with(|slot| slot.borrow_mut().take())
        .unwrap_or_default();
    Caught {
        message,
        file,
        line,
    }
}
