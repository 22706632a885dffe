"""Explainable tag suggestions from term statistics.

Two signals, both cheap and easy to explain to an author:

* **mention** — a label or alias of the concept occurs in the article
  (matched on analysed terms, so the caller's stemmer applies to both sides;
  given the article's tokens, as a phrase of consecutive words, counted as it
  occurs and quoted as written: "mentions 'innovate'" for the label
  "Innovation");
* **association** — the article shares terms that are typical of articles
  already carrying the tag. A term is typical of tag *c* when it is more
  frequent among *c*'s articles than overall (positive pointwise mutual
  information), weighted by the share of *c*'s articles containing it
  (smoothed, see below).
  Terms in more than half of the articles, and numbers ("2" of "2.0"), say
  nothing an author can read about a subject and never count.

A mention is what an author can check in the text: a literal one scores
`MENTION_WEIGHT` * (1 + ln count), another form of its words below 1. An
association learnt from a tag's few articles is vague: the share of a tag's
articles holding a term is counted as if the tag had `SHARE_PRIOR` more
articles without it, so the two-article tags of a small site weigh little
(a glossary page naming "Taylorisme" three times gets that tag first, not
"Management" from words two Management articles happen to share), and the
large tags of a big site nearly their full share.

Term presence, not raw counts, feeds the association, so one long article
cannot dominate a profile. Pure Python; no Pelican import.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from .model import Concept, FrozenMapping, Taxonomy, normalise

__all__ = ["Suggestion", "TagProfiles", "build_tag_profiles", "suggest_tags", "written_forms"]

# A direct mention of a label outweighs a handful of weakly shared terms.
MENTION_WEIGHT = 2.0
# Only the strongest shared terms count, so long articles do not win by volume.
TOP_TERMS = 10
# Elided articles and possessives the analyzer drops: "d'abord" is written "abord".
_ELIDED = re.compile(
    r"^(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu|quoiqu)['’]|['’]s$", re.IGNORECASE
)
# Terms named in a suggestion's reason.
REASON_TERMS = 3
# Terms in more of the articles than this share are not typical of any tag.
MAX_DOC_SHARE = 0.5
# Added to a tag's article count in the share of its articles holding a term: two
# articles out of two is weaker evidence than forty out of forty (2/10 against 40/48).
SHARE_PRIOR = 8


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
    doc_freq: Mapping[str, int] = FrozenMapping({})
    """Articles holding each term (all terms)."""
    term_docs: Mapping[tuple[str, str], int] = FrozenMapping({})
    """``(concept_id, term)``: the articles of the tag holding the term, as a bit set
    (bit *i* for the *i*-th article read), for every pair of ``term_weights``: a reason
    counts the articles that really share its terms."""


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
    tag_term_docs: dict[str, dict[str, int]] = {}
    for term_counts, concept_ids in docs:
        bit = 1 << doc_count
        doc_count += 1
        terms = {t for t, count in term_counts.items() if count > 0 and not t.isdigit()}
        doc_freq.update(terms)
        for concept_id in dict.fromkeys(concept_ids):
            tag_docs[concept_id] += 1
            holders = tag_term_docs.setdefault(concept_id, {})
            for term in terms:
                holders[term] = holders.get(term, 0) | bit

    limit = _common_limit(doc_count)
    weights: dict[str, list[tuple[str, float]]] = {}
    term_docs: dict[tuple[str, str], int] = {}
    for concept_id in sorted(tag_term_docs):
        n_tag = tag_docs[concept_id]
        for term, holders in tag_term_docs[concept_id].items():
            n_both = holders.bit_count()
            if n_both < min_support or doc_freq[term] > limit:
                continue
            share = n_both / n_tag  # P(term | tag)
            pmi = math.log(share * doc_count / doc_freq[term])  # log P(t|c)/P(t)
            if pmi > 0:
                smoothed = n_both / (n_tag + SHARE_PRIOR)
                weights.setdefault(term, []).append((concept_id, smoothed * pmi))
                term_docs[(concept_id, term)] = holders
    return TagProfiles(
        doc_count=doc_count,
        tag_doc_counts=FrozenMapping(sorted(tag_docs.items())),
        term_weights=FrozenMapping({t: tuple(w) for t, w in sorted(weights.items())}),
        doc_freq=FrozenMapping(sorted(doc_freq.items())),
        term_docs=FrozenMapping(sorted(term_docs.items())),
    )


def _common_limit(doc_count: int) -> float:
    """More articles than this hold a common term: it says nothing about a subject.

    Tiny sites keep every term shared by up to three articles.
    """
    return max(MAX_DOC_SHARE * doc_count, min(doc_count, 3))


def _default_analyze(text: str) -> list[str]:
    return normalise(text).split()


class Mention(NamedTuple):
    count: int
    name: str
    kind: str
    """"label" or "alias"."""
    written: str
    """The words as the article writes them (the most frequent way)."""
    literal: bool
    """The article writes the name itself (up to case, accents and punctuation)."""


def _score_mention(
    concept: Concept,
    term_counts: Mapping[str, int],
    analyze: Callable[[str], Sequence[str]],
    text: str | None = None,
    tokens: Sequence[tuple[str, int, int]] | None = None,
    starts: Mapping[str, list[int]] | None = None,
    common: Callable[[Sequence[str]], bool] = lambda terms: False,
) -> tuple[float, str]:
    """Mentions of *concept*'s labels and aliases: (score, reason) or (0, "").

    With the article's *text* and its *tokens* ((term, start, end) in order, offsets
    into *text*), a name counts where its terms follow each other in the text (a
    longer name first: "réseau social d'entreprise" is not also "réseau social"), and
    the reason quotes the words as written. Literal mentions (the name as written,
    up to case, accents and punctuation) score MENTION_WEIGHT * (1 + ln count), at
    least MENTION_WEIGHT; another form of the same stems ("innovate" for
    "Innovation") 1 - 0.5 ** count, below 1. Without tokens, the rarest word of a
    name bounds how often it can occur (a bag of words cannot check adjacency). A
    `common` name (a single word in most of the site's articles: "Outils" on a site
    about tools) is no evidence and is not looked for.
    """
    labels = set(concept.labels.values())
    mentions: list[Mention] = []
    if tokens is None or text is None:
        best = None
        for name in concept.names():
            terms = list(analyze(name))
            if not terms or common(terms):
                continue
            count = min(term_counts.get(t, 0) for t in terms)
            if count and (best is None or count > best.count):
                best = Mention(count, name, "label" if name in labels else "alias", name, True)
        mentions = [best] if best else []
    else:
        mentions = _phrases(concept, labels, analyze, text, tokens, starts or {}, common)
    literal = [m for m in mentions if m.literal]
    other = [m for m in mentions if not m.literal]
    score = 0.0
    parts = []
    if literal:
        score += MENTION_WEIGHT * (1 + math.log(sum(m.count for m in literal)))
        first, *rest = literal[:REASON_TERMS]
        parts.append(
            ", ".join(
                [f"{first.kind} '{first.name}' appears {first.count}×"]
                + [f"{m.kind} '{m.name}' {m.count}×" for m in rest]
            )
        )
    if other:
        score += 1 - 0.5 ** sum(m.count for m in other)
        if not literal:
            m = other[0]
            parts.append(f"mentions '{m.written}' {m.count}× ({m.kind} '{m.name}')")
    return score, "; ".join(parts)


def _phrases(concept, labels, analyze, text, tokens, starts, common) -> list[Mention]:
    """Each name of *concept* where its terms follow each other in *tokens*, most first.

    A span of tokens counts once, for the longest name found there.
    """
    found = []  # (length, start, name, kind, written form, literal)
    for name in concept.names():
        terms = list(analyze(name))
        n = len(terms)
        if not n or common(terms):
            continue
        wanted = normalise(name)
        kind = "label" if name in labels else "alias"
        for i in starts.get(terms[0], ()):
            if [t for t, _, _ in tokens[i : i + n]] == terms:
                span = " ".join(text[tokens[i][1] : tokens[i + n - 1][2]].split())
                span = _ELIDED.sub("", span)
                found.append((n, i, name, kind, span, normalise(span) == wanted))
    taken: set[int] = set()
    counts: dict[tuple[str, str, bool], Counter[str]] = {}
    for n, i, name, kind, span, literal in sorted(found, key=lambda f: (-f[0], f[1], f[2])):
        if taken.isdisjoint(range(i, i + n)):
            taken.update(range(i, i + n))
            counts.setdefault((name, kind, literal), Counter())[span] += 1
    mentions = [
        Mention(
            sum(forms.values()),
            name,
            kind,
            min(forms.items(), key=lambda kv: (-kv[1], kv[0]))[0],
            literal,
        )
        for (name, kind, literal), forms in counts.items()
    ]
    mentions.sort(key=lambda m: (-m.count, m.kind != "label", m.name))
    return mentions


def written_forms(text: str, tokens: Iterable[tuple[str, int, int]]) -> dict[str, str]:
    """{term: the word as the text most often writes it}.

    In lower case, unless a name's capitals are always the same ("SharePoint").
    """
    forms: dict[str, Counter[str]] = {}
    for term, start, end in tokens:
        forms.setdefault(term, Counter())[_ELIDED.sub("", text[start:end])] += 1
    result = {}
    for term, counts in forms.items():
        lowered: Counter[str] = Counter()
        for form, n in counts.items():
            lowered[form.lower()] += n
        best = min(lowered.items(), key=lambda kv: (-kv[1], kv[0]))[0]
        variants = {f for f in counts if f.lower() == best}
        result[term] = variants.pop() if len(variants) == 1 else best
    return result


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
    text: str | None = None,
    tokens: Sequence[tuple[str, int, int]] | None = None,
) -> list[Suggestion]:
    """Up to *n* concepts worth adding to an article, best first.

    *term_counts* are the article's analysed terms; *analyze* must be the
    same analyser (default: :func:`normalise` then split on spaces) so labels
    and aliases become comparable terms. *exclude* holds concept ids already
    on the article. *lang* selects the label used in reasons. With the
    article's *text* and *tokens* ((term, start, end) of each analysed word,
    in order, offsets into *text*), mentions are phrases counted as they occur
    and reasons quote words as written, not terms. Ordering is deterministic:
    score descending, then concept id.
    """
    analyze = analyze or _default_analyze
    skipped = set(exclude)
    shared = _score_associations(term_counts, profiles)
    starts: dict[str, list[int]] = {}
    forms: dict[str, str] = {}
    if tokens is not None and text is not None:
        tokens = list(tokens)
        for i, (term, _, _) in enumerate(tokens):
            starts.setdefault(term, []).append(i)
        forms = written_forms(text, tokens)
    limit = _common_limit(profiles.doc_count)
    doc_freq = profiles.doc_freq

    def common(terms: Sequence[str]) -> bool:
        # One word's articles are the name's; a phrase is rarer than its words.
        return len(terms) == 1 and doc_freq.get(terms[0], 0) > limit

    suggestions = []
    for concept in taxonomy.concepts:
        if concept.id in skipped:
            continue
        score, reason = _score_mention(concept, term_counts, analyze, text, tokens, starts, common)
        reasons = [reason] if reason else []
        top = shared.get(concept.id, [])[:TOP_TERMS]
        if top:
            score += math.fsum(weight for weight, _ in top)
            shown = [term for _, term in top[:REASON_TERMS]]
            terms = ", ".join(f"'{forms.get(term, term)}'" for term in shown)
            holders = 0
            for term in shown:
                holders |= profiles.term_docs.get((concept.id, term), 0)
            # The articles of the tag that hold at least one of the terms named.
            count = holders.bit_count() or profiles.tag_doc_counts.get(concept.id, 0)
            of = profiles.tag_doc_counts.get(concept.id, count)
            reasons.append(
                f"shares terms {terms} with {count} of the {of} articles tagged "
                f"{concept.label(lang)}"
                if count != of
                else f"shares terms {terms} with {count} articles tagged {concept.label(lang)}"
            )
        if score > 0:
            suggestions.append(Suggestion(concept.id, round(score, 6), "; ".join(reasons)))
    suggestions.sort(key=lambda s: (-s.score, s.concept_id))
    return suggestions[:n]
