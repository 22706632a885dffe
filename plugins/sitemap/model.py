"""Build sitemap.xml and robots.txt from the list of written pages (pure functions)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from urllib.parse import quote

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


_URL_SAFE = "/:?#[]@!$&'()*+,;="
"""RFC 3986's reserved characters: kept as they are, like letters, digits and `-._~`."""
_ESCAPE = re.compile(r"(%[0-9A-Fa-f]{2})")
_VALID_URL = re.compile(r"(?:[-A-Za-z0-9._~/:?#\[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*")


def percent_encode(url: str) -> str:
    """`url` as a valid URL: UTF-8 percent-encoded (`Été` is `%C3%89t%C3%A9`, a space `%20`).

    Pelican's URLs are written as the slugs are (accents, capitals); feeds encode them,
    the sitemap must too (its `<loc>` is a URL, not an IRI). An escape already there
    (`%C3`) is kept, so encoding twice changes nothing; a lone `%` becomes `%25`.
    """
    if _VALID_URL.fullmatch(url):
        return url  # nearly every URL: nothing to encode
    # The split keeps the escapes, at odd positions.
    parts = _ESCAPE.split(url)
    return "".join(part if i % 2 else quote(part, safe=_URL_SAFE) for i, part in enumerate(parts))


def build_sitemap(entries: Iterable[SitemapEntry], site_url: str, default_lang: str) -> bytes:
    """A sitemap with xhtml:link hreflang alternates (Google's format), sorted by URL.

    Written as text, in the bytes `xml.etree.ElementTree` writes for the same tree
    (indented, attributes in order, `" />"`): five times faster than building the tree,
    which took 0.07 s of a 2,053-article rebuild (tests compare both).
    """
    lines = []
    linked = False
    unique = {entry.url: entry for entry in entries}
    for url in sorted(unique):
        entry = unique[url]
        lines += ["  <url>", f"    <loc>{_text(percent_encode(absolute(site_url, url)))}</loc>"]
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
                    f'href="{_attribute(percent_encode(absolute(site_url, href)))}" />'
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
    return value.translate(_ATTRIBUTE)


def build_robots(site_url: str) -> str:
    return f"User-agent: *\nAllow: /\n\nSitemap: {absolute(site_url, 'sitemap.xml')}\n"
