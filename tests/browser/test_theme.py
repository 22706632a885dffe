"""The theme in a real browser: language switcher, dark mode, accessibility (axe-core)."""

from __future__ import annotations

import pytest

from tests.browser.axe import serious_violations
from tests.conftest import parse


def first_translated_article(site):
    for page in sorted((site / "fr").glob("[0-9][0-9][0-9][0-9]/*/index.html")):
        switch = parse(page).select_one('a[data-lang-switch="en"]')
        if not switch.has_attr("data-untranslated"):
            return page.relative_to(site).as_posix()
    raise AssertionError("no translated article in the sample site")


def test_language_switcher_round_trips_on_an_article(page, server, site):
    start = first_translated_article(site)
    page.goto(f"{server}/{start}")
    french_title = page.locator("h1").inner_text()
    page.click('a[data-lang-switch="en"]')
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() != french_title
    page.click('a[data-lang-switch="fr"]')
    page.wait_for_load_state()
    assert page.url == f"{server}/{start}"
    assert page.locator("h1").inner_text() == french_title


def test_dark_mode_toggle_changes_colours_and_is_remembered(page, server):
    page.emulate_media(color_scheme="light")
    page.goto(f"{server}/fr/index.html")
    background = lambda: page.evaluate("getComputedStyle(document.body).backgroundColor")  # noqa: E731
    light = background()
    toggle = page.locator("[data-theme-toggle]")
    assert toggle.is_visible()
    toggle.click()
    assert page.locator("html").get_attribute("data-theme") == "dark"
    assert toggle.get_attribute("aria-pressed") == "true"
    dark = background()
    assert dark != light
    page.reload()
    assert page.locator("html").get_attribute("data-theme") == "dark"
    assert background() == dark


def test_system_dark_preference_applies_without_a_choice(page, server):
    page.emulate_media(color_scheme="dark")
    page.goto(f"{server}/en/index.html")
    dark = page.evaluate("getComputedStyle(document.body).backgroundColor")
    page.emulate_media(color_scheme="light")
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") != dark


def test_root_follows_the_browser_language(browser, server):
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    page.goto(f"{server}/index.html")
    page.wait_for_url("**/en/index.html")
    context.close()


PAGE_TYPES = {
    "home": "{lang}/index.html",
    "article": None,  # filled from the built site
    "kb": "{lang}/kb/index.html",
    "categories": "{lang}/categories/index.html",
    "archives": "{lang}/archives/index.html",
    "404": "{lang}/404.html",
}


def page_of_type(site, kind, lang):
    if kind == "article":
        return (
            sorted((site / lang).glob("[0-9][0-9][0-9][0-9]/*/index.html"))[0]
            .relative_to(site)
            .as_posix()
        )
    if kind == "category":
        return (
            sorted((site / lang / "category").glob("*/index.html"))[0].relative_to(site).as_posix()
        )
    return PAGE_TYPES[kind].format(lang=lang)


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("kind", [*PAGE_TYPES, "category"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_accessibility_violation(page, server, site, axe_source, lang, kind, scheme):
    page.emulate_media(color_scheme=scheme)
    page.goto(f"{server}/{page_of_type(site, kind, lang)}")
    serious = serious_violations(page, axe_source)
    assert not serious, "\n".join(serious)


def test_pages_work_without_javascript(browser, server, site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{server}/index.html")
    assert page.url.endswith("/index.html"), "no redirect without JavaScript"
    page.click('a[data-lang="en"]')
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator(".article-card").count() > 0
    assert page.locator("[data-theme-toggle]").is_hidden(), (
        "the toggle needs JavaScript, so it stays hidden"
    )
    page.click(".article-card__title a >> nth=0")
    assert page.locator("article.article h1").is_visible()
    context.close()
