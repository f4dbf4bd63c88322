//! Classroom handouts: each document as a page designed for paper first — a source line, a head
//! note, the text with its paragraph numbers (or an excerpt of it), a word bank, questions, and
//! the credits — with nothing of the website around it; and packets of several documents around
//! one question, with a cover sheet.

mod qr;
pub mod text;

use serde::Serialize;

use super::documents::page_url;
use crate::citation;
use crate::diagnostic::Diagnostic;
use crate::error::Error;
use crate::gazetteer::Gazetteer;
use crate::packets::Teaching;
use crate::record::{paragraph_numbers, Record};
use crate::site::model::Model;
use crate::site::output::OutputFile;
use crate::site::render::views::{date_display, shorten, Credits, Paths, Summary};
use crate::site::render::{markdown, render, Inputs};
use crate::site::route::{Route, Span};

/// Every handout and packet with the PDF it prints to (of a site that prints): a handout page, or
/// a document page where that is the handout.
pub fn printable<'a>(model: &'a Model, routes: &[Route<'a>]) -> Vec<(Route<'a>, Route<'a>)> {
    routes
        .iter()
        .filter_map(|r| match *r {
            Route::HandoutPdf(slug) => {
                let i = model.record(slug)?;
                Some((model.handout(&model.records[i], i), *r))
            }
            Route::PacketPdf(slug) => Some((Route::Packet(slug), *r)),
            _ => None,
        })
        .collect()
}

/// One document as printed, alone or in a packet.
#[derive(Serialize)]
struct Document {
    /// Its place in a packet (1, 2, …).
    number: Option<usize>,
    title: String,
    date: Option<String>,
    /// The archive's own citation, else the generated Chicago note (HTML).
    source_html: String,
    /// Whether only some paragraphs are printed.
    excerpt: bool,
    headnote: Option<String>,
    /// The text (or excerpt) as HTML, paragraph numbers kept, `[…]` where paragraphs are left
    /// out, and line numbers when asked for.
    text_html: String,
    line_numbers: bool,
    glossary: Vec<WordBankEntry>,
    questions: Vec<String>,
    /// One item per line to write on under each question.
    answer_lines: Vec<()>,
    /// The document's address on the site, to type or follow, and its QR code.
    url: Option<String>,
    qr_svg: Option<String>,
    /// The document's page on the site.
    page: String,
    credits: Credits,
}

#[derive(Serialize, Debug, PartialEq, Eq)]
struct WordBankEntry {
    term: String,
    meaning: String,
}

impl Document {
    fn new(inputs: &Inputs, teaching: &Teaching, paths: &Paths) -> Result<Document, Error> {
        let i = teaching.record;
        let r = &inputs.records[i];
        let settings = &inputs.config.handouts;
        let url = page_url(inputs, r);
        // The archive's own citation when it names the document; some give only the file.
        let source_html = match &r.source.citation {
            Some(c) if c.contains(r.title.as_str()) => crate::markup::escaped(c),
            // The address is printed on its own line below.
            _ => citation::styled(r, None).chicago,
        };
        let body = text::number_positions(&inputs.bodies.get(i)?);
        let spec = teaching.excerpt.as_deref().or(r.excerpt.as_deref());
        let selected = spec.and_then(paragraph_numbers);
        let text = match &selected {
            Some(numbers) => {
                let present = text::paragraphs(&body);
                if !numbers.iter().any(|n| present.contains(n)) {
                    let file = inputs.bodies.source(i);
                    let message = format!(
                        "the excerpt \"{}\" names no paragraph of `{}` (it has {})",
                        spec.unwrap_or_default(),
                        r.title,
                        describe(&present)
                    );
                    return Err(Diagnostic::error(file, message).into());
                }
                text::excerpt(&body, numbers)
            }
            None => body,
        };
        let elision = "<p class=\"elision\">[…]</p>";
        let mut text_html =
            markdown::to_html(&text).replace(&format!("<p>{}</p>", text::ELISION), elision);
        let line_numbers = teaching
            .line_numbers
            .or(r.line_numbers)
            .unwrap_or(settings.line_numbers);
        if line_numbers {
            text_html = text::number_lines(&text_html);
        }
        let questions = if teaching.questions.is_empty() {
            r.questions.clone()
        } else {
            teaching.questions.clone()
        };
        Ok(Document {
            number: None,
            title: r.title.clone(),
            date: r.date.as_ref().map(date_display),
            source_html,
            excerpt: selected.is_some(),
            headnote: (teaching.headnote.clone())
                .or_else(|| r.headnote.clone())
                .or_else(|| r.summary.clone()),
            text_html,
            line_numbers,
            glossary: word_bank(r, inputs.gazetteer, selected.is_some().then_some(&text)),
            questions,
            answer_lines: vec![(); settings.answer_lines],
            qr_svg: url
                .as_deref()
                .filter(|_| settings.qr_code)
                .and_then(qr::svg),
            url,
            page: paths.link(&Route::Document(r.slug())),
            credits: Credits::new(inputs.config, r),
        })
    }
}

