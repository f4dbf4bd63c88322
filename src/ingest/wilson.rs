//! Pages of the Wilson Center Digital Archive, and the fallback for any other text.
//!
//! Handles the web page (labelled or not), the older web page with its search chrome, and the PDF
//! export with page headers on every page and hard-wrapped paragraphs. The page is read in three
//! passes: drop chrome and split into labelled sections and blocks; read the head (date, title,
//! cable header); take the tail (distribution note, summary, rights) off the end of the text.

use std::sync::LazyLock;

use regex::Regex;

use super::body::{self, Block, Layout};
use super::text::Line;
use super::{citation, dates, fallback, layout, notes, parties, Draft, Normalized, Reason};
use crate::record::{Kind, Transmission};

/// Lines that are the website's or the PDF's, never the document's.
const CHROME: &[&str] = &[
    "skip to content",
    "skip to main content",
    "search in",
    "add search filter",
    "citation share download",
    "view document in",
    "view document in english html",
    "digital archive",
    "international history declassified",
    "digitalarchive.wilsoncenter.org",
    "wilson center digital archive",
    "history and public policy program digital archive",
    "wilson center",
    "menu",
    "home",
    "search",
    "browse",
    "back to top",
    "main navigation",
    "log in",
    "donate",
    "subscribe",
];

/// Website buttons in capitals; `Citation` in ordinary case is a label, `CITATION` a button.
const CHROME_BUTTONS: &[&str] = &[
    "CITATION", "SHARE", "DOWNLOAD", "PRINT", "EMAIL", "HTML", "PDF",
];

static CHROME_PATTERN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:[A-Z][a-z]+ (?:HTML|PDF)|Page \d+(?: of \d+)?|- ?\d+ ?-|view document in .*(?:html|pdf))$")
        .expect("valid regex")
});

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Label {
    Citation,
    Summary,
    Credits,
    OriginalLanguage,
    Contents,
    Rights,
    Source,
    DocumentInformation,
    People,
    Places,
    Topics,
    Title,
    Date,
    RecordId,
    Url,
    UploadedDate,
    OriginalArchive,
}

const LABELS: &[(&str, Label)] = &[
    ("citation", Label::Citation),
    ("summary", Label::Summary),
    ("abstract", Label::Summary),
    ("description", Label::Summary),
    ("credits", Label::Credits),
    ("original language", Label::OriginalLanguage),
    ("original languages", Label::OriginalLanguage),
    ("contents", Label::Contents),
    ("rights", Label::Rights),
    ("source", Label::Source),
    ("document information", Label::DocumentInformation),
    ("associated people", Label::People),
    ("associated people & organizations", Label::People),
    ("associated people and organizations", Label::People),
    ("people", Label::People),
    ("associated places", Label::Places),
    ("places", Label::Places),
    ("associated topics", Label::Topics),
    ("subjects discussed", Label::Topics),
    ("topics", Label::Topics),
    ("keywords", Label::Topics),
    ("tags", Label::Topics),
    ("title", Label::Title),
    ("date", Label::Date),
    ("record id", Label::RecordId),
    ("url", Label::Url),
    ("original uploaded date", Label::UploadedDate),
    ("original archive", Label::OriginalArchive),
];

/// A section label on its own line (`Summary`, `Summary:`) or with its value (`Summary: ...`).
fn label(line: &str) -> Option<(Label, Option<&str>)> {
    let (head, value) = match line.split_once(':') {
        Some((h, v)) => (h, Some(v.trim())),
        None => (line, None),
    };
    let head = head.trim().to_lowercase();
    let found = LABELS.iter().find(|(name, _)| *name == head)?.1;
    // `Date`, `Title`, `Source` and `Url` are common words: alone on a line they need a colon.
    if value.is_none() && matches!(found, Label::Date | Label::Title | Label::Url) {
        return None;
    }
    Some((found, value.filter(|v| !v.is_empty())))
}

/// What the first pass makes of the page.
#[derive(Debug)]
enum Item {
    Label {
        label: Label,
        value: Option<String>,
        line: usize,
        text: String,
    },
    Block(Block),
}

