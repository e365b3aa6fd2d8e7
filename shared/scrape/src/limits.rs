//! What one page may cost: the HTML is parsed within fixed bounds, and refused past them.
//!
//! The markup is the attacker's: in the extension it is the `outerHTML` of whatever DOM an x.com
//! page built, and a compromised page can build any. Unbounded, html5ever's tree builder scans
//! the stack of open elements on most start tags (quadratic in the nesting depth: 100,000 nested
//! `<div>`s took 80 to 100 s), its tokenizer compares each attribute with the tag's earlier ones
//! (quadratic in attributes per tag: 40,000 attributes on one tag took 0.8 s), and it merges
//! the attributes of repeated `<html>`/`<body>` tags by inserting into a sorted list. The
//! scraper's own walks up the tree cost each element its depth, and deep markup overflowed the
//! stack of its recursive text walks. So:
//!
//! 1. input over [`MAX_INPUT_BYTES`] is refused before anything is read;
//! 2. a linear scan over-approximates the tokenizer's attribute comparisons and refuses a page
//!    whose tags would cost more than [`MAX_ATTRIBUTE_WORK`] of them;
//! 3. html5ever is fed [`CHUNK_BYTES`] at a time through a sink that measures the tree it is
//!    told to build (elements, each element's depth, their sum, merged attributes) and parsing
//!    stops at the end of the first chunk that crosses a limit, so the parser never works on a
//!    tree much past the limits;
//! 4. the finished tree is measured exactly once more ([`check_tree`]): the sink sees each
//!    element when it is inserted, and the adoption agency can move subtrees afterwards.
//!
//! The limits sit far above any x.com page, measured on `tests/fixtures/x/` (saved status
//! pages: at most 200 KB, 2,130 elements, 40 deep, depths summing to 62,000, 8 attributes on
//! an element). X virtualises the conversation, so even a long thread keeps a few dozen cells
//! in the DOM and its snapshots stay a few MB at most.

use std::borrow::Cow;
use std::cell::{Cell, RefCell};

use html5ever::tendril::{StrTendril, TendrilSink};
use html5ever::tree_builder::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::{Attribute, ParseOpts, QualName, driver};
use scraper::{Html, HtmlTreeSink};

use super::ScrapeError;

/// The most bytes a page may have: 16 MiB, several times the few MB a long thread's saved page
/// or snapshot comes to, with room for pages saved with their images inlined as `data:` URLs.
/// html5ever reads about 10 MB a second (slower through dense entities), so this is also what
/// bounds a page's plain parsing time: a second or two at the limit.
pub const MAX_INPUT_BYTES: usize = 16 << 20;

/// The deepest an element may be nested (`<html>` is 1): x.com pages measure about 40, and
/// Chromium's own parser stops nesting at 512. Every walk up the tree, in html5ever and here,
/// is bounded by this; the walks down the tree are iterative, so it does not size a stack.
pub const MAX_DEPTH: usize = 1024;

/// The most elements (and comments) a page may have: a hundred times the fixtures' 2,130, and
/// ten times the few thousand a virtualised x.com page keeps in its DOM even when it is long.
pub const MAX_ELEMENTS: usize = 200_000;

/// The most the depths of all elements may add up to: what walking from each element to the
/// root costs, which is what html5ever's scope checks on start tags cost (the scraper's own
/// ancestor questions are answered once per node instead). [`MAX_DEPTH`] × [`MAX_ELEMENTS`]
/// would allow 200 million steps; this allows 8 million, [`MAX_ELEMENTS`] at an average depth
/// of 40, the fixtures' deepest (they average 29 and sum to at most 62,000).
pub const MAX_TOTAL_DEPTH: u64 = 8_000_000;

/// The most attribute comparisons html5ever's tokenizer may make (each attribute with those
/// before it on its tag): 8 million, about 10 ms. An element with 4,000 attributes reaches it
/// alone; x.com pages make at most a few hundred thousand (8 attributes on an element).
pub const MAX_ATTRIBUTE_WORK: u64 = 8_000_000;

