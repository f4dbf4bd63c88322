//! Finding dates and times written the ways archives write them.

use std::sync::LazyLock;

use jiff::civil;
use regex::Regex;

use crate::record::{LocalDateTime, PartialDate};

/// A date found in a piece of text, with where it was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub date: PartialDate,
    pub start: usize,
    pub end: usize,
}

const MONTHS: &str = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?";

static MONTH_DAY_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b({MONTHS})\s*(\d{{1,2}})(?:st|nd|rd|th)?(?:[,.]\s*|\s+)(\d{{4}})\b"
    ))
    .expect("valid regex")
});
static DAY_MONTH_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b(\d{{1,2}})(?:st|nd|rd|th)?\s+({MONTHS}),?\s+(\d{{4}})\b"
    ))
    .expect("valid regex")
});
static ISO: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(\d{4})-(\d{2})-(\d{2})\b").expect("valid regex"));
static NUMERIC: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(\d{1,2})([/.])(\d{1,2})[/.](\d{4})\b").expect("valid regex"));
static MONTH_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i)\b({MONTHS}),?\s+(\d{{4}})\b")).expect("valid regex")
});
static ISO_MONTH: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{4})-(\d{2})$").expect("valid regex"));
static YEAR_ONLY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(1[5-9]\d\d|20\d\d)$").expect("valid regex"));
static TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:(\d{1,2})(?::|\.)?(\d{2})?\s*(a\.?\s?m\.?|p\.?\s?m\.?)|(\d{1,2}):(\d{2})(?::\d{2})?|(\d{2})(\d{2})\s*(?:hours|hrs\.?|h\b|Z\b)|(noon|midnight))")
        .expect("valid regex")
});
/// A range whose start has no a.m./p.m. of its own (`1–3:40 p.m.`, `10:30-11:55 a.m.`).
static RANGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(\d{1,2})(?::(\d{2}))?\s*[–-]\s*(\d{1,2})(?::\d{2})?\s*(a\.?\s?m\.?|p\.?\s?m\.?)",
    )
    .expect("valid regex")
});

pub fn month_number(name: &str) -> Option<i8> {
    let n = name.trim_end_matches('.').to_ascii_lowercase();
    let m = match n.get(..3)? {
        "jan" => 1,
        "feb" => 2,
        "mar" => 3,
        "apr" => 4,
        "may" => 5,
        "jun" => 6,
        "jul" => 7,
        "aug" => 8,
        "sep" => 9,
        "oct" => 10,
        "nov" => 11,
        "dec" => 12,
        _ => return None,
    };
    Some(m)
}

fn num<T: std::str::FromStr>(s: &str) -> Option<T> {
    s.parse().ok()
}

/// The first full date (day known) in `text`, in any of the styles archives use:
/// `November 28, 1962`, `Nov. 28, 1962`, `28 November 1962`, `1962-11-28`, `11/28/1962`.
/// Numeric dates are read month first (US style) unless that is impossible.
/// Impossible dates (February 30) are skipped and reported in `rejected`.
pub fn find_day(text: &str, rejected: &mut Vec<String>) -> Option<Found> {
    let mut best: Option<Found> = None;
    let mut consider = |start: usize, end: usize, y: Option<i16>, m: Option<i8>, d: Option<i8>| {
        let (Some(y), Some(m), Some(d)) = (y, m, d) else {
            return;
        };
        match PartialDate::ymd(y, m, d) {
            Ok(date) => {
                if best.as_ref().is_none_or(|b| start < b.start) {
                    best = Some(Found { date, start, end });
                }
            }
            Err(e) => rejected.push(format!("`{}`: {e}", &text[start..end])),
        }
    };
    if let Some(c) = MONTH_DAY_YEAR.captures(text) {
        let m0 = c.get(0).expect("match");
        consider(
            m0.start(),
            m0.end(),
            num(&c[3]),
            month_number(&c[1]),
            num(&c[2]),
        );
    }
    if let Some(c) = DAY_MONTH_YEAR.captures(text) {
        let m0 = c.get(0).expect("match");
        consider(
            m0.start(),
            m0.end(),
            num(&c[3]),
            month_number(&c[2]),
            num(&c[1]),
        );
    }
    if let Some(c) = ISO.captures(text) {
        let m0 = c.get(0).expect("match");
        consider(m0.start(), m0.end(), num(&c[1]), num(&c[2]), num(&c[3]));
    }
    if let Some(c) = NUMERIC.captures(text) {
        let m0 = c.get(0).expect("match");
        let (a, b): (i8, i8) = (num(&c[1]).unwrap_or(0), num(&c[3]).unwrap_or(0));
        // Dots are the European day.month.year; slashes US month/day/year unless impossible.
        let (m, d) = if &c[2] == "." || a > 12 {
            (b, a)
        } else {
            (a, b)
        };
        consider(m0.start(), m0.end(), num(&c[4]), Some(m), Some(d));
    }
    best
}