static URL_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^<?(https?://[^\s<>]+?)>?\.?$").expect("valid regex"));
static CREDIT_SENTENCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^This (?:document|record|translation) (?:was|is) made possible (?:with|by|through) (?:the )?(?:generous )?support (?:from|of) (?:the )?(.+?)\.?$")
        .expect("valid regex")
});
static TRANSMIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:Transmitting|Transmitted|Sent|Dispatched)\s+(?:from|at|in)\s+(.+?)(?:\s+(?:Received|Arrived)\s+(?:in|at|by)\s+(.+))?$")
        .expect("valid regex")
});
static RECEIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:Received|Arrived)\s+(?:in|at|by)\s+(.+)$").expect("valid regex")
});
static TO_FROM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^To\s+(.+?)\s+[Ff]rom\s+(.+?)\.?$").expect("valid regex"));
static FROM_TO: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^From\s+(.+?)\s+to\s+(.+?)\.?$").expect("valid regex"));
static HEADER_FIELD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(From|To|Addressee|Sender|Re|Subject|Subj|Cc|Copy to|Copies to)\s*[:.]\s*(.+)$",
    )
    .expect("valid regex")
});
static DISTRIBUTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:(?:The|This) (?:cable|telegram|message|report|document) (?:has been|was|is being|will be) (?:transferred|forwarded|sent|repeated|passed|relayed|copied)|(?:Repeated|Forwarded|Transferred|Sent|Copies sent|Copy sent|Passed) to\b|Distribution:|Please pass\b)")
        .expect("valid regex")
});
static RIGHTS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)welcomes reuse|copyright|rights holders?|rights status|permission (?:to reproduce|for commercial)|all rights reserved|public domain")
        .expect("valid regex")
});
static MANGLED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\[\s*email\s*protected\s*\]|email protected").expect("valid regex")
});
static CITATION_LIKE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"^["“][^"”]{3,}["”],?\s+(?:\w+\.?\s+\d{1,2},\s+\d{4}|\d{4})|(?i)\b(?:obtained (?:and translated )?for|translated for|digital archive,)"#)
        .expect("valid regex")
});
static CONTENTS_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:(\p{L}+)\s*[-–—:]?\s*)?(translation|transcript|original scan|original|scan|transcription)(?:\s*[-–—:]?\s*(?:in\s+)?(\p{L}+))?$")
        .expect("valid regex")
});

pub fn parse(lines: &[Line]) -> Normalized {
    let mut d = Draft::default();
    let lines = layout::join_centred(layout::unflatten(lines.to_vec()));
    let items = first_pass(&lines, &mut d);
    let mut remaining = assign_labels(items, &mut d);
    take_standalone(&mut remaining, &mut d);
    read_head(&mut remaining, &mut d);
    let body_blocks = take_tail(remaining, &mut d);
    finish(body_blocks, &mut d);
    d.finish()
}

/// Drops chrome, finds labels, groups the rest into blocks. A paragraph that runs on over a page
/// break (page header, form feed) stays one block.
fn first_pass(lines: &[Line], d: &mut Draft) -> Vec<Item> {
    let mut items = Vec::new();
    let mut block = Block::default();
    let mut page_break = false;
    // After `VIEW DOCUMENT IN` come the language and format buttons, one per line.
    let mut view_in = false;
    for line in lines {
        let text = line.text.as_str();
        if view_in && !text.is_empty() && !text.contains(' ') && text.len() <= 12 {
            d.consume(line.no, text, Reason::Chrome);
            continue;
        }
        if !text.is_empty() {
            view_in = text.eq_ignore_ascii_case("view document in");
        }
        if line.new_page {
            page_break = true;
        }
        if text.is_empty() {
            // Blank lines around a page header do not end a paragraph split by the page break.
            if !page_break && !block.lines.is_empty() {
                items.push(Item::Block(std::mem::take(&mut block)));
            }
            continue;
        }
        if is_chrome(text) {
            d.consume(line.no, text, Reason::Chrome);
            page_break |= is_page_header(text);
            continue;
        }
        if let Some((label, value)) = label(text) {
            if !block.lines.is_empty() {
                items.push(Item::Block(std::mem::take(&mut block)));
            }
            items.push(Item::Label {
                label,
                value: value.map(str::to_owned),
                line: line.no,
                text: text.to_owned(),
            });
            page_break = false;
            continue;
        }
        if page_break {
            let continues = block
                .lines
                .last()
                .is_some_and(|(_, prev)| runs_on(prev, text));
            if !continues && !block.lines.is_empty() {
                items.push(Item::Block(std::mem::take(&mut block)));
            }
            page_break = false;
        }
        block.lines.push((line.no, text.to_owned()));
    }
    if !block.lines.is_empty() {
        items.push(Item::Block(block));
    }
    // The blank-line rule above keeps blocks open across page breaks; close ones that a blank
    // line should have ended but that were held open only because a header followed.
    split_held_blocks(items, lines)
}

