//! Pinning threads to CPUs from inside the process (what `taskset -c N` does).

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
