"""Sitemap with hreflang alternates, and robots.txt.

Every HTML page Pelican writes is recorded (signal `content_written`) with its URL and
its language alternates; an emitter that runs after the page writers writes
`sitemap.xml` and `robots.txt` at the site root. 404 pages, drafts and `Status: hidden`
content (written, but listed nowhere) are left out.

Settings: `SITEMAP_SITEURL` (absolute site address; defaults to SITEURL, and to
`http://localhost:8000` when SITEURL is relative, since sitemap URLs must be absolute).
Context key: `context["sitemap_entries"]: list[SitemapEntry]`.
URLs are percent-encoded by `bilingual.model.percent_encode`, also the theme's filter for
the canonical and hreflang links of every page.
"""

from __future__ import annotations

import os

from pelican import signals
from pelican.generators import Generator

from .model import SitemapEntry, build_robots, build_sitemap


def start_collecting(generators) -> None:
    generators[0].context["sitemap_entries"] = []


def record_written_page(path, context=None) -> None:
    """Remember each written HTML page with its language alternates."""
    if context is None or "sitemap_entries" not in context or not path.endswith(".html"):
        return
    if os.path.basename(path) == "404.html":
        return
    item = context.get("article") or context.get("page")
    if not listed(item):
        return  # a draft (work in progress) or hidden content, never to be indexed
    page = context.get("articles_page")
    alternates = context.get("page_alternates") or getattr(item, "alternate_urls", None) or {}
    if page is not None and page.number > 1:
        # A list's later page has no equivalent in another language (as its hreflang says).
        url, alternates = page.url, {}
    else:
        url = context.get("page_url", getattr(item, "url", None))
    if url is None:
        return
    stamp = getattr(item, "modified", None) or getattr(item, "date", None)
    lastmod = stamp.date().isoformat() if stamp else None
    context["sitemap_entries"].append(
        SitemapEntry(url=url, lastmod=lastmod, alternates=dict(alternates))
    )


def listed(item) -> bool:
    """Whether a written content item belongs in the sitemap: not a draft nor hidden.

    Pelican lowercases `Status:`; lists (no item) are always listed.
    """
    return str(getattr(item, "status", "") or "").lower() not in ("draft", "hidden")


def site_url(settings) -> str:
    configured = settings.get("SITEMAP_SITEURL") or settings.get("SITEURL") or ""
    return configured if configured.startswith(("http://", "https://")) else "http://localhost:8000"


class SitemapGenerator(Generator):
    """Runs after the HTML writers (plugin generators run in plugin order)."""

    def generate_context(self) -> None:
        pass

    def generate_output(self, writer) -> None:
        entries = self.context.get("sitemap_entries", [])
        base = site_url(self.settings)
        sitemap = build_sitemap(entries, base, self.settings["DEFAULT_LANG"])
        with open(os.path.join(self.output_path, "sitemap.xml"), "wb") as handle:
            handle.write(sitemap)
        with open(os.path.join(self.output_path, "robots.txt"), "w", encoding="utf-8") as handle:
            handle.write(build_robots(base))


def add_generator(pelican):
    return SitemapGenerator


def register():
    signals.all_generators_finalized.connect(start_collecting)
    signals.content_written.connect(record_written_page)
    signals.get_generators.connect(add_generator)