/// The most attributes repeated `<html>` and `<body>` tags may merge into those elements. Real
/// pages have one of each; html5ever merges into a sorted list, quadratic in what it holds.
const MAX_MERGED_ATTRIBUTES: usize = 1024;

/// How much html5ever is given between two looks at the sink. One chunk of tags is all the
/// parser can do past a limit before it is stopped.
const CHUNK_BYTES: usize = 1024;

/// Parses a document as [`Html::parse_document`] does (the same tree), within the limits above.
///
/// # Errors
/// [`ScrapeError::TooLarge`], [`ScrapeError::TooManyAttributes`], [`ScrapeError::TooDeep`],
/// [`ScrapeError::TooManyElements`] or [`ScrapeError::TooNested`] for markup past a limit.
pub(crate) fn parse_document(html: &str) -> Result<Html, ScrapeError> {
    if html.len() > MAX_INPUT_BYTES {
        return Err(ScrapeError::TooLarge {
            bytes: html.len(),
            limit: MAX_INPUT_BYTES,
        });
    }
    if attribute_work(html.as_bytes()) > MAX_ATTRIBUTE_WORK {
        return Err(ScrapeError::TooManyAttributes);
    }
    let document = parse_in_chunks(html, CHUNK_BYTES)?;
    check_tree(&document)?;
    Ok(document)
}

/// Feeds html5ever `chunk` bytes at a time (cut at character boundaries: the tokenizer carries
/// its state across, so the tree is the one a single call builds) and stops at the first chunk
/// after which the sink reports a limit crossed.
fn parse_in_chunks(html: &str, chunk: usize) -> Result<Html, ScrapeError> {
    let mut parser = driver::parse_document(GuardedSink::new(), ParseOpts::default());
    let mut rest = html;
    while !rest.is_empty() {
        let mut end = chunk.clamp(1, rest.len());
        while !rest.is_char_boundary(end) {
            end += 1;
        }
        let (piece, tail) = rest.split_at(end);
        parser.process(StrTendril::from_slice(piece));
        if let Some(error) = parser.tokenizer.sink.sink.crossed() {
            return Err(error);
        }
        rest = tail;
    }
    parser.finish()
}

/// Measures the finished tree exactly: every element's depth, their sum and their number.
/// Iterative (a path of node ids, not recursion), so any tree html5ever built is measured.
fn check_tree(document: &Html) -> Result<(), ScrapeError> {
    let mut path = Vec::new();
    let mut elements = 0usize;
    let mut total_depth = 0u64;
    for node in document.tree.root().descendants() {
        let parent = node.parent().map(|parent| parent.id());
        while path.last().copied() != parent && path.pop().is_some() {}
        path.push(node.id());
        if !node.value().is_element() {
            continue;
        }
        // The document node is `path[0]`, so `<html>` is at depth 1.
        let depth = path.len() - 1;
        if depth > MAX_DEPTH {
            return Err(ScrapeError::TooDeep { limit: MAX_DEPTH });
        }
        elements += 1;
        if elements > MAX_ELEMENTS {
            return Err(ScrapeError::TooManyElements {
                limit: MAX_ELEMENTS,
            });
        }
        total_depth += depth as u64;
        if total_depth > MAX_TOTAL_DEPTH {
            return Err(ScrapeError::TooNested {
                limit: MAX_TOTAL_DEPTH,
            });
        }
    }
    Ok(())
}

/// scraper's tree sink, measuring what html5ever asks it to build. html5ever's open-element
/// stack is the current node's ancestors (foster parenting aside, which hides one table), so
/// the depth of each inserted element bounds the stack it scans; it is walked afresh each time,
/// because the adoption agency builds and moves subtrees that are not attached yet, which would
/// make a remembered depth wrong.
struct GuardedSink {
    inner: HtmlTreeSink,
    /// Elements and comments created.
    nodes: Cell<usize>,
    /// The depths of the inserted elements, summed.
    total_depth: Cell<u64>,
    /// Attributes repeated `<html>` and `<body>` tags asked to merge.
    merged_attributes: Cell<usize>,
    /// The first limit crossed. Once set, the sink stops measuring (parsing stops at the end of
    /// the chunk) and stops merging attributes.
    crossed: RefCell<Option<ScrapeError>>,
}

