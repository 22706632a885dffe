"""One pass over article HTML: text, headings, links, anchors, table of contents."""

from __future__ import annotations

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

    info = extract_text("<p>Un deux trois, quatre.</p><pre><code>x = 1</code></pre>")
    assert info.word_count == count_words(info.text) == 6
    released = replace(info, text="")  # what ContentIndex.release_texts does
    assert released.word_count == 6
    assert pickle.loads(pickle.dumps(released)).word_count == 6  # workers, analyses cache
