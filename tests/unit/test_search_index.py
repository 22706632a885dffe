"""Search index builders, without Pelican: encoding, shards, escaping, Whoosh updates, bundle."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace

import pytest

from plugins.content_index.analysis import analyze, analyze_counts
from plugins.content_index.extract import ExtractedText, Heading
from plugins.content_index.model import analyse_record
from plugins.content_index.names import AUTO_TEXT_END, AUTO_TEXT_START, show_auto_texts
from plugins.search_index import whoosh_index
from plugins.search_index.browser_index import (
    PostingsMemo,
    build_browser_index,
    contribution_key,
    decode_postings,
    encode_doc_set,
    encode_postings,
    file_key,
    order_docs,
    pack_postings_shards,
    render_js,
    unvlq,
    vlq,
)
from plugins.search_index.bundle import BundleError, bundle, compact, transform_module
from plugins.search_index.config import SearchConfig, SearchConfigError, resolve_index_dir
from plugins.search_index.model import HEADING, TAG, TITLE, search_doc

ROOT = Path(__file__).resolve().parents[2]
JS = ROOT / "theme" / "static" / "js"


def record(path, title, text, lang="fr", date="2012-03-14T09:30:00", tags=(), category="Intranet",
           headings=(), kind="article", key=None):  # fmt: skip
    info = ExtractedText(
        text=text,
        headings=tuple(Heading(2, f"h{i}", h) for i, h in enumerate(headings)),
        links=(), anchors=frozenset(), images=(),
    )  # fmt: skip
    fake = SimpleNamespace(
        id=path, kind=kind, lang=lang, slug=Path(path).stem, title=title, url=f"{lang}/{Path(path).stem}/",
        translation_key=key or Path(path).stem, date=date, category=category, summary_html="", text=info,
        tag_ids=tuple(tags),
    )  # fmt: skip
    analyse_record(fake)  # the content index's one analysis: terms, positions, marks
    assert fake.terms == analyze_counts(f"{title}\n{text}", lang)
    assert fake.title_terms == tuple(analyze(title, lang))
    return fake


def doc(path, title, text, tag_labels=(), excerpt_tokens=200, **kw):
    return search_doc(record(path, title, text, **kw), tag_labels, excerpt_tokens)


SAMPLE = [
    doc("articles/fr/intranet.md", "Un portail intranet", "Le portail intranet de la ville.",
        tags=("intranet",), tag_labels=("Intranet", "Intranet"), key="intranet"),
    doc("articles/en/intranet.md", "An intranet portal", "The intranet portal of the city.", lang="en",
        date="2012-03-20T09:00:00", tags=("intranet",), tag_labels=("Intranet", "Intranet"), key="intranet"),
    doc("articles/fr/rse.md", "Réseau social d'entreprise", "Un réseau social change le travail.",
        date="2013-01-01T00:00:00", tags=("rse",), category="Réseaux"),
    doc("kb/fr/glossaire/index.md", "Glossaire", "Les mots du métier.", kind="page", date=None, category=None),
]  # fmt: skip


# --- Encoding -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "values",
    [[], [0], [31], [32], [0, 1, 31, 32, 1000, 2**31], list(range(200)), [1023, 1024, 1025]],
)
def test_vlq_round_trips(values):
    encoded = vlq(values)
    assert re.fullmatch(r"[A-Za-z0-9_-]*", encoded)
    assert unvlq(encoded) == values


def test_vlq_small_numbers_take_one_character():
    assert len(vlq(range(32))) == 32
    assert len(vlq(range(32, 1024))) == 2 * (1024 - 32)
    for negative in ([-1], [5, -1024]):
        with pytest.raises(ValueError):
            vlq(negative)


def test_postings_are_delta_encoded_with_frequencies_flags_and_positions():
    postings = [(0, 2, TITLE, 0), (5, 1, 0, 40), (6, 0, TAG, -1), (1000, 3, HEADING | TITLE, 7)]
    encoded = encode_postings(postings)
    assert decode_postings(encoded) == postings
    # Consecutive documents cost one character each for the delta.
    assert unvlq(encoded)[6] == 0


def test_doc_sets_are_sorted_deltas():
    assert unvlq(encode_doc_set([5, 1, 1, 2])) == [1, 0, 2]


@pytest.mark.parametrize(
    ("prefix", "key"),
    [("in", "in"), ("20", "20"), ("σε", "_cf83ceb5"), ("a'", "_6127"), ("IN", "_494e")],
)
def test_file_keys_are_ascii(prefix, key):
    assert file_key(prefix) == key


# --- Escaping -----------------------------------------------------------------------------


HOSTILE = 'Title </script><script>alert(1)</script> <!-- & <img src=x onerror=alert(1)> \u2028\u2029 "quotes"'


def test_js_payloads_escape_markup_and_line_separators():
    text = render_js("d/0", [{"t": HOSTILE}])
    body = text[text.index(",") + 1 : text.rindex(");")]
    for raw in ("<", ">", "&", "\u2028", "\u2029"):
        assert raw not in text
    assert "\\u003c/script\\u003e" in text
    assert json.loads(body) == [{"t": HOSTILE}]
    assert text.startswith('__searchData("d/0",') and text.endswith(");\n")


def test_hostile_titles_run_as_plain_data_in_node(tmp_path):
    node = shutil.which("node")
    if not node:
        pytest.skip("node is not installed")
    script = tmp_path / "payload.js"
    script.write_text(render_js("d/0", [{"t": HOSTILE}]), encoding="utf-8")
    probe = (
        "const vm=require('vm');let got;"
        f"vm.runInNewContext(require('fs').readFileSync({json.dumps(str(script))},'utf8'),"
        "{__searchData:(k,d)=>{got=[k,d];}});process.stdout.write(JSON.stringify(got));"
    )
    out = subprocess.run([node, "-e", probe], capture_output=True, text=True, check=True).stdout
    assert json.loads(out) == ["d/0", [{"t": HOSTILE}]]


# --- Documents and builders ------------------------------------------------------------------


def test_search_doc_has_positions_flags_and_segments():
    d = doc("a.md", "Intranet collaboratif", "Un intranet pour la ville. " * 30,
            headings=("Le portail",), tag_labels=("Réseaux sociaux",), excerpt_tokens=50)  # fmt: skip
    assert d.first_pos["intranet"] == 0
    assert d.first_pos["collabor"] == 1
    assert d.flags["intranet"] & TITLE
    assert d.flags["portail"] & HEADING
    assert d.flags["reseau"] & TAG and "reseau" not in d.terms
    assert d.length == sum(d.terms.values())
    # Segment k holds tokens [50k, 50k+50) of title + body; together they are the body.
    assert d.length > 50
    assert len(d.segments) == -(-d.length // 50)
    assert "".join(d.segments) == d.text
    assert d.segments[1].startswith("intranet") or d.segments[1][0].isalpha()


def test_headings_are_placed_among_the_tokens_so_results_link_to_their_section():
    d = doc(
        "articles/fr/a.md", "Titre",
        "Intro du texte ici.\nLes étapes du projet\nOn lance le portail.\nFin\nLa suite.",
        headings=("Les étapes du projet", "Fin"),
    )  # fmt: skip
    (etapes,) = analyze("étapes", "fr")
    (portail,) = analyze("portail", "fr")
    (suite,) = analyze("suite", "fr")
    assert d.anchors == ((d.first_pos[etapes], "h0"), (d.first_pos[suite] - 1, "h1"))
    assert d.anchors[0][0] < d.first_pos[portail] < d.anchors[1][0]
    records = build([d])["d/0"]
    assert records[0]["a"] == [[d.first_pos[etapes], "h0"], [d.first_pos[suite] - 1, "h1"]]


def test_excerpts_show_the_title_an_automatic_wikilink_names_and_never_cut_it():
    # What content_index extracts from "[[cible]]": the target between two markers. This
    # target is 60 words long, so a segment boundary (every 50 tokens) falls inside it.
    target = "-".join(["lien"] * 60)
    linked = f"{AUTO_TEXT_START}{target}{AUTO_TEXT_END}"
    missing = f"{AUTO_TEXT_START}nulle-part{AUTO_TEXT_END}"
    text = "Intranet municipal. " * 20 + f"Voir encore {linked} ou {missing}. " + "Fin. " * 80
    made = record("a.md", "Intranet", text)

    def shown(text, lang):
        assert lang == "fr"
        return show_auto_texts(text, lambda name: "La cible élégante" if name == target else name)

    plain = search_doc(made, (), 50)
    assert any(s.startswith("lien-lien") for s in plain.segments)  # cut inside the link
    d = search_doc(made, (), 50, shown)
    assert len(d.segments) == len(plain.segments)  # segment n still holds tokens 50n..
    assert "Voir encore La cible élégante ou nulle-part." in "".join(d.segments)
    assert not any(AUTO_TEXT_START in s or AUTO_TEXT_END in s or "lien" in s for s in d.segments)
    # What is indexed is unchanged: the terms come from the text as extracted.
    assert d.terms == plain.terms and d.first_pos == plain.first_pos


def test_documents_are_numbered_by_language_then_newest_first():
    ordered = order_docs(reversed(SAMPLE), ["fr", "en"])
    assert [d.path for d in ordered] == [
        "articles/fr/rse.md", "articles/fr/intranet.md", "kb/fr/glossaire/index.md", "articles/en/intranet.md",
    ]  # fmt: skip


def test_postings_shards_respect_the_budget():
    sizes = [("a", 5), ("b", 5), ("c", 5), ("d", 20), ("e", 1)]
    assert pack_postings_shards(sizes, 10) == [0, 0, 1, 2, 3]
    assert pack_postings_shards(sizes, 100) == [0, 0, 0, 0, 0]


def build(docs=SAMPLE, **kw):
    labels = {"intranet": {"fr": "Intranet", "en": "Intranet"}, "rse": {"fr": "RSE", "en": "ESN"}}
    return build_browser_index(
        docs, ["fr", "en"], labels, lambda t: ["intranet"] if t == "rse" else [], **kw
    )


def _corpus(edits=None):
    """40 documents in two languages; `edits` {n: (title, text, tag labels)} replaces some."""
    words = [f"mot{i}" for i in range(60)]
    made = []
    for n in range(40):
        lang = "fr" if n % 3 else "en"
        title, labels = f"Titre {n}", ("Intranet",) if n % 4 == 0 else ()
        text = " ".join(words[(n * 7 + k) % 60] for k in range(25)) + f" unique{n}."
        if edits and n in edits:
            title, text, labels = edits[n]
        made.append(
            doc(f"articles/{lang}/{n:02d}.md", title, text, tag_labels=labels, lang=lang,
                date=f"2012-03-{1 + n % 28:02d}T{n % 24:02d}:00:00", tags=("intranet",) if labels else ())
        )  # fmt: skip
    return made


def test_postings_patched_after_an_edit_are_those_made_from_nothing():
    """A rebuild's postings come from the last build's, patched for the documents edited."""
    memo = PostingsMemo()
    first = build(_corpus(), memo=memo, postings_bytes=300)
    assert first == build(_corpus(), postings_bytes=300)
    assert memo.changed and not memo.patched
    assert build(_corpus(), memo=memo, postings_bytes=300) == first
    assert not memo.changed, "nothing edited: the memo is the one kept"
    edits = [
        # New words in, the document's own word out, the title's flags moved.
        {3: ("Titre nouveau", "mot1 mot2 mot2 neuf inédit. mot59", ())},
        # The tags alone: the same text with other flags.
        {3: ("Titre 3", " ".join(f"mot{(3 * 7 + k) % 60}" for k in range(25)) + " unique3.",
             ("Intranet",))},
        # Two documents of both languages, one of which empties a term no other holds.
        {0: ("Titre 0", "mot0 seul.", ("Intranet",)), 1: ("Titre 1", "autre texte mot0", ())},
        {},  # back as first built
    ]  # fmt: skip
    for edit in edits:
        docs = _corpus(edit)
        patched = build(docs, memo=memo, postings_bytes=300)
        assert patched == build(docs, postings_bytes=300), edit
        assert memo.changed and memo.patched, "patched, not made anew"
    assert build(_corpus(), memo=memo, postings_bytes=300) == first


def test_postings_are_made_anew_when_numbers_move_or_much_changed():
    memo = PostingsMemo()
    build(_corpus(), memo=memo)
    many = {n: (f"Autre {n}", f"texte neuf {n}", ()) for n in range(0, 40, 2)}
    docs = _corpus(many)
    assert build(docs, memo=memo) == build(docs)
    assert memo.changed and memo.patched == []
    moved = [*docs, doc("articles/fr/zz.md", "Nouveau", "Tout neuf.", date="2030-01-01T00:00:00")]
    assert build(moved, memo=memo) == build(moved)  # a new newest: every number moves
    assert memo.patched == []
    # Tables without their digest (plain dictionaries) are keyed by their items.
    plain = [
        replace(d, terms=dict(d.terms.items()), first_pos=dict(d.first_pos.items())) for d in moved
    ]
    assert [contribution_key(d) for d in plain] == [contribution_key(d) for d in plain]
    edited = [*plain[:5], replace(plain[5], terms={**plain[5].terms, "mot1": 9}), *plain[6:]]
    assert contribution_key(edited[5]) != contribution_key(plain[5])
    build(plain, memo=memo)
    assert build(edited, memo=memo) == build(edited)
    assert memo.patched == [plain[5].lang]


def payloads_by_prefix(files, prefix):
    return {k: v for k, v in files.items() if k.startswith(prefix)}


def test_every_document_is_in_the_records_once_and_terms_point_to_their_shard():
    files = build(postings_bytes=40)
    records = [
        r
        for k, chunk in sorted(
            payloads_by_prefix(files, "d/").items(), key=lambda kv: int(kv[0][2:])
        )
        for r in chunk
    ]
    assert sorted(r["u"] for r in records) == sorted(d.url for d in SAMPLE)
    for lang in ("fr", "en"):
        lang_meta = files[f"{lang}/meta"]
        vocab_keys = lang_meta["vocab"].split()
        for key in vocab_keys:
            for term, (df, shard) in files[f"{lang}/v/{file_key(key)}"].items():
                assert term.startswith(key)
                postings = decode_postings(files[f"{lang}/p/{shard}"][term])
                assert len(postings) == df
                start, count = files["meta"]["docs"][lang]
                assert all(start <= p[0] < start + count for p in postings)
    assert len(payloads_by_prefix(files, "fr/p/")) > 1  # the small budget split the postings


def test_shards_stay_small_except_single_big_terms():
    docs = [
        doc(f"articles/fr/{i}.md", f"Titre {i}", f"mot{i % 50} commun texte {i}")
        for i in range(300)
    ]
    files = build(docs, postings_bytes=2000)
    for key, shard in payloads_by_prefix(files, "fr/p/").items():
        size = len(render_js(key, shard))
        assert size < 2000 + 200 or len(shard) == 1, (key, size)


def test_filters_and_excerpts():
    files = build()
    facets = files["f/index"]
    assert [t[0] for t in facets["tags"]] == ["intranet", "rse"]
    fr_rse = 0  # newest French document
    # The "intranet" filter includes documents tagged with a narrower tag ("rse").
    assert fr_rse in set(_doc_set(files["f/t0"]))
    cats = [c[:2] for c in facets["cats"]]
    assert ["fr", "Intranet"] in cats
    # Category filters include translations in the other language.
    cat = cats.index(["fr", "Intranet"])
    assert len(_doc_set(files[f"f/c{cat}"])) == 2
    # Each category names its translations (for the language switch) and counts its
    # documents; each tag counts its documents per language (shown by the filters).
    twin = facets["cats"][cat][2]
    assert [cats[i] for i in twin] == [["en", "Intranet"]], facets["cats"]
    assert facets["cats"][cat][3] == 1
    assert all(set(t[2]) == {"fr", "en"} for t in facets["tags"])
    assert facets["tags"][0][2]["fr"] >= 1
    assert files["x/0/0"][0].startswith("Un réseau social")


def test_the_search_child_lets_each_text_go_once_its_document_is_made():
    # The forked search child (release_texts) makes the same documents, without their
    # texts, and the records' texts go: the browser index reads neither.
    from plugins.content_index.model import ContentIndex
    from plugins.search_index import collect_search_docs

    def context():
        made = [
            record("articles/fr/a.md", "Un portail", "Le portail intranet de la ville.", tags=("intranet",)),
            record("articles/en/a.md", "A portal", "The intranet portal.", lang="en", key="a"),
        ]  # fmt: skip
        for r in made:
            r.content = SimpleNamespace(text_info=r.text)
        return {"content_index": ContentIndex.from_records(made, ("fr", "en"))}, made

    config = SearchConfig.from_settings({"PATH": "content"})
    kept_context, kept = context()
    released_context, released = context()
    docs = collect_search_docs(kept_context, config, ["fr", "en"])
    lean = collect_search_docs(released_context, config, ["fr", "en"], release_texts=True)
    assert all(r.text.text for r in kept)
    assert all(r.text.text == "" and r.content.text_info is r.text for r in released)
    assert [d.text for d in lean] == ["", ""] and all(d.text for d in docs)
    assert [replace(d, text="") for d in docs] == lean
    assert build(docs) == build(lean)


def test_postings_from_the_content_index_tables_as_from_mappings():
    """The same index from the content index's tables as from dictionaries.

    The tables (one tuple of stems for counts and first positions) are read side by side.
    """
    assert all(d.first_pos.stems is d.terms.stems for d in SAMPLE)
    only_flagged = {t for d in SAMPLE for t in d.flags if t not in d.terms}
    assert only_flagged, "a title, heading or tag term not in the text is covered"
    as_dicts = [
        replace(d, terms=dict(d.terms.items()), first_pos=dict(d.first_pos.items())) for d in SAMPLE
    ]
    assert build(as_dicts) == build(SAMPLE)


def _doc_set(text):
    out, previous = [], -1
    for delta in unvlq(text):
        previous += delta + 1
        out.append(previous)
    return out


def test_output_is_deterministic_whatever_the_input_order():
    one = build(SAMPLE)
    two = build(list(reversed(SAMPLE)))
    assert list(one) == list(two) or sorted(one) == sorted(two)
    assert {k: render_js(k, v) for k, v in one.items()} == {
        k: render_js(k, v) for k, v in two.items()
    }


# --- Whoosh ------------------------------------------------------------------------------------


def fr_docs(text_of_second="Le réseau social de la ville."):
    return [
        doc("articles/fr/a.md", "Un portail intranet", "Le portail intranet de la ville."),
        doc("articles/fr/b.md", "Réseau social", text_of_second),
        doc("articles/fr/c.md", "Glossaire", "Les mots du métier.", kind="page", date=None),
    ]


def test_whoosh_index_is_updated_incrementally(tmp_path):
    first = whoosh_index.update_index(tmp_path, "fr", fr_docs())
    assert (first.indexed, first.removed, first.rebuilt) == (3, 0, True)
    again = whoosh_index.update_index(tmp_path, "fr", fr_docs())
    assert (again.indexed, again.removed, again.unchanged, again.rebuilt) == (0, 0, 3, False)
    changed = whoosh_index.update_index(tmp_path, "fr", fr_docs("Un texte sur le télétravail."))
    assert (changed.indexed, changed.removed, changed.rebuilt) == (1, 0, False)
    results = whoosh_index.search(tmp_path, "télétravail", lang="fr")
    assert [r["path"] for r in results] == ["articles/fr/b.md"]
    assert whoosh_index.search(tmp_path, "reseau", lang="fr")[0]["path"] == "articles/fr/b.md"
    removed = whoosh_index.update_index(tmp_path, "fr", fr_docs("Un texte sur le télétravail.")[:2])
    assert (removed.indexed, removed.removed) == (0, 1)
    assert whoosh_index.search(tmp_path, "glossaire", lang="fr") == []


def test_an_updated_whoosh_index_scores_a_word_as_one_built_from_nothing(tmp_path):
    """Whoosh keeps a replaced document in its statistics until it merges segments."""
    from whoosh import scoring
    from whoosh.query import Term

    texts = ["Le réseau social de la ville.", "Un réseau et un portail.", "Le portail du réseau."]
    for text in texts:  # each update deletes document b and adds it again
        whoosh_index.update_index(tmp_path / "updated", "fr", fr_docs(text))
    whoosh_index.update_index(tmp_path / "fresh", "fr", fr_docs(texts[-1]))

    def scores(name):
        path = tmp_path / name / "fr"
        version = json.loads((path / whoosh_index.VERSION_FILE).read_text())
        ix = whoosh_index._open(path, version)
        with ix.searcher(weighting=scoring.BM25F()) as searcher:
            whoosh_index.count_live_documents_only(searcher)
            found = {
                (field, word): sorted(  # ties in any order: documents are numbered anew
                    (-round(hit.score, 6), hit["path"])
                    for hit in searcher.search(Term(field, word))
                )
                for field in whoosh_index.SEARCH_FIELDS  # some are empty in some documents
                for word in ("portail", "reseau", "vill", "intranet")
            }
        ix.close()
        return found

    assert scores("updated") == scores("fresh")


def test_an_update_waits_for_another_process_updating_the_index(tmp_path):
    """An `invoke publish` beside an `invoke serve`: both builds update one index."""
    whoosh_index.update_index(tmp_path, "fr", fr_docs())
    holder = subprocess.Popen(
        [sys.executable, "-c", (
            "import json, sys, time\n"
            "from pathlib import Path\n"
            "from plugins.search_index import whoosh_index as w\n"
            f"path = Path({str(tmp_path / 'fr')!r})\n"
            "ix = w._open(path, json.loads((path / w.VERSION_FILE).read_text()))\n"
            "writer = ix.writer()\n"
            "print('locked', flush=True)\n"
            "time.sleep(1.5)\n"
            "writer.cancel()\n"
        )],
        cwd=ROOT, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert holder.stdout.readline().strip() == "locked"
    stats = whoosh_index.update_index(tmp_path, "fr", fr_docs("Un texte sur le télétravail."))
    assert holder.wait() == 0
    assert (stats.indexed, stats.rebuilt) == (1, False)
    assert [r["path"] for r in whoosh_index.search(tmp_path, "télétravail", lang="fr")] == [
        "articles/fr/b.md"
    ]


def test_a_build_waits_for_another_build_making_the_index_from_nothing(tmp_path):
    """A first build (or a rebuild) deletes and makes the index folder.

    Never under another build that is writing it: it would delete that build's index.
    """
    released = tmp_path / "released"
    holder = subprocess.Popen(
        [sys.executable, "-c", (
            "import time\n"
            "from pathlib import Path\n"
            "from plugins.search_index import whoosh_index as w\n"
            f"root = Path({str(tmp_path)!r})\n"
            "with w.index_lock(root, 'fr'):\n"
            "    (root / 'fr').mkdir()  # an index being made: no version file yet\n"
            "    print('locked', flush=True)\n"
            "    time.sleep(1.5)\n"
            f"    Path({str(released)!r}).touch()\n"
        )],
        cwd=ROOT, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert holder.stdout.readline().strip() == "locked"
    stats = whoosh_index.update_index(tmp_path, "fr", fr_docs())
    assert released.exists(), "the update did not wait for the build holding the index"
    assert holder.wait() == 0 and (stats.indexed, stats.rebuilt) == (3, True)
    assert whoosh_index.search(tmp_path, "portail", lang="fr")[0]["path"] == "articles/fr/a.md"


def test_a_build_kept_waiting_too_long_says_which_index_and_what_to_do(tmp_path):
    with whoosh_index.index_lock(tmp_path, "fr"):
        waiting = subprocess.run(
            [sys.executable, "-c", (
                "from pathlib import Path\n"
                "from plugins.search_index import whoosh_index as w\n"
                f"with w.index_lock(Path({str(tmp_path)!r}), 'fr', wait=0.5):\n"
                "    pass\n"
            )],
            cwd=ROOT, capture_output=True, text=True,
        )  # fmt: skip
    assert waiting.returncode != 0
    assert (
        f"the authors' search index {tmp_path / 'fr'} is being updated by another build"
        in waiting.stderr
    )


def test_an_exclusion_inside_quotes_is_part_of_the_phrase():
    assert whoosh_index.dashes_to_not("intranet -sharepoint") == "intranet NOT sharepoint"
    assert whoosh_index.dashes_to_not('"réseau -social" -x') == '"réseau -social" NOT x'


def test_whoosh_index_is_rebuilt_when_its_version_differs(tmp_path):
    whoosh_index.update_index(tmp_path, "fr", fr_docs())
    version_file = tmp_path / "fr" / whoosh_index.VERSION_FILE
    version = json.loads(version_file.read_text())
    version["analyzer"] = "an older analyzer"
    version_file.write_text(json.dumps(version))
    rebuilt = whoosh_index.update_index(tmp_path, "fr", fr_docs())
    assert (rebuilt.indexed, rebuilt.rebuilt) == (3, True)
    assert json.loads(version_file.read_text())["analyzer"] == whoosh_index.analyzer_fingerprint()
    # A boost change is a schema change, hence a rebuild too.
    assert whoosh_index.update_index(tmp_path, "fr", fr_docs(), title_boost=5.0).rebuilt


def test_whoosh_ranks_title_matches_first_and_merges_languages(tmp_path):
    en = [doc("articles/en/a.md", "Intranet portal", "The portal of the city.", lang="en")]
    whoosh_index.update_index(tmp_path, "fr", fr_docs())
    whoosh_index.update_index(tmp_path, "en", en)
    results = whoosh_index.search(tmp_path, "intranet")
    assert {r["lang"] for r in results} == {"fr", "en"}
    assert all(set(r) >= {"path", "url", "title", "score"} for r in results)
    assert results == sorted(results, key=lambda r: -r["score"])
    with pytest.raises(FileNotFoundError):
        whoosh_index.search(tmp_path / "nowhere", "intranet", lang="fr")


def search_cli(*args):
    command = [sys.executable, "-m", "plugins.search_index.cli", *map(str, args)]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True)


def test_searching_with_no_index_is_an_error_not_no_results(tmp_path):
    """With no index, with or without --lang, the command says to build first.

    Before any build (or after `invoke clean`), "No results" would send authors looking
    for a wrong query.
    """
    (tmp_path / "whoosh").mkdir()  # what `invoke check` leaves: a folder, no index
    for where in (tmp_path / "nowhere", tmp_path / "whoosh"):
        for lang in ((), ("--lang", "fr")):
            result = search_cli("intranet", "--index-dir", where, *lang)
            assert result.returncode == 2, result.stdout
            assert result.stdout == ""
            assert result.stderr.startswith("error: no search index"), result.stderr
            assert result.stderr.rstrip().endswith("build the site first (invoke build)")
    whoosh_index.update_index(tmp_path / "whoosh", "fr", fr_docs())
    found = search_cli("intranet", "--index-dir", tmp_path / "whoosh")
    assert found.returncode == 0 and "articles/fr/a.md" in found.stdout, found.stderr


def test_excluded_words_leave_pages_out_in_the_authors_index(tmp_path):
    """`NOT word` and `-word` exclude, also among OR-ed words and at the start."""
    whoosh_index.update_index(tmp_path, "fr", fr_docs())
    every = {r["path"] for r in whoosh_index.search(tmp_path, "ville", lang="fr")}
    assert every == {"articles/fr/a.md", "articles/fr/b.md"}
    for query in (
        "ville NOT portail",
        "ville -portail",
        "-portail ville",
        "ville réseau NOT portail",
    ):
        found = [r["path"] for r in whoosh_index.search(tmp_path, query, lang="fr")]
        assert found == ["articles/fr/b.md"], query
    alone = {r["path"] for r in whoosh_index.search(tmp_path, "-portail", lang="fr")}
    assert alone == {"articles/fr/b.md", "articles/fr/c.md"}
    # A hyphen inside a word is not an exclusion.
    assert whoosh_index.dashes_to_not("e-mail -x") == "e-mail NOT x"


def test_the_command_line_takes_a_leading_dash_and_refuses_bad_input(tmp_path):
    whoosh_index.update_index(tmp_path, "fr", fr_docs())
    found = search_cli("-portail", "--index-dir", tmp_path, "--json")
    assert found.returncode == 0, found.stderr
    assert {r["path"] for r in json.loads(found.stdout)} == {"articles/fr/b.md", "articles/fr/c.md"}
    for args in (("intranet", "--limit", "0"), ("",), ()):
        bad = search_cli(*args, "--index-dir", tmp_path)
        assert bad.returncode == 2 and "Traceback" not in bad.stderr, bad.stderr
        assert "error:" in bad.stderr
    one = search_cli("ville", "--index-dir", tmp_path, "--limit", "1", "--json")
    assert len(json.loads(one.stdout)) == 1


def test_the_command_line_stops_quietly_when_its_reader_does(tmp_path):
    whoosh_index.update_index(tmp_path, "fr", fr_docs())
    command = [
        sys.executable,
        "-m",
        "plugins.search_index.cli",
        "ville",
        "--index-dir",
        str(tmp_path),
    ]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdout.close()  # as `| head` does once it has its lines
    _, err = process.communicate()
    assert process.returncode == 0 and b"Traceback" not in err, err


# --- Settings ------------------------------------------------------------------------------


def test_index_dir_is_relative_to_the_folder_of_the_content(tmp_path):
    settings = {"PATH": str(tmp_path / "site" / "content")}
    assert resolve_index_dir(settings) == tmp_path / "site" / ".cache" / "whoosh"
    assert resolve_index_dir({**settings, "SEARCH_INDEX_DIR": "/abs/idx"}) == Path("/abs/idx")


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("SEARCH_DOC_CHUNK", 0),
        ("SEARCH_DOC_CHUNK", "8"),
        ("SEARCH_WHOOSH", "yes"),
        ("SEARCH_OUTPUT_DIR", "../out"),
        ("SEARCH_EXCERPT_TOKENS", 120),
    ],
)
def test_invalid_settings_name_the_setting(name, value):
    with pytest.raises(SearchConfigError, match=name):
        SearchConfig.from_settings({"PATH": "content", name: value})


# --- Bundle --------------------------------------------------------------------------------


def test_bundle_rewrites_imports_and_exports():
    out = transform_module(
        "b.mjs",
        'import { a, b as c } from "./a.mjs";\nexport function f() {}\nexport const X = 1;\nconst y = 2;\nexport { y as Y };\n',
        ["a.mjs"],
    )
    assert 'const { a, b: c } = __modules["a.mjs"];' in out
    assert "return { f: f, X: X, Y: y };" in out
    assert "export" not in out


@pytest.mark.parametrize(
    "source",
    [
        'import x from "./a.mjs";',
        "export default 1;",
        'export * from "./a.mjs";',
        'import {\n a } from "./a.mjs";',
    ],
)
def test_bundle_refuses_what_it_does_not_understand(source):
    with pytest.raises(BundleError):
        transform_module("b.mjs", source, ["a.mjs"])


def test_compact_keeps_code_and_template_literals():
    source = "/* header\n * more\n */\nconst a = 1; // trailing\n\n    // alone\n    if (a) {\n        f();\n    }\n"
    assert compact(source) == "const a = 1; // trailing\nif (a) {\nf();\n}"
    template = "const x = 1;\nconst t = `line one\n    indented line`;\n    const y = 2;\n"
    assert (
        compact(template)
        == "const x = 1;\nconst t = `line one\n    indented line`;\n    const y = 2;\n"
    )


def test_bundled_analyzer_is_the_module_analyzer(tmp_path):
    """The bundle (compacted, wrapped) analyses exactly like Python, over the word lists."""
    node = shutil.which("node")
    if not node:
        pytest.skip("node is not installed")
    modules = [
        (n, (JS / n).read_text(encoding="utf-8"))
        for n in ("snowball.mjs", "analysis.mjs", "search-core.mjs")
    ]
    script = tmp_path / "search.js"
    script.write_text(bundle(modules, "search-core.mjs", "SiteSearch"), encoding="utf-8")
    cases = [("fr", "Les réseaux sociaux d'entreprise"), ("en", "Managing the company's intranets")]
    for lang in ("fr", "en"):
        words = (ROOT / f"tests/data/words_{lang}.txt").read_text(encoding="utf-8").split()
        cases += [(lang, " ".join(words[i : i + 50])) for i in range(0, min(len(words), 5000), 50)]
    data = tmp_path / "cases.json"
    data.write_text(json.dumps(cases), encoding="utf-8")
    probe = (
        "const vm=require('vm'),fs=require('fs');const g={};g.globalThis=g;vm.createContext(g);"
        f"vm.runInContext(fs.readFileSync({json.dumps(str(script))},'utf8'),g);"
        f"const cases=JSON.parse(fs.readFileSync({json.dumps(str(data))},'utf8'));"
        "process.stdout.write(JSON.stringify(cases.map(([l,t])=>g.SiteSearch.parseQuery(t,l).terms.map(x=>x.stem))));"
    )
    out = subprocess.run([node, "-e", probe], capture_output=True, text=True, check=True).stdout
    assert json.loads(out) == [analyze(text, lang) for lang, text in cases]


def test_whoosh_fields_of_a_record_are_those_of_its_search_document():
    from plugins.search_index.model import whoosh_fields_of_record

    made = record("articles/fr/a.md", "Un portail", "Le portail de la ville.",
                  tags=("intranet", "rse"), headings=("Contexte", "Bilan"))  # fmt: skip
    labels = ("Intranet", "Intranet", "RSE", "CSR")
    assert whoosh_fields_of_record(made, labels) == whoosh_index.whoosh_fields(
        search_doc(made, labels, 200)
    )


@pytest.fixture
def own_temp_folder(tmp_path, monkeypatch) -> Path:
    """A temporary folder of this test's own for `tempfile`.

    Another build's files (or a killed run's) in the shared one are not this test's.
    """
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def test_whoosh_updated_in_a_process_of_its_own(tmp_path, own_temp_folder):
    from plugins.search_index import WhooshProcess

    fields = [whoosh_index.whoosh_fields(d) for d in fr_docs()]
    job = WhooshProcess({"index_dir": str(tmp_path), "jobs": [("fr", fields, {})]})
    results, timings = job.join()
    (stats,) = results["whoosh"]
    assert (stats.lang, stats.indexed, stats.rebuilt) == ("fr", 3, True)
    assert timings["search_index.whoosh"] > 0
    assert whoosh_index.search(tmp_path, "glossaire", lang="fr")[0]["path"] == "articles/fr/c.md"
    assert not list(own_temp_folder.glob("whoosh-*.pickle")), "payload removed"
    # A process that fails is an error here, with what it printed.
    broken = WhooshProcess({"index_dir": str(tmp_path), "jobs": [("xx", fields, {})]})
    with pytest.raises(RuntimeError, match="Whoosh index process failed"):
        broken.join()


def test_whoosh_process_imports_neither_pelican_nor_the_plugins_glue(
    tmp_path, own_temp_folder, monkeypatch
):
    """It needs Whoosh and the analysis; Pelican would be 0.12 s and 19 MB of it."""
    from plugins.search_index import WhooshProcess

    poisoned = tmp_path / "poisoned"
    for name in ("pelican", "jinja2"):
        (poisoned / name).mkdir(parents=True)
        (poisoned / name / "__init__.py").write_text(f"raise ImportError('{name} imported')")
    monkeypatch.setenv("PYTHONPATH", str(poisoned))
    fields = [whoosh_index.whoosh_fields(d) for d in fr_docs()]
    job = WhooshProcess({"index_dir": str(tmp_path / "index"), "jobs": [("fr", fields, {})]})
    results, _timings = job.join()
    assert [s.indexed for s in results["whoosh"]] == [3]
    hits = whoosh_index.search(tmp_path / "index", "glossaire", lang="fr")
    assert hits[0]["path"] == "articles/fr/c.md"


def written_by_a_forked_child(work: dict | None):
    """As the build does it: a forked child writes the input (None: it fails first).

    This process starts the Whoosh process on it at once, and joins it.
    """
    import os

    from plugins.search_index import WhooshPayload

    payload = WhooshPayload()
    pid = os.fork()
    if pid == 0:
        try:
            if work is not None:
                time.sleep(0.3)  # the process is already waiting for its input
                payload.write(work)
        finally:
            os._exit(0)
    process = payload.start_process()
    try:
        return process.join()
    finally:
        os.waitpid(pid, 0)


def test_whoosh_input_written_by_a_forked_child_for_a_process_started_here(
    tmp_path, own_temp_folder
):
    fields = [whoosh_index.whoosh_fields(d) for d in fr_docs()]
    results, timings = written_by_a_forked_child(
        {"index_dir": str(tmp_path), "jobs": [("fr", fields, {})]}
    )
    (stats,) = results["whoosh"]
    assert (stats.lang, stats.indexed, stats.rebuilt) == ("fr", 3, True)
    assert timings["search_index.whoosh"] > 0
    assert whoosh_index.search(tmp_path, "glossaire", lang="fr")[0]["path"] == "articles/fr/c.md"
    assert not list(own_temp_folder.glob("whoosh-*.pickle")), "input removed"
    # A child that ends without writing it: the process finds no input and says so.
    with pytest.raises(RuntimeError, match="Whoosh index process failed:\n.*Traceback"):
        written_by_a_forked_child(None)


def test_a_build_that_stops_early_stops_its_whoosh_process():
    """A build that fails (or only checks) kills its Whoosh process with its forked calls.

    Left running, it would go on indexing the content of a build that is thrown away, and
    hold the index's lock when the next build's process wants it.
    """
    import os

    from plugins.content_index import parallel
    from plugins.search_index import WhooshPayload

    payload = WhooshPayload()
    never_written = os.dup(payload._written)  # so the process waits for its input
    try:
        process = payload.start_process()
        assert process._process.poll() is None
        parallel.stop_children()
        assert process._process.poll() is not None, "still running"
        assert not Path(payload.path).exists(), "its input left behind"
        # Joined (or stopped) processes are forgotten: nothing left to stop.
        assert not parallel._processes
    finally:
        os.close(never_written)
        with contextlib.suppress(FileNotFoundError):
            os.unlink(payload.path)


@pytest.mark.skipif(
    not hasattr(os, "sched_getaffinity") or len(os.sched_getaffinity(0)) < 2,
    reason="one core, or no CPU affinity here",
)
def test_a_rebuilds_whoosh_process_leaves_the_builds_core_to_it():
    """After a few edits, it runs off this process's core (content_index.parallel)."""
    from plugins.content_index import parallel
    from plugins.search_index import WhooshPayload

    cores = os.sched_getaffinity(0)
    for off_main_core, expected in ((True, cores - {min(cores)}), (False, cores)):
        payload = WhooshPayload()
        never_written = os.dup(payload._written)  # so the process waits for its input
        try:
            process = payload.start_process(off_main_core)
            assert os.sched_getaffinity(process._process.pid) == expected
            parallel.stop_children()
        finally:
            os.close(never_written)
            with contextlib.suppress(FileNotFoundError):
                os.unlink(payload.path)


