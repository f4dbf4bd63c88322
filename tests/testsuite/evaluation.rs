//! Field agreement with the answer keys: the normalizer run over answer-keyed volumes (FRUS and
//! *Documents on Australian Foreign Policy*) and each field compared with what the volumes'
//! `index.tsv` records. The expected values are read from the key by rules written here, never
//! by the normalizer's own code. Used on the fixture slices (default run) and on whole corpora
//! (`corpus.rs`).

use std::collections::BTreeMap;
use std::path::Path;

use cablegram::ingest::{self, IngestOptions, Normalized};
use cablegram::record::{Party, Record};

use crate::frus::volumes;
use crate::support::{missing_words, read};

/// Agreement per field: how many documents the key lets us judge, how many agree, and a few
/// that do not.
#[derive(Debug, Default)]
pub struct Agreement {
    pub fields: BTreeMap<&'static str, (usize, usize)>,
    pub misses: BTreeMap<&'static str, Vec<String>>,
    pub documents: usize,
    pub panics: usize,
}

impl Agreement {
    fn count(&mut self, field: &'static str, agrees: bool, what: impl FnOnce() -> String) {
        let e = self.fields.entry(field).or_default();
        e.0 += 1;
        if agrees {
            e.1 += 1;
        } else {
            let misses = self.misses.entry(field).or_default();
            if misses.len() < max_misses() {
                misses.push(what());
            }
        }
    }

    /// The share of judged documents that agree on `field` (1.0 when none is judged).
    pub fn share(&self, field: &str) -> f64 {
        self.fields.get(field).map_or(
            1.0,
            |&(n, ok)| if n == 0 { 1.0 } else { ok as f64 / n as f64 },
        )
    }

    /// The table printed by the evaluation (and copied into the README).
    pub fn table(&self, corpus: &str) -> String {
        let mut out = format!(
            "{corpus}: {} documents\n| field | judged | agree | share |\n| --- | --- | --- | --- |\n",
            self.documents
        );
        for (field, (n, ok)) in &self.fields {
            out.push_str(&format!(
                "| {field} | {n} | {ok} | {:.1}% |\n",
                self.share(field) * 100.0
            ));
        }
        for (field, misses) in &self.misses {
            for m in misses {
                out.push_str(&format!("  {field}: {m}\n"));
            }
        }
        out
    }

    /// Panics naming every field whose share is under its threshold.
    pub fn assert_at_least(&self, thresholds: &[(&str, f64)]) {
        let low: Vec<String> = thresholds
            .iter()
            .filter(|(f, t)| self.share(f) < *t)
            .map(|(f, t)| {
                format!(
                    "{f}: {:.2}% (at least {:.0}% wanted)",
                    self.share(f) * 100.0,
                    t * 100.0
                )
            })
            .collect();
        assert!(low.is_empty(), "fields under their thresholds: {low:?}");
        assert_eq!(self.panics, 0, "the normalizer panicked");
    }
}

