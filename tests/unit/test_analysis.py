"""The text analyzer (plugins/content_index/analysis.py).

The expected tokens live in tests/data/analysis_cases.json, which
tests/node/analysis.test.mjs also checks against the browser analyzer.
"""

from __future__ import annotations

import json
import pickle
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plugins.content_index import analysis

ROOT = Path(__file__).resolve().parents[2]

CASES = json.loads(
    (Path(__file__).resolve().parents[1] / "data" / "analysis_cases.json").read_text("utf-8")
)


@pytest.mark.parametrize(
    "case", CASES["analyze"], ids=[f"{c['lang']}:{c['text']!r}" for c in CASES["analyze"]]
)
def test_analyze_table(case):
    assert analysis.analyze(case["text"], case["lang"]) == case["expected"], case["note"]


@pytest.mark.parametrize("case", CASES["fold"], ids=[c["text"] for c in CASES["fold"]])
def test_fold_table(case):
    assert analysis.fold(case["text"]) == case["expected"]


def stems(text, lang="fr"):
    return analysis.analyze(text, lang)


def test_french_rules():
    assert stems("réseaux") == stems("réseau") == stems("Réseau")
    assert stems("intégrée") == stems("integree") == stems("INTÉGRÉE")
    assert stems("intégrée") == stems("intégré") == stems("intégrés") == stems("intégrées")
    assert stems("première") == stems("premier") and stems("années") == stems("année")
    assert stems("l'intranet") == stems("l’intranet") == stems("intranet") == ["intranet"]
    for elided in ("d'", "qu'", "j'", "n'", "s'", "c'", "m'", "t'", "jusqu'", "lorsqu'", "puisqu'"):
        assert stems(f"{elided}entreprise") == stems("entreprise"), elided
    assert stems("les") == stems("des") == stems("où") == stems("très") == []
    assert stems("social-business") == stems("social business")
    assert stems("cœur") == stems("coeur")


def test_english_rules():
    assert stems("company's", "en") == stems("company", "en")
    assert stems("companies", "en") == stems("company", "en")
    assert stems("the of and", "en") == []
    assert stems("don't won't we'll", "en") == []
    assert stems("well shell", "en") == ["well", "shell"]


def test_stop_words_are_folded_and_complete():
    fr = analysis.stopwords("fr")
    required = """les des du de la le un une et ou à au aux en dans pour par sur avec sans ce
        ces cet cette qui que quoi dont où il elle ils elles on nous vous je tu se sa son ses
        leur leurs est sont été être avoir a ont pas ne plus mais donc or ni car comme si tout
        tous toute toutes très aussi etc"""
    for word in map(analysis.fold, required.split()):
        assert word in fr, word
    en = analysis.stopwords("en")
    for word in ("the", "and", "of", "ourselves", "don't", "couldn't", "very"):
        assert word in en, word
    assert not any(analysis.fold(w) != w for w in fr | en)


def test_numbers_and_short_tokens():
    assert stems("Web 2.0") == ["web", "2", "0"]
    assert stems("e-mail x") == ["mail"]
    assert stems("2012 1") == ["2012", "1"]
    assert stems("a" * 65) == [] and stems("a" * 64) != []


def test_whitespace_punctuation_and_unsupported_characters():
    assert stems("") == stems(" \n\t ") == stems("…—«»!?") == []
    assert stems("intranet😀collaboratif") == stems("intranet collaboratif")
    assert stems("snake_case", "en") == ["snake", "case"]


def test_analyze_counts():
    counts = analysis.analyze_counts("Les réseaux, le réseau et l'intranet", "fr")
    assert counts == Counter({"reseau": 2, "intranet": 1})


def test_unknown_language():
    with pytest.raises(ValueError):
        analysis.analyze("texte", "de")


def test_iter_tokens_offsets():
    text = "Les Réseaux d'entreprise"
    tokens = list(analysis.iter_tokens(text, "fr"))
    assert [t[0] for t in tokens] == analysis.analyze(text, "fr")
    assert [text[s:e] for _, s, e in tokens] == ["Réseaux", "d'entreprise"]


def test_speed_is_reasonable():
    # Cached per word: a large text with a normal vocabulary is fast (about 2M words/s
    # on the reference machine); keep a very loose bound to catch regressions only.
    import time

    text = "Les réseaux sociaux d'entreprise et l'intranet collaboratif. " * 20_000
    start = time.perf_counter()
    analysis.analyze(text, "fr")
    assert time.perf_counter() - start < 5


