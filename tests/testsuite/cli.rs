//! The command line, run as a user runs it, on real files.

use assert_cmd::Command;
use predicates::prelude::*;

use crate::support::{fixtures, read};

fn cablegram() -> Command {
    let mut cmd = Command::cargo_bin("cablegram").expect("binary");
    cmd.env("NO_COLOR", "1");
    cmd
}

fn seed(name: &str) -> std::path::PathBuf {
    crate::support::seed(name)
}

#[test]
fn normalize_prints_the_record() {
    let out = cablegram()
        .arg("normalize")
        .arg(seed("000_4d1aae1c1a1ac195.txt"))
        .assert()
        .success();
    let text = String::from_utf8(out.get_output().stdout.clone()).expect("utf-8");
    let record = cablegram::record::parse(&text).expect("prints a record");
    let golden =
        cablegram::record::parse(&read(&fixtures().join("golden/000_4d1aae1c1a1ac195.md")))
            .expect("golden");
    assert_eq!(record.title, golden.title);
    assert_eq!(record.body, golden.body);
    assert!(out.get_output().stderr.is_empty(), "no warnings for a seed");
}

#[test]
fn normalize_json_has_front_matter_keys_and_body() {
    let out = cablegram()
        .args(["normalize", "--format", "json"])
        .arg(seed("001_39e9807f1f425bb8.txt"))
        .assert()
        .success();
    let json: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).expect("json");
    assert_eq!(json["date"], "1962-11-21");
    assert_eq!(json["transmitted"]["at"], "1962-11-21T11:51:00");
    assert_eq!(json["to"][0]["name"], "Ohira");
    assert!(json["body"]
        .as_str()
        .expect("body")
        .starts_with("1. The reason why"));

    // Several files: an array, in the order given.
    let out = cablegram()
        .args(["normalize", "--format", "json"])
        .arg(seed("001_39e9807f1f425bb8.txt"))
        .arg(seed("000_4d1aae1c1a1ac195.txt"))
        .assert()
        .success();
    let json: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).expect("json");
    assert_eq!(json.as_array().map(Vec::len), Some(2));
    assert_eq!(json[1]["id"], "115059");
}

#[test]
fn normalize_of_a_written_record_changes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    cablegram()
        .args(["normalize", "--write"])
        .arg(dir.path())
        .arg(seed("000_4d1aae1c1a1ac195.txt"))
        .assert()
        .success();
    let written = dir
        .path()
        .join("1962-11-28-cable-from-japanese-embassy-in-havana-to-tokyo.md");
    let first = read(&written);
    let out = cablegram()
        .arg("normalize")
        .arg(&written)
        .assert()
        .success();
    assert_eq!(String::from_utf8_lossy(&out.get_output().stdout), first);
}

#[test]
fn write_refuses_to_overwrite_without_force() {
    let dir = tempfile::tempdir().expect("tempdir");
    let target = dir
        .path()
        .join("1962-11-28-cable-from-japanese-embassy-in-havana-to-tokyo.md");
    std::fs::write(&target, "a curator's edits").expect("plant");
    cablegram()
        .args(["normalize", "--write"])
        .arg(dir.path())
        .arg(seed("000_4d1aae1c1a1ac195.txt"))
        .assert()
        .code(3)
        .stderr(
            predicate::str::contains("already exists").and(predicate::str::contains("--force")),
        );
    assert_eq!(
        read(&target),
        "a curator's edits",
        "the existing file is untouched"
    );
    cablegram()
        .args(["normalize", "--force", "--write"])
        .arg(dir.path())
        .arg(seed("000_4d1aae1c1a1ac195.txt"))
        .assert()
        .success();
    assert!(read(&target).starts_with("+++\nid = \"115059\""));
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .expect("dir")
        .map(|e| e.expect("e").file_name())
        .collect();
    assert_eq!(leftovers.len(), 1, "no temporary files left: {leftovers:?}");
}

#[test]
fn normalize_names_a_binary_file_and_fails() {
    let dir = tempfile::tempdir().expect("tempdir");
    let png = dir.path().join("scan.txt");
    std::fs::write(&png, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").expect("write");
    cablegram()
        .arg("normalize")
        .arg(&png)
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains(
            "scan.txt:1:1: error: not a text file: a PNG image",
        ));
}

#[test]
fn check_reports_file_line_col_and_exit_codes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let content = dir.path().join("content");
    std::fs::create_dir_all(&content).expect("content");
    std::fs::copy(seed("000_4d1aae1c1a1ac195.txt"), content.join("cable.txt")).expect("copy");
    cablegram()
        .args(["check", "--root"])
        .arg(dir.path())
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "checked 1 records (0 undated): 0 errors, 0 warnings",
        ));

    std::fs::write(
        content.join("bad.md"),
        "+++\ntitle = \"A\"\n\ntilte = \"typo\"\n+++\n",
    )
    .expect("write");
    std::fs::write(
        content.join("notes.txt"),
        "Some notes without any date\n\nJust text.\n",
    )
    .expect("write");
    cablegram()
        .args(["check", "--root"])
        .arg(dir.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "content/bad.md:4:1: error: unknown field `tilte`",
        ))
        .stderr(predicate::str::contains(
            "content/notes.txt:1:1: warning: no date found",
        ))
        .stdout(predicate::str::contains("1 error, "));

    std::fs::remove_file(content.join("bad.md")).expect("remove");
    cablegram()
        .args(["check", "--root"])
        .arg(dir.path())
        .assert()
        .success();
    cablegram()
        .args(["check", "--strict", "--root"])
        .arg(dir.path())
        .assert()
        .code(1);
}

#[test]
fn usage_errors_exit_2_and_help_has_examples() {
    cablegram().arg("frobnicate").assert().code(2);
    cablegram().arg("normalize").assert().code(2);
    cablegram()
        .args(["normalize", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Examples:"));
    cablegram()
        .args(["check", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Examples:"));
}

#[test]
fn the_sample_collection_checks_clean() {
    cablegram()
        .args(["check", "--strict", "--root", env!("CARGO_MANIFEST_DIR")])
        .assert()
        .success()
        .stdout(predicate::str::contains("0 errors, 0 warnings"));
}

#[test]
fn completions_cover_every_command_for_each_shell() {
    for shell in ["bash", "zsh", "fish"] {
        let output = cablegram()
            .args(["completions", shell])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        let script = String::from_utf8_lossy(&output);
        for command in [
            "init",
            "normalize",
            "check",
            "build",
            "serve",
            "completions",
        ] {
            assert!(script.contains(command), "{shell}: {command}");
        }
    }
    cablegram().args(["completions", "tcsh"]).assert().code(2);
}

#[test]
fn quiet_prints_problems_only_and_verbose_the_stages() {
    let root = env!("CARGO_MANIFEST_DIR");
    cablegram()
        .args(["check", "-q", "--root", root])
        .assert()
        .success()
        .stdout("");
    let out = tempfile::tempdir().expect("tempdir");
    cablegram()
        .args(["build", "-v", "--root", root, "--out"])
        .arg(out.path().join("site"))
        .assert()
        .success()
        .stdout(predicate::str::contains("render").and(predicate::str::contains("built")));
    cablegram()
        .args(["build", "--quiet", "--verbose", "--root", root])
        .assert()
        .code(2);
}
