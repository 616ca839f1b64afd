"""Each chapter runs once, and that run judges everything made from it.

A chapter is a page with a notebook (docs/notebooks/<lang>/<slug>.ipynb).
Its English notebook runs top to bottom in a Jupyter kernel, as a reader
runs it (execute.py), and the run judges:

- every block of both languages' pages, by verdict.check (the Chinese
  blocks are the English ones with Chinese comments: tests/test_languages.py);
- the outputs stored in both languages' notebooks, by execute.differences;
- the pictures its code saves under figures/, against docs/images/.

So each chapter's code runs once per test session, not once per language
and once more for the pictures. A block that the notebook does not run (a
skip on the page: shown as prose) but that runs on this machine (a skipif
whose condition is false, e.g. a GPU block on a GPU machine) runs by itself,
as a page block (runner.py).

Kernels stay up for the whole pytest process, one per CPU capability, and
run the chapters they are given one after another, with execute.RESET in
between. Each kernel is a fork of a warm interpreter (warm_python.py) that
has imported torch already. The chapters that train (GUARD) run under a
second capability, one below this machine's (ATEN_CPU_CAPABILITY: AVX512 ->
avx2 -> default), so that every test run also checks that the stored
numbers hold with another CPU's kernels.
"""

from __future__ import annotations

import asyncio
import functools
import os
import re
import shutil
import sys
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from ptdocs import execute, notebooks, pages, runner

LOWER = {"AVX512": "avx2", "AVX512_BF16": "avx2", "AVX2": "default"}
# Code that trains: its printed numbers go through many roundings.
TRAINS = re.compile(r"\.backward\(|\btrain\w*\.py\b")


@functools.cache
def all_notebooks() -> dict[Path, notebooks.Notebook]:
    """What `make notebooks` makes from the pages now, by path."""
    return notebooks.generate()


@functools.cache
def notebook(slug: str, lang: str = "en") -> notebooks.Notebook:
    """The notebook the chapter's page makes now (only that page is read)."""
    return notebooks.build(pages.LANGUAGES[lang] / f"{slug}.md")


def not_the_code_that_runs(block: pages.Block) -> str | None:
    """Why a page block would not be judged by the chapter's run: its code
    (comments aside) is not the English page's block that the notebook runs
    in its place. None when it is, or when the notebook does not run it."""
    twin = next((g.block for g in notebook(block.page.stem).groups
                 if g.block.index == block.index), None)
    if twin is None or pages.without_comments(twin.code, twin.lang) == pages.without_comments(
            block.code, block.lang):
        return None
    return (f"its code differs from {twin.page.relative_to(pages.ROOT)}:{twin.line} "
            f"({twin.name.split(' (')[0]}), comments aside: a chapter runs once, from the "
            "English page, and both languages must show the code that ran")


def is_chapter(page: Path) -> bool:
    """A page that has a notebook (pages.is_chapter)."""
    return pages.is_chapter(Path(page))


@functools.cache
def slugs() -> list[str]:
    """Every chapter, the costliest first (by the size of its stored notebook,
    which grows with what it prints and draws)."""
    def size(slug):
        stored = notebooks.OUT / "en" / f"{slug}.ipynb"
        return stored.stat().st_size if stored.is_file() else 0
    found = [p.stem for p in notebooks.chapters() if p.parent.name == "en"]
    return sorted(found, key=lambda s: (-size(s), s))


@functools.cache
def trains(slug: str) -> bool:
    """A chapter that trains, which runs under the second capability: its
    page or a snippet file it includes calls backward() or runs a train*.py.
    (Read as text: deciding where a chapter runs builds no notebook.)"""
    page = pages.LANGUAGES["en"] / f"{slug}.md"
    files = {t.split(":")[0] for t in pages.include_targets(page)}
    return any(TRAINS.search(text) for text in [page.read_text(encoding="utf-8")] + [
        (pages.ROOT / f).read_text(encoding="utf-8") for f in files if (pages.ROOT / f).is_file()])


def capability_for(slug: str) -> str | None:
    """The ATEN_CPU_CAPABILITY a chapter runs under (None: this machine's)."""
    if not trains(slug) or os.environ.get("ATEN_CPU_CAPABILITY"):
        return None         # (one set by the caller holds for everything)
    import torch

    return LOWER.get(torch.backends.cpu.get_cpu_capability())


