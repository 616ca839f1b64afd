"""Every file in snippets/ is a real, standalone script, and every one is on a page."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from ptdocs import markers, pages
from ptdocs.pages import ROOT
from ptdocs.runner import run_snippet

SNIPPETS = sorted((ROOT / "snippets").rglob("*.py"))

# Programs that take command-line arguments run here with small settings;
# their full behaviour has tests of its own. A value may also be a function
# of the working directory (to prepare an input file first) returning the args.
SCRIPT_ARGS: dict[str, list[str] | Callable[[Path], list[str]]] = {
    # With no log yet it trains first (4 epochs for the site's picture); one
    # epoch shows that it does, and its figure is the chapter's to check.
    "snippets/training/plot_curves.py": ["--epochs", "1"],
}


def run_as_scripts_elsewhere() -> dict[str, str]:
    """Snippets that other tests already run as scripts, in a fresh working
    directory: {path: where}. Running them here again would only repeat that.

    - a page's shell block runs ``python snippets/x.py ...`` (in its
      chapter's run, or in-process for a page without a notebook);
    - a page's first block is a whole file: it runs as ``__main__`` in a
      fresh working directory (the chapter's kernel after its reset), as a
      script would."""
    where = {}
    for page in pages.all_pages()["zh"]:
        try:
            blocks = pages.extract(page)
        except pages.PageError:
            continue        # the page's own items report it, at its line

        first = next((b for b in blocks if not any("skip" in m for m in b.marks)), None)
        if (first is not None and first.lang == "python" and len(first.includes) == 1
                and ":" not in first.includes[0]):
            where[first.includes[0]] = f"{page.relative_to(ROOT)} {first.name}"
        for block in blocks:
            if block.lang != "python" and not any("skip" in m for m in block.marks):
                for path in re.findall(r"\bpython3? (snippets/\S+\.py)", block.code):
                    where.setdefault(path, f"{page.relative_to(ROOT)} {block.name}")
    return where


ELSEWHERE = run_as_scripts_elsewhere()


def included_targets() -> list[tuple[str, str]]:
    return [(page.relative_to(ROOT).as_posix(), target)
            for lang_pages in pages.all_pages().values()
            for page in lang_pages
            for target in pages.include_targets(page)]


def demonstrated_errors() -> dict[str, type[BaseException]]:
    """{path: exception} for the snippets that exist to show an error: every
    block that includes the whole file expects that exception
    (``pytest.mark.xfail(raises=...)``), so run as a script it must raise it."""
    found: dict[str, set] = {}
    for lang_pages in pages.all_pages().values():
        for page in lang_pages:
            try:
                blocks = pages.extract(page)
            except pages.PageError:
                continue        # the page's own items report it, at its line
            for block in blocks:
                for target in block.includes:
                    if ":" not in target:
                        found.setdefault(target, set()).add(
                            markers.expected_exception(block.marks))
    return {path: raised.pop() for path, raised in found.items()
            if len(raised) == 1 and None not in raised}


DEMONSTRATED = demonstrated_errors()


@pytest.mark.parametrize("snippet", [s for s in SNIPPETS
                                     if s.relative_to(ROOT).as_posix() not in ELSEWHERE],
                         ids=lambda p: p.relative_to(ROOT).as_posix())
def test_snippet_runs_as_a_script(snippet, workdir):
    rel = snippet.relative_to(ROOT).as_posix()
    args = SCRIPT_ARGS.get(rel, [])
    if rel in DEMONSTRATED:
        with pytest.raises(DEMONSTRATED[rel]):
            run_snippet(snippet, workdir, args(workdir) if callable(args) else args)
        return
    run_snippet(snippet, workdir, args(workdir) if callable(args) else args)


def test_the_others_run_as_scripts_elsewhere():
    """The snippets left out above: which test runs each one as a script."""
    assert ELSEWHERE, "expected some snippets to run as scripts elsewhere"
    for path, where in sorted(ELSEWHERE.items()):
        assert (ROOT / path).is_file(), f"{where} runs {path}, which does not exist"
        print(f"{path}: run as a script by {where}")


def test_every_snippet_is_on_a_page():
    included = {t.split(":")[0] for _, t in included_targets()}
    orphans = [p.relative_to(ROOT).as_posix() for p in SNIPPETS
               if p.relative_to(ROOT).as_posix() not in included]
    assert not orphans, f"snippet files that no page includes: {orphans}"


def test_every_include_points_somewhere():
    broken = [problem for lang_pages in pages.all_pages().values() for page in lang_pages
              for problem in pages.include_problems(page)]
    assert not broken, "includes that point nowhere:\n" + "\n".join(broken)


def test_snippets_and_tests_pass_ruff():
    proc = subprocess.run([sys.executable, "-m", "ruff", "check", "snippets", "tests"],
                          cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
