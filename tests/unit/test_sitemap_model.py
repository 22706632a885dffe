"""Sitemap XML built from entries, validated by parsing."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from plugins.sitemap.model import SitemapEntry, build_robots, build_sitemap

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


def test_sitemap_has_alternates_and_x_default_for_translated_pages():
    entries = [
        SitemapEntry("fr/a/", "2012-03-14", {"fr": "fr/a/", "en": "en/b/"}),
        SitemapEntry("en/b/", None, {"fr": "fr/a/", "en": "en/b/"}),
        SitemapEntry("fr/seul/", None, {"fr": "fr/seul/"}),
        SitemapEntry("fr/a/", "2012-03-14", {"fr": "fr/a/", "en": "en/b/"}),  # duplicate
    ]
    root = ET.fromstring(build_sitemap(entries, "https://example.org/", "fr"))
    urls = root.findall("s:url", NS)
    assert [u.find("s:loc", NS).text for u in urls] == [
        "https://example.org/en/b/", "https://example.org/fr/a/", "https://example.org/fr/seul/"
    ]  # fmt: skip
    links = {link.get("hreflang"): link.get("href") for link in urls[0].findall("x:link", NS)}
    assert links == {"fr": "https://example.org/fr/a/", "en": "https://example.org/en/b/",
                     "x-default": "https://example.org/fr/a/"}  # fmt: skip
    assert urls[2].findall("x:link", NS) == []
    assert urls[1].find("s:lastmod", NS).text == "2012-03-14"


def test_author_text_in_urls_is_escaped():
    root = ET.fromstring(build_sitemap([SitemapEntry("fr/a&b<c/")], "https://e.org", "fr"))
    assert root.find("s:url/s:loc", NS).text == "https://e.org/fr/a&b<c/"


def test_robots_points_to_the_sitemap():
    assert "Sitemap: https://e.org/sitemap.xml" in build_robots("https://e.org/")
