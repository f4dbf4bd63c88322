//! The collection as data: `/data/` downloads, the Atom feed, the sitemap, `robots.txt`.

use serde_json::json;

use super::pages::Sink;
use super::views::document_dir;
use super::Bodies;
use super::OutputFile;
use crate::citation;
use crate::config::SiteConfig;
use crate::diagnostic::Diagnostic;
use crate::record::{self, Record};

/// The files of `/data/`, with what each holds (shown on the data page).
pub const FILES: &[(&str, &str)] = &[
    (
        "records.json",
        "every record with its text, in the JSON form of the record schema",
    ),
    (
        "records.csv",
        "one row per record: the main fields, for spreadsheets",
    ),
    (
        "bibliography.bib",
        "BibTeX, one @unpublished entry per record",
    ),
    (
        "bibliography.ris",
        "RIS, for Zotero, EndNote and other reference managers",
    ),
    ("bibliography.json", "CSL-JSON, for citeproc and Zotero"),
    (
        "datapackage.json",
        "a Frictionless data package describing these files",
    ),
];

const CSV_FIELDS: &[(&str, &str)] = &[
    ("id", "string"),
    ("slug", "string"),
    ("title", "string"),
    ("date", "string"),
    ("kind", "string"),
    ("subject", "string"),
    ("summary", "string"),
    ("from", "string"),
    ("to", "string"),
    ("sent_place", "string"),
    ("sent_at", "datetime"),
    ("received_place", "string"),
    ("received_at", "datetime"),
    ("language", "string"),
    ("original_language", "string"),
    ("archive", "string"),
    ("collection", "string"),
    ("archive_place", "string"),
    ("translator", "string"),
    ("source_url", "string"),
    ("citation", "string"),
    ("people", "string"),
    ("places", "string"),
    ("topics", "string"),
    ("page", "string"),
];

/// The absolute address of a record's page, when the site has a `base_url`.
pub(crate) fn page_url(config: &SiteConfig, r: &Record) -> Option<String> {
    config
        .base_url()
        .map(|b| format!("{b}{}", document_dir(r.slug())))
}

/// The `/data/` files, each streamed to `sink` a chunk of records at a time, so that no
/// whole-collection file or JSON tree is ever held in memory.
pub fn data_files(
    records: &[Record],
    bodies: &Bodies,
    config: &SiteConfig,
    sink: &dyn Sink,
) -> Result<(), Diagnostic> {
    let url = |r: &Record| page_url(config, r);
    let json = |i: usize, r: &Record| {
        let mut json = record::to_json(r);
        json["body"] = bodies.get(i)?.into();
        Ok(json_element(&json))
    };
    let csl = |_, r: &Record| Ok(json_element(&citation::csl_json(r, url(r).as_deref())));
    let bib = |_, r: &Record| Ok(citation::bibtex(r, url(r).as_deref()));
    let ris = |_, r: &Record| Ok(citation::ris(r, url(r).as_deref()));
    let json_array = Frame {
        open: "[\n",
        separator: ",\n",
        close: "\n]\n",
        empty: "[]\n",
    };
    let lines = Frame {
        open: "",
        separator: "\n",
        close: "\n",
        empty: "",
    };
    stream(sink, "data/records.json", records, &json_array, &json)?;
    sink.put_with("data/records.csv", &mut |w| csv(records, config, w))?;
    stream(sink, "data/bibliography.bib", records, &lines, &bib)?;
    stream(sink, "data/bibliography.ris", records, &lines, &ris)?;
    stream(sink, "data/bibliography.json", records, &json_array, &csl)?;
    sink.put(OutputFile {
        path: "data/datapackage.json".into(),
        bytes: datapackage(config),
        html: false,
    })
}

/// What goes around and between the records' entries in a data file.
struct Frame {
    open: &'static str,
    separator: &'static str,
    close: &'static str,
    empty: &'static str,
}

