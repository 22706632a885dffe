"""Related articles: several signals scored together, through inverted indexes.

Pure functions over plain values: nothing here imports Pelican.

For an article A and a candidate B in the same language:

    score = RELATED_WEIGHT_TEXT    * text(A, B)      cosine of TF-IDF vectors, 0..1
          + RELATED_WEIGHT_TAGS    * tags(A, B)      shared tag concepts, rarity-weighted, 0..1
          + RELATED_WEIGHT_LINKS   * link(A, B)      when either links to the other (or their
                                                     translations do): 1 for a page that links
                                                     to one article, less for a hub; else 0
          + RELATED_WEIGHT_RECENCY * recency(A, B)   0.5 ** (days apart / half life), 0..1

- text: each article keeps its `RELATED_TOP_TERMS` terms of highest weight
  (1 + ln tf) * ln(1 + N / df) (terms in more than `RELATED_MAX_DOC_SHARE` of the articles are
  dropped), normalised to unit length; text(A, B) is the dot product of these vectors.
  Text resting on fewer than `RELATED_MIN_SHARED_TERMS` shared terms counts as 0, and text
  below `RELATED_MIN_TEXT` is no evidence on its own: a candidate sharing no tag and no
  link with the article needs at least that much to be listed.
- tags: weighted Jaccard, sum of idf(shared tags) / sum of idf(tags of A or B), with
  idf(tag) = ln(1 + N / articles with the tag): sharing a rare tag says more than a common one.
- link: a link says less the more the citing page links to, as a term says less the more
  articles it is in: ln(1 + G / d) / ln(1 + G) for a page linking to d of the site's G
  groups (1 for one link; an index page linking to every article gets little); a link
  both ways counts the stronger direction.

No all-pairs loop: each article visits only the postings of its own terms and tags (the
articles where a term weighs most, at most `RELATED_MAX_POSTINGS` per term), which finds
every candidate that shares something with it; only the best few candidates are then
scored exactly. The work grows with the number of shared terms, not with N².

Translations count as one node: candidates are *groups* (an article and its translations).
A candidate in the page's language is compared in that language. An article that exists
only in another language is compared with the page's own translation in that language
(or on tags and links alone when there is none). Scores from two indexes are not
comparable (different idf, different query), so it takes a place ahead of a candidate of
the page's language only when it beats that candidate's translation on the same measure
(both scored against the page's translation in the same index); never ahead of a
candidate with no version in its language, nor on a page with no translation there.
"""

from __future__ import annotations

import hashlib
import heapq
import marshal
import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from operator import mul
from typing import NamedTuple

from .config import RelatedConfig


@dataclass(frozen=True, slots=True)
class Doc:
    """One article as the scorer sees it."""

    id: str
    group: str
    """Shared by an article and its translations."""
    lang: str
    terms: Mapping[str, int]
    """Analysed terms (stems) with their counts."""
    tags: tuple[str, ...] = ()
    """Tag concept ids."""
    day: float | None = None
    """Publication date as a day number (e.g. date.toordinal()), or None."""


@dataclass(frozen=True, slots=True)
class Reason:
    """Why a candidate is related, as data; templates turn it into words.

    kind: "linked_from" (the candidate links to this article: "cites this article"),
    "links_to" (this article links to the candidate: "cited by this article"),
    "links_both" (both: "links both ways"; made by `join_link_reasons` once the page
    knows which links the versions it shows hold),
    "tags" (items: shared tag concept ids, rarest first; count: how many are shared),
    "terms" (items: shared stems, strongest first).
    """

    kind: str
    items: tuple[str, ...] = ()
    count: int = 0


_LINKS_TO, _LINKED_FROM, _LINKS_BOTH = (
    Reason("links_to"),
    Reason("linked_from"),
    Reason("links_both"),
)
"""Shared: one of them is among the reasons of most linked pairs."""


@dataclass(frozen=True, slots=True)
class Related:
    id: str
    lang: str
    score: float
    reasons: tuple[Reason, ...] = ()


@dataclass
class Postings:
    """Inverted index over some articles of one language (impact-ordered, truncated)."""

    terms: dict[str, list[tuple[int, float]]]
    tags: dict[str, list[int]]
    groups: dict[str, int]
    """group -> position of its member in this pool."""
    work: int = field(default=0)
    """Postings visited so far; tests use it to show there is no all-pairs loop."""
    scored: int = field(default=0)
    """Candidates scored exactly so far."""


@dataclass
class KeptVectors:
    """One language's article vectors from a build before, for `LanguageIndex` to reuse.

    A vector reads the article's terms and the weights (idf) of those terms, nothing
    else: it is kept while both are the same. `salt` names the code and settings that
    made them (see `LanguageIndex.kept`).
    """

    salt: bytes
    idf: dict[str, float]
    vectors: dict[str, tuple[bytes, dict[str, float]]]
    """{article id: (digest of its terms, its vector)}"""
    df: dict[str, int] | None = None
    """How many of these articles hold each term (`LanguageIndex.document_frequencies`)."""


@dataclass
class KeptSignatures:
    """What `RelatedRanker.signatures` read in a build before, to sign again only what changed.

    `key` digests what every signature reads (code, settings, tag weights, the articles of
    each language, the links); while it is the same, an article whose digest is the same
    and reads no posting that a changed article is in keeps its signature.
    """

    key: bytes
    docs: dict[str, tuple[bytes, bytes, str, float | None, tuple[str, ...]]]
    """{article id: (its digest, the same with its translations', group, day, tags)}"""
    signatures: dict[str, str]


