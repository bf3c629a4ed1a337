//! Graceful shutdown on Ctrl-C: a TCP echo server whose every task stops and runs
//! its destructors, then the process exits with status 0. Unix only (signals).
//!
//! - The main task installs the SIGINT handler, prints `ready ADDR`, and waits for
//!   Ctrl-C. ([`runtime::signal::ctrl_c`] installs its handler when first polled;
//!   a program that announces readiness first, as this one does for its test,
//!   installs it at once with `signal(SignalKind::interrupt())`.)
//! - The server task accepts connections (`runtime::net`) and spawns an echo task
//!   for each, handing it a stop channel; it stops when the main task drops the
//!   server's stop sender.
//! - Stopping is closing: the server drops each connection's stop sender, so every
//!   connection task's `stop.recv()` returns `None`; it returns, and its guard's
//!   destructor prints a line. The server awaits them all, then returns too.
//!
//! Run: `cargo run --example graceful`, connect (`nc 127.0.0.1 PORT`), press Ctrl-C.
//! `tests/graceful.rs` does exactly that with a child process.

/// Signals are Unix only.
#[cfg(not(unix))]
fn main() {
    eprintln!("graceful: signals are Unix only");
}

#[cfg(unix)]
pub use imp::main;

#[cfg(unix)]
mod imp {
    use std::io;
    use std::pin::pin;

    use futures::future::{select, Either};
    use futures::io::{AsyncReadExt, AsyncWriteExt};
    use runtime::channel::{self, Receiver, Sender};
    use runtime::net::{TcpListener, TcpStream};
    use runtime::signal::unix::{signal, SignalKind};
    use runtime::JoinHandle;

    /// Prints when dropped: shows that a task's destructors ran.
    struct Guard(String);

    impl Drop for Guard {
        fn drop(&mut self) {
            println!("{}: stopped, destructors ran", self.0);
        }
    }

    /// Serves until Ctrl-C, then stops every task.
    #[runtime::main(worker_threads = 2)]
    pub async fn main() -> io::Result<()> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let (stop_server, stopped) = channel::bounded::<()>(1);
        let server = runtime::spawn(serve(listener, stopped));

        let mut interrupts = signal(SignalKind::interrupt())?;
        println!("ready {addr}");
        interrupts.recv().await;
        println!("Ctrl-C: stopping");

        drop(stop_server);
        let served = server.await.expect("the server task panicked")?;
        println!("graceful: {served} connection(s) served; every task stopped");
        Ok(())
    }

    /// Accepts until told to stop, then stops every connection and waits for them.
    async fn serve(listener: TcpListener, mut stop: Receiver<()>) -> io::Result<usize> {
        let _guard = Guard("server task".into());
        let mut connections: Vec<(Sender<()>, JoinHandle<io::Result<()>>)> = Vec::new();
        loop {
            let (accepted, stopped) = (pin!(listener.accept()), pin!(stop.recv()));
            let (stream, _) = match select(accepted, stopped).await {
                Either::Left((accepted, _)) => accepted?,
                Either::Right(_) => break, // `None`: the main task dropped the sender
            };
            let (stop_tx, stop_rx) = channel::bounded(1);
            let id = connections.len();
            connections.push((stop_tx, runtime::spawn(echo(id, stream, stop_rx))));
        }
        let served = connections.len();
        for (stop, task) in connections {
            drop(stop);
            task.await.expect("a connection task panicked")?;
        }
        Ok(served)
    }

    /// Echoes what the peer sends until it hangs up or the server stops it.
    async fn echo(id: usize, mut stream: TcpStream, mut stop: Receiver<()>) -> io::Result<()> {
        let _guard = Guard(format!("connection {id} task"));
        let mut buf = [0u8; 4096];
        loop {
            let read = {
                let (read, stopped) = (pin!(stream.read(&mut buf)), pin!(stop.recv()));
                match select(read, stopped).await {
                    Either::Left((read, _)) => read?,
                    Either::Right(_) => return Ok(()),
                }
            };
            if read == 0 {
                return Ok(());
            }
            stream.write_all(&buf[..read]).await?;
        }
    }
}
