//! Figures of the collection drawn at build time as SVG: a [`map`] of places over the theme's
//! basemap, a [`chart`] of documents over time, and a [`network`] of who wrote to whom.
//!
//! Each function takes plain data (names, counts, coordinates and hrefs the caller has already
//! made relative to the page) and returns SVG markup to place inline in a page, inside a
//! `<figure>` with a caption and, beside it, a text alternative of the same data (a list or
//! table the caller renders: each function says what it returns for that). Nothing here knows
//! about sites, records or templates.
//!
//! What every figure does alike:
//! - all text is escaped; output is deterministic (numbers have fixed decimals, ties are
//!   broken by name) and small (coordinates to one decimal, shared attributes on groups);
//! - the `<svg>` is `role="group"` with the caller's `aria-label`; every mark or bar is an
//!   `<a href>` whose `<title>` is its name and count ("Havana: 42 documents"), shown on hover
//!   and read as the link's name (a focus ring comes from the page's `a:focus-visible`);
//! - colours are `currentColor` (so light and dark follow the text), with classes the theme's
//!   stylesheet can style; no fixed pixel width: maps and the network scale with `viewBox`,
//!   the chart lays out in percentages so its labels keep their size at 390 px and at 46 rem.
//!
//! Classes, and the CSS that `themes/default/static/style.css` should carry for them:
//!
//! ```css
//! .map, .chart, .sparkline, .network { display: block; width: 100%; height: auto; }
//! .map { max-width: 46rem; }
//! .map-marks { fill: var(--accent); stroke: var(--bg); }
//! .map-route { stroke: var(--accent); }
//! .map a:hover circle, .map a:focus-visible circle { fill-opacity: 0.9; }
//! .chart { height: 10rem; font: 0.8rem system-ui, sans-serif; }
//! .sparkline { height: 2.5rem; max-width: 20rem; }
//! .chart-bars, .sparkline rect { fill: var(--accent); }
//! .chart-bars a:hover rect, .chart-bars a:focus-visible rect { fill: var(--fg); }
//! .chart-axis { stroke: var(--muted); }
//! .chart-labels { fill: var(--muted); }
//! .network { max-width: 30rem; font-family: system-ui, sans-serif; }
//! .network-links { stroke: var(--accent); }
//! .network-names a { fill: var(--fg); }
//! @media print { .map-marks, .chart-bars, .network-links { fill: #555; stroke: #555; } }
//! ```

pub mod chart;
pub mod map;
pub mod network;

use std::fmt::Write as _;

pub(crate) use crate::markup::escape_markup as escape_into;

/// Appends `v` rounded to `decimals` (0 to 3) places, without trailing zeros or a leading zero
/// (`12.5`, `.4`, `-3`, never `-0`): deterministic and short. Not-a-number is written as 0.
pub(crate) fn num_into(out: &mut String, v: f64, decimals: u32) {
    let scale = 10_i64.pow(decimals.min(3));
    // `as` saturates and maps NaN to 0.
    let n = (v * scale as f64).round() as i64;
    if n < 0 {
        out.push('-');
    }
    let n = n.unsigned_abs();
    let (whole, mut frac) = (n / scale as u64, n % scale as u64);
    if whole != 0 || frac == 0 {
        let _ = write!(out, "{whole}");
    }
    if frac != 0 {
        out.push('.');
        let mut width = decimals.min(3);
        while frac % 10 == 0 {
            frac /= 10;
            width -= 1;
        }
        let _ = write!(out, "{frac:0width$}", width = width as usize);
    }
}

/// `1 document`, `42 documents`.
pub(crate) fn documents(n: u64) -> String {
    if n == 1 {
        "1 document".to_owned()
    } else {
        format!("{n} documents")
    }
}

/// Appends the figure's opening tag: `<svg class=… viewBox=… role="group" aria-label=…>`, with
/// `size` (trusted attributes such as ` width="100%"`) after the class.
pub(crate) fn open_svg(
    out: &mut String,
    class: &str,
    size: &str,
    view_box: Option<[f64; 4]>,
    label: &str,
) {
    out.push_str("<svg class=\"");
    out.push_str(class);
    out.push('"');
    out.push_str(size);
    if let Some(v) = view_box {
        out.push_str(" viewBox=\"");
        for (i, n) in v.iter().enumerate() {
            if i > 0 {
                out.push(' ');
            }
            num_into(out, *n, 1);
        }
        out.push('"');
    }
    out.push_str(" role=\"group\" aria-label=\"");
    escape_into(out, label);
    out.push_str("\">");
}

