"""Theme defects readers met, checked in Chromium or on the parsed sample site.

Wide tables take keyboard focus and a name on a phone; the graph page's legend names its
article-to-tag lines, drawn apart from the related articles'; `lang` only on the words in
the other language (archives, local graph); tag and category pages say so in their title.
"""

from __future__ import annotations

import pytest

from tests.browser.axe import serious_violations
from tests.build.test_site import LANGS, UI, article_pages, resolve
from tests.conftest import parse

GLOSSARY_TABLES = [
    "fr/kb/glossaire/reseau-social-d-entreprise/index.html",
    "fr/kb/glossaire/intranet-collaboratif/index.html",
]


def effective_lang(element) -> str | None:
    return next((e["lang"] for e in [element, *element.parents] if e.get("lang")), None)


# --- 7. Tables that scroll sideways take keyboard focus, show it and have a name -------------

TABLES = """ts => ts.map(t => ({overflows: t.scrollWidth > t.clientWidth,
  tabindex: t.getAttribute('tabindex'), label: t.getAttribute('aria-label'),
  headers: [...t.rows[0].cells].filter(c => c.tagName === 'TH')
    .map(c => c.textContent.replace(/\\s+/g, ' ').trim()).filter(Boolean)}))"""
SETTLED = """() => [...document.querySelectorAll('main table')].every(t =>
  (t.scrollWidth > t.clientWidth) === (t.getAttribute('tabindex') === '0')
  && t.hasAttribute('aria-label') === t.hasAttribute('tabindex'))"""


@pytest.mark.parametrize("path", GLOSSARY_TABLES)
def test_tables_that_scroll_take_keyboard_focus_and_a_name(browser, server, axe_source, path):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="fr-FR")
    page = context.new_page()
    page.goto(f"{server}/{path}")
    page.wait_for_load_state("load")
    tables = page.locator("main table").evaluate_all(TABLES)
    assert any(t["overflows"] for t in tables), "the test needs a table that scrolls at 360 px"
    for t in tables:
        assert t["tabindex"] == ("0" if t["overflows"] else None), t
    wide = next(t for t in tables if t["overflows"])
    # Named after its header row, in the page's language; still a table to assistive tech.
    name = UI["fr"]["table_label_headers"].format(headers=", ".join(wide["headers"]))
    assert wide["label"] == name
    assert page.get_by_role("table", name=name, exact=True).count() == 1
    # Tab reaches it, and the focus ring shows.
    table = page.locator("main table[tabindex='0']").first
    for _ in range(80):
        page.keyboard.press("Tab")
        if table.evaluate("t => document.activeElement === t"):
            break
    else:
        pytest.fail("Tab never reaches the table that scrolls")
    ring = table.evaluate(
        "t => { const s = getComputedStyle(t); return [s.outlineStyle, parseFloat(s.outlineWidth)]; }"
    )
    assert ring[0] != "none" and ring[1] >= 2, ring
    # The arrow keys scroll it.
    page.keyboard.press("ArrowRight")
    page.wait_for_function("t => t.scrollLeft > 0", arg=table.element_handle())
    serious = serious_violations(page, axe_source)
    assert not serious, "\n".join(serious)
    # Wide enough: no tab stop, no name added; narrow again: back (checked on resize).
    page.set_viewport_size({"width": 1280, "height": 900})
    page.wait_for_function(SETTLED)
    assert not any(t["overflows"] for t in page.locator("main table").evaluate_all(TABLES))
    page.set_viewport_size({"width": 360, "height": 740})
    page.wait_for_function(SETTLED)
    assert page.locator("main table[tabindex='0'][aria-label]").count() >= 1
    context.close()


# --- 16. The graph legend: article-to-tag lines have their own entry and style -------------

