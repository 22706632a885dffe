"""Sitemap XML built from entries, validated by parsing."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from hypothesis import given, settings
from hypothesis import strategies as st

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


def element_tree_sitemap(entries, site_url: str, default_lang: str) -> bytes:
    """The sitemap as `xml.etree.ElementTree` writes it (how build_sitemap first made it)."""
    from plugins.sitemap.model import SITEMAP_NS, XHTML_NS, absolute

    ET.register_namespace("", SITEMAP_NS)
    ET.register_namespace("xhtml", XHTML_NS)
    urlset = ET.Element(f"{{{SITEMAP_NS}}}urlset")
    unique = {entry.url: entry for entry in entries}
    for url in sorted(unique):
        entry = unique[url]
        node = ET.SubElement(urlset, f"{{{SITEMAP_NS}}}url")
        ET.SubElement(node, f"{{{SITEMAP_NS}}}loc").text = absolute(site_url, url)
        if entry.lastmod:
            ET.SubElement(node, f"{{{SITEMAP_NS}}}lastmod").text = entry.lastmod
        if len(entry.alternates) > 1:
            for lang in sorted(entry.alternates):
                href = absolute(site_url, entry.alternates[lang])
                ET.SubElement(
                    node, f"{{{XHTML_NS}}}link", rel="alternate", hreflang=lang, href=href
                )
            ordered = sorted(entry.alternates)
            default = entry.alternates.get(default_lang) or entry.alternates[ordered[0]]
            ET.SubElement(
                node, f"{{{XHTML_NS}}}link", rel="alternate", hreflang="x-default",
                href=absolute(site_url, default),
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
