//! The site: the collection rendered through the theme into pages and data files. In layers,
//! each using only those below it:
//!
//! - `output` — where files go (a staging folder swapped in whole, or memory);
//! - `route` — every address of a site, spelled in one place;
//! - `theme` — templates and assets; `model` — everything a site is made from, and its routes;
//! - `render` — what pages draw on, the views templates see, Markdown, metadata;
//! - `pages` — each kind of page and file, and `pages::render`, which makes any route;
//! - `pipeline` — load → model → render every route (`build`, and what `check` and `serve` use);
//! - `links` and `crawl` read a built site's links; `pdf` prints handouts.

pub mod crawl;
pub mod links;
pub mod model;
pub mod output;
pub mod pages;
pub mod pdf;
pub mod pipeline;
pub mod render;
pub mod route;
pub mod theme;

pub use model::Model;
pub use output::{OutputFile, Progress};
pub use pipeline::{build, BuildOptions, BuildReport};
pub use route::Route;
