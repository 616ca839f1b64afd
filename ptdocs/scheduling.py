"""pytest plugin (loaded by pytest_plugin.py): spreading the work over xdist
workers.

`--dist loadfile` sends each test file to one worker, in collection order.
Two changes make the run right and short:

- both languages' pages of a chapter are one unit, so that the chapter runs
  once (chapters.py); the chapters that run under a second CPU capability
  (chapters.trains) are one unit too, so that one worker starts the kernel
  and the warm interpreter for that capability;
- the chapters come first, the costliest first, then the slowest test
  files: a short page at the end of a run waits for nothing.

The units need xdist's private ``LoadFileScheduling._split_scope``
(compat.xdist_scheduling). And each worker, and every process it starts,
gets its share of the cores.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from ptdocs import chapters, compat
from ptdocs.pages import ROOT

# The test files that take longest (wall time, measured), longest first: the
# short ones fill in at the end.
SLOW_FIRST = ["tests/test_browser.py", "tests/test_search.py", "tests/test_train.py",
              "tests/test_snippets.py", "tests/test_gpu_check.py", "tests/test_harness.py",
              "tests/test_site.py"]


def pytest_configure(config):
    share_the_cores()


def chapter_of(nodeid: str) -> str | None:
    path = nodeid.split("::", 1)[0]
    if path.startswith("docs/") and chapters.is_chapter(ROOT / path):
        return Path(path).stem
    return None


def scope_of(nodeid: str, default: str) -> str:
    slug = chapter_of(nodeid)
    if slug is None:
        return default
    return "chapters under a second capability" if chapters.trains(slug) else f"chapter {slug}"


def pytest_collection_modifyitems(config, items):
    order = {slug: n for n, slug in enumerate(chapters.slugs())}

    def rank(item):
        path = Path(item.path).resolve()
        rel = path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else ""
        slug = chapter_of(rel)
        if slug is not None:
            return (0, not chapters.trains(slug), order.get(slug, 0), rel.split("/")[1])
        return (1, SLOW_FIRST.index(rel) if rel in SLOW_FIRST else len(SLOW_FIRST), "", "")
    items.sort(key=rank)     # stable: a page's blocks keep their order


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    if config.getoption("dist") != "loadfile":
        return None
    # Hand files out in collection order (above), not by their number of tests.
    config.option.loadscopereorder = False
    return compat.xdist_scheduling(scope_of)(config, log)


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

