//! The attribute's arguments: `flavor`, `worker_threads`, `start_paused`, `crate`.
//!
//! Arguments are parsed as a comma-separated list of `key = expression`, so that a
//! wrong value (`worker_threads = "2"`, `start_paused = 1`, `flavor = bogus`) is still
//! parsed and then rejected with a message that shows the right spelling, instead of
//! syn's generic "expected literal". Every problem found is reported, each spanned on
//! the token to change; one pass over the list collects them all.
//!
//! Invariants of a successfully parsed [`Options`]:
//! - `worker_threads` is `Some(n)` only with `Flavor::MultiThread`, and then `n >= 1`;
//! - each key was given at most once.

use proc_macro2::TokenStream;
use quote::ToTokens;
use syn::ext::IdentExt;
use syn::parse::{Parse, ParseStream, Parser};
use syn::punctuated::Punctuated;
use syn::{Expr, ExprLit, Ident, Lit, Token};

use crate::Kind;

/// The options every key may have, in the order the messages list them.
const KEYS: [&str; 4] = ["flavor", "worker_threads", "start_paused", "crate"];

/// Which scheduler the generated runtime uses.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Flavor {
    /// `Builder::new_current_thread`: everything on the thread that runs the fn.
    CurrentThread,
    /// `Builder::new_multi_thread`: work-stealing workers.
    MultiThread,
}

impl Flavor {
    /// How the user spells it in `flavor = "..."`.
    fn name(self) -> &'static str {
        match self {
            Flavor::CurrentThread => "current_thread",
            Flavor::MultiThread => "multi_thread",
        }
    }

    /// How the generated `expect` message names it.
    pub(crate) fn describe(self) -> &'static str {
        match self {
            Flavor::CurrentThread => "current-thread",
            Flavor::MultiThread => "multi-thread",
        }
    }
}

/// The runtime the attribute asked for.
pub(crate) struct Options {
    pub(crate) flavor: Flavor,
    /// `Some` only with the multi-thread flavor, and then at least 1.
    pub(crate) worker_threads: Option<usize>,
    /// `None` leaves the builder's default (a running clock).
    pub(crate) start_paused: Option<bool>,
    /// The path to the facade crate, `::runtime` unless `crate = "..."` says otherwise.
    pub(crate) crate_path: syn::Path,
}

impl Options {
    /// The options for `kind` when the attribute has no arguments.
    pub(crate) fn defaults(kind: Kind) -> Options {
        Options {
            flavor: kind.default_flavor(),
            worker_threads: None,
            start_paused: None,
            crate_path: syn::parse_quote!(::runtime),
        }
    }

    /// Parses and checks the attribute's arguments; every problem is in the error.
    pub(crate) fn parse(kind: Kind, args: TokenStream) -> syn::Result<Options> {
        let args = Punctuated::<Arg, Token![,]>::parse_terminated.parse2(args)?;
        let mut errors = Errors::default();
        let mut seen: Vec<Ident> = Vec::new();
        let mut options = Options::defaults(kind);
        // The key and value of `flavor` and `worker_threads`, to check them together.
        let mut flavor: Option<&Arg> = None;
        let mut worker_threads: Option<&Arg> = None;

        for arg in &args {
            let name = arg.key.unraw().to_string();
            let Some(&key) = KEYS.iter().find(|&&k| k == name) else {
                errors.push(syn::Error::new(arg.key.span(), unknown_key(kind, &name)));
                continue;
            };
            if seen.iter().any(|s| s == key) {
                errors.push(syn::Error::new(
                    arg.key.span(),
                    format!("`{key}` is given twice: keep one of them"),
                ));
                continue;
            }
            seen.push(arg.key.clone());
            let Some(value) = &arg.value else {
                errors.push(syn::Error::new(
                    arg.key.span(),
                    format!("`{key}` needs a value: write {}", example(key)),
                ));
                continue;
            };
            let parsed = match key {
                "flavor" => parse_flavor(value).map(|f| {
                    options.flavor = f;
                    flavor = Some(arg);
                }),
                "worker_threads" => parse_worker_threads(value).map(|n| {
                    options.worker_threads = Some(n);
                    worker_threads = Some(arg);
                }),
                "start_paused" => parse_start_paused(value).map(|b| options.start_paused = Some(b)),
                "crate" => parse_crate(value).map(|p| options.crate_path = p),
                _ => unreachable!("every entry of KEYS has a parser"),
            };
            if let Err(e) = parsed {
                errors.push(e);
            }
        }

        if let (Some(arg), Flavor::CurrentThread) = (worker_threads, options.flavor) {
            let message = match flavor {
                Some(_) => "`worker_threads` does not apply to `flavor = \"current_thread\"`, \
                            which runs everything on the calling thread: remove \
                            `worker_threads`, or use `flavor = \"multi_thread\"`"
                    .to_string(),
                None => format!(
                    "`#[runtime::{}]` runs on the current thread by default, so \
                     `worker_threads` needs `flavor = \"multi_thread\"`: add it, or remove \
                     `worker_threads`",
                    kind.name()
                ),
            };
            errors.push(syn::Error::new_spanned(arg, message));
        }

        errors.finish().map(|()| options)
    }
}

