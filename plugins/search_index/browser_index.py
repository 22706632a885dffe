"""The browser index: pure builders from SearchDocs to the files of `output/search/`.

`build_browser_index(docs, ...)` returns `{file name: payload}` (plain JSON data), and
`render_js(key, payload)` turns one payload into the text of a `.js` file; only the
emitter writes. Every file is a classic script calling one global function,
`__searchData("<key>", <payload>)`, so that the index loads with `<script src>`, which
browsers allow from file:// where fetch() is blocked (see docs/search.md, "file:// and JavaScript").

Layout (keys are file names without ".js", relative to the search folder):

- `meta`: format version, languages, the first document number and document count of
  each language, BM25 boosts, chunk sizes. Tiny: loaded by the first query.
- `<lang>/meta`: one language's average document length, one length norm per document,
  and the keys of its vocabulary files. Loaded by the first query in that language.
- `<lang>/v/<prefix>`: vocabulary of one language for terms starting with <prefix>
  (their first 2 characters): `{term: [document frequency, postings file number]}`.
  Prefix completion and typo tolerance look for candidate terms here.
- `<lang>/p/<n>`: postings of consecutive terms (alphabetical), packed up to about
  SEARCH_POSTINGS_BYTES: `{term: postings}`. A query loads only its terms' files.
- `d/<n>`: records of documents n*chunk .. (n+1)*chunk-1: title, URL, language, date,
  category, tags (numbers into `f/index`), kind when not an article, number of excerpt
  segments, and each heading's [first token position, id] (a result links to the
  section of its best match).
- `x/<n // 100>/<n>`: the excerpt segments of document n, in order (loaded only for the
  results shown). One file per document rather than one per segment: creating files is
  most of what writing the index costs (3,200 files at 2,000 articles instead of 9,900).
- `f/index`: the tags (id, label per language, documents per language, aliases) and categories
  (language, name, numbers of its translations, documents) that filters offer; `f/t<i>`, `f/c<i>`: documents having tag i (or a narrower tag) or
  category i (or its translation). Loaded only to filter.

Documents are numbered by language (in SITE_LANGUAGES order), then by date, newest
first (pages, undated, last, by path): each language is one range of numbers, and
sorting a language's results by date is sorting them by number.

Postings are strings of base-64 VLQ numbers (5 bits per character, the 6th bit says
"more digits follow"), three per document: document number minus the previous one
minus 1, `term frequency * 8 + flags` (1 title, 2 heading, 4 tag or category), and the
position of the term's first occurrence + 1 (0: not in title or body). Norms are one
character per document: round(7 * ln(1 + length)), at most 63.
"""

from __future__ import annotations

import hashlib
import json
import marshal
import math
import re
from array import array
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from .model import SearchDoc

FORMAT_VERSION = 2
ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
VOCAB_PREFIX = 2
EXCERPT_DIR_SIZE = 100
NORM_SCALE = 7
_SAFE_KEY = re.compile(r"[a-z0-9]+")
_JS_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}
_JS_ESCAPE_RE = re.compile("[<>&\u2028\u2029]")


# --- Encoding ------------------------------------------------------------------------------


def _vlq_one(value: int) -> str:
    if value < 0:
        raise ValueError(f"VLQ encodes non-negative integers, not {value}")
    out = []
    while True:
        digit = value & 31
        value >>= 5
        if value:
            out.append(ALPHABET[digit | 32])
        else:
            out.append(ALPHABET[digit])
            return "".join(out)


_VLQ_TABLE = tuple(_vlq_one(value) for value in range(1024))
"""The codes of 0..1023 (one or two characters): nearly every number of the index."""


def vlq(values: Iterable[int]) -> str:
    """Base-64 VLQ of non-negative integers: 5 bits per character, low bits first."""
    table = _VLQ_TABLE
    return "".join([table[v] if 0 <= v < 1024 else _vlq_one(v) for v in values])


def unvlq(text: str) -> list[int]:
    """Inverse of vlq() (the browser has its own; this one is for tests and tools)."""
    values, value, shift = [], 0, 0
    for char in text:
        digit = ALPHABET.index(char)
        value |= (digit & 31) << shift
        if digit & 32:
            shift += 5
        else:
            values.append(value)
            value, shift = 0, 0
    return values


