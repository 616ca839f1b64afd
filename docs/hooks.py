"""MkDocs hooks shared by both language configs (mkdocs.yml, mkdocs.en.yml).

Pictures live once, in docs/images/, and both languages link to them as
``images/<chapter>/<name>.png``. This hook adds that folder to each build, so
the Chinese and English sites never carry two copies of a picture.
"""

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
