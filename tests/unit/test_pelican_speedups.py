"""Pelican's path, slug and static-link helpers, made cheaper: every answer is the one Pelican gives."""

from __future__ import annotations

import copy
import datetime
import os
import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
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
    content = folders / "site/content"
    asked = [None, "articles/b.md", "../outside.md", str(folders / "elsewhere/c.md")]
    # Absolute paths that look inside the content folder but are not, or not normalised.
    asked += [f"{content}x/d.md", f"{content}/./e.md", f"{content}//f.md", f"{content}/g/../h.md"]
    asked += [f"{content}/", str(content), f"{content}/articles/i.md"]
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


def _url_settings(**patterns) -> dict:
    settings = copy.deepcopy(DEFAULT_CONFIG)
    settings.update(PATH="/site/content", DEFAULT_LANG="fr", **patterns)
    return settings


URL_PATTERNS = {
    "ARTICLE_URL": "{lang}/{date:%Y}/{slug}/",
    "ARTICLE_SAVE_AS": "{lang}/{date:%Y/%m/%d}/{slug}/index.html",
    "ARTICLE_LANG_URL": "{lang}/{category}/{author}/{slug}.html",
    "ARTICLE_LANG_SAVE_AS": "{path}/{title}-{cluster}.html",
    "DRAFT_URL": "drafts/{slug}-{date.year}.html",
    "DRAFT_SAVE_AS": "drafts/{slug}.html",
    "PAGE_URL": "{lang}/pages/{slug}/",
    "PAGE_SAVE_AS": "{path}",
    "PAGE_LANG_SAVE_AS": "{lang}/{unknown}.html",
}


def _contents(settings) -> list[Content]:
    from pelican.contents import Page
    from pelican.urlwrappers import Author, Category
    from pelican.utils import SafeDatetime

    def make(kind, **metadata):
        metadata = {"title": "Un titre", "slug": "un-titre", **metadata}
        source = "/site/content/articles/fr/un-titre.md"
        return kind("<p>x</p>", metadata=metadata, settings=settings, source_path=source)

    date = SafeDatetime(2021, 3, 4, 10, 5)
    return [
        make(Article, date=date, lang="fr", cluster="c1"),
        make(
            Article,
            date=date,
            lang="en",
            cluster="c1",  # not the default language
            category=Category("Vie d'équipe", settings),
            author=Author("Anne", settings),
        ),  # fmt: skip
        make(Article, date=date, lang="en", cluster="c1", path="ailleurs/x.md"),
        make(Article, date=date, status="draft"),
        make(Page, lang="fr"),
        make(Page, lang="en"),  # {unknown}: a KeyError, as Pelican's
    ]


def test_urls_and_file_names_are_pelicans():
    """Every kind and language, every field a pattern can name, and a name none has."""
    settings = _url_settings(**URL_PATTERNS)
    compared = refused = 0
    for content in _contents(settings):
        for key in ("url", "save_as"):
            try:
                pelicans = _pelicans(content, key)
            except KeyError as error:
                with pytest.raises(KeyError, match=str(error)):
                    getattr(content, key)
                refused += 1
                continue
            assert getattr(content, key) == pelicans
            compared += 1
    assert (compared, refused) == (11, 1)


def _pelicans(content: Content, key: str) -> str:
    """What Pelican's own `_expand_settings` makes of the content's URL setting."""
    saved = Content._expand_settings
    Content._expand_settings = ORIGINALS["_expand_settings"]
    try:
        return getattr(content, key)
    finally:
        Content._expand_settings = saved


_PIECES = st.one_of(
    st.sampled_from([f"%{flag}{c}" for flag in ("", "-") for c in string.ascii_letters + "%"]),
    st.text(alphabet="ab -/:,.éà年0%", max_size=4),
)