/// Writes one entry per record, made in parallel a chunk at a time (to bound memory) and written
/// in collection order.
fn stream(
    sink: &dyn Sink,
    path: &str,
    records: &[Record],
    frame: &Frame,
    entry: &(dyn Fn(usize, &Record) -> Result<String, Diagnostic> + Sync),
) -> Result<(), Diagnostic> {
    use rayon::prelude::*;
    const CHUNK: usize = 1024;
    let mut failed = None;
    let written = sink.put_with(path, &mut |w| {
        if records.is_empty() {
            return w.write_all(frame.empty.as_bytes());
        }
        w.write_all(frame.open.as_bytes())?;
        for (c, chunk) in records.chunks(CHUNK).enumerate() {
            let entries: Result<Vec<String>, Diagnostic> = chunk
                .par_iter()
                .enumerate()
                .map(|(i, r)| entry(c * CHUNK + i, r))
                .collect();
            let entries = match entries {
                Ok(entries) => entries,
                Err(d) => {
                    failed = Some(d);
                    return Err(std::io::Error::other("a record could not be read"));
                }
            };
            for (i, e) in entries.iter().enumerate() {
                if c > 0 || i > 0 {
                    w.write_all(frame.separator.as_bytes())?;
                }
                w.write_all(e.as_bytes())?;
            }
        }
        w.write_all(frame.close.as_bytes())
    });
    match failed {
        Some(d) => Err(d),
        None => written,
    }
}

/// One element of a pretty-printed JSON array, indented as an array element.
fn json_element(value: &serde_json::Value) -> String {
    let pretty = serde_json::to_string_pretty(value).unwrap_or_default();
    let mut out = String::with_capacity(pretty.len() + pretty.len() / 8);
    for (i, line) in pretty.lines().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str("  ");
        out.push_str(line);
    }
    out
}

fn csv(
    records: &[Record],
    config: &SiteConfig,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(CSV_FIELDS.iter().map(|f| f.0))?;
    let join = |v: &[String]| v.join("; ");
    for r in records {
        let parties = |ps: &[record::Party]| {
            ps.iter()
                .map(record::Party::label)
                .collect::<Vec<_>>()
                .join("; ")
        };
        let s = &r.source;
        let t = r.transmitted.as_ref();
        let rc = r.received.as_ref();
        let row = [
            r.id().to_owned(),
            r.slug().to_owned(),
            r.title.clone(),
            r.date.map(|d| d.to_string()).unwrap_or_default(),
            r.kind
                .as_ref()
                .map(|k| k.as_str().to_owned())
                .unwrap_or_default(),
            r.subject.clone().unwrap_or_default(),
            r.summary.clone().unwrap_or_default(),
            parties(&r.from),
            parties(&r.to),
            t.and_then(|t| t.place.clone()).unwrap_or_default(),
            t.and_then(|t| t.at)
                .map(|a| a.to_string())
                .unwrap_or_default(),
            rc.and_then(|t| t.place.clone()).unwrap_or_default(),
            rc.and_then(|t| t.at)
                .map(|a| a.to_string())
                .unwrap_or_default(),
            r.language.clone().unwrap_or_default(),
            r.original_language.clone().unwrap_or_default(),
            s.archive.clone().unwrap_or_default(),
            s.collection.clone().unwrap_or_default(),
            s.archive_place.clone().unwrap_or_default(),
            s.translator.clone().unwrap_or_default(),
            s.url.clone().unwrap_or_default(),
            s.citation.clone().unwrap_or_default(),
            join(&r.people),
            join(&r.places),
            join(&r.topics),
            page_url(config, r).unwrap_or_else(|| document_dir(r.slug())),
        ];
        w.write_record(&row)?;
    }
    w.flush()
}

/// A data package: not tabular-only, since it lists BibTeX, RIS and JSON resources too.
fn datapackage(config: &SiteConfig) -> Vec<u8> {
    let fields: Vec<serde_json::Value> = CSV_FIELDS
        .iter()
        .map(|(name, ty)| json!({"name": name, "type": ty}))
        .collect();
    let pkg = json!({
        "profile": "data-package",
        "name": slug::slugify(&config.title),
        "title": config.title,
        "description": config.description,
        "resources": [
            {"name": "records", "path": "records.json", "format": "json", "mediatype": "application/json"},
            {"name": "records-table", "path": "records.csv", "format": "csv", "mediatype": "text/csv",
             "profile": "tabular-data-resource", "encoding": "utf-8", "schema": {"fields": fields}},
            {"name": "bibliography-bibtex", "path": "bibliography.bib", "format": "bib", "mediatype": "application/x-bibtex"},
            {"name": "bibliography-ris", "path": "bibliography.ris", "format": "ris", "mediatype": "application/x-research-info-systems"},
            {"name": "bibliography-csl", "path": "bibliography.json", "format": "json", "mediatype": "application/vnd.citationstyles.csl+json"},
        ],
    });
    serde_json::to_vec_pretty(&pkg).unwrap_or_default()
}