def test_the_build_process_never_imports_whoosh():
    """Whoosh is imported by its own process only (and the search command line)."""
    import sys

    root = Path(__file__).resolve().parents[2]
    code = (
        "import sys; sys.path.insert(0, 'plugins')\n"
        "import build_report, template_cache, bilingual, taxonomy, content_index\n"
        "import content_checks, search_index, related, sitemap, parallel_pages\n"
        "import incremental_pages\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'whoosh'))"
    )
    run = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "[]"


def test_the_whoosh_payload_is_written_a_document_at_a_time_and_read_back(tmp_path):
    from plugins.search_index.whoosh_payload import read_payload, write_payload

    path, offsets = tmp_path / "payload", []
    # The same objects in every document, and twice in each.
    title = "Réseaux sociaux"
    shared = {"date": "2012-03-14", "kind": "article", "title": title, "headings": title}

    def docs(stream, lang, count):
        for i in range(count):
            offsets.append(stream.tell())  # what is written already when a document is made
            yield {"path": f"{lang}/{i}.md", "lang": lang, "tags": ("a", "b"), **shared}

    with open(path, "wb") as stream:
        jobs = [
            ("fr", docs(stream, "fr", 3), {"title_boost": 3.0}),
            ("en", docs(stream, "en", 2), {}),
        ]
        write_payload(stream, "/index", jobs)
    assert offsets == sorted(set(offsets)), "each document is written before the next is made"
    with open(path, "rb") as stream:
        index_dir, jobs = read_payload(stream)
        got = [(lang, docs, options) for lang, docs, options in jobs]
    expected = [
        ("fr", [{"path": f"fr/{i}.md", "lang": "fr", "tags": ("a", "b"), **shared} for i in range(3)],
         {"title_boost": 3.0}),
        ("en", [{"path": f"en/{i}.md", "lang": "en", "tags": ("a", "b"), **shared} for i in range(2)], {}),
    ]  # fmt: skip
    assert (index_dir, got) == ("/index", expected)


