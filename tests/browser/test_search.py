"""Search in Chromium: the header combobox and the results page, over http and from disk."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.browser.axe import serious_violations
from tests.conftest import build_site

INTRANET_FR = "fr/2012/portail-intranet-collaboratif-ville/index.html"


@pytest.fixture(params=["http", "file"])
def base(request, server, site):
    """The site's base URL, served over http or opened straight from disk."""
    return server if request.param == "http" else f"file://{site}"


def type_in_search_box(page, text):
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "search-box-input"
    page.keyboard.type(text, delay=20)
    # The list of the whole text, not of a part of it: on a busy machine a pause between
    # two keys can outlast the box's 80 ms wait, and the part's list shows first.
    page.wait_for_function(
        """text => {
          const all = document.querySelector("#search-box-listbox:not([hidden]) .search-box__all");
          return all !== null && all.textContent.includes(text.trim());
        }""",
        arg=text,
    )


def test_suggestions_as_you_type_with_keyboard_navigation(page, base):
    page.goto(f"{base}/fr/index.html")
    box = page.locator("#search-box-input")
    type_in_search_box(page, "intran")  # a prefix: completed as you type
    assert box.get_attribute("role") == "combobox"
    assert box.get_attribute("aria-expanded") == "true"
    assert box.get_attribute("aria-controls") == "search-box-listbox"
    options = page.locator("#search-box-listbox [role=option]")
    assert options.count() >= 3
    assert "intranet" in options.first.inner_text().lower()
    assert page.locator("#search-box-listbox mark").count() >= 1
    page.keyboard.press("ArrowDown")
    first = options.first.get_attribute("id")
    assert box.get_attribute("aria-activedescendant") == first
    assert options.first.get_attribute("aria-selected") == "true"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowUp")
    assert box.get_attribute("aria-activedescendant") == first
    page.keyboard.press("Escape")
    assert box.get_attribute("aria-expanded") == "false"
    assert page.locator("#search-box-listbox").is_hidden()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    href = page.locator("#search-box-listbox [aria-selected=true]").get_attribute("data-href")
    page.keyboard.press("Enter")
    page.wait_for_url(href)
    assert page.locator("h1").count() == 1


def test_enter_without_a_suggestion_opens_the_results_page(page, base):
    page.goto(f"{base}/en/index.html")
    type_in_search_box(page, "taylorism")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/en/search/index\.html\?q=taylorism$"))
    page.wait_for_selector(".search-result")
    assert "taylorism" in page.locator(".search-result a").first.get_attribute("href")


def settled(page):
    """Wait until the results list is fully rendered (the page clears aria-busy)."""
    page.wait_for_selector("[data-search-results][aria-busy=false]", state="attached")


def test_results_page_ranks_highlights_filters_and_opens_a_result(page, base):
    page.goto(f"{base}/fr/search/index.html?q=Intranets")
    page.wait_for_selector(".search-result mark")
    settled(page)
    assert re.match(
        r"\d+\s+résultats?\s+pour\s+«\s*\u2068Intranets\u2069\s*»",
        page.locator("[data-search-status]").inner_text(),
    )
    results = page.locator(".search-result")
    assert results.count() >= 3
    assert all(
        lang == "fr" for lang in results.locator("h2").evaluate_all("hs => hs.map(h => h.lang)")
    )
    marks = page.locator(".search-result__excerpt mark").all_inner_texts()
    assert marks and all("intranet" in m.lower() for m in marks), marks

    # Both languages: French first, then English results with a language badge.
    page.check("input[name=langs][value=all]")
    page.wait_for_selector(".search-result h2[lang=en]")
    settled(page)
    assert "langs=all" in page.url
    langs = results.locator("h2").evaluate_all("hs => hs.map(h => h.lang)")
    assert langs == sorted(langs, key=lambda lang: lang != "fr"), langs
    assert (
        page.locator(".search-result h2[lang=en] .search-badge")
        .first.inner_text()
        .strip()
        .startswith("EN")
    )
    # The language switcher keeps the query.
    assert "q=Intranets" in page.locator("a[data-lang-switch=en]").get_attribute("href")

    # A tag filter narrows the results; the URL says so (shareable).
    unfiltered = results.count()
    page.select_option("select[name=tag]", "sharepoint")
    page.wait_for_function("() => location.search.includes('tag=sharepoint')")
    page.wait_for_function(
        "n => document.querySelectorAll('.search-result').length < n", arg=unfiltered
    )
    settled(page)
    assert results.count() == 2  # the intranet article, in French and in English
    page.select_option("select[name=sort]", "date")
    page.wait_for_function("() => location.search.includes('sort=date')")
    settled(page)

    href = results.first.locator("a").get_attribute("href")
    results.first.locator("a").click()
    page.wait_for_url(href)


