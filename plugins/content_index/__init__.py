"""Content index: one analysis of the content per build, shared by every plugin.

Each article and page is read once: its rendered HTML gives plain text, headings, links
and anchors (`extract.py`), and its text is analysed per language (`analysis.py`). Related
posts, the graph, search and the content checks all use these records; none of them
parses an article again.

Reading runs on every core (`parallel.py`): when the articles generator starts, the files
Pelican is about to render are handed to forked worker processes, which render the
Markdown with Pelican's own reader and analyse the text; Pelican's readers then return the
workers' results. Once everything is read (signal `all_generators_finalized`), the records
are assembled, reusing each worker analysis whose HTML, title and language are still those
of the content object (else the analysis runs again, here).

Settings: `CONTENT_INDEX_WORKERS` (default None: one per usable CPU; 0 or 1: read in this
process), `CONTENT_INDEX_PARALLEL_MIN_FILES` (default 50: fewer files to render than that
are read in this process, where starting workers would cost more than it saves).

Data contract:

- `content.text_info: ExtractedText` - plain text, headings, links, anchors, images.
- `content.reading_minutes: int`
- `content.toc: list[TocEntry]` - h2 headings with their h3 children, when there are at
  least `TOC_MIN_HEADINGS` of them (else empty).
- `context["content_index"]: ContentIndex` - records by id, in a stable order; each
  `ContentRecord` (model.py) has the analysed `terms` (Counter of stems) and
  `title_terms`, the resolved `tag_ids`, and the extracted `text` (ExtractedText).
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from functools import partial
from itertools import chain

from pelican import signals
from pelican.generators import ArticlesGenerator, PagesGenerator
from pelican.readers import default_metadata, parse_path_metadata, path_metadata
from pelican.utils import file_suffix, posixize_path

from .analysis import LANGUAGES
from .extract import ExtractedText, build_toc, extract_text, reading_minutes
from .model import (
    ContentIndex,
    TextAnalysis,
    analyse_record,
    analyse_text,
    apply_analysis,
    build_record,
)
from .parallel import ReadAhead, portable_metadata, restore_metadata, usable_cpus

_READ_AHEAD = "_content_index_read_ahead"
"""Context key of this build's read-ahead (private)."""


@dataclass
class ReadResult:
    """A worker's reading of one file: Pelican's reader output and the text analysis."""

    html: str
    metadata: dict
    title: str
    lang: str
    info: ExtractedText | None
    analysis: TextAnalysis | None


@dataclass
class _Prefetch:
    ahead: ReadAhead
    taken: dict[str, ReadResult] = field(default_factory=dict)


def read_and_analyse(readers, base_path: str, path: str) -> ReadResult:
    """The workers' job: what Readers.read_file would render, then the text analysis."""
    reader = readers.readers[file_suffix(path)]
    html, reader_metadata = reader.read(path)
    # The metadata the content object will get, for its title and language.
    source_path = posixize_path(os.path.relpath(path, base_path))
    settings, process = readers.settings, reader.process_metadata
    metadata = default_metadata(settings=settings, process=process)
    metadata.update(path_metadata(full_path=path, source_path=source_path, settings=settings))
    metadata.update(
        parse_path_metadata(source_path=source_path, settings=settings, process=process)
    )
    metadata.update(reader_metadata)
    title, lang = str(metadata.get("title", "")), str(metadata.get("lang", ""))
    info = analysis = None
    if html and lang in LANGUAGES:
        info = extract_text(html)
        analysis = analyse_text(title, info.text, lang)
    return ReadResult(html, portable_metadata(reader_metadata), title, lang, info, analysis)


def _setting_int(settings, name: str, default: int) -> int:
    value = settings.get(name, default)
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise SystemExit(f"error: {name} must be a whole number >= 0, not {value!r}")
    return value


