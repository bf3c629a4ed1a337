//! `RESULTS.md`: the figures of a `report` run as Markdown tables, with the machine
//! they were measured on and the verdicts of the issues' targets.
//!
//! Per workload, one row per figure: system, metric, unit, which direction is
//! better, the median and range of the runs, and `system / reference` of the medians
//! where the reference is the figure of ours [`report::reference`] picks (a peer's
//! matching flavor of `runtime`). Targets keep the issues' direction,
//! `runtime / peer`.

use std::fmt::Write as _;
use std::time::{SystemTime, UNIX_EPOCH};

use crate::report::{self, fmt_num, stats, Figure, Target, Verdict, ABSOLUTE};

/// One workload's results.
#[derive(Debug, Clone)]
pub struct WorkloadResult {
    /// The workload's name.
    pub name: String,
    /// Its figures, grouped by metric (as `run_workload` orders them).
    pub figures: Vec<Figure>,
    /// The targets it declares.
    pub targets: Vec<Target>,
    /// Whether each run was a process of its own.
    pub isolated: bool,
}

/// What the header says about the run.
#[derive(Debug, Clone)]
pub struct Header {
    /// UTC date and time the run finished.
    pub date: String,
    /// The command that produced the file.
    pub command: String,
    /// Runs per system.
    pub runs: usize,
    /// `--secs`.
    pub secs: f64,
    /// `--rtt-iters`.
    pub rtt_iters: usize,
    /// The machine.
    pub machine: Machine,
}

/// The machine the run was on, read at run time.
#[derive(Debug, Clone)]
pub struct Machine {
    /// `model name` of `/proc/cpuinfo`.
    pub cpu: String,
    /// Logical CPUs in `/proc/cpuinfo`.
    pub cpus: usize,
    /// CPUs this process may use (`available_parallelism`).
    pub available: usize,
    /// `MemTotal` of `/proc/meminfo`, in GiB.
    pub memory_gib: f64,
    /// `/proc/sys/kernel/osrelease`.
    pub kernel: String,
    /// `rustc --version`.
    pub rustc: String,
}

impl Machine {
    /// Reads the machine's description; a part that cannot be read is `unknown`.
    pub fn detect() -> Machine {
        let read = |path: &str| std::fs::read_to_string(path).unwrap_or_default();
        let cpuinfo = read("/proc/cpuinfo");
        let field = |text: &str, key: &str| {
            text.lines()
                .filter_map(|l| l.split_once(':'))
                .find(|(k, _)| k.trim() == key)
                .map(|(_, v)| v.trim().to_string())
        };
        let memory_kib: f64 = field(&read("/proc/meminfo"), "MemTotal")
            .and_then(|v| v.trim_end_matches("kB").trim().parse().ok())
            .unwrap_or(0.0);
        let rustc = std::process::Command::new(std::env::var("RUSTC").unwrap_or("rustc".into()))
            .arg("--version")
            .output()
            .ok()
            .and_then(|o| String::from_utf8(o.stdout).ok())
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty());
        let kernel = read("/proc/sys/kernel/osrelease").trim().to_string();
        Machine {
            cpu: field(&cpuinfo, "model name").unwrap_or("unknown".into()),
            cpus: cpuinfo
                .lines()
                .filter(|l| l.split(':').next().is_some_and(|k| k.trim() == "processor"))
                .count(),
            available: std::thread::available_parallelism().map_or(0, |n| n.get()),
            memory_gib: memory_kib / (1024.0 * 1024.0),
            kernel: if kernel.is_empty() {
                "unknown".into()
            } else {
                kernel
            },
            rustc: rustc.unwrap_or("unknown".into()),
        }
    }
}

/// `now` as `YYYY-MM-DD HH:MM UTC`.
pub fn utc_date(now: SystemTime) -> String {
    let secs = now.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let (days, rest) = (secs / 86_400, secs % 86_400);
    // Civil from days (H. Hinnant), for days since 1970-01-01.
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02} UTC",
        rest / 3600,
        rest % 3600 / 60
    )
}

