"""Make each chapter's Jupyter notebook from its page, one per language.

    python -m ptdocs.notebooks            # writes docs/notebooks/<lang>/<slug>.ipynb
    python -m ptdocs.notebooks conv2d     # only that chapter (both languages)
    python -m ptdocs.notebooks --run      # run every chapter, changed or not
    python -m ptdocs.notebooks --check    # exit 1 if a committed notebook is stale

A notebook holds exactly the code the page shows, in page order: every block
the harness runs (``ptdocs.pages.extract``) becomes a code cell, a shell
block becomes a ``%%bash`` cell, and the prose in between becomes markdown
cells (admonitions, tabs and details flattened to a bold title; links and
pictures pointing at the published site). A block the page skips (with its
reason) is shown as markdown, never run. A block that demonstrates an error
starts with ``%%expect_error <Name>``, a cell magic the setup cell defines: the
error shows as usual, and "Run all" (Jupyter, Colab) goes on past it, as the
tests run every notebook (the run fails on any cell whose reply is an error).

A setup cell first makes the repository root the working directory (the code
reads ``snippets/...``), cloning the repository when the notebook runs outside
it, as on Colab. The page's copy of a block's output is left out: the notebook
is then run (ptdocs/execute.py: offline, on the stand-in data, figures
inline) and stores the outputs themselves. A picture a block saves with PIL
gets a cell that shows it; a block marked ``notebook.output_varies`` gets a
note above its cell and ``output_varies`` in the cell's metadata.

Only the English notebook runs; the Chinese one has the same code cells
(comments aside) and gets the same outputs. A chapter runs only when what its
outputs depend on changed (``inputs``: its code, the snippets it runs, the
data, the versions): an edit to the prose rewrites the markdown cells and
keeps the outputs. A run also writes the pictures its code saves under
figures/ to docs/images/<topic>/ (`make pictures` for all of them).

mkdocs-jupyter and ptdocs/site/ render each notebook as a page of the site.
tests/test_notebooks.py checks that the committed files are what this command
makes; each chapter's run in the tests compares the stored outputs
(ptdocs/chapters.py).
"""

from __future__ import annotations

import argparse
import ast
import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from ptdocs import markers, pages, pictures
from ptdocs.pages import ROOT

OUT = ROOT / "docs" / "notebooks"
CONFIGS = {"zh": ROOT / "mkdocs.yml", "en": ROOT / "mkdocs.en.yml"}

TEXT = {
    "zh": {
        "intro": "> 这个 notebook 由网站页面 [{url}]({url}) 自动生成（`make notebooks`），"
                 "代码与页面完全相同。单元格下面的输出和图，是在本站的替身数据上从头到尾运行一遍"
                 "保存下来的（数据和权重的说明见各章）。\n"
                 "> 请在仓库根目录下运行；在 Colab 中，第一个单元格会先下载仓库。",
        "setup": "# 代码要用到仓库里的 snippets/：先切换到仓库根目录。\n"
                 "# 不在仓库里时（比如在 Colab 中），先下载仓库。",
        "expect_error": "# %%expect_error：运行这个单元格并照常显示它的错误（演示错误的单元格），\n"
                        "# 但不算运行失败，“全部运行”会继续往下执行。",
        "raises": "**注意：** 下一个单元格演示一个错误，会抛出 `{exc}`。第一行的 "
                  "`%%expect_error` 让错误照常显示，但“全部运行”不会停在这里。",
        "warns": "**注意：** 下一个单元格会发出警告 `{exc}`（本站把过时 API 的警告当作错误）。",
        "not_run": "*此代码块不在 notebook 中运行：{reason}*",
        "varies": "*下一个单元格的输出不是每次、每台电脑都一样（{reason}），"
                  "这里保存的是生成这个 notebook 时的一次运行。*",
        "show_saved": "# 只在 notebook 里：显示上面保存的图片",
        "drawn_below": "（这张图由本页后面的画图代码画出，显示在那个单元格下面）",
    },
    "en": {
        "intro": "> This notebook is generated from the page [{url}]({url}) "
                 "(`make notebooks`); its code is the page's code. The outputs and figures "
                 "under the cells are from one run, top to bottom, on the site's stand-in "
                 "data (each chapter says what that is).\n"
                 "> Run it from the repository root; on Colab the first cell fetches the "
                 "repository.",
        "setup": "# The code reads files from the repository's snippets/: work from the\n"
                 "# repository root. Outside the repository (on Colab, say), fetch it first.",
        "expect_error": "# %%expect_error: run the cell and show its error as usual (a cell\n"
                        "# that demonstrates an error) without failing, so Run all goes on.",
        "raises": "**Note:** the next cell demonstrates an error: it raises `{exc}`. "
                  "Its first line, `%%expect_error`, shows the error as usual without "
                  "stopping *Run all*.",
        "warns": "**Note:** the next cell emits a `{exc}` (this site treats warnings "
                 "about outdated APIs as errors).",
        "not_run": "*Not run in the notebook: {reason}*",
        "varies": "*The next cell's output is not the same on every run and machine "
                  "({reason}); what you see is from the run that made this notebook.*",
        "show_saved": "# Notebook only: show the picture the cell above saved",
        "drawn_below": " (drawn by the plotting code further down: the figure shows under "
                       "that cell)",
    },
}