/// Blocks held open over a page break that did not continue a sentence are split at the blank
/// line that ended them.
fn split_held_blocks(items: Vec<Item>, lines: &[Line]) -> Vec<Item> {
    let blank_before: std::collections::HashSet<usize> = lines
        .windows(2)
        .filter(|w| w[0].text.is_empty() && !w[1].text.is_empty())
        .map(|w| w[1].no)
        .collect();
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        let Item::Block(block) = item else {
            out.push(item);
            continue;
        };
        let mut current = Block::default();
        for (no, text) in block.lines {
            let joins = current
                .lines
                .last()
                .is_some_and(|(_, prev)| runs_on(prev, &text));
            if !current.lines.is_empty() && blank_before.contains(&no) && !joins {
                out.push(Item::Block(std::mem::take(&mut current)));
            }
            current.lines.push((no, text));
        }
        if !current.lines.is_empty() {
            out.push(Item::Block(current));
        }
    }
    out
}

/// Whether `next`, after a page break, continues the paragraph that `prev` ended the page with:
/// `prev` is a full line (wrapped, not a heading) that does not end a sentence, and `next` does
/// not start a numbered paragraph.
fn runs_on(prev: &str, next: &str) -> bool {
    let full = prev.chars().count() >= 60;
    (full || next.chars().next().is_some_and(char::is_lowercase))
        && !body::ends_sentence(prev)
        && !body::starts_numbered(next)
}

fn is_chrome(text: &str) -> bool {
    let lower = text.to_lowercase();
    layout::only_header(text)
        || CHROME.contains(&lower.as_str())
        || CHROME_BUTTONS.contains(&text)
        || CHROME_PATTERN.is_match(text)
}

fn is_page_header(text: &str) -> bool {
    layout::only_header(text)
        || matches!(
            text.to_lowercase().as_str(),
            "digital archive"
                | "international history declassified"
                | "digitalarchive.wilsoncenter.org"
        )
        || CHROME_PATTERN.is_match(text)
}

/// Gives each label its value (the block after it) and returns the blocks no label took.
fn assign_labels(items: Vec<Item>, d: &mut Draft) -> Vec<Block> {
    let mut remaining = Vec::new();
    let mut items = items.into_iter().peekable();
    let mut after_document_information = false;
    while let Some(item) = items.next() {
        let (label, value, line, text) = match item {
            Item::Block(b) => {
                if after_document_information && !RIGHTS.is_match(&b.joined()) {
                    after_document_information = false;
                    d.consume(b.first_no(), "", Reason::Label);
                    set_citation(d, b.first_no(), b.joined());
                    continue;
                }
                after_document_information = false;
                remaining.push(b);
                continue;
            }
            Item::Label {
                label,
                value,
                line,
                text,
            } => (label, value, line, text),
        };
        d.consume(line, text, Reason::Label);
        after_document_information = label == Label::DocumentInformation;
        if label == Label::DocumentInformation {
            continue;
        }
        let mut values: Vec<(usize, String)> = Vec::new();
        if let Some(v) = value {
            values.push((line, v));
        } else {
            while let Some(Item::Block(next)) = items.peek() {
                if !takes(label, next, values.len()) {
                    break;
                }
                let Some(Item::Block(next)) = items.next() else {
                    break;
                };
                if is_list(label) {
                    values.extend(next.lines);
                } else {
                    values.push((next.first_no(), next.joined()));
                }
            }
        }
        for (no, value) in values {
            set_label_value(d, label, no, value);
        }
    }
    remaining
}

