//! Full-text search: a chunked static index beside the search page, written from the records alone (no
//! rendered HTML is re-parsed), read by `assets/search.js`. The browser downloads only the files
//! a query needs: `meta.json`, the term shard of each word typed, the result chunks of the results
//! it shows, and the filter lists of the filters set.
//!
//! - Documents are numbered in the collection's time order (undated last), so sorting by date is
//!   sorting by number and a year is a contiguous range of numbers (`years` in `meta.json`).
//! - Words are the runs of letters, digits and combining marks of the title, subject line,
//!   summary, text, people, places and topics, folded: decomposed (NFD), marks dropped,
//!   lower-cased, so that `Lazaro` finds `Lázaro`. `search.js` folds the query the same way.
//! - A set of documents (a word's postings, a filter) is a string: `v` then the base64 of the
//!   ascending ids as varints (the first id, then the gaps), or `b` then the base64 of a bitmap
//!   (bit `id % 8` of byte `id / 8`), whichever is shorter.
//! - `terms/<prefix>.json` maps each word that starts with the prefix to its set, or to `[set,
//!   set in titles]` when the word is in some titles. A prefix's shard is split into longer
//!   prefixes while it is over [`SHARD_BYTES`]; the word equal to a split prefix stays in it.
//! - `docs/<n>.json`: documents `n * DOCS_PER_CHUNK ..` as `[title, date, ISO date, kind, slug]`.
//! - `filters/<name>.json`: the sorted values of a filter (`kind`, `archive`, `person`, `place`,
//!   `topic`); `filters/<name>/<i>.json`: the set of the `i`-th value's documents.

use std::collections::BTreeMap;
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::Serialize;
use serde_json::json;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

use crate::diagnostic::Diagnostic;
use crate::error::Error;
use crate::record::Record;
use crate::site::output::OutputFile;
use crate::site::render::markdown;
use crate::site::render::views::date_display;
use crate::site::route::Route;
/// Documents per result chunk (`docs/<n>.json`, 3–6 kB each).
pub const DOCS_PER_CHUNK: usize = 50;
/// A term shard is split into longer prefixes while it is bigger than this.
pub const SHARD_BYTES: usize = 64 * 1024;
/// Longer words (folded, in characters) are not indexed: they are not words.
pub const MAX_WORD_CHARS: usize = 40;
/// Records tokenized per parallel task, and per batch merged into the index (bounds memory).
const TASK: usize = 256;
const BATCH: usize = 8192;

/// The filters of the search page: the name of their files, and the values of a record.
pub const FILTERS: [&str; 5] = ["kind", "archive", "person", "place", "topic"];

fn filter_values<'a>(r: &'a Record, filter: &str) -> Vec<&'a str> {
    match filter {
        "kind" => r.kind.as_ref().map(|k| k.as_str()).into_iter().collect(),
        "archive" => r.source.archive.as_deref().into_iter().collect(),
        "person" => r.people.iter().map(String::as_str).collect(),
        "place" => r.places.iter().map(String::as_str).collect(),
        _ => r.topics.iter().map(String::as_str).collect(),
    }
}

/// Folds one word into `out`: decomposed, combining marks dropped, lower-cased.
pub fn fold_into(word: &str, out: &mut String) {
    out.clear();
    if word.is_ascii() {
        out.push_str(word);
        out.make_ascii_lowercase();
        return;
    }
    for c in word.nfd().filter(|c| !is_combining_mark(*c)) {
        out.extend(c.to_lowercase());
    }
}

