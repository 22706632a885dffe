"""The content checks: pure functions from plain records to `Problem`s.

Two kinds of input, both plain data built by the glue in `__init__.py`:

- `SourceText` (source.py): a source file as the author wrote it: encoding, metadata header
  with line numbers. Every file Pelican was given is checked, including files Pelican
  could not read, so one run reports every mistake.
- `Document`: an article or page Pelican built, with the links, images and anchors of its
  body from the content index (the HTML is parsed once per build, by content_index).

Every message says what is wrong and how to fix it, on one line.
"""

from __future__ import annotations

import difflib
import posixpath
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, time
from functools import lru_cache, partial
from urllib.parse import unquote, urlsplit

from dateutil import parser as dateutil_parser

from .problems import Problem
from .source import HeaderField, SourceText, unclosed_fence

KNOWN_METADATA = (
    "title", "date", "modified", "category", "tags", "slug", "summary", "lang",
    "translation_key", "translation", "status", "author", "authors", "order", "save_as",
    "url", "template",
)  # fmt: skip
"""Metadata keys the site reads (Pelican's and the bilingual plugin's); settings can add
more with CONTENT_CHECKS_EXTRA_METADATA."""

TODO = "[TODO]"
TRANSLATE = "[TRANSLATE]"
UNFINISHED_MARKERS = (TODO, TRANSLATE)
"""Written by `invoke new` / `invoke translate` where the author still has to write."""
TRANSLATE_BODY_MARKER = "<!-- TRANSLATE"
"""Written by `invoke translate` above the original text to replace."""

DATE_HINT = "write it as YYYY-MM-DD or YYYY-MM-DD HH:MM, e.g. 2012-03-14 09:30"
_HTML_TAG = re.compile(r"<\s*/?\s*[A-Za-z][^<>]*>")
_AUTOLINK = re.compile(r"<(?:https?|ftp|mailto):[^<>\s]*>", re.I)
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_CODE_SPAN = re.compile(r"(`+).+?\1")
# What a slug may hold: it is a folder name and part of every link to the content.
_SLUG_CHARACTERS = re.compile(r"[\w.~+-]+")
_NOT_IN_A_SLUG = re.compile(r"[^\w.~+-]+")
# What no web address holds as it is (an address, URL:, is written into link attributes).
_NOT_IN_AN_ADDRESS = re.compile(r"[\s\"'<>\\`^{}|]")
MAX_NAME_BYTES = 200
"""Longest slug (a folder name: most file systems stop at 255 bytes) of an article, a
category or a tag."""
# Characters XML 1.0 cannot hold (feeds), invisible in an editor: pasted terminal
# output (ESC), a NUL from a broken copy.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# Invisible characters that reorder the text around them wherever it is shown.
_BIDI_CONTROL = re.compile("[\u202a-\u202e\u2066-\u2069]")
_SOURCE_SUFFIXES = (".md", ".markdown", ".mkd", ".mdown")
"""Markdown sources, linked by a plain path: never a URL of the site."""


@dataclass(frozen=True)
class Document:
    """An article or page Pelican built, as the checks see it."""

    id: str
    """Source path relative to the content folder ('articles/fr/x.md')."""
    path: str
    kind: str
    """'article' or 'page'."""
    lang: str
    slug: str
    title: str
    translation_key: str
    explicit_key: bool
    """The author wrote `Translation_key:` (else the key is the slug)."""
    date: datetime | None = None
    modified: datetime | None = None
    status: str = "published"
    category: str | None = None
    category_slug: str | None = None
    save_as: str = ""
    links: tuple[str, ...] = ()
    images: tuple[str, ...] = ()
    anchors: frozenset[str] | None = None
    """Ids in the body; None when no content index ran (anchors are then not checked)."""

    @property
    def updated(self) -> datetime | None:
        """When the text last changed: Modified, else Date."""
        return self.modified or self.date


def _size(count: int) -> str:
    return f"{count / 1e6:.1f} MB" if count >= 1e6 else f"{count / 1e3:.0f} KB"


def _did_you_mean(word: str, choices: Iterable[str], cutoff: float = 0.6) -> str | None:
    return _closest(word, tuple(sorted(set(choices))), cutoff)


@lru_cache(maxsize=1024)
def _closest(word: str, choices: tuple[str, ...], cutoff: float) -> str | None:
    # Memoized: a site-specific metadata key (a corpus's `Cluster:`) is in every file.
    matches = difflib.get_close_matches(word, choices, n=1, cutoff=cutoff)
    return matches[0] if matches else None


_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?")


def parse_header_date(value: str, fallback: Callable[[str], datetime]) -> datetime:
    """`fallback` (Pelican's get_date) for a header's date, read directly when it is ISO.

    `2024-03-01` and `2024-03-01 10:30[:00]`, as authors write them, give the same naive
    datetime as dateutil, a hundred times faster; anything else goes to `fallback`.
    """
    match = _ISO_DATE.fullmatch(value)
    if match:
        try:
            return datetime(*(int(part) for part in match.groups() if part is not None))
        except ValueError:
            pass  # 2024-02-30: the fallback says what it makes of it
    return fallback(value)


# What authors may write in Date/Modified: ISO, optionally with a time and an offset. Any
# other form is read by dateutil, month first: '03/04/2012' would be 4 March.
_ISO_FORM = re.compile(
    r"\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?: ?(?:Z|[+-]\d{2}(?::?\d{2})?))?)?"
)
_YEAR_FIRST = re.compile(r"\d{4}\D")


def date_readings(value: str) -> list[datetime]:
    """What a date not written YYYY-MM-DD can mean: day first, then month first.

    One reading when both agree ('14/03/2012', 'March 14, 2012', '2012/3/14': a year
    written first is followed by the month), two when day and month can swap
    ('03/04/2012'), none when it is not a full date ('04/2012', 'demain').
    """
    yearfirst = bool(_YEAR_FIRST.match(value))
    readings: list[datetime] = []
    for dayfirst in (False,) if yearfirst else (True, False):
        try:
            # Two defaults: a part missing from the value takes a different one in each.
            one, two = (
                dateutil_parser.parse(value, dayfirst=dayfirst, yearfirst=yearfirst, default=d)
                for d in (datetime(2000, 1, 1), datetime(2001, 2, 2))
            )
        except (ValueError, OverflowError):
            continue
        if one.date() != two.date():
            return []
        if one not in readings:
            readings.append(one)
    return readings


