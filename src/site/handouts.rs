//! Classroom handouts: each document as a page designed for paper first — a source line, a head
//! note, the text with its paragraph numbers (or an excerpt of it), a word bank, questions, and
//! the credits — with nothing of the website around it.

use serde::Serialize;

use super::markdown;
use crate::gazetteer::Gazetteer;
use crate::record::Record;

/// What a handout shows of one record (the page around it is the template's).
#[derive(Serialize)]
pub struct Handout {
    pub title: String,
    pub date: Option<String>,
    /// The archive's own citation, else the generated Chicago note (HTML).
    pub source_html: String,
    /// Whether only some paragraphs are printed.
    pub excerpt: bool,
    pub headnote: Option<String>,
    /// The text (or excerpt) as HTML, paragraph numbers kept, `[…]` where paragraphs are left out.
    pub text_html: String,
    pub glossary: Vec<WordBankEntry>,
    pub questions: Vec<String>,
}

#[derive(Serialize, Debug, PartialEq, Eq)]
pub struct WordBankEntry {
    pub term: String,
    pub meaning: String,
}

/// Where paragraphs were left out of an excerpt, replaced after rendering.
const ELISION: &str = "cablegram-elision-0f3a";

impl Handout {
    /// `source_html`: the citation to print, already HTML. `body`: the record's Markdown text.
    pub fn new(r: &Record, body: &str, source_html: String, gazetteer: &Gazetteer) -> Handout {
        let selected = r.excerpt.as_deref().and_then(parse_ranges);
        let text = match &selected {
            Some(numbers) => excerpt(body, numbers),
            None => body.to_owned(),
        };
        let elision = "<p class=\"elision\">[…]</p>";
        let text_html = markdown::to_html(&text).replace(&format!("<p>{ELISION}</p>"), elision);
        Handout {
            title: r.title.clone(),
            date: r.date.as_ref().map(super::views::date_display),
            source_html,
            excerpt: selected.is_some(),
            headnote: r.headnote.clone().or_else(|| r.summary.clone()),
            text_html,
            glossary: word_bank(r, gazetteer),
            questions: r.questions.clone(),
        }
    }
}

/// The people and places of the record that the gazetteer describes, then the record's own
/// glossary.
fn word_bank(r: &Record, gazetteer: &Gazetteer) -> Vec<WordBankEntry> {
    let people = r.people.iter().map(|n| (&gazetteer.people, n));
    let places = r.places.iter().map(|n| (&gazetteer.places, n));
    let described = people.chain(places).filter_map(|(register, name)| {
        let meaning = register.lookup(name)?.description.clone()?;
        Some(WordBankEntry {
            term: name.clone(),
            meaning,
        })
    });
    let own = r.glossary.iter().map(|g| WordBankEntry {
        term: g.term.clone(),
        meaning: g.meaning.clone(),
    });
    described.chain(own).collect()
}

/// `"1-2,4"` → the paragraph numbers 1, 2 and 4; `None` when it names none.
pub fn parse_ranges(spec: &str) -> Option<Vec<u32>> {
    let mut numbers = Vec::new();
    for part in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (from, to): (u32, u32) = match part.split_once(['-', '–']) {
            Some((a, b)) => (a.trim().parse().ok()?, b.trim().parse().ok()?),
            None => {
                let n = part.parse().ok()?;
                (n, n)
            }
        };
        if from > to || to - from > 10_000 {
            return None;
        }
        numbers.extend(from..=to);
    }
    numbers.sort_unstable();
    numbers.dedup();
    (!numbers.is_empty()).then_some(numbers)
}

/// The paragraphs of `body` with these numbers (the document's own numbers when it has them,
/// else positions), an elision mark for each run left out; footnotes are kept.
pub fn excerpt(body: &str, numbers: &[u32]) -> String {
    let blocks: Vec<&str> = body
        .split("\n\n")
        .map(|b| b.trim_matches('\n'))
        .filter(|b| !b.trim().is_empty())
        .collect();
    let own_number = |block: &str| -> Option<u32> {
        let digits: String = block.chars().take_while(char::is_ascii_digit).collect();
        let rest = &block[digits.len()..];
        (!digits.is_empty() && (rest.starts_with(". ") || rest.starts_with(") ")))
            .then(|| digits.parse().ok())
            .flatten()
    };
    let is_note = |block: &str| block.starts_with("[^");
    let numbered = blocks.iter().any(|b| own_number(b).is_some());
    let mut out: Vec<&str> = Vec::new();
    let mut position = 0;
    let mut left_out = false;
    for block in blocks.iter().filter(|b| !is_note(b)) {
        position += 1;
        let number = if numbered {
            own_number(block)
        } else {
            Some(position)
        };
        if number.is_some_and(|n| numbers.contains(&n)) {
            if left_out {
                out.push(ELISION);
            }
            out.push(block);
            left_out = false;
        } else {
            left_out = true;
        }
    }
    if left_out {
        out.push(ELISION);
    }
    out.extend(blocks.iter().filter(|b| is_note(b)));
    out.join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_read_as_teachers_write_them() {
        assert_eq!(parse_ranges("1-2,4"), Some(vec![1, 2, 4]));
        assert_eq!(parse_ranges(" 3 , 1–2 "), Some(vec![1, 2, 3]));
        assert_eq!(parse_ranges("2-1"), None);
        assert_eq!(parse_ranges("a"), None);
        assert_eq!(parse_ranges(""), None);
    }

    #[test]
    fn an_excerpt_keeps_its_paragraphs_and_marks_what_is_left_out() {
        let body = "1. One.\n\n2. Two.\n\n3. Three [^1].\n\n4. Four.\n\n[^1]: A note.";
        let e = excerpt(body, &[1, 3]);
        assert_eq!(
            e,
            format!("1. One.\n\n{ELISION}\n\n3. Three [^1].\n\n{ELISION}\n\n[^1]: A note.")
        );
        let html = markdown::to_html(&e).replace(&format!("<p>{ELISION}</p>"), "[…]");
        assert!(html.contains("value=\"3\""), "{html}");
        assert_eq!(html.matches("[…]").count(), 2, "{html}");
        // Unnumbered texts count their paragraphs.
        assert_eq!(
            excerpt("Intro.\n\nMiddle.\n\nEnd.", &[2]),
            format!("{ELISION}\n\nMiddle.\n\n{ELISION}")
        );
    }
}