impl GuardedSink {
    fn new() -> Self {
        Self {
            inner: HtmlTreeSink::new(Html::new_document()),
            nodes: Cell::new(0),
            total_depth: Cell::new(0),
            merged_attributes: Cell::new(0),
            crossed: RefCell::new(None),
        }
    }

    fn crossed(&self) -> Option<ScrapeError> {
        self.crossed.borrow().clone()
    }

    fn is_crossed(&self) -> bool {
        self.crossed.borrow().is_some()
    }

    fn cross(&self, error: ScrapeError) {
        self.crossed.borrow_mut().get_or_insert(error);
    }

    fn count_node(&self) {
        let nodes = self.nodes.get() + 1;
        self.nodes.set(nodes);
        if nodes > MAX_ELEMENTS {
            self.cross(ScrapeError::TooManyElements {
                limit: MAX_ELEMENTS,
            });
        }
    }

    /// Measures a node just inserted into the tree. Text and comments cannot hold elements, so
    /// only elements are walked (at most one step past the limit).
    fn measure(&self, node: Option<<Self as TreeSink>::Handle>) {
        let Some(id) = node else { return };
        if self.is_crossed() {
            return;
        }
        let depth = {
            let html = self.inner.0.borrow();
            let Some(node) = html.tree.get(id) else {
                return;
            };
            if !node.value().is_element() {
                return;
            }
            node.ancestors().take(MAX_DEPTH + 1).count()
        };
        if depth > MAX_DEPTH {
            self.cross(ScrapeError::TooDeep { limit: MAX_DEPTH });
            return;
        }
        let total = self.total_depth.get() + depth as u64;
        self.total_depth.set(total);
        if total > MAX_TOTAL_DEPTH {
            self.cross(ScrapeError::TooNested {
                limit: MAX_TOTAL_DEPTH,
            });
        }
    }
}

fn node_of<H: Copy>(child: &NodeOrText<H>) -> Option<H> {
    match child {
        NodeOrText::AppendNode(node) => Some(*node),
        NodeOrText::AppendText(_) => None,
    }
}

/// Every call goes to scraper's sink; creating and inserting nodes is also measured.
impl TreeSink for GuardedSink {
    type Output = Result<Html, ScrapeError>;
    type Handle = <HtmlTreeSink as TreeSink>::Handle;
    type ElemName<'a> = <HtmlTreeSink as TreeSink>::ElemName<'a>;

    fn finish(self) -> Self::Output {
        match self.crossed.into_inner() {
            Some(error) => Err(error),
            None => Ok(self.inner.finish()),
        }
    }

    fn parse_error(&self, msg: Cow<'static, str>) {
        self.inner.parse_error(msg);
    }

    fn get_document(&self) -> Self::Handle {
        self.inner.get_document()
    }

    fn elem_name<'a>(&'a self, target: &'a Self::Handle) -> Self::ElemName<'a> {
        self.inner.elem_name(target)
    }

    fn create_element(
        &self,
        name: QualName,
        attrs: Vec<Attribute>,
        flags: ElementFlags,
    ) -> Self::Handle {
        self.count_node();
        self.inner.create_element(name, attrs, flags)
    }

    fn create_comment(&self, text: StrTendril) -> Self::Handle {
        self.count_node();
        self.inner.create_comment(text)
    }

    fn create_pi(&self, target: StrTendril, data: StrTendril) -> Self::Handle {
        self.count_node();
        self.inner.create_pi(target, data)
    }