def _iso(value: datetime, with_time: bool) -> str:
    text = f"{value:%Y-%m-%d}"
    if with_time:
        text += f" {value:%H:%M}" + (f":{value:%S}" if value.second else "")
    offset = value.strftime("%z")
    return text + (f"{offset[:3]}:{offset[3:]}" if offset else "")


def _non_iso_date(field: HeaderField) -> str:
    readings = date_readings(field.value)
    # "9h30" has no colon: a reading with a time of day is the other sign of one.
    with_time = ":" in field.value or any(r.time() != time() for r in readings)
    if not readings:
        return f"{field.key}: '{field.value}' is not a valid date: {DATE_HINT}"
    day_first = _iso(readings[0], with_time)
    if len(readings) == 1:
        return f"{field.key}: '{field.value}' is not written YYYY-MM-DD: write '{field.key}: {day_first}'"
    month_first = _iso(readings[1], with_time)
    return (
        f"{field.key}: '{field.value}' is ambiguous: the site would read it month first, as "
        f"{month_first}; write it as YYYY-MM-DD: '{field.key}: {day_first}' if the day comes "
        f"first, '{field.key}: {month_first}' if the month does"
    )


def _header_line(source: SourceText | None, key: str) -> int | None:
    found = source.get(key) if source else None
    return found.line if found else None


# --- One source file ----------------------------------------------------------------------


def check_encoding(source: SourceText) -> list[Problem]:
    at = partial(Problem, source.path)
    problem = source.encoding_problem
    if problem is None:
        return []
    return [
        at(
            problem.line,
            "error",
            f"the file is not saved as UTF-8 (byte 0x{problem.byte:02x} at column "
            f"{problem.column}; it looks like {problem.guess}): save the file as UTF-8 "
            "(in your editor: Save As, Encoding: UTF-8)",
        )
    ]


def check_header(
    source: SourceText,
    kind: str,
    parse_date: Callable[[str], datetime],
    extra_keys: Iterable[str] = (),
    draft: bool = False,
) -> list[Problem]:
    """Metadata of one file: required fields, dates, typos in keys, YAML-only syntax."""
    at = partial(Problem, source.path)
    problems: list[Problem] = []
    if source.text is not None and not source.text.strip():
        return [
            at(
                None,
                "error",
                "the file is empty: start it with a metadata header "
                "('Title: ...', 'Date: ...', 'Category: ...') or delete it",
            )
        ]
    known = set(KNOWN_METADATA) | {k.lower() for k in extra_keys}
    seen: dict[str, int] = {}
    typos: list[tuple[str, HeaderField]] = []
    for field in source.fields:
        key = field.key.lower()
        if key in seen:
            problems.append(_written_twice(source, field, seen[key], known))
            continue
        seen[key] = field.line
        if key in known:
            continue
        guess = _did_you_mean(key.replace("-", "_"), known, cutoff=0.75)
        if guess:
            typos.append((guess, field))
        else:
            problems.append(
                at(
                    field.line,
                    "note",
                    f"metadata key '{field.key}:' is not one the site uses; it is ignored "
                    f"(known keys: {', '.join(k.capitalize() for k in KNOWN_METADATA)})",
                )
            )

    required = ("title", "date", "category") if kind == "article" else ("title",)
    missing = [key for key in required if key not in seen]
    for guess, field in typos:
        if guess in missing:
            missing.remove(guess)
            problems.append(
                at(
                    field.line,
                    "error",
                    f"'{field.key}:' is not a metadata key, did you mean '{guess.capitalize()}:'? "
                    f"Without '{guess.capitalize()}:' the {kind} cannot be built",
                )
            )
        else:
            problems.append(
                at(
                    field.line,
                    "warning",
                    f"unknown metadata key '{field.key}:', did you mean '{guess.capitalize()}:'? "
                    "The site ignores unknown keys",
                )
            )
    for key in missing:
        problems.append(
            at(
                1,
                "error",
                f"no '{key.capitalize()}:' in the metadata header: every {kind} needs one; add a "
                f"line '{key.capitalize()}: ...' at the top of the file",
            )
        )

    problems += _check_values(source, kind)
    dates = {}
    for key in ("date", "modified"):
        field = source.get(key)
        if field is None:
            continue
        if not _ISO_FORM.fullmatch(field.value):
            problems.append(at(field.line, "error", _non_iso_date(field)))
            continue
        try:
            dates[key] = parse_date(field.value)
        except (ValueError, OverflowError, TypeError):
            problems.append(
                at(
                    field.line,
                    "error",
                    f"{field.key}: '{field.value}' is not a valid date: {DATE_HINT}",
                )
            )
    if "date" in dates and "modified" in dates:
        date, modified = dates["date"], dates["modified"]
        if (date.tzinfo is None) == (modified.tzinfo is None) and modified < date:
            problems.append(
                at(
                    _header_line(source, "modified"),
                    "warning",
                    f"Modified ({modified:%Y-%m-%d %H:%M}) is before Date ({date:%Y-%m-%d %H:%M}): "
                    "Modified is when the text last changed; fix one of the two",
                )
            )

    problems += _check_front_matter(source)
    problems += _check_metadata_values(source, draft)
    return problems


# Pelican keeps the first of these when one is written twice (DUPLICATES_DEFINITIONS_ALLOWED),
# joins a formatted field (Markdown: the summary), and makes a list of any other.
_FIRST_ONE_KEPT = frozenset(
    (
        "tags",
        "date",
        "modified",
        "status",
        "category",
        "author",
        "authors",
        "save_as",
        "url",
        "slug",
    )
)
_JOINED = frozenset(("summary",))
STATUSES = ("published", "hidden", "draft", "skip")
"""What Pelican accepts in `Status:` (in any case: it reads it in lowercase)."""
# Keys whose empty value Pelican takes as given: an empty title, category, address...
_NOT_EMPTY = (
    "title", "category", "slug", "save_as", "url", "lang", "template", "translation_key",
    "order", "status",
)  # fmt: skip


