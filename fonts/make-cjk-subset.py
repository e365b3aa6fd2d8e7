#!/usr/bin/env python3
"""Regenerate fonts/NotoSansCJKsc-Regular-subset.otf.

Source: Debian package fonts-noto-cjk (1:20220127+repack1-1), file
/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc, face index 2
("Noto Sans CJK SC", Regular, CFF outlines).

Character set (no ASCII / Latin-1: the layout uses Inter for Latin text):
  * U+3000-303F  CJK Symbols and Punctuation
  * U+3040-30FF  Hiragana and Katakana
  * U+FF00-FFEF  Halfwidth and Fullwidth Forms
  * GB2312 Hanzi, levels 1 and 2 (rows 16-87; 6763 characters), via Python's 'gb2312' codec
  * JIS X 0208 kanji, levels 1 and 2 (rows 16-84), via the 'euc_jp' codec
  * Big5 level-1 common traditional Hanzi (0xA440-0xC67E; 5401), via the 'big5' codec
    (leave out with --no-big5)
  * KS X 1001 Hangul syllables (rows 16-40; 2350), via the 'euc_kr' codec

Usage: pip install fonttools brotli
       python3 fonts/make-cjk-subset.py [--no-big5] [--source PATH] [--output PATH]
"""
import argparse
import os
import sys

from fontTools import subset

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_SOURCE = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
DEFAULT_OUTPUT = os.path.join(HERE, "NotoSansCJKsc-Regular-subset.otf")
SC_FACE_INDEX = 2  # 0 JP, 1 KR, 2 SC, 3 TC, 4 HK, 5-9 Mono


def decode_grid(codec, leads, trails):
    """Decode every two-byte code (lead, trail); skip unassigned codes."""
    out = set()
    for lead in leads:
        for trail in trails:
            try:
                s = bytes([lead, trail]).decode(codec)
            except UnicodeDecodeError:
                continue
            if len(s) == 1:
                out.add(ord(s))
    return out


def gb2312_hanzi():
    # Rows 16-55 = level 1, rows 56-87 = level 2 (EUC-CN lead bytes 0xB0-0xF7).
    return decode_grid("gb2312", range(0xB0, 0xF8), range(0xA1, 0xFF))


def jisx0208_kanji():
    # Rows 16-47 = level 1, rows 48-84 = level 2 (EUC-JP lead bytes 0xB0-0xF4).
    return decode_grid("euc_jp", range(0xB0, 0xF5), range(0xA1, 0xFF))


def big5_level1():
    # 0xA440-0xC67E: frequently used Hanzi.
    trails = list(range(0x40, 0x7F)) + list(range(0xA1, 0xFF))
    out = set()
    for lead in range(0xA4, 0xC7):
        for trail in trails:
            if (lead << 8 | trail) > 0xC67E:
                continue
            try:
                s = bytes([lead, trail]).decode("big5")
            except UnicodeDecodeError:
                continue
            if len(s) == 1:
                out.add(ord(s))
    return out


def ksx1001_hangul():
    # Rows 16-40 (EUC-KR lead bytes 0xB0-0xC8): the 2350 precomposed syllables.
    return {c for c in decode_grid("euc_kr", range(0xB0, 0xC9), range(0xA1, 0xFF))
            if 0xAC00 <= c <= 0xD7A3}


def codepoints(with_big5=True):
    cps = set(range(0x3000, 0x3040)) | set(range(0x3040, 0x3100)) | set(range(0xFF00, 0xFFF0))
    sets = {
        "gb2312": gb2312_hanzi(),
        "jisx0208": jisx0208_kanji(),
        "ksx1001-hangul": ksx1001_hangul(),
    }
    if with_big5:
        sets["big5-level1"] = big5_level1()
    for name, s in sets.items():
        print(f"{name}: {len(s)} characters", file=sys.stderr)
        cps |= s
    return sorted(cps)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--source", default=DEFAULT_SOURCE)
    ap.add_argument("--output", default=DEFAULT_OUTPUT)
    ap.add_argument("--no-big5", action="store_true", help="leave out Big5 level-1 Hanzi")
    args = ap.parse_args()

    cps = codepoints(with_big5=not args.no_big5)
    print(f"total: {len(cps)} code points", file=sys.stderr)
    unicodes_file = args.output + ".unicodes.txt"
    with open(unicodes_file, "w") as f:
        f.write("\n".join(f"U+{c:04X}" for c in cps))
    try:
        subset.main([
            args.source,
            f"--font-number={SC_FACE_INDEX}",
            f"--unicodes-file={unicodes_file}",
            "--layout-features=*",
            "--no-hinting",
            "--name-IDs=*",
            "--name-languages=*",
            "--name-legacy",
            "--notdef-outline",
            f"--output-file={args.output}",
        ])
    finally:
        os.remove(unicodes_file)

    from fontTools.ttLib import TTFont
    font = TTFont(args.output)
    name = font["name"]
    print(f"{args.output}: {os.path.getsize(args.output)} bytes, "
          f"{font['maxp'].numGlyphs} glyphs, family {name.getDebugName(1)!r}, "
          f"weight {font['OS/2'].usWeightClass}", file=sys.stderr)


if __name__ == "__main__":
    main()