/// How many disagreements per field the table lists (`CABLEGRAM_EVAL_MISSES`, else 12).
fn max_misses() -> usize {
    std::env::var("CABLEGRAM_EVAL_MISSES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(12)
}

/// The key's rows: column name → value.
fn rows(volume: &Path) -> Vec<BTreeMap<String, String>> {
    let text = read(&volume.join("index.tsv"));
    let mut lines = text.lines();
    let header: Vec<String> = lines
        .next()
        .unwrap_or_default()
        .split('\t')
        .map(str::to_owned)
        .collect();
    lines
        .map(|l| {
            header
                .iter()
                .cloned()
                .zip(l.split('\t').map(str::to_owned))
                .collect()
        })
        .collect()
}

/// Normalizes one document of the key, catching a panic (counted, never hidden).
fn normalize(path: &Path, a: &mut Agreement) -> Option<(String, Normalized)> {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    a.documents += 1;
    match std::panic::catch_unwind(|| ingest::normalize(&bytes, &IngestOptions::default())) {
        Ok(Ok(n)) => Some((String::from_utf8_lossy(&bytes).into_owned(), n)),
        Ok(Err(e)) => panic!("{}: refused: {e:?}", path.display()),
        Err(_) => {
            a.panics += 1;
            None
        }
    }
}

fn words_kept(a: &mut Agreement, file: &str, raw: &str, n: &Normalized) {
    let missing = missing_words(raw, n);
    a.count("words kept", missing.is_empty(), || {
        format!("{file}: {missing:?}")
    });
}

/// Everything a party says, lower-cased, for containment checks.
fn labels(parties: &[Party]) -> String {
    parties
        .iter()
        .map(|p| {
            format!(
                "{} {}",
                p.role.as_deref().unwrap_or(""),
                p.name.as_deref().unwrap_or("")
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
        .to_lowercase()
}

/// The record's kind as a string (`""` without one).
fn kind(r: &Record) -> String {
    r.kind
        .as_ref()
        .map(|k| k.as_str().to_owned())
        .unwrap_or_default()
}

/// Normalizes every document the keys of `root` list, counts its words kept and its date (where
/// the key gives one), and lets `judge` compare the other fields with the key's row.
fn judge_all(
    root: &Path,
    mut judge: impl FnMut(&mut Agreement, &BTreeMap<String, String>, &Record),
) -> Agreement {
    let mut a = Agreement::default();
    for volume in volumes(root) {
        for row in rows(&volume) {
            let file = &row["file"];
            let Some((raw, n)) = normalize(&volume.join(file), &mut a) else {
                continue;
            };
            let r = &n.record;
            words_kept(&mut a, file, &raw, &n);
            // The key's date is a day (FRUS adds a time after `T`: compared in its own test).
            let want = row["date"].split('T').next().unwrap_or_default();
            if !want.is_empty() {
                let got = r.date.map(|d| d.to_string()).unwrap_or_default();
                a.count("date", got == want, || {
                    format!("{file}: want {want} got {got}")
                });
            }
            judge(&mut a, &row, r);
        }
    }
    a
}

/// FRUS: date, kind, from and to against the volumes' `index.tsv`, and every word kept.
pub fn frus(root: &Path) -> Agreement {
    judge_all(root, |a, row, r| {
        let file = &row["file"];
        // The publication's kinds, in the record's words.
        let want_kind = match row["kind"].as_str() {
            "telegram" => Some("telegram"),
            "memorandum" | "memcon" => Some("memorandum"),
            "letter" | "message" => Some("letter"),
            "record" => Some("report"),
            "editorial-note" => Some("document"),
            _ => None,
        };
        if let Some(want) = want_kind {
            let got = kind(r);
            a.count("kind", got == want, || {
                format!("{file}: want {want} got {got}")
            });
        }
        for (field, parties) in [("from", &r.from), ("to", &r.to)] {
            let want = &row[field];
            if want.is_empty() {
                continue;
            }
            let got = labels(parties);
            let agrees = want.split("; ").all(|w| got.contains(&w.to_lowercase()));
            a.count(field, agrees, || format!("{file}: want {want} got {got}"));
        }
    })
}

/// Words that open an editors' title before its sender (`Cablegram from …`, `Minute, …`).
const TITLE_KINDS: &[&str] = &[
    "cablegram",
    "cable",
    "telegram",
    "letter",
    "minute",
    "memorandum",
    "dispatch",
    "despatch",
    "savingram",
    "message",
];

/// Words that open the title of a paper (`Report to Cabinet by Talboys`, `Brief for Australian
/// Delegation to …`): such a title does not put its sender before ` to `.
const PAPER_TITLES: &[&str] = &[
    "report",
    "brief",
    "statement",
    "note",
    "notes",
    "draft",
    "submission",
    "minutes",
    "aide",
    "comments",
    "summary",
    "agenda",
    "record",
    "interdepartmental",
    "memorandum",
    "paper",
    "extract",
    "extracts",
    "press",
];

/// The sender an editors' title names: the part before ` to ` (after `, to ` if there is one),
/// without a leading kind word, `from` or `by`; `None` when the title names none (it has no
/// ` to `, or it is the title of a paper).
pub fn title_sender(title: &str) -> Option<String> {
    let mut t = title.trim().to_owned();
    let lower = t.to_lowercase();
    if let Some(first) = lower.split(|c: char| !c.is_alphabetic()).next() {
        if TITLE_KINDS.contains(&first) {
            t = t[first.len()..]
                .trim_start_matches([',', ' ', ';'])
                .to_owned();
        } else if PAPER_TITLES.contains(&first) {
            return None;
        }
    }
    let lower = t.to_lowercase();
    if lower.starts_with("from ") || lower.starts_with("by ") {
        t = t[lower.find(' ').unwrap_or(0) + 1..].to_owned();
    }
    if t.starts_with(|c: char| c.is_lowercase()) && !t.starts_with("de ") {
        return None;
    }
    let lower = t.to_lowercase();
    let at = lower.find(", to ").or_else(|| lower.find(" to "))?;
    let sender = t[..at].trim();
    (!sender.is_empty() && sender.split_whitespace().count() <= 16).then(|| sender.to_owned())
}

/// The kind an index's first word names, in the record's words (`None`: a place, a date).
fn first_word_kind(word: &str) -> Option<&'static str> {
    Some(match word.to_lowercase().as_str() {
        "cablegram" | "cablegrams" | "circular" => "cable",
        "telegram" => "telegram",
        "letter" => "letter",
        "memorandum" => "memorandum",
        "minute" => "minute",
        "dispatch" | "despatch" => "dispatch",
        "savingram" => "savingram",
        _ => return None,
    })
}

/// An archive reference compared without spaces, brackets or case.
fn reference_key(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '[' | ']' | '\'' | '"'))
        .collect::<String>()
        .to_uppercase()
}

/// Footnote marks out of a title (`Cabinet Committee [1] Decision`).
fn without_marks(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(open) = rest.find('[') {
        let close = rest[open..].find(']').map(|c| open + c);
        match close {
            Some(close)
                if rest[open + 1..close]
                    .trim_start_matches('^')
                    .chars()
                    .all(|c| c.is_ascii_digit())
                    && close > open + 1 =>
            {
                out.push_str(&rest[..open]);
                rest = &rest[close + 1..];
            }
            _ => {
                out.push_str(&rest[..=open]);
                rest = &rest[open + 1..];
            }
        }
    }
    out.push_str(rest);
    out.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace(" )", ")")
        .replace(" ,", ",")
}

/// DFAT: date (where the key gives one), title, sender, kind from the first word, archive
/// reference, and every word kept.
pub fn dfat(root: &Path) -> Agreement {
    judge_all(root, |a, row, r| {
        let file = &row["file"];
        let want_title = without_marks(&row["title"]);
        let got_title = without_marks(&r.title);
        a.count("title", got_title == want_title, || {
            format!("{file}: want {want_title:?} got {got_title:?}")
        });
        if let Some(sender) = title_sender(&want_title) {
            let got = r
                .from
                .first()
                .and_then(|p| p.name.clone().or(p.role.clone()));
            let agrees = got.as_deref().is_some_and(|g| {
                let (g, s) = (g.to_lowercase(), sender.to_lowercase());
                s.contains(&g) || g.contains(&s)
            });
            a.count("sender", agrees, || {
                format!("{file}: want {sender:?} got {got:?}")
            });
        }
        if let Some(want) = first_word_kind(&row["first_word"]) {
            let got = kind(r);
            a.count("kind", got == want, || {
                format!("{file}: want {want} got {got}")
            });
        }
        let reference = &row["naa_reference"];
        if !reference.is_empty() {
            let got = r.source.citation.as_deref().unwrap_or_default();
            a.count(
                "archive reference",
                reference_key(got) == reference_key(reference),
                || format!("{file}: want {reference} got {got}"),
            );
        }
    })
}

#[test]
fn senders_of_editors_titles() {
    for (title, want) in [
        ("Evatt to Chifley", Some("Evatt")),
        (
            "Mr S. M. Bruce, High Commissioner in London, to Mr R. G. Menzies, Prime Minister",
            Some("Mr S. M. Bruce, High Commissioner in London"),
        ),
        ("Cablegram From Harrison to Spender", Some("Harrison")),
        ("Minute, Waller to Barwick", Some("Waller")),
        ("Cablegram to Jakarta", None),
        ("Record of Conversation Between Taylor and Tjan", None),
        ("Report to Cabinet by Talboys", None),
        (
            "Memorandum prepared for Delegation to Imperial Conference",
            None,
        ),
        ("de Valera to Chifley", Some("de Valera")),
    ] {
        assert_eq!(title_sender(title).as_deref(), want, "{title}");
    }
    assert_eq!(
        without_marks("Cabinet Committee [1] Decision"),
        "Cabinet Committee Decision"
    );
}
