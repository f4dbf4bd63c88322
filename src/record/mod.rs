//! The record: one document of the collection, as `../docs/record-schema.md` defines it.
//!
//! A record is TOML front matter between `+++` lines followed by the document's text as Markdown.
//! Field order here is the order keys are written in, so that records diff cleanly.

mod date;
mod frontmatter;

use serde::{Deserialize, Serialize};

pub use date::{DateError, LocalDateTime, PartialDate};
pub use frontmatter::{body, clear_empty_strings, parse, to_json, to_markdown, FrontMatterError};

/// An excerpt's paragraphs as teachers write them, `"1-2,4"` → 1, 2 and 4; `None` when the text
/// is not such a list or names none.
pub fn paragraph_numbers(spec: &str) -> Option<Vec<u32>> {
    let mut numbers = Vec::new();
    for part in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (from, to): (u32, u32) = match part.split_once(['-', '–']) {
            Some((a, b)) => (a.trim().parse().ok()?, b.trim().parse().ok()?),
            None => {
                let n = part.parse().ok()?;
                (n, n)
            }
        };
        // A range this long is a typo, not an excerpt.
        if from == 0 || from > to || to - from > 10_000 {
            return None;
        }
        numbers.extend(from..=to);
    }
    numbers.sort_unstable();
    numbers.dedup();
    (!numbers.is_empty()).then_some(numbers)
}

/// One document of the collection.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Record {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub slug: Option<String>,
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<PartialDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<Kind>,
    /// The cable's own number as the sending office wrote it (`346`, `O.UN5928`, `A71`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cable_number: Option<String>,
    /// How fast it was to be handled, as written (`MOST IMMEDIATE`, `Priority`, `NIACT`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub precedence: Option<String>,
    /// The security grading and handling caveats, as written (`TOP SECRET AND PERSONAL`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub classification: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub original_language: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub translation: Option<bool>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub credits: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rights: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub distribution: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub people: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub places: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub topics: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub headnote: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub questions: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub excerpt: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub glossary: Vec<GlossaryEntry>,
    /// Whether the handout numbers the text's lines (else the site's `[handouts]` setting).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line_numbers: Option<bool>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub from: Vec<Party>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub to: Vec<Party>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transmitted: Option<Transmission>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub received: Option<Transmission>,
    #[serde(default, skip_serializing_if = "Source::is_empty")]
    pub source: Source,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provenance: Option<Provenance>,
    /// The document's text as Markdown (everything after the front matter).
    #[serde(skip)]
    pub body: String,
}

/// What sort of document a record is. The schema names six kinds; archives use more
/// (`airgram`, `dispatch`, `aide-mémoire`), which are kept as written (`check` notes them).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Cable,
    Telegram,
    Memorandum,
    Letter,
    Report,
    Document,
    Other(String),
}

impl Kind {
    pub fn as_str(&self) -> &str {
        match self {
            Kind::Cable => "cable",
            Kind::Telegram => "telegram",
            Kind::Memorandum => "memorandum",
            Kind::Letter => "letter",
            Kind::Report => "report",
            Kind::Document => "document",
            Kind::Other(s) => s,
        }
    }

    pub fn parse(s: &str) -> Kind {
        match s {
            "cable" => Kind::Cable,
            "telegram" => Kind::Telegram,
            "memorandum" => Kind::Memorandum,
            "letter" => Kind::Letter,
            "report" => Kind::Report,
            "document" => Kind::Document,
            other => Kind::Other(other.to_owned()),
        }
    }
}

impl Serialize for Kind {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Kind {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        let valid = !s.is_empty() && s.chars().all(|c| c.is_lowercase() || c == '-' || c == ' ');
        if !valid {
            return Err(serde::de::Error::custom(format!(
                "`{s}` is not a kind: use a lower-case word such as cable, telegram, memorandum, letter, report or document"
            )));
        }
        Ok(Kind::parse(&s))
    }
}

/// A sender or recipient: `role = "Ambassador"`, `name = "Yaguchi"`. An office without a person
/// (`Embassy in France`) is a name alone; a bare title (`the President`) a role alone.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Party {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

impl Party {
    /// `Ambassador Yaguchi`, `Embassy in Vietnam`, `President`.
    pub fn label(&self) -> String {
        match (&self.role, &self.name) {
            (Some(role), Some(name)) => format!("{role} {name}"),
            (None, Some(name)) => name.clone(),
            (Some(role), None) => role.clone(),
            (None, None) => String::new(),
        }
    }
}