@dataclass
class Run:
    slug: str
    result: execute.Result
    capability: str | None

    def cells_of(self, block: pages.Block) -> list | None:
        """The cells the page block became in this run, or None when the
        notebook does not run it."""
        group = next((g for g in notebook(self.slug).groups if g.block.index == block.index),
                     None)
        return None if group is None else [self.result.node.cells[i] for i in group.cells]

    def stopped_before(self, block: pages.Block) -> int | None:
        """The code cell the run stopped at (a timeout, a dead kernel), when
        it stopped before ``block``'s cells ran."""
        if not self.result.stopped:
            return None
        cells = self.result.node.cells
        code = [i for i, c in enumerate(cells) if c.cell_type == "code"]
        # the last cell the kernel was given is where it stopped
        last = max((i for i in code if cells[i].get("execution_count")), default=None)
        mine = self.cells_of(block) or []
        if last is not None and mine and cells.index(mine[0]) > last:
            return code.index(last) + 1
        return None


class Kernels:
    """Jupyter kernels kept up for this process, one per capability, on an
    event loop of their own (pytest's items call in one at a time)."""

    def __init__(self):
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.managers: dict[str | None, object] = {}
        self.warm: dict[str | None, object] = {}
        self.home = tempfile.mkdtemp(prefix="ptdocs-kernels-")

    def env(self, capability: str | None) -> dict[str, str]:
        """A kernel's environment: offline, one thread, `python` in a %%bash
        cell a warm interpreter started with the same start-up environment
        (the process's own when it matches: under xdist it does; with -n 0
        the kernel's one thread does not, and a mismatch would start a cold
        interpreter for every `python`)."""
        from ptdocs.warm_python import WarmPython, startup_env

        env = execute.kernel_env()
        if capability is not None:
            env["ATEN_CPU_CAPABILITY"] = capability
        shared = runner.warm_python() if capability is None else None
        if shared is not None and startup_env(shared.env) == startup_env(env):
            return shared.env_for(env)
        if capability not in self.warm:
            start = {**runner.shell_env(), **startup_env(env)}
            self.warm[capability] = WarmPython({k: v for k, v in start.items()
                                                if v is not None})
            self.warm[capability].wait_ready()
        return self.warm[capability].env_for(env)

    async def _run(self, slug: str, capability: str | None) -> execute.Result:
        from jupyter_client.manager import AsyncKernelManager

        km = self.managers.get(capability)
        if km is None:
            env = self.env(capability)
            km = self.managers[capability] = AsyncKernelManager(kernel_name="python3")
            # The kernel itself is a fork of the warm interpreter that its
            # %%bash cells use (`python` first on env's PATH), so the first
            # chapter's `import torch` costs nothing instead of about 3 CPU-s.
            # Signals reach it as a kernel's would (warm_python.client passes
            # them on); it ends with the warm interpreter, which ends with us.
            python = shutil.which("python", path=env["PATH"]) or sys.executable
            km.kernel_spec.argv = [python, *km.kernel_spec.argv[1:]]
            await km.start_kernel(env=env, cwd=self.home)
        result = await execute._run_in(km, slug, notebook(slug).node)
        if result.error is not None and not await km.is_alive():
            await km.restart_kernel(now=True)
        return result

    def run(self, slug: str) -> Run:
        capability = capability_for(slug)
        result = asyncio.run_coroutine_threadsafe(self._run(slug, capability),
                                                  self.loop).result()
        return Run(slug, result, capability)

    def close(self) -> None:
        async def shutdown():
            # Asked, not killed: a kill would reach only the kernel's `python`
            # (warm_python.client), not the forked kernel behind it.
            for km in self.managers.values():
                await km.shutdown_kernel()
        if self.managers:
            asyncio.run_coroutine_threadsafe(shutdown(), self.loop).result(timeout=60)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=10)
        for warm in self.warm.values():
            warm.close()
        shutil.rmtree(self.home, ignore_errors=True)


_KERNELS: list[Kernels] = []
_RUNS: dict[str, Run] = {}


def run(slug: str) -> Run:
    """The chapter's one run in this process (made on first use)."""
    if slug not in _RUNS:
        if not _KERNELS:
            _KERNELS.append(Kernels())
        done = _RUNS[slug] = _KERNELS[0].run(slug)
        from ptdocs.report import measured
        measured(f"chapter {slug}: ran in {done.result.seconds:.1f} s"
                 + (f" under ATEN_CPU_CAPABILITY={done.capability}" if done.capability else ""))
    return _RUNS[slug]


def ran() -> dict[str, Run]:
    return dict(_RUNS)


def close() -> None:
    while _KERNELS:
        _KERNELS.pop().close()
