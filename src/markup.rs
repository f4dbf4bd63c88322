//! Escaping text for HTML and XML: everything that comes from a raw text or a record reaches
//! markup through here (or through tera's autoescaping), never as markup. Uses nothing else of
//! the crate, so every stage may use it.

/// Escapes text for HTML or XML content and double-quoted attributes.
pub fn escape_markup(out: &mut String, text: &str) {
    for_each_run(text, |b| markup_entity(b, false), |s| out.push_str(s));
}

/// What tera's autoescaping writes (the same five characters as tera's own `escape_html`, `'`
/// included, so that pages do not change), a run of plain text at a time: tera's own escaping
/// writes one byte per call and was a twentieth of a build.
pub fn write_escaped(text: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut result = Ok(());
    for_each_run(
        text,
        |b| markup_entity(b, true),
        |s| {
            if result.is_ok() {
                result = out.write_all(s.as_bytes());
            }
        },
    );
    result
}

fn markup_entity(b: u8, apostrophe: bool) -> Option<&'static str> {
    match b {
        b'&' => Some("&amp;"),
        b'<' => Some("&lt;"),
        b'>' => Some("&gt;"),
        b'"' => Some("&quot;"),
        b'\'' if apostrophe => Some("&#39;"),
        _ => None,
    }
}

/// Calls `put` with the runs of `text` between the bytes `entity` replaces, and with each
/// replacement. The replaced bytes are ASCII, so every run is whole characters.
fn for_each_run(
    text: &str,
    entity: impl Fn(u8) -> Option<&'static str>,
    mut put: impl FnMut(&str),
) {
    let mut start = 0;
    for (i, &b) in text.as_bytes().iter().enumerate() {
        if let Some(e) = entity(b) {
            if start < i {
                put(&text[start..i]);
            }
            put(e);
            start = i + 1;
        }
    }
    if start < text.len() {
        put(&text[start..]);
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
        assert_eq!(escaped("<<&"), "&lt;&lt;&amp;");
        assert_eq!(escaped(""), "");
    }

    #[test]
    fn templates_escape_as_tera_does() {
        for text in ["", "plain", "Raúl's \"cable\" <b>&</b>'", "''", "é<", "<é"] {
            let mut ours = Vec::new();
            write_escaped(text, &mut ours).expect("into memory");
            let mut teras = Vec::new();
            tera::escape_html(text, &mut teras).expect("into memory");
            assert_eq!(
                String::from_utf8(ours).expect("UTF-8"),
                String::from_utf8(teras).expect("UTF-8")
            );
        }
    }
}
