//! Citations of one record: Chicago, MLA and APA as HTML fragments (rendered by hayagriva from its
//! bundled CSL styles), and BibTeX, RIS and CSL-JSON exports for reference managers.
//!
//! Every format describes the record as an archival manuscript: author = sender(s), title as the
//! archive gives it, the document's own date (partial dates stay partial), the collection, the
//! holding archive and its city, the translator, and the URL (the archive's own page when known,
//! else our page). `../../../shared/docs/metadata-consumers.md` says what Zotero and citeproc-js
//! read; the field choices below follow it.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::sync::{Arc, LazyLock, Mutex};

use hayagriva::archive::ArchivedStyle;
use hayagriva::citationberg::taxonomy::{
    DateVariable, Kind as CslKind, NameVariable, NumberVariable, StandardVariable, Variable,
};
use hayagriva::citationberg::{
    Choose, ChooseBranch, ChooseMatch, ElseBranch, FontStyle, FontVariant, FontWeight,
    IndependentStyle, LayoutRenderingElement, Locale, NamesChild, SortKey, Style, TestPosition,
    TextDecoration, TextTarget, VerticalAlign,
};
use hayagriva::types::{
    Date, EntryType, FormatString, Person, PersonRole, PersonsWithRoles, Publisher, QualifiedUrl,
    StringChunk,
};
use hayagriva::{
    BibliographyDriver, BibliographyRequest, CitationItem, CitationRequest, ElemChild,
    ElemChildren, ElemMeta, Entry, Formatting,
};
use serde_json::{json, Map, Value};

use crate::record::{make_slug, Kind, PartialDate, Party, Record};

/// Generated citations of one record, as HTML fragments (italics as `<i>`), ready to insert as-is
/// (all text from the record HTML-escaped).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Styled {
    pub chicago: String,
    pub mla: String,
    pub apa: String,
}

/// The three CSL styles and the en-US locale, parsed once (parsing the bundled styles costs far
/// more than formatting one record), and copies trimmed for our entries, made on first use.
pub struct Styles {
    /// Chicago, MLA, APA as bundled, in the order of [`USED`].
    bundled: [IndependentStyle; 3],
    /// Off only to test that trimming changes no output.
    specialize: bool,
    trimmed: Mutex<HashMap<(usize, Shape), Arc<IndependentStyle>>>,
    locales: Vec<Locale>,
}

/// The styles used, the form each is rendered in, and the flavor of entry each gets.
const USED: [(ArchivedStyle, Form, Flavor); 3] = [
    // A single archival document is cited in a note in Chicago (CMOS 14.232: "Burton to
    // Merriam, telegram, January 26, 1923, ..."); its bibliographies list whole collections.
    (ArchivedStyle::ChicagoNotes, Form::Note, Flavor::Chicago),
    (
        ArchivedStyle::ModernLanguageAssociation,
        Form::Bibliography,
        Flavor::Mla,
    ),
    (
        ArchivedStyle::AmericanPsychologicalAssociation,
        Form::Bibliography,
        Flavor::Apa,
    ),
];

static STYLES: LazyLock<Styles> = LazyLock::new(Styles::new);

/// Chicago (full note form), MLA and APA citations of `record`, with the styles prepared once per
/// process. `page_url`: the absolute URL of the record's page on our site, if the site has one.
pub fn styled(record: &Record, page_url: Option<&str>) -> Styled {
    STYLES.styled(record, page_url)
}

impl Default for Styles {
    fn default() -> Self {
        Self::new()
    }
}

impl Styles {
    /// Parses the bundled Chicago notes-bibliography (18th ed.), MLA (9th ed.) and APA (7th ed.)
    /// styles and the en-US locale.
    pub fn new() -> Styles {
        Styles::load(true)
    }

    fn load(specialize: bool) -> Styles {
        let en_us = |l: &Locale| l.lang.as_ref().is_some_and(|c| c.0 == "en-US");
        Styles {
            bundled: USED.map(|(style, _, _)| independent(style)),
            specialize,
            trimmed: Mutex::new(HashMap::new()),
            locales: hayagriva::archive::locales()
                .into_iter()
                .filter(en_us)
                .collect(),
        }
    }

    /// See [`styled`].
    pub fn styled(&self, record: &Record, page_url: Option<&str>) -> Styled {
        let url = cited_url(record, page_url);
        let [chicago, mla, apa] = [0, 1, 2].map(|i| {
            let (_, form, flavor) = USED[i];
            let (entry, shape) = entry(record, url, flavor);
            let apa_date = if flavor == Flavor::Apa {
                record.date.as_ref()
            } else {
                None
            };
            match self.style(i, shape) {
                Some(style) => self.render(&entry, &style, form, apa_date),
                None => self.render(&entry, &self.bundled[i], form, apa_date),
            }
        });
        Styled { chicago, mla, apa }
    }

    /// Style `i` trimmed for entries of this shape, made on first use.
    fn style(&self, i: usize, shape: Shape) -> Option<Arc<IndependentStyle>> {
        if !self.specialize {
            return None;
        }
        // A panic elsewhere cannot leave the map half-written: take it even if poisoned.
        let mut trimmed = self.trimmed.lock().unwrap_or_else(|e| e.into_inner());
        let style = trimmed.entry((i, shape)).or_insert_with(|| {
            let mut style = self.bundled[i].clone();
            specialize(&mut style, USED[i].1, shape);
            Arc::new(style)
        });
        Some(Arc::clone(style))
    }

    /// One rendering of one entry. `apa_date`: the full date that replaces APA's year-only date.
    fn render(
        &self,
        entry: &Entry,
        style: &IndependentStyle,
        form: Form,
        apa_date: Option<&PartialDate>,
    ) -> String {
        let mut driver = BibliographyDriver::new();
        driver.citation(CitationRequest::from_items(
            vec![CitationItem::with_entry(entry)],
            style,
            &self.locales,
        ));
        // (`standalone_citation` would render a subsequent, shortened note.)
        let rendered = driver.finish(BibliographyRequest::new(style, None, &self.locales));
        let mut children = match form {
            Form::Note => rendered.citations.into_iter().next().map(|c| c.citation),
            Form::Bibliography => rendered
                .bibliography
                .and_then(|b| b.items.into_iter().next())
                .map(|item| item.content),
        }
        .unwrap_or_default();
        if let Some(date) = apa_date {
            apa_full_date(&mut children, date);
        }
        html(&children)
    }
}

fn independent(style: ArchivedStyle) -> IndependentStyle {
    match style.get() {
        Style::Independent(style) => style,
        Style::Dependent(_) => panic!("bundled style {style:?} is an independent CSL style"),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    Note,
    Bibliography,
}

/// The styles place the online archive (`source.publisher`) differently: Chicago and APA as the
/// publisher, MLA 9 as an italic second container ("database") before the URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Flavor {
    Chicago,
    Mla,
    Apa,
}

// ---------------------------------------------------------------------------------------------
// Style specialization
//
// hayagriva interprets a style afresh on every call: each `cs:choose` test is re-evaluated (a
// `type` test builds and drops several selectors) every time an element asks whether its
// subtree will print. With Chicago's 5,000-line style that cost 2 ms a record. Our entries are
// all first citations of one manuscript with a few variables, so a style is trimmed once for
// each combination of variables present (a "shape"; a collection has a handful): every test it
// decides is removed and the branches ruled out dropped. A test checks that the output is
// exactly that of the untouched styles.

/// The variables [`entry`] may set.
const ENTRY_VARIABLES: [Variable; 11] = [
    Variable::Standard(StandardVariable::Title),
    Variable::Standard(StandardVariable::TitleShort),
    Variable::Standard(StandardVariable::Genre),
    Variable::Standard(StandardVariable::Archive),
    Variable::Standard(StandardVariable::ArchiveLocation),
    Variable::Standard(StandardVariable::Publisher),
    Variable::Standard(StandardVariable::Source),
    Variable::Standard(StandardVariable::URL),
    Variable::Date(DateVariable::Issued),
    Variable::Name(NameVariable::Author),
    Variable::Name(NameVariable::Translator),
];

/// Which of [`ENTRY_VARIABLES`] an entry has (non-blank, as hayagriva tests them).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
struct Shape(u16);

impl Shape {
    fn set(&mut self, variable: Variable, present: bool) {
        if let Some(i) = ENTRY_VARIABLES.iter().position(|v| *v == variable) {
            if present {
                self.0 |= 1 << i;
            }
        }
    }

    /// `Some(present)` for an entry variable, `Some(false)` for one no entry has, `None` for
    /// those the processor supplies.
    fn has(self, variable: &Variable) -> Option<bool> {
        if let Some(i) = ENTRY_VARIABLES.iter().position(|v| v == variable) {
            return Some(self.0 & (1 << i) != 0);
        }
        let supplied = matches!(
            variable,
            Variable::Standard(
                StandardVariable::CitationKey
                    | StandardVariable::CitationLabel
                    | StandardVariable::YearSuffix
            ) | Variable::Number(
                NumberVariable::CitationNumber
                    | NumberVariable::FirstReferenceNoteNumber
                    | NumberVariable::Locator
            )
        );
        (!supplied).then_some(false)
    }
}

