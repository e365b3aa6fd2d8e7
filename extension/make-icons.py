#!/usr/bin/env python3
"""Writes the extension's toolbar icons (extension/static/icon-{16,32,48,128}.png).

The mark: three stacked rounded cards in X blue, the back two lighter, offset up and right,
like a carousel fanned out. Pure standard library (zlib + struct), 4x4 supersampled for smooth
edges. Run from anywhere: python3 extension/make-icons.py
"""
import os
import struct
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
BLUE = (29, 155, 240)
# (x0, y0, x1, y1) in a 0..1 box, back to front, with each card's colour.
CARDS = [
    ((0.34, 0.06, 0.94, 0.70), (165, 214, 249)),
    ((0.20, 0.18, 0.80, 0.82), (97, 184, 244)),
    ((0.06, 0.30, 0.66, 0.94), BLUE),
]
RADIUS = 0.12
SS = 4


def inside(px, py, box):
    x0, y0, x1, y1 = box
    if not (x0 <= px <= x1 and y0 <= py <= y1):
        return False
    cx = min(max(px, x0 + RADIUS), x1 - RADIUS)
    cy = min(max(py, y0 + RADIUS), y1 - RADIUS)
    return (px - cx) ** 2 + (py - cy) ** 2 <= RADIUS ** 2


def pixel(size, x, y):
    acc = [0.0, 0.0, 0.0, 0.0]
    for sy in range(SS):
        for sx in range(SS):
            px = (x + (sx + 0.5) / SS) / size
            py = (y + (sy + 0.5) / SS) / size
            colour = None
            for box, rgb in CARDS:
                if inside(px, py, box):
                    colour = rgb
            if colour is not None:
                acc[0] += colour[0]
                acc[1] += colour[1]
                acc[2] += colour[2]
                acc[3] += 1
    n = SS * SS
    if acc[3] == 0:
        return (0, 0, 0, 0)
    return (round(acc[0] / acc[3]), round(acc[1] / acc[3]), round(acc[2] / acc[3]), round(255 * acc[3] / n))


def png(size):
    rows = b"".join(
        b"\x00" + b"".join(bytes(pixel(size, x, y)) for x in range(size)) for y in range(size)
    )

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b"")


for size in (16, 32, 48, 128):
    path = os.path.join(HERE, "static", f"icon-{size}.png")
    with open(path, "wb") as f:
        f.write(png(size))
    print(path)
