//! Datelines: where and when a document was written, as its opening lines give it, whatever the
//! archive: `Saigon, January 31, 1961, 7 p.m.`, `Washington, undated.`, `Cablegram 346 LONDON,
//! 23 August 1939, 1.20 a.m.`, `Letter (air mail), BATAVIA, 30 December 1937`, `Canberra,
//! [28 September 1966]`, `17th May, 1928`. Shared by every source shape and the fallback.

use std::sync::LazyLock;

use regex::Regex;

use super::dates;
use crate::record::{Kind, LocalDateTime, PartialDate};

/// What a dateline says.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Dateline {
    /// The kind written before the place (`Cablegram`, `Minute`).
    pub kind: Option<Kind>,
    /// The number after that kind word (`346`, `UN716`, `428, 307`).
    pub number: Option<String>,
    pub place: Option<String>,
    pub date: Option<PartialDate>,
    pub at: Option<LocalDateTime>,
    /// A document reference written before the place without a kind word (`SecDel MC/27`):
    /// it stays in the text.
    pub reference: Option<String>,
    /// A `Received …` clause after the date, which stays in the text.
    pub received: Option<String>,
    /// Impossible dates seen on the line, for a warning.
    pub rejected: Vec<String>,
}

/// A kind of document as the opening words of a dateline or heading name it, with an optional
/// qualifier before (`Circular cablegram`) and a parenthesis after (`Letter (air mail)`).
/// `message`, `note`, `brief` and the like open headings too but name no kind of their own.
const KIND_PATTERN: &str = r"(cablegrams?|cables?|telegrams?|teleprinter messages?|letters?|minutes?|memorandum|memoranda|dispatch(?:es)?|despatch(?:es)?|savingrams?|records? of (?:a )?conversation|airgrams?|messages?|notes? verbale|aide[- ]m[ée]moire|extracts?)\b(?:\s*\([^()]{0,30}\))?\s*[,;:]?\s*";
static KIND_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)^(?:(?:circular|ministerial|personal|secret|inward|outward|departmental)\s+)?{KIND_PATTERN}"
    ))
    .expect("valid regex")
});
/// In a dateline any two capitalised words may qualify the kind (`Verbatim Minutes`).
static QUALIFIED_KIND: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"^(?:[A-Z][a-z]+\s+){{1,2}}(?i:{KIND_PATTERN})")).expect("valid regex")
});

/// A kind word at the start of `text` (`Cablegram`, `Minute,`, `Record of Conversation`):
/// the kind it names (`None` for `Message`, `Note verbale`) and the rest of the text.
pub fn leading_kind(text: &str) -> Option<(Option<Kind>, &str)> {
    let c = KIND_WORDS.captures(text)?;
    Some((kind_of_word(&c[1]), &text[c.get(0)?.end()..]))
}

fn dateline_kind(text: &str) -> Option<(Option<Kind>, &str)> {
    leading_kind(text).or_else(|| {
        let c = QUALIFIED_KIND.captures(text)?;
        Some((kind_of_word(&c[1]), &text[c.get(0)?.end()..]))
    })
}

/// The kind a document word names: `Cablegram` → cable, `Minute` → minute.
pub fn kind_of_word(word: &str) -> Option<Kind> {
    let lower = word.to_lowercase();
    let stem = lower.trim_end_matches(|c: char| !c.is_alphabetic());
    Some(match stem {
        s if s.starts_with("record") && s.ends_with("conversation") => {
            Kind::Other("record of conversation".into())
        }
        "cablegram" | "cablegrams" | "cable" | "cables" => Kind::Cable,
        "telegram" | "telegrams" | "telegramme" | "telegrammes" => Kind::Telegram,
        "letter" | "letters" => Kind::Letter,
        "memorandum" | "memoranda" | "memo" | "memcon" => Kind::Memorandum,
        "minute" => Kind::Other("minute".into()),
        "minutes" => Kind::Report,
        "dispatch" | "dispatches" | "despatch" | "despatches" => Kind::Other("dispatch".into()),
        "savingram" | "savingrams" => Kind::Other("savingram".into()),
        "airgram" | "airgrams" => Kind::Other("airgram".into()),
        s if s.starts_with("teleprinter") => Kind::Cable,
        _ => return None,
    })
}

