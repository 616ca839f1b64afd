"""The built site in a real browser: headless Chromium through Playwright (its own
Chromium when installed, else one on PATH: Debian's chromium here and in CI).

The site (both languages, from the ``built_site`` fixture) is served over HTTP
on loopback under its site_url path, /pytorch-notes/, with gzip for text as
GitHub Pages serves it. Every chapter page is opened once: its title renders,
no same-origin request fails, no JavaScript error is thrown, every picture
loads, nothing is requested from another host, and every code block has
Material's copy button (with an empty search index: see the tab fixture). Then,
across the site: the copy button copies the block's code, the language
switch stays on the same chapter, and the home page, the heaviest chapter and
the heaviest notebook page load in under 1 MB (and pass the same checks, with
the real index). The search box is tests/test_search.py's.

Three notebook pages per language (mkdocs-jupyter: two named below, and the
heaviest) are checked like the chapters, so their scripts run without an
error and nothing comes from another host (no CDN MathJax or require.js);
tests/test_site.py checks that every other notebook page runs the same
scripts and that every figure on it is a picture.
"""

from __future__ import annotations

import functools
import gzip
import mimetypes
import re
import shutil
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from ptdocs import markers, notebooks, pages
from ptdocs.report import measured

# Browsers on PATH, in the order tried after Playwright's own Chromium.
CHROMIUM_NAMES = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable",
                  "chrome"]
HOW_TO_GET_ONE = ("no Chromium for the browser tests: run `make test` (it installs one), "
                  "or `.venv/bin/python -m playwright install chromium`, or put chromium "
                  "or google-chrome on PATH")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
BASE = "/pytorch-notes/"
PREFIX = {"zh": "", "en": "en/"}
WEIGHT_LIMIT = 1_000_000          # bytes on the wire for one page view, cold cache
COPY = 'button.md-code__button[data-md-type="copy"]'


def page_url(lang: str, slug: str) -> str:
    return BASE + PREFIX[lang] + ("" if slug == "index" else f"{slug}/")


PAGES = [(lang, p.relative_to(pages.LANGUAGES[lang]).with_suffix("").as_posix())
         for lang, ps in pages.all_pages().items() for p in ps]
# Each chapter's notebook, rendered by mkdocs-jupyter at notebooks/<slug>/.
NOTEBOOK_PAGES = [(lang, f"notebooks/{path.stem}") for lang in PREFIX
                  for path in sorted((notebooks.OUT / lang).glob("*.ipynb"))]
# Opened one by one below, in both languages: the training chapter (progress
# bars, errors) and the one whose outputs vary from run to run; the weight test
# at the end opens the heaviest, with the most outputs (figures, errors). A page
# view costs about 0.5 s of CPU, mostly Material's JavaScript, and every
# notebook page of a language runs the same scripts (checked in
# tests/test_site.py, which also decodes every figure and checks the links,
# pictures and heading ids of every notebook page without a browser).
BROWSER_NOTEBOOKS = ["notebooks/complete-training", "notebooks/speed"]
# (Named, not filtered: a page that is gone fails its test instead of dropping out.)
CRAWLED_NOTEBOOK_PAGES = [(lang, slug) for lang in PREFIX for slug in BROWSER_NOTEBOOKS]


# --- the server -----------------------------------------------------------

class _Counting:
    """Wraps a handler's wfile: counts the bytes sent, per request path."""

    def __init__(self, wfile, tally, path):
        self._wfile, self._tally, self._path = wfile, tally, path

    def write(self, data):
        self._tally[self._path] = self._tally.get(self._path, 0) + len(data)
        return self._wfile.write(data)

    def __getattr__(self, name):
        return getattr(self._wfile, name)


class Handler(SimpleHTTPRequestHandler):
    """Static files with gzip for text (as GitHub Pages does), counting bytes."""

    tally: dict[str, int] = {}
    gzipped: dict[Path, bytes] = {}
    lock = threading.Lock()
    TEXT = re.compile(r"^(text/|application/(javascript|json|xml|manifest\+json)|image/svg)")

    def log_message(self, *args):
        pass

    def do_GET(self):
        self.wfile = _Counting(self.wfile, self.tally, urlsplit(self.path).path)
        file = Path(self.translate_path(self.path))
        if file.is_dir() and self.path.split("?")[0].endswith("/"):
            file = file / "index.html"
        kind = mimetypes.guess_type(file.name)[0] or ""
        if (file.is_file() and self.TEXT.match(kind)
                and "gzip" in self.headers.get("Accept-Encoding", "")):
            with self.lock:
                if file not in self.gzipped:
                    self.gzipped[file] = gzip.compress(file.read_bytes(), 6, mtime=0)
                body = self.gzipped[file]
            self.send_response(200)
            self.send_header("Content-Type", kind + ("; charset=utf-8" if "text" in kind
                                                     or "json" in kind else ""))
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()


