//! What templates see: small view structs prepared from records, never the whole collection.
//! Templates hold presentation only; every decision about content is made here. Uses the record,
//! `config` and the route table.

use serde::Serialize;

use crate::config::SiteConfig;
use crate::record::{LocalDateTime, PartialDate, Record, Transmission};
use crate::site::route::Route;

pub use crate::record::month_name;

/// `November 28, 1962`, `November 1962`, `1962`.
pub fn date_display(d: &PartialDate) -> String {
    match (d.month(), d.day()) {
        (Some(m), Some(day)) => format!("{} {day}, {}", month_name(m), d.year()),
        (Some(m), None) => format!("{} {}", month_name(m), d.year()),
        _ => d.year().to_string(),
    }
}

/// Links between pages: every page is `some/dir/index.html`, and links are relative to it so the
/// site works at a domain root, under a project subpath and from `file://`.
#[derive(Debug, Clone)]
pub struct Paths {
    /// `../../` back to the site root from the current page (or the absolute base path for
    /// pages served at any depth, like `404.html`).
    pub root: String,
}

impl Paths {
    /// For the page at `route`.
    pub fn of(route: &Route) -> Paths {
        let depth = route.dir().split('/').filter(|s| !s.is_empty()).count();
        Paths {
            root: "../".repeat(depth),
        }
    }

    pub fn absolute(base_path: &str) -> Paths {
        Paths {
            root: base_path.to_owned(),
        }
    }

    /// The link to a route: a page's ends in `index.html`, for `file://`.
    pub fn link(&self, route: &Route) -> String {
        format!("{}{}", self.root, route.path())
    }
}

/// A link with its text.
#[derive(Debug, Clone, Serialize)]
pub struct Link {
    pub text: String,
    pub href: String,
}

/// A record in a list: light, no text (list pages must stay small at 100,000 records).
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    pub title: String,
    pub href: String,
    pub date: Option<String>,
    pub date_iso: Option<String>,
    pub kind: Option<String>,
    /// `Ambassador Yaguchi → Foreign Minister Ohira`.
    pub correspondents: Option<String>,
    /// `sent Havana 11:00, received Tokyo 05:14 next day`.
    pub times: Option<String>,
    pub summary: Option<String>,
    /// Listed under a heading that gives its date (a day of the timeline): `date` is none.
    pub dated_above: bool,
}

impl Summary {
    /// A record as the timeline lists it: with its cable times and summary (at most
    /// `summary_chars` of it).
    pub fn new(r: &Record, paths: &Paths, summary_chars: usize) -> Summary {
        Summary {
            times: cable_times(r),
            // The subject says what a document is about when no one wrote a summary (many
            // titles are just "Memorandum of Conversation").
            summary: (r.summary.as_deref())
                .or(r.subject.as_deref())
                .map(|s| shorten(s, summary_chars)),
            ..Summary::brief(r, paths)
        }
    }

    /// A record as the handouts list gives it: title, date, kind and correspondents, its summary
    /// left to the timeline and the page.
    pub fn brief(r: &Record, paths: &Paths) -> Summary {
        Summary {
            kind: r.kind.as_ref().map(|k| k.as_str().to_owned()),
            correspondents: correspondents(r),
            ..Summary::entry(r, paths)
        }
    }

    /// A record as an index term's list gives it (a person's, a place's, a correspondent's):
    /// its title and ISO date (a title says the kind). Each record is in a dozen such lists;
    /// with their summaries, they weighed more than the document pages.
    pub fn entry(r: &Record, paths: &Paths) -> Summary {
        Summary {
            title: r.title.clone(),
            href: paths.link(&Route::Document(r.slug())),
            date: r.date.as_ref().map(date_display),
            date_iso: r.date.map(|d| d.to_string()),
            kind: None,
            correspondents: None,
            times: None,
            summary: None,
            dated_above: false,
        }
    }
}

fn correspondents(r: &Record) -> Option<String> {
    let names = |ps: &[crate::record::Party]| {
        ps.iter()
            .map(crate::record::Party::label)
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(", ")
    };
    match (names(&r.from), names(&r.to)) {
        (f, t) if f.is_empty() && t.is_empty() => None,
        (f, t) if t.is_empty() => Some(format!("from {f}")),
        (f, t) if f.is_empty() => Some(format!("to {t}")),
        (f, t) => Some(format!("{f} → {t}")),
    }
}

/// `sent Havana 11:00, received Tokyo 05:14 next day` (the day is named only when it differs).
pub fn cable_times(r: &Record) -> Option<String> {
    let sent = r
        .transmitted
        .as_ref()
        .and_then(|t| describe("sent", t, None));
    let base = r.transmitted.as_ref().and_then(|t| t.at);
    let received = r
        .received
        .as_ref()
        .and_then(|t| describe("received", t, base));
    match (sent, received) {
        (None, None) => None,
        (Some(s), None) => Some(s),
        (None, Some(r)) => Some(r),
        (Some(s), Some(r)) => Some(format!("{s}, {r}")),
    }
}

