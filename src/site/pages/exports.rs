//! The collection as data: the `/data/` downloads, the Atom feed, the sitemap, `robots.txt`.

use serde_json::json;
use std::sync::Arc;

use super::documents::page_url;
use crate::citation;
use crate::diagnostic::Diagnostic;
use crate::error::Error;
use crate::markup::escaped;
use crate::record::{self, Record};
use crate::site::output::{OutputFile, Sink};
use crate::site::render::Inputs;
use crate::site::route::{DataFile, Route};

const CSV_FIELDS: &[(&str, &str)] = &[
    ("id", "string"),
    ("slug", "string"),
    ("title", "string"),
    ("date", "string"),
    ("kind", "string"),
    ("cable_number", "string"),
    ("precedence", "string"),
    ("classification", "string"),
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

/// A `/data/` file, streamed to `sink` a chunk of records at a time, so that no whole-collection
/// file or JSON tree is ever held in memory.
pub fn data_file(inputs: &Inputs, file: DataFile, gz: bool, sink: &dyn Sink) -> Result<(), Error> {
    let records = inputs.records;
    let url = |r: &Record| page_url(inputs, r);
    let path = Route::DataFile(file, gz).path();
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
    match file {
        DataFile::Records => {
            let json = |i: usize, r: &Record| {
                let mut json = record::to_json(r);
                json["body"] = inputs.bodies.get(i)?.into();
                json_element(&json)
            };
            stream(sink, &path, gz, records, &json_array, &json)
        }
        DataFile::RecordsCsv => {
            let header = csv_row(CSV_FIELDS.iter().map(|f| f.0))?;
            let table = Frame {
                open: &header,
                separator: "",
                close: "",
                empty: &header,
            };
            let row = |_, r: &Record| csv_row(csv_fields(inputs, r));
            stream(sink, &path, gz, records, &table, &row)
        }
        DataFile::Bibtex => {
            let bib = |_, r: &Record| Ok(citation::bibtex(r, url(r).as_deref()));
            stream(sink, &path, gz, records, &lines, &bib)
        }
        DataFile::Ris => {
            let ris = |_, r: &Record| Ok(citation::ris(r, url(r).as_deref()));
            stream(sink, &path, gz, records, &lines, &ris)
        }
        DataFile::CslJson => {
            let csl = |_, r: &Record| json_element(&citation::csl_json(r, url(r).as_deref()));
            stream(sink, &path, gz, records, &json_array, &csl)
        }
        DataFile::Package => {
            let bytes = datapackage(inputs)?;
            sink.put_with(&path, &mut |w| write_part(w, gz, &bytes))
        }
    }
}

/// What goes around and between the records' entries in a data file.
struct Frame<'a> {
    open: &'a str,
    separator: &'a str,
    close: &'a str,
    empty: &'a str,
}

