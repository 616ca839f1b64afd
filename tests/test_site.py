"""The built site, both languages, read as files (no browser).

- Every same-site link, raw-HTML ones included, reaches a file of the built
  site, and its #anchor exists there (``mkdocs build --strict`` checks only
  Markdown links; external links are not fetched).
- No page loads a script, stylesheet, picture or frame from another host.
- Every code block the site renders is a block the harness runs, skips with a
  reason, or continues (``cont``): none escapes the tests.
- Every page says which torch and torchvision its code was verified with, and
  chapters link their notebook and Colab; the language switch stays on the page.
"""

from __future__ import annotations

import html
import re
from functools import cache
from importlib.metadata import version
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from tests.harness import notebooks, pages

SITE_HOST = "pytorch-notes.github.io"
BASE = "/pytorch-notes/"
PREFIX = {"zh": "", "en": "en/"}
# Attributes that make the browser fetch something on page load.
LOADED = {("script", "src"), ("img", "src"), ("iframe", "src"), ("source", "src"),
          ("video", "src"), ("audio", "src"), ("embed", "src"), ("object", "data")}
LOADED_LINK_RELS = {"stylesheet", "icon", "preload", "modulepreload", "manifest",
                    "apple-touch-icon", "prefetch"}
RUNNABLE_CLASSES = {f"language-{name}" for name in pages.RUNNABLE}


TAG = re.compile(r"<([a-zA-Z][\w-]*)((?:\s[^>]*)?)>")
ATTR = re.compile(r"""([^\s=/>"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?""")
CODE = re.compile(r"<code\b[^>]*>(.*?)</code>", re.S)
# An unhighlighted block: <pre><code class="language-python">...
BARE_CODE = re.compile(r"<pre\b[^>]*>\s*<code\b([^>]*)>")


def attributes(text: str) -> dict[str, str]:
    return {k.lower(): html.unescape(v1 or v2 or v3 or "")
            for k, v1, v2, v3 in ATTR.findall(text)}


class Page:
    """The ids, references and rendered code blocks of one HTML file.

    Read with regular expressions, not html.parser: the pages are mostly
    highlighted code (a <span> per token) and this runs over the whole site."""

    def __init__(self, text: str):
        # Comments and script/style bodies hold no markup to check.
        text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
        text = re.sub(r"(<(script|style)\b[^>]*>).*?(</\2>)", r"\1\3", text, flags=re.S)
        self.ids: set[str] = set()
        self.refs: list[tuple[str, str, str, str]] = []   # tag, attr, value, rel
        self.code_blocks: list[str] = []                  # language class of each
        self.code_texts: list[str] = []                   # and the code it shows
        for m in TAG.finditer(text):
            tag = m.group(1).lower()
            a = attributes(m.group(2))
            for key in ("id", "name"):
                if a.get(key):
                    self.ids.add(a[key])
            rel = a.get("rel", "").lower()
            for key in ("href", "src", "data", "srcset"):
                if a.get(key):
                    self.refs.append((tag, key, a[key], rel))
            classes = set(a.get("class", "").split())
            if tag == "div" and "highlight" in classes:
                self._code(classes, text, m.end())
        for m in BARE_CODE.finditer(text):
            self._code(set(attributes(m.group(1)).get("class", "").split()), text, m.start())

    def _code(self, classes: set[str], text: str, at: int) -> None:
        runnable = sorted(classes & RUNNABLE_CLASSES)[:1]
        if runnable:
            self.code_blocks.extend(runnable)
            code = CODE.search(text, at)
            self.code_texts.append(html.unescape(re.sub(r"<[^>]+>", "", code.group(1))))


@cache
def parsed(path: Path) -> Page:
    return Page(path.read_text(encoding="utf-8"))


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def url_of(site: Path, file: Path) -> str:
    rel = file.relative_to(site).as_posix()
    rel = rel[: -len("index.html")] if rel.endswith("index.html") else rel
    return f"http://{SITE_HOST}{BASE}{rel}"


def target_file(site: Path, url: str) -> Path | None:
    """The file of the built site that a same-site URL serves, or None."""
    path = unquote(urlsplit(url).path)
    if not path.startswith(BASE):
        return None
    file = site / path[len(BASE):]
    if file.is_dir() or path.endswith("/"):
        file = file / "index.html"
    return file if file.is_file() else None


