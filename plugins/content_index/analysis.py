"""Text analysis: one analyzer per language, identical in Python and in the browser.

Everything that compares words (the Whoosh index, related posts, tag suggestions) uses
`analyze()`; the in-browser search uses `theme/static/js/analysis.mjs`, a port of this
module that must give exactly the same tokens for the same text and language
(tests/unit/test_analysis_parity.py runs both over word lists, all of content/ and every
BMP character). Change one, change the other, and run the parity tests.

Pipeline of `analyze(text, lang)`, lang being "fr" or "en":

1. Unicode NFC.
2. Repertoire: characters outside the Basic Multilingual Plane (emoji, rare CJK,
   mathematical letters...) become spaces. So do, in the JS port and before NFC, BMP
   characters unassigned in this Python's Unicode database (14.0 for Python 3.11): JS
   engines know newer Unicode versions, and only the common repertoire can give the
   same result on both sides. Then lowercase (`str.lower` / `toLowerCase`).
3. Apostrophes: ’ (U+2019), ʼ (U+02BC) and ‘ (U+2018) count as ' ; "_" is a separator.
4. Words: runs of letters, digits and combining marks (Unicode categories L, N, M)
   holding at least one letter or digit, possibly joined by single apostrophes:
   "l'intranet", "aujourd'hui", "company's".
   Everything else separates words: hyphens ("social-business" -> social, business),
   dots ("2.0" -> 2, 0; "e-mail" -> e, mail), slashes, spaces, underscores...
5. Fold each word: NFD, drop combining marks (category M), then the `fold` table of
   analysis_data.json (œ->oe, æ->ae, ß->ss, ø->o, ł->l, đ/ð->d, þ->th, ı->i, ς->σ),
   then NFC. "Intégrée" and "integree" are the same word from here on.
6. Apostrophes inside a word (after folding):
   - leading elided parts listed in `elisions` (l d j m n s t c qu jusqu lorsqu puisqu
     quoiqu) are dropped while something follows: "l'intranet" -> intranet,
     "qu'il" -> il, "jusqu'à" -> a;
   - a trailing "s" part is dropped: "company's" -> company, "it's" -> it;
   - the rule is the same for both languages (French pages quote English and back).
7. Stop words: the word, still with its inner apostrophes, is dropped if it is in the
   folded stop list of the language ("don't", "we'll" are English stop words; "well",
   "shell" are not). Lists: analysis_data.json (Snowball lists plus additions).
8. Remaining apostrophes are removed ("aujourd'hui" -> aujourdhui, "don't" in a French
   page -> dont). Then a word is dropped if it is one character long and not an ASCII
   digit ("e" of "e-mail", "x"), or longer than MAX_TOKEN_LENGTH characters.
9. French only: a folded word ending in "ee", "ees", "iere" or "ieres" gets the accent
   of that ending back ("integree" -> "integrée"; table `accent_restore`), because
   Snowball's French rules need it to find the feminine participle and -ière suffixes
   (without it "intégrée" -> "integre" but "intégré" -> "integr"). This one ending is
   the only accent the stemmer sees; "intégrée" and "integree" stay the same word.
10. Snowball stemming (Snowball 3.1, French or English: PyStemmer, or snowballstemmer
    3.1.1 without it); the stem is folded again (Snowball may leave the "é" of a
    restored ending: "année" -> "anne"); empty results are dropped. "intégrée",
    "integree", "intégré", "intégrés" all give "integr".

Numbers are ordinary tokens ("2012", "4", "000" for "4 000"); they pass through the
stemmers unchanged. Results are cached per (language, raw word), which makes analysis
of large texts cheap: only the first occurrence of a word is folded and stemmed.

`fold(text)` is NFC, lowercase and step 5 on a whole text, without tokenising or
stemming: lowercase, accent and ligature folding, for normalising names and tags. It
keeps characters outside the BMP (only BMP combining marks are dropped), and
fold(fold(x)) == fold(x).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

try:  # PyStemmer: the same Snowball stemmers compiled to C, 30 times faster.
    from Stemmer import Stemmer as _CompiledStemmer
except ImportError:  # pragma: no cover - requirements.txt installs it
    _CompiledStemmer = None

__all__ = [
    "LANGUAGES",
    "MAX_TOKEN_LENGTH",
    "analyze",
    "analyze_counts",
    "fold",
    "iter_tokens",
    "stopwords",
]

LANGUAGES = ("fr", "en")
MAX_TOKEN_LENGTH = 64
DATA_PATH = Path(__file__).with_name("analysis_data.json")
_DATA = json.loads(DATA_PATH.read_text(encoding="utf-8"))


def _bmp_ranges(predicate) -> list[tuple[int, int]]:
    """Ranges of BMP code points (surrogates excluded) for which predicate(char) holds."""
    ranges: list[tuple[int, int]] = []
    start = None
    for cp in range(0x10000 + 1):
        inside = cp < 0x10000 and not 0xD800 <= cp <= 0xDFFF and predicate(chr(cp))
        if inside and start is None:
            start = cp
        elif not inside and start is not None:
            ranges.append((start, cp - 1))
            start = None
    return ranges


def _char_class(ranges: list[tuple[int, int]]) -> str:
    r"""Regex character-class body (no brackets) for code point ranges, \uXXXX escapes."""
    parts = []
    for a, b in ranges:
        parts.append(f"\\u{a:04x}" if a == b else f"\\u{a:04x}-\\u{b:04x}")
    return "".join(parts)


def bmp_mark_ranges() -> list[tuple[int, int]]:
    """BMP combining marks (category M) in this Python's Unicode database."""
    return _bmp_ranges(lambda c: unicodedata.category(c)[0] == "M")


