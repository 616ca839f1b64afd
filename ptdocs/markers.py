"""The marker syntax a page's author writes above a block, all of it here.

    <!--pytest-codeblocks:cont-->                  this fence continues the block above
    <!--pytest-codeblocks:expected-output-->       the next fence is what the block prints
    <!--pytest.mark.skip(reason="...")-->          not run, with a reason the page shows
    <!--pytest.mark.skipif(cond, reason="...")-->  run only where cond is false
    <!--pytest.mark.xfail(raises=E, strict=True)-->  the block demonstrates E (an error,
                                                   or a warning such as UserWarning)
    <!--notebook.output_varies(reason="...")-->    what the block prints differs from run
                                                   to run (timings, progress bars); the
                                                   notebook says so above its cell

The last one is ours, not pytest-codeblocks' (which ignores it): the notebooks
(ptdocs/notebooks.py) mark the cell, and the comparison of their stored
outputs with a fresh run (ptdocs/execute.py) skips its text.

Where the work is split: pytest-codeblocks (pinned >=0.18,<0.19) reads these
comments when ``pages.extract`` hands it a page: it joins ``cont`` fences,
attaches the expected output and keeps each ``pytest.mark.*`` comment as a
string. This module holds what it cannot do: refuse the forms that would hide
a block or xfail it loosely, find skip reasons (for the pages' notes in
ptdocs/site/page_notes.py, the notebooks and the language check), count ``cont`` fences
(pytest-codeblocks joins them silently), and turn a marker string into a
pytest mark (the only ``eval`` of the engine). Only ``re`` is imported at
the top: the site build imports it on every build.
"""

from __future__ import annotations

import re

# pytest-codeblocks' own keyword comments, as its parser matches them.
CONT = re.compile(r"^\s*<!--[-\s]*pytest-codeblocks:\s*cont\b", re.M)
# Any marker line (notebooks drop them from the prose; the reader never sees them).
MARKER = re.compile(r"^[ \t]*<!--[-\s]*(pytest-codeblocks:|pytest\.mark\.|notebook\.).*-->[ \t]*$",
                    re.M)
VARIES = re.compile(r"^[ \t]*<!--[-\s]*notebook\.output_varies\((?P<args>.*)\)[-\s]*-->[ \t]*$")
SKIPFILE = re.compile(r"^\s*<!--[-\s]*pytest-codeblocks:\s*skipfile\s*-->\s*$")
# pytest-codeblocks' own skips and its non-strict xfail: refused, see pages.extract.
REFUSED = re.compile(r"<!--[-\s]*pytest-codeblocks:\s*(skip\b|skipif|importorskip|expect-)")
SKIP = re.compile(r"^(?P<indent>[ \t]*)<!--[-\s]*pytest\.mark\.(?P<kind>skip|skipif)\b"
                  r"(?P<args>.*?)-->\s*$", re.M)
REASON = re.compile(r"""reason=(?P<q>["'])(?P<reason>.*?)(?P=q)""")


def reason(text: str) -> str | None:
    """The ``reason="..."`` in a marker (or a marker line), if it has one."""
    m = REASON.search(text)
    return m["reason"] if m else None


def without_reason(mark: str) -> str:
    """The marker with its reason (prose in the page's language) left out."""
    return REASON.sub("reason=...", mark)


def skipped(marks: list[str]) -> str | None:
    """The reason when a skip or skipif marker is among a block's marks, else None."""
    for mark in marks:
        m = SKIP.match(f"<!--{mark}-->")
        if m:
            return reason(m["args"]) or ""
    return None


def evaluate(mark: str):
    """A ``pytest.mark.*`` string as the pytest mark it names. A skipif
    condition may ask ``shutil.which("nvidia-smi")`` or ``sys.platform``."""
    import shutil
    import subprocess
    import sys

    import pytest

    return eval(mark, {"pytest": pytest, "sys": sys, "shutil": shutil,
                       "subprocess": subprocess})


def expected_exception(marks: list[str]) -> type[BaseException] | None:
    """The exception (or warning) a block's xfail marker says it raises."""
    for mark in marks:
        if "xfail" in mark:
            raises = evaluate(mark).mark.kwargs.get("raises", Exception)
            return raises[0] if isinstance(raises, tuple) else raises
    return None


def varies(line: str) -> str | None:
    """The reason when ``line`` is a notebook.output_varies marker, else None."""
    m = VARIES.match(line)
    return None if m is None else (reason(m["args"]) or "")
