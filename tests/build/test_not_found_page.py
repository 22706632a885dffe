"""The 404 pages' <base> script: first in the head of the development build's.

The published build (absolute URLs) has none. In the browser:
tests/browser/test_not_found_page.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import ROOT, SAMPLE_CONTENT, build_site

PAGES = ["404.html", "fr/404.html", "en/404.html"]


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    output = tmp_path_factory.mktemp("published-404") / "output"
    result = build_site(SAMPLE_CONTENT, output, settings=ROOT / "publishconf.py")
    assert result.returncode == 0, result.stdout + result.stderr
    return output


@pytest.mark.parametrize("name", PAGES)
def test_the_development_404_page_sets_its_base_before_any_url_of_its_head(site, name):
    html = (site / name).read_text("utf-8")
    head = html[: html.index("</head>")]
    script = head.index('createElement("base")')
    assert script < head.index(" href=") and script < head.index(" src=")
    assert "base-uri 'self'" in head


@pytest.mark.parametrize("name", PAGES)
def test_the_published_404_page_has_no_base_script(published, name):
    html = (published / name).read_text("utf-8")
    assert "<base" not in html and 'createElement("base")' not in html
    assert "Content-Security-Policy" not in html
