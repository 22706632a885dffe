"""Build sitemap.xml and robots.txt from the list of written pages (pure functions)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

try:  # the URL helpers are the bilingual plugin's (see search_index/analyzer.py for why both)
    from ..bilingual.model import percent_encode
except ImportError:  # loaded by Pelican as the top-level package `sitemap`
    from bilingual.model import percent_encode  # type: ignore[no-redef]

__all__ = ["SitemapEntry", "absolute", "build_robots", "build_sitemap", "percent_encode"]

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
    """A sitemap with xhtml:link hreflang alternates (Google's format), sorted by URL.

    Written as text, in the bytes `xml.etree.ElementTree` writes for the same tree
    (indented, attributes in order, `" />"`): five times faster than building the tree,
    which took 0.07 s of a 2,053-article rebuild (tests compare both).
    """
    lines = []
    linked = False
    unique = {entry.url: entry for entry in entries}
    encoded: dict[str, str] = {}  # a page's URL is also its translations' alternate

    def located(url: str) -> str:
        found = encoded.get(url)
        if found is None:
            found = encoded[url] = percent_encode(absolute(site_url, url))
        return found

    for url in sorted(unique):
        entry = unique[url]
        lines += ["  <url>", f"    <loc>{_text(located(url))}</loc>"]
        if entry.lastmod:
            lines.append(f"    <lastmod>{_text(entry.lastmod)}</lastmod>")
        # Alternates only matter when another language exists.
        if len(entry.alternates) > 1:
            ordered = sorted(entry.alternates)
            default = entry.alternates.get(default_lang) or entry.alternates[ordered[0]]
            links = [(lang, entry.alternates[lang]) for lang in ordered]
            linked = True
            for lang, href in [*links, ("x-default", default)]:
                lines.append(
                    f'    <xhtml:link rel="alternate" hreflang="{_attribute(lang)}" '
                    f'href="{_attribute(located(href))}" />'
                )
        lines.append("  </url>")
    # Like ElementTree: the xhtml prefix is declared only where a link uses it.
    namespaces = f'xmlns="{SITEMAP_NS}"'
    if linked:
        namespaces += f' xmlns:xhtml="{XHTML_NS}"'
    if lines:
        lines = [f"<urlset {namespaces}>", *lines, "</urlset>"]
    else:
        lines = [f"<urlset {namespaces} />"]
    lines.insert(0, "<?xml version='1.0' encoding='utf-8'?>")
    return ("\n".join(lines) + "\n").encode("utf-8", "xmlcharrefreplace")


def _text(value: str) -> str:
    """Text content escaped as ElementTree escapes it."""
    if "&" in value or "<" in value or ">" in value:
        value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return value


_ATTRIBUTE = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\r": "&#13;", "\n": "&#10;",
     "\t": "&#09;"}
)  # fmt: skip


def _attribute(value: str) -> str:
    """An attribute value escaped as ElementTree escapes it."""
    # `translate` looks each character up in a dict: scanning for the few first is faster.
    if any(special in value for special in _ATTRIBUTE_SPECIAL):
        return value.translate(_ATTRIBUTE)
    return value


_ATTRIBUTE_SPECIAL = "".join(map(chr, _ATTRIBUTE))


def build_robots(site_url: str) -> str:
    return f"User-agent: *\nAllow: /\n\nSitemap: {absolute(site_url, 'sitemap.xml')}\n"