fn is_list(label: Label) -> bool {
    matches!(label, Label::People | Label::Places | Label::Topics)
}

/// Whether the block after a label is (part of) its value.
fn takes(label: Label, next: &Block, taken: usize) -> bool {
    let joined = next.joined();
    let single_url = next.lines.len() == 1 && URL_LINE.is_match(&next.lines[0].1);
    match label {
        _ if is_list(label) => next.lines.iter().all(|(_, l)| {
            l.chars().count() <= 80 && !l.ends_with('.') && l.split_whitespace().count() <= 10
        }),
        Label::Citation | Label::Source => taken == 0 || (taken == 1 && single_url),
        Label::Contents => {
            taken == 0
                && next.lines.iter().all(|(_, l)| {
                    CONTENTS_LINE.is_match(l) || layout::contents_entries(l, false).len() > 1
                })
        }
        Label::OriginalLanguage => {
            taken == 0
                && next
                    .lines
                    .iter()
                    .all(|(_, l)| l.split_whitespace().count() <= 4)
        }
        Label::Rights => taken == 0 || RIGHTS.is_match(&joined) || MANGLED.is_match(&joined),
        // An id is one token with a digit in it (the funder's name after an empty `Record ID`
        // is not an id); dates and URLs are short and carry digits too.
        Label::RecordId => {
            taken == 0 && next.lines.len() == 1 && {
                let v = &next.lines[0].1;
                !v.contains(' ') && v.chars().any(|c| c.is_ascii_digit())
            }
        }
        Label::UploadedDate | Label::Url | Label::Date => {
            taken == 0
                && next.lines.len() == 1
                && next.lines[0].1.split_whitespace().count() <= 6
                && next.lines[0].1.chars().any(|c| c.is_ascii_digit())
        }
        _ => taken == 0,
    }
}

fn set_once(
    d: &mut Draft,
    field: &'static str,
    no: usize,
    slot_value: String,
    get: fn(&mut Draft) -> &mut Option<String>,
) {
    let slot = get(d);
    match slot {
        None => *slot = Some(slot_value),
        Some(existing) if *existing == slot_value => d.consume(no, slot_value, Reason::Repeated),
        Some(_) => {
            d.warn(
                no,
                format!("a second `{field}` section; kept the first one"),
            );
            d.consume(no, slot_value, Reason::Superseded);
        }
    }
}

fn set_citation(d: &mut Draft, no: usize, text: String) {
    if let Some(url) = URL_LINE.captures(&text).map(|c| c[1].to_owned()) {
        set_url(d, no, url);
        return;
    }
    // The PDF export puts the URL on the line right after the citation.
    if let Some((citation, last)) = text.rsplit_once(' ') {
        if let Some(url) = URL_LINE.captures(last).map(|c| c[1].to_owned()) {
            set_url(d, no, url);
            set_once(d, "citation", no, citation.to_owned(), |d| {
                &mut d.record.source.citation
            });
            return;
        }
    }
    set_once(d, "citation", no, text, |d| &mut d.record.source.citation);
}

fn set_url(d: &mut Draft, no: usize, url: String) {
    set_once(d, "url", no, url, |d| &mut d.record.source.url);
}

fn set_label_value(d: &mut Draft, label: Label, no: usize, value: String) {
    match label {
        Label::Citation | Label::Source => set_citation(d, no, value),
        Label::Summary => set_once(d, "summary", no, value, |d| &mut d.record.summary),
        Label::Credits => {
            d.consume(no, value.clone(), Reason::Structured("credits"));
            add_credit(d, &value);
        }
        Label::OriginalLanguage => set_once(d, "original_language", no, value, |d| {
            &mut d.record.original_language
        }),
        Label::Contents => read_contents(d, no, &value),
        Label::Rights => add_rights(d, no, &value),
        Label::People => push_unique(&mut d.record.people, value),
        Label::Places => push_unique(&mut d.record.places, value),
        Label::Topics => push_unique(&mut d.record.topics, value),
        Label::Title => {
            if d.record.title.is_empty() {
                d.record.title = value;
            } else {
                d.warn(no, "a second title; kept the first one");
                d.consume(no, value, Reason::Superseded);
            }
        }
        Label::Date => match dates::parse_whole(&value) {
            Some(date) if d.record.date.is_none() => {
                d.record.date = Some(date);
                d.consume(no, value, Reason::Structured("date"));
            }
            _ => {
                d.warn(no, format!("could not read the date `{value}`"));
                d.consume(no, value, Reason::Superseded);
            }
        },
        Label::RecordId => set_once(d, "record_id", no, value, |d| {
            &mut d.record.source.record_id
        }),
        Label::Url => set_url(d, no, value),
        Label::UploadedDate => d.consume(no, value, Reason::ArchiveMetadata),
        Label::OriginalArchive => {
            set_once(d, "archive", no, value, |d| &mut d.record.source.archive)
        }
        Label::DocumentInformation => {}
    }
}

