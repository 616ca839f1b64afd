"""``make check CHAPTER=<slug>``: everything a change to one chapter can break,
as a list of ``file:line: what``.

1. Without running anything: each page's includes (pages.include_problems),
   the two languages' blocks (pages.parity_problems), the committed notebooks
   (notebooks.stale, with a diff) and the page's links and anchors (the pages
   rendered with the site's own Markdown extensions).
2. Then pytest on both languages' pages (every block, judged from the one run
   of the chapter's notebook; the stored outputs; the pictures) and on every
   snippet of the chapter's folders run as a script.

Usage: python -m ptdocs.check [--no-run] <slug> [<slug> ...]
"""

from __future__ import annotations

import argparse
import functools
import html
import re
import sys
import time
from pathlib import Path

from ptdocs import ROOT, notebooks, pages

HREF = re.compile(r"""\b(?:href|src)="([^"#:]*)(?:#([^"]*))?\"""")
ID = re.compile(r"""\bid="([^"]+)\"""")


@functools.cache
def markdown_for(lang: str):
    """The site's Markdown, as MkDocs configures it for ``lang``."""
    import markdown
    from mkdocs.config import load_config

    cfg = load_config(str(notebooks.CONFIGS[lang]))
    return markdown.Markdown(extensions=cfg.markdown_extensions,
                             extension_configs=cfg.mdx_configs)


@functools.cache
def rendered(page: Path) -> str:
    md = markdown_for(page.parent.name)
    md.reset()
    return md.convert(page.read_text(encoding="utf-8"))


def link_problems(page: Path) -> list[str]:
    """Links of the page to other pages, pictures and anchors that exist."""
    rel = page.relative_to(ROOT)
    text = page.read_text(encoding="utf-8").splitlines()
    problems = []
    for target, anchor in HREF.findall(rendered(page)):
        target, anchor = html.unescape(target), html.unescape(anchor or "")
        if target.startswith(("/", "mailto")) or (not target and not anchor):
            continue
        dest = (page.parent / target).resolve() if target else page
        if target and not dest.exists():    # pictures and notebooks: shared by both languages
            lang_root = pages.LANGUAGES[page.parent.name]
            shared = (pages.DOCS / dest.relative_to(lang_root.resolve())
                      if dest.is_relative_to(lang_root.resolve()) else dest)
            dest = shared if shared.exists() else dest
        line = next((n for n, s in enumerate(text, 1)
                     if f"({target}" in s or f"]({target}" in s or f"#{anchor})" in s), 0)
        if target and not dest.exists():
            problems.append(f"{rel}:{line}: links to {target}, which does not exist")
        elif anchor and dest.suffix == ".md" and anchor not in ID.findall(rendered(dest)):
            problems.append(f"{rel}:{line}: links to {target or ''}#{anchor}, "
                            f"a heading or id that {dest.relative_to(ROOT)} does not have")
    return problems


def static_problems(slug: str) -> list[str]:
    zh, en = (pages.LANGUAGES[lang] / f"{slug}.md" for lang in ("zh", "en"))
    problems = []
    for page in (zh, en):
        if not page.is_file():
            problems.append(f"{page.relative_to(ROOT)}:1: missing (every page is in both "
                            "languages)")
    if problems:
        return problems
    for page in (zh, en):
        included = pages.include_problems(page)
        problems += included or link_problems(page)      # (a page must render first)
    if not any(p for p in problems if ": includes " in p):
        try:
            problems += pages.parity_problems(zh, en)
        except pages.PageError as exc:
            problems.append(str(exc))
    if pages.is_chapter(zh) and not problems:
        made = {nb.path: nb for nb in map(notebooks.build, (zh, en))}
        for problem in notebooks.stale(made, every=False):
            head, _, diff = problem.partition("\n")
            path = head.split(":")[0]
            problems.append(f"{path}:1: {head.partition(': ')[2]} "
                            "(python -m ptdocs.notebooks " + slug + ")" + ("\n" + diff if diff
                                                                             else ""))
    return problems


class Collector:
    """Each failed test as ``file:line: what``; of tests/test_snippets.py, only
    the chapter's snippets run as scripts."""

    def __init__(self, snippets: set[str]):
        self.problems: list[str] = []
        self.snippets = snippets

    def pytest_collection_modifyitems(self, config, items):
        keep = [i for i in items if not i.nodeid.startswith("tests/test_snippets.py")
                or i.nodeid in self.snippets]
        config.hook.pytest_deselected(items=[i for i in items if i not in keep])
        items[:] = keep

    def pytest_runtest_logreport(self, report):
        if report.failed:
            path, line, _ = report.location
            where = getattr(report, "ptdocs_where", None) or f"{path}:{(line or 0) + 1}"
            crash = getattr(getattr(report.longrepr, "reprcrash", None), "message", "")
            what = getattr(report, "ptdocs_what", None) or (
                f"{report.head_line}: {crash.strip().splitlines()[-1] if crash.strip() else ''}")
            self.problems.append(f"{where}: {what}")

    def pytest_collectreport(self, report):
        if report.failed:
            self.problems.append(f"{report.nodeid}: {str(report.longrepr).splitlines()[-1]}")


def snippet_tests(slug: str) -> list[str]:
    """The test ids of the snippets the chapter includes, run as scripts."""
    files = sorted({t.split(":")[0] for lang in ("zh", "en")
                    for t in pages.include_targets(pages.LANGUAGES[lang] / f"{slug}.md")})
    return [f"tests/test_snippets.py::test_snippet_runs_as_a_script[{f}]" for f in files]


def main(argv=None) -> int:
    import pytest

    parser = argparse.ArgumentParser(prog="python -m ptdocs.check", description=__doc__.split(
        "\n\n")[0])
    parser.add_argument("slugs", nargs="+", metavar="slug", help="a chapter, e.g. reshaping")
    parser.add_argument("--no-run", action="store_true",
                        help="only the checks that run nothing (step 1, a second or two)")
    args = parser.parse_args(argv)
    known = {p.stem for p in pages.all_pages()["zh"]}
    unknown = [s for s in args.slugs if s not in known]
    if unknown:
        print(f"ptdocs.check: no page docs/zh/{unknown[0]}.md (chapters: "
              f"{', '.join(sorted(known))})", file=sys.stderr)
        return 2
    start = time.perf_counter()
    problems = [p for slug in args.slugs for p in static_problems(slug)]
    # A page that cannot be read stops here; anything else (a stale notebook
    # too: the run uses the notebook the page makes now) still gets its blocks
    # run, so that a failing block is named at its line.
    if not any(": includes " in p for p in problems) and not args.no_run:
        targets = [f"docs/{lang}/{slug}.md" for slug in args.slugs for lang in ("zh", "en")]
        collector = Collector({t for slug in args.slugs for t in snippet_tests(slug)})
        code = pytest.main([*targets, "tests/test_snippets.py", "-q", "-n", "0",
                            "-p", "no:cacheprovider", "--no-header", "--tb=short"],
                           plugins=[collector])
        problems += collector.problems
        if code not in (0, 1):
            problems.append(f"pytest stopped with exit code {code} (see above)")
    print(f"\n== ptdocs.check {' '.join(args.slugs)}: {len(problems)} problem(s) in "
          f"{time.perf_counter() - start:.0f} s")
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