/// A shell word: as is when plain, else single-quoted.
pub fn shell_word(word: &str) -> String {
    let plain = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./=:,+".contains(c));
    if plain {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

/// A ratio with about three significant digits.
pub fn fmt_ratio(r: f64) -> String {
    let a = r.abs();
    if a >= 100.0 {
        format!("{r:.0}")
    } else if a >= 10.0 {
        format!("{r:.1}")
    } else if a >= 0.1 || a == 0.0 {
        format!("{r:.2}")
    } else {
        // Three significant digits below 0.1.
        let decimals = (-a.log10().floor()) as usize + 2;
        format!("{r:.decimals$}")
    }
}

/// Who the ratio `system / reference` favours: `ours`, the peer, or neither.
pub fn favours(ratio: f64, higher_is_better: bool) -> Option<bool> {
    if ratio == 1.0 {
        None
    } else {
        // A peer below 1 on a higher-is-better metric is behind us.
        Some((ratio < 1.0) == higher_is_better)
    }
}

/// The whole file.
pub fn render(ours: &str, header: &Header, results: &[WorkloadResult], svg: &str) -> String {
    let mut out = String::new();
    let m = &header.machine;
    let _ = writeln!(out, "# Peer benchmark results\n");
    let _ = writeln!(
        out,
        "Written by the `report` mode of `benches/peers` (`src/report_md.rs`); \
         do not edit by hand, run the command again. The figures behind individual \
         design decisions, as measured when each was made, are in \
         [`DESIGN_MEASUREMENTS.md`](DESIGN_MEASUREMENTS.md), which `report` does \
         not touch.\n"
    );
    let _ = writeln!(out, "- Date: {}", header.date);
    let _ = writeln!(out, "- Command: `{}`", header.command);
    let _ = writeln!(
        out,
        "- Runs: {} per system, interleaved (run 1 of every system, then run 2, ...); \
         throughput runs last {} s; latency runs do {} round trips",
        header.runs, header.secs, header.rtt_iters
    );
    let _ = writeln!(out, "- CPU: {}", m.cpu);
    let _ = writeln!(
        out,
        "- Cores: {} logical CPUs ({} available to the benchmark)",
        m.cpus, m.available
    );
    let _ = writeln!(out, "- Memory: {:.1} GiB", m.memory_gib);
    let _ = writeln!(out, "- Kernel: Linux {}", m.kernel);
    let _ = writeln!(out, "- Compiler: {}\n", m.rustc);

    let _ = writeln!(
        out,
        "Each row is one metric of one system: the median of its runs and their range. \
         *Ratio* is `system / {ours}` of the medians, against the same flavor of \
         {ours} (`tokio-ct` against `{ours}-ct`); unflavored peers of the executor \
         and timer workloads run on as many threads as `{ours}-mt` and are set \
         against it. Whether a ratio above 1 is good for the peer depends on the \
         metric: *better* says which direction wins. Targets keep the issues' \
         direction, `{ours} / peer`.\n"
    );
    if !svg.is_empty() {
        let _ = writeln!(
            out,
            "![Ratios peer / {ours} per workload and metric]({svg})\n"
        );
    }

    // Summary of targets.
    let all: Vec<(&WorkloadResult, Vec<Verdict>)> = results
        .iter()
        .map(|r| (r, report::verdicts(ours, &r.figures, &r.targets)))
        .collect();
    let checked: usize = all.iter().map(|(_, v)| v.len()).sum();
    let met: usize = all
        .iter()
        .map(|(_, v)| v.iter().filter(|v| v.met).count())
        .sum();
    let _ = writeln!(out, "## Targets\n");
    let _ = writeln!(out, "{met} of {checked} checked targets met.\n");
    let _ = writeln!(
        out,
        "| workload | metric | comparison | value | target | verdict |"
    );
    let _ = writeln!(out, "|---|---|---|---:|---|---|");
    for (r, verdicts) in &all {
        for v in verdicts {
            let _ = writeln!(out, "{}", verdict_row(&r.name, v));
        }
    }
    out.push('\n');

    for (r, verdicts) in &all {
        out.push_str(&workload_section(ours, r, verdicts));
    }
    out
}

fn verdict_row(workload: &str, v: &Verdict) -> String {
    let (comparison, value) = if v.peer == ABSOLUTE {
        (
            format!("{} (absolute)", v.ours),
            format!("{} {}", fmt_num(v.value), v.unit),
        )
    } else {
        (format!("{} / {}", v.ours, v.peer), fmt_ratio(v.value))
    };
    format!(
        "| {workload} | {} | {comparison} | {value} | {} | {} |",
        v.metric,
        v.want,
        if v.met { "MET" } else { "**MISSED**" }
    )
}

/// One workload's table and its targets.
pub fn workload_section(ours: &str, r: &WorkloadResult, verdicts: &[Verdict]) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "## {}\n", r.name);
    if r.isolated {
        let _ = writeln!(out, "Each run in a fresh process.\n");
    }
    let _ = writeln!(
        out,
        "| system | metric | unit | better | median | min–max | ratio to {ours} | ahead |"
    );
    let _ = writeln!(out, "|---|---|---|---|---:|---:|---:|---|");
    for row in table_rows(ours, &r.figures) {
        let _ = writeln!(out, "{row}");
    }
    out.push('\n');
    if !r.targets.is_empty() {
        let _ = writeln!(out, "Targets (`{ours} / peer`):\n");
        for t in &r.targets {
            let mine: Vec<&Verdict> = verdicts
                .iter()
                .filter(|v| v.metric == t.metric && v.peer == t.peer)
                .filter(|v| t.ours.is_none_or(|o| o == v.ours))
                .collect();
            if mine.is_empty() {
                let (_, want) = t.check(0.0);
                let _ = writeln!(
                    out,
                    "- `{}` against {}: target {want}, not measured",
                    t.metric, t.peer
                );
            }
            for v in mine {
                let verdict = if v.met { "MET" } else { "**MISSED**" };
                if v.peer == ABSOLUTE {
                    let _ = writeln!(
                        out,
                        "- `{}` of {}: {} {}, target {}: {verdict}",
                        v.metric,
                        v.ours,
                        fmt_num(v.value),
                        v.unit,
                        v.want
                    );
                } else {
                    let _ = writeln!(
                        out,
                        "- `{}` {} / {} = {}, target {}: {verdict}",
                        v.metric,
                        v.ours,
                        v.peer,
                        fmt_ratio(v.value),
                        v.want
                    );
                }
            }
        }
        out.push('\n');
    }
    out
}

