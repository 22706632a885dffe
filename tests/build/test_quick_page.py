"""The edited page at once (`invoke serve`): made by the process that ran the last build.

After a body edit, the page `WarmBuilds.render` gives must be the page the rebuild then
writes (when nothing else on it moved); after any other change, there is no such page,
and the rebuild alone shows it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

import tasks
from plugins.content_checks.quick_page import same_metadata
from plugins.content_checks.warm import WarmBuilds
from tests.conftest import ROOT, SAMPLE_CONTENT

ARTICLE = "articles/fr/social-business-contre-mecanisation-des-esprits.md"
PAGE = "kb/fr/glossaire/taylorisme.md"


class Preview:
    """A copy of the sample site, built by one warm build process as `invoke serve` does."""

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.content = tmp / "content"
        shutil.copytree(SAMPLE_CONTENT, self.content)
        self.output = tmp / "output"
        self.warm = WarmBuilds()

    def build(self) -> tasks.BuildOutcome:
        return tasks.build_safely(
            ROOT / "pelicanconf.py",
            self.output,
            content=self.content,
            cache_dir=self.tmp / "cache",
            capture=True,
            echo=lambda line: None,
            warm=self.warm,
        )

    def edit(self, name: str, old: str | None, new: str) -> Path:
        path = self.content / name
        text = path.read_text("utf-8")
        if old is None:
            text += new
        else:
            assert old in text
            text = text.replace(old, new, 1)
        path.write_text(text, "utf-8")
        return path

    def render(self, *paths: Path) -> dict[str, str]:
        return self.warm.render([str(path) for path in paths])


@pytest.fixture
def preview(tmp_path):
    made = Preview(tmp_path)
    assert made.build().code == 0
    yield made
    made.warm.close()


def _text(html: str) -> str:
    return BeautifulSoup(html, "html.parser").get_text(" ", strip=True)


def test_a_body_edit_gives_the_page_the_rebuild_writes(preview):
    # A new paragraph, with a wikilink to a page and a link to another article.
    path = preview.edit(
        ARTICLE,
        None,
        "\n\nUn paragraphe ajouté : voir [[taylorisme|le glossaire]] et "
        "[cet article]({filename}social-business-utile-ou-rentable.md).\n",
    )
    pages = preview.render(path)
    name = "fr/2012/social-business-contre-mecanisation-des-esprits/index.html"
    assert list(pages) == [name]
    soup = BeautifulSoup(pages[name], "html.parser")
    assert "Un paragraphe ajouté" in _text(pages[name])
    link = soup.find("a", string="le glossaire")
    assert link is not None and link["href"].endswith("glossaire/taylorisme/index.html"), link
    # The old page is still there until the rebuild: the quick one was written nowhere.
    assert "Un paragraphe ajouté" not in (preview.output / name).read_text("utf-8")
    assert preview.build().code == 0
    assert (preview.output / name).read_text("utf-8") == pages[name]


def test_a_knowledge_base_page_too(preview):
    path = preview.edit(PAGE, None, "\n\n## Une section ajoutée\n\nEt son texte.\n")
    pages = preview.render(path)
    assert len(pages) == 1
    ((name, html),) = pages.items()
    assert "Une section ajoutée" in _text(html)
    assert preview.build().code == 0
    assert (preview.output / name).read_text("utf-8") == html


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("Title: Le social business", "Title: Le business social"),
        ("Tags: taylorisme, Social Networks", "Tags: Taylorisme, Social Networks"),  # spelling
        ("Date: 2012-06-20 07:30", "Date: 2012-06-21 07:30"),
    ],
)
def test_a_metadata_edit_is_left_to_the_rebuild(preview, old, new):
    path = preview.edit(ARTICLE, old, new)
    assert preview.render(path) == {}


def test_no_page_for_a_new_file_nor_after_a_failed_build(preview):
    new = preview.content / "articles/fr/tout-nouveau.md"
    new.write_text("Title: Tout nouveau\nDate: 2013-01-01\n\nUn texte.\n", "utf-8")
    assert preview.render(new) == {}
    # A failed build leaves no process holding a build: the next edit waits for a rebuild.
    bad = preview.edit(ARTICLE, "Date: 2012-06-20 07:30", "Date: pas une date")
    assert preview.build().code != 0
    path = preview.edit(PAGE, None, "\n\nUne phrase de plus.\n")
    assert preview.render(path, bad) == {}


def test_without_a_warm_process_nothing_is_rendered(tmp_path):
    assert WarmBuilds().render([str(tmp_path / "x.md")]) == {}


def test_metadata_compares_tags_by_their_spelling():
    from pelican.urlwrappers import Tag

    settings = {"SLUG_REGEX_SUBSTITUTIONS": []}
    one = {"title": "A", "tags": [Tag("Réseaux", settings)]}
    assert same_metadata(one, {"title": "A", "tags": [Tag("Réseaux", settings)]})
    assert Tag("Réseaux", settings) == Tag("Reseaux", settings)  # Pelican: by slug
    assert not same_metadata(one, {"title": "A", "tags": [Tag("Reseaux", settings)]})
    assert not same_metadata(one, {"title": "A", "tags": []})
    assert not same_metadata(one, {"title": "A"})
    assert not same_metadata({"n": 1}, {"n": 1.0})


def test_a_held_build_that_died_gives_no_page_and_the_next_build_runs(preview):
    import os
    import signal

    parent = preview.warm.pid
    children = Path(f"/proc/{parent}/task/{parent}/children").read_text().split()
    held = [int(pid) for pid in children if Path(f"/proc/{pid}/cmdline").exists()]
    assert len(held) == 1, children  # the child that ran the last build, holding it
    socket_folder = Path(preview.warm.holder).parent
    os.kill(held[0], signal.SIGKILL)
    path = preview.edit(ARTICLE, None, "\n\nEncore un paragraphe.\n")
    assert preview.render(path) == {}
    assert preview.build().code == 0
    assert not socket_folder.exists()  # its socket's folder went with it
    name = "fr/2012/social-business-contre-mecanisation-des-esprits/index.html"
    assert "Encore un paragraphe" in (preview.output / name).read_text("utf-8")
    assert list(preview.render(preview.edit(ARTICLE, None, "\n\nEt un autre.\n"))) == [name]


def test_a_request_that_is_not_one_leaves_the_held_build_answering(preview):
    import socket

    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
        connection.connect(preview.warm.holder)
        connection.sendall(b"not json\n")
        assert connection.recv(100) == b""  # closed without an answer
    path = preview.edit(PAGE, None, "\n\nUne phrase de plus.\n")
    assert len(preview.render(path)) == 1
