//! Tests of the citation formats on the golden records, a FRUS record and a hostile one.

use super::*;
use crate::record::parse;

/// Front matter of `shared/golden/000_4d1aae1c1a1ac195.md` (body left out).
const GOLDEN_000: &str = r#"+++
id = "115059"
slug = "1962-11-28-cable-from-japanese-embassy-in-havana-to-tokyo"
title = "Cable from Japanese Embassy in Havana to Tokyo"
date = 1962-11-28
kind = "cable"
subject = "The Situation in Cuba"
summary = "A cable describing the situation in Cuba, and especially the results of the Mikoyan-Castro talks."
original_language = "Japanese"
language = "English"
translation = true
credits = ["Leon Levy Foundation"]
distribution = "The cable has been transferred to [Japan's] Embassies in the US and Mexico."

[[from]]
role = "Ambassador"
name = "Yaguchi"

[[to]]
role = "Foreign Minister"
name = "Ohira"

[transmitted]
place = "Havana"
at = 1962-11-28T11:00:00

[received]
place = "Tokyo"
at = 1962-11-29T05:14:00

[source]
publisher = "Wilson Center Digital Archive"
archive = "Diplomatic Archives of the Ministry of Foreign Affairs of Japan"
collection = "Cuban Domestic Policies and Situation: 1959-1975"
archive_place = "Tokyo"
url = "https://wilson-center-digital-archive.dvincitest.com/document/115059"
record_id = "115059"
translator = "Masaki Hirata"
obtained_for = "CWIHP"
citation = "\"Cable from Japanese Embassy in Havana to Tokyo\", November 28, 1962, Wilson Center Digital Archive, Diplomatic Archives of the Ministry of Foreign Affairs of Japan (\"Cuban Domestic Policies and Situation: 1959-1975\" file), Tokyo. Obtained and translated for CWIHP by Masaki Hirata."
+++
"#;

/// Front matter of `shared/golden/001_39e9807f1f425bb8.md` (body left out): no URL, no
/// publisher, no language.
const GOLDEN_001: &str = r#"+++
id = "1962-11-21-cable-from-japanese-embassy-in-havana-to-tokyo"
slug = "1962-11-21-cable-from-japanese-embassy-in-havana-to-tokyo"
title = "Cable from Japanese Embassy in Havana to Tokyo"
date = 1962-11-21
kind = "cable"
subject = "The Cuban Situation"
summary = "A brief, but expansive, report on the situation in Cuba. It includes: the Mikoyan-Castro talks, the various groups within the revolutionary government and Castro's opposition of any kind of base inspections."
credits = ["Leon Levy Foundation"]
rights = "The History and Public Policy Program welcomes reuse of Digital Archive materials for research and educational purposes. Some documents may be subject to copyright, which is retained by the rights holders in accordance with US and international copyright laws. When possible, rights holders have been contacted for permission to reproduce their materials."
distribution = "This cable has been transferred to the [Japanese] Embassy in the US. Please pass this to the [Japanese] Embassy in the Soviet Union if necessary."

[[from]]
role = "Ambassador"
name = "Yaguchi"

[[to]]
role = "Foreign Minister"
name = "Ohira"

[transmitted]
place = "Havana"
at = 1962-11-21T11:51:00

[received]
place = "Tokyo"
at = 1962-11-22T07:20:00

[source]
archive = "Diplomatic Archives of the Ministry of Foreign Affairs of Japan"
collection = "Cuban Domestic Policies and Situation: 1959-1975"
archive_place = "Tokyo"
translator = "Masaki Hirata"
obtained_for = "CWIHP"
citation = "Diplomatic Archives of the Ministry of Foreign Affairs of Japan (“Cuban Domestic Policies and Situation: 1959-1975” file), Tokyo. Obtained and translated for CWIHP by Masaki Hirata."
+++
"#;

/// The FRUS example: an office as sender, a published volume as publisher.
const FRUS: &str = r#"+++
title = "Telegram From the Embassy in Vietnam to the Department of State"
date = 1961-01-31
kind = "telegram"

