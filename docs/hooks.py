"""MkDocs hooks shared by both language configs (mkdocs.yml, mkdocs.en.yml).

Pictures live once, in docs/images/, and both languages link to them as
``images/<chapter>/<name>.png``. This hook adds that folder to each build, so
the Chinese and English sites never carry two copies of a picture.

Also: each chapter's notebook (docs/notebooks/<lang>/, with its outputs) as a
page rendered by mkdocs-jupyter, offering the download and Colab, left out of
search and requesting nothing from other hosts; under every title the
torch/torchvision versions the code was verified with, and links to the
notebook page and to Colab; reasoned skips shown above their block; a language
switch that stays on the page; no call to api.github.com; the English site
built by the Chinese build, and under `mkdocs serve` rebuilt only when one of
its own files changed.
"""

import functools
import hashlib
import html
import logging
import os
import re
import shutil
from pathlib import Path

from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

IMAGES = Path(__file__).parent / "images"


# Before mkdocs-jupyter's on_files (plugins run before hooks at equal
# priority): it turns the notebooks added here into pages.
@event_priority(50)
def on_files(files, config):
    for path in sorted(IMAGES.rglob("*")):
        if path.is_file():
            uri = "images/" + path.relative_to(IMAGES).as_posix()
            files.append(
                File(uri, str(IMAGES.parent), config["site_dir"], config["use_directory_urls"])
            )
    # Each chapter's notebook (made by `make notebooks`, outputs included) in
    # this language: mkdocs-jupyter renders it as the page notebooks/<slug>/,
    # with the .ipynb beside it for download (include_source).
    lang = config["theme"]["language"]
    for path in sorted((NOTEBOOKS / lang).glob("*.ipynb")):
        files.append(File.generated(config, f"notebooks/{path.name}", abs_src_path=str(path)))
    return files


def on_nav(nav, config, files):
    # mkdocs-jupyter wraps each notebook's File in a NotebookFile that skips
    # File.__init__, so the wrapper works out abs_src_path afresh from src_dir,
    # which a file added by a hook has not: it would read None. Give the
    # wrapper the path of the file it wraps.
    for file in files:
        inner = getattr(file, "__dict__", {}).get("file")
        if inner is not None and is_notebook(file):
            file.abs_src_path = inner.abs_src_path
    return nav


def is_notebook(page_or_file) -> bool:
    file = getattr(page_or_file, "file", page_or_file)
    return file.src_uri.startswith("notebooks/") and file.src_uri.endswith(".ipynb")


# --- under every page's title: tested versions, notebook download, Colab ----

NOTEBOOKS = Path(__file__).parent / "notebooks"
META = {
    "zh": {"verified": "本页代码已在 torch {torch} 和 torchvision {torchvision} 上运行验证",
           "download": "下载 Notebook", "colab": "在 Colab 中打开",
           "notebook": "Notebook 版（含输出）", "chapter": "本章页面",
           "ran": "输出和图来自 torch {torch} 和 torchvision {torchvision} 上的一次运行"},
    "en": {"verified": "Code on this page verified with torch {torch} and torchvision "
                       "{torchvision}",
           "download": "Download notebook", "colab": "Open in Colab",
           "notebook": "Notebook with outputs", "chapter": "Chapter page",
           "ran": "Outputs and figures are from a run with torch {torch} and "
                  "torchvision {torchvision}"},
}


def tested_versions() -> dict[str, str]:
    """The versions installed where the site is built (and its tests run)."""
    from importlib.metadata import version

    return {name: version(name) for name in ("torch", "torchvision")}


def colab_url(repo_url: str, lang: str, slug: str) -> str:
    owner_repo = repo_url.rstrip("/").removesuffix(".git").split("github.com/")[1]
    return (f"https://colab.research.google.com/github/{owner_repo}/blob/main/"
            f"docs/notebooks/{lang}/{slug}.ipynb")


