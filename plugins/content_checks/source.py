"""An author's source file as text: encoding, metadata header with line numbers, fences.

Pelican reads a Markdown file's metadata with Python-Markdown's `meta` extension; this
module reads the header with the same rules (same regular expressions), but keeps the
line of every field, so each problem can name its line. Nothing here imports Pelican.
"""

from __future__ import annotations

import codecs
import dataclasses
import operator
import os
import re
import sys
from dataclasses import dataclass, field

# Python-Markdown's markdown/extensions/meta.py, verbatim: the header ends where its ends.
META_RE = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)")
META_MORE_RE = re.compile(r"^[ ]{4,}(?P<value>.*)")
BEGIN_RE = re.compile(r"^-{3}(\s.*)?")
END_RE = re.compile(r"^(-{3}|\.{3})(\s.*)?")
# An opening or closing code fence (``` or ~~~), as the fenced_code extension reads them.
FENCE_RE = re.compile(r"^ {0,3}(?P<fence>`{3,}|~{3,})(?P<rest>.*)$")


def pickled_as_a_call(cls):
    """Pickle a dataclass as a call with its fields' values, in order.

    A dataclass with slots pickles through `__getstate__` and `__setstate__` written in
    Python, which look its fields up for every object: the content checks' cache (each
    file's header fields and notes, about 20,000 objects at 2,000 articles) took 0.075 s
    to load and as long to write at every rebuild, half of that this way.
    """
    fields = dataclasses.fields(cls)
    if len(fields) < 2 or not all(f.init for f in fields):
        raise TypeError(f"{cls.__name__}: two fields or more, each an argument of __init__")
    values = operator.attrgetter(*(f.name for f in fields))  # a tuple, in one C call

    def __reduce__(self):
        return (cls, values(self))

    cls.__reduce__ = __reduce__
    return cls


@pickled_as_a_call
@dataclass(frozen=True, slots=True)
class HeaderField:
    key: str
    """As the author wrote it ('Tittle')."""
    value: str
    line: int


@dataclass(frozen=True)
class EncodingProblem:
    line: int
    column: int
    byte: int
    guess: str
    """The encoding the bytes look like ('Latin-1 / Windows-1252', 'UTF-16')."""


@pickled_as_a_call
@dataclass(slots=True)
class SourceText:
    """What the checks need to know about one source file."""

    id: str
    """Path relative to the content folder ('articles/fr/x.md'), like Pelican's."""
    path: str
    """Path shown in problems."""
    size: int
    text: str | None
    """The decoded text with '\\n' line ends; None when the file is not UTF-8."""
    encoding_problem: EncodingProblem | None = None
    fields: tuple[HeaderField, ...] = ()
    front_matter: bool = False
    """The header is a `---` block (YAML-style front matter)."""
    front_matter_stop: int | None = None
    """Line where a `---` header stopped before its closing `---`: YAML syntax that the
    metadata reader does not understand (a list, a nested key)."""
    body_line: int = 1
    """First line of the body (after the header and its blank line)."""
    has_control: bool = False
    """The bytes hold a control character other than tab and line ends (XML 1.0 has no
    place for them: `checks.check_body` finds where)."""
    lines: list[str] = field(default_factory=list, repr=False)
    file: str = ""
    """Absolute path, to read the text again once forgotten (`forget_text`)."""
    forgotten: bool = field(default=False, repr=False)

    def forget_text(self) -> None:
        """Drop the text once the file's own checks are done: the header fields stay.

        Keeping every file's text until the link checks would hold the whole site's
        sources in memory; `line_of` reads the file again in the rare case it is needed.
        """
        if self.text is not None and self.file:
            self.text, self.lines = "", []
            self.forgotten = True

    def forget_header(self) -> None:
        """Drop the header fields once the site-wide checks are done.

        The link checks that follow only ask for the line of a link (`line_of`); the
        fields (titles, summaries) of every file would otherwise stay in memory until the
        build ends, and in the search index's child forked meanwhile.
        """
        self.fields = ()

    def get(self, key: str) -> HeaderField | None:
        """The first header field with this key, in any case ('title' finds 'Title')."""
        key = key.lower()
        return next((f for f in self.fields if f.key.lower() == key), None)

    def line_of(self, needle: str) -> int | None:
        """First line containing `needle`, the header included."""
        lines = self.lines
        if not lines and self.forgotten:
            with open(self.file, "rb") as handle:
                lines = (decode(handle.read())[0] or "").split("\n")
        for number, line in enumerate(lines, 1):
            if needle in line:
                return number
        return None


