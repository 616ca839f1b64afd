"""A block copied from a page runs, or says what it continues.

Two kinds of Python block on a page:

- A block that shows a section of a snippet file (``--8<-- "x.py:name"``):
  when the section is not the file's first, it continues code above it in
  the file. Its title then reads "snippets/x.py（接上）" / "... (continued)"
  (ptdocs/site/snippet_titles.py), and every snippet title links to the
  whole file in the repository (scrolled to the part shown). What it
  continues is the file's earlier sections: a block and what it continues
  are a prefix of the file, and every snippet file runs whole, as a script,
  in an empty working folder (tests/test_snippets.py, or the test named there),
  so each prefix runs there too; a file's first section is such a prefix
  alone. Checked here: the built pages say so, for exactly these blocks.
- A block written on the page itself: run here alone, as a reader would copy
  it, in an empty folder (with the stand-in ./dataset and snippets/ that the
  pages read). One that needs something an earlier block made (a file it
  saved) must start with a comment that says so, "# 接上：..." /
  "# continued: ...", and then alone it must fail: the suite runs it after
  what it continues, in page order.
"""

from __future__ import annotations

import html
import os
import re
import shutil

import pytest

from ptdocs import markers, offline, pages, runner, verdict

CONTINUED = {"zh": "（接上）", "en": " (continued)"}
COMMENT = {"zh": re.compile(r"^# 接上："), "en": re.compile(r"^# continued: ")}
REPO = pages.read_config(pages.ROOT / "mkdocs.yml")["repo_url"].rstrip("/")
PREFIX = {"zh": "", "en": "en/"}
TITLE = re.compile(r'<span class="filename">(.*?)</span>', re.S)
LINKED = re.compile(r'^<a href="([^"]*)"[^>]*>([^<]*)</a>(.*)$', re.S)
START = re.compile(r"--8<-- \[start:(\w+)\]")

PAGES = [(lang, p) for lang, ps in pages.all_pages().items() for p in ps]


def first_section(path: str) -> str | None:
    text = (pages.ROOT / path).read_text(encoding="utf-8")
    m = START.search(text)
    return m[1] if m else None


def expected_titles(page) -> list[tuple[str, str, bool]]:
    """(title, the file's repository URL, continues?) for each block titled
    with the snippet file it includes, in page order."""
    out = []
    for block in pages.extract(page):
        if not block.includes or block.title != block.includes[0].split(":")[0]:
            continue
        path, _, section = block.includes[0].partition(":")
        out.append((path, f"{REPO}/blob/main/{path}",
                    bool(section) and section != first_section(path)))
    return out


def built_titles(site, lang, page) -> list[tuple[str, str, bool]]:
    slug = page.stem
    file = site / PREFIX[lang] / ("" if slug == "index" else slug) / "index.html"
    out = []
    for inner in TITLE.findall(file.read_text(encoding="utf-8")):
        m = LINKED.match(inner)
        if m is None:
            out.append((html.unescape(inner), "", False))
            continue
        href, text, after = m.groups()
        cue = html.unescape(after)
        assert cue in ("", CONTINUED[lang]), f"{file}: title {text!r} followed by {cue!r}"
        out.append((html.unescape(text), href.split("#")[0], cue == CONTINUED[lang]))
    return [t for t in out if t[0].startswith("snippets/")]


@pytest.mark.parametrize("lang,page", PAGES, ids=[f"{lang}/{p.stem}" for lang, p in PAGES])
def test_a_continuing_block_says_so_and_links_the_whole_file(built_site, lang, page):
    assert built_titles(built_site, lang, page) == expected_titles(page)


def test_the_issues_pages_mark_what_failed_alone():
    """dataset-dataloader showed 9 of its 18 Python blocks failing alone with
    NameError, transforms 2 of 12: those continue a file and are marked."""
    for slug, at_least in (("dataset-dataloader", 9), ("transforms", 2)):
        marked = [t for t in expected_titles(pages.LANGUAGES["zh"] / f"{slug}.md") if t[2]]
        assert len(marked) >= at_least, (slug, marked)


def inline_blocks(page):
    """The page's own Python blocks (no include) that the suite runs."""
    return [b for b in pages.extract(page)
            if b.lang == "python" and not b.includes and markers.skipped(b.marks) is None]


def says_it_continues(block, lang: str) -> bool:
    return bool(COMMENT[lang].match(block.code.lstrip()))


def test_both_languages_mark_the_same_page_blocks():
    for page in pages.all_pages()["zh"]:
        en = pages.LANGUAGES["en"] / page.name
        zh_marks = [says_it_continues(b, "zh") for b in inline_blocks(page)]
        en_marks = [says_it_continues(b, "en") for b in inline_blocks(en)]
        assert zh_marks == en_marks, page.stem


ZH_PAGES = [p for p in pages.all_pages()["zh"] if inline_blocks(p)]


@pytest.mark.parametrize("page", ZH_PAGES, ids=[p.stem for p in ZH_PAGES])
def test_a_page_block_runs_alone_unless_it_says_it_continues(page):
    wrong = []
    for block in inline_blocks(page):
        work = offline.make_workdir("alone")
        old = os.getcwd()
        os.chdir(work)          # (a writer thread resolves its paths later)
        try:
            runner.as_in_a_fresh_process()
            output, error = runner.run_python(block, work, {})
            problem = verdict.check(block, output, error)
        finally:
            os.chdir(old)
            shutil.rmtree(work, ignore_errors=True)
        if says_it_continues(block, "zh") and problem is None:
            wrong.append(f"{block.name} says it continues, yet runs alone")
        elif not says_it_continues(block, "zh") and problem is not None:
            wrong.append(f"{block.name} fails alone in an empty folder: {problem[:300]}\n"
                         "  (start it with '# 接上：...' / '# continued: ...' "
                         "saying what it needs)")
    assert not wrong, f"{page.relative_to(pages.ROOT)}:\n" + "\n".join(wrong)
