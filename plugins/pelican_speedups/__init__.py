"""Pelican's own path, slug and static-link helpers, made cheaper: the same answers.

Pelican computes a content's path relative to the content folder every time it is asked
(`Content.get_relative_source_path`, `Content.relative_dir`: two `os.path.abspath` and
an `os.path.relpath`, about 19 µs), and asks often: for each URL and file name it
formats, each link it resolves, each source it registers (about 21,000 times in a
rebuild of the 1,000-pair benchmark site, 2,053 articles). It slugifies a tag, category
or author name each time it makes one of those objects (one per article that names it).
Both are pure functions of their arguments, the content folder and the working folder:
this plugin wraps them with a memo keyed by exactly those, so every answer is Pelican's.
A fresh process asks once per article at least: a normalised path inside the content
folder is answered by cutting the folder off, the same string (`_inside`).

Pelican looks for links to static files in every article's HTML when it reads it
(`Content.get_static_links`: its intrasite link pattern over the whole body, and a URL
parse for each of the article's links). A link is static when the kind it names is
`static` or `attach`, which the body then holds as text: a body that holds neither word
has none, and is answered at once (0.1 s of the main process at 1,000 pairs).

Pelican formats a content's URL and file name (`Content._expand_settings`) with
`url_format`: a copy of the whole metadata and six computed values (its path, slug,
language, date, author and category slugs), about 12 µs of the 23 µs a `save_as` takes,
asked four times an article before `bilingual` freezes them. `URLFields` computes a
value when the pattern names it, and reads the others nowhere: the same string.
Pelican's `strftime` (dates in URLs, `locale_date`, the templates' `strftime` filter)
formats each directive apart to strip zeros where a `%-d` asks (about 7 µs); a format
with no such flag and only the directives it formats gives what the C library's
`strftime` gives for the whole format at once (`native_strftime`, about 1 µs).

Pelican's article generator goes through every tag, category and author to write its
page, filtering the list of all articles by date for each one (a list searched for
each article: 0.06 s at 1,000 pairs), then asks the writer to write a file with no
name, which writes nothing, when the site turned those pages off (`TAG_SAVE_AS = ""`:
this site's tag pages are its taxonomy's). With no file to write for any of them,
`skip_unwritten` skips the loop.

Pelican walks the content folder for each generator, and again for each to warn about
files whose reader is turned off (`Generator.get_files`), testing every file name
against each `IGNORE_FILES` pattern with `fnmatch` and making a tuple of the readers'
extensions for each file (7.4 ms a walk of the 1,000-pair corpus's 2,053 articles timed
alone, two to three times that inside a build; three walks of the articles in a
rebuild). `files_found` walks the same way with the patterns joined in one compiled
expression and the extensions made once (4.4 ms): the same files, added in the same
order; a walk for no extension at all (no reader turned off, the usual case) finds
nothing, and is not made.

Pelican looks for images with an empty `alt` in every body it reads, the cached ones
too (`readers.find_empty_alt`: a pattern over the whole HTML, 17 ms a rebuild at 1,000
pairs): a body with no `<img` has none, and is answered at once. Its content cache is
asked for every file at two levels (`FileStampDataCacher.get_cached_data`), and each
asks the file's status first, also where nothing is kept (the generators' level is off
unless `CONTENT_CACHING_LAYER = "generator"`): a file with no entry is answered at once,
`default`, as it would be after the `stat`.

Installed when the plugin registers, before any content is read (forked reading workers
inherit it); process-wide, like Pelican's classes themselves.

Markdown's inline step tries only the patterns a text could match (`quick_inline.py`):
the Markdown extension is added to the build's `MARKDOWN` settings when Pelican starts.

Plain functions; `install()` and `add_quick_inline()` are the glue, `register()` connects
them.
"""

from __future__ import annotations

import datetime
import fnmatch
import functools
import os
import re
from collections.abc import Collection
from functools import partial

from pelican import contents, readers, signals, urlwrappers, utils
from pelican.cache import FileStampDataCacher
from pelican.contents import Content
from pelican.generators import ArticlesGenerator, Generator
from pelican.utils import SafeDatetime, path_to_url

from .quick_inline import QuickInlineExtension

MEMO_LIMIT = 1 << 16
"""Entries kept per memo before it starts afresh (a long `invoke serve` session)."""

