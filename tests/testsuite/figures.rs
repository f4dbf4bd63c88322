//! The collection seen: the sample's map of places, its timeline drawn as a chart, and its
//! correspondents as people, built by the test and read back from the pages' SVG and HTML.

use std::collections::HashMap;
use std::path::Path;

use assert_cmd::Command;
use scraper::Html;

use crate::site::{page, sel, texts};
use crate::support::repo;

/// The sample built once into a temporary folder, under a project path.
fn sample() -> tempfile::TempDir {
    let out = tempfile::tempdir().expect("tempdir");
    Command::cargo_bin("cablegram")
        .expect("binary")
        .args(["build", "--quiet", "--root"])
        .arg(repo())
        .arg("--out")
        .arg(out.path().join("public"))
        .args(["--base-url", "https://example.github.io/repo/"])
        .assert()
        .success();
    out
}

/// Each mark or bar of an SVG: its title (`Havana: 12 documents`), link and shape attributes.
fn marks(html: &Html, figure: &str) -> Vec<(String, String, HashMap<String, f64>)> {
    html.select(&sel(&format!("{figure} title")))
        .filter_map(|title| {
            let group = scraper::ElementRef::wrap(title.parent()?)?;
            let href = group.value().attr("href").unwrap_or_default().to_owned();
            let shape = group.select(&sel("circle, rect")).next()?;
            let numbers = shape
                .value()
                .attrs()
                .filter_map(|(k, v)| Some((k.to_owned(), v.trim_end_matches('%').parse().ok()?)))
                .collect();
            Some((title.text().collect(), href, numbers))
        })
        .collect()
}

fn at(marks: &[(String, String, HashMap<String, f64>)], place: &str) -> (f64, f64, String) {
    let (_, href, n) = marks
        .iter()
        .find(|(title, _, _)| title.starts_with(&format!("{place}:")))
        .unwrap_or_else(|| panic!("no mark for {place}"));
    (n["cx"], n["cy"], href.clone())
}

#[test]
fn the_map_shows_each_place_where_it_is_linked_to_its_page() {
    let out = sample();
    let public = out.path().join("public");
    let map = page(&public.join("map/index.html"));
    let marks = marks(&map, ".map");
    // Every place of the text list has its mark, and the other way round.
    let listed = texts(&map, ".places li a");
    assert_eq!(marks.len(), listed.len());
    assert!(listed.len() >= 60, "{} places", listed.len());
    let (havana, washington, moscow, tokyo) = (
        at(&marks, "Havana"),
        at(&marks, "Washington"),
        at(&marks, "Moscow"),
        at(&marks, "Tokyo"),
    );
    // Equirectangular, x east and y south: Havana is south of Washington and west of Moscow,
    // Moscow north of Havana, Tokyo east of Moscow.
    assert!(havana.1 > washington.1 && havana.0 < washington.0 + 5.0);
    assert!(havana.0 < moscow.0 && moscow.1 < havana.1);
    assert!(tokyo.0 > moscow.0);
    // Washington at 38.9° N, 77.0° W on a map 360 wide and 180 high.
    assert!(
        (washington.0 - (180.0 - 77.0)).abs() < 1.0,
        "{washington:?}"
    );
    assert!((washington.1 - (90.0 - 38.9)).abs() < 1.0, "{washington:?}");
    // A mark links to its place's page, which has a locator map of it.
    assert_eq!(havana.2, "../places/havana/index.html");
    let place = page(&public.join("places/havana/index.html"));
    assert_eq!(place.select(&sel(".figure-locator svg.map")).count(), 1);
    // Marks are sized by their documents: more documents, a larger circle.
    let radius = |place: &str| {
        let (_, _, n) = marks
            .iter()
            .find(|(t, _, _)| t.starts_with(&format!("{place}:")))
            .expect("mark");
        n["r"]
    };
    assert!(radius("Cuba") > radius("Tokyo"));
    // No request off the site: the basemap is the theme's own.
    let basemap = map
        .select(&sel(".map image"))
        .filter_map(|i| i.value().attr("href"))
        .collect::<Vec<_>>();
    assert_eq!(basemap, ["../assets/world.svg"]);
    assert!(public.join("assets/world.svg").is_file());
}

#[test]
fn a_cable_draws_its_way_from_where_it_was_sent_to_where_it_was_received() {
    let out = sample();
    let doc = page(&out.path().join(
        "public/documents/1962-11-28-cable-from-japanese-embassy-in-havana-to-tokyo/index.html",
    ));
    let marks = marks(&doc, ".figure-locator");
    let (havana, tokyo) = (at(&marks, "Havana"), at(&marks, "Tokyo"));
    assert!(havana.0 != tokyo.0);
    // The line, and its arrowhead at the receiving end.
    assert_eq!(doc.select(&sel("path.map-route")).count(), 2);
}

