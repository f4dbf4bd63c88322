//! BibTeX, RIS and CSL-JSON: one record each, for reference managers.

use super::*;

/// One `@unpublished` entry (Zotero imports it as a manuscript), keyed by the record id.
pub fn bibtex(record: &Record, page_url: Option<&str>) -> String {
    let mut fields: Vec<(&str, String)> = Vec::new();
    let authors = authors(record);
    if !authors.is_empty() {
        fields.push(("author", bibtex_names(&authors)));
    }
    fields.push(("title", bibtex_escape(&record.title)));
    if let Some(date) = &record.date {
        // biblatex and Zotero read `date` with its precision; classic BibTeX reads year/month.
        fields.push(("date", date.to_string()));
        fields.push(("year", date.year().to_string()));
        if let Some(month) = date.month() {
            fields.push(("month", month.to_string()));
        }
    }
    if let Some(kind) = &record.kind {
        fields.push(("type", kind.as_str().to_owned()));
    }
    let translators = translators(record);
    if !translators.is_empty() {
        fields.push(("translator", bibtex_names(&translators)));
    }
    // `note` is @unpublished's required field: where the document is held.
    fields.push(("note", bibtex_escape(&holding_note(record))));
    if let Some(url) = cited_url(record, page_url) {
        fields.push(("url", bibtex_url(url)));
    }
    if let Some(language) = &record.language {
        fields.push(("language", bibtex_escape(language)));
    }
    if let Some(summary) = &record.summary {
        fields.push(("abstract", bibtex_escape(&one_line(summary))));
    }
    let mut out = format!("@unpublished{{{},\n", bibtex_key(&record_key(record)));
    for (name, value) in fields {
        let _ = writeln!(out, "  {name} = {{{value}}},");
    }
    out.push_str("}\n");
    out
}

/// `Cuban Domestic Policies and Situation: 1959-1975, Diplomatic Archives ..., Tokyo. Wilson
/// Center Digital Archive.`: collection, archive, city (CMOS order), then the online archive.
pub(super) fn holding_note(record: &Record) -> String {
    let s = &record.source;
    let held = held_at(record);
    let mut parts = Vec::new();
    if !held.is_empty() {
        parts.push(held.join(", "));
    }
    if let Some(publisher) = &s.publisher {
        parts.push(publisher.clone());
    }
    if parts.is_empty() {
        return "Unpublished document".to_owned();
    }
    let mut note = parts.join(". ");
    if !note.ends_with('.') {
        note.push('.');
    }
    note
}

pub(super) fn bibtex_names(names: &[Name]) -> String {
    names
        .iter()
        .map(|name| match name {
            Name::Person {
                family,
                given,
                particle,
                suffix,
            } => {
                let family = with_particle(particle.as_deref(), family);
                let mut out = bibtex_escape(&family);
                if let Some(suffix) = suffix {
                    out.push_str(", ");
                    out.push_str(&bibtex_escape(suffix));
                }
                if let Some(given) = given {
                    out.push_str(", ");
                    out.push_str(&bibtex_escape(given));
                }
                out
            }
            // Braced so that BibTeX does not read `Embassy in Vietnam` as a person's name.
            Name::Literal(literal) => format!("{{{}}}", bibtex_escape(literal)),
        })
        .collect::<Vec<_>>()
        .join(" and ")
}

/// Escapes TeX's special characters. Braces become `\textbraceleft{}`/`\textbraceright{}`, which
/// keep the braces BibTeX counts balanced (it ignores backslashes when matching them).
pub(super) fn bibtex_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\textbackslash{}"),
            '{' => out.push_str("\\textbraceleft{}"),
            '}' => out.push_str("\\textbraceright{}"),
            '&' | '%' | '$' | '#' | '_' => {
                out.push('\\');
                out.push(c);
            }
            '~' => out.push_str("\\textasciitilde{}"),
            '^' => out.push_str("\\textasciicircum{}"),
            '\n' | '\r' | '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// URLs are read verbatim by biblatex: only what would break the entry is percent-encoded.
pub(super) fn bibtex_url(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        match c {
            '{' => out.push_str("%7B"),
            '}' => out.push_str("%7D"),
            '\\' => out.push_str("%5C"),
            c if c.is_whitespace() => out.push_str("%20"),
            c => out.push(c),
        }
    }
    out
}

/// BibTeX keys allow neither spaces nor `,{}()"#%~\=`: anything outside `[A-Za-z0-9_:.-]` becomes
/// `-`.
pub(super) fn bibtex_key(id: &str) -> String {
    let key: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '_' | ':' | '.' | '-') {
                c
            } else {
                '-'
            }
        })
        .collect();
    let key = key.trim_matches('-');
    if key.is_empty() {
        "record".to_owned()
    } else {
        key.to_owned()
    }
}