GRAPH_STYLES = """() => {
  const style = sel => { const c = getComputedStyle(document.querySelector(sel));
    return {stroke: c.stroke, dash: c.strokeDasharray, colour: c.borderTopColor,
            line: c.borderTopStyle}; };
  return {tagEdge: style('.graph-edge--tag'), relatedEdge: style('.graph-edge--related'),
          tagKey: style('.graph-legend .graph-line--tag'),
          relatedKey: style('.graph-legend .graph-line--related')};
}"""


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_graph_legend_has_its_own_line_for_tag_edges(page, server, lang, scheme):
    page.emulate_media(color_scheme=scheme)
    page.goto(f"{server}/{lang}/graph/index.html")
    assert page.locator(".graph-edge--tag").count() == 1, "the sample graph draws tag edges"
    entry = page.locator(".graph-legend li", has=page.locator(".graph-line--tag"))
    assert entry.count() == 1
    assert entry.inner_text().strip() == UI[lang]["graph_legend_tag_edge"]
    got = page.evaluate(GRAPH_STYLES)
    tag, related = got["tagEdge"], got["relatedEdge"]
    # Drawn apart from the related articles' lines...
    assert (tag["stroke"], tag["dash"]) != (related["stroke"], related["dash"]), got
    assert tag["dash"] not in ("none", ""), got
    # ... and the legend shows them as drawn: dashed, in the same colour.
    assert got["tagKey"]["line"] == "dashed" and got["tagKey"]["colour"] == tag["stroke"], got
    assert got["relatedKey"]["line"] == "solid", got


# --- 13. `lang` on the other language's words only ------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_archives_mark_other_language_titles(site, lang):
    links = parse(site / lang / "archives/index.html").select(".archive-list a[hreflang]")
    assert any(a["hreflang"] != lang for a in links), "the test needs an other-language title"
    for a in links:
        assert effective_lang(a) == a["hreflang"], a
        badge = a.find_next_sibling(class_="badge")
        if badge:
            assert effective_lang(badge) == lang


@pytest.mark.parametrize("lang", LANGS)
def test_local_graph_nodes_keep_ui_words_out_of_the_other_language(site, lang):
    kinds = {
        UI[lang][k]
        for k in (
            "related_reason_links_to",
            "related_reason_linked_from",
            "related_reason_links_both",
            "local_graph_related",
        )
    }
    foreign = 0
    for path in article_pages(site, lang):
        soup = parse(path)
        for node in soup.select("a.local-graph__node"):
            target = resolve(path, node["href"], site)
            target_lang = parse(target).html["lang"]
            # The name is the title alone, in the title's language...
            assert node["aria-label"] == node.find("title").get_text(strip=True), (path, node)
            assert not any(kind in node["aria-label"] for kind in kinds), (path, node)
            assert effective_lang(node) == target_lang, (path, node)
            foreign += target_lang != lang
            # ... and the kind of link, in the page's language, describes it.
            described = soup.find(id=node["aria-describedby"])
            assert described and described.get_text(strip=True) in kinds, (path, node)
            assert effective_lang(described) == lang
    assert foreign, "the test needs a local-graph node in the other language"


# --- 14. Tag and category pages say what they are in their <title> ---------------------------


def head_title(path) -> str:
    return parse(path).head.title.get_text()


@pytest.mark.parametrize("lang", LANGS)
def test_tag_category_and_glossary_pages_have_distinct_titles(site, lang):
    suffix = " · " + head_title(site / lang / "archives/index.html").split(" · ", 1)[1]
    titles = {}
    for kind, folder in (("tag_page_title", "tags"), ("category_page_title", "category")):
        for path in sorted((site / lang / folder).glob("*/index.html")):
            name = parse(path).h1.get_text(strip=True)
            assert head_title(path) == UI[lang][kind].format(name=name) + suffix, path
            titles.setdefault(head_title(path), []).append(path)
    for path in sorted((site / lang / "kb").rglob("index.html")):
        titles.setdefault(head_title(path), []).append(path)
    shared = {title: paths for title, paths in titles.items() if len(paths) > 1}
    assert not shared, shared
    # The sample site has a tag, a category and a glossary page named "Social business".
    assert f"{UI[lang]['tag_page_title'].format(name='Social business')}{suffix}" in titles
