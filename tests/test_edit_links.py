"""Every page of the built site, both languages, leads back to its source: the
theme's edit button and the "report a mistake" line under the content
(docs/overrides/main.html) link to the Markdown file the page is made from
(a notebook page: the chapter page its notebook is generated from), and the
report link opens a new issue with that page filled in."""

from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from ptdocs import pages

CONFIG = pages.read_config(pages.ROOT / "mkdocs.yml")
REPO = CONFIG["repo_url"].rstrip("/")
EDIT_URI = {"zh": CONFIG["edit_uri"],
            "en": pages.read_config(pages.ROOT / "mkdocs.en.yml")["edit_uri"]}
EDIT_BUTTON = re.compile(r'<a href="([^"]*)"[^>]*class="md-content__button md-icon"'
                         r'[^>]*rel="edit"')
REPORT = re.compile(r'<p class="report-mistake"[^>]*>(.*?)</p>', re.S)
HREF = re.compile(r'<a href="([^"]*)"')


def source_of(site: Path, file: Path) -> tuple[str, str] | None:
    """(language, the docs/<lang>/*.md a built page comes from), or None for
    a file that is no page (404.html)."""
    rel = file.relative_to(site).as_posix()
    lang = "en" if rel.startswith("en/") else "zh"
    rel = rel.removeprefix("en/").removesuffix("index.html").rstrip("/")
    if rel.endswith(".html"):
        return None
    slug = rel.removeprefix("notebooks/") or "index"
    return lang, f"docs/{lang}/{slug}.md"


def built_pages(site: Path) -> list[tuple[Path, str, str]]:
    out = []
    for file in sorted(site.rglob("index.html")):
        found = source_of(site, file)
        if found and (pages.ROOT / found[1]).is_file():
            out.append((file, *found))
    return out


def test_every_docs_page_and_notebook_page_is_checked(built_site):
    found = built_pages(built_site)
    for lang in ("zh", "en"):
        chapters = {s for f, lg, s in found if lg == lang and "/notebooks/" not in f.as_posix()}
        assert chapters == {p.relative_to(pages.ROOT).as_posix()
                            for p in pages.all_pages()[lang]}, lang
        assert any(lg == lang and "/notebooks/" in f.as_posix() for f, lg, _ in found), lang


def test_every_page_has_an_edit_button_to_its_own_source(built_site):
    wrong = []
    for file, lang, source in built_pages(built_site):
        want = f"{REPO}/{EDIT_URI[lang].split('docs/')[0]}{source}"
        assert want == f"{REPO}/{EDIT_URI[lang]}{Path(source).name}"
        buttons = EDIT_BUTTON.findall(file.read_text(encoding="utf-8"))
        if buttons != [want]:
            wrong.append(f"{file.relative_to(built_site)}: edit button {buttons}, want {want}")
    assert not wrong, "\n".join(wrong)


def test_every_page_has_a_report_link_with_the_page_filled_in(built_site):
    wrong = []
    for file, lang, source in built_pages(built_site):
        where = file.relative_to(built_site).as_posix()
        text = file.read_text(encoding="utf-8")
        found = REPORT.findall(text)
        if len(found) != 1:
            wrong.append(f"{where}: {len(found)} report lines")
            continue
        links = [html.unescape(h) for h in HREF.findall(found[0])]
        report = [u for u in links if u.startswith(f"{REPO}/issues/new?")]
        if len(report) != 1:
            wrong.append(f"{where}: no new-issue link in {links}")
            continue
        query = parse_qs(urlsplit(report[0]).query)
        page_url = CONFIG["site_url"] + ("en/" if lang == "en" else "") + \
            where.removeprefix("en/").removesuffix("index.html")
        body = query.get("body", [""])[0]
        if page_url not in body or source not in body or not query.get("title", [""])[0]:
            wrong.append(f"{where}: the issue does not name {page_url} and {source}: {query}")
        if f"{REPO}/{EDIT_URI[lang]}{Path(source).name}" not in links:
            wrong.append(f"{where}: the report line has no edit link")
    assert not wrong, "\n".join(wrong)
