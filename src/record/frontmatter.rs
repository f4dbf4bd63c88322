//! Reading and writing records: TOML front matter between `+++` lines, then Markdown.

use std::fmt;

use super::Record;

/// A front matter problem, located in the record file (1-based line and column).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrontMatterError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for FrontMatterError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.message)
    }
}

impl std::error::Error for FrontMatterError {}

const FENCE: &str = "+++";

/// Parses a record file. Errors carry the line and column in the whole file, not just in the
/// TOML, so that `file:line:col` points where an editor should jump.
pub fn parse(text: &str) -> Result<Record, FrontMatterError> {
    let text = &*unix_lines(text);
    let at = |offset: usize, message: String| {
        let crate::diagnostic::Position { line, column } =
            crate::diagnostic::Position::of(text, offset);
        FrontMatterError {
            line,
            column,
            message,
        }
    };
    let (toml_start, front, body) = match split(text) {
        Split::Parts(parts) => parts,
        Split::NoOpening => {
            return Err(at(
                0,
                "a record starts with a `+++` line, then TOML front matter".into(),
            ))
        }
        Split::NoClosing => {
            return Err(at(
                text.len(),
                "the front matter has no closing `+++` line".into(),
            ))
        }
    };
    let mut record: Record = toml::from_str(front).map_err(|e| {
        let span_start = e.span().map(|s| s.start).unwrap_or(0);
        at(toml_start + span_start, e.message().trim().to_owned())
    })?;
    if record.title.trim().is_empty() {
        let offset = key_offset(front, "title").unwrap_or(0);
        return Err(at(
            toml_start + offset,
            "`title` is empty: a record needs a title".into(),
        ));
    }
    if let Some(key) = first_empty_string(&mut record) {
        let offset = key_offset(front, key).unwrap_or(0);
        return Err(at(
            toml_start + offset,
            format!("`{key}` is an empty string: leave an unknown fact out instead"),
        ));
    }
    if let Some(spec) = record.excerpt.as_deref() {
        if super::paragraph_numbers(spec).is_none() {
            let offset = key_offset(front, "excerpt").unwrap_or(0);
            return Err(at(
                toml_start + offset,
                format!("`excerpt = \"{spec}\"` is not a list of paragraphs like \"1-2,4\""),
            ));
        }
    }
    record.body = body.trim_matches('\n').to_owned();
    Ok(record)
}

/// The text without a byte-order mark and with `\n` line ends.
fn unix_lines(text: &str) -> std::borrow::Cow<'_, str> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n").into()
    } else {
        text.into()
    }
}

enum Split<'a> {
    /// Where the TOML starts, the TOML, and the body.
    Parts((usize, &'a str, &'a str)),
    NoOpening,
    NoClosing,
}

/// A record's text (with `\n` line ends) cut at its `+++` lines.
fn split(text: &str) -> Split<'_> {
    let first_line = text.lines().next().unwrap_or("");
    if first_line.trim_end() != FENCE {
        return Split::NoOpening;
    }
    let toml_start = first_line.len() + 1;
    let rest = text.get(toml_start..).unwrap_or("");
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == FENCE {
            return Split::Parts((toml_start, &rest[..offset], &rest[offset + line.len()..]));
        }
        offset += line.len();
    }
    Split::NoClosing
}

/// The body of a record's text, exactly as [`parse`] reads it, without reading the front matter.
pub fn body(text: &str) -> Option<String> {
    let text = &*unix_lines(text);
    match split(text) {
        Split::Parts((_, _, body)) => Some(body.trim_matches('\n').to_owned()),
        _ => None,
    }
}

/// Writes a record the way `normalize` prints it; [`parse`] reads it back unchanged.
pub fn to_markdown(record: &Record) -> String {
    // Serializing our own plain data structures cannot fail: every map key is a string.
    let front = toml::to_string(record).unwrap_or_default();
    let mut out = String::with_capacity(front.len() + record.body.len() + 16);
    out.push_str(FENCE);
    out.push('\n');
    out.push_str(&front);
    if !front.ends_with('\n') {
        out.push('\n');
    }
    out.push_str(FENCE);
    out.push('\n');
    if !record.body.is_empty() {
        out.push('\n');
        out.push_str(&record.body);
        out.push('\n');
    }
    out
}

/// The record's JSON form: front-matter keys at the top level, dates as ISO strings, the
/// Markdown text under `"body"`.
pub fn to_json(record: &Record) -> serde_json::Value {
    // Serialized straight to JSON (no TOML value between: records.json takes every record
    // through here), then each TOML date-time unwrapped to its ISO string.
    let mut json = serde_json::to_value(record).unwrap_or_default();
    unwrap_datetimes(&mut json);
    if let serde_json::Value::Object(map) = &mut json {
        map.insert(
            "body".into(),
            serde_json::Value::String(record.body.clone()),
        );
    }
    json
}

/// Dates serialize as TOML date-times, which anything but TOML sees as a table of one private
/// key: that table becomes the date's ISO string.
fn unwrap_datetimes(value: &mut serde_json::Value) {
    use serde_json::Value as J;
    let date = match value {
        J::Object(map) if map.len() == 1 => match map.get("$__toml_private_datetime") {
            Some(J::String(s)) => Some(s.clone()),
            _ => None,
        },
        _ => None,
    };
    match (date, value) {
        (Some(s), value) => *value = J::String(s),
        (None, J::Object(map)) => map.values_mut().for_each(unwrap_datetimes),
        (None, J::Array(items)) => items.iter_mut().for_each(unwrap_datetimes),
        _ => {}
    }
}

