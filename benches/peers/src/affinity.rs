//! Per-thread OS facts: pinning threads to CPUs from inside the process (what
//! `taskset -c N` does), counting how often a thread blocked, and the CPU time the
//! process used.

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

/// CPU time (user + system) used so far by every thread of the process, in µs.
/// Round-trip workloads report its growth per round trip: a system that spins
/// instead of sleeping buys latency with CPU, and the report shows both.
pub fn process_cpu_us() -> f64 {
    // SAFETY: `rusage` is plain data; getrusage fills it for the whole process.
    let usage = unsafe {
        let mut usage: libc::rusage = mem::zeroed();
        check(libc::getrusage(libc::RUSAGE_SELF, &mut usage), "getrusage");
        usage
    };
    let us = |t: libc::timeval| t.tv_sec as f64 * 1e6 + t.tv_usec as f64;
    us(usage.ru_utime) + us(usage.ru_stime)
}

/// The `cpu_per_rtt` measure: process CPU µs per round trip since `cpu_before`.
pub fn cpu_per_rtt(cpu_before: f64, round_trips: usize) -> crate::report::Measure {
    crate::report::Measure {
        metric: "cpu_per_rtt",
        unit: "us",
        higher_is_better: false,
        value: (process_cpu_us() - cpu_before) / round_trips as f64,
    }
}