FENCE = pages.FENCE
CONTAINER = re.compile(r'^(?P<indent>[ \t]*)(?P<kind>!!!|\?\?\?\+?|===)\s*(?P<rest>.*)$')
LINK = re.compile(r'(?P<pre>\]\(|src=")(?P<target>[^)"\s]+)')
HEADING_ID = re.compile(r"^(?P<heading>#{1,6} .*?)\s*\{:?\s*#(?P<id>[\w-]+)[^}]*\}\s*$")
# A figure a cell draws and saves for the site, and a picture of the page
# (absolute by then: see site_link).
DRAWN = pictures.DRAWN
PICTURE = re.compile(r"!\[(?P<alt>[^\]]*)\]\((?P<url>[^)\s]*/images/[^)\s]*/(?P<name>[^/)\s]+))\)")
# A picture a cell saves with PIL (image.save("x.png")); matplotlib's figures
# show by themselves (the inline backend), torch.save writes no picture.
SAVED_PICTURE = re.compile(r"""(?<!torch)\.save\(\s*(["'])([^"'{}]+\.(?:png|jpe?g))\1\s*[,)]""")


def config(lang: str) -> dict:
    cfg = pages.read_config(CONFIGS[lang])
    if lang != "zh":
        cfg = {**config("zh"), **cfg}
    return cfg


@dataclass
class Group:
    """The cells one harness block became (more than one with ``cont``)."""
    block: pages.Block
    cells: list[int] = field(default_factory=list)
    varies: str | None = None       # why its output differs from run to run


@dataclass
class Notebook:
    page: Path
    lang: str
    slug: str
    node: nbformat.NotebookNode
    groups: list[Group]

    @property
    def path(self) -> Path:
        return OUT / self.lang / f"{self.slug}.ipynb"

    def text(self) -> str:
        return render(self.node)


def read(path: Path) -> nbformat.NotebookNode:
    return nbformat.read(path, as_version=4)


def render(node: nbformat.NotebookNode) -> str:
    return nbformat.writes(node) + "\n"


def site_link(target: str, lang: str) -> str:
    """A page-relative link as an absolute link to the published site."""
    if re.match(r"^([a-z]+:|#|/)", target):
        return target
    base = config(lang)["site_url"].rstrip("/") + "/"
    path, _, anchor = target.partition("#")
    if path.endswith(".md"):
        slug = path[:-3]
        path = "" if slug == "index" else slug + "/"
    return base + path + (f"#{anchor}" if anchor else "")


