"""The content index: plain records of every article and page, built once per build."""

from __future__ import annotations

import hashlib
import types
import unicodedata
from array import array
from collections import Counter
from collections.abc import ItemsView, Iterator, Mapping, Sequence, ValuesView
from dataclasses import dataclass, field
from functools import cached_property
from itertools import chain
from typing import Any

from .analysis import analyze, stems_and_marks
from .extract import ExtractedText
from .names import (
    AUTO_TEXT_END,
    AUTO_TEXT_START,
    LinkTarget,
    WikilinkResolver,
    link_target,
    show_auto_texts,
)


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
    summary_html: str
    """The summary as Pelican has it (HTML); `summary` is its text."""
    text: ExtractedText
    tag_ids: tuple[str, ...] = ()
    terms: Mapping[str, int] = field(default_factory=dict)
    """Analysed terms of title, headings and body (stemmed, accent-folded) with counts
    (a StemTable: iterate it, or make a dict of its items for lookups)."""
    title_terms: tuple[str, ...] = ()
    """Analysed terms of the title alone, in order."""
    first_positions: Mapping[str, int] = field(default_factory=dict)
    """Term -> position of its first occurrence among the tokens of title + body."""
    length: int = 0
    """Number of tokens of title + body."""
    token_marks: tuple[int, ...] | array = ()
    """Character offset in f"{title}\n{text}" of tokens 0, TOKEN_MARK_STEP, 2 x TOKEN_MARK_STEP...
    (offsets of the NFC-lowercased text, see analysis.iter_tokens), so search can cut
    excerpt segments without tokenising again."""
    heading_positions: tuple[int, ...] | array = ()
    """Position of the first token of each of `text.headings` among the tokens of title
    + body (-1: not placed, see `place_headings`), so that a search result links to the
    section holding its match; empty when no heading is placed."""
    heading_terms: tuple[str, ...] = ()
    """Analysed terms of the headings, each once, in the order they first occur."""
    content: Any = field(default=None, repr=False, compare=False)
    """The Pelican object, for the glue code only; domain functions never read it."""

    @cached_property
    def summary(self) -> str:
        """The summary as plain text, made when first read.

        No plugin reads it during a build: made for every record, it was one HTML parse
        per article at every build.
        """
        return _plain(self.summary_html) if self.summary_html else ""


