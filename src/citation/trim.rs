//! Trimming a CSL style for the entries we render: conditions known at load time are decided,
//! dead branches and unused macros dropped, because hayagriva re-interprets the whole style on
//! every call.

use super::*;

/// The variables [`entry`] may set.
pub(super) const ENTRY_VARIABLES: [Variable; 11] = [
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
pub(super) struct Shape(pub(super) u16);

impl Shape {
    pub(super) fn set(&mut self, variable: Variable, present: bool) {
        if let Some(i) = ENTRY_VARIABLES.iter().position(|v| *v == variable) {
            if present {
                self.0 |= 1 << i;
            }
        }
    }

    /// `Some(present)` for an entry variable, `Some(false)` for one no entry has, `None` for
    /// those the processor supplies.
    pub(super) fn has(self, variable: &Variable) -> Option<bool> {
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
pub(super) fn is_our_type(kind: &CslKind) -> bool {
    *kind == CslKind::Manuscript
}

/// Trims `style` for entries of `shape` rendered in `form`. A style used only for its
/// bibliography also gets an empty citation layout: `BibliographyDriver::finish` renders the
/// citations too.
pub(super) fn specialize(style: &mut IndependentStyle, form: Form, shape: Shape) {
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
pub(super) fn splice_decided(elements: &mut Vec<LayoutRenderingElement>) {
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
pub(super) fn splice_within(element: &mut LayoutRenderingElement) {
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
pub(super) fn is_test_free(branch: &ChooseBranch) -> bool {
    branch.match_ == ChooseMatch::All && has_no_tests(branch)
}

/// A branch `specialize` decided is never taken.
pub(super) fn is_never(branch: &ChooseBranch) -> bool {
    branch.match_ == ChooseMatch::Any && has_no_tests(branch)
}

pub(super) fn has_no_tests(branch: &ChooseBranch) -> bool {
    branch.disambiguate.is_none()
        && branch.is_numeric.is_none()
        && branch.is_uncertain_date.is_none()
        && branch.locator.is_none()
        && branch.position.is_none()
        && branch.type_.is_none()
        && branch.variable.is_none()
}

/// What is known of every rendering a trimmed style will do.
pub(super) struct Facts {
    form: Form,
    shape: Shape,
}

/// A test's outcome as far as it is known at load time.
#[derive(Clone, Copy)]
pub(super) enum Known {
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
pub(super) enum Verdict {
    True,
    False,
    /// Depends on tests left undecided (`is-numeric` of a present variable, variables the
    /// processor supplies), still evaluated per entry.
    Open,
}

impl Facts {
    pub(super) fn variable(&self, variable: &Variable) -> Known {
        self.shape.has(variable).map_or(Known::Unknown, Known::from)
    }

    pub(super) fn position(&self, position: &TestPosition) -> Known {
        match self.form {
            // hayagriva: "When called within the scope of cs:bibliography, position tests
            // 'false'", by testing nothing.
            Form::Bibliography => Known::Skipped,
            // Our one citation is a first one, not near an earlier note.
            Form::Note => Known::from(*position == TestPosition::First),
        }
    }

    pub(super) fn verdict(&self, branch: &mut ChooseBranch) -> Verdict {
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

    pub(super) fn specialize_elements(&self, elements: &mut [LayoutRenderingElement]) {
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

    pub(super) fn specialize_choose(&self, choose: &mut Choose) {
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

pub(super) fn tally(known: Known, (trues, falses): &mut (usize, usize)) {
    match known {
        Known::True => *trues += 1,
        Known::False => *falses += 1,
        Known::Skipped | Known::Unknown => {}
    }
}

/// Drops the decided tests of `tests`, keeping the unknown ones, and counts the outcomes.
pub(super) fn decide<T>(
    tests: &mut Option<Vec<T>>,
    known: impl Fn(&T) -> Known,
    count: &mut (usize, usize),
) {
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
pub(super) fn test_free(children: Vec<LayoutRenderingElement>) -> ChooseBranch {
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
pub(super) fn prune_macros(style: &mut IndependentStyle) {
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

pub(super) fn count_macro_calls(
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
