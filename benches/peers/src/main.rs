//! Side-by-side benchmarks: the same workloads on `runtime` and on its peers.
//!
//! ```text
//! cargo run --release --manifest-path benches/peers/Cargo.toml -- [FILTER...] \
//!     [--runs N] [--secs S] [--rtt-iters N] [--list]
//! ```
//!
//! - `FILTER`: workload names to run; a filter equal to a workload's name selects
//!   just that one, otherwise every workload whose name contains it. None: all.
//! - `--runs N` (default 5): runs per system. Runs interleave systems: run 1 of
//!   every system, then run 2 of every system, and so on, so drift in the machine's
//!   load falls on all systems alike.
//! - `--secs S` (default 2): duration of each throughput run.
//! - `--rtt-iters N` (default 100000): round trips per latency run.
//! - `--system NAME` (repeatable): run only these systems (e.g. to profile one).
//! - `--child WORKLOAD --system NAME` (internal): one run in this process, measures
//!   on stdout; how isolated workloads run each run in a fresh process (`child.rs`).
//!
//! Output: one line per figure (see `report.rs`), printed once a workload's runs are
//! done, then a `ratio` line per figure a `runtime` system (`runtime`, `runtime-ct`,
//! `runtime-mt`) shares with a peer, with the verdict of the issue's targets.
//! Progress goes to stderr.
//!
//! The executor workloads (issue 3), on an idle machine (name each: a filter equal
//! to a workload's name selects only that one, so `event-task-rtt` alone would skip
//! the pinned variant):
//!
//! ```text
//! cargo run --release -j2 --manifest-path benches/peers/Cargo.toml -- \
//!     spawn-1m yield event-task-rtt event-task-rtt-pinned --runs 5
//! ```
//!
//! The timer workloads (issue 4, section 6), on an idle machine:
//!
//! ```text
//! cargo run --release -j2 --manifest-path benches/peers/Cargo.toml -- \
//!     sleeps-100k sleeps-1m timer-cancel deadlines-10k --runs 5
//! ```
//!
//! The channel workloads (issue 15, section 3), on an idle machine:
//!
//! ```text
//! cargo run --release -j2 --manifest-path benches/peers/Cargo.toml -- \
//!     channel-foreign channel-foreign-4 channel-bounded channel-bounded-4 \
//!     channel-poll --runs 5
//! ```
//!
//! The net workloads (issue 14, section 4: `tcp-echo-1/10/100`, `http-hello`, which
//! runs `wrk` and installs the Debian package if it is missing), on an idle machine:
//!
//! ```text
//! cargo run --release -j2 --manifest-path benches/peers/Cargo.toml -- \
//!     tcp-echo http-hello --runs 5
//! ```
//!
//! `report` as the first word (`-- report [--runs N] [--secs S] [FILTER...]`) runs
//! the same way and prints the same, then also writes `RESULTS.md` (the machine, a
//! table per workload, the targets' verdicts; `report_md.rs`) and `results.svg` (a
//! chart of the ratios peer / runtime; `report_svg.rs`) to `benches/peers`, or to
//! the directory `--out DIR` names:
//!
//! ```text
//! cargo run --release -j2 --manifest-path benches/peers/Cargo.toml -- report --runs 5
//! ```
//!
//! Targets with peer `absolute` print an `absolute` line (our median against a bound
//! in the metric's unit) instead of a ratio.
//!
//! The default feature `metrics` builds the runtime with its `metrics` feature;
//! `--no-default-features` compiles them out. The script `metrics-cost` builds both
//! and compares them on `spawn-1m` and `yield` (`METRICS_COST.md`).

mod affinity;
mod child;
mod report;
mod report_md;
mod report_svg;
mod systems;
mod workloads;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use report::Figure;
use report_md::WorkloadResult;
use workloads::{Config, Workload};

/// The system every ratio is computed for.
const OURS: &str = "runtime";

