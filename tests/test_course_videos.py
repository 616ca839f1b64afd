"""Each chapter links the course episodes it follows, and the home page's
table of the 33 episodes (with its sources) says the same, in both languages.

The table (docs/<lang>/index.md, "course-videos") is the one mapping: a row
per episode, ``| [Pn](url) | title | course code | chapter link or — |``. A
chapter's second quote line under its title ("课程视频：" / "Course videos:")
links exactly the episodes the table gives it, each as
https://www.bilibili.com/video/BV1hE411t7RN?p=N; a chapter the table gives
none says so in that line, without links.
"""

from __future__ import annotations

import re

import pytest

from ptdocs import pages

URL = "https://www.bilibili.com/video/BV1hE411t7RN?p={}"
EPISODE_LINK = re.compile(r"\[P(\d+)\]\((https://www\.bilibili\.com/video/[^)]*)\)")
ANY_BILIBILI = re.compile(r"https?://[^)\s]*bilibili\.com/video/[^)\s]*")
ROW = re.compile(r"^\s*\| \[P(\d+)\]\(([^)]*)\) \|.*\| "
                 r"(?:\[[^\]]*\]\(([\w-]+)\.md\)|—[^|]*) \|\s*$")
VIDEO_LINE = {"zh": "> 课程视频：", "en": "> Course videos"}
EPISODES = 33

CHAPTERS = sorted(p.stem for p in pages.LANGUAGES["zh"].glob("*.md") if pages.is_chapter(p))


def table(lang: str) -> dict[int, str | None]:
    """{episode: chapter slug or None}, from the home page's table."""
    text = (pages.LANGUAGES[lang] / "index.md").read_text(encoding="utf-8")
    section = text[text.index("{#course-videos}"):]
    rows = {}
    for line in section.splitlines():
        m = ROW.match(line)
        if m:
            number = int(m[1])
            assert m[2] == URL.format(number), f"{lang} index.md: P{number} links {m[2]}"
            assert number not in rows, f"{lang} index.md: P{number} twice"
            rows[number] = m[3]
    return rows


def video_line(lang: str, slug: str) -> str:
    lines = (pages.LANGUAGES[lang] / f"{slug}.md").read_text(encoding="utf-8").splitlines()
    found = [line for line in lines[:12] if line.startswith(VIDEO_LINE[lang])]
    assert len(found) == 1, f"docs/{lang}/{slug}.md: no '{VIDEO_LINE[lang]}' line under the title"
    return found[0]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_table_lists_every_episode_once_with_its_source(lang):
    rows = table(lang)
    assert sorted(rows) == list(range(1, EPISODES + 1)), sorted(rows)
    assert set(rows.values()) - {None} <= set(CHAPTERS), set(rows.values()) - set(CHAPTERS)
    text = (pages.LANGUAGES[lang] / "index.md").read_text(encoding="utf-8")
    assert "https://github.com/xiaotudui/pytorch-tutorial" in text      # the code's source
    assert "BV1hE411t7RN" in text.split("{#course-videos}")[1][:600]


def test_both_languages_map_the_same_episodes():
    assert table("zh") == table("en")


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("slug", CHAPTERS)
def test_each_chapter_links_the_episodes_the_table_gives_it(lang, slug):
    line = video_line(lang, slug)
    linked = [(int(n), url) for n, url in EPISODE_LINK.findall(line)]
    for n, url in linked:
        assert url == URL.format(n), f"docs/{lang}/{slug}.md: P{n} links {url}"
    assert len(ANY_BILIBILI.findall(line)) == len(linked), line
    want = sorted(n for n, chapter in table(lang).items() if chapter == slug)
    assert sorted(n for n, _ in linked) == want, (
        f"docs/{lang}/{slug}.md links {sorted(n for n, _ in linked)}, the table says {want}")


def test_most_chapters_follow_an_episode():
    """(The table is not empty of chapters: 17 of the 22 follow the course.)"""
    assert len(set(table("zh").values()) - {None}) >= 17
