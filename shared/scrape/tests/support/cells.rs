//! Cutting a saved x.com page into the windows a scrolling page shows, for the scraper's tests:
//! `shared/scrape/tests/scrape.rs` (native) and `extension/scraper/tests/` (native and WASM)
//! include this one file with `#[path]`.

/// A page cut into (head, cells, tail), as a scrolling page shows a window of its cells.
#[derive(Debug)]
pub struct Cells {
    pub head: String,
    pub cells: Vec<String>,
    pub tail: String,
}

const CELL: &str = "\n<div class=\"css-175oi2r\" data-testid=\"cellInnerDiv\"";
const END: &str = "\n</div></div></section>";

impl Cells {
    pub fn of(html: &str) -> Self {
        let first = html.find(CELL).expect("the page has cells");
        let end = html.find(END).expect("the conversation ends");
        let cells = html[first..end]
            .split(CELL)
            .skip(1)
            .map(|cell| format!("{CELL}{cell}"))
            .collect();
        Self {
            head: html[..first].to_owned(),
            cells,
            tail: html[end..].to_owned(),
        }
    }

    pub fn window(&self, range: std::ops::Range<usize>) -> String {
        let range = range.start..range.end.min(self.cells.len());
        format!("{}{}{}", self.head, self.cells[range].concat(), self.tail)
    }

    /// Windows of `size` cells, each overlapping the previous one by `size - step` cells.
    pub fn windows(&self, size: usize, step: usize) -> Vec<String> {
        (0..self.cells.len())
            .step_by(step)
            .map(|start| self.window(start..start + size))
            .collect()
    }
}
