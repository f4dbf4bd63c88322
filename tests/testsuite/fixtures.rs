//! Every raw-text variation in `tests/fixtures/ingest/`: `<case>.txt` with its hand-written
//! `<case>.expect.toml` (written from the docs, not from this program's output).

use std::path::{Path, PathBuf};

use cablegram::ingest::{self, IngestOptions};
use cablegram::record;
use serde_json::Value;

use crate::support::{assert_nothing_lost, repo};

const SPECIAL: &[&str] = &[
    "absent",
    "body_contains",
    "body_excludes",
    "body_numbers",
    "min_warnings",
    "max_warnings",
    "error",
];

fn cases() -> Vec<PathBuf> {
    let dir = repo().join("tests/fixtures/ingest");
    let mut v: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("fixtures")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.to_string_lossy().ends_with(".expect.toml"))
        .collect();
    v.sort();
    v
}

fn to_json(v: &toml::Value) -> Value {
    serde_json::to_value(v).expect("toml to json")
}

/// Checks one case; returns the problems found.
fn check_case(expect_path: &Path) -> Vec<String> {
    let name = expect_path
        .file_name()
        .unwrap()
        .to_string_lossy()
        .replace(".expect.toml", "");
    let raw_path = expect_path.with_file_name(format!("{name}.txt"));
    let bytes = std::fs::read(&raw_path).expect("raw fixture");
    let expect: toml::Table =
        toml::from_str(&std::fs::read_to_string(expect_path).expect("expect"))
            .expect("expect parses");
    let mut problems = Vec::new();
    let result = ingest::normalize(&bytes, &IngestOptions::default());
    if expect.get("error").and_then(toml::Value::as_bool) == Some(true) {
        if let Ok(n) = result {
            problems.push(format!(
                "expected an error, got a record titled {:?}",
                n.record.title
            ));
        }
        return problems;
    }
    let n = match result {
        Ok(n) => n,
        Err(e) => return vec![format!("normalize failed: {e:?}")],
    };
    let json = record::to_json(&n.record);
    for (key, want) in &expect {
        if SPECIAL.contains(&key.as_str()) {
            continue;
        }
        match want {
            // Tables: every key the expectation names must match (a subset check).
            toml::Value::Table(t) => {
                for (sub, want) in t {
                    let got = json.get(key).and_then(|v| v.get(sub));
                    if got != Some(&to_json(want)) {
                        problems.push(format!(
                            "{key}.{sub}: want {}, got {:?}",
                            to_json(want),
                            got
                        ));
                    }
                }
            }
            _ => {
                let got = json.get(key);
                if got != Some(&to_json(want)) {
                    problems.push(format!("{key}: want {}, got {:?}", to_json(want), got));
                }
            }
        }
    }
    for absent in expect
        .get("absent")
        .and_then(|v| v.as_array())
        .into_iter()
        .flatten()
    {
        let path = absent.as_str().expect("absent key");
        let mut v = Some(&json);
        for part in path.split('.') {
            v = v.and_then(|v| v.get(part));
        }
        if let Some(v) = v {
            problems.push(format!("{path} should be absent, is {v}"));
        }
    }
    let body = &n.record.body;
    for s in expect
        .get("body_contains")
        .and_then(|v| v.as_array())
        .into_iter()
        .flatten()
    {
        let s = s.as_str().expect("string");
        if !body.contains(s) {
            problems.push(format!("body lacks {s:?}"));
        }
    }
    for s in expect
        .get("body_excludes")
        .and_then(|v| v.as_array())
        .into_iter()
        .flatten()
    {
        let s = s.as_str().expect("string");
        if body.contains(s) {
            problems.push(format!("body has {s:?}"));
        }
    }
    if let Some(numbers) = expect.get("body_numbers").and_then(|v| v.as_array()) {
        let want: Vec<i64> = numbers.iter().filter_map(toml::Value::as_integer).collect();
        let got: Vec<i64> = list_numbers(body);
        if want != got {
            problems.push(format!("body numbers: want {want:?}, got {got:?}"));
        }
    }
    let warnings = n.warnings.len() as i64;
    if let Some(min) = expect.get("min_warnings").and_then(toml::Value::as_integer) {
        if warnings < min {
            problems.push(format!(
                "want at least {min} warnings, got {:?}",
                n.warnings
            ));
        }
    }
    if let Some(max) = expect.get("max_warnings").and_then(toml::Value::as_integer) {
        if warnings > max {
            problems.push(format!("want at most {max} warnings, got {:?}", n.warnings));
        }
    }
    // Compare with the text as the normalizer decoded it: UTF-8, else one character per byte.
    let raw = String::from_utf8(bytes.clone())
        .unwrap_or_else(|_| bytes.iter().map(|&b| b as char).collect());
    if let Err(e) = std::panic::catch_unwind(|| assert_nothing_lost(&raw, &n)) {
        problems.push(
            e.downcast_ref::<String>()
                .cloned()
                .unwrap_or_else(|| "words lost".into()),
        );
    }
    // Idempotent: the written record reads back the same.
    match record::parse(&record::to_markdown(&n.record)) {
        Ok(again) if again == n.record => {}
        Ok(_) => problems.push("the written record reads back differently".into()),
        Err(e) => problems.push(format!("the written record does not parse: {e}")),
    }
    problems
}

/// Numbers of the body's ordered-list items, as Markdown reads them (`N. ` at a line start).
fn list_numbers(body: &str) -> Vec<i64> {
    body.lines()
        .filter_map(|l| {
            let digits: String = l.chars().take_while(char::is_ascii_digit).collect();
            let rest = &l[digits.len()..];
            (!digits.is_empty() && (rest.starts_with(". ") || rest == "."))
                .then(|| digits.parse().ok())
                .flatten()
        })
        .collect()
}

#[test]
fn every_fixture_meets_its_expectations() {
    let cases = cases();
    assert!(cases.len() >= 30, "only {} fixture cases", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let problems = check_case(case);
        if !problems.is_empty() {
            failures.push(format!(
                "{}:\n    {}",
                case.file_name().unwrap().to_string_lossy(),
                problems.join("\n    ")
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases fail:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}