[[from]]
name = "Embassy in Vietnam"

[[to]]
name = "Department of State"

[source]
publisher = "Foreign Relations of the United States, 1961–1963, Volume I, Vietnam, 1961"
archive = "Department of State"
collection = "Central Files, 751K.00/1-3161"
url = "https://history.state.gov/historicaldocuments/frus1961-63v01/d8"
record_id = "frus1961-63v01d8"
+++
"#;

/// Everything a citation must escape, and a partial date.
const HOSTILE: &str = r#"+++
id = "odd id {1}, #2"
title = "<script>alert(\"x\")</script> & Sons' 100% {draft} #2 of_3 ~^\\"
date = "1962-11"
kind = "memorandum"
summary = "Line one.\nLine two."

[[from]]
role = "Secretary of State"
name = "Dean Rusk"

[[from]]
role = "President"

[source]
archive = "Archive <b>"
collection = "Box 1 & 2"
translator = "Ann Lee & Bo Chen, NKIDP"
+++
"#;

fn record(text: &str) -> Record {
    parse(text).expect("test record parses")
}

const PAGE: &str = "https://cables.example.org/records/x/";

#[test]
fn styled_citations_name_title_date_archive_and_collection() {
    for text in [GOLDEN_000, GOLDEN_001] {
        let r = record(text);
        let s = styled(&r, Some(PAGE));
        for (style, cite, date) in [
            ("chicago", &s.chicago, "November"),
            ("mla", &s.mla, "Nov."),
            ("apa", &s.apa, "November"),
        ] {
            for needle in [
                "Cable from Japanese Embassy in Havana to Tokyo",
                "1962",
                date,
                "Diplomatic Archives of the Ministry of Foreign Affairs of Japan, Tokyo",
                "Cuban Domestic Policies and Situation: 1959-1975",
                "Yaguchi",
                "Hirata",
            ] {
                assert!(cite.contains(needle), "{style} lacks {needle:?}: {cite}");
            }
        }
    }
}

#[test]
fn styled_golden_000_exactly() {
    let s = styled(&record(GOLDEN_000), Some(PAGE));
    let url = "https://wilson-center-digital-archive.dvincitest.com/document/115059";
    let link = format!("<a href=\"{url}\">{url}</a>");
    assert_eq!(
        s.chicago,
        format!(
            "Yaguchi, “Cable from Japanese Embassy in Havana to Tokyo,” cable to Ohira, \
             trans. Masaki Hirata, Wilson Center Digital Archive, November 28, 1962, \
             Cuban Domestic Policies and Situation: 1959-1975, Diplomatic Archives of the \
             Ministry of Foreign Affairs of Japan, Tokyo, {link}."
        )
    );
    assert_eq!(
        s.mla,
        format!(
            "Yaguchi. “Cable from Japanese Embassy in Havana to Tokyo.” Cable to Ohira. \
             Translated by Masaki Hirata, 28 Nov. 1962, Cuban Domestic Policies and \
             Situation: 1959-1975, Diplomatic Archives of the Ministry of Foreign Affairs of \
             Japan, Tokyo. <i>Wilson Center Digital Archive</i>, {link}."
        )
    );
    assert_eq!(
        s.apa,
        format!(
            "Yaguchi. (1962, November 28). <i>Cable from Japanese Embassy in Havana to \
             Tokyo</i> (M. Hirata, Trans.) [Cable to Ohira]. Wilson Center Digital Archive. \
             Diplomatic Archives of the Ministry of Foreign Affairs of Japan, Tokyo (Cuban \
             Domestic Policies and Situation: 1959-1975). {link}"
        )
    );
}

#[test]
fn page_url_is_cited_only_without_an_archive_url() {
    let s = styled(&record(GOLDEN_001), Some(PAGE));
    for cite in [&s.chicago, &s.mla, &s.apa] {
        assert!(cite.contains(PAGE), "{cite}");
    }
    let s = styled(&record(GOLDEN_001), None);
    for cite in [&s.chicago, &s.mla, &s.apa] {
        assert!(!cite.contains("http"), "{cite}");
    }
    let s = styled(&record(GOLDEN_000), Some(PAGE));
    assert!(!s.chicago.contains(PAGE));
}

