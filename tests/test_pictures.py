"""The pictures on the site are the pictures the snippet code makes.

``python -m tests.harness.pictures`` (``make pictures``) runs every snippet
that saves a picture under figures/ and copies the result to docs/images/.
Here it runs once more into a temporary folder: docs/images/ must hold exactly
those files, pixel for pixel, and every picture a page references must exist
and be a valid image.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PIL import Image, ImageChops

from tests.harness import pages, pictures
from tests.harness.pages import DOCS, ROOT
from tests.harness.report import measured

IMAGES = DOCS / "images"
REFERENCE = re.compile(r"""(?:\]\(|src=["'])(?:\.\./)*(images/[^)"'\s#?]+)""")


def committed() -> set[str]:
    return {p.relative_to(IMAGES).as_posix() for p in IMAGES.rglob("*")
            if p.is_file() and p.suffix.lower() in pictures.PICTURE_SUFFIXES}


def prose(page: Path) -> str:
    """The page without its code: fenced blocks and `code spans` show paths
    as text, not pictures."""
    lines = page.read_text(encoding="utf-8").splitlines()
    for fence in reversed(pages.scan_fences(lines)):
        del lines[fence.start:fence.end + 1]
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


# Processes that share the topics (each imports torch once). Under xdist the
# other worker already uses the other core: then run here, in-process.
WORKERS = 1 if os.environ.get("PYTEST_XDIST_WORKER") else 2


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory) -> Path:
    """What `make pictures` makes, made again into a temporary folder: the
    same function, its topics shared between WORKERS processes."""
    out = tmp_path_factory.mktemp("pictures")
    topics = sorted({s.parent.relative_to(ROOT / "snippets").as_posix()
                     for s in pictures.picture_snippets()})
    code = ("import sys; from pathlib import Path; "
            "from tests.harness.pictures import make_pictures; "
            "[make_pictures(Path(sys.argv[1]), t, verbose=False) for t in sys.argv[2:]]")
    start = time.perf_counter()
    if WORKERS == 1:
        made = pictures.make_pictures(out, verbose=False)
        measured(f"pictures: {len(made)} made by {len(pictures.picture_snippets())} "
                 f"snippets in {time.perf_counter() - start:.1f} s")
        return out
    procs = [subprocess.Popen([sys.executable, "-c", code, str(out), *topics[i::WORKERS]],
                              cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              text=True)
             for i in range(WORKERS) if topics[i::WORKERS]]
    failures = []
    for proc in procs:
        output, _ = proc.communicate(timeout=600)
        if proc.returncode:
            failures.append(output[-3000:])
    assert not failures, "making the pictures failed:\n" + "\n".join(failures)
    made = [p for p in out.rglob("*") if p.is_file()]
    measured(f"pictures: {len(made)} made by {len(pictures.picture_snippets())} snippets "
             f"in {time.perf_counter() - start:.1f} s ({WORKERS} processes)")
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