fn push_unique(list: &mut Vec<String>, value: String) {
    for item in value.split(';').map(str::trim).filter(|s| !s.is_empty()) {
        if !list.iter().any(|v| v == item) {
            list.push(item.to_owned());
        }
    }
}

fn add_credit(d: &mut Draft, value: &str) {
    let value = CREDIT_SENTENCE
        .captures(value)
        .map_or(value.to_owned(), |c| c[1].to_owned());
    let value = value.trim().trim_end_matches('.');
    let value = value.strip_prefix("the ").unwrap_or(value);
    // Several funders are separated by semicolons or commas; `and` may join one funder's name.
    let parts: Vec<&str> = if value.contains(';') {
        value.split(';').collect()
    } else {
        value.split(", ").collect()
    };
    for part in parts {
        let part = part.trim().trim_start_matches("and ").trim();
        let part = part.strip_prefix("the ").unwrap_or(part);
        if !part.is_empty() && !d.record.credits.iter().any(|c| c == part) {
            d.record.credits.push(part.to_owned());
        }
    }
}

fn add_rights(d: &mut Draft, no: usize, value: &str) {
    let mut kept = Vec::new();
    for sentence in sentences(value) {
        if MANGLED.is_match(sentence) {
            d.consume(no, sentence, Reason::MangledContact);
        } else {
            kept.push(sentence);
        }
    }
    if kept.is_empty() {
        return;
    }
    let kept = kept.join(" ");
    d.record.rights = Some(match d.record.rights.take() {
        Some(existing) => format!("{existing} {kept}"),
        None => kept,
    });
}

/// Splits text after `.`, `!` or `?` followed by a space and a capital letter.
fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes: Vec<(usize, char)> = text.char_indices().collect();
    for i in 0..bytes.len().saturating_sub(2) {
        let (at, c) = bytes[i];
        if matches!(c, '.' | '!' | '?') && bytes[i + 1].1 == ' ' && bytes[i + 2].1.is_uppercase() {
            out.push(text[start..=at].trim());
            start = bytes[i + 1].0;
        }
    }
    let last = text[start..].trim();
    if !last.is_empty() {
        out.push(last);
    }
    out
}

fn read_contents(d: &mut Draft, no: usize, value: &str) {
    for part in value
        .split([';', '\n'])
        .flat_map(|p| p.split(", "))
        .flat_map(|p| layout::contents_entries(p, CONTENTS_LINE.is_match(p.trim())))
    {
        let Some(c) = CONTENTS_LINE.captures(part.trim()) else {
            d.warn(no, format!("could not read the contents entry `{part}`"));
            d.consume(no, part, Reason::Superseded);
            continue;
        };
        let kind = c[2].to_lowercase();
        let language = c.get(1).or(c.get(3)).map(|m| m.as_str().to_owned());
        d.consume(no, part, Reason::Structured("language"));
        if kind == "translation" {
            d.record.translation = Some(true);
            if d.record.language.is_none() {
                d.record.language = language;
            }
        } else if kind.starts_with("transcript") && d.record.language.is_none() {
            d.record.language = language;
        }
    }
}

