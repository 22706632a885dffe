"""Sitemap with hreflang alternates, and robots.txt.

Every HTML page Pelican writes is recorded (signal `content_written`) with its URL and
its language alternates; an emitter that runs after the page writers writes
`sitemap.xml` and `robots.txt` at the site root. 404 pages, drafts and `Status: hidden`
content (written, but listed nowhere) are left out.

Settings: `SITEMAP_SITEURL` (absolute site address; defaults to SITEURL, and to
`http://localhost:8000` when SITEURL is relative, since sitemap URLs must be absolute).
A rebuild whose entries are those of the last build (`PREVIOUS_OUTPUT_PATH`, with the
content cache on) hard-links the last `sitemap.xml` instead of writing it again (0.02 s
at 1,000 article pairs): `CACHE_PATH/sitemap_record.pickle` keeps a digest of the entries
and the file's size and time.
Context key: `context["sitemap_entries"]: list[SitemapEntry]`.
URLs are percent-encoded by `bilingual.model.percent_encode`, also the theme's filter for
the canonical and hreflang links of every page.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import pickle
from pathlib import Path

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
        target = os.path.join(self.output_path, "sitemap.xml")
        cache = self.settings.get("CACHE_PATH") if self.settings.get("CACHE_CONTENT") else None
        record = Path(cache) / RECORD if cache else None
        previous = self.settings.get("PREVIOUS_OUTPUT_PATH")
        key = sitemap_key(entries, base, self.settings["DEFAULT_LANG"])
        kept = _read_record(record) if previous and key is not None else None
        if kept is None or kept[0] != key or not _link_kept(previous, kept, target):
            sitemap = build_sitemap(entries, base, self.settings["DEFAULT_LANG"])
            with open(target, "wb") as handle:
                handle.write(sitemap)
        if record is not None and key is not None:
            status = os.stat(target)
            _write_record(record, (key, status.st_size, status.st_mtime_ns))
        with open(os.path.join(self.output_path, "robots.txt"), "w", encoding="utf-8") as handle:
            handle.write(build_robots(base))


RECORD = "sitemap_record.pickle"
_CODE = Path(__file__).with_name("model.py")


def sitemap_key(entries, base: str, default_lang: str) -> bytes | None:
    """A digest of what `build_sitemap` makes the sitemap of (and of its code).

    None when an entry holds something marshal cannot write (a str subclass).
    """
    plain = [(e.url, e.lastmod, sorted(e.alternates.items())) for e in entries]
    try:
        data = marshal.dumps((plain, base, default_lang), 2)
    except ValueError:
        return None
    return hashlib.sha256(data + _CODE.read_bytes()).digest()


def _link_kept(previous: str, kept: tuple, target: str) -> bool:
    """Link the last build's sitemap if it is still the file that build wrote."""
    old = os.path.join(previous, "sitemap.xml")
    try:
        status = os.stat(old)
        if (status.st_size, status.st_mtime_ns) != kept[1:]:
            return False
        os.link(old, target)
    except OSError:
        return False
    return True


def _read_record(path: Path | None) -> tuple | None:
    try:
        with open(path, "rb") as handle:
            found = pickle.load(handle)
    except (OSError, TypeError, pickle.UnpicklingError, EOFError, ValueError):
        return None
    return found if isinstance(found, tuple) and len(found) == 3 else None


def _write_record(path: Path, record: tuple) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    with open(temporary, "wb") as handle:
        pickle.dump(record, handle, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(temporary, path)


def add_generator(pelican):
    return SitemapGenerator


def register():
    signals.all_generators_finalized.connect(start_collecting)
    signals.content_written.connect(record_written_page)
    signals.get_generators.connect(add_generator)
