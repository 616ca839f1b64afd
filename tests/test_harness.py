"""The harness itself: nothing on a page escapes execution, and a broken block fails.

The unit tests feed small pages to the extractor. The end-to-end test breaks
the real Transforms page in a copy of the repository, in every kind of place a
block can sit, and checks that pytest fails exactly there. A broken block fails
alike as a page block and as a notebook cell: one rule (verdict.py) judges both.
"""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import nbformat
import pytest

from ptdocs import chapters, pages, verdict
from ptdocs.pages import ROOT, PageError


def page(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "page.md"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def codes(tmp_path, text):
    return [(b.lang, b.code) for b in pages.extract(page(tmp_path, text))]


def test_every_fence_form_is_collected(tmp_path):
    blocks = codes(tmp_path, '''
        ```python title="a.py"
        a = 1
        ```

        ```py hl_lines="1"
        b = 2
        ```

        ```{ .python linenums="1" }
        c = 3
        ```

        ```shell
        echo d
        ```

        ```text
        not code
        ```
        ''')
    assert blocks == [("python", "a = 1\n"), ("python", "b = 2\n"),
                      ("python", "c = 3\n"), ("sh", "echo d\n")]


def test_blocks_in_admonitions_details_and_tabs_are_collected(tmp_path):
    blocks = codes(tmp_path, '''
        !!! note "n"

            ```python
            in_admonition = 1
            ```

        ??? success "s"

            ```py title="x"
            in_details = 1
            ```

        === "Tab A"

            ```python
            in_tab = 1
            ```

        === "Tab B"

            ```bash
            echo in_tab_b
            ```
        ''')
    assert [c for _, c in blocks] == ["in_admonition = 1\n", "in_details = 1\n",
                                      "in_tab = 1\n", "echo in_tab_b\n"]


def test_includes_are_expanded_with_the_site_options(tmp_path):
    [block] = pages.extract(page(tmp_path, '''
        ```python title="snippets/transforms/resize.py"
        --8<-- "snippets/transforms/resize.py:tensor"
        ```
        '''))
    assert "transforms.Resize((256, 256))(tensor_img).shape" in block.code
    assert "--8<--" not in block.code
    assert block.includes == ["snippets/transforms/resize.py:tensor"]


@pytest.mark.parametrize("text, message", [
    ('~~~python\nx = 1\n~~~\n', "~~~ fences are never run"),
    ('```\nx = 1\n```\n', "needs a language"),
    ('```pycon\n>>> 1\n```\n', "unknown fence language"),
    ('<!--pytest.mark.skip-->\n```python\nx = 1\n```\n', "needs a visible reason"),
    ('<!--pytest-codeblocks:skip-->\n```python\nx = 1\n```\n', "instead"),
    ('<!--pytest-codeblocks:skipfile-->\n```python\nx = 1\n```\n', "skipfile"),
    ('```python\n--8<-- "snippets/transforms/nosuch.py"\n```\n',
     ":2: includes snippets/transforms/nosuch.py, which does not exist"),
    ('```python\n--8<-- "snippets/transforms/resize.py:nosuch"\n```\n',
     ":2: includes section 'nosuch' of snippets/transforms/resize.py, which has no "
     "[start:nosuch] or [end:nosuch] marker (its sections: "),
    ('```python\n;--8<-- "snippets/transforms/resize.py:tensor"\n```\n',
     ":2: an escaped include (;--8<--) in a python block would run as code"),
    ('```python\nx = 1\n```\n<!--pytest-codeblocks:expected-output-->\n```python\n1\n```\n',
     "escape execution"),
])
def test_what_would_escape_execution_is_an_error(tmp_path, text, message):
    with pytest.raises(PageError, match=re.escape(message)):
        pages.extract(page(tmp_path, text))


# --- end to end: break the real Transforms page, block by block --------------

PROBE = 'raise RuntimeError("harness probe: {}")'

# (where in the page, what to inject after the line that contains `anchor`)
INJECTIONS = {
    "fence with a title": ('--8<-- "snippets/transforms/compose.py:compose"', PROBE),
    # before the line that raises the TypeError the block demonstrates
    "py fence": ('import transforms\n\nimg = Image.open("snippets/photos/cat.jpg")\n'
                 'tensor_img = transforms.ToTensor(img)', PROBE),
    "admonition": ('--8<-- "snippets/transforms/exercise_grayscale.py:solution"', PROBE),
    "collapsible block": ('--8<-- "snippets/transforms/exercise_imagenet_pipeline.py:solution"',
                          PROBE),
    "content tab": ('--8<-- "snippets/transforms/resize.py:tensor"', PROBE),
    "deprecation warning": ('--8<-- "snippets/transforms/write_to_tensorboard.py:write"',
                            'import warnings; warnings.warn("old API", DeprecationWarning)'),
    "network": ('--8<-- "snippets/transforms/write_to_tensorboard.py:check"',
                'import urllib.request; urllib.request.urlopen("http://example.com", timeout=5)'),
}


def inject(text: str, anchor: str, code: str) -> str:
    """Insert `code` after the anchor's lines; before its last one if it has several."""
    lines = text.split("\n")
    parts = anchor.split("\n")
    for i in range(len(lines)):
        if all(a in lines[i + k] for k, a in enumerate(parts) if i + k < len(lines)):
            at = i + len(parts) - (1 if len(parts) > 1 else 0)
            indent = re.match(r"\s*", lines[at - 1]).group(0)
            lines.insert(at, indent + code)
            return "\n".join(lines)
    raise AssertionError(f"anchor not found: {anchor!r}")


def test_breaking_any_block_of_the_transforms_page_fails_the_suite(tmp_path, shell_env):
    copy = tmp_path / "repo"
    copy.mkdir()
    for name in ("pyproject.toml", "mkdocs.yml", "mkdocs.en.yml"):
        shutil.copy(ROOT / name, copy / name)
    for name in ("docs", "snippets", "tests"):
        shutil.copytree(ROOT / name, copy / name,
                        ignore=shutil.ignore_patterns("__pycache__", "images"))

    # The same breakage in both languages (a chapter runs once, from the
    # English page; the Chinese page's blocks are judged from that run).
    targets = [copy / "docs" / lang / "transforms.md" for lang in ("zh", "en")]
    for target in targets:
        text = target.read_text(encoding="utf-8")
        for kind, (anchor, code) in INJECTIONS.items():
            text = inject(text, anchor, code.format(kind))
        # Output the page shows that the code no longer prints:
        text = text.replace("torch.Size([3, 128, 128])\nTrue\nFalse",
                            "torch.Size([3, 128, 128])\nTrue\nTrue")
        target.write_text(text, encoding="utf-8")
    # A raise inside an included snippet section:
    snippet = copy / "snippets" / "transforms" / "normalize.py"
    snippet.write_text(snippet.read_text().replace(
        "# --8<-- [end:normalize]",
        PROBE.format("included snippet section") + "\n# --8<-- [end:normalize]"))

    # A fresh interpreter (the warm one has the engine loaded for this
    # checkout, not the copy); -n 0: one process. --codeblocks, as
    # pytest-codeblocks' README has doc-test users write it: each block must
    # still run once, as rendered. No warm interpreter in there: the page's
    # one shell block (tensorboard) is skipped, so no `python` would use it,
    # and starting one costs about 3.5 CPU-s.
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "--codeblocks", "docs/zh/transforms.md",
         "docs/en/transforms.md", "-p", "no:cacheprovider", "-n", "0", "-q", "-rf",
         "--tb=long"],
        cwd=copy, capture_output=True, text=True, timeout=300,
        env={**shell_env, "PTDOCS_WARM_PYTHON": "0"})
    out = proc.stdout
    assert proc.returncode == 1, out[-3000:]

    for target in targets:
        lang = target.parent.name
        failed = re.findall(rf"^FAILED docs/{lang}/transforms\.md::(block \d+)", out, re.M)
        # Which blocks must fail (pages.extract reads snippets from this checkout,
        # so the broken snippet section is found by its include).
        expected = {}
        for b in pages.extract(target):
            short = b.name.split(" (")[0]
            if any(code.format(kind) in b.code for kind, (_, code) in INJECTIONS.items()):
                expected[short] = b.code
            if "snippets/transforms/normalize.py:normalize" in b.includes:
                expected[short] = "included snippet section"
            if "RandomCrop(128)" in b.code and b.expected_output:
                expected[short] = "output"
        assert sorted(failed) == sorted(expected), (lang, failed, expected, out[-3000:])
        assert len(expected) == len(INJECTIONS) + 2
    # (pytest-codeblocks' own items are named "line N": none may run)
    assert "transforms.md::line " not in out, out[-3000:]

    for kind in ["fence with a title", "py fence", "admonition", "collapsible block",
                 "content tab", "included snippet section"]:
        assert f"harness probe: {kind}" in out
    assert "DeprecationWarning: old API" in out
    assert "offline test tried to reach the network: example.com" in out
    assert "printed output differs from the page" in out


