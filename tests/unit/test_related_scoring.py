"""Related articles: ranking on small hand-built corpora where the right answer is obvious."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from plugins.related.config import RelatedConfig, RelatedConfigError
from plugins.related.scoring import (
    Doc,
    Reason,
    _link_strengths,
    best_forms,
    docs_from_records,
    form_counts,
    group_key,
    join_link_reasons,
    rank_related,
    surface_forms,
)

LANGS = ("fr", "en")
# Filler shared by every article: like real text, it says nothing about the subject.
FILLER = {"projet": 3, "equip": 2, "outil": 2, "travail": 2}


def doc(id, words, tags=(), lang="fr", group=None, day=None):
    terms = Counter(FILLER)
    terms.update(words.split())
    return Doc(id=id, group=group or id, lang=lang, terms=terms, tags=tuple(tags), day=day)


def ids(entries):
    return [e.id for e in entries]


# Three subjects, three articles each: an article's neighbours are its subject's articles.
TOPICS = {
    "intranet": "intranet portail sharepoint gouvern document",
    "cuisine": "recet four farin beurr sucr",
    "sport": "match equip ballon stad entraîn",
}
CORPUS = [
    doc(f"{topic}-{n}", " ".join([words] * (n + 1)) + f" mot{n}{topic}")
    for topic, words in TOPICS.items()
    for n in range(3)
]


@pytest.mark.parametrize("article", [d.id for d in CORPUS])
def test_text_similarity_finds_the_same_subject(article):
    config = RelatedConfig(max_related=2, weight_recency=0)
    related = rank_related(CORPUS, {}, LANGS, config)
    topic = article.split("-")[0]
    assert sorted(ids(related[article])) == sorted(
        d.id for d in CORPUS if d.id.startswith(topic) and d.id != article
    )


def test_an_article_never_lists_itself_or_its_translation():
    docs = [
        doc("fr/a", "intranet portail sharepoint", group="a"),
        doc("en/a", "intranet portal sharepoint", lang="en", group="a"),
        doc("fr/b", "intranet portail sharepoint", group="b"),
        doc("en/b", "intranet portal sharepoint", lang="en", group="b"),
    ]
    related = rank_related(docs, {}, LANGS, RelatedConfig())
    assert ids(related["fr/a"]) == ["fr/b"]
    assert ids(related["en/a"]) == ["en/b"]


@pytest.mark.parametrize(
    ("tags_b", "tags_c", "expected_first"),
    [
        # Sharing a rare tag says more than sharing a common one.
        (("rare",), ("common",), "b"),
        (("common",), ("rare",), "c"),
        # Two shared tags beat one.
        (("rare", "common"), ("rare",), "b"),
    ],
)
def test_shared_tags_weigh_by_rarity(tags_b, tags_c, expected_first):
    others = [doc(f"x{i}", f"autre{i} sujet{i}", tags=("common",)) for i in range(6)]
    docs = [
        doc("a", "alpha", tags=("rare", "common")),
        doc("b", "beta", tags=tags_b),
        doc("c", "gamma", tags=tags_c),
        doc("d", "delta", tags=("rare",)),
        *others,
    ]
    related = rank_related(docs, {}, LANGS, RelatedConfig(max_related=10, weight_recency=0))
    ranked = [i for i in ids(related["a"]) if i in ("b", "c")]
    assert ranked[0] == expected_first
    tags = next(r for e in related["a"] if e.id == "b" for r in e.reasons if r.kind == "tags")
    assert tags.count == len(tags_b)


def test_an_explicit_link_counts_in_both_directions_with_the_right_reason():
    docs = [doc("a", "alpha"), doc("b", "beta"), doc("c", "gamma"), doc("d", "delta")]
    links = {"a": {"b"}, "c": {"a"}}  # a cites b; c cites a
    related = rank_related(docs, links, LANGS, RelatedConfig(weight_recency=0))
    assert ids(related["a"]) == ["b", "c"]  # d shares nothing: not listed
    reasons = {e.id: [r.kind for r in e.reasons] for e in related["a"]}
    assert reasons == {"b": ["links_to"], "c": ["linked_from"]}
    assert [r.kind for r in related["b"][0].reasons] == ["linked_from"]


def test_recency_only_breaks_near_ties():
    docs = [
        doc("a", "intranet portail", day=1000),
        doc("b", "intranet portail", day=1010),
        doc("c", "intranet portail", day=2000),
        doc("d", "cuisine recet", day=1001),
    ]
    related = rank_related(docs, {}, LANGS, RelatedConfig())
    assert ids(related["a"]) == ["b", "c"]  # d is close in time but shares nothing


def foreign_corpus(foreign_words, translated=True, twin=True, links=None):
    """fr/a and fr/b (translated or not), and an English-only article."""
    docs = [
        doc("fr/a", "intranet portail gouvernance", tags=("intranet",), group="a"),
        doc("fr/b", "intranet portail", group="b"),
        doc("en/only", foreign_words, lang="en", group="only", tags=("intranet",)),
        # Filler so that document frequencies mean something.
        *[doc(f"fr/x{i}", f"autre{i} chose{i}", group=f"x{i}") for i in range(4)],
        *[doc(f"en/x{i}", f"other{i} thing{i}", lang="en", group=f"x{i}") for i in range(4)],
    ]
    if twin:
        docs.append(
            doc("en/a", "intranet portal sharepoint governance", lang="en", group="a",
                tags=("intranet",))
        )  # fmt: skip
    if translated:
        docs.append(doc("en/b", "intranet portal", lang="en", group="b"))
    return docs


@pytest.mark.parametrize(
    ("foreign_words", "allow", "expected"),
    [
        # The English-only article is closer to fr/a's translation than fr/b's translation
        # is, on the same measure (the English index): it comes first.
        ("intranet portal sharepoint governance", True, ["en/only", "fr/b"]),
        # fr/b's translation scores higher: the English-only one comes after it.
        ("cooking recipe", True, ["fr/b", "en/only"]),
        # Switched off: never listed.
        ("intranet portal sharepoint governance", False, ["fr/b"]),
    ],
)
def test_an_article_in_the_other_language_only_comes_first_when_it_scores_higher_on_the_same_measure(
    foreign_words, allow, expected
):
    config = RelatedConfig(allow_other_language=allow, weight_recency=0)
    related = rank_related(foreign_corpus(foreign_words), {}, LANGS, config)
    assert ids(related["fr/a"]) == expected
    foreign = [e for e in related["fr/a"] if e.id == "en/only"]
    assert all(e.lang == "en" for e in foreign)


@pytest.mark.parametrize(
    ("translated", "twin"),
    [(False, True), (True, False)],
    ids=["candidate-without-translation", "page-without-translation"],
)
def test_no_same_measure_means_the_page_language_comes_first(translated, twin):
    # A perfect English match, but fr/b has no English version to compare it with (or
    # fr/a none to compare both against): two indexes' scores are not comparable.
    docs = foreign_corpus("intranet portal sharepoint governance", translated, twin)
    related = rank_related(docs, {}, LANGS, RelatedConfig(weight_recency=0))
    assert ids(related["fr/a"]) == ["fr/b", "en/only"]


def test_a_one_language_hub_does_not_outrank_topical_neighbours_of_the_other_language():
    # An English-only note that links to every article (as "A note for English readers"
    # does). Articles of a subject share a tag, worth less than one link from an ordinary
    # page (0.3 < 0.4), more than a link from a page linking to everything.
    docs, links = [], {"note": set()}
    for t in range(3):
        for n in range(3):
            group = f"g{t}{n}"
            docs.append(doc(f"fr/{group}", f"mot{t}{n}", group=group, tags=(f"t{t}",)))
            docs.append(doc(f"en/{group}", f"word{t}{n}", lang="en", group=group, tags=(f"t{t}",)))
            links["note"].add(group)
    docs.append(doc("en/note", "welcom reader english", lang="en", group="note"))
    related = rank_related(docs, links, LANGS, RelatedConfig(weight_tags=0.3))
    for d in docs:
        if d.lang == "fr":
            listed = ids(related[d.id])
            same_subject = [x.id for x in docs if x.lang == "fr" and x.tags == d.tags]
            assert listed[:2] == [i for i in same_subject if i != d.id], listed
            # Still listed (the link is real), after the articles of the same subject.
            assert listed[2] == "en/note"


def test_a_link_from_a_page_that_links_to_many_weighs_less():
    docs = [doc(f"d{i}", f"sujet{i} chose{i}") for i in range(12)]
    links = {"d0": {"d1"}, "d2": {f"d{i}" for i in range(3, 12)}}
    strengths = _link_strengths(links, [d.group for d in docs])
    assert strengths["d0"] == pytest.approx(1.0)
    assert 0 < strengths["d2"] < 0.5
    related = rank_related(docs, links, LANGS, RelatedConfig(weight_recency=0))
    assert related["d1"][0].score == pytest.approx(0.4, abs=1e-6)
    assert related["d3"][0].score == pytest.approx(0.4 * strengths["d2"], abs=1e-6)


def test_one_shared_word_does_not_make_two_articles_related():
    # The report's beer article: "rien sur les intranets", and nothing else in common.
    docs = [
        doc("biere", "zythologi brassag artisanal houblon levur sauvag intranet"),
        doc("portail", "intranet portail collabor vill sharepoint gouvern"),
        doc("wiki", "intranet portail wiki collabor"),
        *[doc(f"x{i}", f"autre{i} chose{i} sujet{i}") for i in range(6)],
    ]
    related = rank_related(docs, {}, LANGS, RelatedConfig())
    assert related["biere"] == []
    assert "biere" not in ids(related["portail"])
    assert ids(related["portail"]) == ["wiki"]


def test_a_faint_text_similarity_alone_is_no_evidence_and_no_reason():
    # Each article shares its own eight words with one other (its subject) and two common
    # words with the others: between subjects, a faint similarity (0.07).
    def words(prefix):
        return " ".join(f"{prefix}{i}" for i in range(8))

    docs = [
        doc("a", f"decouvert plac {words('mot')}"),
        doc("a2", words("mot")),
        doc("b", f"decouvert plac {words('terme')}"),
        doc("b2", words("terme")),
        doc("c", f"decouvert plac {words('nom')}", tags=("t",)),
        doc("c2", words("nom")),
        doc("d", f"decouvert plac {words('verb')}", tags=("t",)),
        doc("d2", words("verb")),
        *[doc(p, f"decouvert plac {words(p)}") for p in ("e", "f", "g")],
        *[doc(f"{p}2", words(p)) for p in ("e", "f", "g")],
        *[doc(f"x{i}", f"autre{i} chose{i} sujet{i}") for i in range(6)],
    ]
    related = rank_related(docs, {}, LANGS, RelatedConfig())
    assert ids(related["a"]) == ["a2"] and ids(related["b"]) == ["b2"]
    # With a shared tag, the pair is related, but the faint text is not given as a reason.
    d = next(e for e in related["c"] if e.id == "d")
    assert [r.kind for r in d.reasons] == ["tags"]


def test_links_both_ways_make_one_reason():
    reasons = (Reason("links_to"), Reason("linked_from"), Reason("tags", ("a",), 1))
    assert join_link_reasons(reasons) == (Reason("links_both"), Reason("tags", ("a",), 1))
    one_way = (Reason("linked_from"), Reason("tags", ("a",), 1))
    assert join_link_reasons(one_way) == one_way


def test_same_content_gives_the_same_lists_whatever_the_input_order():
    docs = [doc(f"d{i:02}", "intranet portail sharepoint") for i in range(12)]  # all tied
    docs += [doc(f"x{i:02}", f"autre{i % 6} chose") for i in range(12)]
    first = rank_related(docs, {}, LANGS, RelatedConfig())
    shuffled = docs[:]
    random.Random(4).shuffle(shuffled)
    assert rank_related(shuffled, {}, LANGS, RelatedConfig()) == first
    # Ties are broken by id.
    assert ids(first["d05"]) == ["d00", "d01", "d02", "d03", "d04"]


def test_work_grows_with_shared_terms_not_with_the_square_of_articles():
    # 2,000 articles in 1,000 pairs: each pair shares its own words and nothing else.
    docs = [
        doc(f"d{i:04}", f"sujet{i // 2}a sujet{i // 2}b sujet{i // 2}c mot{i}") for i in range(2000)
    ]
    counters: dict[str, int] = {}
    related = rank_related(docs, {}, LANGS, RelatedConfig(), counters)
    assert ids(related["d0000"]) == ["d0001"]
    n = len(docs)
    # Each article visits the postings of its few terms (2 entries each), nothing else.
    assert counters["postings"] <= n * 3 * 2
    assert counters["scored"] <= n * 2
    assert counters["postings"] < n * n / 100


def test_frequent_terms_cost_a_bounded_amount_of_work():
    # Five terms shared by every article (the filler and "commun"), kept on purpose:
    # impact-ordered postings cap what each costs at 16 visits per article.
    config = RelatedConfig(max_postings=16, max_doc_share=1.0)
    docs = [doc(f"d{i:03}", f"commun unique{i}") for i in range(400)]
    counters: dict[str, int] = {}
    rank_related(docs, {}, LANGS, config, counters)
    assert counters["postings"] <= 400 * 5 * 16
    assert counters["postings"] < 400 * 400 * 5 / 10


def test_reasons_name_the_shared_words_and_tags():
    docs = [
        doc("a", "intranet intranet portail sharepoint", tags=("intranet", "sharepoint")),
        doc("b", "intranet intranet portail sharepoint", tags=("intranet", "sharepoint")),
        doc("c", "cuisine", tags=("cuisine",)),
        doc("d", "sport", tags=("intranet",)),
    ]
    related = rank_related(docs, {}, LANGS, RelatedConfig(weight_recency=0))
    best = related["a"][0]
    assert best.id == "b"
    kinds = [r.kind for r in best.reasons]
    assert set(kinds) == {"terms", "tags"}
    tags = next(r for r in best.reasons if r.kind == "tags")
    assert tags == Reason("tags", ("sharepoint", "intranet"), 2)  # rarest first
    terms = next(r for r in best.reasons if r.kind == "terms")
    assert set(terms.items) <= {"intranet", "portail", "sharepoint"}


def test_max_related_zero_turns_the_lists_off():
    assert rank_related(CORPUS, {}, LANGS, RelatedConfig(max_related=0)) == {}


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        (
            {"RELATED_MAXX": 3},
            "RELATED_MAXX: unknown setting of the related plugin. Did you mean RELATED_MAX?",
        ),
        ({"RELATED_MAX": -1}, "RELATED_MAX: must not be negative"),
        ({"RELATED_MAX": 2.5}, "RELATED_MAX: expected a whole number"),
        ({"RELATED_WEIGHT_TEXT": "high"}, "RELATED_WEIGHT_TEXT: expected a number"),
        (
            {"RELATED_ALLOW_OTHER_LANGUAGE": "yes"},
            "RELATED_ALLOW_OTHER_LANGUAGE: expected True or False",
        ),
        ({"RELATED_TOP_TERMS": 0}, "RELATED_TOP_TERMS: must be at least 1"),
        ({"RELATED_MAX_DOC_SHARE": 0}, "RELATED_MAX_DOC_SHARE: a share between 0"),
        (
            {"RELATED_WEIGHT_TEXT": 0, "RELATED_WEIGHT_TAGS": 0, "RELATED_WEIGHT_LINKS": 0},
            "at least one must be positive",
        ),
    ],
)
def test_invalid_settings_name_the_setting(settings, message):
    with pytest.raises(RelatedConfigError) as error:
        RelatedConfig.from_settings(settings)
    assert message in str(error.value)


def test_settings_override_defaults():
    config = RelatedConfig.from_settings({"RELATED_MAX": 3, "RELATED_WEIGHT_TAGS": 1, "OTHER": 1})
    assert (config.max_related, config.weight_tags, config.weight_text) == (3, 1.0, 1.0)


class Record:
    """A fake content-index record: only the attributes docs_from_records reads."""

    def __init__(self, id, kind="article", lang="fr", key="k", date=None, tags=()):
        self.id, self.kind, self.lang, self.translation_key = id, kind, lang, key
        self.date, self.tag_ids, self.terms = date, tags, Counter({"mot": 1})


def test_records_become_docs_grouped_with_their_translations():
    records = [
        Record("articles/fr/a.md", key="a", date="2012-03-14T09:30:00+01:00", tags=("intranet",)),
        Record("articles/en/a.md", lang="en", key="a"),
        Record("kb/fr/index.md", kind="page", key="index"),
    ]
    docs = docs_from_records(records)
    assert [d.id for d in docs] == ["articles/fr/a.md", "articles/en/a.md"]  # pages are not ranked
    assert docs[0].group == docs[1].group == group_key("article", "a")
    assert docs[0].tags == ("intranet",) and docs[0].day == 734576.0 and docs[1].day is None


def _tokens(text, lang):
    """A stand-in for content_index's iter_tokens: lowercase words as their own stems."""
    import re

    for m in re.finditer(r"[\w'’]+", text):
        yield re.sub(r"^\w+['’]", "", m.group()).lower().rstrip("s"), m.start(), m.end()