#[test]
fn styled_citations_escape_record_text() {
    let s = styled(&record(HOSTILE), None);
    for cite in [&s.chicago, &s.mla, &s.apa] {
        assert!(!cite.contains("<script") && !cite.contains("<b>"), "{cite}");
        assert!(
            cite.contains("&lt;script&gt;alert(&quot;x&quot;)"),
            "{cite}"
        );
        assert!(cite.contains("Archive &lt;b&gt;"), "{cite}");
        assert!(cite.contains("Box 1 &amp; 2"), "{cite}");
        assert!(cite.contains("Rusk"), "{cite}");
        // Partial date: the month, never an invented day.
        assert!(cite.contains("1962") && cite.contains("Nov"), "{cite}");
    }
    assert!(s.apa.starts_with("Rusk, D. (1962, November)."), "{}", s.apa);
    assert!(s.chicago.starts_with("Dean Rusk, "), "{}", s.chicago);
    assert!(
        s.chicago.contains("trans. Ann Lee et al.,"),
        "{}",
        s.chicago
    );
}

#[test]
fn offices_are_literal_authors() {
    let r = record(FRUS);
    let s = styled(&r, None);
    assert!(
        s.chicago.starts_with("Embassy in Vietnam, “Telegram From"),
        "{}",
        s.chicago
    );
    assert!(
        s.apa.starts_with("Embassy in Vietnam. (1961, January 31)."),
        "{}",
        s.apa
    );
    let csl = csl_json(&r, None);
    assert_eq!(csl["author"], json!([{ "literal": "Embassy in Vietnam" }]));
    assert!(bibtex(&r, None).contains("author = {{Embassy in Vietnam}},"));
    assert!(ris(&r, None).contains("\nAU  - Embassy in Vietnam\n"));
}

#[test]
fn names_split_into_family_and_given() {
    let p = |n: &str| person(n);
    let name = |family: &str, given: Option<&str>, particle: Option<&str>, suffix: Option<&str>| {
        Name::Person {
            family: family.into(),
            given: given.map(Into::into),
            particle: particle.map(Into::into),
            suffix: suffix.map(Into::into),
        }
    };
    assert_eq!(p("Yaguchi"), name("Yaguchi", None, None, None));
    assert_eq!(p("Dean Rusk"), name("Rusk", Some("Dean"), None, None));
    assert_eq!(
        p("W. Averell Harriman"),
        name("Harriman", Some("W. Averell"), None, None)
    );
    assert_eq!(p("Rusk, Dean"), name("Rusk", Some("Dean"), None, None));
    assert_eq!(
        p("Charles de Gaulle"),
        name("Gaulle", Some("Charles"), Some("de"), None)
    );
    assert_eq!(
        p("Martin Luther King Jr."),
        name("King", Some("Martin Luther"), None, Some("Jr."))
    );
    let party = |role: Option<&str>, name: Option<&str>| Party {
        role: role.map(Into::into),
        name: name.map(Into::into),
    };
    assert_eq!(party_name(&party(Some("President"), None)), None);
    assert_eq!(
        party_name(&party(None, Some("Department of State"))),
        Some(Name::Literal("Department of State".into()))
    );
    assert_eq!(
        party_name(&party(None, Some("KGB"))),
        Some(Name::Literal("KGB".into()))
    );
    assert_eq!(
        party_name(&party(Some("Ambassador"), Some("Yaguchi"))),
        Some(name("Yaguchi", None, None, None))
    );
}

/// Braces balance as BibTeX counts them: every `{` closed, depth never below zero.
fn braces_balance(text: &str) -> bool {
    let mut depth = 0i32;
    for c in text.chars() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            _ => {}
        }
        if depth < 0 {
            return false;
        }
    }
    depth == 0
}

