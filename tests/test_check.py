"""`make check CHAPTER=<slug>` (ptdocs/check.py) names each mistake a
contributor makes by file and line. Here on a copy of the project, with the
checks that run nothing (a clean chapter and an unknown one: in this process,
on this checkout); the blocks' own failures (wrong output, an error) are
tests/test_harness.py's."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import pytest

from ptdocs.pages import ROOT


@pytest.fixture(scope="module")
def copy(tmp_path_factory):
    root = tmp_path_factory.mktemp("check") / "repo"
    root.mkdir()
    for name in ("mkdocs.yml", "mkdocs.en.yml"):
        shutil.copy(ROOT / name, root / name)
    for name in ("docs", "snippets"):
        shutil.copytree(ROOT / name, root / name, ignore=shutil.ignore_patterns("__pycache__"))
    return root


def check(root, *slugs) -> tuple[int, str]:
    proc = subprocess.run([sys.executable, "-m", "ptdocs.check", "--no-run", *slugs],
                          cwd=root, capture_output=True, text=True, timeout=120)
    return proc.returncode, proc.stdout + proc.stderr


def edit(path, old, new, count=1):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    return text


def first_include(page):
    """(the include's text, snippet path, section, page line) of the page's first include."""
    text = page.read_text("utf-8")
    m = re.search(r'--8<-- "(snippets/[\w/]+\.py):(\w+)"', text)
    return m[0], m[1], m[2], text[:m.start()].count("\n") + 1


def add_block_before_second_heading(page, fence) -> int:
    """Insert a block; the page line it lands on."""
    text = page.read_text("utf-8")
    at = text.index("\n## ", text.index("```python")) + 1
    page.write_text(text[:at] + fence + "\n" + text[at:], encoding="utf-8")
    return text[:at].count("\n") + 1


def test_each_mistake_at_its_line(copy):
    """The mistakes of a contributor, one chapter each, in one run of the
    checks that run nothing: each is named at its file and line."""
    def page(lang, slug):
        return copy / "docs" / lang / f"{slug}.md"

    # 1. a misspelled include section (reshaping)
    include, path, section, line = first_include(page("zh", "reshaping"))
    edit(page("zh", "reshaping"), include, include.replace(f":{section}", ":clmap"))
    # 2. a block only in the Chinese page: the first block that does not match (samplers)
    fence = "```python\nprint(torch.clamp(torch.tensor([-2.0, 0.5, 3.0]), 0, 1))\n```\n"
    added = add_block_before_second_heading(page("zh", "samplers"), fence)
    # 3. the same block in both languages: the notebooks are stale, with a diff (pooling)
    for lang in ("zh", "en"):
        add_block_before_second_heading(page(lang, "pooling"), fence)
    # 4. the section's markers escaped in the snippet, as contributing.md's raw
    # example shows them (pymdownx.snippets' `;`): they mark nothing (linear)
    e_include, e_path, e_section, _ = first_include(page("en", "linear"))
    edit(copy / e_path, f"# --8<-- [start:{e_section}]", f"# ;--8<-- [start:{e_section}]")
    # 5. a link to a heading that does not exist (activations)
    edit(page("en", "activations"), "\n## ", "\nSee [the rules](#no-such-heading).\n\n## ")

    code, out = check(copy, "reshaping", "samplers", "pooling", "linear", "activations")
    assert code == 1 and "Traceback" not in out, out
    # Those mistakes and nothing else (the five chapters were clean before):
    # the notebooks of both languages are stale, and the escaped markers
    # break the include of both languages' pages.
    named = [line for line in out.splitlines() if re.match(r"(docs|snippets)/\S+:\d+: ", line)]
    assert f"== ptdocs.check reshaping samplers pooling linear activations: {len(named)} " \
        "problem(s)" in out, out
    assert sorted(re.sub(r"/(zh|en)/", "/*/", line.split(":")[0]) for line in named) == [
        "docs/*/activations.md", "docs/*/linear.md", "docs/*/linear.md",
        "docs/*/reshaping.md", "docs/*/samplers.md", "docs/notebooks/*/pooling.ipynb",
        "docs/notebooks/*/pooling.ipynb"], out
    assert f"docs/zh/reshaping.md:{line}: includes section 'clmap' of {path}" in out, out
    assert re.search(rf"docs/zh/samplers\.md:{added}: block \d+ is missing from "
                     r"docs/en/samplers\.md \(it belongs before docs/en/samplers\.md:\d+\)",
                     out), out
    assert "docs/notebooks/en/pooling.ipynb:1: differs from its page" in out, out
    assert "torch.clamp" in out.split("pooling.ipynb:1: differs from its page", 1)[1], out
    assert (f"includes section '{e_section}' of {e_path}, which has no [start:{e_section}] "
            "marker") in out, out
    assert re.search(r"docs/en/activations\.md:\d+: links to #no-such-heading", out), out


def test_a_clean_chapter_has_no_problem(capsys):
    """This checkout's chapter, in this process (a second interpreter would
    cost seconds of start-up for the same code)."""
    from ptdocs import check as ptdocs_check

    assert ptdocs_check.main(["--no-run", "reshaping"]) == 0
    out = capsys.readouterr().out
    assert "== ptdocs.check reshaping: 0 problem(s)" in out, out


def test_an_unknown_chapter_is_one_line(capsys):
    from ptdocs import check as ptdocs_check

    assert ptdocs_check.main(["--no-run", "reshapping"]) == 2
    captured = capsys.readouterr()
    out = captured.out + captured.err
    assert out.strip().count("\n") == 0 and "no page docs/zh/reshapping.md" in out, out