def _written_twice(source: SourceText, field: HeaderField, first: int, known: set[str]) -> Problem:
    key = field.key.lower()
    where = f"'{field.key}:' is written twice (also line {first})"
    if key in _FIRST_ONE_KEPT:
        return Problem(
            source.path,
            field.line,
            "warning",
            f"{where}; only the first one is used: delete one of them",
        )
    if key in _JOINED:
        return Problem(
            source.path,
            field.line,
            "warning",
            f"{where}; the two are joined into one: keep one line",
        )
    if key not in KNOWN_METADATA:
        return Problem(
            source.path,
            field.line,
            "note",
            f"{where}; the site does not use it: delete one of them",
        )
    return Problem(
        source.path,
        field.line,
        "error",
        f"{where}: both values would be read as a list and shown so (['…', '…']): delete one of them",
    )


def _check_values(source: SourceText, kind: str) -> list[Problem]:
    """Values the site cannot build from: empty, an Order that is no number, a Status unknown."""
    at = partial(Problem, source.path)
    problems = []
    for key in _NOT_EMPTY:
        field = source.get(key)
        if field is None or field.value.strip():
            continue
        required = key == "title" or (key == "category" and kind == "article")
        fix = (
            f"write the {kind}'s {key.replace('_', ' ')}"
            if required
            else "write a value, or delete the line"
        )
        problems.append(at(field.line, "error", f"'{field.key}:' is empty: {fix}"))
    order = source.get("order")
    if (
        order is not None
        and order.value.strip()
        and not re.fullmatch(r"[+-]?\d+", order.value.strip())
    ):
        problems.append(
            at(
                order.line,
                "error",
                f"Order: '{order.value.strip()}' is not a whole number: write the page's place "
                "in its section, e.g. 'Order: 2'",
            )
        )
    status = source.get("status")
    # Pelican reads the status in lowercase: "Draft" is a draft.
    if status is not None and status.value.strip() and status.value.strip().lower() not in STATUSES:
        value = status.value.strip()
        guess = _did_you_mean(value.lower(), STATUSES)
        hint = f" (did you mean '{guess}'?)" if guess else ""
        problems.append(
            at(
                status.line,
                "error",
                f"Status: '{value}' is not a status{hint}: write draft, hidden or published; "
                "Pelican skips the file otherwise",
            )
        )
    return problems


def check_template(source: SourceText, templates: Iterable[str]) -> list[Problem]:
    """A `Template:` the theme has (read each build: a template can be added to the theme)."""
    field = source.get("template")
    name = field.value.strip() if field is not None else ""
    if not name or name in templates:
        return []
    names = sorted(templates)
    guess = _did_you_mean(name, names)
    hint = f" (did you mean '{guess}'?)" if guess else ""
    return [
        Problem(
            source.path,
            field.line,
            "error",
            f"Template: '{name}' is not a template of the theme{hint}: use one of "
            f"{', '.join(names)}, or add theme/templates/{name}.html",
        )
    ]


def _check_front_matter(source: SourceText) -> list[Problem]:
    """`---` blocks work when every line is `Key: value`; YAML-only syntax does not."""
    at = partial(Problem, source.path)
    problems = []
    if source.front_matter_stop:
        line = source.lines[source.front_matter_stop - 1].strip()
        problems.append(
            at(
                source.front_matter_stop,
                "error",
                f"'{line}' is YAML syntax that the metadata header does not understand: the "
                "header stops here and the rest appears in the article; write each field on one "
                "line, lists comma-separated (e.g. 'Tags: intranet, collaboration')",
            )
        )
    if not source.front_matter:
        return problems
    for field in source.fields:
        value = field.value.strip()
        if value.startswith("[") and value.endswith("]") and field.key.lower() != "title":
            problems.append(
                at(
                    field.line,
                    "warning",
                    f"'{field.key}: {value}' is a YAML list: the brackets become part of the "
                    f"value; write '{field.key}: {value[1:-1].strip()}'",
                )
            )
        elif len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            problems.append(
                at(
                    field.line,
                    "warning",
                    f"the quotes around {field.key}'s value become part of it (this is not YAML): "
                    f"write '{field.key}: {value[1:-1]}'",
                )
            )
    return problems


def _check_metadata_values(source: SourceText, draft: bool) -> list[Problem]:
    at = partial(Problem, source.path)
    problems = _check_addresses(source)
    for key in ("title", "summary", "category", "tags"):
        field = source.get(key)
        if field is None:
            continue
        bidi = _BIDI_CONTROL.search(field.value)
        if bidi:
            problems.append(
                at(
                    field.line,
                    "warning",
                    f"{field.key} holds U+{ord(bidi.group(0)):04X}, an invisible character "
                    "that reverses or reorders the text after it wherever it is shown (lists, "
                    "search results, the browser's tab): delete it",
                )
            )
        # Markdown code spans show tags as text, and <https://...> is a Markdown link:
        # both are fine in a summary.
        value = field.value
        if key == "summary":
            value = _AUTOLINK.sub("", _CODE_SPAN.sub("", value))
        tag = _HTML_TAG.search(value)
        if tag and key == "title":
            # A title is plain text: "Le tag <title> en SEO" may mean just that.
            problems.append(
                at(
                    field.line,
                    "note",
                    f"Title: {tag.group(0)} is shown as written, as text (titles are plain "
                    "text: no HTML or Markdown formatting)",
                )
            )
        elif tag:
            what = "Markdown (*emphasis*, `code`)" if key == "summary" else "plain text"
            problems.append(
                at(
                    field.line,
                    "warning",
                    f"HTML in {field.key} ({tag.group(0)}) is shown as text, not applied: "
                    f"write {what} instead",
                )
            )
        marker = next((m for m in UNFINISHED_MARKERS if m in field.value), None)
        if marker and not draft:
            problems.append(
                at(
                    field.line,
                    "warning",
                    f"{field.key} still has the {marker} placeholder: write the final text "
                    "(or add 'Status: draft' to keep the article unpublished)",
                )
            )
    if source.text is not None and not draft:
        line = source.line_of(TRANSLATE_BODY_MARKER)
        if line and line >= source.body_line:
            problems.append(
                at(
                    line,
                    "warning",
                    "the translation is not finished: replace the original text below this "
                    "marker with the translation, then delete the marker line",
                )
            )
    return problems


