"""Tag suggestions say what is true of the text.

Phrases are counted as they occur, words shown as written, articles counted truly; a
concept the text names ranks above one it only resembles.
"""

from __future__ import annotations

import unicodedata

from plugins.content_index.analysis import analyze, analyze_counts, iter_tokens
from plugins.taxonomy.model import parse_taxonomy
from plugins.taxonomy.suggest import build_tag_profiles, suggest_tags

TAXONOMY = """\
[[tag]]
id = "innovation"
label = { fr = "Innovation", en = "Innovation" }

[[tag]]
id = "esn"
label = { fr = "Réseau social d'entreprise", en = "Enterprise social network" }
aliases = ["réseau social interne"]

[[tag]]
id = "remote-work"
label = { fr = "Télétravail", en = "Remote work" }
aliases = ["teleworking", "distributed teams"]

[[tag]]
id = "collaboration"
label = { fr = "Collaboration", en = "Collaboration" }

[[tag]]
id = "tools"
label = { fr = "Outils", en = "Tools" }
"""


TAXONOMY_PARSED = parse_taxonomy(TAXONOMY, "taxonomy.toml", ("fr", "en"))


def suggest(text, taxonomy, lang="en", docs=(), **kwargs):
    text = unicodedata.normalize("NFC", text)
    profiles = build_tag_profiles((analyze_counts(t, lang), tags) for t, tags in docs)
    return suggest_tags(
        analyze_counts(text, lang), profiles, taxonomy, lang,
        analyze=lambda words: analyze(words, lang),
        text=text, tokens=list(iter_tokens(text, lang)), **kwargs,
    )  # fmt: skip


def reason_of(suggestions, concept_id):
    return next(s.reason for s in suggestions if s.concept_id == concept_id)


def test_a_phrase_counts_where_its_words_follow_each_other():
    # Each word twice, the alias once: a bag of words said 2×.
    text = "Notre réseau social interne est ouvert. Le réseau de la ville, social, reste interne."
    result = suggest(text, TAXONOMY_PARSED, lang="fr")
    assert "alias 'réseau social interne' appears 1×" in reason_of(result, "esn")


def test_a_word_of_the_same_stem_is_quoted_as_written():
    # "innovate" shares the stem of "Innovation": the reason says what the text says.
    result = suggest("Managers must innovate, or the company will stall.", TAXONOMY_PARSED)
    reason = reason_of(result, "innovation")
    assert "mentions 'innovate' 1×" in reason
    assert "label 'Innovation' appears" not in reason


DOCS = [
    ("Continuous integration pipelines deploy containers every night.", ["tools"]),
    ("Our pipelines deploy containers; monitoring dashboards follow.", ["tools"]),
    ("Monitoring dashboards and alerting rules for operations.", ["tools"]),
    ("Collaborative workshops bring colleagues together.", ["collaboration"]),
    ("Workshops where colleagues write together.", ["collaboration"]),
    ("A recipe for bread and butter.", []),
]


def test_shared_terms_are_words_as_written_and_the_count_is_of_articles_holding_them():
    result = suggest("The pipelines deploy containers to production.", TAXONOMY_PARSED, docs=DOCS)
    reason = reason_of(result, "tools")
    assert "'pipelines'" in reason and "'deploy'" in reason and "'containers'" in reason
    assert "pipelin" not in reason.replace("pipelines", "")  # no stem
    # Two of the three Tools articles hold these words (the third is about monitoring).
    assert "with 2 of the 3 articles tagged Tools" in reason


def test_a_concept_the_text_names_ranks_above_one_it_only_resembles():
    text = (
        "Teleworking changes how workshops run: distributed teams meet colleagues online, "
        "and collaborative workshops bring colleagues together."
    )
    result = suggest(text, TAXONOMY_PARSED, docs=DOCS)
    order = [s.concept_id for s in result]
    assert order[0] == "remote-work", result
    assert order.index("remote-work") < order.index("collaboration")
    # Both names, each counted where it is written.
    reason = reason_of(result, "remote-work")
    assert "alias 'distributed teams' appears 1×, alias 'teleworking' 1×" in reason


def test_terms_in_most_articles_say_nothing_about_a_tag():
    # "usual" is in four articles of six, both Tools articles among them: more frequent
    # among them than overall, but a word most articles use.
    docs = [
        ("usual alpha shared", ["tools"]),
        ("usual beta shared", ["tools"]),
        ("usual gamma", []),
        ("usual delta", []),
        ("omega", []),
        ("sigma", []),
    ]
    profiles = build_tag_profiles((analyze_counts(t, "en"), tags) for t, tags in docs)
    assert "usual" not in profiles.term_weights
    assert [c for c, _ in profiles.term_weights["share"]] == ["tools"]


def test_a_label_named_three_times_beats_words_two_articles_of_a_small_tag_share():
    # The report's glossary page: "Taylorisme" three times came 4th, behind tags whose
    # two articles happen to share some of its words.
    taxonomy = parse_taxonomy(
        TAXONOMY + '\n[[tag]]\nid = "taylorism"\nlabel = { fr = "Taylorisme", en = "Taylorism" }\n'
        '\n[[tag]]\nid = "management"\nlabel = { fr = "Management", en = "Management" }\n',
        "taxonomy.toml", ("fr", "en"),
    )  # fmt: skip
    words = "chaîne usine cadence ouvrier contremaître atelier rendement salaire tâche geste"
    docs = [
        (f"{words} direction", ["management"]),
        (f"{words} équipe", ["management"]),
        *[(f"sujet{i} autre{i} thème{i}", []) for i in range(6)],
    ]
    text = f"Le taylorisme découpe le travail. {words}. Le taylorisme, puis le taylorisme."
    result = suggest(text, taxonomy, lang="fr", docs=docs)
    assert result[0].concept_id == "taylorism", result
    assert result[0].reason == "label 'Taylorisme' appears 3×"


def test_a_one_word_label_most_articles_use_is_no_mention_but_a_phrase_is():
    # A site about tools: "tools" is in every article, and says nothing of this one.
    docs = [(f"tools and topic{i} words{i}", ["tools"] if i < 2 else []) for i in range(6)]
    text = "Tools, tools and more tools for teleworking."
    result = suggest(text, TAXONOMY_PARSED, docs=docs)
    assert "tools" not in [s.concept_id for s in result]
    assert [s.concept_id for s in result] == ["remote-work"]


def test_a_phrase_counts_even_when_each_of_its_words_is_common():
    # Every article says "réseau", "social" and "interne"; one names the alias.
    docs = [(f"réseau social, outil interne, sujet{i}", []) for i in range(6)]
    text = "Le réseau social interne de la ville."
    result = suggest(text, TAXONOMY_PARSED, lang="fr", docs=docs)
    assert reason_of(result, "esn") == "alias 'réseau social interne' appears 1×"
