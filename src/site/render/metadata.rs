//! Metadata for machines: Highwire `citation_*` tags and Dublin Core (read by Zotero and Google
//! Scholar), and the page's description (read by search engines). No schema.org JSON-LD: no
//! consumer we serve reads it (Zotero ignores it; search engines show no result of its kind),
//! and it repeated the head's metadata in every page (21 MB in a collection of 50,000). Uses the record, `config` and `citation`.

use crate::citation;
use crate::config::SiteConfig;
use crate::record::{Kind, Record};

/// One `<meta name=… content=…>` element.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Meta {
    pub key: String,
    pub content: String,
}

/// The `<meta>` elements of a document page.
pub fn meta_tags(r: &Record, config: &SiteConfig, description: &str) -> Vec<Meta> {
    let mut m: Vec<Meta> = Vec::new();
    let mut push = |k: &str, v: &str| {
        m.push(Meta {
            key: k.to_owned(),
            content: v.to_owned(),
        })
    };
    push("citation_title", &r.title);
    for p in &r.from {
        // Highwire wants "Last, First" for people; an office is its own name.
        let author = citation::sort_name(p).unwrap_or_else(|| p.label());
        if !author.is_empty() {
            push("citation_author", &author);
        }
    }
    if let Some(d) = r.date {
        // ISO dates: Zotero keeps the date as written.
        push("citation_date", &d.to_string());
    }
    let publisher = r
        .source
        .publisher
        .as_deref()
        .or(config.publisher.as_deref());
    if let Some(p) = publisher {
        push("citation_publisher", p);
    }
    if let Some(l) = &r.language {
        push("citation_language", l);
    }
    // No `citation_public_url`: it was the page's own address, which is what Zotero saves
    // with the item, and the `<link rel=canonical>` gives it to search engines.
    // DC.type decides Zotero's item type and fills manuscriptType: a plain word.
    let dc_type = match r.kind {
        Some(Kind::Letter) => "letter",
        _ => "manuscript",
    };
    push("DC.type", dc_type);
    if let Some(a) = &r.source.archive {
        let archive = match &r.source.archive_place {
            Some(place) => format!("{a}, {place}"),
            None => a.clone(),
        };
        push("z:archive", &archive);
    }
    if let Some(c) = &r.source.collection {
        push("DC.coverage", c);
    }
    // Said once: link previews (Open Graph readers) take the title, description and address
    // from `<title>`, `description` and the canonical link when `og:` tags are missing, and the
    // same title, summary and address repeated in every page's head weighed 40 MB in a
    // collection of 50,000.
    if !description.is_empty() {
        push("description", description);
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::Party;

    fn party(role: Option<&str>, name: &str) -> Party {
        Party {
            role: role.map(str::to_owned),
            name: Some(name.to_owned()),
        }
    }

    #[test]
    fn senders_are_people_surname_first_and_offices_whole() {
        let config = SiteConfig::parse("title = \"T\"").expect("config");
        let record = Record {
            title: "Cable".into(),
            from: vec![
                party(None, "Ministry of Foreign Affairs, Rome"),
                party(None, "Dean Rusk"),
                party(Some("Ambassador"), "Charles de Gaulle"),
            ],
            ..Record::default()
        };
        let authors: Vec<String> = meta_tags(&record, &config, "d")
            .into_iter()
            .filter(|m| m.key == "citation_author")
            .map(|m| m.content)
            .collect();
        assert_eq!(
            authors,
            [
                "Ministry of Foreign Affairs, Rome",
                "Rusk, Dean",
                "de Gaulle, Charles"
            ]
        );
    }
}
