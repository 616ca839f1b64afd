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

from ptdocs import markers, notebooks, pages

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
    continued = len(markers.CONT.findall(source))
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
    for block in pages.extract(page):
        text = "".join(shown[:block.parts])      # 1 + its ``cont`` fences
        del shown[:block.parts]
        assert text.rstrip("\n") == block.code.rstrip("\n"), (
            f"{block.name}: the page shows\n{text}\n--- the harness runs\n{block.code}")


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
        assert f'href="../notebooks/{page.stem}/"' in line, line      # its notebook page
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


# --- the notebook pages (mkdocs-jupyter) ------------------------------------

NOTEBOOK_PAGES = [(lang, p.stem) for lang, p in PAGES
                  if (notebooks.OUT / lang / f"{p.stem}.ipynb").is_file()]


def notebook_page(site: Path, lang: str, slug: str) -> Path:
    return site / PREFIX[lang] / "notebooks" / slug / "index.html"


def title_of(html_file: Path) -> str:
    return re.search(r"<title>(.*?)</title>", html_file.read_text(encoding="utf-8"),
                     re.S).group(1)


@pytest.mark.parametrize("lang,slug", NOTEBOOK_PAGES,
                         ids=[f"{lang}/{slug}" for lang, slug in NOTEBOOK_PAGES])
def test_each_chapter_has_a_notebook_page_with_its_outputs(built_site, lang, slug):
    """The chapter's title; every stored output shown; the .ipynb beside it to
    download; Colab; a way back to the chapter; the nav lists it."""
    import json

    html_file = notebook_page(built_site, lang, slug)
    assert html_file.is_file(), f"no notebook page for {lang}/{slug}"
    text = html_file.read_text(encoding="utf-8")
    chapter = built_page(built_site, lang, pages.LANGUAGES[lang] / f"{slug}.md")
    assert title_of(html_file) == title_of(chapter)
    committed = notebooks.OUT / lang / f"{slug}.ipynb"
    node = json.loads(committed.read_text(encoding="utf-8"))
    stored = sum(len(c.get("outputs", [])) for c in node["cells"] if c["cell_type"] == "code")
    shown = len(re.findall(r'class="[^"]*\bjp-OutputArea-output\b', text))
    assert stored and shown >= stored, f"{stored} outputs stored, {shown} shown"
    download = html_file.parent / f"{slug}.ipynb"
    assert download.read_bytes() == committed.read_bytes()
    meta = re.search(r'<p class="page-meta notebook-meta"[^>]*>(.*?)</p>', text, re.S).group(1)
    assert f'href="{slug}.ipynb" download=' in meta, meta
    colab = ("https://colab.research.google.com/github/pytorch-notes/pytorch-notes/"
             f"blob/main/docs/notebooks/{lang}/{slug}.ipynb")
    assert f'href="{colab}"' in meta, meta
    assert f'href="../../{slug}/"' in meta, meta
    home = (built_site / PREFIX[lang] / "index.html").read_text(encoding="utf-8")
    assert f'href="notebooks/{slug}/"' in home, "not in the nav"


def test_notebook_pages_read_like_the_chapter(built_site):
    """Every figure has the chapter page's alt text (or a plain description),
    no cell shows a tag chip, and stderr that is not an error or a warning
    (a progress bar, a program's per-epoch lines) is not in an error box."""
    plain = 0
    for lang, slug in NOTEBOOK_PAGES:
        text = notebook_page(built_site, lang, slug).read_text("utf-8")
        where = f"{lang}/notebooks/{slug}"
        assert "No description has been provided for this image" not in text, where
        assert 'class="cell-tag"' not in text, where
        for m in re.finditer(r'<div class="jp-RenderedText jp-OutputArea-output([^"]*)"[^>]*'
                             r'data-mime-type="application/vnd.jupyter.stderr">\s*<pre>(.*?)</pre>',
                             text, re.S):
            is_error = m.group(2).lstrip().startswith('<span class="ansi-red-fg">')
            is_warning = re.search(r"\w*Warning: ", m.group(2)) is not None
            assert ("ptdocs-plain-stderr" in m.group(1)) == (not is_error and not is_warning), \
                (where, m.group(2)[:200])
            plain += not is_error and not is_warning
    assert plain, "no plain stderr on any notebook page (complete-training has tqdm bars)"
    # the alt text of a saved picture is the chapter page's
    text = notebook_page(built_site, "en", "complete-training").read_text("utf-8")
    assert 'alt="Loss and test accuracy of the two epochs trained above' in text


