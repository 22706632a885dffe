"""Wikilinks, `{filename}` links and backlinks, without Pelican."""

from __future__ import annotations

import markdown
import pytest

from plugins.content_index.names import LinkTarget, WikilinkResolver
from plugins.related.links import (
    Unresolved,
    Wikilink,
    find_wikilinks,
    group_links,
    invert_links,
    parse_wikilink,
    placeholder,
    placeholder_target,
    representative,
    resolve_filename_link,
    resolve_links,
    rewrite_placeholders,
    wikilink_line,
)
from plugins.related.wikilinks import WikilinkExtension


@pytest.mark.parametrize(
    ("inner", "text", "expected"),
    [
        ("portail-intranet", None, Wikilink("portail-intranet")),
        ("Le Taylorisme", None, Wikilink("Le Taylorisme")),
        ("taylorisme", "le taylorisme", Wikilink("taylorisme", "", "le taylorisme")),
        ("glossaire#definition", None, Wikilink("glossaire", "definition")),
        (" taylorisme # origines ", " ici ", Wikilink("taylorisme", "origines", "ici")),
        ("taylorisme", "   ", Wikilink("taylorisme")),
    ],
)
def test_parse_wikilink(inner, text, expected):
    assert parse_wikilink(inner, text) == expected


def test_find_wikilinks_in_markdown():
    source = "Voir [[taylorisme]] et [[Entreprise 2.0|le concept]].\n[lien](x.md) [[a#b]]"
    assert find_wikilinks(source) == [
        Wikilink("taylorisme"),
        Wikilink("Entreprise 2.0", "", "le concept"),
        Wikilink("a", "b"),
    ]


@pytest.mark.parametrize(
    "target", ["slug", "Réseau social d'entreprise", 'a "quoted" <title>', "x#part"]
)
def test_placeholder_round_trip(target):
    name, _, fragment = target.partition("#")
    html = placeholder(Wikilink(name, fragment))
    href = html.split('href="', 1)[1].split('"', 1)[0]
    assert placeholder_target(href) == target
    assert "<title>" not in html  # the text is escaped


TARGETS = [
    LinkTarget("kb/fr/glossaire/taylorisme.md", "fr", "taylorisme", "Taylorisme"),
    LinkTarget("kb/en/glossary/taylorism.md", "en", "taylorism", "Taylorism"),
    LinkTarget("articles/fr/rse.md", "fr", "rse", "Réseau social d'entreprise"),
    LinkTarget("articles/en/only.md", "en", "english-only", "Only In English"),
    LinkTarget("articles/fr/same.md", "fr", "same", "Same"),
    LinkTarget("articles/en/same.md", "en", "same", "Same"),
]


@pytest.mark.parametrize(
    ("target", "lang", "expected"),
    [
        ("taylorisme", "fr", "kb/fr/glossaire/taylorisme.md"),  # slug
        ("TAYLORISME", "fr", "kb/fr/glossaire/taylorisme.md"),  # title, any case
        ("reseau social d’entreprise", "fr", "articles/fr/rse.md"),  # accents, apostrophes
        ("same", "fr", "articles/fr/same.md"),  # the page's language first
        ("same", "en", "articles/en/same.md"),
        ("english-only", "fr", "articles/en/only.md"),  # then the other language
        ("taylorisme", "en", "kb/fr/glossaire/taylorisme.md"),
        ("nothing", "fr", None),
    ],
)
def test_wikilink_resolution(target, lang, expected):
    assert WikilinkResolver(TARGETS, ("fr", "en")).resolve(target, lang) == expected


TWINS = [
    LinkTarget(
        "articles/fr/portail.md",
        "fr",
        "portail-intranet",
        "Un portail intranet",
        "article:portail-intranet",
    ),
    LinkTarget(
        "articles/en/portal.md",
        "en",
        "intranet-portal",
        "An intranet portal",
        "article:portail-intranet",
    ),
    LinkTarget("articles/fr/seul.md", "fr", "seul", "Seul", "article:seul"),
    LinkTarget("kb/fr/glossaire/rse.md", "fr", "rse", "RSE", "page:rse"),
    LinkTarget("kb/en/glossary/esn.md", "en", "esn", "ESN", "page:rse"),
]


@pytest.mark.parametrize(
    ("target", "lang", "expected"),
    [
        # Named in the other language: its translation in the page's language.
        ("portail-intranet", "en", "articles/en/portal.md"),
        ("Un portail intranet", "en", "articles/en/portal.md"),
        ("intranet-portal", "fr", "articles/fr/portail.md"),
        ("rse", "en", "kb/en/glossary/esn.md"),
        # In the page's language, or with no translation there: as named.
        ("portail-intranet", "fr", "articles/fr/portail.md"),
        ("seul", "en", "articles/fr/seul.md"),
        # A section is in one language's headings: the page named, not its translation.
        ("portail-intranet#etapes", "en", "articles/fr/portail.md"),
    ],
)
def test_a_wikilink_leads_to_the_translation_in_the_page_language(target, lang, expected):
    assert WikilinkResolver(TWINS, ("fr", "en")).resolve(target, lang) == expected


KNOWN = {"articles/fr/a.md", "articles/fr/b c.md", "kb/fr/index.md", "kb/fr/glossaire/x.md"}


@pytest.mark.parametrize(
    ("href", "expected"),
    [
        ("{filename}b c.md", "articles/fr/b c.md"),
        ("{filename}b%20c.md", "articles/fr/b c.md"),
        ("|filename|a.md", "articles/fr/a.md"),
        ("{filename}../../kb/fr/index.md", "kb/fr/index.md"),
        ("{filename}/kb/fr/glossaire/x.md#section", "kb/fr/glossaire/x.md"),
        ("{filename}./a.md?x=1", "articles/fr/a.md"),
        ("{filename}missing.md", None),
        ("{static}a.md", None),
        ("https://example.org/a.md", None),
        ("#anchor", None),
    ],
)
def test_filename_links_resolve_relative_to_the_source(href, expected):
    assert resolve_filename_link(href, "articles/fr/source.md", KNOWN) == expected


