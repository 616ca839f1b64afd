"""Run code as the reader would: a page's block (``run_python``, ``run_shell``)
or a snippet file as ``python snippets/<topic>/<file>.py`` (``run_snippet``).

Only the standard library is imported at the top: a notebook kernel loads this
file by path (tests/test_notebooks.py) for ``forget_snippet_state`` and
``as_in_a_fresh_process``.
"""

from __future__ import annotations

import contextlib
import io
import linecache
import os
import runpy
import subprocess
import sys
import types
from pathlib import Path

from ptdocs import ROOT

SHELL_TIMEOUT = 600


class ShellBlockFailed(Exception):
    pass


def run_python(block, workdir: Path, namespaces: dict) -> tuple[str, Exception | None]:
    """Run a Python block (a pages.Block) in this process with ``__name__`` set
    to ``"__main__"``, as if the reader pasted it into a file and ran it:
    (what it printed, what it raised). Blocks that show sections of the same
    snippet file share its globals (``namespaces``), in page order."""
    page = block.page.resolve()
    filename = f"<{page.relative_to(ROOT) if page.is_relative_to(ROOT) else page} {block.name}>"
    linecache.cache[filename] = (len(block.code), None, block.code.splitlines(True), filename)
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
        main = namespaces.setdefault(argv0, types.ModuleType("__main__"))
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


def run_shell(block, workdir: Path, namespaces=None) -> tuple[str, Exception | None]:
    """Run a shell block in a subprocess: (its stdout, ShellBlockFailed or None)."""
    shell = "/bin/bash" if block.lang == "bash" else "/bin/sh"
    env = shell_env()
    if "python" in block.code:
        env = warm_python().env_for(env)
    proc = subprocess.run(block.code, shell=True, executable=shell, cwd=workdir,
                          env=env, capture_output=True, text=True, timeout=SHELL_TIMEOUT)
    if proc.returncode == 0:
        return proc.stdout, None
    return proc.stdout, ShellBlockFailed(
        f"shell block exited with {proc.returncode}\n"
        f"--- stdout (tail)\n{proc.stdout[-3000:]}\n"
        f"--- stderr (tail)\n{proc.stderr[-3000:]}")


def shell_env() -> dict[str, str]:
    """The environment of shell blocks and of the programs tests run."""
    from ptdocs.verdict import DEPRECATIONS

    env = dict(os.environ)
    # `python` in a shell block is the interpreter running the tests.
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    # Deprecations fail shell blocks too (python snippets/x.py ...).
    env["PYTHONWARNINGS"] = ",".join(f"error::{w}" for w in DEPRECATIONS)
    return env


_WARM: list = []


def warm_python():
    """This process's warm interpreter (ptdocs/warm_python.py), started
    on first use in the shell blocks' environment. The notebooks' %%bash cells,
    test_predict and test_train use it too: a caller whose PYTHONWARNINGS,
    CIFAR-10 fixture or thread count differ gets its own in the forked child."""
    from ptdocs.warm_python import WarmPython

    if not _WARM:
        _WARM.append(WarmPython(shell_env()))
        _WARM[0].wait_ready()
    return _WARM[0]


def close_warm_python() -> None:
    while _WARM:
        _WARM.pop().close()


@contextlib.contextmanager
def running_in(workdir: Path, argv: list[str], path0: Path | None):
    """cwd, argv and sys.path[0] as for ``python <argv...>`` run from workdir."""
    old_cwd, old_argv, old_path = os.getcwd(), sys.argv, list(sys.path)
    os.chdir(workdir)
    sys.argv = list(argv)
    if path0 is not None:
        sys.path.insert(0, str(path0))
    try:
        yield
    finally:
        os.chdir(old_cwd)
        sys.argv = old_argv
        sys.path[:] = old_path


def run_snippet(snippet: Path, workdir: Path, args: list[str] = ()) -> str:
    """Run the file as __main__ from workdir; return what it printed."""
    rel = snippet.resolve().relative_to(ROOT).as_posix()
    as_in_a_fresh_process()
    out = io.StringIO()
    with running_in(workdir, [rel, *args], snippet.resolve().parent), \
            contextlib.redirect_stdout(out):
        try:
            runpy.run_path(str(workdir / rel), run_name="__main__")
        except SystemExit as exc:
            if exc.code not in (0, None):
                raise
        finally:
            forget_snippet_state()
    return out.getvalue()


def forget_snippet_state() -> None:
    """Drop what one snippet leaves behind in this process: modules imported
    from snippets/ by plain name (``from model import Decade``) and open figures."""
    snippets = str(ROOT / "snippets")
    for name, mod in list(sys.modules.items()):
        file = getattr(mod, "__file__", None)
        # Cheap test first: resolving ~2,400 module paths per block is slow.
        if file and "snippets" in file and str(Path(file).resolve()).startswith(snippets):
            del sys.modules[name]
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")


def as_in_a_fresh_process() -> None:
    """Reset process-wide counters that code can see, as a fresh ``python``
    would start them. TensorBoard numbers the event files a process writes
    (``events.out.tfevents.<time>.<host>.<pid>.<n>``) and reads a folder's
    files in name order: with n past 9, a second writer's file ``.10`` sorts
    before the first one's ``.9``, and two runs into one folder swap places."""
    from ptdocs import compat

    compat.reset_tensorboard_file_counter()


def import_snippet(path: Path) -> dict:
    """A snippet file's names, imported as a module the way its neighbours
    import it (``import train`` next to train.py): its folder first on
    sys.path for the import, its command line not run. A fresh module each
    time (not kept in sys.modules)."""
    import importlib

    path = Path(path)
    folder = str(path.parent)
    saved = sys.modules.pop(path.stem, None)
    sys.path.insert(0, folder)
    try:
        return vars(importlib.import_module(path.stem))
    finally:
        sys.path.remove(folder)
        sys.modules.pop(path.stem, None)
        if saved is not None:
            sys.modules[path.stem] = saved
