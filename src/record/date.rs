//! Dates that keep their precision, and cable times without a zone.
//!
//! Sources often know only the month or the year of a document; `PartialDate` keeps that instead
//! of inventing a day. In TOML a full date is a bare local date (`date = 1962-11-28`), a partial one
//! a string (`date = "1962-11"`). Times are TOML local date-times: the sources give no zone.

use std::fmt;

use jiff::civil;
use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A date known to the day, the month or only the year.
///
/// Ordering is chronological; within the same year (or month) the less precise date sorts first,
/// so "November 1962" comes before "1962-11-05".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PartialDate {
    Year(i16),
    Month(i16, i8),
    Day(civil::Date),
}

impl PartialDate {
    /// A validated date: impossible days (1962-02-30) are refused.
    pub fn ymd(year: i16, month: i8, day: i8) -> Result<Self, DateError> {
        civil::Date::new(year, month, day)
            .map(PartialDate::Day)
            .map_err(|_| {
                DateError(format!(
                    "{year:04}-{month:02}-{day:02} is not a calendar date"
                ))
            })
    }

    pub fn ym(year: i16, month: i8) -> Result<Self, DateError> {
        check_year(year)?;
        if !(1..=12).contains(&month) {
            return Err(DateError(format!("{month} is not a month (1 to 12)")));
        }
        Ok(PartialDate::Month(year, month))
    }

    pub fn y(year: i16) -> Result<Self, DateError> {
        check_year(year)?;
        Ok(PartialDate::Year(year))
    }

    /// Parses `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
    pub fn parse_iso(s: &str) -> Result<Self, DateError> {
        let bad = || {
            DateError(format!(
                "`{s}` is not a date (expected YYYY-MM-DD, YYYY-MM or YYYY)"
            ))
        };
        let mut parts = s.trim().split('-');
        let year = parse_num::<i16>(parts.next(), 4).ok_or_else(bad)?;
        let month = match parts.next() {
            None => return Self::y(year),
            Some(m) => parse_num::<i8>(Some(m), 2).ok_or_else(bad)?,
        };
        let day = match parts.next() {
            None => return Self::ym(year, month),
            Some(d) => parse_num::<i8>(Some(d), 2).ok_or_else(bad)?,
        };
        if parts.next().is_some() {
            return Err(bad());
        }
        Self::ymd(year, month, day)
    }

    pub fn year(&self) -> i16 {
        match *self {
            PartialDate::Year(y) | PartialDate::Month(y, _) => y,
            PartialDate::Day(d) => d.year(),
        }
    }

    pub fn month(&self) -> Option<i8> {
        match *self {
            PartialDate::Year(_) => None,
            PartialDate::Month(_, m) => Some(m),
            PartialDate::Day(d) => Some(d.month()),
        }
    }

    pub fn day(&self) -> Option<i8> {
        match *self {
            PartialDate::Day(d) => Some(d.day()),
            _ => None,
        }
    }

    /// The full date, when the day is known.
    pub fn as_date(&self) -> Option<civil::Date> {
        match *self {
            PartialDate::Day(d) => Some(d),
            _ => None,
        }
    }
}

impl PartialDate {
    /// Chronological sort key; unknown month or day sort as 0, before any known one.
    fn sort_key(&self) -> (i16, i8, i8) {
        (
            self.year(),
            self.month().unwrap_or(0),
            self.day().unwrap_or(0),
        )
    }
}

impl Ord for PartialDate {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.sort_key().cmp(&other.sort_key())
    }
}

impl PartialOrd for PartialDate {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

fn check_year(year: i16) -> Result<(), DateError> {
    if (1..=9999).contains(&year) {
        Ok(())
    } else {
        Err(DateError(format!(
            "{year} is not a year this tool can place"
        )))
    }
}

fn parse_num<T: std::str::FromStr>(part: Option<&str>, width: usize) -> Option<T> {
    let part = part?;
    if part.len() != width || !part.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    part.parse().ok()
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            PartialDate::Year(y) => write!(f, "{y:04}"),
            PartialDate::Month(y, m) => write!(f, "{y:04}-{m:02}"),
            PartialDate::Day(d) => write!(f, "{:04}-{:02}-{:02}", d.year(), d.month(), d.day()),
        }
    }
}

/// Why a date was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateError(pub String);

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for DateError {}

impl Serialize for PartialDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            // A bare TOML date, as the schema wants for full dates.
            PartialDate::Day(d) => toml_date(*d).serialize(serializer),
            other => serializer.serialize_str(&other.to_string()),
        }
    }
}

impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(DateVisitor)
    }
}

struct DateVisitor;

