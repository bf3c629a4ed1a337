//! `#[runtime::main]` and `#[runtime::test]`: an `async fn` run on a new runtime.
//!
//! Use them through the facade, as `runtime::main` and `runtime::test`:
//!
//! ```
//! #[runtime::main]
//! async fn main() -> Result<(), Box<dyn std::error::Error>> {
//!     let answer = runtime::spawn(async { 6 * 7 }).await?;
//!     println!("{answer}");
//!     Ok(())
//! }
//! ```
//!
//! Each attribute turns the `async fn` into a plain `fn` that builds a
//! [`runtime::Builder`](../runtime/struct.Builder.html) runtime from the options and
//! calls `block_on` on the original body, whose value is the function's.
//!
//! | option | values | `main` default | `test` default |
//! |---|---|---|---|
//! | `flavor` | `"multi_thread"`, `"current_thread"` | `"multi_thread"` | `"current_thread"` |
//! | `worker_threads` | an integer ≥ 1, multi-thread only | one per core | one per core |
//! | `start_paused` | `true`, `false` (the paused clock of `runtime::time`) | `false` | `false` |
//! | `crate` | a path in a string, e.g. `"my_runtime"` | `"::runtime"` | `"::runtime"` |
//!
//! # Design
//!
//! - `options.rs` parses the arguments into an `Options` and checks them;
//!   `expand.rs` writes the wrapper, and its module doc shows the exact expansion.
//! - Misuse is a compile error that says how to fix it, spanned on the token to
//!   change: an unknown or repeated key, a value of the wrong type, `worker_threads`
//!   without the multi-thread flavor or equal to 0, a non-`async` fn, arguments on
//!   `main`, a non-fn item, a second `#[test]`. All the problems of one attribute are
//!   reported together, and the rest of the output still compiles, so they are the
//!   only errors. `tests/macros_ui.rs` in the facade checks each message.
//! - The generated code names only the facade's public API (`Builder` and
//!   `Runtime::block_on`), through the `crate` path, so the macros work under a
//!   renamed or re-exported facade.

use proc_macro::TokenStream;

mod expand;
mod options;

/// Which attribute is being expanded: it decides the default flavor, whether a
/// `#[test]` is added and how messages name the attribute.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Main,
    Test,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Main => "main",
            Kind::Test => "test",
        }
    }

    fn default_flavor(self) -> options::Flavor {
        match self {
            Kind::Main => options::Flavor::MultiThread,
            Kind::Test => options::Flavor::CurrentThread,
        }
    }
}

/// Runs an `async fn` (usually `main`) to completion on a new runtime.
///
/// The runtime is multi-thread with one worker per core unless the options say
/// otherwise: `flavor = "current_thread" | "multi_thread"`, `worker_threads = N`
/// (multi-thread only, N ≥ 1), `start_paused = bool`, `crate = "path"` (the facade's
/// path, `::runtime` by default). The function may return any type, such as a
/// `Result` for `?`.
///
/// ```
/// use std::time::Duration;
///
/// #[runtime::main(flavor = "multi_thread", worker_threads = 2)]
/// async fn main() -> std::io::Result<()> {
///     let task = runtime::spawn(async {
///         runtime::time::sleep(Duration::from_millis(1)).await;
///         "slept"
///     });
///     assert_eq!(task.await.unwrap(), "slept");
///     Ok(())
/// }
/// ```
///
/// It may also go on another function, which then blocks its caller:
///
/// ```
/// #[runtime::main(flavor = "current_thread")]
/// async fn answer() -> u32 {
///     runtime::spawn(async { 42 }).await.unwrap()
/// }
///
/// assert_eq!(answer(), 42);
/// ```
#[proc_macro_attribute]
pub fn main(args: TokenStream, item: TokenStream) -> TokenStream {
    expand::expand(Kind::Main, args.into(), item.into()).into()
}

/// Runs an `async fn` test on a new runtime.
///
/// The runtime is current-thread unless the options say otherwise; they are those of
/// [`macro@main`]. The test may return a `Result`, and keeps its other attributes
/// (`#[should_panic]`, `#[ignore]`, ...); do not add `#[test]` as well.
///
/// ```
/// use std::time::Duration;
///
/// #[runtime::test(start_paused = true)]
/// async fn an_hour_passes_instantly() {
///     let start = runtime::time::now();
///     runtime::time::sleep(Duration::from_secs(3600)).await;
///     assert_eq!(runtime::time::now() - start, Duration::from_secs(3600));
/// }
/// # fn main() {} // A doc test is not built with `--test`: this one only compiles.
/// ```
///
/// `tests/macros_test.rs` in the facade runs tests like this one.
#[proc_macro_attribute]
pub fn test(args: TokenStream, item: TokenStream) -> TokenStream {
    expand::expand(Kind::Test, args.into(), item.into()).into()
}