@dataclass
class ContentIndex:
    records: list[ContentRecord]
    by_id: dict[str, ContentRecord]
    keep_texts_while_writing: bool = False
    """Set by a plugin that reads texts or terms after all_generators_finalized (the
    search index, when it builds in this process instead of a forked child)."""
    languages: tuple[str, ...] = ()
    """The site's languages, in order (a wikilink looks in the page's own first)."""
    unlisted: tuple[LinkTarget, ...] = ()
    """Hidden content (`Status: hidden`): not indexed, but written, so a wikilink may name it."""
    drafts: tuple[LinkTarget, ...] = ()
    """Drafts: a wikilink naming one is told so (they are not published)."""
    reanalysed: int = 0
    """Records whose text this build analysed; the others' analyses came from the cache."""
    previous_terms: dict[str, Mapping[str, int]] = field(default_factory=dict)
    """{record id: its terms in the last build}, for the records analysed again whose
    last analysis the cache held: what counts kept from build to build subtract."""

    @property
    def mostly_unchanged(self) -> bool:
        """A rebuild after a few edits: at most a tenth of the records analysed again.

        Work that follows the changes (Whoosh, the graph layout) is then small beside
        the pages this process still goes through, and leaves this process's core to it
        (`parallel.keep_off_main_core`). In a build from nothing it is the larger part,
        and takes its share of both cores.
        """
        return self.reanalysed * 10 <= len(self.records)

    @classmethod
    def from_records(
        cls,
        records: list[ContentRecord],
        languages: tuple[str, ...] = (),
        unlisted: tuple[LinkTarget, ...] = (),
        drafts: tuple[LinkTarget, ...] = (),
    ) -> ContentIndex:
        ordered = sorted(records, key=lambda r: r.id)
        return cls(
            records=ordered,
            by_id={r.id: r for r in ordered},
            languages=tuple(languages),
            unlisted=tuple(unlisted),
            drafts=tuple(drafts),
        )

    @cached_property
    def names(self) -> WikilinkResolver:
        """What each wikilink names, made once for every plugin that reads links."""
        targets = map(link_target, self.records)
        return WikilinkResolver(chain(targets, self.unlisted), self.languages)

    @cached_property
    def draft_names(self) -> WikilinkResolver:
        """What a wikilink would name among drafts: to say so when it names nothing else."""
        return WikilinkResolver(self.drafts, self.languages)

    def shown_text(self, text: str, lang: str) -> str:
        """Extracted plain text as the page in `lang` shows it.

        Each automatic wikilink text (the target as written) is replaced by the title of
        the content it names, as the related plugin rewrites the page's links.
        """
        if AUTO_TEXT_START not in text and AUTO_TEXT_END not in text:
            return text
        names = self.names
        return show_auto_texts(text, lambda target: names.shown_text(target, lang))

    def in_language(self, lang: str) -> list[ContentRecord]:
        return [r for r in self.records if r.lang == lang]

    def release_texts_and_terms(self) -> None:
        """Let go of every record's plain text and analysed terms, in this process.

        They are a sixth of a build's memory, and their readers (content checks, related
        posts, the search index) have read them by the time pages are written. From then
        on `text.text` is empty (on the records and on `content.text_info`; headings,
        links and anchors stay), and so are `terms`, `first_positions`, `token_marks`,
        `heading_positions` and `heading_terms`.
        """
        self.release_texts()
        for record in self.records:
            record.terms = record.first_positions = _RELEASED
            record.token_marks = record.heading_positions = record.heading_terms = ()

    def release_texts(self) -> None:
        """Let go of every record's plain text only (`text.text`, the largest part)."""
        for record in self.records:
            release_text(record)


def release_text(record: ContentRecord) -> None:
    """Let go of one record's plain text (`text.text`), as `ContentIndex.release_texts`.

    In place (`ExtractedText.let_text_go`): the record and its content object share it.
    """
    info = record.text
    if info.text:
        info.let_text_go()
        if record.content is not None and getattr(record.content, "text_info", None) is not info:
            record.content.text_info = info


_RELEASED: Mapping[str, int] = types.MappingProxyType({})


def _plain(html: str) -> str:
    from .extract import extract_text

    return extract_text(html).text.replace("\n", " ")


TOKEN_MARK_STEP = 50
"""Tokens between two `token_marks`; search excerpt segments are a multiple of it."""


class StemTable(Mapping[str, int]):
    """Stems with a whole number each (a count, a position), stored compactly.

    A tuple of stems and an array of numbers take about a fifth of a dict's memory, and
    a build keeps two such tables per article until it ends (15 KB an article as dicts).
    Iterating is as fast as a dict's; looking one stem up scans the tuple, so callers
    that look many up make a dict first: `dict(table.items())`. A table is never changed
    once made: its `digest` is made once, and pickled with it.
    """

    __slots__ = ("stems", "numbers", "_digest")

    def __init__(self, stems: tuple[str, ...], numbers: array, digest: bytes | None = None):
        if len(stems) != len(numbers):
            raise ValueError("StemTable: one number per stem")
        self.stems = stems
        self.numbers = numbers
        self._digest = digest

    def __reduce__(self):
        # With its digest: a rebuild reads it from the analyses' cache instead of hashing
        # every article's stems again (related posts compare it with the last build's).
        return (StemTable, (self.stems, self.numbers, self.digest))

    @property
    def digest(self) -> bytes:
        """A digest of the stems and numbers, in order."""
        found = self._digest
        if found is None:
            numbers = self.numbers
            # The numbers' width ('H' or 'I') and the number of stems first: the same
            # bytes never split into stems and numbers two ways (a stem is one word).
            data = b"%s%d\x1f" % (numbers.typecode.encode(), len(self.stems))
            data += "\x1f".join(self.stems).encode("utf-8", "surrogatepass") + numbers.tobytes()
            found = self._digest = hashlib.blake2b(data, digest_size=16).digest()
        return found

    def __len__(self) -> int:
        return len(self.stems)

    def __iter__(self) -> Iterator[str]:
        return iter(self.stems)

    def __contains__(self, stem: object) -> bool:
        return stem in self.stems

    def __getitem__(self, stem: str) -> int:
        try:
            return self.numbers[self.stems.index(stem)]
        except ValueError:
            raise KeyError(stem) from None

    def items(self) -> ItemsView[str, int]:
        return _StemItems(self)

    def values(self) -> ValuesView[int]:
        return _StemNumbers(self)

    def __repr__(self) -> str:
        return f"StemTable({dict(self.items())!r})"