/// Appends `<a href="…"><title>…</title>` (closed by the caller with `</a>`), or only the
/// title in a `<g>` when there is no href.
pub(crate) fn open_link(out: &mut String, href: &str, title: &str) {
    if href.is_empty() {
        out.push_str("<g>");
    } else {
        out.push_str("<a href=\"");
        escape_into(out, href);
        out.push_str("\">");
    }
    out.push_str("<title>");
    escape_into(out, title);
    out.push_str("</title>");
}

pub(crate) fn close_link(out: &mut String, href: &str) {
    out.push_str(if href.is_empty() { "</g>" } else { "</a>" });
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    fn num(v: f64, decimals: u32) -> String {
        let mut s = String::new();
        num_into(&mut s, v, decimals);
        s
    }

    #[test]
    fn numbers_are_short_and_fixed() {
        assert_eq!(num(12.5, 1), "12.5");
        assert_eq!(num(12.04, 1), "12");
        assert_eq!(num(0.4, 1), ".4");
        assert_eq!(num(-0.04, 1), "0");
        assert_eq!(num(-3.0, 1), "-3");
        assert_eq!(num(-0.25, 1), "-.3");
        assert_eq!(num(2.777_77, 2), "2.78");
        assert_eq!(num(30.5, 2), "30.5");
        assert_eq!(num(0.05, 2), ".05");
        assert_eq!(num(100.0, 2), "100");
        assert_eq!(num(f64::NAN, 1), "0");
    }

    #[test]
    fn text_is_escaped() {
        let mut s = String::new();
        escape_into(&mut s, "<script>\"A&B\"'");
        assert_eq!(s, "&lt;script&gt;&quot;A&amp;B&quot;'");
    }

    /// Whether `svg` is well-formed enough for our output: tags balance (by name), attributes
    /// are double-quoted, and no raw `<`, `>` or unescaped `&` appears in text or attributes.
    pub(crate) fn assert_well_formed(svg: &str) {
        let mut stack: Vec<&str> = Vec::new();
        let mut rest = svg;
        while let Some(open) = rest.find('<') {
            check_text(&rest[..open], svg);
            let close = rest[open..].find('>').expect("unclosed tag") + open;
            let tag = &rest[open + 1..close];
            assert!(!tag.contains('<'), "`<` inside a tag: {tag}");
            if let Some(name) = tag.strip_prefix('/') {
                assert_eq!(stack.pop(), Some(name), "in {svg}");
            } else {
                let name = tag.split([' ', '/']).next().unwrap_or_default();
                assert!(!name.is_empty(), "empty tag in {svg}");
                let attributes = &tag[name.len()..];
                // Every `=` is followed by a quoted value without `<` or raw `"`.
                let quotes = attributes.matches('"').count();
                assert_eq!(quotes % 2, 0, "unbalanced quotes: {tag}");
                assert_eq!(quotes, 2 * attributes.matches("=\"").count(), "{tag}");
                check_text(attributes, svg);
                if !tag.ends_with('/') {
                    stack.push(name);
                }
            }
            rest = &rest[close + 1..];
        }
        check_text(rest, svg);
        assert!(stack.is_empty(), "unclosed {stack:?}");
    }

    fn check_text(text: &str, svg: &str) {
        assert!(!text.contains('>'), "raw `>` in {svg}");
        for (i, _) in text.match_indices('&') {
            let entity = &text[i..];
            assert!(
                ["&amp;", "&lt;", "&gt;", "&quot;"]
                    .iter()
                    .any(|e| entity.starts_with(e)),
                "raw `&` in {svg}"
            );
        }
    }

    /// The values of attribute `name` in `svg`, in order.
    pub(crate) fn attributes<'a>(svg: &'a str, name: &str) -> Vec<&'a str> {
        let key = format!(" {name}=\"");
        svg.match_indices(&key)
            .map(|(i, _)| {
                let value = &svg[i + key.len()..];
                &value[..value.find('"').unwrap_or(value.len())]
            })
            .collect()
    }

    /// The texts of every `<tag …>` element in `svg`, in order.
    pub(crate) fn texts<'a>(svg: &'a str, tag: &str) -> Vec<&'a str> {
        let (open, close) = (format!("<{tag}"), format!("</{tag}>"));
        svg.match_indices(&open)
            .filter(|(i, _)| matches!(svg.as_bytes().get(i + open.len()), Some(b' ' | b'>')))
            .map(|(i, _)| {
                let text = &svg[i..];
                let text = &text[text.find('>').map_or(0, |e| e + 1)..];
                &text[..text.find(&close).unwrap_or(text.len())]
            })
            .collect()
    }
}
