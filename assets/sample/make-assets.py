#!/usr/bin/env python3
"""Make the stand-in images for the sample thread (assets/sample/).

The sample thread's real avatar and photo URLs (pbs.twimg.com) are not reachable, so this
draws stand-ins with Pillow and the bundled Inter fonts, then writes thread.json: a copy of
tests/fixtures/x/thread-photon.expected.json that points at the local files.

    pip install pillow
    python3 assets/sample/make-assets.py
"""
import json
import math
import os

from PIL import Image, ImageDraw, ImageFilter, ImageFont

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
FONTS = os.path.join(ROOT, "fonts")
FIXTURE = os.path.join(ROOT, "tests", "fixtures", "x", "thread-photon.expected.json")

SS = 2  # supersampling factor: draw large, then downsample for smooth edges


def font(weight, size):
    name = {"regular": "Inter-Regular.otf", "bold": "Inter-Bold.otf"}[weight]
    return ImageFont.truetype(os.path.join(FONTS, name), size * SS)


def lerp(a, b, t):
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b))


def hexrgb(h):
    h = h.lstrip("#")
    return tuple(int(h[i:i + 2], 16) for i in (0, 2, 4))


def diagonal_gradient(w, h, c0, c1):
    """Linear gradient from the top-left (c0) to the bottom-right (c1)."""
    # Build a 1-D ramp and rotate/scale it: fast and smooth.
    n = 512
    ramp = Image.new("RGB", (n, 1))
    ramp.putdata([lerp(c0, c1, i / (n - 1)) for i in range(n)])
    d = int(math.hypot(w, h)) + 2
    g = ramp.resize((d, d), Image.BILINEAR).rotate(-45, resample=Image.BICUBIC, expand=False)
    return g.crop(((d - w) // 2, (d - h) // 2, (d - w) // 2 + w, (d - h) // 2 + h))


# --------------------------------------------------------------------------------- avatar


def make_avatar(path):
    S = 400 * SS
    img = diagonal_gradient(S, S, hexrgb("#4338CA"), hexrgb("#0EA5E9"))

    # A soft light glow in the upper left for depth.
    glow = Image.new("L", (S, S), 0)
    ImageDraw.Draw(glow).ellipse((-S * 0.25, -S * 0.35, S * 0.75, S * 0.55), fill=70)
    glow = glow.filter(ImageFilter.GaussianBlur(S * 0.12))
    img = Image.composite(Image.new("RGB", (S, S), (255, 255, 255)), img, glow)

    # A thin crescent ring (a nod to "Moondream") behind the monogram.
    ring = Image.new("L", (S, S), 0)
    rd = ImageDraw.Draw(ring)
    r = S * 0.34
    cx = cy = S / 2
    rd.ellipse((cx - r, cy - r, cx + r, cy + r), outline=60, width=int(S * 0.018))
    img = Image.composite(Image.new("RGB", (S, S), (255, 255, 255)), img, ring)

    d = ImageDraw.Draw(img)
    f = font("bold", 230)
    # Centre the "v" on its ink box.
    l, t, rr, b = d.textbbox((0, 0), "v", font=f)
    x = (S - (rr - l)) / 2 - l
    y = (S - (b - t)) / 2 - t + S * 0.01
    # Soft shadow.
    sh = Image.new("L", (S, S), 0)
    ImageDraw.Draw(sh).text((x, y + S * 0.012), "v", font=f, fill=90)
    sh = sh.filter(ImageFilter.GaussianBlur(S * 0.015))
    img = Image.composite(Image.new("RGB", (S, S), hexrgb("#1E1B4B")), img, sh)
    ImageDraw.Draw(img).text((x, y), "v", font=f, fill=(255, 255, 255))

    img = img.resize((400, 400), Image.LANCZOS)
    img.save(path, optimize=True)


# ---------------------------------------------------------------------------------- photo

# Per-op costs (µs) of the 14-op sampling path; they sum to 687 µs. Illustrative split.
OPS = [("temperature", 38), ("softmax", 71), ("top-k", 96), ("gather", 34), ("sort", 88),
       ("cumsum", 52), ("top-p mask", 47), ("scatter", 39), ("renorm", 44), ("rand", 31),
       ("div", 29), ("argmax", 43), ("index", 36), ("copy", 39)]
assert len(OPS) == 14 and sum(c for _, c in OPS) == 687


def rounded(d, box, r, fill):
    d.rounded_rectangle([round(v) for v in box], radius=round(r), fill=fill)


def make_photo(path):
    W, H = 1600 * SS, 900 * SS
    bg0, bg1 = hexrgb("#0B1020"), hexrgb("#111936")
    img = diagonal_gradient(W, H, bg0, bg1)

    # Subtle indigo glow in the lower right.
    glow = Image.new("L", (W, H), 0)
    ImageDraw.Draw(glow).ellipse((W * 0.55, H * 0.45, W * 1.25, H * 1.45), fill=55)
    glow = glow.filter(ImageFilter.GaussianBlur(W * 0.08))
    img = Image.composite(Image.new("RGB", (W, H), hexrgb("#4F46E5")), img, glow)

    d = ImageDraw.Draw(img)
    s = SS
    white = hexrgb("#F8FAFC")
    muted = hexrgb("#94A3B8")
    faint = hexrgb("#64748B")
    grid = hexrgb("#1E293B")

    left = 110 * s
    # Eyebrow, title, subtitle.
    d.text((left, 86 * s), "PHOTON  ·  APPLE SILICON", font=font("bold", 22), fill=hexrgb("#38BDF8"))
    d.text((left, 124 * s), "Token sampling latency", font=font("bold", 64), fill=white)
    d.text((left, 212 * s), "Raw logits → sampled token, per decoded token (lower is better)",
           font=font("regular", 28), fill=muted)

    # Chart geometry.
    label_w = 360 * s
    x0 = left + label_w
    x1 = W - 230 * s
    scale = (x1 - x0) / 700.0  # µs -> px
    rows = [(400 * s, "PyTorch on MPS", "14 separate ops"), (600 * s, "Fused Metal kernel", "1 dispatch")]
    bar_h = 86 * s

    # Grid lines and axis ticks.
    axis_y = 730 * s
    for us in range(0, 701, 100):
        x = x0 + us * scale
        d.line([(x, 330 * s), (x, axis_y)], fill=grid, width=2 * s)
        lbl = f"{us} µs" if us in (0, 700) else str(us)
        f = font("regular", 20)
        tw = d.textlength(lbl, font=f)
        d.text((x - tw / 2, axis_y + 14 * s), lbl, font=f, fill=faint)

    # Row labels.
    for y, name, sub in rows:
        cy = y + bar_h / 2
        d.text((left, cy - 40 * s), name, font=font("bold", 30), fill=white)
        d.text((left, cy + 4 * s), sub, font=font("regular", 24), fill=muted)

    # Bar 1: 14 segments, one per op, in a cool slate ramp.
    y = rows[0][0]
    x = x0
    gap = 4 * s
    c_a, c_b = hexrgb("#475569"), hexrgb("#94A3B8")
    for i, (_, cost) in enumerate(OPS):
        w = cost * scale
        col = lerp(c_a, c_b, 0.25 + 0.35 * (i % 2))
        r = 10 * s if i in (0, len(OPS) - 1) else 3 * s
        rounded(d, (x, y, x + w - gap, y + bar_h), r, col)
        x += w
    end1 = x0 + 687 * scale
    d.text((end1 + 18 * s, y + bar_h / 2 - 22 * s), "687 µs", font=font("bold", 36), fill=white)
    # Small caption under the bar.
    d.text((x0, y + bar_h + 14 * s), "each segment = one torch op = one Metal dispatch",
           font=font("regular", 20), fill=faint)

    # Bar 2: a single fused kernel with a vivid gradient.
    y = rows[1][0]
    w = 130 * scale
    bar = diagonal_gradient(int(w), bar_h, hexrgb("#6366F1"), hexrgb("#22D3EE"))
    mask = Image.new("L", bar.size, 0)
    ImageDraw.Draw(mask).rounded_rectangle((0, 0, bar.size[0] - 1, bar.size[1] - 1), radius=10 * s, fill=255)
    # Glow under the bar.
    g = Image.new("L", (W, H), 0)
    ImageDraw.Draw(g).rounded_rectangle((x0, y, x0 + w, y + bar_h), radius=10 * s, fill=120)
    g = g.filter(ImageFilter.GaussianBlur(18 * s))
    img = Image.composite(Image.new("RGB", (W, H), hexrgb("#22D3EE")), img, g.point(lambda v: v * 0.45))
    img.paste(bar, (int(x0), int(y)), mask)
    d = ImageDraw.Draw(img)
    vx = x0 + w + 18 * s
    d.text((vx, y + bar_h / 2 - 22 * s), "130 µs", font=font("bold", 36), fill=white)

    # "5.3× faster" pill next to the fused bar value.
    f = font("bold", 26)
    txt = "5.3× faster"
    tw = d.textlength(txt, font=f)
    px = vx + d.textlength("130 µs", font=font("bold", 36)) + 26 * s
    py = y + bar_h / 2 - 24 * s
    rounded(d, (px, py, px + tw + 40 * s, py + 48 * s), 24 * s, hexrgb("#0E7490"))
    d.text((px + 20 * s, py + 9 * s), txt, font=f, fill=hexrgb("#ECFEFF"))

    # Footer.
    d.text((left, H - 70 * s), "Moondream · Photon inference engine · custom MSL kernels",
           font=font("regular", 20), fill=faint)

    img = img.resize((1600, 900), Image.LANCZOS)
    img.save(path, quality=85, optimize=True, progressive=True)


# ----------------------------------------------------------------------------- thread.json


def make_thread_json(path):
    with open(FIXTURE, encoding="utf-8") as f:
        thread = json.load(f)
    for i, post in enumerate(thread["posts"]):
        post["author"]["avatar"] = "avatar.png"
        if i == 0:
            post["images"] = ["photo.jpg"]
    with open(path, "w", encoding="utf-8") as f:
        json.dump(thread, f, ensure_ascii=False, indent=2)
        f.write("\n")


if __name__ == "__main__":
    make_avatar(os.path.join(HERE, "avatar.png"))
    make_photo(os.path.join(HERE, "photo.jpg"))
    make_thread_json(os.path.join(HERE, "thread.json"))