    fn append(&self, parent: &Self::Handle, child: NodeOrText<Self::Handle>) {
        let node = node_of(&child);
        self.inner.append(parent, child);
        self.measure(node);
    }

    fn append_based_on_parent_node(
        &self,
        element: &Self::Handle,
        prev_element: &Self::Handle,
        child: NodeOrText<Self::Handle>,
    ) {
        let node = node_of(&child);
        self.inner
            .append_based_on_parent_node(element, prev_element, child);
        self.measure(node);
    }

    fn append_doctype_to_document(
        &self,
        name: StrTendril,
        public_id: StrTendril,
        system_id: StrTendril,
    ) {
        self.inner
            .append_doctype_to_document(name, public_id, system_id);
    }

    fn mark_script_already_started(&self, node: &Self::Handle) {
        self.inner.mark_script_already_started(node);
    }

    fn pop(&self, node: &Self::Handle) {
        self.inner.pop(node);
    }

    fn get_template_contents(&self, target: &Self::Handle) -> Self::Handle {
        self.inner.get_template_contents(target)
    }

    fn same_node(&self, x: &Self::Handle, y: &Self::Handle) -> bool {
        self.inner.same_node(x, y)
    }

    fn set_quirks_mode(&self, mode: QuirksMode) {
        self.inner.set_quirks_mode(mode);
    }

    fn append_before_sibling(&self, sibling: &Self::Handle, new_node: NodeOrText<Self::Handle>) {
        let node = node_of(&new_node);
        self.inner.append_before_sibling(sibling, new_node);
        self.measure(node);
    }

    fn add_attrs_if_missing(&self, target: &Self::Handle, attrs: Vec<Attribute>) {
        if self.is_crossed() {
            return;
        }
        let merged = self.merged_attributes.get() + attrs.len();
        self.merged_attributes.set(merged);
        if merged > MAX_MERGED_ATTRIBUTES {
            self.cross(ScrapeError::TooManyAttributes);
            return;
        }
        self.inner.add_attrs_if_missing(target, attrs);
    }

    fn associate_with_form(
        &self,
        target: &Self::Handle,
        form: &Self::Handle,
        nodes: (&Self::Handle, Option<&Self::Handle>),
    ) {
        self.inner.associate_with_form(target, form, nodes);
    }

    fn remove_from_parent(&self, target: &Self::Handle) {
        self.inner.remove_from_parent(target);
    }

    fn reparent_children(&self, node: &Self::Handle, new_parent: &Self::Handle) {
        self.inner.reparent_children(node, new_parent);
    }

    fn is_mathml_annotation_xml_integration_point(&self, handle: &Self::Handle) -> bool {
        self.inner
            .is_mathml_annotation_xml_integration_point(handle)
    }

    fn set_current_line(&self, line_number: u64) {
        self.inner.set_current_line(line_number);
    }

    fn allow_declarative_shadow_roots(&self, intended_parent: &Self::Handle) -> bool {
        self.inner.allow_declarative_shadow_roots(intended_parent)
    }

    fn attach_declarative_shadow(
        &self,
        location: &Self::Handle,
        template: &Self::Handle,
        attrs: &[Attribute],
    ) -> bool {
        self.inner
            .attach_declarative_shadow(location, template, attrs)
    }

    fn maybe_clone_an_option_into_selectedcontent(&self, option: &Self::Handle) {
        self.inner
            .maybe_clone_an_option_into_selectedcontent(option);
    }
}

/// Where html5ever's tokenizer may be inside a tag (the tag states of the HTML tokenizer).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TagState {
    Open,
    EndOpen,
    Name,
    BeforeAttributeName,
    AttributeName,
    AfterAttributeName,
    BeforeAttributeValue,
    DoubleQuoted,
    SingleQuoted,
    Unquoted,
    AfterQuotedValue,
    SelfClosing,
}

const TAG_STATES: usize = 12;