_relative: dict[tuple, str | None] = {}
_directories: dict[tuple, str] = {}
_absolute: dict[tuple[str, str], str] = {}  # (content folder, working folder): its path + "/"
ORIGINALS: dict[str, object] = {}
"""Pelican's own helpers, once replaced (tests compare the memos' answers with them)."""


def remembered(memo: dict, key, compute):
    """`compute()`, kept in `memo` under `key` (an unhashable key: computed, not kept)."""
    try:
        return memo[key]
    except KeyError:
        pass
    except TypeError:
        return compute()
    if len(memo) >= MEMO_LIMIT:
        memo.clear()
    found = memo[key] = compute()
    return found


def relative_source_path(original, content, source_path=None):
    """`Content.get_relative_source_path`, memoized by path, content folder, working folder."""
    key = (source_path or content.source_path, content.settings["PATH"], os.getcwd())
    return remembered(_relative, key, lambda: _inside(*key) or original(content, source_path))


def _inside(path, folder, working: str) -> str | None:
    """The rest of `path` after the content folder, if it is a normalised path inside it.

    Pelican's answer for such a path (POSIX, absolute), without its `os.path.relpath`
    (about 10 µs, once per article in a fresh process); None for any other path, which
    Pelican answers.
    """
    if os.sep != "/" or type(path) is not str or not path.startswith("/"):
        return None
    root = _absolute.get((folder, working))
    if root is None:
        root = _absolute[(folder, working)] = os.path.abspath(folder).rstrip("/") + "/"
    if path.startswith(root) and len(path) > len(root) and os.path.normpath(path) == path:
        return path[len(root) :]
    return None


def relative_dir(original, content) -> str:
    """`Content.relative_dir` (the source's folder, relative to the content folder), memoized."""
    key = (content.source_path, content.settings["PATH"], os.getcwd())
    return remembered(_directories, key, lambda: original(content))


STATIC_KINDS = ("static", "attach")
"""What `Content.get_static_links` keeps: links whose kind (`{static}`...) is one of these."""


def static_links(original, content) -> set[str]:
    """`Content.get_static_links`, empty at once for a body that names no static kind.

    The kind is part of the match, so part of the body: true whatever the settings'
    INTRASITE_LINK_REGEX. Any other body (or none) is Pelican's to answer.
    """
    body = content._content
    if isinstance(body, str) and not any(kind in body for kind in STATIC_KINDS):
        return set()
    return original(content)


_NONE = object()


class URLFields(dict):
    """`Content.url_format` for `str.format_map`: each value made when a pattern asks.

    Pelican's values, by its rules: the six it computes (over the metadata's own), and
    any other name from the metadata (a name it lacks raises KeyError, as Pelican's).
    """

    def __init__(self, content) -> None:
        super().__init__()
        self.content = content

    def __missing__(self, key: str):
        content = self.content
        if key == "path":
            value = path_to_url(content.metadata.get("path", content.get_relative_source_path()))
        elif key == "slug":
            value = getattr(content, "slug", "")
        elif key == "lang":
            value = getattr(content, "lang", "en")
        elif key == "date":
            value = getattr(content, "date", _NONE)
            if value is _NONE:
                value = datetime.datetime.now()
        elif key == "author":
            value = content.author.slug if hasattr(content, "author") else ""
        elif key == "category":
            value = content.category.slug if hasattr(content, "category") else ""
        else:
            value = content.metadata[key]
        self[key] = value
        return value


def expand_settings(original, content, key: str, klass: str | None = None) -> str:
    """`Content._expand_settings`: the URL setting formatted with `URLFields`.

    A class with a `url_format` of its own, or a pattern Pelican's formatting refuses,
    is Pelican's to answer (its own error, then).
    """
    if type(content).url_format is not ORIGINALS["url_format"]:
        return original(content, key, klass)
    if not klass:
        klass = content.__class__.__name__
    try:
        return str(content.settings[f"{klass}_{key}".upper()]).format_map(URLFields(content))
    except Exception:  # noqa: BLE001
        return original(content, key, klass)


_DIRECTIVE = re.compile("%[-]?.")  # Pelican's "candidates", in pelican.utils.strftime
_C89 = "aAbBcdfGHIjmMpSUuVwWxXyYzZ%"  # the directives Pelican formats (others stay text)


