"""Content index: one analysis of the content per build, shared by every plugin.

After Pelican has read everything (signal `all_generators_finalized`), each article and
page is read once: its rendered HTML gives plain text, headings, links and anchors
(`extract.py`), and its text is analysed per language (`analysis.py`). Related posts,
the graph, search and the content checks all use these records; none of them parses
an article again.

Data contract:

- `content.text_info: ExtractedText` - plain text, headings, links, anchors, images.
- `content.reading_minutes: int`
- `content.toc: list[TocEntry]` - h2 headings with their h3 children, when there are at
  least `TOC_MIN_HEADINGS` of them (else empty).
- `context["content_index"]: ContentIndex` - records by id, in a stable order; each
  `ContentRecord` (model.py) has the analysed `terms` (Counter of stems) and
  `title_terms`, the resolved `tag_ids`, and the extracted `text` (ExtractedText).
"""

from __future__ import annotations

import time
from itertools import chain

from pelican import signals
from pelican.generators import ArticlesGenerator, PagesGenerator

from .extract import build_toc, extract_text, reading_minutes
from .model import ContentIndex, analyse_record, build_record


def index_content(generators) -> None:
    """Read every article and page once and publish the index in the shared context."""
    started = time.perf_counter()
    articles_gen = next(g for g in generators if isinstance(g, ArticlesGenerator))
    pages_gen = next((g for g in generators if isinstance(g, PagesGenerator)), None)
    settings = articles_gen.settings
    toc_min = int(settings.get("TOC_MIN_HEADINGS", 3))
    contents = list(chain(articles_gen.articles, articles_gen.translations))
    if pages_gen is not None:
        contents += list(chain(pages_gen.pages, pages_gen.translations))
    records = []
    for content in contents:
        # _content is the HTML before Pelican rewrites {filename} links: exactly what
        # the link graph needs, and it avoids rendering every body twice.
        info = extract_text(content._content)
        content.text_info = info
        content.reading_minutes = reading_minutes(info.word_count)
        content.toc = build_toc(info.headings, toc_min)
        record = build_record(content, info)
        analyse_record(record)
        records.append(record)
    articles_gen.context["content_index"] = ContentIndex.from_records(records)
    timings = articles_gen.context.setdefault("plugin_timings", {})
    timings["content_index"] = time.perf_counter() - started


def register():
    signals.all_generators_finalized.connect(index_content)
