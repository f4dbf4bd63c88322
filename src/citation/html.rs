//! hayagriva's rendered citations as escaped HTML, and the APA date correction.

use super::*;

/// APA 7 dates archival letters and documents to the day ("Frank, L. K. (1935, February 3).
/// [Letter to Robert M. Ogden]"); the APA CSL style gives manuscripts the year only. Replaces the
/// first rendered date, which in APA is the `(1962)` after the author.
pub(super) fn apa_full_date(children: &mut ElemChildren, date: &PartialDate) {
    let Some(month) = date
        .month()
        .map(crate::record::month_name)
        .filter(|m| !m.is_empty())
    else {
        return;
    };
    let text = match date.day() {
        Some(day) => format!("{}, {month} {day}", date.year()),
        None => format!("{}, {month}", date.year()),
    };
    if let Some(elem) = find_date(children) {
        let formatting = first_formatting(&elem.0).unwrap_or_default();
        elem.0 = vec![ElemChild::Text(hayagriva::Formatted { text, formatting })];
    }
}

pub(super) fn find_date(children: &mut ElemChildren) -> Option<&mut ElemChildren> {
    for child in children.0.iter_mut() {
        if let ElemChild::Elem(elem) = child {
            if elem.meta == Some(ElemMeta::Date) {
                return Some(&mut elem.children);
            }
            if let Some(found) = find_date(&mut elem.children) {
                return Some(found);
            }
        }
    }
    None
}

pub(super) fn first_formatting(children: &[ElemChild]) -> Option<Formatting> {
    children.iter().find_map(|c| match c {
        ElemChild::Text(t) => Some(t.formatting),
        ElemChild::Elem(e) => first_formatting(&e.children.0),
        _ => None,
    })
}

/// hayagriva's own HTML writer neither escapes text nor uses `<i>`: runs of equally formatted
/// text are collected, then written with escaping.
pub(super) fn html(children: &ElemChildren) -> String {
    let mut runs: Vec<(Formatting, Option<&str>, String)> = Vec::new();
    collect_runs(&children.0, &mut runs);
    let mut out = String::new();
    for (formatting, link, text) in &runs {
        if let Some(url) = link {
            out.push_str("<a href=\"");
            crate::markup::escape_markup(&mut out, url);
            out.push_str("\">");
        }
        let tags = tags(formatting);
        for (open, _) in &tags {
            out.push_str(open);
        }
        crate::markup::escape_markup(&mut out, text);
        for (_, close) in tags.iter().rev() {
            out.push_str(close);
        }
        if link.is_some() {
            out.push_str("</a>");
        }
    }
    out.trim().to_owned()
}

pub(super) fn collect_runs<'a>(
    children: &'a [ElemChild],
    runs: &mut Vec<(Formatting, Option<&'a str>, String)>,
) {
    for child in children {
        let (formatting, link, text) = match child {
            ElemChild::Text(t) => (t.formatting, None, t.text.as_str()),
            ElemChild::Link { text, url } => {
                (text.formatting, Some(url.as_str()), text.text.as_str())
            }
            ElemChild::Markup(m) => (Formatting::default(), None, m.as_str()),
            ElemChild::Elem(e) => {
                collect_runs(&e.children.0, runs);
                continue;
            }
            ElemChild::Transparent { .. } => continue,
        };
        match runs.last_mut() {
            Some((f, l, t)) if *f == formatting && *l == link && link.is_none() => t.push_str(text),
            _ => runs.push((formatting, link, text.to_owned())),
        }
    }
}

pub(super) fn tags(f: &Formatting) -> Vec<(&'static str, &'static str)> {
    let mut tags = Vec::new();
    if f.font_style == FontStyle::Italic {
        tags.push(("<i>", "</i>"));
    }
    if f.font_weight == FontWeight::Bold {
        tags.push(("<b>", "</b>"));
    }
    if f.font_variant == FontVariant::SmallCaps {
        tags.push(("<span style=\"font-variant: small-caps\">", "</span>"));
    }
    if f.text_decoration == TextDecoration::Underline {
        tags.push(("<u>", "</u>"));
    }
    match f.vertical_align {
        VerticalAlign::Sup => tags.push(("<sup>", "</sup>")),
        VerticalAlign::Sub => tags.push(("<sub>", "</sub>")),
        _ => {}
    }
    tags
}
