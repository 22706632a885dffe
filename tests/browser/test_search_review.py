"""Search in Chromium, after the review of 2026-12-06 (/tmp/rv2/search.md).

Exact words before rare completions, stop words, close spellings, pages with every word,
"More results" clicked twice, the language switch and the category, the 404 page served
at a missing address, live regions and the title, history, browsing a tag, phones.
"""

from __future__ import annotations

import functools
import http.server
import io
import threading
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

import pytest

from tests.browser.test_reader_fixes import result_hrefs
from tests.browser.test_search import settled, type_in_search_box


def open_results(page, server, lang, query, extra=""):
    page.goto(f"{server}/{lang}/search/index.html?q={quote(query)}{extra}")
    settled(page)
    return result_hrefs(page)


def status(page):
    return page.locator("[data-search-status]").inner_text()


# --- Ranking and messages ---------------------------------------------------------------------


def test_an_acronym_finds_its_pages_before_words_that_begin_like_it(page, server):
    urls = open_results(page, server, "en", "ESN")
    assert urls and "enterprise-social-network" in urls[0], urls
    marks = page.locator(".search-result mark").all_inner_texts()
    assert {m.lower() for m in marks} <= {"esn", "esns"}, marks


@pytest.mark.parametrize(
    ("lang", "query"), [("fr", "le la les de des"), ("fr", "et ou"), ("en", "to be or not to be")]
)
def test_a_query_of_common_words_says_so_and_finds_nothing(page, server, lang, query):
    assert open_results(page, server, lang, query) == []
    words = {"fr": "mots courants", "en": "common words"}[lang]
    assert words in status(page)


def test_results_for_a_close_spelling_say_so(page, server):
    urls = open_results(page, server, "fr", "intarnet")
    assert urls
    note = page.locator("[data-search-note]")
    assert note.is_visible() and "orthographe proche" in note.inner_text()
    # Read out with the status line.
    assert "orthographe proche" in status(page)


def test_pages_with_every_word_first_and_the_others_on_request(page, server):
    urls = open_results(page, server, "fr", "intranet ville")
    note = page.locator("[data-search-note]")
    assert note.is_visible(), status(page)
    link = note.locator("a")
    assert link.count() == 1 and "partie des mots" in note.inner_text()
    link.click()
    page.wait_for_function("() => new URLSearchParams(location.search).get('words') === 'any'")
    settled(page)
    assert len(result_hrefs(page)) > len(urls)


# --- "More results" ---------------------------------------------------------------------------


def test_more_results_clicked_twice_adds_one_page(page, server):
    open_results(page, server, "fr", "social", "&langs=all")
    assert page.locator(".search-result").count() == 10
    page.locator("[data-search-more]").dblclick()
    page.wait_for_function("() => document.querySelectorAll('.search-result').length >= 20")
    page.wait_for_timeout(300)
    urls = result_hrefs(page)
    assert len(urls) == 20 and len(set(urls)) == 20


# --- The language switch keeps the category, translated ----------------------------------------


def test_the_language_switch_gives_the_category_in_the_other_language(page, server):
    open_results(page, server, "fr", "social", "&cat=" + quote("Réseaux sociaux"))
    switch = page.locator("a[data-lang-switch=en]").first
    page.wait_for_function(
        "() => document.querySelector('a[data-lang-switch=en]').href.includes('cat=')"
    )
    href = switch.get_attribute("href")
    assert "cat=Social+networks" in href, href
    switch.click()
    page.wait_for_url("**/en/search/**")
    settled(page)
    assert page.locator("select[name=cat]").input_value() == "Social networks"
    # An unknown category is not kept silently in the address.
    open_results(page, server, "en", "social", "&cat=Nowhere")
    assert "cat=" not in page.url


# --- Browsing a tag or a category without words ---------------------------------------------


def test_a_tag_can_be_browsed_without_words(page, server):
    page.goto(f"{server}/fr/search/index.html?tag=facebook")
    settled(page)
    assert len(result_hrefs(page)) >= 1
    assert "page" in status(page)


# --- Accessibility: live region, the title ------------------------------------------------------


def test_the_box_announces_its_suggestions_and_no_result_is_not_an_option(page, server):
    page.goto(f"{server}/fr/index.html")
    type_in_search_box(page, "intranet")
    live = page.locator("form[data-search-box] [role=status]")
    page.wait_for_function(
        "() => /suggestion/.test(document.querySelector('form[data-search-box] [role=status]').textContent)"
    )
    assert live.get_attribute("aria-live") == "polite"
    page.fill("#search-box-input", "zzzzqx")
    page.wait_for_function(
        "() => /Aucun/.test(document.querySelector('form[data-search-box] [role=status]').textContent)"
    )
    assert page.locator("#search-box-listbox [role=option]:not([aria-disabled=true])").count() == 0