/// Blocks that are recognisable wherever they stand: the document URL, the funders' sentence,
/// the rights statement, the archive citation, the mangled contact line.
fn take_standalone(blocks: &mut Vec<Block>, d: &mut Draft) {
    blocks.retain(|b| {
        let joined = b.joined();
        let no = b.first_no();
        if b.lines.len() == 1 {
            if let Some(c) = URL_LINE.captures(&joined) {
                if d.record.source.url.is_none() {
                    d.record.source.url = Some(c[1].to_owned());
                    return false;
                }
            }
        }
        if CREDIT_SENTENCE.is_match(&joined) {
            d.consume(no, joined.clone(), Reason::Structured("credits"));
            add_credit(d, &joined);
            return false;
        }
        if RIGHTS.is_match(&joined)
            && (joined.contains("Digital Archive") || joined.contains("rights holder"))
        {
            add_rights(d, no, &joined);
            return false;
        }
        if MANGLED.is_match(&joined) {
            add_rights(d, no, &joined);
            return false;
        }
        if d.record.source.citation.is_none()
            && CITATION_LIKE.is_match(&joined)
            && b.lines.len() <= 4
        {
            set_citation(d, no, joined);
            return false;
        }
        true
    });
}

/// Reads date, title and cable header from the first blocks and removes what they took; the
/// rest is the text. Head lines inside a block are taken line by line.
fn read_head(blocks: &mut Vec<Block>, d: &mut Draft) {
    let mut taken = 0;
    for block in blocks.iter_mut() {
        layout::join_wrapped_header(&mut block.lines);
        let used = block
            .lines
            .iter()
            .take_while(|(no, line)| read_head_line(*no, line, d))
            .count();
        if used < block.lines.len() {
            block.lines.drain(..used);
            break;
        }
        taken += 1;
    }
    blocks.drain(..taken);
}

/// Reads one line of the head; false when the line belongs to the text.
fn read_head_line(no: usize, line: &str, d: &mut Draft) -> bool {
    if let Some(c) = TRANSMIT.captures(line) {
        d.record.transmitted = Some(read_transmission(d, no, &c[1]));
        if let Some(received) = c.get(2) {
            d.record.received = Some(read_transmission(d, no, received.as_str()));
        }
        d.consume(no, line, Reason::Structured("transmitted"));
        return true;
    }
    if let Some(c) = RECEIVE.captures(line) {
        d.record.received = Some(read_transmission(d, no, &c[1]));
        d.consume(no, line, Reason::Structured("received"));
        return true;
    }
    let r = &mut d.record;
    if let Some(c) = HEADER_FIELD.captures(line) {
        let value = c[2].trim();
        match c[1].to_lowercase().as_str() {
            "from" | "sender" => r.from.extend(parties::parties(value)),
            "to" | "addressee" | "cc" | "copy to" | "copies to" => {
                r.to.extend(parties::parties(value))
            }
            _ => {
                if r.subject.is_none() {
                    r.subject = Some(value.to_owned());
                } else {
                    return false;
                }
            }
        }
        d.consume(no, line, Reason::Structured("header"));
        return true;
    }
    let short = line.chars().count() <= 200 && !line.ends_with('.');
    if short && r.to.is_empty() && r.from.is_empty() {
        let found = TO_FROM
            .captures(line)
            .map(|c| (c[1].to_owned(), c[2].to_owned()))
            .or_else(|| {
                FROM_TO
                    .captures(line)
                    .map(|c| (c[2].to_owned(), c[1].to_owned()))
            });
        if let Some((to, from)) = found {
            if !r.title.is_empty() || r.date.is_some() || r.transmitted.is_some() {
                r.to = parties::parties(&to);
                r.from = parties::parties(&from);
                d.consume(no, line, Reason::Structured("from/to"));
                return true;
            }
        }
    }
    if r.date.is_none() {
        if let Some(date) = dates::parse_whole(line) {
            r.date = Some(date);
            d.consume(no, line, Reason::Structured("date"));
            return true;
        }
        if r.title.is_empty() {
            if let Some((date, rest)) = dates::parse_leading(line) {
                let rest = rest.trim_start_matches([',', ' ', '-', '–', ':']);
                if rest.chars().next().is_some_and(char::is_uppercase)
                    && rest.chars().count() <= 250
                {
                    r.date = Some(date);
                    r.title = rest.to_owned();
                    d.consume(no, line.trim_end_matches(rest), Reason::Structured("date"));
                    return true;
                }
            }
            // `Cable from … to Tokyo, November 28, 1962`: the title with its date after it.
            if let Some(found) = dates::find_day(line, &mut Vec::new()) {
                let title = line[..found.start].trim_end_matches([',', ' ', '-', '–', ':']);
                let whole = line[found.end..].trim_matches(['.', ' ']).is_empty();
                // Not a sentence that ends with a date (`In a cable dated November 28, 1962`).
                let apart = line[..found.start].trim_end().ends_with(',')
                    || title
                        .rsplit(' ')
                        .next()
                        .is_some_and(|w| w.chars().next().is_some_and(char::is_uppercase));
                if whole && apart && title.split_whitespace().count() >= 2 && short {
                    r.date = Some(found.date);
                    r.title = title.to_owned();
                    d.consume(no, &line[found.start..], Reason::Structured("date"));
                    return true;
                }
            }
        }
    }
    if super::fallback::head_line(no, line, d) {
        return true;
    }
    let r = &mut d.record;
    if r.title.is_empty() && short && !body::starts_numbered(line) && line.chars().count() <= 250 {
        r.title = line.to_owned();
        return true;
    }
    false
}