@settings(max_examples=400, deadline=None)
@given(
    pieces=st.lists(_PIECES, max_size=6),
    moment=st.datetimes(min_value=datetime.datetime(1900, 1, 1)),
    kind=st.sampled_from(["safe", "date", "aware"]),
)
def test_dates_are_formatted_as_pelican_formats_them(pieces, moment, kind):
    from pelican import utils
    from pelican.utils import SafeDatetime

    date_format = "".join(pieces)
    if kind == "safe":
        date = SafeDatetime.combine(moment.date(), moment.time())
    elif kind == "aware":
        date = SafeDatetime.combine(moment.date(), moment.time(), datetime.UTC)
    else:
        date = moment.date()
    outcomes = []
    for strftime in (ORIGINALS["strftime"], utils.strftime):
        try:
            outcomes.append(strftime(date, date_format))
        except Exception as error:  # noqa: BLE001
            outcomes.append(type(error))
    assert outcomes[0] == outcomes[1], date_format
    assert utils.strftime is not ORIGINALS["strftime"]
    if date_format and not any(isinstance(o, type) for o in outcomes) and kind != "date":
        assert f"{{0:{date_format}}}".format(date) == outcomes[0]  # a URL's {date:...}


def test_a_native_format_is_one_pelican_would_format_the_same():
    from plugins.pelican_speedups import native_format

    assert native_format("%a %d %B %Y") and native_format("%Y") and native_format("%%Y à %H h")
    assert not native_format("%-d %B %Y")  # zeros stripped: Pelican's own
    assert not native_format("%e")  # not a directive Pelican formats: left as text
    assert not native_format("100%")


@pytest.mark.parametrize("step", ["generate_tags", "generate_categories", "generate_authors"])
def test_a_step_with_no_file_to_write_is_skipped_and_one_with_files_is_pelicans(step):
    from types import SimpleNamespace

    from pelican.generators import ArticlesGenerator
    from pelican.urlwrappers import Author, Category

    from plugins.pelican_speedups import UNWRITTEN

    ran = []

    def pelicans(generator, write):
        ran.append(generator)
        write("x.html")

    generate = pelican_speedups.skip_unwritten(pelicans, UNWRITTEN[step])
    assert getattr(ArticlesGenerator, step).__wrapped__ is ORIGINALS[step]
    for save_as, expected in (("", []), ("{slug}.html", ["x.html"])):
        settings = copy.deepcopy(DEFAULT_CONFIG)
        settings.update(TAG_SAVE_AS=save_as, CATEGORY_SAVE_AS=save_as, AUTHOR_SAVE_AS=save_as)
        article = object()
        generator = SimpleNamespace(
            tags={Tag("intranet", settings): [article], Tag("wiki", settings): [article]},
            categories=[(Category("Outils", settings), [article])],
            authors=[(Author("Anne", settings), [article])],
        )
        written, ran[:] = [], []
        generate(generator, written.append)
        assert written == expected
        assert ran == ([generator] if expected else [])


def _generator(content, ignores, kind=None):
    """A generator as `get_files` reads it: its content folder, settings and readers."""
    from types import SimpleNamespace

    from pelican.generators import Generator

    generator = object.__new__(kind or Generator)
    generator.path = str(content)
    generator.settings = {**DEFAULT_CONFIG, "IGNORE_FILES": ignores}
    generator.readers = SimpleNamespace(extensions={"md": None, "markdown": None, "html": None})
    return generator


