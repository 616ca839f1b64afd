"""The errata page (docs/<lang>/errata.md): the same rows in both languages, and every
row links to a chapter section that exists."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from markdown.extensions.toc import slugify

DOCS = Path(__file__).resolve().parents[1] / "docs"
LINK = re.compile(r"\]\(([\w-]+\.md)#([\w-]+)\)")
FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,}).*?^[ \t]*\1[ \t]*$", re.M | re.S)
HEADING = re.compile(r"^#{1,6}[ \t]+(.+?)[ \t]*$", re.M)
OWN_ID = re.compile(r"\s*\{[^}]*#([\w-]+)[^}]*\}$")          # ## Title {#id}
MARKUP = re.compile(r"`+|\*\*|\[([^\]]*)\]\([^)]*\)")        # code ticks, bold, links


def tables(lang: str) -> list[list[str]]:
    """Each table of the page, as its rows without the header and the --- line."""
    text = (DOCS / lang / "errata.md").read_text(encoding="utf-8")
    return [block.splitlines()[2:] for block in re.findall(r"(?:^\|.*\n?)+", text, re.M)]


def heading_ids(page: Path) -> set[str]:
    """The ids MkDocs gives a page's headings: {#id} as written, else toc's slugify
    (Chinese is dropped), with _1, _2... for repeats and empty slugs."""
    headings = HEADING.findall(FENCE.sub("", page.read_text(encoding="utf-8")))
    ids = {m[1] for h in headings if (m := OWN_ID.search(h))}
    for heading in (h for h in headings if not OWN_ID.search(h)):
        slug = slugify(MARKUP.sub(lambda m: m[1] or "", heading), "-")
        unique, n = slug, 0
        while unique in ids or not unique:
            n += 1
            unique = f"{slug}_{n}"
        ids.add(unique)
    return ids


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_row_links_to_a_section_that_exists(lang):
    for row in (row for table in tables(lang) for row in table):
        assert LINK.search(row), f"{lang}: a row links to no section: {row[:70]}"
        for page, anchor in LINK.findall(row):
            assert (DOCS / lang / page).is_file(), f"{lang}: no page {page}"
            assert anchor in heading_ids(DOCS / lang / page), f"{lang}: no {page}#{anchor}"


def test_both_languages_have_the_same_rows_in_the_same_order():
    zh, en = tables("zh"), tables("en")
    assert len(zh[0]) >= 30, f"the main table has only {len(zh[0])} rows"
    assert [len(t) for t in zh] == [len(t) for t in en]
    linked = [[[p for p, _ in LINK.findall(row)] for t in ts for row in t] for ts in (zh, en)]
    assert linked[0] == linked[1], "the rows are not in the same order: they link other chapters"
