//! The timeline: `/timeline/`, an overview of the years and months with their documents
//! counted; each year's pages (`/timeline/<year>/`, paged) listing its documents day by day with
//! their summaries; and the undated documents.

use serde::Serialize;

use crate::error::Error;
use crate::figures::chart::{self, Bar};
use crate::record::{month_name, Record};
use crate::site::model::chart_date;
use crate::site::output::OutputFile;
use crate::site::render::views::{date_display, Link, Pager, Paths, Summary};
use crate::site::render::{render, Inputs};
use crate::site::route::{Route, Span};

/// A link to each year of the timeline, and to its undated documents.
pub fn year_links(inputs: &Inputs, paths: &Paths) -> Vec<Link> {
    let mut links: Vec<Link> = inputs
        .catalogue
        .years
        .iter()
        .map(|(y, _)| Link {
            text: y.to_string(),
            href: paths.link(&Route::Timeline(Span::Year(*y), 1)),
        })
        .collect();
    if !inputs.catalogue.undated.is_empty() {
        links.push(Link {
            text: "Undated".into(),
            href: paths.link(&Route::Timeline(Span::Undated, 1)),
        });
    }
    links
}

/// The timeline's groups: year → month → day.
#[derive(Serialize)]
struct YearGroup {
    year: String,
    months: Vec<MonthGroup>,
}

#[derive(Serialize)]
struct MonthGroup {
    label: String,
    /// The anchor the overview's month links to (none for documents dated to a year alone).
    anchor: Option<String>,
    days: Vec<DayGroup>,
}

#[derive(Serialize)]
struct DayGroup {
    label: String,
    /// `YYYY-MM-DD`, or empty when the day is not known.
    iso: String,
    records: Vec<Summary>,
}

#[derive(Serialize)]
struct TimelinePage {
    heading: String,
    years: Vec<Link>,
    groups: Vec<YearGroup>,
    undated: Vec<Summary>,
    pager: Option<Pager>,
    count: usize,
}

/// The records by year, month and day, and the undated. A large collection's timeline gives a
/// line of each summary and leaves when a cable went and came to its page.
fn group(records: &[&Record], paths: &Paths, large: bool) -> (Vec<YearGroup>, Vec<Summary>) {
    let entry = |r: &Record| match large {
        true => Summary {
            times: None,
            ..Summary::new(r, paths, super::lists::SUMMARY_CHARS_LARGE)
        },
        false => Summary::new(r, paths, super::lists::SUMMARY_CHARS),
    };
    let mut years: Vec<YearGroup> = Vec::new();
    let mut undated = Vec::new();
    for r in records {
        let Some(d) = r.date else {
            undated.push(entry(r));
            continue;
        };
        let year = d.year().to_string();
        if years.last().is_none_or(|y| y.year != year) {
            years.push(YearGroup {
                year: year.clone(),
                months: Vec::new(),
            });
        }
        let y = years.last_mut().expect("pushed");
        let month_label = match d.month() {
            Some(m) => format!("{} {}", month_name(m), d.year()),
            None => format!("{} (month unknown)", d.year()),
        };
        if y.months.last().is_none_or(|m| m.label != month_label) {
            y.months.push(MonthGroup {
                label: month_label,
                anchor: d.month().map(|m| Route::month_anchor(d.year(), m)),
                days: Vec::new(),
            });
        }
        let m = y.months.last_mut().expect("pushed");
        let (day_label, iso) = match d.day() {
            Some(_) => (date_display(&d), d.to_string()),
            None if d.month().is_some() => {
                (format!("{} (day unknown)", date_display(&d)), String::new())
            }
            None => (format!("{} (date unknown)", d.year()), String::new()),
        };
        if m.days.last().is_none_or(|day| day.label != day_label) {
            m.days.push(DayGroup {
                label: day_label,
                iso,
                records: Vec::new(),
            });
        }
        let mut listed = entry(r);
        if d.day().is_some() {
            // The day's heading says it.
            listed.date = None;
            listed.dated_above = true;
        }
        m.days.last_mut().expect("pushed").records.push(listed);
    }
    (years, undated)
}

/// Page `n` of a year of the timeline (`/timeline/<year>/`) or of its undated documents
/// (`/timeline/undated/`); `/timeline/` itself is the overview.
pub fn timeline(
    inputs: &Inputs,
    span: Span,
    positions: &[usize],
    n: usize,
) -> Result<OutputFile, Error> {
    let heading = match span {
        Span::All => return overview(inputs),
        Span::Year(year) => year.to_string(),
        Span::Undated => "Undated documents".to_owned(),
    };
    let size = inputs.config.page_size;
    let total = inputs.model.pages(positions.len());
    let route = Route::Timeline(span, n);
    let paths = Paths::of(&route);
    let slice: Vec<&Record> = positions
        .iter()
        .skip((n - 1) * size)
        .take(size)
        .map(|&i| &*inputs.records[i])
        .collect();
    let (groups, undated) = group(&slice, &paths, inputs.model.large());
    let page = TimelinePage {
        heading: if n > 1 {
            format!("{heading}, page {n} of {total}")
        } else {
            heading.to_owned()
        },
        years: year_links(inputs, &paths),
        groups,
        undated,
        pager: Pager::new(n, total, |k| paths.link(&Route::Timeline(span, k))),
        count: positions.len(),
    };
    render(inputs, "timeline.html", &route, &paths, page)
}