def test_the_whoosh_payload_leaves_the_builds_texts_as_they_were():
    # Pickling a str makes CPython keep a UTF-8 copy inside it; the texts live on in the
    # build's process until it lets them go.
    import io
    import sys

    from plugins.search_index.whoosh_payload import read_payload, write_payload

    body = "".join(["Réseau social d'entreprise. "] * 500)  # a new str, never encoded
    size = sys.getsizeof(body)
    stream = io.BytesIO()
    write_payload(stream, "/index", [("fr", [{"path": "a.md", "body": body}], {})])
    assert sys.getsizeof(body) == size
    stream.seek(0)
    _index, jobs = read_payload(stream)
    assert [docs for _lang, docs, _options in jobs] == [[{"path": "a.md", "body": body}]]


def test_whoosh_lengths_read_once_write_the_index_whoosh_writes(tmp_path):
    """Postings, per-block field lengths and scores as with Whoosh's own segment writer."""
    import random

    from whoosh import index
    from whoosh.writing import SegmentWriter

    words = "réseau social équipe projet intranet portail wiki blog veille partage".split()
    generator = random.Random(5)
    docs = [
        {
            "path": f"articles/fr/{n}.md",
            "title": " ".join(generator.choices(words, k=generator.randint(1, 4))),
            "body": " ".join(generator.choices(words, k=generator.randint(3, 400))),
            "tags": " ".join(generator.choices(words, k=2)),
        }
        for n in range(300)  # more than one block (128 postings) for the common terms
    ]

    def written_by(writer_class, folder):
        folder.mkdir()
        ix = index.create_in(str(folder), whoosh_index.make_schema("fr", 3.0, 2.0, 1.5))
        writer = writer_class(ix, limitmb=256)
        for fields in docs:
            writer.add_document(**fields)
        writer.commit()
        seen = []
        with ix.searcher() as searcher:
            reader = searcher.reader()
            for field, term in reader.all_terms():
                matcher, postings = reader.postings(field, term), []
                while matcher.is_active():  # each posting with its block's figures
                    postings.append(
                        (matcher.id(), matcher.weight(), matcher.block_min_length(),
                         matcher.block_max_length(), matcher.block_max_weight())
                    )  # fmt: skip
                    matcher.next()
                seen.append((field, term, postings))
            scores = [(hit["path"], hit.score) for hit in searcher.search(
                whoosh_index.MultifieldParser(["title", "body"], ix.schema).parse("réseau équipe"),
                limit=20)]  # fmt: skip
        ix.close()
        return seen, scores

    ours = written_by(whoosh_index.LengthsOnceWriter, tmp_path / "ours")
    whooshs = written_by(SegmentWriter, tmp_path / "whoosh")
    assert max(len(postings) for _, _, postings in ours[0]) > 128
    assert ours == whooshs