/// `name = {value}` lines of one entry, values as written.
fn bibtex_fields(entry: &str) -> Vec<(String, String)> {
    entry
        .lines()
        .skip(1)
        .filter(|l| *l != "}")
        .map(|l| {
            let (name, value) = l.trim().split_once(" = ").expect("name = value");
            let value = value
                .strip_suffix(',')
                .and_then(|v| v.strip_prefix('{'))
                .and_then(|v| v.strip_suffix('}'))
                .expect("braced value and a comma");
            (name.to_owned(), value.to_owned())
        })
        .collect()
}

#[test]
fn bibtex_is_one_sane_unpublished_entry() {
    let b = bibtex(&record(GOLDEN_000), Some(PAGE));
    assert!(b.starts_with("@unpublished{115059,\n"), "{b}");
    assert!(b.ends_with("}\n"));
    assert!(braces_balance(&b), "{b}");
    let fields = bibtex_fields(&b);
    let get = |k: &str| fields.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
    assert_eq!(get("author"), Some("Yaguchi"));
    assert_eq!(
        get("title"),
        Some("Cable from Japanese Embassy in Havana to Tokyo")
    );
    assert_eq!(get("date"), Some("1962-11-28"));
    assert_eq!(get("year"), Some("1962"));
    assert_eq!(get("month"), Some("11"));
    assert_eq!(get("translator"), Some("Hirata, Masaki"));
    assert_eq!(
        get("url"),
        Some("https://wilson-center-digital-archive.dvincitest.com/document/115059")
    );
    let note = get("note").unwrap_or_default();
    assert!(note.contains("Cuban Domestic Policies"), "{note}");
    assert!(note.contains("Diplomatic Archives"), "{note}");
    assert!(note.contains("Tokyo"), "{note}");
}

#[test]
fn bibtex_escapes_special_characters() {
    let b = bibtex(&record(HOSTILE), Some(PAGE));
    assert!(braces_balance(&b), "{b}");
    assert!(b.starts_with("@unpublished{odd-id--1----2,\n"), "{b}");
    let fields = bibtex_fields(&b);
    let title = &fields.iter().find(|(n, _)| n == "title").expect("title").1;
    assert_eq!(
        title,
        "<script>alert(\"x\")</script> \\& Sons' 100\\% \\textbraceleft{}draft\\textbraceright{} \
         \\#2 of\\_3 \\textasciitilde{}\\textasciicircum{}\\textbackslash{}"
    );
    // No special character is left unescaped in any text field.
    for (name, value) in &fields {
        if name == "url" {
            continue;
        }
        let bytes = value.as_bytes();
        for (i, &c) in bytes.iter().enumerate() {
            if matches!(c, b'&' | b'%' | b'#' | b'_' | b'$') {
                assert!(i > 0 && bytes[i - 1] == b'\\', "{name}: {value}");
            }
        }
    }
    assert!(b.contains("date = {1962-11},"));
    assert!(b.contains("author = {Rusk, Dean},"), "{b}");
    assert!(
        b.contains("translator = {Lee, Ann and Chen, Bo and {NKIDP}},"),
        "{b}"
    );
    assert!(b.contains("abstract = {Line one. Line two.},"), "{b}");
}

#[test]
fn ris_is_tagged_lines_from_ty_to_er() {
    for (text, url) in [
        (GOLDEN_000, Some(PAGE)),
        (GOLDEN_001, None),
        (HOSTILE, None),
    ] {
        let r = ris(&record(text), url);
        let lines: Vec<&str> = r.lines().collect();
        assert_eq!(lines.first(), Some(&"TY  - MANSCPT"));
        assert_eq!(lines.last(), Some(&"ER  - "));
        for line in &lines {
            let (tag, value) = line.split_at(6);
            assert!(
                tag.len() == 6
                    && tag.as_bytes()[0].is_ascii_uppercase()
                    && tag.as_bytes()[1].is_ascii_alphanumeric()
                    && &tag[2..] == "  - ",
                "{line:?}"
            );
            assert!(*line == "ER  - " || !value.trim().is_empty(), "{line:?}");
        }
    }
    let r = ris(&record(GOLDEN_000), Some(PAGE));
    for line in [
        "TI  - Cable from Japanese Embassy in Havana to Tokyo",
        "AU  - Yaguchi",
        "A4  - Hirata, Masaki",
        "DA  - 1962/11/28/",
        "PY  - 1962",
        "M3  - cable",
        "DB  - Diplomatic Archives of the Ministry of Foreign Affairs of Japan, Tokyo",
        "AN  - Cuban Domestic Policies and Situation: 1959-1975",
        "CY  - Havana",
        "DP  - Wilson Center Digital Archive",
        "UR  - https://wilson-center-digital-archive.dvincitest.com/document/115059",
        "LA  - English",
    ] {
        assert!(r.lines().any(|l| l == line), "no {line:?} in\n{r}");
    }
    let r = ris(&record(HOSTILE), None);
    assert!(r.contains("\nDA  - 1962/11//\n"), "{r}");
    assert!(r.contains("\nAB  - Line one. Line two.\n"), "{r}");
    assert!(!r.contains("\nUR  -"), "{r}");
}