/// Writes one entry per record, made in parallel a chunk at a time (to bound memory) and written
/// in collection order. Gzipped, each chunk is compressed in parallel too, as a member of the
/// gzip file (a gzip file is any number of members, read one after the other).
fn stream(
    sink: &dyn Sink,
    path: &str,
    gz: bool,
    records: &[Arc<Record>],
    frame: &Frame<'_>,
    entry: &(dyn Fn(usize, &Record) -> Result<String, Diagnostic> + Sync),
) -> Result<(), Error> {
    use rayon::prelude::*;
    const CHUNK: usize = 256;
    // Chunks made at once: enough to keep every thread busy, few enough to bound memory.
    const GROUP: usize = 16;
    let mut failed = None;
    let chunks: Vec<&[Arc<Record>]> = records.chunks(CHUNK).collect();
    let written = sink.put_with(path, &mut |w| {
        if records.is_empty() {
            return write_part(w, gz, frame.empty.as_bytes());
        }
        for (g, group) in chunks.chunks(GROUP).enumerate() {
            let parts: Result<Vec<Vec<u8>>, Diagnostic> = group
                .par_iter()
                .enumerate()
                .map(|(k, chunk)| {
                    let c = g * GROUP + k;
                    SCRATCH.with_borrow_mut(|(text, packed)| {
                        text.clear();
                        if c == 0 {
                            text.push_str(frame.open);
                        }
                        for (i, r) in chunk.iter().enumerate() {
                            if c > 0 || i > 0 {
                                text.push_str(frame.separator);
                            }
                            text.push_str(&entry(c * CHUNK + i, r)?);
                        }
                        if c + 1 == chunks.len() {
                            text.push_str(frame.close);
                        }
                        match gz {
                            true => match compress(text.as_bytes(), packed) {
                                Ok(()) => Ok(packed.clone()),
                                Err(e) => {
                                    let m = format!("cannot compress: {e}");
                                    Err(Diagnostic::error(path, m))
                                }
                            },
                            false => Ok(text.as_bytes().to_vec()),
                        }
                    })
                })
                .collect();
            match parts {
                Ok(parts) => parts.iter().try_for_each(|p| w.write_all(p))?,
                Err(d) => {
                    failed = Some(d);
                    return Err(std::io::Error::other("a record could not be read"));
                }
            }
        }
        Ok(())
    });
    match failed {
        Some(d) => Err(d.into()),
        None => written,
    }
}

/// How hard the data downloads are compressed: libdeflate's level 1 (its 0 stores without
/// compressing), on these files as small as zlib's level 3 to within 5% at twice its speed (the
/// downloads were a sixth of a build's time at zlib's level 3).
const GZIP_LEVEL: libdeflater::CompressionLvl = match libdeflater::CompressionLvl::new(1) {
    Ok(level) => level,
    Err(_) => panic!("libdeflate has a level 1"),
};

thread_local! {
    /// A thread's text of a chunk and its compressed bytes, kept from chunk to chunk, and its
    /// compressor with its tables: made anew, each was megabytes of fresh memory for the system
    /// to hand over, page by page.
    static SCRATCH: std::cell::RefCell<(String, Vec<u8>)> = Default::default();
    static COMPRESSOR: std::cell::RefCell<libdeflater::Compressor> =
        std::cell::RefCell::new(libdeflater::Compressor::new(GZIP_LEVEL));
}

/// `bytes` as one gzip member, into `out`.
fn compress(bytes: &[u8], out: &mut Vec<u8>) -> std::io::Result<()> {
    COMPRESSOR.with_borrow_mut(|compressor| {
        out.resize(compressor.gzip_compress_bound(bytes.len()), 0);
        let len = compressor
            .gzip_compress(bytes, out)
            .map_err(std::io::Error::other)?;
        out.truncate(len);
        Ok(())
    })
}

fn write_part(w: &mut dyn std::io::Write, gz: bool, bytes: &[u8]) -> std::io::Result<()> {
    match gz {
        true => {
            let mut packed = Vec::new();
            compress(bytes, &mut packed)?;
            w.write_all(&packed)
        }
        false => w.write_all(bytes),
    }
}

/// One element of a JSON array, on a line of its own: a file that line tools read a record at a
/// time (`zcat records.json.gz | sed -n 2p`), and a tenth smaller before compression than
/// indented JSON, which is quicker to write and to compress.
fn json_element(value: &serde_json::Value) -> Result<String, Diagnostic> {
    serde_json::to_string(value)
        .map_err(|e| Diagnostic::error("data/", format!("cannot write JSON: {e}")))
}

/// One line of the CSV table, its line end included.
fn csv_row<T: AsRef<[u8]>>(fields: impl IntoIterator<Item = T>) -> Result<String, Diagnostic> {
    let failed =
        |e: &dyn std::fmt::Display| Diagnostic::error("data/", format!("cannot write CSV: {e}"));
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(fields).map_err(|e| failed(&e))?;
    let bytes = w.into_inner().map_err(|e| failed(&e))?;
    String::from_utf8(bytes).map_err(|e| failed(&e))
}

