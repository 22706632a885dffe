"""Build sitemap.xml and robots.txt from the list of written pages (pure functions)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"


@dataclass(frozen=True)
class SitemapEntry:
    url: str
    """URL relative to the site root, as written in the page (e.g. 'fr/2012/slug/')."""
    lastmod: str | None = None
    """ISO date of the last change, when known."""
    alternates: Mapping[str, str] = field(default_factory=dict)
    """{lang: relative URL} of this page in every language it exists in (itself included)."""


def absolute(site_url: str, url: str) -> str:
    return f"{site_url.rstrip('/')}/{url.lstrip('/')}"


def build_sitemap(entries: Iterable[SitemapEntry], site_url: str, default_lang: str) -> bytes:
    """A sitemap with xhtml:link hreflang alternates (Google's format), sorted by URL."""
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
        # Alternates only matter when another language exists.
        if len(entry.alternates) > 1:
            for lang in sorted(entry.alternates):
                ET.SubElement(
                    node,
                    f"{{{XHTML_NS}}}link",
                    rel="alternate",
                    hreflang=lang,
                    href=absolute(site_url, entry.alternates[lang]),
                )
            default = (
                entry.alternates.get(default_lang) or entry.alternates[sorted(entry.alternates)[0]]
            )
            ET.SubElement(
                node,
                f"{{{XHTML_NS}}}link",
                rel="alternate",
                hreflang="x-default",
                href=absolute(site_url, default),
            )
    ET.indent(urlset)
    return ET.tostring(urlset, encoding="utf-8", xml_declaration=True) + b"\n"


def build_robots(site_url: str) -> str:
    return f"User-agent: *\nAllow: /\n\nSitemap: {absolute(site_url, 'sitemap.xml')}\n"
