//! Bad input of every kind, through the commands a user runs: one clear message naming the file
//! (and line, where there is one), a non-zero exit, never a panic, never a partial site; and
//! nothing outside the output folder ever written or deleted.

use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;

use crate::site::fixture_site;

fn cablegram(root: &Path, args: &[&str]) -> assert_cmd::assert::Assert {
    Command::cargo_bin("cablegram")
        .expect("binary")
        .env("NO_COLOR", "1")
        .args(args)
        .arg("--root")
        .arg(root)
        .timeout(std::time::Duration::from_secs(60))
        .assert()
}

fn put(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("dir");
    std::fs::write(path, text).expect("write");
}

/// Each mistake, and what the message must say.
#[test]
fn each_bad_input_is_one_located_message_and_no_site() {
    type Mistake = fn(&Path);
    let cases: [(&str, Mistake, &str); 9] = [
        (
            "a wrong type in site.toml",
            |r| put(r, "site.toml", "title = \"T\"\npage_size = \"ten\"\n"),
            "site.toml:2:13: error:",
        ),
        (
            "an unknown key in site.toml",
            |r| put(r, "site.toml", "title = \"T\"\ntitel = \"U\"\n"),
            "site.toml:2:1: error: unknown field `titel`",
        ),
        (
            "a missing theme",
            |r| put(r, "site.toml", "title = \"T\"\ntheme = \"nope\"\n"),
            "site.toml:1:1: error: theme `nope` not found",
        ),
        (
            "a template syntax error",
            |r| put(r, "templates/document.html", "<p>\n{% if %}</p>\n"),
            "templates/document.html:2:",
        ),
        (
            "an impossible date",
            |r| {
                put(
                    r,
                    "content/bad.md",
                    "+++\ntitle = \"Bad\"\ndate = 1962-02-30\n+++\n\nText.\n",
                )
            },
            "content/bad.md:3:",
        ),
        (
            "an id used twice",
            |r| {
                put(r, "content/a.md", "+++\nid = \"x\"\ntitle = \"A\"\n+++\n");
                put(r, "content/b.md", "+++\nid = \"x\"\ntitle = \"B\"\n+++\n");
            },
            "content/b.md",
        ),
        (
            "broken front matter",
            |r| put(r, "content/c.md", "+++\ntitle = \"C\n+++\n"),
            "content/c.md:2:",
        ),
        (
            "a file that cannot be read",
            |r| {
                #[cfg(unix)]
                let _ = std::os::unix::fs::symlink("/nonexistent/x", r.join("content/gone.txt"));
            },
            "content/gone.txt:",
        ),
        (
            "a symbolic link looping back",
            |r| {
                #[cfg(unix)]
                let _ = std::os::unix::fs::symlink("..", r.join("content/loop"));
            },
            "content/loop:",
        ),
    ];
    for (what, mistake, message) in cases {
        let site = fixture_site("");
        mistake(site.path());
        for command in ["build", "check"] {
            let output = cablegram(site.path(), &[command])
                .code(1)
                .get_output()
                .clone();
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert!(stderr.contains(message), "{what}, {command}: {stderr}");
            assert!(!stderr.contains("panicked"), "{what}, {command}: {stderr}");
        }
        assert!(
            !site.path().join("public").exists(),
            "{what}: a partial site"
        );
    }
}

/// Files beside and above the output folder survive every command; a build only ever replaces
/// the folder it made itself.
#[test]
fn nothing_outside_the_output_folder_is_touched() {
    let site = fixture_site("");
    let root = site.path();
    let planted = [
        "notes.txt",
        "public-old/index.html",
        ".public.cablegram-new-1/keep.txt",
        "content/../drafts/draft.txt",
        "templates/README.md",
    ];
    for p in planted {
        put(root, p, "mine");
    }
    let out = root.join("public");
    cablegram(root, &["build", "--quiet"]).success();
    cablegram(root, &["build", "--quiet"]).success();
    cablegram(root, &["check"]).success();
    Command::cargo_bin("cablegram")
        .expect("binary")
        .args(["init", "--force"])
        .arg(root)
        .assert()
        .success();
    Command::cargo_bin("cablegram")
        .expect("binary")
        .current_dir(root)
        .args([
            "normalize",
            "--write",
            "curated",
            "content/001_39e9807f1f425bb8.txt",
        ])
        .assert()
        .success();
    // Written again: refused, the first kept.
    Command::cargo_bin("cablegram")
        .expect("binary")
        .current_dir(root)
        .args([
            "normalize",
            "--write",
            "curated",
            "content/001_39e9807f1f425bb8.txt",
        ])
        .assert()
        .failure();
    for p in planted {
        assert_eq!(
            std::fs::read_to_string(root.join(p)).ok().as_deref(),
            Some("mine"),
            "{p}"
        );
    }
    assert!(out.join("index.html").is_file());
    // A folder cablegram did not make is never replaced.
    let other = root.join("public-old");
    cablegram(
        root,
        &["build", "--out", other.to_str().unwrap_or_default()],
    )
    .failure()
    .stderr(predicate::str::contains("public-old"));
    assert_eq!(
        std::fs::read_to_string(other.join("index.html"))
            .ok()
            .as_deref(),
        Some("mine")
    );
}