@pytest.mark.parametrize(
    ("texts", "stem", "expected"),
    [
        (["Le portail", "un portail, des portails"], "portail", "portail"),
        # A capital at the start of a title is not the word's own.
        (["Portail collaboratif", "Portail intranet"], "portail", "portail"),
        # A name keeps its capitals.
        (["Le choix de SharePoint", "avec SharePoint"], "sharepoint", "SharePoint"),
        # Elided articles are not part of the word.
        (["le rôle d'experts reconnus"], "expert", "experts"),
    ],
)
def test_surface_forms_show_words_as_written(texts, stem, expected):
    assert surface_forms(texts, "fr", {stem}, _tokens) == {stem: expected}


def test_form_counts_of_two_sets_of_stems_are_those_of_both_together():
    # What lets a rebuild count only the stems not looked for in the last build.
    rng = random.Random(3)
    words = ["Portail", "portail", "portails", "SharePoint", "d'experts", "Experts", "wiki"]
    texts = [" ".join(rng.choices(words, k=6)) + rng.choice([".", ""]) for _ in range(40)]
    stems = {"portail", "sharepoint", "expert", "wiki", "absent"}
    first, second = {"portail", "wiki"}, stems - {"portail", "wiki"}
    merged = {
        **form_counts(texts, "fr", first, _tokens),
        **form_counts(texts, "fr", second, _tokens),
    }
    assert merged == form_counts(texts, "fr", stems, _tokens)
    assert best_forms(merged, stems) == surface_forms(texts, "fr", stems, _tokens)
    assert set(best_forms(merged, stems)) == stems - {"absent"}


