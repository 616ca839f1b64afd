"""A code block titled with the snippet file it includes: the title links to
that file in the repository (scrolled to the part shown), and says
"（接上）" / "(continued)" when the part shown is not the file's first section
(it continues code above it in the file, which a reader who copies only this
block lacks).

Titles are matched to the page's include fences in order, by their text
(page.markdown holds the includes unexpanded); a page where they do not match
is left as it is.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from mkdocs.plugins import BasePlugin

from ptdocs.site import is_notebook

CONTINUED = {"zh": ("（接上）", "在 GitHub 上查看完整文件，这一段是其中第 {a}–{b} 行"),
             "en": (" (continued)", "The whole file on GitHub; this part is lines {a}-{b}")}
TITLED_INCLUDE = re.compile(r'^[ \t]*`{3,}\w+[^\n]*?title="([^"]+)"[^\n]*\n'
                            r'[ \t]*-+8<-+\s+"([^"]+)"', re.M)


def link_snippet_titles(html_text: str, page, config) -> str:
    repo = (config.get("repo_url") or "").rstrip("/")
    if not repo:
        return html_text
    mark, tip = CONTINUED.get(config["theme"]["language"], CONTINUED["en"])
    root = Path(config["docs_dir"]).resolve().parents[1]
    queue: dict[str, list[str]] = {}
    for title, target in TITLED_INCLUDE.findall(page.markdown):
        queue.setdefault(title, []).append(target)

    def link(m):
        targets = queue.get(html.unescape(m.group(1)))
        if not targets:
            return m.group(0)
        path, _, section = targets.pop(0).partition(":")
        if path != html.unescape(m.group(1)) or not (root / path).is_file():
            return m.group(0)
        lines = (root / path).read_text(encoding="utf-8").splitlines()
        starts = [i for i, line in enumerate(lines) if re.search(r"--8<-- \[start:\w+\]", line)]
        a, b, first = 1, len(lines), True
        if section:
            at = next((i for i, line in enumerate(lines)
                       if f"--8<-- [start:{section}]" in line), None)
            end = next((i for i, line in enumerate(lines)
                        if f"--8<-- [end:{section}]" in line), None)
            if at is None or end is None:
                return m.group(0)
            a, b, first = at + 2, end, at == starts[0]
        href = f"{repo}/blob/main/{path}" + (f"#L{a}-L{b}" if section else "")
        return (f'<span class="filename"><a href="{href}" title="{tip.format(a=a, b=b)}">'
                f'{m.group(1)}</a>{"" if first else mark}</span>')

    return re.sub(r'<span class="filename">([^<]+)</span>', link, html_text)


class SnippetTitlesPlugin(BasePlugin):
    def on_page_content(self, html_text, page, config, files):
        return html_text if is_notebook(page) else link_snippet_titles(html_text, page, config)
