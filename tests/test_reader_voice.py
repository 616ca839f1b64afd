"""Chapter pages speak to the learner, not about the test suite.

The pages about the site itself (index, contributing, verification) may talk
about CI and pytest; no other page may. The pytest markers are invisible on the
site, except a skip's reason, which the site shows above its block, so reasons
are checked too.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ptdocs import markers

DOCS = Path(__file__).resolve().parent.parent / "docs"
ABOUT_THE_SITE = {"index.md", "contributing.md", "verification.md"}
PAGES = sorted(p for lang in ("zh", "en") for p in (DOCS / lang).glob("*.md")
               if p.name not in ABOUT_THE_SITE)

TEST_TALK = re.compile(r"\bCI\b|pytest|tests/|harness|ruff")


def reader_text(page: Path) -> str:
    """The page without its markers, but with each skip's reason kept."""
    def keep_reason(m: re.Match) -> str:
        return (markers.reason(m.group(0)) or "") if markers.SKIP.match(m.group(0)) else ""
    return markers.MARKER.sub(keep_reason, page.read_text(encoding="utf-8"))


@pytest.mark.parametrize("page", PAGES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_page_does_not_talk_about_the_tests(page):
    lines = reader_text(page).splitlines()
    found = [f"{page.parent.name}/{page.name}:{n}: {line.strip()}"
             for n, line in enumerate(lines, 1) if TEST_TALK.search(line)]
    assert not found, "test-suite talk a reader would see:\n" + "\n".join(found)
