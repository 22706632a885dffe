"""Author content that must not break the reader's page.

A word longer than the screen, and a search record whose address leads out of the site.

The sample site with one more article whose title, summary and body hold a 280-letter
word, built and served for this module.
"""

from __future__ import annotations

import functools
import http.server
import json
import re
import shutil
import threading

import pytest

from tests.browser.conftest import _QuietHandler
from tests.browser.test_search import settled, type_in_search_box
from tests.conftest import SAMPLE_CONTENT, build_site

WORD = "Antidisestablishmentarianism" * 10
LONG = (
    f"Title: Long {WORD} zanzibarlong\nDate: 2013-01-27 10:00\nCategory: Intranet\n"
    f"Tags: intranet\nSlug: mot-long\nSummary: Résumé {WORD} zanzibarlong.\n\n"
    f"Corps {WORD} zanzibarlong, voir [[portail-intranet-collaboratif-ville]].\n"
)


@pytest.fixture(scope="module")
def long_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("long-word")
    shutil.copytree(SAMPLE_CONTENT, root / "content")
    (root / "content/articles/fr/mot-long.md").write_text(LONG, "utf-8")
    output = root / "output"
    result = build_site(root / "content", output)
    assert result.returncode == 0, result.stdout + result.stderr
    handler = functools.partial(_QuietHandler, directory=str(output))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield output, f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


PAGES = [
    "fr/index.html",
    "fr/2013/mot-long/index.html",
    "fr/2012/portail-intranet-collaboratif-ville/index.html",  # backlinks, local graph
    "fr/tags/intranet/index.html",
    "fr/archives/index.html",
    "fr/graph/index.html",
    "fr/search/index.html?q=zanzibarlong",
]


@pytest.mark.parametrize("width", [360, 1280])
def test_a_word_longer_than_the_screen_wraps_instead_of_widening_pages(browser, long_site, width):
    _, base = long_site
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    wide = {}
    for path in PAGES:
        page.goto(f"{base}/{path}")
        if "search" in path:
            settled(page)
            assert page.locator(".search-result").count() >= 1
        scroll = page.evaluate("document.documentElement.scrollWidth")
        if scroll > width:
            wide[path] = scroll
    context.close()
    assert not wide, f"pages wider than the {width} px screen: {wide}"


def _tamper_with_the_record_of(output, url_end: str, address: str) -> None:
    """Give the search record of one page another address, as a bad index might."""
    for path in (output / "search/d").glob("*.js"):
        text = path.read_text("utf-8")
        found = re.search(r'"u":"([^"]*' + re.escape(url_end) + ')"', text)
        if found:
            path.write_text(text.replace(found.group(0), f'"u":{json.dumps(address)}'), "utf-8")
            return
    pytest.fail(f"no search record for {url_end}")


def test_a_search_record_leading_out_of_the_site_is_never_followed(browser, long_site):
    output, base = long_site
    _tamper_with_the_record_of(output, "fr/2013/mot-long/index.html", "javascript:alert(1)//")
    context = browser.new_context()
    page = context.new_page()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(f"{base}/fr/search/index.html?q=zanzibarlong")
    settled(page)
    link = page.locator(".search-result h2 a").first
    assert link.get_attribute("href") == f"{base}/"  # the site's root, not the script
    page.goto(f"{base}/fr/index.html")
    type_in_search_box(page, "zanzibarlong")
    option = page.locator("#search-box-listbox [role=option]:not(.search-box__all)").first
    assert option.get_attribute("data-href") == f"{base}/"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    context.close()
    assert not dialogs
