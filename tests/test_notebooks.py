"""Each chapter's notebook (docs/notebooks/<lang>/<slug>.ipynb) is what
``make notebooks`` makes from the page, and it runs top to bottom in a Jupyter
kernel, the way a reader runs it: one namespace for the whole chapter, cwd
found by the setup cell, shell blocks as ``%%bash`` cells.

The English notebooks are executed, and they are how the English chapters
run: tests/harness/plugin.py runs the Chinese pages block by block and leaves
the English chapters to their notebooks (RUN_AS_NOTEBOOK). The Chinese
notebooks have the same code cells (checked here, comments aside), so running
them too would run each chapter once more and find nothing new.

One kernel (two without xdist) runs the notebooks one after another with a
reset in between: a fresh kernel per notebook (start-up and ``import torch``)
would cost more than the chapters. For the same reason ``python`` in a
``%%bash`` cell forks a warm interpreter (tests/harness/warm_python.py).
"""

from __future__ import annotations

import asyncio
import functools
import os
import shutil
import sys
import time
from pathlib import Path

import nbformat
import pytest

from tests.conftest import measured
from tests.harness import notebooks, offline, pages, plugin, runner
from tests.harness.pages import ROOT

RUN_LANG = plugin.RUN_AS_NOTEBOOK


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
WARNINGS = ("DeprecationWarning", "FutureWarning", "PendingDeprecationWarning")


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
        return [(code_without_comments(c.source), c.metadata.get("tags", []))
                for c in nb.cells if c.cell_type == "code"]

    assert code(zh) == code(en)


# --- running them ---------------------------------------------------------

# Between two notebooks in one kernel: an empty namespace, a fresh working
# directory, sys.path as the kernel started, no modules from snippets/, no
# figures, TensorBoard's event-file counter from 0.
RESET = """\
import builtins, importlib.util, os, sys
os.chdir({workdir!r})   # first: the previous notebook's folder is gone
builtins._ptdocs_path = getattr(builtins, "_ptdocs_path", list(sys.path))
sys.path[:] = builtins._ptdocs_path
# What the harness does between two snippets (tests/harness/runner.py), loaded
# by path: the kernel does not have the repository on sys.path.
spec = importlib.util.spec_from_file_location("_ptdocs_runner", {runner!r})
runner = importlib.util.module_from_spec(spec)
spec.loader.exec_module(runner)
runner.forget_snippet_state()
runner.as_in_a_fresh_process()
get_ipython().reset(new_session=False)
"""
# (The reset last: it also clears the names above. It is what `%reset -f`
# does, less the gc.collect() that `%reset` adds: 0.3 s with torch loaded.)


async def _run_in(km, nb: notebooks.Notebook):
    """Run one notebook in the kernel km after a reset: (node, error, seconds)."""
    from nbclient import NotebookClient

    # What `make notebooks` makes, which the committed file must equal (tested above).
    node = nbformat.reads(nb.text(), as_version=4)
    work = offline.make_workdir(f"nb-{nb.slug}")
    start = time.perf_counter()
    error = None
    try:
        # The reset runs as a first cell, taken out again afterwards.
        node.cells.insert(0, nbformat.v4.new_code_cell(RESET.format(workdir=str(work),
                                                             runner=runner.__file__)))
        try:
            await NotebookClient(node, km=km, timeout=CELL_TIMEOUT, allow_errors=False,
                                 record_timing=False).async_execute()
        finally:
            node.cells.pop(0)
    except Exception as exc:  # CellExecutionError, timeouts, a dead kernel
        error = exc
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return node, error, time.perf_counter() - start