/// One RIS record. Tags as Zotero's RIS importer maps them for `MANSCPT` (manuscript): `DB`
/// archive, `AN` archive location, `M3` manuscript type, `A4` translator, `CY` place, `DP`
/// library catalog (the online archive), `AB` abstract.
pub fn ris(record: &Record, page_url: Option<&str>) -> String {
    let mut lines: Vec<(&str, String)> = vec![("TY", "MANSCPT".to_owned())];
    lines.push(("TI", record.title.clone()));
    for name in authors(record) {
        lines.push(("AU", ris_name(&name)));
    }
    for name in translators(record) {
        lines.push(("A4", ris_name(&name)));
    }
    if let Some(date) = &record.date {
        // `YYYY/MM/DD/`, empty parts for what is unknown.
        let part = |p: Option<i8>| p.map(|v| format!("{v:02}")).unwrap_or_default();
        lines.push((
            "DA",
            format!(
                "{:04}/{}/{}/",
                date.year(),
                part(date.month()),
                part(date.day())
            ),
        ));
        lines.push(("PY", format!("{:04}", date.year())));
    }
    if let Some(kind) = &record.kind {
        lines.push(("M3", kind.as_str().to_owned()));
    }
    if let Some(archive) = archive_with_place(record) {
        // Zotero has no archive-place field: the city stays with the archive.
        lines.push(("DB", archive));
    }
    if let Some(collection) = &record.source.collection {
        lines.push(("AN", collection.clone()));
    }
    if let Some(place) = record.transmitted.as_ref().and_then(|t| t.place.clone()) {
        lines.push(("CY", place));
    }
    if let Some(publisher) = &record.source.publisher {
        lines.push(("DP", publisher.clone()));
    }
    if let Some(url) = cited_url(record, page_url) {
        lines.push(("UR", url.to_owned()));
    }
    if let Some(summary) = &record.summary {
        lines.push(("AB", summary.clone()));
    }
    if let Some(citation) = &record.source.citation {
        lines.push(("N1", citation.clone()));
    }
    if let Some(language) = &record.language {
        lines.push(("LA", language.clone()));
    }
    let mut out = String::new();
    for (tag, value) in lines {
        let value = one_line(&value);
        if !value.is_empty() {
            let _ = writeln!(out, "{tag}  - {value}");
        }
    }
    out.push_str("ER  - \n");
    out
}

pub(super) fn ris_name(name: &Name) -> String {
    match name {
        Name::Person {
            family,
            given,
            particle,
            suffix,
        } => {
            let mut out = with_particle(particle.as_deref(), family);
            if let Some(given) = given {
                out.push_str(", ");
                out.push_str(given);
            }
            if let Some(suffix) = suffix {
                out.push_str(", ");
                out.push_str(suffix);
            }
            out
        }
        Name::Literal(literal) => literal.clone(),
    }
}

/// Tagged formats hold one value per line.
pub(super) fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// One CSL-JSON item (citeproc-js, Zotero, Pandoc). Names are objects and the date a
/// `date-parts` object: citeproc-js silently drops string authors and dates.
pub fn csl_json(record: &Record, page_url: Option<&str>) -> Value {
    let mut item = Map::new();
    item.insert("id".into(), json!(record_key(record)));
    item.insert("type".into(), json!("manuscript"));
    item.insert("title".into(), json!(record.title));
    let authors = authors(record);
    if !authors.is_empty() {
        item.insert("author".into(), csl_names(&authors));
    }
    if let Some(date) = &record.date {
        let mut parts = vec![json!(date.year())];
        parts.extend(date.month().map(|m| json!(m)));
        parts.extend(date.day().map(|d| json!(d)));
        item.insert("issued".into(), json!({ "date-parts": [parts] }));
    }
    if let Some(kind) = &record.kind {
        item.insert("genre".into(), json!(kind.as_str()));
    }
    let translators = translators(record);
    if !translators.is_empty() {
        item.insert("translator".into(), csl_names(&translators));
    }
    let s = &record.source;
    let optional = [
        ("archive", s.archive.as_deref()),
        ("archive-place", s.archive_place.as_deref()),
        ("archive_location", s.collection.as_deref()),
        // The online archive or published volume the text comes from (Zotero: Library Catalog).
        ("source", s.publisher.as_deref()),
        (
            "publisher-place",
            record.transmitted.as_ref().and_then(|t| t.place.as_deref()),
        ),
        ("URL", cited_url(record, page_url)),
        ("abstract", record.summary.as_deref()),
        ("note", s.citation.as_deref()),
    ];
    for (key, value) in optional {
        if let Some(value) = value {
            item.insert(key.into(), json!(value));
        }
    }
    if let Some(language) = &record.language {
        item.insert("language".into(), json!(language_code(language)));
    }
    Value::Object(item)
}

pub(super) fn csl_names(names: &[Name]) -> Value {
    Value::Array(
        names
            .iter()
            .map(|name| match name {
                Name::Person {
                    family,
                    given,
                    particle,
                    suffix,
                } => {
                    let mut obj = Map::new();
                    obj.insert("family".into(), json!(family));
                    if let Some(given) = given {
                        obj.insert("given".into(), json!(given));
                    }
                    if let Some(particle) = particle {
                        obj.insert("non-dropping-particle".into(), json!(particle));
                    }
                    if let Some(suffix) = suffix {
                        obj.insert("suffix".into(), json!(suffix));
                    }
                    Value::Object(obj)
                }
                Name::Literal(literal) => json!({ "literal": literal }),
            })
            .collect(),
    )
}

/// CSL wants a BCP 47 tag; records name languages in English. Unknown names pass through.
pub(super) fn language_code(name: &str) -> String {
    const CODES: &[(&str, &str)] = &[
        ("albanian", "sq"),
        ("arabic", "ar"),
        ("bulgarian", "bg"),
        ("chinese", "zh"),
        ("czech", "cs"),
        ("dutch", "nl"),
        ("english", "en"),
        ("french", "fr"),
        ("german", "de"),
        ("hebrew", "he"),
        ("hungarian", "hu"),
        ("italian", "it"),
        ("japanese", "ja"),
        ("korean", "ko"),
        ("mongolian", "mn"),
        ("persian", "fa"),
        ("polish", "pl"),
        ("portuguese", "pt"),
        ("romanian", "ro"),
        ("russian", "ru"),
        ("serbian", "sr"),
        ("spanish", "es"),
        ("ukrainian", "uk"),
        ("vietnamese", "vi"),
    ];
    let lower = name.trim().to_lowercase();
    CODES
        .iter()
        .find(|(n, _)| *n == lower)
        .map(|(_, code)| (*code).to_owned())
        .unwrap_or_else(|| name.trim().to_owned())
}
