"""Pelican's own path, slug and static-link helpers, made cheaper: the same answers.

Pelican computes a content's path relative to the content folder every time it is asked
(`Content.get_relative_source_path`, `Content.relative_dir`: two `os.path.abspath` and
an `os.path.relpath`, about 19 µs), and asks often: for each URL and file name it
formats, each link it resolves, each source it registers (about 21,000 times in a
rebuild of the 1,000-pair benchmark site, 2,053 articles). It slugifies a tag, category
or author name each time it makes one of those objects (one per article that names it).
Both are pure functions of their arguments, the content folder and the working folder:
this plugin wraps them with a memo keyed by exactly those, so every answer is Pelican's.

Pelican looks for links to static files in every article's HTML when it reads it
(`Content.get_static_links`: its intrasite link pattern over the whole body, and a URL
parse for each of the article's links). A link is static when the kind it names is
`static` or `attach`, which the body then holds as text: a body that holds neither word
has none, and is answered at once (0.1 s of the main process at 1,000 pairs).

Installed when the plugin registers, before any content is read (forked reading workers
inherit it); process-wide, like Pelican's classes themselves.

Markdown's inline step tries only the patterns a text could match (`quick_inline.py`):
the Markdown extension is added to the build's `MARKDOWN` settings when Pelican starts.

Plain functions; `install()` and `add_quick_inline()` are the glue, `register()` connects
them.
"""

from __future__ import annotations

import functools
import os
from functools import partial

from pelican import contents, signals, urlwrappers
from pelican.contents import Content

from .quick_inline import QuickInlineExtension

MEMO_LIMIT = 1 << 16
"""Entries kept per memo before it starts afresh (a long `invoke serve` session)."""

_relative: dict[tuple, str | None] = {}
_directories: dict[tuple, str] = {}
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
    return remembered(_relative, key, lambda: original(content, source_path))


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
    )

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
