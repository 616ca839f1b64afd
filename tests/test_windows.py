"""Every shell command on a learner page works on Windows too.

A shell block on a learner page (the chapters and the home page; not the
appendix pages about the site itself) passes in one of two ways, the rule the
home page states to the reader:

1. one form that works everywhere: each line one command, starting a program
   that Anaconda Prompt, PowerShell and a Unix shell all run the same way
   (``python``, ``pip``, ``conda``, ``tensorboard`` ...), with no shell syntax
   (pipes, redirections, ``&&``, ``$``, ``\\`` continuations, single quotes,
   globs, ``~``);
2. or it sits in a content tab (``=== "..."``) whose group has a sibling tab
   with the Windows form: a ``powershell`` (or ``bat``, Anaconda Prompt) fence.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from ptdocs import pages

PORTABLE = {"python", "pip", "conda", "tensorboard", "ipython", "jupyter",
            "nvidia-smi", "mkdocs"}
SHELL = {"bash", "sh", "shell", "console"}
WINDOWS = {"powershell", "bat"}
NOT_LEARNER = {"verification", "contributing"}
TAB = re.compile(r"^(?P<indent>[ \t]*)===\+? \"(?P<label>[^\"]*)\"")
# What only a Unix shell understands: outside double quotes, and ($, `) anywhere
# (PowerShell expands them inside double quotes, differently).
UNIX_ONLY = re.compile(r"[|<>;&*~']|\\$")
EXPANDED = re.compile(r"[$`]")

LEARNER_PAGES = [p for ps in pages.all_pages().values() for p in ps
                 if p.stem not in NOT_LEARNER]


def why_not_portable(code: str) -> str | None:
    """None when every line is one command a Windows prompt runs as it is."""
    for line in code.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        line = line.split(" #")[0]
        if UNIX_ONLY.search(re.sub(r'"[^"]*"', '""', line)) or EXPANDED.search(line):
            return f"shell syntax in {line.strip()!r}"
        program = shlex.split(line, comments=True)[0]
        if program not in PORTABLE:
            return f"{program!r} is not one of {sorted(PORTABLE)}"
    return None


def indent_of(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def tab_group(lines: list[str], at: int) -> tuple[int, list[int]] | None:
    """For the fence opening on line ``at``: (index of the tab it is in, the
    indices of every tab line of its group), or None if it is in no tab."""
    width = indent_of(lines[at]) - 4
    if width < 0:
        return None
    own = None
    for j in range(at - 1, -1, -1):
        line = lines[j]
        m = TAB.match(line)
        if m and indent_of(line) == width:
            own = j
            break
        if line.strip() and indent_of(line) <= width:
            return None
    if own is None:
        return None
    group = []
    for step in (-1, 1):
        j = own
        while 0 <= j < len(lines):
            line = lines[j]
            if TAB.match(line) and indent_of(line) == width:
                group.append(j)
            elif line.strip() and indent_of(line) <= width:
                break
            j += step
    return own, sorted(set(group))


def windows_sibling(lines: list[str], fences: list[pages.Fence], at: int) -> bool:
    found = tab_group(lines, at)
    if found is None:
        return False
    own, group = found
    ends = group[1:] + [len(lines)]
    for start, end in zip(group, ends):
        if start == own:
            continue
        if any(start < f.start < end and f.lang in WINDOWS for f in fences):
            return True
    return False


def shell_blocks(page: Path):
    lines = page.read_text(encoding="utf-8").splitlines()
    fences = pages.scan_fences(lines)
    for fence in fences:
        if fence.lang in SHELL:
            yield lines, fences, fence


def test_the_rule_tells_the_kinds_apart():
    assert why_not_portable("python snippets/x.py --epochs 1") is None
    assert why_not_portable('python -c "import torch; print(torch.__version__)"') is None
    assert why_not_portable("make test")
    assert why_not_portable(".venv/bin/python snippets/x.py")
    assert why_not_portable("python a.py 2>&1 >out.txt || echo $?")
    assert why_not_portable("python a.py \\")
    assert why_not_portable("python -c 'import torch'")
    lines = ['=== "Windows"', "", "    ```powershell", "    ls", "    ```", "",
             '=== "Linux"', "", "    ```bash", "    ls", "    ```", "", "after"]
    fences = pages.scan_fences(lines)
    assert windows_sibling(lines, fences, 8)
    assert not windows_sibling(lines, fences, 2)       # (the PowerShell one itself)


@pytest.mark.parametrize("page", LEARNER_PAGES,
                         ids=[p.relative_to(pages.DOCS).as_posix() for p in LEARNER_PAGES])
def test_every_shell_block_has_a_windows_form(page):
    missing = []
    for lines, fences, fence in shell_blocks(page):
        code = "\n".join(line[indent_of(lines[fence.start]):]
                         for line in lines[fence.start + 1:fence.end])
        reason = why_not_portable(code)
        if reason and not windows_sibling(lines, fences, fence.start):
            missing.append(f"line {fence.start + 1}: {reason}, and no sibling tab "
                           f"with a powershell or bat block")
    assert not missing, f"{page.relative_to(pages.ROOT)}:\n" + "\n".join(missing)


def test_learner_pages_have_shell_blocks_to_check():
    """The scan finds the shell blocks (so the test above is not empty)."""
    counted = sum(1 for p in LEARNER_PAGES for _ in shell_blocks(p))
    assert counted >= 30, counted
