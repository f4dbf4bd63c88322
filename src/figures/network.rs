//! Who wrote to whom: the busiest correspondents as a two-column chart, senders on the left,
//! recipients on the right, a curve for each pair that corresponded, as thick as their count.
//!
//! ```ignore
//! // People (joined from their offices) and offices, each with its page:
//! let people = [Correspondent { name: "Dean Rusk", href: "../people/dean-rusk/" }, …];
//! // Who sent how many documents to whom, each pair with its documents' href (or ""):
//! let pairs = [Exchange { from: 0, to: 1, count: 8, href: "dean-rusk--embassy-in-brazil/" }, …];
//! let net = network(&people, &pairs, 12, "Who wrote to whom");
//! // Text alternative: `net.shown`, indices into `pairs`, busiest first.
//! ```
//!
//! The `top` correspondents by volume (sent and received) are chosen; the pairs between them are
//! drawn. One correspondent who both sent and received stands in both columns. Names longer
//! than 20 characters are cut with `…` (the full name is the link's title). Scales with its
//! `viewBox` (at most 400 units wide, text 12 units: legible at 390 px; cap its width in CSS).
//!
//! Classes: `network` (the `<svg>`), `network-links` (the curves' group), `network-names` (the
//! names' group).

use std::fmt::Write as _;

use super::{close_link, documents, escape_into, num_into, open_link, open_svg};

/// A sender or recipient: a person or an office, with its page (empty: not a link).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Correspondent<'a> {
    pub name: &'a str,
    pub href: &'a str,
}

/// `count` documents sent by correspondent `from` to correspondent `to` (indices into the
/// correspondents); `href`: their documents (empty: the curve is not a link).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Exchange<'a> {
    pub from: usize,
    pub to: usize,
    pub count: u64,
    pub href: &'a str,
}

/// The figure and what it shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Network {
    /// Empty when no pair is drawn.
    pub svg: String,
    /// Indices into the exchanges drawn, busiest first: the text alternative's rows.
    pub shown: Vec<usize>,
}

/// Longest name drawn whole; the width one character is reckoned at.
const NAME_CHARS: usize = 20;
// 0.6 em: wide enough for DejaVu Sans, the widest usual sans-serif.
const CHAR: f64 = 7.2;
const ROW: f64 = 20.0;
const GAP: f64 = 90.0;

