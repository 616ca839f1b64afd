"""Turn a docs page into the list of code blocks that the reader sees.

The page is read the way MkDocs renders it:

1. ``--8<--`` includes are expanded by pymdownx.snippets' own preprocessor,
   and the comments of Python code put in the page's language by
   ptdocs.comments', with the options from the page's config (mkdocs.yml,
   mkdocs.en.yml);
2. every fence's info string is reduced to its language (``py title="a.py"
   hl_lines="2"`` -> ``python``), wherever the fence sits (admonition,
   details, content tab);
3. pytest-codeblocks' parser then reads the blocks and their markers
   (expected output, ``cont``, ``pytest.mark.*``): it does the parsing; this
   module does what it cannot (includes, info strings, fences in containers,
   refusing what would escape), and markers.py holds the marker syntax.

Anything the harness could silently skip is an error here instead. This
module is also the harness's one fence scanner (``scan_fences``: opening and
closing lines) and holds the ``Block`` model.
"""

from __future__ import annotations

import copy
import functools
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

import markdown
import yaml

from ptdocs import ROOT, compat, markers

DOCS = ROOT / "docs"
LANGUAGES = {"zh": DOCS / "zh", "en": DOCS / "en"}
# A chapter, a lesson that ends with its exercises, gets a notebook
# (docs/notebooks/<lang>/); the home page and the reference and appendix pages
# about the site have no exercises, and no notebook.
EXERCISES = re.compile(r"^## (?:练习|Exercises)(?:\s*\{[^}]*\})?\s*$", re.M)


def is_chapter(page: Path) -> bool:
    """A page of docs/<lang>/ with an "Exercises" / "练习" section."""
    page = Path(page)
    if page.suffix != ".md" or page.parent not in LANGUAGES.values() or not page.is_file():
        return False
    return _has_exercises(page, page.stat().st_mtime_ns)


@functools.lru_cache(maxsize=None)
def _has_exercises(page: Path, mtime_ns: int) -> bool:
    return EXERCISES.search(page.read_text(encoding="utf-8")) is not None
RUNNABLE = {"python": "python", "py": "python", "python3": "python",
            "sh": "sh", "bash": "bash", "shell": "sh"}
# Fences that show something other than code to run (output, config, data).
NOT_RUNNABLE = {"text", "txt", "output", "json", "yaml", "yml", "toml", "ini",
                "diff", "markdown", "md", "csv", "html", "xml", "cfg", "powershell", "bat"}

FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<ticks>`{3,}|~{3,})(?P<info>.*)$")
INCLUDE = re.compile(r"""^\s*-{1,}8<-{1,}\s+["'](?P<target>[^"']+)["']\s*$""")


class PageError(Exception):
    """A page the harness refuses to run: something would escape execution."""


@dataclass
class Block:
    page: Path
    index: int                  # 1-based position among the page's runnable blocks
    line: int                   # line of the opening fence in the page's source
    lang: str                   # python | sh | bash
    code: str
    title: str | None = None
    includes: list[str] = field(default_factory=list)   # snippet targets it includes
    expected_output: str | None = None
    marks: list[str] = field(default_factory=list)
    parts: int = 1              # fences on the page: 1 + its ``cont`` continuations

    @property
    def name(self) -> str:
        where = self.title or (self.includes[0] if self.includes else None)
        return f"block {self.index} (line {self.line}{', ' + where if where else ''})"

    @property
    def snippet_dir(self) -> Path | None:
        """Folder of the snippet file this block includes (sys.path[0] for it)."""
        for target in self.includes:
            return (ROOT / target.split(":")[0]).parent
        return None


class _Loader(yaml.SafeLoader):
    """Reads mkdocs.yml, ignoring its custom tags (!ENV, !!python/name:...)."""


_Loader.add_multi_constructor("", lambda loader, suffix, node: None)


def read_config(path: Path) -> dict:
    """A mkdocs config file as data (custom tags read as None). PyYAML's pure
    Python loader takes 25 ms for mkdocs.yml, and collection asks hundreds
    of times, so each version of the file is parsed once."""
    stat = path.stat()
    return copy.deepcopy(_parse_config(str(path), stat.st_mtime_ns, stat.st_size))


@functools.lru_cache(maxsize=8)
def _parse_config(path: str, mtime_ns: int, size: int) -> dict:
    return yaml.load(Path(path).read_text(encoding="utf-8"), Loader=_Loader)


# Each language's MkDocs config; mkdocs.en.yml INHERITs mkdocs.yml.
CONFIGS = {"zh": ROOT / "mkdocs.yml", "en": ROOT / "mkdocs.en.yml"}
# The Markdown extensions whose preprocessors make the page the reader sees
# from its source, run in this order: includes, then the comments in the
# page's language (ptdocs/comments.py).
EXPANDING = {"pymdownx.snippets": "snippet", "ptdocs.comments": "ptdocs-comments"}


def site_config(path: Path) -> dict:
    """A config file with what it INHERITs, merged as MkDocs merges it:
    mappings key by key, anything else replaced."""
    cfg = read_config(path)
    parent = cfg.pop("INHERIT", None)
    if parent is None:
        return cfg

    def merge(base, over):
        if isinstance(base, dict) and isinstance(over, dict):
            return {**base, **{k: merge(base.get(k), v) for k, v in over.items()}}
        return over
    return merge(site_config(path.parent / parent), cfg)


def page_config(page: Path | None) -> dict:
    """The config a page is rendered with: the one whose docs_dir holds it
    (a page elsewhere, as in the harness's own tests: mkdocs.yml's)."""
    if page is not None:
        for path in CONFIGS.values():
            cfg = site_config(path)
            if Path(page).resolve().is_relative_to((ROOT / cfg["docs_dir"]).resolve()):
                return cfg
    return site_config(CONFIGS["zh"])


def markdown_options(page: Path | None = None) -> dict[str, dict]:
    """The options of the EXPANDING extensions in the page's config, as
    MkDocs would pass them (paths from the project root; ptdocs.comments told
    the site's language, which MkDocs lets it find by itself)."""
    cfg = page_config(page)
    found = {}
    for ext in cfg["markdown_extensions"]:
        name, opts = next(iter(ext.items())) if isinstance(ext, dict) else (ext, {})
        if name in EXPANDING:
            found[name] = dict(opts or {})
    if "pymdownx.snippets" not in found:
        raise PageError("mkdocs.yml does not configure pymdownx.snippets")
    snippets = found["pymdownx.snippets"]
    snippets["base_path"] = [str(ROOT / p) for p in snippets.get("base_path", ["."])]
    if "ptdocs.comments" in found:
        found["ptdocs.comments"]["site_language"] = cfg["theme"]["language"]
    return found


def expand_includes(lines: list[str], page: Path | None = None) -> list[str]:
    """The page's lines as MkDocs' preprocessors leave them for rendering:
    ``--8<--`` includes expanded, comments in the page's language."""
    options = markdown_options(page)
    md = markdown.Markdown(extensions=list(options), extension_configs=options)
    try:
        for name in EXPANDING.values():
            if name in md.preprocessors:
                lines = md.preprocessors[name].run(lines)
        return lines
    except Exception as exc:  # SnippetMissingError, a bad comment catalogue, ...
        what = "include" if name == "snippet" else "comment translation"
        raise PageError(f"{what} failed: {exc}") from exc


def language_of(info: str) -> str:
    """``py title="x"`` -> ``py``; ``{ .python hl_lines="1" }`` -> ``python``."""
    info = info.strip()
    if info.startswith("{"):
        m = re.search(r"\.([\w+-]+)", info)
        return m.group(1).lower() if m else ""
    return info.split()[0].lower() if info else ""


def title_of(info: str) -> str | None:
    m = re.search(r'title="([^"]*)"', info)
    return m.group(1) if m else None


class Fence(NamedTuple):
    start: int          # index of the opening line
    end: int            # index of the closing line (len(lines) if it never closes)
    lang: str
    info: str           # the raw info string


def scan_fences(lines: list[str]) -> list[Fence]:
    """Every fence, the one scanner of the harness (pages, notebooks, site test)."""
    out, start, ticks, info = [], None, "", ""
    for i, line in enumerate(lines):
        m = FENCE.match(line)
        if not m:
            continue
        if start is None:
            start, ticks, info = i, m["ticks"], m["info"]
        elif m["ticks"][0] == ticks[0] and len(m["ticks"]) >= len(ticks) \
                and not m["info"].strip():
            out.append(Fence(start, i, language_of(info), info))
            start = None
    if start is not None:
        out.append(Fence(start, len(lines), language_of(info), info))
    return out


def extract(page: Path) -> list[Block]:
    page = Path(page)
    source = page.read_text(encoding="utf-8").splitlines()
    if source and markers.SKIPFILE.match(source[0]):
        raise PageError(f"{page}: skipfile would hide every block of the page")

    for i, line in enumerate(source):
        if re.match(r"^\s*~{3,}", line):
            raise PageError(f"{page}:{i + 1}: ~~~ fences are never run; use ``` fences")
        m = markers.SKIP.match(line)
        if m and markers.reason(m["args"]) is None:
            raise PageError(f"{page}:{i + 1}: a skip needs a visible reason: "
                            f'<!--pytest.mark.skip(reason="...")-->')
        if markers.REFUSED.search(line):
            raise PageError(f"{page}:{i + 1}: use pytest.mark.skip(reason=...) or "
                            f"pytest.mark.xfail(raises=..., strict=True) instead")

    orig_fences = scan_fences(source)
    # Which snippet targets sit inside each fence of the source page.
    includes_by_fence = [[m["target"] for m in map(INCLUDE.match, source[f.start:f.end]) if m]
                         for f in orig_fences]

    problems = include_problems(page, source)
    for f in orig_fences:
        if f.lang in RUNNABLE:
            problems += [f"{page}:{n + 1}: an escaped include (;--8<--) in a {f.lang} block "
                         "would run as code: show include lines in a ```text or ```markdown "
                         "block" for n in range(f.start + 1, f.end)
                         if ESCAPED_INCLUDE.match(source[n])]
    if problems:
        raise PageError("\n".join(problems))
    expanded = expand_includes(source, page)
    fences = scan_fences(expanded)
    if len(fences) != len(orig_fences):
        raise PageError(f"{page}: an include brings its own ``` fences; include code only")

    normalised = list(expanded)
    meta, parts = {}, []        # parts: the fences each runnable block is made of
    for n, (i, end, lang, info) in enumerate(fences):
        line = orig_fences[n].start + 1
        if not lang:
            raise PageError(f"{page}:{line}: a fence needs a language")
        j = i - 1
        while j >= 0 and not expanded[j].strip():
            j -= 1
        before = expanded[j] if j >= 0 else ""      # a ``cont`` marker?
        if lang in RUNNABLE:
            m = FENCE.match(expanded[i])
            normalised[i] = m["indent"] + m["ticks"] + RUNNABLE[lang]
            if parts and markers.CONT.match(before):
                parts[-1] += 1
            else:
                parts.append(1)
        elif lang not in NOT_RUNNABLE:
            raise PageError(f"{page}:{line}: unknown fence language "
                            f"{lang!r}: run it (python/sh) or add it to NOT_RUNNABLE")
        elif markers.CONT.match(before):
            raise PageError(f"{page}:{line}: a {lang!r} fence cannot continue a code block")
        meta[i + 1] = (line, title_of(info), includes_by_fence[n], lang)
        # pytest-codeblocks drops the blank lines of an indented fence (its
        # lstrip() takes the newline too): give them the fence's indentation.
        indent = FENCE.match(expanded[i])["indent"]
        for j in range(i + 1, end if indent else i + 1):
            if not normalised[j].strip():
                normalised[j] = indent

    raw_blocks = compat.extract_codeblocks("\n".join(normalised) + "\n")
    blocks, runnable_seen = [], 0
    for rb in raw_blocks:
        line, title, includes, lang = meta[rb.lineno]
        if rb.syntax not in ("python", "sh", "bash"):
            if rb.marks:
                raise PageError(f"{page}:{line}: markers stand before a {lang!r} fence, "
                                f"which is not code to run")
            continue
        runnable_seen += 1
        blocks.append(Block(page=page, index=runnable_seen, line=line, lang=rb.syntax,
                            code=rb.code, title=title, includes=includes,
                            expected_output=rb.expected_output, marks=list(rb.marks)))

    # Every runnable fence is a block, the continuation of one, or its output.
    if len(parts) != len(blocks):
        raise PageError(f"{page}: {sum(parts)} code fences but {len(blocks)} blocks "
                        f"and {sum(parts) - len(parts)} continuations: a fence would escape "
                        f"execution (is an expected-output fence marked python/sh?)")
    for block, n in zip(blocks, parts):
        block.parts = n
    return blocks