#[derive(Serialize)]
struct OverviewPage {
    /// The documents per period, drawn (the list of years and months says the same in words).
    chart: String,
    count: usize,
    span: Option<String>,
    years: Vec<YearCount>,
    undated: Option<Count>,
}

#[derive(Serialize)]
struct YearCount {
    year: Count,
    months: Vec<Count>,
}

/// A period and its documents, linking to where the timeline lists them.
#[derive(Serialize)]
struct Count {
    label: String,
    href: String,
    count: usize,
}

/// `/timeline/`: every year with its documents counted, month by month, each linking to its part
/// of the year's pages. (One list of every document would repeat the years' pages whole.)
fn overview(inputs: &Inputs) -> Result<OutputFile, Error> {
    let route = Route::Timeline(Span::All, 1);
    let paths = Paths::of(&route);
    let size = inputs.config.page_size;
    let years = inputs
        .catalogue
        .years
        .iter()
        .map(|(year, positions)| {
            let span = Span::Year(*year);
            let mut months: Vec<Count> = Vec::new();
            let mut last = None;
            for (k, &i) in positions.iter().enumerate() {
                let Some(month) = inputs.records[i].date.and_then(|d| d.month()) else {
                    continue;
                };
                if last == Some(month) {
                    if let Some(m) = months.last_mut() {
                        m.count += 1;
                    }
                    continue;
                }
                last = Some(month);
                // The page of the year where the month begins, at the month's heading.
                let page = paths.link(&Route::Timeline(span, k / size + 1));
                months.push(Count {
                    label: month_name(month).to_owned(),
                    href: format!("{page}#{}", Route::month_anchor(*year, month)),
                    count: 1,
                });
            }
            YearCount {
                year: Count {
                    label: year.to_string(),
                    href: paths.link(&Route::Timeline(span, 1)),
                    count: positions.len(),
                },
                months,
            }
        })
        .collect();
    let undated = &inputs.catalogue.undated;
    let page = OverviewPage {
        chart: chart(inputs, &paths).0,
        count: inputs.records.len(),
        span: super::lists::span(inputs),
        years,
        undated: (!undated.is_empty()).then(|| Count {
            label: "Undated".into(),
            href: paths.link(&Route::Timeline(Span::Undated, 1)),
            count: undated.len(),
        }),
    };
    render(inputs, "timeline-overview.html", &route, &paths, page)
}

/// Where the timeline lists a month's documents (its heading on its year's page), or a year's
/// when `month` is `None`; empty when the collection has none there.
pub fn month_href(inputs: &Inputs, paths: &Paths, year: i32, month: Option<u8>) -> String {
    let Ok(year) = i16::try_from(year) else {
        return String::new();
    };
    let span = Span::Year(year);
    if inputs.model.span(span).is_none() {
        return String::new();
    }
    let month = month.and_then(|m| i8::try_from(m).ok());
    match month.and_then(|m| Some((m, inputs.model.month_page(year, m)?))) {
        Some((m, page)) => {
            let year_page = paths.link(&Route::Timeline(span, page));
            format!("{year_page}#{}", Route::month_anchor(year, m))
        }
        None => paths.link(&Route::Timeline(span, 1)),
    }
}

/// The collection's documents per month (or year) as a chart, each bar linking to its part of
/// the timeline; and its rows, the chart's text alternative.
pub fn chart(inputs: &Inputs, paths: &Paths) -> (String, Vec<Bar>) {
    let tally = &inputs.model.tally;
    let bars = tally.bars(|year, month| month_href(inputs, paths, year, month));
    let svg = chart::chart(
        tally,
        &bars,
        "Documents per period; each bar links to its documents",
    );
    (svg, bars)
}

/// Fewer documents than this are read at a glance from the list itself: no chart above it.
pub const SPARKLINE_MIN: usize = 5;

/// A small chart of the documents at `positions` over the collection's periods (a person's, a
/// place's), not linked (the list beside it has the documents); none for a handful.
pub fn sparkline(inputs: &Inputs, positions: &[usize], name: &str) -> String {
    if positions.len() < SPARKLINE_MIN {
        return String::new();
    }
    let tally = inputs
        .model
        .tally
        .like(positions.iter().map(|&i| chart_date(&inputs.records[i])));
    let bars = tally.bars(|_, _| String::new());
    chart::sparkline(&tally, &bars, &format!("{name}: documents over time"))
}