/// The CSL types hayagriva matches for our entries (`EntryType::Manuscript`, with no parent or a
/// repository parent): `manuscript` alone.
fn is_our_type(kind: &CslKind) -> bool {
    *kind == CslKind::Manuscript
}

/// Trims `style` for entries of `shape` rendered in `form`. A style used only for its
/// bibliography also gets an empty citation layout: `BibliographyDriver::finish` renders the
/// citations too.
fn specialize(style: &mut IndependentStyle, form: Form, shape: Shape) {
    let facts = Facts { form, shape };
    for csl_macro in &mut style.macros {
        facts.specialize_elements(&mut csl_macro.children);
    }
    match form {
        Form::Note => {
            facts.specialize_elements(&mut style.citation.layout.elements);
            style.bibliography = None;
        }
        Form::Bibliography => {
            style.citation.layout.elements.clear();
            if let Some(bibliography) = &mut style.bibliography {
                facts.specialize_elements(&mut bibliography.layout.elements);
            }
        }
    }
    for csl_macro in &mut style.macros {
        splice_decided(&mut csl_macro.children);
    }
    splice_decided(&mut style.citation.layout.elements);
    if let Some(bibliography) = &mut style.bibliography {
        splice_decided(&mut bibliography.layout.elements);
    }
    prune_macros(style);
}

/// Replaces each `cs:choose` left with one test-free branch by that branch's elements, and drops
/// those left with none: a choose renders its elements as if they stood in its place (same
/// delimiter), and every level of nesting costs hayagriva another walk of the subtree.
fn splice_decided(elements: &mut Vec<LayoutRenderingElement>) {
    let mut out = Vec::with_capacity(elements.len());
    for mut element in elements.drain(..) {
        splice_within(&mut element);
        match element {
            LayoutRenderingElement::Choose(choose)
                if choose.else_if.is_empty() && choose.otherwise.is_none() =>
            {
                if is_test_free(&choose.if_) {
                    out.extend(choose.if_.children);
                } else if !is_never(&choose.if_) {
                    out.push(LayoutRenderingElement::Choose(choose));
                }
            }
            element => out.push(element),
        }
    }
    *elements = out;
}

/// [`splice_decided`] inside `element`. Each element of a `cs:substitute` is one alternative and
/// stays whole.
fn splice_within(element: &mut LayoutRenderingElement) {
    match element {
        LayoutRenderingElement::Group(group) => splice_decided(&mut group.children),
        LayoutRenderingElement::Names(names) => {
            for child in &mut names.children {
                if let NamesChild::Substitute(substitute) = child {
                    substitute.children.iter_mut().for_each(splice_within);
                }
            }
        }
        LayoutRenderingElement::Choose(choose) => {
            for branch in std::iter::once(&mut choose.if_).chain(choose.else_if.iter_mut()) {
                splice_decided(&mut branch.children);
            }
            if let Some(otherwise) = &mut choose.otherwise {
                splice_decided(&mut otherwise.children);
            }
        }
        _ => {}
    }
}

/// True under `match="all"`.
fn is_test_free(branch: &ChooseBranch) -> bool {
    branch.match_ == ChooseMatch::All && has_no_tests(branch)
}

/// A branch `specialize` decided is never taken.
fn is_never(branch: &ChooseBranch) -> bool {
    branch.match_ == ChooseMatch::Any && has_no_tests(branch)
}

fn has_no_tests(branch: &ChooseBranch) -> bool {
    branch.disambiguate.is_none()
        && branch.is_numeric.is_none()
        && branch.is_uncertain_date.is_none()
        && branch.locator.is_none()
        && branch.position.is_none()
        && branch.type_.is_none()
        && branch.variable.is_none()
}

/// What is known of every rendering a trimmed style will do.
struct Facts {
    form: Form,
    shape: Shape,
}

/// A test's outcome as far as it is known at load time.
#[derive(Clone, Copy)]
enum Known {
    True,
    False,
    /// Not tested at all (`position` in a bibliography).
    Skipped,
    Unknown,
}

impl From<bool> for Known {
    fn from(b: bool) -> Known {
        if b {
            Known::True
        } else {
            Known::False
        }
    }
}

/// What a branch's condition is once the known tests are decided.
enum Verdict {
    True,
    False,
    /// Depends on tests left undecided (`is-numeric` of a present variable, variables the
    /// processor supplies), still evaluated per entry.
    Open,
}

impl Facts {
    fn variable(&self, variable: &Variable) -> Known {
        self.shape.has(variable).map_or(Known::Unknown, Known::from)
    }

    fn position(&self, position: &TestPosition) -> Known {
        match self.form {
            // hayagriva: "When called within the scope of cs:bibliography, position tests
            // 'false'", by testing nothing.
            Form::Bibliography => Known::Skipped,
            // Our one citation is a first one, not near an earlier note.
            Form::Note => Known::from(*position == TestPosition::First),
        }
    }

    fn verdict(&self, branch: &mut ChooseBranch) -> Verdict {
        let mut count = (0, 0);
        // With one entry nothing is ambiguous: `disambiguate="true"` is false.
        if let Some(d) = branch.disambiguate.take() {
            tally(Known::from(!d), &mut count);
        }
        decide(
            &mut branch.type_,
            |k| Known::from(is_our_type(k)),
            &mut count,
        );
        decide(&mut branch.variable, |v| self.variable(v), &mut count);
        // An empty variable is not numeric; a present one may be.
        decide(
            &mut branch.is_numeric,
            |v| match self.variable(v) {
                Known::False => Known::False,
                _ => Known::Unknown,
            },
            &mut count,
        );
        // Our dates are never approximate, and no citation has a locator.
        decide(&mut branch.is_uncertain_date, |_| Known::False, &mut count);
        decide(&mut branch.locator, |_| Known::False, &mut count);
        decide(&mut branch.position, |p| self.position(p), &mut count);
        let (trues, falses) = count;
        let open = branch.variable.as_ref().map_or(0, Vec::len)
            + branch.is_numeric.as_ref().map_or(0, Vec::len);
        // hayagriva tests a branch as one flat list of tests: all, any or none of them true. The
        // decided tests left out are neutral: true ones under `all`, false ones under `any` and
        // `none`.
        match branch.match_ {
            ChooseMatch::All if falses > 0 => Verdict::False,
            ChooseMatch::Any if trues > 0 => Verdict::True,
            ChooseMatch::None if trues > 0 => Verdict::False,
            _ if open > 0 => Verdict::Open,
            ChooseMatch::All | ChooseMatch::None => Verdict::True,
            ChooseMatch::Any => Verdict::False,
        }
    }

    fn specialize_elements(&self, elements: &mut [LayoutRenderingElement]) {
        for element in elements {
            match element {
                LayoutRenderingElement::Group(group) => {
                    self.specialize_elements(&mut group.children)
                }
                LayoutRenderingElement::Choose(choose) => self.specialize_choose(choose),
                LayoutRenderingElement::Names(names) => {
                    for child in &mut names.children {
                        if let NamesChild::Substitute(substitute) = child {
                            self.specialize_elements(&mut substitute.children);
                        }
                    }
                }
                _ => {}
            }
        }
    }

    fn specialize_choose(&self, choose: &mut Choose) {
        let first = std::mem::replace(&mut choose.if_, test_free(Vec::new()));
        let branches = std::iter::once(first).chain(std::mem::take(&mut choose.else_if));
        let mut open = Vec::new();
        let mut otherwise = choose.otherwise.take();
        for mut branch in branches {
            match self.verdict(&mut branch) {
                Verdict::False => {}
                Verdict::Open => open.push(branch),
                Verdict::True => {
                    otherwise = Some(ElseBranch {
                        children: branch.children,
                    });
                    break;
                }
            }
        }
        let mut open = open.into_iter();
        match open.next() {
            Some(first) => {
                choose.if_ = first;
                choose.else_if = open.collect();
                choose.otherwise = otherwise;
            }
            // Decided: one branch without tests (always true), or nothing.
            None => {
                choose.if_ = match otherwise {
                    Some(chosen) => test_free(chosen.children),
                    None => {
                        let mut never = test_free(Vec::new());
                        never.match_ = ChooseMatch::Any;
                        never
                    }
                };
            }
        }
        for branch in std::iter::once(&mut choose.if_).chain(choose.else_if.iter_mut()) {
            self.specialize_elements(&mut branch.children);
        }
        if let Some(otherwise) = &mut choose.otherwise {
            self.specialize_elements(&mut otherwise.children);
        }
    }
}

fn tally(known: Known, (trues, falses): &mut (usize, usize)) {
    match known {
        Known::True => *trues += 1,
        Known::False => *falses += 1,
        Known::Skipped | Known::Unknown => {}
    }
}

/// Drops the decided tests of `tests`, keeping the unknown ones, and counts the outcomes.
fn decide<T>(tests: &mut Option<Vec<T>>, known: impl Fn(&T) -> Known, count: &mut (usize, usize)) {
    if let Some(list) = tests {
        list.retain(|t| {
            let k = known(t);
            tally(k, count);
            matches!(k, Known::Unknown)
        });
        if list.is_empty() {
            *tests = None;
        }
    }
}