def test_typos_and_accents_from_the_results_page(page, base):
    page.goto(f"{base}/fr/search/index.html?q=intarnet%20colaboratif")
    page.wait_for_selector(".search-result")
    hrefs = page.locator(".search-result a").evaluate_all(
        "as => as.map(a => a.getAttribute('href'))"
    )
    assert any(h.endswith(INTRANET_FR) for h in hrefs[:3]), hrefs
    assert page.locator(".search-result mark").count() > 0


def test_search_works_offline_from_disk(browser, site):
    context = browser.new_context(locale="fr-FR", offline=True)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"file://{site}/fr/index.html")
    type_in_search_box(page, "intranet")
    page.keyboard.press("Enter")
    page.wait_for_selector(".search-result mark")
    assert all(url.startswith("file://") for url in requests), [
        u for u in requests if not u.startswith("file:")
    ]
    assert any(url.endswith("/search/meta.js") for url in requests)
    context.close()
    assert not errors, errors


def test_without_javascript_the_form_reaches_the_results_page(browser, site, server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{server}/en/index.html")
    page.fill("#search-box-input", "intranet")
    page.press("#search-box-input", "Enter")
    page.wait_for_url(re.compile(r"/en/search/index\.html\?q=intranet$"))
    assert "JavaScript" in page.locator("main").inner_text()
    context.close()


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_results_page_with_results_has_no_serious_accessibility_violation(
    page, server, axe_source, lang, scheme
):
    page.emulate_media(color_scheme=scheme)
    page.goto(f"{server}/{lang}/search/index.html?q=intranet&langs=all")
    page.wait_for_selector(".search-result mark")
    serious = serious_violations(page, axe_source)
    assert not serious, "\n".join(serious)


def test_open_suggestions_have_no_serious_accessibility_violation(page, server, axe_source):
    page.goto(f"{server}/fr/index.html")
    type_in_search_box(page, "intranet")
    page.keyboard.press("ArrowDown")
    serious = serious_violations(page, axe_source)
    assert not serious, "\n".join(serious)


# --- Hostile content -------------------------------------------------------------------------

XSS_TITLE = "<img src=x onerror=window.__xss=1> zorglub"


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("xss")
    content = root / "content"
    (content / "articles/fr").mkdir(parents=True)
    (content / "articles/fr/piege.md").write_text(
        f"Title: {XSS_TITLE}\nDate: 2012-01-01\nCategory: <b>Essais</b>\nSummary: zorglub\n\n"
        "Le mot zorglub &lt;/script&gt;&lt;script&gt;window.__xss=2&lt;/script&gt; et\u2028 une ligne.\n"
        "\n    </script><script>window.__xss=3</script> zorglub\n",
        "utf-8",
    )
    (content / "taxonomy.toml").write_text(
        '[[tag]]\nid = "x"\nlabel = { fr = "X", en = "X" }\n', "utf-8"
    )
    output = root / "output"
    result = build_site(content, output)
    assert result.returncode == 0, result.stdout + result.stderr
    return output


@pytest.mark.parametrize("via", ["box", "page"])
def test_hostile_titles_and_text_are_shown_as_text(page, hostile_site, via):
    if via == "box":
        page.goto(f"file://{hostile_site}/fr/index.html")
        type_in_search_box(page, "zorglub")
        shown = page.locator("#search-box-listbox [role=option]").first.inner_text()
    else:
        page.goto(f"file://{hostile_site}/fr/search/index.html?q=zorglub")
        page.wait_for_selector(".search-result")
        shown = page.locator(".search-result").first.inner_text()
        assert "</script>" in page.locator(".search-result__excerpt").first.inner_text()
    assert "<img src=x onerror=window.__xss=1>" in shown
    assert page.locator("main img, header img").count() == 0
    assert page.evaluate("typeof window.__xss") == "undefined"
