#!/usr/bin/env python3
"""Make the gallery's threads and stand-in images (assets/gallery/).

Six threads of the kinds people turn into carousels, written for this project (not scraped):
a short hook thread, a growth-style numbered thread, one long post, an X Article, a photo-heavy
thread and an Arabic/Japanese thread. The photos and avatars are drawn with Pillow, so the
output is deterministic and nobody's pictures are copied:

    pip install pillow
    python3 assets/gallery/make-gallery.py

`carousel-studio gallery assets/gallery/*.json --out docs/gallery.png` makes docs/gallery.png.
"""
import json
import math
import os
import random

from PIL import Image, ImageDraw, ImageFilter, ImageFont

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
FONTS = os.path.join(ROOT, "fonts")


def font(name, size):
    return ImageFont.truetype(os.path.join(FONTS, name), size)


def lerp(a, b, t):
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b))


def vertical(w, h, stops):
    """A vertical gradient through `stops` [(t, rgb), …]."""
    img = Image.new("RGB", (w, h))
    px = img.load()
    for y in range(h):
        t = y / (h - 1)
        for (t0, c0), (t1, c1) in zip(stops, stops[1:]):
            if t0 <= t <= t1:
                c = lerp(c0, c1, (t - t0) / max(t1 - t0, 1e-6))
                break
        for x in range(w):
            px[x, y] = c
    return img