/// Reads `Havana 11/28/1962 11:00`, warning about impossible dates and times without a date.
fn read_transmission(d: &mut Draft, no: usize, text: &str) -> Transmission {
    let mut rejected = Vec::new();
    let t = transmission(text, &mut rejected);
    for r in rejected {
        d.warn(no, format!("not a calendar date, ignored: {r}"));
    }
    if t.at.is_none() && dates::find_time(text).is_some() {
        d.warn(
            no,
            "the cable header gives a time without a date; the time is left out",
        );
    }
    t
}

/// `Havana 11/28/1962 11:00` → place and local date-time.
fn transmission(text: &str, rejected: &mut Vec<String>) -> Transmission {
    let text = text.trim().trim_end_matches('.');
    match dates::find_date_time(text, rejected) {
        Some((found, at)) => {
            let place = text[..found.start]
                .trim()
                .trim_end_matches([',', ' '])
                .trim_end_matches(" on")
                .trim();
            // A date without a time gives no `at`: the schema's `at` is a date-time.
            Transmission {
                place: (!place.is_empty()).then(|| place.to_owned()),
                at,
            }
        }
        None => {
            // A time without a date still names the place.
            let place = match dates::find_time(text) {
                Some((_, _, start, _)) => text[..start].trim(),
                None => text,
            };
            let place = place
                .trim_end_matches([',', ' '])
                .trim_end_matches(" at")
                .trim();
            Transmission {
                place: (!place.is_empty()).then(|| place.to_owned()),
                at: None,
            }
        }
    }
}

/// Takes the distribution note and an unlabelled summary off the end of the text.
fn take_tail(mut blocks: Vec<Block>, d: &mut Draft) -> Vec<Block> {
    // The funder's name repeated alone at the very end of a page.
    while let Some(last) = blocks.last() {
        let joined = last.joined();
        if d.record.credits.contains(&joined) {
            d.consume(last.first_no(), joined, Reason::Repeated);
            blocks.pop();
        } else {
            break;
        }
    }
    let n = blocks.len();
    let is_dist =
        |b: &Block| DISTRIBUTION.is_match(&b.joined()) && !body::starts_numbered(&b.lines[0].1);
    if n >= 1 && is_dist(&blocks[n - 1]) {
        let b = blocks.pop().expect("non-empty");
        d.record.distribution = Some(b.joined());
    } else if n >= 2
        && is_dist(&blocks[n - 2])
        && d.record.summary.is_none()
        && !body::starts_numbered(&blocks[n - 1].lines[0].1)
    {
        let summary = blocks.pop().expect("non-empty");
        let dist = blocks.pop().expect("non-empty");
        d.record.summary = Some(summary.joined());
        d.record.distribution = Some(dist.joined());
    }
    blocks
}

