"""Graphs read by keyboard and on a phone, in Chromium.

The local graph under an article shows keyboard focus on every kind of node, the graph
page's search never fades the focused node, and local-graph labels are readable on a phone.
"""

from __future__ import annotations

import pytest

from tests.browser.test_reader_fixes import contrast, rgb
from tests.conftest import parse

NEIGHBOUR_KINDS = ["link", "backlink", "related"]


def local_graph_articles(site) -> list[str]:
    """French article pages with a local graph, as paths relative to the site root."""
    pages = sorted(site.glob("fr/*/*/index.html"))
    return [
        str(path.relative_to(site)) for path in pages if parse(path).select("a.local-graph__node")
    ]


@pytest.fixture(scope="module")
def article_with_every_kind(site) -> str:
    for path in local_graph_articles(site):
        classes = {c for a in parse(site / path).select("a.local-graph__node") for c in a["class"]}
        if all(f"local-graph__node--{kind}" in classes for kind in NEIGHBOUR_KINDS):
            return path
    pytest.fail("the test needs an article whose local graph has every kind of neighbour")


# --- The local graph: a focus ring on every kind of node -------------------------------------

RING = """node => {
  const style = getComputedStyle(node.querySelector('circle'));
  const svg = node.closest('svg');
  return {colour: style.outlineColor, style: style.outlineStyle,
          width: parseFloat(style.outlineWidth), offset: parseFloat(style.outlineOffset),
          scale: svg.getBoundingClientRect().width / svg.viewBox.baseVal.width,
          background: getComputedStyle(svg).backgroundColor,
          article: getComputedStyle(svg.querySelector('.local-graph__node--self circle')).fill,
          focusVisible: node.matches(':focus-visible')};
}"""


@pytest.mark.parametrize("width", [1280, 375])
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("kind", NEIGHBOUR_KINDS)
def test_keyboard_focus_on_a_local_graph_node_shows_a_ring_apart_from_it(
    browser, server, article_with_every_kind, kind, scheme, width
):
    context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme)
    page = context.new_page()
    page.goto(f"{server}/{article_with_every_kind}")
    node = page.locator(f"a.local-graph__node--{kind}").first
    node.focus()
    ring = node.evaluate(RING)
    context.close()
    assert ring["focusVisible"] and ring["style"] == "solid", ring
    # The ring stands out from the graph's background (WCAG 1.4.11: 3:1), is not the orange
    # of the article's own node, sits apart from the node and is at least 2 px on screen.
    assert contrast(ring["colour"], ring["background"]) >= 3, ring
    assert rgb(ring["colour"]) != rgb(ring["article"]), ring
    assert ring["offset"] > 0, ring
    assert ring["width"] * ring["scale"] >= 2, ring


# --- The graph page: the search never fades the focused node ---------------------------------

OPACITY = """el => {
  let opacity = 1;
  for (let e = el; e; e = e.parentElement) opacity *= parseFloat(getComputedStyle(e).opacity);
  return opacity;
}"""
LABEL_OF_FOCUSED = """() => {
  const svg = document.querySelector('svg[data-graph]');
  const nodes = [...svg.querySelectorAll('.graph-node')];
  return svg.querySelectorAll('.graph__labels text')[nodes.indexOf(document.activeElement)];
}"""


def test_a_focused_node_and_its_label_stay_opaque_while_the_search_fades_the_others(page, server):
    page.goto(f"{server}/fr/graph/index.html")
    page.fill("#graph-search", "social")
    assert page.locator("a.graph-node.is-match").count() >= 1
    # Tab from the search field (past the zoom buttons) to the first node that is no match.
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('a.graph-node:not(.is-match)')"):
            break
    else:
        pytest.fail("Tab never reached a node that does not match")
    focused = page.evaluate_handle("document.activeElement")
    label = page.evaluate_handle(LABEL_OF_FOCUSED)
    assert page.evaluate("document.activeElement.matches(':focus-visible')")
    assert focused.evaluate(OPACITY) == 1
    assert label.evaluate(OPACITY) == 1
    # The labels of the matches show too; once focus leaves, the node fades like the others.
    match_label = page.evaluate_handle(
        """() => { const svg = document.querySelector('svg[data-graph]');
                   const nodes = [...svg.querySelectorAll('.graph-node')];
                   const i = nodes.indexOf(svg.querySelector('.graph-node.is-match'));
                   return svg.querySelectorAll('.graph__labels text')[i]; }"""
    )
    assert match_label.evaluate(OPACITY) == 1
    page.focus("#graph-search")
    assert focused.evaluate(OPACITY) < 0.5
    assert label.evaluate(OPACITY) < 0.5


