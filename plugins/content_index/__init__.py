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
of the content object (else the analysis runs again, here). With Pelican's content cache
on, the analyses are cached too (`CACHE_PATH/content_index/`, by source path and a
digest of the HTML), so a rebuild analyses only what changed.

Settings: `CONTENT_INDEX_WORKERS` (default None: one per usable CPU; 0 or 1: read in this
process), `CONTENT_INDEX_PARALLEL_MIN_FILES` (default 50: fewer files to render than that
are read in this process, where starting workers would cost more than it saves).
`PARALLEL_BUILD` (default True; also read by related, search_index and parallel_pages):
False keeps the whole build in one process (less memory in all, more time).

During a build, Python's cyclic garbage collector runs every `GC_THRESHOLD` (50,000)
allocations instead of 700, and not at all in a rebuild until it has rendered
`PAGES_RENDERED_PAUSED` pages or made `GC_PAUSE_LIMIT` objects (`collect_less_often`);
the setting is restored when the build ends.

Data contract:

- `content.text_info: ExtractedText` - plain text, headings, links, anchors, images.
  The plain text (`text_info.text`) is for plugins that run at `all_generators_finalized`
  before search_index (PLUGINS order): once search has forked the child that indexes it,
  the main process lets the texts go (`ContentIndex.release_texts`); a later plugin
  reads the body's HTML instead (related does, for the few words it shows). The
  records' analysed terms stay until writing starts (`get_writer`,
  `ContentIndex.release_texts_and_terms`). When search builds in this process instead,
  it sets `keep_texts_while_writing` on the index and both stay.
- `content.reading_minutes: int`
- `content.toc: list[TocEntry]` - h2 headings with their h3 children, when there are at
  least `TOC_MIN_HEADINGS` of them (else empty).
- `context["content_index"]: ContentIndex` - records by id, in a stable order; each
  `ContentRecord` (model.py) has the analysed `terms` (a compact `StemTable` of stem counts) and
  `title_terms`, the resolved `tag_ids`, and the extracted `text` (ExtractedText); the
  same pass gives token positions (`first_positions`, `token_marks`, and
  `heading_positions`: where each heading starts among the tokens, for search) and the
  headings' terms (`heading_terms`); `summary_html`, and `summary` (its text, made when
  read). The index's `previous_terms` gives, for each record analysed again, the terms
  its cached analysis had (what counts kept by another plugin subtract).
"""

from __future__ import annotations

import gc
import hashlib
import importlib
import os
import pickle
import sys
import time
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import partial
from itertools import chain

from markdown import Markdown
from pelican import signals
from pelican.contents import Content
from pelican.generators import ArticlesGenerator, PagesGenerator
from pelican.readers import (
    MarkdownReader,
    default_metadata,
    parse_path_metadata,
    path_metadata,
)
from pelican.utils import file_suffix, pelican_open, posixize_path

from .analysis import LANGUAGES
from .extract import ExtractedText, Heading, build_toc, extract_text, reading_minutes
from .model import (
    ContentIndex,
    StemTable,
    TextAnalysis,
    analyse_text,
    apply_analysis,
    build_record,
)
from .names import AUTO_TEXT_START, LinkTarget
from .parallel import (
    ReadAhead,
    portable_metadata,
    restore_metadata,
    return_free_memory,
    usable_cpus,
)

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


# The meta extension's own priority (markdown/extensions/meta.py).
_META_PRIORITY = 27


def read_markdown(reader: MarkdownReader, path: str) -> tuple[str, dict]:
    """`MarkdownReader.read(path)` with one Markdown instance per reader, reset per file.

    Pelican makes a new Markdown for every file: setting its extensions up again costs
    about 6 % of a worker's reading. Markdown's `reset()` clears what one document leaves
    (Meta, toc, footnotes, the HTML stash, references); Pelican's `_parse_metadata`
    unregisters the meta preprocessor, which goes back before the next file.
    """
    md = reader.__dict__.get("_reused_markdown")
    if md is None:
        md = reader._reused_markdown = Markdown(**reader.settings["MARKDOWN"])
        reader._meta_preprocessor = md.preprocessors["meta"]
    else:
        md.reset()
        if "meta" not in md.preprocessors:
            md.preprocessors.register(reader._meta_preprocessor, "meta", _META_PRIORITY)
    reader._source_path, reader._md = path, md
    with pelican_open(path) as text:
        content = md.convert(text)
    metadata = reader._parse_metadata(md.Meta) if hasattr(md, "Meta") else {}
    return content, metadata


def _read(reader, path: str) -> tuple[str, dict]:
    if type(reader).read is MarkdownReader.read and "markdown.extensions.meta" in (
        reader.settings["MARKDOWN"].get("extensions", ())
    ):
        return read_markdown(reader, path)
    return reader.read(path)


def read_and_analyse(readers, base_path: str, path: str) -> ReadResult:
    """The workers' job: what Readers.read_file would render, then the text analysis."""
    reader = readers.readers[file_suffix(path)]
    html, reader_metadata = _read(reader, path)
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
        analysis = analyse_text(title, info.text, lang, info.headings)
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
    if not settings.get("PARALLEL_BUILD", True):
        workers = 0
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