struct Args {
    filters: Vec<String>,
    systems: Vec<String>,
    runs: usize,
    config: Config,
    list: bool,
    child: Option<String>,
    /// `report` mode: also write `RESULTS.md` and `results.svg`.
    report: bool,
    /// Where `report` writes (`--out DIR`); default `benches/peers`.
    out: PathBuf,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        filters: Vec::new(),
        systems: Vec::new(),
        runs: 5,
        config: Config {
            duration: Duration::from_secs(2),
            rtt_iters: 100_000,
        },
        list: false,
        child: None,
        report: false,
        out: PathBuf::from(env!("CARGO_MANIFEST_DIR")),
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut value = |name: &str| it.next().ok_or(format!("{name} needs a value"));
        match arg.as_str() {
            "--runs" => {
                args.runs = value("--runs")?
                    .parse()
                    .map_err(|e| format!("--runs: {e}"))?;
                if args.runs == 0 {
                    return Err("--runs must be at least 1".into());
                }
            }
            "--secs" => {
                let secs: f64 = value("--secs")?
                    .parse()
                    .map_err(|e| format!("--secs: {e}"))?;
                args.config.duration =
                    Duration::try_from_secs_f64(secs).map_err(|e| format!("--secs: {e}"))?;
            }
            "--rtt-iters" => {
                args.config.rtt_iters = value("--rtt-iters")?
                    .parse()
                    .map_err(|e| format!("--rtt-iters: {e}"))?;
                if args.config.rtt_iters == 0 {
                    return Err("--rtt-iters must be at least 1".into());
                }
            }
            "--system" => args.systems.push(value("--system")?),
            "--out" => args.out = PathBuf::from(value("--out")?),
            "--list" => args.list = true,
            child::FLAG => args.child = Some(value(child::FLAG)?),
            "-h" | "--help" => {
                return Err("usage: peers [report] [FILTER...] [--runs N] [--secs S] \
                            [--rtt-iters N] [--system NAME] [--list] [--out DIR]"
                    .into())
            }
            flag if flag.starts_with('-') => return Err(format!("unknown flag {flag}")),
            "report" if !args.report && args.filters.is_empty() => args.report = true,
            filter => args.filters.push(filter.to_string()),
        }
    }
    Ok(args)
}

/// The workloads `filters` select, each keeping only the systems `systems` names.
fn select(all: Vec<Workload>, filters: &[String], systems: &[String]) -> Vec<Workload> {
    let names: Vec<String> = all.iter().map(|w| w.name.clone()).collect();
    let wanted = |name: &str| {
        filters.is_empty()
            || filters.iter().any(|f| {
                if names.contains(f) {
                    name == f
                } else {
                    name.contains(f.as_str())
                }
            })
    };
    all.into_iter()
        .filter(|w| wanted(&w.name))
        .map(|mut w| {
            if !systems.is_empty() {
                w.systems.retain(|s| systems.iter().any(|n| n == s.system));
            }
            w
        })
        .filter(|w| !w.systems.is_empty())
        .collect()
}