def bmp_unassigned_ranges() -> list[tuple[int, int]]:
    """BMP code points unassigned (Cn) in this Python's Unicode database; used by JS."""
    return _bmp_ranges(lambda c: unicodedata.category(c) == "Cn")


MARKS_PATH = Path(__file__).with_name("analysis_marks.json")


def _mark_ranges() -> list[tuple[int, int]]:
    """`bmp_mark_ranges()`, read from MARKS_PATH when written for this Unicode version.

    Asking `unicodedata` about every BMP code point takes about 20 ms, at the start of
    every build process; tools/gen_marks.py writes the answer (the tests check it).
    """
    try:
        stored = json.loads(MARKS_PATH.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        stored = {}
    if stored.get("unicode") == unicodedata.unidata_version:
        return [(a, b) for a, b in stored["ranges"]]
    return bmp_mark_ranges()


_MARKS = _char_class(_mark_ranges())
# [^\W_] (str.isalnum()) is exactly Unicode's L* and N* categories, as \p{L}\p{N} in JS
# (checked over the BMP by the parity tests). "_" is turned into a space beforehand, so
# [\w<marks>] is L, N and M. Each apostrophe-separated part of a word holds at least
# one letter or digit: tokenising then folding (which drops the marks) is the same as
# folding then tokenising.
_PART = rf"[{_MARKS}]*[^\W_][\w{_MARKS}]*"
_WORD_RE = re.compile(rf"{_PART}(?:'{_PART})*")
_BMP_MARK_RE = re.compile(f"[{_MARKS}]+")
_ASTRAL_RE = re.compile("[\U00010000-\U0010ffff]")
_FOLD_TABLE = str.maketrans(_DATA["fold"])
_APOSTROPHES = ("\u2019", "\u02bc", "\u2018")
_ELISIONS = frozenset(_DATA["elisions"])
_RESTORE = {
    lang: tuple(map(tuple, rules))
    for lang, rules in _DATA["accent_restore"].items()
    if lang in LANGUAGES
}
_DIGITS = frozenset("0123456789")


def fold(text: str) -> str:
    """Lowercase and fold accents and ligatures: "Œuvre intégrée" -> "oeuvre integree"."""
    text = unicodedata.normalize("NFC", text).lower()
    if text.isascii():
        return text
    text = _BMP_MARK_RE.sub("", unicodedata.normalize("NFD", text))
    return unicodedata.normalize("NFC", text.translate(_FOLD_TABLE))


def _normalize_apostrophes(text: str) -> str:
    for a in _APOSTROPHES:
        if a in text:
            text = text.replace(a, "'")
    return text


def _strip_apostrophes(word: str) -> str:
    """Step 6: drop elided prefixes and a possessive 's; keeps inner apostrophes."""
    parts = word.split("'")
    i = 0
    while len(parts) - i > 1 and parts[i] in _ELISIONS:
        i += 1
    if len(parts) - i > 1 and parts[-1] == "s":
        parts.pop()
    return "'".join(parts[i:])


def _make_stopset(lang: str) -> frozenset[str]:
    return frozenset(_normalize_apostrophes(fold(w)) for w in _DATA["stopwords"][lang])


_STOPSETS = {lang: _make_stopset(lang) for lang in LANGUAGES}


def stopwords(lang: str) -> frozenset[str]:
    """Return the folded stop words of a language (inner apostrophes kept: "don't")."""
    return _STOPSETS[lang]


def make_stemmer(lang: str):
    """The Snowball stemmer of `lang` (its `stemWord(word)` gives the stem).

    PyStemmer's when installed, else snowballstemmer's pure Python one: the same
    algorithms, the same stems (tests/unit/test_analysis.py compares them over the
    parity tests' word lists), but every process of a build stems its whole vocabulary
    once, and the pure Python one takes about 75 microseconds a French word.
    """
    if _CompiledStemmer is not None:
        return _CompiledStemmer("french" if lang == "fr" else "english")
    # Imported only here: 11 ms at every start, for a stemmer most builds never use.
    from snowballstemmer.english_stemmer import EnglishStemmer
    from snowballstemmer.french_stemmer import FrenchStemmer

    return FrenchStemmer() if lang == "fr" else EnglishStemmer()


def stemmer_version(lang: str = "fr") -> str:
    """The stemmer `make_stemmer` gives, and its version: "PyStemmer 3.1.0"."""
    from importlib.metadata import PackageNotFoundError, version

    package = "PyStemmer" if _CompiledStemmer is not None else "snowballstemmer"
    try:
        return f"{package} {version(package)}"
    except PackageNotFoundError:  # pragma: no cover - run from a source tree
        return f"{package} {type(make_stemmer(lang)).__module__}"


class _StemCache(dict):
    """raw word (lowercased, NFC, apostrophes normalised) -> stem, or "" if dropped."""

    MAX_SIZE = 1_000_000

    def __init__(self, lang: str):
        super().__init__()
        self.lang = lang
        self.stopset = _STOPSETS[lang]
        self.stemmer = make_stemmer(lang)
        self.restore = _RESTORE.get(lang, ())

    def __missing__(self, raw: str) -> str:
        word = fold(raw) if not raw.isascii() else raw
        if "'" in word:
            word = _strip_apostrophes(word)
        if word in self.stopset:
            stem = ""
        else:
            word = word.replace("'", "")
            n = len(word)
            if n == 0 or n > MAX_TOKEN_LENGTH or (n == 1 and word not in _DIGITS):
                stem = ""
            else:
                for ending, accented in self.restore:
                    if word.endswith(ending):
                        if n > len(ending):
                            word = word[: -len(ending)] + accented
                        break
                stem = self.stemmer.stemWord(word)
                if not stem.isascii():
                    stem = fold(stem)
        if len(self) >= self.MAX_SIZE:
            self.clear()
        self[raw] = stem
        return stem


_CACHES = {lang: _StemCache(lang) for lang in LANGUAGES}


def _prepare(text: str) -> str:
    """Apply steps 1-3 to a whole text; keeps its length when NFC and lower() do."""
    text = unicodedata.normalize("NFC", text)
    if not text.isascii():
        text = _ASTRAL_RE.sub(" ", text)
        text = _normalize_apostrophes(text)
    text = text.lower()
    if "_" in text:
        text = text.replace("_", " ")
    return text


def _cache(lang: str) -> _StemCache:
    try:
        return _CACHES[lang]
    except KeyError:
        raise ValueError(f"unsupported language {lang!r}; expected one of {LANGUAGES}") from None


def analyze(text: str, lang: str) -> list[str]:
    """Stems of the words of `text`, in order, stop words removed (see module doc)."""
    cache = _cache(lang)
    stems = [cache[w] for w in _WORD_RE.findall(_prepare(text))]
    return [s for s in stems if s]


def analyze_counts(text: str, lang: str) -> Counter[str]:
    """Term frequencies of analyze(text, lang)."""
    return Counter(analyze(text, lang))


def iter_tokens(text: str, lang: str) -> Iterator[tuple[str, int, int]]:
    """(stem, startchar, endchar) for each token of analyze(text, lang), in order.

    Offsets index the NFC-normalised, lowercased text, which is the original text
    whenever normalisation does not change its length (nearly always: NFC text stays
    the same, and only a few characters such as "İ" change length when lowercased).
    """
    cache = _cache(lang)
    for m in _WORD_RE.finditer(_prepare(text)):
        stem = cache[m.group()]
        if stem:
            yield stem, m.start(), m.end()


def stems_and_marks(
    text: str, lang: str, step: int, cuts: Iterable[int] = ()
) -> tuple[list[str], list[int], list[int]]:
    """The stems of iter_tokens(text, lang), every `step`-th token's start, tokens before cuts.

    What iter_tokens gives, in one loop with no generator and no offsets but those asked
    for: the reading workers analyse every article with it. For each offset of `cuts`
    (offsets in the analysed text, in ascending order, each next to a line break, which
    no word spans), the number of tokens before it: the loop pauses there to count, so
    that counting costs nothing per token.
    """
    cache = _cache(lang)
    stems: list[str] = []
    marks: list[int] = []
    before: list[int] = []
    keep = stems.append
    prepared = _prepare(text)
    start = 0
    for end in (*cuts, len(prepared)):
        for m in _WORD_RE.finditer(prepared, start, end):
            stem = cache[m.group()]
            if stem:
                if len(stems) % step == 0:
                    marks.append(m.start())
                keep(stem)
        before.append(len(stems))
        start = end
    before.pop()
    return stems, marks, before


# --- Whoosh ---------------------------------------------------------------------------
# The Whoosh adapters live in whoosh_analysis.py, imported on first use: only the Whoosh
# index's own process needs Whoosh (the build's main process then never imports it).

_WHOOSH_NAMES = {
    "ContentPositions",
    "ContentTokenizer",
    "make_whoosh_analyzer",
    "whoosh_text_field",
}


def __getattr__(name: str):
    if name in _WHOOSH_NAMES:
        from . import whoosh_analysis

        return getattr(whoosh_analysis, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
