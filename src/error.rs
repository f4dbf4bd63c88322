//! Why a command stops, as one typed error with the exit code it ends with (documented in the
//! README). Every stage reports located [`Diagnostic`]s; this is what the commands return.

use std::path::PathBuf;

use crate::diagnostic::{lines, Diagnostic};

/// Exit codes.
pub mod exit {
    pub const OK: i32 = 0;
    /// The content has errors (or warnings, with `--strict`).
    pub const CONTENT: i32 = 1;
    /// The command line was wrong (clap uses 2 as well).
    pub const USAGE: i32 = 2;
    /// Something outside the content failed: a file could not be written, a port was taken.
    pub const IO: i32 = 3;
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The content, the settings, a template or a page cannot make a site; each problem is
    /// located in the file that has it.
    #[error("{}", lines(.0))]
    Content(Vec<Diagnostic>),
    /// A file or folder outside the content could not be written (the output folder, a
    /// record); the message names it.
    #[error("{message}")]
    Output { path: PathBuf, message: String },
    /// The preview server could not start.
    #[error("{0}")]
    Serve(String),
}

impl Error {
    /// The exit code the command ends with.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Content(_) => exit::CONTENT,
            Error::Output { .. } | Error::Serve(_) => exit::IO,
        }
    }

    /// The error as located problems, to print one per line.
    pub fn diagnostics(&self) -> Vec<Diagnostic> {
        match self {
            Error::Content(diagnostics) => diagnostics.clone(),
            Error::Output { path, message } => {
                vec![Diagnostic::error(
                    path.display().to_string(),
                    message.clone(),
                )]
            }
            Error::Serve(message) => vec![Diagnostic::error("serve", message.clone())],
        }
    }

    /// A file that could not be written; `error` says so, naming it.
    pub fn output(path: impl Into<PathBuf>, error: impl std::fmt::Display) -> Error {
        Error::Output {
            path: path.into(),
            message: error.to_string(),
        }
    }
}

impl From<Diagnostic> for Error {
    fn from(d: Diagnostic) -> Self {
        Error::Content(vec![d])
    }
}

impl From<Vec<Diagnostic>> for Error {
    fn from(diagnostics: Vec<Diagnostic>) -> Self {
        Error::Content(diagnostics)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_of_failure_has_its_exit_code() {
        let content = Error::from(Diagnostic::error("content/a.md", "empty").at(2, 1));
        assert_eq!(content.exit_code(), exit::CONTENT);
        assert_eq!(content.to_string(), "content/a.md:2:1: error: empty");
        let output = Error::output("/public", "cannot write /public/a: permission denied");
        assert_eq!(output.exit_code(), exit::IO);
        assert_eq!(
            output.to_string(),
            "cannot write /public/a: permission denied"
        );
    }
}
