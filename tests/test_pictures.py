"""The pictures on the site are the pictures the snippet code makes.

``python -m tests.harness.pictures`` (``make pictures``) runs every snippet
that saves a picture under figures/ and copies the result to docs/images/.
Here it runs once more into a temporary folder: docs/images/ must hold exactly
those files, pixel for pixel, and every picture a page references must exist
and be a valid image.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from PIL import Image, ImageChops

from tests.conftest import measured
from tests.harness import notebooks, pages, pictures
from tests.harness.pages import DOCS, ROOT

IMAGES = DOCS / "images"
REFERENCE = re.compile(r"""(?:\]\(|src=["'])(?:\.\./)*(images/[^)"'\s#?]+)""")


def committed() -> set[str]:
    return {p.relative_to(IMAGES).as_posix() for p in IMAGES.rglob("*")
            if p.is_file() and p.suffix.lower() in pictures.PICTURE_SUFFIXES}


def prose(page: Path) -> str:
    """The page without its code: fenced blocks and `code spans` show paths
    as text, not pictures."""
    lines = page.read_text(encoding="utf-8").splitlines()
    fences = notebooks.fences_with_ends(lines)
    for start, end in reversed(fences):
        del lines[start:end + 1]
    return re.sub(r"(`+).+?\1", "", "\n".join(lines))


def references() -> dict[str, dict[str, set[str]]]:
    """{lang: {picture path under docs/: {page, ...}}} from every page's Markdown."""
    out: dict[str, dict[str, set[str]]] = {}
    for lang, lang_pages in pages.all_pages().items():
        refs = out.setdefault(lang, {})
        for page in lang_pages:
            for m in REFERENCE.finditer(prose(page)):
                refs.setdefault(m.group(1), set()).add(page.relative_to(ROOT).as_posix())
    return out


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("pictures")
    start = time.perf_counter()
    made = pictures.make_pictures(out, verbose=False)
    snippets = len(pictures.picture_snippets())
    measured(f"pictures: {len(made)} made by {snippets} snippets in "
             f"{time.perf_counter() - start:.1f} s")
    return out


def test_every_referenced_picture_exists_and_is_an_image():
    problems = []
    for lang, refs in references().items():
        for ref, where in sorted(refs.items()):
            file = DOCS / ref
            if not file.is_file():
                problems.append(f"{ref} (on {', '.join(sorted(where))}): no such file")
                continue
            try:
                with Image.open(file) as img:
                    img.verify()
            except Exception as exc:
                problems.append(f"{ref}: not a valid image ({exc})")
    assert not problems, "\n".join(problems)


def test_every_picture_is_on_a_page_in_both_languages():
    refs = references()
    shown = {lang: {r.removeprefix("images/") for r in r_} for lang, r_ in refs.items()}
    problems = [f"images/{p}: on no page (delete it, or show it)"
                for p in sorted(committed() - shown["zh"] - shown["en"])]
    for lang, other in (("zh", "en"), ("en", "zh")):
        for p in sorted(shown[lang] - shown[other]):
            where = ", ".join(sorted(refs[lang]["images/" + p]))
            problems.append(f"images/{p}: shown on {lang} pages only ({where})")
    assert not problems, "\n".join(problems)


def test_committed_pictures_are_what_the_snippets_make(regenerated):
    made = {p.relative_to(regenerated).as_posix() for p in regenerated.rglob("*")
            if p.is_file()}
    have = committed()
    problems = [f"images/{p}: made by the snippets but not committed" for p in
                sorted(made - have)]
    problems += [f"images/{p}: committed, but no snippet makes it" for p in
                 sorted(have - made)]
    for name in sorted(made & have):
        with Image.open(IMAGES / name) as a, Image.open(regenerated / name) as b:
            if a.size != b.size:
                problems.append(f"images/{name}: {a.size} committed, {b.size} made")
                continue
            diff = ImageChops.difference(a.convert("RGBA"), b.convert("RGBA"))
            box = diff.getbbox()
            if box:
                worst = max(high for _, high in diff.getextrema())
                problems.append(f"images/{name}: pixels differ in the box {box} "
                                f"(largest difference {worst} of 255)")
    assert not problems, ("docs/images/ is not what `make pictures` makes:\n"
                          + "\n".join(problems))
