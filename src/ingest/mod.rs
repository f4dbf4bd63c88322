//! The normalizer: a raw page of text → a [`Record`], with warnings and an account of every
//! piece of text it did not copy into the record verbatim.
//!
//! Three source shapes are recognised: pages of the Wilson Center Digital Archive (web page,
//! older web page, PDF export and flattened layouts; also the fallback for anything else),
//! documents of the *Foreign Relations of the United States* series, and documents of
//! *Documents on Australian Foreign Policy*. All read the same cleaned lines.

pub mod body;
mod cable;
mod citation;
mod dateline;
mod dates;
mod dfat;
mod fallback;
mod frus;
mod heading;
mod layout;
mod notes;
mod parties;
mod text;
mod wilson;

use sha2::{Digest, Sha256};

use crate::record::{Provenance, Record};

pub use text::Unreadable;

/// A record made from raw text.
#[derive(Debug, Clone, PartialEq)]
pub struct Normalized {
    pub record: Record,
    /// What was not found or had to be guessed at, for the curator.
    pub warnings: Vec<Note>,
    /// Text that did not go into the record as written, and why: page chrome, labels, or text
    /// that became a structured value such as a date.
    pub consumed: Vec<Consumed>,
}

/// A message about a line of the raw file (line 0: the whole file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    pub line: usize,
    pub message: String,
}

/// A piece of raw text left out of the record's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Consumed {
    pub line: usize,
    pub text: String,
    pub reason: Reason,
}

/// Why text was left out of the record's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    /// Website navigation, page headers and footers.
    Chrome,
    /// A section label such as `Citation:`.
    Label,
    /// Turned into a structured value (a date, a cable header); the field holds it.
    Structured(&'static str),
    /// The same text again (the funder's name repeated at the end of a page).
    Repeated,
    /// A second, different value for a section that was already read; a warning says so.
    Superseded,
    /// The archive's contact sentence with an e-mail address mangled by the website.
    MangledContact,
    /// Website metadata about the archive's copy that the record schema has no key for.
    ArchiveMetadata,
}

/// Options for one normalization.
#[derive(Debug, Clone, Default)]
pub struct IngestOptions {
    /// The file's path relative to the site root, recorded in `[provenance]`.
    pub provenance_path: Option<String>,
}

/// Normalizes one raw file. Fails only when the bytes are not text or hold no text at all.
pub fn normalize(bytes: &[u8], options: &IngestOptions) -> Result<Normalized, Unreadable> {
    let (text, decode_note) = text::decode(bytes)?;
    let lines = text::lines(&text);
    if lines.iter().all(|l| l.text.is_empty()) {
        return Err(Unreadable::Empty);
    }
    let mut out = if frus::recognises(&lines) {
        frus::parse(&lines)
    } else if dfat::recognises(&lines) {
        dfat::parse(&lines)
    } else {
        wilson::parse(&lines)
    };
    if let Some(message) = decode_note {
        out.warnings.insert(0, Note { line: 0, message });
    }
    if out.record.title.trim().is_empty() {
        // Everything was chrome or labels: name the record after its file so it can be found.
        let stem = options.provenance_path.as_deref().and_then(|p| {
            std::path::Path::new(p)
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
        });
        out.record.title = stem.unwrap_or_else(|| "Untitled".to_owned());
        out.warnings.push(Note {
            line: 0,
            message: "no title and no text found: named the record after its file".into(),
        });
    }
    // A field read from nothing (an archive name that was all punctuation) is left out.
    crate::record::clear_empty_strings(&mut out.record);
    out.record.fill_identity();
    if let Some(file) = &options.provenance_path {
        out.record.provenance = Some(Provenance {
            file: file.clone(),
            sha256: sha256_hex(bytes),
        });
    }
    Ok(out)
}

/// The SHA-256 of the raw bytes, as lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Collects a record's pieces as a parser finds them.
#[derive(Debug, Default)]
struct Draft {
    record: Record,
    warnings: Vec<Note>,
    consumed: Vec<Consumed>,
}

impl Draft {
    fn warn(&mut self, line: usize, message: impl Into<String>) {
        self.warnings.push(Note {
            line,
            message: message.into(),
        });
    }

    fn consume(&mut self, line: usize, text: impl Into<String>, reason: Reason) {
        self.consumed.push(Consumed {
            line,
            text: text.into(),
            reason,
        });
    }

    fn finish(self) -> Normalized {
        Normalized {
            record: self.record,
            warnings: self.warnings,
            consumed: self.consumed,
        }
    }
}

/// The record's kind from the words of its title: the first word that names a kind of document
/// (`Cable`, `Minute`, `Airgram`: [`dateline::kind_of_word`]) or a report of some sort.
fn kind_from_title(title: &str) -> Option<crate::record::Kind> {
    use crate::record::Kind;
    let lower = title.to_lowercase();
    if lower.contains("record of conversation") || lower.contains("records of conversation") {
        return dateline::kind_of_word("record of conversation");
    }
    lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .find_map(|w| {
            dateline::kind_of_word(w).or_else(|| {
                matches!(
                    w,
                    "report" | "record" | "transcript" | "estimate" | "paper" | "study"
                )
                .then_some(Kind::Report)
            })
        })
}
