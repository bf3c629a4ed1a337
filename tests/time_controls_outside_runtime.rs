//! `runtime::time::{pause, resume, advance}` outside a runtime panic with a message
//! naming the fix, at the caller's line (`#[track_caller]`), and leave the
//! process-wide clock running: a sleep on a plain thread still completes. One test
//! in this file: it swaps the process's panic hook.

use std::panic::catch_unwind;
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[test]
fn clock_controls_outside_a_runtime_panic_and_the_process_clock_runs_on() {
    // Watchdog: a paused process-wide clock would make the sleep below hang.
    let (disarm, armed) = std::sync::mpsc::channel::<()>();
    std::thread::spawn(move || {
        if let Err(std::sync::mpsc::RecvTimeoutError::Timeout) =
            armed.recv_timeout(Duration::from_secs(60))
        {
            eprintln!("watchdog: a sleep outside a runtime hangs (the process clock is paused)");
            std::process::abort();
        }
    });

    let locations: Arc<Mutex<Vec<(String, u32)>>> = Arc::default();
    let seen = locations.clone();
    let previous_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if let Some(location) = info.location() {
            seen.lock()
                .unwrap()
                .push((location.file().to_owned(), location.line()));
        }
    }));
    let mut caught = Vec::new();
    let mut expected_lines = Vec::new();
    for name in ["pause", "resume", "advance"] {
        let (line, result) = match name {
            "pause" => (line!(), catch_unwind(|| runtime::time::pause())),
            "resume" => (line!(), catch_unwind(|| runtime::time::resume())),
            _ => (
                line!() + 1,
                catch_unwind(|| runtime::time::advance(Duration::from_secs(1))),
            ),
        };
        expected_lines.push(line);
        let payload = result.expect_err(name);
        caught.push((
            name,
            payload.downcast::<String>().map(|s| *s).unwrap_or_default(),
        ));
    }
    std::panic::set_hook(previous_hook);

    for (name, message) in &caught {
        assert_eq!(
            message,
            &format!(
                "runtime::time::{name} called outside a runtime: it controls a runtime's \
                 clock; call it inside Runtime::block_on or a task (or build the runtime \
                 with Builder::start_paused(true))"
            )
        );
    }
    // `#[track_caller]`: each panic points at the call in this file.
    let locations = locations.lock().unwrap().clone();
    let expected: Vec<_> = expected_lines
        .iter()
        .map(|line| (file!().to_owned(), *line))
        .collect();
    assert_eq!(locations, expected);

    // The process-wide clock was left running: a plain thread's sleep completes.
    futures::executor::block_on(runtime::time::sleep(Duration::from_millis(1)));
    drop(disarm);

    // Inside a runtime, the same calls work.
    let rt = runtime::Builder::new_current_thread().build().unwrap();
    rt.block_on(async {
        runtime::time::pause();
        let before = runtime::time::now();
        runtime::time::advance(Duration::from_secs(5));
        assert_eq!(runtime::time::now() - before, Duration::from_secs(5));
        runtime::time::resume();
    });
}