def test_resolve_links_merges_both_kinds_without_duplicates_or_self_links():
    resolver = WikilinkResolver(TARGETS, ("fr", "en"))
    known = {t.id for t in TARGETS}
    hrefs = [
        "{filename}rse.md",
        "{wikilink}R%C3%A9seau%20social%20d'entreprise",
        "{wikilink}taylorisme%23origines",
        "{wikilink}nulle-part",
        "{filename}same.md",  # the source itself
    ]
    targets, missing = resolve_links(hrefs, "articles/fr/same.md", "fr", known, resolver)
    assert targets == ["articles/fr/rse.md", "kb/fr/glossaire/taylorisme.md"]
    assert missing == [Unresolved("articles/fr/same.md", "nulle-part")]


def resolve(target):  # given the target with its #section, as the resolver is
    return {"taylorisme": "kb/fr/glossaire/taylorisme.md"}.get(target.partition("#")[0])


def title_of(id):
    return {"kb/fr/glossaire/taylorisme.md": "Le <taylorisme>"}[id]


@pytest.mark.parametrize(
    ("wikilink", "expected"),
    [
        (
            Wikilink("taylorisme"),
            '<a class="wikilink" href="{filename}/kb/fr/glossaire/taylorisme.md">Le &lt;taylorisme&gt;</a>',
        ),
        (
            Wikilink("taylorisme", "origines", "voir ici"),
            '<a class="wikilink" href="{filename}/kb/fr/glossaire/taylorisme.md#origines">voir ici</a>',
        ),
        (
            Wikilink("inconnu", "", "texte"),
            '<span class="wikilink wikilink--missing" title="Missing: inconnu">texte</span>',
        ),
        (
            Wikilink('a "b"'),
            '<span class="wikilink wikilink--missing" title="Missing: a &quot;b&quot;">a "b"</span>',
        ),
    ],
)
def test_placeholders_become_links_or_visibly_missing_text(wikilink, expected):
    html = f"<p>Avant {placeholder(wikilink)} après</p>"
    assert (
        rewrite_placeholders(html, resolve, title_of, "Missing: {target}")
        == f"<p>Avant {expected} après</p>"
    )


def test_markdown_extension_renders_placeholders_and_leaves_code_alone():
    md = markdown.Markdown(extensions=[WikilinkExtension(), "markdown.extensions.extra"])
    html = md.convert("Voir [[taylorisme|le taylorisme]] et `[[code]]`.\n\n    [[bloc]]\n")
    assert placeholder(Wikilink("taylorisme", "", "le taylorisme")) in html
    assert "<code>[[code]]</code>" in html and "[[bloc]]" in html
    assert html.count("{wikilink}") == 1


def test_wikilink_line_points_at_the_source_line():
    source = "Title: x\n\nUn paragraphe.\nVoir [[ailleurs|là]] et [[autre]].\n"
    assert wikilink_line(source, "autre") == 4
    assert wikilink_line(source, "absent") is None


def test_links_between_groups_and_backlinks():
    group_of = {"fr/a": "a", "en/a": "a", "fr/b": "b", "en/b": "b", "fr/c": "c"}
    links = {"fr/a": ["fr/b", "en/a"], "en/b": ["en/a"], "fr/c": ["fr/b", "unknown"]}
    grouped = group_links(links, group_of)
    assert grouped == {"a": frozenset({"b"}), "b": frozenset({"a"}), "c": frozenset({"b"})}
    assert invert_links(grouped) == {"a": frozenset({"b"}), "b": frozenset({"a", "c"})}


@pytest.mark.parametrize(
    ("members", "lang", "expected"),
    [
        ({"fr": "fr/a", "en": "en/a"}, "en", "en/a"),
        ({"fr": "fr/a"}, "en", "fr/a"),
        ({"de": "de/a"}, "en", "de/a"),
    ],
)
def test_a_group_shows_its_member_in_the_readers_language_first(members, lang, expected):
    assert representative(members, lang, ("fr", "en")) == expected


def test_a_wikilink_naming_two_contents_links_the_first_and_is_reported_with_both():
    targets = [
        *TARGETS,
        LinkTarget("articles/fr/taylorisme.md", "fr", "taylorisme-article", "Taylorisme"),
        LinkTarget("articles/fr/cachee.md", "fr", "cachee", "Cachée"),  # hidden: no record
    ]
    resolver = WikilinkResolver(targets, ("fr", "en"))
    assert resolver.candidates("Taylorisme", "fr") == (
        "articles/fr/taylorisme.md",
        "kb/fr/glossaire/taylorisme.md",
    )
    # A slug is looked up before titles: [[taylorisme]] names the glossary page alone.
    assert resolver.candidates("taylorisme", "fr") == ("kb/fr/glossaire/taylorisme.md",)
    known = {t.id for t in TARGETS} | {"articles/fr/taylorisme.md"}
    hrefs = ["{wikilink}Taylorisme", "{wikilink}Taylorisme", "{wikilink}cachee"]
    found, reported = resolve_links(hrefs, "articles/fr/rse.md", "fr", known, resolver)
    assert found == ["articles/fr/taylorisme.md"]  # hidden content is linked, not in the graph
    assert reported == [
        Unresolved(
            "articles/fr/rse.md",
            "Taylorisme",
            ("articles/fr/taylorisme.md", "kb/fr/glossaire/taylorisme.md"),
        )
    ]