def texture(img, seed, strength):
    """Adds the large-scale texture a camera photo has (clouds, rock, foliage, light falloff):
    fractal value noise, a few octaves of random grids smoothly enlarged."""
    rnd = random.Random(seed)
    w, h = img.size
    total = Image.new("L", (w, h), 128)
    for cells, weight in ((6, 0.5), (14, 0.3), (40, 0.2)):
        grid = Image.new("L", (cells, max(2, cells * h // w)))
        grid.putdata([rnd.randint(0, 255) for _ in range(grid.size[0] * grid.size[1])])
        layer = grid.resize((w, h), Image.BICUBIC)
        total = Image.blend(total, layer, weight / (weight + 0.5))
    # Lighten or darken each pixel by up to `strength` with the noise.
    px, nz = img.load(), total.load()
    for y in range(h):
        for x in range(w):
            d = (nz[x, y] - 128) * strength // 64
            r, g, b = px[x, y]
            px[x, y] = (max(0, min(255, r + d)), max(0, min(255, g + d)), max(0, min(255, b + d)))
    return img


def avatar(path, c0, c1, letter):
    size = 400
    img = Image.new("RGB", (size, size))
    px = img.load()
    for y in range(size):
        for x in range(size):
            px[x, y] = lerp(c0, c1, (x + y) / (2 * size))
    d = ImageDraw.Draw(img)
    f = font("Inter-Bold.otf", 200)
    box = d.textbbox((0, 0), letter, font=f)
    d.text(((size - box[2] - box[0]) / 2, (size - box[3] - box[1]) / 2 - 6), letter, font=f,
           fill=(255, 255, 255))
    img.save(path, optimize=True)


def mountains(path, seed, sky, far, near, sun):
    """A landscape: sky gradient, a sun, two mountain ridges, a lake."""
    rnd = random.Random(seed)
    w, h = 1600, 1200
    img = vertical(w, h, [(0, sky[0]), (0.55, sky[1]), (1, sky[1])])
    d = ImageDraw.Draw(img)
    sx, sy = rnd.randint(400, 1200), rnd.randint(260, 420)
    d.ellipse((sx - 90, sy - 90, sx + 90, sy + 90), fill=sun)
    for colour, base, amp in ((far, 640, 180), (near, 800, 140)):
        points = [(0, h)]
        y = base
        for x in range(0, w + 40, 40):
            y = min(max(y + rnd.randint(-60, 60), base - amp), base + amp // 2)
            points.append((x, y))
        points.append((w, h))
        d.polygon(points, fill=colour)
    lake = vertical(w, 260, [(0, lerp(sky[1], near, 0.3)), (1, near)])
    img.paste(lake, (0, h - 260))
    img = texture(img.filter(ImageFilter.GaussianBlur(1.2)), seed, 22)
    img.save(path, quality=82, optimize=True)


def portrait(path):
    """A studio portrait stand-in: a figure's silhouette off-centre on a soft backdrop."""
    w, h = 1200, 1500
    img = vertical(w, h, [(0, (236, 226, 214)), (1, (196, 176, 156))])
    d = ImageDraw.Draw(img)
    cx = 760
    d.ellipse((cx - 170, 330, cx + 170, 720), fill=(120, 84, 62))
    d.rounded_rectangle((cx - 330, 760, cx + 330, 1600), radius=260, fill=(44, 62, 92))
    d.rectangle((cx - 70, 680, cx + 70, 800), fill=(120, 84, 62))
    img = texture(img.filter(ImageFilter.GaussianBlur(2.0)), 5, 16)
    img.save(path, quality=82, optimize=True)


def coffee(path):
    """A flat-lay: a cup seen from above on a wooden table."""
    w, h = 1200, 1200
    img = Image.new("RGB", (w, h), (150, 104, 70))
    d = ImageDraw.Draw(img)
    rnd = random.Random(7)
    for y in range(0, h, 6):
        shade = 140 + int(18 * math.sin(y / 37.0)) + rnd.randint(-6, 6)
        d.line((0, y, w, y + rnd.randint(-4, 4)), fill=(shade, int(shade * 0.7), int(shade * 0.46)), width=6)
    d.ellipse((390, 390, 810, 810), fill=(245, 245, 240))
    d.ellipse((450, 450, 750, 750), fill=(92, 56, 34))
    d.ellipse((518, 518, 682, 682), fill=(196, 150, 110))
    d.rounded_rectangle((795, 555, 900, 645), radius=38, outline=(245, 245, 240), width=26)
    img = texture(img.filter(ImageFilter.GaussianBlur(1.0)), 9, 14)
    img.save(path, quality=78, optimize=True)


def dashboard(path):
    """A screenshot: an analytics card with a line chart, text to its edges."""
    w, h = 1400, 900
    img = Image.new("RGB", (w, h), (250, 250, 252))
    d = ImageDraw.Draw(img)
    d.rectangle((0, 0, w, 84), fill=(24, 31, 48))
    d.text((40, 24), "Weekly signups", font=font("Inter-Bold.otf", 34), fill=(255, 255, 255))
    d.text((w - 300, 30), "Last 12 weeks", font=font("Inter-Regular.otf", 26), fill=(180, 190, 210))
    values = [120, 135, 128, 160, 190, 185, 240, 310, 295, 380, 460, 540]
    x0, y0, x1, y1 = 110, 160, w - 60, h - 110
    for i in range(5):
        y = y0 + (y1 - y0) * i / 4
        d.line((x0, y, x1, y), fill=(226, 230, 238), width=2)
        d.text((30, y - 16), str(600 - 150 * i), font=font("Inter-Regular.otf", 24), fill=(110, 118, 134))
    pts = [(x0 + (x1 - x0) * i / (len(values) - 1), y1 - (y1 - y0) * v / 600) for i, v in enumerate(values)]
    d.polygon(pts + [(x1, y1), (x0, y1)], fill=(214, 232, 255))
    d.line(pts, fill=(37, 99, 235), width=7, joint="curve")
    for x, y in pts:
        d.ellipse((x - 9, y - 9, x + 9, y + 9), fill=(37, 99, 235))
    for i in range(0, 12, 2):
        d.text((x0 + (x1 - x0) * i / 11 - 20, y1 + 24), f"W{i + 1}", font=font("Inter-Regular.otf", 24),
               fill=(110, 118, 134))
    img.save(path, quality=88, optimize=True)


def article_cover(path):
    w, h = 1600, 640
    img = Image.new("RGB", (w, h))
    px = img.load()
    for y in range(h):
        for x in range(w):
            t = (x / w) * 0.7 + (y / h) * 0.3
            px[x, y] = lerp((17, 24, 39), (79, 70, 229), t)
    d = ImageDraw.Draw(img)
    for i, (x, y, r) in enumerate([(1200, 160, 140), (1380, 420, 90), (980, 520, 60)]):
        d.ellipse((x - r, y - r, x + r, y + r), outline=(165, 180, 252), width=6)
    d.text((90, 250), "The slide is the message", font=font("Inter-Bold.otf", 78), fill=(255, 255, 255))
    img.save(path, quality=85, optimize=True)


def author(name, handle, picture):
    return {"name": name, "handle": handle, "avatar": picture}


def post(n, who, text, images=(), created="2026-11-20T09:00:00.000Z", **extra):
    links = [word for word in text.split() if word.startswith("https://")]
    value = {
        "id": f"19000000000000{n:05d}",
        "author": who,
        "created_at": created,
        "text": text,
        "links": links,
        "images": list(images),
        "quoted": None,
    }
    value.update(extra)
    return value


def thread(name, who, posts):
    value = {"url": f"https://x.com/{who['handle']}/status/{posts[0]['id']}", "posts": posts}
    with open(os.path.join(HERE, f"{name}.json"), "w", encoding="utf-8") as out:
        json.dump(value, out, ensure_ascii=False, indent=2)
        out.write("\n")


def main():
    avatar(os.path.join(HERE, "avatar-maya.png"), (244, 114, 182), (139, 92, 246), "M")
    avatar(os.path.join(HERE, "avatar-dan.png"), (34, 197, 94), (13, 148, 136), "D")
    avatar(os.path.join(HERE, "avatar-ines.png"), (251, 146, 60), (220, 38, 38), "I")
    avatar(os.path.join(HERE, "avatar-sam.png"), (56, 189, 248), (37, 99, 235), "S")
    avatar(os.path.join(HERE, "avatar-leila.png"), (250, 204, 21), (234, 88, 12), "L")
    mountains(os.path.join(HERE, "photo-lake.jpg"), 3, ((255, 183, 130), (252, 228, 200)),
              (120, 110, 150), (52, 60, 90), (255, 236, 190))
    mountains(os.path.join(HERE, "photo-ridge.jpg"), 11, ((70, 130, 200), (190, 220, 240)),
              (90, 120, 140), (40, 70, 60), (255, 255, 235))
    portrait(os.path.join(HERE, "photo-portrait.jpg"))
    coffee(os.path.join(HERE, "photo-coffee.jpg"))
    dashboard(os.path.join(HERE, "screenshot-signups.jpg"))
    article_cover(os.path.join(HERE, "article-cover.jpg"))

    maya = author("Maya Chen", "mayachen", "avatar-maya.png")
    thread("1-hook", maya, [
        post(1, maya, "I rewrote our onboarding in a weekend and activation went from 22% to 41%. Here's exactly what changed 🧵"),
        post(2, maya, "2/ We cut the signup form from 9 fields to 2. Email and password. Everything else moved to the moment it was needed."),
        post(3, maya, "3/ The empty dashboard was the real killer. New users saw zeros everywhere. Now they land on a sample project they can poke at."),
        post(4, maya, "4/ One email, not five. Sent 24 hours later, from a person, with a single question: \"What were you hoping to do?\" Half of them reply."),
        post(5, maya, "That's it. Small, boring changes. Follow @mayachen for more teardown threads."),
    ])

    dan = author("Dan Okafor", "danokafor", "avatar-dan.png")
    thread("2-growth", dan, [
        post(11, dan, "How I grew from 0 to 40k followers in 12 months without going viral once.\n\nThe 7 habits that did it (1/9) 👇"),
        post(12, dan, "1. Post every day at the same time.\n\nConsistency beats brilliance. 365 decent posts > 12 great ones."),
        post(13, dan, "2. Write hooks first.\n\n- Lead with the result\n- Promise one specific thing\n- Cut every word that doesn't earn its place"),
        post(14, dan, "3. Reply before you post.\n\n30 minutes of thoughtful replies to bigger accounts brought 60% of my new followers."),
        post(15, dan, "4. Steal structures, not ideas.\n\nListicles, before/after, mistakes I made, tools I use. Rotate them."),
        post(16, dan, "Profile visits: 1.2k → 18k a month."),
        post(17, dan, "5. Keep a swipe file.\n\n6. Repurpose your best threads into carousels (like this one).\n\n7. Track one number only: followers per post."),
        post(18, dan, "8/9 The habit behind all seven: show up when nobody is watching. Month one I had 41 followers."),
        post(19, dan, "9/9 If this helped, repost the first post so someone else finds it. I write about growth every week: @danokafor"),
    ])

    ines = author("Inês Duarte", "inesduarte", "avatar-ines.png")
    paragraphs = [
        "I spent six years as a staff engineer at a company that grew from 40 to 2,000 people. Here is everything I wish someone had told me about technical leadership when I started, written down in one place.",
        "Your job is not to write the most code. It is to make the people around you more effective. That sounds like a platitude until you notice how many of your days are spent on work only you could do, and how few on work that makes others faster.",
        "Write things down. A design document that takes you two days saves ten people a week of confusion. The best engineers I worked with wrote short documents often, not long documents rarely. They treated writing as thinking out loud in public.",
        "Pick boring technology on purpose. Every new database, queue or framework is a tax paid by everyone who comes after you. Spend your novelty budget on the problems that make your product different, not on the plumbing.",
        "Say no with a reason and an alternative. \"No\" alone ends a conversation; \"not now, because the migration lands in March, but here is what we could do today\" starts a better one.",
        "Measure what users feel. Latency at the 99th percentile, time to first value, the number of support tickets per release. Averages hide the people who are having a bad day.",
        "Make the on-call rotation humane. If a page wakes someone up, the next morning someone fixes the cause. Alerts that nobody acts on are noise, and noise teaches people to ignore the one alert that matters.",
        "Review code to teach, not to gatekeep. Ask questions instead of issuing verdicts. Approve with small comments rather than blocking on taste. The goal is a codebase everyone can change without fear.",
        "Protect focus time, yours and your team's. Two hours without a meeting is worth more than a whole day cut into thirty-minute pieces. Cluster meetings and defend the empty afternoons.",
        "Be the person who finishes things. Half-done migrations are worse than no migration: now there are two ways of doing everything. Finish, delete the old path, then celebrate.",
        "Finally: your reputation is built in the small moments. Answering a question kindly at 5 pm on a Friday, admitting you were wrong in a public channel, giving credit loudly and taking blame quietly. People remember those far longer than any system you built.",
    ]
    thread("3-long-post", ines, [post(21, ines, "\n\n".join(paragraphs))])

    sam = author("Sam Rivera", "samrivera", "avatar-sam.png")
    thread("4-article", sam, [post(31, sam, "", article={
        "title": "The slide is the message: designing carousels people finish",
        "cover": "article-cover.jpg",
        "blocks": [
            {"kind": "paragraph", "text": "A carousel is read one swipe at a time. Each slide has about a second to earn the next swipe, so every slide has to carry exactly one idea."},
            {"kind": "heading", "level": 2, "text": "Start with the hook"},
            {"kind": "paragraph", "text": "The cover decides whether anyone swipes. State the result, promise one thing, and keep it under twelve words."},
            {"kind": "heading", "level": 2, "text": "One idea per slide"},
            {"kind": "list-item", "ordered": True, "text": "Write the idea as a sentence"},
            {"kind": "list-item", "ordered": True, "text": "Cut it until it fits in two lines"},
            {"kind": "list-item", "ordered": True, "text": "Add the proof: a number, a screenshot, a quote"},
            {"kind": "quote", "text": "If a slide needs a second idea, it needs a second slide."},
            {"kind": "heading", "level": 2, "text": "End with one ask"},
            {"kind": "paragraph", "text": "Follow, save or comment: pick one. Three asks on the last slide get none of them done."},
        ],
    })])

    leila_photos = author("Leila Haddad", "leilahaddad", "avatar-leila.png")
    thread("5-photos", leila_photos, [
        post(41, leila_photos, "Three days in the Dolomites with one camera and one lens. A thread of my favourite frames 📸", ["photo-lake.jpg"]),
        post(42, leila_photos, "Day one: the ridge above the lake, 6 am. Worth every minute of the climb.", ["photo-ridge.jpg"]),
        post(43, leila_photos, "", ["photo-portrait.jpg"]),
        post(44, leila_photos, "Fuel for the descent ☕", ["photo-coffee.jpg", "photo-lake.jpg"]),
        post(45, leila_photos, "And for the nerds: how the trip's posts did on Instagram.", ["screenshot-signups.jpg"]),
    ])

    leila = author("ليلى حداد", "leila_codes", "avatar-leila.png")
    thread("6-world", leila, [
        post(51, leila, "كيف بنينا فريقاً يعمل من ثلاث قارات دون أن نفقد التركيز؟ إليكم ما تعلمناه خلال عامين 🧵", lang="ar"),
        post(52, leila, "١. نكتب كل قرار في وثيقة قصيرة، ونرسلها قبل الاجتماع لا بعده.", lang="ar"),
        post(53, leila, "東京チームとの時差は7時間。だから、重なる2時間だけを会議に使い、残りは非同期で進めます。", lang="ja"),
        post(54, leila, "我们的规则很简单:每个问题都要写下来,每个答案都要能被搜索到。", lang="zh"),
        post(55, leila, "شكراً للقراءة! تابعوني @leila_codes لمزيد من القصص عن العمل عن بعد.", lang="ar"),
    ])


if __name__ == "__main__":
    main()