#[test]
fn the_chart_shows_the_busiest_months_and_links_each_to_the_timeline() {
    let out = sample();
    let public = out.path().join("public");
    let home = page(&public.join("index.html"));
    let bars = marks(&home, ".chart");
    let count = |title: &str| -> u64 {
        title
            .rsplit(": ")
            .next()
            .and_then(|n| n.split(' ').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or(0)
    };
    let most = bars.iter().map(|(t, _, _)| count(t)).max().unwrap_or(0);
    let busiest: Vec<&str> = bars
        .iter()
        .filter(|(t, _, _)| count(t) == most)
        .map(|(t, _, _)| t.as_str())
        .collect();
    assert_eq!(
        busiest,
        ["January 1962: 19 documents", "October 1962: 19 documents"]
    );
    // Each bar leads to its month's heading on its year's page, where that many documents are.
    let (_, href, _) = bars
        .iter()
        .find(|(t, _, _)| t.starts_with("October 1962"))
        .expect("October");
    let (file, anchor) = href.split_once('#').expect("an anchor");
    assert_eq!(anchor, "m-1962-10");
    let year = page(&public.join(file));
    let month = year
        .select(&sel(&format!("#{anchor}")))
        .next()
        .expect("the month's heading");
    let records = month.select(&sel(".record")).count();
    assert!(records >= 1, "{records}");
    // The text alternative says the same: a row for each bar.
    assert_eq!(home.select(&sel(".figure-text li")).count(), bars.len());
    // The undated documents are counted beside the chart.
    let caption = texts(&home, ".figure figcaption").join(" ");
    assert!(caption.contains("9 undated"), "{caption}");
    // The timeline's overview has the same chart; a person's page a small one of theirs.
    let overview = page(&public.join("timeline/index.html"));
    assert_eq!(marks(&overview, ".chart").len(), bars.len());
    let castro = page(&public.join("people/fidel-castro/index.html"));
    let title = texts(&castro, ".sparkline title").join("");
    assert!(
        title.starts_with("Fidel Castro: documents over time: "),
        "{title}"
    );
    assert!(title.contains("; most in "), "{title}");
    // A handful of documents is read from the list itself: no chart above it.
    let (mut with, mut without) = (0, 0);
    for entry in std::fs::read_dir(public.join("people")).expect("people") {
        let index = entry.expect("entry").path().join("index.html");
        if !index.is_file() {
            continue;
        }
        let person = page(&index);
        let listed = person.select(&sel("main .entries > li")).count();
        let chart = person.select(&sel(".sparkline")).count();
        assert_eq!(chart, usize::from(listed >= 5), "{}", index.display());
        *(if chart == 1 { &mut with } else { &mut without }) += 1;
    }
    assert!(
        with > 0 && without > 0,
        "{with} with a chart, {without} without"
    );
}

#[test]
fn a_person_is_one_correspondent_whatever_office_they_wrote_in() {
    let out = sample();
    let public = out.path().join("public");
    let ball = page(&public.join("correspondence/george-w-ball/index.html"));
    let offices: Vec<String> = texts(&ball, "h2")
        .into_iter()
        .map(|h| h.split(", with").next().unwrap_or_default().to_owned())
        .collect();
    for office in [
        "As Under Secretary of State",
        "As Acting Secretary of State",
        "As Under Secretary of State for Economic Affairs",
    ] {
        assert!(offices.iter().any(|o| o == office), "{office}: {offices:?}");
    }
    // The index lists him once, with those he wrote to and heard from, and draws the busiest.
    let index = page(&public.join("correspondence/index.html"));
    let names = texts(&index, ".correspondents > li > a");
    assert_eq!(names.iter().filter(|n| n.contains("Ball")).count(), 1);
    assert!(names.contains(&"Department of State".to_owned()));
    let counts: Vec<usize> = index
        .select(&sel(".correspondents > li > .count"))
        .filter_map(|c| {
            c.text()
                .collect::<String>()
                .trim_matches(['(', ')'])
                .parse()
                .ok()
        })
        .collect();
    assert!(
        counts.windows(2).all(|w| w[0] >= w[1]),
        "by volume: {counts:?}"
    );
    assert_eq!(index.select(&sel("svg.network")).count(), 1);
    // His page under People leads to his letters.
    let person = page(&public.join("people/george-w-ball/index.html"));
    let links: Vec<&str> = person
        .select(&sel("main a"))
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert!(
        links.contains(&"../../correspondence/george-w-ball/index.html"),
        "{links:?}"
    );
    assert!(Path::new(&public.join("correspondence/department-of-state/index.html")).is_file());
}