# --- The local graph: labels readable on a phone ---------------------------------------------

LABELS = """svg => {
  const box = r => ({left: r.left, right: r.right, top: r.top, bottom: r.bottom, height: r.height});
  return [...svg.querySelectorAll('.local-graph__node text')]
    .filter(t => getComputedStyle(t).visibility === 'visible')
    .map(t => ({text: t.textContent, ...box(t.getBoundingClientRect())}));
}"""
FOCUSED = """node => {
  const box = r => ({left: r.left, right: r.right, top: r.top, bottom: r.bottom, height: r.height});
  const text = node.querySelector('text'), circle = node.querySelector('circle');
  const style = getComputedStyle(circle), svg = node.closest('svg');
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  const ring = (parseFloat(style.outlineOffset) + parseFloat(style.outlineWidth)) * scale;
  const c = circle.getBoundingClientRect();
  return {text: text.textContent, visible: getComputedStyle(text).visibility === 'visible',
          label: box(text.getBoundingClientRect()), svg: box(svg.getBoundingClientRect()),
          ring: {left: c.left - ring, right: c.right + ring, top: c.top - ring, bottom: c.bottom + ring}};
}"""


def inside(inner, outer, slack=0.5) -> bool:
    return (
        inner["left"] >= outer["left"] - slack
        and inner["right"] <= outer["right"] + slack
        and inner["top"] >= outer["top"] - slack
        and inner["bottom"] <= outer["bottom"] + slack
    )


def overlap(a, b) -> bool:
    return (
        a["left"] < b["right"]
        and b["left"] < a["right"]
        and a["top"] < b["bottom"]
        and b["top"] < a["bottom"]
    )


@pytest.mark.parametrize(("width", "tallest_needed"), [(320, 10), (375, 11), (1280, 11)])
def test_local_graph_labels_are_readable_on_a_phone(browser, server, site, width, tallest_needed):
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    problems = []
    for path in local_graph_articles(site):
        page.goto(f"{server}/{path}")
        svg = page.locator(".local-graph__svg")
        shown = svg.evaluate(LABELS)
        # At rest: the article's own label at least, and every label shown is readable.
        own = page.locator(".local-graph__node--self text")
        assert own.evaluate("t => getComputedStyle(t).visibility") == "visible", path
        if width >= 1024:
            assert len(shown) == page.locator(".local-graph__node").count(), path
        problems += [(path, "small at rest", s) for s in shown if s["height"] < tallest_needed]
        # Focused, a neighbour's label shows, readable, whole and clear of the focus ring.
        nodes = page.locator("a.local-graph__node")
        for i in range(nodes.count()):
            nodes.nth(i).focus()
            got = nodes.nth(i).evaluate(FOCUSED)
            if not got["visible"] or got["label"]["height"] < tallest_needed:
                problems.append((path, "not readable when focused", got))
            if not inside(got["label"], got["svg"]):
                problems.append((path, "cut off when focused", got))
            if width < 1024 and overlap(got["label"], got["ring"]):
                problems.append((path, "over the focus ring", got))
    context.close()
    assert not problems, "\n".join(map(str, problems))


# --- The graph page on a phone (defect 21) ----------------------------------------------------

VISIBLE_LABELS = """svg => [...svg.querySelectorAll('.graph__labels text')]
  .filter(t => getComputedStyle(t).visibility === 'visible')
  .map(t => { const r = t.getBoundingClientRect();
              return {text: t.textContent, left: r.left, right: r.right, top: r.top,
                      bottom: r.bottom, height: r.height}; })"""


