//! Escaping text for HTML and XML: everything that comes from a raw text or a record reaches
//! markup through here (or through tera's autoescaping), never as markup. Uses nothing else of
//! the crate, so every stage may use it.

/// Escapes text for HTML or XML content and double-quoted attributes.
pub fn escape_markup(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
}

/// `text` escaped for HTML or XML content and double-quoted attributes.
pub fn escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_markup(&mut out, text);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_characters_are_escaped() {
        assert_eq!(
            escaped("<a href=\"x\">Q&A</a>"),
            "&lt;a href=&quot;x&quot;&gt;Q&amp;A&lt;/a&gt;"
        );
        assert_eq!(escaped("Raúl's cable"), "Raúl's cable");
    }
}
