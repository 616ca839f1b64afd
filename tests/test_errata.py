"""The errata page (docs/<lang>/errata.md): the same rows in both languages, and every
row links to a chapter section. (That each #anchor exists is checked on the built site:
tests/test_site.py and the strict build.) A row whose demonstration is on the page itself
(the mistakes that raise no error) links to a section of the page with a block whose
output the page shows, so the harness runs it and compares what it prints."""

from __future__ import annotations

import re

import pytest

from ptdocs import pages
from ptdocs.pages import DOCS

LINK = re.compile(r"\]\(([\w-]+\.md)#([\w-]+)\)")


def tables(lang: str) -> list[list[str]]:
    """Each table of the page, as its rows without the header and the --- line."""
    text = (DOCS / lang / "errata.md").read_text(encoding="utf-8")
    return [block.splitlines()[2:] for block in re.findall(r"(?:^\|.*\n?)+", text, re.M)]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_row_links_to_a_section_of_a_chapter(lang):
    for row in (row for table in tables(lang) for row in table):
        assert LINK.search(row), f"{lang}: a row links to no section: {row[:70]}"
        for page, anchor in LINK.findall(row):
            assert (DOCS / lang / page).is_file(), f"{lang}: no page {page}"


def test_both_languages_have_the_same_rows_in_the_same_order():
    zh, en = tables("zh"), tables("en")
    assert len(zh[0]) >= 30, f"the main table has only {len(zh[0])} rows"
    assert [len(t) for t in zh] == [len(t) for t in en]
    linked = [[[p for p, _ in LINK.findall(row)] for t in ts for row in t] for ts in (zh, en)]
    assert linked[0] == linked[1], "the rows are not in the same order: they link other chapters"


# The section of the page that lists mistakes that raise no error, with a
# demonstration of each on the page itself.
SILENT = "silent-mistakes"


def sections(lang: str) -> dict[str, tuple[int, int]]:
    """{id: (first line, last line)} of each ``{#id}`` heading of the page
    (1-based lines; a section ends before the next heading of its level or
    above, so it holds its subsections)."""
    lines = (DOCS / lang / "errata.md").read_text(encoding="utf-8").splitlines()
    headings = [(n, len(m[1]), m[2]) for n, line in enumerate(lines, 1)
                if (m := re.match(r"(#{1,6}) .*?(?:\{#([\w-]+)\})?\s*$", line))]
    return {anchor: (n, min([h - 1 for h, lv, _ in headings if h > n and lv <= level],
                            default=len(lines)))
            for n, level, anchor in headings if anchor}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_mistake_shown_on_this_page_has_a_demonstration_with_its_output(lang):
    found = sections(lang)
    assert SILENT in found, f"{lang}: no section {{#{SILENT}}}"
    start, end = found[SILENT]
    silent_rows = [row for table in tables(lang) for row in table
                   if any(anchor in found and start <= found[anchor][0] <= end
                          for page, anchor in LINK.findall(row) if page == "errata.md")]
    assert len(silent_rows) >= 6, f"{lang}: {len(silent_rows)} rows of mistakes that raise no error"
    shown = [b for b in pages.extract(DOCS / lang / "errata.md") if b.expected_output]
    for row in (row for table in tables(lang) for row in table):
        for page, anchor in LINK.findall(row):
            if page != "errata.md":
                continue
            assert anchor in found, f"{lang}: no section #{anchor} on the page: {row[:70]}"
            first, last = found[anchor]
            assert any(first < b.line <= last for b in shown), (
                f"{lang}: section #{anchor} has no block whose output the page shows")