class _StemItems(ItemsView):
    def __iter__(self):
        return zip(self._mapping.stems, self._mapping.numbers, strict=True)


class _StemNumbers(ValuesView):
    def __iter__(self):
        return iter(self._mapping.numbers)


def _numbers(values) -> array:
    numbers = array("I", values)
    # Any site's counts and positions fit in 32 bits; shrink to 16 when they fit there.
    return array("H", numbers) if not numbers or max(numbers) < 65536 else numbers


@dataclass(frozen=True)
class TextAnalysis:
    """The one token pass over title + body (see analyse_text)."""

    title_terms: tuple[str, ...]
    terms: StemTable
    """Count of each stem; stems in the order they first occur."""
    first_positions: StemTable
    """Position of each stem's first token (the same stems tuple as `terms`)."""
    length: int
    token_marks: array
    heading_positions: array = field(default_factory=lambda: array("i"))
    """Token position of each heading, -1 when not placed (see `place_headings`); empty
    when none is."""
    heading_terms: tuple[str, ...] = ()
    """Analysed terms of the headings, each once, in the order they first occur."""


def analyse_text(title: str, text: str, lang: str, headings: Sequence = ()) -> TextAnalysis:
    """One pass over the tokens of title + body gives what every consumer needs.

    Counts (related posts, Whoosh, browser index), first positions (phrase boost,
    excerpts), length (BM25), token marks (excerpt segments), and of `headings` (the
    text's `Heading`s) their positions (search results link to their section) and terms
    (search flags them). A plain function of plain data: it also runs in the parallel
    readers' worker processes (parallel.py).
    """
    stream = f"{title}\n{text}"
    lines = heading_lines(stream, len(title) + 1, headings) if headings else HeadingLines()
    cuts = sorted({offset for span in lines.spans if span for offset in span})
    stems, marks, counted = stems_and_marks(stream, lang, TOKEN_MARK_STEP, cuts)
    before = dict(zip(cuts, counted, strict=True))
    counts = Counter(stems)  # in first-occurrence order, as the first positions
    first: dict[str, int] = {}
    note_first = first.setdefault
    for position, stem in enumerate(stems):
        note_first(stem, position)
    heading_terms: dict[str, None] = {}
    for heading, span in zip(headings, lines.spans, strict=True):
        if span is not None:  # the heading's line: its tokens are the heading's
            heading_terms.update(dict.fromkeys(stems[before[span[0]] : before[span[1]]]))
        elif heading.text:
            heading_terms.update(dict.fromkeys(analyze(heading.text, lang)))
    return make_analysis(
        tuple(analyze(title, lang)),
        counts,
        list(first.values()),
        len(stems),
        marks,
        place_headings(len(headings), lines.anchored, before, marks),
        tuple(heading_terms),
    )


