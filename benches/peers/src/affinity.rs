//! Per-thread OS facts: pinning threads to CPUs from inside the process (what
//! `taskset -c N` does), and counting how often a thread blocked.

use std::io;
use std::mem;

/// Restores the thread's previous CPU set when dropped.
#[derive(Debug)]
pub struct Pinned {
    previous: libc::cpu_set_t,
}

/// Pins the calling thread to `cpu` until the returned guard is dropped. Panics if
/// the kernel refuses: a "pinned" figure measured unpinned would be a lie.
pub fn pin_current_thread(cpu: usize) -> Pinned {
    // SAFETY: `cpu_set_t` is plain data (zeroed is the empty set); the calls read and
    // write only the sets passed, for the calling thread (pid 0).
    unsafe {
        let mut previous: libc::cpu_set_t = mem::zeroed();
        let size = mem::size_of::<libc::cpu_set_t>();
        check(
            libc::sched_getaffinity(0, size, &mut previous),
            "sched_getaffinity",
        );
        let mut set: libc::cpu_set_t = mem::zeroed();
        libc::CPU_SET(cpu, &mut set);
        check(libc::sched_setaffinity(0, size, &set), "sched_setaffinity");
        Pinned { previous }
    }
}

impl Drop for Pinned {
    fn drop(&mut self) {
        // SAFETY: as above; `previous` came from sched_getaffinity.
        let rc = unsafe {
            libc::sched_setaffinity(0, mem::size_of::<libc::cpu_set_t>(), &self.previous)
        };
        check(rc, "sched_setaffinity (restore)");
    }
}

fn check(rc: libc::c_int, what: &str) {
    assert_eq!(rc, 0, "{what}: {}", io::Error::last_os_error());
}

/// Voluntary context switches of the calling thread so far: how often it blocked
/// (a poller sleeping in the kernel, a thread waiting on a futex).
pub fn voluntary_switches() -> u64 {
    // SAFETY: `rusage` is plain data; getrusage fills it for the calling thread.
    unsafe {
        let mut usage: libc::rusage = mem::zeroed();
        check(
            libc::getrusage(libc::RUSAGE_THREAD, &mut usage),
            "getrusage",
        );
        usage.ru_nvcsw as u64
    }
}
