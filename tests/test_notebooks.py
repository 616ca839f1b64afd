"""Each chapter's notebook (docs/notebooks/<lang>/<slug>.ipynb) is what
``make notebooks`` makes from the page, and it runs top to bottom in a Jupyter
kernel, the way a reader runs it: one namespace for the whole chapter, cwd
found by the setup cell, shell blocks as ``%%bash`` cells.

Only the Chinese notebooks are executed: the English ones have the same code
cells (checked here, comments aside), and running each chapter a fourth time
would cost more than it finds. The notebooks run as one batch, a few kernels
at a time, so the kernels' start-up overlaps.
"""

from __future__ import annotations

import asyncio
import io
import os
import shutil
import sys
import time
import tokenize
from pathlib import Path

import nbformat
import pytest

from tests.conftest import measured
from tests.harness import notebooks, offline
from tests.harness.pages import ROOT

GENERATED = notebooks.generate()
RUN_LANG = "zh"
TO_RUN = {nb.slug: nb for nb in GENERATED.values() if nb.lang == RUN_LANG}
CELL_TIMEOUT = 120          # seconds; a chapter's slowest block takes a few
PARALLEL = max(2, min(4, os.cpu_count() or 2))
WARNINGS = ("DeprecationWarning", "FutureWarning", "PendingDeprecationWarning")


def test_committed_notebooks_are_what_the_pages_make():
    problems = notebooks.stale(GENERATED)
    assert not problems, ("docs/notebooks/ is out of date; run `make notebooks` "
                          "(python -m tests.harness.notebooks):\n" + "\n".join(problems))


def test_every_chapter_has_a_notebook_in_both_languages():
    slugs = {lang: {nb.slug for nb in GENERATED.values() if nb.lang == lang}
             for lang in ("zh", "en")}
    assert slugs["zh"] == slugs["en"]


def code_without_comments(source: str) -> str:
    if source.startswith("%%bash"):
        lines = [ln.split(" #")[0].rstrip() for ln in source.splitlines()
                 if not ln.lstrip().startswith("#")]
        return "\n".join(ln for ln in lines if ln.strip())
    from IPython.core.inputtransformer2 import TransformerManager

    python = TransformerManager().transform_cell(source)
    tokens = [t for t in tokenize.generate_tokens(io.StringIO(python).readline)
              if t.type != tokenize.COMMENT]
    code = tokenize.untokenize(tokens)
    return "\n".join(ln.rstrip() for ln in code.splitlines() if ln.strip())


@pytest.mark.parametrize("slug", sorted(TO_RUN))
def test_both_languages_have_the_same_code_cells(slug):
    zh = GENERATED[notebooks.OUT / "zh" / f"{slug}.ipynb"].node
    en = GENERATED[notebooks.OUT / "en" / f"{slug}.ipynb"].node

    def code(nb):
        return [(code_without_comments(c.source), c.metadata.get("tags", []))
                for c in nb.cells if c.cell_type == "code"]

    assert code(zh) == code(en)


# --- running them ---------------------------------------------------------

async def _run_one(nb: notebooks.Notebook, env: dict, slots: asyncio.Semaphore):
    from nbclient import NotebookClient

    node = nbformat.reads(nb.path.read_text(encoding="utf-8"), as_version=4)
    async with slots:
        work = offline.make_workdir(f"nb-{nb.slug}")
        start = time.perf_counter()
        client = NotebookClient(node, timeout=CELL_TIMEOUT, kernel_name="python3",
                                allow_errors=False, record_timing=False,
                                resources={"metadata": {"path": str(work)}})
        error = None
        try:
            await client.async_execute(env=env)
        except Exception as exc:  # CellExecutionError, timeouts, dead kernels
            error = exc
        finally:
            shutil.rmtree(work, ignore_errors=True)
        return node, error, time.perf_counter() - start


@pytest.fixture(scope="session")
def executed():
    """Run every notebook once, PARALLEL kernels at a time: {slug: (nb, error, s)}."""
    offline.activate()          # the kernels inherit the offline environment
    env = dict(os.environ)
    # `python` in a %%bash cell is the interpreter running the tests.
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    env.pop("PTDOCS_ONE_LANGUAGE", None)

    async def run_all():
        slots = asyncio.Semaphore(PARALLEL)
        jobs = [_run_one(nb, env, slots) for nb in TO_RUN.values()]
        return dict(zip(TO_RUN, await asyncio.gather(*jobs)))

    start = time.perf_counter()
    results = asyncio.run(run_all())
    wall = time.perf_counter() - start
    slowest = sorted(results.items(), key=lambda kv: -kv[1][2])[:3]
    measured(f"notebooks: {len(results)} run in {wall:.1f} s wall, {PARALLEL} kernels at a "
             f"time (slowest: " + ", ".join(f"{s} {r[2]:.1f} s" for s, r in slowest) + ")")
    return results


def outputs(cell, name: str) -> str:
    return "".join(o.get("text", "") for o in cell.get("outputs", [])
                   if o.output_type == "stream" and o.name == name)


def error_of(cell):
    return next((o for o in cell.get("outputs", []) if o.output_type == "error"), None)


@pytest.mark.parametrize("slug", sorted(TO_RUN))
def test_notebook_runs(slug, executed):
    """Every cell runs; error cells raise what the page says; printed output
    matches the page; no deprecation warning."""
    node, error, seconds = executed[slug]
    nb = TO_RUN[slug]
    where = nb.path.relative_to(ROOT)
    assert error is None, f"{where} failed after {seconds:.1f} s:\n{error}"
    problems = []
    for group in nb.groups:
        cells = [node.cells[i] for i in group.cells]
        stdout = "".join(outputs(c, "stdout") for c in cells)
        stderr = "".join(outputs(c, "stderr") for c in cells)
        raised = next((e for e in map(error_of, cells) if e), None)
        label = f"cell {group.cells[0]} (page {group.block.name})"
        xfail = next((m for m in group.block.marks if "xfail" in m), None)
        if xfail:
            want = xfail.split("raises=")[1].split(",")[0].split(")")[0].split(".")[-1]
            if raised is None or raised.ename != want:
                problems.append(f"{label}: should raise {want}, got "
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
