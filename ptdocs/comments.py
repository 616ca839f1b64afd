"""Comments in the page's language, on code that stays one (English) source.

The snippets are written once, with English comments, and both languages run
them. The Chinese site shows them with Chinese comments, taken from
catalogues beside the snippets, one per topic folder::

    snippets/<topic>/comments.zh.toml

    [[comment]]
    en = "Download CIFAR-10 into ./dataset the first time; later runs reuse the files."
    zh = \"\"\"第一次运行时把 CIFAR-10 下载到 ./dataset，
    之后再运行就直接用已有的文件。\"\"\"

A catalogue entry is keyed by a whole comment *block*: the consecutive
full-line comments at one indent, their text joined with single spaces (so
re-wrapping the English keeps the key); a trailing comment (``x = 1  # note``)
is a block of its own. The zh value's lines become the block's comment lines,
at the block's indent. Directives (``# --8<--``, ``# noqa``, ``# type:``, ...),
shebangs and comments that already hold Chinese are never keys and never
replaced; a blank comment line or a directive ends a block.

One mechanism serves the site, the pages the tests run and the notebooks: the
Markdown extension ``ptdocs.comments`` (mkdocs.yml, ``lang: zh``). Its
preprocessor runs right after pymdownx.snippets' (which has expanded the
``--8<--`` includes) and rewrites the comments of every Python fence, in
tabs and admonitions too. ptdocs.pages.expand_includes builds its Markdown
from the page's own config, so what the harness runs, what the notebooks hold
and what the built site shows are the same text.

mkdocs.en.yml INHERITs mkdocs.yml, and MkDocs copies the whole
``markdown_extensions`` list into it. So the extension applies only where the
site's language (theme.language) is ``lang``: MkDocs does not tell an
extension which site it renders, and the preprocessor reads it from the
page's MkDocs config that MkDocs hands its own per-page tree processors
(``site_language``); the harness passes it as the ``site_language`` option.
"""

from __future__ import annotations

import functools
import io
import re
import tokenize
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from markdown import Extension
from markdown.preprocessors import Preprocessor

from ptdocs import ROOT
from ptdocs.pages import FENCE, scan_fences

try:
    import tomllib
except ModuleNotFoundError:     # Python 3.10
    import tomli as tomllib

SNIPPETS = ROOT / "snippets"
# Fences whose comments are translated (pages.language_of gives the language).
PYTHON = {"python", "py", "python3", "pycon"}
# Comment text (after the '#') that is an instruction to a tool, not prose.
DIRECTIVE = re.compile(r"^(!|\s*(--8<--|noqa\b|type:|isort:|fmt:|pragma\b|ruff:|pylint:"
                       r"|-\*-|(vim?|coding)[:=]))", re.I)
CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]")
PROMPT = re.compile(r"^(>>> |\.\.\. |>>>$|\.\.\.$)")


def key(text: str) -> str:
    """A catalogue key: the text with every run of white space as one space."""
    return " ".join(text.split())


def is_directive(text: str) -> bool:
    """``text`` is a comment's text after its '#'."""
    return bool(DIRECTIVE.match(text))


def has_cjk(text: str) -> bool:
    return bool(CJK.search(text))


