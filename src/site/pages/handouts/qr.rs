//! A QR code of a document's address, as an SVG a printer draws sharply at any size. Uses
//! nothing else of the crate.

use qrcodegen::{QrCode, QrCodeEcc};

/// The SVG, or `None` when the address is too long for a QR code.
pub fn svg(text: &str) -> Option<String> {
    let code = QrCode::encode_text(text, QrCodeEcc::Medium).ok()?;
    let size = code.size();
    // The standard quiet zone: four modules of white around the code.
    let border = 4;
    let mut path = String::new();
    for y in 0..size {
        for x in 0..size {
            if code.get_module(x, y) {
                path.push_str(&format!("M{},{}h1v1h-1z", x + border, y + border));
            }
        }
    }
    let full = size + 2 * border;
    Some(format!(
        "<svg class=\"qr\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {full} {full}\" \
         role=\"img\" aria-label=\"QR code of the document's address\" shape-rendering=\"crispEdges\">\
         <rect width=\"100%\" height=\"100%\" fill=\"#fff\"/><path fill=\"#000\" d=\"{path}\"/></svg>"
    ))
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_url_gives_a_square_svg_of_a_valid_qr_size() {
        let svg = super::svg("https://example.github.io/repo/documents/x/").unwrap_or_default();
        let view = svg
            .split("viewBox=\"0 0 ")
            .nth(1)
            .and_then(|v| v.split('"').next())
            .unwrap_or_default();
        let sides: Vec<i32> = view.split(' ').filter_map(|n| n.parse().ok()).collect();
        assert_eq!(sides.len(), 2, "{svg}");
        assert_eq!(sides[0], sides[1]);
        // 21 + 4k modules per side, and a quiet zone of 4 on each side.
        assert_eq!((sides[0] - 8 - 21) % 4, 0, "{view}");
        assert!(super::svg(&"x".repeat(5000)).is_none());
    }
}