def encode_postings(postings: Iterable[tuple[int, int, int, int]]) -> str:
    """(document, tf, flags, first position or -1) sorted by document -> VLQ string."""
    numbers, previous = [], -1
    for doc, tf, flags, pos in postings:
        numbers += (doc - previous - 1, tf * 8 + flags, pos + 1)
        previous = doc
    return vlq(numbers)


def _quadruples(numbers: array) -> Iterable[tuple[int, int, int, int]]:
    it = iter(numbers)
    return zip(it, it, it, it, strict=True)


def decode_postings(text: str) -> list[tuple[int, int, int, int]]:
    numbers = unvlq(text)
    out, previous = [], -1
    for i in range(0, len(numbers), 3):
        doc = previous + numbers[i] + 1
        out.append((doc, numbers[i + 1] >> 3, numbers[i + 1] & 7, numbers[i + 2] - 1))
        previous = doc
    return out


def encode_doc_set(docs: Iterable[int]) -> str:
    numbers, previous = [], -1
    for doc in sorted(set(docs)):
        numbers.append(doc - previous - 1)
        previous = doc
    return vlq(numbers)


def norm(length: int) -> str:
    return ALPHABET[min(63, round(NORM_SCALE * math.log1p(length)))]


def file_key(prefix: str) -> str:
    """File-system-safe name of a vocabulary prefix: itself if [a-z0-9], else _ + hex."""
    if _SAFE_KEY.fullmatch(prefix):
        return prefix
    return "_" + prefix.encode("utf-8").hex()


def vocab_prefix(term: str) -> str:
    return term[:VOCAB_PREFIX]


def render_js(key: str, payload) -> str:
    r"""Text of one index file: a call of the global `__searchData(key, payload)`.

    Author content is untrusted: `</script>`, `<!--` and U+2028/U+2029 inside JSON could
    end or break a script, so <, >, & and the two separators are written as \uXXXX (the
    JSON value is unchanged). Keys are sorted: the same site gives the same bytes.
    """
    body = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    call = f"__searchData({json.dumps(key)},{body});\n"
    return _JS_ESCAPE_RE.sub(lambda m: _JS_ESCAPES[m.group()], call)


# --- Builders ------------------------------------------------------------------------------


def order_docs(docs: Iterable[SearchDoc], languages: Sequence[str]) -> list[SearchDoc]:
    """By language, then newest first; undated documents (pages) last; ties by path."""
    rank = {lang: i for i, lang in enumerate(languages)}
    docs = sorted(docs, key=lambda d: d.path)
    out = []
    for lang in sorted({d.lang for d in docs}, key=lambda lg: (rank.get(lg, len(rank)), lg)):
        mine = [d for d in docs if d.lang == lang]
        out += sorted((d for d in mine if d.date), key=lambda d: d.date, reverse=True)
        out += [d for d in mine if not d.date]
    return out


def pack_postings_shards(sized_terms: Sequence[tuple[str, int]], budget: int) -> list[int]:
    """Shard number of each term (sorted), packing consecutive terms up to `budget` bytes."""
    shard, used, out = 0, 0, []
    for _term, size in sized_terms:
        if used and used + size > budget:
            shard += 1
            used = 0
        out.append(shard)
        used += size
    return out


@dataclass
class KeptPostings:
    """One language's postings as a build made them, for the next build to patch.

    After one edit, the terms of the documents edited are the only ones whose postings
    change, as long as every document keeps its number: the others' postings are those
    kept, already encoded (0.3 s of a 1,000-pair rebuild's search child made them all).
    """

    paths: tuple[str, ...]
    """The language's documents, in number order."""
    start: int
    """The number of the first."""
    keys: tuple[bytes, ...]
    """Each document's `contribution_key`, in the same order."""
    postings: dict[str, array]
    """Term -> its (document, tf, flags, first position) numbers, flat, by document."""
    encoded: dict[str, str]
    """Term -> `encode_postings` of the same."""
    term_sizes: dict[str, int] = field(default_factory=dict)
    """Term -> length of its JSON string (shards are packed by size)."""


