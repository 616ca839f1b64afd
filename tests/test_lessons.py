"""What the training and prediction chapters show a learner.

Output that a chapter shows as "one run" is what its notebook printed. Some
outputs cannot be compared exactly on the page: training starts from random
weights, and the last digits of a trained network's probabilities depend on the
machine's floating-point rounding. The page then shows one run's output in a
plain text fence, and the block itself runs unchecked (its notebook cell is
marked as varying). Here that text must match what the chapter's notebook
printed when it was run: the same words, and numbers within a tolerance, so the
page never shows output that the code does not produce.

The training chapter's lesson, up to the point where the learner has trained,
evaluated and saved (the end of its "run" section), stays short; how train.py
is built sits in a folded part.
"""

from __future__ import annotations

import json
import re

import pytest

from ptdocs.pages import LANGUAGES, ROOT

# chapter: (words in the source of the notebook cell that prints the output,
#           how the first line of the page's text fence starts)
SHOWN = {
    "complete-training": ("snippets/training/train_simple.py", "epoch 1: train loss "),
    "predict-one-image": ("--checkpoint checkpoints/epoch_002.pt", "test_images/0_bird.png: "),
}
# a text fence, and whether the block's check compares it (then it is not "one run")
FENCE = re.compile(r"(<!--pytest-codeblocks:expected-output-->\n)?^```text\n(.*?)^```$",
                   re.M | re.S)
NUMBER = re.compile(r"\d+(?:\.\d+)?")


def shown(lang: str, chapter: str, start: str) -> str:
    page = (LANGUAGES[lang] / f"{chapter}.md").read_text(encoding="utf-8")
    found = [text for checked, text in FENCE.findall(page)
             if text.startswith(start) and not checked]
    assert len(found) == 1, f"{lang}/{chapter}.md: one unchecked text fence starting {start!r}"
    return found[0]


def printed(lang: str, chapter: str, words: str) -> str:
    notebook = ROOT / "docs" / "notebooks" / lang / f"{chapter}.ipynb"
    cells = [c for c in json.loads(notebook.read_text(encoding="utf-8"))["cells"]
             if c["cell_type"] == "code" and words in "".join(c["source"])]
    assert len(cells) == 1, f"{notebook.name}: one code cell with {words!r}"
    return "".join("".join(o.get("text", "")) for o in cells[0]["outputs"]
                   if o.get("name") == "stdout")


def close(a: str, b: str) -> bool:
    """The same text, but that each number may differ by 10 % (at least 0.1)."""
    numbers_a, numbers_b = NUMBER.findall(a), NUMBER.findall(b)
    return (NUMBER.sub("#", a) == NUMBER.sub("#", b)
            and len(numbers_a) == len(numbers_b)
            and all(abs(float(x) - float(y)) <= max(0.1, 0.1 * abs(float(y)))
                    for x, y in zip(numbers_a, numbers_b)))


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
@pytest.mark.parametrize("chapter", SHOWN)
def test_the_page_shows_what_a_run_printed(chapter, lang):
    words, start = SHOWN[chapter]
    page, notebook = shown(lang, chapter, start), printed(lang, chapter, words)
    assert notebook, f"its notebook cell printed nothing: regenerate {chapter}.ipynb"
    assert close(page, notebook), f"the page shows:\n{page}\nthe notebook printed:\n{notebook}"


LESSON_LINES = 250


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
def test_the_training_lesson_is_short_and_the_engineering_folded(lang):
    lines = (LANGUAGES[lang] / "complete-training.md").read_text(encoding="utf-8").splitlines()
    run = next(i for i, line in enumerate(lines)
               if line.startswith("## ") and re.search(r"\{ ?#run ?\}", line))
    end = next(i for i in range(run + 1, len(lines)) if lines[i].startswith("## "))
    assert end <= LESSON_LINES, f"{lang}: the lesson takes {end} lines"
    fold = next(i for i, line in enumerate(lines) if line.startswith('??? note "'))
    walk = [i for i, line in enumerate(lines) if '--8<-- "snippets/training/train.py:' in line]
    assert len(walk) > 15 and all(i > fold and lines[i].startswith("    ") for i in walk)
