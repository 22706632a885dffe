"""Explainable tag suggestions from term statistics.

Two signals, both cheap and easy to explain to an author:

* **mention** — a label or alias of the concept occurs in the article
  (matched on analysed terms, so the caller's stemmer applies to both sides);
* **association** — the article shares terms that are typical of articles
  already carrying the tag. A term is typical of tag *c* when it is more
  frequent among *c*'s articles than overall (positive pointwise mutual
  information), weighted by the share of *c*'s articles containing it.

Term presence, not raw counts, feeds the association, so one long article
cannot dominate a profile. Pure Python; no Pelican import.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from .model import Concept, FrozenMapping, Taxonomy, normalise

__all__ = ["Suggestion", "TagProfiles", "build_tag_profiles", "suggest_tags"]

# A direct mention of a label outweighs a handful of weakly shared terms.
MENTION_WEIGHT = 2.0
# Only the strongest shared terms count, so long articles do not win by volume.
TOP_TERMS = 10
# Terms named in a suggestion's reason.
REASON_TERMS = 3


@dataclass(frozen=True)
class Suggestion:
    """One suggested concept, its score and a one-line explanation."""

    concept_id: str
    score: float
    reason: str


@dataclass(frozen=True)
class TagProfiles:
    """Per-term association weights learnt from already-tagged articles.

    ``term_weights[term]`` is a tuple of ``(concept_id, weight)`` pairs with
    positive weight, sorted by concept id.
    """

    doc_count: int
    tag_doc_counts: Mapping[str, int]
    term_weights: Mapping[str, tuple[tuple[str, float], ...]]


def build_tag_profiles(
    docs: Iterable[tuple[Mapping[str, int], Sequence[str]]],
    min_support: int = 2,
) -> TagProfiles:
    """Learn term/tag associations from ``(term_counts, concept_ids)`` pairs.

    A term must occur in at least *min_support* articles of a tag to count
    for it: a single article is an anecdote, not a profile.
    """
    doc_count = 0
    doc_freq: Counter[str] = Counter()
    tag_docs: Counter[str] = Counter()
    tag_term_docs: dict[str, Counter[str]] = {}
    for term_counts, concept_ids in docs:
        doc_count += 1
        terms = {t for t, count in term_counts.items() if count > 0}
        doc_freq.update(terms)
        for concept_id in dict.fromkeys(concept_ids):
            tag_docs[concept_id] += 1
            tag_term_docs.setdefault(concept_id, Counter()).update(terms)

    weights: dict[str, list[tuple[str, float]]] = {}
    for concept_id in sorted(tag_term_docs):
        n_tag = tag_docs[concept_id]
        for term, n_both in tag_term_docs[concept_id].items():
            if n_both < min_support:
                continue
            share = n_both / n_tag  # P(term | tag)
            pmi = math.log(share * doc_count / doc_freq[term])  # log P(t|c)/P(t)
            if pmi > 0:
                weights.setdefault(term, []).append((concept_id, share * pmi))
    return TagProfiles(
        doc_count=doc_count,
        tag_doc_counts=FrozenMapping(sorted(tag_docs.items())),
        term_weights=FrozenMapping({t: tuple(w) for t, w in sorted(weights.items())}),
    )


def _default_analyze(text: str) -> list[str]:
    return normalise(text).split()


def _score_mention(
    concept: Concept,
    term_counts: Mapping[str, int],
    analyze: Callable[[str], Sequence[str]],
) -> tuple[float, str]:
    """Best label/alias mention of *concept*: (score, reason) or (0, "")."""
    best_count, best_name, best_kind = 0, "", ""
    labels = set(concept.labels.values())
    for name in concept.names():
        terms = list(analyze(name))
        if not terms:
            continue
        # Bag of words cannot check adjacency; the rarest word of a phrase
        # bounds how often the phrase can occur.
        count = min(term_counts.get(t, 0) for t in terms)
        if count > best_count:
            best_count, best_name = count, name
            best_kind = "label" if name in labels else "alias"
    if not best_count:
        return 0.0, ""
    score = MENTION_WEIGHT * (1 + math.log(best_count))
    return score, f"{best_kind} '{best_name}' appears {best_count}×"


def _score_associations(
    term_counts: Mapping[str, int], profiles: TagProfiles
) -> dict[str, list[tuple[float, str]]]:
    """Concept id -> [(weight, term)] of shared terms, strongest first."""
    shared: dict[str, list[tuple[float, str]]] = {}
    for term in sorted(term_counts):
        if term_counts[term] <= 0:
            continue
        for concept_id, weight in profiles.term_weights.get(term, ()):
            shared.setdefault(concept_id, []).append((weight, term))
    for pairs in shared.values():
        pairs.sort(key=lambda pair: (-pair[0], pair[1]))
    return shared


def suggest_tags(
    term_counts: Mapping[str, int],
    profiles: TagProfiles,
    taxonomy: Taxonomy,
    lang: str,
    exclude: Iterable[str] = (),
    n: int = 5,
    analyze: Callable[[str], Sequence[str]] | None = None,
) -> list[Suggestion]:
    """Up to *n* concepts worth adding to an article, best first.

    *term_counts* are the article's analysed terms; *analyze* must be the
    same analyser (default: :func:`normalise` then split on spaces) so labels
    and aliases become comparable terms. *exclude* holds concept ids already
    on the article. *lang* selects the label used in reasons. Ordering is
    deterministic: score descending, then concept id.
    """
    analyze = analyze or _default_analyze
    skipped = set(exclude)
    shared = _score_associations(term_counts, profiles)
    suggestions = []
    for concept in taxonomy.concepts:
        if concept.id in skipped:
            continue
        score, reason = _score_mention(concept, term_counts, analyze)
        reasons = [reason] if reason else []
        top = shared.get(concept.id, [])[:TOP_TERMS]
        if top:
            score += sum(weight for weight, _ in top)
            terms = ", ".join(term for _, term in top[:REASON_TERMS])
            count = profiles.tag_doc_counts.get(concept.id, 0)
            reasons.append(
                f"shares terms {terms} with {count} articles tagged {concept.label(lang)}"
            )
        if score > 0:
            suggestions.append(Suggestion(concept.id, round(score, 6), "; ".join(reasons)))
    suggestions.sort(key=lambda s: (-s.score, s.concept_id))
    return suggestions[:n]
