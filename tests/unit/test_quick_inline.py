"""Markdown's inline patterns tried only where they could match (plugins/pelican_speedups/quick_inline.py).

The same Markdown, with and without QuickInlineExtension, gives the same HTML, and the
quick one tries fewer patterns.
"""

from __future__ import annotations

import pytest
from markdown import Markdown
from markdown.inlinepatterns import LinkInlineProcessor
from markdown.treeprocessors import InlineProcessor

from bench.make_corpus import make_corpus
from plugins.pelican_speedups.quick_inline import (
    QuickInlineExtension,
    QuickInlineProcessor,
    required_text,
)
from plugins.related.wikilinks import WikilinkExtension
from plugins.related.wikilinks import WikilinkInlineProcessor as Wikilink

CONFIGS = {
    "markdown.extensions.codehilite": {"css_class": "highlight"},
    "markdown.extensions.extra": {},
    "markdown.extensions.meta": {},
    "markdown.extensions.toc": {"permalink": "#", "permalink_class": "headerlink"},
}

SAMPLES = [
    "Plain words, nothing inline at all.",
    "Some `code` and ``co`de`` and \\`not code\\` and \\\\`code after a backslash`.",
    "Escapes: \\*not em\\*, \\_not em\\_, \\[not a link\\], \\<not html\\>, \\&amp;",
    'A [link](https://example.org "title"), a [ref][r], a [short ref], an ![image](i.png),'
    " ![ref image][r] and ![short image ref].\n\n[r]: https://example.com\n"
    "[short ref]: /a\n[short image ref]: /b.png",
    "Wikilinks [[Une cible]] and [[Une cible|son texte]] and [[cible#section]], [not one].",
    "Footnote[^1] and another[^note].\n\n[^1]: The note, with *em*.\n[^note]: `code` in it.",
    "Autolinks <https://example.org/a?b=c&d=e> and <someone@example.org>, < not one >.",
    "A line break here  \nand there.",
    'Inline <span class="x">html</span>, <!-- a comment -->, <br/> and &copy; &#169; &#xA9;'
    " & a lone ampersand, AT&T.",
    "*em* _em_ **strong** __strong__ ***both*** ___both___ *nested **strong** in em* snake_case_word"
    " 2*3*4 a * b * c",
    "Underscores alone: _em_, __strong__, ___both___ and snake_case.",
    "Alone: a `code` span.",
    "Alone: an \\*escape.",
    "Alone: a [[wikilink]].",
    "Alone: a [link](x).",
    "Alone: an ![image](x.png).",
    "Alone: a footnote[^n].\n\n[^n]: Note.",
    "Alone: <https://example.org>.",
    "Alone: <a@example.org>.",
    "Alone: a break  \nhere.",
    "Alone: <b>html</b>.",
    "Alone: &eacute;.",
    "# Heading with *em* and `code` {: #custom }\n\nText.\n\n## Second [[Lien]]\n\nMore.",
    "| a | *b* |\n| --- | --- |\n| `c` | [d](e) |\n\nTerm\n:   Definition with **strong**.",
    "- item *one*\n- item [two](x)\n    - nested `three`\n\n> quote with <b>html</b> & entity &amp;",
    "Abbr: the HTML spec.\n\n*[HTML]: Hyper Text Markup Language",
    "```python\nx = '[not](a link)' * 2  # `not code`\n```\n\nAfter the *fence*.",
    '<div markdown="1">\n*em inside* [link](x)\n</div>',
    "Mixed: `a`[b](c)**d**<e>&f;[[g]]\\h  \ni",
]


def markdown(quick: bool) -> Markdown:
    extensions = [*CONFIGS, WikilinkExtension()]
    if quick:
        extensions.append(QuickInlineExtension())
    return Markdown(extensions=extensions, extension_configs=CONFIGS, output_format="html5")


def render(md: Markdown, text: str) -> str:
    md.reset()
    return md.convert(text)


def test_the_extension_replaces_the_inline_processor_at_its_place():
    plain, quick = markdown(False), markdown(True)
    assert type(quick.treeprocessors["inline"]) is QuickInlineProcessor
    assert type(plain.treeprocessors["inline"]) is InlineProcessor
    order = [item.name for item in plain.treeprocessors._priority]
    assert [item.name for item in quick.treeprocessors._priority] == order


@pytest.mark.parametrize("text", SAMPLES)
def test_every_inline_syntax_renders_the_same(text):
    assert render(markdown(True), text) == render(markdown(False), text)


def test_a_generated_corpus_renders_the_same_with_fewer_tries(tmp_path, monkeypatch):
    make_corpus(tmp_path, pairs=12, seed=3)
    texts = [p.read_text("utf-8") for p in sorted(tmp_path.glob("articles/*/*.md"))]
    assert len(texts) >= 20
    tries = {"plain": 0, "quick": 0}
    original = InlineProcessor._InlineProcessor__applyPattern
    for kind in tries:

        def counted(self, *args, kind=kind):
            tries[kind] += 1
            return original(self, *args)

        monkeypatch.setattr(InlineProcessor, "_InlineProcessor__applyPattern", counted)
        md = markdown(kind == "quick")
        html = [render(md, text) for text in texts]
        if kind == "plain":
            expected = html
    assert html == expected
    assert tries["quick"] < tries["plain"] / 2, tries


def test_only_known_patterns_and_declared_ones_are_skipped():
    md = markdown(False)
    assert required_text(md.inlinePatterns["link"]) == ("[",)
    assert required_text(md.inlinePatterns["related_wikilink"]) == ("[[",)
    assert isinstance(md.inlinePatterns["related_wikilink"], Wikilink)
    # The same class with another expression, or a class not listed: tried everywhere.
    assert required_text(LinkInlineProcessor(r"@@", md)) is None

    class Mine(LinkInlineProcessor):
        pass

    assert required_text(Mine(r"(?<!\!)\[", md)) is None
