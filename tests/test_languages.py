"""The Chinese and English sites have the same chapters and run the same code."""

from __future__ import annotations

import pytest

from ptdocs import markers, pages

PAGES = pages.all_pages()
NAMES = {lang: {p.relative_to(d).as_posix() for p in PAGES[lang]}
         for lang, d in pages.LANGUAGES.items()}


def test_every_page_exists_in_both_languages():
    assert NAMES["zh"] == NAMES["en"], (
        f"only in zh: {sorted(NAMES['zh'] - NAMES['en'])}; "
        f"only in en: {sorted(NAMES['en'] - NAMES['zh'])}")


@pytest.mark.parametrize("name", sorted(NAMES["zh"] & NAMES["en"]))
def test_both_languages_run_the_same_code(name):
    zh = pages.extract(pages.LANGUAGES["zh"] / name)
    en = pages.extract(pages.LANGUAGES["en"] / name)
    assert len(zh) == len(en), f"{name}: {len(zh)} blocks in zh, {len(en)} in en"
    for a, b in zip(zh, en):
        where = f"{name}: zh line {a.line} / en line {b.line}"
        assert a.lang == b.lang, where
        assert a.includes == b.includes, f"{where}: different snippets"
        assert (pages.without_comments(a.code, a.lang)
                == pages.without_comments(b.code, b.lang)), f"{where}: different code"
        assert a.expected_output == b.expected_output, f"{where}: different output shown"
        # Skip reasons are prose in the page's language; the markers must agree.
        assert ([markers.without_reason(m) for m in a.marks]
                == [markers.without_reason(m) for m in b.marks]), f"{where}: different markers"
