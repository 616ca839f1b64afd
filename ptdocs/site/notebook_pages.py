"""ptdocs-notebook-pages: the notebook pages, as mkdocs-jupyter renders them,
made to fit the site.

- No request to another host: nbconvert's MathJax loader and its Mermaid
  loader (no notebook here has maths or diagrams) are taken out.
- Each page carries ~600 kB of JupyterLab CSS inline, the same on every page:
  it is written once per build as assets/notebook-<hash>.css and linked.
- Heading ids as the chapter pages have them, and the table of contents from
  those ids (nbconvert drops every non-ASCII letter from an id, and
  mkdocs-jupyter builds the contents from another rendering).
- Out of search (the chapter page explains the same thing); its edit link
  goes to the chapter page it is made from; under the title, where its
  outputs come from, the chapter page, the download and Colab.
- A figure's alt text is the chapter page's, for the picture the cell saves
  (nbconvert writes "No description has been provided for this image").
- stderr that is not an error or a warning (progress bars, a program's
  per-epoch lines) reads as normal output, not in JupyterLab's pink box.
- A picture of the chapter page whose drawing code is further down: the
  notebook keeps only its caption and says where it is drawn (in Jupyter the
  figure exists once that cell has run); on the site the figure that cell
  drew moves up to where the prose refers to it, and a link under the cell
  points at it.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from pathlib import Path

from mkdocs.plugins import BasePlugin
from mkdocs.structure.toc import get_toc
from mkdocs.utils import get_relative_url
from mkdocs.utils.yaml import yaml_load

from ptdocs.site import QUIET, is_notebook
from ptdocs.site.page_notes import colab_url

NO_ALT = 'alt="No description has been provided for this image"'
LINKED_IMG = re.compile(r'<img (?![^>]*\bloading=)(?=[^>]*\bsrc="(?!data:))')
CELL = re.compile(r'(?=<div id="cell-id=)')
FIGURE_FILE = re.compile(r"(?:figures/|[\"'/])([\w.-]+\.(?:png|jpe?g))")
PAGE_PICTURE = re.compile(r"!\[(?P<alt>[^\]]*)\]\([^)\s]*images/[^)\s]*/(?P<name>[^/)\s]+)\)")
STDERR = re.compile(r'(<div class="jp-RenderedText jp-OutputArea-output)(" tabindex="0" '
                    r'data-mime-type="application/vnd.jupyter.stderr">\s*<pre>)'
                    r'(?!\s*<span class="ansi-red-fg">)(?![^<]*\w*Warning: )')
PLAIN_STDERR_CSS = (".jupyter-wrapper .jp-RenderedText.ptdocs-plain-stderr"
                    "[data-mime-type='application/vnd.jupyter.stderr']"
                    "{background:transparent}")
TEXT = {
    "zh": {"download": "下载 Notebook", "colab": "在 Colab 中打开", "chapter": "本章页面",
           "figure": "上面单元格的代码画出的图",
           "moved": "这个单元格画出的图在上文引用它的地方 ↑",
           "ran": "输出和图来自 torch {torch} 和 torchvision {torchvision} 上的一次运行"},
    "en": {"download": "Download notebook", "colab": "Open in Colab", "chapter": "Chapter page",
           "figure": "The figure the code of the cell above draws",
           "moved": "This cell's figure stands above, where the text refers to it ↑",
           "ran": "Outputs and figures are from a run with torch {torch} and "
                  "torchvision {torchvision}"},
}
STYLE = re.compile(r"<style[^>]*>(.*?)</style>\s*", re.S)
MATHJAX = re.compile(r"<!-- Load mathjax -->.*?<!-- End of mathjax configuration -->\s*", re.S)
MERMAID = re.compile(r'<script type="module">\s*document\.addEventListener\("DOMContentLoaded",'
                     r'[^<]*?mermaid.*?</script>\s*', re.S)
PROSE_CODE = re.compile(r'(<div class="highlight"><pre>)(.*?)(</pre>)', re.S)
# (nbconvert writes the heading's text and its ¶ as character references.)
HEADING = re.compile(r'<h(?P<level>[1-6]) id="[^"]*">(?P<inner>.*?)'
                     r'<a class="anchor-link" href="#[^"]*">(?:¶|&#182;)</a></h(?P=level)>',
                     re.S)


def number_headings(content: str) -> tuple[str, list[dict]]:
    """Heading ids as the chapter pages get them, and the table of contents
    (MkDocs' toc tokens) from those ids."""
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


def published_site_urls(config) -> dict[str, str]:
    """site_url of each language as the config files say (mkdocs serve
    replaces config["site_url"] with its own address)."""
    out = {}
    folder = Path(config.config_file_path).parent
    for lang, name in (("zh", "mkdocs.yml"), ("en", "mkdocs.en.yml")):
        with open(folder / name, "rb") as f:
            out[lang] = yaml_load(f)["site_url"].rstrip("/") + "/"
    return out


def site_relative(content: str, page, config, urls: dict[str, str]) -> str:
    """Links and pictures the notebook points at the published site (so that
    they work in Jupyter and on Colab) as links within this build."""
    lang = config["theme"]["language"]
    root = get_relative_url(".", page.url).rstrip("/") + "/"     # this language's root
    roots = [(urls[lang], root)]
    if lang != "zh":            # the English site lives under the Chinese one
        roots.append((urls["zh"], root + "../"))
    for url, rel in roots:
        content = re.sub(r'(\s(?:href|src)=")' + re.escape(url), r"\g<1>" + rel, content)
    return content


def figure_alts(html_text: str, page, config) -> str:
    """Each inline figure's alt text: the chapter page's, for the picture the
    cell saves; else a plain description."""
    lang = config["theme"]["language"]
    chapter = Path(config["docs_dir"]) / (Path(page.file.src_uri).stem + ".md")
    alts = ({m["name"]: m["alt"] for m in PAGE_PICTURE.finditer(
        chapter.read_text(encoding="utf-8"))} if chapter.is_file() else {})

    def one(cell: str) -> str:
        if NO_ALT not in cell:
            return cell
        names = [n for n in FIGURE_FILE.findall(cell) if n in alts]
        alt = alts[names[0]] if names else TEXT.get(lang, TEXT["en"])["figure"]
        return cell.replace(NO_ALT, f'alt="{html.escape(alt)}"')
    return "".join(one(cell) for cell in CELL.split(html_text))


def far_pictures(html_text: str, page, config) -> str:
    """Each picture that the notebook gives as a caption and a note that the
    code further down draws it (notebooks.drop_drawn_pictures): on the site
    the figure that code drew moves up to where the prose refers to it, and
    a link under the code points at it. (Moved, not copied: the heaviest
    notebook page would pass 1 MB with the picture twice.)"""
    from ptdocs.notebooks import TEXT as NOTEBOOK_TEXT

    lang = config["theme"]["language"]
    chapter = Path(config["docs_dir"]) / (Path(page.file.src_uri).stem + ".md")
    if not chapter.is_file():
        return html_text
    note = html.escape(NOTEBOOK_TEXT[lang]["drawn_below"], quote=False)
    for m in PAGE_PICTURE.finditer(chapter.read_text(encoding="utf-8")):
        caption = f"<em>{html.escape(m['alt'], quote=False)}</em>"
        prose = f"<p>{caption}{note}</p>"
        drawn = re.compile(r'<img alt="' + re.escape(html.escape(m["alt"]))
                           + r'" src="(data:[^"]+)"[^>]*>')
        found = drawn.findall(html_text)
        if prose not in html_text or len(found) != 1:
            continue
        anchor = "figure-" + Path(m["name"]).stem
        html_text = drawn.sub(lambda _: f'<p class="ptdocs-moved-figure"><a href="#{anchor}">'
                              f'{html.escape(TEXT[lang]["moved"], quote=False)}</a></p>',
                              html_text)
        html_text = html_text.replace(prose, f'<p id="{anchor}"><img alt="'
                                      f'{html.escape(m["alt"])}" src="{found[0]}"/></p>\n'
                                      f"<p>{caption}</p>")
    return html_text


def notebook_meta(page, config) -> str:
    """Under a notebook page's title: where its outputs come from, the chapter
    page, the download (the .ipynb beside the page) and Colab."""
    lang = config["theme"]["language"]
    text = TEXT.get(lang, TEXT["en"])
    slug = Path(page.file.src_uri).stem
    node = json.loads(Path(page.file.abs_src_path).read_text(encoding="utf-8"))
    parts = []
    versions = node.get("metadata", {}).get("executed_with")
    if versions:
        parts.append(html.escape(text["ran"].format(**versions)))
    parts.append(f'<a href="{get_relative_url(f"{slug}/", page.url)}">{text["chapter"]}</a>')
    parts.append(f'<a href="{slug}.ipynb" download="{slug}.ipynb">{text["download"]}</a>')
    if config.get("repo_url"):
        parts.append(f'<a href="{colab_url(config["repo_url"], lang, slug)}" '
                     f'target="_blank" rel="noopener">{text["colab"]}</a>')
    return (f'<p class="page-meta notebook-meta" style="{QUIET}; margin-top: -1em">'
            + " · ".join(parts) + "</p>")


class NotebookPagesPlugin(BasePlugin):
    def on_pre_build(self, config):
        self.stylesheets: dict[str, str] = {}      # this build's: file name -> CSS
        self.urls = published_site_urls(config)

    def on_page_content(self, html_text, page, config, files):
        if not is_notebook(page):
            return html_text
        page.meta["search"] = {"exclude": True}
        if page.edit_url:       # the notebook is made from the chapter page: edit that
            page.edit_url = page.edit_url.replace(page.file.src_uri,
                                                  Path(page.file.src_uri).stem + ".md")
        html_text = MERMAID.sub("", MATHJAX.sub("", html_text))
        css = "\n".join([m.group(1).strip() for m in STYLE.finditer(html_text)
                         # the plugin also appends a Python list's repr as a stylesheet
                         if not m.group(1).lstrip().startswith("[")] + [PLAIN_STDERR_CSS])
        html_text = STYLE.sub("", html_text)
        name = "assets/notebook-" + hashlib.sha256(css.encode()).hexdigest()[:8] + ".css"
        self.stylesheets[name] = css
        page.notebook_css = name
        html_text = site_relative(html_text, page, config, self.urls)
        html_text = STDERR.sub(r"\1 ptdocs-plain-stderr\2", figure_alts(html_text, page, config))
        html_text = far_pictures(html_text, page, config)
        html_text = LINKED_IMG.sub('<img loading="lazy" ', html_text)
        html_text, tokens = number_headings(html_text)
        page.toc = get_toc(tokens)
        # Code in the prose (a block not run, for instance): nbconvert writes
        # <pre> without <code>, where Material puts its copy button. (The code
        # cells, div.highlight-ipynb, have mkdocs-jupyter's own.)
        html_text = PROSE_CODE.sub(r"\g<1><code>\g<2></code>\g<3>", html_text)
        title_end = html_text.find("</h1>")
        at = title_end + len("</h1>") if title_end >= 0 else 0
        return html_text[:at] + notebook_meta(page, config) + html_text[at:]

    def on_post_page(self, output, page, config):
        css = getattr(page, "notebook_css", None)
        if css:
            output = output.replace("</head>", f'<link rel="stylesheet" '
                                    f'href="{get_relative_url(css, page.url)}">\n</head>', 1)
        return output

    def on_post_build(self, config):
        for name, css in self.stylesheets.items():
            out = Path(config["site_dir"]) / name
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(css, encoding="utf-8")