/// Words that start a sentence of text rather than name a place.
const NOT_PLACES: &[&str] = &[
    "On",
    "At",
    "In",
    "From",
    "During",
    "By",
    "Since",
    "After",
    "Before",
    "Under",
    "Between",
    "Through",
    "Until",
    "As",
    "Following",
    "Early",
    "Late",
    "It",
    "This",
    "He",
    "We",
    "I",
    "Your",
    "My",
    "Our",
];
const PLACE_CONNECTORS: &[&str] = &["del", "de", "la", "of", "on", "sur", "am", "and"];
const WEEKDAYS: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

fn place_word(w: &str) -> bool {
    let w = w.trim_matches(['[', ']', ',', '.']);
    let code = w.chars().any(|c| c.is_ascii_digit() || c == '/');
    !code && (w.chars().any(char::is_uppercase) || PLACE_CONNECTORS.contains(&w))
}

static UNDATED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\bundated\b|\bn\.\s?d\.").expect("valid regex"));
static MARK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\[\^?\d{1,3}\]$").expect("valid regex"));

/// Reads a dateline; `None` when the line is a sentence of the text or holds no date (nor
/// `undated`).
pub fn read(text: &str) -> Option<Dateline> {
    let t = text.trim();
    if t.chars().count() > 160 {
        return None;
    }
    let (mut kind, has_kind, rest) = match dateline_kind(t) {
        Some((kind, rest)) => (kind, true, rest),
        None => (None, false, t),
    };
    // Dates are looked for in a copy with printing slips mended (same byte offsets).
    let clean = mend(rest);
    let mut rejected = Vec::new();
    let found = dates::find_day(&clean, &mut rejected)
        .map(|f| (f.date, f.start, f.end))
        .or_else(|| dates::find_month(&clean));
    let undated = UNDATED.find(rest).map(|m| (m.start(), m.end()));
    let (date, start, end) = match (found, undated) {
        // `LONDON, n.d. [on or after 9 June 1937]`: the place ends where `n.d.` starts.
        (Some((date, s, e)), Some((u, _))) if u < s => (Some(date), u, e),
        (Some((date, s, e)), _) => (Some(date), s, e),
        (None, Some((s, e))) => (None, s, e),
        (None, None) => return None,
    };
    // After the date only a time (or a kind and number) may follow, not a sentence; a
    // `Received …` clause stays in the text.
    let mut after = &rest[end..];
    let mut received = None;
    if let Some(at) = after.find("Received") {
        received = Some(after[at..].trim().to_owned());
        after = &after[..at];
    }
    if after.split_whitespace().count() > 6 {
        return None;
    }
    let clean_after = &clean[end..end + after.len()];
    let mut before = rest[..start].trim().trim_end_matches([',', '.', ' ', '[']);
    for day in WEEKDAYS {
        if let Some(b) = before.strip_suffix(day) {
            before = b.trim().trim_end_matches([',', ' ']);
        }
    }
    let words: Vec<&str> = before.split_whitespace().collect();
    let place_start = words
        .iter()
        .rposition(|w| !place_word(w))
        .map_or(0, |i| i + 1);
    let (prefix, place_words) = words.split_at(place_start);
    let place_words: Vec<&str> = place_words
        .iter()
        .skip_while(|w| PLACE_CONNECTORS.contains(w))
        .copied()
        .collect();
    if place_words
        .first()
        .is_some_and(|w| NOT_PLACES.contains(&w.trim_matches('[')))
        || place_words.len() > if has_kind { 12 } else { 6 }
        || prefix.len() > if has_kind { 10 } else { 6 }
    {
        return None;
    }
    let prefix = prefix.join(" ");
    let (mut number, mut reference) = (None, None);
    if has_kind {
        number = cable_number(&prefix);
    } else if !prefix.is_empty() {
        // Text before the place must be a reference code (`ES/D-26 (Rev.)`), not words; or
        // the place stands apart in capitals (`Note for file CANBERRA, 6 September 1946`).
        let capital_place = place_words.iter().any(|w| {
            let w = w.trim_matches(['[', ']', ',', '.']);
            w.chars().filter(|c| c.is_alphabetic()).count() >= 3
                && !w.chars().any(char::is_lowercase)
        });
        let coded = prefix.chars().any(|c| c.is_ascii_digit() || c == '/');
        let labelled = capital_place && prefix.split_whitespace().count() <= 6;
        if !(coded || labelled) {
            return None;
        }
        reference = Some(prefix);
    }
    // `CANBERRA, 6 July 1946 Cablegram HAGUE 44`: the kind and number after the date.
    let time_text = match leading_kind(after.trim_start_matches([',', ' '])) {
        Some((k, number_text)) if !has_kind => {
            kind = k;
            number = cable_number(number_text);
            ""
        }
        _ => clean_after,
    };
    let at = date.and_then(|d| d.as_date()).and_then(|day| {
        dates::find_time(time_text).and_then(|(h, m, _, _)| LocalDateTime::new(day, h, m).ok())
    });
    let place = place_words.join(" ");
    let place = place
        .trim_matches(['[', ']', ',', ' '])
        .replace(['[', ']'], "");
    Some(Dateline {
        kind,
        number,
        place: (!place.is_empty()).then_some(place),
        date,
        at,
        reference,
        received,
        rejected,
    })
}

