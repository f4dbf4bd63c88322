//! Property tests: the normalizer never panics, and its records read back unchanged.

use cablegram::ingest::{self, IngestOptions};
use cablegram::record;
use cablegram::site::pages::search::index::{words, MAX_WORD_CHARS};
use proptest::prelude::*;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Text that looks a little like a cable page: labels, dates, numbers, odd spaces and line ends.
fn cable_like() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "Citation:", "Summary:", "Credits:", "Contents:", "Translation - English", "Original Language:",
        "November 28, 1962", "1962-11", "Nov. 5, 1962", "Transmitting from Havana 11/28/1962 11:00",
        "Received in Tokyo 11/29/1962 05:14", "To Foreign Minister Ohira from Ambassador Yaguchi",
        "Re: The Situation", "- 1. ", "2) ", "(3) ", "1329. ", "\"Cable\", November 28, 1962, Wilson Center Digital Archive, X (\"Y\" file), Tokyo.",
        "https://x.org/document/1", "[Page 3]", "[2]", "Source: Department of State.", "# ", "* ", "`", "\\",
        "Digital Archive", "\u{c}", "\r\n", "\r", "\n", "\n\n", "\t", "\u{a0}", "\u{feff}", "<script>", "\"", "Lázaro",
        "Foreign Relations of the United States, 1961–1963, Volume I, Vietnam, 1961\n\n1. Telegram From A to B\n\nSaigon, January 31, 1961, 7 p.m.\n",
        "word ", "Word. ", "Leon Levy Foundation",
    ]);
    prop::collection::vec(pieces, 0..40).prop_map(|v| v.concat())
}

fn round_trips(bytes: &[u8]) {
    let Ok(n) = ingest::normalize(bytes, &IngestOptions::default()) else {
        return;
    };
    let written = record::to_markdown(&n.record);
    let reread = record::parse(&written).unwrap_or_else(|e| panic!("{e}\n{written}"));
    assert_eq!(reread, n.record, "{written}");
    assert_eq!(record::to_markdown(&reread), written);
    let again =
        ingest::normalize(bytes, &IngestOptions::default()).expect("same input, same result");
    assert_eq!(again, n, "deterministic");
}

/// The search index's words as its documentation defines them, written the slow, plain way:
/// runs of letters, digits and combining marks, decomposed, marks dropped, lower-cased, and kept
/// when 1 to `MAX_WORD_CHARS` characters long.
fn words_by_definition(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || is_combining_mark(c)))
        .map(|w| {
            w.nfd()
                .filter(|c| !is_combining_mark(*c))
                .flat_map(char::to_lowercase)
                .collect::<String>()
        })
        .filter(|w| (1..=MAX_WORD_CHARS).contains(&w.chars().count()))
        .collect()
}

/// Text mixing ASCII words, accented and decomposed letters, other scripts, marks and long runs.
fn mixed_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "Havana",
        "CASTRO",
        "1962",
        "-",
        " ",
        "\n",
        "'",
        "Lázaro",
        "La\u{301}zaro",
        "Ærø",
        "ṭ",
        "Москва́",
        "東京",
        "\u{301}",
        "\u{a0}",
        "—",
        "“",
        "x".repeat(MAX_WORD_CHARS).leak(),
        "ß",
        "İ",
        "ǅ",
        "½",
        "٣",
        "e\u{308}\u{301}",
    ]);
    prop::collection::vec(pieces, 0..30).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn search_words_follow_their_definition(s in mixed_text()) {
        prop_assert_eq!(words(&s), words_by_definition(&s));
    }

    #[test]
    fn search_words_follow_their_definition_on_any_string(s in "\\PC*") {
        prop_assert_eq!(words(&s), words_by_definition(&s));
    }

    #[test]
    fn never_panics_on_any_bytes(bytes in prop::collection::vec(any::<u8>(), 0..2000)) {
        round_trips(&bytes);
    }

    #[test]
    fn never_panics_on_any_string(s in "\\PC*") {
        round_trips(s.as_bytes());
    }

    #[test]
    fn cable_like_text_round_trips(s in cable_like()) {
        round_trips(s.as_bytes());
    }
}