def start_reading_ahead(generator) -> None:
    """Hand the files Pelican is about to render to worker processes (article_generator_init)."""
    settings = generator.settings
    workers = _setting_int(settings, "CONTENT_INDEX_WORKERS", usable_cpus())
    min_files = _setting_int(settings, "CONTENT_INDEX_PARALLEL_MIN_FILES", 50)
    readers = generator.readers
    # The same lists, in the same order, as the generators' own get_files calls.
    sources = list(
        generator.get_files(settings["ARTICLE_PATHS"], exclude=settings["ARTICLE_EXCLUDES"])
    ) + list(generator.get_files(settings["PAGE_PATHS"], exclude=settings["PAGE_EXCLUDES"]))
    paths = []
    for source in sources:
        path = os.path.abspath(os.path.join(generator.path, source))
        # Files in the content cache are not rendered at all. (The class's method, not the
        # instance's: the build runner wraps the latter to count cache hits.)
        if type(readers).get_cached_data(readers, path, None) is None:
            paths.append(path)
    if len(paths) < max(min_files, 2):
        workers = 0
    job = partial(read_and_analyse, readers, generator.path)
    prefetch = _Prefetch(ReadAhead(job, paths, workers))
    generator.context[_READ_AHEAD] = prefetch
    _serve_reads(readers, prefetch)


def serve_page_reads(generator) -> None:
    """The pages generator has its own readers: serve the workers' results there too."""
    prefetch = generator.context.get(_READ_AHEAD)
    if prefetch is not None:
        _serve_reads(generator.readers, prefetch)


def _serve_reads(readers, prefetch: _Prefetch) -> None:
    settings = readers.settings
    # One reader object serves several extensions (md, markdown...): wrap each once.
    for reader in {id(r): r for r in readers.readers.values()}.values():
        reader.read = _prefetched_read(reader.read, prefetch, settings)


def _prefetched_read(read, prefetch: _Prefetch, settings):
    def prefetched(path):
        result = prefetch.ahead.take(path)
        if result is None:
            return read(path)
        prefetch.taken[path] = result
        return result.html, restore_metadata(result.metadata, settings)

    return prefetched


def index_content(generators) -> None:
    """Read every article and page once and publish the index in the shared context."""
    started = time.perf_counter()
    articles_gen = next(g for g in generators if isinstance(g, ArticlesGenerator))
    pages_gen = next((g for g in generators if isinstance(g, PagesGenerator)), None)
    settings = articles_gen.settings
    toc_min = int(settings.get("TOC_MIN_HEADINGS", 3))
    contents = list(chain(articles_gen.articles, articles_gen.translations))
    if pages_gen is not None:
        contents += list(chain(pages_gen.pages, pages_gen.translations))
    prefetch = articles_gen.context.pop(_READ_AHEAD, None)
    taken = prefetch.taken if prefetch is not None else {}
    if prefetch is not None:
        prefetch.ahead.close()
    records = []
    for content in contents:
        # _content is the HTML before Pelican rewrites {filename} links: exactly what
        # the link graph needs, and it avoids rendering every body twice.
        ahead = taken.pop(content.source_path, None)
        if ahead is None or ahead.info is None or ahead.html != content._content:
            ahead = None
        info = ahead.info if ahead is not None else extract_text(content._content)
        content.text_info = info
        content.reading_minutes = reading_minutes(info.word_count)
        content.toc = build_toc(info.headings, toc_min)
        record = build_record(content, info)
        if ahead is not None and (ahead.title, ahead.lang) == (record.title, record.lang):
            apply_analysis(record, ahead.analysis)
        else:
            analyse_record(record)
        records.append(record)
    articles_gen.context["content_index"] = ContentIndex.from_records(records)
    timings = articles_gen.context.setdefault("plugin_timings", {})
    timings["content_index"] = time.perf_counter() - started


def register():
    signals.article_generator_init.connect(start_reading_ahead)
    signals.page_generator_init.connect(serve_page_reads)
    signals.all_generators_finalized.connect(index_content)