def test_the_title_holds_the_query(page, server):
    open_results(page, server, "fr", "lassitude")
    assert page.title().startswith("\u2068lassitude\u2069 · ")


# --- History ------------------------------------------------------------------------------------


def test_back_returns_to_the_previous_query(page, server):
    open_results(page, server, "fr", "intranet")
    page.fill("#search-page-input", "lassitude")
    page.press("#search-page-input", "Enter")
    page.wait_for_function("() => location.search.includes('lassitude')")
    settled(page)
    page.go_back()
    page.wait_for_function("() => location.search.includes('intranet')")
    page.wait_for_function(
        "() => document.querySelector('#search-page-input').value === 'intranet'"
    )
    settled(page)
    assert any("portail-intranet" in u for u in result_hrefs(page))


# --- On a phone, the filters fold away -------------------------------------------------------


def test_on_a_phone_the_filters_are_folded_and_results_start_higher(browser, server):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    try:
        open_results(page, server, "fr", "intranet")
        assert page.locator("[data-search-filters]").evaluate("d => d.open") is False
        top = page.locator(".search-result").first.bounding_box()["y"]
        assert top < 740 * 0.6, top
        page.locator("[data-search-filters] summary").click()
        assert page.locator("select[name=tag]").is_visible()
    finally:
        context.close()


# --- The 404 page served at a missing address -----------------------------------------------


class _NotFoundHandler(http.server.SimpleHTTPRequestHandler):
    """Answers a missing file with the 404 page of its language, as hosts do."""

    def log_message(self, *args):
        pass

    def send_head(self):
        path = unquote(urlsplit(self.path).path)
        if not (self.directory_path / path.lstrip("/")).exists():
            lang = path.strip("/").split("/")[0]
            page = self.directory_path / lang / "404.html"
            if not page.exists():
                page = self.directory_path / "404.html"
            body = page.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            return io.BytesIO(body)
        return super().send_head()


@pytest.fixture(scope="module")
def host(site):
    handler = functools.partial(_NotFoundHandler, directory=str(site))
    _NotFoundHandler.directory_path = Path(site)
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.mark.parametrize("missing", ["/fr/2012/n-existe-pas/index.html", "/nowhere/at/all"])
def test_the_404_page_at_a_missing_address_keeps_its_styles_and_search(page, host, missing):
    page.goto(host + missing)
    styled = page.evaluate(
        "() => [...document.styleSheets].some(s => { try { return s.cssRules.length > 0 } catch (e) { return false } })"
    )
    assert styled
    type_in_search_box(page, "intranet")
    option = page.locator("#search-box-listbox [role=option]").first
    assert "ntranet" in option.inner_text()
    page.fill("#search-box-input", "lassitude")
    page.press("#search-box-input", "Escape")
    page.evaluate("() => document.querySelector('form[data-search-box]').requestSubmit()")
    page.wait_for_url("**/search/index.html?q=lassitude")
    assert urlsplit(page.url).path.endswith(("/fr/search/index.html", "/en/search/index.html"))
    assert urlsplit(page.url).path.count("/") == 3
    settled(page)
    assert result_hrefs(page)


def test_the_404_page_still_opens_from_disk(page, site):
    page.goto(f"file://{site}/fr/404.html")
    assert page.evaluate("() => !document.querySelector('base')")
    assert page.evaluate("() => [...document.styleSheets].some(s => s.cssRules.length > 0)")


# --- A result links to the section of its best match ---------------------------------------


def test_a_result_links_to_the_section_of_its_match(page, server):
    urls = open_results(page, server, "fr", "gouvernance")
    first = [u for u in urls if "portail-intranet-collaboratif-ville" in u]
    assert first and first[0].endswith("/index.html#3-une-gouvernance-legere"), urls
    # A match in the first lines, before any heading, opens the top of the page.
    urls = open_results(page, server, "fr", "taylorisme")
    assert "#" not in urls[0], urls


# --- A match through a tag shows the tag ------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "query", "shown"),
    [
        ("en", "poll", "Survey (poll)"),
        ("en", "réseaux sociaux", "Social networks (Réseaux sociaux)"),
    ],
)
def test_a_result_found_through_a_tag_shows_that_tag_highlighted(page, server, lang, query, shown):
    open_results(page, server, lang, query)
    line = page.locator(".search-result__tags").first
    assert shown in line.inner_text()
    assert line.locator("mark").count() >= 1


