"""The graph page in a real browser: drawn at once, clickable, searchable, accessible."""

from __future__ import annotations

import json

import pytest

from tests.browser.axe import serious_violations


def graph_url(server, lang="fr"):
    return f"{server}/{lang}/graph/index.html"


def test_graph_renders_nodes_and_a_click_opens_the_page(page, server, site):
    data = json.loads((site / "fr/graph.json").read_text("utf-8"))
    article = next(n for n in data["nodes"] if n["kind"] == "article" and n["lang"] == "fr")
    page.goto(graph_url(server))
    nodes = page.locator("svg[data-graph] a.graph-node")
    assert nodes.count() == len(data["nodes"])
    circle = page.locator(f'a.graph-node[data-node="{article["id"]}"] circle')
    assert circle.bounding_box()["width"] > 0
    circle.click()
    page.wait_for_load_state()
    assert page.url == f"{server}/{article['url']}"
    assert page.locator("h1").inner_text() == article["title"]


def test_search_highlights_matching_nodes_and_enter_focuses_the_first(page, server):
    page.goto(graph_url(server, "en"))
    tools = page.locator("form[data-graph-tools]")
    assert tools.is_visible()  # shown by graph.js
    page.fill("#graph-search", "social")
    matches = page.locator("a.graph-node.is-match")
    assert matches.count() >= 2
    titles = [t.lower() for t in matches.locator("title").all_text_contents()]
    assert all("social" in t for t in titles)
    assert "match" in page.locator("[data-graph-status]").inner_text()
    assert "has-matches" in page.locator("svg[data-graph]").get_attribute("class")
    before = page.locator("svg[data-graph]").get_attribute("viewBox")
    page.press("#graph-search", "Enter")
    assert page.locator("svg[data-graph]").get_attribute("viewBox") != before  # zoomed to it
    assert page.evaluate("document.activeElement.classList.contains('is-current')")
    # Accents and case do not matter; clearing the field clears the highlight.
    page.fill("#graph-search", "ENTREPRISE")
    assert page.locator("a.graph-node.is-match").count() == 0  # an English page: no match
    assert page.locator("[data-graph-status]").inner_text() == "No match"
    page.fill("#graph-search", "")
    assert page.locator("a.graph-node.is-match").count() == 0


def test_zoom_buttons_and_dragging_move_the_view_without_opening_a_page(page, server):
    page.goto(graph_url(server))
    svg = page.locator("svg[data-graph]")
    full = svg.get_attribute("viewBox")
    page.click('[data-graph-zoom="in"]')
    zoomed = svg.get_attribute("viewBox")
    assert zoomed != full
    # Drag from a node: the view pans and the node's page does not open.
    node = page.locator("a.graph-node circle").first.bounding_box()
    start = (node["x"] + node["width"] / 2, node["y"] + node["height"] / 2)
    page.mouse.move(*start)
    page.mouse.down()
    page.mouse.move(start[0] + 60, start[1] + 40, steps=5)
    page.mouse.up()
    assert page.url == graph_url(server)
    assert svg.get_attribute("viewBox") != zoomed
    page.click('[data-graph-zoom="reset"]')
    assert [float(v) for v in svg.get_attribute("viewBox").split()] == [
        float(v) for v in full.split()
    ]


def test_graph_maths_is_pure(page, server):
    page.goto(graph_url(server))
    # The pure core is the same file Node can require(); here it runs in the page's realm.
    result = page.evaluate(
        """async () => {
            const source = await (await fetch('../../theme/js/graph.js')).text();
            const module = {exports: {}};
            new Function('module', 'window', 'document', source)(module, undefined, undefined);
            const M = module.exports;
            return {
                fold: M.fold('Réseau Social'),
                matches: M.matchTitles(['Intranet', 'Réseaux', 'Portail intranet'], 'INTRA'),
                zoom: M.zoom({x: 0, y: 0, w: 100, h: 50}, 0.5, 50, 25),
                message: M.message(3, 'none', 'one', '{n} found'),
            };
        }"""
    )
    assert result == {
        "fold": "reseau social",
        "matches": [0, 2],
        "zoom": {"x": 25, "y": 12.5, "w": 50, "h": 25},
        "message": "3 found",
    }


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_graph_page_has_no_serious_accessibility_violation(page, server, axe_source, lang, scheme):
    page.emulate_media(color_scheme=scheme)
    page.goto(graph_url(server, lang))
    serious = serious_violations(page, axe_source)
    assert not serious, "\n".join(serious)
