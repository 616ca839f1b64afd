"""The MkDocs side of the engine: one plugin per concern, each handling its
own events, with no state shared between them. Registered as entry points in
pyproject.toml (``mkdocs.plugins``) and listed in mkdocs.yml's ``plugins``:

    ptdocs-files          pictures (docs/images/) and notebooks as files of each
                          build; the notebook pages in the nav, in chapter order
    ptdocs-page-notes     under each chapter's title, the tested versions and
                          the notebook links; each reasoned skip shown above its block
    ptdocs-notebook-render  fills mkdocs-jupyter's render cache, cheaper than it does
    ptdocs-notebook-pages   the rendered notebook pages: no CDN, one shared
                          stylesheet, the chapter's heading ids, out of search
    ptdocs-html           the whole site's HTML: a plain repository link, a language
                          switch that stays on the page
    ptdocs-english        `mkdocs build` of mkdocs.yml also builds the English
                          site into site/en (under `mkdocs serve`, only when changed)
"""

import logging

# mkdocs-jupyter's logs name every file it copies or finds in its cache.
logging.getLogger("mkdocs.plugins.mkdocs_jupyter").setLevel(logging.WARNING)
logging.getLogger("mkdocs.mkdocs-jupyter").setLevel(logging.WARNING)

QUIET = "font-size: .7rem; color: var(--md-default-fg-color--light)"
"""The style of the notes the plugins add: small and grey, so they don't read
as the page's prose."""


def is_notebook(page_or_file) -> bool:
    """A notebook page (or file) of ptdocs-files: notebooks/<slug>.ipynb."""
    file = getattr(page_or_file, "file", page_or_file)
    return file.src_uri.startswith("notebooks/") and file.src_uri.endswith(".ipynb")