/// One `key` or `key = value` of the argument list.
struct Arg {
    key: Ident,
    value: Option<(Token![=], Expr)>,
}

impl Parse for Arg {
    fn parse(input: ParseStream<'_>) -> syn::Result<Arg> {
        // `parse_any` so that the keyword `crate` is accepted as a key.
        let key = input.call(Ident::parse_any).map_err(|e| {
            syn::Error::new(
                e.span(),
                "expected an option such as `flavor = \"multi_thread\"`, \
                 `worker_threads = 4`, `start_paused = true` or `crate = \"path\"`",
            )
        })?;
        let value = if input.peek(Token![=]) {
            Some((input.parse()?, input.parse()?))
        } else {
            None
        };
        Ok(Arg { key, value })
    }
}

impl ToTokens for Arg {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        self.key.to_tokens(tokens);
        if let Some((eq, value)) = &self.value {
            eq.to_tokens(tokens);
            value.to_tokens(tokens);
        }
    }
}

/// The error list: each problem is reported, not only the first.
#[derive(Default)]
struct Errors(Option<syn::Error>);

impl Errors {
    fn push(&mut self, error: syn::Error) {
        match &mut self.0 {
            Some(all) => all.combine(error),
            None => self.0 = Some(error),
        }
    }

    fn finish(self) -> syn::Result<()> {
        self.0.map_or(Ok(()), Err)
    }
}

/// A correct use of `key`, for messages.
fn example(key: &str) -> &'static str {
    match key {
        "flavor" => "`flavor = \"current_thread\"` or `flavor = \"multi_thread\"`",
        "worker_threads" => "`worker_threads = 4`",
        "start_paused" => "`start_paused = true`",
        _ => "`crate = \"path::to::runtime\"`",
    }
}

fn unknown_key(kind: Kind, name: &str) -> String {
    let hint = KEYS
        .iter()
        .find(|key| edit_distance(key, name) <= 2)
        .map(|key| format!("did you mean `{key}`? "))
        .unwrap_or_default();
    format!(
        "unknown option `{name}` for `#[runtime::{}]`: {hint}the options are `flavor`, \
         `worker_threads`, `start_paused` and `crate`",
        kind.name()
    )
}

/// Levenshtein distance, for "did you mean" on misspelt keys.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let substitute = diagonal + usize::from(ca != cb);
            diagonal = row[j + 1];
            row[j + 1] = substitute.min(row[j] + 1).min(diagonal + 1);
        }
    }
    row[b.len()]
}

/// The literal `value` is, if it is one.
fn literal(value: &(Token![=], Expr)) -> Option<&Lit> {
    match &value.1 {
        Expr::Lit(ExprLit { lit, .. }) => Some(lit),
        _ => None,
    }
}

/// The source text of `value`, for messages that quote it back.
fn source(value: &(Token![=], Expr)) -> String {
    value.1.to_token_stream().to_string()
}

fn parse_flavor(value: &(Token![=], Expr)) -> syn::Result<Flavor> {
    let expected = "`flavor = \"current_thread\"` or `flavor = \"multi_thread\"`";
    match literal(value) {
        Some(Lit::Str(s)) => match s.value().as_str() {
            "current_thread" => Ok(Flavor::CurrentThread),
            "multi_thread" => Ok(Flavor::MultiThread),
            other => {
                let hint = [Flavor::CurrentThread, Flavor::MultiThread]
                    .into_iter()
                    .find(|f| edit_distance(f.name(), other) <= 3)
                    .map(|f| format!("did you mean `flavor = \"{}\"`? ", f.name()))
                    .unwrap_or_default();
                Err(syn::Error::new(
                    s.span(),
                    format!("unknown flavor `\"{other}\"`: {hint}use {expected}"),
                ))
            }
        },
        _ => {
            let found = source(value);
            let fix = match found.as_str() {
                "current_thread" | "multi_thread" => format!("write `flavor = \"{found}\"`"),
                _ => format!("use {expected}"),
            };
            Err(syn::Error::new_spanned(
                &value.1,
                format!("`flavor` takes a string: {fix} (found `{found}`)"),
            ))
        }
    }
}