/// A date of any precision that makes up the whole of `text` (apart from brackets, a trailing
/// period and a leading weekday): `November 28, 1962`, `November 1962`, `1962`.
pub fn parse_whole(text: &str) -> Option<PartialDate> {
    let t = text
        .trim()
        .trim_start_matches('[')
        .trim_end_matches(['.', ']', ' '])
        .trim();
    let t = strip_weekday(t);
    let mut rejected = Vec::new();
    if let Some(f) = find_day(t, &mut rejected) {
        if f.start == 0 && f.end == t.len() {
            return Some(f.date);
        }
        return None;
    }
    if let Some(c) = MONTH_YEAR.captures(t) {
        if c.get(0)
            .is_some_and(|m| m.start() == 0 && m.end() == t.len())
        {
            return PartialDate::ym(num(&c[2])?, month_number(&c[1])?).ok();
        }
    }
    if let Some(c) = ISO_MONTH.captures(t) {
        return PartialDate::ym(num(&c[1])?, num(&c[2])?).ok();
    }
    if YEAR_ONLY.is_match(t) {
        return PartialDate::y(num(t)?).ok();
    }
    None
}

/// The first month-and-year (`January 1963`) in `text`: the date and its byte range.
pub fn find_month(text: &str) -> Option<(PartialDate, usize, usize)> {
    let c = MONTH_YEAR.captures(text)?;
    let m0 = c.get(0)?;
    Some((
        PartialDate::ym(num(&c[2])?, month_number(&c[1])?).ok()?,
        m0.start(),
        m0.end(),
    ))
}

/// A date of any precision at the very start of `text`; returns it and the rest of the text.
pub fn parse_leading(text: &str) -> Option<(PartialDate, &str)> {
    let t = strip_weekday(text.trim_start());
    let mut rejected = Vec::new();
    if let Some(f) = find_day(t, &mut rejected) {
        if f.start == 0 {
            return Some((f.date, &t[f.end..]));
        }
    }
    if let Some(c) = MONTH_YEAR.captures(t) {
        let m0 = c.get(0)?;
        if m0.start() == 0 {
            return Some((
                PartialDate::ym(num(&c[2])?, month_number(&c[1])?).ok()?,
                &t[m0.end()..],
            ));
        }
    }
    let year = t.get(..4).filter(|y| YEAR_ONLY.is_match(y))?;
    let rest = &t[4..];
    if rest.is_empty() || rest.starts_with([',', ' ', '.']) {
        return Some((PartialDate::y(num(year)?).ok()?, rest));
    }
    None
}

fn strip_weekday(t: &str) -> &str {
    const DAYS: [&str; 7] = [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ];
    for day in DAYS {
        if let Some(rest) = t.strip_prefix(day) {
            return rest.trim_start_matches([',', ' ']);
        }
    }
    t
}

/// The first time of day in `text`: `11:00`, `05:14`, `7 p.m.`, `7:30 a.m.`, `noon`, `1100 hours`;
/// of a range (`1–3:40 p.m.`), its start. Returns hour, minute and the byte range.
pub fn find_time(text: &str) -> Option<(i8, i8, usize, usize)> {
    let c = TIME.captures(text)?;
    let m0 = c.get(0)?;
    if let Some(r) = RANGE.captures(text) {
        let r0 = r.get(0)?;
        if r0.start() <= m0.start() {
            if let Some((h, m)) = range_start(&r) {
                return Some((h, m, r0.start(), r0.end()));
            }
        }
    }
    let (hour, minute): (i8, i8) = if let Some(h) = c.get(1) {
        let h: i8 = num(h.as_str())?;
        let m: i8 = c.get(2).map_or(Some(0), |m| num(m.as_str()))?;
        let pm = c.get(3)?.as_str().to_ascii_lowercase().starts_with('p');
        match h {
            1..=12 => (if pm { h % 12 + 12 } else { h % 12 }, m),
            // `14:31 p.m.`: a 24-hour time with a needless suffix.
            13..=23 => (h, m),
            _ => return None,
        }
    } else if let Some(h) = c.get(4) {
        (num(h.as_str())?, num(c.get(5)?.as_str())?)
    } else if let Some(h) = c.get(6) {
        (num(h.as_str())?, num(c.get(7)?.as_str())?)
    } else {
        let word = c.get(8)?.as_str().to_ascii_lowercase();
        // "August 11, midnight" ends August 11 (the State Department's usage): the last minute
        // of that day, so it sorts after the day's other times and keeps its date.
        if word == "noon" {
            (12, 0)
        } else {
            (23, 59)
        }
    };
    if hour > 23 || minute > 59 {
        return None;
    }
    Some((hour, minute, m0.start(), m0.end()))
}