/// Calls `f` with each indexed word of `text`, folded (a word may come more than once).
///
/// One pass over the bytes: every body of the collection comes through here, and most of its
/// words are ASCII, which need no decoding and no Unicode folding (and, in lower case, no copy).
pub fn for_each_word(text: &str, buf: &mut String, mut f: impl FnMut(&str)) {
    let bytes = text.as_bytes();
    // The character at `i` (not ASCII) and its length, if it is part of a word.
    let wide = |i: usize| -> (bool, usize) {
        match text.get(i..).and_then(|t| t.chars().next()) {
            Some(c) => (c.is_alphanumeric() || is_combining_mark(c), c.len_utf8()),
            None => (false, 1),
        }
    };
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii() && !bytes[i].is_ascii_alphanumeric() {
            i += 1;
            continue;
        }
        let start = i;
        let (mut ascii, mut upper) = (true, false);
        while let Some(&b) = bytes.get(i) {
            if b.is_ascii() {
                if !b.is_ascii_alphanumeric() {
                    break;
                }
                upper |= b.is_ascii_uppercase();
                i += 1;
            } else {
                let (is_word, len) = wide(i);
                if !is_word {
                    break;
                }
                ascii = false;
                i += len;
            }
        }
        if i == start {
            // A character that is neither ASCII nor part of a word.
            i += wide(i).1;
            continue;
        }
        let word = &text[start..i];
        if ascii {
            // Folding ASCII keeps its length: a word too long is never copied.
            if word.len() > MAX_WORD_CHARS {
                continue;
            }
            if !upper {
                f(word);
                continue;
            }
            buf.clear();
            buf.push_str(word);
            buf.make_ascii_lowercase();
            f(buf);
            continue;
        }
        fold_into(word, buf);
        let chars = buf.chars().count();
        if chars > 0 && chars <= MAX_WORD_CHARS {
            f(buf);
        }
    }
}

/// The indexed words of `text`, folded, in order (for tests and callers outside the build).
pub fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for_each_word(text, &mut String::new(), |w| out.push(w.to_owned()));
    out
}

/// A set of document ids, added in ascending order, kept as varint gaps (1–3 bytes an id).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Ids {
    bytes: Vec<u8>,
    last: Option<u32>,
}

impl Ids {
    /// Adds `id` unless it is the last one added; ids must come in ascending order.
    pub fn push(&mut self, id: u32) {
        let gap = match self.last {
            Some(last) if last == id => return,
            Some(last) => id - last,
            None => id,
        };
        self.last = Some(id);
        let mut v = gap;
        while v >= 0x80 {
            self.bytes.push((v as u8 & 0x7f) | 0x80);
            v >>= 7;
        }
        self.bytes.push(v as u8);
    }

    pub fn extend(&mut self, ids: &[u32]) {
        for &id in ids {
            self.push(id);
        }
    }

    /// The ids back, in order.
    pub fn ids(&self) -> Vec<u32> {
        let mut out = Vec::new();
        let (mut id, mut v, mut shift) = (0u32, 0u32, 0);
        for &b in &self.bytes {
            v |= u32::from(b & 0x7f) << shift;
            shift += 7;
            if b < 0x80 {
                id = if out.is_empty() { v } else { id + v };
                out.push(id);
                (v, shift) = (0, 0);
            }
        }
        out
    }

    /// The set as the index writes it, for a collection of `docs` documents: `v` + varints or
    /// `b` + bitmap, whichever is shorter, in base64.
    pub fn encode(&self, docs: usize) -> String {
        let bitmap_len = docs.div_ceil(8);
        if bitmap_len < self.bytes.len() {
            let mut bitmap = vec![0u8; bitmap_len];
            for id in self.ids() {
                bitmap[id as usize / 8] |= 1 << (id % 8);
            }
            format!("b{}", base64(&bitmap))
        } else {
            format!("v{}", base64(&self.bytes))
        }
    }
}

