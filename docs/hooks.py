"""MkDocs hooks shared by both language configs (mkdocs.yml, mkdocs.en.yml).

Pictures live once, in docs/images/, and both languages link to them as
``images/<chapter>/<name>.png``. This hook adds that folder to each build, so
the Chinese and English sites never carry two copies of a picture.

Also: each chapter's notebook (docs/notebooks/<lang>/) as a download; under
every title the torch/torchvision versions the code was verified with, and
links to the notebook and to Colab; reasoned skips shown above their block;
a language switch that stays on the page; no call to api.github.com.
"""

import os
import re
from pathlib import Path

from mkdocs.structure.files import File

IMAGES = Path(__file__).parent / "images"


def on_files(files, config):
    for path in sorted(IMAGES.rglob("*")):
        if path.is_file():
            uri = "images/" + path.relative_to(IMAGES).as_posix()
            files.append(
                File(uri, str(IMAGES.parent), config["site_dir"], config["use_directory_urls"])
            )
    # Each chapter's notebook (made by `make notebooks`) in this language,
    # served as a download at notebooks/<slug>.ipynb.
    lang = config["theme"]["language"]
    for path in sorted((NOTEBOOKS / lang).glob("*.ipynb")):
        files.append(File.generated(config, f"notebooks/{path.name}", abs_src_path=str(path)))
    return files


# --- under every page's title: tested versions, notebook download, Colab ----

NOTEBOOKS = Path(__file__).parent / "notebooks"
META = {
    "zh": {"verified": "本页代码已在 torch {torch} 和 torchvision {torchvision} 上运行验证",
           "download": "下载 Notebook", "colab": "在 Colab 中打开"},
    "en": {"verified": "Code on this page verified with torch {torch} and torchvision "
                       "{torchvision}",
           "download": "Download notebook", "colab": "Open in Colab"},
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
        parts.append(f'[{text["download"]}](notebooks/{slug}.ipynb){{ download="{slug}.ipynb" }}')
        if config.get("repo_url"):
            parts.append(f'[{text["colab"]}]({colab_url(config["repo_url"], lang, slug)})'
                         '{ target="_blank" rel="noopener" }')
    return (f'<p class="page-meta" markdown style="{QUIET}; margin-top: -1em">'
            + " · ".join(parts) + "</p>")


def add_page_meta(markdown: str, page, config) -> str:
    """Insert the meta line right below the page's H1 (or at the top)."""
    lines = markdown.split("\n")
    at = next((i + 1 for i, line in enumerate(lines) if line.startswith("# ")), 0)
    lines[at:at] = ["", page_meta(page, config), ""]
    return "\n".join(lines)


# A reasoned skip marker is an HTML comment, invisible on the rendered page.
# Show its reason to the reader right above the block it skips. A skipif
# block runs where its condition allows (a GPU block on a GPU machine).
SKIP = re.compile(r'^(?P<indent>[ \t]*)<!--\s*pytest\.mark\.(?P<kind>skip|skipif)\('
                  r'(?:.*?,\s*)?reason=(?P<q>["\'])(?P<reason>.*?)(?P=q)\)\s*-->\s*$',
                  re.M)
# Hook-made notes are small and grey, so they don't read as the page's prose.
QUIET = "font-size: .7rem; color: var(--md-default-fg-color--light)"
NOT_RUN = {"zh": "此代码块在本站不运行：", "en": "Not run on this site: "}
RUNS_WHERE = {"zh": "此代码块只在具备条件的机器上运行：",
              "en": "Run only on a machine that can: "}


def on_page_markdown(markdown, page, config, files):
    lang = config["theme"]["language"]

    def note(m):
        label = (RUNS_WHERE if m["kind"] == "skipif" else NOT_RUN)
        return (f'{m.group(0)}\n{m["indent"]}<p class="not-run" markdown '
                f'style="{QUIET}; margin-bottom: -.5em">'
                f'{label.get(lang, label["en"])}{m["reason"]}</p>\n')

    return add_page_meta(SKIP.sub(note, markdown), page, config)


def on_post_page(output, page, config):
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


def on_post_build(config):
    # PTDOCS_ONE_LANGUAGE=1: the test suite builds (and times) each language itself.
    if config["theme"]["language"] != "zh" or os.environ.get("PTDOCS_ONE_LANGUAGE"):
        return
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    en = load_config(str(ENGLISH_CONFIG), site_dir=str(Path(config["site_dir"]) / "en"),
                     strict=config["strict"])
    try:
        build(en)
    except Abort as exc:
        raise Abort(f"English site: {exc}") from None
