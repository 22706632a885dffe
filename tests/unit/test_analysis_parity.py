"""Python and browser analyzers give identical tokens (and the JS data is up to date).

The search index is built by plugins/content_index/analysis.py and queried through
theme/static/js/analysis.mjs: any difference between the two loses search results.
Node runs tests/node/parity_cli.mjs over everything below in one process.

Word lists: tests/data/words_fr.txt and words_en.txt are every 69th line of Debian's
wfrench (/usr/share/dict/french) and every 20th line of wamerican
(/usr/share/dict/american-english): plurals, conjugations, accents, possessives.
"""

from __future__ import annotations

import importlib.util
import json
import random
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from snowballstemmer.english_stemmer import EnglishStemmer
from snowballstemmer.french_stemmer import FrenchStemmer

from plugins.content_index import analysis

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
NODE = shutil.which("node")

pytestmark = pytest.mark.skipif(NODE is None, reason="node is not on PATH: JS parity untested")

STEMMERS = {"fr": FrenchStemmer(), "en": EnglishStemmer()}


def run_js(items: list[tuple[str, str | None, str]]) -> list:
    proc = subprocess.run(
        [NODE, str(ROOT / "tests" / "node" / "parity_cli.mjs")],
        input=json.dumps(items).encode("utf-8"),
        capture_output=True,
        check=True,
        timeout=600,
    )
    return json.loads(proc.stdout.decode("utf-8"))


def run_py(item):
    op, lang, text = item
    if op == "analyze":
        return analysis.analyze(text, lang)
    if op == "fold":
        return analysis.fold(text)
    return STEMMERS[lang].stemWord(text)


def assert_parity(items):
    js = run_js(items)
    assert len(js) == len(items)
    diffs = [(item, py, j) for item, j in zip(items, js, strict=True) if (py := run_py(item)) != j]
    assert not diffs, f"{len(diffs)} of {len(items)} differ, e.g. {diffs[:10]}"


def analyze_both_languages(texts):
    return [("analyze", lang, t) for t in texts for lang in analysis.LANGUAGES]


def test_generated_js_data_is_up_to_date():
    spec = importlib.util.spec_from_file_location("gen", ROOT / "tools" / "gen_js_stopwords.py")
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    js = gen.JS_PATH.read_text(encoding="utf-8")
    assert gen.render(js) == js, "run: python tools/gen_js_stopwords.py"


@pytest.mark.parametrize("name", ["words_fr.txt", "words_en.txt"])
def test_word_lists(name):
    words = (DATA / name).read_text(encoding="utf-8").split()
    assert len(words) > 4000
    items = analyze_both_languages(words)
    # The vendored stemmers themselves, on raw (unfolded, accented) words too.
    items += [("stem", lang, w.lower()) for w in words for lang in analysis.LANGUAGES]
    assert_parity(items)


def test_content_files():
    # The authors' content and the tests' sample site: the two analyzers must agree on both.
    files = sorted((ROOT / "content").rglob("*.md")) + sorted(
        (ROOT / "tests" / "site" / "content").rglob("*.md")
    )
    texts = []
    for f in files:
        body = f.read_text(encoding="utf-8")
        texts.append(body)
        texts += [line for line in body.splitlines() if line.strip()]
    assert_parity(analyze_both_languages(texts) + [("fold", None, t) for t in texts])


def test_every_bmp_character():
    """Case mapping, normalisation and character classes agree on the whole BMP."""
    items = []
    for cp in range(0x10000):
        c = chr(cp)
        if 0xD800 <= cp <= 0xDFFF or unicodedata.category(c) == "Cn":
            continue  # surrogates; unassigned ones are spaces on both sides by design
        text = f"x{c}y {c}{c}ab{c}'l{c}"
        # Character handling does not depend on the language: alternate to save time.
        items += [("analyze", analysis.LANGUAGES[cp % 2], text), ("fold", None, text)]
    # Unassigned code points too (the JS side must turn them into separators).
    unassigned = [chr(a) for a, b in analysis.bmp_unassigned_ranges() for a in range(a, b + 1)]
    items += analyze_both_languages(f"ab{c}cd {c}Σ" for c in unassigned)
    assert_parity(items)


def test_random_texts():
    rng = random.Random(20240601)
    pool = list(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéèêëàâäîïôöùûüçœæÉÈÀÇŒÆß"
        "'’ʼ‘-_. \t\n0123456789²½ΣσςİıŁøĐ\u0301\u0308\u0327\u00a0\u202f\u2260\u212b\ufb01"
    ) + ["\U0001f600", "\U0001d400", "\U0001d167", "\U0002f800", "\ua7cb", "\u0ece"]
    texts = []
    for _ in range(5000):
        n = rng.randint(1, 40)
        s = "".join(
            rng.choice(pool) if rng.random() < 0.9 else chr(rng.randint(0x20, 0xD7FF))
            for _ in range(n)
        )
        texts.append(s)
    assert_parity(analyze_both_languages(texts) + [("fold", None, t) for t in texts])
