"""Chinese pages show Chinese comments, on the same code (ptdocs/comments.py).

The snippets keep English comments; snippets/<topic>/comments.zh.toml holds
their Chinese, and the Markdown extension ptdocs.comments puts it in on the
Chinese site, in what the harness runs and in the Chinese notebooks.
tests/test_languages.py checks that both languages run the same code,
comments aside.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import markdown
import pytest

from ptdocs import comments, pages
from ptdocs.pages import ROOT

ZH_PAGES = pages.all_pages()["zh"]
SNIPPETS = sorted((ROOT / "snippets").rglob("*.py"))


def rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def test_every_comment_on_a_chinese_page_is_chinese():
    """What the reader sees and copies: every Python block the harness
    extracts from a Chinese page, included snippets and inline code alike."""
    english = []
    for page in ZH_PAGES:
        for block in pages.extract(page):
            if block.lang == "python":
                english += [f"{rel(page)}:{block.line}: code line {line}: # {text}"
                            for line, text in comments.untranslated(block.code)]
    assert not english, (
        f"{len(english)} English comments on Chinese pages (add them to "
        "snippets/<topic>/comments.zh.toml, or translate them on the page):\n"
        + "\n".join(english))


def shown_comment_keys() -> dict[str, list[str]]:
    """Key -> where: the comment blocks of the Python fences of the Chinese
    pages, as the includes alone leave them (before any translation)."""
    found: dict[str, list[str]] = {}
    for page in ZH_PAGES:
        opts = pages.markdown_options(page)["pymdownx.snippets"]
        md = markdown.Markdown(extensions=["pymdownx.snippets"],
                               extension_configs={"pymdownx.snippets": opts})
        lines = md.preprocessors["snippet"].run(page.read_text(encoding="utf-8").splitlines())
        for fence in pages.scan_fences(lines):
            if fence.lang in comments.PYTHON:
                body = [line.strip() and line for line in lines[fence.start + 1:fence.end]]
                indent = min((len(s) - len(s.lstrip()) for s in body if s), default=0)
                for block in comments.comment_blocks([s[indent:] for s in body]):
                    found.setdefault(block.key, []).append(rel(page))
    return found


SECTION = re.compile(r"^\s*#\s*-{1,}8<-{1,}\s*\[(?P<edge>start|end):(?P<name>[^\]]+)\]\s*$")


def included_lines() -> dict[Path, set[int]]:
    """Snippet file -> the indexes of its lines that some Chinese page includes
    (a named section, or the whole file)."""
    out: dict[Path, set[int]] = {}
    for target in {t for page in ZH_PAGES for t in pages.include_targets(page)}:
        path, _, name = target.partition(":")
        lines = (ROOT / path).read_text(encoding="utf-8").split("\n")
        inside = not name
        for i, line in enumerate(lines):
            m = SECTION.match(line)
            if m and m["name"] == name:
                inside = m["edge"] == "start"
            elif inside:
                out.setdefault(ROOT / path, set()).add(i)
    return out


def test_every_catalogue_entry_is_a_snippet_comment_that_a_page_shows(measured):
    """No dead entries: each entry's English is a comment of a snippet, and
    a Chinese page shows it, unless every place it stands is a part of a
    snippet file that no page includes (translated all the same, for the
    reader who opens the file's section once a page shows it)."""
    table = comments.catalogue("zh")
    # Each topic folder whose snippets have comments has its catalogue.
    topics = {path.parent for path in SNIPPETS
              if any(b.translatable for b in comments.comment_blocks(
                  path.read_text(encoding="utf-8").split("\n")))}
    missing = sorted(rel(t) for t in topics if not (t / "comments.zh.toml").is_file())
    assert not missing, f"no comments.zh.toml in {missing}"

    where: dict[str, list[tuple[Path, int]]] = {}
    for path in SNIPPETS:
        for b in comments.comment_blocks(path.read_text(encoding="utf-8").split("\n")):
            where.setdefault(b.key, []).append((path, b.first))
    shown, included = shown_comment_keys(), included_lines()
    problems = [f"{e.file}: entry {e.index}: no snippet has the comment {e.en!r}"
                for e in table.values() if e.en not in where]
    problems += [f"{e.file}: entry {e.index}: no Chinese in {e.lines!r}"
                 for e in table.values() if not comments.has_cjk("".join(e.lines))]
    unshown = [e for e in table.values() if e.en in where and e.en not in shown]
    problems += [f"{e.file}: entry {e.index}: {rel(path)}:{i + 1} is on a page, "
                 f"but its comment is not translated there: {e.en!r}"
                 for e in unshown for path, i in where[e.en] if i in included.get(path, ())]
    assert not problems, "\n".join(problems)
    measured(f"comment catalogues: {len(table)} entries, {len(unshown)} of them for "
             "comments in parts of snippets that no page includes")


def test_every_snippet_comment_has_chinese_the_same_code_within_80_columns():
    """Each snippet file, as a Chinese page would show all of it: no English
    comment left (parts that no page includes yet too), the same code, and
    every line the translation changed within 80 columns (CJK counts 2)."""
    problems = []
    for path in SNIPPETS:
        source = path.read_text(encoding="utf-8")
        zh = comments.translate(source, "zh")
        problems += [f"{rel(path)}:{line}: # {text}" for line, text in comments.untranslated(zh)]
        if pages.without_comments(zh) != pages.without_comments(source):
            problems.append(f"{rel(path)}: the translation changed the code")
        old = set(source.split("\n"))
        problems += [f"{rel(path)}:{n}: {comments.width(line)} columns: {line.strip()}"
                     for n, line in enumerate(zh.split("\n"), 1)
                     if line not in old and comments.width(line) > 80]
    assert not problems, "\n".join(problems)


# --- the mechanism ---------------------------------------------------------------

CODE = '''\
# --8<-- [start:demo]
# Download the data
# the first time.
x = 1  # a note
#
# Download the data the first time.
def f():
    # indented: same key
    return "# not a comment"  # noqa: E501
'''


def test_comment_blocks_directives_and_trailing_comments():
    blocks = comments.comment_blocks(CODE.split("\n"))
    assert [(b.first, b.key, b.trailing, b.translatable) for b in blocks] == [
        (0, "--8<-- [start:demo]", False, False),
        (1, "Download the data the first time.", False, True),
        (3, "a note", True, True),
        (4, "", False, False),
        (5, "Download the data the first time.", False, True),
        (7, "indented: same key", False, True),
        (8, "noqa: E501", True, False),
    ]
    table = {
        "Download the data the first time.": comments.Entry(
            "Download the data the first time.", ("第一次运行时", "下载数据。"), Path("t"), 1),
        "a note": comments.Entry("a note", ("注释",), Path("t"), 2),
        "indented: same key": comments.Entry("indented: same key", ("缩进",), Path("t"), 3),
    }
    out = [text for _, text in comments.translated(CODE.split("\n"), table)]
    assert out[:8] == ["# --8<-- [start:demo]", "# 第一次运行时", "# 下载数据。",
                       "x = 1  # 注释", "#", "# 第一次运行时", "# 下载数据。", "def f():"]
    assert out[8:10] == ["    # 缩进", '    return "# not a comment"  # noqa: E501']


def test_a_fence_in_a_container_keeps_its_indentation(monkeypatch, tmp_path):
    (tmp_path / "topic").mkdir()
    (tmp_path / "topic" / "comments.zh.toml").write_text(
        '[[comment]]\nen = "a note"\nzh = "注释"\n', encoding="utf-8")
    monkeypatch.setattr(comments, "SNIPPETS", tmp_path)
    page = ['!!! tip "x"', "", "    ```py title=\"a.py\"", "    x = 1  # a note",
            "", "    for i in (", "    # a note", "    ```", "", "```text", "# a note", "```"]
    out = comments.translate_markdown(page, "zh")
    # A partial block (an open bracket) falls back to full-line comments;
    # a text fence is not code.
    assert out == page[:3] + ["    x = 1  # 注释", "", "    for i in (", "    # 注释"] + page[7:]


def test_two_translations_of_one_comment_name_both_files(tmp_path):
    for name, zh in (("a", "一"), ("b", "二")):
        (tmp_path / f"{name}.toml").write_text(f'[[comment]]\nen = "one"\nzh = "{zh}"\n',
                                               encoding="utf-8")
    stamp = tuple((str(tmp_path / f"{n}.toml"), 0, 0) for n in "ab")
    with pytest.raises(comments.CatalogueError, match=r"a\.toml.*b\.toml"):
        comments._load("zh", stamp)


# --- the built site ---------------------------------------------------------------

COMMENT_SPAN = re.compile(r'<span class="c1?">(.*?)</span>', re.S)


def test_the_built_sites_show_comments_in_their_language(built_site):
    """Every comment the Chinese site's pages and notebook pages show is
    Chinese (or a directive); the English site, which inherits the extension
    from mkdocs.yml, shows no Chinese comment."""
    found = {"zh": 0, "en": 0}
    wrong = []
    for file in sorted(built_site.rglob("*.html")):
        lang = "en" if file.relative_to(built_site).parts[0] == "en" else "zh"
        for span in COMMENT_SPAN.findall(file.read_text(encoding="utf-8")):
            text = html.unescape(re.sub(r"<[^>]+>", "", span)).lstrip("#").strip()
            found[lang] += 1
            # (one line at a time: a Chinese comment's line may hold only a
            # formula, or a rule of dashes)
            if lang == "zh" and re.search("[A-Za-z]", text) and not (
                    comments.has_cjk(text) or comments.is_directive(text)):
                wrong.append(f"{file.relative_to(built_site)}: # {text}")
            if lang == "en" and comments.has_cjk(text):
                wrong.append(f"{file.relative_to(built_site)}: # {text}")
    assert found["zh"] > 500 and found["en"] > 500, found
    assert not wrong, f"{len(wrong)} comments in the other language:\n" + "\n".join(wrong)