def title_of_container(rest: str) -> str:
    m = re.search(r'"([^"]*)"', rest)
    if m:
        return m.group(1)
    kind = rest.split()[0] if rest.split() else ""
    return kind.capitalize()


class _Prose:
    """Collects markdown between code cells, flattening Material's containers."""

    def __init__(self, lang: str):
        self.lang = lang
        self.lines: list[str] = []
        self.stack: list[int] = []    # content indents of open containers

    def _dedent(self, line: str) -> str:
        if not line.strip():
            return ""
        lead = len(line) - len(line.lstrip())
        while self.stack and lead < self.stack[-1]:
            self.stack.pop()
        cut = min(lead, self.stack[-1]) if self.stack else 0
        return line[cut:]

    def add(self, line: str) -> None:
        m = CONTAINER.match(line)
        if m:
            self._dedent(line)                    # closes the containers it ends
            self.lines += ["", "**" + title_of_container(m["rest"]) + "**", ""]
            self.stack.append(len(m["indent"].expandtabs(4)) + 4)
            return
        text = self._dedent(line)
        text = LINK.sub(lambda mm: mm["pre"] + site_link(mm["target"], self.lang), text)
        m = HEADING_ID.match(text)
        if m:       # `## Title { #id }` (attr_list): Jupyter knows an <a id> anchor
            self.lines += [f'<a id="{m["id"]}"></a>', "", m["heading"]]
            return
        self.lines.append(text)

    def add_raw(self, lines: list[str]) -> None:
        """Lines already dedented (a fence's content); keep them as they are."""
        self.lines.extend(lines)

    def take(self) -> str | None:
        text = "\n".join(self.lines).strip("\n")
        text = re.sub(r"\n{3,}", "\n\n", text)
        self.lines = []
        return text or None


