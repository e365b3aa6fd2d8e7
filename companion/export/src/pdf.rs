//! All slides as one vector PDF through krilla: real selectable text (subsetted fonts) and
//! colour emoji, one page per slide at the slide's size.

use krilla::Document;
use krilla::SerializeSettings;
use krilla::action::LinkAction;
use krilla::annotation::{Annotation, LinkAnnotation, Target};
use krilla::geom::{Rect, Size};
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::tagging::{ContentTag, Tag, TagGroup, TagTree};
use krilla_svg::{SurfaceExt, SvgSettings};
use resvg::usvg::Tree;

use super::ExportError;

/// Document information written into the PDF.
#[derive(Debug, Clone, Default)]
pub struct PdfInfo {
    pub title: String,
    pub author: String,
    /// A BCP 47 language tag.
    pub language: String,
    /// Per slide, the links it shows ([`slide_links`]): each becomes a link annotation.
    pub links: Vec<Vec<SlideLink>>,
    /// Per slide, its alt text line as in `alt-text.txt` (`01: …`): the slide's description
    /// in the PDF's structure, read by screen readers.
    pub alt: Vec<String>,
}

/// A link on a slide: where it leads and the box its text covers, in slide pixels (which are
/// the PDF's points: a page is the slide's size).
#[derive(Debug, Clone, PartialEq)]
pub struct SlideLink {
    pub url: String,
    pub x: f32,
    pub y: f32,
    pub width: f32,
    pub height: f32,
}

/// The longest URL that becomes a link annotation; a longer one stays plain text.
const MAX_LINK_URL: usize = 2048;

/// The links a slide's SVG shows: its `<a href data-box="x y w h">` elements, as the layout
/// writes them around the text of a link, @mention or #hashtag. Only `http(s)` addresses are
/// kept: whatever else a slide might hold never becomes an action in the PDF.
pub fn slide_links(svg: &str) -> Vec<SlideLink> {
    let Ok(doc) = roxmltree::Document::parse(svg) else {
        return Vec::new();
    };
    doc.descendants()
        .filter(|node| node.has_tag_name("a"))
        .filter_map(|node| {
            let url = node.attribute("href")?.trim();
            let lower = url.to_ascii_lowercase();
            let web = lower.starts_with("https://") || lower.starts_with("http://");
            if !web || url.len() > MAX_LINK_URL || url.chars().any(char::is_whitespace) {
                return None;
            }
            let numbers: Vec<f32> = node
                .attribute("data-box")?
                .split_whitespace()
                .map(str::parse)
                .collect::<Result<_, _>>()
                .ok()?;
            let [x, y, width, height] = numbers[..] else {
                return None;
            };
            let finite = [x, y, width, height].iter().all(|n| n.is_finite());
            (finite && width > 0.0 && height > 0.0).then(|| SlideLink {
                url: url.to_owned(),
                x,
                y,
                width,
                height,
            })
        })
        .collect()
}