/// Standard base64 with padding (what `atob` reads).
pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for group in bytes.chunks(3) {
        let n = group
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= group.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// A word's documents, and those with the word in their title.
#[derive(Debug, Default)]
struct Postings {
    all: Ids,
    title: Ids,
}

/// The words of some consecutive records: word → ids (ascending, distinct).
type Words = FxHashMap<Box<str>, (Vec<u32>, Vec<u32>)>;

/// Adds `word` of record `id` to `words`; a word of the title is also a word of the record.
fn add(words: &mut Words, word: &str, id: u32, title: bool) {
    let entry = match words.get_mut(word) {
        Some(e) => e,
        None => words.entry(word.into()).or_default(),
    };
    if entry.0.last() != Some(&id) {
        entry.0.push(id);
    }
    if title && entry.1.last() != Some(&id) {
        entry.1.push(id);
    }
}

/// The words of records `first..` (ids from `first`).
fn tokenize(records: &[Arc<Record>], first: u32, bodies: Texts) -> Result<Words, Diagnostic> {
    let mut words = Words::default();
    let mut buf = String::new();
    for (i, r) in records.iter().enumerate() {
        let id = first + i as u32;
        for_each_word(&r.title, &mut buf, |w| add(&mut words, w, id, true));
        let subject = r.subject.as_deref().unwrap_or("");
        let summary = r.summary.as_deref().unwrap_or("");
        let body = markdown::to_text(&bodies(id as usize)?);
        let names = r.people.iter().chain(&r.places).chain(&r.topics);
        for text in [subject, summary, &body]
            .into_iter()
            .chain(names.map(String::as_str))
        {
            for_each_word(text, &mut buf, |w| add(&mut words, w, id, false));
        }
    }
    Ok(words)
}

/// Every word of the collection with its postings, sorted by word.
fn postings(
    records: &[Arc<Record>],
    bodies: Texts,
) -> Result<Vec<(Box<str>, Postings)>, Diagnostic> {
    let mut index: FxHashMap<Box<str>, Postings> = FxHashMap::default();
    for (b, batch) in records.chunks(BATCH).enumerate() {
        let parts: Vec<Words> = batch
            .par_chunks(TASK)
            .enumerate()
            .map(|(t, chunk)| tokenize(chunk, (b * BATCH + t * TASK) as u32, bodies))
            .collect::<Result<_, _>>()?;
        // In record order, so that every word's ids stay ascending.
        for part in parts {
            for (word, (all, title)) in part {
                let p = index.entry(word).or_default();
                p.all.extend(&all);
                p.title.extend(&title);
            }
        }
    }
    let mut sorted: Vec<_> = index.into_iter().collect();
    sorted.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    Ok(sorted)
}

/// One word's entry in a shard, ready to write: `"word":set` or `"word":[set,set in titles]`.
struct Term {
    word: Box<str>,
    entry: String,
}

fn term(word: Box<str>, p: &Postings, docs: usize) -> Term {
    let mut entry = serde_json::to_string(&*word).unwrap_or_default();
    let all = p.all.encode(docs);
    if p.title.last.is_some() {
        entry += &format!(":[\"{all}\",\"{}\"]", p.title.encode(docs));
    } else {
        entry += &format!(":\"{all}\"");
    }
    Term { word, entry }
}

/// The first `n` characters of `s`.
fn prefix(s: &str, n: usize) -> &str {
    s.char_indices().nth(n).map_or(s, |(i, _)| &s[..i])
}

/// Splits sorted `terms` (all starting with `p`, of `n` characters) into shards: `(prefix,
/// terms)`, in order.
fn split<'a>(terms: &'a [Term], p: &'a str, n: usize, out: &mut Vec<(&'a str, &'a [Term])>) {
    let size: usize = terms.iter().map(|t| t.entry.len() + 1).sum::<usize>() + 1;
    if size <= SHARD_BYTES || terms.len() == 1 {
        out.push((p, terms));
        return;
    }
    // The word equal to the prefix (sorted first) stays in the prefix's own shard.
    let own = terms.iter().take_while(|t| &*t.word == p).count();
    if own > 0 {
        out.push((p, &terms[..own]));
    }
    group(&terms[own..], n + 1, out);
}

/// Groups sorted `terms` by their first `n` characters, each group split further if too big.
fn group<'a>(terms: &'a [Term], n: usize, out: &mut Vec<(&'a str, &'a [Term])>) {
    let mut start = 0;
    while start < terms.len() {
        let p = prefix(&terms[start].word, n);
        let len = terms[start..]
            .iter()
            .take_while(|t| t.word.starts_with(p))
            .count();
        split(&terms[start..start + len], p, n, out);
        start += len;
    }
}

