"""The save-load chapter quotes error messages that its blocks cannot check
word for word: one is long and full of terminal colour codes, the other needs a
CUDA checkpoint, which CI's CPUs cannot make. These tests keep the quotes true."""

from __future__ import annotations

import pickle

import pytest
import torch

from ptdocs import pages
from ptdocs.pages import ROOT
from ptdocs.runner import run_snippet

PAGES = [pages.LANGUAGES[lang] / "save-load.md" for lang in ("zh", "en")]


def quoted(prefix: str) -> list[str]:
    """The lines of both pages that start with ``prefix``."""
    lines = [line for page in PAGES for line in page.read_text(encoding="utf-8").splitlines()
             if line.startswith(prefix)]
    assert len(lines) == len(PAGES), f"each page should quote {prefix!r} once"
    return lines


def test_loading_a_whole_model_file(workdir):
    # Program 1 saves the whole model; Decade is a class of its __main__.
    run_snippet(ROOT / "snippets/save_load/save_two_ways.py", workdir)

    # weights_only=True, the default: refused, with the sentences the page quotes.
    with pytest.raises(pickle.UnpicklingError) as excinfo:
        torch.load(workdir / "decade_method1.pth")
    text = str(excinfo.value)
    key = ("Unsupported global: GLOBAL __main__.Decade was not an allowed global "
           "by default")
    assert text.startswith("Weights only load failed") and key in text
    for page in PAGES:
        prose = " ".join(page.read_text(encoding="utf-8").split())
        assert "`Weights only load failed`" in prose and f"`{key}`" in prose, page


@pytest.mark.skipif(torch.cuda.is_available(), reason="the message is for CPU-only machines")
def test_cuda_checkpoint_on_a_cpu_only_machine():
    # What torch.load does with each storage that a file tags "cuda:0".
    with pytest.raises(RuntimeError) as excinfo:
        torch.serialization.default_restore_location(torch.UntypedStorage(4), "cuda:0")
    for line in quoted("RuntimeError: Attempting to deserialize"):
        assert line == f"RuntimeError: {excinfo.value}"