fn parse_worker_threads(value: &(Token![=], Expr)) -> syn::Result<usize> {
    let n = match literal(value) {
        Some(Lit::Int(n)) => n,
        Some(Lit::Str(s)) if s.value().trim().parse::<usize>().is_ok() => {
            return Err(syn::Error::new(
                s.span(),
                format!(
                    "`worker_threads` takes an integer, not a string: write \
                     `worker_threads = {}` without the quotes",
                    s.value().trim()
                ),
            ));
        }
        _ => {
            return Err(syn::Error::new_spanned(
                &value.1,
                format!(
                    "`worker_threads` takes an integer literal, e.g. `worker_threads = 4` \
                     (found `{}`)",
                    source(value)
                ),
            ));
        }
    };
    match n.base10_parse::<usize>() {
        Ok(0) => Err(syn::Error::new(
            n.span(),
            "`worker_threads` must be at least 1: a multi-thread runtime needs a worker \
             (remove the option for one worker per core)",
        )),
        Ok(n) => Ok(n),
        Err(e) => Err(syn::Error::new(
            n.span(),
            format!("`worker_threads` must be a `usize`, e.g. `worker_threads = 4`: {e}"),
        )),
    }
}

fn parse_start_paused(value: &(Token![=], Expr)) -> syn::Result<bool> {
    match literal(value) {
        Some(Lit::Bool(b)) => Ok(b.value),
        Some(Lit::Str(s)) if matches!(s.value().as_str(), "true" | "false") => {
            Err(syn::Error::new(
                s.span(),
                format!(
                    "`start_paused` takes a bool, not a string: write `start_paused = {}` \
                     without the quotes",
                    s.value()
                ),
            ))
        }
        _ => Err(syn::Error::new_spanned(
            &value.1,
            format!(
                "`start_paused` takes a bool: write `start_paused = true` or \
                 `start_paused = false` (found `{}`)",
                source(value)
            ),
        )),
    }
}

fn parse_crate(value: &(Token![=], Expr)) -> syn::Result<syn::Path> {
    match literal(value) {
        Some(Lit::Str(s)) => {
            // The parsed path's tokens carry the literal's span, so a wrong path is
            // reported on the string the user wrote.
            s.parse::<syn::Path>().map_err(|_| {
                syn::Error::new(
                    s.span(),
                    format!(
                        "`crate` takes a path, e.g. `crate = \"my_runtime\"` or \
                         `crate = \"::deps::runtime\"` (found `\"{}\"`)",
                        s.value()
                    ),
                )
            })
        }
        _ => Err(syn::Error::new_spanned(
            &value.1,
            format!(
                "`crate` takes the path as a string: write `crate = \"{}\"`",
                source(value).replace(' ', "")
            ),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    fn parse(kind: Kind, args: TokenStream) -> Result<Options, String> {
        Options::parse(kind, args).map_err(|e| e.to_string())
    }

    fn error(kind: Kind, args: TokenStream) -> String {
        parse(kind, args).err().expect("these arguments are wrong")
    }

    #[test]
    fn defaults_depend_on_the_attribute() {
        assert!(parse(Kind::Main, quote!()).unwrap().flavor == Flavor::MultiThread);
        assert!(parse(Kind::Test, quote!()).unwrap().flavor == Flavor::CurrentThread);
    }

    #[test]
    fn every_option_is_read() {
        let o = parse(
            Kind::Test,
            quote!(
                flavor = "multi_thread",
                worker_threads = 3,
                start_paused = true,
                crate = "rt",
            ),
        )
        .unwrap();
        assert!(o.flavor == Flavor::MultiThread);
        assert_eq!(o.worker_threads, Some(3));
        assert_eq!(o.start_paused, Some(true));
        assert_eq!(o.crate_path.to_token_stream().to_string(), "rt");
    }

    #[test]
    fn misspelt_keys_get_a_suggestion() {
        let e = error(Kind::Main, quote!(worker_thread = 2));
        assert!(e.contains("did you mean `worker_threads`?"), "{e}");
        let e = error(Kind::Main, quote!(flavor = "multi_threaded"));
        assert!(
            e.contains("did you mean `flavor = \"multi_thread\"`?"),
            "{e}"
        );
    }

    #[test]
    fn edit_distance_counts_single_edits() {
        assert_eq!(edit_distance("flavor", "flavor"), 0);
        assert_eq!(edit_distance("flavor", "flavour"), 1);
        assert_eq!(edit_distance("crate", "krate"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
    }
}