DETERMINISM_SCRIPT = """
import json, random
from collections import Counter
from plugins.related.config import RelatedConfig
from plugins.related.scoring import Doc, rank_related
rng = random.Random(7)
words = [f"w{i}" for i in range(300)]
tags = [f"t{i}" for i in range(12)]
# Thirty texts, ten articles each: exact ties everywhere, which must break by id.
texts = [(Counter(rng.choices(words, k=80)), tuple(rng.sample(tags, 3))) for _ in range(30)]
docs = [
    Doc(f"d{i:03}", f"g{i}", "fr", texts[i % 30][0], texts[i % 30][1], 0.0)
    for i in range(300)
]
links = {f"g{i}": {f"g{(i * 7) % 300}"} for i in range(0, 300, 5)}
result = rank_related(docs, links, ("fr", "en"), RelatedConfig())
print(json.dumps({k: [(r.id, r.score, [(x.kind, x.items) for x in r.reasons]) for r in v]
                  for k, v in result.items()}, sort_keys=True))
"""


def test_lists_do_not_depend_on_string_hashing():
    # Sets iterate in an order that changes with PYTHONHASHSEED; scores must not.
    import os
    import subprocess
    import sys

    from tests.conftest import ROOT

    outputs = {
        subprocess.run(
            [sys.executable, "-c", DETERMINISM_SCRIPT],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT)},
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(outputs) == 1