/// A shard's file name: the prefix itself when it is plain ASCII, else `_` and its UTF-8 in hex
/// (`_` is never part of a word).
pub fn shard_file(prefix: &str) -> String {
    if prefix
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    {
        prefix.to_owned()
    } else {
        let hex: String = prefix.bytes().map(|b| format!("{b:02x}")).collect();
        format!("_{hex}")
    }
}

fn json_file(path: String, value: &impl Serialize) -> Result<OutputFile, Error> {
    match serde_json::to_vec(value) {
        Ok(bytes) => Ok(OutputFile { path, bytes }),
        Err(e) => Err(Error::output(&path, format!("cannot write {path}: {e}"))),
    }
}

/// The values the search page's menus offer, from the records themselves. The names of people,
/// places and topics are not in the page (their lists grow with the collection): `search.js`
/// fetches `filters/<name>.json` when such a field is first used.
#[derive(Debug, Default, Serialize)]
pub struct FilterValues {
    pub years: Vec<String>,
    pub kinds: Vec<String>,
    pub archives: Vec<String>,
}

impl FilterValues {
    pub fn new(records: &[Arc<Record>]) -> FilterValues {
        let lists = filter_lists(records, &["kind", "archive"]);
        let names = |filter: &str| lists[filter].keys().map(|v| v.to_string()).collect();
        FilterValues {
            years: year_ranges(records).keys().map(|y| y.to_string()).collect(),
            kinds: names("kind"),
            archives: names("archive"),
        }
    }
}

/// Each filter's values, sorted, with their documents.
fn filter_lists<'r>(
    records: &'r [Arc<Record>],
    filters: &[&'static str],
) -> BTreeMap<&'static str, BTreeMap<&'r str, Ids>> {
    filters
        .iter()
        .map(|&filter| {
            let mut values: BTreeMap<&str, Ids> = BTreeMap::new();
            for (id, r) in records.iter().enumerate() {
                for v in filter_values(r, filter) {
                    values.entry(v).or_default().push(id as u32);
                }
            }
            (filter, values)
        })
        .collect()
}

/// Each year with its first and last document (records are in time order).
fn year_ranges(records: &[Arc<Record>]) -> BTreeMap<i16, (u32, u32)> {
    let mut years: BTreeMap<i16, (u32, u32)> = BTreeMap::new();
    for (id, r) in records.iter().enumerate() {
        if let Some(d) = &r.date {
            let id = id as u32;
            years.entry(d.year()).or_insert((id, id)).1 = id;
        }
    }
    years
}

/// Something that takes the files of the index as they are made (the build's writer).
pub type Put<'a> = &'a (dyn Fn(OutputFile) -> Result<(), Error> + Sync);

/// The text (Markdown body) of record `i`: a build holds records without it.
pub type Texts<'a> = &'a (dyn Fn(usize) -> Result<String, Diagnostic> + Sync);