/// An upper bound on the attribute comparisons html5ever's tokenizer makes on `html`: each
/// attribute it finishes is compared with every attribute before it on the same tag.
///
/// Knowing where tags are takes the tree builder (`<style>` is raw text in HTML and markup in
/// SVG; comments, `<script>` and foreign content change what `<` means), so this does not
/// guess: it assumes a tag may open at every `<` followed by a letter (or `</` and a letter),
/// follows every such possibility through the tokenizer's tag states at once (one per state,
/// keeping the largest attribute count), and adds up, at each attribute a possibility starts,
/// the attributes before it. The tokenizer's real path is among the possibilities, so the sum
/// is never below its work; text that only looks like tags adds a little. Linear: at most
/// [`TAG_STATES`] possibilities per byte, and none outside anything that looks like a tag.
fn attribute_work(html: &[u8]) -> u64 {
    // Bit `state as usize` of `live` says the state is possible; `counts` holds its count.
    let mut live = 0u16;
    let mut counts = [0u32; TAG_STATES];
    let mut work = 0u64;
    let mut at = 0;
    while at < html.len() {
        // Skip what cannot change the possibilities: outside anything that looks like a tag,
        // all but `<`; inside a name or a value, the bytes that stay in it.
        let run = |keeps: fn(u8) -> bool| html[at..].iter().position(|&byte| !keeps(byte));
        let skip = match live {
            0 => run(|byte| byte != b'<'),
            _ if live == 1 << TagState::DoubleQuoted as usize => {
                run(|byte| byte != b'"' && byte != b'<')
            }
            _ if live == 1 << TagState::SingleQuoted as usize => {
                run(|byte| byte != b'\'' && byte != b'<')
            }
            _ if live == 1 << TagState::Name as usize
                || live == 1 << TagState::AttributeName as usize
                || live == 1 << TagState::Unquoted as usize =>
            {
                run(|byte| {
                    !matches!(
                        byte,
                        b'\t' | b'\n' | b'\x0c' | b'\r' | b' ' | b'/' | b'>' | b'=' | b'<'
                    )
                })
            }
            _ => Some(0),
        };
        match skip {
            Some(offset) => at += offset,
            None => break,
        }
        let byte = html[at];
        at += 1;
        let mut next_live = 0u16;
        let mut next_counts = [0u32; TAG_STATES];
        let mut keep = |state: TagState, count: u32| {
            let bit = 1u16 << state as usize;
            let slot = &mut next_counts[state as usize];
            *slot = if next_live & bit == 0 {
                count
            } else {
                (*slot).max(count)
            };
            next_live |= bit;
        };
        let mut states = live;
        while states != 0 {
            let index = states.trailing_zeros() as usize;
            states &= states - 1;
            if let Some((state, count)) = tag_step(STATES[index], counts[index], byte, &mut work) {
                keep(state, count);
            }
        }
        if byte == b'<' {
            keep(TagState::Open, 0);
        }
        live = next_live;
        counts = next_counts;
        if work > MAX_ATTRIBUTE_WORK {
            break;
        }
    }
    work
}

/// The states by their discriminant, `STATES[state as usize] == state`.
const STATES: [TagState; TAG_STATES] = [
    TagState::Open,
    TagState::EndOpen,
    TagState::Name,
    TagState::BeforeAttributeName,
    TagState::AttributeName,
    TagState::AfterAttributeName,
    TagState::BeforeAttributeValue,
    TagState::DoubleQuoted,
    TagState::SingleQuoted,
    TagState::Unquoted,
    TagState::AfterQuotedValue,
    TagState::SelfClosing,
];

