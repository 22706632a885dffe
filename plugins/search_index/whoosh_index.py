"""The authors' index: Whoosh, one index per language, updated incrementally.

Layout: `<SEARCH_INDEX_DIR>/<lang>/` holds a Whoosh index whose text fields all use
`make_whoosh_analyzer(lang)`, the build's one analyzer. One index per language (rather
than title_fr/title_en... fields in one index) because a Whoosh field has one analyzer and
the document frequencies of BM25 are then per language; a query without a language
is run on each index and the results merged by score.

Incremental: every document stores a hash of what it indexes (`hash` field); a build
re-indexes only added or changed documents and deletes removed ones. The file
`search-version.json` beside the index records the schema version and a fingerprint of
the analyzer (analysis.py, analysis_data.json, the stemmers' versions) and boosts:
when they differ, the index is deleted and rebuilt from scratch.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import pickle
import re
import shutil
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict
from functools import partial
from pathlib import Path

import snowballstemmer
from whoosh import index, scoring
from whoosh.fields import ID, STORED, Schema
from whoosh.qparser import MultifieldParser, OrGroup
from whoosh.writing import SegmentWriter

from .analyzer import analysis
from .model import SearchDoc, UpdateStats
from .whoosh_payload import read_payload

SCHEMA_VERSION = 1
VERSION_FILE = "search-version.json"
SEARCH_FIELDS = ("title", "headings", "body", "tags", "category")


def analyzer_fingerprint() -> str:
    digest = hashlib.sha256()
    code = Path(analysis.__file__)
    for path in (code, code.with_name("whoosh_analysis.py"), analysis.DATA_PATH):
        digest.update(path.read_bytes())
    digest.update(
        snowballstemmer.__version__.encode() if hasattr(snowballstemmer, "__version__") else b""
    )
    digest.update(analysis.stemmer_version().encode())  # PyStemmer's, when it stems
    return digest.hexdigest()[:16]


class _LengthsOnce:
    """A segment's per-document reader whose field lengths are each read once, into a list.

    Whoosh looks up the length of the field of every posting it writes (515,000 at
    1,000 article pairs), each lookup a read of the column in the segment's file; read
    once per document instead, the lookups are list indexing (a tenth of the Whoosh time).
    """

    def __init__(self, reader) -> None:
        self._reader = reader

    def doc_field_length_reader(self, fieldname, default=0):
        get = self._reader.doc_field_length_reader(fieldname, default)
        return [get(docnum) for docnum in range(self._reader.doc_count_all())].__getitem__

    def __getattr__(self, name):
        return getattr(self._reader, name)


LOCK_WAIT = 600.0
"""Seconds an update waits for another process's lock on the index (a whole index at
5,000 pairs takes about 35 s to write) before it fails."""


class LengthsOnceWriter(SegmentWriter):
    """Whoosh's segment writer, with the field lengths of the new segment read once."""

    def per_document_reader(self):
        return _LengthsOnce(super().per_document_reader())


def index_version(lang: str, title_boost: float, tag_boost: float, heading_boost: float) -> dict:
    return {
        "schema": SCHEMA_VERSION,
        "analyzer": analyzer_fingerprint(),
        "lang": lang,
        "boosts": [title_boost, tag_boost, heading_boost],
    }


def make_schema(lang: str, title_boost: float, tag_boost: float, heading_boost: float) -> Schema:
    text = partial(analysis.whoosh_text_field, lang)
    return Schema(
        path=ID(unique=True, stored=True),
        hash=ID(stored=True),
        url=STORED(),
        title=text(stored=True, field_boost=title_boost),
        headings=text(field_boost=heading_boost),
        body=text(),
        # Concept ids and the labels in every language, analysed in the document's language.
        tags=text(stored=True, field_boost=tag_boost),
        category=text(stored=True),
        lang=ID(stored=True),
        kind=ID(stored=True),
        date=ID(stored=True, sortable=True),
    )