def all_pages() -> dict[str, list[Path]]:
    return {lang: sorted(d.rglob("*.md")) for lang, d in LANGUAGES.items()}


def include_targets(page: Path) -> list[str]:
    """Every ``--8<--`` target named on a page, in order."""
    return [m["target"] for m in map(INCLUDE.match,
                                     page.read_text(encoding="utf-8").splitlines()) if m]


# (`;--8<--` is pymdownx.snippets' escape: the text shows, it marks nothing)
SECTION = re.compile(r"(?<!;)--8<-- \[(?P<edge>start|end):(?P<name>[^\]]+)\]")
ESCAPED_INCLUDE = re.compile(r"^\s*;-+8<-+")


def include_problems(page: Path, source: list[str] | None = None) -> list[str]:
    """``page:line: what`` for every include on the page that points nowhere:
    a missing file, or a section the file does not mark."""
    if source is None:
        source = Path(page).read_text(encoding="utf-8").splitlines()
    where = Path(page).resolve()
    where = where.relative_to(ROOT) if where.is_relative_to(ROOT) else where
    problems = []
    for n, line in enumerate(source, 1):
        m = INCLUDE.match(line)
        if not m:
            continue
        path, _, section = m["target"].partition(":")
        file = ROOT / path
        if not file.is_file():
            problems.append(f"{where}:{n}: includes {path}, which does not exist")
            continue
        if section and not re.fullmatch(r"[\d:,-]+", section):   # (line ranges are fine)
            edges = {(e["edge"], e["name"]) for e in SECTION.finditer(
                file.read_text(encoding="utf-8"))}
            missing = [e for e in ("start", "end") if (e, section) not in edges]
            if missing:
                names = ", ".join(sorted({name for _, name in edges})) or "none"
                marks = " or ".join(f"[{edge}:{section}]" for edge in missing)
                problems.append(f"{where}:{n}: includes section {section!r} of {path}, "
                                f"which has no {marks} marker (its sections: {names})")
    return problems


