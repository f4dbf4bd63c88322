//! Documents over time: a bar chart of documents per month (per year when the dated documents
//! span more than eight years), and a small version of it for a person's, place's or topic's
//! page.
//!
//! ```ignore
//! let tally = Tally::new(records.iter().map(|r| r.date.map(|d| (d.year, d.month))));
//! let bars = tally.bars(|year, month| match month {
//!     Some(m) => format!("timeline/#m-{year}-{m:02}"), // the month's part of the timeline
//!     None => format!("timeline/#y-{year}"),
//! });
//! let svg = chart(&tally, &bars, "Documents per month");
//! // Text alternative: `bars` (label, count, href), and `tally.undated` (+ `tally.year_only`).
//! // On a person's page, the same periods as the collection's chart:
//! let theirs = tally.like(person_records.map(|r| …));
//! let svg = sparkline(&theirs, &theirs.bars(|y, m| …), "Their documents per month");
//! ```
//!
//! The chart lays out in percentages of its box (no `viewBox`), so that its labels keep the
//! page's size at any width: the box's height comes from CSS (`.chart { height: 10rem }`;
//! attributes give 160 px without it). Bars are `<a href><title>October 1962: 19
//! documents</title><rect/></a>`; the axis marks each year, and a dashed line the busiest
//! period's count.
//!
//! Classes: `chart` and `sparkline` (the `<svg>`s), `chart-bars` (the bars' group),
//! `chart-axis` (axis, ticks and the dashed line), `chart-labels` (year labels and the count).

use std::fmt::Write as _;

use super::{close_link, documents, escape_into, num_into, open_link, open_svg};
use crate::record::month_name;

/// How long a bar is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    Months,
    Years,
}

/// Years of dated documents beyond which the chart counts years, not months: 96 bars or fewer.
pub const MONTHS_UP_TO_YEARS: i64 = 8;

/// Documents counted per period, with those the chart cannot place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tally {
    pub scale: Scale,
    /// The first period: a year, or year × 12 + month − 1.
    first: i64,
    /// Documents per period from the first, empty periods included.
    pub counts: Vec<u64>,
    /// Documents without a date.
    pub undated: u64,
    /// On a month scale, documents dated to a year only (not drawn).
    pub year_only: u64,
}

/// One period with documents, for the chart and its text alternative.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bar {
    pub year: i32,
    /// `None` on a year scale.
    pub month: Option<u8>,
    /// `October 1962`, or `1962` on a year scale.
    pub label: String,
    pub count: u64,
    /// Where the bar links (empty: no link).
    pub href: String,
}

/// A valid month or nothing.
fn month_of(month: Option<u8>) -> Option<u8> {
    month.filter(|m| (1..=12).contains(m))
}

impl Tally {
    /// Counts documents by their dates: `Some((year, Some(month)))`, `Some((year, None))` for a
    /// document dated to a year, `None` for one without a date. Months when the dated documents
    /// span at most [`MONTHS_UP_TO_YEARS`] years, else years.
    pub fn new(dates: impl IntoIterator<Item = Option<(i32, Option<u8>)>>) -> Tally {
        let dates: Vec<Option<(i32, Option<u8>)>> = dates.into_iter().collect();
        let years = dates.iter().flatten().map(|&(y, _)| i64::from(y));
        let span = years.clone().max().zip(years.min()).map(|(b, a)| b - a + 1);
        let any_month = dates.iter().flatten().any(|&(_, m)| month_of(m).is_some());
        let scale = if any_month && span.is_some_and(|s| s <= MONTHS_UP_TO_YEARS) {
            Scale::Months
        } else {
            Scale::Years
        };
        Tally::count(scale, None, &dates)
    }

    /// Counts other documents (a person's) over this tally's periods, so that their chart lines
    /// up with the collection's; periods are added if a date falls outside.
    pub fn like(&self, dates: impl IntoIterator<Item = Option<(i32, Option<u8>)>>) -> Tally {
        let dates: Vec<Option<(i32, Option<u8>)>> = dates.into_iter().collect();
        let last = self.first + self.counts.len() as i64 - 1;
        Tally::count(self.scale, Some((self.first, last)), &dates)
    }

