"""pytest plugin (entry point ``pytest11``): every code block of every docs
page is a test item.

For each page under docs/zh and docs/en it yields one item per runnable
block (``pages.extract``), in page order:

- a chapter (a page with a notebook) runs once, as its notebook, and that
  run judges the blocks of both languages, the outputs stored in both
  notebooks and the chapter's pictures (chapters.py): items ``block N``,
  ``stored outputs`` and, on the English page, ``pictures``;
- any other page (home, contributing, reference pages) runs block by block
  in this process: all its blocks share one fresh temporary working
  directory that looks like the repository root to the code (``snippets/``
  and ``dataset/`` are links there), so nothing is ever written into the
  repository.

Either way a block is judged by verdict.py, one rule for all. Spreading the
work over xdist workers (both languages of a chapter on one worker, so that
it runs once): scheduling.py.
"""

from __future__ import annotations

import os
import re
import shutil
import traceback
from pathlib import Path

import pytest

from ptdocs import chapters, execute, markers, offline, pages, pictures, runner, verdict

pytest_plugins = ["ptdocs.scheduling"]


def pytest_addoption(parser):
    parser.addoption("--keep-workdirs", action="store_true",
                     help="keep each docs page's temporary working directory")


def pytest_configure(config):
    # Offline data, no network, and the same for every subprocess we start.
    offline.activate()
    # `pytest --codeblocks docs/...` (as pytest-codeblocks' README says): this
    # plugin already collects every docs page as rendered; pytest-codeblocks'
    # own collector would run the raw Markdown a second time.
    config.option.codeblocks = False


def pytest_unconfigure(config):
    chapters.close()
    runner.close_warm_python()


def pytest_collect_file(file_path, parent):
    if file_path.suffix == ".md" and any(
            file_path.is_relative_to(d) for d in pages.LANGUAGES.values()):
        return DocPage.from_parent(parent, path=file_path)
    return None


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """A failure's place and first line, for `make check`'s list."""
    report = yield
    if report.failed and call.excinfo is not None and isinstance(item, (DocBlock, StoredOutputs,
                                                                        Pictures)):
        message = str(call.excinfo.value).strip() or call.excinfo.typename
        lines = [line.strip() for line in message.splitlines() if line.strip()]
        if isinstance(item, DocBlock):
            report.ptdocs_where = f"{item.path.relative_to(pages.ROOT)}:{item.block.line}"
            report.ptdocs_what = f"{item.block.name.split(' (')[0]}: {lines[0]}"
        else:    # "<file>: what" or "<file>:" and then one problem a line
            m = re.match(r"(\S+\.(?:ipynb|png)):\s*(.*)", lines[0])
            report.ptdocs_where = f"{m[1] if m else item.path.relative_to(pages.ROOT)}:1"
            report.ptdocs_what = (m[2] if m and m[2] else lines[1] if len(lines) > 1
                                  else lines[0])
    return report


class DocPage(pytest.File):
    workdir: Path | None = None

    def collect(self):
        try:
            blocks = pages.extract(self.path)
        except pages.PageError as exc:
            raise self.CollectError(str(exc)) from None
        chapter = chapters.is_chapter(self.path)
        for block in blocks:
            item = DocBlock.from_parent(self, name=block.name, block=block, chapter=chapter)
            for mark in block.marks:
                item.add_marker(markers.evaluate(mark))
            yield item
        if chapter:
            yield StoredOutputs.from_parent(self, name="stored outputs")
            if self.path.parent.name == "en":
                yield Pictures.from_parent(self, name="pictures")

    def setup(self):
        self.old_cwd = os.getcwd()
        # Blocks that show sections of the same snippet file share its globals,
        # in page order, as the file itself would run them.
        self.namespaces = {}

    def page_workdir(self) -> Path:
        """The page's working folder, made when a block first runs here.
        Stay in it from then to the page's last block: objects a block leaves
        open (a SummaryWriter's background thread) resolve their relative
        paths whenever they flush, between blocks too."""
        if self.workdir is None:
            lang = self.path.parent.name
            self.workdir = offline.make_workdir(f"{lang}-{self.path.stem}")
            os.chdir(self.workdir)
            # A page reads like one session: it starts as a fresh process would.
            runner.as_in_a_fresh_process()
        return self.workdir

    def teardown(self):
        os.chdir(self.old_cwd)
        if self.workdir and not self.config.getoption("--keep-workdirs"):
            shutil.rmtree(self.workdir, ignore_errors=True)


class BlockFailed(AssertionError):
    """The block did not run as its page says (verdict.check tells why)."""