def _stems(terms: Mapping[str, int]) -> Iterable[str]:
    """An article's distinct terms: a StemTable's stems tuple (iterated in C), else the keys."""
    return getattr(terms, "stems", None) or terms.keys()


def _take(df: dict[str, int], terms: Mapping[str, int] | None, key: bytes) -> bool:
    """Subtract from `df` the terms an article had, if they are those `key` digests."""
    if terms is None or terms_key(terms) != key:
        return False
    for stem in _stems(terms):
        left = df.get(stem, 0) - 1
        if left > 0:
            df[stem] = left
        else:
            df.pop(stem, None)
    return True


def terms_key(terms: Mapping[str, int]) -> bytes:
    """Digest of an article's terms with their counts, in their order."""
    digest = getattr(terms, "digest", None)
    if digest is not None:  # a content index StemTable's own, kept in its cache
        return digest
    return hashlib.blake2b(_bytes(list(terms.items())), digest_size=16).digest()


class LanguageIndex:
    """Term and tag statistics, and article vectors, for the articles of one language."""

    def __init__(
        self,
        docs: Iterable[Doc],
        config: RelatedConfig,
        kept: KeptVectors | None = None,
        code: bytes = b"",
        previous_terms: Mapping[str, Mapping[str, int]] | None = None,
    ):
        """Term and tag statistics of `docs`; vectors reused from `kept` where they can be.

        `previous_terms`: {article id: the terms it had when `kept` was made}, for the
        articles whose terms changed since (`ContentIndex.previous_terms`); with them,
        the document frequencies are `kept`'s, updated (`_kept_frequencies`).
        """
        self.config = config
        self.salt = _bytes(("vectors", code, config.top_terms))
        """What vectors read besides terms and weights: the scorer's code, the terms kept."""
        self.docs = sorted(docs, key=lambda d: d.id)
        n = len(self.docs)
        tag_df: Counter[str] = Counter()
        for doc in self.docs:
            tag_df.update(set(doc.tags))
        self.previous = kept if kept is not None and kept.salt == self.salt else None
        """The last build's vectors, when this code and these settings made them."""
        df = self._kept_frequencies(previous_terms or {})
        self.frequencies_kept = df is not None
        """Whether the document frequencies are the kept ones, updated (else counted)."""
        if df is None:
            df = Counter()
            for doc in self.docs:
                # A StemTable's stems tuple, counted in C (its keys view iterates in Python).
                df.update(_stems(doc.terms))
        self.document_frequencies: dict[str, int] = df
        """How many articles hold each term."""
        # A term in nearly every article says nothing about a subject (tiny sites keep every
        # term shared by up to three articles); a term in one article only matches nothing.
        limit = max(config.max_doc_share * n, min(n, 3))
        self.idf = {t: math.log(1 + n / c) for t, c in df.items() if 2 <= c <= limit}
        self.tag_idf = {t: math.log(1 + n / c) for t, c in tag_df.items()}
        self.tag_df = tag_df
        self.reused = 0
        """Vectors taken from `kept` (the rest are computed)."""
        self.vectors = self._vectors(kept)
        self.keysets = [frozenset(vector) for vector in self.vectors]
        self.tag_sets = [frozenset(doc.tags) for doc in self.docs]
        # fsum: exact whatever the order, and sets iterate in an order that varies between
        # runs (string hashing); scores must not, or ties could break differently.
        self.tag_mass = [math.fsum(self.tag_idf[t] for t in tags) for tags in self.tag_sets]
        self.position = {doc.id: i for i, doc in enumerate(self.docs)}

    def _kept_frequencies(self, previous_terms: Mapping) -> dict[str, int] | None:
        """The kept document frequencies, updated for the articles whose terms changed.

        None (count them all) unless each article whose terms changed since, or that is
        gone, has its terms then in `previous_terms`, checked against the digest kept
        with its vector: subtracting exactly what was counted then, and adding what is
        there now, gives the count of the articles now.
        """
        kept = self.previous
        if kept is None or kept.df is None:
            return None
        df = dict(kept.df)  # a copy: `kept` may serve another index
        now = set()
        for doc, key in zip(self.docs, self.term_keys, strict=True):
            now.add(doc.id)
            found = kept.vectors.get(doc.id)
            if found is not None and found[0] == key:
                continue
            if found is not None and not _take(df, previous_terms.get(doc.id), found[0]):
                return None
            for stem in _stems(doc.terms):
                df[stem] = df.get(stem, 0) + 1
        for gone in kept.vectors.keys() - now:
            if not _take(df, previous_terms.get(gone), kept.vectors[gone][0]):
                return None
        return df

    def _vectors(self, kept: KeptVectors | None) -> list[dict[str, float]]:
        if kept is None or kept.salt != self.salt:
            return [self._vector(doc.terms) for doc in self.docs]
        # Terms whose weight moved, came or went since: an article with none of them, and
        # the same terms, has the same vector (an edit moves the weights of a few terms).
        moved = {term for term, _ in kept.idf.items() ^ self.idf.items()}
        vectors = []
        for doc, key in zip(self.docs, self.term_keys, strict=True):
            found = kept.vectors.get(doc.id)
            if (
                found is not None
                and found[0] == key
                and (not moved or moved.isdisjoint(getattr(doc.terms, "stems", doc.terms)))
            ):
                vectors.append(found[1])
                self.reused += 1
            else:
                vectors.append(self._vector(doc.terms))
        return vectors

    @cached_property
    def term_keys(self) -> list[bytes]:
        """Each article's `terms_key` (made only where vectors are kept or reused)."""
        return [terms_key(doc.terms) for doc in self.docs]

    def kept(self) -> KeptVectors:
        """The vectors of this index, for the next build's `LanguageIndex`."""
        return KeptVectors(
            salt=self.salt,
            idf=self.idf,
            vectors={
                doc.id: (key, vector)
                for doc, key, vector in zip(self.docs, self.term_keys, self.vectors, strict=True)
            },
            df=self.document_frequencies,
        )

    def _vector(self, terms: Mapping[str, int]) -> dict[str, float]:
        idf = self.idf
        weights = [(_log_tf(tf) * idf[t], t) for t, tf in terms.items() if t in idf and tf > 0]
        top = heapq.nlargest(self.config.top_terms, weights)
        norm = math.sqrt(sum(w * w for w, _ in top)) or 1.0
        return {t: w / norm for w, t in top}

    def postings(self, members: Iterable[int]) -> Postings:
        """Postings over the articles at `members` (positions in self.docs)."""
        cap = self.config.max_postings
        terms: dict[str, list[tuple[int, float]]] = {}
        tags: dict[str, list[int]] = {}
        groups: dict[str, int] = {}
        for i in sorted(members):
            for term, weight in self.vectors[i].items():
                terms.setdefault(term, []).append((i, weight))
            for tag in sorted(self.tag_sets[i]):
                tags.setdefault(tag, []).append(i)
            groups.setdefault(self.docs[i].group, i)
        for entries in terms.values():
            if len(entries) > cap:
                # Impact order: keep the articles where the term weighs most.
                entries.sort(key=lambda e: (-e[1], e[0]))
                del entries[cap:]
        # A tag on very many articles finds too many candidates to be useful; it still
        # counts in the exact score of candidates found otherwise.
        tags = {tag: ids for tag, ids in tags.items() if self.tag_df[tag] <= cap}
        return Postings(terms=terms, tags=tags, groups=groups)


