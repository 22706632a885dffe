"""Pure rules of the bilingual site, without a build."""

from __future__ import annotations

import tomllib
from collections import Counter
from datetime import date
from types import SimpleNamespace as Item

import pytest

from plugins.bilingual.config import BilingualConfig, BilingualConfigError
from plugins.bilingual.model import (
    CategoryGroups,
    alternates,
    format_date,
    format_number,
    kb_save_as,
    kb_section,
    language_view,
    most_used,
    narrow_spaces,
    narrow_spaces_html,
    translation_key,
    twin_terms,
    unify_categories,
    url_for,
)
from tests.conftest import ROOT

UI = {
    lang: tomllib.loads((ROOT / f"theme/translations/{lang}.toml").read_text("utf-8"))
    for lang in ("fr", "en")
}


@pytest.mark.parametrize(
    ("metadata", "slug", "expected"),
    [({}, "mon-article", "mon-article"), ({"translation_key": "cle"}, "my-article", "cle"),
     ({"translation_key": " cle "}, "x", "cle")],
)  # fmt: skip
def test_translation_key(metadata, slug, expected):
    assert translation_key(metadata, slug) == expected


@pytest.mark.parametrize(
    ("save_as", "offline", "expected"),
    [("fr/index.html", True, "fr/index.html"), ("fr/index.html", False, "fr/"),
     ("index.html", False, ""), ("fr/404.html", False, "fr/404.html")],
)  # fmt: skip
def test_url_for(save_as, offline, expected):
    assert url_for(save_as, offline) == expected


@pytest.mark.parametrize(
    ("source", "slug", "save_as", "section"),
    [
        ("kb/fr/index.md", "kb-accueil", "fr/kb/index.html", ()),
        ("kb/fr/a-propos.md", "a-propos", "fr/kb/a-propos/index.html", ()),
        ("kb/fr/glossaire/index.md", "glossaire", "fr/kb/glossaire/index.html", ("glossaire",)),
        (
            "kb/fr/glossaire/taylorisme.md",
            "taylorisme",
            "fr/kb/glossaire/taylorisme/index.html",
            ("glossaire",),
        ),
    ],
)
def test_knowledge_base_paths_follow_folders(source, slug, save_as, section):
    assert kb_save_as(source, "fr", slug) == save_as
    assert kb_section(source, "fr") == section


def _pair():
    fr = Item(lang="fr", translations=[])
    en = Item(lang="en", translations=[fr])
    fr.translations = [en]
    return fr, en


def test_language_view_keeps_own_language_and_untranslated_items():
    fr, en = _pair()
    fr_only = Item(lang="fr", translations=[])
    en_only = Item(lang="en", translations=[])
    items = [fr, en, fr_only, en_only]
    assert language_view(items, "fr", True) == [fr, fr_only, en_only]
    assert language_view(items, "en", True) == [en, fr_only, en_only]
    assert language_view(items, "en", False) == [en, en_only]


def test_alternates_in_site_language_order():
    fr, en = _pair()
    assert list(alternates(en, ("fr", "en"))) == ["fr", "en"]
    assert alternates(en, ("fr", "en"))["fr"] is fr


def test_twin_terms_pick_the_most_frequent_counterpart_deterministically():
    pairs = [("fr", "Réseaux sociaux", "en", "Social networks")] * 2 + [
        ("fr", "Réseaux sociaux", "en", "Marketing")
    ]
    pairs += [("fr", "A", "en", "Y"), ("fr", "A", "en", "X")]
    twins = twin_terms(pairs)
    assert twins[("fr", "Réseaux sociaux")] == {"en": "Social networks"}
    assert twins[("fr", "A")] == {"en": "X"}


def test_a_category_spelled_two_ways_shows_the_spelling_most_used():
    assert most_used(Counter({"intranet": 1, "Intranet": 2})) == "Intranet"
    assert most_used(Counter({"intranet": 3, "Intranet": 2})) == "intranet"
    # A tie is decided the same way on every build.
    assert most_used(Counter({"intranet": 1, "Intranet": 1})) == "Intranet"


def test_unify_categories_gives_one_category_object_per_language_and_slug():
    class Category(str):
        @property
        def slug(self):
            return self.lower()

    items = [
        Item(lang="fr", category=Category("Intranet")),
        Item(lang="fr", category=Category("intranet")),
        Item(lang="fr", category=Category("Intranet")),
        Item(lang="en", category=Category("intranet")),
        Item(lang="fr"),
        Item(lang="fr", category=None),
    ]
    # Hidden articles follow the published ones' spelling, and do not count in it.
    hidden = [Item(lang="fr", category=Category("intranet")) for _ in range(3)]
    unify_categories(items, hidden)
    assert [str(i.category) for i in items[:4]] == ["Intranet", "Intranet", "Intranet", "intranet"]
    assert items[0].category is items[1].category is items[2].category is hidden[0].category