/// A branch without tests: true under `match="all"` (the default).
fn test_free(children: Vec<LayoutRenderingElement>) -> ChooseBranch {
    ChooseBranch {
        disambiguate: None,
        is_numeric: None,
        is_uncertain_date: None,
        locator: None,
        position: None,
        type_: None,
        variable: None,
        match_: ChooseMatch::All,
        children,
    }
}

/// hayagriva finds a macro by a linear search of its name: keeps only the macros still called,
/// the most called first.
fn prune_macros(style: &mut IndependentStyle) {
    let mut calls: HashMap<String, usize> = HashMap::new();
    let sorts = [
        style.citation.sort.as_ref(),
        style.bibliography.as_ref().and_then(|b| b.sort.as_ref()),
    ];
    for key in sorts.into_iter().flatten().flat_map(|sort| &sort.keys) {
        if let SortKey::MacroName { name, .. } = key {
            *calls.entry(name.clone()).or_default() += 1;
        }
    }
    let mut pending = Vec::new();
    count_macro_calls(&style.citation.layout.elements, &mut calls, &mut pending);
    if let Some(bibliography) = &style.bibliography {
        count_macro_calls(&bibliography.layout.elements, &mut calls, &mut pending);
    }
    pending.extend(calls.keys().cloned());
    let mut seen = HashSet::new();
    while let Some(name) = pending.pop() {
        if seen.insert(name.clone()) {
            if let Some(m) = style.macros.iter().find(|m| m.name == name) {
                count_macro_calls(&m.children, &mut calls, &mut pending);
            }
        }
    }
    style.macros.retain(|m| calls.contains_key(&m.name));
    style
        .macros
        .sort_by_key(|m| std::cmp::Reverse(calls.get(&m.name).copied().unwrap_or(0)));
}

fn count_macro_calls(
    elements: &[LayoutRenderingElement],
    calls: &mut HashMap<String, usize>,
    called: &mut Vec<String>,
) {
    for element in elements {
        match element {
            LayoutRenderingElement::Text(text) => {
                if let TextTarget::Macro { name } = &text.target {
                    *calls.entry(name.clone()).or_default() += 1;
                    called.push(name.clone());
                }
            }
            LayoutRenderingElement::Group(group) => {
                count_macro_calls(&group.children, calls, called)
            }
            LayoutRenderingElement::Choose(choose) => {
                for branch in choose.branches() {
                    count_macro_calls(&branch.children, calls, called);
                }
                if let Some(otherwise) = &choose.otherwise {
                    count_macro_calls(&otherwise.children, calls, called);
                }
            }
            LayoutRenderingElement::Names(names) => {
                for child in &names.children {
                    if let NamesChild::Substitute(substitute) = child {
                        count_macro_calls(&substitute.children, calls, called);
                    }
                }
            }
            _ => {}
        }
    }
}

/// The archive's own page when known, else ours.
fn cited_url<'a>(record: &'a Record, page_url: Option<&'a str>) -> Option<&'a str> {
    record.source.url.as_deref().or(page_url)
}

// ---------------------------------------------------------------------------------------------
// Names

/// A sender, recipient or translator as citation formats want it.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Name {
    Person {
        family: String,
        given: Option<String>,
        /// `de` in `Charles de Gaulle`.
        particle: Option<String>,
        suffix: Option<String>,
    },
    /// An office or institution, never split or inverted.
    Literal(String),
}

/// Words that make a name an institution rather than a person.
const OFFICE_WORDS: &[&str] = &[
    "embassy",
    "ministry",
    "department",
    "mission",
    "consulate",
    "legation",
    "office",
    "delegation",
    "government",
    "committee",
    "council",
    "staff",
    "agency",
    "bureau",
    "command",
    "headquarters",
    "secretariat",
    "station",
    "house",
    "chiefs",
    "party",
    "service",
    "directorate",
    "army",
    "navy",
    "embassies",
    "republic",
    "union",
    "nations",
    "states",
];

/// Lower-case parts of personal names (`de Gaulle`, `van Zandt`).
const PARTICLES: &[&str] = &[
    "de", "del", "della", "der", "di", "du", "da", "dos", "das", "van", "von", "ter", "ten", "la",
    "le", "bin", "ibn", "al", "el", "y",
];

const SUFFIXES: &[&str] = &["Jr.", "Jr", "Sr.", "Sr", "II", "III", "IV"];

/// The author for a sender: `role = "Ambassador", name = "Yaguchi"` is a person; a name alone is
/// an office when it reads like one (`Embassy in Vietnam`), else a person (`Ohira`); a bare title
/// (`President`) names nobody and gives no author.
fn party_name(party: &Party) -> Option<Name> {
    let name = party.name.as_deref()?.trim();
    if name.is_empty() {
        return None;
    }
    Some(if is_office(name) {
        Name::Literal(name.to_owned())
    } else {
        person(name)
    })
}

fn is_office(name: &str) -> bool {
    let words: Vec<&str> = name.split_whitespace().collect();
    let acronym = words.len() == 1
        && name.chars().filter(|c| c.is_alphabetic()).count() > 1
        && name.chars().all(|c| !c.is_alphabetic() || c.is_uppercase());
    acronym
        || words.iter().any(|w| {
            let bare = w.trim_matches(|c: char| !c.is_alphanumeric());
            let lower = bare.to_lowercase();
            OFFICE_WORDS.contains(&lower.as_str())
                || (bare.chars().next().is_some_and(char::is_lowercase)
                    && !PARTICLES.contains(&bare))
        })
}

/// Splits `Dean Rusk`, `Rusk, Dean`, `Charles de Gaulle`, `Martin Luther King Jr.`.
fn person(name: &str) -> Name {
    if let Some((family, given)) = name.split_once(',') {
        let (family, given) = (family.trim(), given.trim());
        if !family.is_empty() && !given.is_empty() && !SUFFIXES.contains(&given) {
            let (particle, family) = split_particle(family);
            return Name::Person {
                family: family.to_owned(),
                given: Some(given.to_owned()),
                particle,
                suffix: None,
            };
        }
    }
    let mut words: Vec<&str> = name
        .split_whitespace()
        .map(|w| w.trim_end_matches(','))
        .collect();
    let suffix = match words.last() {
        Some(last) if words.len() > 2 && SUFFIXES.contains(last) => words.pop().map(str::to_owned),
        _ => None,
    };
    // The family name starts at the first particle after the given name, else is the last word.
    let start = (1..words.len())
        .find(|&i| PARTICLES.contains(&words[i]) && i + 1 < words.len())
        .unwrap_or(words.len().saturating_sub(1));
    let given = words[..start].join(" ");
    let rest = words[start..].join(" ");
    let (particle, family) = split_particle(&rest);
    Name::Person {
        family: family.to_owned(),
        given: (!given.is_empty()).then_some(given),
        particle,
        suffix,
    }
}

/// `de Gaulle` → (`de`, `Gaulle`).
fn split_particle(family: &str) -> (Option<String>, &str) {
    let mut cut = 0;
    let mut particles = Vec::new();
    for word in family.split(' ') {
        if PARTICLES.contains(&word) && cut + word.len() < family.len() {
            particles.push(word);
            cut += word.len() + 1;
        } else {
            break;
        }
    }
    if particles.is_empty() {
        (None, family)
    } else {
        (Some(particles.join(" ")), &family[cut..])
    }
}

fn authors(record: &Record) -> Vec<Name> {
    record.from.iter().filter_map(party_name).collect()
}

/// `Masaki Hirata`, `Sergey Radchenko and Rachel Ward`, `A, B & C`; an institution stays whole.
fn translators(record: &Record) -> Vec<Name> {
    let Some(text) = record.source.translator.as_deref() else {
        return Vec::new();
    };
    text.split(" and ")
        .flat_map(|part| part.split(" & "))
        .flat_map(|part| part.split(", "))
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(|t| {
            if is_office(t) {
                Name::Literal(t.to_owned())
            } else {
                person(t)
            }
        })
        .collect()
}

/// Recipients who are people, as the record names them (`Ohira`): CMOS cites letters as
/// "Sender to Recipient". Offices are left out: the archives' titles already name them.
fn person_recipients(record: &Record) -> Vec<&str> {
    record
        .to
        .iter()
        .filter_map(|p| p.name.as_deref().map(str::trim))
        .filter(|n| !n.is_empty() && !is_office(n))
        .collect()
}

fn hayagriva_person(name: &Name) -> Person {
    let (name, given_name, prefix, suffix) = match name {
        Name::Person {
            family,
            given,
            particle,
            suffix,
        } => (
            family.clone(),
            given.clone(),
            particle.clone(),
            suffix.clone(),
        ),
        Name::Literal(literal) => (literal.clone(), None, None, None),
    };
    Person {
        name,
        given_name,
        prefix,
        suffix,
        comma_suffix: false,
        alias: None,
    }
}

// ---------------------------------------------------------------------------------------------
// The hayagriva entry

