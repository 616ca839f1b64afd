"""pytest plugin: every code block of every docs page is a test item.

Loaded through ``-p tests.harness.plugin`` (see pyproject.toml). For each page
under docs/zh and docs/en it yields one item per runnable block, in page order.
All blocks of a page share one fresh temporary working directory that looks
like the repository root to the code (``snippets/`` and ``dataset/`` are links
there), so nothing is ever written into the repository.

Python blocks run in this process with fresh globals and ``__name__`` set to
``"__main__"``, as if the reader pasted the block into a file and ran it.
Shell blocks run in a subprocess. Output shown after a block under
``<!--pytest-codeblocks:expected-output-->`` is compared exactly.
"""

from __future__ import annotations

import contextlib
import io
import linecache
import os
import re
import shutil
import subprocess
import sys
import traceback
import types
from pathlib import Path

import pytest

from tests.harness import offline, pages
from tests.harness.runner import as_in_a_fresh_process, forget_snippet_state, running_in
from tests.harness.warm_python import WarmPython

ROOT = pages.ROOT
SHELL_TIMEOUT = 600


def pytest_addoption(parser):
    parser.addoption("--keep-workdirs", action="store_true",
                     help="keep each docs page's temporary working directory")
    parser.addoption("--every-page", action="store_true",
                     help="also run, block by block, the English chapters that "
                          "run as notebooks (see RUN_AS_NOTEBOOK)")


def pytest_configure(config):
    # Offline data, no network, and the same for every subprocess we start.
    offline.activate()
    share_the_cores()
    # `pytest --codeblocks docs/...` (as pytest-codeblocks' README says): this
    # plugin already collects every docs page as rendered; pytest-codeblocks'
    # own collector would run the raw Markdown a second time.
    config.option.codeblocks = False


# --- spreading the work over xdist workers ----------------------------------
# `--dist loadfile` sends each test file (each docs page) to one worker, in
# collection order. Two changes make the run end sooner:
# - a parametrized test may split its file into groups: an id that starts with
#   `groupN:` (tests/test_notebooks.py does this, one kernel per group) makes
#   `<file>::groupN` a unit of its own;
# - the slowest files are collected, so handed out, first: a short page at the
#   end of a run waits for nothing, a notebook group would.
SLOW_FIRST = ["tests/test_notebooks.py", "tests/test_browser.py", "tests/test_pictures.py",
              "tests/test_harness.py", "tests/test_train.py", "tests/test_site.py"]
GROUP = re.compile(r"\[(group\d+):")


