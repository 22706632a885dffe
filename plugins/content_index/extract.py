"""Read rendered article HTML once: plain text, headings and links.

One pass per article; everything that needs the text of an article (reading time, table
of contents, search, related posts, link checks) reads the result instead of parsing the
HTML again. The pass is the standard library's HTML parser, or, for the plain HTML that
Markdown writes (lowercase tags, double-quoted attributes, no comment, script or stray
"<"), a regular expression that finds the same tags and text twice as fast and feeds
the same handlers (tested to give the same result).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape
from html.parser import HTMLParser

from .names import AUTO_TEXT_END, AUTO_TEXT_START

_WORD = re.compile(r"\w+", re.UNICODE)
# A tag as Markdown writes it: `<name attr="value" flag>`, `<br />`, `</name>`.
_SIMPLE_TAG = re.compile(r'<(/?)([a-z][a-z0-9]*)((?: [a-z][-a-z0-9_:.]*(?:="[^"<>]*")?)*) ?(/?)>')
_SIMPLE_ATTRIBUTE = re.compile(r' ([a-z][-a-z0-9_:.]*)(?:="([^"<>]*)")?')
# What the standard parser treats specially (raw text elements), or the regular
# expression cannot read: the whole article then goes to the standard parser.
_RAW_TEXT = ("script", "style")
# Text in these elements is not prose: leave it out of excerpts and word counts.
_SKIPPED = {"script", "style", "template"}
_BLOCKS = {
    "p", "div", "li", "ul", "ol", "table", "tr", "td", "th", "h1", "h2", "h3", "h4",
    "h5", "h6", "pre", "blockquote", "br", "section", "article", "dd", "dt", "figcaption",
}  # fmt: skip
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_NO_MARKERS = str.maketrans("", "", AUTO_TEXT_START + AUTO_TEXT_END)


@dataclass(frozen=True)
class Heading:
    level: int
    anchor: str
    text: str


@dataclass(frozen=True)
class ExtractedText:
    """What the rest of the build needs to know about one article's body.

    The text of an automatic wikilink (`[[cible]]`, which the page shows as the title of
    the content it names) is the target as written, between two markers
    (`names.AUTO_TEXT_START`, `AUTO_TEXT_END`), in `text` and in headings' texts: what
    shows them to readers puts the title in (`ContentIndex.shown_text`).
    """

    text: str
    headings: tuple[Heading, ...]
    links: tuple[str, ...]
    anchors: frozenset[str]
    images: tuple[str, ...]
    word_count: int = -1
    """Words of `text`, counted once where the text is extracted (in the reading workers)
    and kept with it (analyses cache, texts let go); -1, the default: counted from `text`
    when the object is made."""

    def __post_init__(self) -> None:
        if self.word_count < 0:
            object.__setattr__(self, "word_count", count_words(self.text))

    def without_text(self) -> ExtractedText:
        """The same, its `text` let go (`dataclasses.replace` takes ten times as long)."""
        return ExtractedText(
            "", self.headings, self.links, self.anchors, self.images, self.word_count
        )

    def let_text_go(self) -> None:
        """Let go of `text` in place: the one change made to an extracted text.

        For a build's own objects once every reader of the texts has them
        (`ContentIndex.release_texts`, the search child's documents). In place rather than
        a copy: once a child is forked, each object made costs the pages it is written to
        (copied from the child's): 35-46 -> 22-27 ms for 2,053 texts.
        """
        object.__setattr__(self, "text", "")


def count_words(text: str) -> int:
    return _WORD.subn("", text)[1]  # no list of the words made


class _Extractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.headings: list[Heading] = []
        self.links: list[str] = []
        self.anchors: set[str] = set()
        self.images: list[str] = []
        self._skip_depth = 0
        self._heading: tuple[int, str, list[str]] | None = None
        self._in_permalink = 0
        self._in_auto_link = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if attributes.get("id"):
            self.anchors.add(attributes["id"])
        if tag in _SKIPPED:
            self._skip_depth += 1
        elif tag in _HEADINGS:
            self._heading = (_HEADINGS[tag], attributes.get("id") or "", [])
        elif tag == "a":
            if "headerlink" in (attributes.get("class") or ""):
                # The toc extension's "#" permalink is not part of the heading's text.
                self._in_permalink += 1
            elif attributes.get("href"):
                self.links.append(attributes["href"])
                if attributes.get("data-wikilink-text") == "auto":
                    # A wikilink placeholder (related/wikilinks.py): its text is the target.
                    self._in_auto_link = True
                    self._text(AUTO_TEXT_START)
            if attributes.get("name"):
                self.anchors.add(attributes["name"])
        elif tag == "img" and attributes.get("src"):
            self.images.append(attributes["src"])
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in _SKIPPED and self._skip_depth:
            self._skip_depth -= 1
        elif tag == "a" and self._in_permalink:
            self._in_permalink -= 1
        elif tag == "a" and self._in_auto_link:
            self._in_auto_link = False
            self._text(AUTO_TEXT_END)
        elif tag in _HEADINGS and self._heading:
            level, anchor, words = self._heading
            self.headings.append(Heading(level, anchor, " ".join("".join(words).split())))
            self._heading = None
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if self._skip_depth or self._in_permalink:
            return
        if AUTO_TEXT_START in data or AUTO_TEXT_END in data:
            data = data.translate(_NO_MARKERS)  # only ever written by handle_starttag
        self._text(data)

    def _text(self, data: str) -> None:
        self.parts.append(data)
        if self._heading:
            self._heading[2].append(data)


def extract_text(html: str) -> ExtractedText:
    """Plain text (blocks separated by newlines), headings, links, anchors, images."""
    parser = _Extractor()
    if not _feed_simple(parser, html or ""):
        parser.feed(html or "")
        parser.close()
    # Spaces collapsed, line by line: str.split() splits where the regex \s matches.
    lines = (" ".join(line.split()) for line in "".join(parser.parts).split("\n"))
    return ExtractedText(
        text="\n".join(line for line in lines if line),
        headings=tuple(parser.headings),
        links=tuple(parser.links),
        anchors=frozenset(parser.anchors),
        images=tuple(parser.images),
    )


def _feed_simple(parser: _Extractor, html: str) -> bool:
    """Feed `parser` the tags and text of `html` as HTMLParser would.

    Only if every "<" in it opens a simple tag (see `_SIMPLE_TAG`); False, having fed
    nothing, otherwise.
    """
    tags = list(_SIMPLE_TAG.finditer(html))
    if len(tags) != html.count("<") or any(
        m[2] in _RAW_TEXT or (m[1] and (m[3] or m[4])) for m in tags
    ):
        return False
    position = 0
    for m in tags:
        if m.start() > position:
            parser.handle_data(_unescape(html[position : m.start()]))
        position = m.end()
        closing, name, attributes, self_closing = m.groups()
        if closing:
            parser.handle_endtag(name)
            continue
        parser.handle_starttag(
            name,
            [
                (a[1], None if a[2] is None else _unescape(a[2]))
                for a in _SIMPLE_ATTRIBUTE.finditer(attributes)
            ],
        )
        if self_closing:
            parser.handle_endtag(name)
    if position < len(html):
        parser.handle_data(_unescape(html[position:]))
    return True


def _unescape(text: str) -> str:
    return unescape(text) if "&" in text else text


def reading_minutes(word_count: int, words_per_minute: int = 220) -> int:
    """Whole minutes to read, at least one."""
    return max(1, round(word_count / words_per_minute))


@dataclass(frozen=True)
class TocEntry:
    heading: Heading
    children: tuple[Heading, ...] = ()


def build_toc(headings: tuple[Heading, ...], min_headings: int) -> list[TocEntry]:
    """h2 entries with their h3 children; empty when there are fewer than `min_headings`."""
    usable = [h for h in headings if h.level in (2, 3) and h.anchor]
    if len(usable) < min_headings:
        return []
    entries: list[tuple[Heading, list[Heading]]] = []
    for heading in usable:
        if heading.level == 2 or not entries:
            entries.append((heading, []))
        else:
            entries[-1][1].append(heading)
    return [TocEntry(top, tuple(children)) for top, children in entries]