def test_each_figure_stands_where_the_prose_refers_to_it(built_site):
    """A figure whose drawing code is further down the notebook (the notebook
    itself gives its caption and says so: notebooks.drop_drawn_pictures)
    moves up on the site page to where the prose refers to it, and a link
    under the code points at it (ptdocs/site/notebook_pages.py)."""
    moved = {lang: 0 for lang in PREFIX}
    for lang, slug in NOTEBOOK_PAGES:
        text = notebook_page(built_site, lang, slug).read_text("utf-8")
        where = f"{lang}/notebooks/{slug}"
        note = html.escape(notebooks.TEXT[lang]["drawn_below"], quote=False)
        assert note not in text, f"{where}: a caption still says the figure is further down"
        for anchor in re.findall(r'<p class="ptdocs-moved-figure"><a href="#([^"]+)">', text):
            at = text.find(f'<p id="{anchor}"><img ')
            assert at >= 0, f"{where}: the link under the code points at no figure (#{anchor})"
            assert text.startswith('src="data:image/png;base64,',
                                   text.index("src=", at)), f"{where}: #{anchor}"
            assert at < text.index(f'href="#{anchor}"'), f"{where}: #{anchor} is not above"
            moved[lang] += 1
    # conv2d, pooling, predict-one-image and transforms draw one each at the end
    assert all(n >= 4 for n in moved.values()), moved


def test_at_least_five_notebook_pages_per_language_show_figures(built_site):
    for lang in PREFIX:
        with_figures = [slug for la, slug in NOTEBOOK_PAGES if la == lang and
                        re.search(r'<img[^>]+src="data:image/png',
                                  notebook_page(built_site, lang, slug).read_text("utf-8"))]
        assert len(with_figures) >= 5, f"{lang}: figures inline only in {with_figures}"


FIGURE = re.compile(r'<img\b[^>]*\bsrc="data:(image/[\w+.-]+);base64,([^"]*)"')


def test_every_figure_on_a_notebook_page_is_a_picture(built_site):
    """Every figure inline on a notebook page, both languages, decodes as the
    picture its data: URL says it is (the browser tests open only some of
    these pages)."""
    import base64
    import io

    from PIL import Image

    bad, seen = [], 0
    for lang, slug in NOTEBOOK_PAGES:
        text = notebook_page(built_site, lang, slug).read_text(encoding="utf-8")
        for n, (kind, data) in enumerate(FIGURE.findall(text), 1):
            seen += 1
            try:
                with Image.open(io.BytesIO(base64.b64decode(data, validate=True))) as im:
                    im.load()
                    ok = (Image.MIME.get(im.format) == kind and im.width > 0 and im.height > 0)
            except Exception as exc:        # not a picture: say why
                ok, kind = False, f"{kind}: {type(exc).__name__}: {exc}"
            if not ok:
                bad.append(f"{lang}/notebooks/{slug}: figure {n} ({kind})")
    assert seen and not bad, "figures that are not pictures:\n" + "\n".join(bad)


def scripts(text: str) -> list[tuple[str, str]]:
    return re.findall(r"<script\b([^>]*)>(.*?)</script>", text, re.S)


def test_every_notebook_page_runs_the_same_scripts(built_site):
    """The browser tests run the JavaScript of three notebook pages per
    language (a page view costs about 0.5 s of CPU). The others run the same
    scripts (Material's, mkdocs-jupyter's copy button): no output adds a
    script or an inline event handler, and the shared notebook stylesheet
    fetches nothing (every url() in it is a data: URL)."""
    for lang in PREFIX:
        seen: dict[tuple, list[str]] = {}
        sheets = set()
        for la, slug in NOTEBOOK_PAGES:
            if la != lang:
                continue
            text = notebook_page(built_site, lang, slug).read_text(encoding="utf-8")
            handlers = re.findall(r"<[a-z][^>]*\son[a-z]+\s*=", text)
            assert not handlers, f"{lang}/notebooks/{slug}: inline event handlers {handlers}"
            seen.setdefault(tuple(scripts(text)), []).append(slug)
            for css in re.findall(r'<link rel="stylesheet" href="([^"]*notebook-[^"]*)"', text):
                sheet = (notebook_page(built_site, lang, slug).parent / css).resolve()
                if sheet in sheets:
                    continue
                sheets.add(sheet)
                rules = sheet.read_text(encoding="utf-8")
                urls = re.findall(r"url\(\s*['\"]?([^'\")]*)", rules)
                assert not [u for u in urls if not u.startswith("data:")], (sheet, urls)
                assert "@import" not in rules, sheet
        assert sheets, f"{lang}: no notebook page links the notebook stylesheet"
        assert len(seen) == 1, f"{lang}: notebook pages with different scripts: " + "; ".join(
            ", ".join(slugs) for slugs in seen.values())


def test_search_index_leaves_the_notebook_pages_out(built_site):
    """A notebook page holds its chapter's text and code: indexed, every hit
    would show twice. Search leads to the chapter, which links its notebook."""
    import json

    for lang in PREFIX:
        index = json.loads((built_site / PREFIX[lang] / "search" / "search_index.json")
                           .read_text(encoding="utf-8"))
        locations = [d["location"] for d in index["docs"]]
        assert not [loc for loc in locations if loc.startswith("notebooks/")]
        assert any(loc.startswith("conv2d/") for loc in locations)


