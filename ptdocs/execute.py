"""Run notebooks in Jupyter kernels (nbclient), offline, on the stand-in data.

One executor for both users: ``make notebooks`` (ptdocs/notebooks.py)
runs every chapter's notebook and stores the outputs in the committed file;
tests/test_notebooks.py runs the English ones again and compares.

A kernel costs a start-up and an ``import torch``, more than most chapters'
code, so a few kernels (one per core) each run a share of the notebooks, one
after another, with a reset in between (RESET) instead of a fresh kernel.

What makes the stored outputs the same on every run and machine, as far as
their text can be (numbers are compared by verdict.same_text, within a
tolerance: other CPUs' kernels round differently):

- the same start for every notebook: RESET below (empty namespace, fresh
  working directory, the random generators seeded, TensorBoard's counter
  from 0), one thread (kernel_env), and no timing metadata (nbclient's
  record_timing off);
- tracebacks as their last line only (IPython's ``%xmode Minimal``): a full
  one names files in the virtual environment and the kernel's cell numbers;
- ``normalise``: execution counts 1, 2, 3... per notebook, and the paths of
  this machine (the working directory, the repository, site-packages) in
  printed text replaced by what a reader would see;
- figures inline (matplotlib's inline backend, not the Agg the page blocks use).

Outputs that still differ from run to run or machine to machine (timings,
speeds, what the machine has: CPU capability, CUDA, MPS) belong to blocks
their page marks as varying (markers.varies), with the reason the notebook
shows above the cell; the comparison skips their text. A progress bar's
clock ("[00:11<00:00, 175img/s]") is compared as "[…]".
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import sys
import sysconfig
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from ptdocs import offline, verdict
from ptdocs.pages import ROOT

CELL_TIMEOUT = 120          # seconds; a chapter's slowest block takes a few
SEED = 0
FIGURE_DPI = 80

# Between two notebooks in one kernel: an empty namespace, a fresh working
# directory, sys.path as the kernel started, no modules from snippets/, no
# figures, TensorBoard's event-file counter from 0, seeded generators.
RESET = """\
import builtins, os, sys
os.chdir({workdir!r})   # first: the previous notebook's folder is gone
builtins._ptdocs_path = getattr(builtins, "_ptdocs_path", list(sys.path))
sys.path[:] = builtins._ptdocs_path
# What the engine does between two snippets (ptdocs/runner.py).
from ptdocs import runner
runner.forget_snippet_state()
runner.as_in_a_fresh_process()
import random, numpy, torch
random.seed({seed}); numpy.random.seed({seed}); torch.manual_seed({seed})
get_ipython().run_line_magic("xmode", "Minimal")
# matplotlib's settings as a fresh kernel has them, but figures (shown inline
# at their own dpi) at the dpi of the site's pictures. (Not through %config
# InlineBackend: that warns, once per kernel, of a traitlets deprecation.)
import matplotlib
matplotlib.rcdefaults()
matplotlib.rcParams["figure.dpi"] = {dpi}
{show_deprecations}get_ipython().reset(new_session=False)
"""
# (show_deprecations: what fails a page block is printed, see verdict.py.
# The reset last: it also clears the names above. It is what `%reset -f`
# does, less the gc.collect() that `%reset` adds: 0.3 s with torch loaded.)


@dataclass
class Result:
    node: nbformat.NotebookNode     # the notebook with its outputs
    error: Exception | None         # a cell's unexpected error, a timeout, a dead kernel
    seconds: float
    figures: dict[str, bytes] = field(default_factory=dict)   # what it saved in figures/
    stopped: bool = False           # the run ended before its last cell (timeout, dead kernel)


class CellFailed(Exception):
    """A cell's reply was an error: "Run all" in Jupyter or Colab would stop
    there (a cell that demonstrates an error runs under %%expect_error, whose
    reply is not an error). The run went on: each later cell is judged by its
    own outputs."""


def failure(node: nbformat.NotebookNode, index: int) -> CellFailed:
    """The failure of cell ``index`` (of ``node.cells``), by code cell number."""
    code = [i for i, c in enumerate(node.cells) if c.cell_type == "code"]
    error = next((o for o in node.cells[index].get("outputs", [])
                  if o.get("output_type") == "error"), {})
    failed = CellFailed(f"code cell {code.index(index) + 1}: {error.get('ename', 'error')}: "
                        f"{error.get('evalue', '')}".rstrip(": "))
    failed.index = index
    return failed


def kernel_env(python_bin: str | None = None) -> dict[str, str]:
    """The environment kernels start in: offline (this process too), `python`
    in a %%bash cell the interpreter running this, figures inline."""
    offline.activate()
    env = dict(os.environ)
    env["PATH"] = (python_bin or str(Path(sys.executable).parent)) + os.pathsep + env["PATH"]
    env.pop("MPLBACKEND", None)     # ipykernel's inline backend: figures in the notebook
    # One thread per kernel (and per `python` it starts): a sum over a batch
    # comes out the same in every digit only when it is split the same way, and
    # `make notebooks` and the tests run on machines with different core counts.
    env["OMP_NUM_THREADS"] = env["MKL_NUM_THREADS"] = "1"
    return env


async def _run_in(km, key: str, node: nbformat.NotebookNode) -> Result:
    from nbclient import NotebookClient

    original, node = node, nbformat.from_dict(node)   # a copy: the caller's stays as it was
    work = offline.make_workdir(f"nb-{Path(key).stem}")
    start = time.perf_counter()
    error, stopped = None, False
    try:
        # The reset runs as a first cell, taken out again afterwards.
        node.cells.insert(0, nbformat.v4.new_code_cell(RESET.format(
            workdir=str(work), seed=SEED, dpi=FIGURE_DPI,
            show_deprecations=verdict.SHOW_DEPRECATIONS)))
        try:
            # Every cell runs, after an error too: each block is judged by its
            # own outputs, and every broken block of a page is reported at once.
            # The cells whose reply is an error are where "Run all" would stop.
            failed: list[int] = []
            await NotebookClient(node, km=km, timeout=CELL_TIMEOUT, allow_errors=True,
                                 record_timing=False,
                                 on_cell_error=lambda cell, cell_index, execute_reply:
                                 failed.append(cell_index - 1)).async_execute()
        finally:
            node.cells.pop(0)
        error = failure(node, failed[0]) if failed else None
    except Exception as exc:  # timeouts, a dead kernel
        error, stopped = exc, True
    finally:
        # The kernel's language_info names this machine's Python version: keep
        # the notebook's own metadata.
        node.metadata = nbformat.from_dict(original.metadata)
        normalise(node, work)
        # The pictures the chapter's code saved for the site (figures/<name>).
        figures = {p.name: p.read_bytes() for p in sorted((work / "figures").glob("*"))
                   if p.is_file()}
        shutil.rmtree(work, ignore_errors=True)
    return Result(node, error, time.perf_counter() - start, figures, stopped)


async def run_async(notebooks: dict[str, nbformat.NotebookNode], env: dict[str, str],
                    parallel: int, cwd: str) -> dict[str, Result]:
    """Run each notebook ({key: node}) in one of ``parallel`` kernels."""
    from jupyter_client.manager import AsyncKernelManager

    queue: asyncio.Queue = asyncio.Queue()
    # The longest first, so the kernels finish together.
    for key in sorted(notebooks, key=lambda k: -len(nbformat.writes(notebooks[k]))):
        queue.put_nowait(key)
    results: dict[str, Result] = {}

    async def worker():
        km = AsyncKernelManager(kernel_name="python3")
        await km.start_kernel(env=env, cwd=cwd)
        try:
            while not queue.empty():
                key = queue.get_nowait()
                results[key] = await _run_in(km, key, notebooks[key])
                if results[key].error is not None and not await km.is_alive():
                    await km.restart_kernel(now=True)
        finally:
            await km.shutdown_kernel(now=True)

    await asyncio.gather(*(worker() for _ in range(min(parallel, len(notebooks)))))
    return results


def run(notebooks: dict[str, nbformat.NotebookNode], env: dict[str, str] | None = None,
        parallel: int | None = None, cwd: str | None = None) -> dict[str, Result]:
    """run_async, from synchronous code. parallel: one kernel per core."""
    import tempfile

    env = kernel_env() if env is None else env
    cores = (len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
             else os.cpu_count() or 1)
    parallel = parallel or max(1, min(cores, 4))   # each kernel holds torch: ~1 GB
    home = cwd or tempfile.mkdtemp(prefix="ptdocs-kernels-")
    try:
        return asyncio.run(run_async(notebooks, env, parallel, home))
    finally:
        if cwd is None:
            shutil.rmtree(home, ignore_errors=True)


# --- the same text on every run --------------------------------------------

def machine_paths(workdir: Path) -> list[tuple[str, str]]:
    """(this machine's path, what to print instead), longest first."""
    paths = {str(workdir) + "/": "", str(workdir): ".",
             str(Path(workdir).resolve()) + "/": "",
             str(ROOT) + "/": "", sys.prefix + "/": "<venv>/",
             os.environ.get("PTDOCS_DATASET", "/nonexistent") + "/": "dataset/",
             str(Path.home()) + "/": "~/"}
    # every site-packages folder on the path: a venv may borrow another's
    sites = [sysconfig.get_paths()[name] for name in ("purelib", "platlib")]
    sites += [p for p in sys.path if p.rstrip("/").endswith("site-packages")]
    for site in sites:
        paths[site.rstrip("/") + "/"] = "<site-packages>/"
    return sorted(paths.items(), key=lambda kv: -len(kv[0]))


ANSI = re.compile(r"\x1b\[[0-9;]*m")
OVERWRITTEN = re.compile(r"[^\n]*\r(?=[^\n])")     # a line a carriage return redraws


def coalesce_streams(outputs: list) -> list:
    """Consecutive writes to one stream as one output, each line as a
    terminal would leave it (a progress bar redraws its line with \\r): the
    same text however the kernel happened to split it into messages."""
    out: list = []
    for o in outputs:
        if (o.get("output_type") == "stream" and out and out[-1].get("output_type") == "stream"
                and out[-1]["name"] == o["name"]):
            out[-1]["text"] += o["text"]
        else:
            out.append(o)
    for o in out:
        if o.get("output_type") == "stream":
            o["text"] = OVERWRITTEN.sub("", o["text"].replace("\r\n", "\n"))
    return out


TMP = re.compile(r"/tmp/[\w.-]+")


def normalise_text(text: str, paths: list[tuple[str, str]]) -> str:
    for path, instead in paths:
        text = text.replace(path, instead)
    return TMP.sub("<tmp>", text)


def normalise(node: nbformat.NotebookNode, workdir: Path) -> None:
    """Execution counts 1, 2, 3...; machine paths out of printed text."""
    paths = machine_paths(workdir)
    count = 0
    for cell in node.cells:
        if cell.cell_type != "code":
            continue
        cell.metadata.pop("execution", None)
        if cell.get("execution_count") is not None:
            count += 1
            cell.execution_count = count
        cell.outputs = coalesce_streams(cell.get("outputs", []))
        for out in cell.outputs:
            if "execution_count" in out:
                out["execution_count"] = cell.execution_count
            if out.output_type == "stream":
                out["text"] = normalise_text(out["text"], paths)
            elif out.output_type == "error":
                out["evalue"] = normalise_text(out["evalue"], paths)
                out["traceback"] = [normalise_text(line, paths) for line in out["traceback"]]
            elif "data" in out:
                for mime in ("text/plain", "text/html"):
                    if mime in out["data"]:
                        out["data"][mime] = normalise_text(out["data"][mime], paths)


# --- comparing two runs ------------------------------------------------------

def plain(text: str) -> str:
    return ANSI.sub("", text)


# A progress bar's clock and speed, "[00:11<00:00, 174.97img/s, loss=1.458]":
# compared as "[…]" (the count before it and the loss after a run are compared).
PROGRESS_CLOCK = re.compile(r"\[\d+:\d\d(?::\d\d)?<(?:\d+:\d\d(?::\d\d)?|\?)[^\]\n]*\][ \t]*")


def outputs_of(cell, exact_pictures: bool = False) -> list:
    """A code cell's outputs as compared between two runs: text exactly,
    errors by name and message, pictures by kind (a PNG's bytes depend on the
    machine's font rendering), a progress bar without its clock."""
    out = []
    for o in cell.get("outputs", []):
        if o["output_type"] == "stream":
            text = PROGRESS_CLOCK.sub("[…]", o["text"])
            if out and out[-1][0] == o["name"]:         # streams split anywhere
                out[-1] = (o["name"], out[-1][1] + text)
            else:
                out.append((o["name"], text))
        elif o["output_type"] == "error":
            out.append(("error", o["ename"], plain(o["evalue"])))
        else:
            data = o.get("data", {})
            text = data.get("text/plain")
            pictures = sorted(m for m in data if m.startswith("image/"))
            if exact_pictures:      # (the same machine: the same bytes)
                pictures = [(m, data[m]) for m in pictures]
            out.append((o["output_type"], pictures, None if pictures else text))
    return out


def differences(fresh: nbformat.NotebookNode, stored: nbformat.NotebookNode,
                varies=lambda cell: False, exact_pictures: bool = False) -> list[str]:
    """Where the stored outputs differ from a fresh run's, cell by cell (code
    cells in order; the two notebooks' code may differ in comments only).
    Texts are compared by verdict.same_text, the rule the page blocks follow:
    floats within a tolerance, everything else exactly."""
    a = [c for c in fresh.cells if c.cell_type == "code"]
    b = [c for c in stored.cells if c.cell_type == "code"]
    if len(a) != len(b):
        return [f"{len(b)} code cells stored, {len(a)} run"]
    problems = []
    for i, (x, y) in enumerate(zip(a, b), 1):
        if varies(y):
            # Still ran: no error where none was expected.
            if [o for o in outputs_of(x) if o[0] == "error"] != \
                    [o for o in outputs_of(y) if o[0] == "error"]:
                problems.append(f"code cell {i} (output varies): errors differ")
            continue
        why = same_outputs(outputs_of(y, exact_pictures), outputs_of(x, exact_pictures))
        if why is not None:
            problems.append(f"code cell {i}: stored outputs differ from a fresh run: {why}\n"
                            f"--- stored\n{_show(outputs_of(y))}\n--- fresh\n"
                            f"{_show(outputs_of(x))}")
    return problems


def same_outputs(stored: list, fresh: list) -> str | None:
    """None when two cells' outputs (outputs_of) agree: the same outputs in
    the same order, their texts by verdict.same_text; else why not."""
    if [o[0] for o in stored] != [o[0] for o in fresh]:
        return f"outputs {[o[0] for o in stored]} stored, {[o[0] for o in fresh]} made"
    for x, y in zip(stored, fresh):
        for u, v in zip(x[1:], y[1:]):
            if isinstance(u, str) and isinstance(v, str):
                why = verdict.same_text(u, v)
                if why is not None:
                    return f"{x[0]}: {why}"
            elif u != v:
                return f"{x[0]}: {u!r:.200} stored, {v!r:.200} made"
    return None


def _show(outputs: list) -> str:
    return "\n".join(repr(o)[:2000] for o in outputs) or "(none)"