impl<'de> Visitor<'de> for DateVisitor {
    type Value = PartialDate;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a date such as 1962-11-28, or a partial date string \"1962-11\" or \"1962\"")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        PartialDate::parse_iso(v).map_err(E::custom)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        let dt = toml::value::Datetime::deserialize(de::value::MapAccessDeserializer::new(map))?;
        match (dt.date, dt.time, dt.offset) {
            (Some(d), None, None) => PartialDate::ymd(d.year as i16, d.month as i8, d.day as i8)
                .map_err(de::Error::custom),
            _ => Err(de::Error::custom(format!(
                "`{dt}` is not a plain date: write the day only, e.g. 1962-11-28"
            ))),
        }
    }
}

/// A local date and time, as cables give them (no zone).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LocalDateTime(pub civil::DateTime);

impl LocalDateTime {
    pub fn new(date: civil::Date, hour: i8, minute: i8) -> Result<Self, DateError> {
        civil::Time::new(hour, minute, 0, 0)
            .map(|t| LocalDateTime(date.to_datetime(t)))
            .map_err(|_| DateError(format!("{hour:02}:{minute:02} is not a time of day")))
    }

    pub fn date(&self) -> civil::Date {
        self.0.date()
    }

    pub fn time(&self) -> civil::Time {
        self.0.time()
    }

    /// Parses `YYYY-MM-DDTHH:MM[:SS]`.
    pub fn parse_iso(s: &str) -> Result<Self, DateError> {
        s.trim()
            .parse::<civil::DateTime>()
            .map(LocalDateTime)
            .map_err(|_| {
                DateError(format!(
                    "`{s}` is not a local date-time like 1962-11-28T11:00:00"
                ))
            })
    }
}

impl fmt::Display for LocalDateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (d, t) = (self.0.date(), self.0.time());
        write!(
            f,
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
            d.year(),
            d.month(),
            d.day(),
            t.hour(),
            t.minute(),
            t.second()
        )
    }
}

impl Serialize for LocalDateTime {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let t = self.0.time();
        let mut dt = toml_date(self.0.date());
        dt.time = Some(toml::value::Time {
            hour: t.hour() as u8,
            minute: t.minute() as u8,
            second: t.second() as u8,
            nanosecond: 0,
        });
        dt.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for LocalDateTime {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(DateTimeVisitor)
    }
}

struct DateTimeVisitor;

impl<'de> Visitor<'de> for DateTimeVisitor {
    type Value = LocalDateTime;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a local date-time such as 1962-11-28T11:00:00")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        LocalDateTime::parse_iso(v).map_err(E::custom)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        let dt = toml::value::Datetime::deserialize(de::value::MapAccessDeserializer::new(map))?;
        let (Some(d), Some(t), None) = (dt.date, dt.time, dt.offset) else {
            return Err(de::Error::custom(format!(
                "`{dt}` is not a local date-time: write e.g. 1962-11-28T11:00:00, without a zone"
            )));
        };
        let date = civil::Date::new(d.year as i16, d.month as i8, d.day as i8)
            .map_err(|_| de::Error::custom(format!("{d} is not a calendar date")))?;
        let time = civil::Time::new(t.hour as i8, t.minute as i8, t.second as i8, 0)
            .map_err(|_| de::Error::custom(format!("{t} is not a time of day")))?;
        Ok(LocalDateTime(date.to_datetime(time)))
    }
}

fn toml_date(d: civil::Date) -> toml::value::Datetime {
    toml::value::Datetime {
        date: Some(toml::value::Date {
            year: d.year() as u16,
            month: d.month() as u8,
            day: d.day() as u8,
        }),
        time: None,
        offset: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_dates_sort_chronologically_less_precise_first() {
        let mut v = [
            PartialDate::parse_iso("1962-11-28").unwrap(),
            PartialDate::parse_iso("1962").unwrap(),
            PartialDate::parse_iso("1961-12-31").unwrap(),
            PartialDate::parse_iso("1962-11").unwrap(),
            PartialDate::parse_iso("1962-10-31").unwrap(),
        ];
        v.sort();
        let shown: Vec<String> = v.iter().map(|d| d.to_string()).collect();
        assert_eq!(
            shown,
            ["1961-12-31", "1962", "1962-10-31", "1962-11", "1962-11-28"]
        );
    }

    #[test]
    fn impossible_dates_are_refused() {
        assert!(PartialDate::parse_iso("1962-02-30").is_err());
        assert!(PartialDate::parse_iso("1962-13").is_err());
        assert!(PartialDate::parse_iso("62-11-28").is_err());
        assert!(PartialDate::parse_iso("1964-02-29").is_ok());
    }
}
