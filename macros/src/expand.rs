//! The code an attribute expands to, and what it emits when the input is wrong.
//!
//! For
//!
//! ```text
//! #[runtime::main(worker_threads = 2)]
//! async fn main() -> Result<(), Error> { BODY }
//! ```
//!
//! the expansion is
//!
//! ```text
//! fn main() -> Result<(), Error> {
//!     let runtime = ::runtime::Builder::new_multi_thread()
//!         .worker_threads(2)
//!         .build()
//!         .expect("#[runtime::main] could not build its multi-thread runtime ...");
//!     let body = async move {
//!         let value: Result<(), Error> = { BODY };
//!         return value;
//!     };
//!     runtime.block_on(body)
//! }
//! ```
//!
//! - `BODY` is passed through untouched, so every error inside it points at the
//!   user's code, and `return` in it leaves the async block, as in the `async fn`.
//! - The `let` states the body's type up front, as the `async fn` did: `Ok(1)` in a
//!   `-> Result<(), E>` body is reported on the `1`, not on the attribute, and `?`
//!   converts errors as it would in the `async fn` (e.g. `io::Error` into
//!   `Box<dyn Error>`). A return type that cannot be a local's type (`impl Trait`,
//!   `!`) is left to inference through `block_on`.
//! - The runtime is built before the future, so the future (and whatever it still
//!   holds) is dropped before the runtime shuts down.
//! - `#[runtime::test]` adds `#[::core::prelude::v1::test]` before the user's other
//!   attributes (`#[should_panic]`, `#[ignore]` keep working) and pins the future as
//!   `Pin<&mut dyn Future<Output = R>>`, so a test binary compiles `block_on` once
//!   instead of once per test.
//! - `body`, `runtime` and `value` are `Span::mixed_site` identifiers: they cannot
//!   clash with the user's names.
//!
//! When the input is wrong, the output is the errors plus code that compiles without
//! them, so the user sees only the messages about the attribute: bad options expand
//! with the defaults; a non-`async` fn or a non-fn item is left as written; a `main`
//! with arguments becomes a stub `fn main()`.

use proc_macro2::{Span, TokenStream, TokenTree};
use quote::{quote, ToTokens};
use syn::spanned::Spanned;
use syn::{Attribute, Ident, Item, ItemFn, ReturnType, Type};

use crate::options::{Flavor, Options};
use crate::Kind;

/// Expands `#[runtime::<kind>(args)] item`.
pub(crate) fn expand(kind: Kind, args: TokenStream, item: TokenStream) -> TokenStream {
    let function = match syn::parse2::<Item>(item.clone()) {
        Ok(Item::Fn(function)) => function,
        Ok(other) => return with_errors(not_a_function(kind, &other), item),
        Err(e) => return with_errors(e, item),
    };
    let mut errors: Option<syn::Error> = None;
    let mut push = |e: syn::Error| match &mut errors {
        Some(all) => all.combine(e),
        None => errors = Some(e),
    };

    let options = Options::parse(kind, args).unwrap_or_else(|e| {
        push(e);
        Options::defaults(kind)
    });

    if function.sig.asyncness.is_none() {
        push(syn::Error::new(
            function.sig.fn_token.span(),
            format!(
                "`#[runtime::{}]` runs an `async fn`: add `async` before `fn`",
                kind.name()
            ),
        ));
        return with_errors(errors.expect("just pushed"), function.into_token_stream());
    }

    if kind == Kind::Main && function.sig.ident == "main" && !function.sig.inputs.is_empty() {
        push(syn::Error::new_spanned(
            &function.sig.inputs,
            "`main` takes no arguments: remove them (read the command line with \
             `std::env::args()`)",
        ));
        return with_errors(errors.expect("just pushed"), stub(function));
    }

    let mut function = function;
    if kind == Kind::Test {
        // A second `#[test]` would define the test twice; report it and drop it.
        function.attrs.retain(|attr| {
            if !is_test_attribute(attr) {
                return true;
            }
            push(syn::Error::new_spanned(
                attr,
                "`#[runtime::test]` already makes this a test: remove this attribute",
            ));
            false
        });
    }

    let expanded = generate(kind, &options, function);
    match errors {
        Some(errors) => with_errors(errors, expanded),
        None => expanded,
    }
}