# --- properties ----------------------------------------------------------------------

texts = st.text(max_size=60) | st.text(
    alphabet=st.sampled_from(list("aeiouyrstlnEÉèêàçœÆ'’ʼ- .2") + ["\u0301", "ß", "İ", "Σ"]),
    max_size=40,
)


@settings(max_examples=400, deadline=None)
@given(texts, st.sampled_from(analysis.LANGUAGES))
def test_analyze_of_fold_is_analyze(text, lang):
    assert analysis.analyze(analysis.fold(text), lang) == analysis.analyze(text, lang)


@settings(max_examples=400, deadline=None)
@given(texts)
def test_fold_is_idempotent(text):
    once = analysis.fold(text)
    assert analysis.fold(once) == once


@settings(max_examples=200, deadline=None)
@given(texts, st.sampled_from(analysis.LANGUAGES))
def test_tokens_are_clean(text, lang):
    for token in analysis.analyze(text, lang):
        assert token and token == token.strip() and "'" not in token
        assert token == analysis.fold(token)


# --- Whoosh --------------------------------------------------------------------------


def whoosh_tokens(analyzer, text, **kwargs):
    return [(t.text, t.pos) for t in analyzer(text, positions=True, **kwargs)]


@pytest.mark.parametrize("lang", analysis.LANGUAGES)
def test_whoosh_analyzer_matches_analyze(lang):
    analyzer = analysis.make_whoosh_analyzer(lang)
    for case in CASES["analyze"]:
        got = whoosh_tokens(analyzer, case["text"])
        expected = analysis.analyze(case["text"], lang)
        assert [t for t, _ in got] == expected
        assert [p for _, p in got] == list(range(len(expected)))


@settings(max_examples=200, deadline=None)
@given(texts, st.sampled_from(analysis.LANGUAGES))
def test_whoosh_analyzer_property(text, lang):
    analyzer = analysis.make_whoosh_analyzer(lang)
    assert [t for t, _ in whoosh_tokens(analyzer, text)] == analysis.analyze(text, lang)


@settings(max_examples=200, deadline=None)
@given(texts, st.sampled_from(analysis.LANGUAGES), st.sampled_from([1.0, 2.5, 3]))
def test_content_positions_equal_whoosh_positions(text, lang, boost):
    from whoosh.formats import Positions

    analyzer = analysis.make_whoosh_analyzer(lang)
    fast = analysis.ContentPositions(field_boost=boost)
    assert list(fast.word_values(text, analyzer)) == list(
        Positions(field_boost=boost).word_values(text, analyzer)
    )


@given(st.lists(st.integers(0, 1 << 40), max_size=50).map(sorted))
def test_content_positions_encode_as_whoosh_does(positions):
    from whoosh.formats import Positions

    fast = analysis.ContentPositions()
    assert fast.encode(positions) == Positions().encode(positions)
    assert fast.decode_positions(fast.encode(positions)) == positions


def test_content_positions_defer_to_whoosh_for_other_analyzers():
    from whoosh.analysis import StandardAnalyzer

    words = analysis.ContentPositions().word_values("Les Réseaux", StandardAnalyzer())
    assert sorted(w for w, *_ in words) == ["les", "réseaux"]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(texts, max_size=4).map("\n".join),
    st.sampled_from(analysis.LANGUAGES),
    st.integers(1, 5),
)
def test_stems_and_marks_are_iter_tokens_stems_and_every_steps_start(text, lang, step):
    tokens = list(analysis.iter_tokens(text, lang))
    # Cuts: just after each line break (offsets of the analysed text, as iter_tokens').
    prepared = analysis._prepare(text)
    cuts = [i + 1 for i, c in enumerate(prepared) if c == "\n"]
    assert analysis.stems_and_marks(text, lang, step, cuts) == (
        [stem for stem, _start, _end in tokens],
        [start for _stem, start, _end in tokens[::step]],
        [sum(1 for _stem, start, _end in tokens if start < cut) for cut in cuts],
    )
    assert analysis.stems_and_marks(text, lang, step)[:2] == (
        [stem for stem, _start, _end in tokens],
        [start for _stem, start, _end in tokens[::step]],
    )


def test_whoosh_chars_and_no_tokenize():
    analyzer = analysis.make_whoosh_analyzer("fr")
    text = "Le réseau d'entreprise"
    toks = [(t.text, t.startchar, t.endchar) for t in analyzer(text, chars=True)]
    assert [text[s:e] for _, s, e in toks] == ["réseau", "d'entreprise"]
    assert [t.text for t in analyzer("Intégr*", tokenize=False)] == ["integr*"]