/// A copy of `text` with the printing slips of scanned volumes mended where they break a
/// date, byte for byte the same length: `l975` → `1975`, `10 [August] 1947` → `10  August
/// 1947`, `198[3]` → `1983  `.
fn mend(text: &str) -> String {
    let mut b = text.as_bytes().to_vec();
    let digit = |b: &[u8], i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    for i in 0..b.len() {
        // `l`, `I` and `O` among digits are OCR's `1` and `0`.
        if matches!(b[i], b'l' | b'I' | b'O') {
            let near = (i > 0 && digit(&b, i - 1)) || digit(&b, i + 1);
            let word_start = i == 0 || !b[i - 1].is_ascii_alphabetic();
            let word_end = !b.get(i + 1).is_some_and(u8::is_ascii_alphabetic);
            if near && word_start && word_end {
                b[i] = if b[i] == b'O' { b'0' } else { b'1' };
            }
        }
    }
    let digits_before = |b: &[u8], i: usize| {
        b[..i]
            .iter()
            .rev()
            .take_while(|c| c.is_ascii_digit())
            .count()
    };
    for i in 0..b.len() {
        // `198[3]`: the editors' completion of a year (a mark after a whole year, `1967[1]`,
        // is a footnote's).
        if b[i] == b'['
            && digits_before(&b, i) == 3
            && digit(&b, i + 1)
            && b.get(i + 2) == Some(&b']')
        {
            b[i] = b[i + 1];
            b[i + 1] = b' ';
            b[i + 2] = b' ';
        }
    }
    for i in 0..b.len() {
        // `19681`: a footnote mark printed as a fifth digit of the year.
        let five = digits_before(&b, i + 1) == 5 && !digit(&b, i + 1);
        if five && b[i] == b'1' && matches!(&b[i - 4..i - 2], b"19" | b"18" | b"20") {
            b[i] = b' ';
        }
    }
    for i in 0..b.len() {
        // `[August]`, `[10]`, `[12 September]`, `[1944]`: editorial brackets around words of
        // the date.
        if b[i] == b'[' {
            if let Some(close) = b[i + 1..].iter().position(|&c| c == b']') {
                let inner = String::from_utf8_lossy(&b[i + 1..i + 1 + close]).into_owned();
                let date_word = |w: &str| {
                    (w.len() <= 2 && w.chars().all(|c| c.is_ascii_digit()))
                        || (w.len() == 4
                            && (w.starts_with("19") || w.starts_with("18") || w.starts_with("20"))
                            && w.chars().all(|c| c.is_ascii_digit()))
                        || (w.len() >= 3
                            && w.chars().all(|c| c.is_ascii_alphabetic())
                            && dates::month_number(w).is_some())
                };
                let words: Vec<&str> = inner.split(' ').collect();
                // `][1]`, `1967[1]`: a footnote mark is attached to what it marks.
                let apart = i == 0 || matches!(text.as_bytes()[i - 1], b' ' | b',');
                let mark = !inner.is_empty()
                    && inner.len() <= 3
                    && inner.bytes().all(|c| c.is_ascii_digit());
                if !apart && mark {
                    b[i..=i + 1 + close].fill(b' ');
                } else if apart
                    && !inner.is_empty()
                    && words.len() <= 3
                    && words.iter().all(|w| date_word(w))
                {
                    b[i] = b' ';
                    b[i + 1 + close] = b' ';
                }
            }
        }
    }
    String::from_utf8(b).unwrap_or_else(|_| text.to_owned())
}