def test_a_chinese_block_that_differs_from_the_english_one_fails_at_its_line():
    """The chapter runs from the English page: a Chinese block with other code
    must not pass on the strength of the English run."""
    zh = pages.extract(ROOT / "docs" / "zh" / "transforms.md")
    assert chapters.not_the_code_that_runs(zh[1]) is None
    block = dataclasses.replace(zh[1], code=zh[1].code + "\nprint('only in Chinese')\n")
    assert re.match(r"its code differs from docs/en/transforms\.md:\d+ \(block 2\)",
                    chapters.not_the_code_that_runs(block))
    # comments are the page's own language
    commented = dataclasses.replace(zh[1], code=zh[1].code + "\n# 只是注释\n")
    assert chapters.not_the_code_that_runs(commented) is None


# --- one rule for page blocks and notebook cells ------------------------------

BROKEN = """
```python
print(1 + 1)
```

<!--pytest-codeblocks:expected-output-->
```text
3
```

```python
import warnings

print("one")
warnings.warn("old API", DeprecationWarning)
print("two")
```

<!--pytest-codeblocks:expected-output-->
```text
one
two
```
"""


def test_a_broken_block_fails_alike_on_a_page_and_in_a_notebook(tmp_path, request):
    from nbclient import NotebookClient

    path = page(tmp_path, BROKEN)
    blocks = pages.extract(path)
    # As a page block: the plugin's own items, under the suite's warning filters.
    from ptdocs import pytest_plugin as plugin
    doc = plugin.DocPage.from_parent(request.session, path=path)
    doc.setup()
    on_page = []
    try:
        for item in doc.collect():
            with pytest.raises(AssertionError) as failed:
                item.runtest()
            on_page.append(str(failed.value))
    finally:
        doc.teardown()
    # As notebook cells, in one kernel set up as tests/test_notebooks.py sets its own.
    cells = [nbformat.v4.new_code_cell(verdict.SHOW_DEPRECATIONS)]
    cells += [nbformat.v4.new_code_cell(b.code) for b in blocks]
    node = nbformat.v4.new_notebook(cells=cells)
    NotebookClient(node, kernel_name="python3", timeout=60, allow_errors=False,
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    in_notebook = [verdict.check(b, *verdict.from_cells([c]))
                   for b, c in zip(blocks, node.cells[1:])]

    assert in_notebook == on_page
    assert on_page[0].startswith("printed output differs from the page")
    assert on_page[1].startswith("deprecated API: DeprecationWarning: old API")


def block(marks=(), expected_output=None) -> pages.Block:
    return pages.Block(page=ROOT / "page.md", index=1, line=1, lang="python", code="",
                       expected_output=expected_output, marks=list(marks))


XFAIL = "pytest.mark.xfail(raises={}, strict=True)"


@pytest.mark.parametrize("b, run, verdict_starts", [
    # a notebook's error output, the page naming the exception with its module
    (block([XFAIL.format("ValueError")], "x\ntorch.errors.ValueError: bad\n"),
     ("x\n", verdict.Raised("ValueError", "bad"), []), None),
    # an expected warning a notebook only printed counts as raised
    (block([XFAIL.format("UserWarning")], "UserWarning: 'pretrained' is deprecated\n"),
     ("", None, [verdict.Raised("UserWarning", "'pretrained' is deprecated")]), None),
    (block([XFAIL.format("TypeError")]), ("", None, []), "should raise TypeError"),
    (block([XFAIL.format("TypeError")]), ("", ValueError("v"), []), "raised ValueError: v"),
    (block(), ("", None, [verdict.Raised("UserWarning", "x is deprecated")]),
     "deprecated API: UserWarning: x is deprecated"),
    (block(), ("", FutureWarning("soon"), []), "deprecated API: FutureWarning: soon"),
    (block(), ("", None, [verdict.Raised("UserWarning", "just so")]), None),
])
def test_one_rule_judges_a_run(b, run, verdict_starts):
    got = verdict.check(b, *run)
    assert got == verdict_starts if verdict_starts is None else got.startswith(verdict_starts)
