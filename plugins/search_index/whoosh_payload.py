"""What the build sends the Whoosh process: each language's documents, one at a time.

A stream of pickles in a file: the index folder; then, for each language, `(lang,
options)`, its documents' Whoosh fields one by one, and None; then None. Each is a pickle
of its own (one pickler for all would remember every object it wrote), so the writer can
be handed documents as they are made and never holds them all (about 40 MB at 10,000
articles). A document's text values go as UTF-8 bytes: pickling a str makes CPython keep a
UTF-8 copy inside it for as long as it lives (8 MB of texts at 2,000 articles, 40 MB at
10,000, until the build lets its texts go), encoding it here makes a copy that goes at
once. No Whoosh import here: the build's process writes, the Whoosh process
(whoosh_index.py) reads.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterable, Iterator
from typing import BinaryIO


def write_payload(
    stream: BinaryIO, index_dir: str, jobs: Iterable[tuple[str, Iterable[dict], dict]]
) -> None:
    """Write `jobs` ([(lang, documents' fields, update options)]) to `stream`."""

    def write(value) -> None:
        pickle.dump(value, stream, protocol=pickle.HIGHEST_PROTOCOL)

    write(index_dir)
    for lang, docs, options in jobs:
        write((lang, options))
        for doc in docs:
            write({name: _utf8(value) for name, value in doc.items()})
        write(None)
    write(None)


def read_payload(stream: BinaryIO) -> tuple[str, Iterator[tuple[str, list[dict], dict]]]:
    """(index folder, the jobs): each language's documents are read when its turn comes."""

    def read():
        return pickle.load(stream)

    index_dir = read()

    def jobs() -> Iterator[tuple[str, list[dict], dict]]:
        while (job := read()) is not None:
            lang, options = job
            docs = [{name: _text(value) for name, value in doc.items()} for doc in iter(read, None)]
            yield lang, docs, options

    return index_dir, jobs()


def _utf8(value):
    return value.encode("utf-8", "surrogatepass") if isinstance(value, str) else value


def _text(value):
    return value.decode("utf-8", "surrogatepass") if isinstance(value, bytes) else value