def forget_read_ahead(context, paths) -> None:
    """Drop what the workers read of `paths`: those files are read again, elsewhere.

    For a build resumed in a copy of another process (content_checks.resume): the
    workers, if any still run, are that process's, not to be stopped from here.
    """
    prefetch = context.get(_READ_AHEAD)
    if prefetch is None:
        return
    prefetch.ahead.let_go()
    for path in paths:
        prefetch.taken.pop(path, None)


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


def _shared_terms(analysis: TextAnalysis | None) -> TextAnalysis | None:
    """The analysis with its stems interned.

    Stems unpickled from a worker are new strings for every article; interned, the whole
    site shares one string per stem (tens of MB saved at 2,000 articles), as it does when
    analysis.py's stem cache makes them in this process.
    """
    if analysis is None:
        return None
    intern = sys.intern
    stems = tuple(map(intern, analysis.terms.stems))
    return replace(
        analysis,
        title_terms=tuple(map(intern, analysis.title_terms)),
        heading_terms=tuple(map(intern, analysis.heading_terms)),
        terms=StemTable(stems, analysis.terms.numbers, analysis.terms.digest),
        first_positions=StemTable(stems, analysis.first_positions.numbers),
    )


def _prefetched_read(read, prefetch: _Prefetch, settings):
    def prefetched(path):
        result = prefetch.ahead.take(path)
        if result is None:
            return read(path)
        result.analysis = _shared_terms(result.analysis)
        prefetch.taken[path] = result
        return result.html, restore_metadata(result.metadata, settings)

    return prefetched


ANALYSIS_CACHE = "content_index"
"""Folder in CACHE_PATH: each file's analysis, by source path and a digest of its HTML,
in `ANALYSIS_SHARDS` files by a hash of the path: a rebuild after an edit writes again
the one file that holds the edited article, not all of them (20 MB at 2,000 articles)."""

ANALYSIS_SHARDS = 16

ANALYSIS_FORMAT = 8
"""Version of the analyses' layout in ANALYSIS_CACHE; a file of another is ignored
(6: automatic wikilink texts marked in extracted text, by control characters; 7: each
heading's token position, `TextAnalysis.heading_positions`; 8: the headings' terms,
`heading_terms`)."""


@dataclass(frozen=True)
class _Analysed:
    digest: bytes
    title: str
    lang: str
    info: ExtractedText
    analysis: TextAnalysis


def _digest(html: str) -> bytes:
    # SHA-256 runs on the processor's SHA instructions where it has them: twice as fast
    # as BLAKE2 over a site's bodies (18 MB at 1,000 pairs).
    return hashlib.sha256(html.encode("utf-8", "surrogatepass")).digest()[:16]


def _shard(source_path: str) -> int:
    return zlib.crc32(source_path.encode("utf-8", "surrogatepass")) % ANALYSIS_SHARDS


def _shard_file(settings, shard: int) -> str:
    return os.path.join(settings["CACHE_PATH"], ANALYSIS_CACHE, f"{shard:02d}.pickle")


def _load_analyses(settings) -> dict[str, _Analysed]:
    """The previous build's analyses, when Pelican loads its content cache too."""
    if not settings.get("LOAD_CONTENT_CACHE"):
        return {}
    analyses: dict[str, _Analysed] = {}
    for shard in range(ANALYSIS_SHARDS):
        try:
            cached = load_pickle(_shard_file(settings, shard))
        except Exception:  # none yet, or written by other code: analysed again  # noqa: BLE001
            continue
        if isinstance(cached, tuple) and len(cached) == 2 and cached[0] == ANALYSIS_FORMAT:
            analyses.update(cached[1])
    return analyses


