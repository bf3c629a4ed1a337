// Errors in the user's code point at the user's code, not at the attribute.
// (`#[runtime::test]` expands the same way, but trybuild does not build with `--test`.)

#[runtime::main]
async fn main() -> Result<(), std::io::Error> {
    let n: u32 = "not a number";
    let _ = n;
    wrong_ok_type().ok();
    missing_tail().ok();
    Ok(())
}

#[runtime::main(flavor = "current_thread")]
async fn wrong_ok_type() -> Result<(), String> {
    Ok(1)
}

#[runtime::main(flavor = "current_thread")]
async fn missing_tail() -> Result<(), String> {
    let _ = 1;
}
