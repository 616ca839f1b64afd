"""Shared fixtures for the suite's own tests (the docs pages are collected by
tests/harness/plugin.py, loaded from pyproject.toml)."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.harness import offline
from tests.harness.pages import ROOT

CONFIGS = {"zh": "mkdocs.yml", "en": "mkdocs.en.yml"}


def build_site(site_dir: Path) -> dict[str, float]:
    """``mkdocs build --strict`` for each language into site_dir; seconds each."""
    seconds = {}
    for lang, config in CONFIGS.items():  # zh first: it owns the site root
        target = site_dir if lang == "zh" else site_dir / "en"
        start = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", config,
             "-d", str(target)], cwd=ROOT, capture_output=True, text=True)
        seconds[lang] = time.perf_counter() - start
        assert proc.returncode == 0, f"mkdocs build --strict ({lang}) failed:\n{proc.stderr}"
    return seconds


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("site")
    seconds = build_site(site)
    print("mkdocs build --strict: " + ", ".join(f"{k} {v:.1f} s" for k, v in seconds.items()))
    return site


@pytest.fixture
def workdir():
    """A fresh working directory that looks like the repository root."""
    import shutil

    work = offline.make_workdir("test")
    yield work
    shutil.rmtree(work, ignore_errors=True)
