//! Compile-time checks of `#[runtime::main]` and `#[runtime::test]`: each misuse is an
//! error whose message names the fix (`tests/ui/*.rs` against their `.stderr`), and a
//! real `fn main` builds and runs (`tests/ui/pass`). Regenerate the expected output
//! with `TRYBUILD=overwrite cargo test --test macros_ui`, then read the diff.

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
    t.pass("tests/ui/pass/*.rs");
}