@functools.lru_cache(maxsize=256)
def native_format(date_format: str) -> bool:
    """True if Pelican's `strftime` of this format is the C library's, at once.

    Pelican formats each directive alone, then puts the results back in the text: the
    same string when no directive has the `-` flag (zeros stripped) and each is one it
    formats, and no lone `%` ends the text (Pelican's own formatting would refuse it).
    """
    directives = _DIRECTIVE.findall(date_format)
    rest = _DIRECTIVE.sub("", date_format)
    return "%" not in rest and all(len(d) == 2 and d[1] in _C89 for d in directives)


def native_strftime(original, date, date_format):
    """`pelican.utils.strftime`: the C library's at once where that is the same string."""
    if type(date_format) is str and native_format(date_format):
        if isinstance(date, SafeDatetime):  # Pelican's own call: the unsafe, native one
            return datetime.datetime.strftime(date, date_format)
        return date.strftime(date_format)
    return original(date, date_format)


UNWRITTEN = {
    "generate_tags": lambda generator: generator.tags.keys(),
    "generate_categories": lambda generator: (category for category, _ in generator.categories),
    "generate_authors": lambda generator: (author for author, _ in generator.authors),
}
"""The article generator's steps that write one page per tag, category or author."""


def quick_empty_alt(original, content, path) -> None:
    """`readers.find_empty_alt`, for a body that may hold an image (`<img` starts its pattern)."""
    if content and "<img" in content:
        original(content, path)


def cached_data_if_kept(original, cacher, filename, default=None):
    """`FileStampDataCacher.get_cached_data`: a file the cache has no entry for is `default`.

    Pelican's compares the entry's stamp, None, with the file's (a `stat`): never equal.
    """
    if filename not in cacher._cache:
        return default
    return original(cacher, filename, default)


def skip_unwritten(original, items):
    """`original(self, write)`, unless none of its objects has a file to be written to.

    Pelican's writer returns at once for a file with no name (`save_as` is "" for every
    object when its `*_SAVE_AS` setting is): the step would then write nothing.
    """

    @functools.wraps(original)
    def generate(self, write):
        if not any(item.save_as for item in items(self)):
            return None
        return original(self, write)

    return generate


def files_found(original, generator, paths, exclude=None, extensions=None) -> set[str]:
    """`Generator.get_files`: the same files, added to the set in the same order, faster.

    Pelican's own method when a generator class changes how a path is included.
    """
    if type(generator)._include_path is not _PELICANS_INCLUDE_PATH:
        return original(generator, paths, exclude, extensions)
    if (
        isinstance(extensions, Collection)
        and not isinstance(extensions, str)
        and len(extensions) == 0
    ):
        return set()  # no extension is in it: no file is included
    if extensions is None:
        extensions = tuple(generator.readers.extensions)
    ignored = _ignored(tuple(generator.settings["IGNORE_FILES"]))
    if isinstance(paths, str):
        paths = [paths]
    excluded: dict[str, set[str]] = {}
    for name in exclude or ():
        parent, child = os.path.split(os.path.join(generator.path, name))
        excluded.setdefault(parent, set()).add(child)

    def included(name: str) -> bool:
        if ignored(name):
            return False
        return extensions is False or os.path.splitext(name)[1][1:] in extensions

    files: set[str] = set()
    for path in paths:
        root = os.path.join(generator.path, path) if path else generator.path
        if os.path.isdir(root):
            for folder, folders, names in os.walk(root, topdown=True, followlinks=True):
                skip = excluded.get(folder, ())
                for name in list(folders):
                    if name in skip or ignored(name):
                        folders.remove(name)
                relative = os.path.relpath(folder, generator.path)
                join = os.path.join
                files.update(join(relative, name) for name in names if included(name))
        elif os.path.exists(root) and included(os.path.basename(path)):
            files.add(path)
    return files


@functools.lru_cache(maxsize=64)
def _ignored(patterns: tuple[str, ...]):
    """A test of a file or folder name against `IGNORE_FILES`, as `fnmatch.fnmatch` tests.

    `fnmatch` compares `os.path.normcase` of both (lower case on Windows).
    """
    if not patterns:
        return lambda name: False
    expression = re.compile("|".join(fnmatch.translate(os.path.normcase(p)) for p in patterns))
    return lambda name: expression.match(os.path.normcase(name)) is not None


