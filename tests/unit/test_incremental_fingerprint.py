"""Page fingerprints (plugins/incremental_pages/fingerprint.py), without a build."""

from __future__ import annotations

import datetime
import os
from dataclasses import dataclass, field

import pytest
from jinja2 import DictLoader, Environment
from markupsafe import Markup
from pelican.contents import Article, Static
from pelican.settings import DEFAULT_CONFIG

from plugins.incremental_pages.fingerprint import (
    Fingerprinter,
    ResolvedBodies,
    _text,
    settings_digest,
    template_reads,
)


def article(title="Un titre", body="<p>Le corps.</p>", summary="Résumé.") -> Article:
    settings = dict(DEFAULT_CONFIG)
    metadata = {"title": title, "date": datetime.datetime(2024, 5, 1)}
    if summary is not None:
        metadata["summary"] = summary
    return Article(body, metadata=metadata, settings=settings, context={})


@dataclass(frozen=True)
class Node:
    title: str
    x: float
    seconds: float = field(default=0.0, compare=False)


class Opaque:
    __slots__ = ()


def test_equal_values_give_equal_bytes_and_different_values_different_bytes():
    fp = Fingerprinter()
    assert fp.value({"a": [1, "x", None]}) == Fingerprinter().value({"a": [1, "x", None]})
    assert fp.value([1, "2"]) != fp.value(["1", 2]), "types are part of the value"
    assert fp.value(["ab", "c"]) != fp.value(["a", "bc"]), "strings are delimited"
    assert fp.value({"b", "a"}) == fp.value({"a", "b"})
    # Plain values are written by marshal: each type and each float bit counts.
    plain = [1, True, 1.0, "1", None, 0.0, -0.0, 0.1 + 0.2, 0.3, "é", "e\u0301", ("1",), ["1"]]
    assert len({fp.value(v) for v in plain}) == len(plain)
    assert fp.value(Markup("<b>x</b>")) != fp.value("<b>x</b>"), "a str subclass is its own"
    shared = "partagé" * 3
    assert fp.value((shared, shared)) == fp.value(("partagé" * 3, "".join(["partagé"] * 3)))


def test_dataclass_fields_out_of_equality_are_not_inputs():
    fp = Fingerprinter()
    assert fp.value(Node("n", 1.0, seconds=0.1)) == Fingerprinter().value(Node("n", 1.0, 9.0))
    assert fp.value(Node("n", 1.0)) != fp.value(Node("n", 2.0))


def test_a_default_repr_address_never_enters_the_digest():
    assert Fingerprinter().value(Opaque()) == Fingerprinter().value(Opaque())


def test_a_listed_article_is_its_header_and_its_own_page_takes_it_whole():
    first, edited = article(), article(body="<p>Le corps, relu.</p>")
    assert Fingerprinter().header(first) == Fingerprinter().header(edited), (
        "the body is not shown where the article is listed (its summary is in the metadata)"
    )
    assert Fingerprinter().whole(first) != Fingerprinter().whole(edited)
    assert Fingerprinter().header(first) != Fingerprinter().header(article(title="Autre"))
    related = article()
    related.related_posts = [article(title="Voisin")]
    assert Fingerprinter().header(related) == Fingerprinter().header(article())
    assert Fingerprinter().whole(related) != Fingerprinter().whole(article())


def test_without_a_summary_the_header_follows_the_body():
    plain = article(summary=None)
    edited = article(body="<p>Autre chose.</p>", summary=None)
    assert Fingerprinter().header(plain) != Fingerprinter().header(edited)


def test_page_digest_takes_content_objects_whole_and_the_rest_as_values():
    first, edited = article(), article(body="<p>Autre.</p>")
    assert Fingerprinter().page([("article", first)]) != Fingerprinter().page([("article", edited)])
    listing = [("articles", [first])]
    assert Fingerprinter().page(listing) == Fingerprinter().page([("articles", [edited])])


def test_a_memoized_list_that_grew_is_reduced_again():
    fp = Fingerprinter()
    items = list(range(40))
    before = fp.value(items)
    items.append(40)
    assert fp.value(items) != before


