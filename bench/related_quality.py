#!/usr/bin/env python3
"""Quality and speed of related articles on the synthetic corpus (known topic clusters).

    .venv/bin/python bench/make_corpus.py --pairs 5000 --out /tmp/corpus
    .venv/bin/python bench/related_quality.py /tmp/corpus

Reads the corpus articles with Pelican's own Markdown reader (the project's Markdown
settings plus the wikilink extension), builds content-index records with the
content_index plugin's functions, then runs the related plugin's pure functions: no site
is written. Reports precision@5 (share of listed related articles from the same topic
cluster as the article, `clusters.json` being the ground truth) for:

- this plugin (text + tags + links + recency), and the same without its text signal;
- a tags-only baseline, the rule of the `pelican-related-posts` plugin: rank by the number
  of shared tags (here, shared tag *concepts*, which is kinder to the baseline than raw tag
  strings), ties by id;
- the same baseline on raw tag slugs, as that plugin really compares them.

Also times the related step (link resolution + scoring) and the graph (data + layout).
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import sys
import time
from collections import Counter, defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from plugins.content_index.extract import extract_text  # noqa: E402
from plugins.content_index.model import analyse_record, build_record  # noqa: E402
from plugins.content_index.names import resolver_for  # noqa: E402
from plugins.related.config import RelatedConfig  # noqa: E402
from plugins.related.graph import build_site_graph  # noqa: E402
from plugins.related.links import group_links, links_from_records  # noqa: E402
from plugins.related.scoring import docs_from_records, group_key, rank_related  # noqa: E402
from plugins.related.wikilinks import WikilinkExtension  # noqa: E402
from plugins.taxonomy.model import load_taxonomy, resolve_tags  # noqa: E402

LANGS = ("fr", "en")


def _settings(corpus: Path) -> dict:
    from pelican.settings import read_settings

    settings = read_settings(str(ROOT / "pelicanconf.py"), override={"PATH": str(corpus)})
    markdown = dict(settings["MARKDOWN"])
    markdown["extensions"] = [*markdown.get("extensions", []), WikilinkExtension()]
    settings["MARKDOWN"] = markdown
    return settings


def _read_chunk(args: tuple[str, list[str]]) -> list[tuple]:
    """Read some articles in a worker: (record, raw tag slugs) with the Pelican object dropped."""
    from pelican.contents import Article
    from pelican.readers import Readers

    corpus, paths = args
    corpus_path = Path(corpus)
    settings = _settings(corpus_path)
    taxonomy = load_taxonomy(str(corpus_path / "taxonomy.toml"), LANGS)
    readers = Readers(settings)
    out = []
    for path in paths:
        content = readers.read_file(corpus, path, content_class=Article, context={})
        content.translation_key = str(content.metadata.get("translation_key") or content.slug)
        raw_tags = [str(t) for t in getattr(content, "tags", [])]
        content.tag_concepts, _ = resolve_tags(raw_tags, taxonomy)
        info = extract_text(content._content)
        record = build_record(content, info)
        analyse_record(record)
        record.content = None
        out.append((record, tuple(sorted({t.slug for t in content.tags}))))
    return out


def load_corpus(corpus: Path, workers: int) -> tuple[list, dict[str, tuple[str, ...]]]:
    """Content-index records of every article of the corpus, and raw tag slugs by id."""
    paths = sorted(
        p.relative_to(corpus).as_posix()
        for lang in LANGS
        for p in (corpus / "articles" / lang).glob("*.md")
    )
    chunks = [(str(corpus), paths[i :: workers * 4]) for i in range(workers * 4)]
    records, raw_tags = [], {}
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for chunk in pool.map(_read_chunk, chunks):
            for record, tags in chunk:
                records.append(record)
                raw_tags[record.id] = tags
    records.sort(key=lambda r: r.id)
    return records, raw_tags


def related_step(records, config: RelatedConfig):
    """Link resolution and scoring, exactly as the plugin runs them."""
    resolver = resolver_for(records, LANGS)
    links, _missing = links_from_records(records, resolver)
    group_of = {r.id: group_key(r.kind, r.translation_key) for r in records}
    grouped = group_links(links, group_of)
    related = rank_related(docs_from_records(records), grouped, LANGS, config)
    return links, grouped, related


def tags_only(records, tags_of, n: int) -> dict[str, list[str]]:
    """The pelican-related-posts rule: most shared tags first (ties by id), same language."""
    by_tag: dict[tuple[str, str], list[str]] = defaultdict(list)
    for r in records:
        for tag in tags_of[r.id]:
            by_tag[(r.lang, tag)].append(r.id)
    result = {}
    for r in records:
        counts: Counter[str] = Counter()
        for tag in tags_of[r.id]:
            counts.update(by_tag[(r.lang, tag)])
        counts.pop(r.id, None)
        result[r.id] = [i for i, _ in sorted(counts.items(), key=lambda c: (-c[1], c[0]))[:n]]
    return result


def precision(lists: dict[str, list[str]], clusters: dict[str, str]) -> tuple[float, float]:
    """(micro-averaged precision of the listed items, average list length)."""
    hits = listed = 0
    for article, related in lists.items():
        for other in related:
            listed += 1
            hits += clusters.get(other) == clusters.get(article)
    return (hits / listed if listed else 0.0), listed / max(1, len(lists))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="folder written by bench/make_corpus.py")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--cache", type=Path, help="pickle of the records, reused if present")
    args = parser.parse_args(argv)
    corpus = args.corpus.resolve()
    clusters = json.loads((corpus / "clusters.json").read_text(encoding="utf-8"))

    started = time.perf_counter()
    if args.cache and args.cache.exists():
        records, raw_tags = pickle.loads(args.cache.read_bytes())
    else:
        records, raw_tags = load_corpus(corpus, args.workers)
        if args.cache:
            args.cache.write_bytes(pickle.dumps((records, raw_tags)))
    reading = time.perf_counter() - started

    config = RelatedConfig()
    wall, cpu = time.perf_counter(), time.process_time()
    links, grouped, related = related_step(records, config)
    related_seconds = (time.perf_counter() - wall, time.process_time() - cpu)

    taxonomy = load_taxonomy(str(corpus / "taxonomy.toml"), LANGS)
    wall, cpu = time.perf_counter(), time.process_time()
    graph_stats = []
    for lang in LANGS:
        # Tag pages as the taxonomy plugin would name them (only their existence matters here).
        used = {t for r in records for t in r.tag_ids}
        tag_urls = {c.id: f"{lang}/tags/{c.id}/index.html" for c in taxonomy if c.id in used}
        tag_labels = {c.id: c.label(lang) for c in taxonomy}
        graph = build_site_graph(
            records, related, grouped, lang, LANGS, config, tag_urls, tag_labels
        )
        graph_stats.append((lang, len(graph.nodes), len(graph.edges), graph.layout_seconds))
    graph_seconds = (time.perf_counter() - wall, time.process_time() - cpu)

    n = config.max_related
    ours = {article: [r.id for r in entries] for article, entries in related.items()}
    concept_tags = {r.id: tuple(r.tag_ids) for r in records}
    # The same ranking without its text signal: how much the text brings.
    _, _, no_text = related_step(records, RelatedConfig(weight_text=0.0))
    rows = [
        ("this plugin (text + tags + links + recency)", *precision(ours, clusters)),
        (
            "this plugin without text (tags + links + recency)",
            *precision({a: [r.id for r in e] for a, e in no_text.items()}, clusters),
        ),
        (
            "tags only, shared tag concepts (pelican-related-posts rule)",
            *precision(tags_only(records, concept_tags, n), clusters),
        ),
        (
            "tags only, raw tag slugs (pelican-related-posts as written)",
            *precision(tags_only(records, raw_tags, n), clusters),
        ),
    ]
    articles = sum(1 for r in records if r.kind == "article")
    print(
        f"Corpus: {corpus} — {articles} articles, {len(set(clusters.values()))} clusters "
        f"(read in {reading:.1f} s)\n"
    )
    print(f"| ranking | precision@{n} | related per article |")
    print("| --- | ---: | ---: |")
    for name, value, length in rows:
        print(f"| {name} | {value:.3f} | {length:.2f} |")
    print()
    print("| step | wall seconds | CPU seconds |")
    print("| --- | ---: | ---: |")
    print(
        f"| related (links + scoring), {articles} articles | {related_seconds[0]:.2f} "
        f"| {related_seconds[1]:.2f} |"
    )
    for lang, nodes, edges, layout in graph_stats:
        print(f"| graph layout {lang}: {nodes} nodes, {edges} edges | {layout:.2f} | |")
    print(
        f"| graph data + layout, both languages | {graph_seconds[0]:.2f} | {graph_seconds[1]:.2f} |"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
