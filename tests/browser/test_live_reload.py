"""`invoke serve`'s live reload in Chromium: the edited page at once, then the site.

The preview shows the edited page made from the last build (`BuildClock.show_first`):
only a browser open on it reloads. Then the rebuilt site: a page the rebuild wrote as it
was shown is not loaded again, any other open page is.
"""

from __future__ import annotations

import pytest

from authoring.preview import BuildClock, start_server


@pytest.fixture
def preview(tmp_path):
    for name, text in {"fr/a/index.html": "avant", "fr/b/index.html": "b"}.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(f"<html><body><p>{text}</p></body></html>", "utf-8")
    clock = BuildClock()
    clock.tick()
    server = start_server(tmp_path, clock, port=0)
    yield tmp_path, clock, f"http://127.0.0.1:{server.server_address[1]}"
    clock.close()
    server.shutdown()
    server.server_close()


def _open(browser, url):
    page = browser.new_page()
    page.goto(url, wait_until="load")
    # The page has its own build's id (the stream's first message); a marker tells a
    # reload (it is lost).
    page.wait_for_function("() => window.__livereload !== undefined", timeout=10_000)
    page.evaluate("window.marker = 1")
    return page


def test_the_edited_page_first_then_the_pages_that_changed(browser, preview):
    site, clock, url = preview
    edited, other = _open(browser, f"{url}/fr/a/"), _open(browser, f"{url}/fr/b/index.html")
    quick = b"<html><body><p>apres</p></body></html>"
    clock.show_first({"fr/a/index.html": quick})
    edited.wait_for_function("() => document.body.textContent.includes('apres')", timeout=10_000)
    edited.wait_for_function("() => window.__livereload !== undefined", timeout=10_000)
    edited.evaluate("window.marker = 1")
    # Not the other open page: nothing new to show there yet.
    other.wait_for_function(f"() => window.__livereload === {clock.build_id!r}", timeout=10_000)
    assert other.evaluate("window.marker") == 1
    # The rebuild wrote what was shown first for fr/a, something new for fr/b.
    (site / "fr/a/index.html").write_bytes(quick)
    (site / "fr/b/index.html").write_text("<html><body><p>b2</p></body></html>", "utf-8")
    clock.tick()
    other.wait_for_function("() => document.body.textContent.includes('b2')", timeout=10_000)
    # The edited page has taken the new build's id without loading again.
    edited.wait_for_function(f"() => window.__livereload === {clock.build_id!r}", timeout=10_000)
    assert edited.evaluate("window.marker") == 1
    # The next rebuild changes fr/a: it reloads.
    (site / "fr/a/index.html").write_text("<html><body><p>encore</p></body></html>", "utf-8")
    clock.tick()
    edited.wait_for_function("() => document.body.textContent.includes('encore')", timeout=10_000)
    for page in (edited, other):
        page.close()
