//! `results.svg`: a horizontal bar chart of `peer / runtime` of the medians, one bar
//! per figure of a peer that has a reference figure of ours (see
//! [`report::reference`]), grouped by workload. Written by hand: no crates.
//!
//! The axis is logarithmic and centred on 1.0; it spans `1/bound..bound`, `bound` the
//! smallest of [`BOUNDS`] that holds every ratio (a ratio beyond the largest is
//! clipped: its bar ends in an arrow; its label shows the true value). A bar is green when `runtime`
//! is ahead on that metric and red when the peer is, so the colour reads the same
//! for throughputs and latencies.

use std::fmt::Write as _;

use crate::report::{self, stats, Figure};
use crate::report_md::{fmt_ratio, WorkloadResult};

/// The axis spans `1/bound..bound` for the smallest of these that holds every ratio.
pub const BOUNDS: [f64; 6] = [2.0, 5.0, 10.0, 20.0, 50.0, 100.0];
/// Grid lines, where within the axis (major ones at powers of ten).
const TICKS: [f64; 13] = [
    0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0,
];

const WIDTH: f64 = 1000.0;
const PLOT_LEFT: f64 = 330.0;
const PLOT_RIGHT: f64 = 900.0;
const ROW: f64 = 18.0;
const GROUP: f64 = 24.0;
const TOP: f64 = 92.0;
const BOTTOM: f64 = 40.0;
const OURS_AHEAD: &str = "#2e7d32";
const PEER_AHEAD: &str = "#c62828";
const EVEN: &str = "#757575";

/// One bar.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    /// The metric.
    pub metric: &'static str,
    /// The peer.
    pub peer: &'static str,
    /// Our system it is set against.
    pub reference: &'static str,
    /// `peer / reference` of the medians.
    pub ratio: f64,
    /// Whether the metric is better higher.
    pub higher_is_better: bool,
}

/// The bars of one workload, in the order of its figures.
pub fn bars(ours: &str, figures: &[Figure]) -> Vec<Bar> {
    figures
        .iter()
        .filter_map(|f| {
            let r = report::reference(ours, f, figures)?;
            let den = stats(&r.values).0;
            (den != 0.0).then(|| Bar {
                metric: f.metric,
                peer: f.system,
                reference: r.system,
                ratio: stats(&f.values).0 / den,
                higher_is_better: f.higher_is_better,
            })
        })
        .collect()
}

/// The axis's `bound` for `ratios`.
pub fn bound(ratios: impl IntoIterator<Item = f64>) -> f64 {
    let widest = ratios
        .into_iter()
        .filter(|r| *r > 0.0 && r.is_finite())
        .map(|r| r.max(1.0 / r))
        .fold(1.0, f64::max);
    let last = BOUNDS[BOUNDS.len() - 1];
    BOUNDS.into_iter().find(|b| *b >= widest).unwrap_or(last)
}