/// A record's row of the CSV table, in the order of [`CSV_FIELDS`].
fn csv_fields(inputs: &Inputs, r: &Record) -> [String; CSV_FIELDS.len()] {
    let join = |v: &[String]| v.join("; ");
    let parties = |ps: &[record::Party]| {
        ps.iter()
            .map(record::Party::label)
            .collect::<Vec<_>>()
            .join("; ")
    };
    let s = &r.source;
    let t = r.transmitted.as_ref();
    let rc = r.received.as_ref();
    [
        r.id().to_owned(),
        r.slug().to_owned(),
        r.title.clone(),
        r.date.map(|d| d.to_string()).unwrap_or_default(),
        r.kind
            .as_ref()
            .map(|k| k.as_str().to_owned())
            .unwrap_or_default(),
        r.cable_number.clone().unwrap_or_default(),
        r.precedence.clone().unwrap_or_default(),
        r.classification.clone().unwrap_or_default(),
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
        page_url(inputs, r).unwrap_or_else(|| Route::Document(r.slug()).dir()),
    ]
}

/// A data package: not tabular-only, since it lists BibTeX, RIS and JSON resources too.
fn datapackage(inputs: &Inputs) -> Result<Vec<u8>, Error> {
    let config = inputs.config;
    // Each resource's file, and a compressed one said to be (Frictionless reads `.gz` paths).
    let name = |file: DataFile| {
        let path = inputs.model.data_file(file).path();
        path.rsplit('/').next().unwrap_or_default().to_owned()
    };
    let fields: Vec<serde_json::Value> = CSV_FIELDS
        .iter()
        .map(|(name, ty)| json!({"name": name, "type": ty}))
        .collect();
    let mut pkg = json!({
        "profile": "data-package",
        "name": slug::slugify(&config.title),
        "title": config.title,
        "description": config.description,
        "resources": [
            {"name": "records", "path": name(DataFile::Records), "format": "json", "mediatype": "application/json"},
            {"name": "records-table", "path": name(DataFile::RecordsCsv), "format": "csv", "mediatype": "text/csv",
             "profile": "tabular-data-resource", "encoding": "utf-8", "schema": {"fields": fields}},
            {"name": "bibliography-bibtex", "path": name(DataFile::Bibtex), "format": "bib", "mediatype": "application/x-bibtex"},
            {"name": "bibliography-ris", "path": name(DataFile::Ris), "format": "ris", "mediatype": "application/x-research-info-systems"},
            {"name": "bibliography-csl", "path": name(DataFile::CslJson), "format": "json", "mediatype": "application/vnd.citationstyles.csl+json"},
        ],
    });
    if let Some(resources) = pkg["resources"].as_array_mut() {
        for r in resources {
            if r["path"].as_str().is_some_and(|p| p.ends_with(".gz")) {
                r["compression"] = "gz".into();
            }
        }
    }
    serde_json::to_vec_pretty(&pkg).map_err(|e| {
        let path = Route::DataFile(DataFile::Package, false).path();
        Error::output(&path, format!("cannot write {path}: {e}"))
    })
}

