//! The corpus the fuzzers grew (`fuzz/corpus/`), replayed: every input that once reached a new
//! path of the normalizer or the front-matter parser still normalizes (or is refused) without a
//! panic, and reads back unchanged.

use crate::support::repo;

fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = repo().join("fuzz/corpus").join(target);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("fuzz corpus")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let name = p.file_name().map(|n| n.to_string_lossy().into_owned());
            (
                name.unwrap_or_default(),
                std::fs::read(&p).expect("corpus file"),
            )
        })
        .collect()
}

#[test]
fn the_normalizer_corpus_replays() {
    let corpus = inputs("normalize");
    assert!(corpus.len() >= 50, "{} inputs", corpus.len());
    for (name, bytes) in corpus {
        let replay = std::panic::catch_unwind(|| cablegram::fuzzing::normalize_round_trip(&bytes));
        assert!(replay.is_ok(), "fuzz/corpus/normalize/{name}");
    }
}

#[test]
fn the_front_matter_corpus_replays() {
    let corpus = inputs("frontmatter");
    assert!(corpus.len() >= 50, "{} inputs", corpus.len());
    for (name, bytes) in corpus {
        let Ok(text) = String::from_utf8(bytes) else {
            continue;
        };
        let replay = std::panic::catch_unwind(|| cablegram::fuzzing::record_round_trip(&text));
        assert!(replay.is_ok(), "fuzz/corpus/frontmatter/{name}");
    }
}