def test_an_index_is_written_over_the_last_one_in_place_and_its_extra_files_go(tmp_path):
    import os

    from plugins.search_index import write_files

    root = tmp_path / "search"
    write_files(root, {"fr/1": [1], "x/0/7": ["old"], "x/1/150": ["gone"]})
    witness = tmp_path / "witness.js"
    os.link(root / "x/0/7.js", witness)
    write_files(root, {"fr/1": [1], "x/0/7": ["new"], "x/0/8": ["added"]})
    files = {p.relative_to(root).as_posix() for p in root.rglob("*")}
    assert files == {"fr", "fr/1.js", "x", "x/0", "x/0/7.js", "x/0/8.js"}
    assert os.path.samefile(witness, root / "x/0/7.js")  # the same file, written over
    assert "new" in witness.read_text(encoding="utf-8")
    # A folder of the last index where a file now goes: written anyway.
    (root / "x/0/9.js").mkdir()
    write_files(root, {"x/0/9": ["file"]})
    assert (root / "x/0/9.js").is_file()
    assert {p.relative_to(root).as_posix() for p in root.rglob("*")} == {"x", "x/0", "x/0/9.js"}


def test_files_the_last_build_wrote_are_linked_without_being_rendered(tmp_path, monkeypatch):
    """By the record of their payloads' digests, while the previous file is as recorded."""
    import os

    import plugins.search_index as search_index

    record = tmp_path / "cache/files.pickle"
    files = {"fr/1": [1, "un"], "x/0/7": ["same"], "x/0/8": {"b": 2, "a": 1}}
    first, second, third = (tmp_path / name / "search" for name in ("one", "two", "three"))
    search_index.write_files(first, files, None, record)
    rendered = []
    render = search_index.render_js
    monkeypatch.setattr(
        search_index, "render_js", lambda key, payload: rendered.append(key) or render(key, payload)
    )
    changed = {**files, "x/0/7": ["changed"]}
    search_index.write_files(second, changed, first, record)
    assert rendered == ["x/0/7"]
    assert os.path.samefile(first / "fr/1.js", second / "fr/1.js")
    assert os.path.samefile(first / "x/0/8.js", second / "x/0/8.js")
    assert "changed" in (second / "x/0/7.js").read_text("utf-8")
    # A previous file changed since it was recorded: made again, not linked.
    rendered.clear()
    (second / "fr/1.js").unlink()
    (second / "fr/1.js").write_text("edited by hand", "utf-8")
    search_index.write_files(third, changed, second, record)
    assert rendered == ["fr/1"]
    assert not os.path.samefile(second / "fr/1.js", third / "fr/1.js")
    expected = tmp_path / "scratch"
    search_index.write_files(expected, changed)
    assert {p.name: p.read_bytes() for p in third.rglob("*.js")} == {
        p.name: p.read_bytes() for p in expected.rglob("*.js")
    }