    fn count(
        scale: Scale,
        within: Option<(i64, i64)>,
        dates: &[Option<(i32, Option<u8>)>],
    ) -> Tally {
        let period = |(year, month): (i32, Option<u8>)| -> Option<i64> {
            match scale {
                Scale::Years => Some(i64::from(year)),
                Scale::Months => month_of(month).map(|m| i64::from(year) * 12 + i64::from(m) - 1),
            }
        };
        let periods = dates.iter().flatten().filter_map(|&d| period(d));
        let bounds = periods.fold(within, |b, p| {
            Some(b.map_or((p, p), |(lo, hi)| (lo.min(p), hi.max(p))))
        });
        let mut tally = Tally {
            scale,
            first: bounds.map_or(0, |b| b.0),
            counts: bounds.map_or_else(Vec::new, |(lo, hi)| vec![0; (hi - lo + 1) as usize]),
            undated: 0,
            year_only: 0,
        };
        for date in dates {
            match date.map(period) {
                None => tally.undated += 1,
                Some(None) => tally.year_only += 1,
                Some(Some(p)) => tally.counts[(p - tally.first) as usize] += 1,
            }
        }
        tally
    }

    /// The year and month (on a month scale) of period `i`.
    pub fn period(&self, i: usize) -> (i32, Option<u8>) {
        let p = self.first + i as i64;
        match self.scale {
            Scale::Years => (p as i32, None),
            Scale::Months => (p.div_euclid(12) as i32, Some(p.rem_euclid(12) as u8 + 1)),
        }
    }

    /// Documents counted in periods (not the undated nor the year-only ones).
    pub fn placed(&self) -> u64 {
        self.counts.iter().sum()
    }

    /// The periods with documents, in time order, each linked where `href(year, month)` says
    /// (an empty href: no link). Also the text alternative's rows.
    pub fn bars(&self, href: impl Fn(i32, Option<u8>) -> String) -> Vec<Bar> {
        self.counts
            .iter()
            .enumerate()
            .filter(|(_, &n)| n > 0)
            .map(|(i, &count)| {
                let (year, month) = self.period(i);
                Bar {
                    year,
                    month,
                    label: match month {
                        Some(m) => format!("{} {year}", month_name(m as i8)),
                        None => year.to_string(),
                    },
                    count,
                    href: href(year, month),
                }
            })
            .collect()
    }

    /// Where `bar` stands among the periods.
    fn index(&self, bar: &Bar) -> Option<usize> {
        let p = match (self.scale, bar.month) {
            (Scale::Years, _) => i64::from(bar.year),
            (Scale::Months, Some(m)) => i64::from(bar.year) * 12 + i64::from(m) - 1,
            (Scale::Months, None) => return None,
        };
        usize::try_from(p - self.first)
            .ok()
            .filter(|&i| i < self.counts.len())
    }
}

/// Top of the tallest bar and the baseline, in percent of the chart's height.
const TOP: f64 = 16.0;
const BASE: f64 = 84.0;

/// The chart of `tally` with its `bars` (from [`Tally::bars`]); `label` is its accessible name.
/// Empty when no document is placed.
pub fn chart(tally: &Tally, bars: &[Bar], label: &str) -> String {
    let most = bars.iter().map(|b| b.count).max().unwrap_or(0);
    let n = tally.counts.len();
    if most == 0 || n == 0 {
        return String::new();
    }
    let slot = 100.0 / n as f64;
    let mut out = String::with_capacity(600 + bars.len() * 130);
    // The size without the theme's CSS, which sets the height.
    open_svg(
        &mut out,
        "chart",
        " width=\"100%\" height=\"160\"",
        None,
        label,
    );
    out.push_str("<g class=\"chart-axis\" stroke=\"currentColor\" stroke-opacity=\".5\">");
    let _ = write!(out, "<line x2=\"100%\" y1=\"{BASE}%\" y2=\"{BASE}%\"/>");
    let _ = write!(
        out,
        "<line x2=\"100%\" y1=\"{TOP}%\" y2=\"{TOP}%\" stroke-dasharray=\"2 3\"/>"
    );
    let years = year_marks(tally, slot);
    for &(at, _, _) in &years {
        if at > 0.0 {
            out.push_str("<line x1=\"");
            percent(&mut out, at);
            out.push_str("\" x2=\"");
            percent(&mut out, at);
            let _ = write!(out, "\" y1=\"{BASE}%\" y2=\"{}%\"/>", BASE + 4.0);
        }
    }
    out.push_str("</g><g class=\"chart-labels\" fill=\"currentColor\">");
    let _ = write!(out, "<text y=\"{}%\">", TOP - 4.0);
    escape_into(&mut out, &documents(most));
    out.push_str("</text>");
    for &(_, middle, year) in &years {
        if let Some(x) = middle {
            out.push_str("<text x=\"");
            percent(&mut out, x);
            let _ = write!(out, "\" y=\"97%\" text-anchor=\"middle\">{year}</text>");
        }
    }
    out.push_str("</g><g class=\"chart-bars\" fill=\"currentColor\">");
    draw_bars(&mut out, tally, bars, most, slot, (TOP, BASE));
    out.push_str("</g></svg>");
    out
}

