"""Defects readers met on the built site, each checked in Chromium or on parsed HTML.

The results page completes the last word, the language chosen in the header is remembered,
pages fit a phone, graph focus shows, code blocks take focus, `lang` on list cards, favicon.
"""

from __future__ import annotations

import re

import pytest

from tests.browser.axe import serious_violations
from tests.browser.test_search import settled, type_in_search_box
from tests.conftest import parse

ARTICLE_WITH_CODE = "fr/2012/portail-intranet-collaboratif-ville/index.html"
KB_WITH_CODE = "en/kb/guides/launching-an-enterprise-social-network/index.html"


def result_hrefs(page):
    return page.locator(".search-result h2 a").evaluate_all("as => as.map(a => a.href)")


# --- Search: the results page completes the last word, as the header's box does -------------


@pytest.mark.parametrize(
    ("lang", "query"), [("en", "intra"), ("fr", "intra"), ("fr", "collab"), ("en", "collab")]
)
def test_results_page_completes_a_partly_typed_last_word(page, server, lang, query):
    page.goto(f"{server}/{lang}/search/index.html?q={query}")
    settled(page)
    assert page.locator(".search-result").count() >= 2
    assert page.locator(".search-result mark").count() >= 2
    assert query in page.locator("[data-search-status]").inner_text()


def test_enter_in_the_header_box_shows_the_suggested_pages_first(page, server):
    page.goto(f"{server}/en/index.html")
    type_in_search_box(page, "intra")
    suggested = page.locator("#search-box-listbox [role=option]:not(.search-box__all)")
    suggested = suggested.evaluate_all("os => os.map(o => o.getAttribute('data-href'))")
    assert len(suggested) >= 2
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/en/search/index\.html\?q=intra$"))
    settled(page)
    assert result_hrefs(page)[: len(suggested)] == suggested


def test_typing_on_the_results_page_completes_the_last_word(page, server):
    page.goto(f"{server}/fr/search/index.html")
    page.locator("#search-page-input").press_sequentially("collab", delay=20)
    page.wait_for_function("() => location.search === '?q=collab'")
    settled(page)
    assert page.locator(".search-result").count() >= 2


# --- The language chosen in the header is remembered at the site root ------------------------


@pytest.mark.parametrize(
    ("locale", "start", "chosen"),
    [("en-US", "en/index.html", "fr"), ("fr-FR", ARTICLE_WITH_CODE, "en")],
)
def test_a_language_chosen_in_the_header_wins_at_the_site_root(
    browser, server, locale, start, chosen
):
    context = browser.new_context(locale=locale)
    page = context.new_page()
    page.goto(f"{server}/{start}")
    page.click(f"a[data-lang-switch={chosen}]")
    page.wait_for_url(re.compile(rf"/{chosen}/"))
    page.goto(f"{server}/index.html")
    page.wait_for_url(re.compile(r"/(fr|en)/index\.html$"))
    landed = page.url
    context.close()
    assert f"/{chosen}/" in landed, f"chose {chosen}, the root went to {landed}"


# --- No sideways scrolling on phones ---------------------------------------------------------

NARROW_PAGES = [
    "fr/search/index.html",
    "en/search/index.html",
    "fr/search/index.html?q=intranet&langs=all",
    "fr/index.html",
    "en/index.html",
    ARTICLE_WITH_CODE,
    KB_WITH_CODE,
    "fr/graph/index.html",
    "en/graph/index.html",
    "fr/tags/collaboration/index.html",
]


@pytest.mark.parametrize("width", [320, 375])
def test_pages_fit_a_phone_screen(browser, server, width):
    context = browser.new_context(viewport={"width": width, "height": 700})
    page = context.new_page()
    too_wide = {}
    for path in NARROW_PAGES:
        page.goto(f"{server}/{path}")
        if "?q=" in path:
            page.wait_for_selector(".search-result")
        scroll_width = page.evaluate("document.scrollingElement.scrollWidth")
        if scroll_width > width:
            too_wide[path] = scroll_width
    context.close()
    assert not too_wide, f"wider than {width} px: {too_wide}"


# --- Keyboard focus on graph nodes -----------------------------------------------------------


def rgb(css: str) -> tuple[float, ...]:
    return tuple(float(x) for x in re.findall(r"[\d.]+", css)[:3])


def contrast(a: str, b: str) -> float:
    def luminance(colour):
        channels = [c / 255 for c in rgb(colour)]
        r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