def test_settings_digest_ignores_where_the_build_writes():
    settings = {"SITENAME": "S", "OUTPUT_PATH": "/a", "_PRIVATE": object()}
    same = settings_digest({**settings, "OUTPUT_PATH": "/b"}, {"OUTPUT_PATH"})
    assert settings_digest(settings, {"OUTPUT_PATH"}) == same
    assert settings_digest({**settings, "SITENAME": "T"}, {"OUTPUT_PATH"}) != same


def test_template_reads_follow_includes_imports_and_hidden_reads():
    env = Environment(
        loader=DictLoader(
            {
                "base.html": "{{ SITENAME }}{% block body %}{% endblock %}",
                "article.html": (
                    '{% extends "base.html" %}{% from "macros.html" import card %}'
                    "{% block body %}{{ article.title }}{{ tag_links(article) }}{% endblock %}"
                ),
                "macros.html": "{% macro card(x) %}{{ x }}{{ related_count }}{% endmacro %}",
                "dynamic.html": "{% include name %}",
                "other.html": "{{ only_here }}",
            }
        )
    )
    env.globals["tag_links"] = lambda content: []  # as plugins install it
    reads = template_reads(env, {"tag_links": ("tag_pages",)})
    names = reads("article.html")
    assert {"SITENAME", "article", "tag_pages", "related_count"} <= names
    assert "only_here" not in names
    assert "only_here" in reads("dynamic.html"), "a template named at render time: all names"


def test_headers_do_not_depend_on_which_object_was_reduced_first():
    def pair():
        french, english = article(title="Bonjour"), article(title="Hello")
        french.translations, english.translations = [english], [french]
        return french, english

    french, english = pair()
    first = Fingerprinter()
    one = (first.header(french), first.header(english))
    french, english = pair()
    second = Fingerprinter()
    two = (second.header(english), second.header(french))
    assert one == two[::-1]


def test_a_header_shows_the_titles_of_the_objects_it_refers_to():
    french, english = article(title="Bonjour"), article(title="Hello")
    french.translations = [english]
    before = Fingerprinter().header(french)
    english.title = "Hi"
    assert Fingerprinter().header(french) != before


class Site:
    """Articles linking to each other with `{filename}`, in one site context (as read)."""

    def __init__(self) -> None:
        self.settings = dict(DEFAULT_CONFIG, PATH="/site/content")
        self.context = {"generated_content": {}, "static_content": {}, "localsiteurl": ".."}

    def add(self, name: str, body: str, slug: str | None = None) -> Article:
        metadata = {"title": name, "date": datetime.datetime(2024, 5, 1), "summary": "R."}
        if slug:
            metadata["slug"] = slug
        item = Article(
            body,
            metadata=metadata,
            settings=self.settings,
            source_path=f"/site/content/articles/{name}.md",
            context=self.context,
        )
        self.context["generated_content"][f"articles/{name}.md"] = item
        return item


def digests_of(item: Article, kept: dict) -> tuple[bytes, ResolvedBodies]:
    bodies = ResolvedBodies(kept)
    return bodies.digest(item, item.get_siteurl()), bodies


def resolved_here(item: Article) -> bool:
    memo = Article.get_content.cache
    return any(key[0] is item for key in memo)


def forget(item: Article) -> None:
    memo = Article.get_content.cache
    for key in [key for key in memo if key[0] is item]:
        del memo[key]


def test_a_body_is_not_resolved_again_while_it_and_the_urls_it_links_to_are_the_same():
    site = Site()
    site.add("cible", "<p>Cible.</p>")
    source = site.add("source", '<p><a href="{filename}cible.md">la cible</a></p>')
    first, bodies = digests_of(source, {})
    assert resolved_here(source), "resolved by Pelican, memoized for the page's template"
    kept = bodies.now
    assert kept, "a body resolved without a warning is kept for the next build"

    # Next build: new objects, same files.
    site = Site()
    site.add("cible", "<p>Cible.</p>")
    source = site.add("source", '<p><a href="{filename}cible.md">la cible</a></p>')
    again, bodies = digests_of(source, kept)
    assert again == first
    assert not resolved_here(source), "taken from the last build, not resolved"

    # The linked article's URL changes (a new slug): the body is resolved again.
    site = Site()
    site.add("cible", "<p>Cible.</p>", slug="nouvelle-cible")
    source = site.add("source", '<p><a href="{filename}cible.md">la cible</a></p>')
    moved, _ = digests_of(source, kept)
    assert moved != first
    assert "nouvelle-cible" in source.get_content("..")
    forget(source)

    # Its own body changes: resolved again.
    site = Site()
    site.add("cible", "<p>Cible.</p>")
    source = site.add("source", '<p><a href="{filename}cible.md">LA cible</a></p>')
    assert digests_of(source, kept)[0] != first