_LOG_TF = tuple(1 + math.log(tf) if tf else 0.0 for tf in range(256))


def _log_tf(tf: int) -> float:
    """1 + ln(tf), from a table for the usual small counts."""
    return _LOG_TF[tf] if tf < 256 else 1 + math.log(tf)


@dataclass(frozen=True)
class _Query:
    vector: Mapping[str, float]
    keys: frozenset[str]
    probe: tuple[tuple[str, float], ...]
    """The strongest terms of the vector: the ones whose postings are visited."""
    tags: frozenset[str]
    tag_mass: float
    day: float | None
    group: str
    linked: Mapping[str, float]
    """Groups linked to or from the query's group, with the link's strength (0..1)."""


class _Scored(NamedTuple):
    # A tuple, not a frozen dataclass: one is made per pre-selected candidate.
    score: float
    position: int
    text: float
    tags: float
    linked: float


def _query(
    index: LanguageIndex, position: int | None, tags: frozenset[str], day, group, linked
) -> _Query:
    vector = index.vectors[position] if position is not None else {}
    keys = index.keysets[position] if position is not None else frozenset()
    probe = sorted(vector.items(), key=lambda item: (-item[1], item[0]))[: index.config.probe_terms]
    return _Query(
        vector=vector,
        keys=keys,
        probe=tuple(probe),
        tags=tags,
        tag_mass=math.fsum(index.tag_idf.get(t, 0.0) for t in tags),
        day=day,
        group=group,
        linked=linked,
    )


def _candidates(
    index: LanguageIndex, postings: Postings, query: _Query, keep: int
) -> list[_Scored]:
    """Best `keep` candidates of a pool, exactly scored, best first."""
    config = index.config
    acc: defaultdict[int, float] = defaultdict(float)
    visited = 0
    for term, q in query.probe:
        entries = postings.terms.get(term)
        if entries:
            visited += len(entries)
            for i, w in entries:
                acc[i] += q * w
    if query.tags:
        mass = query.tag_mass or 1.0
        for tag in sorted(query.tags):
            ids = postings.tags.get(tag)
            if ids:
                visited += len(ids)
                bonus = config.weight_tags * index.tag_idf[tag] / mass
                for i in ids:
                    acc[i] += bonus
    for group in sorted(query.linked):
        i = postings.groups.get(group)
        if i is not None:
            visited += 1
            acc[i] += config.weight_links * query.linked[group]
    postings.work += visited
    acc.pop(postings.groups.get(query.group), None)
    # Pre-selection on the accumulated score (a C-level key; equal scores keep postings
    # order, which is fixed), then the exact score of the few best.
    best = heapq.nlargest(2 * keep + 5, acc, key=acc.__getitem__)
    postings.scored += len(best)
    scored = _exact_scores(index, query, best)
    scored.sort(key=lambda s: (-s.score, s.position))
    return [s for s in scored[:keep] if s.score > 0]


