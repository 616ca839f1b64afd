"""ptdocs-notebook-render: fills mkdocs-jupyter's render cache before it looks.

For each notebook of the build whose rendering is not in the plugin's cache
yet, render it as the plugin's convert.nb2html would (compat.jupyter_render:
one exporter for all notebooks, and without nbconvert's closing
BeautifulSoup pass; 0.25 -> 0.06 CPU-s a notebook) and store it where the
plugin looks, with the title (the first H1) and the contents that
ptdocs-notebook-pages gives every notebook page anyway. The plugin then
finds every page in its cache; if its cache format ever changes, compat
says so in one line. tests/test_site.py checks that a page comes out as
nb2html renders it, title included.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from mkdocs.plugins import BasePlugin

from ptdocs import compat
from ptdocs.site.notebook_pages import number_headings


def render_notebooks(todo: list[tuple[str, str]], cfg: dict) -> None:
    """Render each (notebook, cache entry) and store it where the plugin looks."""
    if not todo:
        return
    exporter = compat.jupyter_exporter(cfg)
    for path, entry in todo:
        body = compat.jupyter_render(exporter, path, cfg)
        _, tokens = number_headings(body)
        title = tokens[0]["name"] if tokens and tokens[0]["level"] == 1 else None
        entry = Path(entry)
        entry.parent.mkdir(parents=True, exist_ok=True)
        part = entry.with_suffix(f".{os.getpid()}.part")    # whole or not at all
        part.write_text(json.dumps({"content": body, "toc_tokens": tokens, "title": title}),
                        encoding="utf-8")
        part.replace(entry)


class NotebookRenderPlugin(BasePlugin):
    def on_pre_build(self, config):
        plugin = config.plugins.get("mkdocs-jupyter")
        if plugin is None or not plugin.config["cache"]:
            return
        notebooks = Path(config["docs_dir"]).parent / "notebooks" / config["theme"]["language"]
        todo = []
        for path in sorted(notebooks.glob("*.ipynb")):
            entry = compat.jupyter_cache_entry(str(path), plugin.config)
            if not os.path.exists(entry):
                todo.append((str(path), entry))
        n = min(len(todo), os.cpu_count() or 1)
        if n <= 1 or not hasattr(os, "fork"):
            render_notebooks(todo, dict(plugin.config))
            return
        import multiprocessing

        fork = multiprocessing.get_context("fork")
        workers = [fork.Process(target=render_notebooks, args=(todo[k::n], dict(plugin.config)))
                   for k in range(n)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
