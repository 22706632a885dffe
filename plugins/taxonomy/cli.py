"""Suggest known tags for an article: `python -m plugins.taxonomy.cli PATH` (`invoke suggest-tags`).

Reads the site's articles in the same language (the only pass over article bodies
this plugin makes, and only on request), learns which terms go with which tag concepts,
and ranks concepts for the given article with a short reason. It never edits the file.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from pelican.readers import MarkdownReader
from pelican.settings import read_settings

from ..content_index.analysis import analyze, analyze_counts
from ..content_index.extract import extract_text
from .model import TaxonomyError, load_taxonomy, resolve_tags
from .suggest import Suggestion, build_tag_profiles, suggest_tags

ROOT = Path(__file__).resolve().parents[2]


def _read(reader: MarkdownReader, path: Path, default_lang: str):
    html, metadata = reader.read(str(path))
    lang = str(metadata.get("lang") or path.parent.name or default_lang)
    tags = [str(t) for t in metadata.get("tags", [])]
    text = extract_text(html).text
    return lang, str(metadata.get("title", "")), tags, text


def suggest_for_file(
    article: Path, settings_file: Path = ROOT / "pelicanconf.py", n: int = 5
) -> tuple[str, list[tuple[Suggestion, str]]]:
    """(language, [(suggestion, label in that language)]) for one Markdown article."""
    settings = read_settings(str(settings_file))
    content = Path(settings["PATH"])
    languages = tuple(settings.get("SITE_LANGUAGES") or (settings["DEFAULT_LANG"],))
    taxonomy = load_taxonomy(content / settings.get("TAXONOMY_FILE", "taxonomy.toml"), languages)
    reader = MarkdownReader(settings)
    lang, title, own_tags, text = _read(reader, article, settings["DEFAULT_LANG"])

    docs = []
    for folder in settings["ARTICLE_PATHS"]:
        for path in sorted((content / folder).rglob("*.md")):
            if path.resolve() == article.resolve():
                continue
            other_lang, other_title, tags, other_text = _read(
                reader, path, settings["DEFAULT_LANG"]
            )
            if other_lang != lang:
                continue
            concepts, _ = resolve_tags(tags, taxonomy)
            if concepts:
                counts = analyze_counts(f"{other_title}\n{other_text}", lang)
                docs.append((counts, [c.id for c in concepts]))

    profiles = build_tag_profiles(docs)
    own, _ = resolve_tags(own_tags, taxonomy)
    suggestions = suggest_tags(
        analyze_counts(f"{title}\n{text}", lang),
        profiles,
        taxonomy,
        lang,
        exclude=[c.id for c in own],
        n=n,
        analyze=lambda words: analyze(words, lang),
    )
    return lang, [(s, taxonomy.get(s.concept_id).label(lang)) for s in suggestions]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path, help="the Markdown article")
    parser.add_argument("-n", type=int, default=5, help="how many suggestions")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument("--settings", type=Path, default=ROOT / "pelicanconf.py")
    args = parser.parse_args(argv)
    if not args.path.is_file():
        print(f"{args.path}: error: no such file", file=sys.stderr)
        return 2
    os.chdir(args.settings.resolve().parent)  # Pelican resolves PATH from here
    try:
        lang, ranked = suggest_for_file(args.path.resolve(), args.settings.resolve(), args.n)
    except TaxonomyError as error:
        print(error, file=sys.stderr)
        return 1
    if args.json:
        rows = [
            {"id": s.concept_id, "label": label, "score": round(s.score, 4), "reason": s.reason}
            for s, label in ranked
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    if not ranked:
        print(f"{args.path}: no suggestion (the text shares too little with tagged articles)")
    for rank, (suggestion, label) in enumerate(ranked, 1):
        print(
            f"{rank}. {label} [{suggestion.concept_id}]  score {suggestion.score:.2f}  — {suggestion.reason}"
        )
    print("(suggestions only: the file was not changed)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