def test_indexed_hash_follows_every_value_and_accepts_markup():
    from markupsafe import Markup

    from plugins.search_index.model import indexed_hash

    values = ("articles/fr/a.md", "fr", "article", "Titre", None, ("intranet",), "texte")
    first = indexed_hash(*values)
    assert indexed_hash(*values) == first and len(first) == 32
    for i in range(len(values)):
        changed = list(values)
        changed[i] = ("autre",) if isinstance(values[i], tuple) else "autre"
        assert indexed_hash(*changed) != first, i
    assert indexed_hash("a", "bc") != indexed_hash("ab", "c")
    assert indexed_hash(Markup("<b>Titre</b>")) != indexed_hash("<b>Titre</b>")


def test_invoke_search_passes_limit_and_a_leading_dash(monkeypatch):
    import invoke

    import tasks

    calls = []
    monkeypatch.setattr(tasks.subprocess, "call", lambda command, **kw: calls.append(command) or 0)
    tasks.search(invoke.Context(), "-sharepoint intranet", limit=3)
    assert calls[0][-4:] == ["--limit", "3", "--", "-sharepoint intranet"]


def _run_invoke(*argv: str):
    """`invoke ARGV...` parsed by invoke itself, the search's process not started."""
    import invoke

    import tasks

    program = invoke.Program(namespace=invoke.Collection.from_module(tasks))
    program.run(["invoke", *argv], exit=False)