@pytest.mark.parametrize("ignores", [[".#*"], [".#*", "*~", "_draft*", "[!a-z]*.txt"], []])
def test_files_found_are_pelicans_in_the_same_order(tmp_path, ignores):
    content = tmp_path / "content"
    for name in (
        "articles/fr/a.md", "articles/fr/b.markdown", "articles/fr/.#a.md", "articles/fr/c.md~",
        "articles/fr/README", "articles/en/d.md", "articles/en/_drafts/e.md",
        "articles/en/_draft-f.md", "articles/old/g.md", "articles/0.txt", "articles/z.txt",
        "kb/page.html", "kb/nested/deeper/h.md", "images/logo.png", "top.md",
    ):  # fmt: skip
        (content / name).parent.mkdir(parents=True, exist_ok=True)
        (content / name).write_text("x", encoding="utf-8")
    generator = _generator(content, ignores)
    pelicans = ORIGINALS["get_files"]
    asked = [
        (["articles"], None, None),
        (["articles", "kb"], ["old", "fr"], None),
        ("articles", ["articles/old"], None),
        ([""], None, False),
        (["articles", "images", "missing", "top.md", "kb/page.html"], None, ("md", "png")),
        (["articles"], None, ["txt", ""]),
        (["articles"], None, {}.keys()),
        (["articles"], None, []),
    ]
    for paths, exclude, extensions in asked:
        ours = generator.get_files(paths, exclude=exclude, extensions=extensions)
        theirs = pelicans(generator, paths, exclude=exclude, extensions=extensions)
        assert ours == theirs and list(ours) == list(theirs), (paths, exclude, extensions)
    assert generator.get_files(["articles"], extensions=[]) == set()
    assert "articles/fr/a.md" in generator.get_files(["articles"])


def test_files_found_leave_a_generator_s_own_inclusion_rule_to_pelican(tmp_path):
    from pelican.generators import Generator

    class OnlyA(Generator):
        def _include_path(self, path, extensions=None):
            return os.path.basename(path).startswith("a")

    (tmp_path / "a.md").write_text("x", encoding="utf-8")
    (tmp_path / "b.md").write_text("x", encoding="utf-8")
    generator = _generator(tmp_path, [".#*"], kind=OnlyA)
    found = ORIGINALS["get_files"](generator, [""])
    assert found == {os.path.join(".", "a.md")}
    assert generator.get_files([""]) == found
    assert generator.get_files([""], extensions=[]) == found  # its rule, not ours


EMPTY_ALT_BODIES = [
    "<p>No image at all.</p>",
    '<p><img src="a.png" alt=""></p>',
    '<p><img alt="" src="b.png"> and <img src="c.png" alt="C"></p>',
    '<p><IMG src="d.png" alt=""> (upper case: not what Pelican looks for)</p>',
    "",
]


@pytest.mark.parametrize("body", EMPTY_ALT_BODIES)
def test_images_with_an_empty_alt_are_the_ones_pelican_warns_about(body, caplog):
    from pelican import readers
    from pelican.log import LimitFilter

    def warned(find) -> list[str]:
        caplog.clear()
        LimitFilter._raised_messages.clear()  # Pelican says a message once per process
        LimitFilter._group_count.clear()
        with caplog.at_level("WARNING", logger="pelican.readers"):
            find(body, f"/content/{len(body)}.md")
        return [r.getMessage() for r in caplog.records]

    assert readers.find_empty_alt is not ORIGINALS["find_empty_alt"]
    assert warned(readers.find_empty_alt) == warned(ORIGINALS["find_empty_alt"])


def test_the_content_cache_answers_as_pelicans_without_a_stat_for_files_it_lacks(
    tmp_path, monkeypatch
):
    from pelican.cache import FileStampDataCacher

    settings = {**DEFAULT_CONFIG, "CACHE_PATH": str(tmp_path / "cache"), "GZIP_CACHE": False}
    cacher = FileStampDataCacher(settings, "Readers", True, False)
    kept, changed = tmp_path / "kept.md", tmp_path / "changed.md"
    for path in (kept, changed):
        path.write_text("Title: x\n", "utf-8")
        cacher.cache_data(str(path), ("<p>x</p>", {"title": "x"}))
    os.utime(changed, ns=(0, 0))
    original = ORIGINALS["get_cached_data"]
    for path in (kept, changed, tmp_path / "absent.md"):
        assert cacher.get_cached_data(str(path), "none") == original(cacher, str(path), "none")
    stamped = []
    monkeypatch.setattr(cacher, "_get_file_stamp", lambda name: stamped.append(name))
    assert cacher.get_cached_data(str(tmp_path / "new.md"), "none") == "none"
    assert stamped == [], "no entry: no status asked"