/// The start of a range written with one a.m./p.m. at its end: the start takes the end's half of
/// the day unless that would put it after the end (`11–1 p.m.` starts at 11 a.m.).
fn range_start(r: &regex::Captures) -> Option<(i8, i8)> {
    let start: i8 = num(r.get(1)?.as_str())?;
    let minute: i8 = r.get(2).map_or(Some(0), |m| num(m.as_str()))?;
    let end: i8 = num(r.get(3)?.as_str())?;
    if !(1..=12).contains(&start) || !(1..=12).contains(&end) || minute > 59 {
        return None;
    }
    let pm = r.get(4)?.as_str().to_ascii_lowercase().starts_with('p');
    let end_24 = if pm { end % 12 + 12 } else { end % 12 };
    let same_half = if pm { start % 12 + 12 } else { start % 12 };
    let hour = if same_half > end_24 && pm {
        start % 12
    } else {
        same_half
    };
    Some((hour, minute))
}

/// A date and time in `text` (either may come first), e.g. `11/28/1962 11:00`.
pub fn find_date_time(
    text: &str,
    rejected: &mut Vec<String>,
) -> Option<(Found, Option<LocalDateTime>)> {
    let found = find_day(text, rejected)?;
    let day: civil::Date = found.date.as_date()?;
    // Look for the time outside the date itself, so `11/28/1962` is not read as a time.
    let rest = format!("{} {}", &text[..found.start], &text[found.end..]);
    let at = find_time(&rest).and_then(|(h, m, _, _)| LocalDateTime::new(day, h, m).ok());
    Some((found, at))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> Option<String> {
        find_day(s, &mut Vec::new()).map(|f| f.date.to_string())
    }

    #[test]
    fn every_day_style() {
        for s in [
            "November 28, 1962",
            "Nov. 28, 1962",
            "Nov 28 1962",
            "28 November 1962",
            "28th Nov. 1962",
            "1962-11-28",
            "11/28/1962",
            "28/11/1962",
            "28.11.1962",
            "Wednesday, November 28, 1962",
        ] {
            assert_eq!(day(s).as_deref(), Some("1962-11-28"), "{s}");
        }
        assert_eq!(day("Sept. 5, 1962").as_deref(), Some("1962-09-05"));
        // A day must be apart from its year: `February 19391` is no day 1 of 9391.
        assert_eq!(day("February 19391"), None);
    }

    #[test]
    fn impossible_day_is_rejected_not_guessed() {
        let mut rejected = Vec::new();
        assert!(find_day("February 30, 1962", &mut rejected).is_none());
        assert_eq!(rejected.len(), 1);
    }

    #[test]
    fn partial_and_whole() {
        assert_eq!(
            parse_whole("November 1962")
                .map(|d| d.to_string())
                .as_deref(),
            Some("1962-11")
        );
        assert_eq!(
            parse_whole("1962").map(|d| d.to_string()).as_deref(),
            Some("1962")
        );
        assert_eq!(
            parse_whole("[January 4, 1961.]")
                .map(|d| d.to_string())
                .as_deref(),
            Some("1961-01-04")
        );
        assert_eq!(parse_whole("In 1962 the crisis"), None);
        assert_eq!(parse_whole("1962 Cable"), None);
    }

    #[test]
    fn a_range_gives_its_start() {
        let start = |s: &str| find_time(s).map(|t| (t.0, t.1));
        assert_eq!(start("1–3:40 p.m."), Some((13, 0)));
        assert_eq!(start("10-11 a.m."), Some((10, 0)));
        assert_eq!(start("2:30-3 p.m."), Some((14, 30)));
        assert_eq!(start("12:10-1:10 p.m."), Some((12, 10)));
        assert_eq!(start("11-1 p.m."), Some((11, 0)));
        assert_eq!(start("10 a.m–12:15 p.m."), Some((10, 0)));
        assert_eq!(start("11:30 a.m.-12:10 p.m."), Some((11, 30)));
    }

    #[test]
    fn times() {
        assert_eq!(find_time("Havana 11:00").map(|t| (t.0, t.1)), Some((11, 0)));
        assert_eq!(find_time("7 p.m.").map(|t| (t.0, t.1)), Some((19, 0)));
        assert_eq!(find_time("12:30 a.m.").map(|t| (t.0, t.1)), Some((0, 30)));
        assert_eq!(find_time("noon").map(|t| (t.0, t.1)), Some((12, 0)));
        assert_eq!(find_time("1400 hours").map(|t| (t.0, t.1)), Some((14, 0)));
        assert_eq!(find_time("midnight").map(|t| (t.0, t.1)), Some((23, 59)));
        let mut r = Vec::new();
        let (f, at) = find_date_time("Havana 11/28/1962 11:00", &mut r).unwrap();
        assert_eq!(f.date.to_string(), "1962-11-28");
        assert_eq!(at.unwrap().to_string(), "1962-11-28T11:00:00");
    }
}
