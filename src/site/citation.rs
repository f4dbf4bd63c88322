//! Citations of a record (placeholder interface while the hayagriva-based module is finished).

use crate::record::Record;

pub struct Styled {
    pub chicago: String,
    pub mla: String,
    pub apa: String,
}

pub fn styled(record: &Record, _page_url: Option<&str>) -> Styled {
    let t = record
        .title
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    Styled {
        chicago: t.clone(),
        mla: t.clone(),
        apa: t,
    }
}

pub fn bibtex(record: &Record, _page_url: Option<&str>) -> String {
    format!(
        "@unpublished{{{},\n  title = {{{}}}\n}}\n",
        record.id(),
        record.title
    )
}

pub fn ris(record: &Record, _page_url: Option<&str>) -> String {
    format!("TY  - MANSCPT\nTI  - {}\nER  - \n", record.title)
}

pub fn csl_json(record: &Record, _page_url: Option<&str>) -> serde_json::Value {
    serde_json::json!({"id": record.id(), "type": "manuscript", "title": record.title})
}
