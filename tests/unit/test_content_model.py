"""The content index's text analysis, stored compactly (content_index/model.py)."""

import pickle
from array import array
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plugins.content_index.analysis import analyze, analyze_counts, iter_tokens
from plugins.content_index.model import TOKEN_MARK_STEP, StemTable, analyse_text

TEXT = (
    "La collaboration d'entreprise réunit les équipes. Les équipes partagent "
    "des documents, et la collaboration devient un réseau social d'entreprise. " * 20
)


def fake_content(**extra):
    """What build_record reads of a Pelican article, as a plain object."""
    from types import SimpleNamespace

    return SimpleNamespace(
        relative_source_path="articles/fr/a.md", lang="fr", slug="a", title="Titre",
        url="fr/a/", translation_key="a", date=None, category=None, metadata={}, **extra,
    )  # fmt: skip


def test_analysis_counts_positions_and_marks_match_the_tokens():
    result = analyse_text("Réseau social", TEXT, "fr")
    tokens = [stem for stem, _start, _end in iter_tokens(f"Réseau social\n{TEXT}", "fr")]
    assert result.terms == analyze_counts(f"Réseau social\n{TEXT}", "fr")
    assert dict(result.terms.items()) == dict(Counter(tokens))
    assert dict(result.first_positions.items()) == {s: tokens.index(s) for s in set(tokens)}
    assert result.length == len(tokens) == sum(result.terms.values())
    assert result.title_terms == tuple(analyze("Réseau social", "fr"))
    starts = [start for _s, start, _e in iter_tokens(f"Réseau social\n{TEXT}", "fr")]
    assert list(result.token_marks) == starts[::TOKEN_MARK_STEP]
    # Stems in the order they first occur: positions increase along the table.
    assert list(result.terms) == sorted(result.terms, key=result.first_positions.get)


def test_stem_table_is_a_read_only_mapping():
    table = StemTable(("reseau", "social"), array("H", [3, 1]))
    assert table["reseau"] == 3 and table.get("social") == 1 and table.get("mot") is None
    assert "reseau" in table and "mot" not in table and len(table) == 2
    assert list(table.items()) == [("reseau", 3), ("social", 1)]
    assert list(table.values()) == [3, 1] and list(table.keys()) == ["reseau", "social"]
    assert table == {"social": 1, "reseau": 3} and table != {"reseau": 3}
    with pytest.raises(KeyError):
        table["mot"]
    with pytest.raises(ValueError):
        StemTable(("a",), array("H"))


def test_a_stem_table_digest_follows_stems_and_numbers_and_is_pickled_with_it():
    table = StemTable(("reseau", "social"), array("H", [3, 1]))
    assert table.digest == StemTable(("reseau", "social"), array("H", [3, 1])).digest
    others = [
        StemTable(("reseau", "social"), array("H", [3, 2])),
        StemTable(("social", "reseau"), array("H", [1, 3])),
        StemTable(("reseau", "social"), array("I", [3, 1])),
        StemTable(("reseausocial",), array("H", [3])),
    ]
    assert len({table.digest, *(other.digest for other in others)}) == 5
    again = pickle.loads(pickle.dumps(table, protocol=pickle.HIGHEST_PROTOCOL))
    assert again._digest == table.digest  # read, not made again
    assert again == table