def test_a_link_that_found_nothing_is_looked_up_again_and_a_new_file_changes_the_body():
    site = Site()
    source = site.add("source", '<p><a href="{filename}absente.md">?</a></p>')
    first, bodies = digests_of(source, {})
    assert bodies.now == {}, "Pelican warned (no such file): it must warn again next time"
    forget(source)
    site = Site()
    site.add("absente", "<p>Là.</p>")
    source = site.add("source", '<p><a href="{filename}absente.md">?</a></p>')
    assert digests_of(source, {})[0] != first


def test_attach_links_are_resolved_every_time():
    site = Site()
    image = Static(
        "",
        settings=site.settings,
        source_path="/site/content/images/image.png",
        context=site.context,
    )
    site.context["static_content"]["images/image.png"] = image
    source = site.add("source", '<p><img src="{attach}../images/image.png"></p>')
    _, bodies = digests_of(source, {})
    assert image.url == "image.png", "Pelican moved the image beside the article"
    assert bodies.now == {}, "{attach} moves the file it links to: never skipped"


@pytest.mark.parametrize("link", ["{attach}../images/image.png", "|attach|../images/image.png"])
def test_a_body_that_only_says_attach_is_kept_one_with_an_attach_link_never(link):
    def digest_twice(body: str, link_regex: str | None = None) -> bool:
        """Whether the second build took the body from the first one's."""
        kept = {}
        for _ in range(2):
            site = Site()
            if link_regex:
                site.settings["INTRASITE_LINK_REGEX"] = link_regex
            site.add("cible", "<p>Cible.</p>")
            site.context["static_content"]["images/image.png"] = Static(
                "",
                settings=site.settings,
                source_path="/site/content/images/image.png",
                context=site.context,
            )
            source = site.add("source", body)
            _, bodies = digests_of(source, kept)
            taken = not resolved_here(source)
            forget(source)
            kept = bodies.now
        return taken

    words = '<p>The attached notes, an attachment: <a href="{filename}cible.md">x</a></p>'
    assert digest_twice(words)
    assert not digest_twice(f'<p>Attached: <img src="{link}"></p>')
    # Another link syntax: the word alone makes the body resolved every time.
    assert not digest_twice(words, link_regex=r"\[(?P<what>.*?)\]")


def test_a_body_is_looked_at_once_for_its_page_and_every_feed_until_it_is_replaced(monkeypatch):
    from plugins.incremental_pages import fingerprint

    looked = []
    monkeypatch.setattr(
        fingerprint, "_may_attach", lambda body, settings: looked.append(body) or False
    )
    site = Site()
    site.add("cible", "<p>Cible.</p>")
    source = site.add("source", '<p><a href="{filename}cible.md">la cible</a></p>')
    bodies = ResolvedBodies({})
    page = bodies.digest(source, source.get_siteurl())
    feeds = {bodies.digest(source, url) for url in ("http://example.org", "https://x.org")}
    assert len(looked) == 1, "one look for the page and both feeds"
    assert bodies.digest(source, source.get_siteurl()) == page and page not in feeds
    source._content = '<p><a href="{filename}cible.md">une autre cible</a></p>'  # rewritten
    assert bodies.digest(source, source.get_siteurl()) != page
    assert len(looked) == 2, "a new body is looked at again"


def test_the_writer_links_a_reused_page_or_renders_it_if_the_old_file_is_gone(tmp_path):
    from jinja2 import Template
    from pelican.settings import DEFAULT_CONFIG
    from pelican.writers import Writer

    from plugins.incremental_pages import Incremental

    previous, output = tmp_path / "previous", tmp_path / "output"
    (previous / "a").mkdir(parents=True)
    (previous / "a/index.html").write_text("<p>kept</p>", "utf-8")
    settings = {**DEFAULT_CONFIG, "OUTPUT_PATH": str(output), "CACHE_PATH": str(tmp_path)}
    incremental = Incremental(settings, previous)
    writer = Writer(str(output), settings)
    template = Template("<p>{{ text }}</p>")
    for name in ("a/index.html", "b/index.html"):  # b has no previous file: rendered
        incremental.to_link[name] = (str(previous / name), template, {"text": "rendered"})
        path = str(output / name)
        with incremental.open_for_writing(writer, writer._open_w, path, "utf-8") as handle:
            handle.write("")
    assert os.path.samefile(previous / "a/index.html", output / "a/index.html")
    assert (output / "b/index.html").read_text("utf-8") == "<p>rendered</p>"


