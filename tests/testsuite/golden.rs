//! The two seeds normalize to exactly the golden records.

use cablegram::ingest::{self, IngestOptions};
use cablegram::record;

use crate::support::{assert_nothing_lost, fixtures, read, seed};

fn check_seed(name: &str) {
    let raw_path = seed(&format!("{name}.txt"));
    let bytes = std::fs::read(&raw_path).expect("seed");
    let options = IngestOptions {
        provenance_path: Some(format!("content/{name}.txt")),
    };
    let normalized = ingest::normalize(&bytes, &options).expect("seed normalizes");
    let want = record::parse(&read(&fixtures().join("golden").join(format!("{name}.md"))))
        .expect("golden parses");

    let mut got = normalized.record.clone();
    // The golden records leave provenance aside; ours must have it, naming the file and its hash.
    let prov = got.provenance.take().expect("provenance");
    assert_eq!(prov.file, format!("content/{name}.txt"));
    assert_eq!(prov.sha256, ingest::sha256_hex(&bytes));

    // Field by field first, so a failure names the field.
    let got_json = record::to_json(&got);
    let want_json = record::to_json(&want);
    for (key, value) in want_json.as_object().expect("object") {
        assert_eq!(got_json.get(key), Some(value), "{name}: field `{key}`");
    }
    for key in got_json.as_object().expect("object").keys() {
        assert!(
            want_json.get(key).is_some(),
            "{name}: unexpected field `{key}`"
        );
    }
    assert_eq!(got.body, want.body, "{name}: body");
    assert_eq!(got, want);
    assert!(
        normalized.warnings.is_empty(),
        "{name}: {:?}",
        normalized.warnings
    );
    assert_nothing_lost(&String::from_utf8_lossy(&bytes), &normalized);
}

#[test]
fn labelled_seed_matches_golden() {
    check_seed("000_4d1aae1c1a1ac195");
}

#[test]
fn page_seed_matches_golden() {
    check_seed("001_39e9807f1f425bb8");
}

#[test]
fn normalizing_a_written_record_changes_nothing() {
    for name in ["000_4d1aae1c1a1ac195", "001_39e9807f1f425bb8"] {
        let bytes = std::fs::read(seed(&format!("{name}.txt"))).expect("seed");
        let first = ingest::normalize(&bytes, &IngestOptions::default())
            .expect("normalizes")
            .record;
        let again = ingest::normalize(&bytes, &IngestOptions::default())
            .expect("normalizes")
            .record;
        assert_eq!(first, again, "deterministic");
        let written = record::to_markdown(&first);
        let reread = record::parse(&written).expect("reparses");
        assert_eq!(reread, first);
        assert_eq!(record::to_markdown(&reread), written);
    }
}