/// The x coordinate of `ratio` on the axis `1/bound..bound` (clipped).
fn x_of(ratio: f64, bound: f64) -> f64 {
    let (lo, hi) = (-bound.log10(), bound.log10());
    let l = if ratio > 0.0 { ratio.log10() } else { lo };
    PLOT_LEFT + (l.clamp(lo, hi) - lo) / (hi - lo) * (PLOT_RIGHT - PLOT_LEFT)
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The whole chart; `subtitle` says what run it shows (date, machine).
pub fn render(ours: &str, results: &[WorkloadResult], subtitle: &str) -> String {
    let groups: Vec<(&str, Vec<Bar>)> = results
        .iter()
        .map(|r| (r.name.as_str(), bars(ours, &r.figures)))
        .filter(|(_, b)| !b.is_empty())
        .collect();
    let rows: usize = groups.iter().map(|(_, b)| b.len()).sum();
    let height = TOP + groups.len() as f64 * GROUP + rows as f64 * ROW + BOTTOM;
    let plot_bottom = height - BOTTOM + 6.0;
    let bound = bound(groups.iter().flat_map(|(_, b)| b.iter().map(|b| b.ratio)));
    let x_of = |ratio| x_of(ratio, bound);
    let one = x_of(1.0);

    let mut s = String::new();
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}" font-family="DejaVu Sans, Helvetica, Arial, sans-serif" font-size="12">"#
    );
    let _ = writeln!(
        s,
        r#"<rect x="0" y="0" width="{WIDTH}" height="{height}" fill="white"/>"#
    );
    let _ = writeln!(
        s,
        r#"<text x="16" y="24" font-size="17" font-weight="bold">Peers against {ours}: peer / {ours} of the median, per workload and metric</text>"#
    );
    let _ = writeln!(
        s,
        r##"<text x="16" y="43" fill="#444" font-size="11">{}</text>"##,
        escape(subtitle)
    );
    let _ = writeln!(
        s,
        r##"<rect x="16" y="53" width="12" height="12" fill="{OURS_AHEAD}"/><text x="34" y="63">{ours} ahead on that metric</text><rect x="220" y="53" width="12" height="12" fill="{PEER_AHEAD}"/><text x="238" y="63">peer ahead</text><text x="330" y="63" fill="#444">log scale {}..{}; 1.0 = same as {ours} (same flavor); hover a bar for details</text>"##,
        1.0 / bound,
        bound
    );

    // Grid and axis labels, top and bottom.
    for tick in TICKS
        .into_iter()
        .filter(|t| *t <= bound * 1.0001 && *t >= 1.0 / bound / 1.0001)
    {
        let x = x_of(tick);
        let major = [0.01, 0.1, 1.0, 10.0, 100.0].contains(&tick);
        let _ = writeln!(
            s,
            r##"<line x1="{x:.1}" y1="{}" x2="{x:.1}" y2="{plot_bottom}" stroke="{}" stroke-width="1"/>"##,
            TOP - 8.0,
            if major { "#bbb" } else { "#e4e4e4" }
        );
        for y in [TOP - 12.0, plot_bottom + 14.0] {
            let _ = writeln!(
                s,
                r##"<text x="{x:.1}" y="{y}" text-anchor="middle" fill="#444" font-size="11">{}</text>"##,
                tick
            );
        }
    }

    let mut y = TOP;
    for (name, bars) in &groups {
        let _ = writeln!(
            s,
            r##"<text x="16" y="{:.1}" font-size="13" font-weight="bold">{}</text><line x1="16" y1="{:.1}" x2="{}" y2="{:.1}" stroke="#999" stroke-width="0.5"/>"##,
            y + GROUP - 7.0,
            escape(name),
            y + GROUP - 3.0,
            WIDTH - 16.0,
            y + GROUP - 3.0
        );
        y += GROUP;
        for bar in bars {
            let mid = y + ROW / 2.0;
            let x = x_of(bar.ratio);
            let (x0, w) = if x < one {
                (x, one - x)
            } else {
                (one, x - one)
            };
            let colour = match crate::report_md::favours(bar.ratio, bar.higher_is_better) {
                Some(true) => OURS_AHEAD,
                Some(false) => PEER_AHEAD,
                None => EVEN,
            };
            let direction = if bar.higher_is_better {
                "higher is better"
            } else {
                "lower is better"
            };
            let label = format!("{}: {} / {}", bar.metric, bar.peer, bar.reference);
            let _ = writeln!(
                s,
                r#"<text x="{:.1}" y="{:.1}" text-anchor="end">{}</text>"#,
                PLOT_LEFT - 14.0,
                mid + 4.0,
                escape(&label)
            );
            let _ = writeln!(
                s,
                r#"<rect class="bar" x="{x0:.1}" y="{:.1}" width="{:.1}" height="{:.1}" fill="{colour}"><title>{} {}: {} ({direction})</title></rect>"#,
                y + 3.0,
                w.max(1.0),
                ROW - 6.0,
                escape(name),
                escape(&label),
                fmt_ratio(bar.ratio)
            );
            let clipped = if bar.ratio > bound {
                Some((PLOT_RIGHT, 1.0))
            } else if bar.ratio < 1.0 / bound {
                Some((PLOT_LEFT, -1.0))
            } else {
                None
            };
            if let Some((edge, dir)) = clipped {
                let _ = writeln!(
                    s,
                    r#"<polygon class="clipped" points="{:.1},{:.1} {:.1},{:.1} {:.1},{:.1}" fill="{colour}"/>"#,
                    edge,
                    y + 1.0,
                    edge + dir * 8.0,
                    mid,
                    edge,
                    y + ROW - 1.0
                );
            }
            let _ = writeln!(
                s,
                r#"<text x="{:.1}" y="{:.1}">{}</text>"#,
                PLOT_RIGHT + 14.0,
                mid + 4.0,
                fmt_ratio(bar.ratio)
            );
            y += ROW;
        }
    }
    let _ = writeln!(
        s,
        r#"<line x1="{one:.1}" y1="{}" x2="{one:.1}" y2="{plot_bottom}" stroke="black" stroke-width="1.5"/>"#,
        TOP - 8.0
    );
    s.push_str("</svg>\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report_md::tests::sample;

    #[test]
    fn one_bar_per_peer_figure() {
        let results = sample();
        let b = bars("runtime", &results[0].figures);
        let pairs: Vec<_> = b.iter().map(|b| (b.peer, b.reference, b.ratio)).collect();
        assert_eq!(
            pairs,
            [
                ("tokio-ct", "runtime-ct", 2.0),
                ("tokio-mt", "runtime-mt", 0.5),
                ("async-executor", "runtime-mt", 2.0),
                ("tokio-ct", "runtime-ct", 0.5),
            ]
        );
        let svg = render("runtime", &results, "test & <run>");
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
        assert!(svg.trim_end().ends_with("</svg>"));
        assert_eq!(svg.matches(r#"<rect class="bar""#).count(), 4);
        assert!(svg.contains("test &amp; &lt;run&gt;"));
        assert!(svg.contains("median: tokio-ct / runtime-ct"));
        // Latency twice ours: we are ahead (green); throughput half ours: also green.
        assert_eq!(
            svg.matches(&format!("fill=\"{OURS_AHEAD}\"><title>"))
                .count(),
            3
        );
        assert_eq!(
            svg.matches(&format!("fill=\"{PEER_AHEAD}\"><title>"))
                .count(),
            1
        );
        assert_eq!(svg.matches("class=\"clipped\"").count(), 0);
    }

    #[test]
    fn scale_and_clipping() {
        let mid = (PLOT_LEFT + PLOT_RIGHT) / 2.0;
        assert!((x_of(1.0, 5.0) - mid).abs() < 1e-9);
        assert!((x_of(5.0, 5.0) - PLOT_RIGHT).abs() < 1e-9);
        assert!((x_of(0.2, 5.0) - PLOT_LEFT).abs() < 1e-9);
        assert_eq!(x_of(1e6, 100.0), x_of(100.0, 100.0));
        assert_eq!(x_of(0.0, 100.0), PLOT_LEFT);
        assert_eq!(bound([1.0]), 2.0);
        assert_eq!(bound([0.3, 1.5]), 5.0);
        assert_eq!(bound([1e9]), 100.0);
        assert!(render("runtime", &sample(), "").contains(">0.5<"));
        let mut results = sample();
        results[0].figures[3].values = vec![1e9];
        let svg = render("runtime", &results, "");
        assert_eq!(svg.matches("class=\"clipped\"").count(), 1);
    }
}
