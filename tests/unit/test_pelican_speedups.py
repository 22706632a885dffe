"""Pelican's path, slug and static-link helpers, made cheaper: every answer is the one Pelican gives."""

from __future__ import annotations

import copy
import os

import pytest
from pelican import contents, urlwrappers
from pelican.contents import Article, Content
from pelican.settings import DEFAULT_CONFIG
from pelican.urlwrappers import Tag

from plugins import pelican_speedups
from plugins.pelican_speedups import ORIGINALS

pelican_speedups.install()


def article(source_path: str, content_path: str) -> Article:
    settings = copy.deepcopy(DEFAULT_CONFIG)
    settings["PATH"] = content_path
    return Article("<p>x</p>", metadata={"title": "x"}, settings=settings, source_path=source_path)


@pytest.fixture
def folders(tmp_path, monkeypatch):
    for name in ("site/content/articles", "elsewhere/deeper"):
        (tmp_path / name).mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "site")
    return tmp_path


def pelican_answers(content: Content, asked: list[str | None]) -> list:
    original, directory = ORIGINALS["get_relative_source_path"], ORIGINALS["relative_dir"]
    return [original(content, path) for path in asked] + [directory.fget(content)]


def memo_answers(content: Content, asked: list[str | None]) -> list:
    return [content.get_relative_source_path(path) for path in asked] + [content.relative_dir]


def test_memoized_paths_are_pelicans_whatever_the_working_folder(folders):
    source = str(folders / "site/content/articles/a.md")
    asked = [None, "articles/b.md", "../outside.md", str(folders / "elsewhere/c.md")]
    # A relative content folder: answers depend on the working folder, and must follow it.
    relative = article(source, "content")
    absolute = article(source, str(folders / "site/content"))
    for working in (folders / "site", folders / "elsewhere/deeper", folders / "site"):
        os.chdir(working)
        for content in (relative, absolute):
            assert memo_answers(content, asked) == pelican_answers(content, asked)
    os.chdir(folders / "site")
    assert relative.get_relative_source_path() == "articles/a.md"
    assert relative.relative_dir == "articles"
    os.chdir(folders / "elsewhere/deeper")
    assert relative.get_relative_source_path() != "articles/a.md"  # the content folder moved


def test_a_content_whose_source_moves_is_answered_for_its_new_path(folders):
    content = article(str(folders / "site/content/articles/a.md"), "content")
    assert content.get_relative_source_path() == "articles/a.md"
    assert content.relative_dir == "articles"
    content.source_path = str(folders / "site/content/b.md")
    assert content.get_relative_source_path() == "b.md"
    assert content.relative_dir == ""


@pytest.mark.parametrize("module", [contents, urlwrappers])
def test_memoized_slugs_are_pelicans(module):
    names = ["Réseaux sociaux", "C++ & C#", "<b>Gras</b> titre", "Été 2012", "  x  ", "Ça"]
    subs = [(r"[^\w\s-]", ""), (r"(?u)\A\s*", ""), (r"(?u)\s*\Z", ""), (r"[-\s]+", "-")]
    for name in names:
        for kwargs in ({}, {"regex_subs": subs}, {"regex_subs": subs, "preserve_case": True}):
            assert module.slugify(name, **kwargs) == ORIGINALS["slugify"](name, **kwargs)
    # The substitutions are part of the key: other substitutions, another slug.
    assert module.slugify("a b", regex_subs=[(" ", "_")]) == "a_b"
    assert module.slugify("a b", regex_subs=[(" ", "+")]) == "a+b"


def test_tag_slugs_and_urls_are_unchanged():
    settings = copy.deepcopy(DEFAULT_CONFIG)
    tag = Tag("Réseaux Sociaux", settings)
    assert tag.slug == ORIGINALS["slugify"](
        "Réseaux Sociaux", regex_subs=settings["SLUG_REGEX_SUBSTITUTIONS"]
    )
    assert tag.url == f"tag/{tag.slug}.html"


STATIC_BODIES = [
    "<p>No link at all, static as the text may be.</p>",
    '<p><a href="{filename}other.md">a page</a> and <img src="{static}/images/a.png"></p>',
    '<p><img src="{static}img/b.png"> <a href="{attach}files/c.pdf">c</a></p>',
    '<p><a href="{attach}files/c.pdf">c</a> <a href="|attach|/d.zip">d</a></p>',
    '<p><a href="|static|/old/syntax.png">old</a> <a href="|filename|x.md">x</a></p>',
    '<p><a href="{static}/spaced%20name.png">s</a> <a href="{filename}/x.md#attach">x</a></p>',
    '<p><a href="{index}">home</a> <a href="{tag}static">a tag named static</a></p>',
    "",
]


@pytest.mark.parametrize("body", STATIC_BODIES)
def test_static_links_are_pelicans(folders, body):
    content = article(str(folders / "site/content/articles/a.md"), "content")
    content._content = body
    assert content.get_static_links() == ORIGINALS["get_static_links"](content)


def test_a_body_without_a_static_kind_is_not_searched(folders, monkeypatch):
    content = article(str(folders / "site/content/articles/a.md"), "content")
    searched = []
    pattern = Content._get_intrasite_link_regex
    monkeypatch.setattr(
        Content, "_get_intrasite_link_regex", lambda self: searched.append(self) or pattern(self)
    )
    content._content = '<p><a href="{filename}b.md">b</a>, a plain site.</p>'
    assert content.get_static_links() == set()
    assert searched == [], "no static kind named: Pelican's search is skipped"
    content._content = '<p><a href="{filename}b.md">b</a>, a static site.</p>'
    assert content.get_static_links() == set()
    assert searched == [content], "the word is there: Pelican searches"


def test_static_links_found_are_the_ones_pelican_finds(folders):
    content = article(str(folders / "site/content/articles/a.md"), "content")
    content._content = '<img src="{static}img/b.png"><a href="{attach}/files/c.pdf">c</a>'
    assert content.get_static_links() == {"articles/img/b.png", "files/c.pdf"}
    content._content = '<a href="{attach}files/c.pdf">c</a>'
    assert content.get_static_links() == {"articles/files/c.pdf"}