@dataclass
class PostingsMemo:
    """The postings of every language, from one build to the next (`build_browser_index`).

    `kept`: the last build's, by language (taken over and patched: not to be used again);
    after a build, this build's. `patched`: the languages made by patching, `changed`:
    whether anything differs from what was kept (the memo is worth saving again).
    """

    kept: dict[str, KeptPostings] = field(default_factory=dict)
    patched: list[str] = field(default_factory=list)
    changed: bool = True


PATCH_AT_MOST = 0.2
"""Share of a language's documents changed beyond which its postings are made anew."""


def contribution_key(doc: SearchDoc) -> bytes:
    """A digest of what a document adds to the postings: equal keys, equal postings.

    The content index's term tables carry their digest (made once, kept in its cache).
    """
    terms, first = doc.terms, doc.first_pos
    flags = marshal.dumps(sorted(doc.flags.items()), 2)
    digests = (getattr(terms, "digest", None), getattr(first, "digest", None))
    if isinstance(digests[0], bytes) and isinstance(digests[1], bytes):
        data = b"S" + digests[0] + digests[1] + flags
    else:
        data = b"D" + marshal.dumps((sorted(terms.items()), sorted(first.items())), 2) + flags
    return hashlib.blake2b(data, digest_size=16).digest()


def build_browser_index(
    docs: Iterable[SearchDoc],
    languages: Sequence[str],
    tag_labels: Mapping[str, Mapping[str, str]],
    tag_ancestors: Callable[[str], Iterable[str]] = lambda _id: (),
    *,
    postings_bytes: int = 12_000,
    doc_chunk: int = 8,
    excerpt_tokens: int = 200,
    boosts: Mapping[str, float] | None = None,
    tag_aliases: Mapping[str, Sequence[str]] | None = None,
    memo: PostingsMemo | None = None,
) -> dict[str, object]:
    """{key: payload} of every file of the browser index (see the module docstring).

    With `memo`, each language's postings are patched from those it kept where they can
    be (`language_postings`), and the memo then keeps this build's.
    """
    ordered = order_docs(docs, languages)
    number = {d.path: i for i, d in enumerate(ordered)}
    files: dict[str, object] = {}

    # Tags and categories offered as filters, as numbers.
    used = {t for d in ordered for t in d.tag_ids}
    ancestors = {t: set(tag_ancestors(t)) for t in used}
    # Broader tags are offered too: their filter finds the documents of narrower tags.
    tag_ids = sorted(used.union(*ancestors.values()))
    tag_index = {t: i for i, t in enumerate(tag_ids)}
    cats = sorted({(d.lang, d.category) for d in ordered if d.category})
    cat_index = {c: i for i, c in enumerate(cats)}
    twins = _translation_twins(ordered, number)
    cat_twins: dict[int, set[int]] = defaultdict(set)
    for d in ordered:
        for other in twins[number[d.path]]:
            o = ordered[other]
            if d.category and o.category:
                cat_twins[cat_index[(d.lang, d.category)]].add(cat_index[(o.lang, o.category)])

    # Term postings and vocabulary, per language.
    ranges = {}
    kept = memo.kept if memo is not None else {}
    now: dict[str, KeptPostings] = {}
    if memo is not None:
        memo.patched, memo.changed = [], kept.keys() != set(languages)
    for lang in languages:
        lang_docs = [d for d in ordered if d.lang == lang]
        start = number[lang_docs[0].path] if lang_docs else 0
        ranges[lang] = [start, len(lang_docs)]
        before = kept.get(lang)
        before_keys = before.keys if before is not None else None
        made = now[lang] = language_postings(lang_docs, start, before, memo is not None)
        if memo is not None and (made is not before or made.keys != before_keys):
            memo.changed = True
            if made is before:
                memo.patched.append(lang)
        postings, encoded, term_sizes = made.postings, made.encoded, made.term_sizes
        terms = sorted(postings)
        sizes = [(t, term_sizes[t] + len(encoded[t]) + 4) for t in terms]
        shard_of = dict(zip(terms, pack_postings_shards(sizes, postings_bytes), strict=True))
        for term in terms:
            shard = files.setdefault(f"{lang}/p/{shard_of[term]}", {})
            shard[term] = encoded[term]
            vocab = files.setdefault(f"{lang}/v/{file_key(vocab_prefix(term))}", {})
            vocab[term] = [len(postings[term]) // 4, shard_of[term]]
        files[f"{lang}/meta"] = {
            "avg": round(sum(d.length for d in lang_docs) / len(lang_docs), 2) if lang_docs else 0,
            "norms": "".join(norm(d.length) for d in lang_docs),
            "vocab": " ".join(sorted({vocab_prefix(t) for t in terms})),
        }

    # Document records, excerpt segments, facets.
    for start in range(0, len(ordered), doc_chunk):
        files[f"d/{start // doc_chunk}"] = [
            _doc_record(d, tag_index) for d in ordered[start : start + doc_chunk]
        ]
    for n, d in enumerate(ordered):
        if d.segments:
            files[excerpt_key(n)] = list(d.segments)
    by_tag: dict[str, set[int]] = defaultdict(set)
    by_cat: dict[int, set[int]] = defaultdict(set)
    for n, d in enumerate(ordered):
        for tag in d.tag_ids:
            # A tag filter also finds the documents of its narrower tags.
            for wanted in (tag, *ancestors[tag]):
                by_tag[wanted].add(n)
        if d.category:
            by_cat[cat_index[(d.lang, d.category)]].add(n)
    for tag, i in tag_index.items():
        files[f"f/t{i}"] = encode_doc_set(by_tag[tag])
    for i in cat_index.values():
        # A category filter also finds, in other languages, its translations' documents.
        files[f"f/c{i}"] = encode_doc_set(set().union(*(by_cat[c] for c in {i} | cat_twins[i])))
    lang_of = [d.lang for d in ordered]

    def per_lang(docs: set[int]) -> dict[str, int]:
        return {lang: sum(1 for n in docs if lang_of[n] == lang) for lang in languages}

    files["f/index"] = {
        # [id, {language: label}, {language: documents}, aliases] (the counts the filter
        # shows; the labels and aliases say which tag a result matched through).
        "tags": [
            [
                t,
                {lang: tag_labels.get(t, {}).get(lang, t) for lang in languages},
                per_lang(by_tag[t]),
                list((tag_aliases or {}).get(t, ())),
            ]
            for t in tag_ids
        ],
        # [language, name, numbers of its translations in `cats`, documents] (the
        # language switch of the results page gives the category in the other language).
        "cats": [
            [lang, name, sorted(cat_twins[i]), len(by_cat[i])]
            for i, (lang, name) in enumerate(cats)
        ],
    }
    if memo is not None:
        memo.kept = now
    files["meta"] = {
        "v": FORMAT_VERSION,
        "langs": list(languages),
        "docs": ranges,
        "chunk": doc_chunk,
        "seg": excerpt_tokens,
        "xdir": EXCERPT_DIR_SIZE,
        "boost": dict(boosts or {"title": 3.0, "tag": 2.0, "heading": 1.5}),
    }
    return files


def language_postings(
    lang_docs: Sequence[SearchDoc],
    start: int,
    kept: KeptPostings | None = None,
    keyed: bool = True,
) -> KeptPostings:
    """One language's postings (documents numbered from `start`, in order).

    From `kept` (the last build's, changed in place and returned) when the same
    documents have the same numbers and at most PATCH_AT_MOST of them add something
    else: their postings are taken out, their new ones put in, and only the terms they
    touch are encoded again. Else made from nothing; `keyed=False` (nothing to keep for
    another build) leaves out the documents' keys.
    """
    paths = tuple(d.path for d in lang_docs)
    keys = tuple(contribution_key(d) for d in lang_docs) if keyed or kept else ()
    if kept is not None and kept.paths == paths and kept.start == start:
        changed = [
            i for i, (new, old) in enumerate(zip(keys, kept.keys, strict=True)) if new != old
        ]
        if not changed:
            return kept
        if len(changed) <= PATCH_AT_MOST * len(paths):
            _patch_postings(kept, [(start + i, lang_docs[i]) for i in changed])
            kept.keys = keys
            return kept
    # Each term's postings as one flat array of (document, tf, flags, first position)
    # numbers, not a tuple per posting: with documents that no longer copy their term
    # tables, 46 MB off the search child's peak at 2,000 articles (225 -> 179 MB).
    postings: dict[str, array] = {}
    for i, d in enumerate(lang_docs):
        _add_postings(postings, start + i, d)
    encoded = {t: encode_postings(_quadruples(numbers)) for t, numbers in postings.items()}
    sizes = {t: _term_size(t) for t in postings}
    return KeptPostings(paths, start, keys, postings, encoded, sizes)


def _term_size(term: str) -> int:
    return len(json.dumps(term, ensure_ascii=False))


def _patch_postings(kept: KeptPostings, changed: list[tuple[int, SearchDoc]]) -> None:
    """Replace the postings of the documents `changed` ([(number, document)], in order)."""
    postings, numbers = kept.postings, [n for n, _ in changed]
    touched: set[str] = set()
    for term, values in list(postings.items()):  # the documents' old postings out
        docs = values[0::4]
        found = [i for n in numbers if (i := bisect_left(docs, n)) < len(docs) and docs[i] == n]
        if not found:
            continue
        touched.add(term)
        for i in reversed(found):
            del values[4 * i : 4 * i + 4]
        if not values:
            del postings[term]
    added: dict[str, list[int]] = defaultdict(list)  # their new ones in, by term
    for n, doc in changed:
        single: dict[str, array] = {}
        _add_postings(single, n, doc)
        for term, values in single.items():
            added[term].extend(values)
    for term, values in added.items():
        touched.add(term)
        found = postings.get(term)
        if found is None:
            postings[term] = array("i", values)
            continue
        docs = found[0::4]
        for k in range(0, len(values), 4):  # in number order: each goes after the last
            i = bisect_left(docs, values[k])
            found[4 * i : 4 * i] = array("i", values[k : k + 4])
            docs.insert(i, values[k])
    for term in touched:
        if term in postings:
            kept.encoded[term] = encode_postings(_quadruples(postings[term]))
            if term not in kept.term_sizes:
                kept.term_sizes[term] = _term_size(term)
        else:
            kept.encoded.pop(term, None)
            kept.term_sizes.pop(term, None)


def _add_postings(postings: dict[str, array], n: int, doc: SearchDoc) -> None:
    """Append document `n`'s (number, tf, flags, first position) to each of its terms."""
    flags = doc.flags
    stems = getattr(doc.terms, "stems", None)
    if stems is None or getattr(doc.first_pos, "stems", None) is not stems:
        counts, first = dict(doc.terms.items()), dict(doc.first_pos.items())
        for term in counts.keys() | flags.keys():
            found = postings.get(term)
            if found is None:
                found = postings[term] = array("i")
            found.extend((n, counts.get(term, 0), flags.get(term, 0), first.get(term, -1)))
        return
    # The content index's tables: counts and first positions share one tuple of stems,
    # read side by side (no dictionary made per document).
    get = flags.get
    for term, count, first in zip(stems, doc.terms.numbers, doc.first_pos.numbers, strict=True):
        found = postings.get(term)
        if found is None:
            found = postings[term] = array("i")
        found.extend((n, count, get(term, 0), first))
    for term, flag in flags.items():  # terms of the title, headings or tags alone
        found = postings.get(term)
        if found is None:
            found = postings[term] = array("i")
        elif found[-4] == n:
            continue  # a term of the text too: added above
        found.extend((n, 0, flag, -1))


def excerpt_key(doc: int) -> str:
    return f"x/{doc // EXCERPT_DIR_SIZE}/{doc}"


def _translation_twins(
    ordered: Sequence[SearchDoc], number: Mapping[str, int]
) -> dict[int, list[int]]:
    """Document numbers of each document's translations (same kind and translation key)."""
    by_key: dict[tuple[str, str], list[int]] = defaultdict(list)
    for d in ordered:
        by_key[(d.kind, d.translation_key)].append(number[d.path])
    twins: dict[int, list[int]] = {}
    for group in by_key.values():
        for n in group:
            twins[n] = sorted(m for m in group if m != n and ordered[m].lang != ordered[n].lang)
    return twins


def _doc_record(d: SearchDoc, tag_index) -> dict:
    record = {"t": d.title, "u": d.url, "l": d.lang, "s": len(d.segments)}
    if d.date:
        record["d"] = d.date[:10]
    if d.category:
        record["c"] = d.category
    if d.tag_ids:
        record["g"] = [tag_index[t] for t in d.tag_ids]
    if d.kind != "article":
        record["k"] = d.kind
    if d.anchors:
        record["a"] = [[position, anchor] for position, anchor in d.anchors]
    return record
