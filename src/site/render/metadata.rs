//! Metadata for machines: Highwire `citation_*` tags and Dublin Core (read by Zotero), Open Graph,
//! and schema.org JSON-LD (read by search engines). Uses the record, `config` and `citation`.

use serde_json::json;

use crate::citation;
use crate::config::SiteConfig;
use crate::record::{Kind, Record};

/// One `<meta>` element: `attr` is `name`, or `property` for Open Graph.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Meta {
    pub attr: &'static str,
    pub key: String,
    pub content: String,
}

/// The `<meta>` elements of a document page.
pub fn meta_tags(
    r: &Record,
    config: &SiteConfig,
    page_url: Option<&str>,
    description: &str,
) -> Vec<Meta> {
    let mut m: Vec<Meta> = Vec::new();
    let mut push = |k: &str, v: &str| {
        let attr = if k.starts_with("og:") {
            "property"
        } else {
            "name"
        };
        m.push(Meta {
            attr,
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
        push("DC.date", &d.to_string());
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
    if let Some(url) = page_url {
        push("citation_public_url", url);
    }
    // DC.type decides Zotero's item type and fills manuscriptType: a plain word.
    let dc_type = match r.kind {
        Some(Kind::Letter) => "letter",
        _ => "manuscript",
    };
    push("DC.type", dc_type);
    push("DC.title", &r.title);
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
    push("description", description);
    push("og:title", &r.title);
    push("og:type", "article");
    push("og:description", description);
    push("og:site_name", &config.title);
    if let Some(url) = page_url {
        push("og:url", url);
    }
    m
}

/// schema.org JSON-LD, safe to place inside `<script type="application/ld+json">`.
pub fn json_ld(
    r: &Record,
    config: &SiteConfig,
    page_url: Option<&str>,
    description: &str,
) -> String {
    let authors: Vec<serde_json::Value> = r
        .from
        .iter()
        .map(|p| match &p.name {
            Some(name) if !citation::is_institution(p) => {
                json!({"@type": "Person", "name": name, "jobTitle": p.role})
            }
            _ => json!({"@type": "Organization", "name": p.label()}),
        })
        .collect();
    let mut v = json!({
        "@context": "https://schema.org",
        "@type": "ArchiveComponent",
        "name": r.title,
        "description": description,
        "isPartOf": {"@type": "Collection", "name": config.title},
    });
    let obj = v.as_object_mut().expect("object literal");
    if let Some(d) = r.date {
        obj.insert("dateCreated".into(), d.to_string().into());
    }
    if !authors.is_empty() {
        obj.insert("author".into(), authors.into());
    }
    if let Some(url) = page_url {
        obj.insert("url".into(), url.into());
    }
    if let Some(l) = &r.language {
        obj.insert("inLanguage".into(), l.clone().into());
    }
    if let Some(a) = &r.source.archive {
        obj.insert(
            "holdingArchive".into(),
            json!({"@type": "ArchiveOrganization", "name": a}),
        );
    }
    if let Some(u) = &r.source.url {
        obj.insert("sameAs".into(), u.clone().into());
    }
    // `</script>` inside a string must not end the element.
    serde_json::to_string(&v)
        .unwrap_or_default()
        .replace('<', "\\u003c")
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
        let authors: Vec<String> = meta_tags(&record, &config, None, "d")
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
        let ld: serde_json::Value =
            serde_json::from_str(&json_ld(&record, &config, None, "d")).expect("JSON");
        let types: Vec<&str> = ld["author"]
            .as_array()
            .expect("authors")
            .iter()
            .filter_map(|a| a["@type"].as_str())
            .collect();
        assert_eq!(types, ["Organization", "Person", "Person"]);
    }
}