def test_no_link_targets_a_numbered_heading_id():
    """MkDocs names a heading without Latin letters (most Chinese headings)
    ``_1``, ``_2``, ... by its place on the page, so a heading added above it
    silently moves every link to it. A linked heading gets an id of its own
    (``## 标题 {#name}``) instead."""
    positional = re.compile(r"\]\((?:[\w-]+\.md)?#_\d+\)")
    hits = [f"{page.relative_to(pages.ROOT)}:{n}: {m.group(0)}"
            for lang_pages in pages.all_pages().values() for page in lang_pages
            for n, line in enumerate(page.read_text(encoding="utf-8").splitlines(), 1)
            for m in positional.finditer(line)]
    assert not hits, "links to numbered heading ids:\n" + "\n".join(hits)


def test_notebook_pages_load_nothing_from_a_cdn(built_site):
    """nbconvert's template loads MathJax (and Mermaid, for diagrams) from CDNs,
    some of it from inside scripts, which the link checks above do not read."""
    found = [f"{lang}/{slug}" for lang, slug in NOTEBOOK_PAGES
             if re.search(r"cdnjs|cdn\.jsdelivr|unpkg\.com|mathjax|require\.js",
                          notebook_page(built_site, lang, slug).read_text("utf-8"), re.I)]
    assert not found, f"CDN scripts on {found}"


def test_notebook_pages_render_as_mkdocs_jupyter_renders_them(tmp_path):
    """ptdocs-notebook-render fills mkdocs-jupyter's cache with its own, cheaper
    rendering (ptdocs/site/notebook_render.py): the same HTML as the plugin's
    convert.nb2html, read by the same parser, and the same title. Checked on
    a notebook with figures and errors; if a newer nbconvert or mkdocs-jupyter
    renders differently, this fails."""
    import json

    from bs4 import BeautifulSoup
    from mkdocs.config import load_config
    from mkdocs_jupyter import convert
    from mkdocs_jupyter import plugin as jupyter

    from ptdocs.site.notebook_render import render_notebooks

    cfg = dict(load_config(str(pages.ROOT / "mkdocs.yml")).plugins["mkdocs-jupyter"].config)

    chosen = next((path for path in sorted((notebooks.OUT / "zh").glob("*.ipynb"))
                   if '"image/png"' in (text := path.read_text(encoding="utf-8"))
                   and '"output_type": "error"' in text), None)
    assert chosen, "no notebook with both a figure and an error"
    entry = tmp_path / f"{chosen.stem}.json"
    render_notebooks([(str(chosen), str(entry))], cfg)
    cached = json.loads(entry.read_text(encoding="utf-8"))
    plugin = convert.nb2html(str(chosen), **{key: cfg[key] for key in (
        "execute", "kernel_name", "theme", "allow_errors", "show_input", "no_input",
        "no_prompt", "remove_tag_config", "highlight_extra_classes", "include_requirejs",
        "custom_mathjax_url")})
    ours, theirs = (str(BeautifulSoup(h, "html.parser")) for h in (cached["content"], plugin))
    assert ours == theirs, f"{chosen.name}: ptdocs renders it differently from nb2html"
    assert cached["title"] == jupyter._get_nb_toc_tokens(str(chosen), cfg["toc_depth"])[1]


def test_serve_keeps_the_english_site_when_no_english_file_changed(tmp_path, monkeypatch):
    """Under `mkdocs serve` an edit to a Chinese page rebuilds the Chinese site
    only (ptdocs-english): the English one, emptied out of site_dir with the
    rest, is put back as it was. An English file changed: rebuilt."""
    from mkdocs.config import load_config

    site = tmp_path / "site"
    (site / "en").mkdir(parents=True)
    (site / "en" / "index.html").write_text("english")
    zh = load_config(str(pages.ROOT / "mkdocs.yml"), site_dir=str(site))
    english = zh.plugins["ptdocs-english"]
    built = []
    monkeypatch.setattr("mkdocs.commands.build.build", lambda cfg: built.append(cfg))
    english.on_startup(command="serve", dirty=False)
    english.fingerprint = english.english_fingerprint(zh)

    english.on_pre_build(zh)
    assert not (site / "en").exists()           # MkDocs would empty site_dir now
    english.on_post_build(zh)
    assert (site / "en" / "index.html").read_text() == "english" and not built

    english.fingerprint = None                  # as if an English file had changed
    english.on_pre_build(zh)
    english.on_post_build(zh)                   # (in a thread: the first page waits not)
    english.wait()
    assert len(built) == 1 and not english.previous(zh).exists()
    assert english.fingerprint == english.english_fingerprint(zh)