/// Text the styles must not re-case: archival titles keep the archive's capitalization, and
/// title-casing would damage non-English titles and acronyms.
fn verbatim(text: &str) -> FormatString {
    FormatString {
        value: StringChunk::verbatim(text).into(),
        short: None,
    }
}

/// The hayagriva entry for one style, and which variables it has.
fn entry(record: &Record, url: Option<&str>, flavor: Flavor) -> (Entry, Shape) {
    use StandardVariable as V;
    let mut entry = Entry::new(&record_key(record), EntryType::Manuscript);
    let mut shape = Shape::default();
    if let Some(title) = non_blank(Some(&record.title)) {
        entry.set_title(verbatim(title));
        shape.set(Variable::Standard(V::Title), true);
        shape.set(Variable::Standard(V::TitleShort), true);
    }
    let authors = authors(record);
    shape.set(Variable::Name(NameVariable::Author), !authors.is_empty());
    if !authors.is_empty() {
        entry.set_authors(authors.iter().map(hayagriva_person).collect());
    }
    if let Some(date) = &record.date {
        entry.set_date(hayagriva_date(date));
        shape.set(Variable::Date(DateVariable::Issued), true);
    }
    if let Some(genre) = genre(record) {
        // Not verbatim: the styles capitalize a descriptor that opens a sentence or a bracket.
        entry.set_genre(FormatString::with_value(genre));
        shape.set(Variable::Standard(V::Genre), true);
    }
    let (archive, collection) = if flavor == Flavor::Mla {
        // MLA 9 gives the location as "Collection, Archive, City"; its CSL style would put the
        // archive location after the archive.
        let held = held_at(record);
        ((!held.is_empty()).then(|| held.join(", ")), None)
    } else {
        // hayagriva drops `archive-place`: the city goes inside `archive`. It has no
        // `archive_collection` either: `archive-location` is where Chicago and APA put the
        // file or collection (Chicago before the archive, APA after it).
        (
            archive_with_place(record),
            non_blank(record.source.collection.as_deref()),
        )
    };
    if let Some(archive) = non_blank(archive.as_deref()) {
        entry.set_archive(verbatim(archive));
        shape.set(Variable::Standard(V::Archive), true);
    }
    if let Some(collection) = collection {
        entry.set_archive_location(verbatim(collection));
        shape.set(Variable::Standard(V::ArchiveLocation), true);
    }
    let translators = translators(record);
    shape.set(
        Variable::Name(NameVariable::Translator),
        !translators.is_empty(),
    );
    if !translators.is_empty() {
        entry.set_affiliated(vec![PersonsWithRoles::new(
            translators.iter().map(hayagriva_person).collect(),
            PersonRole::Translator,
        )]);
    }
    if let Some(publisher) = non_blank(record.source.publisher.as_deref()) {
        if flavor == Flavor::Mla {
            // MLA's second container: CSL `source`, which hayagriva reads from a parent
            // repository's title.
            let mut database = Entry::new("database", EntryType::Repository);
            database.set_title(verbatim(publisher));
            entry.set_parents(vec![database]);
            shape.set(Variable::Standard(V::Source), true);
        } else {
            entry.set_publisher(Publisher::new(Some(verbatim(publisher)), None));
            shape.set(Variable::Standard(V::Publisher), true);
        }
    }
    if let Some(url) = url.and_then(|u| u.parse::<QualifiedUrl>().ok()) {
        entry.set_url(url);
        shape.set(Variable::Standard(V::URL), true);
    }
    (entry, shape)
}

/// hayagriva treats a blank variable as absent; so do we.
fn non_blank(text: Option<&str>) -> Option<&str> {
    text.filter(|t| !t.trim().is_empty())
}

/// `cable`, or `cable to Ohira` when the recipients are people (CMOS "Letter to Desmond Ryan",
/// APA "[Letter to Robert M. Ogden]"). A plain `document` says nothing and is left out.
fn genre(record: &Record) -> Option<String> {
    let kind = record.kind.as_ref().filter(|k| **k != Kind::Document)?;
    let recipients = person_recipients(record);
    Some(if recipients.is_empty() {
        kind.as_str().to_owned()
    } else {
        format!("{} to {}", kind.as_str(), and_list(&recipients))
    })
}