def _check_addresses(source: SourceText) -> list[Problem]:
    """Slug, URL and Save_as become addresses and folder names: what would break them."""
    at = partial(Problem, source.path)
    problems = []
    slug = source.get("slug")
    if slug is not None and slug.value.startswith("."):
        problems.append(
            at(
                slug.line,
                "error",
                f"Slug: '{slug.value}' starts with a dot: it would name a hidden folder, or "
                "('..') the folder above; start it with a letter or a digit",
            )
        )
    elif slug is not None and slug.value and not _SLUG_CHARACTERS.fullmatch(slug.value):
        better = _NOT_IN_A_SLUG.sub("-", slug.value).strip("-").lower() or "mon-article"
        problems.append(
            at(
                slug.line,
                "error",
                f"Slug: '{slug.value}' holds characters a slug cannot ("
                f"{_shown_characters(_NOT_IN_A_SLUG.findall(slug.value))}): it names the "
                "page's folder and goes into every link to it; use letters, digits and '-', "
                f"e.g. 'Slug: {better}'",
            )
        )
    named = slug if slug is not None and slug.value else source.get("title")
    if named is not None:
        long = _slug_bytes(named.value)
        if long > MAX_NAME_BYTES:
            what = "Slug" if named is slug else "slug made from the Title"
            problems.append(
                at(
                    named.line,
                    "error",
                    f"the {what} would be about {long} bytes long, more than a folder name "
                    f"can hold ({MAX_NAME_BYTES}): "
                    + ("shorten it" if named is slug else "add a shorter 'Slug: ...' line"),
                )
            )
    for key in ("category", "tags"):
        field = source.get(key)
        names = [] if field is None else field.value.split(",") if key == "tags" else [field.value]
        for name in names:
            if _slug_bytes(name.strip()) > MAX_NAME_BYTES:
                problems.append(
                    at(
                        field.line,
                        "error",
                        f"{field.key}: '{name.strip()[:40]}...' is too long to name a page and "
                        f"its folder (more than {MAX_NAME_BYTES} bytes): shorten it",
                    )
                )
    for key in ("url", "save_as"):
        field = source.get(key)
        if field is None or not field.value:
            continue
        value = field.value
        bad = _NOT_IN_AN_ADDRESS.findall(value) or _CONTROL.findall(value)
        outside = ".." in re.split(r"[/\\]", value)
        if _SCHEME.match(value) or value.startswith(("/", "\\")) or outside:
            problems.append(
                at(
                    field.line,
                    "error",
                    f"{field.key}: '{value}' is not an address in this site: {field.key} is "
                    "relative to the site's root, without a scheme, a leading '/' or '..' (e.g. "
                    f"'{field.key}: fr/mon-article/'); to point readers elsewhere, link from the text",
                )
            )
        elif bad:
            problems.append(
                at(
                    field.line,
                    "error",
                    f"{field.key}: '{value}' holds characters a web address cannot hold as "
                    f"they are ({_shown_characters(bad)}): use letters, digits, '-' and '/'",
                )
            )
        elif key == "save_as" and "." not in value.rstrip("/").rsplit("/", 1)[-1]:
            # 'fr/', 'fr', '.': a folder, where the page's file would go.
            folder = value.rstrip("/") or "."
            problems.append(
                at(
                    field.line,
                    "error",
                    f"Save_as: '{value}' names a folder, not a file: write the file the page is "
                    f"saved to, e.g. 'Save_as: {folder.strip('.') or 'fr/a-propos'}/index.html'",
                )
            )
    save_as, url = source.get("save_as"), source.get("url")
    if (
        save_as is not None
        and save_as.value.strip()
        and url is None
        and not any(p.line == save_as.line for p in problems)
    ):
        problems.append(
            at(
                save_as.line,
                "warning",
                "Save_as: without URL: the page is saved there, but every link to it still "
                "leads to its usual address; add a URL: line for the same place (for "
                "'fr/x/index.html', 'URL: fr/x/')",
            )
        )
    return problems


def _slug_bytes(text: str) -> int:
    """About how long a slug made from `text` is, in bytes.

    Accents are dropped, as Pelican's slugs drop them; other letters count as written
    (a Chinese one, three bytes).
    """
    bare = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return len(_NOT_IN_A_SLUG.sub("-", bare).encode("utf-8"))


def _shown_characters(found: Iterable[str]) -> str:
    characters = dict.fromkeys("".join(found))
    return ", ".join(
        repr(c) if c.isprintable() and c != " " else f"U+{ord(c):04X}" for c in characters
    )


def check_body(source: SourceText, max_bytes: int) -> list[Problem]:
    """Size and unclosed code fences."""
    at = partial(Problem, source.path)
    problems = []
    if source.size > max_bytes:
        problems.append(
            at(
                None,
                "warning",
                f"the file is {_size(source.size)} (more than {_size(max_bytes)}): "
                "it slows every build; split it, or move data and images to static files",
            )
        )
    if source.text is not None:
        control = _CONTROL.search(source.text) if source.has_control else None
        if control:
            line = source.text.count("\n", 0, control.start()) + 1
            column = control.start() - (source.text.rfind("\n", 0, control.start()) + 1) + 1
            problems.append(
                at(
                    line,
                    "error",
                    f"an invisible control character U+{ord(control.group(0)):04X} is at column "
                    f"{column} (often pasted with terminal output or from a broken copy): feeds "
                    "cannot hold it; delete it",
                )
            )
        found = unclosed_fence(source.lines, source.body_line)
        if found and found.reopened:
            reopened = source.lines[found.reopened - 1].strip()
            end = f"line {found.closed}" if found.closed else "the end of the file"
            problems.append(
                at(
                    found.line,
                    "warning",
                    f"the code block opened here ({found.fence}) is not closed before line "
                    f"{found.reopened} ({reopened}), which opens another one: everything up to "
                    f"{end} shows as code; add a line {found.fence} where this code ends",
                )
            )
        elif found:
            problems.append(
                at(
                    found.line,
                    "warning",
                    f"the code block opened here ({found.fence}) is never closed: the rest of the "
                    f"file shows as code; add a line {found.fence} where the code ends",
                )
            )
    return problems


# --- The built site ---------------------------------------------------------------------------