/// Draws each tree on its own page of `width`×`height` points.
pub fn render_pdf(
    trees: &[Tree],
    width: u32,
    height: u32,
    info: &PdfInfo,
) -> Result<Vec<u8>, ExportError> {
    let size = Size::from_wh(width as f32, height as f32)
        .ok_or(ExportError::CanvasSize { width, height })?;
    let settings = SerializeSettings {
        render_svg_glyph_fn: krilla_svg::render_svg_glyph,
        ..SerializeSettings::default()
    };
    let mut document = Document::new_with(settings);
    // A tagged PDF: each slide is a section holding one figure, the whole slide described by
    // its alt text line, followed by its links. The slide's text stays real, selectable text;
    // the structure gives screen readers the description the slide's design implies.
    let mut structure = TagTree::new();
    for (index, tree) in trees.iter().enumerate() {
        let mut page = document.start_page_with(PageSettings::new(size));
        let mut surface = page.surface();
        let content = surface.start_tagged(ContentTag::Other);
        let drawn = surface.draw_svg(tree, size, SvgSettings::default());
        surface.end_tagged();
        surface.finish();
        drawn.ok_or(ExportError::PdfSlide(index + 1))?;

        let mut section = TagGroup::new(Tag::Section);
        let alt = info.alt.get(index).map(|line| alt_description(line));
        let alt = alt
            .filter(|alt| !alt.is_empty())
            .unwrap_or_else(|| format!("Slide {}", index + 1));
        let mut figure = TagGroup::new(Tag::Figure(Some(alt)));
        figure.push(content);
        section.push(figure);
        for link in info.links.get(index).into_iter().flatten() {
            let Some(rect) = Rect::from_xywh(link.x, link.y, link.width, link.height) else {
                continue;
            };
            let target = Target::Action(LinkAction::new(link.url.clone()).into());
            let annotation = page.add_tagged_annotation(Annotation::new_link(
                LinkAnnotation::new(rect, target),
                Some(link.url.clone()),
            ));
            let mut group = TagGroup::new(Tag::Link);
            group.push(annotation);
            section.push(group);
        }
        page.finish();
        structure.push(section);
    }
    document.set_tag_tree(structure);
    let mut metadata = Metadata::new().creator("Carousel Studio".to_owned());
    let title = metadata_text(&info.title);
    if !title.is_empty() {
        metadata = metadata.title(title);
    }
    let author = metadata_text(&info.author);
    if !author.is_empty() {
        metadata = metadata.authors(vec![author]);
    }
    if !info.language.is_empty() {
        metadata = metadata.language(info.language.clone());
    }
    document.set_metadata(metadata);
    document
        .finish()
        .map_err(|err| ExportError::Pdf(format!("{err:?}")))
}

/// A slide's description from its alt text line: without the `01: ` that numbers it in
/// `alt-text.txt` (a page needs no number), cleaned like the metadata.
fn alt_description(line: &str) -> String {
    let line = line.trim();
    let numbered = line
        .split_once(": ")
        .filter(|(number, _)| !number.is_empty() && number.chars().all(|c| c.is_ascii_digit()));
    metadata_text(numbered.map_or(line, |(_, rest)| rest))
}

/// Text for the PDF's metadata, which LinkedIn shows as the document's title: scraped text
/// may hold control characters (ESC, NUL) and bidi overrides that viewers print raw or use to
/// disguise the title; they become spaces, runs of spaces one.
fn metadata_text(text: &str) -> String {
    let cleaned: String = text
        .chars()
        .map(|c| {
            let bidi = matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
            if c.is_control() || bidi { ' ' } else { c }
        })
        .collect();
    cleaned.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_read_from_the_slide_and_only_web_addresses_kept() {
        let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100">
            <a href="https://example.com/a?b=1&amp;c=2" data-box="10 20 30 12.5"><text>x</text></a>
            <a href="javascript:alert(1)" data-box="1 1 1 1"><text>y</text></a>
            <a href="https://example.com/nobox"><text>z</text></a>
            <a href="https://example.com/bad" data-box="1 1 -3 1"><text>w</text></a>
            <a href="HTTP://EXAMPLE.COM/" data-box="0 0 5 5"><text>v</text></a>
        </svg>"#;
        let links = slide_links(svg);
        assert_eq!(
            links,
            [
                SlideLink {
                    url: "https://example.com/a?b=1&c=2".to_owned(),
                    x: 10.0,
                    y: 20.0,
                    width: 30.0,
                    height: 12.5,
                },
                SlideLink {
                    url: "HTTP://EXAMPLE.COM/".to_owned(),
                    x: 0.0,
                    y: 0.0,
                    width: 5.0,
                    height: 5.0,
                },
            ]
        );
        assert!(slide_links("not svg").is_empty());
    }

    #[test]
    fn control_characters_never_reach_the_pdf_title() {
        assert_eq!(
            metadata_text("how we\u{1b}[31m shipped\u{0}\n it \u{202e}txt.exe"),
            "how we [31m shipped it txt.exe"
        );
        assert_eq!(metadata_text("مرحبا بالعالم 👋"), "مرحبا بالعالم 👋");
    }

    #[test]
    fn a_slide_is_described_by_its_alt_line_without_the_number() {
        assert_eq!(
            alt_description("07: Ship it.\u{1b} Photo."),
            "Ship it. Photo."
        );
        assert_eq!(
            alt_description("  A line the user wrote  "),
            "A line the user wrote"
        );
        assert_eq!(alt_description("Note: ship it"), "Note: ship it");
        assert_eq!(alt_description("12:30 is when"), "12:30 is when");
    }
}