@pytest.mark.parametrize(
    ("argv", "query"),
    [
        (["-intranet"], "-intranet"),
        (["-qsharepoint"], "-qsharepoint"),
        (["-lync", "-html"], "-lync -html"),
        (["intranet", "-facebook", "--limit", "3"], "intranet -facebook"),
        (["--lang", "fr", "-linux", "intranet"], "intranet -linux"),
        (["--query=-jive"], "-jive"),
    ],
)
def test_invoke_search_takes_words_starting_with_a_dash_as_words(monkeypatch, argv, query):
    import tasks

    calls = []
    monkeypatch.setattr(tasks.subprocess, "call", lambda command, **kw: calls.append(command) or 0)
    monkeypatch.setattr(tasks, "_site_rules", lambda: type("R", (), {"languages": ("fr", "en")}))
    _run_invoke("search", *argv)
    assert calls[0][-2:] == ["--", query]
    assert tasks._DASH_WORDS == []


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            ("search", "intranet", "--limit", "abc"),
            "error: --limit wants a whole number, 1 or more: not 'abc'",
        ),
        (
            ("search", "intranet", "--limit", "0"),
            "error: --limit wants a whole number, 1 or more: not '0'",
        ),
        (("search", ""), 'error: no words to search for: invoke search "words" [--lang fr]'),
        (("serve", "--port", "abc"), "error: --port wants a whole number, 1 to 65535: not 'abc'"),
    ],
)
def test_invoke_usage_mistakes_are_one_line(monkeypatch, capsys, call, message):
    import tasks

    monkeypatch.setattr(tasks.subprocess, "call", lambda command, **kw: pytest.fail("ran"))
    _run_invoke(*call)  # exit=False: the error is printed, not raised
    captured = capsys.readouterr()
    assert captured.err.strip() == message and "Traceback" not in captured.out + captured.err


