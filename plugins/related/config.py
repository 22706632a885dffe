"""Settings of the related plugin, read once per build and checked.

Every setting is optional; `RelatedConfig` documents its default. A misspelt `RELATED_*`
setting or an invalid value stops the build with a message naming the setting, rather
than being silently ignored.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, fields
from typing import Any


class RelatedConfigError(ValueError):
    """A `RELATED_*` setting is unknown or has an invalid value; the message names it."""


@dataclass(frozen=True)
class RelatedConfig:
    max_related: int = 5
    """`RELATED_MAX`: how many related articles each article lists (0 turns the list off)."""
    weight_text: float = 1.0
    """`RELATED_WEIGHT_TEXT`: weight of text similarity (cosine of TF-IDF vectors, 0..1)."""
    weight_tags: float = 0.6
    """`RELATED_WEIGHT_TAGS`: weight of shared tag concepts (rarity-weighted Jaccard, 0..1)."""
    weight_links: float = 0.4
    """`RELATED_WEIGHT_LINKS`: weight of an explicit link in either direction (0..1: 1 for a
    link from a page that links to one article, less from a page that links to many)."""
    weight_recency: float = 0.05
    """`RELATED_WEIGHT_RECENCY`: weight of closeness in publication date (0..1)."""
    recency_half_life_days: float = 365.0
    """`RELATED_RECENCY_HALF_LIFE_DAYS`: two articles this far apart get half the recency term."""
    min_text: float = 0.15
    """`RELATED_MIN_TEXT`: text similarity below this is no evidence on its own (an article
    sharing no tag and no link with another needs at least this much to be listed), and
    is never given as a reason ("similar subject: ...")."""
    min_shared_terms: int = 2
    """`RELATED_MIN_SHARED_TERMS`: text similarity resting on fewer shared terms counts as 0
    (one word in common says nothing about a subject)."""
    allow_other_language: bool = True
    """`RELATED_ALLOW_OTHER_LANGUAGE`: an article that exists only in another language may be
    listed (with its language badge) ahead of an article of the page's language only when it
    scores higher than that article's translation, both compared with the page's own
    translation in the other language's index (the same measure); never ahead of an
    article that has no version in that language."""
    top_terms: int = 20
    """`RELATED_TOP_TERMS`: terms kept per article (its highest TF-IDF weights); only these
    are compared, which keeps the work proportional to shared terms."""
    probe_terms: int = 10
    """`RELATED_PROBE_TERMS`: an article looks for candidates through its strongest terms
    only (candidates are then scored on all `RELATED_TOP_TERMS`)."""
    max_postings: int = 64
    """`RELATED_MAX_POSTINGS`: per term or tag, only the articles where it weighs most are
    visited (impact-ordered postings), so a frequent term costs a bounded amount of work."""
    max_doc_share: float = 0.5
    """`RELATED_MAX_DOC_SHARE`: terms found in more than this share of a language's articles
    say nothing about a subject and are ignored."""
    graph_related_edges: int = 2
    """`RELATED_GRAPH_EDGES`: the strongest related articles of each article drawn as graph edges."""
    local_graph_max: int = 12
    """`RELATED_LOCAL_GRAPH_MAX`: neighbours shown at most in an article's local graph."""
    graph_enabled: bool = True
    """`RELATED_GRAPH`: write the graph pages and graph.json files."""

    @classmethod
    def from_settings(cls, settings: Any) -> RelatedConfig:
        known = {_SETTING_NAMES[f.name]: f for f in fields(cls)}
        for name in sorted(k for k in settings if str(k).startswith("RELATED_")):
            if name not in known:
                close = difflib.get_close_matches(name, sorted(known), n=1)
                hint = f" Did you mean {close[0]}?" if close else ""
                raise RelatedConfigError(
                    f"{name}: unknown setting of the related plugin.{hint} "
                    f"Known settings: {', '.join(sorted(known))}"
                )
        values = {}
        for name, field in known.items():
            if name in settings:
                values[field.name] = _check(name, field.default, settings[name])
        config = cls(**values)
        if config.weight_text + config.weight_tags + config.weight_links <= 0:
            raise RelatedConfigError(
                "RELATED_WEIGHT_TEXT, RELATED_WEIGHT_TAGS, RELATED_WEIGHT_LINKS: at least one "
                "must be positive, or nothing could ever be related"
            )
        return config


_SETTING_NAMES = {
    "max_related": "RELATED_MAX",
    "weight_text": "RELATED_WEIGHT_TEXT",
    "weight_tags": "RELATED_WEIGHT_TAGS",
    "weight_links": "RELATED_WEIGHT_LINKS",
    "weight_recency": "RELATED_WEIGHT_RECENCY",
    "recency_half_life_days": "RELATED_RECENCY_HALF_LIFE_DAYS",
    "min_text": "RELATED_MIN_TEXT",
    "min_shared_terms": "RELATED_MIN_SHARED_TERMS",
    "allow_other_language": "RELATED_ALLOW_OTHER_LANGUAGE",
    "top_terms": "RELATED_TOP_TERMS",
    "probe_terms": "RELATED_PROBE_TERMS",
    "max_postings": "RELATED_MAX_POSTINGS",
    "max_doc_share": "RELATED_MAX_DOC_SHARE",
    "graph_related_edges": "RELATED_GRAPH_EDGES",
    "local_graph_max": "RELATED_LOCAL_GRAPH_MAX",
    "graph_enabled": "RELATED_GRAPH",
}
# Settings whose value must be at least 1 (a count of things to keep).
_AT_LEAST_ONE = {
    "RELATED_TOP_TERMS",
    "RELATED_PROBE_TERMS",
    "RELATED_MAX_POSTINGS",
    "RELATED_RECENCY_HALF_LIFE_DAYS",
}


def _check(name: str, default: Any, value: Any) -> Any:
    """The value of one setting, converted to the default's type, or a clear error."""
    if isinstance(default, bool):
        if not isinstance(value, bool):
            raise RelatedConfigError(f"{name}: expected True or False, got {value!r}")
        return value
    if isinstance(default, int):
        if isinstance(value, bool) or not isinstance(value, int):
            raise RelatedConfigError(f"{name}: expected a whole number, got {value!r}")
    elif isinstance(value, bool) or not isinstance(value, int | float):
        raise RelatedConfigError(f"{name}: expected a number, got {value!r}")
    if value < 0:
        raise RelatedConfigError(f"{name}: must not be negative, got {value!r}")
    if name in _AT_LEAST_ONE and value < 1:
        raise RelatedConfigError(f"{name}: must be at least 1, got {value!r}")
    if name == "RELATED_MAX_DOC_SHARE" and not 0 < value <= 1:
        raise RelatedConfigError(f"{name}: a share between 0 (excluded) and 1, got {value!r}")
    return type(default)(value)