/// The number of a cable as written after its kind (`346`, `UN716`, `[UNY]367`, `428, 307`,
/// `Hague 102`), without footnote marks, `unnumbered` or a parenthesis such as `(extract)`.
fn cable_number(text: &str) -> Option<String> {
    let mut in_paren = false;
    let kept: Vec<&str> = text
        .split_whitespace()
        .filter(|w| {
            let skip = in_paren || w.starts_with('(');
            in_paren = (in_paren || w.starts_with('(')) && !w.ends_with(')');
            !skip && !MARK.is_match(w) && !w.eq_ignore_ascii_case("unnumbered")
        })
        .collect();
    let number = kept.join(" ");
    let number = number.trim_matches([',', ' ', '.']);
    (number.chars().any(|c| c.is_ascii_digit()) && number.chars().count() <= 40)
        .then(|| number.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all(
        s: &str,
    ) -> (
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
    ) {
        let d = read(s).unwrap_or_else(|| panic!("no dateline in {s}"));
        (
            d.kind.map(|k| k.as_str().to_owned()),
            d.number,
            d.place,
            d.at.map(|a| a.to_string())
                .or(d.date.map(|d| d.to_string())),
        )
    }

    fn some(s: &str) -> Option<String> {
        Some(s.to_owned())
    }

    #[test]
    fn commonwealth_cablegrams() {
        assert_eq!(
            read_all("Cablegram 346 LONDON, 23 August 1939, 1.20 a.m."),
            (
                some("cable"),
                some("346"),
                some("LONDON"),
                some("1939-08-23T01:20:00")
            )
        );
        assert_eq!(
            read_all("Cablegram United Nations 319 NEW YORK, 31 July 1946, 7.12 p.m."),
            (
                some("cable"),
                some("United Nations 319"),
                some("NEW YORK"),
                some("1946-07-31T19:12:00")
            )
        );
        assert_eq!(
            read_all("Cablegrams 428, 307 CANBERRA, 31 December 1946"),
            (
                some("cable"),
                some("428, 307"),
                some("CANBERRA"),
                some("1946-12-31")
            )
        );
        assert_eq!(
            read_all("Cablegram 259 [1] CANBERRA, 8 September 1947").1,
            some("259")
        );
        assert_eq!(
            read_all("Cablegram unnumbered 2 February 1937, Herewi"),
            (some("cable"), None, None, some("1937-02-02"))
        );
        assert_eq!(
            read_all("Letter (air mail), BATAVIA, 30 December 1937"),
            (some("letter"), None, some("BATAVIA"), some("1937-12-30"))
        );
        assert_eq!(read_all("Minute, Canberra, 3 May 1965").0, some("minute"));
    }

    #[test]
    fn places_and_dates_without_a_kind() {
        assert_eq!(
            read_all("Canberra, 26 February 1963"),
            (None, None, some("Canberra"), some("1963-02-26"))
        );
        assert_eq!(
            read_all("Canberra, [28 September 1966][2]").2,
            some("Canberra")
        );
        assert_eq!(
            read_all("17th May, 1928"),
            (None, None, None, some("1928-05-17"))
        );
        assert_eq!(read_all("Thursday, 23rd February 1928").2, None);
        assert_eq!(read_all("Canberra, March 1971").3, some("1971-03"));
        // Printing slips of scanned volumes.
        assert_eq!(
            read_all("Port Moresby, 16 September 1967[1]").3,
            some("1967-09-16")
        );
        assert_eq!(read_all("Canberra, 7 March 19681").3, some("1968-03-07"));
        assert_eq!(
            read_all("Wellington, [14] February 198[3]").3,
            some("1983-02-14")
        );
        assert_eq!(
            read_all("Canberra, [12 September][1] 1965").3,
            some("1965-09-12")
        );
        assert_eq!(
            read_all("Letter CANBERRA, 29 March [1944] [1]").3,
            some("1944-03-29")
        );
        assert_eq!(read_all("Townsville, 4 April l975").3, some("1975-04-04"));
        assert_eq!(read_all("The Hague, 15 October 1971").2, some("The Hague"));
        assert_eq!(
            read("Note for file CANBERRA, 6 September 1946").and_then(|d| d.reference),
            some("Note for file")
        );
        assert_eq!(read_all("Canberra, undated").2, some("Canberra"));
        assert_eq!(
            read_all("LONDON, n.d. [on or after 9 June 1937]"),
            (None, None, some("LONDON"), some("1937-06-09"))
        );
        assert_eq!(
            read_all("Saigon, January 31, 1961, 7 p.m."),
            (None, None, some("Saigon"), some("1961-01-31T19:00:00"))
        );
    }

    #[test]
    fn sentences_are_not_datelines() {
        for s in [
            "On 10 July 1936 Cabinet approved in principle the appointment of Counsellors.",
            "In a letter dated 14 October 1936 from the Foreign Secretary, Anthony Eden, the",
            "Your telegram 25th December.",
            "The Minister said on 3 May 1965 that he would go.",
        ] {
            assert_eq!(read(s), None, "{s}");
        }
    }
}
