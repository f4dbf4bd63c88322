//! The hayagriva entry for a record, and the pieces of it the exports share.

use super::*;

/// Text the styles must not re-case: archival titles keep the archive's capitalization, and
/// title-casing would damage non-English titles and acronyms.
pub(super) fn verbatim(text: &str) -> FormatString {
    FormatString {
        value: StringChunk::verbatim(text).into(),
        short: None,
    }
}

/// What one style is given of a record: plain values, already arranged for the style's flavor.
/// A citation is a function of these alone, which is what lets [`super::pattern`] reuse one.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) struct Fields {
    pub title: Option<String>,
    pub authors: Vec<Name>,
    pub date: Option<PartialDate>,
    pub genre: Option<String>,
    /// The archive (with its city), or for MLA the whole location.
    pub archive: Option<String>,
    /// `archive-location`: the file or collection (not used by MLA).
    pub collection: Option<String>,
    pub translators: Vec<Name>,
    /// The online archive: the publisher, or MLA's second container.
    pub publisher: Option<String>,
    pub url: Option<String>,
    pub flavor: Flavor,
}

impl Fields {
    pub(super) fn new(record: &Record, url: Option<&str>, flavor: Flavor) -> Fields {
        let (archive, collection) = if flavor == Flavor::Mla {
            // MLA 9 gives the location as "Collection, Archive, City"; its CSL style would put
            // the archive location after the archive.
            let held = held_at(record);
            ((!held.is_empty()).then(|| held.join(", ")), None)
        } else {
            // hayagriva drops `archive-place`: the city goes inside `archive`. It has no
            // `archive_collection` either: `archive-location` is where Chicago and APA put the
            // file or collection (Chicago before the archive, APA after it).
            (
                archive_with_place(record),
                non_blank(record.source.collection.as_deref()).map(str::to_owned),
            )
        };
        let owned = |t: Option<&str>| non_blank(t).map(str::to_owned);
        Fields {
            title: owned(Some(&record.title)),
            authors: authors(record),
            date: record.date,
            genre: genre(record),
            archive: owned(archive.as_deref()),
            collection,
            translators: translators(record),
            publisher: owned(record.source.publisher.as_deref()),
            url: url
                .and_then(|u| u.parse::<QualifiedUrl>().ok())
                .map(|u| u.value.to_string()),
            flavor,
        }
    }
}

/// The hayagriva entry for these fields, and which variables it has.
pub(super) fn entry(fields: &Fields, key: &str) -> (Entry, Shape) {
    use StandardVariable as V;
    let mut entry = Entry::new(key, EntryType::Manuscript);
    let mut shape = Shape::default();
    if let Some(title) = &fields.title {
        entry.set_title(verbatim(title));
        shape.set(Variable::Standard(V::Title), true);
        shape.set(Variable::Standard(V::TitleShort), true);
    }
    shape.set(
        Variable::Name(NameVariable::Author),
        !fields.authors.is_empty(),
    );
    if !fields.authors.is_empty() {
        entry.set_authors(fields.authors.iter().map(hayagriva_person).collect());
    }
    if let Some(date) = &fields.date {
        entry.set_date(hayagriva_date(date));
        shape.set(Variable::Date(DateVariable::Issued), true);
    }
    if let Some(genre) = &fields.genre {
        // Not verbatim: the styles capitalize a descriptor that opens a sentence or a bracket.
        entry.set_genre(FormatString::with_value(genre.as_str()));
        shape.set(Variable::Standard(V::Genre), true);
    }
    if let Some(archive) = &fields.archive {
        entry.set_archive(verbatim(archive));
        shape.set(Variable::Standard(V::Archive), true);
    }
    if let Some(collection) = &fields.collection {
        entry.set_archive_location(verbatim(collection));
        shape.set(Variable::Standard(V::ArchiveLocation), true);
    }
    shape.set(
        Variable::Name(NameVariable::Translator),
        !fields.translators.is_empty(),
    );
    if !fields.translators.is_empty() {
        entry.set_affiliated(vec![PersonsWithRoles::new(
            fields.translators.iter().map(hayagriva_person).collect(),
            PersonRole::Translator,
        )]);
    }
    if let Some(publisher) = &fields.publisher {
        if fields.flavor == Flavor::Mla {
            // MLA's second container: CSL `source`, which hayagriva reads from a parent
            // repository's title.
            let mut database = Entry::new("database", EntryType::Repository);
            database.set_title(verbatim(publisher));
            entry.set_parents(vec![database]);
            shape.set(Variable::Standard(V::Source), true);
        } else {
            entry.set_publisher(Publisher::new(Some(verbatim(publisher)), None));
            shape.set(Variable::Standard(V::Publisher), true);
        }
    }
    if let Some(url) = fields
        .url
        .as_deref()
        .and_then(|u| u.parse::<QualifiedUrl>().ok())
    {
        entry.set_url(url);
        shape.set(Variable::Standard(V::URL), true);
    }
    (entry, shape)
}

/// hayagriva treats a blank variable as absent; so do we.
pub(super) fn non_blank(text: Option<&str>) -> Option<&str> {
    text.filter(|t| !t.trim().is_empty())
}

/// `cable`, or `cable to Ohira` when the recipients are people (CMOS "Letter to Desmond Ryan",
/// APA "[Letter to Robert M. Ogden]"). A plain `document` says nothing and is left out.
pub(super) fn genre(record: &Record) -> Option<String> {
    let kind = record.kind.as_ref().filter(|k| **k != Kind::Document)?;
    let recipients = person_recipients(record);
    Some(if recipients.is_empty() {
        kind.as_str().to_owned()
    } else {
        format!("{} to {}", kind.as_str(), and_list(&recipients))
    })
}

pub(super) fn and_list(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// Collection, archive and city, those known, in CMOS order.
pub(super) fn held_at(record: &Record) -> Vec<&str> {
    let s = &record.source;
    let place = s
        .archive_place
        .as_deref()
        .filter(|p| !s.archive.as_deref().is_some_and(|a| a.contains(p)));
    [s.collection.as_deref(), s.archive.as_deref(), place]
        .into_iter()
        .flatten()
        .collect()
}

/// `Diplomatic Archives of the Ministry of Foreign Affairs of Japan, Tokyo`.
pub(super) fn archive_with_place(record: &Record) -> Option<String> {
    let archive = record.source.archive.as_deref()?;
    Some(match record.source.archive_place.as_deref() {
        Some(place) if !archive.contains(place) => format!("{archive}, {place}"),
        _ => archive.to_owned(),
    })
}

/// hayagriva counts months and days from 0.
pub(super) fn hayagriva_date(date: &PartialDate) -> Date {
    Date {
        year: i32::from(date.year()),
        month: date.month().map(|m| (m - 1) as u8),
        day: date.day().map(|d| (d - 1) as u8),
        approximate: false,
        season: None,
    }
}
