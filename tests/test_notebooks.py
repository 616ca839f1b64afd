"""Each chapter's notebook (docs/notebooks/<lang>/<slug>.ipynb) is what
``make notebooks`` makes from the page, and it runs top to bottom in a Jupyter
kernel, the way a reader runs it: one namespace for the whole chapter, cwd
found by the setup cell, shell blocks as ``%%bash`` cells.

The English notebooks are executed, and they are how the English chapters
run: tests/harness/plugin.py runs the Chinese pages block by block and leaves
the English chapters to their notebooks (RUN_AS_NOTEBOOK). The Chinese
notebooks have the same code cells (checked here, comments aside), so running
them too would run each chapter once more and find nothing new.

The outputs ``make notebooks`` stored in both languages' notebooks (shown on
the site's notebook pages) must be what this run prints, cell by cell
(tests/harness/execute.py: the same executor, the same rules; a cell whose
page marks its output as varying must only run cleanly).

One kernel (two without xdist) runs the notebooks one after another with a
reset in between: a fresh kernel per notebook (start-up and ``import torch``)
would cost more than the chapters. For the same reason ``python`` in a
``%%bash`` cell forks a warm interpreter (tests/harness/warm_python.py).
"""

from __future__ import annotations

import asyncio
import functools
import json
import os
import re
import time
from pathlib import Path

import nbformat
import pytest

from tests.harness import execute, notebooks, pages, verdict
from tests.harness.pages import ROOT
from tests.harness.report import measured

RUN_LANG = pages.RUN_AS_NOTEBOOK


@functools.cache
def generated() -> dict[Path, notebooks.Notebook]:
    """What `make notebooks` makes now (made once, when a test first needs it;
    collection only needs the committed files, which the first test compares)."""
    return notebooks.generate()


# The notebooks to run, by slug: the committed files (equal to what
# `make notebooks` makes: checked below).
COMMITTED = {p.stem: p for p in sorted((notebooks.OUT / RUN_LANG).glob("*.ipynb"))}
CELL_TIMEOUT = 120          # seconds; a chapter's slowest block takes a few
# Under xdist the notebooks are split into one group per worker (the plugin
# schedules each `groupN:` as a unit of its own), and each group runs in one
# kernel. Without xdist, one group runs in two kernels, one per core. Every
# kernel start costs an `import torch`, so never more kernels than cores.
WORKERS = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))
PARALLEL = 1 if WORKERS > 1 else 2


def kernel_groups(nbs: dict[str, Path], n: int) -> dict[str, int]:
    """{slug: group}: the longest notebooks first, each to the lightest group."""
    load, group = [0] * n, {}
    for size, slug in sorted(((-p.stat().st_size, s) for s, p in nbs.items())):
        group[slug] = load.index(min(load))
        load[group[slug]] -= size
    return group


GROUP_OF = kernel_groups(COMMITTED, WORKERS)


def test_committed_notebooks_are_what_the_pages_make():
    problems = notebooks.stale(generated())
    assert not problems, ("docs/notebooks/ is out of date; run `make notebooks` "
                          "(python -m tests.harness.notebooks):\n" + "\n".join(problems))


def test_every_chapter_has_a_notebook_in_both_languages():
    slugs = {lang: {nb.slug for nb in generated().values() if nb.lang == lang}
             for lang in ("zh", "en")}
    assert slugs["zh"] == slugs["en"]


def code_without_comments(source: str) -> str:
    """A cell's code without comments: %%bash cells as shell, the rest as
    Python once IPython's own syntax (``!cmd``) is turned into Python."""
    if source.startswith("%%bash"):
        return pages.without_comments(source, "bash")
    from IPython.core.inputtransformer2 import TransformerManager

    return pages.without_comments(TransformerManager().transform_cell(source))