def test_search_cli_reads_a_word_starting_with_h_as_an_exclusion(monkeypatch, tmp_path):
    from plugins.search_index import cli

    asked = []
    monkeypatch.setattr(cli, "search", lambda words, **kw: asked.append(words) or [])
    assert cli.main(["intranet", "-html", "--index-dir", str(tmp_path)]) == 0
    assert cli.main(["--index-dir", str(tmp_path), "--", "-hub", "--lang"]) == 0
    assert asked == ["intranet -html", "-hub --lang"]


def test_only_the_search_task_takes_dash_words():
    import tasks

    assert tasks._take_dash_words(["new", "search", "-x"]) == ["new", "search", "-x"]
    assert tasks._take_dash_words(["search", "a", "-x", "--", "-y"]) == ["search", "a", "--", "-y"]
    assert tasks._DASH_WORDS == ["-x"]
    tasks._DASH_WORDS.clear()


@pytest.mark.parametrize(
    "text",
    [
        "Réseau social d'entreprise",  # NFC, accents
        "Re\u0301seau social",  # decomposed: NFC makes it shorter
        "\u0130stanbul",  # the one character whose lowercase is two
        "plain ascii",
        "",
        "e\u0301\u0130",
    ],
)
def test_offsets_kept_says_what_normalising_and_lowercasing_would(text):
    import unicodedata

    from plugins.search_index.model import offsets_kept

    expected = len(unicodedata.normalize("NFC", text).lower()) == len(text)
    assert offsets_kept(text) == expected