def _exact_scores(index: LanguageIndex, query: _Query, positions: Iterable[int]) -> list[_Scored]:
    """The full score of a few candidates (one loop with local names: this is hot)."""
    config = index.config
    wt, wg, wl, wr = (
        config.weight_text,
        config.weight_tags,
        config.weight_links,
        config.weight_recency,
    )
    half_life = config.recency_half_life_days
    min_text, min_shared = config.min_text, config.min_shared_terms
    vectors, keysets, tag_sets, tag_mass, docs = (
        index.vectors,
        index.keysets,
        index.tag_sets,
        index.tag_mass,
        index.docs,
    )
    tag_idf = index.tag_idf.__getitem__
    qv, qkeys, qtags, qmass, qday, linked = (
        query.vector,
        query.keys,
        query.tags,
        query.tag_mass,
        query.day,
        query.linked,
    )
    qget = qv.__getitem__
    link_of = linked.get
    out = []
    for i in positions:
        shared = qkeys & keysets[i]
        # map() keeps the products in C. One word in common is no similarity of subject.
        text = (
            math.fsum(map(mul, map(qget, shared), map(vectors[i].__getitem__, shared)))
            if len(shared) >= min_shared
            else 0.0
        )
        tags = 0.0
        common = qtags & tag_sets[i]
        if common:
            common_mass = math.fsum(map(tag_idf, common))
            union = qmass + tag_mass[i] - common_mass
            tags = common_mass / union if union > 0 else 0.0
        doc = docs[i]
        link = link_of(doc.group, 0.0)
        # Evidence: a link, a shared tag, or a text similarity clear enough on its own.
        if not (link or tags or text >= min_text):
            continue
        recency = 0.0
        if qday is not None and doc.day is not None:
            recency = 0.5 ** (abs(qday - doc.day) / half_life)
        score = wt * text + wg * tags + wl * link + wr * recency
        out.append(_Scored(score, i, text, tags, link))
    return out


def _link_strengths(links: Mapping[str, Iterable[str]], groups: Iterable[str]) -> dict[str, float]:
    """{group: the strength of each of its links}: ln(1 + G / d) / ln(1 + G).

    d: the groups it links to, G: every group there is (articles, pages, link ends). As
    with a term's idf, a link from a page that links to one article says most (1), one
    from an index page that links to every article very little.
    """
    every = set(groups)
    for source, targets in links.items():
        every.add(source)
        every.update(targets)
    total = max(2, len(every))
    top = math.log(1 + total)
    return {
        source: math.log(1 + total / degree) / top
        for source, targets in links.items()
        if (degree := len(set(targets) - {source}))
    }


def join_link_reasons(reasons: Iterable[Reason]) -> tuple[Reason, ...]:
    """The reasons with "links_to" and "linked_from" made one "links_both", where the first was."""
    reasons = tuple(reasons)
    kinds = {r.kind for r in reasons}
    if not {"links_to", "linked_from"} <= kinds:
        return reasons
    joined = []
    for reason in reasons:
        if reason.kind in ("links_to", "linked_from"):
            if _LINKS_BOTH not in joined:
                joined.append(_LINKS_BOTH)
        else:
            joined.append(reason)
    return tuple(joined)


def _undirected(links: Mapping[str, Iterable[str]]) -> dict[str, frozenset[str]]:
    both: dict[str, set[str]] = {}
    for source, targets in links.items():
        for target in targets:
            both.setdefault(source, set()).add(target)
            both.setdefault(target, set()).add(source)
    return {group: frozenset(groups) for group, groups in both.items()}


def _reasons(
    index: LanguageIndex, query: _Query, scored: _Scored, links: Mapping[str, frozenset[str]]
) -> tuple[Reason, ...]:
    """Reasons for a scored candidate: links first, then the strongest contribution."""
    config = index.config
    i = scored.position
    doc = index.docs[i]
    found: list[tuple[float, int, Reason]] = []
    if doc.group in links.get(query.group, ()):
        found.append((config.weight_links, 0, _LINKS_TO))
    if query.group in links.get(doc.group, ()):
        found.append((config.weight_links, 1, _LINKED_FROM))
    if scored.tags:
        shared = query.tags & index.tag_sets[i]
        ordered = sorted(shared, key=lambda t: (-index.tag_idf.get(t, 0.0), t))
        found.append(
            (config.weight_tags * scored.tags, 2, Reason("tags", tuple(ordered), len(ordered)))
        )
    # A faint text similarity rests on a few common words: never shown (nor listed on its
    # own, see _exact_scores).
    if scored.text >= config.min_text:
        vector = index.vectors[i]
        shared_terms = query.vector.keys() & vector.keys()
        products = sorted(shared_terms, key=lambda t: (-query.vector[t] * vector[t], t))
        reason = Reason("terms", tuple(products[:3]), len(products))
        found.append((config.weight_text * scored.text, 3, reason))
    # A link is the plainest reason a reader can check: it comes first, then the strongest.
    found.sort(key=lambda f: (f[1] > 1, -f[0], f[1]))
    return tuple(reason for weight, _, reason in found if weight > 0)


