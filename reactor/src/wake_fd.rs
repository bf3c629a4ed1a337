//! The `Poll`'s one wake-up descriptor: a pipe reopened as one read-write descriptor.
//!
//! ## Why not an eventfd (mio 1.x's `Waker`) or a futex
//!
//! Measured on `event-rtt` (two threads bouncing an event between two `Poll`s on
//! this 2-vCPU VM): waking a thread that sleeps on another CPU costs about 45 µs
//! when that CPU has gone idle, so a round trip costs 85–100 µs. mio 0.6, which
//! wakes its poller with a pipe write, sometimes ran the same loop at 4.3 µs: a
//! pipe (or socket) write is a *sync* wake-up, which tells the scheduler that the
//! waker is about to sleep, and the scheduler may then move the woken thread to the
//! waker's CPU, after which both threads take turns on one CPU at the cost of a
//! local context switch. A futex wake (`thread::unpark`) and an eventfd write never
//! give that hint: our round trip stayed at 87–98 µs in every run. With this
//! descriptor, the same loop runs at the co-located speed too, and the
//! current-thread `event-task-rtt` (whose driver sleeps in the `Poll`) at 5.7 µs.
//!
//! A pipe needs two descriptors, and SPEC P5 allows one. On Linux a pipe's end,
//! reopened through `/proc/self/fd` with read and write access, is one descriptor
//! that both writes and reads the pipe; the two original ends are then closed.
//! (A Unix datagram socket connected to itself is also one descriptor and also
//! gives sync wake-ups, but measured on `event-rtt` a send and two receives per
//! wake-up cost 6.0 µs round trips where the pipe costs 4–5.)
//!
//! ## Protocol
//!
//! A wake-up writes one byte; a full pipe means bytes are already waiting, so
//! `WouldBlock` is success. The poller, seeing the wake-up token,
//! [`drain`](WakeFd::drain)s every byte (mio is edge-triggered: a byte left behind
//! would never be reported again, and a full pipe would swallow later wake-ups).
//! Who writes, and when, is decided by the inbox handshake (`readiness_queue.rs`):
//! at most one write per sleep.

use std::fs::File;
use std::io::{self, Read, Write};
use std::os::fd::{AsRawFd, RawFd};
use std::os::unix::fs::OpenOptionsExt;

use crate::readiness_queue::WakeUp;

/// The descriptor; shared by the `Poll` (which drains it) and its queue (which
/// wakes).
#[derive(Debug)]
pub(crate) struct WakeFd {
    pipe: File,
}

impl WakeFd {
    /// A fresh pipe, reopened read-write as one descriptor.
    pub(crate) fn new() -> io::Result<WakeFd> {
        let (writer, reader) = mio::unix::pipe::new()?;
        let pipe = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .custom_flags(libc::O_NONBLOCK | libc::O_CLOEXEC)
            .open(format!("/proc/self/fd/{}", reader.as_raw_fd()))?;
        drop(reader);
        drop(writer);
        Ok(WakeFd { pipe })
    }

    /// Reads every byte waiting: one `read` unless more than a buffer's worth came.
    pub(crate) fn drain(&self) {
        let mut buf = [0u8; 64];
        while let Ok(n) = (&self.pipe).read(&mut buf) {
            if n < buf.len() {
                break;
            }
        }
    }
}

impl AsRawFd for WakeFd {
    fn as_raw_fd(&self) -> RawFd {
        self.pipe.as_raw_fd()
    }
}

impl WakeUp for std::sync::Arc<WakeFd> {
    fn wake(&self) -> io::Result<()> {
        match (&self.pipe).write(&[1]) {
            Ok(_) => Ok(()),
            // A full pipe: bytes are waiting, the poller is due to wake.
            Err(err) if err.kind() == io::ErrorKind::WouldBlock => Ok(()),
            Err(err) => Err(err),
        }
    }
}

/// Whether the calling thread may run on more than one CPU (its affinity mask, as
/// `taskset` sets it). When it may not, a sync wake-up can bring nothing, and the
/// poller parks on a futex instead, which is cheaper (`readiness_queue.rs`).
pub(crate) fn may_use_several_cpus() -> bool {
    // SAFETY: `cpu_set_t` is plain data (zeroed is the empty set);
    // `sched_getaffinity` writes at most `size_of::<cpu_set_t>()` bytes into it, for
    // the calling thread (pid 0).
    unsafe {
        let mut set: libc::cpu_set_t = std::mem::zeroed();
        if libc::sched_getaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), &mut set) != 0 {
            return true;
        }
        libc::CPU_COUNT(&set) > 1
    }
}
