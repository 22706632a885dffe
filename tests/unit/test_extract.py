"""One pass over article HTML: text, headings, links, anchors, table of contents."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from plugins.content_index.extract import (
    Heading,
    build_toc,
    count_words,
    extract_text,
    reading_minutes,
)

HTML = """<p>Intro <a href="{filename}autre.md">lien</a>.</p>
<h2 id="un">Un<a class="headerlink" href="#un">#</a></h2><p>Texte <img src="x.png" alt="x"></p>
<h3 id="un-a">Un A</h3><script>var ignored = 1;</script>
<h2 id="deux">Deux &amp; trois</h2><pre><code>code()</code></pre>"""


def test_extract_text_reads_everything_once():
    info = extract_text(HTML)
    assert info.links == ("{filename}autre.md",), "the permalink '#' is not a link"
    assert info.headings == (
        Heading(2, "un", "Un"),
        Heading(3, "un-a", "Un A"),
        Heading(2, "deux", "Deux & trois"),
    )
    assert info.anchors == {"un", "un-a", "deux"}
    assert info.images == ("x.png",)
    assert "ignored" not in info.text and "#" not in info.text
    assert info.text.splitlines()[0] == "Intro lien."
    assert info.word_count == 9  # Intro lien Un Texte Un A Deux trois code


def test_an_automatic_wikilink_text_is_marked_until_the_title_it_names_is_known():
    from plugins.content_index.model import ContentIndex
    from plugins.content_index.names import AUTO_TEXT_END as END
    from plugins.content_index.names import AUTO_TEXT_START as START
    from plugins.related.links import parse_wikilink, placeholder

    def link(inner, text=None):  # what the wikilink Markdown extension writes
        return placeholder(parse_wikilink(inner, text))

    html = (
        f'<h2 id="voir">Voir {link("cible")}</h2>'
        f"<p>Par {link('english-only#x')}, {link('cible', 'mon texte')} et {link('nulle-part')}."
        f" Un auteur\x02 écrit\x03 ceci.</p>"
    )
    info = extract_text(html)
    assert info.headings == (Heading(2, "voir", f"Voir {START}cible{END}"),)
    assert info.text.splitlines()[1] == (
        f"Par {START}english-only{END}, mon texte et {START}nulle-part{END}."
        " Un auteur écrit ceci."  # the markers are ours alone
    )
    assert info.word_count == count_words(info.text.replace(START, "").replace(END, "")) == 14
    assert info == _with_the_standard_parser(html)

    records = [
        SimpleNamespace(id="fr/cible.md", lang="fr", slug="cible", title="La cible élégante"),
        SimpleNamespace(id="en/only.md", lang="en", slug="english-only", title="English only"),
    ]
    index = ContentIndex.from_records(records, ("fr", "en"))
    assert index.shown_text(info.text, "fr") == (
        "Voir La cible élégante\nPar English only, mon texte et nulle-part. Un auteur écrit ceci."
    )
    assert index.shown_text("Sans lien.", "fr") == "Sans lien."


@pytest.mark.parametrize(("minimum", "expected"), [(3, 2), (4, 0)])
def test_toc_nests_h3_under_h2_and_needs_enough_headings(minimum, expected):
    toc = build_toc(extract_text(HTML).headings, minimum)
    assert len(toc) == expected
    if toc:
        assert [c.anchor for c in toc[0].children] == ["un-a"]


@pytest.mark.parametrize(("words", "minutes"), [(0, 1), (220, 1), (1000, 5)])
def test_reading_minutes(words, minutes):
    assert reading_minutes(words) == minutes


def test_words_are_counted_once_and_survive_letting_go_of_the_text():
    import pickle
    from dataclasses import replace

    html = '<h2 id="t">Titre</h2><p>Un deux trois, <a href="/x">quatre</a>.</p><img src="i.png">'
    info = extract_text(html + "<pre><code>x = 1</code></pre>")
    assert info.word_count == count_words(info.text) == 7
    released = info.without_text()
    assert released == replace(info, text=""), "every other field as it was"
    assert released.headings and released.links and released.anchors and released.images
    assert released.word_count == 7
    assert pickle.loads(pickle.dumps(released)).word_count == 7  # workers, analyses cache
    # What ContentIndex.release_texts does: the same, in place.
    kept = replace(info)
    info.let_text_go()
    assert info == released and kept.text and info is not kept


# --- The fast path (a regular expression) against the standard library's parser ---------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from plugins.content_index import extract as extract_module  # noqa: E402

_VALUES = [
    "x",
    "auto",
    "#un",
    "a&amp;b",
    "&eacute;t&#233;",
    "a>b",
    "a<b",
    "",
    "{filename}a.md",
    "b c",
]
_ATTRIBUTES = st.one_of(
    st.builds(
        lambda name, value: f' {name}="{value}"',
        st.sampled_from(
            ["id", "class", "href", "src", "name", "alt", "data-x", "data-wikilink-text"]
        ),
        st.sampled_from([*_VALUES, "headerlink", "x headerlink"]),
    ),
    st.sampled_from([" open", " id='simple'", " id=bare", '  id="two-spaces"', ' ID="up"']),
)
_TAGS = ["p", "h2", "h3", "a", "img", "br", "code", "pre", "li", "em", "div", "td", "span"]
_PIECES = st.one_of(
    st.sampled_from(
        [
            "Un",
            "réseau",
            " ",
            "\n",
            "\t",
            "\xa0",
            "\u2028",
            "&amp;",
            "&lt;b&gt;",
            "&#233;",
            "&eacute;",
            "&nosuch;",
            "&",
            " & ",
            ">",
            "a  b",
            "\r\n",
            "\x02",
            "\x03",
        ]
    ),  # fmt: skip
    st.builds(
        lambda tag, attrs: f"<{tag}{''.join(attrs)}>",
        st.sampled_from(_TAGS),
        st.lists(_ATTRIBUTES, max_size=3),
    ),  # fmt: skip
    st.builds(lambda tag: f"</{tag}>", st.sampled_from(_TAGS)),
    st.sampled_from(
        [
            "<br />",
            "<br/>",
            '<img src="i.png" />',
            "<!-- note <p> -->",
            "a < b",
            "<script>if (a<b) x()</script>",
            "<script>w('<p id=\"s\">')</script>",
            "<style>p{}</style>",
            "<style>p{}</style>",
            "<template>t</template>",
            '</p class="x">',
            '<H2 id="up">',
            "</H2>",
            "<",
            "<!DOCTYPE html>",
            "<?x?>",
        ]
    ),  # fmt: skip
)


def _with_the_standard_parser(html: str):
    """extract_text(html) with the fast path turned off."""
    original = extract_module._feed_simple
    try:
        extract_module._feed_simple = lambda parser, html: False
        return extract_text(html)
    finally:
        extract_module._feed_simple = original


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES, max_size=40).map("".join))
def test_the_fast_path_reads_what_the_standard_parser_reads(html):
    assert extract_text(html) == _with_the_standard_parser(html)


def test_markdown_output_takes_the_fast_path_and_reads_the_same():
    import markdown

    from plugins.content_index.extract import _Extractor, _feed_simple

    source = (
        '## Un *titre* & co {#un}\n\nTexte avec [un lien](http://x.test/?a=1&b=2 "titre"),'
        " `<code>` et ![image](i.png).\n\n- un\n- deux\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n"
        "```python\nif a < b:\n    pass\n```\n\nUne note[^1].\n\n[^1]: La note.\n\n### Trois\n"
    )
    html = markdown.markdown(
        source,
        extensions=["extra", "codehilite", "toc"],
        extension_configs={"toc": {"permalink": "#", "permalink_class": "headerlink"}},
        output_format="html5",
    )
    assert _feed_simple(_Extractor(), html)
    got = extract_text(html)
    assert got == _with_the_standard_parser(html)
    assert [h.text for h in got.headings] == ["Un titre & co", "Trois"]
    assert "<code>" in got.text and "if a < b:" in got.text
