//! What the layout's integration tests share: the bundled fonts, loaded once, and small
//! threads by one author.

#![allow(dead_code)] // Each test file uses its own share of these.

use std::sync::OnceLock;

use layout::FontBook;
use model::{Author, Post, Thread};

pub fn fonts() -> &'static FontBook {
    static BOOK: OnceLock<FontBook> = OnceLock::new();
    BOOK.get_or_init(|| {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../fonts");
        let mut book = FontBook::new();
        let mut paths: Vec<_> = std::fs::read_dir(dir)
            .expect("fonts folder")
            .map(|e| e.expect("entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "otf" || e == "ttf"))
            .collect();
        paths.sort();
        for path in paths {
            let data: &'static [u8] =
                Box::leak(std::fs::read(&path).expect("font").into_boxed_slice());
            book.add(data).expect("font parses");
        }
        book
    })
}

pub fn author() -> Author {
    Author {
        name: "Ada Lovelace".into(),
        handle: "ada".into(),
        avatar: None,
    }
}

pub fn post(id: &str, text: &str) -> Post {
    Post {
        id: id.into(),
        author: author(),
        text: text.into(),
        ..Post::default()
    }
}

pub fn thread(texts: &[&str]) -> Thread {
    Thread {
        url: "https://x.com/ada/status/1".into(),
        posts: texts
            .iter()
            .enumerate()
            .map(|(i, t)| post(&(i + 1).to_string(), t))
            .collect(),
        ..Thread::default()
    }
}

/// The character data of every `<text>` element of a slide, in document order.
pub fn texts(svg: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(svg).expect("slide is well-formed XML");
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| n.text().unwrap_or("").replace('\u{200F}', ""))
        .collect()
}

pub fn words(svg: &str) -> String {
    texts(svg).join(" ")
}
