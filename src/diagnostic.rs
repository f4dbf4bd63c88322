//! Problems found in a collection, located as `file:line:col` (or at the whole file). Uses
//! nothing else of the crate, so every stage may report problems.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// A place in a text: 1-based line and column (in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl Position {
    /// The position of a byte offset in `text`.
    pub fn of(text: &str, offset: usize) -> Position {
        let offset = offset.min(text.len());
        let before = text.get(..offset).unwrap_or(text);
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
        let column = before[line_start..].chars().count() + 1;
        Position { line, column }
    }
}

/// One problem, in a file, at a position in it or about the whole file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub file: String,
    pub position: Option<Position>,
    pub severity: Severity,
    pub message: String,
}

impl Diagnostic {
    /// An error about the whole file; [`Diagnostic::at`] places it.
    pub fn error(file: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, file, message)
    }

    /// A warning about the whole file; [`Diagnostic::at`] places it.
    pub fn warning(file: impl Into<String>, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, file, message)
    }

    fn new(severity: Severity, file: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.into(),
            position: None,
            severity,
            message: message.into(),
        }
    }

    /// The same problem at `line` and `column` (1-based; a line of 0 leaves it unplaced, as
    /// parsers say when they do not know).
    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.position = (line > 0).then_some(Position {
            line,
            column: column.max(1),
        });
        self
    }

    /// The same problem at a position.
    pub fn at_position(mut self, position: Position) -> Self {
        self.position = Some(position);
        self
    }

    /// The line, or 0 for the whole file.
    pub fn line(&self) -> usize {
        self.position.map_or(0, |p| p.line)
    }

    /// The column, or 0 for the whole file.
    pub fn column(&self) -> usize {
        self.position.map_or(0, |p| p.column)
    }

    /// `file:line:col` (whole-file problems point at 1:1, where an editor opens).
    pub fn location(&self) -> String {
        let p = self.position.unwrap_or(Position { line: 1, column: 1 });
        format!("{}:{}:{}", self.file, p.line, p.column)
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{}: {level}: {}", self.location(), self.message)
    }
}

/// Problems one per line, as they are printed.
pub fn lines(diagnostics: &[Diagnostic]) -> String {
    diagnostics
        .iter()
        .map(Diagnostic::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_lines_and_characters() {
        let text = "one\ntwé three\n";
        assert_eq!(Position::of(text, 0), Position { line: 1, column: 1 });
        let at = text.find("three").expect("present");
        assert_eq!(Position::of(text, at), Position { line: 2, column: 5 });
        assert_eq!(Position::of(text, 999).line, 3);
    }

    #[test]
    fn whole_file_problems_point_where_an_editor_opens() {
        let d = Diagnostic::error("content/a.md", "empty");
        assert_eq!(d.to_string(), "content/a.md:1:1: error: empty");
        let d = Diagnostic::warning("site.toml", "odd").at(3, 7);
        assert_eq!(d.to_string(), "site.toml:3:7: warning: odd");
        assert_eq!(Diagnostic::error("f", "m").at(0, 0).position, None);
    }
}
