"""Shared fixtures for the suite's own tests (the docs pages are collected by
ptdocs/pytest_plugin.py, loaded from pyproject.toml): ``workdir``,
``shell_env``, ``warm_python``, ``built_site`` and ``measured``. Test modules
use these, never an import of this file or of the plugin."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from types import MappingProxyType

import pytest

from ptdocs import offline, report, runner
from ptdocs.pages import ROOT

BUILD_BUDGET = 20.0     # seconds for both languages (issue 12: `make build` <= 20 s)


def build_site(site_dir: Path) -> float:
    """``mkdocs build --strict`` into site_dir, as `make build` runs it: the
    Chinese site, whose ptdocs-english plugin builds the English one into
    site_dir/en. Returns the seconds it took."""
    start = time.perf_counter()
    proc = subprocess.run(
        # (no -q: it would hide the warnings that --strict counts)
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site_dir)],
        cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    assert proc.returncode == 0, f"mkdocs build --strict failed:\n{proc.stderr}"
    return seconds


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """Both languages built once per run: xdist workers share one build."""
    import fcntl

    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent          # the run's folder, common to all workers
    site = shared / "built-site"
    with open(shared / "built-site.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (shared / "built-site.ok").exists():
            shutil.rmtree(site, ignore_errors=True)
            seconds = build_site(site)
            (shared / "built-site.ok").touch()
            report.measured(f"mkdocs build --strict, both languages: {seconds:.1f} s"
                            + (f" (over the {BUILD_BUDGET:.0f} s budget)"
                               if seconds > BUILD_BUDGET else ""))
    return site


# Costs and sizes that tests measure (ptdocs/report.py), printed
# together at the end of the run. Under xdist, each worker hands its lines to
# the controller when it finishes.
@pytest.fixture(scope="session")
def measured():
    """measured(line): print a cost or size now and again at the end of the run."""
    return report.measured


def pytest_sessionfinish(session):
    if hasattr(session.config, "workeroutput"):
        session.config.workeroutput["measurements"] = list(report.MEASUREMENTS)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    report.MEASUREMENTS.extend(getattr(node, "workeroutput", {}).get("measurements", []))


def pytest_terminal_summary(terminalreporter):
    if report.MEASUREMENTS:
        terminalreporter.section("measurements")
        for line in report.MEASUREMENTS:
            terminalreporter.line(line)


@pytest.fixture(scope="session")
def shell_env():
    """The environment of the pages' shell blocks (read-only): offline, `python`
    the interpreter running the tests, deprecations as errors. Copy it to
    change it: ``{**shell_env, "OMP_NUM_THREADS": "1"}``."""
    return MappingProxyType(runner.shell_env())


@pytest.fixture(scope="session")
def warm_python():
    """This process's warm interpreter (ptdocs/warm_python.py):
    ``warm_python.env_for(env)`` makes `python` on PATH fork it."""
    return runner.warm_python()


@pytest.fixture
def workdir():
    """A fresh working directory that looks like the repository root."""
    work = offline.make_workdir("test")
    yield work
    shutil.rmtree(work, ignore_errors=True)