def expected_error(expected: type[BaseException], raised: verdict.Raised) -> BaseException:
    """The exception a block demonstrates, as its xfail marker sees it (a
    notebook's error output has its name and message, not the object)."""
    exc = expected.__new__(expected)
    exc.args = (raised.message,)
    return exc


class DocBlock(pytest.Item):
    def __init__(self, *, block: pages.Block, chapter: bool, **kwargs):
        super().__init__(**kwargs)
        self.block = block
        self.chapter = chapter

    def runtest(self):
        if self.chapter:
            problem = chapters.not_the_code_that_runs(self.block)
            if problem is not None:
                raise BlockFailed(problem)
            run = chapters.run(self.path.stem)
            cells = run.cells_of(self.block)
            if cells is not None:
                stopped = run.stopped_before(self.block)
                if stopped is not None:
                    raise BlockFailed(f"not reached: the chapter's notebook stopped at "
                                      f"code cell {stopped} (see the failing block above)")
                printed, raised, warned = verdict.from_cells(cells)
                problem = verdict.check(self.block, printed, raised, warned)
                if problem is not None:
                    raise BlockFailed(problem)
                expected = markers.expected_exception(self.block.marks)
                if expected is not None:    # the error (or warning) the page demonstrates
                    shown = raised or next(w for w in warned if w.is_a(expected))
                    raise expected_error(expected, shown)
                return
            # Not in the notebook (skipped there), yet run here: on its own.
        page = self.parent
        run = runner.run_python if self.block.lang == "python" else runner.run_shell
        output, error = run(self.block, page.page_workdir(), page.namespaces)
        problem = verdict.check(self.block, output, error)
        if problem is not None:
            raise BlockFailed(problem) from error
        if error is not None:
            raise error      # the error the page demonstrates: its xfail marker sees it

    def repr_failure(self, excinfo):
        head = f"{self.path.relative_to(pages.ROOT)}:{self.block.line}: {self.block.name}"
        if self.chapter:
            run = chapters.ran().get(self.path.stem)
            if run is not None:
                head += (f" (judged from the run of docs/notebooks/en/{self.path.stem}.ipynb"
                         + (f", under ATEN_CPU_CAPABILITY={run.capability}"
                            if run.capability else "") + ")")
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


class StoredOutputs(pytest.Item):
    """The outputs stored in this language's notebook (shown on the site's
    notebook page) are what the chapter's run printed, cell by cell, by the
    rule of execute.differences. A cell whose page marks its output as
    varying must only run cleanly."""

    def runtest(self):
        lang, slug = self.path.parent.name, self.path.stem
        run = chapters.run(slug)
        path = Path("docs") / "notebooks" / lang / f"{slug}.ipynb"
        assert (pages.ROOT / path).is_file(), f"{path}: missing (run `make notebooks`)"
        stored = chapters.notebooks.read(pages.ROOT / path)
        problems = execute.differences(run.result.node, stored,
                                       varies=lambda cell: "output_varies" in cell.metadata)
        if run.result.error is not None and not problems:
            problems = [f'"Run all" would stop at {run.result.error}' if isinstance(
                run.result.error, execute.CellFailed) else f"the run stopped: {run.result.error}"]
        assert not problems, (f"{path}:\n" + "\n".join(problems)
                              + "\n(stored outputs come from `make notebooks`)")

    def reportinfo(self):
        return self.path, 0, "stored outputs"


class Pictures(pytest.Item):
    """Each picture the chapter's code saves (figures/<name>) is its copy in
    docs/images/<topic>/ (pictures.picture_differences says how close)."""

    def runtest(self):
        run = chapters.run(self.path.stem)
        expected = {name for i in range(len(run.result.node.cells))
                    for name in pictures.DRAWN.findall(
                        run.result.node.cells[i].source)
                    if run.result.node.cells[i].cell_type == "code"}
        missing = sorted(expected - set(run.result.figures))
        problems = [f"figures/{name}: its cell did not save it" for name in missing]
        problems += pictures.picture_differences(run.result.figures)
        assert not problems, "\n".join(problems)

    def reportinfo(self):
        return self.path, 0, "pictures"


def pytest_terminal_summary(terminalreporter):
    skipped = [r for r in terminalreporter.stats.get("skipped", [])
               if "::block " in r.nodeid]
    if skipped:
        terminalreporter.section("docs blocks skipped on purpose (with their reasons)")
        for rep in skipped:
            reason = rep.longrepr[2] if isinstance(rep.longrepr, tuple) else str(rep.longrepr)
            terminalreporter.line(f"{rep.nodeid}: {reason}")