/// A small chart of `tally` (a person's, over the collection's periods): the bars drawn as one
/// path and the whole titled with what it shows (`label`, the count, the busiest period). A
/// large collection has tens of thousands of term pages: titled bars would weigh kilobytes on
/// each, and the list beside the chart has the documents. Empty when no document is placed.
pub fn sparkline(tally: &Tally, bars: &[Bar], label: &str) -> String {
    let n = tally.counts.len();
    // The earliest of the busiest (`max_by_key` keeps the last of equals: hence `rev`).
    let Some(busiest) = bars.iter().rev().max_by_key(|b| b.count) else {
        return String::new();
    };
    if busiest.count == 0 || n == 0 {
        return String::new();
    }
    let total: u64 = bars.iter().map(|b| b.count).sum();
    let title = format!(
        "{label}: {}; most in {} ({})",
        documents(total),
        busiest.label,
        busiest.count
    );
    // Ten units a period, 100 high, stretched to the box: whole numbers throughout.
    let width = n * 10;
    let mut out = String::with_capacity(300 + bars.len() * 18);
    let _ = write!(
        out,
        "<svg class=\"sparkline\" width=\"100%\" height=\"40\" viewBox=\"0 0 {width} 100\" \
         preserveAspectRatio=\"none\" role=\"img\" aria-label=\""
    );
    escape_into(&mut out, &title);
    out.push_str("\"><title>");
    escape_into(&mut out, &title);
    let _ = write!(
        out,
        "</title><path d=\"M0 100H{width}\" stroke=\"currentColor\" stroke-opacity=\".5\" \
         vector-effect=\"non-scaling-stroke\"/><path class=\"sparkline-bars\" fill=\"currentColor\" d=\""
    );
    // A gap between bars while there are few enough to show one.
    let (gap, bar) = if n <= 66 { (1, 8) } else { (0, 10) };
    for b in bars {
        let Some(i) = tally.index(b) else { continue };
        // At least one unit, so that one document among hundreds still shows.
        let height = (96 * b.count).div_ceil(busiest.count).max(1);
        let _ = write!(out, "M{} {}h{bar}V100h-{bar}z", i * 10 + gap, 100 - height);
    }
    out.push_str("\"/></svg>");
    out
}

fn draw_bars(
    out: &mut String,
    tally: &Tally,
    bars: &[Bar],
    most: u64,
    slot: f64,
    (top, base): (f64, f64),
) {
    // A gap between bars while they are wide enough to show one.
    let width = if slot > 1.5 { slot * 0.8 } else { slot };
    for bar in bars {
        let Some(i) = tally.index(bar) else {
            continue;
        };
        let height = (base - top) * bar.count as f64 / most as f64;
        open_link(
            out,
            &bar.href,
            &format!("{}: {}", bar.label, documents(bar.count)),
        );
        out.push_str("<rect x=\"");
        percent(out, i as f64 * slot + (slot - width) / 2.0);
        out.push_str("\" y=\"");
        percent(out, base - height);
        out.push_str("\" width=\"");
        percent(out, width);
        out.push_str("\" height=\"");
        percent(out, height);
        out.push_str("\"/>");
        close_link(out, &bar.href);
    }
}

