"""`make check CHAPTER=<slug>` (ptdocs/check.py) names each mistake a
contributor makes by file and line. Here on a copy of the project, with the
checks that run nothing; the blocks' own failures (wrong output, an error) are
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


def test_four_mistakes_each_at_its_line(copy):
    zh, en = copy / "docs" / "zh" / "reshaping.md", copy / "docs" / "en" / "reshaping.md"
    code, out = check(copy, "reshaping")
    assert code == 0 and "0 problem(s)" in out, out

    # 1. a misspelled include section
    m = re.search(r'--8<-- "(snippets/reshaping/\w+\.py):(\w+)"', zh.read_text("utf-8"))
    line = zh.read_text("utf-8")[:m.start()].count("\n") + 1
    original = edit(zh, m[0], m[0].replace(f":{m[2]}", ":clmap"))
    code, out = check(copy, "reshaping")
    assert code == 1
    assert f"docs/zh/reshaping.md:{line}: includes section 'clmap' of {m[1]}" in out, out
    zh.write_text(original, encoding="utf-8")

    # 2. a block only in the Chinese page: the first block that does not match, in each page
    fence = "```python\nprint(torch.clamp(torch.tensor([-2.0, 0.5, 3.0]), 0, 1))\n```\n"
    text = zh.read_text("utf-8")
    at = text.index("\n## ", text.index("```python")) + 1
    zh.write_text(text[:at] + fence + "\n" + text[at:], encoding="utf-8")
    line = text[:at].count("\n") + 1
    code, out = check(copy, "reshaping")
    assert code == 1
    assert re.search(rf"docs/zh/reshaping\.md:{line}: block \d+ is missing from "
                     r"docs/en/reshaping\.md \(it belongs before docs/en/reshaping\.md:\d+\)",
                     out), out

    # 3. the same block in English too: now the notebooks are stale, with a diff
    text = en.read_text("utf-8")
    at = text.index("\n## ", text.index("```python")) + 1
    en.write_text(text[:at] + fence + "\n" + text[at:], encoding="utf-8")
    code, out = check(copy, "reshaping")
    assert code == 1
    assert "docs/notebooks/en/reshaping.ipynb:1: differs from its page" in out, out
    assert "+    \"print(torch.clamp(" in out or "+print(torch.clamp(" in out \
        or "torch.clamp" in out.split("differs from its page", 1)[1], out
    zh.write_text(original, encoding="utf-8")
    en.write_text(text, encoding="utf-8")

    # 1b. the section's markers escaped in the snippet, as contributing.md's
    # raw example shows them (pymdownx.snippets' `;`): they mark nothing
    snippet = copy / m[1]
    text = snippet.read_text("utf-8")
    snippet.write_text(text.replace(f"# --8<-- [start:{m[2]}]", f"# ;--8<-- [start:{m[2]}]"),
                       encoding="utf-8")
    code, out = check(copy, "reshaping")
    assert code == 1 and "Traceback" not in out, out
    assert f"includes section '{m[2]}' of {m[1]}, which has no [start:{m[2]}] marker" in out, out
    snippet.write_text(text, encoding="utf-8")

    # 4. a link to a heading that does not exist
    old = edit(en, "\n## ", "\nSee [the rules](#no-such-heading).\n\n## ")
    code, out = check(copy, "reshaping")
    assert code == 1
    assert re.search(r"docs/en/reshaping\.md:\d+: links to #no-such-heading", out), out
    en.write_text(old, encoding="utf-8")


def test_an_unknown_chapter_is_one_line(copy):
    code, out = check(copy, "reshapping")
    assert code == 2
    assert out.strip().count("\n") == 0 and "no page docs/zh/reshapping.md" in out, out
