"""The build's one analysis (analysis.py) as Whoosh sees it: tokenizer, postings, fields.

Imported by the Whoosh index's process and the search command line, not by the build's
main process (analysis.py hands these names out on first use).
"""

from __future__ import annotations

from collections import defaultdict
from pickle import dumps

from whoosh.analysis import Token, Tokenizer
from whoosh.fields import TEXT
from whoosh.formats import Positions
from whoosh.system import pack_uint

from .analysis import _cache, analyze, fold, iter_tokens


class ContentTokenizer(Tokenizer):
    """Whoosh tokenizer yielding exactly the tokens of analyze(value, lang).

    Positions are consecutive (stop words leave no gap), for documents and queries
    alike, so phrase queries work across stop words. With tokenize=False (Whoosh's
    wildcard, prefix and range queries) the whole value is folded, not stemmed.
    Whoosh pickles the schema, hence this module-level class with plain attributes.
    """

    def __init__(self, lang: str):
        _cache(lang)
        self.lang = lang

    def __eq__(self, other):
        return self.__class__ is other.__class__ and self.lang == other.lang

    def __hash__(self):
        return hash((self.__class__.__name__, self.lang))

    def __repr__(self):
        return f"{self.__class__.__name__}({self.lang!r})"

    def __call__(
        self,
        value,
        positions=False,
        chars=False,
        keeporiginal=False,
        removestops=True,
        start_pos=0,
        start_char=0,
        tokenize=True,
        mode="",
        **kwargs,
    ):
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        t.boost = 1.0
        t.stopped = False
        if not tokenize:
            t.original = t.text = fold(value)
            if positions:
                t.pos = start_pos
            if chars:
                t.startchar = start_char
                t.endchar = start_char + len(value)
            yield t
            return
        for pos, (stem, start, end) in enumerate(iter_tokens(value, self.lang)):
            t.text = stem
            if keeporiginal:
                t.original = value[start:end]
            if positions:
                t.pos = start_pos + pos
            if chars:
                t.startchar = start_char + start
                t.endchar = start_char + end
            yield t


class ContentPositions(Positions):
    """Whoosh's Positions format, fed by `analyze` directly for a ContentTokenizer.

    The same postings as Positions (tested), without a Token object and two generators per
    word: a third of the time Whoosh takes to index a site is spent there.
    """

    def word_values(self, value, analyzer, **kwargs):
        if not (
            isinstance(analyzer, ContentTokenizer)
            and isinstance(value, str)
            and kwargs.get("tokenize", True)
        ):
            yield from super().word_values(value, analyzer, **kwargs)
            return
        positions: defaultdict[str, list[int]] = defaultdict(list)
        start = kwargs.get("start_pos", 0)
        for pos, stem in enumerate(analyze(value, analyzer.lang), start):
            positions[stem].append(pos)
        boost = self.field_boost
        for word, found in positions.items():
            yield word, len(found), float(len(found)) * boost, self.encode(found)

    def encode(self, poslist) -> bytes:
        """Positions.encode's bytes (the count, then the pickled gaps), without its loop."""
        gaps = [b - a for a, b in zip([0, *poslist], poslist, strict=False)]  # one longer
        return pack_uint(len(gaps)) + dumps(gaps, 2)


def whoosh_text_field(lang: str, **options) -> TEXT:
    """A Whoosh TEXT field (phrases searchable) analysed by `make_whoosh_analyzer(lang)`."""
    field = TEXT(analyzer=make_whoosh_analyzer(lang), **options)
    field.format = ContentPositions(field_boost=field.format.field_boost)
    return field


def make_whoosh_analyzer(lang: str) -> ContentTokenizer:
    """Return a Whoosh analyzer (for TEXT(analyzer=...)) equal to analyze(text, lang)."""
    return ContentTokenizer(lang)