def rank_related(
    docs: Iterable[Doc],
    links: Mapping[str, Iterable[str]],
    languages: Sequence[str],
    config: RelatedConfig,
    counters: dict[str, int] | None = None,
) -> dict[str, list[Related]]:
    """{article id: related articles, best first} for every article.

    `links` is {group: groups it links to} (see links.group_links). Ties are broken by id,
    so the same content always gives the same lists. `counters`, when given, receives the
    work done: "postings" visited and "scored" candidates (tests and the bench read it).
    """
    ranker = RelatedRanker(docs, links, languages, config)
    result = ranker.rank(ranker.articles)
    if counters is not None:
        counters.update(ranker.counters())
    return result


class RelatedRanker:
    """The indexes of `rank_related`, made once; `rank` ranks any of the articles.

    An article's list depends on the indexes alone, never on another article's list, and
    `signatures` digests, for each article, everything its ranking reads: a list kept from
    a build where the article had the same signature is the list `rank` would make.
    """

    def __init__(
        self,
        docs: Iterable[Doc],
        links: Mapping[str, Iterable[str]],
        languages: Sequence[str],
        config: RelatedConfig,
        kept: Mapping[str, KeptVectors] | None = None,
        code: bytes = b"",
        previous_terms: Mapping[str, Mapping[str, int]] | None = None,
    ) -> None:
        """Index `docs` for ranking.

        `kept`: each language's vectors from a build before (`kept_vectors`), reused where
        nothing they read changed; `code`, a digest of the scorer that made them;
        `previous_terms`, the terms then of the articles whose terms changed (see
        `LanguageIndex`).
        """
        self.config = config
        self.languages = tuple(languages)
        self._kept_signatures = KeptSignatures(b"", {}, {})
        self.signed = 0
        """Signatures the last `signatures` call made (the others were kept)."""
        self.by_lang: dict[str, LanguageIndex] = {}
        self.articles: list[tuple[str, int]] = []
        """Every article as (language, position), in the order of the result."""
        if config.max_related <= 0:
            return
        docs = list(docs)
        self.links = {group: frozenset(targets) for group, targets in links.items()}
        kept = kept or {}
        self.by_lang = {
            lang: LanguageIndex(
                (d for d in docs if d.lang == lang), config, kept.get(lang), code, previous_terms
            )
            for lang in languages
        }
        self.linked = _undirected(self.links)
        self.strengths = _link_strengths(self.links, (d.group for d in docs))
        groups_in = {lang: {d.group for d in index.docs} for lang, index in self.by_lang.items()}
        self.members = {
            (lang, d.group): i
            for lang, index in self.by_lang.items()
            for i, d in enumerate(index.docs)
        }
        self.same_pool = {
            lang: index.postings(range(len(index.docs))) for lang, index in self.by_lang.items()
        }
        self.foreign_pool = {}
        if config.allow_other_language:
            for lang in languages:
                for other in languages:
                    if other != lang:
                        index = self.by_lang[other]
                        alone = (
                            i for i, d in enumerate(index.docs) if d.group not in groups_in[lang]
                        )
                        self.foreign_pool[(lang, other)] = index.postings(alone)
        self.articles = [
            (lang, i) for lang in languages for i in range(len(self.by_lang[lang].docs))
        ]

    def kept_vectors(self) -> dict[str, KeptVectors]:
        """Each language's vectors, for the next build's ranker (its `kept`)."""
        return {lang: index.kept() for lang, index in self.by_lang.items()}

    def article_id(self, lang: str, position: int) -> str:
        return self.by_lang[lang].docs[position].id

    def rank(self, articles: Iterable[tuple[str, int]]) -> dict[str, list[Related]]:
        """{article id: related articles, best first} for `articles` (see `articles`)."""
        languages, by_lang, keep = self.languages, self.by_lang, self.config.max_related
        result: dict[str, list[Related]] = {}
        for lang, i in articles:
            index = by_lang[lang]
            doc = index.docs[i]
            around = self.link_strengths(doc.group)
            query = _query(index, i, index.tag_sets[i], doc.day, doc.group, around)
            same = [
                _Candidate(s.score, index.docs[s.position].id, lang, s, query, {})
                for s in _candidates(index, self.same_pool[lang], query, keep)
            ]
            foreign = []
            for other in languages:
                pool = self.foreign_pool.get((lang, other))
                if pool is None or not pool.groups:
                    continue
                other_index = by_lang[other]
                # Compared with this article's own translation when there is one.
                twin = self.members.get((other, doc.group))
                other_query = _query(other_index, twin, query.tags, doc.day, doc.group, around)
                found = _candidates(other_index, pool, other_query, keep)
                if not found:
                    continue
                foreign += [
                    _Candidate(s.score, other_index.docs[s.position].id, other, s, other_query, {})
                    for s in found
                ]
                # The same measure for the page's own candidates: their translations,
                # scored against the same query in the same index (at most `keep`). Without
                # a translation of the page there is no text to compare with: no measure.
                at = {}
                for c in same:
                    j = None
                    if twin is not None:
                        j = self.members.get((other, index.docs[c.scored.position].group))
                    c.cross[other] = None if j is None else 0.0
                    if j is not None:
                        at[j] = c
                for s in _exact_scores(other_index, other_query, sorted(at)):
                    at[s.position].cross[other] = s.score
            foreign.sort(key=lambda f: (-f.score, f.id))
            result[doc.id] = [
                Related(
                    id=c.id,
                    lang=c.lang,
                    score=round(c.score, 6),
                    reasons=_reasons(by_lang[c.lang], c.query, c.scored, self.links),
                )
                for c in _merge(same, foreign, keep)
            ]
        return result

    def link_strengths(self, group: str) -> dict[str, float]:
        """{group linked to or from `group`: the strength of that link (0..1)}."""
        strengths = self.strengths
        return {
            other: max(
                strengths.get(group, 0.0) if other in self.links.get(group, ()) else 0.0,
                strengths.get(other, 0.0) if group in self.links.get(other, ()) else 0.0,
            )
            for other in sorted(self.linked.get(group, ()))
        }

    def counters(self) -> dict[str, int]:
        """Work done by `rank` so far: postings visited, candidates scored."""
        pools = [*self.same_pool.values(), *self.foreign_pool.values()] if self.articles else []
        return {"postings": sum(p.work for p in pools), "scored": sum(p.scored for p in pools)}

    def signatures(self, salt: bytes = b"", kept: KeptSignatures | None = None) -> dict[str, str]:
        """{article id: digest of everything its ranking reads}, `salt` (the code) included.

        What `rank` reads for an article: its own vector, tags, day, group and links (with
        their directions: the reasons say who links to whom); in its pool and in each
        pool of another language, the postings of its probe terms and of its tags and the
        members of its linked groups, each posting by the digest of its article (vector,
        tags, day, group: what exact scores and reasons read). Everything shared (the
        settings, every tag's weight, the articles of each language in order) goes into
        every signature: a new tag or article ranks every article again.

        With `kept` (the last build's `kept_signatures()`), only the articles that read
        something that changed are signed again (`_unchanged`); the others keep theirs.
        `kept_signatures()` then holds this build's, for the next one.
        """
        if not self.articles:
            return {}
        shared = hashlib.blake2b(salt, digest_size=16)
        shared.update(repr(self.config).encode())
        for lang, index in self.by_lang.items():
            shared.update(repr((lang, sorted(index.tag_idf.items()))).encode())
            shared.update(repr([d.id for d in index.docs]).encode())
        shared_digest = shared.digest()
        # What the kept signatures stand on besides the articles' own digests: the
        # above, and the links (each article's directions and strengths read them all).
        key = _digest_of(
            [shared_digest, _bytes(sorted((g, sorted(t)) for g, t in self.links.items()))]
        )
        docs = {lang: _doc_digests(index) for lang, index in self.by_lang.items()}
        pools = {(lang, lang): pool for lang, pool in self.same_pool.items()}
        pools.update(self.foreign_pool)
        # A candidate of the page's language is also measured, against a candidate of
        # another language, by its translation: its postings carry that version's digest.
        with_twins = docs
        if self.foreign_pool:
            with_twins = {
                lang: [
                    _digest_of(
                        [
                            own,
                            *(
                                docs[o][j]
                                if (j := self.members.get((o, d.group))) is not None
                                else b"-"
                                for o in self.languages
                                if o != lang
                            ),
                        ]
                    )
                    for own, d in zip(docs[lang], index.docs, strict=True)
                ]
                for lang, index in self.by_lang.items()
            }
        postings = {
            key: _PoolDigests(pool, (with_twins if key[0] == key[1] else docs)[key[1]])
            for key, pool in pools.items()
        }
        state = {
            d.id: (docs[lang][i], with_twins[lang][i], d.group, d.day, d.tags)
            for lang, index in self.by_lang.items()
            for i, d in enumerate(index.docs)
        }
        probes: dict[str, dict[int, list[str]]] = {lang: {} for lang in self.languages}
        unchanged = set()
        if kept is not None:
            unchanged = self._unchanged(kept, key, state, pools, probes)
        links = self.links
        result = {}
        for lang, i in self.articles:
            doc = self.by_lang[lang].docs[i]
            if (lang, i) in unchanged:
                result[doc.id] = kept.signatures[doc.id]
                continue
            strengths = self.link_strengths(doc.group)
            around = list(strengths)
            own_links = links.get(doc.group, frozenset())
            directions = [
                (g, g in own_links, doc.group in links.get(g, ()), strengths[g]) for g in around
            ]
            # The article's own digest covers its vector: its probe terms and their weights.
            parts = [shared_digest, docs[lang][i], _bytes(directions)]
            tags = sorted(self.by_lang[lang].tag_sets[i])
            for other in self.languages:
                pool = postings.get((lang, other))
                if pool is None:
                    continue
                twin = i if other == lang else self.members.get((other, doc.group))
                if twin is None:
                    parts.append(pool.of((), tags, around, doc.group))
                    continue
                if other != lang:
                    parts.append(docs[other][twin])
                parts.append(pool.of(self._probe(probes, other, twin), tags, around, doc.group))
            result[doc.id] = _digest_of(parts).hex()
        self.signed = len(result) - len(unchanged)
        self._kept_signatures = KeptSignatures(key, state, result)
        return result

    def kept_signatures(self) -> KeptSignatures:
        """What the last `signatures` call read, for the next build's (its `kept`)."""
        return self._kept_signatures

    def _probe(self, probes: dict, lang: str, position: int) -> list[str]:
        """The terms `_query` probes for an article (its strongest), made once."""
        found = probes[lang].get(position)
        if found is None:
            vector = self.by_lang[lang].vectors[position]
            count = self.config.probe_terms
            ordered = sorted(vector.items(), key=lambda item: (-item[1], item[0]))
            found = probes[lang][position] = [t for t, _ in ordered[:count]]
        return found

    def _unchanged(
        self, kept: KeptSignatures, key: bytes, state: dict, pools: dict, probes: dict
    ) -> set:
        """The articles (language, position) whose signature is the kept one.

        Empty unless the kept signatures were made from the same shared inputs (`key`)
        for the same articles, in the same groups. An article's signature then reads
        only its own digest, its translations' digests and, in each pool, the postings of
        its probe terms, of its tags and of the groups around it, each made of the
        digests of its articles (with their translations' in the page's own language).
        Such a posting changed only if an article whose digest changed is in it now or
        was before: it holds, or held, the term or the tag, or is of the group. So an
        article none of whose reads meets the terms (old and new vectors), tags and
        groups of the changed articles keeps its signature. The old vectors come from
        the kept vectors (`LanguageIndex.previous`), checked against the kept digests.
        """
        if kept.key != key or not kept.docs.keys() == kept.signatures.keys() == state.keys():
            return set()
        cap = self.config.max_postings
        changed: dict[str, set[int]] = {}
        twinned: dict[str, set[int]] = {}
        old_vectors: dict[tuple[str, int], dict[str, float]] = {}
        for lang, index in self.by_lang.items():
            changed[lang], twinned[lang] = set(), set()
            for i, doc in enumerate(index.docs):
                digest, twins, group, day, tags = kept.docs[doc.id]
                now = state[doc.id]
                if group != doc.group:
                    return set()  # pools of another language hold other articles now
                if twins != now[1]:
                    twinned[lang].add(i)
                if digest == now[0]:
                    continue
                changed[lang].add(i)
                previous = index.previous.vectors.get(doc.id) if index.previous else None
                mass = math.fsum(index.tag_idf[t] for t in frozenset(tags))
                if (
                    previous is None
                    or _doc_digest(doc.id, group, day, previous[1], frozenset(tags), mass) != digest
                ):
                    return set()  # the vector it had is not known
                old_vectors[(lang, i)] = previous[1]
        touched: dict[tuple[str, str], tuple[set, set, set]] = {}
        for pool_key in pools:
            lang, other = pool_key
            index = self.by_lang[other]
            terms, tags, groups = set(), set(), set()
            for j in twinned[other] if lang == other else changed[other]:
                doc = index.docs[j]
                terms.update(index.vectors[j])
                terms.update(old_vectors.get((other, j), ()))
                tags.update(doc.tags, kept.docs[doc.id][4])
                groups.add(doc.group)
            # Tags on more articles than a posting holds have no posting (`postings`).
            tags = {t for t in tags if index.tag_df[t] <= cap}
            touched[pool_key] = (terms, tags, groups)
        unchanged = set()
        for lang, i in self.articles:
            index = self.by_lang[lang]
            if i in changed[lang]:
                continue
            doc = index.docs[i]
            twins = [(o, self.members.get((o, doc.group))) for o in self.languages if o != lang]
            if any(j is not None and j in changed[o] for o, j in twins):
                continue
            around = self.linked.get(doc.group, frozenset()) | {doc.group}
            reads = True
            for (source, other), (terms, tags, groups) in touched.items():
                if source != lang:
                    continue
                twin = i if other == lang else self.members.get((other, doc.group))
                if not groups.isdisjoint(around) or not tags.isdisjoint(index.tag_sets[i]):
                    reads = False
                elif (
                    twin is not None
                    and not terms.isdisjoint(self.by_lang[other].keysets[twin])
                    and not terms.isdisjoint(self._probe(probes, other, twin))
                ):
                    reads = False
                if not reads:
                    break
            if reads:
                unchanged.add((lang, i))
        return unchanged