def build(page: Path) -> Notebook:
    page = Path(page)
    lang, slug = page.parent.name, page.stem
    text = TEXT[lang]
    source = page.read_text(encoding="utf-8").splitlines()
    blocks = pages.extract(page)                 # also validates the page
    by_line = {b.line: b for b in blocks}
    orig = pages.scan_fences(source)
    expanded = pages.expand_includes(source, page)
    fences = pages.scan_fences(expanded)
    assert len(fences) == len(orig), f"{page}: fences changed by the include expansion"

    cells: list[nbformat.NotebookNode] = []
    groups: list[Group] = []
    prose = _Prose(lang)

    def flush():
        md = prose.take()
        if md:
            cells.append(nbformat.v4.new_markdown_cell(md))

    # Title, then where the notebook comes from, then the setup cell.
    start = 0
    for i, line in enumerate(expanded):
        if line.startswith("# "):
            prose.add(line)
            start = i + 1
            break
    prose.add_raw(["", text["intro"].format(url=site_link(f"{slug}.md", lang))])
    flush()
    cells.append(nbformat.v4.new_code_cell(setup_code(lang, blocks)))

    i, n = start, 0
    current: Group | None = None
    varies: str | None = None       # a notebook.output_varies marker waiting for its block
    output_fence = False            # the next fence is the page's copy of an output
    while i < len(expanded):
        if n < len(fences) and i == fences[n].start:
            open_at, close_at = fences[n].start, fences[n].end
            lang_of = orig[n].lang
            indent = len(FENCE.match(expanded[open_at])["indent"])
            body = [ln[indent:] if ln[:indent].strip() == "" else ln.lstrip()
                    for ln in expanded[open_at + 1:close_at]]
            prose._dedent(expanded[open_at])          # keep the container stack right
            if lang_of in pages.RUNNABLE:
                block = by_line.get(orig[n].start + 1)
                if block is not None:
                    current = None
                    block_varies, varies = varies, None
                else:                   # a ``cont`` fence: the block it continues
                    block_varies = current.varies if current is not None else None
                reason = markers.skipped(block.marks) if block is not None else None
                if reason is not None:
                    prose.add_raw(["", text["not_run"].format(reason=reason), "",
                                   "```" + block.lang, *body, "```", ""])
                else:
                    owner = block if block is not None else current and current.block
                    exc = markers.expected_exception(owner.marks) if owner else None
                    if block is not None and exc is not None:
                        key = "warns" if issubclass(exc, Warning) else "raises"
                        prose.add_raw(["", text[key].format(exc=exc.__name__)])
                    if block is not None and block_varies is not None:
                        prose.add_raw(["", text["varies"].format(reason=block_varies)])
                    flush()
                    code = "\n".join(body)
                    if pages.RUNNABLE[lang_of] != "python":
                        code = "%%bash\n" + code
                    if block is not None and exc is not None and not issubclass(exc, Warning):
                        code = f"%%expect_error {exc.__name__}\n" + code
                    cell = nbformat.v4.new_code_cell(code)
                    if block_varies is not None:
                        cell.metadata["output_varies"] = block_varies
                    cells.append(cell)
                    if block is not None:
                        current = Group(block, varies=block_varies)
                        groups.append(current)
                    if current is not None:
                        current.cells.append(len(cells) - 1)
                    saved = (SAVED_PICTURE.findall(code)
                             if pages.RUNNABLE[lang_of] == "python" else [])
                    if saved:       # a notebook shows the picture a cell saves
                        # (qualified names: a bare Image would hide PIL's in later cells)
                        cells.append(nbformat.v4.new_code_cell("\n".join(
                            [text["show_saved"], "import IPython.display", "",
                             *(f'IPython.display.display(IPython.display.Image("{path}"))'
                               for _, path in saved)])))
            elif output_fence:
                # The page's copy of a block's output: the notebook has the output itself.
                output_fence = False
            else:
                prose.add_raw(["```" + expanded[open_at].strip().lstrip("`").strip(),
                               *body, "```"])
            i, n = close_at + 1, n + 1
            continue
        line = expanded[i]
        if markers.MARKER.match(line):
            if "expected-output" in line:
                output_fence = True
            if markers.varies(line) is not None:
                varies = markers.varies(line)
        else:
            prose.add(line)
        i += 1
    flush()

    drop_drawn_pictures(cells, lang)
    for k, cell in enumerate(cells):
        cell["id"] = f"cell-{k}"
    node = nbformat.v4.new_notebook(cells=cells, metadata={
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
    })
    return Notebook(page=page, lang=lang, slug=slug, node=node, groups=groups)


def drop_drawn_pictures(cells: list[nbformat.NotebookNode], lang: str) -> None:
    """A picture of the page (docs/images/<topic>/<name>, made by `make
    pictures` from figures/<name>) that a cell of this notebook draws: the
    figure shows under that cell, so the prose keeps only its description,
    and says where the figure is when the drawing cell is not right next to
    it (a plotting appendix at the end of the page). Showing the picture
    twice would double the heaviest notebook page's figures."""
    def draws(cell) -> set[str]:
        return (set(DRAWN.findall(cell.source))
                if cell is not None and not cell.source.startswith("%%") else set())

    drawn = {name for cell in cells if cell.cell_type == "code" for name in draws(cell)}
    for n, cell in enumerate(cells):
        if cell.cell_type != "markdown":
            continue
        after = next((c for c in cells[n + 1:] if c.cell_type == "code"), None)
        before = next((c for c in reversed(cells[:n]) if c.cell_type == "code"), None)
        near = draws(after) | draws(before)

        def caption(m):
            if m["name"] not in drawn:
                return m.group(0)
            return f"*{m['alt']}*" + ("" if m["name"] in near else TEXT[lang]["drawn_below"])
        cell.source = PICTURE.sub(caption, cell.source)