/// The `top` busiest of `correspondents` and the exchanges between them; `label` is the
/// figure's accessible name.
pub fn network(
    correspondents: &[Correspondent],
    exchanges: &[Exchange],
    top: usize,
    label: &str,
) -> Network {
    let n = correspondents.len();
    let valid = |e: &&Exchange| e.from < n && e.to < n && e.count > 0;
    let (mut sent, mut received) = (vec![0_u64; n], vec![0_u64; n]);
    for e in exchanges.iter().filter(valid) {
        sent[e.from] += e.count;
        received[e.to] += e.count;
    }
    let name = |i: usize| correspondents[i].name;
    let mut busiest: Vec<usize> = (0..n).filter(|&i| sent[i] + received[i] > 0).collect();
    busiest.sort_by(|&a, &b| {
        (sent[b] + received[b])
            .cmp(&(sent[a] + received[a]))
            .then_with(|| name(a).cmp(name(b)))
            .then(a.cmp(&b))
    });
    busiest.truncate(top);
    let chosen = |i: usize| busiest.contains(&i);
    let mut shown: Vec<usize> = (0..exchanges.len())
        .filter(|&k| valid(&&exchanges[k]) && chosen(exchanges[k].from) && chosen(exchanges[k].to))
        .collect();
    let by_names = |k: usize| (name(exchanges[k].from), name(exchanges[k].to));
    shown.sort_by(|&a, &b| {
        exchanges[b]
            .count
            .cmp(&exchanges[a].count)
            .then_with(|| by_names(a).cmp(&by_names(b)))
            .then(a.cmp(&b))
    });
    if shown.is_empty() {
        return Network {
            svg: String::new(),
            shown,
        };
    }

    // The columns, busiest first by what they did in the pairs drawn.
    let column = |end: fn(&Exchange) -> usize| {
        let mut volume: Vec<(usize, u64)> = Vec::new();
        for &k in &shown {
            let i = end(&exchanges[k]);
            match volume.iter_mut().find(|(j, _)| *j == i) {
                Some((_, v)) => *v += exchanges[k].count,
                None => volume.push((i, exchanges[k].count)),
            }
        }
        volume.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| name(a.0).cmp(name(b.0))));
        volume.into_iter().map(|(i, _)| i).collect::<Vec<usize>>()
    };
    let senders = column(|e| e.from);
    let recipients = column(|e| e.to);
    let widest = |list: &[usize]| {
        list.iter()
            .map(|&i| name(i).chars().count().min(NAME_CHARS))
            .max()
            .unwrap_or(0) as f64
            * CHAR
    };
    let left = widest(&senders) + 8.0;
    let right = left + GAP;
    let width = right + 6.0 + widest(&recipients) + 4.0;
    let rows = senders.len().max(recipients.len());
    let height = rows as f64 * ROW + 8.0;
    // A shorter column is centred against the longer one.
    let y_of = |list: &[usize], i: usize| {
        let position = list.iter().position(|&j| j == i).unwrap_or(0);
        4.0 + (rows - list.len()) as f64 * ROW / 2.0 + (position as f64 + 0.5) * ROW
    };
    let most = shown.iter().map(|&k| exchanges[k].count).max().unwrap_or(1);

    let mut out = String::with_capacity(800 + shown.len() * 200 + rows * 240);
    open_svg(
        &mut out,
        "network",
        "",
        Some([0.0, 0.0, width, height]),
        label,
    );
    out.push_str(
        "<g class=\"network-links\" fill=\"none\" stroke=\"currentColor\" stroke-opacity=\".35\">",
    );
    // The thinnest last, so that they stay on top and can be pointed at.
    for &k in &shown {
        let e = &exchanges[k];
        let (y1, y2) = (y_of(&senders, e.from), y_of(&recipients, e.to));
        let title = format!("{} to {}: {}", name(e.from), name(e.to), documents(e.count));
        open_link(&mut out, e.href, &title);
        let middle = left + GAP / 2.0;
        out.push_str("<path d=\"M");
        for (i, (x, y)) in [(left, y1), (middle, y1), (middle, y2), (right, y2)]
            .into_iter()
            .enumerate()
        {
            if i == 1 {
                out.push('C');
            } else if i > 1 {
                out.push(' ');
            }
            num_into(&mut out, x, 1);
            out.push(' ');
            num_into(&mut out, y, 1);
        }
        out.push_str("\" stroke-width=\"");
        num_into(&mut out, 1.0 + 7.0 * e.count as f64 / most as f64, 1);
        out.push_str("\"/>");
        close_link(&mut out, e.href);
    }
    out.push_str("</g><g class=\"network-names\" fill=\"currentColor\" font-size=\"12\">");
    for (list, x, anchor) in [
        (&senders, left - 6.0, " text-anchor=\"end\""),
        (&recipients, right + 6.0, ""),
    ] {
        for &i in list.iter() {
            let c = &correspondents[i];
            let title = format!("{}: {} sent, {} received", c.name, sent[i], received[i]);
            open_link(&mut out, c.href, &title);
            out.push_str("<text x=\"");
            num_into(&mut out, x, 1);
            out.push_str("\" y=\"");
            num_into(&mut out, y_of(list, i) + 4.0, 1);
            let _ = write!(out, "\"{anchor}>");
            escape_into(&mut out, &shortened(c.name));
            out.push_str("</text>");
            close_link(&mut out, c.href);
        }
    }
    out.push_str("</g></svg>");
    Network { svg: out, shown }
}

