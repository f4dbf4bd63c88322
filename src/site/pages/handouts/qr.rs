//! A QR code of a document's address, as an SVG a printer draws sharply at any size. Uses
//! nothing else of the crate.

use qrcodegen::{Mask, QrCode, QrCodeEcc, QrSegment, Version};

/// The SVG, or `None` when the address is too long for a QR code.
///
/// Small and quick, because every printed document carries one: one path, each run of dark
/// modules in a row a stroke one module high, every move relative (1.5 to 2.2 kB for addresses
/// of 40 to 100 characters, where a square per module took 12 kB); and one fixed mask, where
/// trying all eight and scoring them took most of the time (any mask reads; the scoring only
/// avoids patterns that make scanning a little harder, and no mask makes the path shorter).
pub fn svg(text: &str) -> Option<String> {
    code(text).map(|code| draw(&code))
}

/// The code of `text`: low error correction where a higher level would need a larger code (a
/// printed code is clean; a smaller one scans from further away), and one fixed mask.
fn code(text: &str) -> Option<QrCode> {
    let segments = QrSegment::make_segments(text);
    QrCode::encode_segments_advanced(
        &segments,
        QrCodeEcc::Low,
        Version::MIN,
        Version::MAX,
        Some(Mask::new(0)),
        true,
    )
    .ok()
}

fn draw(code: &QrCode) -> String {
    let size = code.size();
    // The standard quiet zone: four modules of white around the code.
    let border = 4;
    let mut path = String::new();
    // The pen starts at the quiet zone's corner, on the middle line of the first row.
    let (mut pen_x, mut pen_y) = (0, 0);
    for y in 0..size {
        let mut x = 0;
        while x < size {
            if !code.get_module(x, y) {
                x += 1;
                continue;
            }
            let start = x;
            while x < size && code.get_module(x, y) {
                x += 1;
            }
            path.push_str(&format!("m{} {}h{}", start - pen_x, y - pen_y, x - start));
            (pen_x, pen_y) = (x, y);
        }
    }
    let full = size + 2 * border;
    format!(
        // Inline in a page, so no namespace; the white ground and crisp edges come from the
        // stylesheet (`.qr`).
        "<svg class=\"qr\" viewBox=\"0 0 {full} {full}\" role=\"img\" \
         aria-label=\"QR code of the document's address\">\
         <path stroke=\"#000\" d=\"M{border} {}.5{path}\"/></svg>",
        border
    )
}

#[cfg(test)]
mod tests {

    /// The dark modules the SVG's path draws, read back from its relative moves and runs.
    fn drawn(svg: &str) -> Vec<(i32, i32)> {
        let d = svg
            .split(" d=\"")
            .nth(1)
            .and_then(|d| d.split('"').next())
            .expect("a path");
        let mut cells = Vec::new();
        let d = d.strip_prefix("M4 4.5").expect("starts at the quiet zone");
        let (mut x, mut y) = (4, 4);
        for step in d.split('m').filter(|s| !s.is_empty()) {
            let (moved, run) = step.split_once('h').expect("a run");
            let (dx, dy) = moved.split_once(' ').expect("a move");
            x += dx.parse::<i32>().expect("dx");
            y += dy.parse::<i32>().expect("dy");
            let len: i32 = run.parse().expect("length");
            cells.extend((x..x + len).map(|cx| (cx, y)));
            x += len;
        }
        cells
    }

    #[test]
    fn the_path_draws_exactly_the_dark_modules() {
        for url in [
            "https://example.github.io/repo/documents/x/",
            "https://example.github.io/repo/documents/1962-11-28-cable-from-japanese-embassy-in-havana-to-tokyo/",
        ] {
            let code = super::code(url).expect("fits");
            let svg = super::draw(&code);
            let side = code.size();
            let mut dark: Vec<(i32, i32)> = (0..side)
                .flat_map(|y| (0..side).map(move |x| (x, y)))
                .filter(|&(x, y)| code.get_module(x, y))
                .map(|(x, y)| (x + 4, y + 4))
                .collect();
            let mut cells = drawn(&svg);
            assert_eq!(cells.len(), dark.len(), "no module drawn twice");
            cells.sort();
            dark.sort();
            assert_eq!(cells, dark);
            assert!(svg.contains(&format!("viewBox=\"0 0 {0} {0}\"", side + 8)));
            // A long address (100 characters) still takes under 2.3 kB.
            assert!(svg.len() < 2300, "{} bytes for {url}", svg.len());
        }
    }

    #[test]
    fn an_address_too_long_has_none() {
        assert!(super::svg(&"x".repeat(5000)).is_none());
    }
}