def check_languages(
    documents: Iterable[Document],
    languages: tuple[str, ...],
    sources: Mapping[str, SourceText],
    folder_lang: Callable[[str], str | None] = lambda id: None,
    folders_give_language: bool = False,
) -> list[Problem]:
    """Languages that are not site languages; a `Lang:` line that contradicts the folder.

    With `folders_give_language`, also a file in no language folder and without `Lang:`.
    `folder_lang(id)` is the language the file's folder gives (PATH_METADATA), or None.
    """
    problems = []
    for doc in documents:
        folder = doc.id.split("/", 1)[0]
        field = sources[doc.id].get("lang") if doc.id in sources else None
        expected = folder_lang(doc.id)
        if folders_give_language and expected is None and field is None:
            # articles/EN/x.md, articles/english/x.md, articles/x.md: Pelican gives it
            # the default language, silently.
            sub = doc.id.split("/")[1] if doc.id.count("/") >= 2 else ""
            fix = (
                f"rename the folder {folder}/{sub}/ to {folder}/{sub.lower()}/ (language "
                "folders are written in lowercase)"
                if sub.lower() in languages
                else f"move it to {folder}/{languages[0]}/ or {folder}/{languages[-1]}/"
            )
            problems.append(
                Problem(
                    doc.path,
                    None,
                    "error",
                    "this file is in no language folder, so it would be published in the "
                    f"default language ({doc.lang}) whatever its text: {fix}",
                )
            )
            continue
        # An unknown language gets the error below, which lists the site's languages.
        if field is not None and expected and doc.lang != expected and doc.lang in languages:
            # Pelican lets the header win: the text would be published in the wrong tree.
            parts = posixpath.dirname(doc.id).split("/")
            here = "/".join(parts)
            if expected in parts:
                parts[parts.index(expected)] = doc.lang
            problems.append(
                Problem(
                    doc.path,
                    field.line,
                    "error",
                    f"'{field.key}: {field.value}' contradicts the folder {here}/ (the folder "
                    f"gives the language): remove the line, or move the file to "
                    f"{'/'.join(parts)}/",
                )
            )
            continue
        if doc.lang in languages:
            continue
        where = (
            f"remove the '{field.key}: {field.value}' line (the folder gives the language)"
            if field is not None and expected in languages
            else f"move the file to {folder}/{languages[0]}/ or {folder}/{languages[-1]}/ (the "
            "folder gives the language)"
        )
        problems.append(
            Problem(
                doc.path,
                _header_line(sources.get(doc.id), "lang"),
                "error",
                f"language '{doc.lang}' is not a site language ({', '.join(languages)}): "
                f"{where}, or add the language to SITE_LANGUAGES",
            )
        )
    return problems


def check_duplicates(
    documents: Iterable[Document], sources: Mapping[str, SourceText]
) -> list[Problem]:
    """Two articles of one language with one slug; two files written to one place."""
    problems = []
    documents = sorted(documents, key=lambda d: d.id)
    by_slug: dict[tuple[str, str, str], list[Document]] = defaultdict(list)
    for doc in documents:
        by_slug[(doc.kind, doc.lang, doc.slug)].append(doc)
    reported = set()
    for (kind, lang, slug), docs in by_slug.items():
        for doc in docs[1:]:
            source = sources.get(doc.id)
            line = _header_line(source, "slug") or _header_line(source, "title")
            problems.append(
                Problem(
                    doc.path,
                    line,
                    "error",
                    f"slug '{slug}' is already used by {docs[0].id} ({lang}): two {kind}s of one "
                    "language need different slugs; change 'Slug:' (or the title) of one",
                )
            )
            reported.add(doc.id)
    by_output: dict[str, list[Document]] = defaultdict(list)
    for doc in documents:
        if doc.save_as:
            by_output[doc.save_as].append(doc)
    for save_as, docs in by_output.items():
        for doc in docs[1:]:
            if doc.id not in reported:
                problems.append(
                    Problem(
                        doc.path,
                        None,
                        "error",
                        f"{doc.id} and {docs[0].id} would both be written to {save_as}: "
                        "change the slug of one of them",
                    )
                )
    return problems


def check_categories(
    documents: Iterable[Document], sources: Mapping[str, SourceText]
) -> list[Problem]:
    """Categories with no URL; one category written two ways ('Intranet', 'intranet')."""
    articles = [d for d in documents if d.kind == "article" and d.category is not None]
    problems = [
        Problem(
            doc.path,
            _header_line(sources.get(doc.id), "category"),
            "error",
            f"category '{doc.category}' has no letters or digits, so it has no URL: "
            "give it a name with letters",
        )
        for doc in articles
        if not doc.category_slug
    ]
    spellings: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for doc in articles:
        if doc.category_slug:
            spellings[(doc.lang, doc.category_slug)][doc.category] += 1
    for doc in sorted(articles, key=lambda d: d.id):
        names = spellings.get((doc.lang, doc.category_slug))
        if not names or len(names) == 1:
            continue
        # The site shows the spelling most used (the bilingual plugin's rule, ties by name).
        shown, count = min(names.items(), key=lambda item: (-item[1], item[0]))
        if doc.category != shown:
            problems.append(
                Problem(
                    doc.path,
                    _header_line(sources.get(doc.id), "category"),
                    "warning",
                    f"category '{doc.category}' is written '{shown}' in {count} other "
                    f"article{'s' if count > 1 else ''}: they are one category, shown as "
                    f"'{shown}'; write 'Category: {shown}' here",
                )
            )
    return problems


def _two_versions(
    versions: Mapping[str, list[Document]],
    key: str,
    name: str,
    original: Document | None,
    sources: Mapping[str, SourceText],
) -> list[Problem]:
    """Two files of one language with one translation key: an error on each that says so.

    The other language's page would link to one of them while the other still names that
    page as its translation: the site's alternates (hreflang) would disagree.
    """
    problems = []
    for lang, same in versions.items():
        # Two implicit keys are two equal slugs: check_duplicates reports those.
        if len(same) < 2 or not any(d.explicit_key for d in same):
            continue
        ids = sorted(d.id for d in same)
        named = f"{', '.join(ids[:-1])} and {ids[-1]} {'both' if len(ids) == 2 else 'all'}"
        # Two originals (default language) translate nothing: either may keep the key.
        keep = (
            f"the translation of {original.id}"
            if original and original not in same
            else "one of them"
        )
        for doc in same:
            if not doc.explicit_key:
                continue
            problems.append(
                Problem(
                    doc.path,
                    _header_line(sources.get(doc.id), "translation_key"),
                    "error",
                    f"{named} claim to be the '{lang}' version of '{key}': each {name} has one "
                    f"version per language; keep 'Translation_key: {key}' only in {keep}, and "
                    "in the other set it to the slug of its own original (or delete the line)",
                )
            )
    return problems