def setup_code(lang: str, blocks: list[pages.Block]) -> str:
    repo = config("zh")["repo_url"].rstrip("/")
    name = repo.rsplit("/", 1)[1]
    lines = [
        TEXT[lang]["setup"],
        "import os",
        "from pathlib import Path",
        "",
        "repo = next((p for p in [Path.cwd(), *Path.cwd().parents]",
        '             if (p / "snippets").is_dir()), None)',
        "if repo is None:",
        f"    !git clone -q --depth 1 {repo}.git",
        f'    repo = Path("{name}").resolve()',
        "os.chdir(repo)",
    ]
    # `from model import Decade` next to snippets/<topic>/model.py works when the
    # file runs as a script (its folder is sys.path[0]); in a notebook it needs
    # that folder on sys.path.
    folders = sorted({str(b.snippet_dir.relative_to(ROOT).as_posix())
                      for b in blocks if b.snippet_dir and imports_sibling(b)})
    if folders:
        lines += ["", "import sys", ""]
        lines += [f'sys.path.insert(0, str(repo / "{f}"))' for f in folders]
    if any((exc := markers.expected_exception(b.marks)) and not issubclass(exc, Warning)
           for b in blocks):
        lines += ["", "from IPython.core.magic import register_cell_magic", "",
                  TEXT[lang]["expect_error"], "",
                  "@register_cell_magic",
                  "def expect_error(line, cell):",
                  "    if get_ipython().run_cell(cell).error_in_exec is None:",
                  '        print(f"(expected {line.strip()}, but the cell ran without it)")']
    return "\n".join(lines)


def imports_sibling(block: pages.Block) -> bool:
    if block.lang != "python" or block.snippet_dir is None:
        return False
    try:
        tree = ast.parse(block.code)
    except SyntaxError:
        return False
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
    return any((block.snippet_dir / f"{name}.py").is_file() for name in names)


def chapters() -> list[Path]:
    """Every page that gets a notebook, both languages."""
    return [p for lang_pages in pages.all_pages().values() for p in lang_pages
            if pages.is_chapter(p)]


def generate() -> dict[Path, Notebook]:
    out = {}
    for page in chapters():
        nb = build(page)
        if any(c.cell_type == "code" for c in nb.node.cells[2:]):
            out[nb.path] = nb
    return out


def stale(notebooks: dict[Path, Notebook] | None = None, *, every: bool = True) -> list[str]:
    """What differs between docs/notebooks/ and what this command makes: the
    notebook itself (with a diff), or the code its stored outputs come from.
    ``every``: ``notebooks`` are all of them (a committed one beyond them has
    no chapter)."""
    import difflib

    notebooks = generate() if notebooks is None else notebooks
    problems = []
    committed = set(OUT.rglob("*.ipynb"))
    for path in sorted(committed - set(notebooks) if every else ()):
        problems.append(f"{path.relative_to(ROOT)}: no such chapter (delete it)")
    for path, nb in sorted(notebooks.items()):
        rel = path.relative_to(ROOT)
        if path not in committed:
            problems.append(f"{rel}: missing")
            continue
        text = path.read_text(encoding="utf-8")
        if without_outputs(text) != nb.text():
            diff = list(difflib.unified_diff(
                without_outputs(text).splitlines(), nb.text().splitlines(),
                f"{rel} (committed)", f"{rel} (from {nb.page.relative_to(ROOT)})",
                n=1, lineterm=""))
            problems.append(f"{rel}: differs from its page\n" + "\n".join(diff[:40])
                            + ("\n..." if len(diff) > 40 else ""))
        elif stored_inputs(text) != inputs(nb):
            problems.append(f"{rel}: its stored outputs come from other code or data than "
                            "the page's (a snippet it runs changed)")
    return problems


def without_outputs(text: str) -> str:
    """A stored notebook as this command makes it before running it."""
    node = nbformat.reads(text, as_version=4)
    node.metadata.pop("executed_with", None)
    for cell in node.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    return render(node)


def executed_with() -> dict[str, str]:
    """The versions a notebook's outputs come from (shown on its page)."""
    from importlib.metadata import version

    return {name: version(name) for name in ("torch", "torchvision")}


