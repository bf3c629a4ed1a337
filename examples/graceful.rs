//! Graceful shutdown on Ctrl-C: a TCP echo server whose every task stops and runs
//! its destructors, then the process exits with status 0. Unix only (signals).
//!
//! - The main task installs the SIGINT handler, prints `ready ADDR`, and waits for
//!   Ctrl-C. ([`runtime::signal::ctrl_c`] installs its handler when first polled;
//!   a program that announces readiness first, as this one does for its test,
//!   installs it at once with `signal(SignalKind::interrupt())`.)
//! - The server task accepts connections and spawns an echo task for each, handing
//!   it a stop channel; it stops when the main task drops the server's stop sender.
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
    use std::io::{self, ErrorKind, Read, Write};
    use std::pin::pin;

    use futures::future::{select, Either};
    use runtime::channel::{self, Receiver, Sender};
    use runtime::reactor::net::{TcpListener, TcpStream};
    use runtime::signal::unix::{signal, SignalKind};
    use runtime::{Async, JoinHandle};

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
        let listener = Async::new(TcpListener::bind("127.0.0.1:0".parse().unwrap())?)?;
        let addr = listener.get_ref().local_addr()?;
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
    async fn serve(listener: Async<TcpListener>, mut stop: Receiver<()>) -> io::Result<usize> {
        let _guard = Guard("server task".into());
        let mut connections: Vec<(Sender<()>, JoinHandle<io::Result<()>>)> = Vec::new();
        loop {
            let (readable, stopped) = (pin!(listener.readable()), pin!(stop.recv()));
            let mut ready = match select(readable, stopped).await {
                Either::Left((ready, _)) => ready?,
                Either::Right(_) => break, // `None`: the main task dropped the sender
            };
            loop {
                match listener.get_ref().accept() {
                    Ok((stream, _)) => {
                        let (stop_tx, stop_rx) = channel::bounded(1);
                        let id = connections.len();
                        let task = runtime::spawn(echo(id, Async::new(stream)?, stop_rx));
                        connections.push((stop_tx, task));
                    }
                    Err(e) if e.kind() == ErrorKind::WouldBlock => {
                        ready.clear_ready();
                        break;
                    }
                    Err(e) => return Err(e),
                }
            }
        }
        let served = connections.len();
        for (stop, task) in connections {
            drop(stop);
            task.await.expect("a connection task panicked")?;
        }
        Ok(served)
    }

    /// Echoes what the peer sends until it hangs up or the server stops it.
    async fn echo(id: usize, stream: Async<TcpStream>, mut stop: Receiver<()>) -> io::Result<()> {
        let _guard = Guard(format!("connection {id} task"));
        let mut buf = [0u8; 4096];
        loop {
            let (readable, stopped) = (pin!(stream.readable()), pin!(stop.recv()));
            let mut ready = match select(readable, stopped).await {
                Either::Left((ready, _)) => ready?,
                Either::Right(_) => return Ok(()),
            };
            loop {
                match stream.get_ref().read(&mut buf) {
                    Ok(0) => return Ok(()),
                    Ok(n) => write_all(&stream, &buf[..n]).await?,
                    Err(e) if e.kind() == ErrorKind::WouldBlock => {
                        ready.clear_ready();
                        break;
                    }
                    Err(e) => return Err(e),
                }
            }
        }
    }

    /// Writes all of `data` to a non-blocking stream, awaiting writability.
    async fn write_all(stream: &Async<TcpStream>, mut data: &[u8]) -> io::Result<()> {
        while !data.is_empty() {
            match stream.get_ref().write(data) {
                Ok(n) => data = &data[n..],
                Err(e) if e.kind() == ErrorKind::WouldBlock => {
                    stream.writable().await?.clear_ready();
                }
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }
}
