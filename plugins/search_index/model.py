"""What search knows about one document: plain data derived from a content record.

Both indexes (Whoosh for authors, the browser index for readers) are built from these
`SearchDoc`s, which come from the build's single content analysis
(`plugins/content_index`): term counts, title and heading terms, token positions (for
the phrase boost and to pick the excerpt around a match) and headings' positions are the
record's; this module only adds what search alone needs: term flags, excerpt segments,
and the analysed terms of tag labels and category.
"""

from __future__ import annotations

import hashlib
import marshal
from bisect import bisect_right
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from .analyzer import AUTO_TEXT_START, TOKEN_MARK_STEP, analysis, auto_text_spans, offsets_kept

TITLE, HEADING, TAG = 1, 2, 4
"""Posting flags: the term is in the title, in a heading, in a tag or category label."""


@dataclass(frozen=True)
class SearchDoc:
    path: str
    """Source path relative to the content folder: the document's stable identity."""
    lang: str
    kind: str
    title: str
    url: str
    date: str | None
    category: str | None
    tag_ids: tuple[str, ...]
    tag_labels: tuple[str, ...]
    """Labels of its tag concepts in every site language (for the Whoosh `tags` field)."""
    translation_key: str
    text: str
    headings: tuple[str, ...]
    terms: Mapping[str, int]
    """Analysed terms of title and body with their counts (the content index's)."""
    flags: Mapping[str, int] = field(default_factory=dict)
    """Term -> TITLE | HEADING | TAG bits; tag and category terms may have no count."""
    first_pos: Mapping[str, int] = field(default_factory=dict)
    """Term -> position of its first occurrence among the tokens of title + body."""
    length: int = 0
    """Number of tokens of title + body (BM25's document length)."""
    segments: tuple[str, ...] = ()
    """The body text cut into runs of `excerpt_tokens` tokens (segment k holds the tokens
    at positions [k*n, (k+1)*n) of title + body), for excerpts loaded on demand."""
    anchors: tuple[tuple[int, str], ...] = ()
    """(position of its first token, id) of each heading with an id, in order: a result
    links to the section holding its best match."""

    @property
    def content_hash(self) -> str:
        """Hash of everything indexed: a changed hash means the document is re-indexed."""
        return indexed_hash(self.path, self.lang, self.kind, self.title, self.url, self.date,
                            self.category, self.tag_ids, self.tag_labels, self.text, self.headings)  # fmt: skip


def indexed_hash(*values) -> str:
    """A digest of plain values (str, None, tuples of str): equal values, equal digests.

    Marshal's format 2 writes no references (the bytes never depend on which objects
    are shared) and encodes a body in C: a fifth of the time JSON took at 2,000 articles.
    """
    try:
        data = marshal.dumps(values, 2)
    except ValueError:  # a str subclass (markup) somewhere: its repr says it all
        data = repr(values).encode("utf-8", "surrogatepass")
    return hashlib.sha256(data).hexdigest()[:32]  # SHA instructions: twice BLAKE2's speed


def whoosh_fields_of_record(record, tag_labels: Iterable[str]) -> dict:
    """What Whoosh indexes of a content record: `whoosh_fields(search_doc(record, ...))`.

    Made without the search document (its excerpt segments and term flags): the main
    process sends these to the Whoosh process.
    """
    headings = tuple(h.text for h in record.text.headings if h.text)
    labels, tag_ids, text = tuple(tag_labels), tuple(record.tag_ids), record.text.text
    return {
        "path": record.id,
        "hash": indexed_hash(
            record.id,
            record.lang,
            record.kind,
            record.title,
            record.url,
            record.date,
            record.category,
            tag_ids,
            labels,
            text,
            headings,
        ),  # fmt: skip
        "url": record.url,
        "title": record.title,
        "headings": "\n".join(headings),
        "body": text,
        "tags": " ".join((*tag_ids, *labels)),
        "category": record.category or "",
        "lang": record.lang,
        "kind": record.kind,
        "date": record.date or "",
    }