/// `1–5` or `1–3, 7`: the paragraphs a document has, for an error message.
fn describe(numbers: &[u32]) -> String {
    match (numbers.first(), numbers.last()) {
        (Some(first), Some(last)) if numbers.len() as u32 == last - first + 1 => {
            format!("paragraphs {first}–{last}")
        }
        (Some(_), Some(_)) => format!(
            "paragraphs {}",
            numbers
                .iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ),
        _ => "no numbered paragraphs".into(),
    }
}

/// The people and places that the gazetteer describes — the record's, or for an excerpt those
/// named in the printed paragraphs, in order of mention — then the record's own glossary.
fn word_bank(r: &Record, gazetteer: &Gazetteer, excerpt: Option<&String>) -> Vec<WordBankEntry> {
    let (people, places) = match excerpt {
        Some(text) => (
            gazetteer.people.mentioned(text),
            gazetteer.places.mentioned(text),
        ),
        None => (r.people.clone(), r.places.clone()),
    };
    let people = people.into_iter().map(|n| (&gazetteer.people, n));
    let places = places.into_iter().map(|n| (&gazetteer.places, n));
    let described = people.chain(places).filter_map(|(register, name)| {
        let meaning = register.lookup(&name)?.description.clone()?;
        Some(WordBankEntry {
            term: name,
            meaning,
        })
    });
    let own = r.glossary.iter().map(|g| WordBankEntry {
        term: g.term.clone(),
        meaning: g.meaning.clone(),
    });
    described.chain(own).collect()
}

/// `text` as a CSS string: every character but letters, digits and spaces escaped, so that
/// nothing in a title can end the string or the `<style>` element.
fn css_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        if c.is_alphanumeric() || c == ' ' {
            out.push(c);
        } else {
            out.push_str(&format!("\\{:x} ", c as u32));
        }
    }
    out.push('"');
    out
}

/// What the page around the printed documents needs.
#[derive(Serialize)]
struct Print {
    /// The short title in every printed page's footer, as a CSS string.
    footer: String,
    /// The PDF of this handout, when the build prints them.
    pdf: Option<String>,
}

impl Print {
    fn new(inputs: &Inputs, title: &str, paths: &Paths, pdf: &Route) -> Print {
        Print {
            footer: css_string(&shorten(title, 70)),
            pdf: inputs.pdf.then(|| paths.link(pdf)),
        }
    }
}

#[derive(Serialize)]
struct HandoutPage {
    print: Print,
    document: Document,
}

/// `/handouts/<slug>/`: the document as a classroom handout.
pub fn handout(inputs: &Inputs, i: usize) -> Result<OutputFile, Error> {
    let r = &inputs.records[i];
    let route = Route::Handout(r.slug());
    let paths = Paths::of(&route);
    let teaching = Teaching {
        record: i,
        ..Teaching::default()
    };
    let page = HandoutPage {
        print: Print::new(inputs, &r.title, &paths, &Route::HandoutPdf(r.slug())),
        document: Document::new(inputs, &teaching, &paths)?,
    };
    render(inputs, "handout.html", &route, &paths, page)
}

