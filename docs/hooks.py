"""MkDocs hooks shared by both language configs (mkdocs.yml, mkdocs.en.yml).

Pictures live once, in docs/images/, and both languages link to them as
``images/<chapter>/<name>.png``. This hook adds that folder to each build, so
the Chinese and English sites never carry two copies of a picture.
"""

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
    return files


# A reasoned skip marker is an HTML comment, invisible on the rendered page.
# Show its reason to the reader right above the block it skips.
SKIP = re.compile(r'^(?P<indent>[ \t]*)<!--\s*pytest\.mark\.skip\(reason=(?P<q>["\'])'
                  r'(?P<reason>.*?)(?P=q)\)\s*-->\s*$', re.M)
NOT_RUN = {"zh": "此代码块不在测试中运行：", "en": "Not run by the tests: "}


def on_page_markdown(markdown, page, config, files):
    label = NOT_RUN.get(config["theme"]["language"], NOT_RUN["en"])

    def note(m):
        return (f'{m.group(0)}\n{m["indent"]}<p class="not-run" markdown>'
                f'{label}{m["reason"]}</p>\n')

    return SKIP.sub(note, markdown)


# `mkdocs build` and `mkdocs serve` with mkdocs.yml (Chinese, the site root)
# also build the English site into <site_dir>/en, so one command gives both
# languages and the language switch works locally too.
ENGLISH_CONFIG = Path(__file__).parent.parent / "mkdocs.en.yml"


def on_post_build(config):
    if config["theme"]["language"] != "zh":
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