def _doc_digest(doc_id: str, group: str, day, vector, tags: frozenset, mass: float) -> bytes:
    """What scoring reads of an article as a candidate, as a digest."""
    return hashlib.blake2b(
        _bytes((doc_id, group, day, sorted(vector.items()), sorted(tags), mass)), digest_size=16
    ).digest()


def _doc_digests(index: LanguageIndex) -> list[bytes]:
    """Per article of `index`: a digest of what scoring reads of it as a candidate."""
    return [
        _doc_digest(doc.id, doc.group, doc.day, vector, tags, mass)
        for doc, vector, tags, mass in zip(
            index.docs, index.vectors, index.tag_sets, index.tag_mass, strict=True
        )
    ]


class _PoolDigests:
    """Digests of a pool's postings (by term, by tag), each made once, on first use."""

    def __init__(self, pool: Postings, docs: list[bytes]) -> None:
        self.pool, self.docs = pool, docs
        self.terms: dict[str, bytes] = {}
        self.tags: dict[str, bytes] = {}
        self.marker = b"P" if pool.groups else b"-"

    def of(self, probe: Iterable[str], tags, groups, own_group) -> bytes:
        parts = [self.marker]
        terms, docs = self.terms, self.docs
        for term in probe:
            found = terms.get(term)
            if found is None:
                entries = self.pool.terms.get(term, ())
                found = terms[term] = _digest_of(
                    [term.encode(), _bytes([w for _, w in entries])] + [docs[i] for i, _ in entries]
                )
            parts.append(found)
        for tag in tags:
            found = self.tags.get(tag)
            if found is None:
                ids = self.pool.tags.get(tag)
                found = self.tags[tag] = _digest_of(
                    [tag.encode(), b"+" if ids is not None else b"-"] + [docs[i] for i in ids or ()]
                )
            parts.append(found)
        for group in (*groups, own_group):
            i = self.pool.groups.get(group)
            parts.append(docs[i] if i is not None else b"-")
        return _digest_of(parts)