def test_what_a_page_child_did_comes_back_with_what_its_templates_read(tmp_path):
    """The parent takes the child's pages, counts, bodies, and the templates it parsed.

    A template only the forked page renderer rendered (404.html, archives.html at 1,000
    pairs: one render in two is the child's) would otherwise be parsed again next build.
    """
    from jinja2 import DictLoader, Environment

    from plugins.incremental_pages import Incremental

    settings = {**DEFAULT_CONFIG, "OUTPUT_PATH": str(tmp_path / "out"), "CACHE_PATH": str(tmp_path)}
    env = Environment(loader=DictLoader({"404.html": "{{ SITENAME }}", "a.html": "{{ x }}"}))
    parent = Incremental(settings, None)
    parent.reads(env)("a.html")  # parsed before the fork: the child knows it already
    before = parent.snapshot()
    child = Incremental(settings, None)
    child.template_reads = dict(parent.template_reads)
    child.pending["404.html"] = "digest"
    child.counts["rendered"] += 1
    assert "SITENAME" in child.reads(env)("404.html")
    done = child.since(before)
    assert [name for name, _ in done[3]] == ["404.html"]  # only what it parsed itself
    parent.adopt(done)
    assert parent.template_reads == child.template_reads
    assert parent.pending == {"404.html": "digest"} and parent.counts["rendered"] == 1


def _every_field_changed(value):
    """`value` with each of its dataclass fields changed in turn (one copy per field)."""
    import dataclasses

    changes = {str: lambda v: v + "·", float: lambda v: v + 0.5, bool: lambda v: not v}
    for f in dataclasses.fields(value):
        old = getattr(value, f.name)
        if isinstance(old, tuple) and old and isinstance(old[0], tuple):
            new = old[:-1]  # one item fewer
        elif isinstance(old, tuple) and old and isinstance(old[0], int):
            new = (old[0] + 1, *old[1:])  # a value changed, not the length
        elif isinstance(old, tuple):
            new = (*old, old[-1] if old else 1)
        elif isinstance(old, Article):
            new = article(title="Un autre titre")
        elif dataclasses.is_dataclass(old):  # a node: its first field
            first = dataclasses.fields(old)[0].name
            new = dataclasses.replace(old, **{first: getattr(old, first) + "·"})
        else:
            new = changes[type(old)](old)
        yield f.name, dataclasses.replace(value, **{f.name: new})


def test_fingerprint_parts_cover_every_field_and_refer_to_content_by_header():
    """The related posts' and local graphs' quick reduction misses none of their fields."""
    from plugins.related import RelatedPost
    from plugins.related.graph import LocalGraphPlan, NodeRef
    from plugins.related.scoring import Reason

    a, b, c = (NodeRef(f"id{n}", f"/u{n}/", f"Titre {n}", "fr") for n in range(3))
    plan = LocalGraphPlan(a, ((b, "link"), (c, "related")), (0, 1), 720.0, 300.0)
    post = RelatedPost(article(), 0.5, (Reason("tags", ("t1", "t2"), 2),), False)
    for value in (plan, post):
        parts = Fingerprinter().value(value)
        assert Fingerprinter().value(value) == parts
        for name, changed in _every_field_changed(value):
            assert Fingerprinter().value(changed) != parts, name
    # Each item of a node or a reason counts, not only their number.
    other_node = NodeRef("id1", "/u1/", "Titre changé", "fr")
    moved = LocalGraphPlan(a, ((other_node, "link"), (c, "related")), (0, 1))
    assert Fingerprinter().value(moved) != Fingerprinter().value(plan)
    reason = RelatedPost(post.content, 0.5, (Reason("tags", ("t1", "t3"), 2),), False)
    assert Fingerprinter().value(reason) != Fingerprinter().value(post)
    # The article a related post shows counts by its header, as any listed article.
    body_only = RelatedPost(article(body="<p>Autre corps.</p>"), 0.5, post.reasons, False)
    assert Fingerprinter().value(body_only) == Fingerprinter().value(post)


