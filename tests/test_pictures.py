"""The pictures on the site are the pictures the snippet code makes.

``make pictures`` (``python -m ptdocs.notebooks --pictures``) runs every
chapter whose code saves a picture under figures/ and copies the result to
docs/images/. The chapters' runs compare each picture their code saves with
its copy, within ptdocs/pictures.py's tolerance (the ``pictures`` item of each
English chapter page, ptdocs/pytest_plugin.py). Here: every committed picture is saved by the code
of a chapter that runs, every picture a page references exists and is a
valid image, and both languages show the same pictures.
"""

from __future__ import annotations

import re
from pathlib import Path

from PIL import Image

from ptdocs import chapters, pages, pictures
from ptdocs.pages import DOCS, ROOT

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


def test_every_committed_picture_is_saved_by_a_chapter_that_runs():
    """Each picture in docs/images/ is saved (savefig("figures/<name>")) by a
    code cell of a chapter's notebook, so that chapter's run makes it again
    and compares it; and by exactly one snippet folder, its <topic>."""
    saved = {}
    for path, nb in chapters.all_notebooks().items():
        if nb.lang != "en":
            continue
        for cell in nb.node.cells:
            if cell.cell_type == "code":
                for name in pictures.DRAWN.findall(cell.source):
                    saved.setdefault(name, nb.slug)
    topics = pictures.picture_topics()
    problems = []
    for picture in sorted(committed()):
        topic, _, name = picture.rpartition("/")
        if name not in saved:
            problems.append(f"images/{picture}: no chapter's code saves figures/{name}")
        elif topics.get(name) != topic:
            problems.append(f"images/{picture}: figures/{name} is saved by snippets/"
                            f"{topics.get(name)}/, so its copy belongs in images/"
                            f"{topics.get(name)}/")
    assert not problems, "\n".join(problems)


def test_a_one_pixel_move_passes_and_a_new_mark_fails():
    """pictures.picture_differences, on a committed picture: the same picture
    moved by one pixel is the same (other kernels move an edge or a tick
    label by a pixel); the same picture with a letter drawn on it is not."""
    import io

    from PIL import ImageChops, ImageDraw

    name = "training_curves.png"
    with Image.open(DOCS / "images" / "training" / name) as im:
        picture = im.convert("RGB")

    def png(image) -> bytes:
        out = io.BytesIO()
        image.save(out, "PNG")
        return out.getvalue()

    assert pictures.picture_differences({name: png(picture)}) == []
    assert pictures.picture_differences({name: png(ImageChops.offset(picture, 1, 0))}) == []
    marked = picture.copy()
    ImageDraw.Draw(marked).text((100, 100), "x", fill="black")
    (problem,) = pictures.picture_differences({name: png(marked)})
    assert "beyond a one-pixel move" in problem