def _digest_of(parts: list[bytes]) -> bytes:
    return hashlib.blake2b(_bytes(parts), digest_size=16).digest()


def _bytes(value) -> bytes:
    """Plain values (str, float, bytes, tuples and lists of them) as bytes, in C.

    Equal values, equal bytes; different values, different bytes (floats exactly).
    Marshal format 2 writes no references, so bytes never depend on object identity.
    """
    try:
        return marshal.dumps(value, 2)
    except ValueError:  # a str subclass somewhere: its repr says it all
        return repr(value).encode("utf-8", "surrogatepass")


@dataclass(slots=True, eq=False)
class _Candidate:
    score: float
    id: str
    lang: str
    scored: _Scored
    query: _Query
    cross: dict[str, float | None]
    """A candidate of the page's language: {other language: the score of its translation
    there against the query a candidate of that language had, or None without one}."""


def _beats(foreign: _Candidate, same: _Candidate) -> bool:
    """Whether a candidate of another language goes ahead of one of the page's language.

    Only on the same measure: the page's candidate as its translation in the foreign
    candidate's index, both against the page's own translation there. A candidate with no
    version there, or a page with none, gives no such measure: the page's candidate keeps
    its place, and readers get articles in their language first.
    """
    cross = same.cross.get(foreign.lang)
    return cross is not None and foreign.score > cross