# --- what a run depends on -------------------------------------------------------

SNIPPET_PATH = re.compile(r"\bsnippets/[\w./-]+\.py\b")


def code_of(cell) -> str:
    """A code cell's code without comments: what runs, whatever the language
    (a %%expect_error line kept as it is, the code under it without comments)."""
    source, head = cell.source, ""
    if source.startswith("%%expect_error"):
        head, _, source = source.partition("\n")
        head += "\n"
    if source.startswith("%%bash"):
        return head + pages.without_comments(source, "bash")
    from IPython.core.inputtransformer2 import TransformerManager

    return head + pages.without_comments(TransformerManager().transform_cell(source))


def inputs(nb: Notebook) -> str:
    """A fingerprint of what the notebook's outputs depend on: its code cells
    (comments aside, so both languages agree), the snippet files they run or
    import (`python snippets/x.py`, a sibling `import model`), the stand-in
    data and the torch and torchvision versions. Equal fingerprints: the same
    outputs, so prose edits need no run."""
    import hashlib

    from ptdocs import offline

    digest = hashlib.sha256()
    files: set[Path] = set()
    for cell in nb.node.cells:
        if cell.cell_type != "code":
            continue
        digest.update(code_of(cell).encode())
        digest.update(repr((cell.metadata.get("tags"), "output_varies" in cell.metadata))
                      .encode())
        files |= {ROOT / m for m in SNIPPET_PATH.findall(cell.source)}
        for folder in re.findall(r'sys\.path\.insert\(0, str\(repo / "([^"]+)"\)\)',
                                 cell.source):
            files |= set((ROOT / folder).glob("*.py"))
    for file in sorted(files):
        if file.is_file():
            digest.update(file.relative_to(ROOT).as_posix().encode())
            digest.update(file.read_bytes())
    digest.update(repr((sorted(executed_with().items()), offline.DATA_VERSION)).encode())
    return digest.hexdigest()[:16]


def stored_inputs(text: str) -> str | None:
    return nbformat.reads(text, as_version=4).metadata.get("executed_with", {}).get("inputs")


def with_outputs(nb: Notebook, ran: nbformat.NotebookNode) -> str:
    """nb (as made from its page) with the outputs of ``ran`` (the same code
    cells, comments aside), ready to write."""
    node = nbformat.from_dict(nb.node)
    mine = [c for c in node.cells if c.cell_type == "code"]
    theirs = [c for c in ran.cells if c.cell_type == "code"]
    assert len(mine) == len(theirs), f"{nb.path}: code cells differ from the run's"
    for a, b in zip(mine, theirs):
        a.outputs, a.execution_count = b.outputs, b.get("execution_count")
    node.metadata["executed_with"] = {**executed_with(), "inputs": inputs(nb)}
    return render(node)


