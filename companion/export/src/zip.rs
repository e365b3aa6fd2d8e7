//! The slide PNGs in one ZIP, `01.png`, `02.png`, … stored as they are (PNG is compressed), and
//! their alt text, `alt-text.txt` (one line per slide: `01: …`).

use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use super::ExportError;

/// The name of slide `index` (0-based) inside the archive.
pub fn entry_name(index: usize) -> String {
    format!("{:02}.png", index + 1)
}

/// The name of the alt text inside the archive.
pub const ALT_TEXT_NAME: &str = "alt-text.txt";

/// Packs the PNGs in order, then their alt text.
pub fn render_zip(pngs: &[Vec<u8>], alt_text: &str) -> Result<Vec<u8>, ExportError> {
    let size: usize = pngs.iter().map(|png| png.len() + 128).sum();
    let mut zip = ZipWriter::new(Cursor::new(Vec::with_capacity(size + 1024)));
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Stored)
        .large_file(false);
    for (index, png) in pngs.iter().enumerate() {
        zip.start_file(entry_name(index), options)
            .map_err(ExportError::Zip)?;
        zip.write_all(png)
            .map_err(|err| ExportError::Zip(err.into()))?;
    }
    zip.start_file(ALT_TEXT_NAME, options)
        .map_err(ExportError::Zip)?;
    zip.write_all(alt_text.as_bytes())
        .map_err(|err| ExportError::Zip(err.into()))?;
    Ok(zip.finish().map_err(ExportError::Zip)?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn entries_are_numbered_in_order_and_stored() {
        let zip = render_zip(&[b"one".to_vec(), b"two".to_vec()], "01: one\n02: two\n").unwrap();
        let mut archive = zip::ZipArchive::new(Cursor::new(zip)).unwrap();
        let names: Vec<_> = archive.file_names().map(str::to_owned).collect();
        assert_eq!(names, ["01.png", "02.png", ALT_TEXT_NAME]);
        let entry = archive.by_index(1).unwrap();
        assert_eq!(entry.compression(), CompressionMethod::Stored);
        assert_eq!(entry.size(), 3);
        drop(entry);
        let mut alt = String::new();
        archive
            .by_index(2)
            .unwrap()
            .read_to_string(&mut alt)
            .unwrap();
        assert_eq!(alt, "01: one\n02: two\n");
        assert_eq!(entry_name(9), "10.png");
    }
}
