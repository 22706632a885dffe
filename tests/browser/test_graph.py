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
    circle = page.locator(f'a.graph-node[data-node="{article["id"]}"] circle').first
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
                reveal: M.reveal({x: 0, y: 0, w: 100, h: 50}, 200, 25, 0.1),
                stay: M.reveal({x: 0, y: 0, w: 100, h: 50}, 50, 25, 0.1),
                spread: M.spread([[0, 0, 10, 10], [5, 5, 15, 15], [20, 0, 30, 10]],
                                 [[21, 1, 22, 2, 0]], [1, 0, 2], 10),
                // A 100x50 box drawn in a 400x400 rect: 4 px a unit, centred vertically.
                point: M.toPoint({x: 0, y: 0, w: 100, h: 50},
                                 {left: 0, top: 0, width: 400, height: 400}, 200, 200),
            };
        }"""
    )
    assert result == {
        "fold": "reseau social",
        "matches": [0, 2],
        "zoom": {"x": 25, "y": 12.5, "w": 50, "h": 25},
        "message": "3 found",
        "reveal": {"x": 150, "y": 0, "w": 100, "h": 50},
        "stay": {"x": 0, "y": 0, "w": 100, "h": 50},
        "spread": [False, True, False],
        "point": {"x": 50, "y": 25},
    }


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_graph_page_has_no_serious_accessibility_violation(page, server, axe_source, lang, scheme):
    page.emulate_media(color_scheme=scheme)
    page.goto(graph_url(server, lang))
    serious = serious_violations(page, axe_source)
    assert not serious, "\n".join(serious)


# --- Keyboard: the view follows focus, arrow keys pan, + and − zoom (defect 19) ---------------

CENTRE_ON_SCREEN = """node => {
  const c = node.querySelector('circle').getBoundingClientRect();
  const s = node.closest('svg').getBoundingClientRect();
  const x = c.left + c.width / 2, y = c.top + c.height / 2;
  return x >= s.left && x <= s.right && y >= s.top && y <= s.bottom;
}"""


def test_tabbing_through_a_zoomed_graph_brings_each_node_into_view(page, server):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(graph_url(server, "en"))
    for _ in range(3):
        page.click('[data-graph-zoom="in"]')
    page.focus("#graph-search")
    count = page.locator("a.graph-node").count()
    checked, hidden = 0, []
    for _ in range(count + 6):
        page.keyboard.press("Tab")
        focused = page.evaluate_handle("document.activeElement")
        if not page.evaluate("n => n.classList.contains('graph-node')", focused):
            continue
        checked += 1
        if not page.evaluate(CENTRE_ON_SCREEN, focused):
            hidden.append(page.evaluate("n => n.getAttribute('data-node')", focused))
    assert checked > 10
    assert not hidden, hidden


def test_arrow_keys_pan_and_plus_minus_zoom_the_focused_drawing(page, server):
    page.goto(graph_url(server))
    svg = page.locator("svg[data-graph]")
    assert svg.get_attribute("tabindex") == "0"
    full = [float(v) for v in svg.get_attribute("viewBox").split()]
    svg.focus()
    page.keyboard.press("+")
    zoomed = [float(v) for v in svg.get_attribute("viewBox").split()]
    assert zoomed[2] < full[2]
    scroll = page.evaluate("window.scrollY")
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowDown")
    moved = [float(v) for v in svg.get_attribute("viewBox").split()]
    assert moved[0] > zoomed[0] and moved[1] > zoomed[1] and moved[2] == zoomed[2]
    assert page.evaluate("window.scrollY") == scroll  # the keys moved the map, not the page
    page.keyboard.press("-")
    assert float(svg.get_attribute("viewBox").split()[2]) > zoomed[2]
    page.keyboard.press("0")
    assert [float(v) for v in svg.get_attribute("viewBox").split()] == full
    # The keys are written on the page and are the drawing's description.
    keys = page.locator("#graph-keys")
    assert keys.is_visible() and "+" in keys.inner_text()
    assert svg.get_attribute("aria-describedby") == "graph-keys"


# --- The wheel scrolls the page unless the reader chose to zoom (defect 20) -------------------


def test_the_wheel_scrolls_the_page_and_zooms_only_with_ctrl_or_after_a_click(page, server):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(graph_url(server))
    svg = page.locator("svg[data-graph]")
    full = svg.get_attribute("viewBox")
    box = svg.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + 200)
    page.mouse.wheel(0, 300)
    page.wait_for_function("window.scrollY > 0")
    assert svg.get_attribute("viewBox") == full
    hint = page.locator("[data-graph-hint]")
    assert hint.is_visible() and "Ctrl" in hint.inner_text()
    page.keyboard.down("Control")
    page.mouse.wheel(0, -100)
    page.keyboard.up("Control")
    assert svg.get_attribute("viewBox") != full
    page.click('[data-graph-zoom="reset"]')
    # A click into the drawing (not on a node) lets the wheel zoom, until a click elsewhere.
    box = svg.bounding_box()
    page.mouse.click(box["x"] + 3, box["y"] + 3)
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.wheel(0, -100)
    assert svg.get_attribute("viewBox") != full
    page.click('[data-graph-zoom="reset"]')
    page.mouse.click(5, 5)  # outside the drawing
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.wheel(0, -100)
    page.wait_for_timeout(100)
    assert svg.get_attribute("viewBox") == full


def test_one_finger_scrolls_the_page_and_two_fingers_zoom(page, server):
    page.goto(graph_url(server))
    svg = page.locator("svg[data-graph]")
    assert svg.evaluate("s => getComputedStyle(s).touchAction") == "pan-y"
    full = svg.get_attribute("viewBox")
    # Two fingers moving apart: a pinch, about their midpoint.
    svg.evaluate(
        """s => {
            const r = s.getBoundingClientRect(), cx = r.left + r.width / 2, cy = r.top + r.height / 2;
            const fire = (type, id, x) => s.dispatchEvent(new PointerEvent(type, {
                pointerId: id, pointerType: 'touch', clientX: x, clientY: cy, bubbles: true, isPrimary: id === 1}));
            fire('pointerdown', 1, cx - 20); fire('pointerdown', 2, cx + 20);
            fire('pointermove', 1, cx - 60); fire('pointermove', 2, cx + 60);
            fire('pointerup', 1, cx - 60); fire('pointerup', 2, cx + 60);
        }"""
    )
    assert float(svg.get_attribute("viewBox").split()[2]) < float(full.split()[2])


def test_a_click_on_a_node_at_the_edge_of_a_zoomed_view_opens_it(page, server):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(graph_url(server))
    svg = page.locator("svg[data-graph]")
    for _ in range(2):
        page.click('[data-graph-zoom="in"]')
    frame = svg.bounding_box()
    # The node closest to the view's edge, yet on screen: focus must not move the view.
    edge = page.evaluate(
        """() => {
            const s = document.querySelector('svg[data-graph]').getBoundingClientRect();
            let best = null, gap = Infinity;
            document.querySelectorAll('a.graph-node').forEach((a, i) => {
                const c = a.querySelector('circle').getBoundingClientRect();
                const x = c.left + c.width / 2, y = c.top + c.height / 2;
                const d = Math.min(x - s.left, s.right - x, y - s.top, s.bottom - y);
                if (d > c.width && d < gap) { gap = d; best = i; }
            });
            return best;
        }"""
    )
    node = page.locator("a.graph-node").nth(edge)
    target = node.evaluate("n => new URL(n.getAttribute('href'), location.href).href")
    box = node.locator("circle").first.bounding_box()
    assert box["x"] > frame["x"]
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_url(target)


def test_zoomed_in_labels_stay_with_their_nodes(page, server):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(graph_url(server, "en"))
    for _ in range(3):
        page.click('[data-graph-zoom="in"]')
    page.wait_for_timeout(100)  # labels are placed at the next frame
    astray = page.evaluate(
        """() => {
            const nodes = [...document.querySelectorAll('a.graph-node')];
            return [...document.querySelectorAll('.graph__labels text')].flatMap((t, i) => {
                if (getComputedStyle(t).visibility !== 'visible') return [];
                const c = nodes[i].querySelector('circle').getBoundingClientRect();
                const x = c.left + c.width / 2, r = t.getBoundingClientRect();
                const slack = r.width * 0.1 + 2;
                return x < r.left - slack || x > r.right + slack ? [t.textContent] : [];
            });
        }"""
    )
    assert not astray, astray