/// The axis's years: (where the year starts in percent, where its label goes if it has room,
/// the year). On a month scale every year, labelled in the middle of its months when they take
/// 9% of the width; on a year scale every 1, 2, 5, 10… years, at most ten labels.
fn year_marks(tally: &Tally, slot: f64) -> Vec<(f64, Option<f64>, i32)> {
    let n = tally.counts.len();
    let mut marks = Vec::new();
    match tally.scale {
        Scale::Months => {
            let mut i = 0;
            while i < n {
                let (year, month) = tally.period(i);
                let months = (12 - usize::from(month.unwrap_or(1)) + 1).min(n - i);
                let (start, share) = (i as f64 * slot, months as f64 * slot);
                marks.push((start, (share >= 9.0).then_some(start + share / 2.0), year));
                i += months;
            }
        }
        Scale::Years => {
            let step = [1, 2, 5, 10, 20, 25, 50, 100, 250, 500, 1000]
                .into_iter()
                .find(|step| n / step <= 10)
                .unwrap_or(1000);
            for i in 0..n {
                let (year, _) = tally.period(i);
                if year.rem_euclid(step as i32) == 0 {
                    let middle = (i as f64 + 0.5) * slot;
                    let room = (4.0..=96.0).contains(&middle);
                    marks.push((i as f64 * slot, room.then_some(middle), year));
                }
            }
        }
    }
    marks
}