def test_analysis_survives_pickling_with_one_stems_tuple():
    result = analyse_text("Titre", TEXT, "fr")
    again = pickle.loads(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
    assert again == result
    # Counts and positions share their stems: pickled once, shared after loading.
    assert again.terms.stems is again.first_positions.stems


def test_positions_beyond_16_bits_are_kept():
    long_text = " ".join(f"mot{i}" for i in range(70_000)) + " dernier"
    result = analyse_text("", long_text, "en")
    assert result.first_positions["dernier"] == 70_000
    assert result.first_positions.numbers.typecode == "I"
    assert result.terms.numbers.typecode == "H"


def test_a_record_keeps_the_summary_html_and_gives_its_text_when_read():
    from plugins.content_index.extract import extract_text
    from plugins.content_index.model import build_record

    html = "<p>Un <em>résumé</em>\nsur deux lignes &amp; une entité.</p>"
    record = build_record(fake_content(_summary=html), extract_text("<p>Corps.</p>"))
    assert record.summary_html == html
    assert "summary" not in vars(record)  # not made until read
    assert record.summary == "Un résumé sur deux lignes & une entité."
    no_summary = build_record(fake_content(), extract_text("<p>Corps.</p>"))
    assert no_summary.summary_html == no_summary.summary == ""


def test_release_keeps_everything_but_the_plain_text_and_terms():
    from dataclasses import replace

    from plugins.content_index.extract import extract_text
    from plugins.content_index.model import ContentIndex, analyse_record, build_record

    html = '<h2 id="a">Réseau</h2><p>Le <a href="/x/">réseau</a> social.</p>'
    content = fake_content()
    record = build_record(content, extract_text(html))
    analyse_record(record)
    content.text_info = record.text
    index = ContentIndex.from_records([record])
    info = record.text
    before = replace(info)
    index.release_texts_and_terms()
    # In place: the record and the content object share the text they let go.
    assert before.text and record.text.text == "" and content.text_info is record.text is info
    assert len(record.terms) == len(record.first_positions) == len(record.token_marks) == 0
    assert record.title_terms == ("titr",) and record.length > 0
    assert (record.text.headings, record.text.links, record.text.anchors) == (
        before.headings, before.links, before.anchors,
    )  # fmt: skip


def test_pelican_forgets_resolved_bodies_and_resolves_them_again_on_demand():
    import datetime

    from pelican.contents import Article, Content
    from pelican.settings import DEFAULT_CONFIG

    from plugins.content_index import forget_resolved_bodies

    settings = dict(DEFAULT_CONFIG)
    article = Article(
        "<p>Le réseau</p>",
        metadata={"title": "Titre", "date": datetime.datetime(2020, 1, 1)},
        settings=settings,
    )
    memo = Content.__dict__["get_content"].cache
    body = article.get_content("")
    assert any(key[0] is article for key in memo)
    forget_resolved_bodies(None, writer=None)
    assert not any(key[0] is article for key in memo)
    assert article.get_content("") == body


def test_a_page_written_forgets_its_own_body_only():
    import datetime

    from pelican.contents import Article, Content
    from pelican.settings import DEFAULT_CONFIG

    from plugins.content_index import forget_page_body

    settings = dict(DEFAULT_CONFIG)
    one, other = (
        Article(
            f"<p>Corps {n}</p>",
            metadata={"title": f"Titre {n}", "date": datetime.datetime(2020, 1, n)},
            settings=settings,
        )
        for n in (1, 2)
    )
    memo = Content.__dict__["get_content"].cache
    assert one.content and other.content  # resolved as a page would
    forget_page_body("output/fr/titre-1.html", context={"article": one})
    assert not any(key[0] is one for key in memo)
    assert any(key[0] is other for key in memo)
    forget_page_body("output/index.html", context={"articles": [other]})  # a list page
    assert any(key[0] is other for key in memo)
    assert one.content == "<p>Corps 1</p>"  # resolved again when asked


def test_pelicans_reader_cache_is_dropped_once_saved(tmp_path):
    from types import SimpleNamespace

    from pelican.readers import Readers
    from pelican.settings import DEFAULT_CONFIG

    from plugins.content_index import forget_reader_cache

    settings = {**DEFAULT_CONFIG, "CACHE_PATH": str(tmp_path), "CACHE_CONTENT": True}
    readers = Readers(settings, cache_name="ArticlesGenerator-Readers")
    readers.cache_data("a.md", ("<p>corps</p>", {"title": "Titre"}))
    readers.save_cache()  # what Pelican does before article_generator_finalized
    forget_reader_cache(SimpleNamespace(readers=readers))
    assert readers._cache == {}
    reloaded = Readers({**settings, "LOAD_CONTENT_CACHE": True}, "ArticlesGenerator-Readers")
    assert reloaded._cache["a.md"][1] == ("<p>corps</p>", {"title": "Titre"})  # (stamp, data)
    forget_reader_cache(SimpleNamespace())  # a generator without readers: nothing to do


def test_a_forked_child_can_drop_the_rendered_bodies_and_keep_the_records():
    from plugins.content_index import release_rendered_bodies
    from plugins.content_index.extract import extract_text
    from plugins.content_index.model import ContentIndex, build_record

    content = fake_content(_content="<p>Le réseau social</p>")
    record = build_record(content, extract_text(content._content))
    record.content = content
    release_rendered_bodies(ContentIndex.from_records([record]))
    assert content._content == ""
    assert record.text.text == "Le réseau social"  # what search and the graph read
    release_rendered_bodies(None)  # no index (content_index off): nothing to do


def test_texts_are_let_go_when_writing_starts_unless_a_plugin_keeps_them():
    from types import SimpleNamespace

    from plugins.content_index import _INDEX_KEY, release_texts_and_terms
    from plugins.content_index.extract import extract_text
    from plugins.content_index.model import ContentIndex, analyse_record, build_record

    def built_index():
        content = fake_content()
        record = build_record(content, extract_text("<p>Le réseau social</p>"))
        analyse_record(record)
        return ContentIndex.from_records([record]), record

    index, record = built_index()
    pelican = SimpleNamespace(settings={_INDEX_KEY: index})
    release_texts_and_terms(pelican)
    assert record.text.text == "" and len(record.terms) == 0
    assert _INDEX_KEY not in pelican.settings  # the index is not kept past the build

    index, record = built_index()
    index.keep_texts_while_writing = True  # search builds in this process
    release_texts_and_terms(SimpleNamespace(settings={_INDEX_KEY: index}))
    assert record.text.text and len(record.terms) > 0


def test_texts_alone_can_be_let_go_and_the_terms_stay():
    from plugins.content_index.extract import extract_text
    from plugins.content_index.model import ContentIndex, analyse_record, build_record

    content = fake_content()
    record = build_record(content, extract_text("<h2>Réseau</h2><p>Le réseau social</p>"))
    record.content = content
    analyse_record(record)
    ContentIndex.from_records([record]).release_texts()
    assert record.text.text == "" and content.text_info is record.text
    assert [h.text for h in record.text.headings] == ["Réseau"]
    assert dict(record.terms.items())  # ranking still has them


def test_each_generators_output_ends_by_forgetting_the_bodies_it_resolved():
    import datetime
    from types import SimpleNamespace

    from pelican.contents import Article, Content
    from pelican.settings import DEFAULT_CONFIG

    from plugins.content_index import forget_bodies_after_output

    article = Article(
        "<p>Corps</p>",
        metadata={"title": "Titre", "date": datetime.datetime(2020, 1, 1)},
        settings=dict(DEFAULT_CONFIG),
    )
    memo = Content.__dict__["get_content"].cache

    def output(writer):
        article.get_content("https://example.org")  # as a feed resolves it
        assert any(key[0] is article for key in memo)
        if writer == "broken":
            raise RuntimeError("a template error")

    generator = SimpleNamespace(generate_output=output)
    forget_bodies_after_output(generator)
    generator.generate_output("writer")
    assert not any(key[0] is article for key in memo)
    with pytest.raises(RuntimeError):
        generator.generate_output("broken")
    assert not any(key[0] is article for key in memo)  # forgotten even then
    forget_bodies_after_output(SimpleNamespace())  # a generator that writes nothing


# --- Heading positions: placed in the one pass --------------------------------------------


def old_heading_positions(stream, body_start, headings, marks, lang):
    """How search placed headings before the content index did (the reference).

    Each heading with an anchor is found as a line of the text, then the text from the
    token mark before it up to it is analysed again, and its tokens counted.
    """
    import unicodedata
    from bisect import bisect_right

    if not len(marks) or len(unicodedata.normalize("NFC", stream).lower()) != len(stream):
        return ()
    out = []
    at = body_start - 1
    for heading in headings:
        if not heading.anchor or not heading.text:
            continue
        found = stream.find(f"\n{heading.text}\n", at)
        if found < 0 and stream.endswith(f"\n{heading.text}"):
            found = len(stream) - len(heading.text) - 1
        if found < 0:
            continue
        start = found + 1
        at = start + len(heading.text)
        k = bisect_right(marks, start) - 1
        if k < 0:
            continue
        position = k * TOKEN_MARK_STEP + len(analyze(stream[marks[k] : start], lang))
        out.append((position, heading.anchor))
    return tuple(out)


def placed(title, text, lang, headings):
    """(position, anchor) of each heading placed by the one pass, as search reads them."""
    result = analyse_text(title, text, lang, headings)
    assert len(result.heading_positions) in (0, len(headings))
    return tuple(
        (position, h.anchor)
        for h, position in zip(headings, result.heading_positions, strict=False)
        if position >= 0
    )


def h(text, anchor=None, level=2):
    from plugins.content_index.extract import Heading

    return Heading(level, anchor if anchor is not None else f"a-{text[:6]}", text)


FILLER = " ".join(f"mot{i}" for i in range(TOKEN_MARK_STEP - 3))  # a mark falls in headings


TRICKY = [
    # A heading at the very start of the body, and one at its very end (no line after).
    ("Titre", "Introduction\nLe texte commence ici.\nConclusion", "fr",
     [h("Introduction"), h("Conclusion")], [(1, "a-Introd"), (4, "a-Conclu")]),
    # Accents, apostrophes (straight and curly), stop words only, and a heading made
    # of stop words at the very start, before any token (the title is stop words).
    ("Réseaux d’entreprise", "Intro.\nL’intranet d’aujourd’hui\nÉtapes réussies du "
     "réseau.\nEt de la\nÉtapes\nFin à l'été", "fr",
     [h("L’intranet d’aujourd’hui"), h("Et de la"), h("Étapes"), h("Fin à l'été")],
     [(3, "a-L’intr"), (8, "a-Et de "), (8, "a-Étapes"), (9, "a-Fin à ")]),
    ("Le", "De la\nintranet social", "fr", [h("De la")], []),
    ("", "Intranet\nsocial", "fr", [h("Intranet")], [(0, "a-Intran")]),
    # Code in a heading (underscores separate words), a code block, a heading with no
    # anchor (not placed, not a landmark for the next one), an empty heading, a heading
    # not found as a line, the same line twice (the heading is the second one).
    ("Guide", "Use `git_commit()` often.\nUse git_commit()\nfor x in range(3):\n"
     "print(x)\nAgain\nNotes\nNotes\nthe end", "en",
     [h("Use git_commit()"), h("Again", anchor=""), h("", anchor="empty"), h("Missing"),
      h("Notes"), h("Notes", anchor="notes-2")],
     [(5, "a-Use gi"), (11, "a-Notes"), (12, "notes-2")]),
    # Past the first token marks: a mark inside a heading, a mark on its first word.
    ("Title", f"{FILLER}\nThe heading here\nmore words\n{FILLER} x1 x2 x3\nExact Mark\nend",
     "en", [h("The heading here"), h("Exact Mark")],
     [(TOKEN_MARK_STEP - 2, "a-The he"), (2 * TOKEN_MARK_STEP, "a-Exact ")]),
]  # fmt: skip


@pytest.mark.parametrize(("title", "text", "lang", "headings", "expected"), TRICKY)
def test_heading_positions_from_the_one_pass_are_where_search_placed_them(
    title, text, lang, headings, expected
):
    from plugins.content_index.analysis import stems_and_marks

    stream = f"{title}\n{text}"
    marks = stems_and_marks(stream, lang, TOKEN_MARK_STEP)[1]
    old = old_heading_positions(stream, len(title) + 1, headings, marks, lang)
    assert old == tuple(expected)  # the reference, checked by hand
    assert placed(title, text, lang, headings) == old
    assert analyse_text(title, text, lang, headings).heading_terms == old_heading_terms(
        headings, lang
    )


def old_heading_terms(headings, lang):
    """The terms search flagged as heading terms, analysing each heading again."""
    return tuple(dict.fromkeys(t for h in headings if h.text for t in analyze(h.text, lang)))


@pytest.mark.parametrize(
    "text",
    [
        "Intro\nRe\u0301seau\nsuite",  # decomposed: NFC makes the text shorter
        "Intro\n\u0130stanbul\nsuite",  # "İ": lowercase makes it longer
    ],
)
def test_no_heading_is_placed_where_offsets_would_be_wrong(text):
    headings = [h("Re\u0301seau"), h("\u0130stanbul")]
    assert placed("Titre", text, "fr", headings) == ()
    assert analyse_text("Titre", text, "fr", headings).heading_terms == old_heading_terms(
        headings, "fr"
    )
    assert old_heading_positions(f"Titre\n{text}", 6, headings, [0], "fr") == ()


def test_heading_positions_on_the_sample_content_are_where_search_placed_them():
    """Every article of content/, rendered and extracted as the build does."""
    from pathlib import Path

    import markdown

    from plugins.content_index.analysis import stems_and_marks
    from plugins.content_index.extract import extract_text

    root = Path(__file__).resolve().parents[2]
    md = markdown.Markdown(extensions=["extra", "toc", "meta"])
    checked = 0
    for path in sorted((root / "content").glob("**/*.md")):
        md.reset()
        html = md.convert(path.read_text(encoding="utf-8"))
        title = " ".join(md.Meta.get("title", [""]))
        lang = "en" if "/en/" in path.as_posix() else "fr"
        info = extract_text(html)
        stream = f"{title}\n{info.text}"
        marks = stems_and_marks(stream, lang, TOKEN_MARK_STEP)[1]
        old = old_heading_positions(stream, len(title) + 1, info.headings, marks, lang)
        assert placed(title, info.text, lang, info.headings) == old, path
        terms = analyse_text(title, info.text, lang, info.headings).heading_terms
        assert terms == old_heading_terms(info.headings, lang), path
        checked += len(old)
    assert checked > 20


LINES = st.lists(
    st.sampled_from(
        ["Intro", "Le réseau social", "Et de la", "L’intranet d’aujourd’hui", "Fin", "x",
         "Re\u0301seau", "git_commit()", "Étapes", "", "mot " * 30, "deux  espaces"]
    ) | st.text(st.sampled_from(list("aeÉé’' _-.\u0301")), max_size=12),
    max_size=12,
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(["", "Le", "Titre", "Fin"]),
    LINES,
    st.lists(st.tuples(st.integers(0, 11), st.booleans()), max_size=6),
    st.sampled_from(["fr", "en"]),
)
def test_heading_positions_and_terms_are_the_old_ones_on_any_text(title, lines, picks, lang):
    """Headings picked among the lines (or not), with an anchor or not, in any order."""
    from plugins.content_index.analysis import stems_and_marks

    text = "\n".join(" ".join(line.split()) for line in lines)
    candidates = [" ".join(line.split()) for line in lines] + ["Absent", "Fin"]
    headings = [
        h(candidates[i % len(candidates)], anchor=f"a{n}" if anchored else "")
        for n, (i, anchored) in enumerate(picks)
    ]
    stream = f"{title}\n{text}"
    marks = stems_and_marks(stream, lang, TOKEN_MARK_STEP)[1]
    old = old_heading_positions(stream, len(title) + 1, headings, marks, lang)
    assert placed(title, text, lang, headings) == old
    terms = analyse_text(title, text, lang, headings).heading_terms
    assert terms == old_heading_terms(headings, lang)


def test_a_build_that_analysed_a_tenth_of_its_records_or_fewer_is_mostly_unchanged():
    from plugins.content_index.extract import extract_text
    from plugins.content_index.model import ContentIndex, build_record

    records = []
    for n in range(20):
        content = fake_content()
        content.relative_source_path = f"articles/fr/a{n}.md"
        records.append(build_record(content, extract_text("")))
    index = ContentIndex.from_records(records)
    assert index.reanalysed == 0 and index.mostly_unchanged, "nothing analysed: a rebuild"
    index.reanalysed = 2
    assert index.mostly_unchanged
    index.reanalysed = 3
    assert not index.mostly_unchanged
    index.reanalysed = 20
    assert not index.mostly_unchanged, "a build from nothing"