def store(notebooks: dict[Path, Notebook], slugs: list[str] | None = None,
          force: bool = False) -> list[str]:
    """Write each chapter's notebooks (both languages) with their outputs.
    A chapter whose code, snippets, data and versions are those its stored
    outputs come from (``inputs``) keeps them: only its prose is written, no
    kernel runs. The others run, their English notebook only (the Chinese one
    has the same code), and their pictures go to docs/images/. Returns the
    failures."""
    from ptdocs import execute, runner

    by_slug: dict[str, dict[str, Notebook]] = {}
    for nb in notebooks.values():
        by_slug.setdefault(nb.slug, {})[nb.lang] = nb
    todo = {}
    for slug, langs in sorted(by_slug.items()):
        if slugs and slug not in slugs:
            continue
        stored = langs["en"].path
        if not force and stored.is_file() and \
                stored_inputs(text := stored.read_text(encoding="utf-8")) == inputs(langs["en"]):
            ran = nbformat.reads(text, as_version=4)
            for nb in langs.values():
                write(nb.path, with_outputs(nb, ran))
            continue
        todo[slug] = langs["en"]
    if not todo:
        print("no code changed: outputs kept, prose updated")
        return []
    import time

    start = time.perf_counter()
    env = execute.kernel_env()
    # The warm python (what `python` in a %%bash cell forks) starts from this
    # process's environment: offline, and with the kernels' thread count.
    os.environ.update({k: env[k] for k in ("OMP_NUM_THREADS", "MKL_NUM_THREADS")})
    env = runner.warm_python().env_for(env)
    try:
        results = execute.run({slug: nb.node for slug, nb in todo.items()}, env)
    finally:
        runner.close_warm_python()
    failures = []
    for slug in sorted(todo):
        result = results[slug]
        if result.error is not None:
            index = getattr(result.error, "index", None)
            block = next((g.block for g in todo[slug].groups if index in g.cells), None)
            where = (f"\n{block.page.relative_to(ROOT)}:{block.line}: {block.name}"
                     if block is not None else "")
            failures.append(f"{todo[slug].path.relative_to(ROOT)} failed after "
                            f"{result.seconds:.0f} s:\n{result.error}{where}")
            continue
        for nb in by_slug[slug].values():
            write(nb.path, with_outputs(nb, result.node), f"ran in {result.seconds:.0f} s")
        for name, data in sorted(result.figures.items()):
            topic = pictures.picture_topics().get(name)
            # a picture the same within the pixel tolerance stays as it is
            if topic is not None and pictures.picture_differences({name: data}):
                write(ROOT / "docs" / "images" / topic / name, data)
    print(f"ran {len(todo)} chapters in {time.perf_counter() - start:.0f} s")
    return failures


def write(path: Path, content: str | bytes, note: str = "") -> None:
    """Write a file unless it holds that already (only a timing or a progress
    bar's clock differs: keep the file, for a quiet diff)."""
    old = path.read_bytes() if path.is_file() else None
    data = content.encode() if isinstance(content, str) else content
    if old == data:
        return
    if old is not None and path.suffix == ".ipynb":
        from ptdocs import execute

        a, b = nbformat.reads(old.decode(), as_version=4), nbformat.reads(data.decode(), 4)
        if (without_outputs(old.decode()) == without_outputs(data.decode())
                and a.metadata == b.metadata and not execute.differences(
                    b, a, varies=lambda cell: "output_varies" in cell.metadata,
                    exact_pictures=True)):
            return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    print(f"wrote {path.relative_to(ROOT)}" + (f" ({note})" if note else ""))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="only report notebooks that differ from their pages")
    parser.add_argument("--run", action="store_true",
                        help="run the chapters even where no code changed")
    parser.add_argument("--pictures", action="store_true",
                        help="run every chapter that draws a picture and write "
                             "docs/images/ (`make pictures`)")
    parser.add_argument("slugs", nargs="*", metavar="CHAPTER",
                        help="only these chapters, both languages (default: all)")
    args = parser.parse_args(argv)
    notebooks = generate()
    if args.check:
        problems = stale(notebooks)
        for line in problems:
            print(line)
        return 1 if problems else 0
    unknown = set(args.slugs) - {nb.slug for nb in notebooks.values()}
    if unknown:
        parser.error(f"no notebook for {', '.join(sorted(unknown))}")
    if args.pictures:
        args.run = True
        args.slugs = args.slugs or sorted({nb.slug for nb in notebooks.values() if any(
            DRAWN.search(c.source) for c in nb.node.cells if c.cell_type == "code")})
        print(f"running the chapters that draw pictures: {', '.join(args.slugs)}")
    elif not args.slugs:
        for path in sorted(set(OUT.rglob("*.ipynb")) - set(notebooks)):
            path.unlink()
            print(f"removed {path.relative_to(ROOT)}")
    failures = store(notebooks, args.slugs, force=args.run)
    for line in failures:
        print(line, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
