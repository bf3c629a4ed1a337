//! Whether the calling thread may run on more than one CPU.
//!
//! Spinning while waiting for another thread pays only if that thread can run
//! meanwhile. A thread confined to one CPU (an affinity mask of one, as `taskset`
//! sets) cannot be joined by the thread it waits for, so the callers neither spin
//! nor hand work over in the hope that another CPU picks it up.
//!
//! On Linux the answer is the thread's affinity mask, one `sched_getaffinity`
//! call: cheap enough for a poller to ask again every few dozen sleeps, so that a
//! thread pinned after it started is noticed. `std::thread::available_parallelism`
//! is not used there because it also reads the cgroup's CPU quota from files: a
//! quota limits time, not where the thread runs. Elsewhere the answer is
//! `available_parallelism() > 1`, asked once.

/// Whether the calling thread may run on more than one CPU (see the module docs).
///
/// ```
/// // A test machine with one CPU says `false`; any other, `true`.
/// let several = runtime_spin::may_use_several_cpus();
/// # let _ = several;
/// ```
#[cfg(all(target_os = "linux", not(miri), not(loom)))]
pub fn may_use_several_cpus() -> bool {
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

/// Whether the calling thread may run on more than one CPU (see the module docs).
///
/// ```
/// let several = runtime_spin::may_use_several_cpus();
/// # let _ = several;
/// ```
#[cfg(all(not(target_os = "linux"), not(miri), not(loom)))]
pub fn may_use_several_cpus() -> bool {
    static SEVERAL: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *SEVERAL.get_or_init(|| std::thread::available_parallelism().map_or(true, |n| n.get() > 1))
}

/// Under Miri and loom: `false`, so that nothing spins (a spin there would only
/// interpret, or explore, a clock loop).
///
/// ```
/// assert!(!runtime_spin::may_use_several_cpus());
/// ```
#[cfg(any(miri, loom))]
pub fn may_use_several_cpus() -> bool {
    false
}
