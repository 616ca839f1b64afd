"""The install chapter installs everything the later chapters use.

What they use: every third-party import of snippets/**/*.py and of the code
blocks of the learner pages (``torch.utils.tensorboard`` needs the
``tensorboard`` package, ``PIL`` is ``pillow``), and the programs their shell
blocks start (``tensorboard``, ``ipython``). What the install page installs:
its one pip line, which each of its other pip forms (CUDA, CPU-only) ends
with, and its conda-forge line; in both languages.
"""

from __future__ import annotations

import ast
import functools
import re
import sys

import pytest

from ptdocs import pages

# Import name (or dotted prefix) -> the distribution that provides it.
DISTRIBUTION = {
    "PIL": "pillow",
    "cv2": "opencv-python",
    "sklearn": "scikit-learn",
    "yaml": "pyyaml",
    "IPython": "jupyter",
    "ipykernel": "jupyter",
    "torch.utils.tensorboard": "tensorboard",
}
# Programs a shell block starts -> their distribution (None: not one the course
# installs: Python and conda themselves, the driver's tool, the site's own tools).
PROGRAMS = {"tensorboard": "tensorboard", "ipython": "jupyter", "jupyter": "jupyter",
            "python": None, "pip": None, "conda": None, "nvidia-smi": None,
            # the site's own preview server: its block installs it (pip install -e .[docs])
            "mkdocs": None}
SYSTEM_TOOLS = {"cat", "ls", "echo", "printf", "head", "cut", "grep", "rm", "mkdir", "cd"}
# conda-forge's names where they differ from PyPI's.
CONDA_NAME = {"torch": "pytorch"}
# Appendix pages about the site itself, not code a learner runs.
NOT_LEARNER = {"verification", "contributing"}

SNIPPETS = pages.ROOT / "snippets"


def modules_imported(code: str, where: str) -> set[str]:
    """Every absolute import of the code, as its dotted name."""
    try:
        tree = ast.parse(code)
    except SyntaxError as exc:
        raise AssertionError(f"{where}: not Python ({exc})") from None
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{a.name}" for a in node.names)
    return names


def distribution(module: str, local: set[str]) -> str | None:
    top = module.split(".")[0]
    if top in sys.stdlib_module_names or top in local or top == "__future__":
        return None
    for prefix, dist in DISTRIBUTION.items():
        if module == prefix or module.startswith(prefix + "."):
            return dist
    return DISTRIBUTION.get(top, top)


def programs(code: str) -> set[str]:
    """The program each command of a shell block starts (quotes respected:
    the ``;`` inside ``python -c '...'`` starts nothing)."""
    import shlex

    out = set()
    for line in code.replace("\\\n", " ").splitlines():
        lexer = shlex.shlex(line, posix=True, punctuation_chars=True)
        new_command = True
        for token in lexer:
            if token in ("|", "||", "&&", ";", "&"):
                new_command = True
            elif new_command:
                out.add(token)
                new_command = False
    return out


@functools.cache
def used_by_the_course() -> tuple[dict[str, set[str]], set[str]]:
    """({distribution: where it is used}, programs started that neither
    PROGRAMS nor SYSTEM_TOOLS know)."""
    unknown: set[str] = set()
    local = {p.stem for p in SNIPPETS.rglob("*.py")}      # from model import Decade
    used: dict[str, set[str]] = {}
    for file in sorted(SNIPPETS.rglob("*.py")):
        rel = file.relative_to(pages.ROOT).as_posix()
        for module in modules_imported(file.read_text(encoding="utf-8"), rel):
            dist = distribution(module, local)
            if dist:
                used.setdefault(dist, set()).add(rel)
    for lang, found in pages.all_pages().items():
        for page in found:
            if page.stem in NOT_LEARNER:
                continue
            for block in pages.extract(page):
                where = f"{page.relative_to(pages.ROOT)} {block.name}"
                if block.lang == "python":
                    dists = {distribution(m, local)
                             for m in modules_imported(block.code, where)}
                else:
                    started = programs(block.code)
                    for program in started - set(PROGRAMS) - SYSTEM_TOOLS:
                        unknown.add(f"{where}: {program}")
                    dists = {PROGRAMS.get(p) for p in started}
                for dist in dists - {None}:
                    used.setdefault(dist, set()).add(where)
    return used, unknown


