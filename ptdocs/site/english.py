"""ptdocs-english: `mkdocs build` and `mkdocs serve` of mkdocs.yml (Chinese, the
site root) also build the English site (mkdocs.en.yml) into <site_dir>/en, so
one command gives both languages and the language switch works locally.

Under `mkdocs serve`, every edit rebuilds the Chinese site; the English one
is rebuilt only when a file it is made from has changed since its last build
(``inputs``); otherwise the previous one is kept. MkDocs empties site_dir
before each build, so the previous English site is moved aside first
(on_pre_build) and back afterwards (on_post_build). This plugin keeps that
state between builds: MkDocs keeps a plugin that has on_startup for the
whole `mkdocs serve`. Under `mkdocs serve` the English build runs in a
thread, so the first page is served as soon as the Chinese site is built
(the English pages follow a few seconds later); the next build waits for it.
"""

from __future__ import annotations

import logging
import shutil
import threading
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.plugins import BasePlugin

log = logging.getLogger("mkdocs.plugins.ptdocs-english")


class EnglishConfig(Config):
    # The English config, relative to this one (the English config itself
    # inherits the option and builds nothing more).
    config_file = c.Type(str, default="")


class EnglishPlugin(BasePlugin[EnglishConfig]):
    def on_startup(self, command, dirty):
        self.serving = command == "serve"
        self.fingerprint = None         # of the inputs of the last English build
        self.aside: Path | None = None
        self.thread: threading.Thread | None = None     # the English build, serving

    def english_config(self, config) -> Path | None:
        if not self.config.config_file:
            return None
        own = Path(config.config_file_path)
        english = own.parent / self.config.config_file
        # (mkdocs.en.yml INHERITs this plugin's options from mkdocs.yml)
        return None if english.resolve() == own.resolve() else english

    def inputs(self, config) -> list[Path]:
        root = Path(config.config_file_path).parent
        docs = Path(config["docs_dir"]).parent
        return [docs / "en", docs / "images", docs / "notebooks" / "en", root / "snippets",
                Path(config.config_file_path), self.english_config(config)]

    def english_fingerprint(self, config) -> int:
        seen = []
        for top in self.inputs(config):
            for path in [top] if top.is_file() else sorted(top.rglob("*")):
                if "__pycache__" not in path.parts:
                    stat = path.stat()
                    seen.append((str(path), stat.st_mtime_ns, stat.st_size))
        return hash(tuple(seen))

    def previous(self, config) -> Path:
        return Path(str(config["site_dir"]).rstrip("/") + "-en-previous")

    def wait(self) -> None:
        """Until the English build in the background is done. (The English
        build itself runs this plugin too: MkDocs keeps one instance of a
        plugin that has on_startup, so it may be the same object.)"""
        thread = getattr(self, "thread", None)
        if thread is not None and thread is not threading.current_thread():
            thread.join()
            self.thread = None

    def on_pre_build(self, config):
        self.wait()
        if not (getattr(self, "serving", False) and self.english_config(config)):
            return
        english, aside = Path(config["site_dir"]) / "en", self.previous(config)
        shutil.rmtree(aside, ignore_errors=True)
        if english.is_dir():
            english.rename(aside)
            self.aside = aside

    def on_post_build(self, config):
        en_config = self.english_config(config)
        if en_config is None:
            return
        from mkdocs.commands.build import build
        from mkdocs.config import load_config
        from mkdocs.exceptions import Abort

        english, aside = Path(config["site_dir"]) / "en", self.previous(config)
        serving = getattr(self, "serving", False)
        fingerprint = self.english_fingerprint(config) if serving else None
        if fingerprint is not None and fingerprint == self.fingerprint and aside.is_dir():
            aside.rename(english)
            log.info("English site unchanged: kept the previous build")
            return
        shutil.rmtree(aside, ignore_errors=True)
        self.fingerprint = None
        en = load_config(str(en_config), site_dir=str(english), strict=config["strict"])
        if not serving:
            try:
                build(en)
            except Abort as exc:
                raise Abort(f"English site: {exc}") from None
            return

        def build_english():
            try:
                build(en)
                self.fingerprint = fingerprint
                log.info("English site built")
            except Exception as exc:   # shown in the serve log; the next edit tries again
                log.error(f"English site: {exc}")
        log.info("English site: building in the background")
        self.thread = threading.Thread(target=build_english, name="english-site", daemon=True)
        self.thread.start()

    def on_shutdown(self):
        self.wait()
        # mkdocs serve removes its temporary site_dir; the English site set
        # aside beside it is ours to remove.
        if self.aside is not None:
            shutil.rmtree(self.aside, ignore_errors=True)