fn and_list(items: &[&str]) -> String {
    match items {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// Collection, archive and city, those known, in CMOS order.
fn held_at(record: &Record) -> Vec<&str> {
    let s = &record.source;
    let place = s
        .archive_place
        .as_deref()
        .filter(|p| !s.archive.as_deref().is_some_and(|a| a.contains(p)));
    [s.collection.as_deref(), s.archive.as_deref(), place]
        .into_iter()
        .flatten()
        .collect()
}

/// `Diplomatic Archives of the Ministry of Foreign Affairs of Japan, Tokyo`.
fn archive_with_place(record: &Record) -> Option<String> {
    let archive = record.source.archive.as_deref()?;
    Some(match record.source.archive_place.as_deref() {
        Some(place) if !archive.contains(place) => format!("{archive}, {place}"),
        _ => archive.to_owned(),
    })
}

/// hayagriva counts months and days from 0.
fn hayagriva_date(date: &PartialDate) -> Date {
    Date {
        year: i32::from(date.year()),
        month: date.month().map(|m| (m - 1) as u8),
        day: date.day().map(|d| (d - 1) as u8),
        approximate: false,
        season: None,
    }
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// APA 7 dates archival letters and documents to the day ("Frank, L. K. (1935, February 3).
/// [Letter to Robert M. Ogden]"); the APA CSL style gives manuscripts the year only. Replaces the
/// first rendered date, which in APA is the `(1962)` after the author.
fn apa_full_date(children: &mut ElemChildren, date: &PartialDate) {
    let Some(month) = date
        .month()
        .and_then(|m| MONTHS.get(usize::try_from(m).ok()?.checked_sub(1)?))
    else {
        return;
    };
    let text = match date.day() {
        Some(day) => format!("{}, {month} {day}", date.year()),
        None => format!("{}, {month}", date.year()),
    };
    if let Some(elem) = find_date(children) {
        let formatting = first_formatting(&elem.0).unwrap_or_default();
        elem.0 = vec![ElemChild::Text(hayagriva::Formatted { text, formatting })];
    }
}

fn find_date(children: &mut ElemChildren) -> Option<&mut ElemChildren> {
    for child in children.0.iter_mut() {
        if let ElemChild::Elem(elem) = child {
            if elem.meta == Some(ElemMeta::Date) {
                return Some(&mut elem.children);
            }
            if let Some(found) = find_date(&mut elem.children) {
                return Some(found);
            }
        }
    }
    None
}

fn first_formatting(children: &[ElemChild]) -> Option<Formatting> {
    children.iter().find_map(|c| match c {
        ElemChild::Text(t) => Some(t.formatting),
        ElemChild::Elem(e) => first_formatting(&e.children.0),
        _ => None,
    })
}

// ---------------------------------------------------------------------------------------------
// HTML

/// hayagriva's own HTML writer neither escapes text nor uses `<i>`: runs of equally formatted
/// text are collected, then written with escaping.
fn html(children: &ElemChildren) -> String {
    let mut runs: Vec<(Formatting, Option<&str>, String)> = Vec::new();
    collect_runs(&children.0, &mut runs);
    let mut out = String::new();
    for (formatting, link, text) in &runs {
        if let Some(url) = link {
            out.push_str("<a href=\"");
            escape_into(&mut out, url);
            out.push_str("\">");
        }
        let tags = tags(formatting);
        for (open, _) in &tags {
            out.push_str(open);
        }
        escape_into(&mut out, text);
        for (_, close) in tags.iter().rev() {
            out.push_str(close);
        }
        if link.is_some() {
            out.push_str("</a>");
        }
    }
    out.trim().to_owned()
}

fn collect_runs<'a>(
    children: &'a [ElemChild],
    runs: &mut Vec<(Formatting, Option<&'a str>, String)>,
) {
    for child in children {
        let (formatting, link, text) = match child {
            ElemChild::Text(t) => (t.formatting, None, t.text.as_str()),
            ElemChild::Link { text, url } => {
                (text.formatting, Some(url.as_str()), text.text.as_str())
            }
            ElemChild::Markup(m) => (Formatting::default(), None, m.as_str()),
            ElemChild::Elem(e) => {
                collect_runs(&e.children.0, runs);
                continue;
            }
            ElemChild::Transparent { .. } => continue,
        };
        match runs.last_mut() {
            Some((f, l, t)) if *f == formatting && *l == link && link.is_none() => t.push_str(text),
            _ => runs.push((formatting, link, text.to_owned())),
        }
    }
}

fn tags(f: &Formatting) -> Vec<(&'static str, &'static str)> {
    let mut tags = Vec::new();
    if f.font_style == FontStyle::Italic {
        tags.push(("<i>", "</i>"));
    }
    if f.font_weight == FontWeight::Bold {
        tags.push(("<b>", "</b>"));
    }
    if f.font_variant == FontVariant::SmallCaps {
        tags.push(("<span style=\"font-variant: small-caps\">", "</span>"));
    }
    if f.text_decoration == TextDecoration::Underline {
        tags.push(("<u>", "</u>"));
    }
    match f.vertical_align {
        VerticalAlign::Sup => tags.push(("<sup>", "</sup>")),
        VerticalAlign::Sub => tags.push(("<sub>", "</sub>")),
        _ => {}
    }
    tags
}

fn escape_into(out: &mut String, text: &str) {
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

// ---------------------------------------------------------------------------------------------
// BibTeX

/// One `@unpublished` entry (Zotero imports it as a manuscript), keyed by the record id.
pub fn bibtex(record: &Record, page_url: Option<&str>) -> String {
    let mut fields: Vec<(&str, String)> = Vec::new();
    let authors = authors(record);
    if !authors.is_empty() {
        fields.push(("author", bibtex_names(&authors)));
    }
    fields.push(("title", bibtex_escape(&record.title)));
    if let Some(date) = &record.date {
        // biblatex and Zotero read `date` with its precision; classic BibTeX reads year/month.
        fields.push(("date", date.to_string()));
        fields.push(("year", date.year().to_string()));
        if let Some(month) = date.month() {
            fields.push(("month", month.to_string()));
        }
    }
    if let Some(kind) = &record.kind {
        fields.push(("type", kind.as_str().to_owned()));
    }
    let translators = translators(record);
    if !translators.is_empty() {
        fields.push(("translator", bibtex_names(&translators)));
    }
    // `note` is @unpublished's required field: where the document is held.
    fields.push(("note", bibtex_escape(&holding_note(record))));
    if let Some(url) = cited_url(record, page_url) {
        fields.push(("url", bibtex_url(url)));
    }
    if let Some(language) = &record.language {
        fields.push(("language", bibtex_escape(language)));
    }
    if let Some(summary) = &record.summary {
        fields.push(("abstract", bibtex_escape(&one_line(summary))));
    }
    let mut out = format!("@unpublished{{{},\n", bibtex_key(&record_key(record)));
    for (name, value) in fields {
        let _ = writeln!(out, "  {name} = {{{value}}},");
    }
    out.push_str("}\n");
    out
}

/// `Cuban Domestic Policies and Situation: 1959-1975, Diplomatic Archives ..., Tokyo. Wilson
/// Center Digital Archive.`: collection, archive, city (CMOS order), then the online archive.
fn holding_note(record: &Record) -> String {
    let s = &record.source;
    let held = held_at(record);
    let mut parts = Vec::new();
    if !held.is_empty() {
        parts.push(held.join(", "));
    }
    if let Some(publisher) = &s.publisher {
        parts.push(publisher.clone());
    }
    if parts.is_empty() {
        return "Unpublished document".to_owned();
    }
    let mut note = parts.join(". ");
    if !note.ends_with('.') {
        note.push('.');
    }
    note
}

fn bibtex_names(names: &[Name]) -> String {
    names
        .iter()
        .map(|name| match name {
            Name::Person {
                family,
                given,
                particle,
                suffix,
            } => {
                let family = match particle {
                    Some(p) => format!("{p} {family}"),
                    None => family.clone(),
                };
                let mut out = bibtex_escape(&family);
                if let Some(suffix) = suffix {
                    out.push_str(", ");
                    out.push_str(&bibtex_escape(suffix));
                }
                if let Some(given) = given {
                    out.push_str(", ");
                    out.push_str(&bibtex_escape(given));
                }
                out
            }
            // Braced so that BibTeX does not read `Embassy in Vietnam` as a person's name.
            Name::Literal(literal) => format!("{{{}}}", bibtex_escape(literal)),
        })
        .collect::<Vec<_>>()
        .join(" and ")
}

/// Escapes TeX's special characters. Braces become `\textbraceleft{}`/`\textbraceright{}`, which
/// keep the braces BibTeX counts balanced (it ignores backslashes when matching them).
fn bibtex_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\textbackslash{}"),
            '{' => out.push_str("\\textbraceleft{}"),
            '}' => out.push_str("\\textbraceright{}"),
            '&' | '%' | '$' | '#' | '_' => {
                out.push('\\');
                out.push(c);
            }
            '~' => out.push_str("\\textasciitilde{}"),
            '^' => out.push_str("\\textasciicircum{}"),
            '\n' | '\r' | '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// URLs are read verbatim by biblatex: only what would break the entry is percent-encoded.
fn bibtex_url(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        match c {
            '{' => out.push_str("%7B"),
            '}' => out.push_str("%7D"),
            '\\' => out.push_str("%5C"),
            c if c.is_whitespace() => out.push_str("%20"),
            c => out.push(c),
        }
    }
    out
}

/// BibTeX keys allow neither spaces nor `,{}()"#%~\=`: anything outside `[A-Za-z0-9_:.-]` becomes
/// `-`.
fn bibtex_key(id: &str) -> String {
    let key: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '_' | ':' | '.' | '-') {
                c
            } else {
                '-'
            }
        })
        .collect();
    let key = key.trim_matches('-');
    if key.is_empty() {
        "record".to_owned()
    } else {
        key.to_owned()
    }
}

// ---------------------------------------------------------------------------------------------
// RIS

/// One RIS record. Tags as Zotero's RIS importer maps them for `MANSCPT` (manuscript): `DB`
/// archive, `AN` archive location, `M3` manuscript type, `A4` translator, `CY` place, `DP`
/// library catalog (the online archive), `AB` abstract.
pub fn ris(record: &Record, page_url: Option<&str>) -> String {
    let mut lines: Vec<(&str, String)> = vec![("TY", "MANSCPT".to_owned())];
    lines.push(("TI", record.title.clone()));
    for name in authors(record) {
        lines.push(("AU", ris_name(&name)));
    }
    for name in translators(record) {
        lines.push(("A4", ris_name(&name)));
    }
    if let Some(date) = &record.date {
        // `YYYY/MM/DD/`, empty parts for what is unknown.
        let part = |p: Option<i8>| p.map(|v| format!("{v:02}")).unwrap_or_default();
        lines.push((
            "DA",
            format!(
                "{:04}/{}/{}/",
                date.year(),
                part(date.month()),
                part(date.day())
            ),
        ));
        lines.push(("PY", format!("{:04}", date.year())));
    }
    if let Some(kind) = &record.kind {
        lines.push(("M3", kind.as_str().to_owned()));
    }
    if let Some(archive) = archive_with_place(record) {
        // Zotero has no archive-place field: the city stays with the archive.
        lines.push(("DB", archive));
    }
    if let Some(collection) = &record.source.collection {
        lines.push(("AN", collection.clone()));
    }
    if let Some(place) = record.transmitted.as_ref().and_then(|t| t.place.clone()) {
        lines.push(("CY", place));
    }
    if let Some(publisher) = &record.source.publisher {
        lines.push(("DP", publisher.clone()));
    }
    if let Some(url) = cited_url(record, page_url) {
        lines.push(("UR", url.to_owned()));
    }
    if let Some(summary) = &record.summary {
        lines.push(("AB", summary.clone()));
    }
    if let Some(citation) = &record.source.citation {
        lines.push(("N1", citation.clone()));
    }
    if let Some(language) = &record.language {
        lines.push(("LA", language.clone()));
    }
    let mut out = String::new();
    for (tag, value) in lines {
        let value = one_line(&value);
        if !value.is_empty() {
            let _ = writeln!(out, "{tag}  - {value}");
        }
    }
    out.push_str("ER  - \n");
    out
}

fn ris_name(name: &Name) -> String {
    match name {
        Name::Person {
            family,
            given,
            particle,
            suffix,
        } => {
            let mut out = match particle {
                Some(p) => format!("{p} {family}"),
                None => family.clone(),
            };
            if let Some(given) = given {
                out.push_str(", ");
                out.push_str(given);
            }
            if let Some(suffix) = suffix {
                out.push_str(", ");
                out.push_str(suffix);
            }
            out
        }
        Name::Literal(literal) => literal.clone(),
    }
}

/// Tagged formats hold one value per line.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

// ---------------------------------------------------------------------------------------------
// CSL-JSON

/// One CSL-JSON item (citeproc-js, Zotero, Pandoc). Names are objects and the date a
/// `date-parts` object: citeproc-js silently drops string authors and dates.
pub fn csl_json(record: &Record, page_url: Option<&str>) -> Value {
    let mut item = Map::new();
    item.insert("id".into(), json!(record_key(record)));
    item.insert("type".into(), json!("manuscript"));
    item.insert("title".into(), json!(record.title));
    let authors = authors(record);
    if !authors.is_empty() {
        item.insert("author".into(), csl_names(&authors));
    }
    if let Some(date) = &record.date {
        let mut parts = vec![json!(date.year())];
        parts.extend(date.month().map(|m| json!(m)));
        parts.extend(date.day().map(|d| json!(d)));
        item.insert("issued".into(), json!({ "date-parts": [parts] }));
    }
    if let Some(kind) = &record.kind {
        item.insert("genre".into(), json!(kind.as_str()));
    }
    let translators = translators(record);
    if !translators.is_empty() {
        item.insert("translator".into(), csl_names(&translators));
    }
    let s = &record.source;
    let optional = [
        ("archive", s.archive.as_deref()),
        ("archive-place", s.archive_place.as_deref()),
        ("archive_location", s.collection.as_deref()),
        // The online archive or published volume the text comes from (Zotero: Library Catalog).
        ("source", s.publisher.as_deref()),
        (
            "publisher-place",
            record.transmitted.as_ref().and_then(|t| t.place.as_deref()),
        ),
        ("URL", cited_url(record, page_url)),
        ("abstract", record.summary.as_deref()),
        ("note", s.citation.as_deref()),
    ];
    for (key, value) in optional {
        if let Some(value) = value {
            item.insert(key.into(), json!(value));
        }
    }
    if let Some(language) = &record.language {
        item.insert("language".into(), json!(language_code(language)));
    }
    Value::Object(item)
}