/// Builds the search index of `records` (in time order) and hands its files, under `search/`, to
/// `put` as they are made (in no particular order; each file's bytes are deterministic).
pub fn index(records: &[Arc<Record>], bodies: Texts, put: Put) -> Result<(), Error> {
    // The index's folder, from the route table; its entry file is `meta.json`.
    let dir = Route::SearchIndex.dir();
    if records.len() > u32::MAX as usize {
        let message = "the search index counts documents in 32 bits: too many documents";
        return Err(Diagnostic::error(dir, message).into());
    }
    let docs = records.len();
    let terms: Vec<Term> = postings(records, bodies)?
        .into_par_iter()
        .map(|(word, p)| term(word, &p, docs))
        .collect();
    let mut shards = Vec::new();
    group(&terms, 1, &mut shards);
    shards.par_iter().try_for_each(|(p, terms)| {
        let mut bytes =
            Vec::with_capacity(terms.iter().map(|t| t.entry.len() + 1).sum::<usize>() + 1);
        for (i, t) in terms.iter().enumerate() {
            bytes.push(if i == 0 { b'{' } else { b',' });
            bytes.extend_from_slice(t.entry.as_bytes());
        }
        bytes.push(b'}');
        put(OutputFile {
            path: format!("{dir}terms/{}.json", shard_file(p)),
            bytes,
        })
    })?;
    let shard_names: Vec<&str> = shards.iter().map(|(p, _)| *p).collect();
    put(json_file(
        Route::SearchIndex.path(),
        &json!({
            "docs": docs,
            "dated": records.iter().filter(|r| r.date.is_some()).count(),
            "chunk": DOCS_PER_CHUNK,
            "max_word": MAX_WORD_CHARS,
            "years": year_ranges(records)
                .into_iter()
                .map(|(y, (first, last))| (y, first, last))
                .collect::<Vec<_>>(),
            "shards": shard_names,
        }),
    )?)?;
    drop(shards);
    drop(terms);
    records
        .par_chunks(DOCS_PER_CHUNK)
        .enumerate()
        .try_for_each(|(n, chunk)| {
            let rows: Vec<[String; 5]> = chunk
                .iter()
                .map(|r| {
                    [
                        r.title.clone(),
                        r.date.as_ref().map(date_display).unwrap_or_default(),
                        r.date.map(|d| d.to_string()).unwrap_or_default(),
                        r.kind
                            .as_ref()
                            .map(|k| k.as_str().to_owned())
                            .unwrap_or_default(),
                        r.slug().to_owned(),
                    ]
                })
                .collect();
            put(json_file(format!("{dir}docs/{n}.json"), &rows)?)
        })?;
    for (filter, values) in filter_lists(records, &FILTERS) {
        let names: Vec<&str> = values.keys().copied().collect();
        put(json_file(format!("{dir}filters/{filter}.json"), &names)?)?;
        for (i, ids) in values.values().enumerate() {
            put(json_file(
                format!("{dir}filters/{filter}/{i}.json"),
                &ids.encode(docs),
            )?)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{Kind, PartialDate};

    fn record() -> Record {
        Record {
            slug: Some("1962-11-28-cable".into()),
            title: "Cable from Havana".into(),
            subject: Some("Base inspections".into()),
            date: PartialDate::ymd(1962, 11, 28).ok(),
            kind: Some(Kind::Cable),
            summary: Some("Castro refuses inspections".into()),
            people: vec!["Fidel Castro".into(), "Carlos Lázaro".into()],
            places: vec!["Cuba".into()],
            topics: vec!["Missile crisis".into()],
            body: "1. The *ambassador* met [Blas] Roca.\n\n2. No inspections.".into(),
            ..Record::default()
        }
    }

    /// Reads a set as `search.js` does.
    fn decode(set: &str, docs: usize) -> Vec<u32> {
        let bytes = unbase64(&set[1..]);
        if set.starts_with('b') {
            (0..docs as u32)
                .filter(|&id| bytes[id as usize / 8] & (1 << (id % 8)) != 0)
                .collect()
        } else {
            Ids { bytes, last: None }.ids()
        }
    }

    fn unbase64(s: &str) -> Vec<u8> {
        const ALPHABET: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let sextets: Vec<u32> = s
            .trim_end_matches('=')
            .chars()
            .map(|c| ALPHABET.find(c).expect("base64") as u32)
            .collect();
        let mut out = Vec::new();
        for group in sextets.chunks(4) {
            let n = group
                .iter()
                .enumerate()
                .fold(0, |n, (i, &v)| n | v << (18 - 6 * i));
            for i in 0..group.len() - 1 {
                out.push((n >> (16 - 8 * i)) as u8);
            }
        }
        out
    }

    /// The files of the index, sorted by path.
    fn output(records: &[Record]) -> Vec<OutputFile> {
        let records: Vec<Arc<Record>> = records.iter().cloned().map(Arc::new).collect();
        let out = std::sync::Mutex::new(Vec::new());
        let bodies = |i: usize| Ok(records[i].body.clone());
        index(&records, &bodies, &|f| {
            out.lock().expect("lock").push(f);
            Ok(())
        })
        .expect("index");
        let mut out = out.into_inner().expect("lock");
        out.sort_by(|a, b| a.path.cmp(&b.path));
        out
    }

    fn files(records: &[Record]) -> BTreeMap<String, serde_json::Value> {
        output(records)
            .into_iter()
            .map(|f| (f.path, serde_json::from_slice(&f.bytes).expect("json")))
            .collect()
    }

    /// The documents of a word, read through meta.json and its shard as `search.js` does.
    fn lookup(files: &BTreeMap<String, serde_json::Value>, word: &str) -> Vec<u32> {
        let meta = &files["search/meta.json"];
        let docs = meta["docs"].as_u64().expect("docs") as usize;
        let shard = meta["shards"]
            .as_array()
            .expect("shards")
            .iter()
            .filter_map(|p| p.as_str())
            .filter(|p| word.starts_with(p))
            .max_by_key(|p| p.len());
        let Some(shard) = shard else { return vec![] };
        let value = &files[&format!("search/terms/{}.json", shard_file(shard))][word];
        let set = value.as_str().or_else(|| value[0].as_str());
        set.map(|s| decode(s, docs)).unwrap_or_default()
    }

    #[test]
    fn words_are_split_on_anything_but_letters_and_digits_and_folded() {
        assert_eq!(
            words("Lázaro GARCÍA, 1962-11-28: [Blas] Roca's ṭext Ærø"),
            ["lazaro", "garcia", "1962", "11", "28", "blas", "roca", "s", "text", "ærø"]
        );
        // Decomposed input folds the same as composed.
        assert_eq!(words("La\u{301}zaro"), ["lazaro"]);
        assert_eq!(words("Москва́ 東京"), ["москва", "東京"]);
        assert!(words(&"x".repeat(MAX_WORD_CHARS + 1)).is_empty());
        assert_eq!(words(&"x".repeat(MAX_WORD_CHARS)).len(), 1);
    }

    #[test]
    fn sets_round_trip_in_both_encodings() {
        for (ids, docs, kind) in [
            (vec![0, 1, 5, 127, 128, 300, 70_000], 100_000, 'v'),
            ((0..1000).step_by(2).collect::<Vec<u32>>(), 1000, 'b'),
            (vec![7], 8, 'v'),
            (vec![], 10, 'v'),
        ] {
            let mut set = Ids::default();
            set.extend(&ids);
            set.push(*ids.last().unwrap_or(&0)); // a repeated id is kept once
            let ids = if ids.is_empty() { vec![0] } else { ids };
            assert_eq!(set.ids(), ids);
            let encoded = set.encode(docs);
            assert!(encoded.starts_with(kind), "{encoded}");
            assert_eq!(decode(&encoded, docs), ids);
        }
        assert_eq!(base64(b"Man"), "TWFu");
        assert_eq!(base64(b"Ma"), "TWE=");
        assert_eq!(base64(b"M"), "TQ==");
    }

    #[test]
    fn words_are_found_with_their_documents_and_title_hits() {
        let mut other = record();
        other.slug = Some("other".into());
        other.title = "Memorandum of Conversation".into();
        other.people = vec![];
        other.body = "Mikoyan in Havana".into();
        let files = files(&[record(), other]);
        assert_eq!(lookup(&files, "havana"), [0, 1]);
        assert_eq!(lookup(&files, "lazaro"), [0]);
        assert_eq!(lookup(&files, "mikoyan"), [1]);
        assert_eq!(lookup(&files, "ambassador"), [0]);
        assert_eq!(lookup(&files, "nowhere"), Vec::<u32>::new());
        // In titles: [all, in titles].
        let shard = &files["search/terms/h.json"];
        assert_eq!(shard["havana"][1], json!(Ids::from_ids(&[0]).encode(2)));
        assert!(shard["havana"].is_array());
    }

    impl Ids {
        fn from_ids(ids: &[u32]) -> Ids {
            let mut set = Ids::default();
            set.extend(ids);
            set
        }
    }

    #[test]
    fn shards_stay_under_the_bound_and_every_word_is_found() {
        // 3,000 documents with 6,000 distinct long words starting with "p": one shard would be
        // far over the bound.
        let records: Vec<Record> = (0..3000)
            .map(|i| Record {
                slug: Some(format!("r{i}")),
                title: format!("Record {i}"),
                body: format!("p{i:05}alpha p{:05}omega common", i * 7 % 3000),
                ..Record::default()
            })
            .collect();
        let files = files(&records);
        let shards = files["search/meta.json"]["shards"]
            .as_array()
            .expect("shards")
            .len();
        assert!(shards > 3, "{shards}");
        for (path, value) in &files {
            if path.starts_with("search/terms/") {
                let size = value.to_string().len();
                let terms = value.as_object().map_or(0, |m| m.len());
                assert!(size <= SHARD_BYTES || terms == 1, "{path}: {size}");
            }
        }
        assert_eq!(lookup(&files, "p00007alpha"), [7]);
        assert_eq!(lookup(&files, "p00049omega"), [7]);
        assert_eq!(lookup(&files, "common").len(), 3000);
        assert_eq!(lookup(&files, "record").len(), 3000);
    }

    #[test]
    fn the_index_is_deterministic() {
        let records: Vec<Record> = (0..600)
            .map(|i| Record {
                slug: Some(format!("r{i}")),
                title: format!("Record {i} of Ḿany"),
                body: format!("w{} w{} shared", i % 37, i % 91),
                people: vec![format!("Person {}", i % 13)],
                ..Record::default()
            })
            .collect();
        let a = output(&records);
        let b = output(&records);
        assert_eq!(a.len(), b.len());
        for (x, y) in a.iter().zip(&b) {
            assert_eq!((&x.path, &x.bytes), (&y.path, &y.bytes));
        }
        // 600 documents: twelve result chunks of 50.
        assert_eq!(
            a.iter()
                .filter(|f| f.path.starts_with("search/docs/"))
                .count(),
            12
        );
    }

    #[test]
    fn result_rows_filters_and_years() {
        let mut memo = record();
        memo.slug = Some("memo".into());
        memo.date = PartialDate::y(1963).ok();
        memo.kind = Some(Kind::Memorandum);
        memo.source.archive = Some("Archivo Central".into());
        memo.people = vec!["Anastas Mikoyan".into(), "Fidel Castro".into()];
        let mut undated = record();
        undated.slug = Some("undated".into());
        undated.date = None;
        undated.kind = None;
        let files = files(&[record(), memo, undated]);
        let meta = &files["search/meta.json"];
        assert_eq!(meta["docs"], 3);
        assert_eq!(meta["dated"], 2);
        assert_eq!(meta["years"], json!([[1962, 0, 0], [1963, 1, 1]]));
        assert_eq!(
            files["search/docs/0.json"][0],
            json!([
                "Cable from Havana",
                "November 28, 1962",
                "1962-11-28",
                "cable",
                "1962-11-28-cable"
            ])
        );
        assert_eq!(files["search/docs/0.json"][2][1], "");
        assert_eq!(
            files["search/filters/person.json"],
            json!(["Anastas Mikoyan", "Carlos Lázaro", "Fidel Castro"])
        );
        let set = |path: &str| decode(files[path].as_str().expect("set"), 3);
        assert_eq!(set("search/filters/person/2.json"), [0, 1, 2]);
        assert_eq!(set("search/filters/person/0.json"), [1]);
        assert_eq!(
            files["search/filters/kind.json"],
            json!(["cable", "memorandum"])
        );
        assert_eq!(set("search/filters/kind/1.json"), [1]);
        assert_eq!(
            files["search/filters/archive.json"],
            json!(["Archivo Central"])
        );

        let v = FilterValues::new(&[Arc::new(record()), Arc::new(Record::default())]);
        assert_eq!(v.years, ["1962"]);
        assert_eq!(v.kinds, ["cable"]);
        assert!(v.archives.is_empty());
    }

    #[test]
    fn shard_files_are_plain_names() {
        assert_eq!(shard_file("ab1"), "ab1");
        assert_eq!(shard_file("æ"), "_c3a6");
        assert_eq!(prefix("æbc", 2), "æb");
        assert_eq!(prefix("a", 2), "a");
    }
}
