"""ptdocs-page-notes: what the reader sees above the code of each page.

- Under each chapter's title: the torch and torchvision versions its code was
  verified with, and links to its notebook page and to Colab.
- A reasoned skip marker is an HTML comment, invisible on the rendered page:
  its reason is shown right above the block it skips. A skipif block runs
  where its condition allows (a GPU block on a GPU machine).
"""

from __future__ import annotations

from importlib.metadata import version
from pathlib import Path

from mkdocs.plugins import BasePlugin

from ptdocs import markers
from ptdocs.site import QUIET, is_notebook

META = {
    "zh": {"verified": "本页代码已在 torch {torch} 和 torchvision {torchvision} 上运行验证",
           "colab": "在 Colab 中打开", "notebook": "Notebook 版（含输出）"},
    "en": {"verified": "Code on this page verified with torch {torch} and torchvision "
                       "{torchvision}",
           "colab": "Open in Colab", "notebook": "Notebook with outputs"},
}
NOT_RUN = {"zh": "此代码块在本站不运行：", "en": "Not run on this site: "}
RUNS_WHERE = {"zh": "此代码块只在具备条件的机器上运行：",
              "en": "Run only on a machine that can: "}


def tested_versions() -> dict[str, str]:
    """The versions installed where the site is built (and its tests run)."""
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
    notebook = Path(config["docs_dir"]).parent / "notebooks" / lang / f"{slug}.ipynb"
    if notebook.is_file():
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


def skip_notes(markdown: str, lang: str) -> str:
    """Each reasoned skip marker followed by its reason, as a small note."""
    def note(m):
        reason = markers.reason(m["args"])
        if reason is None:          # (pages.extract refuses a skip without one)
            return m.group(0)
        label = (RUNS_WHERE if m["kind"] == "skipif" else NOT_RUN)
        return (f'{m.group(0)}\n{m["indent"]}<p class="not-run" markdown '
                f'style="{QUIET}; margin-bottom: -.5em">'
                f'{label.get(lang, label["en"])}{reason}</p>\n')

    return markers.SKIP.sub(note, markdown)


class PageNotesPlugin(BasePlugin):
    def on_page_markdown(self, markdown, page, config, files):
        if is_notebook(page):       # mkdocs-jupyter renders it; its source is JSON
            return markdown
        return add_page_meta(skip_notes(markdown, config["theme"]["language"]), page, config)
