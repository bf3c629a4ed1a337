// A real `fn main` under the attribute, with every option, through a renamed facade;
// trybuild builds and runs it and expects it to exit successfully.

extern crate runtime as rt_alias;

use std::time::Duration;

#[rt_alias::main(
    crate = "rt_alias",
    flavor = "multi_thread",
    worker_threads = 2,
    start_paused = true
)]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let start = rt_alias::time::now();
    let task = rt_alias::spawn(async {
        rt_alias::time::sleep(Duration::from_secs(3600)).await;
        rt_alias::time::now()
    });
    assert_eq!(task.await? - start, Duration::from_secs(3600));
    let n: u32 = "7".parse()?;
    assert_eq!(n, 7);
    Ok(())
}