CIRCLE_STYLE = """node => {
  const style = getComputedStyle(node.querySelector('circle'));
  return {stroke: style.stroke, fill: style.fill, width: parseFloat(style.strokeWidth),
          background: getComputedStyle(node.closest('svg')).backgroundColor,
          focusVisible: node.matches(':focus-visible')};
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("kind", ["tag", "cat-0", "page"])
def test_keyboard_focus_on_a_graph_node_is_clearly_visible(page, server, scheme, kind):
    page.emulate_media(color_scheme=scheme)
    page.goto(f"{server}/fr/graph/index.html")
    node = page.locator(f"a.graph-node.graph-{kind}").first
    before = node.evaluate(CIRCLE_STYLE)
    node.focus()
    after = node.evaluate(CIRCLE_STYLE)
    assert after["focusVisible"]
    # The ring stands out from the graph's background (WCAG 1.4.11: 3:1) ...
    assert contrast(after["stroke"], after["background"]) >= 3, after
    # ... is clearly thicker, and the node changes colour by 3:1 somewhere (WCAG 2.4.13).
    assert after["width"] >= before["width"] + 2, (before, after)
    change = max(
        contrast(after["stroke"], before["stroke"]), contrast(after["fill"], before["fill"])
    )
    assert change >= 3, (before, after)


# --- Code blocks and landmarks: accessible at phone width ------------------------------------


@pytest.mark.parametrize("path", [ARTICLE_WITH_CODE, KB_WITH_CODE])
def test_code_blocks_that_scroll_take_keyboard_focus(browser, server, axe_source, path):
    context = browser.new_context(viewport={"width": 375, "height": 700})
    page = context.new_page()
    page.goto(f"{server}/{path}")
    page.wait_for_load_state("load")
    blocks = page.locator("main pre").evaluate_all(
        "ps => ps.map(p => [p.scrollWidth > p.clientWidth, p.getAttribute('tabindex')])"
    )
    assert any(overflows for overflows, _ in blocks), "the test needs a code block that scrolls"
    assert all(tabindex == ("0" if overflows else None) for overflows, tabindex in blocks), blocks
    serious = serious_violations(page, axe_source)
    assert not serious, "\n".join(serious)
    # Wide enough for the code: no useless tab stop.
    page.set_viewport_size({"width": 1600, "height": 900})
    page.wait_for_function(
        "() => [...document.querySelectorAll('main pre')]"
        ".every(p => (p.scrollWidth > p.clientWidth) === p.hasAttribute('tabindex'))"
    )
    context.close()


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_each_search_landmark_of_the_graph_page_has_its_own_name(page, server, axe_source, lang):
    page.goto(f"{server}/{lang}/graph/index.html")
    names = page.locator("[role=search]").evaluate_all(
        """forms => forms.map(f => (f.getAttribute('aria-label') || (f.getAttribute('aria-labelledby') || '')
             .split(/\\s+/).map(id => (document.getElementById(id) || {}).textContent || '').join(' ')).trim())"""
    )
    assert len(names) == 2 and all(names) and len(set(names)) == 2, names
    serious = serious_violations(page, axe_source)
    assert not serious, "\n".join(serious)


# --- lang on the cards of one-language articles ----------------------------------------------


def effective_lang(element) -> str | None:
    return next((e["lang"] for e in [element, *element.parents] if e.get("lang")), None)


@pytest.mark.parametrize("path", ["fr/index.html", "fr/tags/collaboration/index.html"])
def test_foreign_cards_mark_only_the_author_text_with_its_language(site, path):
    cards = parse(site / path).select("li.article-card--foreign")
    assert cards, "the test needs an English article in a French list"
    for card in cards:
        assert not card.has_attr("lang")
        assert effective_lang(card.select_one(".article-card__title a")) == "en"
        assert effective_lang(card.select_one(".article-card__summary")) == "en"
        for ui_text in card.select("time, .reading-time, .badge, .tag"):
            assert effective_lang(ui_text) == "fr", ui_text


# --- The favicon -----------------------------------------------------------------------------


def test_every_page_has_a_favicon_and_nothing_is_missing(page, server):
    failed = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    for path in ["index.html", "fr/index.html", ARTICLE_WITH_CODE, "en/graph/index.html"]:
        page.goto(f"{server}/{path}")
        page.wait_for_load_state("load")
        href = page.locator("link[rel=icon]").evaluate("link => link.href")
        icon = page.request.get(href)
        assert icon.ok and icon.headers["content-type"].startswith("image/svg+xml"), href
    assert not failed, failed
