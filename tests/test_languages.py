"""The Chinese and English sites have the same chapters and run the same code."""

from __future__ import annotations

import pytest

from ptdocs import pages

PAGES = pages.all_pages()
NAMES = {lang: {p.relative_to(d).as_posix() for p in PAGES[lang]}
         for lang, d in pages.LANGUAGES.items()}


def test_every_page_exists_in_both_languages():
    assert NAMES["zh"] == NAMES["en"], (
        f"only in zh: {sorted(NAMES['zh'] - NAMES['en'])}; "
        f"only in en: {sorted(NAMES['en'] - NAMES['zh'])}")


@pytest.mark.parametrize("name", sorted(NAMES["zh"] & NAMES["en"]))
def test_both_languages_run_the_same_code(name):
    """Same blocks in the same order: code (comments aside), includes, the
    output shown and the markers (skip reasons are prose in the page's
    language). A failure names the first block that does not match, in each
    page, by file and line."""
    problems = pages.parity_problems(pages.LANGUAGES["zh"] / name, pages.LANGUAGES["en"] / name)
    assert not problems, "\n".join(problems)