/// The table rows of `figures`, in their order.
pub fn table_rows(ours: &str, figures: &[Figure]) -> Vec<String> {
    figures
        .iter()
        .map(|f| {
            let (median, min, max) = stats(&f.values);
            let (ratio, ahead) = match report::reference(ours, f, figures) {
                None => ("—".to_string(), "reference".to_string()),
                Some(r) => {
                    let den = stats(&r.values).0;
                    if den == 0.0 {
                        (format!("n/a ({} is 0)", r.system), String::new())
                    } else {
                        let ratio = median / den;
                        let ahead = match favours(ratio, f.higher_is_better) {
                            Some(true) => r.system,
                            Some(false) => f.system,
                            None => "even",
                        };
                        (
                            format!("{} (vs {})", fmt_ratio(ratio), r.system),
                            ahead.to_string(),
                        )
                    }
                }
            };
            format!(
                "| {} | {} | {} | {} | {} | {}–{} | {ratio} | {ahead} |",
                f.system,
                f.metric,
                f.unit,
                if f.higher_is_better {
                    "higher"
                } else {
                    "lower"
                },
                fmt_num(median),
                fmt_num(min),
                fmt_num(max)
            )
        })
        .collect()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::time::Duration;

    /// A tiny fixed result set: one latency metric on both flavors and peers.
    pub(crate) fn sample() -> Vec<WorkloadResult> {
        let fig = |system, metric, hib, values: &[f64]| Figure {
            workload: "w".into(),
            system,
            metric,
            unit: if hib { "ops/s" } else { "us" },
            higher_is_better: hib,
            values: values.to_vec(),
        };
        vec![WorkloadResult {
            name: "w".into(),
            figures: vec![
                fig("runtime-ct", "median", false, &[10.0, 12.0, 11.0]),
                fig("runtime-mt", "median", false, &[20.0, 20.0, 20.0]),
                fig("tokio-ct", "median", false, &[22.0, 22.0, 21.0]),
                fig("tokio-mt", "median", false, &[10.0, 10.0, 10.0]),
                fig("async-executor", "median", false, &[40.0, 40.0, 40.0]),
                fig("runtime-ct", "ops", true, &[2000.0]),
                fig("tokio-ct", "ops", true, &[1000.0]),
            ],
            targets: vec![
                Target {
                    metric: "median",
                    peer: "tokio-mt",
                    min_ratio: None,
                    max_ratio: Some(1.0),
                    ours: None,
                },
                Target {
                    metric: "median",
                    peer: ABSOLUTE,
                    min_ratio: None,
                    max_ratio: Some(15.0),
                    ours: Some("runtime-ct"),
                },
                Target {
                    metric: "p99",
                    peer: "tokio-mt",
                    min_ratio: None,
                    max_ratio: Some(1.0),
                    ours: None,
                },
            ],
            isolated: true,
        }]
    }

    #[test]
    fn rows() {
        let r = &sample()[0];
        assert_eq!(
            table_rows("runtime", &r.figures),
            [
                "| runtime-ct | median | us | lower | 11.000 | 10.000–12.000 | — | reference |",
                "| runtime-mt | median | us | lower | 20.000 | 20.000–20.000 | — | reference |",
                "| tokio-ct | median | us | lower | 22.000 | 21.000–22.000 | 2.00 (vs runtime-ct) | runtime-ct |",
                "| tokio-mt | median | us | lower | 10.000 | 10.000–10.000 | 0.50 (vs runtime-mt) | tokio-mt |",
                "| async-executor | median | us | lower | 40.000 | 40.000–40.000 | 2.00 (vs runtime-mt) | runtime-mt |",
                "| runtime-ct | ops | ops/s | higher | 2000 | 2000–2000 | — | reference |",
                "| tokio-ct | ops | ops/s | higher | 1000 | 1000–1000 | 0.50 (vs runtime-ct) | runtime-ct |",
            ]
        );
    }

    #[test]
    fn targets() {
        let r = &sample()[0];
        let verdicts = report::verdicts("runtime", &r.figures, &r.targets);
        let section = workload_section("runtime", r, &verdicts);
        assert!(section.contains("Each run in a fresh process."));
        assert!(
            section.contains("- `median` runtime-ct / tokio-mt = 1.10, target <= 1: **MISSED**"),
            "{section}"
        );
        assert!(
            section.contains("- `median` runtime-mt / tokio-mt = 2.00, target <= 1: **MISSED**")
        );
        assert!(section.contains("- `median` of runtime-ct: 11.000 us, target <= 15: MET"));
        assert!(section.contains("- `p99` against tokio-mt: target <= 1, not measured"));
    }

    #[test]
    fn whole_file() {
        let header = Header {
            date: "2024-02-29 13:05 UTC".into(),
            command: "cargo run -- report".into(),
            runs: 3,
            secs: 2.0,
            rtt_iters: 100_000,
            machine: Machine {
                cpu: "Some CPU @ 3.00GHz".into(),
                cpus: 2,
                available: 2,
                memory_gib: 7.75,
                kernel: "6.1.0".into(),
                rustc: "rustc 1.85.0".into(),
            },
        };
        let md = render("runtime", &header, &sample(), "results.svg");
        assert!(md.starts_with("# Peer benchmark results\n"));
        for needle in [
            "- Date: 2024-02-29 13:05 UTC",
            "- Command: `cargo run -- report`",
            "- CPU: Some CPU @ 3.00GHz",
            "- Cores: 2 logical CPUs (2 available to the benchmark)",
            "- Memory: 7.8 GiB",
            "- Kernel: Linux 6.1.0",
            "- Compiler: rustc 1.85.0",
            "![Ratios peer / runtime per workload and metric](results.svg)",
            "1 of 3 checked targets met.",
            "| w | median | runtime-ct / tokio-mt | 1.10 | <= 1 | **MISSED** |",
            "| w | median | runtime-ct (absolute) | 11.000 us | <= 15 | MET |",
            "## w\n",
        ] {
            assert!(md.contains(needle), "{needle:?} not in\n{md}");
        }
    }

    #[test]
    fn dates() {
        let at = |s| utc_date(UNIX_EPOCH + Duration::from_secs(s));
        assert_eq!(at(0), "1970-01-01 00:00 UTC");
        assert_eq!(at(951_782_400 + 3_723), "2000-02-29 01:02 UTC");
        assert_eq!(at(1_709_211_900), "2024-02-29 13:05 UTC");
    }

    #[test]
    fn numbers_and_words() {
        assert_eq!(fmt_ratio(1.234_56), "1.23");
        assert_eq!(fmt_ratio(12.345), "12.3");
        assert_eq!(fmt_ratio(1234.5), "1234");
        assert_eq!(fmt_ratio(0.012_345), "0.0123");
        assert_eq!(shell_word("--runs"), "--runs");
        assert_eq!(shell_word("a b"), "'a b'");
        assert_eq!(shell_word("it's"), r"'it'\''s'");
        assert_eq!(favours(0.5, true), Some(true));
        assert_eq!(favours(0.5, false), Some(false));
        assert_eq!(favours(1.0, false), None);
    }
}
