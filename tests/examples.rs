//! Every example runs to completion (the seed's two, `events`, `timers`).

#[path = "../examples/deadline.rs"]
mod deadline;

#[path = "../examples/registration.rs"]
mod registration;

#[path = "../examples/events.rs"]
mod events;

#[path = "../examples/timers.rs"]
mod timers;

#[test]
fn the_seed_deadline_example_runs() {
    deadline::main().unwrap();
}

#[test]
fn the_seed_registration_example_runs() {
    registration::main().unwrap();
}

#[test]
fn the_events_example_runs() {
    events::main().unwrap();
}

#[test]
fn the_timers_example_runs() {
    timers::main();
}