@pytest.fixture(scope="session")
def executed(request, tmp_path_factory):
    """{slug: (node, error, seconds)}, filled a group at a time: the first
    test of a group runs all of that group's selected notebooks.

    Starting a kernel and importing torch costs more than most chapters'
    code, so PARALLEL kernels each run a share of the notebooks, one after
    another, with a reset in between (see RESET) instead of a fresh kernel.
    """
    from jupyter_client.manager import AsyncKernelManager

    offline.activate()          # the kernels inherit the offline environment
    env = dict(os.environ)
    # `python` in a %%bash cell is the interpreter running the tests.
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    env.pop("PTDOCS_ONE_LANGUAGE", None)
    # ... and forks the harness's warm interpreter (tests/harness/warm_python.py),
    # with the kernel's warning filters.
    env = plugin.warm_python().env_for(env)
    home = tmp_path_factory.mktemp("kernels")

    async def worker(queue, results):
        km = AsyncKernelManager(kernel_name="python3")
        await km.start_kernel(env=env, cwd=str(home))
        try:
            while not queue.empty():
                nb = queue.get_nowait()
                results[nb.slug] = await _run_in(km, nb)
                if results[nb.slug][1] is not None and not await km.is_alive():
                    await km.restart_kernel(now=True)
        finally:
            await km.shutdown_kernel(now=True)

    async def run_all(wanted):
        queue: asyncio.Queue = asyncio.Queue()
        # The longest first, so the kernels finish together.
        for nb in sorted(wanted, key=lambda nb: -len(nb.text())):
            queue.put_nowait(nb)
        results: dict = {}
        await asyncio.gather(*(worker(queue, results)
                               for _ in range(min(PARALLEL, len(wanted)))))
        return results

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
            each = sorted(results.items(), key=lambda kv: -kv[1][2])
            measured(f"notebooks, group {group}: {len(results)} run in {wall:.1f} s wall, "
                     f"{PARALLEL} kernel(s); "
                     + ", ".join(f"{s} {r[2]:.1f} s" for s, r in each))
            self.update(results)
            return results[slug]

    return Results()


def run_lang(slug: str) -> notebooks.Notebook:
    return generated()[notebooks.OUT / RUN_LANG / f"{slug}.ipynb"]


def outputs(cell, name: str) -> str:
    return "".join(o.get("text", "") for o in cell.get("outputs", [])
                   if o.output_type == "stream" and o.name == name)


def error_of(cell):
    return next((o for o in cell.get("outputs", []) if o.output_type == "error"), None)


@pytest.mark.timeout(900)       # the first of a group waits for the whole group
@pytest.mark.parametrize("slug", sorted(COMMITTED, key=lambda s: (GROUP_OF[s], s)),
                         ids=lambda s: f"group{GROUP_OF[s]}:{s}")
def test_notebook_runs(slug, executed):
    """Every cell runs; error cells raise what the page says; printed output
    matches the page; no deprecation warning."""
    node, error, seconds = executed[slug]
    nb = run_lang(slug)
    where = nb.path.relative_to(ROOT)
    assert error is None, f"{where} failed after {seconds:.1f} s:\n{error}"
    problems = []
    for group in nb.groups:
        cells = [node.cells[i] for i in group.cells]
        stdout = "".join(outputs(c, "stdout") for c in cells)
        stderr = "".join(outputs(c, "stderr") for c in cells)
        raised = next((e for e in map(error_of, cells) if e), None)
        label = f"cell {group.cells[0]} (page {group.block.name})"
        exc = notebooks.expected_exception(group.block)
        if exc is not None and issubclass(exc, Warning):
            # The tests turn warnings into errors; a notebook only prints them.
            if exc.__name__ not in stderr:
                problems.append(f"{label}: should warn {exc.__name__}; stderr: {stderr!r}")
            continue
        if exc is not None:
            if raised is None or raised.ename != exc.__name__:
                problems.append(f"{label}: should raise {exc.__name__}, got "
                                f"{raised.ename if raised else 'no error'}")
            elif group.block.expected_output is not None:
                stdout += f"{raised.ename}: {raised.evalue}\n"
                expected = group.block.expected_output
                # The page may name the exception with its module (torch.x.Error).
                if not expected.endswith(f"{raised.ename}: {raised.evalue}\n"):
                    problems.append(f"{label}: error differs from the page:\n"
                                    f"  page: {expected!r}\n  notebook: {stdout!r}")
            continue
        if group.block.expected_output is not None and stdout != group.block.expected_output:
            problems.append(f"{label}: printed output differs from the page:\n"
                            f"--- page\n{group.block.expected_output}--- notebook\n{stdout}")
        if any(w in stderr for w in WARNINGS):
            problems.append(f"{label}: warning on stderr:\n{stderr[-2000:]}")
    assert not problems, f"{where}:\n" + "\n".join(problems)
