//! Reading an archive's citation into the record's `[source]` keys.
//!
//! Citations follow the Wilson Center's pattern, with many local variations:
//! `"Title", Date, Publisher, Archive ("Collection" file), Place. Obtained and translated for
//! CWIHP by Name.` Whatever cannot be placed stays in the verbatim `citation`.

use std::sync::LazyLock;

use regex::Regex;

use super::dates;
use crate::record::{PartialDate, Source};

/// What a citation says.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Cited {
    pub title: Option<String>,
    pub date: Option<PartialDate>,
    pub source: Source,
}

static CREDIT_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?:^|[.,;]\s+)(obtained|translated|translation|contributed|donated|provided|copy courtesy|courtesy of|included in|published in|originally published|reprinted in|reprinted from|republished in|also published)\b")
        .expect("valid regex")
});
const NAME: &str =
    r"((?:[A-ZÀ-Ý][\w'’.-]*\.?)(?:\s+(?:and\s+)?(?:[A-ZÀ-Ý][\w'’.-]*\.?|de|van|von|la|del))*)";
static TRANSLATOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i:\btranslat(?:ed|ion)(?:\s+for\s+[A-Z][\w.]*)?\s+by)\s+{NAME}"
    ))
    .expect("valid regex")
});
static OBTAINED_FOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i:\b(?:obtained|translated)\b(?:\s+and\s+translated)?\s+for)\s+([A-Z][\w.-]*(?:\s+[A-Z][\w.-]*)*)").expect("valid regex")
});
static LOCATOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\d|\b(?:fond|opis|delo|box|folder|series|sheet|ll?|op|f|d|pp?)\.\s")
        .expect("valid regex")
});
static PUBLISHER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[^,]*Digital Archive|Wilson Center[^,]*)$").expect("valid regex")
});

/// Parses a citation. `text` is kept verbatim in `source.citation`.
pub fn parse(text: &str) -> Cited {
    let text = text.trim();
    let mut cited = Cited::default();
    cited.source.citation = Some(text.to_owned());
    let mut rest = text;

    // "Title", Date, ...
    if let Some((title, after)) = quoted_prefix(rest) {
        cited.title = Some(title.to_owned());
        rest = after.trim_start_matches([',', ' ']);
        if let Some((date, after)) = dates::parse_leading(rest) {
            cited.date = Some(date);
            rest = after.trim_start_matches([',', ' ']);
        }
    }
    // Publisher: the online archive, when named.
    if let Some((first, after)) = rest.split_once(", ") {
        if PUBLISHER.is_match(first.trim()) {
            cited.source.publisher = Some(first.trim().to_owned());
            rest = after;
        }
    }
    // Split the holding archive's part from the credit sentences.
    let location = match CREDIT_START.find(rest) {
        Some(m) => &rest[..m.start()],
        None => rest,
    };
    read_location(
        location.trim().trim_end_matches(['.', ',', ';']).trim(),
        &mut cited.source,
    );

    if let Some(c) = TRANSLATOR.captures(text) {
        cited.source.translator = Some(clean_name(&c[1]));
    }
    if let Some(c) = OBTAINED_FOR.captures(text) {
        let who = c[1].split(" by").next().unwrap_or_default();
        let who = who
            .split_whitespace()
            .take_while(|w| *w != "by")
            .collect::<Vec<_>>()
            .join(" ");
        if !who.is_empty() {
            cited.source.obtained_for = Some(who);
        }
    }
    cited
}

fn clean_name(name: &str) -> String {
    let name = name.trim();
    // A trailing period ends the sentence unless it closes an initial (`Mark H.`).
    let last = name.rsplit(' ').next().unwrap_or(name);
    if last.ends_with('.') && last.chars().count() > 2 {
        name[..name.len() - 1].to_owned()
    } else {
        name.to_owned()
    }
}

/// `"Title", rest` with straight or curly quotes; the comma may sit inside the quotes.
fn quoted_prefix(s: &str) -> Option<(&str, &str)> {
    let (open, close) = match s.chars().next()? {
        '"' => ('"', '"'),
        '“' => ('“', '”'),
        _ => return None,
    };
    let inner = &s[open.len_utf8()..];
    let end = inner.find(close)?;
    let title = inner[..end].trim().trim_end_matches(',').trim();
    let after = &inner[end + close.len_utf8()..];
    (!title.is_empty()).then_some((title, after))
}