def _save_analyses(settings, analyses: dict[str, _Analysed], changed: Iterable[str]) -> None:
    """Write again the shards that hold a `changed` path (new, re-analysed or gone)."""
    shards = {_shard(path) for path in changed}
    if not shards:
        return
    os.makedirs(os.path.join(settings["CACHE_PATH"], ANALYSIS_CACHE), exist_ok=True)
    held: dict[int, dict[str, _Analysed]] = {shard: {} for shard in shards}
    for path, analysed in analyses.items():
        found = held.get(_shard(path))
        if found is not None:
            found[path] = analysed
    for shard, entries in held.items():
        path = _shard_file(settings, shard)
        with open(f"{path}.tmp", "wb") as handle:
            pickle.dump((ANALYSIS_FORMAT, entries), handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(f"{path}.tmp", path)


def index_content(generators) -> None:
    """Read every article and page once and publish the index in the shared context.

    Each analysis comes from the read-ahead workers, else from the analysis cache (same
    HTML digest), else is made here; a title or language changed since is analysed again.
    """
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
    caching = bool(settings.get("CACHE_CONTENT"))
    cached = _load_analyses(settings)
    analyses: dict[str, _Analysed] = {}
    changed: list[str] = []  # analysed here or by a worker, not found in the cache
    reanalysed = 0  # the same, whether or not the cache is on
    previous_terms = {}  # their terms in the last build, when the cache had them
    records = []
    for content in contents:
        # _content is the HTML before Pelican rewrites {filename} links: exactly what
        # the link graph needs, and it avoids rendering every body twice.
        html = content._content or ""
        ahead = taken.pop(content.source_path, None)
        found = None
        if ahead is not None and ahead.info is not None and ahead.html == html:
            found = ahead
        elif cached:
            entry = cached.get(content.source_path)
            if entry is not None and entry.digest == _digest(html):
                found = entry
        info = found.info if found is not None else extract_text(html)
        attach_text(content, info)
        record = build_record(content, info)
        # A title differing only in its spaces (French no-break spaces, set by the
        # bilingual plugin once read) has the same analysis.
        if (
            found is not None
            and found.lang == record.lang
            and (found.title == record.title or found.title.split() == record.title.split())
        ):
            apply_analysis(record, found.analysis)
            analysis = found.analysis
            reanalysed += not isinstance(found, _Analysed)  # a worker's: analysed now
        else:
            reanalysed += 1
            analysis = analyse_text(record.title, info.text, record.lang, info.headings)
            apply_analysis(record, analysis)
        before = cached.get(content.source_path)
        if before is not None and before.analysis is not analysis:
            previous_terms[record.id] = before.analysis.terms
        if caching:
            if isinstance(found, _Analysed) and found.analysis is analysis:
                analyses[content.source_path] = found  # as the cache holds it
            else:
                digest = found.digest if isinstance(found, _Analysed) else _digest(html)
                analyses[content.source_path] = _Analysed(
                    digest, record.title, record.lang, info, analysis
                )
                changed.append(content.source_path)
        records.append(record)
    if caching:
        _save_analyses(settings, analyses, [*changed, *(cached.keys() - analyses.keys())])
    bilingual = articles_gen.context.get("bilingual")
    languages = bilingual.languages if bilingual is not None else (settings["DEFAULT_LANG"],)
    index = ContentIndex.from_records(
        records,
        languages,
        unlisted=_link_targets(articles_gen, pages_gen, "hidden"),
        drafts=_link_targets(articles_gen, pages_gen, "draft"),
    )
    index.reanalysed = reanalysed
    index.previous_terms = previous_terms
    index.names  # noqa: B018 (made once here, before the search child is forked: one for all)
    for record in records:
        record.content.toc = table_of_contents(index, record, toc_min)
    articles_gen.context["content_index"] = index
    settings[_INDEX_KEY] = index  # for release_texts_and_terms, sent the Pelican object
    timings = articles_gen.context.setdefault("plugin_timings", {})
    timings["content_index"] = time.perf_counter() - started


_UNINDEXED = {
    "hidden": ("hidden_articles", "hidden_translations", "hidden_pages"),
    "draft": ("drafts", "drafts_translations", "draft_pages", "draft_translations"),
}
"""Pelican's lists of the content the index leaves out, by status (pages keep their
hidden translations in `hidden_translations` too)."""


def _link_targets(articles_gen, pages_gen, status: str) -> tuple[LinkTarget, ...]:
    """What a wikilink may name among the content left out of the index (hidden, drafts)."""
    found = {}
    for generator in (articles_gen, pages_gen):
        for name in _UNINDEXED[status]:
            for content in getattr(generator, name, None) or ():
                if getattr(content, "status", status) == status:
                    path = content.relative_source_path.replace("\\", "/")
                    found[path] = LinkTarget(path, content.lang, content.slug, str(content.title))
    return tuple(found.values())


def attach_text(content, info: ExtractedText) -> None:
    """What a content object's HTML gives it: its text (headings, links...), reading time."""
    content.text_info = info
    content.reading_minutes = reading_minutes(info.word_count)


def table_of_contents(index: ContentIndex, record, toc_min: int) -> list:
    """A record's table of contents, once every title is known.

    A heading's [[wikilink]] shows the title it names.
    """
    return build_toc(_shown_headings(index, record), toc_min)


def _shown_headings(index: ContentIndex, record) -> tuple[Heading, ...]:
    headings = record.text.headings
    if not any(AUTO_TEXT_START in h.text for h in headings):
        return headings
    return tuple(replace(h, text=index.shown_text(h.text, record.lang)) for h in headings)


GC_THRESHOLD = 50_000
"""Allocations between two runs of the cyclic garbage collector during a build (700)."""

GC_PAUSE_LIMIT = 100_000
"""In a rebuild, objects the collector may leave unvisited before it runs again."""

PAGES_RENDERED_PAUSED = 100
"""In a rebuild, pages rendered (not reused) before the collector runs again."""


def collect_less_often(pelican) -> None:
    """Run Python's cyclic garbage collector less often during the build; not at all in a rebuild.

    A build makes millions of objects that live until its end (caches, articles,
    analyses): the collector, run every 700 allocations, would walk them again and again
    (about 10 % of a rebuild). What it would free is freed at the end either way.

    A rebuild (the last build's output and analyses are there) reads and renders only
    what changed: its cyclic garbage is a few thousand objects, and the collector's runs
    and the collections before each cache load and fork (`collection_paused`) took
    0.08-0.1 s of it. A threshold of 0 stops the automatic runs (Python's
    `gc.set_threshold`). A rebuild that renders pages after all (a template changed:
    every page, each leaving garbage) collects as a build does once it has rendered
    `PAGES_RENDERED_PAUSED` of them, or made `GC_PAUSE_LIMIT` objects (`collect_if_due`).
    """
    settings = pelican.settings
    settings["_GC_THRESHOLD"] = gc.get_threshold()
    first = 0 if _rebuilding(settings) else GC_THRESHOLD
    gc.set_threshold(first, *gc.get_threshold()[1:])


def _rebuilding(settings) -> bool:
    """Whether the build replaces an output and finds the analyses of the build that made it."""
    previous = settings.get("PREVIOUS_OUTPUT_PATH")
    return bool(
        previous
        and os.path.isdir(previous)
        and settings.get("LOAD_CONTENT_CACHE")
        and os.path.isdir(os.path.join(settings["CACHE_PATH"], ANALYSIS_CACHE))
    )


def collection_paused() -> bool:
    """Whether the build runs without the cyclic collector for now (a rebuild)."""
    return gc.get_threshold()[0] == 0


def collect_if_due(*_args, context=None, **_kwargs) -> None:
    """In a paused rebuild, collect again once it has made or rendered too much.

    Checked as each content object is made and each page written (`content_written`
    sends the page's context, with incremental_pages' counts). The count of objects is
    Python's for its youngest generation: made since the heap was last frozen or collected.
    """
    if not collection_paused():
        return
    pages = context.get("incremental_pages") if isinstance(context, dict) else None
    rendered = pages.get("rendered", 0) if isinstance(pages, dict) else 0
    if gc.get_count()[0] > GC_PAUSE_LIMIT or rendered > PAGES_RENDERED_PAUSED:
        gc.set_threshold(GC_THRESHOLD, *gc.get_threshold()[1:])


def restore_collection(pelican) -> None:
    saved = pelican.settings.pop("_GC_THRESHOLD", None)
    if saved is not None:
        gc.set_threshold(*saved)


def forget_resolved_bodies(*_args, **_kwargs) -> None:
    """Let Pelican forget the bodies it resolved so far (after each generator's output).

    Pelican memoizes `Content.get_content` in one dictionary for the whole process: every
    body resolved stays in memory to the end of the build (to the end of the process,
    with `pelican --autoreload`). An article's own page shows it, and forgets it once
    written (`forget_page_body`); feeds resolve their items' bodies against the site URL,
    a key no page uses. Each generator's pages and feeds resolve what they show: what a
    generator resolved is forgotten when its output is done (11 MB at the end of a
    2,000-article build, 907 feed items' bodies; a few hundred are resolved again by the
    next generator's feeds).
    """
    memo = getattr(Content.__dict__.get("get_content"), "cache", None)
    if isinstance(memo, dict):
        memo.clear()


def forget_bodies_after_output(generator) -> None:
    """generator_init: the generator's output ends by forgetting the bodies it resolved."""
    output = getattr(generator, "generate_output", None)
    if output is None:
        return

    def generate_output(writer):
        try:
            return output(writer)
        finally:
            forget_resolved_bodies()
            # Freed bodies leave holes in the heap that small objects never reuse.
            return_free_memory()

    generator.generate_output = generate_output


def release_rendered_bodies(index: ContentIndex | None) -> None:
    """In a forked child that needs only the records: let go of Pelican's rendered HTML.

    The child starts with the parent's memory, about a third of it these bodies, and
    would otherwise keep them resident to its end. The parent keeps its own.
    """
    forget_resolved_bodies()
    for record in index.records if index is not None else ():
        content = record.content
        if content is not None:
            content._content = ""


def forget_reader_cache(generator) -> None:
    """A generator has read everything: drop Pelican's content cache, saved already.

    Pelican saves its reader cache (CACHE_CONTENT) at the end of each generator's
    reading (article_generator_finalized, page_generator_finalized), but the generator's
    Readers keeps the whole dictionary to the end of the build: every file's metadata
    again, and every body as first rendered (those rewritten later stay twice). 15 MB
    off a rebuild's peak at 1,000 article pairs.
    """
    readers = getattr(generator, "readers", None)
    if readers is not None and getattr(readers, "_cache", None):
        _warm().keep_reader_metadata(readers)  # `invoke serve` compares an edit with it
        readers._cache = {}


def forget_page_body(_path, context=None) -> None:
    """An article's or page's own page is written (content_written): forget its resolved body.

    Only that page shows the whole body; kept in Pelican's memo, every body would stay
    in memory until the last article page is written.
    """
    memo = getattr(Content.__dict__.get("get_content"), "cache", None)
    if not memo or not context:
        return
    for name in ("article", "page"):
        content = context.get(name)
        if isinstance(content, Content):
            memo.pop((content, content.get_siteurl()), None)


_INDEX_KEY = "_CONTENT_INDEX"
"""Settings key of this build's index (private; Pelican's signals after reading send
the Pelican object, whose settings the generators share)."""


def release_texts_and_terms(pelican) -> None:
    """Writing starts (get_writer): the texts and terms have been read, let them go."""
    index = pelican.settings.pop(_INDEX_KEY, None)
    if index is not None and not index.keep_texts_while_writing:
        index.release_texts_and_terms()


def register():
    signals.initialized.connect(collect_less_often)
    signals.get_writer.connect(release_texts_and_terms)
    signals.finalized.connect(restore_collection)
    signals.content_object_init.connect(collect_if_due)
    signals.content_written.connect(collect_if_due)
    signals.generator_init.connect(forget_bodies_after_output)
    signals.finalized.connect(forget_resolved_bodies)
    signals.content_written.connect(forget_page_body)
    signals.article_generator_init.connect(start_reading_ahead)
    signals.page_generator_init.connect(serve_page_reads)
    signals.article_generator_finalized.connect(forget_reader_cache)
    signals.page_generator_finalized.connect(forget_reader_cache)
    signals.all_generators_finalized.connect(index_content)


def load_pickle(path):
    """pickle.load of a cache file, or a warm build process's copy (content_checks.warm)."""
    return _warm().load_pickle(path)


def _warm():
    base = __package__.rpartition(".")[0]
    return importlib.import_module(".".join(p for p in (base, "content_checks", "warm") if p))