/// One byte of the tokenizer's tag states (HTML § 13.2.5.6–13.2.5.40), from `state` with
/// `count` attributes started on the tag so far. `None`: the tag ended, or it was no tag. A
/// byte of a multi-byte character is never one the states look at, so bytes stand for them.
fn tag_step(mut state: TagState, count: u32, byte: u8, work: &mut u64) -> Option<(TagState, u32)> {
    use TagState::*;
    // The tokenizer turns `\r` and `\r\n` into `\n` before the states see them.
    let space = matches!(byte, b'\t' | b'\n' | b'\x0c' | b'\r' | b' ');
    // A new attribute: the tokenizer will compare it with the `count` before it.
    let mut new_attribute = || {
        *work += u64::from(count);
        Some((AttributeName, count.saturating_add(1)))
    };
    // Assigning `state` reconsumes the byte in the new state, as the specification says.
    loop {
        match state {
            Open => {
                return match byte {
                    b'/' => Some((EndOpen, count)),
                    _ if byte.is_ascii_alphabetic() => Some((Name, count)),
                    _ => None,
                };
            }
            EndOpen => return byte.is_ascii_alphabetic().then_some((Name, count)),
            Name => {
                return match byte {
                    _ if space => Some((BeforeAttributeName, count)),
                    b'/' => Some((SelfClosing, count)),
                    b'>' => None,
                    _ => Some((Name, count)),
                };
            }
            BeforeAttributeName => match byte {
                _ if space => return Some((BeforeAttributeName, count)),
                b'/' | b'>' => state = AfterAttributeName,
                // `=` too starts an attribute here (one named "=").
                _ => return new_attribute(),
            },
            AttributeName => match byte {
                b'/' | b'>' => state = AfterAttributeName,
                _ if space => state = AfterAttributeName,
                b'=' => return Some((BeforeAttributeValue, count)),
                _ => return Some((AttributeName, count)),
            },
            AfterAttributeName => {
                return match byte {
                    _ if space => Some((AfterAttributeName, count)),
                    b'/' => Some((SelfClosing, count)),
                    b'=' => Some((BeforeAttributeValue, count)),
                    b'>' => None,
                    _ => new_attribute(),
                };
            }
            BeforeAttributeValue => {
                return match byte {
                    _ if space => Some((BeforeAttributeValue, count)),
                    b'"' => Some((DoubleQuoted, count)),
                    b'\'' => Some((SingleQuoted, count)),
                    b'>' => None,
                    _ => Some((Unquoted, count)),
                };
            }
            DoubleQuoted if byte == b'"' => return Some((AfterQuotedValue, count)),
            SingleQuoted if byte == b'\'' => return Some((AfterQuotedValue, count)),
            DoubleQuoted | SingleQuoted => return Some((state, count)),
            Unquoted => {
                return match byte {
                    _ if space => Some((BeforeAttributeName, count)),
                    b'>' => None,
                    _ => Some((Unquoted, count)),
                };
            }
            AfterQuotedValue => match byte {
                _ if space => return Some((BeforeAttributeName, count)),
                b'/' => return Some((SelfClosing, count)),
                b'>' => return None,
                _ => state = BeforeAttributeName,
            },
            SelfClosing => match byte {
                b'>' => return None,
                _ => state = BeforeAttributeName,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> String {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../tests/fixtures/x")
            .join(name);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    const FIXTURES: [&str; 6] = [
        "not-a-thread.html",
        "reply-to-other.html",
        "shell-html-only.html",
        "thread-middle.html",
        "thread-photon.html",
        "thread-traps.html",
    ];

    #[test]
    fn states_are_listed_by_discriminant() {
        for (index, state) in STATES.iter().enumerate() {
            assert_eq!(*state as usize, index, "{state:?}");
        }
    }

    #[test]
    fn parsing_in_chunks_builds_the_tree_scraper_builds() {
        for name in FIXTURES {
            let html = fixture(name);
            let whole = Html::parse_document(&html);
            assert_eq!(parse_document(&html).as_ref(), Ok(&whole), "{name}");
            // Cuts inside tags, entities, `\r\n` and multi-byte characters change nothing.
            for chunk in [7, 64] {
                assert_eq!(
                    parse_in_chunks(&html, chunk).as_ref(),
                    Ok(&whole),
                    "{name}, {chunk}"
                );
            }
        }
        let tricky = "<p title=\"a&amp;b\">x\r\ny&eacute;&#x1F600;<!-- c --><script>if (a</b) {}</script>\u{1F600}é<svg><path/></svg>";
        let whole = Html::parse_document(tricky);
        for chunk in 1..8 {
            assert_eq!(
                parse_in_chunks(tricky, chunk).as_ref(),
                Ok(&whole),
                "{chunk}"
            );
        }
    }

    #[test]
    fn the_fixtures_are_far_inside_every_limit() {
        for name in FIXTURES {
            let html = fixture(name);
            assert!(html.len() < MAX_INPUT_BYTES / 50, "{name}");
            assert!(
                attribute_work(html.as_bytes()) < MAX_ATTRIBUTE_WORK / 50,
                "{name}"
            );
            let document = Html::parse_document(&html);
            let elements = document.tree.nodes().filter(|n| n.value().is_element());
            let depths: Vec<usize> = elements.map(|n| n.ancestors().count()).collect();
            assert!(depths.iter().all(|&d| d < MAX_DEPTH / 20), "{name}");
            assert!(depths.len() < MAX_ELEMENTS / 50, "{name}");
            let total: usize = depths.iter().sum();
            assert!((total as u64) < MAX_TOTAL_DEPTH / 50, "{name}");
        }
    }

    #[test]
    fn depth_is_counted_from_html_and_refused_one_past_the_limit() {
        // `<html>` is 1 and `<body>` 2, so the last of these divs is exactly MAX_DEPTH deep.
        let nested = |divs: usize| format!("<html><body>{}x", "<div>".repeat(divs));
        assert!(parse_document(&nested(MAX_DEPTH - 2)).is_ok());
        assert_eq!(
            parse_document(&nested(MAX_DEPTH - 1)),
            Err(ScrapeError::TooDeep { limit: MAX_DEPTH })
        );
    }

    #[test]
    fn attribute_work_is_at_least_what_the_tokenizer_compares() {
        let tag = |attributes: usize| {
            let names: String = (0..attributes).map(|i| format!(" a{i}=\"v\"")).collect();
            format!("<div{names}>text</div>")
        };
        assert_eq!(attribute_work(tag(0).as_bytes()), 0);
        assert_eq!(attribute_work(tag(1).as_bytes()), 0);
        for n in [2u64, 10, 100] {
            assert!(
                attribute_work(tag(n as usize).as_bytes()) >= n * (n - 1) / 2,
                "{n}"
            );
        }
        // Values glued to the next name, `/` and `=` as names, unquoted values: each starts one.
        assert!(attribute_work(br#"<a b="1"c='2'/d=e =f>"#) >= 4 * 3 / 2);
    }

    #[test]
    fn attribute_work_finds_tags_that_a_comment_or_a_quote_seems_to_hide() {
        let many: String = (0..5_000).map(|i| format!(" a{i}")).collect();
        for disguise in [
            // A scanner that trusted the quote would skip the tag after the comment.
            r#"<!-- <a title=" -->"#,
            // Raw text in HTML, markup in SVG: the scan cannot know which.
            "<svg><style>",
            "<script>if (a < b) {",
            "<textarea>",
        ] {
            let html = format!("{disguise}<b{many}>x</b>");
            assert!(
                attribute_work(html.as_bytes()) > MAX_ATTRIBUTE_WORK,
                "{disguise}"
            );
            assert_eq!(parse_document(&html), Err(ScrapeError::TooManyAttributes));
        }
    }

    #[test]
    fn repeated_html_and_body_tags_merge_a_bounded_number_of_attributes() {
        let tags: String = (0..2 * MAX_MERGED_ATTRIBUTES)
            .map(|i| format!("<body a{i}>"))
            .collect();
        assert_eq!(
            parse_document(&format!("<body>{tags}")),
            Err(ScrapeError::TooManyAttributes)
        );
        let few: String = (0..10).map(|i| format!("<html a{i}><body b{i}>")).collect();
        assert!(parse_document(&few).is_ok());
    }
}
