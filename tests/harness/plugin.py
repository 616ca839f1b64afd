"""pytest plugin: every code block of every docs page is a test item.

Loaded through ``-p tests.harness.plugin`` (see pyproject.toml). For each page
under docs/zh and docs/en it yields one item per runnable block
(``pages.extract``), in page order; the English chapters run as notebooks
instead (``pages.RUN_AS_NOTEBOOK``). All blocks of a page share one fresh
temporary working directory that looks like the repository root to the code
(``snippets/`` and ``dataset/`` are links there), so nothing is ever written
into the repository. A block runs as the reader would run it (runner.py) and
is judged by verdict.py, the rule the notebooks' cells follow too. Spreading
the pages over xdist workers: scheduling.py.
"""

from __future__ import annotations

import os
import shutil
import traceback
from pathlib import Path

import pytest

from tests.harness import markers, offline, pages, runner, verdict

pytest_plugins = ["tests.harness.scheduling"]
ROOT = pages.ROOT


def pytest_addoption(parser):
    parser.addoption("--keep-workdirs", action="store_true",
                     help="keep each docs page's temporary working directory")
    parser.addoption("--every-page", action="store_true",
                     help="also run, block by block, the English chapters that "
                          "run as notebooks (see pages.RUN_AS_NOTEBOOK)")


def pytest_configure(config):
    # Offline data, no network, and the same for every subprocess we start.
    offline.activate()
    # `pytest --codeblocks docs/...` (as pytest-codeblocks' README says): this
    # plugin already collects every docs page as rendered; pytest-codeblocks'
    # own collector would run the raw Markdown a second time.
    config.option.codeblocks = False


def pytest_unconfigure(config):
    runner.close_warm_python()


def runs_as_notebook(page: Path, config) -> bool:
    if page.parent != pages.LANGUAGES[pages.RUN_AS_NOTEBOOK] or config.getoption("--every-page"):
        return False
    named = {Path(a.split("::")[0]).resolve() for a in config.args}
    return page.resolve() not in named and page.stem not in pages.NO_NOTEBOOK


def pytest_collect_file(file_path, parent):
    if file_path.suffix == ".md" and any(
            file_path.is_relative_to(d) for d in pages.LANGUAGES.values()):
        if runs_as_notebook(file_path, parent.config):
            return None
        return DocPage.from_parent(parent, path=file_path)
    return None


class DocPage(pytest.File):
    workdir: Path | None = None

    def collect(self):
        try:
            blocks = pages.extract(self.path)
        except pages.PageError as exc:
            raise self.CollectError(str(exc)) from None
        for block in blocks:
            item = DocBlock.from_parent(self, name=block.name, block=block)
            for mark in block.marks:
                item.add_marker(markers.evaluate(mark))
            yield item

    def setup(self):
        lang = self.path.parent.name
        self.workdir = offline.make_workdir(f"{lang}-{self.path.stem}")
        # Stay in the page's folder from its first block to its last: objects
        # a block leaves open (a SummaryWriter's background thread) resolve
        # their relative paths whenever they flush, between blocks too.
        self.old_cwd = os.getcwd()
        os.chdir(self.workdir)
        # Blocks that show sections of the same snippet file share its globals,
        # in page order, as the file itself would run them.
        self.namespaces = {}
        # A page reads like one session: it starts as a fresh process would.
        runner.as_in_a_fresh_process()

    def teardown(self):
        os.chdir(self.old_cwd)
        if self.workdir and not self.config.getoption("--keep-workdirs"):
            shutil.rmtree(self.workdir, ignore_errors=True)


class BlockFailed(AssertionError):
    """The block did not run as its page says (verdict.check tells why)."""


class DocBlock(pytest.Item):
    def __init__(self, *, block: pages.Block, **kwargs):
        super().__init__(**kwargs)
        self.block = block

    def runtest(self):
        run = runner.run_python if self.block.lang == "python" else runner.run_shell
        output, error = run(self.block, self.parent.workdir, self.parent.namespaces)
        problem = verdict.check(self.block, output, error)
        if problem is not None:
            raise BlockFailed(problem) from error
        if error is not None:
            raise error      # the error the page demonstrates: its xfail marker sees it

    def repr_failure(self, excinfo):
        head = f"{self.path.relative_to(ROOT)} {self.block.name}"
        numbered = "".join(f"{n:4} | {line}" for n, line in
                           enumerate(self.block.code.splitlines(True), 1))
        error, detail = excinfo.value, ""
        if isinstance(error, BlockFailed):     # verdict.check's words, then the cause
            detail, error = str(error) + "\n", error.__cause__
        if error is not None and not isinstance(error, runner.ShellBlockFailed):
            # The traceback from the block's own frames down.
            tb = error.__traceback__
            while tb is not None and not tb.tb_frame.f_code.co_filename.startswith("<"):
                tb = tb.tb_next
            detail += "".join(traceback.format_exception(type(error), error,
                                                         tb or error.__traceback__))
        return f"{head}\n{numbered}\n{detail}"

    def reportinfo(self):
        return self.path, self.block.line - 1, f"{self.block.name}"


def pytest_terminal_summary(terminalreporter):
    config = terminalreporter.config
    lang = pages.RUN_AS_NOTEBOOK
    deferred = [p for p in pages.all_pages()[lang] if runs_as_notebook(p, config)]
    reports = [r for rs in terminalreporter.stats.values() for r in rs
               if hasattr(r, "nodeid") and getattr(r, "when", "call") == "call"]
    if deferred and any("::block " in r.nodeid for r in reports):
        ran = sum("::test_notebook_runs[" in r.nodeid for r in reports)
        terminalreporter.write_line(
            f"{len(deferred)} {lang} chapter pages are left to their notebooks "
            f"(tests/test_notebooks.py: {ran} run in this session), not run block by "
            "block here (--every-page runs them here too)")
    skipped = [r for r in terminalreporter.stats.get("skipped", [])
               if "::block " in r.nodeid]
    if skipped:
        terminalreporter.section("docs blocks skipped on purpose (with their reasons)")
        for rep in skipped:
            reason = rep.longrepr[2] if isinstance(rep.longrepr, tuple) else str(rep.longrepr)
            terminalreporter.line(f"{rep.nodeid}: {reason}")
