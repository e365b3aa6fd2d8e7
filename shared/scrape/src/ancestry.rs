//! Questions about an element's ancestors ("is it inside an ad?", "inside a photo container?")
//! answered once per node.
//!
//! Walking from every element to the root costs each element its depth: nothing on an x.com
//! page (about 40 deep), but markup built to be deep and wide at once makes it quadratic. An
//! [`Inherited`] value is computed from the node's own element and the value at its parent, and
//! every node's value is remembered, so a walk stops at the first node already answered and a
//! whole page costs one step per node.

use std::cell::RefCell;
use std::collections::HashMap;

use ego_tree::{NodeId, NodeRef};
use scraper::ElementRef;
use scraper::node::{Element, Node};

/// How a node's value follows from its element (`None` for the document and other non-element
/// nodes) and the value at its parent.
type Rule = Box<dyn Fn(Option<&Element>, bool) -> bool>;

/// A value each node inherits from its parent by a rule; above the root (or above the node the
/// walk stops at) it is `false`.
pub(crate) struct Inherited {
    rule: Rule,
    /// The walk never goes above this node.
    stop: Option<NodeId>,
    known: RefCell<HashMap<NodeId, bool>>,
}

impl Inherited {
    /// Inherited from the root down.
    pub fn new(rule: impl Fn(Option<&Element>, bool) -> bool + 'static) -> Self {
        Self {
            rule: Box::new(rule),
            stop: None,
            known: RefCell::default(),
        }
    }

    /// Inherited from `top` down: what lies above `top` is not looked at.
    pub fn below(
        top: ElementRef<'_>,
        rule: impl Fn(Option<&Element>, bool) -> bool + 'static,
    ) -> Self {
        Self {
            rule: Box::new(rule),
            stop: Some(top.id()),
            known: RefCell::default(),
        }
    }

    /// The value at `node`.
    pub fn at(&self, node: NodeRef<'_, Node>) -> bool {
        let mut known = self.known.borrow_mut();
        let mut path = Vec::new();
        let mut above = false;
        let mut current = Some(node);
        while let Some(node) = current {
            if let Some(&value) = known.get(&node.id()) {
                above = value;
                break;
            }
            path.push(node);
            if Some(node.id()) == self.stop {
                break;
            }
            current = node.parent();
        }
        for node in path.iter().rev() {
            above = (self.rule)(node.value().as_element(), above);
            known.insert(node.id(), above);
        }
        above
    }

    /// The value at `el`'s parent: what `el`'s ancestors say, `el` itself left out.
    pub fn above(&self, el: ElementRef<'_>) -> bool {
        el.parent().is_some_and(|parent| self.at(parent))
    }

    /// Fixes the value at `node`, for nodes below it to inherit. Only sound while nothing below
    /// `node` has been asked about.
    pub fn set(&self, node: ElementRef<'_>, value: bool) {
        self.known.borrow_mut().insert(node.id(), value);
    }
}

/// The rule of a descendant combinator (`A B` in a selector): some ancestor element is `A`. The
/// selector engine goes up through parent elements only, so any other node ends the chain.
pub(crate) fn selector_ancestor(
    is: impl Fn(&Element) -> bool + 'static,
) -> impl Fn(Option<&Element>, bool) -> bool + 'static {
    move |element, above| element.is_some_and(|element| above || is(element))
}

/// The rule of `ancestors().filter_map(ElementRef::wrap).any(…)`: some ancestor element is one;
/// other nodes (a template's contents) are passed through.
pub(crate) fn any_ancestor(
    is: impl Fn(&Element) -> bool + 'static,
) -> impl Fn(Option<&Element>, bool) -> bool + 'static {
    move |element, above| above || element.is_some_and(&is)
}

/// The `data-testid` of an element.
pub(crate) fn test_id(element: &Element) -> Option<&str> {
    element.attr("data-testid")
}
