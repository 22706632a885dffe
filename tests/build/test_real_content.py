"""The authors' own content/, built as the site is: rules true of any content.

Every other build test uses the frozen sample site (tests/site/content/), so that writing
an article never changes what they expect. These tests build content/ itself and check
only what must hold for any content fit to publish (what `invoke check --strict` accepts):
the build succeeds, both language trees are complete, every page says its language, no
internal link is broken, feeds and the sitemap parse. (CI also runs `invoke check
--strict` and `invoke publish` on it.)
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.build import test_site as rules
from tests.conftest import ROOT, build_site


@pytest.fixture(scope="module")
def real_site(tmp_path_factory) -> Path:
    if not any((ROOT / "content").rglob("*.md")):
        pytest.skip("content/ has no article or page yet")
    output = tmp_path_factory.mktemp("real") / "output"
    result = build_site(ROOT / "content", output)
    assert result.returncode == 0, f"content/ does not build:\n{result.stdout}\n{result.stderr}"
    return output


@pytest.mark.parametrize("lang", rules.LANGS)
def test_each_language_tree_is_complete(real_site, lang):
    for path in ("index.html", "archives/index.html", "categories/index.html", "404.html"):
        rules.test_each_language_tree_is_complete(real_site, lang, path)


@pytest.mark.parametrize("lang", rules.LANGS)
def test_every_page_declares_language_canonical_and_hreflang(real_site, lang):
    rules.test_every_page_declares_language_canonical_and_hreflang(real_site, lang)


def test_internal_links_exist(real_site):
    rules.test_hreflang_targets_and_internal_links_exist(real_site)


def test_feeds_and_sitemap_parse_as_xml(real_site):
    rules.test_feeds_and_sitemap_parse_as_xml(real_site)