@pytest.fixture(scope="module")
def server(built_site, tmp_path_factory):
    root = tmp_path_factory.mktemp("serve")
    (root / BASE.strip("/")).symlink_to(built_site, target_is_directory=True)
    httpd = ThreadingHTTPServer(("127.0.0.1", 0),
                                functools.partial(Handler, directory=str(root)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


# --- the browser ----------------------------------------------------------

def find_chromium(playwright_chromium: str | None, path: str | None) -> str | None:
    """The browser as Playwright users expect: Playwright's own Chromium when
    `playwright install chromium` has fetched it, else a Chromium or Chrome on
    PATH (Debian's chromium, Ubuntu's snap, a Mac's Chrome linked there)."""
    if playwright_chromium and Path(playwright_chromium).is_file():
        return playwright_chromium
    for name in CHROMIUM_NAMES:
        found = shutil.which(name, path=path)
        if found:
            return found
    return None


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = find_chromium(p.chromium.executable_path, None)
        if chromium is None:
            pytest.fail(HOW_TO_GET_ONE, pytrace=False)
        b = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield b
        b.close()


def test_a_chromium_is_found_where_playwright_users_keep_one(tmp_path):
    fake = tmp_path / "google-chrome"
    fake.write_text("#!/bin/sh\n")
    fake.chmod(0o755)
    missing = str(tmp_path / "ms-playwright" / "chrome")
    # Debian's /usr/bin/chromium hidden, no Playwright download: one on PATH
    assert find_chromium(missing, str(tmp_path)) == str(fake)
    # Playwright's own Chromium comes first once it is there
    assert find_chromium(str(fake), "/usr/bin") == str(fake)
    # none at all: the fixture fails with one line that says how to get one
    assert find_chromium(missing, str(tmp_path / "empty")) is None
    assert "\n" not in HOW_TO_GET_ONE and "playwright install chromium" in HOW_TO_GET_ONE


class Recorder:
    """What one page view did: requests, failed responses, JavaScript errors."""

    def __init__(self, page, origin: str):
        self.origin = origin
        self.requests: list[str] = []
        self.failed: list[str] = []
        self.errors: list[str] = []
        page.on("request", lambda r: self.requests.append(r.url))
        page.on("response", self._response)
        page.on("pageerror", lambda e: self.errors.append(str(e)))

    def _response(self, response):
        if response.status >= 400 and response.url.startswith(self.origin):
            self.failed.append(f"{response.status} {response.url}")

    def reset(self):
        self.requests.clear()
        self.failed.clear()
        self.errors.clear()

    def foreign(self) -> list[str]:
        out = []
        for url in self.requests:
            parts = urlsplit(url)
            if parts.scheme in ("http", "https", "ws", "wss") and \
                    parts.hostname not in ("127.0.0.1", "localhost"):
                out.append(url)
        return out


@pytest.fixture(scope="module")
def context(browser):
    ctx = browser.new_context(permissions=["clipboard-read", "clipboard-write"],
                              viewport={"width": 1280, "height": 900})
    ctx.set_default_timeout(10_000)
    yield ctx
    ctx.close()


@pytest.fixture(scope="module")
def tab(context, server, built_site):
    """A tab whose search index holds no pages, for every view of this module
    but the weight test's.

    Material fetches the language's search index on every page view and builds
    it in a web worker: 0.5-1 s of CPU per view here, the same work for every
    page of a language. Here each view gets the real index's config with an
    empty list of documents (only when it asks for the right file, so a page
    that asked for a wrong one still fails). The weight test below opens pages
    with the real index, and tests/test_search.py searches it."""
    import json

    empty = {}
    for lang in PREFIX:
        index = json.loads((built_site / PREFIX[lang] / "search" /
                            "search_index.json").read_text(encoding="utf-8"))
        empty[page_url(lang, "index") + "search/search_index.json"] = json.dumps(
            {**index, "docs": []})

    def answer(route):
        body = empty.get(urlsplit(route.request.url).path)
        if body is None:
            route.continue_()
        else:
            route.fulfill(status=200, content_type="application/json", body=body)

    page = context.new_page()
    page.route("**/search_index.json", answer)
    page.recorder = Recorder(page, server)
    yield page
    page.close()


def visit(tab, server: str, path: str):
    tab.recorder.reset()
    tab.goto(server + path, wait_until="load")
    return tab.recorder


# --- every page -----------------------------------------------------------

# Everything one page view is checked for, in one round trip to the browser.
PAGE_CHECK = """(copy) => {
    const h1 = document.querySelector('article h1');
    const box = h1 ? h1.getBoundingClientRect() : null;
    return {
        title: document.title,
        h1: h1 && box.width > 0 && box.height > 0 ? h1.textContent.trim() : '',
        broken: [...document.images]
            .filter(img => !(img.complete && img.naturalWidth > 0))
            .map(img => img.getAttribute('src')),
        noCopy: [...document.querySelectorAll('div.highlight')]
            .filter(d => !d.querySelector(copy)).length,
    };
}"""


@pytest.mark.parametrize("lang,slug", PAGES + CRAWLED_NOTEBOOK_PAGES
                         + [("zh", "404.html"), ("en", "404.html")],
                         ids=[f"{lang}/{slug}" for lang, slug in PAGES + CRAWLED_NOTEBOOK_PAGES]
                         + ["zh/404", "en/404"])
def test_page_in_the_browser(tab, server, lang, slug):
    path = BASE + PREFIX[lang] + slug if slug.endswith(".html") else page_url(lang, slug)
    rec = visit(tab, server, path)
    problems = view_problems(tab, rec, lang)
    assert not problems, f"{path}:\n" + "\n".join(problems)


def view_problems(tab, rec: Recorder, lang: str) -> list[str]:
    """What is wrong with the page open in tab (rec: what its view did)."""
    seen = tab.evaluate(PAGE_CHECK, COPY)
    if seen["noCopy"]:      # Material adds the buttons from JavaScript: give it time
        try:
            tab.wait_for_function(f"() => ({PAGE_CHECK})({COPY!r}).noCopy === 0",
                                  timeout=3000)
        except Exception:
            pass
        seen = tab.evaluate(PAGE_CHECK, COPY)
    problems = []
    if notebooks.config(lang)["site_name"] not in seen["title"]:
        problems.append(f"title {seen['title']!r} lacks the site name")
    if not seen["h1"]:
        problems.append("no visible H1")
    if seen["broken"]:
        problems.append(f"pictures that did not load: {seen['broken']}")
    if seen["noCopy"]:
        problems.append(f"{seen['noCopy']} code blocks without a copy button")
    problems += [f"HTTP {f}" for f in rec.failed]
    problems += [f"JavaScript error: {e}" for e in rec.errors]
    problems += [f"request to another host: {u}" for u in rec.foreign()]
    return problems


# --- across the site ------------------------------------------------------

RUNNABLE_BLOCKS = ", ".join(f"div.highlight.language-{name}" for name in pages.RUNNABLE)


def chapter_with_code(lang: str) -> tuple[str, list[pages.Block]]:
    """The first chapter whose code blocks map one to one onto harness blocks."""
    for page in sorted(pages.LANGUAGES[lang].glob("*.md")):
        text = page.read_text(encoding="utf-8")
        blocks = pages.extract(page)
        if page.stem != "index" and blocks and not markers.CONT.search(text):
            return page.stem, blocks
    pytest.fail(f"no {lang} chapter with a code block")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_copy_button_copies_the_code(tab, server, lang):
    """Every visible copy button of a chapter copies exactly the code the
    harness runs for that block (and the text shown, for output blocks)."""
    slug, blocks = chapter_with_code(lang)
    visit(tab, server, page_url(lang, slug))
    runnable = tab.locator(RUNNABLE_BLOCKS)
    assert runnable.count() == len(blocks), f"{slug}: {runnable.count()} code blocks"
    # For each code block on the page: its index among the runnable ones, or -1.
    order = tab.evaluate("""(sel) => {
        const runnable = [...document.querySelectorAll(sel)];
        return [...document.querySelectorAll('div.highlight')]
            .map(d => runnable.indexOf(d)); }""", RUNNABLE_BLOCKS)
    codes = tab.locator("div.highlight")
    checked = 0
    for i in range(codes.count()):
        block = codes.nth(i)
        button = block.locator(COPY)
        if not button.is_visible():       # in a closed <details> or another tab
            continue
        button.click()
        copied = tab.evaluate("navigator.clipboard.readText()").rstrip("\n")
        shown = block.locator("pre > code").text_content().rstrip("\n")
        want = blocks[order[i]].code.rstrip("\n") if order[i] >= 0 else shown
        assert copied == want, (
            f"{slug} code block {i + 1}: the clipboard holds\n{copied}\n--- expected\n{want}")
        checked += 1
    assert checked, f"no visible code block on {slug}"


@pytest.mark.parametrize("slug", ["index", "transforms"])
def test_language_switch_stays_on_the_chapter(tab, server, slug):
    for here, there in (("zh", "en"), ("en", "zh")):
        visit(tab, server, page_url(here, slug))
        tab.locator(".md-header .md-select").first.hover()
        tab.locator(f'a.md-select__link[hreflang="{there}"]').first.click()
        tab.wait_for_url(re.compile(re.escape(page_url(there, slug)) + "$"))
        assert tab.locator("html").get_attribute("lang").startswith(there)


# --- weight ---------------------------------------------------------------

def heaviest_chapter(site: Path, lang: str, among=PAGES) -> str:
    """The chapter (or notebook page) whose HTML and pictures weigh most
    (bytes on disk; a notebook's figures are inside its HTML)."""
    def weight(slug):
        html = site / page_url(lang, slug)[len(BASE):] / "index.html"
        text = html.read_text(encoding="utf-8")
        pics = {src for src in re.findall(r'<img[^>]+src="([^"]+)"', text)
                if not src.startswith(("http:", "https:", "data:"))}
        files = [(html.parent / unquote(src)).resolve() for src in pics]
        # (a missing picture is test_site's business)
        return html.stat().st_size + sum(f.stat().st_size for f in files if f.is_file())

    chapters = [s for la, s in among if la == lang and s not in ("index", "contributing")]
    return max(chapters, key=weight) if chapters else "index"


def test_home_and_heaviest_chapter_weigh_under_1_mb(browser, server, built_site):
    """Home, heaviest chapter, heaviest notebook page: each opened with a cold
    cache and the real search index, weighed, and checked like every page."""
    lines, heavy = [], []
    for lang in ("zh", "en"):
        for slug in ("index", heaviest_chapter(built_site, lang),
                     heaviest_chapter(built_site, lang, NOTEBOOK_PAGES)):
            ctx = browser.new_context()            # a cold cache
            page = ctx.new_page()
            rec = Recorder(page, server)
            Handler.tally.clear()
            start = time.perf_counter()
            page.goto(server + page_url(lang, slug), wait_until="load")
            settle(page)
            seconds = time.perf_counter() - start
            wire = sum(Handler.tally.values())
            raw = sum(_raw_size(built_site, p) for p in Handler.tally)
            top = sorted(Handler.tally.items(), key=lambda kv: -kv[1])[:3]
            lines.append(f"  {page_url(lang, slug)}: {wire / 1e3:.0f} kB transferred "
                         f"(gzip), {raw / 1e3:.0f} kB uncompressed, "
                         f"{len(Handler.tally)} requests, {seconds:.1f} s; largest: "
                         + ", ".join(f"{p.rsplit('/', 1)[-1] or p} {n / 1e3:.0f} kB"
                                     for p, n in top))
            if wire >= WEIGHT_LIMIT:
                heavy.append(lines[-1])
            # Each view is checked like the ones above, with the real search index.
            problems = view_problems(page, rec, lang)
            assert not problems, f"{page_url(lang, slug)}:\n" + "\n".join(problems)
            ctx.close()
    measured("page weight, cold cache:\n" + "\n".join(lines))
    assert not heavy, "pages over 1 MB:\n" + "\n".join(heavy)


# Material's search is ready (its worker has fetched its scripts and built the
# index) once the results' meta line says "Type to start searching".
SEARCH_READY = """() => {
    const config = JSON.parse(document.getElementById('__config').textContent);
    const meta = document.querySelector('.md-search-result__meta');
    return meta !== null
        && meta.textContent.trim() === config.translations['search.result.placeholder'];
}"""


def settle(page, quiet: float = 0.25, timeout: float = 20.0) -> None:
    """Wait until the page's search is ready (the search worker fetches its
    scripts and the index late, after the load event) and the server has then
    been quiet for a while."""
    page.wait_for_function(SEARCH_READY, polling=50, timeout=timeout * 1000)
    deadline = time.monotonic() + timeout
    last, since = None, time.monotonic()
    while time.monotonic() < deadline:
        now = dict(Handler.tally)
        if now != last:
            last, since = now, time.monotonic()
        elif time.monotonic() - since >= quiet:
            return
        time.sleep(0.05)


def _raw_size(site: Path, path: str) -> int:
    if not path.startswith(BASE):
        return 0
    file = site / unquote(path[len(BASE):])
    if file.is_dir():
        file = file / "index.html"
    return file.stat().st_size if file.is_file() else 0
