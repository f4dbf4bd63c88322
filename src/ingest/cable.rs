//! A cable's handling: its number, precedence and classification, as the line under a dateline
//! writes them (`MOST IMMEDIATE TOP SECRET AND PERSONAL`, `O.UN5928 SECRET PRIORITY`,
//! `465. Secret Priority`) or as a source note does (`Secret; Priority; Limit Distribution.`).

use std::sync::LazyLock;

use regex::Regex;

/// What a handling line says; each part as written.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Handling {
    pub number: Option<String>,
    pub precedence: Option<String>,
    pub classification: Option<String>,
}

/// Precedence phrases, longest first.
const PRECEDENCE: &[&str] = &[
    "operational immediate",
    "most immediate",
    "most urgent",
    "clear the line",
    "immediate",
    "priority",
    "urgent",
    "important",
    "flash",
    "routine",
    "deferred",
    "emergency",
    "niact",
];

/// Words of security gradings and handling caveats.
const GRADING: &[&str] = &[
    "top",
    "most",
    "secret",
    "confidential",
    "restricted",
    "unclassified",
    "personal",
    "private",
    "official",
    "use",
    "only",
    "limited",
    "limit",
    "distribution",
    "eyes",
    "exclusive",
    "austeo",
    "agao",
    "nodis",
    "exdis",
    "limdis",
    "cabinet",
    "in",
    "confidence",
    "guard",
    "and",
    "himself",
    "alone",
    "for",
    "the",
    "prime",
    "minister",
    "minister's",
    "from",
    "to",
    "copy",
    "no.",
];

/// Words that make a line a grading (the others in [`GRADING`] only join them).
const GRADES: &[&str] = &[
    "secret",
    "confidential",
    "restricted",
    "unclassified",
    "personal",
    "austeo",
    "nodis",
    "exdis",
    "limdis",
];

/// A cable's own number before the grading: `O.UN5928`, `0.CH110619`, `465.`, `A71`.
static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^((?:[OI0]\.\s?)?[A-Z]{0,5}\d{1,7}[A-Z]?)\.?(?:\s+|$)").expect("valid regex")
});

/// Reads a whole line as a handling line; `None` when it is text.
pub fn handling(line: &str) -> Option<Handling> {
    let (handling, rest) = leading(line)?;
    rest.is_empty().then_some(handling)
}

/// Reads the handling words that open a line (`TOP SECRET In the light of …`): the handling
/// and the rest of the line. At least one grading or precedence word, in capitals when text
/// follows on the same line.
pub fn leading(line: &str) -> Option<(Handling, &str)> {
    let line = line.trim();
    if line.chars().count() > 120 {
        return None;
    }
    let (number, text) = match NUMBER.captures(line) {
        Some(c) => (Some(c[1].to_owned()), &line[c.get(0)?.end()..]),
        None => (None, line),
    };
    let words: Vec<(usize, &str)> = text
        .split_whitespace()
        .map(|w| (w.as_ptr() as usize - text.as_ptr() as usize, w))
        .collect();
    let known = |w: &str| {
        let w = w.trim_end_matches([',', ';', '.']).to_lowercase();
        GRADING.contains(&w.as_str()) || PRECEDENCE.iter().any(|p| *p == w)
    };
    // A whole line of handling words, in any case; or capitals opening a line of text
    // (`TOP SECRET In the light …`).
    let taken = if words.iter().all(|(_, w)| known(w)) {
        words.len()
    } else {
        words
            .iter()
            .take_while(|(_, w)| known(w) && !w.chars().any(char::is_lowercase))
            .count()
    };
    let rest = match words.get(taken) {
        Some((at, _)) => &text[*at..],
        None => "",
    };
    let head = &words[..taken];
    if !rest.is_empty() && !rest.chars().any(char::is_lowercase) {
        return None;
    }
    let lower: Vec<String> = head
        .iter()
        .map(|(_, w)| w.trim_end_matches([',', ';', '.']).to_lowercase())
        .collect();
    if !lower.iter().any(|w| GRADES.contains(&w.as_str()))
        && !lower.iter().any(|w| PRECEDENCE.contains(&w.as_str()))
    {
        return None;
    }
    // `FOR`, `THE`, `AND` alone are words of a sentence.
    if lower
        .last()
        .is_some_and(|w| ["and", "for", "the", "to", "from", "in"].contains(&w.as_str()))
    {
        return None;
    }
    let (precedence, classification) = split_precedence(head.iter().map(|(_, w)| *w));
    if number.is_some() && precedence.is_none() && classification.is_none() {
        return None;
    }
    Some((
        Handling {
            number,
            precedence,
            classification,
        },
        rest,
    ))
}

