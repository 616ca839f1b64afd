"""The site's pictures: which code draws each, and how close a fresh one
must be to its committed copy.

A chapter's code makes a picture by saving it under ``figures/`` in its
working directory, exactly as the page shows (``fig.savefig("figures/x.png")``).
Its copy on the site is ``docs/images/<topic>/<name>``, where ``<topic>`` is
the folder under snippets/ of the file that saves it. Each chapter's run in
the tests compares what it saved with those copies (picture_differences);
`make pictures` (``python -m ptdocs.notebooks --pictures``) runs the chapters
that draw and writes the copies.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from ptdocs import ROOT

DOCS = ROOT / "docs"
PICTURE_SUFFIXES = {".png", ".jpg", ".svg", ".gif", ".webp"}
# A figure a cell draws and saves for the site (savefig("figures/<name>")).
DRAWN = re.compile(r"""savefig\(\s*["']figures/([^"'/]+)["']""")


def picture_snippets() -> list[Path]:
    """The snippet files that save a picture under figures/."""
    return sorted(p for p in (ROOT / "snippets").rglob("*.py")
                  if '"figures/' in p.read_text(encoding="utf-8")
                  or "'figures/" in p.read_text(encoding="utf-8"))


@functools.cache
def picture_topics() -> dict[str, str]:
    """{picture name: topic folder}: which snippet folder's code saves it
    (``savefig("figures/<name>")``); docs/images/<topic>/<name> is its copy."""
    out = {}
    for snippet in picture_snippets():
        for name in DRAWN.findall(snippet.read_text(encoding="utf-8")):
            out[name] = snippet.parent.name
    return out


PIXEL_TOLERANCE = 16         # of 255, per channel: see picture_differences


def unmatched(a, b):
    """The pixels of ``a`` (RGBA) that no pixel of ``b`` at most one pixel
    away matches within PIXEL_TOLERANCE, per channel: 255 where unmatched."""
    from PIL import ImageChops

    best = None
    for dx in (-1, 0, 1):
        for dy in (-1, 0, 1):
            diff = ImageChops.difference(a, ImageChops.offset(b, dx, dy))
            best = diff if best is None else ImageChops.darker(best, diff)
    return best.point(lambda v: 255 if v > PIXEL_TOLERANCE else 0)


def picture_differences(figures: dict[str, bytes]) -> list[str]:
    """Each picture a run saved, against its copy in docs/images/: the same
    size, and every pixel of each matched, both ways, by a pixel of the other
    at most one pixel away, every channel within PIXEL_TOLERANCE.

    Why not pixel for pixel: the same numbers computed by other CPU kernels
    differ in their last bits. A curve drawn from them moves its anti-aliased
    edge by a shade (1 to 4 of 255, measured between AVX-512, AVX2 and
    default kernels), and axes scaled to trained numbers can put a tick
    label one pixel lower (measured: complete-training's curves under
    ATEN_CPU_CAPABILITY=default, differences up to 228 of 255 in 96 pixels,
    all of them one-pixel moves; its axis is now fixed, and its line's edge
    still differs by up to 9 of 255 after the best one-pixel match). Another
    label, another curve, a missing line or point is more than a one-pixel
    move (a letter drawn on a picture: 255), and fails."""
    import io

    from PIL import Image

    problems = []
    for name, data in sorted(figures.items()):
        topic = picture_topics().get(name)
        committed = DOCS / "images" / (topic or "?") / name
        rel = committed.relative_to(ROOT)
        if topic is None or not committed.is_file():
            problems.append(f"{rel}: made by the chapter but not committed "
                            "(run `make pictures`)")
            continue
        with Image.open(committed) as a, Image.open(io.BytesIO(data)) as b:
            if a.size != b.size:
                problems.append(f"{rel}: {a.size} committed, {b.size} made")
                continue
            a, b = a.convert("RGBA"), b.convert("RGBA")
            box = (unmatched(a, b).getbbox(alpha_only=False)      # (the default: alpha
                   or unmatched(b, a).getbbox(alpha_only=False))  # only)
            if box:
                problems.append(f"{rel}: pixels differ in the box {box}, beyond a one-pixel "
                                "move (run `make pictures`)")
    return problems