fn finish(blocks: Vec<Block>, d: &mut Draft) {
    let cited = d.record.source.citation.as_deref().map(citation::parse);
    if let Some(cited) = &cited {
        let s = &mut d.record.source;
        let c = &cited.source;
        s.publisher = s.publisher.take().or_else(|| c.publisher.clone());
        s.archive = s.archive.take().or_else(|| c.archive.clone());
        s.collection = s.collection.take().or_else(|| c.collection.clone());
        s.archive_place = s.archive_place.take().or_else(|| c.archive_place.clone());
        s.translator = s.translator.take().or_else(|| c.translator.clone());
        s.obtained_for = s.obtained_for.take().or_else(|| c.obtained_for.clone());
    }
    if let Some(url) = &d.record.source.url {
        if d.record.source.record_id.is_none() {
            d.record.source.record_id = record_id_from_url(url);
        }
    }

    // Title: the page's title line; the citation's when the page only shouts it in capitals.
    let cited_title = cited.as_ref().and_then(|c| c.title.clone());
    let r = &mut d.record;
    let shouting = !r.title.is_empty() && !r.title.chars().any(char::is_lowercase);
    if let Some(t) = cited_title {
        if r.title.is_empty() || shouting {
            r.title = t;
        }
    }
    if r.date.is_none() {
        r.date = cited.as_ref().and_then(|c| c.date).or_else(|| {
            r.transmitted
                .as_ref()
                .and_then(|t| t.at)
                .map(|at| crate::record::PartialDate::Day(at.date()))
        });
    }
    if r.kind.is_none() {
        r.kind = super::kind_from_title(&r.title)
            .or_else(|| (r.transmitted.is_some() || r.received.is_some()).then_some(Kind::Cable));
    }

    let mut paragraphs = body::paragraphs(blocks);
    let notes = fallback::finish(&mut paragraphs, d);
    let r = &mut d.record;
    let recognised = r.source.citation.is_some()
        || r.transmitted.is_some()
        || r.summary.is_some()
        || !r.to.is_empty();
    if r.title.is_empty() {
        let first = paragraphs
            .first()
            .and_then(|p| p.lines.first())
            .map(|l| (l.0, l.1.clone()));
        if let Some((no, line)) = first {
            let words: Vec<&str> = line.split_whitespace().collect();
            if words.len() <= 12 && line.chars().count() <= 120 {
                d.record.title = line.clone();
                paragraphs[0].lines.remove(0);
                if paragraphs[0].lines.is_empty() {
                    paragraphs.remove(0);
                }
            } else {
                d.record.title = format!("{} …", words[..12.min(words.len())].join(" "));
            }
            d.warn(
                no,
                "no title line found; took the title from the first line of the text",
            );
        }
    }
    let r = &mut d.record;
    if r.kind.is_none() {
        r.kind = Some(Kind::Document);
    }
    if !recognised {
        d.warn(
            1,
            "not recognised as an archive page: no citation, summary, or cable header found",
        );
    }
    if d.record.date.is_none() {
        d.warn(1, "no date found: the record goes to the undated group");
    }
    let layout = Layout {
        wrap_width: body::wrap_width(&paragraphs),
    };
    d.record.body = notes::attach(&body::markdown(&paragraphs, layout), &notes, &[], &[]);
}

/// The archive's record id: the last segment of the document URL's path.
pub fn record_id_from_url(url: &str) -> Option<String> {
    let without_query = url.split(['?', '#']).next()?;
    let path = without_query
        .split_once("://")
        .map_or(without_query, |(_, rest)| rest);
    let (_, path) = path.split_once('/')?;
    let last = path.trim_end_matches('/').rsplit('/').next()?;
    (!last.is_empty()).then(|| last.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_ids() {
        assert_eq!(
            record_id_from_url("https://digitalarchive.wilsoncenter.org/document/115059")
                .as_deref(),
            Some("115059")
        );
        assert_eq!(
            record_id_from_url("https://x.org/document/115059/?q=1").as_deref(),
            Some("115059")
        );
        assert_eq!(record_id_from_url("https://x.org/").as_deref(), None);
    }

    #[test]
    fn sentences_split_before_capitals() {
        assert_eq!(sentences("One. Two x. three"), vec!["One.", "Two x. three"]);
    }
}
