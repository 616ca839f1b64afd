"""Run a snippet file as ``python snippets/<topic>/<file>.py`` would, in-process."""

from __future__ import annotations

import contextlib
import io
import os
import runpy
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


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
    module = sys.modules.get("tensorboard.summary.writer.event_file_writer")
    if module is not None:
        module._global_uid = module.AtomicCounter(0)
