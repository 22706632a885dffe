"""Sitemap XML built from entries, validated by parsing."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from urllib.parse import unquote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plugins.sitemap.model import SitemapEntry, build_robots, build_sitemap, percent_encode

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
    assert root.find("s:url/s:loc", NS).text == "https://e.org/fr/a&b%3Cc/"


def test_urls_with_accents_capitals_or_spaces_are_percent_encoded():
    entries = [
        SitemapEntry("fr/2012/Été-Mon/", None, {"fr": "fr/2012/Été-Mon/", "en": "en/2012/a b/"}),
        SitemapEntry("en/2012/a b/", None, {"fr": "fr/2012/Été-Mon/", "en": "en/2012/a b/"}),
    ]
    root = ET.fromstring(build_sitemap(entries, "https://e.org", "fr"))
    assert [loc.text for loc in root.iterfind("s:url/s:loc", NS)] == [
        "https://e.org/en/2012/a%20b/", "https://e.org/fr/2012/%C3%89t%C3%A9-Mon/"
    ]  # fmt: skip
    links = {link.get("hreflang"): link.get("href") for link in root.iterfind("s:url/x:link", NS)}
    assert links == {
        "fr": "https://e.org/fr/2012/%C3%89t%C3%A9-Mon/", "en": "https://e.org/en/2012/a%20b/",
        "x-default": "https://e.org/fr/2012/%C3%89t%C3%A9-Mon/",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://e.org/fr/2012/slug/", "https://e.org/fr/2012/slug/"),
        ("https://e.org/fr/Été/", "https://e.org/fr/%C3%89t%C3%A9/"),
        ("https://e.org/fr/%C3%89t%C3%A9/", "https://e.org/fr/%C3%89t%C3%A9/"),  # not twice
        ("https://e.org/fr/100%/%zz/", "https://e.org/fr/100%25/%25zz/"),  # a lone %
        ("https://e.org/fr/a?b=1&c=d#e", "https://e.org/fr/a?b=1&c=d#e"),  # reserved: kept
        ('https://e.org/fr/<a "b">/', "https://e.org/fr/%3Ca%20%22b%22%3E/"),
    ],
)
def test_percent_encode(url, expected):
    assert percent_encode(url) == expected


_VALID_URL = re.compile(r"(?:[-A-Za-z0-9._~/:?#\[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*")


# Escapes, partial escapes and UTF-8 split across escapes, among any text.
_urlish = st.lists(st.sampled_from(["%", "%C3", "%a9", "%zz", "%2", "é", "Ω", "a", " ", "/", "?"]))


@settings(max_examples=500, deadline=None)
@given(url=st.one_of(st.text(), _urlish.map("".join)))
def test_percent_encoding_is_a_valid_url_of_the_same_address_once_and_for_all(url):
    encoded = percent_encode(url)
    assert _VALID_URL.fullmatch(encoded), encoded
    assert unquote(encoded) == unquote(url), "the same address"
    assert percent_encode(encoded) == encoded, "encoding twice changes nothing"


def test_robots_points_to_the_sitemap():
    assert "Sitemap: https://e.org/sitemap.xml" in build_robots("https://e.org/")


def element_tree_sitemap(entries, site_url: str, default_lang: str) -> bytes:
    """The sitemap as `xml.etree.ElementTree` writes it (how build_sitemap first made it)."""
    from plugins.sitemap.model import SITEMAP_NS, XHTML_NS, absolute

    def url(site_url, path):
        return percent_encode(absolute(site_url, path))

    ET.register_namespace("", SITEMAP_NS)
    ET.register_namespace("xhtml", XHTML_NS)
    urlset = ET.Element(f"{{{SITEMAP_NS}}}urlset")
    unique = {entry.url: entry for entry in entries}
    for path in sorted(unique):
        entry = unique[path]
        node = ET.SubElement(urlset, f"{{{SITEMAP_NS}}}url")
        ET.SubElement(node, f"{{{SITEMAP_NS}}}loc").text = url(site_url, path)
        if entry.lastmod:
            ET.SubElement(node, f"{{{SITEMAP_NS}}}lastmod").text = entry.lastmod
        if len(entry.alternates) > 1:
            for lang in sorted(entry.alternates):
                href = url(site_url, entry.alternates[lang])
                ET.SubElement(
                    node, f"{{{XHTML_NS}}}link", rel="alternate", hreflang=lang, href=href
                )
            ordered = sorted(entry.alternates)
            default = entry.alternates.get(default_lang) or entry.alternates[ordered[0]]
            ET.SubElement(
                node, f"{{{XHTML_NS}}}link", rel="alternate", hreflang="x-default",
                href=url(site_url, default),
            )  # fmt: skip
    ET.indent(urlset)
    return ET.tostring(urlset, encoding="utf-8", xml_declaration=True) + b"\n"


_piece = st.text(alphabet=st.sampled_from("ab/é&<>\"'\t\r\n -%?#"), max_size=8)
_entries = st.lists(
    st.builds(
        SitemapEntry,
        url=_piece,
        lastmod=st.one_of(st.none(), st.just(""), _piece),
        alternates=st.dictionaries(st.sampled_from(["fr", "en", "de", "a&b"]), _piece, max_size=3),
    ),
    max_size=6,
)


@settings(max_examples=300, deadline=None)
@given(entries=_entries, site_url=_piece, default_lang=st.sampled_from(["fr", "en", "x"]))
def test_the_sitemap_is_byte_for_byte_what_element_tree_writes(entries, site_url, default_lang):
    expected = element_tree_sitemap(entries, site_url, default_lang)
    assert build_sitemap(entries, site_url, default_lang) == expected


@pytest.mark.parametrize(
    ("status", "listed"),
    [("published", True), ("hidden", False), ("draft", False), ("Hidden", False), (None, True)],
)
def test_hidden_and_draft_content_stays_out_of_the_sitemap(status, listed):
    from types import SimpleNamespace

    from plugins.sitemap import record_written_page

    item = SimpleNamespace(status=status, url="fr/2013/cache/", alternate_urls={}, date=None)
    context = {"sitemap_entries": [], "article": item}
    record_written_page("out/fr/2013/cache/index.html", context)
    assert [e.url for e in context["sitemap_entries"]] == (["fr/2013/cache/"] if listed else [])