/// `name` cut to [`NAME_CHARS`] characters with `…`, at a word's end where one is near.
fn shortened(name: &str) -> String {
    if name.chars().count() <= NAME_CHARS {
        return name.to_owned();
    }
    let cut: String = name.chars().take(NAME_CHARS - 1).collect();
    let cut = match cut.rfind(' ') {
        Some(space) if space >= NAME_CHARS / 2 => &cut[..space],
        _ => cut.as_str(),
    };
    format!("{}…", cut.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::figures::tests::{assert_well_formed, attributes, texts};

    const PEOPLE: [Correspondent; 5] = [
        Correspondent {
            name: "Department of State",
            href: "../correspondents/department-of-state/",
        },
        Correspondent {
            name: "Embassy in Brazil",
            href: "../correspondents/embassy-in-brazil/",
        },
        Correspondent {
            name: "Dean Rusk",
            href: "../people/dean-rusk/",
        },
        Correspondent {
            name: "John F. Kennedy",
            href: "../people/john-f-kennedy/",
        },
        Correspondent {
            name: "George W. Ball",
            href: "../people/george-w-ball/",
        },
    ];

    fn exchange(from: usize, to: usize, count: u64) -> Exchange<'static> {
        Exchange {
            from,
            to,
            count,
            href: "",
        }
    }

    #[test]
    fn the_busiest_pairs_are_drawn_and_listed() {
        let pairs = [
            exchange(2, 3, 14),
            exchange(0, 1, 8),
            exchange(1, 0, 3),
            exchange(4, 3, 3),
            exchange(3, 4, 0),
        ];
        let net = network(&PEOPLE, &pairs, 12, "Who wrote to whom");
        assert_well_formed(&net.svg);
        assert_eq!(net.shown, [0, 1, 2, 3]);
        assert_eq!(
            texts(&net.svg, "title")[..4],
            [
                "Dean Rusk to John F. Kennedy: 14 documents",
                "Department of State to Embassy in Brazil: 8 documents",
                "Embassy in Brazil to Department of State: 3 documents",
                "George W. Ball to John F. Kennedy: 3 documents",
            ]
        );
        // Senders left, busiest first; recipients right; each a link to its page.
        assert_eq!(
            texts(&net.svg, "text"),
            [
                "Dean Rusk",
                "Department of State",
                "Embassy in Brazil",
                "George W. Ball",
                "John F. Kennedy",
                "Embassy in Brazil",
                "Department of State"
            ]
        );
        assert!(net.svg.contains(
            "<a href=\"../people/dean-rusk/\"><title>Dean Rusk: 14 sent, 0 received</title>"
        ));
        // Line widths by count: 14 is the widest (8), 3 the thinnest drawn.
        assert_eq!(
            attributes(&net.svg, "stroke-width"),
            ["8", "5", "2.5", "2.5"]
        );
    }

    #[test]
    fn only_the_top_correspondents_are_drawn() {
        let pairs = [exchange(2, 3, 14), exchange(0, 1, 8), exchange(4, 3, 3)];
        let net = network(&PEOPLE, &pairs, 2, "Who wrote to whom");
        // John F. Kennedy (17) and Dean Rusk (14) are the busiest two.
        assert_eq!(net.shown, [0]);
        assert_eq!(texts(&net.svg, "text"), ["Dean Rusk", "John F. Kennedy"]);
        assert_eq!(network(&PEOPLE, &pairs, 0, "x").svg, "");
        assert_eq!(network(&PEOPLE, &[], 12, "x").shown, Vec::<usize>::new());
        // Bad indices are ignored, not a panic.
        assert_eq!(network(&PEOPLE, &[exchange(9, 1, 3)], 12, "x").svg, "");
    }

    #[test]
    fn long_and_hostile_names_are_cut_and_escaped() {
        let people = [
            Correspondent {
                name: "Mission to the North Atlantic Treaty Organization and European Regional Organizations",
                href: "a&b",
            },
            Correspondent {
                name: "<script>\"Bad & Co\"",
                href: "\"x\"",
            },
        ];
        let pair = [Exchange {
            from: 0,
            to: 1,
            count: 2,
            href: "p?a=1&b=2",
        }];
        let net = network(&people, &pair, 12, "<Who> & \"whom\"");
        assert_well_formed(&net.svg);
        assert_eq!(
            texts(&net.svg, "text"),
            ["Mission to the…", "&lt;script&gt;&quot;Bad &amp; Co&quot;"]
        );
        assert!(net.svg.contains("<title>Mission to the North Atlantic Treaty Organization and European Regional Organizations: 2 sent, 0 received</title>"));
        assert!(net.svg.contains("href=\"p?a=1&amp;b=2\""));
        assert!(net
            .svg
            .contains("aria-label=\"&lt;Who&gt; &amp; &quot;whom&quot;\""));
        assert_eq!(net, network(&people, &pair, 12, "<Who> & \"whom\""));
    }

    #[test]
    fn the_network_fits_a_phone() {
        let pairs = [exchange(0, 1, 8), exchange(2, 3, 14)];
        let net = network(&PEOPLE, &pairs, 12, "x");
        let view: Vec<f64> = attributes(&net.svg, "viewBox")[0]
            .split(' ')
            .map(|v| v.parse().unwrap())
            .collect();
        // 12-unit text stays above 10 px at 390 px less the page's margins.
        assert!(view[2] * 10.0 / 12.0 < 358.0, "{view:?}");
    }
}
