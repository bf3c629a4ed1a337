// The attributes on what they cannot run: each must be a compile error, spanned on
// the token to change, whose message says what to write instead.

#[runtime::main]
fn main() {}

mod arguments {
    // Checked on any function named `main`; a module keeps it apart from the real one.
    #[runtime::main]
    async fn main(x: u32) {
        let _ = x;
    }
}

#[runtime::test]
fn not_async_test() {}

#[runtime::main]
struct NotAFunction;

#[runtime::test]
const NOT_A_TEST: u32 = 1;

#[runtime::test]
#[test]
async fn test_twice() {}