fn run_workload(workload: &Workload, runs: usize, config: &Config) -> Vec<Figure> {
    // (system index, metric) -> figure, in first-seen order.
    let mut figures: Vec<Figure> = Vec::new();
    for run in 1..=runs {
        for system in &workload.systems {
            eprintln!("# {} {} run {run}/{runs}", workload.name, system.system);
            let measures = if workload.isolated {
                child::run(&workload.name, system.system, config)
            } else {
                (system.run)(config)
            };
            for measure in measures {
                match figures
                    .iter_mut()
                    .find(|f| f.system == system.system && f.metric == measure.metric)
                {
                    Some(figure) => figure.values.push(measure.value),
                    None => figures.push(Figure {
                        workload: workload.name.clone(),
                        system: system.system,
                        metric: measure.metric,
                        unit: measure.unit,
                        higher_is_better: measure.higher_is_better,
                        values: vec![measure.value],
                    }),
                }
            }
        }
    }
    // Group by metric so systems sit side by side.
    let mut metrics: Vec<&'static str> = Vec::new();
    for f in &figures {
        if !metrics.contains(&f.metric) {
            metrics.push(f.metric);
        }
    }
    let mut ordered = Vec::with_capacity(figures.len());
    for metric in metrics {
        ordered.extend(figures.iter().filter(|f| f.metric == metric).cloned());
    }
    ordered
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(args) => args,
        Err(msg) => {
            eprintln!("{msg}");
            return ExitCode::from(2);
        }
    };
    if let Some(name) = &args.child {
        return run_child(name, &args);
    }
    let selected = select(workloads::all(), &args.filters, &args.systems);
    if args.list {
        for w in &selected {
            let systems: Vec<_> = w.systems.iter().map(|s| s.system).collect();
            println!("{} ({})", w.name, systems.join(", "));
        }
        return ExitCode::SUCCESS;
    }
    if selected.is_empty() {
        eprintln!("no workload matches {:?}; try --list", args.filters);
        return ExitCode::from(2);
    }

    let mut all_figures = Vec::new();
    let mut targets = BTreeMap::new();
    let mut results = Vec::new();
    for workload in &selected {
        let figures = run_workload(workload, args.runs, &args.config);
        for figure in &figures {
            println!("{}", report::line(figure));
        }
        if args.report {
            results.push(WorkloadResult {
                name: workload.name.clone(),
                figures: figures.clone(),
                targets: workload.targets.clone(),
                isolated: workload.isolated,
            });
        }
        all_figures.extend(figures);
        targets.insert(workload.name.clone(), workload.targets.clone());
    }
    println!();
    for line in report::summary(OURS, &all_figures, &targets) {
        println!("{line}");
    }
    if args.report {
        return write_report(&args, &results);
    }
    ExitCode::SUCCESS
}

/// Writes `RESULTS.md` and `results.svg` into `args.out`.
fn write_report(args: &Args, results: &[WorkloadResult]) -> ExitCode {
    const SVG: &str = "results.svg";
    let words: Vec<String> = std::env::args()
        .skip(1)
        .map(|w| report_md::shell_word(&w))
        .collect();
    let header = report_md::Header {
        date: report_md::utc_date(std::time::SystemTime::now()),
        command: format!(
            "cargo run --release --manifest-path benches/peers/Cargo.toml -- {}",
            words.join(" ")
        ),
        runs: args.runs,
        secs: args.config.duration.as_secs_f64(),
        rtt_iters: args.config.rtt_iters,
        machine: report_md::Machine::detect(),
    };
    let m = &header.machine;
    let subtitle = format!(
        "{}; median of {} run(s) per system; {} ({} CPUs, {:.1} GiB), Linux {}, {}",
        header.date,
        header.runs,
        m.cpu,
        m.cpus,
        m.memory_gib,
        m.kernel,
        m.rustc.split(" (").next().unwrap_or_default()
    );
    let files = [
        ("RESULTS.md", report_md::render(OURS, &header, results, SVG)),
        (SVG, report_svg::render(OURS, results, &subtitle)),
    ];
    for (name, text) in files {
        let path = args.out.join(name);
        if let Err(e) = std::fs::write(&path, text) {
            eprintln!("writing {}: {e}", path.display());
            return ExitCode::FAILURE;
        }
        eprintln!("# wrote {}", path.display());
    }
    ExitCode::SUCCESS
}

/// The child side of `child::run`: one run of one workload on one system.
fn run_child(name: &str, args: &Args) -> ExitCode {
    let [system] = args.systems.as_slice() else {
        eprintln!("{} needs exactly one --system", child::FLAG);
        return ExitCode::from(2);
    };
    let Some(workload) = workloads::all().into_iter().find(|w| w.name == name) else {
        eprintln!("no workload named {name}");
        return ExitCode::from(2);
    };
    let Some(run) = workload.systems.iter().find(|s| s.system == system) else {
        eprintln!("workload {name} has no system {system}");
        return ExitCode::from(2);
    };
    child::print(&(run.run)(&args.config));
    ExitCode::SUCCESS
}
