//! The seed page's two examples run to completion (issue: "the seed runs").

#[path = "../examples/deadline.rs"]
mod deadline;

#[path = "../examples/registration.rs"]
mod registration;

#[test]
fn the_deadline_example_runs() {
    deadline::main().unwrap();
}

#[test]
fn the_registration_example_runs() {
    registration::main().unwrap();
}
