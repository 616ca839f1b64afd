"""Each chapter's notebook (docs/notebooks/<lang>/<slug>.ipynb) is what
``make notebooks`` makes from the page, in both languages, with the same code
cells (comments aside), and its stored outputs hold nothing of the machine
that stored them.

The notebooks' runs are not here: each chapter's English notebook runs once
per session, and that run judges both pages' blocks, both notebooks' stored
outputs and the pictures (ptdocs/chapters.py, items of ptdocs/pytest_plugin.py).
"""

from __future__ import annotations

import json
import re

import nbformat
import pytest

from ptdocs import chapters, notebooks
from ptdocs.pages import ROOT

COMMITTED = {p.stem: p for p in sorted((notebooks.OUT / "en").glob("*.ipynb"))}


def generated():
    return chapters.all_notebooks()


def test_committed_notebooks_are_what_the_pages_make():
    problems = notebooks.stale(generated())
    assert not problems, ("docs/notebooks/ is out of date; run `make notebooks` "
                          "(python -m ptdocs.notebooks):\n" + "\n".join(problems))


def test_every_chapter_has_a_notebook_in_both_languages():
    slugs = {lang: {nb.slug for nb in generated().values() if nb.lang == lang}
             for lang in ("zh", "en")}
    assert slugs["zh"] == slugs["en"]


@pytest.mark.parametrize("slug", sorted(COMMITTED))
def test_both_languages_have_the_same_code_cells(slug):
    zh = generated()[notebooks.OUT / "zh" / f"{slug}.ipynb"].node
    en = generated()[notebooks.OUT / "en" / f"{slug}.ipynb"].node

    def code(nb):
        return [(notebooks.code_of(c), c.metadata.get("tags", []),
                 "output_varies" in c.metadata)
                for c in nb.cells if c.cell_type == "code"]

    assert code(zh) == code(en)


# What no stored output may hold: this machine's paths (a temporary working
# directory, the repository, the virtual environment, a home folder).
MACHINE = re.compile(r"/tmp/|/var/folders/|/site-packages/|/home/|/root/|/Users/|"
                     + re.escape(str(ROOT)))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_stored_outputs_are_the_same_on_any_machine(lang):
    """Counts 1, 2, 3... per notebook, no timing metadata, no machine paths,
    the versions the outputs come from (shown on the notebook's page) and the
    fingerprint of the code and data they come from (notebooks.inputs)."""
    problems = []
    for path in sorted((notebooks.OUT / lang).glob("*.ipynb")):
        node = nbformat.read(path, as_version=4)
        code = [c for c in node.cells if c.cell_type == "code"]
        counts = [c.execution_count for c in code]
        if counts != list(range(1, len(code) + 1)):
            problems.append(f"{path.name}: execution counts {counts}")
        if set(node.metadata.get("executed_with", {})) != {"torch", "torchvision", "inputs"}:
            problems.append(f"{path.name}: no executed_with versions and inputs fingerprint")
        for i, cell in enumerate(code, 1):
            if "execution" in cell.metadata:
                problems.append(f"{path.name} code cell {i}: timing metadata")
            found = MACHINE.search(json.dumps(cell.outputs, ensure_ascii=False))
            if found:
                problems.append(f"{path.name} code cell {i}: {found.group(0)!r} in its outputs")
    assert not problems, "\n".join(problems) + "\n(run `make notebooks`)"
