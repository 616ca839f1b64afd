"""Regenerate every picture on the site from the snippet code.

    python -m tests.harness.pictures            # writes docs/images/
    python -m tests.harness.pictures --out DIR  # writes DIR/ instead

A snippet makes a picture by saving it under ``figures/`` in its working
directory, exactly as the page shows (``fig.savefig("figures/x.png")``). This
command runs each such snippet as a script, offline, in a fresh working
directory, and copies ``figures/<name>`` to ``<out>/<topic>/<name>``, where
``<topic>`` is the snippet's folder under snippets/.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from pathlib import Path

from tests.harness import offline
from tests.harness.runner import ROOT, run_snippet

PICTURE_SUFFIXES = {".png", ".jpg", ".svg", ".gif", ".webp"}


def picture_snippets() -> list[Path]:
    return sorted(p for p in (ROOT / "snippets").rglob("*.py")
                  if '"figures/' in p.read_text(encoding="utf-8")
                  or "'figures/" in p.read_text(encoding="utf-8"))


def make_pictures(out: Path, only: str | None = None, verbose: bool = True) -> list[Path]:
    offline.activate()
    made: dict[Path, Path] = {}
    for snippet in picture_snippets():
        topic = snippet.parent.relative_to(ROOT / "snippets").as_posix()
        if only and topic != only:
            continue
        work = offline.make_workdir("pictures")
        start = time.perf_counter()
        try:
            run_snippet(snippet, work)
            figures = sorted(p for p in (work / "figures").glob("*")
                             if p.suffix.lower() in PICTURE_SUFFIXES)
            if not figures:
                raise SystemExit(f"{snippet.relative_to(ROOT)} wrote no picture under figures/")
            for fig in figures:
                target = out / topic / fig.name
                if target in made:
                    raise SystemExit(f"{target} is written by both {made[target]} and "
                                     f"{snippet.relative_to(ROOT)}")
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(fig, target)
                made[target] = snippet.relative_to(ROOT)
                if verbose:
                    print(f"{target}  <-  {made[target]}  "
                          f"({time.perf_counter() - start:.1f} s)")
        finally:
            shutil.rmtree(work, ignore_errors=True)
    return sorted(made)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "images")
    parser.add_argument("--only", help="one topic folder, e.g. transforms")
    args = parser.parse_args(argv)
    made = make_pictures(args.out.resolve(), args.only)
    print(f"{len(made)} pictures written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