/// The runtime-building wrapper around the user's body.
fn generate(kind: Kind, options: &Options, function: ItemFn) -> TokenStream {
    let ItemFn {
        attrs,
        vis,
        mut sig,
        block,
    } = function;
    sig.asyncness = None;

    let krate = &options.crate_path;
    let builder = match options.flavor {
        Flavor::CurrentThread => quote!(#krate::Builder::new_current_thread()),
        Flavor::MultiThread => quote!(#krate::Builder::new_multi_thread()),
    };
    let worker_threads = options.worker_threads.map(|n| quote!(.worker_threads(#n)));
    let start_paused = options.start_paused.map(|b| quote!(.start_paused(#b)));
    let expect = format!(
        "#[runtime::{}] could not build its {} runtime (creating the reactor's Poll or \
         spawning the runtime's threads failed)",
        kind.name(),
        options.flavor.describe()
    );

    let runtime = Ident::new("runtime", Span::mixed_site());
    let body = Ident::new("body", Span::mixed_site());
    let value = Ident::new("_value", Span::mixed_site());
    let test_attribute = (kind == Kind::Test).then(|| quote!(#[::core::prelude::v1::test]));
    // The function's return type, if it can be written as a local's type.
    let output = match &sig.output {
        ReturnType::Default => Some(quote!(())),
        ReturnType::Type(_, ty) if nameable(ty) => Some(ty.to_token_stream()),
        ReturnType::Type(..) => None,
    };
    let future = match &output {
        // `let` gives the body its expected type before it is checked, so a wrong
        // value is reported inside the body. `return` rather than a tail expression,
        // because only a statement can carry the `allow` a diverging body needs.
        Some(output) => quote! {
            async move {
                // A body that diverges (`loop`, `panic!`) is fine, as in the `async fn`.
                #[allow(clippy::diverging_sub_expression)]
                let #value: #output = #block;
                #[allow(unreachable_code, clippy::needless_return)]
                return #value;
            }
        },
        None => quote!(async move #block),
    };
    let pin_body = match (&output, kind) {
        (Some(output), Kind::Test) => Some(quote! {
            let #body = ::core::pin::pin!(#body);
            let #body: ::core::pin::Pin<
                &mut dyn ::core::future::Future<Output = #output>,
            > = #body;
        }),
        _ => None,
    };

    quote! {
        #test_attribute
        #(#attrs)*
        #vis #sig {
            #[allow(clippy::expect_used)]
            let #runtime = #builder #worker_threads #start_paused .build().expect(#expect);
            let #body = #future;
            #pin_body
            #runtime.block_on(#body)
        }
    }
}

/// Whether `ty` may be a local's type: not `!` (unstable there) and no `impl Trait`.
fn nameable(ty: &Type) -> bool {
    fn mentions_impl(tokens: TokenStream) -> bool {
        tokens.into_iter().any(|token| match token {
            TokenTree::Ident(ident) => ident == "impl",
            TokenTree::Group(group) => mentions_impl(group.stream()),
            _ => false,
        })
    }
    !matches!(ty, Type::Never(_)) && !mentions_impl(ty.to_token_stream())
}

/// `fn main()` with the user's attributes and return type and no body: what a `main`
/// with arguments turns into, so that the only error is the one about the arguments.
fn stub(function: ItemFn) -> TokenStream {
    let ItemFn {
        attrs, vis, sig, ..
    } = function;
    let (ident, output) = (sig.ident, sig.output);
    quote! {
        #(#attrs)*
        #vis fn #ident() #output {
            ::core::unreachable!()
        }
    }
}

/// `#[test]`, `#[core::prelude::v1::test]`, `#[runtime::test]`... anything named `test`.
fn is_test_attribute(attr: &Attribute) -> bool {
    attr.path()
        .segments
        .last()
        .is_some_and(|segment| segment.ident == "test")
}

fn not_a_function(kind: Kind, item: &Item) -> syn::Error {
    let message = format!(
        "`#[runtime::{0}]` goes on an `async fn`, e.g. `#[runtime::{0}] async fn {1}() {{ ... }}`; \
         use `runtime::Runtime::block_on` to run futures elsewhere",
        kind.name(),
        match kind {
            Kind::Main => "main",
            Kind::Test => "my_test",
        }
    );
    // Point at the item's keyword rather than underlining the whole item.
    let span = match item {
        Item::Struct(i) => i.struct_token.span(),
        Item::Enum(i) => i.enum_token.span(),
        Item::Union(i) => i.union_token.span(),
        Item::Const(i) => i.const_token.span(),
        Item::Static(i) => i.static_token.span(),
        Item::Mod(i) => i.mod_token.span(),
        Item::Impl(i) => i.impl_token.span(),
        Item::Trait(i) => i.trait_token.span(),
        Item::Type(i) => i.type_token.span(),
        Item::Use(i) => i.use_token.span(),
        other => return syn::Error::new_spanned(other, message),
    };
    syn::Error::new(span, message)
}

fn with_errors(errors: syn::Error, tokens: TokenStream) -> TokenStream {
    let mut out = errors.to_compile_error();
    out.extend(tokens);
    out
}
