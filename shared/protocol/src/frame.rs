//! Native-messaging framing: a 4-byte length in native byte order, then that many bytes of
//! UTF-8 JSON. Pure functions over [`Read`]/[`Write`]; the caller owns the pipes.

use std::io::{self, Read, Write};

/// The largest message accepted from the browser (Chrome sends at most 64 MiB).
pub const MAX_FROM_BROWSER: usize = 64 * 1024 * 1024;
/// The largest message the browser accepts from a host (1 MiB).
pub const MAX_TO_BROWSER: usize = 1024 * 1024;

/// Why a frame could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum FrameError {
    /// The length prefix is over the cap. Nothing was allocated; the stream cannot resync.
    #[error("message of {len} bytes is over the {max}-byte limit")]
    TooLarge { len: u64, max: usize },
    /// A zero-length frame: no JSON at all. The stream is still in step.
    #[error("empty message (length 0)")]
    Empty,
    /// The stream ended inside a frame (in the length prefix or the body).
    #[error("the stream ended inside a message ({got} of {expected} bytes)")]
    Truncated { got: usize, expected: usize },
    #[error(transparent)]
    Io(#[from] io::Error),
}

/// Reads one frame's body. `Ok(None)` is a clean end: the stream ended before a length.
///
/// A length over `max` is refused before anything is allocated ([`FrameError::TooLarge`]).
pub fn read_frame(reader: &mut impl Read, max: usize) -> Result<Option<Vec<u8>>, FrameError> {
    let mut prefix = [0u8; 4];
    let got = read_full(reader, &mut prefix)?;
    if got == 0 {
        return Ok(None);
    }
    if got < prefix.len() {
        return Err(FrameError::Truncated { got, expected: 4 });
    }
    let len = u32::from_ne_bytes(prefix);
    if u64::from(len) > max as u64 {
        return Err(FrameError::TooLarge {
            len: u64::from(len),
            max,
        });
    }
    if len == 0 {
        return Err(FrameError::Empty);
    }
    let len = len as usize;
    let mut body = vec![0u8; len];
    let got = read_full(reader, &mut body)?;
    if got < len {
        return Err(FrameError::Truncated { got, expected: len });
    }
    Ok(Some(body))
}

/// Writes one frame (length prefix and body) and flushes. A body over `max` is refused and
/// nothing is written.
pub fn write_frame(writer: &mut impl Write, body: &[u8], max: usize) -> Result<(), FrameError> {
    let len = u32::try_from(body.len())
        .ok()
        .filter(|&len| len as usize <= max)
        .ok_or(FrameError::TooLarge {
            len: body.len() as u64,
            max,
        })?;
    // One buffer, one write: a frame is never split between two `write` calls of ours.
    let mut frame = Vec::with_capacity(4 + body.len());
    frame.extend_from_slice(&len.to_ne_bytes());
    frame.extend_from_slice(body);
    writer.write_all(&frame)?;
    writer.flush()?;
    Ok(())
}

