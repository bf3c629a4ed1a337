// Every misuse of the attributes' options; each must be a compile error, spanned on
// the token to change, whose message says what to write instead.
#![allow(dead_code)]

#[runtime::main(flavour = "current_thread")]
async fn misspelt_key() {}

#[runtime::test(threads = 2)]
async fn unknown_key() {}

#[runtime::main(flavor = "current_thread", flavor = "multi_thread")]
async fn duplicate_key() {}

#[runtime::main(worker_threads = "2")]
async fn worker_threads_as_a_string() {}

#[runtime::main(worker_threads = two)]
async fn worker_threads_not_a_literal() {}

#[runtime::main(worker_threads = 0)]
async fn zero_worker_threads() {}

#[runtime::main(flavor = "bogus")]
async fn unknown_flavor() {}

#[runtime::main(flavor = multi_thread)]
async fn unquoted_flavor() {}

#[runtime::test(start_paused = 1)]
async fn start_paused_not_a_bool() {}

#[runtime::test(start_paused)]
async fn start_paused_without_a_value() {}

#[runtime::main(flavor = "current_thread", worker_threads = 2)]
async fn worker_threads_with_current_thread() {}

#[runtime::test(worker_threads = 2)]
async fn worker_threads_with_the_default_test_flavor() {}

#[runtime::main(crate = runtime)]
async fn unquoted_crate() {}

#[runtime::main(crate = "not a path")]
async fn crate_not_a_path() {}

#[runtime::main("multi_thread")]
async fn not_a_key() {}

fn main() {}
