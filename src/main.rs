use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

// Rendering allocates many small strings on every thread; glibc's allocator spends a quarter of
// a large build contending for its arenas.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use cablegram::commands::{self, BuildCommand, CheckOptions, Format, NormalizeOptions};

/// A static site generator for digital archive collections.
#[derive(Parser)]
#[command(name = "cablegram", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// Print nothing but errors (and what a command was asked to print).
    #[arg(long, short, global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// Print more: the time of each stage of a build.
    #[arg(long, short, global = true)]
    verbose: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Print a shell completion script: bash, zsh, fish, elvish or powershell.
    #[command(after_help = "Examples:
  cablegram completions bash > ~/.local/share/bash-completion/completions/cablegram
  cablegram completions zsh > ~/.zfunc/_cablegram
  cablegram completions fish > ~/.config/fish/completions/cablegram.fish")]
    Completions { shell: clap_complete::Shell },
    /// Start a new collection: site.toml, an example document and record, a GitHub Pages
    /// workflow.
    #[command(after_help = "Examples:
  cablegram init my-archive
  cablegram init --force .

Never replaces a file: with --force it adds the missing files to a folder that is not empty and
lists the ones it left alone.")]
    Init {
        /// The folder to create (or fill).
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Write into a folder that is not empty (still never replacing a file).
        #[arg(long)]
        force: bool,
    },
    /// Turn raw archive texts into records (TOML front matter + Markdown) and print them.
    #[command(after_help = "Examples:
  cablegram normalize content/cable.txt
  cablegram normalize --format json content/*.txt
  cablegram normalize --write content/curated content/cable.txt")]
    Normalize {
        /// Raw `.txt` files (or `.md` records, which are printed back unchanged).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value = "toml")]
        format: FormatArg,
        /// Save each record as DIR/<slug>.md instead of printing it.
        #[arg(long, value_name = "DIR")]
        write: Option<PathBuf>,
        /// With --write: replace records that already exist.
        #[arg(long, requires = "write")]
        force: bool,
        /// Site root: `[provenance] file` is recorded relative to it.
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Load the whole collection and report every problem as file:line:col.
    #[command(after_help = "Examples:
  cablegram check
  cablegram check --root my-archive --strict

Exit status: 0 when there are no errors (warnings alone pass unless --strict), 1 otherwise.")]
    Check {
        /// Site root (the folder with site.toml and content/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Treat warnings as errors.
        #[arg(long)]
        strict: bool,
        /// `json`: one JSON object on stdout (records, errors, warnings, problems), for CI tools.
        #[arg(long, value_enum, default_value = "text")]
        format: CheckFormatArg,
        /// Also fetch every link to another site (one request at a time per host, a second
        /// apart, 15 s timeout); a dead one is a warning.
        #[arg(long)]
        external: bool,
    },
    /// Build the site into public/ (or --out): pages, indexes, data downloads, feed, sitemap.
    #[command(after_help = "Examples:
  cablegram build
  cablegram build --root my-archive --out /tmp/site
  cablegram build --base-url https://example.github.io/repo/
  cablegram build --pdf

The site is written to a new folder and swapped in only when the whole build succeeded.")]
    Build {
        /// Site root (the folder with site.toml and content/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Output folder (default: public/ under the root).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Where the site will be published, e.g. https://example.github.io/repo/ (overrides site.toml).
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        /// Also print every handout and packet to PDF (needs Chromium or Chrome; see the README).
        #[arg(long)]
        pdf: bool,
        /// Print the time of each stage.
        #[arg(long)]
        timings: bool,
    },
    #[command(after_help = "Examples:
  cablegram serve
  cablegram serve --root my-archive --port 8000 --open
  cablegram serve --base-path /repo/

The site is built into memory (never over public/) and served as GitHub Pages serves it; every
change to content/, templates/, themes/, data/, static/ or site.toml rebuilds it, and open pages
reload themselves. A build error is shown over the page until it is fixed.")]
    Serve {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// 0 picks any free port.
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Address to listen on; anything but a loopback address makes the site reachable from
        /// the network.
        #[arg(long, default_value = "127.0.0.1")]
        bind: String,
        /// Serve under this path (as a GitHub Pages project site, `/repo/`) instead of the path
        /// of `base_url`.
        #[arg(long, value_name = "PATH")]
        base_path: Option<String>,
        /// Open the site in the browser.
        #[arg(long)]
        open: bool,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum CheckFormatArg {
    Text,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum FormatArg {
    Toml,
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let mut out = anstream::stdout();
    let mut err = anstream::stderr();
    let code = match cli.command {
        Command::Completions { shell } => {
            let mut command = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut command, "cablegram", &mut out);
            commands::exit::OK
        }
        Command::Init { dir, force } => {
            let options = cablegram::init::InitOptions { dir, force };
            let mut sink = std::io::sink();
            let shown: &mut dyn std::io::Write = if cli.quiet { &mut sink } else { &mut out };
            commands::init(&options, shown, &mut err)
        }
        Command::Normalize {
            files,
            format,
            write,
            force,
            root,
        } => {
            let format = match format {
                FormatArg::Toml => Format::Toml,
                FormatArg::Json => Format::Json,
            };
            commands::normalize(
                &NormalizeOptions {
                    files,
                    format,
                    write,
                    force,
                    root,
                },
                &mut out,
                &mut err,
            )
        }
        Command::Check {
            root,
            strict,
            format,
            external,
        } => {
            let format = match format {
                CheckFormatArg::Text => Format::Toml,
                CheckFormatArg::Json => Format::Json,
            };
            commands::check(
                &CheckOptions {
                    root,
                    strict,
                    format,
                    quiet: cli.quiet,
                    external,
                },
                &mut out,
                &mut err,
            )
        }
        Command::Build {
            root,
            out: folder,
            base_url,
            pdf,
            timings,
        } => {
            let options = BuildCommand {
                root,
                out: folder,
                base_url,
                quiet: cli.quiet,
                pdf,
                timings: timings || cli.verbose,
            };
            commands::build(&options, &mut out, &mut err)
        }
        Command::Serve {
            root,
            port,
            bind,
            base_path,
            open,
        } => {
            let options = cablegram::serve::ServeOptions {
                root,
                port,
                bind,
                base_path,
                open,
            };
            commands::serve(&options, &mut err)
        }
    };
    ExitCode::from(u8::try_from(code).unwrap_or(1))
}