def test_whoosh_index_and_phrase_search(tmp_path):
    from whoosh import fields, index
    from whoosh.qparser import QueryParser

    schema = fields.Schema(
        id=fields.ID(stored=True),
        body=analysis.whoosh_text_field("fr"),
    )
    ix = index.create_in(str(tmp_path), schema)
    with ix.writer() as w:
        w.add_document(id="1", body="Les réseaux sociaux d'entreprise intégrés à l'intranet")
        w.add_document(id="2", body="Un intranet social sans réseau")
    ix = index.open_dir(str(tmp_path))  # the schema (and analyzer) round-trips by pickle
    with ix.searcher() as s:
        qp = QueryParser("body", ix.schema)

        def ids(q):
            return sorted(hit["id"] for hit in s.search(qp.parse(q)))

        assert ids("reseau") == ["1", "2"]
        assert ids("Intégrée") == ["1"]  # "intégrés" in the text
        assert ids("integree") == ["1"]
        assert ids('"réseaux sociaux"') == ids('"réseau social"') == ["1"]
        assert ids('"intranets sociaux"') == ["2"]
        assert ids('"social intranet"') == []
        assert ids('"entreprise intégrée"') == ["1"]


def test_tokenizer_pickles():
    tok = analysis.make_whoosh_analyzer("en")
    clone = pickle.loads(pickle.dumps(tok))
    assert clone == tok and clone.lang == "en"


@pytest.mark.parametrize("lang", analysis.LANGUAGES)
def test_the_compiled_stemmer_gives_snowballstemmers_stems(lang):
    # The build stems with PyStemmer; the browser's stemmer (snowball.mjs) is a
    # translation of snowballstemmer's, and tests/unit/test_analysis_parity.py compares
    # the two. Here: both word lists (each language's words through both stemmers).
    from snowballstemmer.english_stemmer import EnglishStemmer
    from snowballstemmer.french_stemmer import FrenchStemmer
    from Stemmer import Stemmer

    data = Path(__file__).resolve().parents[1] / "data"
    words = [
        w
        for name in ("words_fr.txt", "words_en.txt")
        for w in (data / name).read_text("utf-8").split()
    ]
    words = [analysis.fold(w) for w in words] + words  # folded, as the analyzer stems them
    stemmer = analysis.make_stemmer(lang)
    assert isinstance(stemmer, Stemmer)  # requirements.txt installs it: 30x faster
    reference = FrenchStemmer() if lang == "fr" else EnglishStemmer()
    differ = [
        (w, s, r) for w in words if (s := stemmer.stemWord(w)) != (r := reference.stemWord(w))
    ]
    assert len(words) > 20_000 and not differ, differ[:10]


def test_without_pystemmer_the_pure_python_stemmers_stem_and_say_so(monkeypatch):
    from snowballstemmer.french_stemmer import FrenchStemmer

    from plugins.search_index import whoosh_index

    assert analysis.stemmer_version().startswith("PyStemmer ")
    compiled = whoosh_index.analyzer_fingerprint()
    monkeypatch.setattr(analysis, "_CompiledStemmer", None)
    assert isinstance(analysis.make_stemmer("fr"), FrenchStemmer)
    assert analysis.make_stemmer("fr").stemWord("intégrés") == "integr"
    assert analysis.stemmer_version().startswith("snowballstemmer ")
    # The authors' Whoosh index is rebuilt when the stemmer changes.
    assert whoosh_index.analyzer_fingerprint() != compiled


def test_the_stored_marks_are_this_pythons_and_are_the_ones_used():
    """analysis_marks.json spares every process 65,536 `unicodedata` lookups at start."""
    import subprocess
    import sys

    check = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "gen_marks.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert check.returncode == 0, check.stdout
    assert analysis._mark_ranges() == analysis.bmp_mark_ranges()


def test_marks_for_another_unicode_version_are_asked_of_unicodedata(tmp_path, monkeypatch):
    stale = tmp_path / "marks.json"
    stale.write_text('{"unicode": "1.0.0", "ranges": [[65, 90]]}', encoding="utf-8")
    monkeypatch.setattr(analysis, "MARKS_PATH", stale)
    assert analysis._mark_ranges() == analysis.bmp_mark_ranges()
    monkeypatch.setattr(analysis, "MARKS_PATH", tmp_path / "none.json")
    assert analysis._mark_ranges() == analysis.bmp_mark_ranges()
