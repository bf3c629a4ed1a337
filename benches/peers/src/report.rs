//! Statistics over runs and the output format.
//!
//! Every figure is one line:
//!
//! ```text
//! workload=NAME system=NAME metric=NAME value=FLOAT unit=UNIT min=FLOAT max=FLOAT runs=N
//! ```
//!
//! where `value` is the median of the per-run values and `min`/`max` their extremes.
//! After all figures, [`summary`] prints `runtime / peer` for each figure both have,
//! and checks the targets the workloads declare (an [`ABSOLUTE`] target checks our
//! median itself: `absolute workload=.. metric=.. SYSTEM=VALUE UNIT target=.. MET`).

use std::collections::BTreeMap;

/// One number produced by one run of one workload on one system.
#[derive(Debug, Clone)]
pub struct Measure {
    /// e.g. `events_per_sec`, `median`, `p99`.
    pub metric: &'static str,
    /// e.g. `events/s`, `us`.
    pub unit: &'static str,
    /// Whether a larger value is better (throughput) or worse (latency).
    pub higher_is_better: bool,
    /// The value of this run.
    pub value: f64,
}

/// A figure: every run's value of one metric of one workload on one system.
#[derive(Debug, Clone)]
pub struct Figure {
    /// The workload's name.
    pub workload: String,
    /// The system's name.
    pub system: &'static str,
    /// The metric's name.
    pub metric: &'static str,
    /// Its unit.
    pub unit: &'static str,
    /// Direction of goodness.
    pub higher_is_better: bool,
    /// One value per run, in run order.
    pub values: Vec<f64>,
}

/// Median (mean of the two middle values for an even count), min and max.
pub fn stats(values: &[f64]) -> (f64, f64, f64) {
    assert!(!values.is_empty(), "a figure without runs");
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len();
    let median = if n % 2 == 1 {
        sorted[n / 2]
    } else {
        (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0
    };
    (median, sorted[0], sorted[n - 1])
}

/// The `q` quantile (0..=1) of `sorted`, nearest rank.
pub fn quantile(sorted: &[f64], q: f64) -> f64 {
    assert!(!sorted.is_empty());
    let rank = ((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

/// The one line of a figure.
pub fn line(figure: &Figure) -> String {
    let (median, min, max) = stats(&figure.values);
    format!(
        "workload={} system={} metric={} value={} unit={} min={} max={} runs={}",
        figure.workload,
        figure.system,
        figure.metric,
        fmt_num(median),
        figure.unit,
        fmt_num(min),
        fmt_num(max),
        figure.values.len()
    )
}

/// A number as the output prints it: whole above 1000, three decimals below.
pub fn fmt_num(x: f64) -> String {
    if x.abs() >= 1000.0 {
        format!("{x:.0}")
    } else {
        format!("{x:.3}")
    }
}

/// The `peer` of an absolute target: the bounds apply to our median itself.
pub const ABSOLUTE: &str = "absolute";

/// A target a workload sets: `runtime / peer` of `metric` at least `min_ratio` (for
/// higher-is-better metrics) or at most `max_ratio` (for lower-is-better ones).
///
/// With `peer` = [`ABSOLUTE`] the bounds apply to our median itself, in the
/// metric's unit (e.g. mean lateness at most 1.2 ms). `ours` restricts the target
/// to one of our systems (e.g. `runtime-ct` against `tokio-ct`); `None`: every one.
#[derive(Debug, Clone)]
pub struct Target {
    /// The metric the target is about.
    pub metric: &'static str,
    /// The peer system compared against, or [`ABSOLUTE`].
    pub peer: &'static str,
    /// Lowest acceptable ratio (or value, for [`ABSOLUTE`]), if any.
    pub min_ratio: Option<f64>,
    /// Highest acceptable ratio (or value, for [`ABSOLUTE`]), if any.
    pub max_ratio: Option<f64>,
    /// The one system of ours it applies to; `None`: all of ours.
    pub ours: Option<&'static str>,
}

impl Target {
    /// Whether `value` meets the bounds, and the bounds as text.
    pub fn check(&self, value: f64) -> (bool, String) {
        let ok =
            self.min_ratio.is_none_or(|m| value >= m) && self.max_ratio.is_none_or(|m| value <= m);
        let want = match (self.min_ratio, self.max_ratio) {
            (Some(lo), Some(hi)) => format!("{lo}..={hi}"),
            (Some(m), None) => format!(">= {m}"),
            (None, Some(m)) => format!("<= {m}"),
            (None, None) => String::from("any"),
        };
        (ok, want)
    }

    /// Whether the target is about `metric` of our `system` against `peer`.
    pub fn applies(&self, metric: &str, system: &str, peer: &str) -> bool {
        self.metric == metric && self.peer == peer && self.ours.is_none_or(|o| o == system)
    }
}

/// Whether `system` is one of ours: `ours` itself or `ours-FLAVOR`.
pub fn is_ours(ours: &str, system: &str) -> bool {
    system
        .strip_prefix(ours)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('-'))
}

/// The ratio summary (`ours / peer` of the medians, for each of our systems against
/// each peer) and the target verdicts; a target applies to every system of ours.
pub fn summary(
    ours: &str,
    figures: &[Figure],
    targets: &BTreeMap<String, Vec<Target>>,
) -> Vec<String> {
    let mut out = Vec::new();
    let median = |f: &Figure| stats(&f.values).0;
    for mine in figures.iter().filter(|f| is_ours(ours, f.system)) {
        for peer in figures.iter().filter(|f| {
            !is_ours(ours, f.system) && f.workload == mine.workload && f.metric == mine.metric
        }) {
            let (num, den) = (median(mine), median(peer));
            if den == 0.0 {
                out.push(format!(
                    "ratio workload={} metric={} {}/{}=n/a (peer is 0)",
                    mine.workload, mine.metric, mine.system, peer.system
                ));
                continue;
            }
            let ratio = num / den;
            let better = if mine.higher_is_better {
                "higher"
            } else {
                "lower"
            };
            let mut verdict = String::new();
            for t in targets.get(&mine.workload).into_iter().flatten() {
                if t.applies(mine.metric, mine.system, peer.system) {
                    let (ok, want) = t.check(ratio);
                    verdict = format!(" target={want} {}", if ok { "MET" } else { "MISSED" });
                }
            }
            out.push(format!(
                "ratio workload={} metric={} {}/{}={:.2} ({better} is better){verdict}",
                mine.workload, mine.metric, mine.system, peer.system, ratio
            ));
        }
        // Absolute targets: our median itself against the bound.
        for t in targets.get(&mine.workload).into_iter().flatten() {
            if t.applies(mine.metric, mine.system, ABSOLUTE) {
                let (ok, want) = t.check(median(mine));
                out.push(format!(
                    "absolute workload={} metric={} {}={} {} target={want} {}",
                    mine.workload,
                    mine.metric,
                    mine.system,
                    fmt_num(median(mine)),
                    mine.unit,
                    if ok { "MET" } else { "MISSED" }
                ));
            }
        }
    }
    out
}

/// The figure of ours a peer's `figure` is set against in `RESULTS.md` and the chart:
/// the same flavor of ours (`tokio-ct` against `runtime-ct`), else `ours` itself,
/// else the multi-thread flavor (the unflavored peers run [`WORKERS`] threads).
/// `None` for a figure of ours, or when no figure of ours has its metric.
///
/// [`WORKERS`]: crate::systems::WORKERS
pub fn reference<'a>(ours: &str, figure: &Figure, figures: &'a [Figure]) -> Option<&'a Figure> {
    if is_ours(ours, figure.system) {
        return None;
    }
    let find = |system: &str| {
        figures.iter().find(|f| {
            f.workload == figure.workload && f.metric == figure.metric && f.system == system
        })
    };
    let flavor = ["-ct", "-mt"]
        .into_iter()
        .find(|suffix| figure.system.ends_with(suffix));
    flavor
        .and_then(|suffix| find(&format!("{ours}{suffix}")))
        .or_else(|| find(ours))
        .or_else(|| find(&format!("{ours}-mt")))
}

/// One target checked against one pair of figures (or one figure, for [`ABSOLUTE`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    /// The workload.
    pub workload: String,
    /// The metric.
    pub metric: &'static str,
    /// Our system.
    pub ours: &'static str,
    /// The peer, or [`ABSOLUTE`].
    pub peer: &'static str,
    /// `ours / peer` of the medians, or our median for [`ABSOLUTE`].
    pub value: f64,
    /// The metric's unit (meaningful for [`ABSOLUTE`]).
    pub unit: &'static str,
    /// The bounds, as text (`<= 1`, `>= 2`, `0.5..=2`).
    pub want: String,
    /// Whether the value is within the bounds.
    pub met: bool,
}

