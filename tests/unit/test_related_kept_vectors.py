"""Article vectors kept from the last build: reused only where a fresh one would be equal.

A rebuild's `LanguageIndex` takes the last build's vectors (plugins/related,
`VECTORS_CACHE`) and makes again only those of articles whose terms changed or that hold a
term whose weight moved. After every kind of edit (the random edits of the kept rankings'
tests), the vectors, and the lists ranked from them, must be a fresh index's exactly.
"""

from __future__ import annotations

import random
from array import array
from collections import Counter
from dataclasses import replace

import pytest

from plugins.content_index.model import StemTable
from plugins.related import _keep_vectors, _read_vectors
from plugins.related.scoring import Doc, LanguageIndex, RelatedRanker, rank_related, terms_key
from tests.unit.test_related_kept_ranking import CONFIGS, EDITS, LANGS, corpus, random_links


def as_stem_tables(docs: list[Doc]) -> list[Doc]:
    """The same documents with the content index's term tables instead of Counters."""
    return [replace(d, terms=StemTable(tuple(d.terms), array("I", d.terms.values()))) for d in docs]


@pytest.mark.parametrize("seed", range(12))
def test_kept_vectors_are_the_vectors_of_a_fresh_index(seed):
    rnd = random.Random(seed)
    config = CONFIGS[seed % len(CONFIGS)]
    docs = corpus(rnd, groups=40)
    links = random_links(rnd, docs)
    kept = RelatedRanker(docs, links, LANGS, config).kept_vectors()
    reused, counted = [], []
    for _ in range(12):
        before = {d.id: d.terms for d in docs}
        docs, links = rnd.choice(EDITS)(docs, links, rnd)
        # What the content index gives: the terms then of the articles analysed again.
        now = {d.id: d.terms for d in docs}
        previous = {i: terms for i, terms in before.items() if now.get(i) != terms}
        ranker = RelatedRanker(docs, links, LANGS, config, kept=kept, previous_terms=previous)
        for lang in LANGS:
            fresh = LanguageIndex([d for d in docs if d.lang == lang], config)
            index = ranker.by_lang[lang]
            assert index.document_frequencies == fresh.document_frequencies
            assert index.idf == fresh.idf
            counted.append(index.frequencies_kept)
            assert ranker.by_lang[lang].vectors == fresh.vectors
            # Same order of terms too: the ranking's ties read the vectors in order.
            assert [list(v) for v in ranker.by_lang[lang].vectors] == [
                list(v) for v in fresh.vectors
            ]
        assert ranker.rank(ranker.articles) == rank_related(docs, links, LANGS, config)
        reused.append(sum(index.reused for index in ranker.by_lang.values()))
        kept = ranker.kept_vectors()
    # Not a reuse that never happens: most edits leave most vectors as they were, and
    # the kept frequencies are updated, not counted again.
    assert max(reused) > len(docs) // 2, reused
    assert all(counted), counted


def test_frequencies_are_counted_again_without_the_terms_an_edited_article_had():
    docs = [d for d in corpus(random.Random(8), groups=30) if d.lang == "fr"]
    config = CONFIGS[0]
    kept = LanguageIndex(docs, config).kept()
    edited = list(docs)
    edited[0] = replace(edited[0], terms=edited[0].terms + Counter({"nouveau": 2}))
    fresh = LanguageIndex(edited, config)
    for previous in ({}, {edited[0].id: edited[1].terms}):  # none, or not the ones counted
        index = LanguageIndex(edited, config, kept, previous_terms=previous)
        assert not index.frequencies_kept
        assert index.document_frequencies == fresh.document_frequencies
    index = LanguageIndex(edited, config, kept, previous_terms={docs[0].id: docs[0].terms})
    assert index.frequencies_kept and index.document_frequencies == fresh.document_frequencies
    gone = LanguageIndex(edited[1:], config, kept, previous_terms={})
    assert not gone.frequencies_kept  # a deleted article's terms are not known


def test_an_edit_moving_no_weight_makes_one_vector_again():
    docs = corpus(random.Random(4), groups=40)
    config = CONFIGS[0]
    before = LanguageIndex([d for d in docs if d.lang == "fr"], config)
    edited = [d for d in docs if d.lang == "fr"]
    # One more occurrence of a word it has: its count moves, no document frequency does.
    word = next(iter(edited[0].terms))
    edited[0] = replace(edited[0], terms=edited[0].terms + Counter({word: 1}))
    after = LanguageIndex(edited, config, before.kept())
    assert after.idf == before.idf
    assert after.reused == len(edited) - 1
    assert after.vectors == LanguageIndex(edited, config).vectors


def test_other_settings_or_code_reuse_nothing():
    docs = [d for d in corpus(random.Random(2)) if d.lang == "en"]
    kept = LanguageIndex(docs, CONFIGS[0], code=b"v1").kept()
    assert LanguageIndex(docs, CONFIGS[0], kept, code=b"v1").reused == len(docs)
    assert LanguageIndex(docs, CONFIGS[0], kept, code=b"v2").reused == 0
    other = replace(CONFIGS[0], top_terms=CONFIGS[0].top_terms + 1)
    assert LanguageIndex(docs, other, kept, code=b"v1").reused == 0


