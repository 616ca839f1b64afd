"""pytest plugin (loaded by plugin.py): spreading the work over xdist workers.

`--dist loadfile` sends each test file (each docs page) to one worker, in
collection order, so all blocks of a page (which share a working directory)
run in order on one worker. Two changes make the run end sooner:

- a parametrized test may split its file into groups: an id that starts with
  `groupN:` (tests/test_notebooks.py does this, one kernel per group) makes
  `<file>::groupN` a unit of its own;
- the slowest files are collected, so handed out, first: a short page at the
  end of a run waits for nothing, a notebook group would.

The first needs xdist's private ``LoadFileScheduling._split_scope``, hence
the pin ``pytest-xdist>=3.5,<4``. xdist's public way, ``--dist loadgroup``
with an ``xdist_group`` mark on every item, would make the same units in the
same order, but it passes the group by appending ``@<group>`` to the node id,
and on pytest 9.2 that no longer takes (pytest-dev/pytest-xdist#1386):
measured here, the blocks of one page were spread over two workers and
failed. Where it works, the suffix also changes every id in the reports.

And each worker (and every process it starts) gets its share of the cores.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest

from tests.harness.pages import ROOT

SLOW_FIRST = ["tests/test_notebooks.py", "tests/test_browser.py", "tests/test_pictures.py",
              "tests/test_harness.py", "tests/test_train.py", "tests/test_site.py"]
GROUP = re.compile(r"\[(group\d+):")


def pytest_configure(config):
    share_the_cores()


def pytest_collection_modifyitems(config, items):
    def rank(item):
        path = Path(item.path).resolve()
        path = path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else ""
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
