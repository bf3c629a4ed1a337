//! One run in a child process: the binary re-executes itself with `--child WORKLOAD
//! --system SYSTEM`, the child does that single run and prints its measures on
//! stdout, the parent reads them back.
//!
//! Workloads marked `isolated` run this way, so each run starts from a fresh process:
//! no threads, heap or allocator caches left over from another system's run, and a
//! peak RSS ([`peak_rss_mib`]) that belongs to that run alone. The child's progress
//! and panics go to the inherited stderr; a failed child fails the benchmark.
//!
//! Child output, one line per measure:
//!
//! ```text
//! measure metric=NAME unit=UNIT higher_is_better=BOOL value=FLOAT
//! ```

use std::process::{Command, Stdio};
use std::sync::Mutex;

use crate::report::Measure;
use crate::workloads::Config;

/// The hidden flag that makes the binary a child.
pub const FLAG: &str = "--child";

/// Runs `workload` on `system` once, in a child process.
pub fn run(workload: &str, system: &str, config: &Config) -> Vec<Measure> {
    let exe = std::env::current_exe().expect("current_exe");
    let output = Command::new(exe)
        .arg(FLAG)
        .arg(workload)
        .args(["--system", system])
        .args(["--secs", &config.duration.as_secs_f64().to_string()])
        .args(["--rtt-iters", &config.rtt_iters.to_string()])
        .stdin(Stdio::null())
        .stderr(Stdio::inherit())
        .output()
        .expect("spawning the child run");
    assert!(
        output.status.success(),
        "child run of {workload} on {system} failed: {}",
        output.status
    );
    let stdout = String::from_utf8(output.stdout).expect("child output is UTF-8");
    let measures: Vec<Measure> = stdout.lines().filter_map(parse).collect();
    assert!(
        !measures.is_empty(),
        "child run of {workload} on {system} reported nothing"
    );
    measures
}

/// Prints `measures` for the parent (the child's side of [`run`]).
pub fn print(measures: &[Measure]) {
    for m in measures {
        println!(
            "measure metric={} unit={} higher_is_better={} value={}",
            m.metric, m.unit, m.higher_is_better, m.value
        );
    }
}

fn parse(line: &str) -> Option<Measure> {
    let rest = line.strip_prefix("measure ")?;
    let (mut metric, mut unit, mut higher, mut value) = (None, None, None, None);
    for field in rest.split(' ') {
        match field.split_once('=')? {
            ("metric", v) => metric = Some(intern(v)),
            ("unit", v) => unit = Some(intern(v)),
            ("higher_is_better", v) => higher = v.parse().ok(),
            ("value", v) => value = v.parse().ok(),
            _ => return None,
        }
    }
    Some(Measure {
        metric: metric?,
        unit: unit?,
        higher_is_better: higher?,
        value: value?,
    })
}

/// A `'static` copy of `s`, made once per distinct string (a handful: metric and
/// unit names).
fn intern(s: &str) -> &'static str {
    static NAMES: Mutex<Vec<&'static str>> = Mutex::new(Vec::new());
    let mut names = NAMES.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(name) = names.iter().find(|n| **n == s) {
        return name;
    }
    let name: &'static str = Box::leak(s.to_owned().into_boxed_str());
    names.push(name);
    name
}

/// This process's peak resident set size (`VmHWM`), in MiB.
///
/// `VmHWM` belongs to the process's current address space, made by its `exec`, so
/// in a child it counts the child's run only. (`ru_maxrss` would not do: Linux
/// carries it across `exec`, and a child spawned with `vfork` would inherit the
/// parent's peak.)
pub fn peak_rss_mib() -> f64 {
    status_mib("VmHWM:")
}

/// This process's resident set size now (`VmRSS`), in MiB.
pub fn rss_mib() -> f64 {
    status_mib("VmRSS:")
}

/// The baseline of a workload's own peak: resets the peak (`VmHWM`) to the resident
/// set size now (Linux's `/proc/self/clear_refs`, value 5) and returns that size.
/// [`peak_rss_mib`] minus it, once the workload is done, is what the workload added
/// at its peak over the process as it stood (the binary, the harness's data).
///
/// Without the reset (a kernel that refuses it), the peak could predate the
/// baseline; that does not happen here, where nothing before the baseline frees
/// much, but the figure is then an upper bound.
pub fn workload_rss_baseline() -> f64 {
    // Best effort: see above.
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    rss_mib()
}

/// A `/proc/self/status` field in kB, in MiB.
fn status_mib(field: &str) -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    let kib: f64 = status
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or_else(|| panic!("{field} in /proc/self/status"));
    kib / 1024.0
}
