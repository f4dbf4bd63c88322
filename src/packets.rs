//! Teaching: the handout packets a teacher gathers around one question in `site.toml`, each
//! document found in the collection with what the packet sets for it; and which documents need
//! a handout page of their own. Plain data beside the catalogue, read by the model, the handout
//! pages and the PDF printer. Uses the record, the gazetteer and `config`.

use crate::config::HandoutSettings;
use crate::diagnostic::Diagnostic;
use crate::gazetteer::Gazetteer;
use crate::record::{Record, PATH_SLUG_MAX};
use std::sync::Arc;

/// Whether a document's handout adds to its page, and so is a page of its own: a head note,
/// questions, an excerpt, line numbers, or a word bank (its own glossary, or people and places
/// the gazetteer describes). Any other document's page prints as its handout (its print
/// stylesheet is the handout's design), so a large collection is not published twice.
pub fn own_handout(r: &Record, gazetteer: &Gazetteer, settings: &HandoutSettings) -> bool {
    let described = |register: &crate::gazetteer::Register, names: &[String]| {
        names
            .iter()
            .any(|n| register.lookup(n).is_some_and(|e| e.description.is_some()))
    };
    r.headnote.is_some()
        || !r.questions.is_empty()
        || r.excerpt.is_some()
        || r.line_numbers.unwrap_or(settings.line_numbers)
        || !r.glossary.is_empty()
        || described(&gazetteer.people, &r.people)
        || described(&gazetteer.places, &r.places)
}

/// A packet of `site.toml`, its documents found in the collection.
#[derive(Debug, Clone)]
pub struct Packet {
    pub slug: String,
    pub title: String,
    pub question: Option<String>,
    pub introduction: Option<String>,
    pub closing_task: Option<String>,
    pub documents: Vec<Teaching>,
}

/// How one document is taught: the record, and what a packet sets for it (winning over the
/// record's own teaching keys, since the teacher wrote it for this packet).
#[derive(Debug, Clone, Default)]
pub struct Teaching {
    pub record: usize,
    pub excerpt: Option<String>,
    pub headnote: Option<String>,
    pub questions: Vec<String>,
    pub line_numbers: Option<bool>,
}

/// The packets of `site.toml`, each document found by id or slug; an unknown one is an error at
/// its line.
pub fn packets(
    settings: &HandoutSettings,
    records: &[Arc<Record>],
) -> Result<Vec<Packet>, Diagnostic> {
    let mut packets: Vec<Packet> = Vec::new();
    for p in &settings.packets {
        let title = p.title.get_ref().clone();
        // A folder name: bounded and plain, whether written in `site.toml` or made from the title.
        let slug = crate::record::path_slug(p.slug.as_deref().unwrap_or(&title), PATH_SLUG_MAX);
        if packets.iter().any(|other| other.slug == slug) {
            return Err(Diagnostic::error(
                "site.toml",
                format!(
                    "two packets have the folder `handouts/packets/{slug}/`: give one a `slug`"
                ),
            ));
        }
        let documents = p
            .documents
            .iter()
            .map(|d| {
                let wanted = d.record.get_ref();
                let record = records
                    .iter()
                    .position(|r| r.id() == wanted || r.slug() == wanted)
                    .ok_or_else(|| {
                        let (line, column) = d.at;
                        let message =
                            format!("packet `{title}`: no record has the id or slug `{wanted}`");
                        Diagnostic::error("site.toml", message).at(line, column)
                    })?;
                Ok(Teaching {
                    record,
                    excerpt: d.excerpt.as_ref().map(|e| e.get_ref().clone()),
                    headnote: d.headnote.clone(),
                    questions: d.questions.clone(),
                    line_numbers: d.line_numbers,
                })
            })
            .collect::<Result<_, Diagnostic>>()?;
        packets.push(Packet {
            slug,
            title,
            question: p.question.clone(),
            introduction: p.introduction.clone(),
            closing_task: p.closing_task.clone(),
            documents,
        });
    }
    Ok(packets)
}