/// Atom feed: newest documents first, `feed_size` of them; `None` without a `base_url` (a feed
/// needs absolute links).
pub fn feed(inputs: &Inputs) -> Option<OutputFile> {
    let config = inputs.config;
    let base = config.base_url()?;
    let mut newest: Vec<(&Record, String)> = inputs
        .records
        .iter()
        .filter_map(|r| {
            let d = r.date?;
            let stamp = format!(
                "{:04}-{:02}-{:02}T00:00:00Z",
                d.year(),
                d.month().unwrap_or(1),
                d.day().unwrap_or(1)
            );
            Some((&**r, stamp))
        })
        .collect();
    newest.reverse();
    newest.truncate(config.feed_size);
    // The feed's `updated` is the newest document's date, so the output stays deterministic.
    let updated = newest
        .first()
        .map(|(_, stamp)| stamp.clone())
        .unwrap_or_else(|| "1970-01-01T00:00:00Z".into());
    let mut x = String::new();
    x.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
    x.push_str(&format!(
        "  <id>{}</id>\n  <title>{}</title>\n",
        escaped(&base),
        escaped(&config.title)
    ));
    if let Some(d) = &config.description {
        x.push_str(&format!("  <subtitle>{}</subtitle>\n", escaped(d)));
    }
    x.push_str(&format!("  <updated>{updated}</updated>\n"));
    let author = config
        .publisher
        .clone()
        .unwrap_or_else(|| config.title.clone());
    x.push_str(&format!(
        "  <author><name>{}</name></author>\n",
        escaped(&author)
    ));
    x.push_str(&format!(
        "  <link rel=\"self\" href=\"{}\"/>\n  <link rel=\"alternate\" href=\"{}\"/>\n",
        escaped(&format!("{base}{}", Route::Feed.path())),
        escaped(&base)
    ));
    for (r, stamp) in newest {
        let url = format!("{base}{}", Route::Document(r.slug()).dir());
        x.push_str("  <entry>\n");
        x.push_str(&format!(
            "    <id>{}</id>\n    <title>{}</title>\n",
            escaped(&url),
            escaped(&r.title)
        ));
        x.push_str(&format!("    <updated>{stamp}</updated>\n"));
        x.push_str(&format!(
            "    <link rel=\"alternate\" href=\"{}\"/>\n",
            escaped(&url)
        ));
        if let Some(s) = &r.summary {
            x.push_str(&format!("    <summary>{}</summary>\n", escaped(s)));
        }
        x.push_str("  </entry>\n");
    }
    x.push_str("</feed>\n");
    Some(OutputFile {
        path: Route::Feed.path(),
        bytes: x.into_bytes(),
    })
}

/// The sitemap of every page the site lists (an index of several parts past 50,000 addresses);
/// none without a `base_url` (a sitemap needs absolute addresses).
pub fn sitemap(inputs: &Inputs) -> Vec<OutputFile> {
    const MAX: usize = 50_000;
    let Some(base) = inputs.config.base_url() else {
        return Vec::new();
    };
    let mut urls: Vec<String> = inputs
        .model
        .routes(false)
        .iter()
        .map(Route::path)
        .filter(|p| p.ends_with("index.html"))
        .map(|p| format!("{base}{}", p.trim_end_matches("index.html")))
        .collect();
    urls.sort();
    let urlset = |chunk: &[String]| {
        let mut x = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
        for u in chunk {
            x.push_str(&format!("  <url><loc>{}</loc></url>\n", escaped(u)));
        }
        x.push_str("</urlset>\n");
        x.into_bytes()
    };
    let mut out = Vec::new();
    if urls.len() <= MAX {
        out.push(OutputFile {
            path: Route::Sitemap.path(),
            bytes: urlset(&urls),
        });
    } else {
        let mut index = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
        for (n, chunk) in urls.chunks(MAX).enumerate() {
            let name = Route::sitemap_part(n + 1);
            index.push_str(&format!(
                "  <sitemap><loc>{}</loc></sitemap>\n",
                escaped(&format!("{base}{name}"))
            ));
            out.push(OutputFile {
                path: name,
                bytes: urlset(chunk),
            });
        }
        index.push_str("</sitemapindex>\n");
        out.push(OutputFile {
            path: Route::Sitemap.path(),
            bytes: index.into_bytes(),
        });
    }
    out
}

/// `robots.txt`: everything allowed, and where the sitemap is when there is one.
pub fn robots(inputs: &Inputs) -> OutputFile {
    let sitemap = match inputs.config.base_url() {
        Some(base) => format!("Sitemap: {base}{}\n", Route::Sitemap.path()),
        None => String::new(),
    };
    OutputFile {
        path: Route::Robots.path(),
        bytes: format!("User-agent: *\nAllow: /\n{sitemap}").into_bytes(),
    }
}
