"""The content index: plain records of every article and page, built once per build."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from .analysis import analyze, analyze_counts
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


def analyse_record(record: ContentRecord) -> None:
    """Fill the analysed terms of a record (the one text analysis of the build)."""
    record.title_terms = tuple(analyze(record.title, record.lang))
    record.terms = analyze_counts(f"{record.title}\n{record.text.text}", record.lang)


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