fn csl_names(names: &[Name]) -> Value {
    Value::Array(
        names
            .iter()
            .map(|name| match name {
                Name::Person {
                    family,
                    given,
                    particle,
                    suffix,
                } => {
                    let mut obj = Map::new();
                    obj.insert("family".into(), json!(family));
                    if let Some(given) = given {
                        obj.insert("given".into(), json!(given));
                    }
                    if let Some(particle) = particle {
                        obj.insert("non-dropping-particle".into(), json!(particle));
                    }
                    if let Some(suffix) = suffix {
                        obj.insert("suffix".into(), json!(suffix));
                    }
                    Value::Object(obj)
                }
                Name::Literal(literal) => json!({ "literal": literal }),
            })
            .collect(),
    )
}

/// CSL wants a BCP 47 tag; records name languages in English. Unknown names pass through.
fn language_code(name: &str) -> String {
    const CODES: &[(&str, &str)] = &[
        ("albanian", "sq"),
        ("arabic", "ar"),
        ("bulgarian", "bg"),
        ("chinese", "zh"),
        ("czech", "cs"),
        ("dutch", "nl"),
        ("english", "en"),
        ("french", "fr"),
        ("german", "de"),
        ("hebrew", "he"),
        ("hungarian", "hu"),
        ("italian", "it"),
        ("japanese", "ja"),
        ("korean", "ko"),
        ("mongolian", "mn"),
        ("persian", "fa"),
        ("polish", "pl"),
        ("portuguese", "pt"),
        ("romanian", "ro"),
        ("russian", "ru"),
        ("serbian", "sr"),
        ("spanish", "es"),
        ("ukrainian", "uk"),
        ("vietnamese", "vi"),
    ];
    let lower = name.trim().to_lowercase();
    CODES
        .iter()
        .find(|(n, _)| *n == lower)
        .map(|(_, code)| (*code).to_owned())
        .unwrap_or_else(|| name.trim().to_owned())
}