def is_same_site(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and parts.hostname == SITE_HOST


def test_every_same_site_link_resolves(built_site):
    broken = []
    for file in html_files(built_site):
        page_url = url_of(built_site, file)
        where = file.relative_to(built_site).as_posix()
        for tag, attr, value, _ in parsed(file).refs:
            values = [v.strip().split()[0] for v in value.split(",")] if attr == "srcset" \
                else [value]
            for v in values:
                if re.match(r"^(mailto|tel|javascript|data):", v) or not v:
                    continue
                url = urljoin(page_url, v)
                if not is_same_site(url):
                    continue
                target = target_file(built_site, url)
                if target is None:
                    broken.append(f"{where}: <{tag} {attr}={v!r}>: no such file")
                    continue
                anchor = unquote(urlsplit(url).fragment)
                if anchor and target.suffix == ".html" and anchor not in parsed(target).ids:
                    broken.append(f"{where}: <{tag} {attr}={v!r}>: no #{anchor} in "
                                  f"{target.relative_to(built_site).as_posix()}")
    assert not broken, f"{len(broken)} broken links:\n" + "\n".join(broken)


def test_no_page_loads_anything_from_another_host(built_site):
    foreign = []
    for file in html_files(built_site):
        page_url = url_of(built_site, file)
        for tag, attr, value, rel in parsed(file).refs:
            loads = (tag, attr) in LOADED or (tag == "link" and attr == "href" and
                                              set(rel.split()) & LOADED_LINK_RELS)
            if attr == "srcset":
                loads = True
                value = value.split()[0]
            url = urljoin(page_url, value)
            if loads and urlsplit(url).scheme in ("http", "https", "") and \
                    not is_same_site(url):
                foreign.append(f"{file.relative_to(built_site)}: <{tag} {attr}={value!r}>")
    assert not foreign, "pages load from other hosts:\n" + "\n".join(foreign)


# --- every rendered code block is one the harness runs -------------------

PAGES = [(lang, p) for lang, ps in pages.all_pages().items() for p in ps]


def built_page(site: Path, lang: str, page: Path) -> Path:
    slug = page.relative_to(pages.LANGUAGES[lang]).with_suffix("").as_posix()
    rel = PREFIX[lang] + ("" if slug == "index" else slug + "/") + "index.html"
    return site / rel


@pytest.mark.parametrize("lang,page", PAGES, ids=[f"{lang}/{p.stem}" for lang, p in PAGES])
def test_every_rendered_code_block_is_run_by_the_harness(built_site, lang, page):
    blocks = pages.extract(page)
    source = page.read_text(encoding="utf-8")
    continued = len(re.findall(r"^\s*<!--[-\s]*pytest-codeblocks:\s*cont", source, re.M))
    html = built_page(built_site, lang, page)
    rendered = parsed(html).code_blocks
    assert len(rendered) == len(blocks) + continued, (
        f"{html.relative_to(built_site)} renders {len(rendered)} code blocks "
        f"({', '.join(rendered)}), the harness runs or skips {len(blocks)} "
        f"with {continued} continuations")


@pytest.mark.parametrize("lang,page", PAGES, ids=[f"{lang}/{p.stem}" for lang, p in PAGES])
def test_the_harness_runs_the_code_the_page_shows(built_site, lang, page):
    """Character for character, blank lines included (a ``cont`` block is the
    blocks it joins, in order)."""
    shown = list(parsed(built_page(built_site, lang, page)).code_texts)
    for block, fences in zip(pages.extract(page), fences_per_block(page)):
        text = "".join(shown[:fences])
        del shown[:fences]
        assert text.rstrip("\n") == block.code.rstrip("\n"), (
            f"{block.name}: the page shows\n{text}\n--- the harness runs\n{block.code}")


def fences_per_block(page: Path) -> list[int]:
    """How many rendered code blocks make each harness block (1 + its ``cont``s)."""
    source = page.read_text(encoding="utf-8").splitlines()
    sizes: list[int] = []
    for i, lang, _ in pages.scan_fences(source):
        if lang not in pages.RUNNABLE:
            continue
        before = next((ln for ln in reversed(source[:i]) if ln.strip()), "")
        if sizes and re.match(r"\s*<!--[-\s]*pytest-codeblocks:\s*cont", before):
            sizes[-1] += 1
        else:
            sizes.append(1)
    return sizes


# --- what every page says --------------------------------------------------

def meta_line(html: Path) -> str:
    text = html.read_text(encoding="utf-8")
    m = re.search(r'<p class="page-meta"[^>]*>(.*?)</p>', text, re.S)
    assert m, f"{html}: no page-meta line under the title"
    return m.group(1)


@pytest.mark.parametrize("lang,page", PAGES, ids=[f"{lang}/{p.stem}" for lang, p in PAGES])
def test_page_says_what_its_code_was_verified_with(built_site, lang, page):
    line = meta_line(built_page(built_site, lang, page))
    for name in ("torch", "torchvision"):
        assert f"{name} {version(name)}" in line, f"{name} {version(name)} missing: {line}"
    nb = notebooks.OUT / lang / f"{page.stem}.ipynb"
    if nb.is_file():
        assert f'href="../notebooks/{page.stem}.ipynb"' in line, line
        colab = ("https://colab.research.google.com/github/pytorch-notes/pytorch-notes/"
                 f"blob/main/docs/notebooks/{lang}/{page.stem}.ipynb")
        assert f'href="{colab}"' in line, line
    # Which chapters have a notebook at all: tests/test_notebooks.py.


def test_language_switch_links_to_the_same_page(built_site):
    wrong = []
    for lang, page in PAGES:
        html = built_page(built_site, lang, page)
        slug = page.stem
        path = "" if slug == "index" else f"{slug}/"
        for other, prefix in PREFIX.items():
            want = f'href="{BASE}{prefix}{path}" hreflang="{other}" class="md-select__link"'
            if want not in html.read_text(encoding="utf-8"):
                wrong.append(f"{html.relative_to(built_site)}: no {want}")
    assert not wrong, "\n".join(wrong)