def test_term_tables_and_mappings_have_the_same_vectors_and_keys_follow_counts():
    docs = corpus(random.Random(9))
    tables = as_stem_tables(docs)
    for lang in LANGS:
        plain = LanguageIndex([d for d in docs if d.lang == lang], CONFIGS[0])
        compact = LanguageIndex([d for d in tables if d.lang == lang], CONFIGS[0])
        assert compact.vectors == plain.vectors
    table = tables[0].terms
    moved = StemTable(table.stems, array("I", [n + 1 for n in table.numbers]))
    assert terms_key(moved) != terms_key(table)
    assert terms_key(StemTable(table.stems, array("I", table.numbers))) == terms_key(table)


def test_the_cache_file_round_trip(tmp_path):
    """Written, read back by the next build, rewritten only when a vector changed."""
    path = str(tmp_path / "related_vectors.pickle")
    rnd = random.Random(6)
    docs = as_stem_tables(corpus(rnd, groups=30))
    config = CONFIGS[1]
    assert _read_vectors(path) == {}
    first = RelatedRanker(docs, {}, LANGS, config, kept=_read_vectors(path), code=b"c")
    _keep_vectors(path, first, {})
    kept = _read_vectors(path)
    again = RelatedRanker(docs, {}, LANGS, config, kept=kept, code=b"c")
    assert all(index.reused == len(index.docs) for index in again.by_lang.values())
    written = (tmp_path / "related_vectors.pickle").stat().st_mtime_ns
    _keep_vectors(path, again, kept)  # nothing changed: not written again
    assert (tmp_path / "related_vectors.pickle").stat().st_mtime_ns == written
    edited = list(docs)
    edited[0] = replace(
        edited[0], terms=StemTable(edited[0].terms.stems[1:], edited[0].terms.numbers[1:])
    )
    after = RelatedRanker(edited, {}, LANGS, config, kept=kept, code=b"c")
    _keep_vectors(path, after, kept)
    reread = _read_vectors(path)
    lang = edited[0].lang
    assert (
        reread[lang].vectors[edited[0].id][1]
        == after.by_lang[lang].vectors[after.by_lang[lang].position[edited[0].id]]
    )
    (tmp_path / "related_vectors.pickle").write_bytes(b"not a pickle")
    assert _read_vectors(path) == {}


def test_a_term_coming_into_or_leaving_the_weights_makes_its_articles_vectors_again():
    """N fixed: one article gains (then loses) a term another has, whose weight appears."""
    config = CONFIGS[0]
    base = [
        Doc(id=f"d{n}", group=f"g{n}", lang="fr", terms=Counter({"commun": 2, f"mot{n}": 3}))
        for n in range(6)
    ]
    base[0] = replace(base[0], terms=Counter({"commun": 2, "rare": 4}))
    before = LanguageIndex(base, config)
    assert "rare" not in before.idf  # in one article only: no weight
    gained = list(base)
    gained[1] = replace(gained[1], terms=gained[1].terms + Counter({"rare": 1}))
    after = LanguageIndex(gained, config, before.kept())
    assert "rare" in after.idf
    assert after.vectors == LanguageIndex(gained, config).vectors
    assert "rare" in after.vectors[0], "d0's vector is made again with the term's weight"
    lost = LanguageIndex(base, config, after.kept())
    assert lost.vectors == before.vectors
    assert "rare" not in lost.vectors[0]


def test_terms_keys_tell_apart_tables_whose_bytes_would_match():
    """Counts are 2 or 4 bytes wide: the same bytes must not read as other stems."""
    wide = StemTable(("a",), array("I", [353122]))
    narrow = StemTable(("abc",), array("H", [5]))
    assert terms_key(wide) != terms_key(narrow)


@pytest.mark.parametrize(
    "data",
    [
        {"fr": (b"salt", [], {}, {})},
        {"fr": (b"salt", {}, {"d0": (b"key",)}, {})},
        {"fr": (b"salt", {}, {"d0": (b"key", ["not", "a", "dict"])}, {})},
        {"fr": ("salt", {}, {}, {})},
        {"fr": (b"salt", {}, {}, None)},
        {"fr": (b"salt", {}, {})},
    ],
)
def test_a_vectors_file_of_another_shape_keeps_nothing(tmp_path, data):
    import pickle

    from plugins.related import _VECTORS_FORMAT

    path = tmp_path / "related_vectors.pickle"
    path.write_bytes(pickle.dumps((_VECTORS_FORMAT, data)))
    assert _read_vectors(str(path)) == {}
    good = {"fr": (b"salt", {}, {}, {})}
    path.write_bytes(pickle.dumps((_VECTORS_FORMAT, good)))
    assert _read_vectors(str(path)) != {}