def _merge(same: list, foreign: list, keep: int) -> list:
    """Same-language candidates first; another language's only where it `_beats` them."""
    chosen = []
    a = b = 0
    while len(chosen) < keep and (a < len(same) or b < len(foreign)):
        if b < len(foreign) and (a >= len(same) or _beats(foreign[b], same[a])):
            chosen.append(foreign[b])
            b += 1
        else:
            chosen.append(same[a])
            a += 1
    return chosen


def group_key(kind: str, translation_key: str) -> str:
    """The node an article and its translations share ('article:<translation key>')."""
    return f"{kind}:{translation_key}"


def docs_from_records(records: Iterable) -> list[Doc]:
    """Scorer input from content-index records (any objects with the same attributes)."""
    docs = []
    for record in records:
        if record.kind != "article":
            continue
        day = None
        if record.date:
            day = float(datetime.fromisoformat(record.date).date().toordinal())
        docs.append(
            Doc(
                id=record.id,
                group=group_key(record.kind, record.translation_key),
                lang=record.lang,
                terms=record.terms,
                tags=tuple(record.tag_ids),
                day=day,
            )
        )
    return docs


# Elided articles and possessives the analyzer drops: "d'experts" -> "experts".
_ELIDED = re.compile(
    r"^(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu|quoiqu)['’]|['’]s$", re.IGNORECASE
)


def surface_forms(texts: Iterable[str], lang: str, wanted: set[str], tokens) -> dict[str, str]:
    """{stem: the word as most often written} for the wanted stems found in `texts`.

    `tokens(text, lang)` yields (stem, start, end) (content_index's `iter_tokens`). Words
    are shown in lower case unless always capitalised the same way (a name: "SharePoint").
    """
    return best_forms(form_counts(texts, lang, wanted, tokens), wanted)


def form_counts(
    texts: Iterable[str], lang: str, wanted: Iterable[str], tokens
) -> dict[str, Counter[str]]:
    """{stem: how often each written form occurs} for the wanted stems found in `texts`.

    Counts add up: the counts of two sets of texts are those of both together, and those
    of two sets of stems are the union of each (what `best_forms` reads).
    """
    wanted = wanted if isinstance(wanted, (set, frozenset)) else set(wanted)
    forms: dict[str, Counter[str]] = {}
    for text in texts:
        text = unicodedata.normalize("NFC", text)
        for stem, start, end in tokens(text, lang):
            if stem in wanted:
                form = _ELIDED.sub("", text[start:end])
                # A capital at the start of a title or sentence says nothing about the word.
                before = text[max(0, start - 3) : start].rstrip(" \t")
                if not before or before.endswith(("\n", ".", "!", "?", ":")):
                    form = form.lower()
                forms.setdefault(stem, Counter())[form] += 1
    return forms


def best_forms(forms: Mapping[str, Counter[str]], wanted: Iterable[str]) -> dict[str, str]:
    """{stem: the form to show} for the wanted stems of `form_counts`' result."""
    result = {}
    for stem in wanted:
        counts = forms.get(stem)
        if not counts:
            continue
        lowered: Counter[str] = Counter()
        for form, n in counts.items():
            lowered[form.lower()] += n
        best = min(lowered.items(), key=lambda kv: (-kv[1], kv[0]))[0]
        variants = [f for f in counts if f.lower() == best]
        result[stem] = best if best in counts or len(set(variants)) > 1 else variants[0]
    return result
