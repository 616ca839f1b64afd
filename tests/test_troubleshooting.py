"""The troubleshooting page quotes only messages that the site's own blocks print.

Each ```text fence of docs/<lang>/troubleshooting.md must appear in the expected
output of a block of another page. Those outputs are checked against real runs,
so a message that changes with a new torch fails there first, then here.
"""

from __future__ import annotations

import functools
import re

import pytest

from ptdocs import pages

NAME = "troubleshooting.md"
TEXT_FENCE = re.compile(r"^```text\n(.*?)^```$", re.M | re.S)
LINK = re.compile(r"\]\(([\w-]+\.md)#[\w-]+\)")


def entries(lang: str) -> list[str]:
    """The page's level-3 sections: each is one error message. (The last
    level-2 section, errors that only a GPU shows, quotes no message: the
    site's blocks run on a CPU and cannot print them.)"""
    source = (pages.LANGUAGES[lang] / NAME).read_text(encoding="utf-8")
    sections = re.split(r"^(?=#{2,3} )", source, flags=re.M)
    return [s[4:] for s in sections if s.startswith("### ")]


def quoted(lang: str) -> list[str]:
    return [m.strip() for e in entries(lang) for m in TEXT_FENCE.findall(e)]


@functools.cache
def shown_outputs(lang: str) -> tuple[str, ...]:
    return tuple(b.expected_output for page in pages.all_pages()[lang] if page.name != NAME
                 for b in pages.extract(page) if b.expected_output)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_quoted_message_is_printed_by_a_block(lang):
    missing = [q for q in quoted(lang) if not any(q in out for out in shown_outputs(lang))]
    assert not missing, f"{lang}: no block of the site prints: {missing}"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_entry_has_one_message_and_links_to_a_chapter(lang):
    found = entries(lang)
    assert len(found) >= 30, f"{lang}: only {len(found)} entries"
    for entry in found:
        title = entry.splitlines()[0]
        assert len(TEXT_FENCE.findall(entry)) == 1, f"{lang}: {title}: one ```text fence"
        links = LINK.findall(entry)
        assert links, f"{lang}: {title}: no link to a chapter section"
        for target in links:
            assert (pages.LANGUAGES[lang] / target).is_file(), f"{lang}: {title}: {target}"


def test_both_languages_quote_the_same_messages_in_the_same_order():
    assert quoted("zh") == quoted("en")
