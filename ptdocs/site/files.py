"""ptdocs-files: the files each language's build adds to its docs_dir.

- Pictures live once, in docs/images/, and both languages link to them as
  ``images/<chapter>/<name>.png``: each build adds that folder, so the two
  sites never carry two copies of a picture.
- Each chapter's notebook (docs/notebooks/<lang>/, with the outputs `make
  notebooks` stored) becomes the page notebooks/<slug>/, rendered by
  mkdocs-jupyter, with the .ipynb beside it for download. The nav gets them
  as its last section, in the order of their chapters in the nav: no list of
  notebooks to keep by hand.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, InclusionLevel
from mkdocs.structure.nav import Section

from ptdocs.site import is_notebook


class FilesConfig(Config):
    # The nav section of the notebook pages ("Notebook 版", "Notebooks").
    notebooks_title = c.Type(str, default="Notebooks")


class FilesPlugin(BasePlugin[FilesConfig]):
    # Before mkdocs-jupyter's on_files (priority 0), which turns the notebooks
    # added here into pages.
    @event_priority(50)
    def _add_files(self, files, config):
        docs = Path(config["docs_dir"]).parent      # docs/zh -> docs
        images = docs / "images"
        for path in sorted(images.rglob("*")):
            if path.is_file():
                uri = "images/" + path.relative_to(images).as_posix()
                files.append(File(uri, str(docs), config["site_dir"],
                                  config["use_directory_urls"]))
        lang = config["theme"]["language"]
        for path in sorted((docs / "notebooks" / lang).glob("*.ipynb")):
            files.append(File.generated(config, f"notebooks/{path.name}",
                                        abs_src_path=str(path),
                                        inclusion=InclusionLevel.NOT_IN_NAV))
        return files

    # After it: its NotebookFile wrapper reads File's class default for
    # `inclusion` instead of the wrapped file's, and MkDocs would warn that
    # the notebooks are missing from the nav (on_nav adds them).
    @event_priority(-50)
    def _keep_out_of_nav(self, files, config):
        for file in files:
            if is_notebook(file):
                file.inclusion = InclusionLevel.NOT_IN_NAV
        return files

    on_files = CombinedEvent(_add_files, _keep_out_of_nav)

    def on_nav(self, nav, config, files):
        notebooks = {}
        for file in files:
            # mkdocs-jupyter wraps each notebook's File in a NotebookFile that
            # skips File.__init__, so the wrapper works out abs_src_path afresh
            # from src_dir, which a generated file has not: it would read None.
            # Give the wrapper the path of the file it wraps.
            inner = getattr(file, "__dict__", {}).get("file")
            if inner is not None and is_notebook(file):
                file.abs_src_path = inner.abs_src_path
            if is_notebook(file) and file.page is not None:
                notebooks[Path(file.src_uri).stem] = file.page
        chapters = [notebooks.pop(Path(p.file.src_uri).stem) for p in nav.pages
                    if Path(p.file.src_uri).stem in notebooks]
        chapters += [notebooks[slug] for slug in sorted(notebooks)]   # (none, normally)
        if chapters:
            section = Section(self.config.notebooks_title, chapters)
            for page in chapters:
                page.parent = section
            nav.items.append(section)
            nav.pages.extend(chapters)
            for before, after in zip(nav.pages, nav.pages[1:]):
                before.next_page, after.previous_page = after, before
        return nav