def page_meta(page, config) -> str:
    lang = config["theme"]["language"]
    text = META.get(lang, META["en"])
    parts = [text["verified"].format(**tested_versions())]
    slug = Path(page.file.src_uri).stem
    if (NOTEBOOKS / lang / f"{slug}.ipynb").is_file():
        # The notebook's own page (mkdocs-jupyter), which offers the download.
        parts.append(f'[{text["notebook"]}](notebooks/{slug}.ipynb)')
        if config.get("repo_url"):
            parts.append(f'[{text["colab"]}]({colab_url(config["repo_url"], lang, slug)})'
                         '{ target="_blank" rel="noopener" }')
    # data-search-exclude: Material's search leaves the element out of the
    # index, so no result preview starts with this line.
    return (f'<p class="page-meta" markdown data-search-exclude '
            f'style="{QUIET}; margin-top: -1em">'
            + " · ".join(parts) + "</p>")


def add_page_meta(markdown: str, page, config) -> str:
    """Insert the meta line right below the page's H1 (or at the top)."""
    lines = markdown.split("\n")
    at = next((i + 1 for i, line in enumerate(lines) if line.startswith("# ")), 0)
    lines[at:at] = ["", page_meta(page, config), ""]
    return "\n".join(lines)


def load_markers():
    """The marker syntax of the pages, tests/harness/markers.py, loaded by
    path (mkdocs may run from any folder; the file imports only ``re``)."""
    import importlib.util

    path = Path(__file__).parent.parent / "tests" / "harness" / "markers.py"
    spec = importlib.util.spec_from_file_location("ptdocs_markers", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# A reasoned skip marker is an HTML comment, invisible on the rendered page.
# Show its reason to the reader right above the block it skips. A skipif
# block runs where its condition allows (a GPU block on a GPU machine).
markers = load_markers()
# Hook-made notes are small and grey, so they don't read as the page's prose.
QUIET = "font-size: .7rem; color: var(--md-default-fg-color--light)"
NOT_RUN = {"zh": "此代码块在本站不运行：", "en": "Not run on this site: "}
RUNS_WHERE = {"zh": "此代码块只在具备条件的机器上运行：",
              "en": "Run only on a machine that can: "}


def on_page_markdown(markdown, page, config, files):
    if is_notebook(page):       # mkdocs-jupyter renders it; its source is JSON
        return markdown
    lang = config["theme"]["language"]

    def note(m):
        reason = markers.reason(m["args"])
        if reason is None:          # (pages.extract refuses a skip without one)
            return m.group(0)
        label = (RUNS_WHERE if m["kind"] == "skipif" else NOT_RUN)
        return (f'{m.group(0)}\n{m["indent"]}<p class="not-run" markdown '
                f'style="{QUIET}; margin-bottom: -.5em">'
                f'{label.get(lang, label["en"])}{reason}</p>\n')

    return add_page_meta(markers.SKIP.sub(note, markdown), page, config)


# --- the notebook pages (rendered by mkdocs-jupyter) ----------------------

# mkdocs-jupyter's logs name every file it copies or finds in its cache.
log = logging.getLogger("mkdocs.hooks")
logging.getLogger("mkdocs.plugins.mkdocs_jupyter").setLevel(logging.WARNING)
logging.getLogger("mkdocs.mkdocs-jupyter").setLevel(logging.WARNING)

STYLE = re.compile(r"<style[^>]*>(.*?)</style>\s*", re.S)
# nbconvert's MathJax (a <script src=""> here, a CDN by default) and its
# Mermaid loader (imports from a CDN when a notebook has a diagram): no
# notebook here has maths or diagrams, and pages must not call other hosts.
MATHJAX = re.compile(r"<!-- Load mathjax -->.*?<!-- End of mathjax configuration -->\s*", re.S)
MERMAID = re.compile(r'<script type="module">\s*document\.addEventListener\("DOMContentLoaded",'
                     r'[^<]*?mermaid.*?</script>\s*', re.S)
# The stylesheets of notebook pages, by file name: each notebook page carries
# ~600 kB of JupyterLab CSS inline, the same on every page. It is written once
# per language (on_post_build) and linked from each notebook page instead.
NOTEBOOK_CSS: dict[str, str] = {}


def notebook_meta(page, config) -> str:
    """Under a notebook page's title: where its outputs come from, the chapter
    page, the download (the .ipynb beside the page) and Colab."""
    import json

    from mkdocs.utils import get_relative_url

    lang = config["theme"]["language"]
    text = META.get(lang, META["en"])
    slug = Path(page.file.src_uri).stem
    node = json.loads(Path(page.file.abs_src_path).read_text(encoding="utf-8"))
    parts = []
    versions = node.get("metadata", {}).get("executed_with")
    if versions:
        parts.append(html.escape(text["ran"].format(**versions)))
    chapter = get_relative_url(f"{slug}/", page.url)
    parts.append(f'<a href="{chapter}">{text["chapter"]}</a>')
    parts.append(f'<a href="{slug}.ipynb" download="{slug}.ipynb">{text["download"]}</a>')
    if config.get("repo_url"):
        parts.append(f'<a href="{colab_url(config["repo_url"], lang, slug)}" '
                     f'target="_blank" rel="noopener">{text["colab"]}</a>')
    return (f'<p class="page-meta notebook-meta" style="{QUIET}; margin-top: -1em">'
            + " · ".join(parts) + "</p>")


def site_relative(content: str, page, config) -> str:
    """Links and pictures the notebook points at the published site (so that
    they work in Jupyter and on Colab) as links within this build."""
    from mkdocs.utils import get_relative_url

    lang = config["theme"]["language"]
    root = get_relative_url(".", page.url).rstrip("/") + "/"     # this language's root
    urls = published_site_urls()
    roots = [(urls[lang], root)]
    if lang != "zh":            # the English site lives under the Chinese one
        roots.append((urls["zh"], root + "../"))
    for url, rel in roots:
        content = re.sub(r'(\s(?:href|src)=")' + re.escape(url), r"\g<1>" + rel, content)
    return content


@functools.cache
def published_site_urls() -> dict[str, str]:
    """site_url of each language as the config files say (mkdocs serve
    replaces config["site_url"] with its own address)."""
    from mkdocs.utils.yaml import yaml_load

    out = {}
    for lang, name in (("zh", "mkdocs.yml"), ("en", "mkdocs.en.yml")):
        with open(ENGLISH_CONFIG.parent / name, "rb") as f:
            out[lang] = yaml_load(f)["site_url"].rstrip("/") + "/"
    return out


PROSE_CODE = re.compile(r'(<div class="highlight"><pre>)(.*?)(</pre>)', re.S)
# (nbconvert writes the heading's text and its ¶ as character references.)
HEADING = re.compile(r'<h(?P<level>[1-6]) id="[^"]*">(?P<inner>.*?)'
                     r'<a class="anchor-link" href="#[^"]*">(?:¶|&#182;)</a></h(?P=level)>',
                     re.S)


def number_headings(content: str) -> tuple[str, list[dict]]:
    """Heading ids as the chapter pages get them, and the table of contents
    (MkDocs' toc tokens) from those ids. nbconvert drops every non-ASCII letter
    from an id (a Chinese heading gets id=""), and mkdocs-jupyter builds the
    contents from another rendering whose ids differ, so its links led nowhere."""
    from markdown.extensions.toc import slugify, unique

    ids: set[str] = set()
    tokens: list[dict] = []
    stack: list[dict] = []

    def one(m):
        name = html.unescape(re.sub(r"<[^>]+>", "", m["inner"])).strip()
        hid = unique(slugify(name, "-"), ids)
        level = int(m["level"])
        token = {"level": level, "id": hid, "name": name, "children": []}
        while stack and stack[-1]["level"] >= level:
            stack.pop()
        (stack[-1]["children"] if stack else tokens).append(token)
        stack.append(token)
        return (f'<h{level} id="{hid}">{m["inner"]}'
                f'<a class="anchor-link" href="#{hid}">¶</a></h{level}>')

    return HEADING.sub(one, content), tokens


def on_page_content(html_text, page, config, files):
    if not is_notebook(page):
        return html_text
    from mkdocs.structure.toc import get_toc

    # Every hit would be found twice, once on the chapter and once in its
    # notebook; the chapter page is the one that explains it.
    page.meta["search"] = {"exclude": True}
    # The notebook is made from the chapter page: edit that.
    if page.edit_url:
        page.edit_url = page.edit_url.replace(page.file.src_uri,
                                              Path(page.file.src_uri).stem + ".md")
    html_text = MERMAID.sub("", MATHJAX.sub("", html_text))
    css = "\n".join(m.group(1).strip() for m in STYLE.finditer(html_text)
                    # the plugin also appends a Python list's repr as a stylesheet
                    if not m.group(1).lstrip().startswith("["))
    html_text = STYLE.sub("", html_text)
    name = "assets/notebook-" + hashlib.sha256(css.encode()).hexdigest()[:8] + ".css"
    NOTEBOOK_CSS[name] = css
    page.notebook_css = name
    html_text = site_relative(html_text, page, config)
    html_text, tokens = number_headings(html_text)
    page.toc = get_toc(tokens)
    # Code in the prose (a block not run, for instance): nbconvert writes
    # <pre> without <code>, where Material puts its copy button. (The code
    # cells, div.highlight-ipynb, have mkdocs-jupyter's own.)
    html_text = PROSE_CODE.sub(r"\g<1><code>\g<2></code>\g<3>", html_text)
    title_end = html_text.find("</h1>")
    at = title_end + len("</h1>") if title_end >= 0 else 0
    return html_text[:at] + notebook_meta(page, config) + html_text[at:]


def on_post_page(output, page, config):
    css = getattr(page, "notebook_css", None)
    if css:
        from mkdocs.utils import get_relative_url

        output = output.replace("</head>", f'<link rel="stylesheet" '
                                f'href="{get_relative_url(css, page.url)}">\n</head>', 1)
    # The repository link in the header stays a plain link: as a "source"
    # component, Material's JS would fetch stars and the latest release from
    # api.github.com on every page view, and pages must not call other hosts.
    output = output.replace(' class="md-source" data-md-component="source"',
                            ' class="md-source"')
    # The language selector links to the other language's home page
    # (extra.alternate). Point it at the same page in the other language.
    # target="_self" keeps Material's own alternate handler out: it maps pages
    # through the sitemap's absolute site_url, which misses on any other host
    # or port, and with zh at the site root it never maps en pages back to zh.
    for alt in config["extra"].get("alternate") or []:
        link = alt["link"]
        if not link.endswith("/"):
            continue
        output = output.replace(
            f'<a href="{link}" hreflang="{alt["lang"]}" class="md-select__link">',
            f'<a href="{link}{page.url}" hreflang="{alt["lang"]}" class="md-select__link" '
            f'target="_self">')
    return output


def on_post_template(output_content, template_name, config):
    # 404.html is a theme template, not a page: same plain repository link.
    return output_content.replace(' class="md-source" data-md-component="source"',
                                  ' class="md-source"')


# `mkdocs build` and `mkdocs serve` with mkdocs.yml (Chinese, the site root)
# also build the English site into <site_dir>/en, so one command gives both
# languages and the language switch works locally too.
ENGLISH_CONFIG = Path(__file__).parent.parent / "mkdocs.en.yml"


# Under `mkdocs serve`, every edit rebuilds the Chinese site, and this hook
# rebuilt the English one too: twice the wait after each save. The English
# site is now rebuilt only when a file it is made from has changed since it
# was last built (ENGLISH_INPUTS); otherwise the previous one is kept. MkDocs
# empties site_dir before each build, so the previous English site is moved
# aside first (on_pre_build) and back afterwards (on_post_build).
ROOT = ENGLISH_CONFIG.parent
ENGLISH_INPUTS = [ROOT / "docs" / "en", IMAGES, NOTEBOOKS / "en", ROOT / "snippets",
                  ROOT / "mkdocs.yml", ENGLISH_CONFIG, Path(__file__)]
SERVE = {"serving": False, "english": None}     # fingerprint of the last English build


def on_startup(command, dirty):
    SERVE["serving"] = command == "serve"


def english_fingerprint() -> int:
    seen = []
    for top in ENGLISH_INPUTS:
        for path in [top] if top.is_file() else sorted(top.rglob("*")):
            if "__pycache__" not in path.parts:
                stat = path.stat()
                seen.append((str(path), stat.st_mtime_ns, stat.st_size))
    return hash(tuple(seen))


def previous_english(config) -> Path:
    return Path(str(config["site_dir"]).rstrip("/") + "-en-previous")


def prerender_notebooks(config) -> None:
    """Fill mkdocs-jupyter's render cache for the notebooks it has not
    rendered yet, with render_notebooks, one process per core. The plugin then
    finds every page in its cache. Its cache key and entry format are those of
    mkdocs-jupyter 0.26 (pinned in pyproject.toml); if they ever differ, the
    plugin renders the pages itself, as before."""
    plugin = config.plugins.get("mkdocs-jupyter")
    if plugin is None or not plugin.config["cache"]:
        return
    from mkdocs_jupyter import plugin as jupyter

    todo = []
    for path in sorted((NOTEBOOKS / config["theme"]["language"]).glob("*.ipynb")):
        key = jupyter._compute_cache_key(str(path), plugin.config, plugin.config["execute"])
        entry = jupyter._get_cache_path(plugin.config["cache_dir"], key)
        if not entry.exists():
            todo.append((str(path), str(entry)))
    n = min(len(todo), os.cpu_count() or 1)
    if n <= 1 or not hasattr(os, "fork"):
        render_notebooks(todo, dict(plugin.config))
        return
    import multiprocessing

    # Forked processes, not a Pool: a Pool pickles the function by module name,
    # and MkDocs loads this file as "docs/hooks.py", which no one can import.
    fork = multiprocessing.get_context("fork")
    workers = [fork.Process(target=render_notebooks, args=(todo[k::n], dict(plugin.config)))
               for k in range(n)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()


# nbconvert's HTMLExporter ends by parsing the whole page again with
# BeautifulSoup, to give each <img> without alt text a placeholder and make
# input and output areas focusable (tabindex). The same two changes by regex:
IMG_WITHOUT_ALT = re.compile(r"<img(?![^>]*\salt=)")
FOCUSABLE = re.compile(r'(<div class="(?:[^"]*\s)?(?:jp-Cell-inputWrapper|jp-OutputArea-output)'
                       r'(?:\s[^"]*)?")')
NO_ALT = "No description has been provided for this image"     # nbconvert's words


def render_notebooks(todo: list[tuple[str, str]], cfg: dict) -> None:
    """Render each (notebook, cache entry) as mkdocs-jupyter 0.26 does on a
    cache miss (convert.nb2html, and the title: the first H1), and store it
    where the plugin looks. The contents stored are number_headings' (which
    on_page_content makes of every notebook page anyway); the plugin's would
    cost a second rendering, to Markdown. Made cheaper (0.25 -> 0.06 CPU-s a
    notebook here) in two ways: one exporter for all notebooks (nb2html makes
    one per notebook, and with it compiles nbconvert's templates again), and
    without nbconvert's closing BeautifulSoup pass (IMG_WITHOUT_ALT,
    FOCUSABLE). tests/test_site.py checks that a page comes out as nb2html
    renders it, title included."""
    import json

    if not todo:
        return
    exporter = notebook_exporter(cfg)
    for path, entry in todo:
        body = render_notebook(exporter, path, cfg)
        _, tokens = number_headings(body)
        title = tokens[0]["name"] if tokens and tokens[0]["level"] == 1 else None
        entry = Path(entry)
        entry.parent.mkdir(parents=True, exist_ok=True)
        part = entry.with_suffix(f".{os.getpid()}.part")    # whole or not at all
        part.write_text(json.dumps({"content": body, "toc_tokens": tokens, "title": title}),
                        encoding="utf-8")
        part.replace(entry)


def notebook_exporter(cfg: dict):
    """The exporter convert.nb2html makes, from the plugin's settings."""
    from mkdocs_jupyter import nbconvert2
    from mkdocs_jupyter.config import settings
    from nbconvert.exporters.html import HTMLExporter
    from nbconvert.exporters.templateexporter import TemplateExporter
    from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

    class Exporter(HTMLExporter):
        def from_notebook_node(self, nb, resources=None, **kw):
            # HTMLExporter's, with mkdocs-jupyter's highlight_code filter (so
            # no lexer to pick here) and the soup pass done by regex.
            resources = self._init_resources(resources)
            self.register_filter("filter_data_type", WidgetsDataTypeFilter(
                notebook_metadata=self._nb_metadata, parent=self, resources=resources))
            out, resources = TemplateExporter.from_notebook_node(self, nb, resources, **kw)
            out = IMG_WITHOUT_ALT.sub(f'<img alt="{NO_ALT}"', out)
            return FOCUSABLE.sub(r'\1 tabindex="0"', out), resources

    app = nbconvert2.get_nbconvert_app(
        execute=False, kernel_name=cfg["kernel_name"], allow_errors=cfg["allow_errors"],
        show_input=cfg["show_input"], no_input=cfg["no_input"], no_prompt=cfg["no_prompt"],
        remove_tag_config=cfg["remove_tag_config"])
    # (as nb2html does: SVG and other bytes outputs pass through clean_html)
    nbconvert2.default_filters["clean_html"] = (
        lambda e: e.decode() if isinstance(e, bytes) else str(e))
    return Exporter(
        config=app.config, template_file="mkdocs_html/notebook.html.j2",
        extra_template_paths=[settings.templates_dir], preprocessors=[nbconvert2.SubCell],
        filters={"highlight_code": nbconvert2.mk_custom_highlight_code(
            extra_css_classes=cfg["highlight_extra_classes"])},
        theme=cfg["theme"], mathjax_url=cfg["custom_mathjax_url"])


def render_notebook(exporter, path: str, cfg: dict) -> str:
    """convert.nb2html(path) for an .ipynb, with a ready exporter."""
    import json

    from mkdocs_jupyter import nbconvert2

    nbconvert2.cell_id = 0      # nb2html's numbering of the copy buttons' cells
    node = json.loads(Path(path).read_text(encoding="utf-8"))
    nbconvert2.kernel_lang = (node["metadata"].get("kernelspec", {})
                              .get("language", nbconvert2.kernel_lang))
    content, resources = exporter.from_filename(path, resources={"mkdocs": {
        "test": "value", "include_requirejs": cfg["include_requirejs"]}})
    if cfg["highlight_extra_classes"]:
        content = content.replace("jp-OutputArea-output",
                                  f"jp-OutputArea-output {cfg['highlight_extra_classes']}")
    return content + f"""
        <style>
        {resources["inlining"]["css"]}
        </style>
        """


def on_pre_build(config):
    NOTEBOOK_CSS.clear()
    prerender_notebooks(config)
    if SERVE["serving"] and config["theme"]["language"] == "zh":
        english, aside = Path(config["site_dir"]) / "en", previous_english(config)
        shutil.rmtree(aside, ignore_errors=True)
        if english.is_dir():
            english.rename(aside)
            SERVE["aside"] = aside


def on_post_build(config):
    for name, css in NOTEBOOK_CSS.items():
        out = Path(config["site_dir"]) / name
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(css, encoding="utf-8")
    if config["theme"]["language"] != "zh":
        return
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    english, aside = Path(config["site_dir"]) / "en", previous_english(config)
    fingerprint = english_fingerprint() if SERVE["serving"] else None
    if fingerprint is not None and fingerprint == SERVE["english"] and aside.is_dir():
        aside.rename(english)
        log.info("English site unchanged: kept the previous build")
        return
    shutil.rmtree(aside, ignore_errors=True)
    SERVE["english"] = None
    en = load_config(str(ENGLISH_CONFIG), site_dir=str(english), strict=config["strict"])
    try:
        build(en)
    except Abort as exc:
        raise Abort(f"English site: {exc}") from None
    SERVE["english"] = fingerprint


def on_shutdown():
    # mkdocs serve removes its temporary site_dir; the English site set aside
    # beside it is ours to remove.
    if SERVE.get("aside"):
        shutil.rmtree(SERVE["aside"], ignore_errors=True)
