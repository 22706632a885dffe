"""Markdown's inline patterns tried only on text that could hold a match.

Python-Markdown's inline step tries every inline pattern, in turn, on every piece of text
of the document: a Python call and a regular expression search each, about 700 tries an
article of the benchmark corpus (16 patterns), nearly all of them finding nothing. A
pattern whose every match contains a given text (a link's "[", a code span's "`", an
entity's "&") cannot match a piece of text without it. `QuickInlineProcessor` is
Markdown's own inline processor that skips those tries, and only those: it gives the same
tree, hence the same HTML (tests/unit/test_quick_inline.py renders every kind of inline
syntax both ways).

A pattern is skipped only when its class and its regular expression are ones listed in
`REQUIRED_TEXT` (Python-Markdown's, as it writes them), or when it declares the texts
itself (a `REQUIRED_TEXT` attribute: the wikilink pattern's "[["); any other pattern (a
third-party extension's, a changed one) is tried everywhere, as before.
"""

from __future__ import annotations

from markdown import inlinepatterns as ip
from markdown import util
from markdown.extensions import Extension
from markdown.extensions.footnotes import FootnoteInlineProcessor
from markdown.treeprocessors import InlineProcessor

REQUIRED_TEXT: dict[tuple[type, str], tuple[str, ...]] = {
    (ip.BacktickInlineProcessor, ip.BACKTICK_RE): ("`",),
    (ip.EscapeInlineProcessor, ip.ESCAPE_RE): ("\\",),
    (FootnoteInlineProcessor, r"\[\^([^\]]*)\]"): ("[^",),  # footnotes.py's own
    (ip.ReferenceInlineProcessor, ip.REFERENCE_RE): ("[",),
    (ip.LinkInlineProcessor, ip.LINK_RE): ("[",),
    (ip.ImageInlineProcessor, ip.IMAGE_LINK_RE): ("![",),
    (ip.ImageReferenceInlineProcessor, ip.IMAGE_REFERENCE_RE): ("![",),
    (ip.ShortReferenceInlineProcessor, ip.REFERENCE_RE): ("[",),
    (ip.ShortImageReferenceInlineProcessor, ip.IMAGE_REFERENCE_RE): ("![",),
    (ip.AutolinkInlineProcessor, ip.AUTOLINK_RE): ("<",),
    (ip.AutomailInlineProcessor, ip.AUTOMAIL_RE): ("<",),
    (ip.SubstituteTagInlineProcessor, ip.LINE_BREAK_RE): ("  \n",),
    (ip.HtmlInlineProcessor, ip.HTML_RE): ("<",),
    (ip.HtmlInlineProcessor, ip.ENTITY_RE): ("&",),
    (ip.DelimiterProcessor, r"\*|_"): ("*", "_"),
}
"""(pattern class, its regular expression) -> texts one of which every match contains."""


def required_text(pattern) -> tuple[str, ...] | None:
    """Texts one of which every match of `pattern` contains; None: try it everywhere."""
    declared = getattr(type(pattern), "REQUIRED_TEXT", None)
    if declared:
        return tuple(declared)
    return REQUIRED_TEXT.get((type(pattern), getattr(pattern, "pattern", None)))


class QuickInlineProcessor(InlineProcessor):
    """Markdown's InlineProcessor, not trying a pattern on text that cannot hold a match."""

    def run(self, tree, ancestors=None):
        # The patterns in order, with what each needs, once per document (the registry
        # may change between documents; indexing it costs a call each time).
        self._quick = [(p, required_text(p)) for p in self.inlinePatterns]
        return super().run(tree, ancestors)

    # Overrides InlineProcessor.__handleInline (a private name, mangled), which every
    # other method calls through `self`: the same loop, with the test before each try.
    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:  # noqa: N802, N803
        if isinstance(data, util.AtomicString):
            return data
        apply = self._InlineProcessor__applyPattern
        quick = self._quick
        count = len(quick)
        start = 0
        while patternIndex < count:
            pattern, required = quick[patternIndex]
            if required is not None and not any(text in data for text in required):
                # What a try that finds nothing returns: the next pattern, from the start.
                patternIndex += 1
                start = 0
                continue
            data, matched, start = apply(pattern, data, patternIndex, start)
            if not matched:
                patternIndex += 1
        return data


class QuickInlineExtension(Extension):
    """Replaces Markdown's "inline" tree processor with `QuickInlineProcessor`."""

    def extendMarkdown(self, md):  # noqa: N802 (Markdown's API)
        priority = next(
            item.priority for item in md.treeprocessors._priority if item.name == "inline"
        )
        md.treeprocessors.register(QuickInlineProcessor(md), "inline", priority)