def used() -> dict[str, set[str]]:
    return used_by_the_course()[0]


def install_lines(lang: str) -> tuple[list[list[str]], list[list[str]]]:
    """The page's `pip install` commands, each block's in order, and its
    `conda install` commands, as word lists."""
    page = pages.LANGUAGES[lang] / "install.md"
    pip_blocks, conda = [], []
    text = page.read_text(encoding="utf-8").splitlines()
    for fence in pages.scan_fences(text):
        body = [line.strip() for line in text[fence.start + 1:fence.end]]
        pips = [line.split() for line in body if line.startswith("pip install ")]
        if pips:
            pip_blocks.append(pips)
        conda += [line.split() for line in body if line.startswith("conda install ")]
    return pip_blocks, conda


def test_the_course_uses_what_we_think_it_uses():
    """The scan itself: it finds the imports that made the issue (tensorboard
    through torch.utils.tensorboard, PIL as pillow, tqdm in train.py), and
    knows every program a learner page's shell block starts."""
    USED, unknown = used_by_the_course()
    assert not unknown, ("programs to add to PROGRAMS (their package) or SYSTEM_TOOLS:\n"
                         + "\n".join(sorted(unknown)))
    assert {"torch", "torchvision", "tensorboard", "pillow", "tqdm"} <= set(USED)
    assert "snippets/training/train.py" in USED["tqdm"]
    assert not {"PIL", "tests", "model"} & set(USED)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_one_pip_line_installs_everything_the_course_uses(lang):
    USED = used()
    pip_blocks, _ = install_lines(lang)
    full = [words for block in pip_blocks for words in block
            if not any(w.startswith("--") for w in words)]
    assert full, f"docs/{lang}/install.md has no plain pip install line"
    for words in full:
        missing = {d: sorted(USED[d])[:3] for d in USED if d not in words[2:]}
        assert not missing, (f"docs/{lang}/install.md: `{' '.join(words)}` leaves out "
                             f"packages the course imports: {missing}")
    assert len({tuple(w) for w in full}) == 1, f"more than one pip line: {full}"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_each_other_pip_form_ends_with_the_one_line(lang):
    """A CUDA or CPU-only form installs torch from PyTorch's index, then the
    same one line for the rest."""
    pip_blocks, _ = install_lines(lang)
    special = [block for block in pip_blocks if any("--index-url" in w for w in block[0])]
    assert len(special) >= 2, f"docs/{lang}/install.md: no CUDA and CPU-only forms"
    one = next(b[0] for b in pip_blocks if len(b) == 1 and "--index-url" not in b[0])
    for block in special:
        assert block[-1] == one, f"docs/{lang}/install.md: {block} does not end with {one}"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_conda_form_installs_everything_the_course_uses(lang):
    USED = used()
    _, conda = install_lines(lang)
    forge = [words for words in conda if "conda-forge" in words and
             any(w in ("pytorch", "torch") for w in words)]
    assert forge, f"docs/{lang}/install.md has no conda-forge line for PyTorch"
    for words in forge:
        missing = [d for d in USED if CONDA_NAME.get(d, d) not in words]
        assert not missing, f"docs/{lang}/install.md: `{' '.join(words)}` misses {missing}"


def test_the_packages_are_the_projects_own_dependencies():
    """What the site itself is tested with (pyproject.toml) covers what the
    install page names, so the page's code ran with those packages."""
    import tomllib

    project = tomllib.loads((pages.ROOT / "pyproject.toml").read_text())["project"]
    USED = used()
    declared = {re.split(r"[<>=!~ \[]", d)[0].lower() for d in project["dependencies"]}
    assert set(USED) - {"jupyter"} <= declared, set(USED) - declared
