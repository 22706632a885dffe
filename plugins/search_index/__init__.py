"""Offline search: a Whoosh index for authors and a sharded browser index for readers.

Both are built from the build's single content analysis (`context["content_index"]`,
plugins/content_index): the same analyzer gives Whoosh its tokens and the browser its
terms, and the page analyses queries with its JavaScript twin (analysis.mjs).

- Whoosh (`whoosh_index.py`): one index per language in SEARCH_INDEX_DIR, updated
  incrementally by content hash, rebuilt when the schema or analyzer changes. Queried
  by `invoke search "query" [--lang fr] [--json]` (`python -m plugins.search_index.cli`).
- Browser (`browser_index.py`): `output/<SEARCH_OUTPUT_DIR>/`, small `.js` files that
  each call `__searchData(key, data)`, loaded with `<script src>` so search works from
  file:// and offline. `theme/js/search.js` is the search engine: the ES modules
  search-core.mjs, analysis.mjs and snowball.mjs bundled into one classic script
  (`bundle.py`), which the page script `theme/js/search-ui.js` loads on first use.
- Pages: `/<lang>/search/index.html` (template `search.html`); every page's header has
  the search box (`partials/search_box.html`).

Settings (all optional):

- `SEARCH_INDEX_DIR` (default `".cache/whoosh"`): Whoosh index folder; a relative path is
  relative to the folder that holds the content folder (the project root), so that tiny
  test sites and benchmark corpora keep their own index beside their content.
- `SEARCH_WHOOSH` (default True): build the Whoosh index.
- `SEARCH_BACKGROUND` (default True): build the indexes beside Pelican while it writes
  the pages (the browser index in a forked child, Whoosh in a fresh Python process);
  False builds them in this process.
- `SEARCH_OUTPUT_DIR` (default `"search"`): browser index folder inside the output.
- `SEARCH_POSTINGS_BYTES` (default 12000): size of a postings file before a new one starts.
- `SEARCH_DOC_CHUNK` (default 8): document records per file.
- `SEARCH_EXCERPT_TOKENS` (default 200): tokens per excerpt file.
- `PREVIOUS_OUTPUT_PATH` (set by the build runner: the site this build replaces): index
  files whose bytes did not change are hard-linked from it instead of written again.
- `SEARCH_TITLE_BOOST` (3.0), `SEARCH_TAG_BOOST` (2.0): BM25F boosts, both indexes.

Data contract:

- `context["search_stats"]: dict` - {"documents": int, "whoosh": [UpdateStats per
  language], "files": int, "bytes": int} of the last build.
- `context["plugin_timings"]["search_index"]: float` - seconds of the index stages
  `"search_index.docs"`, `"search_index.whoosh"`, `"search_index.browser"` (each index
  in its own process, see SEARCH_BACKGROUND), and `"search_index.wait_and_pages"`: this
  process's wait for them plus the search pages.
- Templates: `search.html` gets `search_tags` [(concept id, label, pages)] and
  `search_categories` [(name, pages)] of the page's language (only those with pages in it).
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import importlib
import logging
import marshal
import os
import pickle
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from functools import partial
from pathlib import Path

from pelican import signals
from pelican.generators import Generator
from pelican.utils import slugify

from .browser_index import KeptPostings, PostingsMemo, build_browser_index, render_js
from .bundle import bundle
from .config import SearchConfig
from .model import UpdateStats, search_doc, whoosh_fields_of_record
from .whoosh_payload import write_payload

logger = logging.getLogger(__name__)

BUNDLED_MODULES = ("snowball.mjs", "analysis.mjs", "search-core.mjs")
BUNDLE_NAME = "search.js"


def _languages(settings, context) -> tuple[str, ...]:
    return tuple(
        context.get("site_languages")
        or settings.get("SITE_LANGUAGES")
        or (settings["DEFAULT_LANG"],)
    )


def _tag_labels(taxonomy, tag_ids, languages) -> dict[str, dict[str, str]]:
    labels = {}
    for tag_id in tag_ids:
        concept = taxonomy.get(tag_id) if taxonomy is not None else None
        labels[tag_id] = {lang: concept.label(lang) if concept else tag_id for lang in languages}
    return labels


def _records_and_labels(context, languages):
    """The content records, and for each a function giving its tag labels (every language)."""
    index = context.get("content_index")
    if index is None:
        raise RuntimeError(
            "search_index needs the content_index plugin, listed before it in PLUGINS"
        )
    taxonomy = context.get("taxonomy")
    tag_ids = {t for r in index.records for t in r.tag_ids}
    labels = _tag_labels(taxonomy, tag_ids, languages)
    # The words a tag is searched by: its labels in every language, then its aliases
    # (what authors may write: "sondage" and "poll" for the concept `survey`).
    names: dict[str, list[str]] = {}
    for tag_id in tag_ids:
        concept = taxonomy.get(tag_id) if taxonomy is not None else None
        spellings = [labels[tag_id][lang] for lang in languages]
        spellings += list(concept.aliases) if concept else []
        names[tag_id] = list(dict.fromkeys(spellings))

    def labels_of(record) -> list[str]:
        return [name for t in record.tag_ids for name in names[t]]

    return index.records, labels_of


def collect_search_docs(context, config: SearchConfig, languages, release_texts=False) -> list:
    """The search documents of every record.

    With `release_texts` (the forked search child, once the Whoosh input is written), each
    record's plain text is let go as soon as its document is made, and the document keeps
    none: the excerpt segments are its copy, and the browser index reads no other. The
    child inherits the texts, a sixth of the build's memory, and held them and their
    segments together: its peak at 5,000 pairs 513 -> 472 MB (what it inherits; then at
    most 394 MB while it works, against 513).
    """
    records, labels_of = _records_and_labels(context, languages)
    index = context["content_index"]
    # Excerpts as the pages show the text: wikilink titles, and French spacing (one
    # character for one: the token offsets stay right).
    bilingual = _plugin("bilingual")
    narrow = set(bilingual._narrow_languages(context))
    spaced = _plugin("bilingual", "model").narrow_spaces

    def shown(text: str, lang: str) -> str:
        text = index.shown_text(text, lang)
        return spaced(text) if lang in narrow else text

    if not release_texts:
        return [search_doc(r, labels_of(r), config.excerpt_tokens, shown) for r in records]
    model, parallel = _content_index("model"), _content_index("parallel")
    docs = []
    for n, record in enumerate(records, 1):
        doc = search_doc(record, labels_of(record), config.excerpt_tokens, shown)
        docs.append(dataclasses.replace(doc, text=""))
        model.release_text(record)
        # The freed texts' pages back to the system as they go (most are reused by the
        # segments anyway: 2 MB above what it inherits without, at 5,000 pairs; ~20 ms each).
        if n % 2000 == 0:
            parallel.return_free_memory()
    parallel.return_free_memory()
    return docs


FILES_RECORD = "search_index_files.pickle"
"""The browser index's files as the last build wrote them (`write_files`), beside the
content cache."""

POSTINGS_MEMO = "search_index_postings.pickle"
"""The last build's postings (`browser_index.PostingsMemo`), beside the content cache: a
rebuild patches those of the documents edited instead of making them all again."""

_POSTINGS_MEMO_FORMAT = 1


def read_postings_memo(path: Path | None) -> PostingsMemo:
    """The postings the last build kept at `path`; none if another code version wrote them."""
    memo = PostingsMemo()
    if path is None:
        return memo
    try:
        with open(path, "rb") as handle:
            version, code, kept = pickle.load(handle)
        if version == _POSTINGS_MEMO_FORMAT and code == _postings_code():
            memo.kept = {lang: KeptPostings(*fields) for lang, fields in kept.items()}
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError):
        pass
    return memo


def write_postings_memo(path: Path, memo: PostingsMemo) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    with open(temporary, "wb") as handle:
        # Plain tuples: readable whatever name the plugin was imported under.
        kept = {
            lang: tuple(getattr(postings, f.name) for f in dataclasses.fields(postings))
            for lang, postings in memo.kept.items()
        }
        data = (_POSTINGS_MEMO_FORMAT, _postings_code(), kept)
        pickle.dump(data, handle, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(temporary, path)


def _postings_code() -> bytes:
    """A digest of the code that makes postings and their keys: other code, other memo."""
    digest = hashlib.blake2b(digest_size=16)
    for name in ("browser_index.py", "model.py"):
        digest.update((Path(__file__).parent / name).read_bytes())
    return digest.digest()


def write_files(
    root: Path, files: dict[str, object], previous: Path | None = None, record: Path | None = None
) -> tuple[int, int]:
    """Write each payload as `<root>/<key>.js`; returns (files, bytes).

    With `previous` (the same folder in the site this build replaces), a file whose bytes
    are those already there is hard-linked from it: after one edit most of the index is
    unchanged, and linking a file costs far less than writing a new one. With `record`
    too (a file beside the build's caches), each file's payload digest, size and
    modification time are kept there; a payload with the digest the last build wrote,
    whose file in `previous` still has that size and time, is linked without being
    turned into text and compared (0.2 s of a 1,000-pair rebuild's search child).

    An index already in `root` (a build over the last one's output) is written over in
    place, and its files this one has not are removed: a new file costs far more than
    one written again (on ext4, a file made just after thousands were deleted costs
    most).
    """
    kept = _read_record(record) if previous is not None else {}
    written: dict[str, tuple[bytes, int, int]] = {}
    try:
        result = _write_files(root, files, previous, kept, written)
    except (FileExistsError, IsADirectoryError, NotADirectoryError):
        # An earlier index with a file where this one has a folder, or the reverse.
        shutil.rmtree(root)
        written.clear()
        result = _write_files(root, files, previous, kept, written)
    if record is not None:
        _write_record(record, written)
    return result


def _write_files(
    root: Path,
    files: dict[str, object],
    previous: Path | None,
    kept: dict[str, tuple[bytes, int, int]],
    written: dict[str, tuple[bytes, int, int]],
) -> tuple[int, int]:
    write_over = _plugin("tidy_output", "write_over").write_bytes_over
    made: set[Path] = set()
    paths: set[str] = set()
    total = 0
    for key in sorted(files):
        path = root / f"{key}.js"
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        paths.add(str(path))
        digest = _payload_digest(files[key])
        entry = kept.get(key)
        if entry is not None and entry[0] == digest and _link_unchanged(previous, key, entry, path):
            written[key] = entry
            total += entry[1]
            continue
        data = render_js(key, files[key]).encode("utf-8")
        total += len(data)
        if previous is None or not _link_if_same(previous / f"{key}.js", data, path):
            write_over(path, data)  # the blocks of the file already there reused
        if digest is not None:
            status = path.stat()
            written[key] = (digest, status.st_size, status.st_mtime_ns)
    _remove_files_but(root, paths)
    return len(files), total


RECORD_FORMAT = 1


def _payload_digest(payload) -> bytes | None:
    """Equal payloads (as built: dicts in the same order), equal digests.

    None if marshal cannot write one (a str subclass).
    """
    try:
        # SHA-256 runs on the processor's SHA instructions: twice BLAKE2's speed here.
        return hashlib.sha256(marshal.dumps(payload, 2)).digest()[:16]
    except ValueError:
        return None


def _link_unchanged(previous: Path | None, key: str, entry: tuple, path: Path) -> bool:
    """Link the previous site's file if it still has the size and time recorded."""
    if previous is None:
        return False
    old = previous / f"{key}.js"
    try:
        status = old.stat()
        if (status.st_size, status.st_mtime_ns) != entry[1:]:
            return False
        os.link(old, path)
    except OSError:
        return False
    return True


def _read_record(record: Path | None) -> dict[str, tuple[bytes, int, int]]:
    if record is None:
        return {}
    try:
        with open(record, "rb") as handle:
            version, files = pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError):
        return {}
    return files if version == RECORD_FORMAT and isinstance(files, dict) else {}


def _write_record(record: Path, files: dict[str, tuple[bytes, int, int]]) -> None:
    record.parent.mkdir(parents=True, exist_ok=True)
    temporary = record.with_name(f"{record.name}.{os.getpid()}.tmp")
    with open(temporary, "wb") as handle:
        pickle.dump((RECORD_FORMAT, files), handle, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(temporary, record)


def _remove_files_but(root: Path, keep: set[str]) -> None:
    """Remove the files under `root` not in `keep`, then the folders left empty."""
    for folder, _subfolders, names in os.walk(root, topdown=False):
        for name in names:
            path = os.path.join(folder, name)
            if path not in keep:
                os.unlink(path)
        if folder != str(root) and not os.listdir(folder):
            os.rmdir(folder)


def _link_if_same(old: Path, data: bytes, path: Path) -> bool:
    try:
        if old.stat().st_size != len(data) or old.read_bytes() != data:
            return False
        os.link(old, path)
    except OSError:
        return False
    return True


def build_script(theme: str) -> str | None:
    """The search engine as one classic script, or None if the theme lacks its modules."""
    folder = Path(theme) / "static" / "js"
    paths = [folder / name for name in BUNDLED_MODULES]
    missing = [p.name for p in paths if not p.is_file()]
    if missing:
        logger.warning(
            "search: theme has no %s; the search engine is not built", ", ".join(missing)
        )
        return None
    modules = [(p.name, p.read_text(encoding="utf-8")) for p in paths]
    return bundle(modules, "search-core.mjs", "SiteSearch")


class SearchIndexGenerator(Generator):
    """Writes the browser index, the search script and the search pages; updates Whoosh.

    The indexes only need the content index and the taxonomy, both complete once every
    file is read: they are built then (`start_search_index`), the browser index in a
    forked child (parallel.ForkedCall) and Whoosh in a fresh process (WhooshProcess),
    while Pelican writes the pages; this generator's turn to write waits for the browser
    index, writes the search pages, then waits for Whoosh.
    """

    _jobs: tuple = ()
    _forked_child = False

    def generate_context(self) -> None:
        pass

    def start_indexing(self) -> None:
        config = SearchConfig.from_settings(self.settings)
        index = self.context.get("content_index")
        parallel = config.background and self.settings.get("PARALLEL_BUILD", True)
        # The children read only the records: Pelican's rendered pages go (~40 MB).
        release = partial(self._enter_forked_child, index)
        # One process per index: while this process writes the pages, both cores work on
        # them (Whoosh from scratch is most of the work: one child doing both left a core
        # idle while this process waited for it). Whoosh runs in a fresh process, not a
        # fork: its writer holds ~90 MB while it indexes, on top of whatever its process
        # starts with, and a fork starts with the whole build (186 MB at 1,000 pairs).
        pool = _content_index("parallel")
        background = parallel and pool.usable_cpus() > 1
        # The forked child writes the Whoosh process's input (~0.1 s that this process,
        # the one every page waits for, need not spend), then makes the browser index;
        # the Whoosh process, started here, reads its input once the child says so.
        payload = None
        if config.whoosh and background and pool.can_fork():
            payload = WhooshPayload()
        # After a few edits, the indexes have little to redo beside the pages this process
        # goes through: they leave its core to it (see parallel.keep_off_main_core).
        off_main_core = index is not None and index.mostly_unchanged
        self._jobs = (
            _forked_call()(
                partial(self._build_index, "browser", payload=payload),
                parallel=parallel,
                in_child=release,
                off_main_core=off_main_core,
            ),
        )
        if payload is not None:
            self._jobs += (payload.start_process(off_main_core),)
        elif config.whoosh:
            if background:
                self._jobs += (self._start_whoosh_process(config, off_main_core),)
            else:
                self._jobs += (
                    _forked_call()(partial(self._build_index, "whoosh"), parallel=False),
                )
        if index is None:
            return
        if self._jobs[0].forked:
            # The children have the texts now; this process has no more use for them (see
            # content_index's contract), and they are a tenth of its memory.
            index.release_texts()
            _content_index("parallel").return_free_memory()
        else:
            # Built here while the pages are written: the texts and terms must stay.
            index.keep_texts_while_writing = True

    def _enter_forked_child(self, index) -> None:
        """First thing in the forked search child: what it inherited and will not read goes."""
        _content_index().release_rendered_bodies(index)
        self._forked_child = True  # its texts go as its documents are made, see _build_index

    def _start_whoosh_process(
        self, config: SearchConfig, off_main_core: bool = False
    ) -> WhooshProcess:
        return WhooshProcess(self._whoosh_work(config), off_main_core=off_main_core)

    def _whoosh_work(self, config: SearchConfig) -> dict:
        return {"index_dir": str(config.index_dir), "jobs": self._whoosh_jobs(config)}

    def _whoosh_jobs(self, config: SearchConfig) -> list[tuple[str, Iterator[dict], dict]]:
        """[(language, its documents' Whoosh fields, made as they are read; options)]."""
        languages = _languages(self.settings, self.context)
        records, labels_of = _records_and_labels(self.context, languages)
        options = {
            "title_boost": config.title_boost,
            "tag_boost": config.tag_boost,
            "heading_boost": config.heading_boost,
            "source_root": Path(self.settings["PATH"]).resolve(),
        }

        def fields(lang: str) -> Iterator[dict]:  # made one by one as they are written
            return (whoosh_fields_of_record(r, labels_of(r)) for r in records if r.lang == lang)

        return [(lang, fields(lang), options) for lang in languages]

    def _build_index(self, part: str, payload: WhooshPayload | None = None) -> tuple[dict, dict]:
        """One index ("browser" or "whoosh") from the search documents: (results, timings).

        With `payload` (the browser index, in the forked child), the Whoosh process's input
        is written first.
        """
        config = SearchConfig.from_settings(self.settings)
        if payload is not None:
            payload.write(self._whoosh_work(config))
        languages = _languages(self.settings, self.context)
        timings = {}

        def timed(stage, run, *args):
            t = time.perf_counter()
            result = run(*args)
            timings[f"search_index.{stage}"] = timings.get(f"search_index.{stage}", 0.0) + (
                time.perf_counter() - t
            )
            return result

        if part == "whoosh":
            from .whoosh_index import update_index_fields  # Whoosh, only where it is used

            jobs = timed("whoosh", self._whoosh_jobs, config)
            stats = [
                timed(
                    "whoosh",
                    partial(update_index_fields, config.index_dir, lang, list(docs), **options),
                )
                for lang, docs, options in jobs
            ]
            return {"whoosh": stats}, timings
        # In the forked child, the Whoosh input is written: the texts have no other reader.
        release_texts = self._forked_child
        docs = timed("docs", collect_search_docs, self.context, config, languages, release_texts)
        facets, labels, files, size = timed(
            "browser", self._write_browser_index, config, languages, docs
        )
        results = {"documents": len(docs), "files": files, "bytes": size}
        return {**results, "facets": facets, "labels": labels, "whoosh": []}, timings

    def generate_output(self, writer) -> None:
        started = time.perf_counter()
        if not self._jobs:
            self.start_indexing()
        timings = self.context.setdefault("plugin_timings", {})
        stats: dict = {}
        stage_seconds = 0.0
        for job in self._jobs:  # the browser index first: the pages need its facets
            results, stage_timings = job.join()
            stats.update(results)
            timings.update(stage_timings)
            stage_seconds += sum(stage_timings.values())
            if "facets" in results:
                languages = _languages(self.settings, self.context)
                self._write_pages(writer, languages, stats.pop("facets"), stats.pop("labels"))
        self._jobs = ()
        self.context["search_stats"] = stats
        # The stages' own time (in the children, when forked), plus the wait and the pages.
        timings["search_index"] = stage_seconds
        timings["search_index.wait_and_pages"] = time.perf_counter() - started
        logger.info(
            "search: %d documents; browser index: %d files, %d kB; Whoosh: %s; %.2f s",
            stats["documents"], stats["files"], stats["bytes"] // 1024,
            ", ".join(f"{s.lang} {s.indexed} indexed, {s.removed} removed" for s in stats["whoosh"]) or "off",
            timings["search_index"],
        )  # fmt: skip

    def _write_browser_index(self, config: SearchConfig, languages, docs):
        """Write output/search/ and theme/js/search.js; returns (facets, tag labels, files, bytes)."""
        taxonomy = self.context.get("taxonomy")

        def ancestors(tag_id: str) -> list[str]:
            return [a.id for a in taxonomy.ancestors(tag_id)] if taxonomy is not None else []

        used = {tag for d in docs for tag in d.tag_ids}
        labels = _tag_labels(taxonomy, used.union(*(ancestors(t) for t in used)), languages)
        output = Path(self.output_path)
        previous = self.settings.get("PREVIOUS_OUTPUT_PATH")
        cache = self.settings.get("CACHE_PATH") if self.settings.get("CACHE_CONTENT") else None
        memo_path = Path(cache) / POSTINGS_MEMO if cache else None
        # The kept postings only count in a rebuild (the last site is there), as the files.
        memo = read_postings_memo(memo_path if previous else None)
        files = build_browser_index(
            docs,
            languages,
            labels,
            ancestors,
            postings_bytes=config.postings_bytes,
            doc_chunk=config.doc_chunk,
            excerpt_tokens=config.excerpt_tokens,
            boosts={
                "title": config.title_boost,
                "tag": config.tag_boost,
                "heading": config.heading_boost,
            },
            tag_aliases={
                t: taxonomy.get(t).aliases
                for t in labels
                if taxonomy is not None and taxonomy.get(t) is not None
            },
            memo=memo if memo_path is not None else None,
        )
        count, size = write_files(
            output / config.output_dir,
            files,
            Path(previous) / config.output_dir if previous else None,
            Path(cache) / FILES_RECORD if cache else None,
        )
        if memo_path is not None and memo.changed:
            write_postings_memo(memo_path, memo)
        script = build_script(self.settings["THEME"])
        if script is not None:
            target = output / self.settings.get("THEME_STATIC_DIR", "theme") / "js" / BUNDLE_NAME
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(script, encoding="utf-8")
        return files["f/index"], labels, count, size

    def _write_pages(self, writer, languages, facets, labels) -> None:
        offline = self.settings.get("OFFLINE_URLS", False)
        urls = {lang: f"{lang}/search/" + ("index.html" if offline else "") for lang in languages}
        for lang in languages:
            # Alphabetical as readers expect, accents aside ("Événements" among the E's),
            # as on the tags index.
            # Only the tags and categories that have pages in this language, each with
            # their number of pages in it.
            tags = sorted(
                (
                    (t, labels[t][lang], counts[lang])
                    for t, _l, counts, _aliases in facets["tags"]
                    if counts.get(lang)
                ),
                key=lambda p: (slugify(p[1]), p[0]),
            )
            categories = sorted(
                (
                    (name, count)
                    for cat_lang, name, _twins, count in facets["cats"]
                    if cat_lang == lang
                ),
                key=lambda c: (slugify(c[0]), c[0]),
            )
            writer.write_file(
                f"{lang}/search/index.html",
                self.get_template("search"),
                self.context,
                relative_urls=self.settings["RELATIVE_URLS"],
                lang=lang,
                url=urls[lang],
                page_url=urls[lang],
                page_alternates=urls,
                page_name=f"{lang}/search",
                template_name="search",
                search_tags=tags,
                search_categories=categories,
            )


class WhooshProcess:
    """The Whoosh update in a fresh Python process (`whoosh_process.py`), without Pelican.

    `join()` answers like the forked calls' functions: ({"whoosh": stats}, timings). The
    payload (each language's documents as Whoosh fields) goes through a temporary file,
    which the process removes once read; a process that fails is an error here, with
    its standard error. `work` is {"index_dir", "jobs": [(lang, documents, options)]};
    the documents may be made as they are written (a generator): see whoosh_payload.py.
    """

    forked = True

    def __init__(
        self,
        work: dict | None,
        payload: WhooshPayload | None = None,
        off_main_core: bool = False,
    ) -> None:
        """Start the process on `work`, or on the input a `payload` will hold.

        With `off_main_core`, it leaves this process's core to it until joined
        (`parallel.keep_off_main_core`).
        """
        if payload is None:
            handle, path = tempfile.mkstemp(prefix="whoosh-", suffix=".pickle")
            with os.fdopen(handle, "wb") as stream:
                write_payload(stream, work["index_dir"], work["jobs"])
            arguments, kept = [path], ()
        else:
            arguments, kept = [payload.path, str(payload.ready)], (payload.ready,)
        # The process imports the plugins by the names the build did (`search_index` in
        # a build, `plugins.search_index` in tests), but not Pelican (whoosh_process.py).
        package = __package__ or "search_index"
        start = Path(__file__).resolve().with_name("whoosh_process.py")
        self._process = subprocess.Popen(
            [sys.executable, str(start), package, *arguments],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            pass_fds=kept,
        )
        self._off_main_core = off_main_core and _content_index("parallel").keep_off_main_core(
            self._process.pid
        )
        self._input = Path(arguments[0])  # the process removes it once it has read it
        # A build that stops before joining it stops it (it would index a build thrown
        # away, and hold the index's lock when the next build's process wants it).
        _content_index("parallel").started(self)

    def join(self) -> tuple[dict, dict]:
        if self._off_main_core:  # this process waits for it now: every core is its own
            _content_index("parallel").allow_every_core(self._process.pid)
        out, err = self._process.communicate()
        _content_index("parallel").joined(self)
        if self._process.returncode != 0:
            raise RuntimeError(
                "the Whoosh index process failed:\n" + err.decode("utf-8", "replace")
            )
        stats, seconds = pickle.loads(out)
        return {"whoosh": [UpdateStats(**s) for s in stats]}, {"search_index.whoosh": seconds}

    def stop(self) -> None:
        """Kill the process (a build that stopped early) and remove its input."""
        with contextlib.suppress(OSError):
            self._process.kill()
        self._process.communicate()
        with contextlib.suppress(FileNotFoundError):
            self._input.unlink()


class WhooshPayload:
    """The Whoosh process's input, written by the forked search child for this process.

    Made here before the fork: a temporary file and a pipe. This process starts the
    Whoosh process at once (its own child: joined, and measured with the build),
    given the file's name and the pipe's reading end; the forked child writes the file,
    then closes the pipe's other end, and the process reads the file from there. A child
    that fails closes it too (it ends): the process then finds no input and fails, which
    is reported after the child's own error.
    """

    def __init__(self) -> None:
        handle, self.path = tempfile.mkstemp(prefix="whoosh-", suffix=".pickle")
        os.close(handle)
        self.ready, self._written = os.pipe()

    def write(self, work: dict) -> None:
        """In the forked child: the input, then the word that it is complete."""
        os.close(self.ready)
        try:
            with open(self.path, "wb") as stream:
                write_payload(stream, work["index_dir"], work["jobs"])
        finally:
            os.close(self._written)

    def start_process(self, off_main_core: bool = False) -> WhooshProcess:
        """Here, once the child is forked: only the child holds the pipe's writing end."""
        os.close(self._written)
        try:
            return WhooshProcess(None, self, off_main_core=off_main_core)
        finally:
            os.close(self.ready)


def _content_index(module: str = ""):
    """content_index (or one of its modules), from the package the build imported plugins as."""
    return _plugin("content_index", module)


def _plugin(plugin: str, module: str = ""):
    base = __package__.rpartition(".")[0]
    return importlib.import_module(".".join(part for part in (base, plugin, module) if part))


def _forked_call():
    return _content_index("parallel").ForkedCall


def start_search_index(generators) -> None:
    """Every file is read and analysed: start building the indexes, in the background.

    Not when the build only checks the content (`CHECK_ONLY`, the runner's --check-only).
    """
    for generator in generators:
        if isinstance(generator, SearchIndexGenerator) and not generator.settings.get("CHECK_ONLY"):
            generator.start_indexing()


def add_generator(pelican):
    return SearchIndexGenerator


def register():
    signals.get_generators.connect(add_generator)
    signals.all_generators_finalized.connect(start_search_index)