/// `Archive ("Collection" file), Place`, `GARF: F. 5446, Op. 1`, or `Archive, Place, f. 1, op. 2`.
fn read_location(loc: &str, source: &mut Source) {
    if loc.is_empty() {
        return;
    }
    let mut tail = "";
    if let Some(open) = loc.find(" (") {
        if let Some(close_rel) = loc[open..].find(')') {
            let close = open + close_rel;
            let inner = &loc[open + 2..close];
            let is_acronym = inner
                .chars()
                .all(|c| c.is_uppercase() || c.is_whitespace() || c == '-');
            if is_acronym {
                source.archive = Some(loc[..=close].trim().to_owned());
            } else {
                source.archive = Some(loc[..open].trim().to_owned());
                source.collection = Some(collection_name(inner));
            }
            tail = &loc[close + 1..];
        }
    }
    if source.archive.is_none() {
        if let Some((archive, locator)) = loc.split_once(": ") {
            if archive.split_whitespace().count() <= 6 && LOCATOR.is_match(locator) {
                source.archive = Some(archive.trim().to_owned());
                source.collection = Some(locator.trim().to_owned());
                return;
            }
        }
        let (archive, after) = loc.split_once(", ").unwrap_or((loc, ""));
        source.archive = Some(archive.trim().to_owned());
        tail = after;
    }
    let mut locators = Vec::new();
    for segment in tail.split(',').map(str::trim).filter(|s| !s.is_empty()) {
        let place_like = source.archive_place.is_none()
            && locators.is_empty()
            && !LOCATOR.is_match(segment)
            && segment.split_whitespace().count() <= 3
            && segment.split_whitespace().all(place_word);
        if place_like {
            source.archive_place = Some(segment.to_owned());
        } else {
            locators.push(segment);
        }
    }
    if !locators.is_empty() {
        let more = locators.join(", ");
        source.collection = Some(match source.collection.take() {
            Some(c) => format!("{c}, {more}"),
            None => more,
        });
    }
}

/// A word of a city's name: `Moscow`, `Rio de Janeiro`; not a fonds code such as `MfAA`.
fn place_word(w: &str) -> bool {
    let mut chars = w.chars();
    let title_case =
        chars.next().is_some_and(char::is_uppercase) && chars.all(|c| !c.is_uppercase());
    title_case || matches!(w, "de" | "del" | "la" | "am" | "an" | "sur")
}

/// `“Cuban Domestic Policies and Situation: 1959-1975” file` → the name alone.
fn collection_name(inner: &str) -> String {
    let s = inner.trim();
    let s = s
        .strip_suffix(" file")
        .or_else(|| s.strip_suffix(" folder"))
        .unwrap_or(s)
        .trim();
    s.trim_matches(['"', '“', '”', '\'', '‘', '’'])
        .trim()
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wilson_web_citation() {
        let c = parse("\"Cable from Japanese Embassy in Havana to Tokyo\", November 28, 1962, Wilson Center Digital Archive, Diplomatic Archives of the Ministry of Foreign Affairs of Japan (\"Cuban Domestic Policies and Situation: 1959-1975\" file), Tokyo. Obtained and translated for CWIHP by Masaki Hirata.");
        assert_eq!(
            c.title.as_deref(),
            Some("Cable from Japanese Embassy in Havana to Tokyo")
        );
        assert_eq!(c.date.map(|d| d.to_string()).as_deref(), Some("1962-11-28"));
        let s = c.source;
        assert_eq!(
            s.publisher.as_deref(),
            Some("Wilson Center Digital Archive")
        );
        assert_eq!(
            s.archive.as_deref(),
            Some("Diplomatic Archives of the Ministry of Foreign Affairs of Japan")
        );
        assert_eq!(
            s.collection.as_deref(),
            Some("Cuban Domestic Policies and Situation: 1959-1975")
        );
        assert_eq!(s.archive_place.as_deref(), Some("Tokyo"));
        assert_eq!(s.translator.as_deref(), Some("Masaki Hirata"));
        assert_eq!(s.obtained_for.as_deref(), Some("CWIHP"));
    }

    #[test]
    fn citation_without_title() {
        let s = parse("Diplomatic Archives of the Ministry of Foreign Affairs of Japan (“Cuban Domestic Policies and Situation: 1959-1975” file), Tokyo. Obtained and translated for CWIHP by Masaki Hirata.").source;
        assert_eq!(s.publisher, None);
        assert_eq!(
            s.collection.as_deref(),
            Some("Cuban Domestic Policies and Situation: 1959-1975")
        );
        assert_eq!(s.archive_place.as_deref(), Some("Tokyo"));
    }

    #[test]
    fn russian_locators() {
        let s = parse("\"Record of Conversation between Mikoyan and Castro\", November 4, 1962, History and Public Policy Program Digital Archive, GARF: F. 5446, Op. 1, D. 12, Ll. 3-7. Translated for CWIHP by Svetlana Savranskaya.").source;
        assert_eq!(
            s.publisher.as_deref(),
            Some("History and Public Policy Program Digital Archive")
        );
        assert_eq!(s.archive.as_deref(), Some("GARF"));
        assert_eq!(
            s.collection.as_deref(),
            Some("F. 5446, Op. 1, D. 12, Ll. 3-7")
        );
        assert_eq!(s.translator.as_deref(), Some("Svetlana Savranskaya"));
        // Translated for CWIHP: the document was prepared for CWIHP even if not "obtained".
        assert_eq!(s.obtained_for.as_deref(), Some("CWIHP"));

        let s = parse("\"Telegram\", October 27, 1962, History and Public Policy Program Digital Archive, Archive of Foreign Policy, Russian Federation (AVP RF), Moscow, f. 0104, op. 18, p. 123, d. 4. Translation by Mark H. Doctoroff.").source;
        assert_eq!(
            s.archive.as_deref(),
            Some("Archive of Foreign Policy, Russian Federation (AVP RF)")
        );
        assert_eq!(s.archive_place.as_deref(), Some("Moscow"));
        assert_eq!(
            s.collection.as_deref(),
            Some("f. 0104, op. 18, p. 123, d. 4")
        );
        assert_eq!(s.translator.as_deref(), Some("Mark H. Doctoroff"));
    }
}
