//! The integration tests: one binary, one module per feature (as in `just`).

#[path = "testsuite/support.rs"]
mod support;

#[path = "testsuite/golden.rs"]
mod golden;

#[path = "testsuite/frus.rs"]
mod frus;

#[path = "testsuite/fixtures.rs"]
mod fixtures;

#[path = "testsuite/props.rs"]
mod props;

#[path = "testsuite/collection.rs"]
mod collection;

#[path = "testsuite/cli.rs"]
mod cli;

#[path = "testsuite/site.rs"]
mod site;

#[path = "testsuite/search.rs"]
mod search;

#[path = "testsuite/citations.rs"]
mod citations;

#[path = "testsuite/serve.rs"]
mod serve;

#[path = "testsuite/handouts.rs"]
mod handouts;

#[path = "testsuite/sample.rs"]
mod sample;

#[path = "testsuite/init.rs"]
mod init;

#[path = "testsuite/robustness.rs"]
mod robustness;

#[path = "testsuite/check.rs"]
mod check;

#[path = "testsuite/fuzz.rs"]
mod fuzz;

#[path = "testsuite/corpus.rs"]
mod corpus;

// Field agreement with answer keys (shared by the fixture slices and the corpus evaluation).
#[path = "testsuite/evaluation.rs"]
mod evaluation;

// The same Wilson page in other layouts reads the same.
#[path = "testsuite/layouts.rs"]
mod layouts;

#[path = "testsuite/figures.rs"]
mod figures;

// A collection of over 5,000 documents: the large profile.
#[path = "testsuite/large.rs"]
mod large;