@pytest.mark.parametrize("slug", sorted(COMMITTED))
def test_both_languages_have_the_same_code_cells(slug):
    zh = generated()[notebooks.OUT / "zh" / f"{slug}.ipynb"].node
    en = generated()[notebooks.OUT / "en" / f"{slug}.ipynb"].node

    def code(nb):
        return [(code_without_comments(c.source), c.metadata.get("tags", []),
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
    and the versions the outputs come from (shown on the notebook's page)."""
    problems = []
    for path in sorted((notebooks.OUT / lang).glob("*.ipynb")):
        node = nbformat.read(path, as_version=4)
        code = [c for c in node.cells if c.cell_type == "code"]
        counts = [c.execution_count for c in code]
        if counts != list(range(1, len(code) + 1)):
            problems.append(f"{path.name}: execution counts {counts}")
        if set(node.metadata.get("executed_with", {})) != {"torch", "torchvision"}:
            problems.append(f"{path.name}: no executed_with versions")
        for i, cell in enumerate(code, 1):
            if "execution" in cell.metadata:
                problems.append(f"{path.name} code cell {i}: timing metadata")
            found = MACHINE.search(json.dumps(cell.outputs, ensure_ascii=False))
            if found:
                problems.append(f"{path.name} code cell {i}: {found.group(0)!r} in its outputs")
    assert not problems, "\n".join(problems) + "\n(run `make notebooks`)"


# --- running them (tests/harness/execute.py, as `make notebooks` does) -------

@pytest.fixture(scope="session")
def executed(request, tmp_path_factory, warm_python):
    """{slug: execute.Result}, filled a group at a time: the first test of a
    group runs all of that group's selected notebooks, in PARALLEL kernels
    that each run a share, one after another (see execute.RESET)."""
    # The kernels start offline, with `python` in a %%bash cell the harness's
    # warm interpreter (tests/harness/warm_python.py).
    env = warm_python.env_for(execute.kernel_env())
    home = str(tmp_path_factory.mktemp("kernels"))

    async def run_all(wanted):
        return await execute.run_async({nb.slug: nb.node for nb in wanted}, env,
                                       PARALLEL, home)

    class Results(dict):
        def __missing__(self, slug):
            group = GROUP_OF[slug]
            # The selected notebooks of this group (pytest -k selects fewer).
            wanted = [run_lang(item.callspec.params["slug"]) for item in request.session.items
                      if getattr(item, "originalname", "") == "test_notebook_runs"
                      and GROUP_OF[item.callspec.params["slug"]] == group]
            start = time.perf_counter()
            results = asyncio.run(run_all(wanted))
            wall = time.perf_counter() - start
            each = sorted(results.items(), key=lambda kv: -kv[1].seconds)
            measured(f"notebooks, group {group}: {len(results)} run in {wall:.1f} s wall, "
                     f"{PARALLEL} kernel(s); "
                     + ", ".join(f"{s} {r.seconds:.1f} s" for s, r in each))
            self.update(results)
            return results[slug]

    return Results()


def run_lang(slug: str) -> notebooks.Notebook:
    return generated()[notebooks.OUT / RUN_LANG / f"{slug}.ipynb"]


@pytest.mark.timeout(900)       # the first of a group waits for the whole group
@pytest.mark.parametrize("slug", sorted(COMMITTED, key=lambda s: (GROUP_OF[s], s)),
                         ids=lambda s: f"group{GROUP_OF[s]}:{s}")
def test_notebook_runs(slug, executed):
    """Every cell runs; error cells raise what the page says; printed output
    matches the page; no deprecation warning."""
    node, error, seconds = (r := executed[slug]).node, r.error, r.seconds
    nb = run_lang(slug)
    where = nb.path.relative_to(ROOT)
    assert error is None, f"{where} failed after {seconds:.1f} s:\n{error}"
    problems = []
    for group in nb.groups:
        # The page blocks' rule (tests/harness/verdict.py), on the cells' outputs.
        problem = verdict.check(group.block, *verdict.from_cells(
            [node.cells[i] for i in group.cells]))
        if problem:
            problems.append(f"cell {group.cells[0]} (page {group.block.name}): {problem}")
    # The outputs stored in both languages' notebooks are this run's (the
    # Chinese cells differ in comments only; the Chinese notebooks are not run
    # here). Cells whose page marks their output as varying only ran cleanly.
    for lang in ("en", "zh"):
        stored = nbformat.read(notebooks.OUT / lang / f"{slug}.ipynb", as_version=4)
        problems += [f"{lang} notebook, {d}" for d in execute.differences(
            node, stored, varies=lambda cell: "output_varies" in cell.metadata)]
    assert not problems, (f"{where}:\n" + "\n".join(problems) + "\n(stored outputs "
                          "come from `make notebooks`)")