def search_doc(
    record,
    tag_labels: Iterable[str],
    excerpt_tokens: int,
    shown: Callable[[str, str], str] | None = None,
) -> SearchDoc:
    """Adapt a content_index ContentRecord (duck-typed) to a SearchDoc.

    `shown(text, lang)` gives a text as the page shows it (`ContentIndex.shown_text`:
    an automatic wikilink's target replaced by the title it names); excerpts are cut from
    the text as extracted, on its token offsets, then shown.
    """
    lang = record.lang
    title = record.title
    text = record.text.text
    headings = tuple(h.text for h in record.text.headings if h.text)
    labels = tuple(tag_labels)
    stream = f"{title}\n{text}"
    # Positions, segment starts and headings' positions come from the content index's
    # single pass over the tokens (record.token_marks: one mark every TOKEN_MARK_STEP
    # tokens; record.heading_positions).
    step = excerpt_tokens // TOKEN_MARK_STEP
    starts = list(record.token_marks[::step])
    first_pos = record.first_positions
    length = record.length
    flags: dict[str, int] = {}
    for term in record.title_terms:
        flags[term] = flags.get(term, 0) | TITLE
    for term in record.heading_terms:  # the content index's, from its one pass
        flags[term] = flags.get(term, 0) | HEADING
    tag_text = " ".join((*labels, *record.tag_ids, record.category or ""))
    for term in analysis.analyze(tag_text, lang):
        flags[term] = flags.get(term, 0) | TAG
    return SearchDoc(
        path=record.id,
        lang=lang,
        kind=record.kind,
        title=title,
        url=record.url,
        date=record.date,
        category=record.category,
        tag_ids=tuple(record.tag_ids),
        tag_labels=labels,
        translation_key=record.translation_key,
        text=text,
        headings=headings,
        terms=record.terms,  # the content index's own (compact) tables: no copies
        flags=flags,
        first_pos=first_pos,
        length=length,
        segments=_shown_segments(stream, len(title) + 1, starts, lang, shown),
        anchors=tuple(
            (position, heading.anchor)
            # heading_positions: one per heading, or none when no heading is placed
            for heading, position in zip(
                record.text.headings, record.heading_positions, strict=False
            )
            if position >= 0
        ),
    )


def _shown_segments(
    stream: str,
    body_start: int,
    starts: list[int],
    lang: str,
    shown: Callable[[str, str], str] | None,
) -> tuple[str, ...]:
    if shown is None:
        return cut_segments(stream, body_start, starts)
    if AUTO_TEXT_START in stream:
        # A segment never starts inside a link's text: the title it shows replaces it whole.
        spans = auto_text_spans(stream)
        span_starts = [a for a, _ in spans]
        for n, start in enumerate(starts):
            i = bisect_right(span_starts, start) - 1
            if i >= 0 and start < spans[i][1]:
                starts[n] = spans[i][0]
    return tuple(shown(s, lang) for s in cut_segments(stream, body_start, starts))


def cut_segments(stream: str, body_start: int, starts: list[int]) -> tuple[str, ...]:
    """Body text of each excerpt segment; `starts` are the segments' first characters.

    iter_tokens() offsets index the NFC-lowercased text; in the rare text whose length
    that changes, offsets are not usable and the whole body is one segment.
    """
    body = stream[body_start:]
    if not body:
        return ()
    if not offsets_kept(stream) or not starts:
        return (body,)
    bounds = [max(0, s - body_start) for s in starts] + [len(body)]
    bounds[0] = 0
    return tuple(body[a:b] for a, b in zip(bounds, bounds[1:], strict=False))


@dataclass(frozen=True)
class UpdateStats:
    """What one language's Whoosh update did (whoosh_index.update_index_fields)."""

    lang: str
    indexed: int
    """Documents (re-)indexed by this update."""
    removed: int
    unchanged: int
    rebuilt: bool
    """True when the index was created from scratch (new, or version mismatch)."""