def pytest_collection_modifyitems(config, items):
    def rank(item):
        path = Path(item.path).resolve().relative_to(ROOT).as_posix() \
            if Path(item.path).resolve().is_relative_to(ROOT) else ""
        return SLOW_FIRST.index(path) if path in SLOW_FIRST else len(SLOW_FIRST)
    items.sort(key=rank)     # stable: a page's blocks keep their order


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    if config.getoption("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadFileScheduling

    class Scheduling(LoadFileScheduling):
        def _split_scope(self, nodeid):
            group = GROUP.search(nodeid)
            scope = super()._split_scope(nodeid)
            return f"{scope}::{group.group(1)}" if group else scope

    # Hand files out in collection order (above), not by their number of tests.
    config.option.loadscopereorder = False
    return Scheduling(config, log)


def share_the_cores() -> None:
    """Under xdist, each worker (and every process it starts) gets its share
    of the cores. Two workers that each run torch with one thread per core
    fight over the cores: measured here, two concurrent `train.py --epochs 1`
    took 46 s of CPU with 2 threads each and 18.5 s with 1 thread each."""
    workers = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))
    if workers < 2:
        return
    threads = str(max(1, (os.cpu_count() or 1) // workers))
    for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(var, threads)
    if "torch" in sys.modules:
        sys.modules["torch"].set_num_threads(int(os.environ["OMP_NUM_THREADS"]))


make_workdir = offline.make_workdir


# The English chapters run as their notebooks (tests/test_notebooks.py), cell
# by cell in a Jupyter kernel with their printed output and errors checked.
# Their blocks are the Chinese blocks with translated comments, which
# tests/test_languages.py checks token by token and the Chinese page runs here
# block by block, so running them here as well would run each program twice
# and find nothing new. A page without a notebook (index, contributing) runs
# here; so does any page named on the command line, or every page with
# --every-page.
RUN_AS_NOTEBOOK = "en"


def runs_as_notebook(page: Path, config) -> bool:
    if page.parent != pages.LANGUAGES[RUN_AS_NOTEBOOK] or config.getoption("--every-page"):
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
                # (skipif conditions may ask shutil.which("nvidia-smi"))
                item.add_marker(eval(mark, {"pytest": pytest, "sys": sys, "shutil": shutil,
                                            "subprocess": subprocess}))
            yield item

    def setup(self):
        lang = self.path.parent.name
        self.workdir = make_workdir(f"{lang}-{self.path.stem}")
        # Stay in the page's folder from its first block to its last: objects
        # a block leaves open (a SummaryWriter's background thread) resolve
        # their relative paths whenever they flush, between blocks too.
        self.old_cwd = os.getcwd()
        os.chdir(self.workdir)
        # Blocks that show sections of the same snippet file share its globals,
        # in page order, as the file itself would run them.
        self.namespaces = {}
        # A page reads like one session: it starts as a fresh process would.
        as_in_a_fresh_process()

    def teardown(self):
        os.chdir(self.old_cwd)
        if self.workdir and not self.config.getoption("--keep-workdirs"):
            shutil.rmtree(self.workdir, ignore_errors=True)


def shell_env() -> dict[str, str]:
    env = dict(os.environ)
    # `python` in a shell block is the interpreter running the tests.
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    # Deprecations fail shell blocks too (python snippets/x.py ...).
    env["PYTHONWARNINGS"] = ",".join(
        f"error::{w}" for w in ("DeprecationWarning", "PendingDeprecationWarning",
                               "FutureWarning"))
    return env


_WARM: list[WarmPython] = []


def warm_python() -> WarmPython:
    """This process's warm interpreter (tests/harness/warm_python.py), started
    on first use in the shell blocks' environment. The notebooks' %%bash cells,
    test_predict and test_train use it too: a caller whose PYTHONWARNINGS,
    CIFAR-10 fixture or thread count differ gets its own in the forked child."""
    if not _WARM:
        _WARM.append(WarmPython(shell_env()))
        _WARM[0].wait_ready()
    return _WARM[0]


def pytest_unconfigure(config):
    while _WARM:
        _WARM.pop().close()


class ShellBlockFailed(Exception):
    pass


class OutputMismatch(AssertionError):
    pass


class DocBlock(pytest.Item):
    def __init__(self, *, block: pages.Block, **kwargs):
        super().__init__(**kwargs)
        self.block = block

    def runtest(self):
        block = self.block
        workdir = self.parent.workdir
        if block.lang == "python":
            output, error = self._run_python(workdir)
        else:
            output, error = self._run_shell(workdir), None
        if error is not None:
            # A block that demonstrates an error may show the error's last line
            # (``TypeError: ...``) as its output: check that too, then re-raise
            # so that the page's xfail(raises=...) marker sees the real type.
            output += "".join(traceback.format_exception_only(type(error), error))
        if block.expected_output is not None and output != block.expected_output:
            raise OutputMismatch(
                "printed output differs from the page\n"
                f"--- page shows\n{block.expected_output}--- code printed\n{output}")
        if error is not None:
            raise error

    def _run_python(self, workdir: Path) -> str:
        block = self.block
        filename = f"<{self.path.relative_to(ROOT)} {block.name}>"
        linecache.cache[filename] = (len(block.code), None,
                                     block.code.splitlines(True), filename)
        code = compile(block.code, filename, "exec")
        out = io.StringIO()
        files = {t.split(":")[0] for t in block.includes}
        argv0 = files.pop() if len(files) == 1 else "block.py"
        # The block runs in a module that is sys.modules["__main__"] meanwhile,
        # as runpy does for a script: pickle finds classes defined in the block
        # (torch.save(model) of a class from the page), as in the reader's file.
        if argv0 == "block.py":
            main = types.ModuleType("__main__")
        else:
            main = self.parent.namespaces.setdefault(argv0, types.ModuleType("__main__"))
        namespace = main.__dict__
        namespace.update(__name__="__main__", __file__=str(ROOT / argv0))
        error = None
        real_main = sys.modules["__main__"]
        with running_in(workdir, [argv0], block.snippet_dir), contextlib.redirect_stdout(out):
            sys.modules["__main__"] = main
            try:
                exec(code, namespace)
            except Exception as exc:
                error = exc
            finally:
                sys.modules["__main__"] = real_main
                forget_snippet_state()
        return out.getvalue(), error

    def _run_shell(self, workdir: Path) -> str:
        block = self.block
        shell = "/bin/bash" if block.lang == "bash" else "/bin/sh"
        env = shell_env()
        if "python" in block.code:
            env = warm_python().env_for(env)
        proc = subprocess.run(block.code, shell=True, executable=shell, cwd=workdir,
                              env=env, capture_output=True, text=True,
                              timeout=SHELL_TIMEOUT)
        if proc.returncode != 0:
            raise ShellBlockFailed(
                f"shell block exited with {proc.returncode}\n"
                f"--- stdout (tail)\n{proc.stdout[-3000:]}\n"
                f"--- stderr (tail)\n{proc.stderr[-3000:]}")
        return proc.stdout

    def repr_failure(self, excinfo):
        head = f"{self.path.relative_to(ROOT)} {self.block.name}"
        numbered = "".join(f"{n:4} | {line}" for n, line in
                           enumerate(self.block.code.splitlines(True), 1))
        if isinstance(excinfo.value, (ShellBlockFailed, OutputMismatch)):
            detail = str(excinfo.value)
        else:
            # Show the traceback from the block's own frames down.
            tb = excinfo.tb
            while tb is not None and not tb.tb_frame.f_code.co_filename.startswith("<"):
                tb = tb.tb_next
            detail = "".join(traceback.format_exception(excinfo.type, excinfo.value,
                                                        tb or excinfo.tb))
        return f"{head}\n{numbered}\n{detail}"

    def reportinfo(self):
        return self.path, self.block.line - 1, f"{self.block.name}"


def pytest_terminal_summary(terminalreporter):
    config = terminalreporter.config
    deferred = [p for p in pages.all_pages()[RUN_AS_NOTEBOOK] if runs_as_notebook(p, config)]
    reports = [r for rs in terminalreporter.stats.values() for r in rs
               if hasattr(r, "nodeid") and getattr(r, "when", "call") == "call"]
    if deferred and any("::block " in r.nodeid for r in reports):
        ran = sum("::test_notebook_runs[" in r.nodeid for r in reports)
        terminalreporter.write_line(
            f"{len(deferred)} {RUN_AS_NOTEBOOK} chapter pages are left to their notebooks "
            f"(tests/test_notebooks.py: {ran} run in this session), not run block by "
            "block here (--every-page runs them here too)")
    skipped = [r for r in terminalreporter.stats.get("skipped", [])
               if "::block " in r.nodeid]
    if skipped:
        terminalreporter.section("docs blocks skipped on purpose (with their reasons)")
        for rep in skipped:
            reason = rep.longrepr[2] if isinstance(rep.longrepr, tuple) else str(rep.longrepr)
            terminalreporter.line(f"{rep.nodeid}: {reason}")