#[derive(Serialize)]
struct PacketPage<'a> {
    print: Print,
    title: &'a str,
    question: Option<&'a str>,
    introduction: Option<&'a str>,
    closing_task: Option<&'a str>,
    /// `/handouts/`, relative to the packet.
    handouts: String,
    /// Lines to write the closing task on: twice a question's.
    answer_lines: Vec<()>,
    documents: Vec<Document>,
}

/// `/handouts/packets/<slug>/`: a cover sheet, then each document from a new page.
pub fn packet(inputs: &Inputs, n: usize) -> Result<OutputFile, Error> {
    let p = &inputs.packets[n];
    let route = Route::Packet(&p.slug);
    let paths = Paths::of(&route);
    let documents = p
        .documents
        .iter()
        .enumerate()
        .map(|(k, teaching)| {
            let mut d = Document::new(inputs, teaching, &paths)?;
            d.number = Some(k + 1);
            // Paragraph and footnote anchors, unique across the packet's documents.
            let prefix = format!("d{}-", k + 1);
            d.text_html = d
                .text_html
                .replace(" id=\"", &format!(" id=\"{prefix}"))
                .replace(" href=\"#", &format!(" href=\"#{prefix}"));
            Ok(d)
        })
        .collect::<Result<_, Error>>()?;
    let page = PacketPage {
        print: Print::new(inputs, &p.title, &paths, &Route::PacketPdf(&p.slug)),
        title: &p.title,
        question: p.question.as_deref(),
        introduction: p.introduction.as_deref(),
        closing_task: p.closing_task.as_deref(),
        handouts: paths.link(&Route::Handouts),
        answer_lines: vec![(); 2 * inputs.config.handouts.answer_lines],
        documents,
    };
    render(inputs, "packet.html", &route, &paths, page)
}

#[derive(Serialize)]
struct PacketLink {
    title: String,
    href: String,
    question: Option<String>,
    documents: usize,
    pdf: Option<String>,
}

#[derive(Serialize)]
struct HandoutsPage {
    packets: Vec<PacketLink>,
    /// The documents whose handouts are pages of their own.
    handouts: Vec<Summary>,
    /// Where every other document is found: its page prints as its handout.
    timeline: String,
}

/// `/handouts/`: the packets, then every document's handout in time order.
pub fn list(inputs: &Inputs) -> Result<OutputFile, Error> {
    let route = Route::Handouts;
    let paths = Paths::of(&route);
    let packets = inputs
        .packets
        .iter()
        .map(|p| PacketLink {
            title: p.title.clone(),
            href: paths.link(&Route::Packet(&p.slug)),
            question: p.question.clone(),
            documents: p.documents.len(),
            pdf: inputs.pdf.then(|| paths.link(&Route::PacketPdf(&p.slug))),
        })
        .collect();
    // Only the handouts that are pages of their own: every other document's page is its
    // handout, and the timeline lists those already.
    let handouts = inputs
        .records
        .iter()
        .enumerate()
        .filter(|(i, _)| inputs.model.own_handout(*i))
        .map(|(_, r)| {
            let mut s = Summary::brief(r, &paths);
            s.href = paths.link(&Route::Handout(r.slug()));
            s
        })
        .collect();
    let page = HandoutsPage {
        packets,
        handouts,
        timeline: paths.link(&Route::Timeline(Span::All, 1)),
    };
    render(inputs, "handouts.html", &route, &paths, page)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn css_strings_cannot_escape() {
        assert_eq!(css_string("A \"b\""), "\"A \\22 b\\22 \"");
        assert!(!css_string("</style><script>").contains('<'));
    }

    #[test]
    fn paragraphs_described_for_errors() {
        assert_eq!(describe(&[1, 2, 3]), "paragraphs 1–3");
        assert_eq!(describe(&[1, 2, 5]), "paragraphs 1, 2, 5");
        assert_eq!(describe(&[]), "no numbered paragraphs");
    }
}
