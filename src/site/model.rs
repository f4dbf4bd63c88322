//! Everything the pages are made from, loaded once: `build` renders all of it; `serve` keeps it,
//! updates it file by file, and renders a page when it is asked for.

use std::path::{Path, PathBuf};

use super::handouts::{self, Packet};
use super::{fail, pages, theme::Theme, Bodies, BuildFailure};
use crate::catalogue::Catalogue;
use crate::collection::{LoadOptions, Shelf};
use crate::config::SiteConfig;
use crate::diagnostic::{Diagnostic, Severity};
use crate::gazetteer::Gazetteer;
use crate::prose::{self, ProsePage};
use crate::record::Record;

pub struct Model {
    pub root: PathBuf,
    pub config: SiteConfig,
    pub gazetteer: Gazetteer,
    pub theme: Theme,
    /// The content files as read (for `serve`, which reads again only what changed).
    shelf: Shelf,
    /// In time order, without their bodies (see [`Bodies`]).
    pub records: Vec<Record>,
    /// Each record's file, in the order of `records`.
    pub sources: Vec<String>,
    pub catalogue: Catalogue,
    /// The handout packets of `site.toml`, their documents found.
    pub packets: Vec<Packet>,
    /// The site's own pages (`pages/*.md`).
    pub prose: Vec<ProsePage>,
    pub warnings: Vec<Diagnostic>,
}

impl Model {
    /// Reads the site at `root` for one build; `base_url` overrides that of `site.toml`.
    pub fn load(root: &Path, base_url: Option<&str>) -> Result<Model, BuildFailure> {
        Model::read(root, base_url, false)
    }

    /// Reads the site at `root` and keeps what it read, so that [`Model::update`] reads again
    /// only what changed.
    pub fn load_to_update(root: &Path, base_url: Option<&str>) -> Result<Model, BuildFailure> {
        Model::read(root, base_url, true)
    }

    fn read(root: &Path, base_url: Option<&str>, keep: bool) -> Result<Model, BuildFailure> {
        let mut config = SiteConfig::load(root).map_err(fail)?;
        if let Some(url) = base_url {
            SiteConfig::check_base_url(url)
                .map_err(|message| fail(Diagnostic::error("--base-url", message)))?;
            config.base_url = Some(url.to_owned());
        }
        let gazetteer = Gazetteer::load(root).map_err(fail)?;
        let theme = Theme::load(root, &config.theme).map_err(fail)?;
        let prose = prose::load(root).map_err(fail)?;
        let shelf = Shelf::read(&load_options(root, &gazetteer));
        Model::assemble(root, (config, gazetteer, theme, prose), shelf, keep)
    }

    /// The model after a change to these files (relative to the root): content files are read
    /// again one by one; a change to anything else reads the site again.
    pub fn update(&self, changed: &[String]) -> Result<Model, BuildFailure> {
        let only_content = changed.iter().all(|p| p.starts_with("content/"));
        if !only_content {
            let base_url = self.config.base_url.clone();
            let mut fresh = Model::load_to_update(&self.root, None)?;
            // A `--base-url` given to the first load still stands in for site.toml's.
            if base_url != fresh.config.base_url && base_url.is_some() {
                fresh.config.base_url = base_url;
            }
            return Ok(fresh);
        }
        // Cheap: the shelf's files are shared.
        let mut shelf = self.shelf.clone();
        shelf.reread(&load_options(&self.root, &self.gazetteer), changed);
        let settings = (
            self.config.clone(),
            self.gazetteer.clone(),
            self.theme.clone(),
            self.prose.clone(),
        );
        Model::assemble(&self.root, settings, shelf, true)
    }

    /// Puts the collection together from the shelf, and indexes it.
    fn assemble(
        root: &Path,
        (config, gazetteer, theme, prose): (SiteConfig, Gazetteer, Theme, Vec<ProsePage>),
        shelf: Shelf,
        keep: bool,
    ) -> Result<Model, BuildFailure> {
        let options = load_options(root, &gazetteer);
        let (collection, shelf) = if keep {
            (shelf.collection(&options), shelf)
        } else {
            (shelf.into_collection(&options), Shelf::default())
        };
        if collection.errors() > 0 {
            let mut diagnostics: Vec<Diagnostic> = collection.diagnostics;
            diagnostics.sort_by(|a, b| {
                (a.severity, &a.file, a.position).cmp(&(b.severity, &b.file, b.position))
            });
            return Err(BuildFailure {
                diagnostics,
                output: false,
            });
        }
        let warnings = collection
            .diagnostics
            .into_iter()
            .filter(|d| d.severity == Severity::Warning)
            .collect();
        let packets = handouts::packets(&config.handouts, &collection.records).map_err(fail)?;
        Ok(Model {
            root: root.to_path_buf(),
            packets,
            prose,
            catalogue: Catalogue::new(&collection.records, &config.indexes),
            config,
            gazetteer,
            theme,
            shelf,
            records: collection.records,
            sources: collection.sources,
            warnings,
        })
    }

    pub fn bodies(&self) -> Bodies<'_> {
        Bodies {
            root: &self.root,
            sources: &self.sources,
        }
    }

    /// What the pages are given.
    pub fn inputs<'a>(&'a self, bodies: &'a Bodies<'a>) -> pages::Inputs<'a> {
        pages::Inputs {
            config: &self.config,
            records: &self.records,
            bodies,
            catalogue: &self.catalogue,
            gazetteer: &self.gazetteer,
            theme: &self.theme,
            packets: &self.packets,
            prose: &self.prose,
            pdf: false,
        }
    }
}

/// Records are tagged from their text as they are read, then kept without it (see [`Bodies`]).
fn load_options<'a>(root: &Path, gazetteer: &'a Gazetteer) -> LoadOptions<'a> {
    LoadOptions {
        gazetteer: Some(gazetteer),
        ..LoadOptions::new(root)
    }
}