/// Byte offset of `key = ...` in the front matter (best effort, for errors found after parsing).
fn key_offset(front: &str, key: &str) -> Option<usize> {
    let mut offset = 0;
    for line in front.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed.strip_prefix(key) {
            if rest.trim_start().starts_with('=') {
                return Some(offset + (line.len() - trimmed.len()));
            }
        }
        offset += line.len();
    }
    None
}

/// The record's optional text fields, by key: a value is either a fact or absent, never "".
fn optional_strings(r: &mut Record) -> [(&'static str, &mut Option<String>); 19] {
    let s = &mut r.source;
    [
        ("id", &mut r.id),
        ("slug", &mut r.slug),
        ("subject", &mut r.subject),
        ("summary", &mut r.summary),
        ("original_language", &mut r.original_language),
        ("language", &mut r.language),
        ("rights", &mut r.rights),
        ("distribution", &mut r.distribution),
        ("headnote", &mut r.headnote),
        ("excerpt", &mut r.excerpt),
        ("publisher", &mut s.publisher),
        ("archive", &mut s.archive),
        ("collection", &mut s.collection),
        ("archive_place", &mut s.archive_place),
        ("url", &mut s.url),
        ("record_id", &mut s.record_id),
        ("translator", &mut s.translator),
        ("obtained_for", &mut s.obtained_for),
        ("citation", &mut s.citation),
    ]
}

fn is_blank(v: &Option<String>) -> bool {
    v.as_deref().is_some_and(|v| v.trim().is_empty())
}

fn first_empty_string(r: &mut Record) -> Option<&'static str> {
    optional_strings(r)
        .into_iter()
        .find(|(_, v)| is_blank(v))
        .map(|(k, _)| k)
}

/// Leaves out every optional text field that is empty or only spaces, as [`parse`] requires:
/// what a normalizer found nothing in is not a fact.
pub fn clear_empty_strings(r: &mut Record) {
    for (_, v) in optional_strings(r) {
        if is_blank(v) {
            *v = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_alone_reads_as_parse_reads_it() {
        for text in [
            "+++\ntitle = \"T\"\n+++\n\nOne.\n\nTwo +++ three.\n",
            "\u{feff}+++\r\ntitle = \"T\"\r\n+++\r\n\r\nOne.\r\n+++\r\nTwo.\r\n",
            "+++\ntitle = \"T\"\n+++",
            "+++\ntitle = \"T\"\n+++\nNo blank line.",
        ] {
            let parsed = parse(text).expect("parses").body;
            assert_eq!(body(text).as_deref(), Some(parsed.as_str()), "{text:?}");
        }
        assert_eq!(body("no front matter"), None);
        assert_eq!(body("+++\ntitle = \"T\"\n"), None);
    }

    #[test]
    fn unknown_key_is_located_in_the_file() {
        let text = "+++\ntitle = \"A\"\ntilte = \"B\"\n+++\n\nBody.\n";
        let err = parse(text).unwrap_err();
        assert_eq!((err.line, err.column), (3, 1), "{err}");
        assert!(err.message.contains("tilte"), "{err}");
    }

    #[test]
    fn wrong_type_is_located_at_the_value() {
        let text = "+++\ntitle = \"A\"\ntranslation = \"yes\"\n+++\n";
        let err = parse(text).unwrap_err();
        assert_eq!(err.line, 3, "{err}");
        assert_eq!(err.column, 15, "{err}");
    }

    #[test]
    fn impossible_date_is_an_error() {
        let err = parse("+++\ntitle = \"A\"\ndate = 1962-02-30\n+++\n").unwrap_err();
        assert_eq!(err.line, 3, "{err}");
    }

    #[test]
    fn empty_strings_are_refused() {
        let err = parse("+++\ntitle = \"A\"\n\nsummary = \"\"\n+++\n").unwrap_err();
        assert_eq!((err.line, err.column), (4, 1), "{err}");
    }

    #[test]
    fn missing_fences_are_errors() {
        assert_eq!(parse("title = \"A\"\n").unwrap_err().line, 1);
        assert!(parse("+++\ntitle = \"A\"\n")
            .unwrap_err()
            .message
            .contains("closing"));
    }

    #[test]
    fn round_trip_keeps_every_field() {
        let text = "+++\ntitle = \"A\"\ndate = \"1962-11\"\n\n[[to]]\nrole = \"Ambassador\"\n\n[transmitted]\nplace = \"Havana\"\nat = 1962-11-28T11:00:00\n+++\n\n1. One.\n\n2. Two.\n";
        let record = parse(text).unwrap();
        assert_eq!(record.body, "1. One.\n\n2. Two.");
        let again = parse(&to_markdown(&record)).unwrap();
        assert_eq!(record, again);
        let json = to_json(&record);
        assert_eq!(json["date"], "1962-11");
        assert_eq!(json["transmitted"]["at"], "1962-11-28T11:00:00");
        assert_eq!(json["body"], "1. One.\n\n2. Two.");
        // A whole date is a TOML date in the record, and an ISO string in JSON.
        let whole = parse("+++\ntitle = \"B\"\ndate = 1962-11-28\n+++\n\nText.\n").unwrap();
        assert_eq!(to_json(&whole)["date"], "1962-11-28");
    }
}