/// The record's id, as `Record::fill_identity` would derive it when it has not run.
fn record_key(record: &Record) -> String {
    record
        .id
        .clone()
        .or_else(|| record.source.record_id.clone())
        .or_else(|| record.slug.clone())
        .unwrap_or_else(|| make_slug(record.date.as_ref(), &record.title))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::parse;

    /// Front matter of `shared/golden/000_4d1aae1c1a1ac195.md` (body left out).
    const GOLDEN_000: &str = r#"+++
id = "115059"
slug = "1962-11-28-cable-from-japanese-embassy-in-havana-to-tokyo"
title = "Cable from Japanese Embassy in Havana to Tokyo"
date = 1962-11-28
kind = "cable"
subject = "The Situation in Cuba"
summary = "A cable describing the situation in Cuba, and especially the results of the Mikoyan-Castro talks."
original_language = "Japanese"
language = "English"
translation = true
credits = ["Leon Levy Foundation"]
distribution = "The cable has been transferred to [Japan's] Embassies in the US and Mexico."

[[from]]
role = "Ambassador"
name = "Yaguchi"

[[to]]
role = "Foreign Minister"
name = "Ohira"

[transmitted]
place = "Havana"
at = 1962-11-28T11:00:00

[received]
place = "Tokyo"
at = 1962-11-29T05:14:00

[source]
publisher = "Wilson Center Digital Archive"
archive = "Diplomatic Archives of the Ministry of Foreign Affairs of Japan"
collection = "Cuban Domestic Policies and Situation: 1959-1975"
archive_place = "Tokyo"
url = "https://wilson-center-digital-archive.dvincitest.com/document/115059"
record_id = "115059"
translator = "Masaki Hirata"
obtained_for = "CWIHP"
citation = "\"Cable from Japanese Embassy in Havana to Tokyo\", November 28, 1962, Wilson Center Digital Archive, Diplomatic Archives of the Ministry of Foreign Affairs of Japan (\"Cuban Domestic Policies and Situation: 1959-1975\" file), Tokyo. Obtained and translated for CWIHP by Masaki Hirata."
+++
"#;

    /// Front matter of `shared/golden/001_39e9807f1f425bb8.md` (body left out): no URL, no
    /// publisher, no language.
    const GOLDEN_001: &str = r#"+++
id = "1962-11-21-cable-from-japanese-embassy-in-havana-to-tokyo"
slug = "1962-11-21-cable-from-japanese-embassy-in-havana-to-tokyo"
title = "Cable from Japanese Embassy in Havana to Tokyo"
date = 1962-11-21
kind = "cable"
subject = "The Cuban Situation"
summary = "A brief, but expansive, report on the situation in Cuba. It includes: the Mikoyan-Castro talks, the various groups within the revolutionary government and Castro's opposition of any kind of base inspections."
credits = ["Leon Levy Foundation"]
rights = "The History and Public Policy Program welcomes reuse of Digital Archive materials for research and educational purposes. Some documents may be subject to copyright, which is retained by the rights holders in accordance with US and international copyright laws. When possible, rights holders have been contacted for permission to reproduce their materials."
distribution = "This cable has been transferred to the [Japanese] Embassy in the US. Please pass this to the [Japanese] Embassy in the Soviet Union if necessary."

[[from]]
role = "Ambassador"
name = "Yaguchi"

[[to]]
role = "Foreign Minister"
name = "Ohira"

[transmitted]
place = "Havana"
at = 1962-11-21T11:51:00

[received]
place = "Tokyo"
at = 1962-11-22T07:20:00

[source]
archive = "Diplomatic Archives of the Ministry of Foreign Affairs of Japan"
collection = "Cuban Domestic Policies and Situation: 1959-1975"
archive_place = "Tokyo"
translator = "Masaki Hirata"
obtained_for = "CWIHP"
citation = "Diplomatic Archives of the Ministry of Foreign Affairs of Japan (“Cuban Domestic Policies and Situation: 1959-1975” file), Tokyo. Obtained and translated for CWIHP by Masaki Hirata."
+++
"#;

    /// The FRUS example: an office as sender, a published volume as publisher.
    const FRUS: &str = r#"+++
title = "Telegram From the Embassy in Vietnam to the Department of State"
date = 1961-01-31
kind = "telegram"

[[from]]
name = "Embassy in Vietnam"

[[to]]
name = "Department of State"

[source]
publisher = "Foreign Relations of the United States, 1961–1963, Volume I, Vietnam, 1961"
archive = "Department of State"
collection = "Central Files, 751K.00/1-3161"
url = "https://history.state.gov/historicaldocuments/frus1961-63v01/d8"
record_id = "frus1961-63v01d8"
+++
"#;

    /// Everything a citation must escape, and a partial date.
    const HOSTILE: &str = r#"+++
id = "odd id {1}, #2"
title = "<script>alert(\"x\")</script> & Sons' 100% {draft} #2 of_3 ~^\\"
date = "1962-11"
kind = "memorandum"
summary = "Line one.\nLine two."

[[from]]
role = "Secretary of State"
name = "Dean Rusk"

[[from]]
role = "President"

[source]
archive = "Archive <b>"
collection = "Box 1 & 2"
translator = "Ann Lee & Bo Chen, NKIDP"
+++
"#;

    fn record(text: &str) -> Record {
        parse(text).expect("test record parses")
    }

    const PAGE: &str = "https://cables.example.org/records/x/";

    #[test]
    fn styled_citations_name_title_date_archive_and_collection() {
        for text in [GOLDEN_000, GOLDEN_001] {
            let r = record(text);
            let s = styled(&r, Some(PAGE));
            for (style, cite, date) in [
                ("chicago", &s.chicago, "November"),
                ("mla", &s.mla, "Nov."),
                ("apa", &s.apa, "November"),
            ] {
                for needle in [
                    "Cable from Japanese Embassy in Havana to Tokyo",
                    "1962",
                    date,
                    "Diplomatic Archives of the Ministry of Foreign Affairs of Japan, Tokyo",
                    "Cuban Domestic Policies and Situation: 1959-1975",
                    "Yaguchi",
                    "Hirata",
                ] {
                    assert!(cite.contains(needle), "{style} lacks {needle:?}: {cite}");
                }
            }
        }
    }

    #[test]
    fn styled_golden_000_exactly() {
        let s = styled(&record(GOLDEN_000), Some(PAGE));
        let url = "https://wilson-center-digital-archive.dvincitest.com/document/115059";
        let link = format!("<a href=\"{url}\">{url}</a>");
        assert_eq!(
            s.chicago,
            format!(
                "Yaguchi, “Cable from Japanese Embassy in Havana to Tokyo,” cable to Ohira, \
                 trans. Masaki Hirata, Wilson Center Digital Archive, November 28, 1962, \
                 Cuban Domestic Policies and Situation: 1959-1975, Diplomatic Archives of the \
                 Ministry of Foreign Affairs of Japan, Tokyo, {link}."
            )
        );
        assert_eq!(
            s.mla,
            format!(
                "Yaguchi. “Cable from Japanese Embassy in Havana to Tokyo.” Cable to Ohira. \
                 Translated by Masaki Hirata, 28 Nov. 1962, Cuban Domestic Policies and \
                 Situation: 1959-1975, Diplomatic Archives of the Ministry of Foreign Affairs of \
                 Japan, Tokyo. <i>Wilson Center Digital Archive</i>, {link}."
            )
        );
        assert_eq!(
            s.apa,
            format!(
                "Yaguchi. (1962, November 28). <i>Cable from Japanese Embassy in Havana to \
                 Tokyo</i> (M. Hirata, Trans.) [Cable to Ohira]. Wilson Center Digital Archive. \
                 Diplomatic Archives of the Ministry of Foreign Affairs of Japan, Tokyo (Cuban \
                 Domestic Policies and Situation: 1959-1975). {link}"
            )
        );
    }

    #[test]
    fn page_url_is_cited_only_without_an_archive_url() {
        let s = styled(&record(GOLDEN_001), Some(PAGE));
        for cite in [&s.chicago, &s.mla, &s.apa] {
            assert!(cite.contains(PAGE), "{cite}");
        }
        let s = styled(&record(GOLDEN_001), None);
        for cite in [&s.chicago, &s.mla, &s.apa] {
            assert!(!cite.contains("http"), "{cite}");
        }
        let s = styled(&record(GOLDEN_000), Some(PAGE));
        assert!(!s.chicago.contains(PAGE));
    }

    #[test]
    fn styled_citations_escape_record_text() {
        let s = styled(&record(HOSTILE), None);
        for cite in [&s.chicago, &s.mla, &s.apa] {
            assert!(!cite.contains("<script") && !cite.contains("<b>"), "{cite}");
            assert!(
                cite.contains("&lt;script&gt;alert(&quot;x&quot;)"),
                "{cite}"
            );
            assert!(cite.contains("Archive &lt;b&gt;"), "{cite}");
            assert!(cite.contains("Box 1 &amp; 2"), "{cite}");
            assert!(cite.contains("Rusk"), "{cite}");
            // Partial date: the month, never an invented day.
            assert!(cite.contains("1962") && cite.contains("Nov"), "{cite}");
        }
        assert!(s.apa.starts_with("Rusk, D. (1962, November)."), "{}", s.apa);
        assert!(s.chicago.starts_with("Dean Rusk, "), "{}", s.chicago);
        assert!(
            s.chicago.contains("trans. Ann Lee et al.,"),
            "{}",
            s.chicago
        );
    }

    #[test]
    fn offices_are_literal_authors() {
        let r = record(FRUS);
        let s = styled(&r, None);
        assert!(
            s.chicago.starts_with("Embassy in Vietnam, “Telegram From"),
            "{}",
            s.chicago
        );
        assert!(
            s.apa.starts_with("Embassy in Vietnam. (1961, January 31)."),
            "{}",
            s.apa
        );
        let csl = csl_json(&r, None);
        assert_eq!(csl["author"], json!([{ "literal": "Embassy in Vietnam" }]));
        assert!(bibtex(&r, None).contains("author = {{Embassy in Vietnam}},"));
        assert!(ris(&r, None).contains("\nAU  - Embassy in Vietnam\n"));
    }

    #[test]
    fn names_split_into_family_and_given() {
        let p = |n: &str| person(n);
        let name = |family: &str,
                    given: Option<&str>,
                    particle: Option<&str>,
                    suffix: Option<&str>| Name::Person {
            family: family.into(),
            given: given.map(Into::into),
            particle: particle.map(Into::into),
            suffix: suffix.map(Into::into),
        };
        assert_eq!(p("Yaguchi"), name("Yaguchi", None, None, None));
        assert_eq!(p("Dean Rusk"), name("Rusk", Some("Dean"), None, None));
        assert_eq!(
            p("W. Averell Harriman"),
            name("Harriman", Some("W. Averell"), None, None)
        );
        assert_eq!(p("Rusk, Dean"), name("Rusk", Some("Dean"), None, None));
        assert_eq!(
            p("Charles de Gaulle"),
            name("Gaulle", Some("Charles"), Some("de"), None)
        );
        assert_eq!(
            p("Martin Luther King Jr."),
            name("King", Some("Martin Luther"), None, Some("Jr."))
        );
        let party = |role: Option<&str>, name: Option<&str>| Party {
            role: role.map(Into::into),
            name: name.map(Into::into),
        };
        assert_eq!(party_name(&party(Some("President"), None)), None);
        assert_eq!(
            party_name(&party(None, Some("Department of State"))),
            Some(Name::Literal("Department of State".into()))
        );
        assert_eq!(
            party_name(&party(None, Some("KGB"))),
            Some(Name::Literal("KGB".into()))
        );
        assert_eq!(
            party_name(&party(Some("Ambassador"), Some("Yaguchi"))),
            Some(name("Yaguchi", None, None, None))
        );
    }

    /// Braces balance as BibTeX counts them: every `{` closed, depth never below zero.
    fn braces_balance(text: &str) -> bool {
        let mut depth = 0i32;
        for c in text.chars() {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                _ => {}
            }
            if depth < 0 {
                return false;
            }
        }
        depth == 0
    }

    /// `name = {value}` lines of one entry, values as written.
    fn bibtex_fields(entry: &str) -> Vec<(String, String)> {
        entry
            .lines()
            .skip(1)
            .filter(|l| *l != "}")
            .map(|l| {
                let (name, value) = l.trim().split_once(" = ").expect("name = value");
                let value = value
                    .strip_suffix(',')
                    .and_then(|v| v.strip_prefix('{'))
                    .and_then(|v| v.strip_suffix('}'))
                    .expect("braced value and a comma");
                (name.to_owned(), value.to_owned())
            })
            .collect()
    }

    #[test]
    fn bibtex_is_one_sane_unpublished_entry() {
        let b = bibtex(&record(GOLDEN_000), Some(PAGE));
        assert!(b.starts_with("@unpublished{115059,\n"), "{b}");
        assert!(b.ends_with("}\n"));
        assert!(braces_balance(&b), "{b}");
        let fields = bibtex_fields(&b);
        let get = |k: &str| fields.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str());
        assert_eq!(get("author"), Some("Yaguchi"));
        assert_eq!(
            get("title"),
            Some("Cable from Japanese Embassy in Havana to Tokyo")
        );
        assert_eq!(get("date"), Some("1962-11-28"));
        assert_eq!(get("year"), Some("1962"));
        assert_eq!(get("month"), Some("11"));
        assert_eq!(get("translator"), Some("Hirata, Masaki"));
        assert_eq!(
            get("url"),
            Some("https://wilson-center-digital-archive.dvincitest.com/document/115059")
        );
        let note = get("note").unwrap_or_default();
        assert!(note.contains("Cuban Domestic Policies"), "{note}");
        assert!(note.contains("Diplomatic Archives"), "{note}");
        assert!(note.contains("Tokyo"), "{note}");
    }

    #[test]
    fn bibtex_escapes_special_characters() {
        let b = bibtex(&record(HOSTILE), Some(PAGE));
        assert!(braces_balance(&b), "{b}");
        assert!(b.starts_with("@unpublished{odd-id--1----2,\n"), "{b}");
        let fields = bibtex_fields(&b);
        let title = &fields.iter().find(|(n, _)| n == "title").expect("title").1;
        assert_eq!(
            title,
            "<script>alert(\"x\")</script> \\& Sons' 100\\% \\textbraceleft{}draft\\textbraceright{} \
             \\#2 of\\_3 \\textasciitilde{}\\textasciicircum{}\\textbackslash{}"
        );
        // No special character is left unescaped in any text field.
        for (name, value) in &fields {
            if name == "url" {
                continue;
            }
            let bytes = value.as_bytes();
            for (i, &c) in bytes.iter().enumerate() {
                if matches!(c, b'&' | b'%' | b'#' | b'_' | b'$') {
                    assert!(i > 0 && bytes[i - 1] == b'\\', "{name}: {value}");
                }
            }
        }
        assert!(b.contains("date = {1962-11},"));
        assert!(b.contains("author = {Rusk, Dean},"), "{b}");
        assert!(
            b.contains("translator = {Lee, Ann and Chen, Bo and {NKIDP}},"),
            "{b}"
        );
        assert!(b.contains("abstract = {Line one. Line two.},"), "{b}");
    }

    #[test]
    fn ris_is_tagged_lines_from_ty_to_er() {
        for (text, url) in [
            (GOLDEN_000, Some(PAGE)),
            (GOLDEN_001, None),
            (HOSTILE, None),
        ] {
            let r = ris(&record(text), url);
            let lines: Vec<&str> = r.lines().collect();
            assert_eq!(lines.first(), Some(&"TY  - MANSCPT"));
            assert_eq!(lines.last(), Some(&"ER  - "));
            for line in &lines {
                let (tag, value) = line.split_at(6);
                assert!(
                    tag.len() == 6
                        && tag.as_bytes()[0].is_ascii_uppercase()
                        && tag.as_bytes()[1].is_ascii_alphanumeric()
                        && &tag[2..] == "  - ",
                    "{line:?}"
                );
                assert!(*line == "ER  - " || !value.trim().is_empty(), "{line:?}");
            }
        }
        let r = ris(&record(GOLDEN_000), Some(PAGE));
        for line in [
            "TI  - Cable from Japanese Embassy in Havana to Tokyo",
            "AU  - Yaguchi",
            "A4  - Hirata, Masaki",
            "DA  - 1962/11/28/",
            "PY  - 1962",
            "M3  - cable",
            "DB  - Diplomatic Archives of the Ministry of Foreign Affairs of Japan, Tokyo",
            "AN  - Cuban Domestic Policies and Situation: 1959-1975",
            "CY  - Havana",
            "DP  - Wilson Center Digital Archive",
            "UR  - https://wilson-center-digital-archive.dvincitest.com/document/115059",
            "LA  - English",
        ] {
            assert!(r.lines().any(|l| l == line), "no {line:?} in\n{r}");
        }
        let r = ris(&record(HOSTILE), None);
        assert!(r.contains("\nDA  - 1962/11//\n"), "{r}");
        assert!(r.contains("\nAB  - Line one. Line two.\n"), "{r}");
        assert!(!r.contains("\nUR  -"), "{r}");
    }

    #[test]
    fn csl_json_has_name_objects_and_date_parts() {
        let c = csl_json(&record(GOLDEN_000), Some(PAGE));
        assert_eq!(c["id"], "115059");
        assert_eq!(c["type"], "manuscript");
        assert_eq!(c["title"], "Cable from Japanese Embassy in Havana to Tokyo");
        assert_eq!(c["author"], json!([{ "family": "Yaguchi" }]));
        assert_eq!(c["issued"], json!({ "date-parts": [[1962, 11, 28]] }));
        assert_eq!(c["genre"], "cable");
        assert_eq!(
            c["archive"],
            "Diplomatic Archives of the Ministry of Foreign Affairs of Japan"
        );
        assert_eq!(c["archive-place"], "Tokyo");
        assert_eq!(
            c["archive_location"],
            "Cuban Domestic Policies and Situation: 1959-1975"
        );
        assert_eq!(
            c["URL"],
            "https://wilson-center-digital-archive.dvincitest.com/document/115059"
        );
        assert_eq!(
            c["translator"],
            json!([{ "family": "Hirata", "given": "Masaki" }])
        );
        assert_eq!(c["language"], "en");
        assert!(c["note"].as_str().is_some_and(|n| n.contains("CWIHP")));

        let partial = csl_json(&record(HOSTILE), None);
        assert_eq!(partial["issued"], json!({ "date-parts": [[1962, 11]] }));
        // A bare title (`President`) is no author.
        assert_eq!(
            partial["author"],
            json!([{ "family": "Rusk", "given": "Dean" }])
        );
        assert!(partial.get("URL").is_none());

        let mut undated = record(GOLDEN_001);
        undated.date = None;
        undated.from.clear();
        let c = csl_json(&undated, Some(PAGE));
        assert!(c.get("issued").is_none() && c.get("author").is_none());
        assert_eq!(c["URL"], PAGE);
        let s = styled(&undated, Some(PAGE));
        assert!(s.apa.contains("n.d."), "{}", s.apa);
    }

    #[test]
    fn year_only_dates_stay_years() {
        let mut r = record(GOLDEN_001);
        r.date = Some(PartialDate::parse_iso("1962").expect("a year"));
        let s = styled(&r, None);
        assert!(s.apa.contains("(1962)."), "{}", s.apa);
        for cite in [&s.chicago, &s.mla] {
            assert!(cite.contains("1962") && !cite.contains("Nov"), "{cite}");
        }
        assert_eq!(
            csl_json(&r, None)["issued"],
            json!({ "date-parts": [[1962]] })
        );
        assert!(ris(&r, None).contains("\nDA  - 1962///\n"));
    }

    /// Variants of the test records that exercise the styles' branches: every kind, every date
    /// precision, missing authors, archives, translators, URLs.
    fn variants() -> Vec<Record> {
        let mut out = Vec::new();
        for text in [GOLDEN_000, GOLDEN_001, FRUS, HOSTILE] {
            let base = record(text);
            out.push(base.clone());
            for kind in [
                None,
                Some(Kind::Cable),
                Some(Kind::Telegram),
                Some(Kind::Memorandum),
                Some(Kind::Letter),
                Some(Kind::Report),
                Some(Kind::Document),
            ] {
                let mut r = base.clone();
                r.kind = kind;
                out.push(r);
            }
            for date in [None, Some("1962"), Some("1962-02"), Some("1962-02-03")] {
                let mut r = base.clone();
                r.date = date.and_then(|d| PartialDate::parse_iso(d).ok());
                out.push(r);
            }
            let mut r = base.clone();
            r.from.clear();
            r.to.clear();
            out.push(r);
            let mut r = base.clone();
            r.from.push(Party {
                role: None,
                name: Some("Department of State".into()),
            });
            r.from.push(Party {
                role: Some("Ambassador".into()),
                name: Some("Charles de Gaulle".into()),
            });
            out.push(r);
            let mut r = base.clone();
            r.source = Default::default();
            out.push(r);
            let mut r = base.clone();
            r.source.archive = None;
            r.source.translator = None;
            r.source.url = None;
            out.push(r);
            let mut r = base;
            r.source.collection = None;
            r.source.publisher = None;
            r.source.archive_place = None;
            out.push(r);
        }
        out
    }

    #[test]
    fn specialized_styles_render_like_the_bundled_ones() {
        let bundled = Styles::load(false);
        let specialized = Styles::load(true);
        for r in variants() {
            for url in [None, Some(PAGE)] {
                assert_eq!(
                    specialized.styled(&r, url),
                    bundled.styled(&r, url),
                    "{}",
                    r.title
                );
            }
        }
    }

    /// CPU time of this thread (Linux), so that timings hold on a busy machine.
    fn cpu_time() -> std::time::Duration {
        let stat = std::fs::read_to_string("/proc/thread-self/schedstat").unwrap_or_default();
        let ns = stat
            .split_whitespace()
            .next()
            .and_then(|n| n.parse().ok())
            .unwrap_or(0);
        std::time::Duration::from_nanos(ns)
    }

    /// `cargo test --release -- --ignored --nocapture timing`
    #[test]
    #[ignore]
    fn timing() {
        let r = record(GOLDEN_000);
        let t = cpu_time();
        let styles = Styles::new();
        eprintln!("Styles::new: {:?}", cpu_time() - t);
        // (Too short for the scheduler's CPU accounting: wall time.)
        let t = std::time::Instant::now();
        std::hint::black_box(styles.styled(&r, Some(PAGE)));
        eprintln!("first call of a shape (trims 3 styles): {:?}", t.elapsed());
        let n = 2000;
        let t = cpu_time();
        for _ in 0..n {
            std::hint::black_box(styles.styled(&r, Some(PAGE)));
        }
        eprintln!("styled: {:?} per call", (cpu_time() - t) / n);
        let url = cited_url(&r, Some(PAGE));
        for (i, (archived, form, flavor)) in USED.into_iter().enumerate() {
            let (e, shape) = entry(&r, url, flavor);
            let style = styles.style(i, shape).expect("specialized styles");
            let t = cpu_time();
            for _ in 0..n {
                std::hint::black_box(styles.render(&e, &style, form, None));
            }
            eprintln!("  {archived:?}: {:?} per call", (cpu_time() - t) / n);
        }
        let t = cpu_time();
        for _ in 0..n {
            std::hint::black_box((
                bibtex(&r, Some(PAGE)),
                ris(&r, Some(PAGE)),
                csl_json(&r, Some(PAGE)),
            ));
        }
        eprintln!("bibtex+ris+csl_json: {:?} per call", (cpu_time() - t) / n);
    }

    /// `cargo test -- --ignored --nocapture show` prints every format for the test records.
    #[test]
    #[ignore]
    fn show() {
        for text in [GOLDEN_000, GOLDEN_001, FRUS, HOSTILE] {
            let r = record(text);
            let s = styled(&r, Some(PAGE));
            println!(
                "CHICAGO {}\nMLA     {}\nAPA     {}",
                s.chicago, s.mla, s.apa
            );
            println!("{}", bibtex(&r, Some(PAGE)));
            println!("{}", ris(&r, Some(PAGE)));
            println!(
                "{}\n",
                serde_json::to_string_pretty(&csl_json(&r, Some(PAGE))).unwrap_or_default()
            );
        }
    }
}