def test_a_related_list_counts_each_entrys_every_field_and_their_order():
    """An article's related list is reduced in one call (`RelatedPosts`): as thoroughly."""
    from plugins.related import RelatedPost, RelatedPosts
    from plugins.related.scoring import Reason

    first = RelatedPost(article("Un"), 0.5, (Reason("tags", ("t1", "t2"), 2),), False)
    second = RelatedPost(article("Deux"), 0.25, (Reason("terms", ("mot",), 1),), True)
    posts = RelatedPosts([first, second])
    digest = Fingerprinter().value(posts)
    assert Fingerprinter().value(RelatedPosts([first, second])) == digest
    for n, entry in enumerate(posts):
        for name, changed in _every_field_changed(entry):
            edited = RelatedPosts(posts)
            edited[n] = changed
            assert Fingerprinter().value(edited) != digest, (n, name)
    assert Fingerprinter().value(RelatedPosts([second, first])) != digest
    assert Fingerprinter().value(RelatedPosts([first])) != digest
    # A listed article counts by its header, as in any list.
    retitled = RelatedPost(article("Un autre"), first.score, first.reasons, first.foreign)
    assert Fingerprinter().value(RelatedPosts([retitled, second])) != digest
    # Markup among the words: reduced entry by entry, still told apart.
    marked = RelatedPost(first.content, 0.5, (Reason("terms", (Markup("<b>mot</b>"),), 1),), False)
    plain = RelatedPost(first.content, 0.5, (Reason("terms", ("<b>mot</b>",), 1),), False)
    assert Fingerprinter().value(RelatedPosts([marked])) != Fingerprinter().value(
        RelatedPosts([plain])
    )


def test_fingerprint_parts_that_are_not_plain_fall_back_to_the_fields():
    from plugins.related import RelatedPost
    from plugins.related.scoring import Reason

    marked = RelatedPost(article(), 0.5, (Reason("terms", (Markup("<b>mot</b>"),), 1),), False)
    plain = RelatedPost(article(), 0.5, (Reason("terms", ("<b>mot</b>",), 1),), False)
    assert Fingerprinter().value(marked) != Fingerprinter().value(plain)
    assert Fingerprinter().value(marked) == Fingerprinter().value(marked)


def test_fingerprint_parts_inside_a_header_refer_one_level_deep():
    """A record with `fingerprint_parts` on a listed article: its content, by reference."""
    from plugins.related import RelatedPost

    a, b, c = article("A"), article("B"), article("C")
    a.featured = RelatedPost(b, 0.5, (), False)
    b.featured = RelatedPost(c, 0.5, (), False)
    alone = Fingerprinter().header(a)
    fp = Fingerprinter()
    fp.header(b)  # reduced first: the same header for A
    assert fp.header(a) == alone
    c.title = "C changé"
    assert Fingerprinter().header(a) == alone, "two levels away: not in A's header"
    b.title = "B changé"
    assert Fingerprinter().header(a) != alone, "one level away: B's title shows"


def test_tags_are_their_name_and_url_whatever_object_or_settings_copy_holds_them():
    """Their bytes are the name and URL each would format.

    Each article has its own Tag objects, some with a copy of the settings (read from
    Pelican's cache).
    """
    import copy

    from pelican.urlwrappers import Category, Tag

    settings = dict(DEFAULT_CONFIG, TAG_URL="tag/{slug}.html")
    copied = copy.deepcopy(settings)
    copied["OUTPUT_PATH"] = "elsewhere"  # written by another build: not what a URL reads
    other_url = dict(settings, TAG_URL="sujets/{slug}/")

    def plain(wrapper) -> bytes:  # what the value was before: its name and URL, formatted
        return type(wrapper).__qualname__.encode() + _text(wrapper.name) + _text(wrapper.url)

    fp = Fingerprinter()
    samples = [
        Tag("Réseaux sociaux", settings),
        Tag("Réseaux sociaux", copied),
        Tag("Réseaux sociaux", other_url),
        Category("Réseaux sociaux", settings),
        Tag("Intranet", copied),
    ]
    own_slug = Tag("Réseaux sociaux", settings)
    own_slug.slug = "rs"  # a slug of its own: not the name's
    samples.append(own_slug)
    expected = [plain(type(w)(w.name, w.settings)) for w in samples[:-1]] + [plain(own_slug)]
    assert [fp.value(w) for w in samples] == expected
    assert len(set(expected)) == 5, "same name and URL: same bytes, else different"