/// Splits handling words into the precedence phrases and the rest (the classification).
fn split_precedence<'a>(words: impl Iterator<Item = &'a str>) -> (Option<String>, Option<String>) {
    let words: Vec<&str> = words.collect();
    let mut precedence = Vec::new();
    let mut grading = Vec::new();
    let mut i = 0;
    'words: while i < words.len() {
        for p in PRECEDENCE {
            let n = p.split(' ').count();
            if i + n <= words.len() {
                let phrase = words[i..i + n].join(" ");
                if phrase.trim_end_matches([',', ';', '.']).to_lowercase() == *p {
                    precedence.push(phrase);
                    i += n;
                    continue 'words;
                }
            }
        }
        grading.push(words[i]);
        i += 1;
    }
    let join = |v: Vec<&str>| {
        let s = v.join(" ");
        let s = s.trim_matches([',', ';', '.', ' ']).to_owned();
        (!s.is_empty()).then_some(s)
    };
    let precedence = join(precedence.iter().map(String::as_str).collect());
    (precedence, join(grading))
}

/// The grading and precedence of a source note's second sentence (`Secret; Priority; Limit
/// Distribution.`), as FRUS prints them.
pub fn from_note(sentence: &str) -> Option<Handling> {
    let parts: Vec<&str> = sentence
        .trim()
        .trim_end_matches('.')
        .split(';')
        .map(str::trim)
        .collect();
    let all_known = parts.iter().all(|p| {
        !p.is_empty()
            && p.split_whitespace().all(|w| {
                let w = w.to_lowercase();
                GRADING.contains(&w.as_str()) || PRECEDENCE.contains(&w.as_str())
            })
    });
    if !all_known {
        return None;
    }
    let (precedence, grading): (Vec<&str>, Vec<&str>) = parts
        .iter()
        .partition(|p| PRECEDENCE.contains(&p.to_lowercase().as_str()));
    let join = |v: Vec<&str>| (!v.is_empty()).then(|| v.join("; "));
    let handling = Handling {
        number: None,
        precedence: join(precedence),
        classification: join(grading),
    };
    (handling.classification.as_deref().is_some_and(|c| {
        c.split_whitespace()
            .any(|w| GRADES.contains(&w.to_lowercase().trim_end_matches(';')))
    }) || handling.precedence.is_some())
    .then_some(handling)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(n: Option<&str>, p: Option<&str>, c: Option<&str>) -> Option<Handling> {
        Some(Handling {
            number: n.map(str::to_owned),
            precedence: p.map(str::to_owned),
            classification: c.map(str::to_owned),
        })
    }

    #[test]
    fn handling_lines() {
        assert_eq!(
            handling("MOST IMMEDIATE TOP SECRET AND PERSONAL"),
            h(
                None,
                Some("MOST IMMEDIATE"),
                Some("TOP SECRET AND PERSONAL")
            )
        );
        assert_eq!(
            handling("O.UN5928 SECRET PRIORITY"),
            h(Some("O.UN5928"), Some("PRIORITY"), Some("SECRET"))
        );
        // An OCR zero for the O stays as printed.
        assert_eq!(
            handling("0.CH110619 CONFIDENTIAL PRIORITY"),
            h(Some("0.CH110619"), Some("PRIORITY"), Some("CONFIDENTIAL"))
        );
        assert_eq!(
            handling("465. Secret Priority"),
            h(Some("465"), Some("Priority"), Some("Secret"))
        );
        assert_eq!(handling("IMPORTANT"), h(None, Some("IMPORTANT"), None));
        assert_eq!(
            handling("MOST IMMEDIATE FOR THE PRIME MINISTER MOST SECRET HIMSELF ALONE"),
            h(
                None,
                Some("MOST IMMEDIATE"),
                Some("FOR THE PRIME MINISTER MOST SECRET HIMSELF ALONE")
            )
        );
        assert_eq!(handling("Secret"), h(None, None, Some("Secret")));
    }

    #[test]
    fn text_is_not_handling() {
        for line in [
            "Your telegram A71. [1]",
            "Security 118.",
            "The Prime Minister and the Minister for Trade",
            "Secret talks began in London on Monday.",
            "1. Thank you for your telegram.",
            "In confidence and",
        ] {
            assert_eq!(handling(line), None, "{line}");
        }
        let (h, rest) = leading("TOP SECRET In the light of the steady deterioration").unwrap();
        assert_eq!(h.classification.as_deref(), Some("TOP SECRET"));
        assert_eq!(rest, "In the light of the steady deterioration");
    }

    #[test]
    fn source_notes() {
        assert_eq!(
            from_note("Secret; Priority; Limit Distribution."),
            h(None, Some("Priority"), Some("Secret; Limit Distribution"))
        );
        assert_eq!(from_note("Drafted by Wood."), None);
        assert_eq!(from_note("Top Secret."), h(None, None, Some("Top Secret")));
    }
}