_PELICANS_INCLUDE_PATH = Generator._include_path


def memoized_slugify(slugify):
    """`pelican.utils.slugify`, memoized by its arguments (substitutions as tuples)."""

    @functools.lru_cache(maxsize=MEMO_LIMIT)
    def cached(kind, value, regex_subs, preserve_case, use_unicode):
        return slugify(
            value, regex_subs=regex_subs, preserve_case=preserve_case, use_unicode=use_unicode
        )

    @functools.wraps(slugify)
    def memo(value, regex_subs=(), preserve_case=False, use_unicode=False):
        try:
            subs = tuple((source, target) for source, target in regex_subs)
            return cached(type(value), value, subs, preserve_case, use_unicode)
        except (TypeError, ValueError):  # unhashable or odd arguments: Pelican's own call
            return slugify(
                value, regex_subs=regex_subs, preserve_case=preserve_case, use_unicode=use_unicode
            )

    return memo


def install() -> None:
    """Put the memoized helpers in Pelican's place (once per process)."""
    if getattr(Content.get_relative_source_path, "__memoized__", False):
        return
    original = Content.get_relative_source_path
    ORIGINALS.update(
        get_relative_source_path=original,
        relative_dir=Content.relative_dir,
        slugify=contents.slugify,
        get_static_links=Content.get_static_links,
        _expand_settings=Content._expand_settings,
        url_format=Content.url_format,
        strftime=utils.strftime,
        get_files=Generator.get_files,
        find_empty_alt=readers.find_empty_alt,
        get_cached_data=FileStampDataCacher.get_cached_data,
    )
    readers.find_empty_alt = functools.wraps(ORIGINALS["find_empty_alt"])(
        partial(quick_empty_alt, ORIGINALS["find_empty_alt"])
    )
    cached = ORIGINALS["get_cached_data"]

    @functools.wraps(cached)
    def get_cached_data(self, filename, default=None):
        return cached_data_if_kept(cached, self, filename, default)

    FileStampDataCacher.get_cached_data = get_cached_data
    pelicans_files = ORIGINALS["get_files"]

    @functools.wraps(pelicans_files)
    def get_files(self, paths, exclude=None, extensions=None):
        return files_found(pelicans_files, self, paths, exclude, extensions)

    Generator.get_files = get_files

    @functools.wraps(original)
    def get_relative_source_path(self, source_path=None):
        return relative_source_path(original, self, source_path)

    get_relative_source_path.__memoized__ = True
    Content.get_relative_source_path = get_relative_source_path
    Content.relative_dir = property(partial(relative_dir, ORIGINALS["relative_dir"].fget))
    links = ORIGINALS["get_static_links"]

    @functools.wraps(links)
    def get_static_links(self):
        return static_links(links, self)

    Content.get_static_links = get_static_links
    expand = ORIGINALS["_expand_settings"]

    @functools.wraps(expand)
    def _expand_settings(self, key, klass=None):
        return expand_settings(expand, self, key, klass)

    Content._expand_settings = _expand_settings
    utils.strftime = functools.wraps(ORIGINALS["strftime"])(
        partial(native_strftime, ORIGINALS["strftime"])
    )
    for name, items in UNWRITTEN.items():
        ORIGINALS[name] = getattr(ArticlesGenerator, name)
        setattr(ArticlesGenerator, name, skip_unwritten(ORIGINALS[name], items))
    for module in (contents, urlwrappers):
        module.slugify = memoized_slugify(module.slugify)


def add_quick_inline(pelican) -> None:
    """Add QuickInlineExtension to the build's MARKDOWN settings.

    To a copy: pelicanconf.py's dict may serve several builds of one session.
    """
    markdown = dict(pelican.settings.get("MARKDOWN") or {})
    extensions = list(markdown.get("extensions") or [])
    if not any(isinstance(e, QuickInlineExtension) for e in extensions):
        extensions.append(QuickInlineExtension())
    markdown["extensions"] = extensions
    pelican.settings["MARKDOWN"] = markdown


def register():
    install()
    signals.initialized.connect(add_quick_inline)