/// Every target of `targets` checked against `figures`, as [`summary`] checks them.
pub fn verdicts(ours: &str, figures: &[Figure], targets: &[Target]) -> Vec<Verdict> {
    let median = |f: &Figure| stats(&f.values).0;
    let mut out = Vec::new();
    for t in targets {
        for mine in figures.iter().filter(|f| is_ours(ours, f.system)) {
            let mut push = |peer: &'static str, value: f64| {
                let (met, want) = t.check(value);
                out.push(Verdict {
                    workload: mine.workload.clone(),
                    metric: mine.metric,
                    ours: mine.system,
                    peer,
                    value,
                    unit: mine.unit,
                    want,
                    met,
                });
            };
            if t.applies(mine.metric, mine.system, ABSOLUTE) {
                push(ABSOLUTE, median(mine));
                continue;
            }
            for peer in figures.iter().filter(|f| {
                f.workload == mine.workload
                    && f.metric == mine.metric
                    && t.applies(mine.metric, mine.system, f.system)
            }) {
                let den = median(peer);
                if den != 0.0 {
                    push(peer.system, median(mine) / den);
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_odd_even() {
        assert_eq!(stats(&[3.0, 1.0, 2.0]), (2.0, 1.0, 3.0));
        assert_eq!(stats(&[4.0, 1.0, 2.0, 3.0]), (2.5, 1.0, 4.0));
    }

    #[test]
    fn ours() {
        assert!(is_ours("runtime", "runtime"));
        assert!(is_ours("runtime", "runtime-mt"));
        assert!(!is_ours("runtime", "runtimes"));
        assert!(!is_ours("runtime", "tokio-mt"));
    }

    #[test]
    fn quantiles() {
        let v: Vec<f64> = (1..=100).map(f64::from).collect();
        assert_eq!(quantile(&v, 0.5), 50.0);
        assert_eq!(quantile(&v, 0.99), 99.0);
        assert_eq!(quantile(&v, 1.0), 100.0);
    }
}
