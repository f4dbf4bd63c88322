//! `cablegram init`: a new collection that checks and builds as it is, a GitHub Pages workflow
//! that is valid YAML with the official Pages steps, and no file ever replaced.

use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;
use yaml_rust2::{Yaml, YamlLoader};

fn cablegram(dir: &Path) -> Command {
    let mut c = Command::cargo_bin("cablegram").expect("binary");
    c.env("NO_COLOR", "1").current_dir(dir);
    c
}

#[test]
fn a_new_collection_checks_builds_and_says_what_next() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path().join("my-archive");
    cablegram(tmp.path())
        .args(["init", "my-archive"])
        .assert()
        .success()
        .stdout(predicate::str::contains("wrote site.toml"))
        .stdout(predicate::str::contains("cablegram check"));
    for file in [
        "site.toml",
        ".gitignore",
        ".github/workflows/pages.yml",
        "data/gazetteer.toml",
        "pages/about.md",
        "content/curated/example-memorandum.md",
    ] {
        assert!(dir.join(file).is_file(), "{file}");
    }
    assert!(dir.join("templates").is_dir() && dir.join("static").is_dir());
    // Every key of site.toml is described in it.
    let toml = std::fs::read_to_string(dir.join("site.toml")).unwrap_or_default();
    for key in [
        "title",
        "description",
        "base_url",
        "language",
        "publisher",
        "credits",
        "domain",
        "theme",
        "page_size",
        "indexes",
        "feed_size",
        "answer_lines",
        "line_numbers",
        "qr_code",
        "paper",
        "packets",
    ] {
        assert!(toml.contains(key), "site.toml does not mention {key}");
    }
    cablegram(&dir)
        .args(["check", "--strict"])
        .assert()
        .success()
        .stdout(predicate::str::contains("checked 2 records"));
    cablegram(&dir)
        .args(["build", "--quiet"])
        .assert()
        .success();
    assert!(dir.join("public/about/index.html").is_file());
    assert!(dir.join("public/handouts/index.html").is_file());
    let ignore = std::fs::read_to_string(dir.join(".gitignore")).unwrap_or_default();
    assert!(ignore.lines().any(|l| l.trim() == "/public/"), "{ignore}");
}

#[test]
fn the_pages_workflow_is_valid_yaml_with_the_official_pages_steps() {
    let tmp = tempfile::tempdir().expect("tempdir");
    cablegram(tmp.path()).arg("init").assert().success();
    let text =
        std::fs::read_to_string(tmp.path().join(".github/workflows/pages.yml")).expect("workflow");
    let docs = YamlLoader::load_from_str(&text).expect("valid YAML");
    let flow = &docs[0];
    assert!(!flow["on"]["push"].is_badvalue(), "runs on push");
    assert_eq!(flow["permissions"]["pages"].as_str(), Some("write"));
    assert_eq!(flow["permissions"]["id-token"].as_str(), Some("write"));
    let steps = |job: &str| -> Vec<String> {
        flow["jobs"][job]["steps"]
            .as_vec()
            .map(|v| {
                v.iter()
                    .map(|s| match (&s["uses"], &s["run"]) {
                        (Yaml::String(u), _) => u.clone(),
                        (_, Yaml::String(r)) => r.clone(),
                        _ => String::new(),
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    let build = steps("build");
    let position = |needle: &str| build.iter().position(|s| s.contains(needle));
    let order = [
        "actions/checkout",
        "cargo install",
        "cablegram check",
        "actions/configure-pages",
        "cablegram build --base-url",
        "actions/upload-pages-artifact",
    ]
    .map(|n| position(n).unwrap_or_else(|| panic!("no step {n} in {build:?}")));
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{build:?}");
    assert_eq!(flow["jobs"]["deploy"]["needs"].as_str(), Some("build"));
    assert!(steps("deploy")
        .iter()
        .any(|s| s.starts_with("actions/deploy-pages")));
    assert_eq!(
        flow["jobs"]["deploy"]["environment"]["name"].as_str(),
        Some("github-pages")
    );
}

#[test]
fn init_refuses_a_folder_with_files_and_never_replaces_one() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    std::fs::write(dir.join("site.toml"), "title = \"Mine\"\n").expect("write");
    cablegram(dir)
        .arg("init")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is not empty"));
    assert!(!dir.join("content").exists(), "nothing written");
    cablegram(dir)
        .args(["init", "--force"])
        .assert()
        .success()
        .stdout(predicate::str::contains("kept  site.toml"));
    assert_eq!(
        std::fs::read_to_string(dir.join("site.toml")).unwrap_or_default(),
        "title = \"Mine\"\n"
    );
    assert!(dir.join("content/curated/example-memorandum.md").is_file());
}
