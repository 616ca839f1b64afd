"""The glossary (docs/<lang>/glossary.md): one table, the same terms in both languages,
every term linked to the chapter that introduces it."""

from __future__ import annotations

import re

import pytest

from ptdocs.pages import DOCS

LINK = re.compile(r"\]\(([\w-]+\.md)(?:#[\w-]+)?\)")


def rows(lang: str) -> list[list[str]]:
    """The glossary table's body rows, each as its list of cells."""
    lines = (DOCS / lang / "glossary.md").read_text(encoding="utf-8").splitlines()
    table = [line for line in lines if line.startswith("| ")]
    assert table and set(table[1].replace("|", "").split()) == {"---"}, f"{lang}: no table"
    return [[cell.strip() for cell in line.strip().strip("|").split(" | ")] for line in table[2:]]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_table_has_enough_terms_each_linked_to_a_chapter(lang):
    table = rows(lang)
    assert len(table) >= 60, f"{lang}: only {len(table)} terms"
    for row in table:
        assert len(row) == 4, f"{lang}: not 4 columns: {row}"
        pages = LINK.findall(row[3])
        assert pages, f"{lang}: {row[0]} has no link to a chapter"
        for page in pages:
            assert page != "glossary.md" and (DOCS / lang / page).is_file(), (
                f"{lang}: {row[0]} links to {page}, which is not a chapter")


def test_both_languages_list_the_same_terms_in_the_same_order():
    zh, en = rows("zh"), rows("en")
    assert len(zh) == len(en), f"{len(zh)} terms in zh, {len(en)} in en"
    for number, (z, e) in enumerate(zip(zh, en), start=1):
        # zh: 中文术语 | English | …; en: English | 中文 | …
        assert (z[0], z[1]) == (e[1], e[0]), f"row {number}: zh {z[:2]} / en {e[:2]}"
        assert LINK.findall(z[3]) == LINK.findall(e[3]), f"row {number}: different chapters"