def test_words_shown_come_from_the_html_once_the_plain_texts_are_let_go():
    from types import SimpleNamespace

    from plugins.content_index.analysis import analyze
    from plugins.content_index.extract import extract_text
    from plugins.content_index.model import ContentIndex, build_record
    from plugins.related import _surface_words
    from plugins.related.scoring import Related

    def record(name, html):
        content = SimpleNamespace(
            relative_source_path=f"articles/fr/{name}.md", lang="fr", slug=name, title=name,
            url=f"fr/{name}/", translation_key=name, date=None, category=None, metadata={},
            _content=html,
        )  # fmt: skip
        built = build_record(content, extract_text(html))
        built.content = content
        return built

    a = record("a", "<p>Une plateforme.</p>")
    # The words are taken from the page's own article (b), where the terms were compared.
    b = record("b", "<p>Des Plateformes, des plateformes et encore des plateformes.</p>")
    index = ContentIndex.from_records([a, b])
    index.release_texts()  # as in the main process once search has forked its child
    (stem,) = analyze("plateformes", "fr")
    related = {b.id: [Related(a.id, "fr", 1.0, (Reason("terms", (stem,), 1),))]}
    group_of = {a.id: "article:a", b.id: "article:b"}
    assert _surface_words(index, related, group_of) == {("fr", stem): "plateformes"}