def _page_folder(page: Document, lang: str, published: list[Document]) -> str:
    """Where the `lang` version of a knowledge-base page goes: kb/<lang>/<its section>/.

    The section's folder in `lang` is the one of the translation of the section's home
    page (`glossaire/` -> `glossary/`), else the same name.
    """
    parts = page.id.split("/")  # kb/fr/section/x.md
    if len(parts) <= 3:
        return f"kb/{lang}/"
    section = "/".join(parts[:-1])
    home = next((d for d in published if d.id == f"{section}/index.md"), None)
    if home is not None and home is not page:
        for twin in published:
            if (
                twin.kind == "page"
                and twin.lang == lang
                and twin.translation_key == home.translation_key
                and twin.id.endswith("/index.md")
            ):
                return twin.id.rsplit("/", 1)[0] + "/"
    return f"kb/{lang}/{'/'.join(parts[2:-1])}/"


def _page_advice(
    page: Document, lang: str, key: str, published: list[Document], documents: list[Document]
) -> str:
    """What to do for a page's missing `lang` version: copy it into its section's folder.

    Paths as every message shows them (`content/kb/en/glossary/`). A folder with no
    index.md yet is a new section in `lang`: its index page comes first, or the next build
    warns about a section without one.
    """
    content = page.path[: -len(page.id)] if page.path.endswith(page.id) else ""
    folder = _page_folder(page, lang, published)
    advice = f"copy it into {content}{folder}, translate it, and set 'Translation_key: {key}'"
    home = page.id.rsplit("/", 1)[0] + "/index.md"
    ids = {d.id for d in documents}
    if folder.count("/") > 2 and page.id != home and f"{folder}index.md" not in ids:
        advice += f"; {content}{folder} is a new folder: it needs its index.md"
        if home in ids:
            advice += f", the translation of {content}{home}"
    return advice


def check_translations(
    documents: Iterable[Document],
    languages: tuple[str, ...],
    default_lang: str,
    sources: Mapping[str, SourceText],
    severity: str = "note",
    unbuilt: Mapping[tuple[str, str], tuple[str, str]] | None = None,
) -> tuple[list[Problem], dict[str, str]]:
    """Missing translations, keys that match nothing, translations older than the original.

    Returns (problems, stale) where stale maps a translation's id to its original's id.
    Only published content counts: a draft translation is still a missing one.
    `unbuilt` maps (kind, translation key) to (id, lang) of files Pelican could not build.
    """
    problems: list[Problem] = []
    stale: dict[str, str] = {}
    unbuilt = unbuilt or {}
    published = [d for d in documents if d.status == "published"]
    groups: dict[tuple[str, str], list[Document]] = defaultdict(list)
    for doc in published:
        groups[(doc.kind, doc.translation_key)].append(doc)
    slugs = {(d.kind, d.slug) for d in published if d.lang == default_lang}
    # Drafts count as nothing published, but the advice must not tell to write them again.
    unpublished = [d for d in documents if d.status != "published"]
    draft_versions = {(d.kind, d.translation_key, d.lang): d for d in unpublished}
    draft_slugs = {(d.kind, d.slug): d for d in unpublished}
    names = {"article": "article", "page": "page"}
    for (kind, key), docs in sorted(groups.items()):
        docs.sort(key=lambda d: (d.lang != default_lang, d.id))
        versions: dict[str, list[Document]] = defaultdict(list)
        for doc in docs:
            versions[doc.lang].append(doc)
        by_lang = {lang: same[0] for lang, same in versions.items()}
        # The original is the version the others name (its slug is their key): an English
        # original translated into French stays the original.
        named = [d for d in by_lang.values() if d.slug == key]
        original = named[0] if len(named) == 1 else by_lang.get(default_lang)
        problems += _two_versions(versions, key, names[kind], original, sources)
        other, other_lang = unbuilt.get((kind, key), ("", ""))
        if other and other_lang not in by_lang:
            # The missing version is there, with an error of its own: any advice about
            # the key or a translation to write would be wrong.
            whose = "its original" if other_lang == default_lang else f"its '{other_lang}' version"
            problems += [
                Problem(
                    doc.path,
                    _header_line(sources.get(doc.id), "translation_key"),
                    "warning",
                    f"Translation_key '{key}': {whose} {other} could not be built (see its "
                    "own error); fix that file first",
                )
                for doc in docs
                if doc.explicit_key and key != doc.slug
            ]
            continue
        if len(docs) == 1:
            doc = docs[0]
            draft = draft_slugs.get((kind, key))
            if doc.explicit_key and key != doc.slug and draft is not None:
                problems.append(
                    Problem(
                        doc.path,
                        _header_line(sources.get(doc.id), "translation_key"),
                        "note",
                        f"Translation_key '{key}': its original {draft.id} is not published "
                        f"(Status: {draft.status}); the two are paired once it is",
                    )
                )
                continue
            if doc.explicit_key and key != doc.slug:
                guess = _did_you_mean(key, (s for k, s in slugs if k == kind))
                hint = f" (did you mean '{guess}'?)" if guess else ""
                problems.append(
                    Problem(
                        doc.path,
                        _header_line(sources.get(doc.id), "translation_key"),
                        "warning",
                        f"Translation_key '{key}' matches no other {names[kind]}{hint}: set "
                        "it to the slug of the original",
                    )
                )
        present = docs[0]
        for lang in languages:
            if lang in by_lang or present.lang not in languages:
                continue
            draft = draft_versions.get((kind, key, lang))
            if draft is not None:
                problems.append(
                    Problem(
                        present.path,
                        None,
                        severity,
                        (
                            f"the '{lang}' translation {draft.id} is hidden (Status: hidden): "
                            "written but listed nowhere, and not shown as this page's translation"
                        )
                        if draft.status == "hidden"
                        else f"the '{lang}' translation {draft.id} is not published yet (Status: "
                        f"{draft.status}): finish it, then remove its 'Status:' line",
                    )
                )
                continue
            command = (
                f"invoke translate {present.slug} --lang {lang}"
                if kind == "article"
                else _page_advice(present, lang, key, published, published + unpublished)
            )
            problems.append(
                Problem(
                    present.path,
                    None,
                    severity,
                    f"no '{lang}' translation yet ({lang}: to translate): {command}",
                )
            )
        if original is None or kind != "article":
            continue
        for doc in by_lang.values():
            if doc is original or not (original.updated and doc.updated):
                continue
            if original.updated > doc.updated:
                stale[doc.id] = original.id
                problems.append(
                    Problem(
                        doc.path,
                        None,
                        severity,
                        f"translation out of date: its original {original.id} was updated on "
                        f"{original.updated:%Y-%m-%d %H:%M}, after this translation "
                        f"({doc.updated:%Y-%m-%d %H:%M}); update it, then set 'Modified:' to "
                        "today's date",
                    )
                )
    return problems, stale