@pytest.mark.parametrize("width", [360, 1280])
def test_graph_page_labels_are_readable_and_apart_and_nodes_easy_to_hit(browser, server, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    page.goto(f"{server}/fr/graph/index.html")
    svg = page.locator("svg[data-graph]")
    shown = svg.evaluate(VISIBLE_LABELS)
    assert len(shown) >= 10
    small = [s for s in shown if s["height"] < 11]
    assert not small, small
    # Estimated boxes keep the label boxes apart; the glyphs' boxes may touch by a pixel.
    shrunk = [{**s, "left": s["left"] + 1, "right": s["right"] - 1, "top": s["top"] + 2,
               "bottom": s["bottom"] - 2} for s in shown]  # fmt: skip
    clashes = [
        (a["text"], b["text"])
        for i, a in enumerate(shrunk)
        for b in shrunk[i + 1 :]
        if overlap(a, b)
    ]
    assert not clashes, clashes
    # Each node has an invisible hit area wider than small nodes.
    hits = page.locator("a.graph-node circle.graph-node__hit")
    assert hits.count() == page.locator("a.graph-node").count()
    smallest = page.locator("a.graph-node").first.evaluate(
        """n => [Number(n.querySelector('circle').getAttribute('r')),
                 Number(n.querySelector('.graph-node__hit').getAttribute('r'))]"""
    )
    assert smallest[1] > smallest[0]
    context.close()


def test_a_tap_on_a_local_graph_node_shows_its_label_before_opening_it(browser, server, site):
    context = browser.new_context(viewport={"width": 360, "height": 800}, has_touch=True)
    page = context.new_page()
    path = local_graph_articles(site)[0]
    url = f"{server}/{path}"
    page.goto(url)
    node = page.locator("a.local-graph__node").first
    label = node.locator("text")
    assert label.evaluate("t => getComputedStyle(t).visibility") == "hidden"
    node.scroll_into_view_if_needed()
    box = node.locator("circle").bounding_box()
    # Beside the 5 px dot, inside its hit area: the first tap names the node.
    page.touchscreen.tap(box["x"] + box["width"] / 2 + 7, box["y"] + box["height"] / 2)
    page.wait_for_timeout(100)
    assert page.url == url
    assert label.evaluate("t => getComputedStyle(t).visibility") == "visible"
    page.touchscreen.tap(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_url(lambda u: u != url)
    context.close()


# --- What the colours and nodes mean, for the eye and for a screen reader (defect 22) ---------


@pytest.mark.parametrize(("lang", "categories"), [("fr", "Catégories"), ("en", "Categories")])
def test_legend_names_the_categories_and_nodes_expose_their_kind(page, server, lang, categories):
    page.goto(f"{server}/{lang}/graph/index.html")
    group = page.get_by_role("group", name=categories)
    assert group.count() == 1 and group.locator("li").count() >= 2
    # The figure's name is short, not the legend run together.
    figure = page.locator("figure.graph")
    name = figure.evaluate("f => f.getAttribute('aria-label')")
    assert name and len(name) < 40
    described = page.evaluate(
        """() => [...document.querySelectorAll('a.graph-node')].map(a => ({
            kind: [...a.classList].find(c => c.startsWith('graph-node--')).slice(12),
            title: a.querySelector('title').textContent,
            description: (a.getAttribute('aria-describedby') || '').split(' ')
              .map(id => document.getElementById(id)?.textContent.trim() || '').join(' ')}))"""
    )
    assert all(d["description"] for d in described), described
    by_kind = {}
    for d in described:
        by_kind.setdefault(d["kind"], set()).add(d["description"])
    assert len(by_kind["tag"]) == 1 and len(by_kind["page"]) == 1
    assert by_kind["tag"] != by_kind["page"]
    assert all(text.startswith("Article") for text in by_kind["article"])
    # Same title, different kinds: told apart by their descriptions.
    seen = {}
    for d in described:
        if d["title"] in seen and seen[d["title"]]["kind"] != d["kind"]:
            assert seen[d["title"]]["description"] != d["description"]
        seen[d["title"]] = d


def test_on_a_phone_a_tap_near_a_graph_node_names_it_then_opens_it(browser, server):
    context = browser.new_context(viewport={"width": 360, "height": 800}, has_touch=True)
    page = context.new_page()
    url = f"{server}/fr/graph/index.html"
    page.goto(url)
    page.locator("svg[data-graph]").scroll_into_view_if_needed()
    # A node whose title does not fit at this size: hidden until the node is chosen.
    i = page.evaluate(
        """() => [...document.querySelectorAll('.graph__labels text')]
                   .findIndex(t => t.classList.contains('is-hidden'))"""
    )
    assert i >= 0
    node = page.locator("a.graph-node").nth(i)
    label = page.locator(".graph__labels text").nth(i)
    target = node.evaluate("n => new URL(n.getAttribute('href'), location.href).href")
    box = node.locator("circle").first.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.touchscreen.tap(x, y + box["height"] / 2 + 6)  # beside the dot, not on it
    page.wait_for_timeout(100)
    assert page.url == url
    assert node.evaluate("n => n === document.activeElement")
    assert label.evaluate("t => getComputedStyle(t).visibility") == "visible"
    page.touchscreen.tap(x, y)
    page.wait_for_url(target)
    context.close()