def test_the_box_says_when_suggestions_are_for_a_close_spelling(page, server):
    page.goto(f"{server}/fr/index.html")
    type_in_search_box(page, "intarnet")
    note = page.locator("#search-box-listbox .search-box__note")
    note.wait_for()
    assert "orthographe proche" in note.inner_text()
    page.fill("#search-box-input", "intranet")
    page.wait_for_function("() => !document.querySelector('#search-box-listbox .search-box__note')")


# --- After the reader review of 2026-12-06, third round (/tmp/rv3/reader.md) --------------------


def test_a_quoted_exclusion_leaves_the_word_out_and_exclusions_alone_say_so(page, server):
    plain = open_results(page, server, "fr", "intranet -sharepoint")
    for query in ('intranet -"sharepoint"', "intranet -« sharepoint »", "intranet -“sharepoint”"):
        assert open_results(page, server, "fr", query) == plain, query
        marks = [m.lower() for m in page.locator(".search-result mark").all_inner_texts()]
        assert "sharepoint" not in marks, (query, marks)
    assert open_results(page, server, "fr", "-intranet") == []
    assert "mot à chercher" in status(page)


def test_show_them_too_keeps_keyboard_focus_near_the_results(page, server):
    open_results(page, server, "fr", "intranet ville")
    link = page.locator("[data-search-note] a")
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => new URLSearchParams(location.search).get('words') === 'any'")
    settled(page)
    focused = page.evaluate(
        "() => document.activeElement.matches('[data-search-status], [data-search-results] a')"
    )
    assert focused, page.evaluate("() => document.activeElement.outerHTML.slice(0, 80)")


def test_the_box_does_not_fall_back_to_the_other_language_for_common_words(page, server):
    page.goto(f"{server}/fr/index.html")
    type_in_search_box(page, "les")
    page.wait_for_function(
        "() => document.querySelector('form[data-search-box] [role=status]').textContent !== ''"
    )
    assert page.locator("#search-box-listbox .search-badge").count() == 0
    # A sent query does not complete a 2-letter word ("la" is not "language").
    open_results(page, server, "en", "le la")
    marks = {m.lower() for m in page.locator(".search-result mark").all_inner_texts()}
    assert marks <= {"le", "la"}, marks


def test_browsing_a_tag_or_a_category_says_which(page, server):
    page.goto(f"{server}/fr/search/index.html?tag=survey")
    settled(page)
    assert "Enquête" in status(page) and "étiquette" in status(page), status(page)
    assert "Enquête" in page.title()
    page.goto(f"{server}/en/search/index.html?cat=" + quote("Social networks"))
    settled(page)
    assert "Social networks" in status(page) and "category" in status(page), status(page)
    assert "Social networks" in page.title()


def test_the_query_is_isolated_from_the_surrounding_text(page, server):
    open_results(page, server, "fr", "\u202eabc")
    assert "\u2068\u202eabc\u2069" in status(page)
    assert "\u2068\u202eabc\u2069" in page.title()
    page.goto(f"{server}/en/index.html")
    type_in_search_box(page, "\u202ezzqx")
    page.locator("#search-box-listbox .search-box__none").wait_for()
    assert (
        "\u2068\u202ezzqx\u2069"
        in page.locator("#search-box-listbox .search-box__none").inner_text()
    )


@pytest.mark.parametrize("extra", ["&sort=date", "&langs=all"])
def test_on_a_phone_the_filters_stay_open_when_one_is_in_effect(browser, server, extra):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    try:
        open_results(page, server, "fr", "intranet", extra)
        assert page.locator("[data-search-filters]").evaluate("d => d.open") is True
    finally:
        context.close()


def test_the_french_tag_line_puts_a_no_break_space_before_its_colon(page, server):
    open_results(page, server, "fr", "sondage")
    line = page.locator(".search-result__tags").first.inner_text()
    assert "\u00a0:" in line and "\u202f:" not in line, repr(line)


def test_a_late_category_lookup_does_not_overwrite_the_language_switch(page, server):
    held = []
    released = []

    def hold(route):
        if released:
            route.continue_()
        else:
            held.append(route)

    page.route("**/search/f/index.js", hold)
    page.goto(
        f"{server}/fr/search/index.html?q=social&cat=" + quote("Réseaux sociaux"),
        wait_until="domcontentloaded",
    )
    page.wait_for_function("() => document.querySelector('select[name=cat]').value !== ''")
    page.wait_for_timeout(300)  # the category's run waits for the filters file
    page.select_option("select[name=cat]", "")
    page.wait_for_function("() => !location.search.includes('cat=')")
    released.append(True)
    for route in held:
        route.continue_()
    settled(page)
    page.wait_for_timeout(300)
    href = page.locator("a[data-lang-switch=en]").first.get_attribute("href")
    assert "cat=" not in href, href