#[test]
fn csl_json_has_name_objects_and_date_parts() {
    let c = csl_json(&record(GOLDEN_000), Some(PAGE));
    assert_eq!(c["id"], "115059");
    assert_eq!(c["type"], "manuscript");
    assert_eq!(c["title"], "Cable from Japanese Embassy in Havana to Tokyo");
    assert_eq!(c["author"], json!([{ "family": "Yaguchi" }]));
    assert_eq!(c["issued"], json!({ "date-parts": [[1962, 11, 28]] }));
    assert_eq!(c["genre"], "cable");
    assert_eq!(
        c["archive"],
        "Diplomatic Archives of the Ministry of Foreign Affairs of Japan"
    );
    assert_eq!(c["archive-place"], "Tokyo");
    assert_eq!(
        c["archive_location"],
        "Cuban Domestic Policies and Situation: 1959-1975"
    );
    assert_eq!(
        c["URL"],
        "https://wilson-center-digital-archive.dvincitest.com/document/115059"
    );
    assert_eq!(
        c["translator"],
        json!([{ "family": "Hirata", "given": "Masaki" }])
    );
    assert_eq!(c["language"], "en");
    assert!(c["note"].as_str().is_some_and(|n| n.contains("CWIHP")));

    let partial = csl_json(&record(HOSTILE), None);
    assert_eq!(partial["issued"], json!({ "date-parts": [[1962, 11]] }));
    // A bare title (`President`) is no author.
    assert_eq!(
        partial["author"],
        json!([{ "family": "Rusk", "given": "Dean" }])
    );
    assert!(partial.get("URL").is_none());

    let mut undated = record(GOLDEN_001);
    undated.date = None;
    undated.from.clear();
    let c = csl_json(&undated, Some(PAGE));
    assert!(c.get("issued").is_none() && c.get("author").is_none());
    assert_eq!(c["URL"], PAGE);
    let s = styled(&undated, Some(PAGE));
    assert!(s.apa.contains("n.d."), "{}", s.apa);
}

#[test]
fn year_only_dates_stay_years() {
    let mut r = record(GOLDEN_001);
    r.date = Some(PartialDate::parse_iso("1962").expect("a year"));
    let s = styled(&r, None);
    assert!(s.apa.contains("(1962)."), "{}", s.apa);
    for cite in [&s.chicago, &s.mla] {
        assert!(cite.contains("1962") && !cite.contains("Nov"), "{cite}");
    }
    assert_eq!(
        csl_json(&r, None)["issued"],
        json!({ "date-parts": [[1962]] })
    );
    assert!(ris(&r, None).contains("\nDA  - 1962///\n"));
}