# --- Links ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Link:
    kind: str
    """'filename', 'static', 'attach' (Pelican's {..} links), 'fragment' (#x in the same
    page), 'path' (a plain relative or absolute path), 'wikilink' (the related plugin's
    placeholder for `[[target#fragment]]`), 'other' (URLs, other {..})."""
    target: str
    """Content-relative path of the target for filename/static/attach/path links; the
    slug or title the author wrote for a wikilink."""
    fragment: str = ""
    indicator: str = ""


def parse_link(href: str, doc_id: str, intrasite: re.Pattern) -> Link:
    """Where a link of the document `doc_id` points, by Pelican's rules (contents.py)."""
    match = intrasite.match(href)
    if match:
        what = match.group("what")
        if what == "wikilink":
            # The whole `target#fragment` is quoted into the placeholder's path.
            target, _, fragment = unquote(href[match.end() :]).partition("#")
            return Link("wikilink", target, fragment, what)
        rest = urlsplit(href[match.end() :])
        if what not in ("filename", "static", "attach"):
            return Link("other", "", rest.fragment, what)
        return Link(what, _content_path(rest.path, doc_id), unquote(rest.fragment), what)
    if href.startswith("#"):
        return Link("fragment", "", unquote(href[1:]))
    parts = urlsplit(href)
    if _SCHEME.match(href) or href.startswith("//") or not parts.path:
        return Link("other", "")
    return Link("path", _content_path(parts.path, doc_id), unquote(parts.fragment))


def _content_path(path: str, doc_id: str) -> str:
    path = unquote(path)
    if path.startswith("/"):
        return posixpath.normpath(path[1:])
    return posixpath.normpath(posixpath.join(posixpath.dirname(doc_id), path))


def check_links(
    documents: Iterable[Document],
    sources: Mapping[str, SourceText],
    built: Mapping[str, Document | None],
    static_files: set[str],
    intrasite: re.Pattern,
    exists: Callable[[str], bool],
    resolve_wikilink: Callable[[str, str], str | None] = lambda target, lang: None,
) -> list[Problem]:
    """Broken {filename}/{static} links, missing images, anchors to no heading.

    `built` maps every content source Pelican was given to its Document (None when it could
    not be built); `static_files` are the static files Pelican copies; `exists(path)` says
    whether a content-relative path is a file (for {static} links outside STATIC_PATHS);
    `resolve_wikilink(target, lang)` is the id a wikilink of a `lang` page leads to, or
    None (the related plugin reports those), for the anchors of `[[target#part]]`.
    """
    problems = []
    for doc in documents:
        source = sources.get(doc.id)
        seen = set()
        for href, is_image in [(h, False) for h in doc.links] + [(s, True) for s in doc.images]:
            if (href, is_image) in seen:
                continue
            seen.add((href, is_image))
            link = parse_link(href, doc.id, intrasite)
            if link.kind == "wikilink":
                message = _wikilink_problem(doc, link, built, resolve_wikilink)
                line = _wikilink_line(source, link) if message and source else None
            else:
                message = _link_problem(doc, href, link, is_image, built, static_files, exists)
                line = source.line_of(href) if message and source else None
            if message:
                problems.append(Problem(doc.path, line, "warning", message))
    return problems


@dataclass(frozen=True)
class SitePathLink:
    """A plain link to an address of the site ('/fr/2012/x/', '../x/').

    Checked once the pages are written: only then is it known whether a page is there.
    """

    path: str
    """The linking file, as problems show it."""
    source: SourceText | None
    """Its source, for the line of a broken link (looked up only then)."""
    href: str
    site_path: str | None
    """Output-relative path the link leads to ('' for the home page), None when it leads
    outside the site's address."""


def site_path_links(
    documents: Iterable[Document],
    sources: Mapping[str, SourceText],
    intrasite: re.Pattern,
    base_path: str = "",
) -> list[SitePathLink]:
    """The plain links of `documents` to pages of the site, resolved from each page's address.

    `base_path` is SITEURL's path ('/blog' when the site is published under /blog/):
    absolute links must start with it. Links to source files and images are
    `check_links`' business.
    """
    found = []
    for doc in documents:
        source = sources.get(doc.id)
        page_folder = posixpath.dirname(doc.save_as)
        for href in dict.fromkeys(doc.links):
            if href[:1] in "{|#" or "://" in href:
                continue  # {filename} and other Pelican links, fragments, URLs: the most
            link = parse_link(href, doc.id, intrasite)
            if link.kind != "path" or link.target.endswith(_SOURCE_SUFFIXES):
                continue
            path = unquote(urlsplit(href).path)
            if path.startswith("/"):
                inside = not base_path or path == base_path or path.startswith(base_path + "/")
                site = path[len(base_path) :].strip("/") if inside else None
            else:
                site = posixpath.normpath(posixpath.join(page_folder, path))
                outside = site == ".." or site.startswith("../")
                site = None if outside else "" if site == "." else site.strip("/")
            found.append(SitePathLink(doc.path, source, href, site))
    return found


def check_site_paths(
    links: Iterable[SitePathLink], exists: Callable[[str], bool], base_path: str = ""
) -> list[Problem]:
    """Plain links to an address where the built site has no page (`exists(site path)`)."""
    problems = []
    for link in links:
        if link.site_path is not None and exists(link.site_path):
            continue
        if link.site_path is None:
            where = (
                f"the site's pages are under {base_path}/" if base_path else "it leaves the site"
            )
        else:
            where = f"the site has no page or file at {base_path}/{link.site_path}"
        name = posixpath.basename(urlsplit(link.href).path)
        if "." in name and not name.endswith((".html", ".htm")):
            # A document or an image: a file of content/, linked with {static}.
            advice = "link to a file of content/ as {static}path/to/file"
        else:
            advice = (
                "link to an article or page as {filename}path/to/file.md, which follows it "
                "when its address changes"
            )
        line = link.source.line_of(link.href) if link.source else None
        message = f"broken link {link.href}: {where}; {advice}"
        problems.append(Problem(link.path, line, "warning", message))
    return problems


