"""The edited page at once, from the last build (`invoke serve`).

A rebuild after one edit takes seconds on a large site: every stage goes through every
article (README, Benchmark). The author mostly wants to see the page being edited. The
process that ran the last successful build still holds it (`warm.py`): its generators,
templates, content index and every article with what the plugins attached. When only
the body of a Markdown file changed (its metadata is the one that build read), the page
is the last build's content object with the new body: rendered again by Pelican's reader
(with the build's Markdown extensions), its wikilinks resolved, its text, headings,
table of contents and reading time taken again from the new HTML, and written by
Pelican's writer with the template and context the build used, in milliseconds.

What the new body changes elsewhere (related articles, the graph, backlinks, search) is
not there: the full rebuild, which starts right after, brings it (`invoke serve` shows
its site when it ends). A file whose metadata changed, a new file or anything else is
left to that rebuild (`render_edited` returns None).

Plain functions over the build's objects; no signal is connected here (warm.py does).
"""

from __future__ import annotations

import copy
import os
import sys
import tempfile
from pathlib import Path

from pelican.generators import ArticlesGenerator, PagesGenerator
from pelican.readers import _filter_discardable_metadata
from pelican.urlwrappers import URLWrapper
from pelican.utils import file_suffix
from pelican.writers import Writer

_LISTS = ("articles", "translations", "pages", "hidden_articles", "hidden_translations",
          "hidden_pages", "drafts", "drafts_translations", "draft_pages", "draft_translations")  # fmt: skip
"""Where Pelican's generators keep their content objects."""


def reader_metadata(readers) -> dict[str, dict]:
    """{source path: the metadata its reader gave} from Pelican's reader cache (`Readers`)."""
    found = {}
    for path, entry in (getattr(readers, "_cache", None) or {}).items():
        try:
            _stamp, (_html, metadata) = entry
        except (TypeError, ValueError):
            continue
        if isinstance(metadata, dict):
            found[path] = metadata
    return found


def same_metadata(before: dict, after: dict) -> bool:
    """Whether two readers' metadata say the same, spelling included.

    Pelican's tags, categories and authors compare by slug ("Réseaux" equals "Reseaux"):
    here, by class and name, so that a new spelling is a change.
    """
    if before.keys() != after.keys():
        return False
    return all(_same(before[key], after[key]) for key in before)


def _same(a, b) -> bool:
    if isinstance(a, URLWrapper) or isinstance(b, URLWrapper):
        return type(a) is type(b) and a.name == b.name
    if isinstance(a, list | tuple) and isinstance(b, list | tuple):
        return len(a) == len(b) and all(map(_same, a, b))
    return type(a) is type(b) and a == b


def find_content(generators, path: str):
    """The content object read from `path` (absolute), and its generator; (None, None)."""
    for generator in generators:
        if not isinstance(generator, ArticlesGenerator | PagesGenerator):
            continue
        for name in _LISTS:
            for content in getattr(generator, name, None) or ():
                if getattr(content, "source_path", None) == path:
                    return content, generator
    return None, None


def read_body_again(generator, path: str, metadata_then: dict | None) -> str | None:
    """The HTML the reader gives for `path` now, if its metadata is `metadata_then` still.

    None when it is not (a metadata edit), or when the body alone cannot be taken again
    (no reader for the file, Typogrify on). Also used by `resume.py`.
    """
    settings = generator.settings
    reader = generator.readers.readers.get(file_suffix(path))
    if reader is None or metadata_then is None or settings.get("TYPOGRIFY"):
        return None
    # A new reader of its class: the build's one answers from its cache and read-ahead.
    html, metadata = type(reader)(settings).read(path)
    if not same_metadata(metadata_then, _filter_discardable_metadata(metadata)):
        return None
    return html


def render_edited(generators, path: str, metadata_then: dict | None) -> tuple[str, str] | None:
    """(save_as, HTML) of the page of `path` with its new body, or None (see the module).

    `metadata_then` is what the reader gave for `path` in the build `generators` ran.
    """
    path = os.path.abspath(path)
    old, generator = find_content(generators, path)
    if old is None or metadata_then is None or not getattr(old, "save_as", None):
        return None
    settings = generator.settings
    html = read_body_again(generator, path, metadata_then)
    if html is None:
        return None
    index = generator.context.get("content_index")
    if index is None:
        return None
    # What the build's plugins do for each body, with their own functions.
    content_index, related = _plugin(index, "content_index"), _plugin(index, "related")
    page = copy.copy(old)  # the old object is left as the build made it
    info = content_index.extract_text(html)
    content_index.attach_text(page, info)
    record = content_index.build_record(page, info)
    toc_min = int(settings.get("TOC_MIN_HEADINGS", 3))
    page.toc = content_index.table_of_contents(index, record, toc_min)
    if related is not None:  # without it, its placeholders stay, as in the build
        bilingual = generator.context.get("bilingual")
        languages = bilingual.languages if bilingual else (settings["DEFAULT_LANG"],)
        rewrite = related.wikilink_rewriter(settings, languages, index.names)
        html = rewrite(html, getattr(page, "lang", languages[0]))
    page._content = html
    return page.save_as, _write(page, generator)


def _plugin(index, name: str):
    """A plugin (content_index, related) as this build imported it; None if it did not."""
    base = type(index).__module__.rpartition(".")[0].rpartition(".")[0]  # "" or "plugins"
    return sys.modules.get(f"{base}.{name}" if base else name)


def _write(page, generator) -> str:
    """The page as the build's writer writes it (same template, context and URLs)."""
    settings = generator.settings
    kind = "article" if isinstance(generator, ArticlesGenerator) else "page"
    extra = {kind: page}
    if kind == "article":
        extra.update(category=getattr(page, "category", None), blog=True)
    with tempfile.TemporaryDirectory(prefix="quick-page-") as folder:
        writer = Writer(folder, settings=settings)
        writer.write_file(
            page.save_as,
            generator.get_template(page.template),
            generator.context,
            relative_urls=settings["RELATIVE_URLS"],
            override_output=hasattr(page, "override_save_as"),
            url=page.url,
            **extra,
        )
        return Path(folder, page.save_as).read_text(encoding="utf-8")
