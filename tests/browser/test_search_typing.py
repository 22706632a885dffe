"""Search as readers type it, in Chromium.

Suggestions on a phone, words typed letter by letter, words that are nowhere, both
languages by date, "More results", long words in the query, dates on the 1st.
"""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest

from tests.browser.test_reader_fixes import result_hrefs
from tests.browser.test_search import settled, type_in_search_box


def results_for(page, server, lang, query, extra=""):
    page.goto(f"{server}/{lang}/search/index.html?q={quote(query)}{extra}")
    settled(page)
    return result_hrefs(page)


def show_all_results(page):
    more = page.locator("[data-search-more]")
    while more.is_visible():
        count = page.locator(".search-result").count()
        more.click()
        page.wait_for_function(
            "n => document.querySelectorAll('.search-result').length > n", arg=count
        )


# --- The header's suggestions stay on a phone's screen ---------------------------------------


@pytest.mark.parametrize("width", [320, 360, 414, 640])
def test_header_suggestions_stay_inside_a_phone_screen(browser, server, width):
    context = browser.new_context(viewport={"width": width, "height": 700})
    page = context.new_page()
    page.goto(f"{server}/fr/index.html")
    type_in_search_box(page, "intranet")
    box = page.locator("#search-box-listbox").bounding_box()
    context.close()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width, (width, box)
    assert box["width"] >= min(width - 40, 416) - 1, box  # uses the screen's width


# --- Typing a word letter by letter never loses its documents ---------------------------------


@pytest.mark.parametrize(("lang", "word"), [("en", "collaboration"), ("fr", "taylorisme")])
def test_results_keep_a_words_pages_while_it_is_typed(page, server, lang, word):
    pages = set(results_for(page, server, lang, word))
    assert pages
    lost = {}
    for n in range(5, len(word)):
        missing = pages - set(results_for(page, server, lang, word[:n]))
        if missing:
            lost[word[:n]] = sorted(missing)
    assert not lost, lost


def test_the_header_box_completes_a_word_typed_beyond_its_stem(page, server):
    page.goto(f"{server}/en/index.html")
    type_in_search_box(page, "collabora")
    page.wait_for_function(
        "() => document.querySelectorAll('#search-box-listbox [role=option]').length > 3"
    )
    titles = page.locator("#search-box-listbox .search-box__title").all_inner_texts()
    assert any("collaborative intranet portal" in t.lower() for t in titles), titles


# --- A word that is nowhere finds nothing -----------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "query", "status"),
    [
        ("fr", "télémédecine", "Aucun résultat pour « télémédecine »"),
        ("fr", "blockchain", "Aucun résultat pour « blockchain »"),
        ("en", "gamification", "No results for “gamification”"),
    ],
)
def test_a_word_that_is_nowhere_finds_nothing(page, server, lang, query, status):
    assert results_for(page, server, lang, query) == []
    shown = page.locator("[data-search-status]").inner_text()
    # French spaces: any; the query is isolated (U+2068 ... U+2069).
    assert status == re.sub(r"\s+", " ", shown).replace("\u2068", "").replace("\u2069", "").rstrip(
        "."
    ), shown


# --- Both languages -------------------------------------------------------------------------


def test_newest_first_merges_both_languages_by_date(page, server):
    results_for(page, server, "fr", "social", "&langs=all&sort=date")
    show_all_results(page)
    dates = page.locator(".search-result").evaluate_all(
        "lis => lis.map(li => li.querySelector('h2').lang + ' ' +"
        " (li.querySelector('.search-result__meta') || {}).textContent)"
    )
    # Dated results first: the newest one, in English, leads the French page's list.
    assert dates[0].startswith("en ") and re.search(r"10\s+décembre\s+2012", dates[0]), dates[:3]
    months = "janvier février mars avril mai juin juillet août septembre octobre novembre décembre"
    numbers = {m: i + 1 for i, m in enumerate(months.split())}
    found = []
    for line in dates:
        m = re.search(r"(\d+)(?:er)?\s+(\w+)\s+(\d{4})", line)
        if m:
            found.append((int(m[3]), numbers[m[2]], int(m[1])))
    assert len(found) >= 6 and {d.split()[0] for d in dates[: len(found)]} == {"fr", "en"}
    assert found == sorted(found, reverse=True), found
    assert all(not re.search(r"\d{4}", line) for line in dates[len(found) :])  # pages last


def test_an_exact_english_title_outranks_french_typos(page, server):
    hrefs = results_for(page, server, "fr", "english", "&langs=all")
    assert hrefs and hrefs[0].endswith("/en/2012/a-note-for-english-readers/index.html"), hrefs


# --- "More results" keeps keyboard focus in the results ---------------------------------------


@pytest.mark.parametrize("key", ["Enter", "Space"])
def test_more_results_moves_focus_to_the_first_new_result(page, server, key):
    results_for(page, server, "en", "social")
    assert page.locator(".search-result").count() == 10
    page.focus("[data-search-more]")
    page.keyboard.press(key)
    page.wait_for_function("() => document.querySelectorAll('.search-result').length > 10")
    focused = page.evaluate(
        "() => [...document.querySelectorAll('.search-result')]"
        ".indexOf(document.activeElement.closest('.search-result'))"
    )
    assert focused == 10
    assert page.evaluate("document.activeElement.tagName") == "A"


# --- A very long word in the query ------------------------------------------------------------

LONG = "Anticonstitutionnellement" + "a" * 40


@pytest.mark.parametrize("width", [320, 360])
def test_a_long_word_in_the_query_does_not_widen_the_page(browser, server, width):
    context = browser.new_context(viewport={"width": width, "height": 700})
    page = context.new_page()
    results_for(page, server, "fr", f"{LONG} collaboration")
    page_width = page.evaluate("document.scrollingElement.scrollWidth")
    results_for(page, server, "fr", LONG)  # no result: the message echoes it too
    no_result_width = page.evaluate("document.scrollingElement.scrollWidth")
    page.goto(f"{server}/fr/index.html")
    page.keyboard.press("/")
    page.keyboard.type(LONG)
    page.wait_for_selector("#search-box-listbox:not([hidden]) .search-box__all")
    list_overflow = page.evaluate(
        "(l => l.scrollWidth - l.clientWidth)(document.getElementById('search-box-listbox'))"
    )
    box_width = page.evaluate("document.scrollingElement.scrollWidth")
    context.close()
    assert page_width <= width and no_result_width <= width and box_width <= width
    assert list_overflow <= 0


# --- French dates: "1er" ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "query", "real", "shown"),
    [
        ("fr", "présidentielle", "2012-11-12", "1er mai 2012"),
        ("en", "presidential", "2012-11-15", "May 1, 2012"),
    ],
)
def test_the_first_of_the_month_in_result_dates(page, server, lang, query, real, shown):
    def first_of_may(route):
        response = route.fetch()
        body = response.text().replace(f'"d":"{real}"', '"d":"2012-05-01"')
        route.fulfill(response=response, body=body)

    page.route(re.compile(r"/search/d/\d+\.js$"), first_of_may)
    results_for(page, server, lang, query)
    metas = [re.sub(r"\s+", " ", m) for m in page.locator(".search-result__meta").all_inner_texts()]
    assert any(meta.startswith(shown) for meta in metas), metas