/// `12.5%` to two decimals.
fn percent(out: &mut String, v: f64) {
    num_into(out, v, 2);
    out.push('%');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::figures::tests::{assert_well_formed, attributes, texts};

    fn months(dates: &[(i32, u8, usize)]) -> Vec<Option<(i32, Option<u8>)>> {
        dates
            .iter()
            .flat_map(|&(y, m, n)| std::iter::repeat_n(Some((y, Some(m))), n))
            .collect()
    }

    fn link(year: i32, month: Option<u8>) -> String {
        match month {
            Some(m) => format!("timeline/#m-{year}-{m:02}"),
            None => format!("timeline/#y-{year}"),
        }
    }

    #[test]
    fn documents_are_counted_per_month_with_the_undated_beside() {
        let mut dates = months(&[(1961, 11, 2), (1962, 1, 19), (1962, 10, 19), (1963, 2, 1)]);
        dates.extend([None, None, Some((1962, None)), Some((1962, Some(13)))]);
        let t = Tally::new(dates);
        assert_eq!(t.scale, Scale::Months);
        // November 1961 to February 1963.
        assert_eq!(t.counts.len(), 16);
        assert_eq!(t.period(0), (1961, Some(11)));
        assert_eq!(t.period(15), (1963, Some(2)));
        assert_eq!((t.undated, t.year_only, t.placed()), (2, 2, 41));
        let bars = t.bars(link);
        let rows: Vec<(&str, u64, &str)> = bars
            .iter()
            .map(|b| (b.label.as_str(), b.count, b.href.as_str()))
            .collect();
        assert_eq!(
            rows,
            [
                ("November 1961", 2, "timeline/#m-1961-11"),
                ("January 1962", 19, "timeline/#m-1962-01"),
                ("October 1962", 19, "timeline/#m-1962-10"),
                ("February 1963", 1, "timeline/#m-1963-02"),
            ]
        );
    }

    #[test]
    fn long_spans_are_counted_per_year() {
        let t = Tally::new(months(&[(1950, 3, 2), (1957, 12, 1)]));
        assert_eq!(t.scale, Scale::Months, "eight years still show months");
        let t = Tally::new(months(&[(1950, 3, 2), (1958, 1, 1)]));
        assert_eq!(t.scale, Scale::Years);
        assert_eq!(t.counts, [2, 0, 0, 0, 0, 0, 0, 0, 1]);
        let bars = t.bars(link);
        assert_eq!(bars[1].label, "1958");
        assert_eq!(bars[1].href, "timeline/#y-1958");
        // Only years known: years too.
        let t = Tally::new([Some((1962, None)), Some((1963, None)), None]);
        assert_eq!(
            (t.scale, t.counts.clone(), t.undated),
            (Scale::Years, vec![1, 1], 1)
        );
        // Nothing dated: nothing to draw.
        let t = Tally::new([None]);
        assert!(t.counts.is_empty());
        assert_eq!(chart(&t, &t.bars(link), "x"), "");
        assert_eq!(sparkline(&t, &t.bars(link), "x"), "");
    }

    #[test]
    fn the_chart_links_each_month_and_shows_its_count_on_hover() {
        let t = Tally::new(months(&[(1961, 1, 3), (1962, 10, 19), (1963, 12, 6)]));
        let bars = t.bars(link);
        let svg = chart(&t, &bars, "Documents per month, 1961–1963");
        assert_well_formed(&svg);
        assert!(svg.starts_with(
            "<svg class=\"chart\" width=\"100%\" height=\"160\" role=\"group\" aria-label=\"Documents per month, 1961–1963\">"
        ), "{svg}");
        assert_eq!(
            texts(&svg, "title"),
            [
                "January 1961: 3 documents",
                "October 1962: 19 documents",
                "December 1963: 6 documents"
            ]
        );
        assert_eq!(
            attributes(&svg, "href"),
            [
                "timeline/#m-1961-01",
                "timeline/#m-1962-10",
                "timeline/#m-1963-12"
            ]
        );
        // 36 months of 2.78%: October 1962 is the 22nd; the busiest bar is the full height.
        let bars_part = &svg[svg.find("chart-bars").unwrap()..];
        assert_eq!(attributes(bars_part, "x"), [".28%", "58.61%", "97.5%"]);
        let heights = attributes(&svg, "height");
        assert_eq!(heights[1..], ["10.74%", "68%", "21.47%"]);
        // Years labelled in the middle of their months, the busiest count above its line.
        assert_eq!(
            texts(&svg, "text"),
            ["19 documents", "1961", "1962", "1963"]
        );
        assert!(svg.contains("<text x=\"50%\" y=\"97%\" text-anchor=\"middle\">1962</text>"));
        // Ticks where 1962 and 1963 begin.
        assert!(svg.contains("<line x1=\"33.33%\" x2=\"33.33%\""));
        assert!(svg.contains("<line x1=\"66.67%\" x2=\"66.67%\""));
        assert!(svg.len() < 1500, "{} bytes", svg.len());
    }

    #[test]
    fn a_short_first_year_gets_a_tick_but_no_label() {
        let t = Tally::new(months(&[(1961, 12, 1), (1962, 12, 1)]));
        let svg = chart(&t, &t.bars(link), "x");
        assert_eq!(texts(&svg, "text"), ["1 document", "1962"]);
    }

    #[test]
    fn a_year_scale_labels_round_years() {
        let t = Tally::new(months(&[(1945, 1, 1), (1990, 6, 4)]));
        assert_eq!((t.scale, t.counts.len()), (Scale::Years, 46));
        let svg = chart(&t, &t.bars(link), "Documents per year");
        assert_well_formed(&svg);
        assert_eq!(
            texts(&svg, "text")[1..],
            // 1945 and 1990 would be cut at the edges.
            ["1950", "1955", "1960", "1965", "1970", "1975", "1980", "1985"]
        );
        assert_eq!(
            texts(&svg, "title"),
            ["1945: 1 document", "1990: 4 documents"]
        );
    }

    #[test]
    fn a_persons_chart_lines_up_with_the_collections() {
        let all = Tally::new(months(&[(1961, 1, 3), (1962, 10, 19), (1963, 12, 6)]));
        let theirs = all.like(months(&[(1962, 10, 2)]).into_iter().chain([None]));
        assert_eq!(theirs.counts.len(), 36);
        assert_eq!((theirs.period(0), theirs.undated), ((1961, Some(1)), 1));
        let svg = sparkline(
            &theirs,
            &theirs.bars(|_, _| String::new()),
            "Their documents",
        );
        assert_well_formed(&svg);
        // Not links (the list beside it has the documents); titled as a whole.
        assert!(!svg.contains("<a"));
        assert_eq!(
            texts(&svg, "title"),
            ["Their documents: 2 documents; most in October 1962 (2)"]
        );
        // October 1962 is the 22nd of the collection's 36 months: the one bar, full height.
        assert!(svg.contains("viewBox=\"0 0 360 100\""));
        assert!(svg.contains("d=\"M211 4h8V100h-8z\""), "{svg}");
        // A date outside the collection's widens the periods.
        let wider = all.like(months(&[(1964, 2, 1)]));
        assert_eq!(wider.counts.len(), 38);
    }

    #[test]
    fn chart_text_is_escaped_and_output_deterministic() {
        let t = Tally::new(months(&[(1962, 10, 2)]));
        let bars = t.bars(|_, _| "a\"b&c<".to_owned());
        let svg = chart(&t, &bars, "<script>\"&");
        assert_well_formed(&svg);
        assert!(svg.contains("aria-label=\"&lt;script&gt;&quot;&amp;\""));
        assert!(svg.contains("href=\"a&quot;b&amp;c&lt;\""));
        assert_eq!(svg, chart(&t, &bars, "<script>\"&"));
    }
}