def parity_problems(zh: Path, en: Path) -> list[str]:
    """Where two pages stop running the same code: ``file:line: what`` for the
    first block that does not match, in each page (comments aside)."""
    import difflib

    a, b = extract(zh), extract(en)

    def key(block):
        return (block.lang, tuple(block.includes), without_comments(block.code, block.lang),
                block.expected_output,
                tuple(markers.without_reason(m) for m in block.marks))

    def at(block):
        return f"{block.page.relative_to(ROOT)}:{block.line}"

    for x, y in zip(a, b):
        if key(x) != key(y):
            break
    else:
        if len(a) == len(b):
            return []
    ka, kb = [key(x) for x in a], [key(y) for y in b]
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, ka, kb, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        if tag == "insert":
            y = b[j1]
            other = f"{a[i1].page.relative_to(ROOT)}:{a[i1].line}" if i1 < len(a) else \
                f"the end of {zh.relative_to(ROOT)}"
            return [f"{at(y)}: {y.name.split(' (')[0]} is missing from "
                    f"{zh.relative_to(ROOT)} (it belongs before {other})"]
        x = a[i1]
        if tag == "delete":
            other = f"{b[j1].page.relative_to(ROOT)}:{b[j1].line}" if j1 < len(b) else \
                f"the end of {en.relative_to(ROOT)}"
            return [f"{at(x)}: {x.name.split(' (')[0]} is missing from "
                    f"{en.relative_to(ROOT)} (it belongs before {other})"]
        y = b[j1]
        parts = [name for name, p, q in zip(("language", "includes", "code", "output shown",
                                             "markers"), key(x), key(y)) if p != q]
        return [f"{at(x)}: {x.name.split(' (')[0]} differs from {at(y)} "
                f"({y.name.split(' (')[0]}): {', '.join(parts)}"]
    return []


def without_comments(code: str, lang: str = "python") -> str:
    """Code with comments and blank lines removed. Comments are in the page's
    language; the code itself must be the same in both languages."""
    import tokenize

    if lang != "python":
        lines = [line.split(" #")[0].rstrip() for line in code.splitlines()
                 if not line.lstrip().startswith("#")]
        return "\n".join(line for line in lines if line.strip())
    tokens = [t for t in tokenize.generate_tokens(io.StringIO(code).readline)
              if t.type != tokenize.COMMENT]
    code = tokenize.untokenize(tokens)
    return "\n".join(line.rstrip() for line in code.splitlines() if line.strip())