def decode(raw: bytes) -> tuple[str | None, EncodingProblem | None]:
    """UTF-8 text (a byte-order mark is dropped, as Pelican does), or where it is not UTF-8."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None, EncodingProblem(1, 1, raw[0], "UTF-16")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        start = error.start
        line = raw.count(b"\n", 0, start) + 1
        column = start - (raw.rfind(b"\n", 0, start) + 1) + 1
        return None, EncodingProblem(line, column, raw[start], "Latin-1 / Windows-1252")
    return text.replace("\r\n", "\n").replace("\r", "\n"), None


def parse_header(lines: list[str]) -> tuple[list[HeaderField], bool, int | None, int]:
    """(fields, front_matter, front_matter_stop, body_line), by Python-Markdown's rules."""
    fields: list[HeaderField] = []
    index = 0
    front_matter = bool(lines) and bool(BEGIN_RE.match(lines[0]))
    if front_matter:
        index = 1
    stop = None
    key_field: HeaderField | None = None
    while index < len(lines):
        line = lines[index]
        if line.strip() == "" or END_RE.match(line):
            index += 1
            break
        match = META_RE.match(line)
        if match:
            # The same few keys in every file: one string each.
            key_field = HeaderField(sys.intern(match["key"]), match["value"].strip(), index + 1)
            fields.append(key_field)
        else:
            more = META_MORE_RE.match(line)
            if more and key_field is not None:
                joined = f"{key_field.value}\n{more['value'].strip()}"
                fields[-1] = key_field = HeaderField(key_field.key, joined, key_field.line)
            else:
                if front_matter:
                    stop = index + 1
                break
        index += 1
    return fields, front_matter, stop, index + 1


@dataclass(frozen=True)
class UnclosedFence:
    """A code block that is not closed where the author meant it to be."""

    line: int
    """The opening fence."""
    fence: str
    """Its backticks or tildes ('```')."""
    reopened: int | None = None
    """A later line that opens a block ('```text') while this one is still open: its own
    closing fence closes this block instead, and everything between shows as code."""
    closed: int | None = None
    """Where the block really ends (None: at the end of the file)."""


def unclosed_fence(lines: list[str], start: int = 1) -> UnclosedFence | None:
    """The first code fence that is never closed, or closed only by a later block's fence."""
    opening: UnclosedFence | None = None
    for number, line in enumerate(lines[start - 1 :], start):
        match = FENCE_RE.match(line)
        if not match:
            continue
        fence = match["fence"]
        if opening is None:
            opening = UnclosedFence(number, fence)
        elif fence[0] != opening.fence[0] or len(fence) < len(opening.fence):
            continue  # the other kind, or shorter: text of the block (a Markdown example)
        elif not match["rest"].strip():
            if opening.reopened:
                return UnclosedFence(opening.line, opening.fence, opening.reopened, number)
            opening = None
        elif opening.reopened is None:
            # A closing fence has no info string: this line opens a block, so the one
            # still open was never closed.
            opening = UnclosedFence(opening.line, opening.fence, number)
    return opening


_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])


def read_source(raw: bytes, id: str, path: str, file: str = "") -> SourceText:
    """Decode and analyse one source file's bytes (`file`: its absolute path)."""
    text, problem = decode(raw)
    source = SourceText(
        id=id, path=path, size=len(raw), text=text, encoding_problem=problem, file=file
    )
    # Deleting the control bytes and comparing lengths: a quarter of a regular
    # expression's time (such bytes never occur inside a UTF-8 sequence).
    source.has_control = len(raw.translate(None, _CONTROL_BYTES)) != len(raw)
    if text is None:
        return source
    source.lines = text.split("\n")
    fields, front_matter, stop, body_line = parse_header(source.lines)
    source.fields = tuple(fields)
    source.front_matter = front_matter
    source.front_matter_stop = stop
    source.body_line = body_line
    return source


def file_stamp(path: str) -> tuple[int, int, int, int]:
    """What says a source file is the one a cache entry was made from.

    Its modification time alone is not enough: `git clone` and `git checkout` write many
    files in one clock tick, and `git mv`, `cp -p`, `rsync -a` or `tar` keep a file's
    time, so a file replaced by another can have the old one's time (even its size).
    Writing or renaming a file also sets its status-change time, which no tool can set
    back, and a replaced file is another inode: with the size, they tell every such case
    apart, for the cost of one `stat`. Raises OSError as `os.stat` does.
    """
    status = os.stat(path)
    return status.st_mtime_ns, status.st_size, status.st_ctime_ns, status.st_ino