/// Nouns that make a sender or recipient an office rather than a person (`Embassy in France`),
/// shared by the normalizer and the citation formats.
pub const OFFICE_WORDS: &[&str] = &[
    "embassy",
    "embassies",
    "ministry",
    "department",
    "mission",
    "consulate",
    "legation",
    "office",
    "delegation",
    "government",
    "committee",
    "council",
    "staff",
    "agency",
    "bureau",
    "command",
    "headquarters",
    "secretariat",
    "station",
    "house",
    "chiefs",
    "party",
    "service",
    "directorate",
    "army",
    "navy",
    "republic",
    "union",
    "nations",
    "states",
];

/// `November` for 11.
pub fn month_name(month: i8) -> &'static str {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    usize::try_from(month)
        .ok()
        .and_then(|m| m.checked_sub(1))
        .and_then(|m| MONTHS.get(m))
        .copied()
        .unwrap_or("")
}

/// Where and when a cable left or arrived.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Transmission {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<LocalDateTime>,
}

/// Where the document comes from.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub archive: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collection: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub archive_place: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub record_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub translator: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub obtained_for: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub citation: Option<String>,
}

impl Source {
    pub fn is_empty(&self) -> bool {
        *self == Source::default()
    }
}

/// Which raw file a record was made from, so a curated record can tell when its raw text changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Provenance {
    pub file: String,
    pub sha256: String,
}

/// A word-bank entry for handouts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GlossaryEntry {
    pub term: String,
    pub meaning: String,
}

impl Record {
    /// The record's id; empty only before [`Record::fill_identity`].
    pub fn id(&self) -> &str {
        self.id.as_deref().unwrap_or_default()
    }

    /// The record's slug; empty only before [`Record::fill_identity`].
    pub fn slug(&self) -> &str {
        self.slug.as_deref().unwrap_or_default()
    }

    /// Derives `slug` (from date and title) and `id` (the archive's record id, else the slug)
    /// where they are absent.
    pub fn fill_identity(&mut self) {
        if self.slug.is_none() {
            self.slug = Some(make_slug(self.date.as_ref(), &self.title));
        }
        if self.id.is_none() {
            self.id = Some(match &self.source.record_id {
                Some(rid) => rid.clone(),
                None => self.slug().to_owned(),
            });
        }
    }
}

/// Longest run of title characters a slug keeps; long FRUS headings would make unusable URLs.
const SLUG_TITLE_MAX: usize = 60;

/// The longest slug a name may give a folder: well under the 255-byte limit of file names,
/// with room for a `-2` that makes it unique.
pub const PATH_SLUG_MAX: usize = 100;

/// A name as a path segment: lower-case ASCII words joined by hyphens (accents folded,
/// apostrophes dropped: `Mikoyan's` → `mikoyans`), cut at a word boundary to at most `max`
/// bytes. Every name that becomes a folder (records, archives, people, places, correspondents)
/// goes through here, so that no text can make a path the file system refuses.
pub fn path_slug(name: &str, max: usize) -> String {
    let mut words = slug::slugify(name.replace(['\'', '’'], ""));
    if words.len() > max {
        // ASCII only: any byte is a character boundary.
        let cut = words[..=max].rfind('-').filter(|&c| c > 0).unwrap_or(max);
        words.truncate(cut);
    }
    words
}

/// `YYYY-MM-DD-title-words`: lower-case ASCII, hyphens, accents folded.
pub fn make_slug(date: Option<&PartialDate>, title: &str) -> String {
    let words = path_slug(title, SLUG_TITLE_MAX);
    let words = if words.is_empty() {
        "untitled".to_owned()
    } else {
        words
    };
    match date {
        Some(d) => format!("{d}-{words}"),
        None => words,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_fold_accents_and_keep_precision() {
        let d = PartialDate::parse_iso("1962-11").unwrap();
        assert_eq!(
            make_slug(Some(&d), "Lázaro Peña’s Letter"),
            "1962-11-lazaro-penas-letter"
        );
        assert_eq!(make_slug(None, "¿?"), "untitled");
        let long = "Memorandum From the President's Deputy Special Assistant for National Security Affairs (Rostow) to the President";
        let s = make_slug(None, long);
        assert!(s.len() <= SLUG_TITLE_MAX, "{s}");
        assert!(!s.ends_with('-'));
    }

    #[test]
    fn path_slugs_are_bounded_at_a_word() {
        let paragraph = "Áéí archive ".repeat(300);
        let s = path_slug(&paragraph, PATH_SLUG_MAX);
        assert!(s.len() <= PATH_SLUG_MAX, "{}", s.len());
        assert!(s.starts_with("aei-archive-") && !s.ends_with('-'), "{s}");
        assert_eq!(path_slug(&"x".repeat(500), 10), "x".repeat(10));
    }
}
