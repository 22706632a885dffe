"""Related lists kept from the last build: after any edit, exactly what a fresh ranking makes.

A rebuild ranks again only the articles whose signature changed (plugins/related,
`_ranked`); every other list comes from the cache file. These tests edit random corpora in
every way an author can (text, tags, dates, links, new and deleted articles and
translations) and compare, after each edit, the lists made that way with a ranking from
nothing. Small postings caps make the impact-ordered truncation matter.
"""

from __future__ import annotations

import pickle
import random
from collections import Counter
from dataclasses import replace

import pytest

from plugins.related import _ranked
from plugins.related.config import RelatedConfig
from plugins.related.scoring import Doc, RelatedRanker, rank_related

LANGS = ("fr", "en")
TOPICS = [[f"{topic}{n}" for n in range(12)] for topic in ("intra", "cuis", "sport", "rse")]
TAGS = [f"tag{n}" for n in range(8)]
CONFIGS = [
    RelatedConfig(max_related=3, top_terms=8, probe_terms=4, max_postings=6),
    RelatedConfig(max_related=4, top_terms=6, probe_terms=3, max_postings=4, weight_recency=0.2),
    RelatedConfig(max_related=3, allow_other_language=False, max_postings=5),
]


def random_terms(rnd: random.Random) -> Counter:
    topic = rnd.choice(TOPICS)
    terms = Counter({word: rnd.randint(1, 6) for word in rnd.sample(topic, 6)})
    terms.update(rnd.choice(rnd.choice(TOPICS)) for _ in range(3))
    return terms


def new_doc(rnd: random.Random, group: str, lang: str) -> Doc:
    return Doc(
        id=f"articles/{lang}/{group}.md",
        group=f"article:{group}",
        lang=lang,
        terms=random_terms(rnd),
        tags=tuple(sorted(rnd.sample(TAGS, rnd.randint(0, 3)))),
        day=float(rnd.randint(730_000, 731_000)),
    )


def corpus(rnd: random.Random, groups: int = 24) -> list[Doc]:
    docs = []
    for n in range(groups):
        langs = rnd.choice([("fr", "en"), ("fr", "en"), ("fr",), ("en",)])
        docs += [new_doc(rnd, f"g{n}", lang) for lang in langs]
    return docs


