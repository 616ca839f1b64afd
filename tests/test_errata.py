"""The errata page (docs/<lang>/errata.md): the same rows in both languages, and every
row links to a chapter section. (That each #anchor exists is checked on the built site:
tests/test_site.py and the strict build.)"""

from __future__ import annotations

import re

import pytest

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