/// Fills `buf` as far as the stream allows; returns how many bytes were read (short at EOF).
fn read_full(reader: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match reader.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
            Err(err) => return Err(err),
        }
    }
    Ok(filled)
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;

    use super::*;

    fn frame(body: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        write_frame(&mut out, body, MAX_TO_BROWSER).unwrap();
        out
    }

    /// A reader that hands out at most `step` bytes per `read`, like a pipe under load.
    struct Trickle<'a> {
        data: &'a [u8],
        step: usize,
    }

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = self.step.min(buf.len()).min(self.data.len());
            buf[..n].copy_from_slice(&self.data[..n]);
            self.data = &self.data[n..];
            Ok(n)
        }
    }

    #[test]
    fn the_length_is_native_endian() {
        let out = frame(b"{}");
        assert_eq!(out[..4], 2u32.to_ne_bytes());
        assert_eq!(&out[4..], b"{}");
    }

    #[test]
    fn frames_round_trip_and_eof_before_a_length_is_a_clean_end() {
        let mut data = frame(br#"{"type":"ping","id":"1"}"#);
        data.extend(frame(br#"{"type":"ping","id":"2"}"#));
        let mut reader = Cursor::new(data);
        assert_eq!(
            read_frame(&mut reader, MAX_FROM_BROWSER).unwrap().unwrap(),
            br#"{"type":"ping","id":"1"}"#
        );
        assert_eq!(
            read_frame(&mut reader, MAX_FROM_BROWSER).unwrap().unwrap(),
            br#"{"type":"ping","id":"2"}"#
        );
        assert!(read_frame(&mut reader, MAX_FROM_BROWSER).unwrap().is_none());
        assert!(read_frame(&mut Cursor::new([]), 10).unwrap().is_none());
    }

    #[test]
    fn frames_split_across_reads_are_reassembled() {
        let mut data = frame(b"[1,2,3]");
        data.extend(frame(b"\"second\""));
        for step in 1..=5 {
            let mut reader = Trickle { data: &data, step };
            assert_eq!(read_frame(&mut reader, 100).unwrap().unwrap(), b"[1,2,3]");
            assert_eq!(
                read_frame(&mut reader, 100).unwrap().unwrap(),
                b"\"second\""
            );
            assert!(read_frame(&mut reader, 100).unwrap().is_none());
        }
    }

    #[test]
    fn a_truncated_prefix_or_body_is_an_error() {
        let err = read_frame(&mut Cursor::new([5u8, 0]), 100).unwrap_err();
        assert!(
            matches!(
                err,
                FrameError::Truncated {
                    got: 2,
                    expected: 4
                }
            ),
            "{err}"
        );
        let mut data = 10u32.to_ne_bytes().to_vec();
        data.extend(b"abc");
        let err = read_frame(&mut Cursor::new(data), 100).unwrap_err();
        assert!(
            matches!(
                err,
                FrameError::Truncated {
                    got: 3,
                    expected: 10
                }
            ),
            "{err}"
        );
    }

    #[test]
    fn an_over_cap_length_is_refused_without_allocating() {
        // u32::MAX would be a 4 GiB allocation if it were trusted; the body is never read.
        let mut reader = Cursor::new(u32::MAX.to_ne_bytes());
        let err = read_frame(&mut reader, MAX_FROM_BROWSER).unwrap_err();
        assert!(matches!(err, FrameError::TooLarge { len, .. } if len == u64::from(u32::MAX)));
        assert_eq!(reader.position(), 4, "nothing past the prefix is read");
        let just_over = (MAX_FROM_BROWSER as u32 + 1).to_ne_bytes();
        assert!(matches!(
            read_frame(&mut Cursor::new(just_over), MAX_FROM_BROWSER),
            Err(FrameError::TooLarge { .. })
        ));
    }

    #[test]
    fn a_zero_length_is_a_recoverable_error() {
        let mut data = 0u32.to_ne_bytes().to_vec();
        data.extend(frame(b"{}"));
        let mut reader = Cursor::new(data);
        let err = read_frame(&mut reader, 100).unwrap_err();
        assert!(matches!(err, FrameError::Empty));
        assert_eq!(read_frame(&mut reader, 100).unwrap().unwrap(), b"{}");
    }

    #[test]
    fn writing_over_the_cap_writes_nothing() {
        let mut out = Vec::new();
        let body = vec![b' '; MAX_TO_BROWSER + 1];
        assert!(matches!(
            write_frame(&mut out, &body, MAX_TO_BROWSER),
            Err(FrameError::TooLarge { .. })
        ));
        assert!(out.is_empty());
    }

    /// A deterministic xorshift generator: the same seeds every run, no dependency.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
    }

    #[test]
    fn random_bytes_never_panic_the_reader_or_the_parser() {
        for seed in 1..=3000u64 {
            let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
            let len = (rng.next() % 64) as usize;
            let mut data: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
            // Half the cases start with a plausible small length, so bodies get parsed too.
            if seed % 2 == 0 && len >= 4 {
                let body_len = (rng.next() % 70) as u32;
                data[..4].copy_from_slice(&body_len.to_ne_bytes());
            }
            let mut reader = Trickle {
                data: &data,
                step: 1 + (rng.next() % 7) as usize,
            };
            for _ in 0..8 {
                match read_frame(&mut reader, 128) {
                    Ok(Some(body)) => {
                        let _ = crate::parse_request(&body);
                    }
                    Ok(None) => break,
                    // The one error after which the next frame starts where expected.
                    Err(FrameError::Empty) => {}
                    Err(_) => break,
                }
            }
        }
    }
}
