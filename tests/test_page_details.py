"""Small things a reader notices.

- A highlighted line (``hl_lines="..."``) is a line of code: inside the block,
  never a blank one.
- An exercise's answer is not printed above it: a page with exercises shows
  each exercise's code only in its folded answer (``??? success``), not again
  earlier on the page.
- English words are spelt one way across the site (British, as the English
  pages write them): standardisation, normalisation, initialisation ...,
  in the prose of both languages (API names such as ``Normalize`` and
  ``optimizer`` are code, not prose).
"""

from __future__ import annotations

import re

import pytest

from ptdocs import pages

PAGES = [(lang, p) for lang, ps in pages.all_pages().items() for p in ps]
IDS = [f"{lang}/{p.stem}" for lang, p in PAGES]
HL = re.compile(r'hl_lines="([^"]*)"')
INCLUDE = re.compile(r'^\s*-+8<-+\s+"([^"]+)"')
AMERICAN = re.compile(r"\b(?:standardi|normali|initiali|visuali|regulari|generali|"
                      r"minimi|maximi|summari|customi|vectori)z(?:e|es|ed|ing|ation|ations)\b",
                      re.I)


def highlighted(spec: str) -> list[int]:
    out = []
    for part in spec.split():
        a, _, b = part.partition("-")
        out += list(range(int(a), int(b or a) + 1))
    return out


@pytest.mark.parametrize("lang,page", PAGES, ids=IDS)
def test_highlighted_lines_are_lines_of_code(lang, page):
    lines = page.read_text(encoding="utf-8").splitlines()
    expanded = pages.expand_includes(lines)
    wrong = []
    for fence in pages.scan_fences(expanded):
        m = HL.search(fence.info)
        if not m:
            continue
        code = expanded[fence.start + 1:fence.end]
        for n in highlighted(m[1]):
            if not 1 <= n <= len(code) or not code[n - 1].strip():
                wrong.append(f"line {n} of the block at {expanded[fence.start].strip()!r}: "
                             f"{'blank' if n <= len(code) else 'past its end'}")
    assert not wrong, f"{page.relative_to(pages.ROOT)}:\n" + "\n".join(wrong)


@pytest.mark.parametrize("lang,page", PAGES, ids=IDS)
def test_an_exercise_answer_is_not_shown_before_its_exercise(lang, page):
    text = page.read_text(encoding="utf-8")
    exercises = {"zh": "## 练习", "en": "## Exercises"}[lang]
    if exercises not in text:
        return
    before = text[:text.index(exercises)]
    shown_early = [m[1] for line in before.splitlines()
                   if (m := INCLUDE.match(line)) and "/exercise_" in m[1]]
    assert not shown_early, (f"{page.relative_to(pages.ROOT)}: an exercise's answer is on "
                             f"the page before the exercises: {shown_early}")


# torchvision's class, named in headings without backticks too.
API_NAMES = re.compile(r"\bNormalize\b")


def prose(text: str) -> str:
    """The page without its code (fences, `inline code`, API names) and
    without link targets (anchors are made from headings)."""
    lines = text.splitlines()
    for fence in reversed(pages.scan_fences(lines)):
        del lines[fence.start:fence.end + 1]
    text = re.sub(r"`[^`]*`", "", "\n".join(lines))
    return API_NAMES.sub("", re.sub(r"\]\([^)]*\)", "]", text))


@pytest.mark.parametrize("lang,page", PAGES, ids=IDS)
def test_english_words_are_spelt_the_same_way_everywhere(lang, page):
    found = AMERICAN.findall(prose(page.read_text(encoding="utf-8")))
    assert not found, f"{page.relative_to(pages.ROOT)}: write -ise/-isation: {found}"