fn describe(verb: &str, t: &Transmission, relative_to: Option<LocalDateTime>) -> Option<String> {
    let time =
        t.at.map(|at| format!("{:02}:{:02}", at.time().hour(), at.time().minute()));
    if t.place.is_none() && time.is_none() {
        return None;
    }
    let mut s = verb.to_owned();
    if let Some(p) = &t.place {
        s.push(' ');
        s.push_str(p);
    }
    if let Some(time) = time {
        s.push(' ');
        s.push_str(&time);
    }
    if let (Some(at), Some(base)) = (t.at, relative_to) {
        let days = (at.date() - base.date()).get_days();
        match days {
            0 => {}
            1 => s.push_str(" next day"),
            -1 => s.push_str(" previous day"),
            _ => s.push_str(&format!(
                " on {}",
                date_display(&PartialDate::Day(at.date()))
            )),
        }
    }
    Some(s)
}

/// Cuts text at a word boundary near `max` characters.
pub fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_owned();
    }
    let cut: String = s.chars().take(max).collect();
    let at = cut.rfind(' ').unwrap_or(cut.len());
    format!("{}…", cut[..at].trim_end_matches([',', ';', ':', '.']))
}

/// The credits block: the record's, with the site's defaults for what it lacks.
#[derive(Debug, Clone, Serialize)]
pub struct Credits {
    funders: Vec<String>,
    translator: Option<String>,
    obtained_for: Option<String>,
    archive: Option<String>,
    collection: Option<String>,
    archive_place: Option<String>,
    publisher: Option<String>,
    rights: Option<String>,
}

impl Credits {
    pub fn new(config: &SiteConfig, r: &Record) -> Credits {
        let s = &r.source;
        Credits {
            funders: if r.credits.is_empty() {
                config.credits.clone()
            } else {
                r.credits.clone()
            },
            translator: s.translator.clone(),
            obtained_for: s.obtained_for.clone(),
            archive: s.archive.clone(),
            collection: s.collection.clone(),
            archive_place: s.archive_place.clone(),
            publisher: s.publisher.clone().or_else(|| config.publisher.clone()),
            rights: r.rights.clone(),
        }
    }
}

/// A person or office in the cable header.
#[derive(Debug, Clone, Serialize)]
pub struct PartyView {
    pub role: Option<String>,
    pub name: Option<String>,
}

/// Where and when a cable left or arrived.
#[derive(Debug, Clone, Serialize)]
pub struct TransmissionView {
    pub place: Option<String>,
    pub date: Option<String>,
    pub time: Option<String>,
    pub iso: Option<String>,
}

impl TransmissionView {
    pub fn new(t: &Transmission) -> TransmissionView {
        TransmissionView {
            place: t.place.clone(),
            date: t.at.map(|at| date_display(&PartialDate::Day(at.date()))),
            time: t
                .at
                .map(|at| format!("{:02}:{:02}", at.time().hour(), at.time().minute())),
            iso: t.at.map(|at| at.to_string()),
        }
    }
}

pub fn parties(ps: &[crate::record::Party]) -> Vec<PartyView> {
    ps.iter()
        .map(|p| PartyView {
            role: p.role.clone(),
            name: p.name.clone(),
        })
        .collect()
}

/// A pager that shows a window of page links, never one link per page.
#[derive(Debug, Clone, Serialize)]
pub struct Pager {
    pub current: usize,
    pub total: usize,
    pub first: Option<String>,
    pub previous: Option<String>,
    pub next: Option<String>,
    pub last: Option<String>,
    /// Up to 7 page links around the current one.
    pub window: Vec<PageLink>,
}

/// A numbered page link; no `href` for the current page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PageLink {
    pub number: usize,
    pub href: Option<String>,
}

impl Pager {
    /// `href(n)` is the link to page n (1-based).
    pub fn new(current: usize, total: usize, href: impl Fn(usize) -> String) -> Option<Pager> {
        if total <= 1 {
            return None;
        }
        let lo = current.saturating_sub(3).max(1);
        let hi = (current + 3).min(total);
        Some(Pager {
            current,
            total,
            first: (current > 1).then(|| href(1)),
            previous: (current > 1).then(|| href(current - 1)),
            next: (current < total).then(|| href(current + 1)),
            last: (current < total).then(|| href(total)),
            window: (lo..=hi)
                .map(|n| PageLink {
                    number: n,
                    href: (n != current).then(|| href(n)),
                })
                .collect(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pager_window_is_bounded() {
        let p = Pager::new(50, 1000, |n| format!("p{n}")).unwrap();
        assert_eq!(p.window.len(), 7);
        assert_eq!(
            p.window[3],
            PageLink {
                number: 50,
                href: None
            }
        );
        assert_eq!(p.first.as_deref(), Some("p1"));
        assert_eq!(p.last.as_deref(), Some("p1000"));
        assert!(Pager::new(1, 1, |n| n.to_string()).is_none());
    }

    #[test]
    fn cable_times_say_next_day() {
        let r = crate::record::parse(
            "+++\ntitle = \"A\"\n[transmitted]\nplace = \"Havana\"\nat = 1962-11-28T11:00:00\n[received]\nplace = \"Tokyo\"\nat = 1962-11-29T05:14:00\n+++\n",
        )
        .unwrap();
        assert_eq!(
            cable_times(&r).as_deref(),
            Some("sent Havana 11:00, received Tokyo 05:14 next day")
        );
    }

    #[test]
    fn relative_paths() {
        use crate::site::route::Span;
        let p = Paths::of(&Route::Document("a"));
        assert_eq!(
            p.link(&Route::Timeline(Span::All, 1)),
            "../../timeline/index.html"
        );
        assert_eq!(p.link(&Route::Asset("style.css")), "../../assets/style.css");
        assert_eq!(Paths::of(&Route::Home).link(&Route::Home), "index.html");
    }
}