def whoosh_fields(doc: SearchDoc) -> dict:
    """What the Whoosh index keeps of a document: its fields, as plain strings."""
    return {
        "path": doc.path,
        "hash": doc.content_hash,
        "url": doc.url,
        "title": doc.title,
        "headings": "\n".join(doc.headings),
        "body": doc.text,
        "tags": " ".join((*doc.tag_ids, *doc.tag_labels)),
        "category": doc.category or "",
        "lang": doc.lang,
        "kind": doc.kind,
        "date": doc.date or "",
    }


def _read_version(path: Path) -> dict | None:
    try:
        return json.loads((path / VERSION_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def update_index(
    index_dir: Path,
    lang: str,
    docs: Sequence[SearchDoc],
    **options,
) -> UpdateStats:
    """Bring `<index_dir>/<lang>` up to date with `docs` (all documents of that language)."""
    return update_index_fields(index_dir, lang, [whoosh_fields(d) for d in docs], **options)


def update_index_fields(
    index_dir: Path,
    lang: str,
    docs: Sequence[dict],
    *,
    title_boost: float = 3.0,
    tag_boost: float = 2.0,
    heading_boost: float = 1.5,
    source_root: Path | None = None,
) -> UpdateStats:
    """`update_index` from the documents' `whoosh_fields`."""
    # One build at a time per index, from the version check on: a first build or a
    # rebuild deletes and makes the index folder, where Whoosh's own lock lives.
    with index_lock(Path(index_dir), lang):
        return _update_locked(
            Path(index_dir), lang, docs, title_boost, tag_boost, heading_boost, source_root
        )


@contextlib.contextmanager
def index_lock(index_dir: Path, lang: str, wait: float | None = None):
    """Hold `index_dir/<lang>.lock` (a lock file beside the index folder, never deleted).

    Another build (an `invoke publish` beside an `invoke serve`) is waited for, up to
    `wait` seconds (LOCK_WAIT), then a clear error. Without `fcntl` (Windows) no lock.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        yield
        return
    index_dir.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + (LOCK_WAIT if wait is None else wait)
    with open(index_dir / f"{lang}.lock", "a+b") as handle:
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise RuntimeError(
                        f"the authors' search index {index_dir / lang} is being updated by "
                        "another build for too long: stop that build (invoke serve, invoke "
                        "publish...), then build again"
                    ) from None
                time.sleep(0.25)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _update_locked(
    index_dir: Path,
    lang: str,
    docs: Sequence[dict],
    title_boost: float,
    tag_boost: float,
    heading_boost: float,
    source_root: Path | None,
) -> UpdateStats:
    path = index_dir / lang
    version = index_version(lang, title_boost, tag_boost, heading_boost)
    if source_root is not None:
        version["source_root"] = str(source_root)
    rebuilt = False
    stored_version = _read_version(path)
    if stored_version is None or not _exists(path) or _differs(stored_version, version):
        shutil.rmtree(path, ignore_errors=True)
        path.mkdir(parents=True, exist_ok=True)
        ix = index.create_in(str(path), make_schema(lang, title_boost, tag_boost, heading_boost))
        rebuilt = True
    else:
        ix = _open(path, stored_version)
    # The lock first, then what the index holds: another build (an `invoke publish` beside
    # an `invoke serve`) may be updating it; this one waits for it, then reads its result.
    writer = LengthsOnceWriter(ix, limitmb=256, timeout=LOCK_WAIT, delay=0.25)
    try:
        with ix.searcher() as searcher:
            existing = {f["path"]: f["hash"] for f in searcher.all_stored_fields()}
        wanted = {d["path"]: d for d in docs}
        changed = [
            d for d in sorted(docs, key=lambda d: d["path"]) if existing.get(d["path"]) != d["hash"]
        ]
        removed = sorted(set(existing) - set(wanted))
        for p in removed:
            writer.delete_by_term("path", p)
        for d in changed:
            if d["path"] in existing:
                writer.update_document(**d)
            else:
                writer.add_document(**d)
    except BaseException:
        writer.cancel()
        raise
    if changed or removed:
        writer.commit()
    else:
        writer.cancel()
    # Written last: an interrupted first build leaves no version, hence a rebuild.
    if rebuilt or stored_version != version:
        (path / VERSION_FILE).write_text(json.dumps(version, sort_keys=True), encoding="utf-8")
    ix.close()
    return UpdateStats(
        lang=lang,
        indexed=len(changed),
        removed=len(removed),
        unchanged=len(docs) - len(changed),
        rebuilt=rebuilt,
    )


def _exists(path: Path) -> bool:
    return (path / VERSION_FILE).is_file() and any(path.glob("_MAIN_*.toc"))


def _open(path: Path, version: dict):
    """Open an index with a schema made here, not the one pickled in it.

    The pickled analyzer class is named after the module path the build imported it by
    (Pelican's `content_index...` or the tests' `plugins.content_index...`).
    """
    title_boost, tag_boost, heading_boost = version["boosts"]
    schema = make_schema(version["lang"], title_boost, tag_boost, heading_boost)
    return index.open_dir(str(path), schema=schema)


def _differs(stored: dict, wanted: dict) -> bool:
    keys = ("schema", "analyzer", "lang", "boosts")
    return any(stored.get(k) != wanted.get(k) for k in keys)


def indexed_languages(index_dir: Path) -> list[str]:
    folder = Path(index_dir)
    return sorted(p.name for p in folder.iterdir() if _exists(p)) if folder.is_dir() else []


def search(index_dir: Path, query: str, lang: str | None = None, limit: int = 10) -> list[dict]:
    """Ranked results (BM25F, title and tag boosts) of the Whoosh index, best first.

    Each result: path (source file, relative to the current folder when it is inside),
    url, title, score, lang, date. Without `lang`, every language's index is searched and
    the results are merged by score. FileNotFoundError when there is no index to search.
    """
    index_dir = Path(index_dir)
    langs = [lang] if lang else indexed_languages(index_dir)
    if not langs:  # no index at all is not "no results": the site was never built here
        raise FileNotFoundError(
            f"no search index in {index_dir}: build the site first (invoke build)"
        )
    results = []
    for lg in langs:
        path = index_dir / lg
        version = _read_version(path)
        if version is None or not _exists(path):
            raise FileNotFoundError(
                f"no search index for language {lg!r} in {index_dir}: build the site first "
                "(invoke build)"
            )
        root = version.get("source_root")
        ix = _open(path, version)
        with ix.searcher(weighting=scoring.BM25F()) as searcher:
            count_live_documents_only(searcher)
            parser = MultifieldParser(list(SEARCH_FIELDS), ix.schema, group=OrGroup.factory(0.9))
            parsed = exclusions_apart(parser.parse(dashes_to_not(query)))
            for hit in searcher.search(parsed, limit=limit):
                results.append(
                    {
                        "path": _display_path(root, hit["path"]),
                        "url": hit["url"],
                        "title": hit["title"],
                        "score": round(hit.score, 4),
                        "lang": hit["lang"],
                        "date": hit["date"] or None,
                    }
                )
        ix.close()
    results.sort(key=lambda r: (-r["score"], r["path"]))
    return results[:limit]


def count_live_documents_only(searcher) -> None:
    """Make `searcher` score as an index holding only its live documents would.

    An update deletes a changed document and adds it again; Whoosh keeps the deleted
    copy in its statistics (document count, each term's document frequency, field
    lengths: BM25F's idf and average lengths) until it happens to merge segments, so an
    updated index ranked differently from one built from nothing. The corrections count
    what the deleted documents hold: nothing to do when there are none.
    """
    reader = searcher.reader()
    if not reader.has_deletions():
        return
    live = set(reader.all_doc_ids())
    deleted = [d for d in range(reader.doc_count_all()) if d not in live]
    frequency = reader.doc_frequency

    def doc_frequency(fieldname, text):
        try:
            ids = reader.postings(fieldname, text).all_ids()
        except Exception:  # a term not in the index: its frequency as Whoosh says
            return frequency(fieldname, text)
        return sum(1 for d in ids if d in live)

    def field_length(fieldname):
        total = reader.field_length(fieldname)
        return total - sum(reader.doc_field_length(d, fieldname, 0) or 0 for d in deleted)

    def avg_field_length(fieldname, default=None):
        if not searcher.schema[fieldname].scorable:
            return default
        return field_length(fieldname) / (len(live) or 1)

    searcher.doc_count_all = searcher.doc_count
    searcher.doc_frequency = doc_frequency
    searcher.field_length = field_length
    searcher.avg_field_length = avg_field_length


_DASH = re.compile(r"(^|\s)-(?=[^\s-])")


_QUOTED = re.compile(r'("[^"]*")')


def dashes_to_not(query: str) -> str:
    """`-word` (a "-" at the start or after a space) as Whoosh's `NOT word`.

    Not inside a quoted phrase: `"réseau -social"` is the phrase as written.
    """
    parts = _QUOTED.split(query)  # odd items are the quoted spans
    return "".join(part if i % 2 else _DASH.sub(r"\1NOT ", part) for i, part in enumerate(parts))


def exclusions_apart(query):
    """`a b NOT c` as "(a OR b) AND NOT c".

    Whoosh's OR grouping (the default here, so that a page needs not have every word)
    makes `NOT c` one more optional clause, which every page without "c" matches: the
    excluded word must be taken out of the group and applied to the whole.
    """
    from whoosh import query as wq

    if isinstance(query, wq.Not):
        return wq.AndNot(wq.Every(), query.query)
    if isinstance(query, (wq.Or, wq.And)):
        kept = [exclusions_apart(q) for q in query.subqueries if not isinstance(q, wq.Not)]
        left_out = [q.query for q in query.subqueries if isinstance(q, wq.Not)]
        if not left_out:
            return query
        if not kept:
            base = wq.Every()
        elif len(kept) == 1:
            base = kept[0]
        else:
            base = type(query)(kept)
            if hasattr(query, "scale"):
                base.scale = query.scale
        return wq.AndNot(base, left_out[0] if len(left_out) == 1 else wq.Or(left_out))
    return query


def _display_path(root: str | None, source: str) -> str:
    if not root:
        return source
    full = os.path.join(root, source)
    relative = os.path.relpath(full)
    return full if relative.startswith("..") else relative


# --- In a process of its own ---------------------------------------------------------------


def update_in_process(payload: Path) -> list[UpdateStats]:
    """Run the updates a payload file describes (whoosh_payload.py), and remove it.

    Each language's documents are read, indexed and let go before the next language's.
    """
    stats = []
    with open(payload, "rb") as handle:
        payload.unlink()  # open here: gone from its folder, still read to the end
        index_dir, jobs = read_payload(handle)
        for lang, docs, options in jobs:
            stats.append(update_index_fields(index_dir, lang, docs, **options))
            del docs
    return stats


def main(argv: Sequence[str] | None = None) -> int:
    """`whoosh_process.py <package> PAYLOAD [READY_FD]`: (stats, seconds) on stdout.

    The result is pickled. The build starts this as a fresh process rather than a fork: Whoosh's writer holds
    tens of MB while it indexes, on top of what a forked child inherits (the whole build);
    here it starts from the interpreter and the documents' fields alone. With READY_FD (a
    pipe's end it inherited), PAYLOAD is read once that pipe closes: another process
    writes it meanwhile.
    """
    payload, *ready = list(argv if argv is not None else sys.argv[1:])
    if ready:
        with os.fdopen(int(ready[0]), "rb") as pipe:
            pipe.read()  # returns at end of file: the writer closed its end
    started = time.perf_counter()
    stats = update_in_process(Path(payload))
    # Plain dicts: run with -m, this module's classes are __main__'s.
    result = ([asdict(s) for s in stats], time.perf_counter() - started)
    sys.stdout.buffer.write(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
    return 0


if __name__ == "__main__":
    sys.exit(main())