def _wikilink_problem(doc, link, built, resolve_wikilink) -> str | None:
    if not link.fragment:
        return None
    found = resolve_wikilink(f"{link.target}#{link.fragment}", doc.lang)
    target = built.get(found) if found else None
    if target is None or target.anchors is None or link.fragment in target.anchors:
        return None
    return _anchor_message(
        f"[[{link.target}#{link.fragment}]]", link.fragment, target.anchors, found
    )


def _wikilink_line(source: SourceText, link: Link) -> int | None:
    # As written in the common case, else wherever the fragment is.
    return source.line_of(f"[[{link.target}#{link.fragment}") or source.line_of(f"#{link.fragment}")


def _sibling_guess(target: str, static_files: Iterable[str], exists) -> str | None:
    """The name of the existing file in `target`'s folder closest to its name, if any.

    `static_files` are the files Pelican copies (a whole STATIC_PATHS folder, and every
    {static} target, found or not: hence `exists`). Only read on a missing file.
    """
    folder, name = posixpath.split(target)
    siblings = (
        posixpath.basename(path)
        for path in static_files
        if posixpath.dirname(path) == folder and path != target and exists(path)
    )
    return _did_you_mean(name, siblings)


def _link_problem(doc, href, link, is_image, built, static_files, exists) -> str | None:
    what = "image" if is_image else "link"
    if link.kind == "fragment":
        if link.target or not link.fragment or doc.anchors is None:
            return None
        if link.fragment not in doc.anchors:
            return _anchor_message(href, link.fragment, doc.anchors, "this page")
        return None
    if link.kind == "filename":
        if link.target in built:
            target = built[link.target]
            if target is None:
                return (
                    f"{what} {href}: {link.target} could not be built (see its own "
                    "error); fix that file first"
                )
            if target.status == "draft" and doc.status != "draft":
                return (
                    f"{what} {href}: {link.target} is a draft (Status: draft), which the "
                    "preview shows and publishing leaves out: this link would lead nowhere on "
                    "the published site; publish that file first, or remove the link"
                )
            if link.fragment and target.anchors is not None and link.fragment not in target.anchors:
                return _anchor_message(href, link.fragment, target.anchors, link.target)
            return None
        if link.target in static_files or exists(link.target):
            return (
                f"{what} {href} points to a static file: write "
                f"{{static}}{href[len('{filename}') :]} instead of {{filename}}"
            )
        return _no_such_source(
            what, href, link.target, built,
            "fix the file name (relative to this file, or starting with / from content/)", doc,
        )  # fmt: skip
    if link.kind in ("static", "attach"):
        # Not `static_files`: Pelican adds every {static} target to it, found or not.
        if exists(link.target):
            return None
        guess = _sibling_guess(link.target, static_files, exists)
        if guess:
            name = posixpath.basename(link.target)
            shown = href[: -len(name)] + guess if href.endswith(name) else guess
            return (
                f"missing file for {what} {href}: content/{link.target} does not exist; did "
                f"you mean {shown}? Else add the file or fix the path"
            )
        return (
            f"missing file for {what} {href}: content/{link.target} does not exist; add "
            "the file or fix the path (relative to this file, or starting with / from content/)"
        )
    if link.kind == "path" and is_image:
        if link.target in static_files or exists(link.target):
            return (
                f"image {href}: write {{static}}/{link.target} so the image is found from "
                "every page of the site"
            )
        # A plain path is resolved from the page's URL: `images/x.png` is rarely meant
        # from the article's folder, but from content/ (content/images/x.png).
        name = posixpath.basename(link.target)
        written = posixpath.normpath(re.sub(r"^(?:\.{1,2}/|/)+", "", unquote(urlsplit(href).path)))
        for candidate in dict.fromkeys((written, f"images/{name}")):
            if candidate in static_files or exists(candidate):
                return (
                    f"image {href}: a plain path is resolved from the page's URL, not from "
                    f"content/; write ![description]({{static}}/{candidate}) (content/"
                    f"{candidate} exists)"
                )
        return (
            f"missing image {href}: a plain path is resolved from the page's URL, not from "
            f"content/, and there is no content/images/{name}; put the file in "
            f"content/images/ and write ![description]({{static}}/images/{name})"
        )
    if link.kind == "path" and (
        link.target in built
        # A Markdown file among the static files is published as it is: a fine link.
        or (
            link.target.endswith(_SOURCE_SUFFIXES)
            and not (link.target in static_files or exists(link.target))
        )
    ):
        # A plain path to a source file (a habit from MkDocs or GitHub) reaches the page
        # as written, where it leads nowhere: {filename} makes it the target's URL.
        if link.target in built:
            return (
                f"link {href} points to a source file, which the site does not publish: write "
                f"{{filename}}{href} so it becomes the page's address"
            )
        return _no_such_source(
            "link", href, link.target, built,
            "link to a source file as {filename}path/to/file.md (relative to this file, or "
            "starting with / from content/)", doc,
        )  # fmt: skip
    return None


def _no_such_source(what: str, href: str, target: str, built, fix: str, doc=None) -> str:
    guess = _did_you_mean(target, [id for id in built if doc is None or id != doc.id])
    found = built.get(guess)
    if doc is not None and found is not None and found.lang != doc.lang:
        # A link copied from the other language's version: its twin here is the one meant.
        twin = next(
            (
                d.id
                for d in built.values()
                if d is not None  # a file that could not be built
                and (d.kind, d.translation_key, d.lang)
                == (found.kind, found.translation_key, doc.lang)
            ),
            None,
        )
        guess = twin or guess
    hint = f" (did you mean {guess}?)" if guess else ""
    return f"broken {what} {href}: there is no article or page {target}{hint}; {fix}"


def _anchor_message(href: str, fragment: str, anchors: frozenset[str], where: str) -> str:
    guess = _did_you_mean(fragment, anchors)
    hint = f" (did you mean #{guess}?)" if guess else ""
    return (
        f"link {href}: there is no heading or anchor '#{fragment}' in {where}{hint}; "
        "fix the anchor (headings get the id of their text, e.g. '## Les étapes' -> "
        "#les-etapes)"
    )