def width(text: str) -> int:
    """Columns on screen: a wide character (CJK, full-width signs) takes two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


# --- the comment blocks of some Python code -------------------------------------

@dataclass
class CommentBlock:
    first: int              # index of its first line in the code's lines
    last: int               # index of its last line
    col: int                # column of the '#'
    texts: list[str]        # each line's text after '#'
    trailing: bool          # a comment after code on the same line

    @property
    def key(self) -> str:
        return key(" ".join(self.texts))

    @property
    def translatable(self) -> bool:
        """Prose to translate: not a directive, not Chinese already."""
        return bool(self.key) and not any(is_directive(t) or has_cjk(t) for t in self.texts)


def _comment_text(comment: str) -> str:
    return comment[1:].strip()


def _comments_by_tokens(lines: list[str]) -> tuple[list[tuple[int, int]], int]:
    """(line index, column) of every comment token, and how many lines were
    tokenized without error (a partial snippet may stop the tokenizer)."""
    found: list[tuple[int, int]] = []
    done = 0
    source = io.StringIO("".join(line + "\n" for line in lines))
    try:
        for tok in tokenize.generate_tokens(source.readline):
            if tok.type == tokenize.COMMENT:
                found.append((tok.start[0] - 1, tok.start[1]))
            if tok.type in (tokenize.NEWLINE, tokenize.NL):
                done = tok.end[0]
        done = len(lines)
    except (tokenize.TokenError, IndentationError, SyntaxError):
        pass
    return found, done


def comment_blocks(lines: list[str]) -> list[CommentBlock]:
    """The comment blocks of some Python code, in order (directives included,
    see ``translatable``). Comments come from ``tokenize``; where it cannot
    go on (a partial snippet: an open bracket or string at the end), the rest
    is read line by line, counting full-line comments only."""
    found, done = _comments_by_tokens(lines)
    found = [(i, col) for i, col in found if i < done]
    found += [(i, len(line) - len(line.lstrip())) for i, line in enumerate(lines)
              if i >= done and line.lstrip().startswith("#")]
    blocks: list[CommentBlock] = []
    for i, col in found:
        line = lines[i]
        text = _comment_text(line[col:])
        trailing = bool(line[:col].strip())
        prev = blocks[-1] if blocks else None
        if (not trailing and text and not is_directive(text)
                and prev and not prev.trailing and prev.last == i - 1 and prev.col == col
                and prev.texts[-1] and not is_directive(prev.texts[-1])):
            prev.last = i
            prev.texts.append(text)
        else:
            blocks.append(CommentBlock(i, i, col, [text], trailing))
    return blocks


def translated(lines: list[str], table: dict[str, Entry]) -> list[tuple[int, str]]:
    """The code's lines with each catalogued comment block in the catalogue's
    language, everything else as it was; each line with the index of the
    line it comes from (a block's lines: its first line)."""
    out = list(enumerate(lines))
    for block in reversed(comment_blocks(lines)):
        entry = table.get(block.key) if block.translatable else None
        if entry is None:
            continue
        lead = lines[block.first][:block.col]
        if block.trailing:
            out[block.first] = (block.first, lead + "# " + "".join(entry.lines))
        else:
            out[block.first:block.last + 1] = [
                (block.first, lead + ("# " + text if text else "#")) for text in entry.lines]
    return out


def translate(code: str, lang: str) -> str:
    """Python code with its comments in ``lang`` where a catalogue has them."""
    return "\n".join(text for _, text in translated(code.split("\n"), catalogue(lang)))


def untranslated(code: str) -> list[tuple[int, str]]:
    """(1-based line, text) of every comment block that is prose in English
    (not a directive, no Chinese): what a Chinese page must not show."""
    return [(b.first + 1, b.key) for b in comment_blocks(code.split("\n")) if b.translatable]


# --- the catalogues --------------------------------------------------------------

class CatalogueError(Exception):
    pass


@dataclass(frozen=True)
class Entry:
    en: str                 # the key (white space normalised)
    lines: tuple[str, ...]  # the translation, one comment line each
    file: Path
    index: int              # its position in the file, from 1


def catalogue_files(lang: str) -> list[Path]:
    return sorted(SNIPPETS.rglob(f"comments.{lang}.toml"))


def _stamp(lang: str) -> tuple:
    """The catalogue files of ``lang`` and their versions."""
    return tuple((str(f), f.stat().st_mtime_ns, f.stat().st_size)
                 for f in catalogue_files(lang))


def catalogue(lang: str) -> dict[str, Entry]:
    """Every entry of the ``lang`` catalogues, merged, by key. Read again
    only when a catalogue file changes."""
    return _load(lang, _stamp(lang))


@functools.lru_cache(maxsize=4)
def _load(lang: str, stamp: tuple) -> dict[str, Entry]:
    table: dict[str, Entry] = {}
    for name, _, _ in stamp:
        path = Path(name)
        rel = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise CatalogueError(f"{rel}: {exc}") from exc
        for n, item in enumerate(data.get("comment", []), 1):
            if set(item) != {"en", lang} or not all(isinstance(v, str) for v in item.values()):
                raise CatalogueError(f"{rel}: entry {n} needs exactly the strings "
                                     f"'en' and '{lang}', it has {sorted(item)}")
            text = [line.strip() for line in item[lang].strip().split("\n")]
            entry = Entry(key(item["en"]), tuple(text), rel, n)
            old = table.get(entry.en)
            if old is not None and old.lines != entry.lines:
                raise CatalogueError(
                    f"two translations of {entry.en!r}: {old.file} (entry {old.index}) "
                    f"and {rel} (entry {n})")
            table.setdefault(entry.en, entry)
    return table


# --- the Markdown extension -------------------------------------------------------

def translate_markdown(lines: list[str], lang: str) -> list[str]:
    """Markdown lines with the comments of every Python fence in ``lang``."""
    stamp = _stamp(lang)
    if not _load(lang, stamp):
        return lines
    out = list(lines)
    for fence in reversed(scan_fences(lines)):
        if fence.lang not in PYTHON:
            continue
        indent = len(FENCE.match(lines[fence.start])["indent"])
        body = lines[fence.start + 1:fence.end]
        # A body line's fence indentation (absent on a blank line) and prompt.
        cut = [indent if line[:indent].strip() == "" else 0 for line in body]
        code = [line[n:] for line, n in zip(body, cut)]
        prompts = [""] * len(code)
        if fence.lang == "pycon":
            prompts = [m.group(0) if (m := PROMPT.match(c)) else "" for c in code]
            code = [c[len(p):] for c, p in zip(code, prompts)]
        new = _translated_fence(tuple(code), lang, stamp)
        if new is not None:
            # A line keeps the fence indentation and prompt of the line it
            # comes from.
            out[fence.start + 1:fence.end] = [body[i][:cut[i]] + prompts[i] + text
                                              for i, text in new]
    return out


@functools.lru_cache(maxsize=4096)
def _translated_fence(code: tuple[str, ...], lang: str, stamp: tuple):
    """``translated`` for one fence's code, None when nothing changes. A page
    is read many times in one process (the harness, the notebooks, the
    language check): each fence is tokenized once per catalogue version."""
    new = translated(list(code), _load(lang, stamp))
    return None if [text for _, text in new] == list(code) else new


def site_language(md) -> str | None:
    """The language of the MkDocs site a page is rendered for, or None
    outside MkDocs. MkDocs gives each page's Markdown instance its own tree
    processors that hold the site's config (mkdocs.structure.pages); an
    extension has no other way to see it."""
    for processor in getattr(md, "treeprocessors", []):
        config = getattr(processor, "config", None)
        theme = config.get("theme") if hasattr(config, "get") else None
        if theme is not None:
            try:
                return theme["language"]
            except (KeyError, TypeError):
                return None
    return None


class CommentsPreprocessor(Preprocessor):
    def __init__(self, md, lang: str, site_lang: str):
        super().__init__(md)
        self.lang, self.site_lang = lang, site_lang

    def run(self, lines: list[str]) -> list[str]:
        site = self.site_lang or site_language(self.md)
        if not self.lang or (site is not None and site != self.lang):
            return lines
        return translate_markdown(lines, self.lang)


class CommentsExtension(Extension):
    def __init__(self, **kwargs):
        self.config = {
            "lang": ["", "the language of the comments (comments.<lang>.toml)"],
            "site_language": ["", "the site's language (default: MkDocs' theme.language); "
                                  "the comments change only where it is lang"],
        }
        super().__init__(**kwargs)

    def extendMarkdown(self, md):  # noqa: N802 (Python-Markdown's name)
        # pymdownx.snippets' preprocessor has priority 32: run right after it.
        md.preprocessors.register(
            CommentsPreprocessor(md, self.getConfig("lang"), self.getConfig("site_language")),
            "ptdocs-comments", 31)


def makeExtension(**kwargs):  # noqa: N802 (Python-Markdown's name)
    return CommentsExtension(**kwargs)
