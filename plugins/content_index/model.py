"""The content index: plain records of every article and page, built once per build."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from .analysis import analyze, iter_tokens
from .extract import ExtractedText


@dataclass
class ContentRecord:
    """Everything the plugins need to know about one article or page, as plain data."""

    id: str
    """Source path relative to the content folder ('articles/fr/x.md'): unique and stable."""
    kind: str
    """'article' or 'page'."""
    lang: str
    slug: str
    title: str
    url: str
    translation_key: str
    date: str | None
    category: str | None
    summary: str
    text: ExtractedText
    tag_ids: tuple[str, ...] = ()
    terms: Counter = field(default_factory=Counter)
    """Analysed terms of title, headings and body (stemmed, accent-folded) with counts."""
    title_terms: tuple[str, ...] = ()
    """Analysed terms of the title alone, in order."""
    first_positions: dict[str, int] = field(default_factory=dict)
    """Term -> position of its first occurrence among the tokens of title + body."""
    length: int = 0
    """Number of tokens of title + body."""
    token_marks: tuple[int, ...] = ()
    """Character offset in f"{title}\n{text}" of tokens 0, TOKEN_MARK_STEP, 2 x TOKEN_MARK_STEP...
    (offsets of the NFC-lowercased text, see analysis.iter_tokens), so search can cut
    excerpt segments without tokenising again."""
    content: Any = field(default=None, repr=False, compare=False)
    """The Pelican object, for the glue code only; domain functions never read it."""


@dataclass
class ContentIndex:
    records: list[ContentRecord]
    by_id: dict[str, ContentRecord]

    @classmethod
    def from_records(cls, records: list[ContentRecord]) -> ContentIndex:
        ordered = sorted(records, key=lambda r: r.id)
        return cls(records=ordered, by_id={r.id: r for r in ordered})

    def in_language(self, lang: str) -> list[ContentRecord]:
        return [r for r in self.records if r.lang == lang]


def _plain(html: str) -> str:
    from .extract import extract_text

    return extract_text(html).text.replace("\n", " ")


TOKEN_MARK_STEP = 50
"""Tokens between two `token_marks`; search excerpt segments are a multiple of it."""


@dataclass(frozen=True)
class TextAnalysis:
    """The one token pass over title + body (see analyse_text)."""

    title_terms: tuple[str, ...]
    terms: Counter
    first_positions: dict[str, int]
    length: int
    token_marks: tuple[int, ...]


def analyse_text(title: str, text: str, lang: str) -> TextAnalysis:
    """One pass over the tokens of title + body gives what every consumer needs.

    Counts (related posts, Whoosh, browser index), first positions (phrase boost,
    excerpts), length (BM25) and token marks (excerpt segments). A plain function of
    plain data: it also runs in the parallel readers' worker processes (parallel.py).
    """
    counts: Counter = Counter()
    first: dict[str, int] = {}
    marks: list[int] = []
    length = 0
    for length, (stem, start, _end) in enumerate(iter_tokens(f"{title}\n{text}", lang), 1):
        counts[stem] += 1
        if stem not in first:
            first[stem] = length - 1
        if (length - 1) % TOKEN_MARK_STEP == 0:
            marks.append(start)
    return TextAnalysis(tuple(analyze(title, lang)), counts, first, length, tuple(marks))


def apply_analysis(record: ContentRecord, analysis: TextAnalysis) -> None:
    record.title_terms = analysis.title_terms
    record.terms = analysis.terms
    record.first_positions = analysis.first_positions
    record.length = analysis.length
    record.token_marks = analysis.token_marks


def analyse_record(record: ContentRecord) -> None:
    """Fill the analysed terms of a record: the one text analysis of the build."""
    apply_analysis(record, analyse_text(record.title, record.text.text, record.lang))


def build_record(content, info: ExtractedText) -> ContentRecord:
    """Adapt a Pelican article or page to a plain record."""
    kind = "article" if content.__class__.__name__ == "Article" else "page"
    date = getattr(content, "date", None)
    category = getattr(content, "category", None)
    concepts = getattr(content, "tag_concepts", None) or ()
    summary = getattr(content, "_summary", None) or content.metadata.get("summary") or ""
    return ContentRecord(
        id=content.relative_source_path.replace("\\", "/"),
        kind=kind,
        lang=content.lang,
        slug=content.slug,
        title=str(content.title),
        url=content.url,
        translation_key=getattr(content, "translation_key", content.slug),
        date=date.isoformat() if date and kind == "article" else None,
        category=str(category) if category and kind == "article" else None,
        summary=_plain(summary) if summary else "",
        text=info,
        tag_ids=tuple(c.id for c in concepts),
        content=content,
    )