def make_analysis(
    title_terms,
    counts: dict[str, int],
    first,
    length: int,
    marks,
    heading_positions=(),
    heading_terms=(),
) -> TextAnalysis:
    """An analysis from stem counts and first positions, both in first-occurrence order."""
    stems = tuple(counts)
    return TextAnalysis(
        tuple(title_terms),
        StemTable(stems, _numbers(counts.values())),
        StemTable(stems, _numbers(first)),
        length,
        array("I", marks),
        array("i", heading_positions),
        tuple(heading_terms),
    )


def offsets_kept(stream: str) -> bool:
    """True when offsets in the analysed text (NFC, lowercased) are offsets in `stream`.

    As `len(unicodedata.normalize("NFC", stream).lower()) == len(stream)`, without making
    either copy for a text already in NFC (nearly all): then only "İ" (U+0130), the one
    character whose lowercase is two, changes the length. Two full copies of every
    document's text took 0.15 s of the search child at 1,000 pairs.
    """
    if unicodedata.is_normalized("NFC", stream):
        return "\u0130" not in stream
    return len(unicodedata.normalize("NFC", stream).lower()) == len(stream)


@dataclass(frozen=True)
class HeadingLines:
    """Where the headings are, as lines of title + body (see `heading_lines`)."""

    anchored: tuple[tuple[int, int], ...] = ()
    """(index, offset of its first character) of each heading with an anchor that is
    placed: the section a search result links to starts there."""
    spans: tuple[tuple[int, int] | None, ...] = ()
    """Per heading: (start, end) offsets of a line that is its text, or None."""


def heading_lines(stream: str, body_start: int, headings: Sequence) -> HeadingLines:
    """The headings of the body of `stream` (title + body), found as whole lines.

    A heading with an anchor (a section to link to) is looked for after the one found
    before it; any other heading with text, anywhere in the body (its tokens are those of
    any line that is its text). Nothing is found when the analysed text's offsets are
    not `stream`'s (`offsets_kept`).
    """
    if not offsets_kept(stream):
        return HeadingLines((), (None,) * len(headings))
    anchored = []
    spans: list[tuple[int, int] | None] = []
    at = body_start - 1
    for i, heading in enumerate(headings):
        text = heading.text
        span = None
        if text:
            found = stream.find(f"\n{text}\n", at if heading.anchor else body_start - 1)
            if found < 0 and stream.endswith(f"\n{text}"):
                found = len(stream) - len(text) - 1
            if found >= 0:
                span = (found + 1, found + 1 + len(text))
                if heading.anchor:
                    anchored.append((i, span[0]))
                    at = span[1]
        spans.append(span)
    return HeadingLines(tuple(anchored), tuple(spans))


def place_headings(count: int, anchored, before: Mapping[int, int], marks) -> array:
    """Token position of each of `count` headings, -1 for those not placed.

    `anchored` are `HeadingLines.anchored`, `before` the number of tokens before each
    offset. A heading before the first token of title + body (a title of stop words only)
    is not placed, as search has always placed them: there is no token for a result to be
    in before it.
    """
    if not anchored:
        return array("i")
    positions = array("i", [-1]) * count
    for i, start in anchored:
        tokens = before[start]
        if tokens or (marks and marks[0] <= start):
            positions[i] = tokens
    return positions


def apply_analysis(record: ContentRecord, analysis: TextAnalysis) -> None:
    record.title_terms = analysis.title_terms
    record.terms = analysis.terms
    record.first_positions = analysis.first_positions
    record.length = analysis.length
    record.token_marks = analysis.token_marks
    record.heading_positions = analysis.heading_positions
    record.heading_terms = analysis.heading_terms


def analyse_record(record: ContentRecord) -> None:
    """Fill the analysed terms of a record: the one text analysis of the build."""
    text = record.text
    apply_analysis(record, analyse_text(record.title, text.text, record.lang, text.headings))


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
        summary_html=summary,
        text=info,
        tag_ids=tuple(c.id for c in concepts),
        content=content,
    )