/// Variants of the test records that exercise the styles' branches: every kind, every date
/// precision, missing authors, archives, translators, URLs.
fn variants() -> Vec<Record> {
    let mut out = Vec::new();
    for text in [GOLDEN_000, GOLDEN_001, FRUS, HOSTILE] {
        let base = record(text);
        out.push(base.clone());
        for kind in [
            None,
            Some(Kind::Cable),
            Some(Kind::Telegram),
            Some(Kind::Memorandum),
            Some(Kind::Letter),
            Some(Kind::Report),
            Some(Kind::Document),
        ] {
            let mut r = base.clone();
            r.kind = kind;
            out.push(r);
        }
        for date in [None, Some("1962"), Some("1962-02"), Some("1962-02-03")] {
            let mut r = base.clone();
            r.date = date.and_then(|d| PartialDate::parse_iso(d).ok());
            out.push(r);
        }
        let mut r = base.clone();
        r.from.clear();
        r.to.clear();
        out.push(r);
        let mut r = base.clone();
        r.from.push(Party {
            role: None,
            name: Some("Department of State".into()),
        });
        r.from.push(Party {
            role: Some("Ambassador".into()),
            name: Some("Charles de Gaulle".into()),
        });
        out.push(r);
        let mut r = base.clone();
        r.source = Default::default();
        out.push(r);
        let mut r = base.clone();
        r.source.archive = None;
        r.source.translator = None;
        r.source.url = None;
        out.push(r);
        let mut r = base;
        r.source.collection = None;
        r.source.publisher = None;
        r.source.archive_place = None;
        out.push(r);
    }
    out
}

#[test]
fn specialized_styles_render_like_the_bundled_ones() {
    let bundled = Styles::load(false, false);
    let specialized = Styles::load(true, true);
    for r in variants() {
        for url in [None, Some(PAGE)] {
            assert_eq!(
                specialized.styled(&r, url),
                bundled.styled(&r, url),
                "{}",
                r.title
            );
        }
    }
}

/// CPU time of this thread (Linux), so that timings hold on a busy machine.
fn cpu_time() -> std::time::Duration {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").unwrap_or_default();
    let ns = stat
        .split_whitespace()
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    std::time::Duration::from_nanos(ns)
}

/// `cargo test --release -- --ignored --nocapture timing`
#[test]
#[ignore]
fn timing() {
    let r = record(GOLDEN_000);
    let t = cpu_time();
    let styles = Styles::new();
    eprintln!("Styles::new: {:?}", cpu_time() - t);
    // (Too short for the scheduler's CPU accounting: wall time.)
    let t = std::time::Instant::now();
    std::hint::black_box(styles.styled(&r, Some(PAGE)));
    eprintln!("first call of a shape (trims 3 styles): {:?}", t.elapsed());
    let n = 2000;
    let t = cpu_time();
    for _ in 0..n {
        std::hint::black_box(styles.styled(&r, Some(PAGE)));
    }
    eprintln!("styled: {:?} per call", (cpu_time() - t) / n);
    let url = cited_url(&r, Some(PAGE));
    for (i, (archived, form, flavor)) in USED.into_iter().enumerate() {
        let (e, shape) = entry(&Fields::new(&r, url, flavor), "key");
        let style = styles.style(i, shape).expect("specialized styles");
        let t = cpu_time();
        for _ in 0..n {
            std::hint::black_box(styles.render(&e, &style, form, None));
        }
        eprintln!("  {archived:?}: {:?} per call", (cpu_time() - t) / n);
    }
    let t = cpu_time();
    for _ in 0..n {
        std::hint::black_box((
            bibtex(&r, Some(PAGE)),
            ris(&r, Some(PAGE)),
            csl_json(&r, Some(PAGE)),
        ));
    }
    eprintln!("bibtex+ris+csl_json: {:?} per call", (cpu_time() - t) / n);
}

/// `cargo test -- --ignored --nocapture show` prints every format for the test records.
#[test]
#[ignore]
fn show() {
    for text in [GOLDEN_000, GOLDEN_001, FRUS, HOSTILE] {
        let r = record(text);
        let s = styled(&r, Some(PAGE));
        println!(
            "CHICAGO {}\nMLA     {}\nAPA     {}",
            s.chicago, s.mla, s.apa
        );
        println!("{}", bibtex(&r, Some(PAGE)));
        println!("{}", ris(&r, Some(PAGE)));
        println!(
            "{}\n",
            serde_json::to_string_pretty(&csl_json(&r, Some(PAGE))).unwrap_or_default()
        );
    }
}