def random_links(rnd: random.Random, docs: list[Doc]) -> dict[str, set[str]]:
    groups = sorted({d.group for d in docs})
    links: dict[str, set[str]] = {}
    for _ in range(len(groups) // 3):
        a, b = rnd.sample(groups, 2)
        links.setdefault(a, set()).add(b)
    return links


# --- Edits: (docs, links, rnd) -> (docs, links) ------------------------------------------


def edit_text(docs, links, rnd):
    k = rnd.randrange(len(docs))
    terms = Counter(docs[k].terms)
    for word in rnd.sample(sorted(terms), 2):
        terms[word] += rnd.choice([-1, 1, 3])
    terms[rnd.choice(rnd.choice(TOPICS))] += 1  # a word it may not have had
    docs = list(docs)
    docs[k] = replace(docs[k], terms=+terms)
    return docs, links


def edit_tags(docs, links, rnd):
    k = rnd.randrange(len(docs))
    tags = set(docs[k].tags) ^ {rnd.choice(TAGS)}
    docs = list(docs)
    docs[k] = replace(docs[k], tags=tuple(sorted(tags)))
    return docs, links


def swap_tags(docs, links, rnd):
    """Two articles exchange a tag: every tag keeps its count (and weight)."""
    for _ in range(50):
        a, b = rnd.sample(range(len(docs)), 2)
        only_a = sorted(set(docs[a].tags) - set(docs[b].tags))
        only_b = sorted(set(docs[b].tags) - set(docs[a].tags))
        if only_a and only_b and docs[a].lang == docs[b].lang:
            x, y = rnd.choice(only_a), rnd.choice(only_b)
            docs = list(docs)
            docs[a] = replace(docs[a], tags=tuple(sorted(set(docs[a].tags) - {x} | {y})))
            docs[b] = replace(docs[b], tags=tuple(sorted(set(docs[b].tags) - {y} | {x})))
            break
    return docs, links


def edit_date(docs, links, rnd):
    k = rnd.randrange(len(docs))
    docs = list(docs)
    docs[k] = replace(docs[k], day=docs[k].day + rnd.choice([-400, 30, 900]))
    return docs, links


def edit_links(docs, links, rnd):
    groups = sorted({d.group for d in docs})
    a, b = rnd.sample(groups, 2)
    links = {k: set(v) for k, v in links.items()}
    links.setdefault(a, set()).symmetric_difference_update({b})
    return docs, links


def reverse_link(docs, links, rnd):
    """A link turned around: the same pairs are linked, the reasons change."""
    pairs = sorted((a, b) for a, targets in links.items() for b in targets)
    if not pairs:
        return edit_links(docs, links, rnd)
    a, b = rnd.choice(pairs)
    links = {k: set(v) for k, v in links.items()}
    links[a].discard(b)
    links.setdefault(b, set()).add(a)
    return docs, links


def add_article(docs, links, rnd):
    return [*docs, new_doc(rnd, f"new{rnd.randrange(10**6)}", rnd.choice(LANGS))], links


def add_translation(docs, links, rnd):
    present = {(d.group, d.lang) for d in docs}
    alone = [d for d in docs if (d.group, "en" if d.lang == "fr" else "fr") not in present]
    if not alone:
        return add_article(docs, links, rnd)
    original = rnd.choice(alone)
    lang = "en" if original.lang == "fr" else "fr"
    twin = replace(new_doc(rnd, original.group.split(":")[1], lang), group=original.group)
    return [*docs, twin], links


def delete_article(docs, links, rnd):
    docs = list(docs)
    del docs[rnd.randrange(len(docs))]
    return docs, links


EDITS = [
    edit_text,
    edit_text,
    edit_tags,
    swap_tags,
    swap_tags,
    edit_date,
    edit_links,
    reverse_link,
    reverse_link,
    add_article,
    add_translation,
    delete_article,
]


@pytest.mark.parametrize("seed", range(15))
def test_kept_lists_are_exactly_the_lists_of_a_fresh_ranking(tmp_path, seed):
    rnd = random.Random(seed)
    config = CONFIGS[seed % len(CONFIGS)]
    docs = corpus(rnd)
    links = random_links(rnd, docs)
    cache = str(tmp_path / "related_ranking.pickle")
    context: dict = {}
    _ranked(RelatedRanker(docs, links, LANGS, config), cache, context)
    assert context["related_ranked"] == len(docs)
    ranked = []
    for _ in range(12):
        docs, links = rnd.choice(EDITS)(docs, links, rnd)
        expected = rank_related(docs, links, LANGS, config)
        kept = _ranked(RelatedRanker(docs, links, LANGS, config), cache, context)
        assert kept == expected
        assert list(kept) == list(expected)
        ranked.append(context["related_ranked"])
    # Not a cache that is never used: most edits rank only some of the articles again.
    assert min(ranked) < len(docs) // 2, ranked


def test_an_unchanged_corpus_ranks_nothing_and_other_settings_rank_everything(tmp_path):
    rnd = random.Random(7)
    docs = corpus(rnd)
    links = random_links(rnd, docs)
    cache = str(tmp_path / "related_ranking.pickle")
    context: dict = {}
    first = _ranked(RelatedRanker(docs, links, LANGS, CONFIGS[0]), cache, context)
    again = _ranked(RelatedRanker(docs, links, LANGS, CONFIGS[0]), cache, context)
    assert again == first and context["related_ranked"] == 0
    other = _ranked(RelatedRanker(docs, links, LANGS, CONFIGS[1]), cache, context)
    assert context["related_ranked"] == len(docs)
    assert other == rank_related(docs, links, LANGS, CONFIGS[1])


def test_the_lists_kept_are_written_back_as_a_ranking_from_nothing_writes_them(tmp_path):
    """Those not ranked again go back to the file as read; it must hold what a fresh one would."""
    rnd = random.Random(11)
    docs = corpus(rnd)
    links = random_links(rnd, docs)
    kept, fresh = tmp_path / "kept.pickle", tmp_path / "fresh.pickle"
    _ranked(RelatedRanker(docs, links, LANGS, CONFIGS[0]), str(kept), {})
    docs, links = edit_text(docs, links, rnd)
    context: dict = {}
    _ranked(RelatedRanker(docs, links, LANGS, CONFIGS[0]), str(kept), context)
    assert 0 < context["related_ranked"] < len(docs)
    _ranked(RelatedRanker(docs, links, LANGS, CONFIGS[0]), str(fresh), {})
    (_, written), (_, expected) = (pickle.loads(p.read_bytes()) for p in (kept, fresh))
    assert written["lists"] == expected["lists"]


def test_without_a_cache_file_every_article_is_ranked(tmp_path):
    docs = corpus(random.Random(3))
    context: dict = {}
    result = _ranked(RelatedRanker(docs, {}, LANGS, CONFIGS[0]), None, context)
    assert context["related_ranked"] == len(docs)
    assert result == rank_related(docs, {}, LANGS, CONFIGS[0])
    assert not list(tmp_path.iterdir())


def test_an_unreadable_cache_file_is_ranked_again(tmp_path):
    docs = corpus(random.Random(5))
    cache = tmp_path / "related_ranking.pickle"
    cache.write_bytes(b"not a pickle")
    context: dict = {}
    result = _ranked(RelatedRanker(docs, {}, LANGS, CONFIGS[0]), str(cache), context)
    assert result == rank_related(docs, {}, LANGS, CONFIGS[0])
    assert context["related_ranked"] == len(docs)


def touch(docs, links, rnd):
    """Saved again, nothing changed."""
    return list(docs), links


@pytest.mark.parametrize("seed", range(20))
def test_signatures_kept_for_what_did_not_change_are_the_signatures_made_again(seed):
    """As a build does it: each ranker gets the last one's vectors and signatures."""
    rnd = random.Random(seed)
    config = CONFIGS[seed % len(CONFIGS)]
    docs = corpus(rnd)
    links = random_links(rnd, docs)
    ranker = RelatedRanker(docs, links, LANGS, config)
    ranker.signatures(b"code")
    assert ranker.signed == len(docs)
    vectors, signed, kept = ranker.kept_vectors(), [], ranker.kept_signatures()
    for n in range(16):
        docs, links = (touch if n % 4 == 3 else rnd.choice(EDITS))(docs, links, rnd)
        ranker = RelatedRanker(docs, links, LANGS, config, kept=vectors)
        again = ranker.signatures(b"code", kept)
        assert again == RelatedRanker(docs, links, LANGS, config).signatures(b"code")
        signed.append((ranker.signed, len(docs)))
        vectors, kept = ranker.kept_vectors(), ranker.kept_signatures()
    # Not a path that is never taken: nothing is signed again after a save that changed
    # nothing, and some edits sign only some of the articles again.
    assert all(count == 0 for count, _ in signed[3::4]), signed
    assert any(0 < count < total for count, total in signed), signed


def test_kept_signatures_of_other_code_or_without_the_old_vectors_are_not_used():
    rnd = random.Random(4)
    docs = corpus(rnd)
    ranker = RelatedRanker(docs, {}, LANGS, CONFIGS[0])
    ranker.signatures(b"code")
    vectors, kept = ranker.kept_vectors(), ranker.kept_signatures()
    again = RelatedRanker(docs, {}, LANGS, CONFIGS[0], kept=vectors)
    again.signatures(b"code", kept)
    assert again.signed == 0
    again.signatures(b"other code", kept)
    assert again.signed == len(docs)
    # An edited article whose vector before is not known: everything is signed again.
    edited, _ = edit_text(docs, {}, random.Random(1))
    blind = RelatedRanker(edited, {}, LANGS, CONFIGS[0])
    assert blind.signatures(b"code", kept) == RelatedRanker(
        edited, {}, LANGS, CONFIGS[0]
    ).signatures(b"code")
    assert blind.signed == len(docs)


def test_signatures_accept_str_subclasses_and_follow_them():
    class Label(str):
        pass

    docs = corpus(random.Random(11))
    plain = RelatedRanker(docs, {}, LANGS, CONFIGS[0]).signatures()
    marked = [replace(d, tags=tuple(Label(t) for t in d.tags)) for d in docs]
    assert RelatedRanker(marked, {}, LANGS, CONFIGS[0]).signatures().keys() == plain.keys()