def test_category_groups_merge_spellings_and_place_untranslated_items_under_twins():
    views = {
        "fr": [
            ("fr", "intranet", "Intranet", "portail"),
            ("fr", "intranet", "intranet", "annuaire"),
            ("fr", "reseaux-sociaux", "Réseaux sociaux", "campagne"),
            ("en", "social-networks", "Social networks", "note"),
            ("en", "events", "Events", "meetup"),
        ],
        "en": [
            ("en", "intranet", "Intranet", "portal"),
            ("en", "social-networks", "Social networks", "campaign"),
            ("en", "social-networks", "Social networks", "note"),
            ("en", "events", "Events", "meetup"),
        ],
    }
    twins = {
        ("fr", "reseaux-sociaux"): {"en": "social-networks"},
        ("en", "social-networks"): {"fr": "reseaux-sociaux"},
    }
    groups = CategoryGroups(views, twins)
    assert groups.items["fr"] == {
        "intranet": ["portail", "annuaire"],
        # The English-only note goes under its category's French twin...
        "reseaux-sociaux": ["campagne", "note"],
        # ...and one with no twin under its own category, now in the French tree too.
        "events": ["meetup"],
    }
    assert groups.names[("fr", "intranet")] == "Intranet"
    assert groups.names[("fr", "events")] == "Events"
    assert groups.twins[("fr", "events")] == {"en": "events"}
    assert groups.twins[("en", "events")] == {"fr": "events"}
    assert groups.twins[("fr", "reseaux-sociaux")] == {"en": "social-networks"}


@pytest.mark.parametrize(
    ("lang", "value", "expected"),
    [("fr", date(2026, 11, 27), "27 novembre 2026"), ("en", date(2026, 11, 27), "November 27, 2026"),
     ("fr", date(2012, 8, 1), "1er août 2012"), ("en", date(2012, 8, 1), "August 1, 2012"),
     ("fr", date(2012, 8, 11), "11 août 2012")],
)  # fmt: skip
def test_format_date(lang, value, expected):
    assert format_date(value, lang, UI[lang]) == expected


@pytest.mark.parametrize(
    ("lang", "value", "expected"),
    [
        ("fr", 1234567, "1\u202f234\u202f567"),
        ("en", 1234567, "1,234,567"),
        ("fr", 12.5, "12,5"),
        ("en", 7, "7"),
    ],
)
def test_format_number(lang, value, expected):
    assert format_number(value, UI[lang]) == expected


def test_ui_tables_have_the_same_keys():
    assert set(UI["fr"]) == set(UI["en"]), set(UI["fr"]) ^ set(UI["en"])


@pytest.mark.parametrize(
    ("settings", "message"),
    [({"SITE_LANGUAGES": ["fr", "english"], "DEFAULT_LANG": "fr"}, "SITE_LANGUAGES"),
     ({"SITE_LANGUAGES": ["fr", "en"], "DEFAULT_LANG": "de"}, "DEFAULT_LANG")],
)  # fmt: skip
def test_invalid_language_settings_name_the_setting(settings, message):
    with pytest.raises(BilingualConfigError, match=message):
        BilingualConfig.from_settings(settings)


N, B = "\u202f", "\u00a0"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Social business : utile ou rentable ?", f"Social business{B}: utile ou rentable{N}?"),
        ("« Oui » ! Non ; peut-être", f"«{N}Oui{N}»{N}! Non{N}; peut-être"),
        (
            "10:30, http://x.org?a=1, a; b! «c»",
            "10:30, http://x.org?a=1, a; b! «c»",
        ),  # no space: none added
        (f"Déjà{B}?", f"Déjà{N}?"),
    ],
)
def test_narrow_spaces_only_replace_the_spaces_written(text, expected):
    assert narrow_spaces(text) == expected


def test_narrow_spaces_in_html_leave_code_and_addresses_alone():
    html = (
        '<p>Voir : <code>a ? b</code> « x » <a href="x?y" title="a : b">lien !</a></p>'
        "<pre><code>if x :\n  y ?</code></pre><!-- a ? --> <KBD>Ctrl ;</KBD> fin ?"
    )
    assert narrow_spaces_html(html) == (
        f'<p>Voir{B}: <code>a ? b</code> «{N}x{N}» <a href="x?y" title="a{B}: b">lien{N}!</a></p>'
        f"<pre><code>if x :\n  y ?</code></pre><!-- a ? --> <KBD>Ctrl ;</KBD> fin{N}?"
    )