/// Atom feed: newest documents first, `feed_size` of them. Needs `base_url` for absolute links.
pub fn feed(records: &[Record], config: &SiteConfig) -> Option<OutputFile> {
    let base = config.base_url()?;
    let mut newest: Vec<&Record> = records.iter().filter(|r| r.date.is_some()).collect();
    newest.reverse();
    newest.truncate(config.feed_size);
    let stamp = |r: &Record| {
        let d = r.date.expect("dated");
        format!(
            "{:04}-{:02}-{:02}T00:00:00Z",
            d.year(),
            d.month().unwrap_or(1),
            d.day().unwrap_or(1)
        )
    };
    // The feed's `updated` is the newest document's date, so the output stays deterministic.
    let updated = newest
        .first()
        .map(|r| stamp(r))
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".into());
    let mut x = String::new();
    x.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
    x.push_str(&format!(
        "  <id>{}</id>\n  <title>{}</title>\n",
        crate::markup::escaped(&base),
        crate::markup::escaped(&config.title)
    ));
    if let Some(d) = &config.description {
        x.push_str(&format!(
            "  <subtitle>{}</subtitle>\n",
            crate::markup::escaped(d)
        ));
    }
    x.push_str(&format!("  <updated>{updated}</updated>\n"));
    let author = config
        .publisher
        .clone()
        .unwrap_or_else(|| config.title.clone());
    x.push_str(&format!(
        "  <author><name>{}</name></author>\n",
        crate::markup::escaped(&author)
    ));
    x.push_str(&format!(
        "  <link rel=\"self\" href=\"{}feed.xml\"/>\n  <link rel=\"alternate\" href=\"{}\"/>\n",
        crate::markup::escaped(&base),
        crate::markup::escaped(&base)
    ));
    for r in newest {
        let url = format!("{base}{}", document_dir(r.slug()));
        x.push_str("  <entry>\n");
        x.push_str(&format!(
            "    <id>{}</id>\n    <title>{}</title>\n",
            crate::markup::escaped(&url),
            crate::markup::escaped(&r.title)
        ));
        x.push_str(&format!("    <updated>{}</updated>\n", stamp(r)));
        x.push_str(&format!(
            "    <link rel=\"alternate\" href=\"{}\"/>\n",
            crate::markup::escaped(&url)
        ));
        if let Some(s) = &r.summary {
            x.push_str(&format!(
                "    <summary>{}</summary>\n",
                crate::markup::escaped(s)
            ));
        }
        x.push_str("  </entry>\n");
    }
    x.push_str("</feed>\n");
    Some(OutputFile {
        path: "feed.xml".into(),
        bytes: x.into_bytes(),
        html: false,
    })
}

/// The sitemap (an index of several past 50,000 URLs) and `robots.txt`.
pub fn sitemap(page_paths: &[String], config: &SiteConfig) -> Vec<OutputFile> {
    const MAX: usize = 50_000;
    let Some(base) = config.base_url() else {
        return vec![OutputFile {
            path: "robots.txt".into(),
            bytes: b"User-agent: *\nAllow: /\n".to_vec(),
            html: false,
        }];
    };
    let mut urls: Vec<String> = page_paths
        .iter()
        .filter(|p| p.ends_with("index.html"))
        .map(|p| format!("{base}{}", p.trim_end_matches("index.html")))
        .collect();
    urls.sort();
    let urlset = |chunk: &[String]| {
        let mut x = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
        for u in chunk {
            x.push_str(&format!(
                "  <url><loc>{}</loc></url>\n",
                crate::markup::escaped(u)
            ));
        }
        x.push_str("</urlset>\n");
        x.into_bytes()
    };
    let mut out = Vec::new();
    if urls.len() <= MAX {
        out.push(OutputFile {
            path: "sitemap.xml".into(),
            bytes: urlset(&urls),
            html: false,
        });
    } else {
        let mut index = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
        for (n, chunk) in urls.chunks(MAX).enumerate() {
            let name = format!("sitemap-{}.xml", n + 1);
            index.push_str(&format!(
                "  <sitemap><loc>{}</loc></sitemap>\n",
                crate::markup::escaped(&format!("{base}{name}"))
            ));
            out.push(OutputFile {
                path: name,
                bytes: urlset(chunk),
                html: false,
            });
        }
        index.push_str("</sitemapindex>\n");
        out.push(OutputFile {
            path: "sitemap.xml".into(),
            bytes: index.into_bytes(),
            html: false,
        });
    }
    out.push(OutputFile {
        path: "robots.txt".into(),
        bytes: format!("User-agent: *\nAllow: /\nSitemap: {base}sitemap.xml\n").into_bytes(),
        html: false,
    });
    out
}
