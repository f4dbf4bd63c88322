//! From bytes to clean lines: decoding, line endings, invisible characters, page breaks.

use unicode_normalization::UnicodeNormalization;

/// One line of the cleaned text, remembering where it was in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// 1-based line number in the original file.
    pub no: usize,
    /// The text, trimmed, with tabs and no-break spaces made plain spaces.
    pub text: String,
    /// A form feed came before this line: it starts a new page.
    pub new_page: bool,
    /// How far the line was indented (in characters, a tab counting one): a PDF's text layout
    /// centres dates and titles.
    pub indent: usize,
}

/// Why bytes could not be read as a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unreadable {
    Empty,
    Binary(String),
}

/// Decodes the raw bytes. UTF-8 (with or without BOM) and UTF-16 with a BOM are read as they
/// are; other bytes that look like text are taken as Windows-1252 (a superset of Latin-1, what
/// Windows editors save), with a note saying so. Bytes that are not text are refused.
pub fn decode(bytes: &[u8]) -> Result<(String, Option<String>), Unreadable> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return decode_utf8_or_legacy(rest);
    }
    if let Some(text) = decode_utf16(bytes) {
        return Ok((
            text,
            Some("decoded as UTF-16 (the file has a UTF-16 byte-order mark)".into()),
        ));
    }
    decode_utf8_or_legacy(bytes)
}

fn decode_utf8_or_legacy(bytes: &[u8]) -> Result<(String, Option<String>), Unreadable> {
    if let Some(reason) = binary_reason(bytes) {
        return Err(Unreadable::Binary(reason));
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok((s.to_owned(), None)),
        Err(_) => Ok((
            bytes.iter().map(|&b| windows_1252(b)).collect(),
            Some("the file is not UTF-8; decoded it as Windows-1252 (Latin-1): check accented letters and quotes".into()),
        )),
    }
}

fn decode_utf16(bytes: &[u8]) -> Option<String> {
    let (le, rest) = if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        (true, rest)
    } else {
        (false, bytes.strip_prefix(b"\xFE\xFF")?)
    };
    if rest.len() % 2 != 0 {
        return None;
    }
    let units = rest.chunks_exact(2).map(|c| {
        if le {
            u16::from_le_bytes([c[0], c[1]])
        } else {
            u16::from_be_bytes([c[0], c[1]])
        }
    });
    char::decode_utf16(units)
        .collect::<Result<String, _>>()
        .ok()
}

/// Text files have no NUL bytes and few control characters; images, archives and office
/// documents have both.
fn binary_reason(bytes: &[u8]) -> Option<String> {
    const SIGNATURES: [(&[u8], &str); 6] = [
        (b"%PDF", "a PDF file: copy its text into a .txt file"),
        (b"\x89PNG", "a PNG image"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (
            b"PK\x03\x04",
            "a ZIP archive (or a Word/OpenDocument file): save it as plain text",
        ),
        (b"GIF8", "a GIF image"),
        (
            b"\xD0\xCF\x11\xE0",
            "an old Microsoft Office document: save it as plain text",
        ),
    ];
    if let Some((_, what)) = SIGNATURES.iter().find(|(sig, _)| bytes.starts_with(sig)) {
        return Some(format!("not a text file: {what}"));
    }
    let sample = &bytes[..bytes.len().min(64 * 1024)];
    if sample.contains(&0) {
        return Some("not a text file: it contains NUL bytes".into());
    }
    let controls = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0C))
        .count();
    if controls * 20 > sample.len().max(1) {
        return Some("not a text file: too many control characters".into());
    }
    None
}

fn windows_1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž',
        '\u{8F}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}',
        'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9F => HIGH[(b - 0x80) as usize],
        _ => b as char,
    }
}

/// Splits text into clean lines: any line ending, form feeds as page breaks, NFC, no-break and
/// other odd spaces made plain, zero-width characters removed, each line trimmed.
pub fn lines(text: &str) -> Vec<Line> {
    // Composed accents (NFC), so that `Lázaro` is one spelling however it was typed.
    let text: String = match unicode_normalization::is_nfc_quick(text.chars()) {
        unicode_normalization::IsNormalized::Yes => text.to_owned(),
        _ => text.nfc().collect(),
    };
    // CRLF (Windows) and lone CR (old Mac) both end a line.
    let text = if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text
    };
    let mut out = Vec::new();
    let mut new_page = false;
    for (i, raw) in text.split('\n').enumerate() {
        let no = i + 1;
        let pieces: Vec<&str> = raw.split('\u{c}').collect();
        for (p, piece) in pieces.iter().enumerate() {
            if p > 0 {
                new_page = true;
            }
            let text = clean(piece);
            if text.is_empty() && pieces.len() > 1 {
                continue;
            }
            let indent = piece
                .chars()
                .take_while(|c| c.is_whitespace() || *c == '\u{feff}')
                .count();
            out.push(Line {
                no,
                text,
                new_page,
                indent,
            });
            new_page = false;
        }
    }
    out
}

fn clean(line: &str) -> String {
    // One pass: odd spaces become plain, invisible characters go, and runs of spaces (which
    // carry no meaning once lines are re-flowed into Markdown paragraphs) become one.
    let mut out = String::with_capacity(line.len());
    let mut last_space = true;
    for c in line.chars() {
        let c = match c {
            '\t' | '\u{a0}' | '\u{2007}' | '\u{202f}' | '\u{2000}'..='\u{200a}' | '\u{3000}' => ' ',
            '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}' | '\u{ad}' => continue,
            c if c.is_control() => continue,
            c => c,
        };
        if c == ' ' {
            if !last_space {
                out.push(' ');
            }
            last_space = true;
        } else {
            out.push(c);
            last_space = false;
        }
    }
    out.truncate(out.trim_end().len());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str) -> Vec<(usize, String, bool)> {
        lines(s)
            .into_iter()
            .map(|l| (l.no, l.text, l.new_page))
            .collect()
    }

    #[test]
    fn every_line_ending_counts_lines_alike() {
        let want = vec![
            (1, "a".to_owned(), false),
            (2, "b".to_owned(), false),
            (3, String::new(), false),
        ];
        assert_eq!(texts("a\nb\n"), want);
        assert_eq!(texts("a\r\nb\r\n"), want);
        assert_eq!(texts("a\rb\r"), want);
    }

    #[test]
    fn form_feed_starts_a_page() {
        let got = texts("end of page\n\u{c}Digital Archive\nmore");
        assert_eq!(got[1], (2, "Digital Archive".to_owned(), true));
        assert_eq!(got[2], (3, "more".to_owned(), false));
    }

    #[test]
    fn odd_spaces_become_plain_and_trail_nothing() {
        assert_eq!(clean("\tA\u{a0}b  c \u{a0}\u{a0}"), "A b c");
        assert_eq!(clean("zero\u{200b}width"), "zerowidth");
    }

    #[test]
    fn decoding() {
        assert_eq!(decode(b"\xEF\xBB\xBFhi").unwrap(), ("hi".to_owned(), None));
        let (s, note) = decode(b"L\xe1zaro \x93Che\x94").unwrap();
        assert_eq!(s, "Lázaro “Che”");
        assert!(note.is_some());
        assert!(matches!(
            decode(b"\x89PNG\r\n\x1a\n\0\0"),
            Err(Unreadable::Binary(_))
        ));
        assert!(matches!(decode(b"abc\0def"), Err(Unreadable::Binary(_))));
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("Havana".encode_utf16().flat_map(|u| u.to_le_bytes()))
            .collect();
        assert_eq!(decode(&utf16).unwrap().0, "Havana");
    }
}
