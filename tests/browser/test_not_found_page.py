"""The development build's 404 page served at a missing address, in Chromium.

Hosts answer any missing address with /404.html (GitHub Pages, `invoke serve`'s preview
handler) or with the language's /fr/404.html: the page sets its <base> before any URL of
its head, so everything loads once from the right place (code review #3, reader #5); only
the whole path is its own address (reader #4); and a link to a part of the page, the skip
link first, stays on the address the reader typed (reader #3).
"""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from authoring.preview import BuildClock, PreviewHandler
from tests.browser.axe import serious_violations
from tests.browser.test_search_review import _NotFoundHandler


class _Preview(PreviewHandler):
    """The preview server of `invoke serve`, over a built site: /404.html for any miss."""

    def log_message(self, *args):
        pass


def _serve(handler):
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}"


@pytest.fixture(scope="module")
def hosts(site):
    clock = BuildClock()
    clock.built = True
    _Preview.clock = clock
    _NotFoundHandler.directory_path = Path(site)
    servers = {
        "root": _serve(functools.partial(_Preview, directory=str(site))),
        "language": _serve(functools.partial(_NotFoundHandler, directory=str(site))),
    }
    yield {name: url for name, (_, url) in servers.items()}
    clock.closed = True
    for httpd, _ in servers.values():
        httpd.shutdown()


MISSING = [
    "/missing.html",  # one level deep: the head's relative URLs happen to reach real files
    "/a/b/c/d/",
    "/fr/2012/n-existe-pas/index.html",
    "/x/404.html",  # ends like the page's own address, but is not it
    "/fr/kb/404.html",
]


def visit(page, url):
    """Open `url`: its console errors and the answers to the requests after its own.

    The page's own 404 status, logged as an error, is left out.
    """
    errors, answers = [], []
    page.on(
        "console",
        lambda m: errors.append((m.text, m.location.get("url"))) if m.type == "error" else None,
    )
    page.on("response", lambda r: answers.append((r.url, r.status)))
    page.on("requestfailed", lambda r: answers.append((r.url, "failed")))
    page.goto(url, wait_until="load")
    page.wait_for_timeout(200)
    return [text for text, where in errors if where != url], answers[1:]


@pytest.mark.parametrize("server_kind", ["root", "language"])
@pytest.mark.parametrize("missing", MISSING)
def test_at_a_missing_address_everything_loads_once_from_the_right_place(
    page, hosts, server_kind, missing
):
    host = hosts[server_kind]
    errors, answers = visit(page, host + missing)
    assert not errors, errors
    bad = [(url, status) for url, status in answers if status == "failed" or status >= 400]
    assert not bad, bad
    # Each script of the head requested once, run once, still deferred.
    for name in ("theme.js", "language.js", "code.js"):
        assert sum(urlsplit(url).path == f"/theme/js/{name}" for url, _ in answers) == 1, answers
    scripts = page.evaluate(
        """() => Object.fromEntries(['theme.js', 'language.js', 'code.js'].map(n => [n,
            [...document.scripts].filter(s => s.src.endsWith('/' + n)).map(s => s.defer)]))"""
    )
    assert scripts == {"theme.js": [False], "language.js": [True], "code.js": [True]}
    assert page.evaluate("() => [...document.styleSheets].some(s => s.cssRules.length > 0)")
    # One click on the theme button switches the theme (theme.js listening once).
    before = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
    page.click("[data-theme-toggle]")
    assert page.evaluate("() => getComputedStyle(document.body).backgroundColor") != before
    # The home link leads to a real page, from the site's root.
    home = page.locator("main a[href]").last.evaluate("a => a.href")
    assert urlsplit(home).path in ("/fr/index.html", "/en/index.html", "/index.html"), home
    assert page.request.get(home).status == 200


@pytest.mark.parametrize("server_kind", ["root", "language"])
def test_the_skip_link_stays_on_the_address_the_reader_typed(page, hosts, server_kind):
    url = hosts[server_kind] + "/fr/2012/article-disparu/"
    page.goto(url)
    page.evaluate("() => { window.sameDocument = true }")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.classList.contains('skip-link')")
    page.keyboard.press("Enter")
    page.wait_for_url(url + "#main")
    assert page.evaluate("() => window.sameDocument === true")  # not loaded again
    assert page.evaluate("() => document.activeElement.id") == "main"
    # A link to a part of the page added later (by a script) stays here too.
    page.evaluate(
        """() => { const a = document.createElement('a'); a.href = '#top'; a.id = 'late';
                   a.textContent = 'top'; document.querySelector('main').append(a); }"""
    )
    page.click("#late")
    page.wait_for_url(url + "#top")
    assert page.evaluate("() => window.sameDocument === true")


@pytest.mark.parametrize(
    ("server_kind", "own"), [("root", "/404.html"), ("language", "/fr/404.html")]
)
def test_at_its_own_address_the_page_is_unchanged(page, hosts, server_kind, own):
    errors, answers = visit(page, hosts[server_kind] + own)
    assert not errors, errors
    assert page.evaluate("() => !document.querySelector('base')")
    assert page.locator(".skip-link").get_attribute("href") == "#main"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_404_page_at_a_missing_address_has_no_serious_accessibility_violation(
    page, hosts, axe_source, scheme
):
    page.emulate_media(color_scheme=scheme)
    page.goto(hosts["language"] + "/fr/2012/n-existe-pas/")
    serious = serious_violations(page, axe_source)
    assert not serious, "\n".join(serious)
