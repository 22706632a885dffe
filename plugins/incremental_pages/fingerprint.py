"""What a page is made of, as a digest: equal digests render the same HTML.

A page is a template rendered with a context. Its fingerprint covers what the template can
read: the names the template (and everything it includes, extends or imports) refers to,
and the context keys its global functions read; the settings and the code of the theme
and plugins are digested once per build (`settings_digest`, `files_digest`). Values are
reduced to bytes recursively:

- the page's own content object (the article of an article page) is taken whole: its
  HTML with the links resolved for this page (`ResolvedBodies`: kept from the last build
  while its links resolve the same), its metadata, everything the plugins attached to
  it (related posts, backlinks, local graph...), but what is computed from the HTML
  alone (`FROM_THE_HTML`);
- any other content object (a listed article, a translation, a related post) by its
  *header*: everything but its body and the extras only its own page shows
  (`OWN_PAGE_ONLY`), and the same of the content objects it refers to (its
  translations...), one level deep. Editing one article's body therefore changes its own
  page, and the pages where its header shows only if the header changed. Headers never
  recurse, so no result depends on the order in which objects were reduced (two
  processes rendering different pages of one build agree).

A class may say what its values are made of, for speed: `fingerprint_parts(self)` returns
`(plain, others)`, `plain` nested tuples of plain values (str, int, float, bool, None;
no sets, whose order changes between processes), `others` the values it refers to
(content objects: headers, as above), and together they must cover every field. A plugin's small records shown on every page (related posts, local
graphs) reduce that way in one call instead of one per field and item.

A dataclass field with `compare=False` is not an input (a timing, a cache). Sets are
sorted: their order changes from one process to the next. Pelican's paginator counts by
its numbers (items, pages, size), each list page by its own items, and the pages before
and after it by their place (number and URL), so that one article's new title changes
the list page it is on, not every page of the list.

Plain functions and one class over plain objects; no Pelican signal here.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import hashlib
import logging
import marshal
import operator
import re
import types
from collections.abc import Callable, Iterable, Mapping
from functools import partial

from jinja2 import meta, nodes
from pelican.contents import Content
from pelican.paginator import Page as PaginatedPage
from pelican.paginator import Paginator
from pelican.settings import DEFAULT_CONFIG
from pelican.urlwrappers import URLWrapper

NEVER = frozenset({"settings", "_context"})
"""Attributes never followed: the settings (in the settings digest) and the site context."""

OWN_PAGE_ONLY = frozenset(
    {"_content", "text_info", "toc", "related_posts", "backlinks", "outlinks", "local_graph"}
)
"""Attributes of a content object that only its own page shows (not lists, not links)."""

FROM_THE_HTML = frozenset({"_content", "text_info", "toc"})
"""Attributes computed from a content object's HTML alone, itself in its page's digest."""

NEIGHBOUR_PAGES = ("_previous_page", "_next_page")
"""Pelican's names for the pages before and after a list page (`articles_next_page`):
templates link to them, so they count by their place, not their items."""

BIG = 16
"""Containers at least this long are memoized by identity (with their length checked)."""


_UNSEEN = object()

_PLAIN = frozenset({str, int, float, bool, type(None)})
"""Types that `marshal` writes exactly and unambiguously: a tuple of them is one C call."""

_dumps = marshal.dumps
"""Plain values as bytes, in C. Format 2 writes no references: equal values give equal
bytes whatever objects hold them; different values (floats to the bit, True and 1, a
string and its subclass, which marshal refuses) different bytes."""


def _plain(values: tuple) -> bool:
    """True if `_dumps(values, 2)` says everything: plain values, or tuples of them."""
    for value in values:
        kind = type(value)
        if kind not in _PLAIN and not (kind is tuple and _PLAIN.issuperset(map(type, value))):
            return False
    return True


def _text(value: str) -> bytes:
    return _dumps(value, 2)


def _digest(parts: list[bytes]) -> bytes:
    return hashlib.blake2b(b"".join(parts), digest_size=16).digest()


def _shape(kind: type) -> str:
    """How values of a type are reduced (decided once per type)."""
    if dataclasses.is_dataclass(kind):
        return "dataclass"
    if issubclass(kind, Paginator):
        return "paginator"
    if issubclass(kind, PaginatedPage):
        return "page"
    for shape, bases in (
        ("number", (bytes, int, float, complex)),
        ("date", (datetime.date, datetime.time)),
        ("url", (URLWrapper,)),
        ("code", (types.FunctionType, types.MethodType, type, types.ModuleType)),
        ("set", (set, frozenset)),
        ("sequence", (list, tuple)),
    ):
        if issubclass(kind, bases):
            return shape
    if issubclass(kind, Mapping):
        return "mapping"
    if hasattr(kind, "__slots__") and not hasattr(kind, "__dict__"):
        return "slots"
    return "object"


class Fingerprinter:
    """Reduces values to bytes; content headers and immutable objects are reduced once.

    One instance serves one build: a content object's header must not change while pages
    are written (true once Pelican's generators are finalized), and memoized objects are
    kept alive so that their identity is not reused.
    """

    def __init__(self) -> None:
        self.bodies = ResolvedBodies()  # the record's `kept` is set by Incremental.start
        # Two memos: values reduced with content objects as references (inside a header)
        # and as headers (everywhere else) must never be mixed.
        self._memos: tuple[dict, dict] = ({}, {})  # {id: (value, size, bytes, references)}
        self._memo = self._memos[0]
        self._refs: list[Content] | None = None
        self._owns: dict[int, tuple[Content, bytes, tuple[Content, ...]]] = {}
        self._headers: dict[int, tuple[Content, bytes]] = {}
        self._active: set[int] = set()
        self._fields: dict[type, tuple[tuple[str, ...], bool, Callable]] = {}
        self._names: dict[str, bytes] = {}
        self._shapes: dict[type, str] = {}
        self._parts: dict[type, Callable | None] = {}
        self._urls: dict[tuple, bytes] = {}
        self._zones: dict[int, tuple[object, bytes | None]] = {}
        self._settings: dict[tuple[type, int], tuple[object, int | None]] = {}
        self._url_reads: list[tuple[tuple, int]] = []

    def page(self, parts: Iterable[tuple[str, object]]) -> str:
        """Digest of a page's named parts; a content object among them is its own: whole."""
        out: list[bytes] = []
        for name, value in parts:
            out.append(_text(name))
            if isinstance(value, Content):
                out.append(b"M" + self.whole(value))
            elif isinstance(value, PaginatedPage) and name.endswith(NEIGHBOUR_PAGES):
                out.append(self._page_place(value))  # a link to it: not its items
            else:
                self._feed(value, out)
        return _digest(out).hex()

    def _page_place(self, page: PaginatedPage) -> bytes:
        place = (page.full_name, page.base_url, page.number, page.url, page.save_as)
        return b"P" + repr(place).encode() + self._memoized(page.paginator, -1)

    def value(self, value) -> bytes:
        """Bytes that stand for `value`: equal values, equal bytes."""
        out: list[bytes] = []
        self._feed(value, out)
        return b"".join(out)

    def whole(self, content: Content) -> bytes:
        """A content object as its own page shows it: HTML (links resolved), every attribute.

        Made of its own header (computed once: other pages list it too), the headers of
        the content objects it refers to, and its own page's extras (related posts...).
        """
        own, refs = self._own(content)
        out = [self.bodies.digest(content, content.get_siteurl()), own]
        out += [self.header(other) for other in refs]
        extras = OWN_PAGE_ONLY - FROM_THE_HTML
        self._attributes(content, frozenset(vars(content)) - extras, out)
        return _digest(out)

    def feed(self, parts: Iterable[tuple[str, object]], items, site_url: str) -> str:
        """Digest of a feed: its named parts, and each item as a feed shows it.

        An item is its header and its body with links resolved against `site_url`, as
        Pelican's writer resolves them.
        """
        out = [self.page(parts).encode()]
        for item in items:
            if isinstance(item, Content):
                out += [self.header(item), self.bodies.digest(item, site_url)]
            else:
                out.append(self.value(item))
        return _digest(out).hex()

    def header(self, content: Content) -> bytes:
        """A content object as other pages show it, with the objects it refers to.

        Its own attributes (no body, none of its own page's extras), and those of the
        content objects they refer to (a translation's title, say), one level deep: never
        recursive, so the result does not depend on which object was reduced first.
        """
        found = self._headers.get(id(content))
        if found is not None and found[0] is content:
            return found[1]
        own, refs = self._own(content)
        parts = [own]
        parts += [self._own(other)[0] for other in refs]
        result = b"H" + _digest(parts)
        self._headers[id(content)] = (content, result)
        return result

    def _own(self, content: Content) -> tuple[bytes, tuple[Content, ...]]:
        """Digest of a content object's own header, other content objects as references."""
        found = self._owns.get(id(content))
        if found is not None and found[0] is content:
            return found[1], found[2]
        saved = (self._refs, self._memo)
        self._refs, self._memo = [], self._memos[1]
        try:
            out: list[bytes] = []
            self._attributes(content, NEVER | OWN_PAGE_ONLY, out)
            if getattr(content, "_summary", None) is None:
                # No summary in the metadata: Pelican cuts one from the body.
                out.append(_text(getattr(content, "_content", "") or ""))
            refs = tuple(self._refs)
        finally:
            self._refs, self._memo = saved
        digest = _digest(out)
        self._owns[id(content)] = (content, digest, refs)
        return digest, refs

    def _reference(self, content: Content) -> bytes:
        self._refs.append(content)
        where = getattr(content, "source_path", None) or getattr(content, "url", "")
        return b"R" + _text(str(where))

    def _attributes(self, obj, skipped: frozenset[str], out: list[bytes]) -> None:
        out.append(type(obj).__qualname__.encode())
        names = self._names
        attributes = vars(obj)
        for name, value in attributes.items():
            if name in skipped or callable(value) and not isinstance(value, type):
                continue
            encoded = names.get(name)
            if encoded is None:
                encoded = names[name] = _text(name)
            out.append(encoded)
            if name == "metadata" and type(value) is dict:
                self._metadata(value, attributes, skipped, out)
            else:
                self._feed(value, out)

    def _metadata(
        self, metadata: dict, attributes: dict, skipped: frozenset[str], out: list[bytes]
    ) -> None:
        """A content object's metadata, each value that is also its attribute by name.

        Pelican sets an attribute from every metadata key (`article.tags is
        article.metadata["tags"]`): a value already fed as an attribute of the same
        object is named, not reduced again (the tags above all: 2,053 headers, 122 → 114 ms).
        """
        out.append(b"{%d" % len(metadata))
        for key, value in metadata.items():
            self._feed(key, out)
            if (
                type(key) is str
                and key not in skipped
                and attributes.get(key, _UNSEEN) is value
                and not (callable(value) and not isinstance(value, type))
            ):
                out.append(b"=attr")
            else:
                self._feed(value, out)

    def _feed(self, value, out: list[bytes]) -> None:
        kind = type(value)
        if kind in _PLAIN:
            out.append(_dumps(value, 2))
        elif kind is list or kind is tuple:
            if len(value) >= BIG:
                out.append(self._memoized(value, len(value)))
            elif _plain(value):
                out.append(_dumps(value, 2))
            else:
                out.append(b"[%d" % len(value))
                for item in value:
                    self._feed(item, out)
                out.append(b"]")
        elif isinstance(value, str):  # Markup and other str subclasses
            out.append(kind.__name__.encode() + _text(str(value)))
        elif isinstance(value, Content):
            out.append(self.header(value) if self._refs is None else self._reference(value))
        else:
            parts = self._parts.get(kind, _UNSEEN)
            if parts is _UNSEEN:
                parts = self._parts[kind] = getattr(kind, "fingerprint_parts", None)
            if parts is not None and self._feed_parts(kind, *parts(value), out):
                return
            shape = self._shapes.get(kind)
            if shape is None:
                shape = self._shapes[kind] = _shape(kind)
            if shape == "dataclass":  # most are small records of plain values: one repr
                values = self._dataclass_fields(kind)[2](value)
                if _plain(values):
                    out.append(kind.__qualname__.encode() + _dumps(values, 2))
                    return
            elif shape == "url":  # one object per article: no use memoizing it
                out.append(kind.__qualname__.encode() + self._url_wrapper(value))
                return
            elif shape == "date":
                out.append(kind.__qualname__.encode() + self._date(value))
                return
            out.append(self._memoized(value, len(value) if kind is dict else -1))

    def _feed_parts(self, kind: type, plain: tuple, others: tuple, out: list[bytes]) -> bool:
        """A value by its `fingerprint_parts`; False (nothing fed) if `plain` is not plain."""
        try:
            data = _dumps(plain, 2)
        except ValueError:  # a str subclass (Markup...): reduced field by field instead
            return False
        out.append(b"%s=%d" % (kind.__qualname__.encode(), len(others)) + data)
        for other in others:
            self._feed(other, out)
        return True

    def _memoized(self, value, size: int) -> bytes:
        key = id(value)
        found = self._memo.get(key)
        if found is not None and found[0] is value and found[1] == size:
            if found[3]:
                self._refs.extend(found[3])  # the content objects it refers to, again
            return found[2]
        if key in self._active:
            return b"<cycle>"
        self._active.add(key)
        start = len(self._refs) if self._refs is not None else 0
        try:
            out: list[bytes] = []
            immutable = self._reduce(value, out)
            data = b"".join(out)
            if len(data) > 64:
                data = b"#" + hashlib.blake2b(data, digest_size=16).digest()
        finally:
            self._active.discard(key)
        if immutable or size >= BIG:
            refs = tuple(self._refs[start:]) if self._refs is not None else ()
            self._memo[key] = (value, size, data, refs)
        return data

    def _reduce(self, value, out: list[bytes]) -> bool:
        """Feed `value` into `out`; True when it cannot change (so memoized by identity)."""
        kind = type(value)
        shape = self._shapes.get(kind)
        if shape is None:
            shape = self._shapes[kind] = _shape(kind)
        out.append(kind.__qualname__.encode())
        if shape == "dataclass":
            _names, frozen, values_of = self._dataclass_fields(kind)
            values = values_of(value)
            if _plain(values):
                out.append(_dumps(values, 2))
            else:
                for item in values:
                    self._feed(item, out)
            return frozen
        if shape == "paginator":
            # What list pages show of a paginator: its counts, not the whole list (each
            # page's own items are in its Page). A theme reading `paginator.object_list`
            # would be wrong here; none of Pelican's does.
            out.append(repr((value.name, value.url, value.per_page, value.orphans,
                             value.count, value.num_pages)).encode())  # fmt: skip
            return False
        if shape == "page":
            out.append(self._page_place(value))
            self._feed(value.object_list, out)
            return False
        if shape == "mapping":
            out.append(b"{%d" % len(value))
            for key, item in value.items():
                self._feed(key, out)
                self._feed(item, out)
            return False
        if shape == "sequence":
            for item in value:
                self._feed(item, out)
            return False
        if shape == "set":
            # Set order depends on string hashing, which differs between processes.
            out.extend(sorted(self.value(item) for item in value))
            return isinstance(value, frozenset)
        if shape == "number":
            out.append(repr(value).encode())
        elif shape == "date":
            out.append(self._date(value))
        elif shape == "url":
            out.append(self._url_wrapper(value))
        elif shape == "code":
            out.append(_text(getattr(value, "__qualname__", getattr(value, "__name__", ""))))
        elif shape == "object" and hasattr(value, "__dict__"):
            self._attributes(value, NEVER, out)
            return False
        elif shape == "slots":
            for name in kind.__slots__:
                out.append(_text(name))
                self._feed(getattr(value, name, None), out)
            return False
        else:
            text = repr(value)
            # A default repr names a memory address, different at every build.
            out.append(_text(text if " at 0x" not in text else kind.__qualname__))
            return False
        return True

    def _date(self, value: datetime.date | datetime.time) -> bytes:
        """A date, time or datetime: its fields, packed as pickle packs them, and its zone.

        `isoformat` asks the zone for its offset (1.6 µs, 10% of a header's time); the
        packed fields and the zone's repr (memoized) say as much in a fifth of that.
        """
        state = value.__reduce_ex__(4)[1]  # protocol 4 packs `fold` too
        if type(state[0]) is not bytes:  # a subclass packing itself another way
            return _text(value.isoformat()) + _text(repr(getattr(value, "tzinfo", None)))
        if len(state) == 1:
            return state[0]
        zone = state[1]
        found = self._zones.get(id(zone))
        if found is None or found[0] is not zone:
            text = repr(zone)
            found = self._zones[id(zone)] = (zone, None if " at 0x" in text else _text(text))
        if found[1] is None:  # a default repr names a memory address: say what it does
            return state[0] + _text(f"{value.utcoffset()} {value.tzname()}")
        return state[0] + found[1]

    def _url_wrapper(self, value: URLWrapper) -> bytes:
        """A tag, category or author: its name and URL.

        Pelican makes one object per article and name, and formats the URL from the
        settings, slugifying the name, at every access (10,000 times in the headers of a
        1,000-pair build). Two objects of a class that makes it Pelican's way, from the
        same name and the same settings it reads, and nothing else (no slug of their
        own), have the same.
        """
        attributes = vars(value)
        kind = type(value)
        key = None
        if (
            attributes.get("_slug_from_name", False)
            and attributes.keys() <= _URL_ATTRIBUTES
            and _pelicans_url(kind)
        ):
            reads = self._url_settings(kind, attributes.get("settings"))
            if reads is not None:
                key = (kind, reads, attributes.get("_name"))
                found = self._urls.get(key)
                if found is not None:
                    return found
        data = _text(value.name) + _text(value.url)
        if key is not None:
            self._urls[key] = data
        return data

    def _url_settings(self, kind: type, settings) -> int | None:
        """A number for the settings a URL wrapper of `kind` reads: equal values, one number.

        Objects read from Pelican's cache hold copies of the settings (one per file,
        written by different builds). None if its URL is not a plain pattern.
        """
        found = self._settings.get((kind, id(settings)))
        if found is not None and found[0] is settings:
            return found[1]
        name = kind.__name__.upper()
        read = tuple(settings.get(key) for key in _url_settings_read(name))
        pattern = read[0]
        number = None
        if isinstance(pattern, str) and "settings" not in pattern:
            number = next((n for other, n in self._url_reads if other == read), None)
            if number is None:
                number = len(self._url_reads)
                self._url_reads.append((read, number))
        self._settings[(kind, id(settings))] = (settings, number)  # kept: ids not reused
        return number

    def _dataclass_fields(self, kind: type) -> tuple[tuple[str, ...], bool, Callable]:
        """(field names, frozen, a function giving the fields' values as a tuple)."""
        found = self._fields.get(kind)
        if found is None:
            # A field left out of equality (compare=False: a timing, a cache) is no input.
            names = tuple(f.name for f in dataclasses.fields(kind) if f.compare)
            if len(names) > 1:
                values_of = operator.attrgetter(*names)  # one C call for all fields
            else:
                values_of = partial(_values, names)
            found = (names, kind.__dataclass_params__.frozen, values_of)
            self._fields[kind] = found
        return found


class ResolvedBodies:
    """Digests of content bodies with their links resolved, kept from build to build.

    Resolving a body's links (`{filename}x.md` to a URL, for the page's own site URL) is
    a third of fingerprinting a rebuild's pages. The resolved body is a function of the
    body as read, the site URL it is resolved for, the settings (in the build digest) and
    what each of Pelican's lookups of a linked file found (`generated_content`,
    `static_content`): its URL. So the last build's digest stands while the body and site
    URL are the same and each lookup it made finds an object with the same URL (or
    nothing, again). A body is always resolved for real when its resolution has a side
    effect or says something: `{attach}` moves the file it links to, and an unresolved
    link or a `{filename}` link to a static file is a warning Pelican must give again.

    `kept`: {(source path, site URL): entry} of the last build; `now`: this build's.
    """

    LOOKED_UP = ("generated_content", "static_content")

    def __init__(self, kept: dict | None = None) -> None:
        self.kept = kept or {}
        self.now: dict[tuple[str, str], tuple[bytes, tuple, bytes]] = {}
        # A body's digest and whether it may attach, for its page and each feed listing it.
        self._raw: dict[int, tuple[Content, str, bytes | None]] = {}

    def digest(self, content: Content, siteurl: str) -> bytes:
        body = content._content or ""
        source = getattr(content, "source_path", None)
        key = (source, siteurl)
        known = self._raw.get(id(content))
        if known is None or known[0] is not content or known[1] is not body:
            attaches = (
                source is None
                or content._context is None
                or hasattr(content, "_get_content")
                or _may_attach(body, content.settings)
            )
            known = self._raw[id(content)] = (
                content,
                body,
                None if attaches else _body_digest(body),
            )
        raw = known[2]
        if raw is None:  # resolved for real: see the class
            return b"B" + _body_digest(content.get_content(siteurl))
        entry = self.now.get(key) or self.kept.get(key)
        if entry is not None and entry[0] == raw and self._same_lookups(content, entry[1]):
            self.now[key] = entry
            return b"B" + entry[2]
        lookups, resolved, quiet = self._resolve(content, siteurl)
        digest = _body_digest(resolved)
        if quiet:
            self.now[key] = (raw, lookups, digest)
        return b"B" + digest

    def _same_lookups(self, content: Content, lookups: tuple) -> bool:
        context = content._context
        for where, path, url in lookups:
            found = context[where].get(path)
            if (None if found is None else found.url) != url:
                return False
        return True

    @staticmethod
    def _resolve(content: Content, siteurl: str) -> tuple[tuple, str, bool]:
        """Pelican's resolution, its lookups, and whether it went without a word.

        Done by the function Pelican memoizes (`Content.get_content`), bypassing its
        memo so that every lookup is seen, then memoized as Pelican would: the template
        rendering the page takes it from there.
        """
        memo = Content.__dict__.get("get_content")
        if not isinstance(getattr(memo, "cache", None), dict):  # not Pelican 4's memoized
            return (), content.get_content(siteurl), False
        lookups: list[tuple[str, str, str | None]] = []
        warned = _Warned()
        shared = content._context
        content._context = _LoggedContext(shared, lookups)
        _PELICAN_CONTENTS.addFilter(warned)
        try:
            resolved = memo.func(content, siteurl)
        finally:
            _PELICAN_CONTENTS.removeFilter(warned)
            content._context = shared
        memo.cache[(content, siteurl)] = resolved
        return tuple(lookups), resolved, not warned.seen


def _body_digest(text: str) -> bytes:
    # SHA-256 runs on the processor's SHA instructions where it has them: twice as fast
    # as BLAKE2 over a site's bodies (18 MB at 1,000 pairs).
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()[:16]


_PELICANS_LINK_REGEX = DEFAULT_CONFIG["INTRASITE_LINK_REGEX"]
_ATTACH_LINK = re.compile(r"[{|]attach[|}]")
"""What an `{attach}` link's body holds with Pelican's own `INTRASITE_LINK_REGEX`."""


def _may_attach(body: str, settings) -> bool:
    """Whether a body may hold an `{attach}` link (exact with Pelican's link syntax).

    Not just the word: "attached" or "attachment" in an English article's text made its
    body resolved at every build (48 bodies at 1,000 pairs). With another
    `INTRASITE_LINK_REGEX`, the word is enough.
    """
    if "attach" not in body:
        return False
    if settings.get("INTRASITE_LINK_REGEX", _PELICANS_LINK_REGEX) == _PELICANS_LINK_REGEX:
        return _ATTACH_LINK.search(body) is not None
    return True


_PELICAN_CONTENTS = logging.getLogger("pelican.contents")


class _Warned(logging.Filter):
    """Notes that Pelican said something while resolving links (and lets it through)."""

    def __init__(self) -> None:
        super().__init__()
        self.seen = False

    def filter(self, record) -> bool:
        self.seen = True
        return True


class _LoggedContext:
    """The site context as one body's link resolution sees it: lookups are noted."""

    def __init__(self, context, lookups: list) -> None:
        self._context, self._lookups = context, lookups

    def __getitem__(self, key):
        found = self._context[key]
        if key in ResolvedBodies.LOOKED_UP:
            return _LoggedLookups(key, found, self._lookups)
        return found

    def get(self, key, default=None):
        return self[key] if key in self._context else default


class _LoggedLookups:
    def __init__(self, where: str, mapping, lookups: list) -> None:
        self._where, self._mapping, self._lookups = where, mapping, lookups

    def get(self, path, default=None):
        found = self._mapping.get(path)
        self._lookups.append((self._where, path, None if found is None else found.url))
        return default if found is None else found


_URL_PARTS = ("url", "name", "slug", "as_dict", "_from_settings")
_URL_ATTRIBUTES = frozenset({"settings", "_name", "_slug", "_slug_from_name", "name", "slug"})
"""What Pelican's URLWrapper holds (`name` and `slug` once `as_dict` has run)."""


def _url_settings_read(name: str) -> tuple[str, ...]:
    """The settings Pelican's URLWrapper reads for the URL of a `name` ("TAG"...)."""
    return (
        f"{name}_URL",
        f"{name}_REGEX_SUBSTITUTIONS",
        "SLUG_REGEX_SUBSTITUTIONS",
        "SLUGIFY_PRESERVE_CASE",
        "SLUGIFY_USE_UNICODE",
    )


@functools.cache
def _pelicans_url(kind: type) -> bool:
    """True if `kind` makes its URL as Pelican's URLWrapper does (its name, the settings)."""
    return all(getattr(kind, name) is getattr(URLWrapper, name) for name in _URL_PARTS)


def _values(names: tuple[str, ...], value) -> tuple:
    return tuple(getattr(value, name) for name in names)


def settings_digest(settings: Mapping, ignored: Iterable[str]) -> str:
    """Digest of the settings that can change a page (not where the build writes)."""
    fingerprints = Fingerprinter()
    skip = set(ignored)
    parts = sorted(
        (k, v) for k, v in settings.items() if k.isupper() and k not in skip and k[0] != "_"
    )
    return fingerprints.page(parts)


def files_digest(paths: Iterable) -> str:
    """Digest of files' names and bytes (theme, plugin code)."""
    digest = hashlib.blake2b(digest_size=16)
    for path in sorted(paths, key=str):
        digest.update(_text(str(path)))
        digest.update(path.read_bytes())
    return digest.hexdigest()


def template_reads(env, hidden: Mapping[str, Iterable[str]]) -> Callable[[str], frozenset]:
    """For a template name, the names it and the templates it uses can read.

    `hidden` maps a global function's name to the context keys it reads itself. A template
    that includes a template named at render time reads everything any template reads.
    """
    own: dict[str, tuple[frozenset, frozenset | None]] = {}

    def direct(name: str) -> tuple[frozenset, frozenset | None]:
        if name not in own:
            source = env.loader.get_source(env, name)[0]
            tree = env.parse(source)
            # Every name the template loads, not only Jinja's "undeclared" ones: those
            # leave out the environment's globals, and a global function reading the
            # context (`hidden`) is one of them.
            names = {node.name for node in tree.find_all(nodes.Name) if node.ctx == "load"}
            names |= meta.find_undeclared_variables(tree)
            for function, keys in hidden.items():
                if function in names:
                    names.update(keys)
            used = list(meta.find_referenced_templates(tree))
            own[name] = (frozenset(names), None if None in used else frozenset(used))
        return own[name]

    everything: list[frozenset] = []

    def all_names() -> frozenset:
        if not everything:
            found = set()
            for name in env.list_templates(filter_func=lambda n: n.endswith((".html", ".xml"))):
                found |= direct(name)[0]
            everything.append(frozenset(found))
        return everything[0]

    closures: dict[str, frozenset] = {}

    def reads(name: str) -> frozenset:
        if name in closures:
            return closures[name]
        names, seen, todo = set(), {name}, [name]
        while todo:
            current, used = direct(todo.pop())
            names |= current
            if used is None:
                names |= all_names()
                break
            for other in used - seen:
                seen.add(other)
                todo.append(other)
        closures[name] = frozenset(names)
        return closures[name]

    return reads