def test_a_tag_url_is_made_once_per_name_and_settings(monkeypatch):
    """Not for each object: a URL slugifies its name (Pelican memoizes it per object)."""
    import copy

    import pelican.urlwrappers
    from pelican.urlwrappers import Tag

    slugified = []
    original = pelican.urlwrappers.slugify
    monkeypatch.setattr(
        pelican.urlwrappers,
        "slugify",
        lambda name, **k: slugified.append(name) or original(name, **k),
    )
    settings = dict(DEFAULT_CONFIG)
    fp = Fingerprinter()
    for copied in (settings, settings, copy.deepcopy(settings), copy.deepcopy(settings)):
        fp.value([Tag("Intranet", copied), Tag("Extranet", copied)])
    assert slugified == ["Intranet", "Extranet"]


def test_dates_are_their_fields_and_zone_whatever_object_holds_them():
    """Packed fields and the zone's repr: equal dates, equal bytes; any field, another."""
    import zoneinfo

    from pelican.utils import SafeDatetime

    paris, utc = zoneinfo.ZoneInfo("Europe/Paris"), datetime.UTC
    fp = Fingerprinter()
    same = [SafeDatetime(2024, 5, 1, 10, 30, tzinfo=paris) for _ in range(2)]
    assert fp.value(same[0]) == Fingerprinter().value(same[1])
    different = [
        SafeDatetime(2024, 5, 1, 10, 30, tzinfo=paris),
        SafeDatetime(2024, 5, 1, 10, 31, tzinfo=paris),
        SafeDatetime(2024, 5, 1, 10, 30, tzinfo=utc),
        SafeDatetime(2024, 5, 1, 10, 30),
        datetime.datetime(2024, 5, 1, 10, 30, tzinfo=paris),  # not Pelican's class
        SafeDatetime(2024, 10, 27, 2, 30, tzinfo=paris),
        SafeDatetime(2024, 10, 27, 2, 30, fold=1, tzinfo=paris),  # the hour repeated
        datetime.date(2024, 5, 1),
        datetime.time(10, 30, tzinfo=paris),
        datetime.time(10, 30),
    ]
    assert len({fp.value(d) for d in different}) == len(different)


def test_a_zone_without_a_stable_repr_counts_by_what_it_does():
    """A default repr names an address, different at every build: the offset counts."""

    class Fixed(datetime.tzinfo):
        def __init__(self, hours):
            self.hours = hours

        def utcoffset(self, when):
            return datetime.timedelta(hours=self.hours)

        def tzname(self, when):
            return f"UTC+{self.hours}"

        def dst(self, when):
            return datetime.timedelta(0)

    def at(zone):
        return datetime.datetime(2024, 5, 1, 10, 30, tzinfo=zone)

    fp = Fingerprinter()
    assert fp.value(at(Fixed(1))) == Fingerprinter().value(at(Fixed(1)))
    assert fp.value(at(Fixed(1))) != fp.value(at(Fixed(2)))


def test_metadata_that_is_an_attribute_counts_once_and_any_divergence_counts():
    """`article.tags is article.metadata["tags"]`: named, not reduced twice."""
    first, second = article(), article()
    assert first.metadata["title"] is first.title
    assert Fingerprinter().header(first) == Fingerprinter().header(second)
    second.metadata["title"] = "Un autre titre"  # the metadata alone changed
    assert Fingerprinter().header(first) != Fingerprinter().header(second)
    second.metadata["title"] = second.title = "Un autre titre"  # both, one object
    assert Fingerprinter().header(first) != Fingerprinter().header(second)
    # An attribute only the article's own page shows is not in a header: its metadata
    # twin is reduced there in full.
    first.toc, second.toc = "<ul>1</ul>", "<ul>2</ul>"
    first.metadata["toc"], second.metadata["toc"] = first.toc, second.toc
    second.metadata["title"] = second.title = first.title
    assert Fingerprinter().header(first) != Fingerprinter().header(second)
    del first.metadata["toc"], second.metadata["toc"]
    assert Fingerprinter().header(first) == Fingerprinter().header(second)
