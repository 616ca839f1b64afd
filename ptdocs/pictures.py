"""Regenerate every picture on the site from the chapters' code.

    python -m ptdocs.pictures            # `make pictures`: writes docs/images/

A chapter's code makes a picture by saving it under ``figures/`` in its
working directory, exactly as the page shows (``fig.savefig("figures/x.png")``).
This command runs each chapter whose code saves a picture, as its notebook
(the same run as `make notebooks --run` for those chapters, which also stores
their outputs), and copies ``figures/<name>`` to
``docs/images/<topic>/<name>``, where ``<topic>`` is the folder under
snippets/ of the file that saves it. Each chapter's run in the tests compares
its pictures with those copies, pixel for pixel.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ptdocs import ROOT

PICTURE_SUFFIXES = {".png", ".jpg", ".svg", ".gif", ".webp"}


def picture_snippets() -> list[Path]:
    """The snippet files that save a picture under figures/."""
    return sorted(p for p in (ROOT / "snippets").rglob("*.py")
                  if '"figures/' in p.read_text(encoding="utf-8")
                  or "'figures/" in p.read_text(encoding="utf-8"))


def main(argv=None) -> int:
    from ptdocs import notebooks

    made = notebooks.generate()
    slugs = sorted({nb.slug for nb in made.values() if nb.lang == "en" and any(
        notebooks.DRAWN.search(c.source) for c in nb.node.cells if c.cell_type == "code")})
    print(f"running the chapters that draw pictures: {', '.join(slugs)}")
    failures = notebooks.store(made, slugs, force=True)
    for line in failures:
        print(line, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
