"""Suggest known tags for an article: `python -m plugins.taxonomy.cli PATH` (`invoke suggest-tags`).

Reads the site's articles in the same language (the only pass over article bodies
this plugin makes, and only on request), learns which terms go with which tag concepts,
and ranks concepts for the given article with a short reason. It never edits the file.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import unicodedata
from pathlib import Path

from pelican.readers import MarkdownReader, parse_path_metadata
from pelican.settings import read_settings

from ..content_index.analysis import analyze, analyze_counts, iter_tokens
from ..content_index.extract import extract_text
from ..content_index.names import auto_text_spans
from ..related.links import WIKILINK_PATTERN
from .model import TaxonomyError, load_taxonomy, resolve_tags
from .suggest import Suggestion, build_tag_profiles, suggest_tags

ROOT = Path(__file__).resolve().parents[2]
_WIKILINK = re.compile(WIKILINK_PATTERN)


class NotAnArticle(Exception):
    """The file is not a Markdown article of the site in a known language; one line."""


def _language(path: Path, metadata: dict, settings: dict) -> str:
    """The language Pelican gives the file: its `Lang:` line, else its folder; "" if none."""
    if metadata.get("lang"):
        return str(metadata["lang"])
    content = Path(settings["PATH"]).resolve()
    if not path.is_relative_to(content):
        return ""
    relative = path.relative_to(content).as_posix()
    return str(parse_path_metadata(relative, settings).get("lang") or settings["DEFAULT_LANG"])


def _read(reader: MarkdownReader, path: Path, settings: dict):
    html, metadata = reader.read(str(path))
    # An empty `Tags:` line (as `invoke new` writes) reads as Pelican's "discard" marker.
    tags = metadata.get("tags")
    tags = [str(t) for t in tags] if isinstance(tags, list) else []
    text = _written(extract_text(html).text)
    return _language(path, metadata, settings), str(metadata.get("title", "")), tags, text


def _written(text: str) -> str:
    """The text the author wrote, without the targets of wikilinks.

    The reader here leaves `[[collaborative-intranet-portal]]` as written (the related
    plugin's Markdown extension is the build's); the content index keeps an automatic
    link text between STX and ETX markers. Either way it is a slug or a title the link
    shows, not words of this article: neither a mention of a tag nor a term it shares
    with tagged articles. `[[target|own text]]` keeps its own text. Each link left out
    becomes a space, which keeps the words on either side apart.
    """
    text = _WIKILINK.sub(lambda m: f" {m[2]} " if m[2] else " ", text)
    spans = auto_text_spans(text)
    if not spans:
        return text
    parts, at = [], 0
    for start, end in spans:
        parts.append(text[at:start])
        at = end
    parts.append(text[at:])
    return " ".join(parts)


def _expected(settings: dict, languages: tuple[str, ...]) -> str:
    folders = [*settings["ARTICLE_PATHS"], *settings["PAGE_PATHS"]]
    places = " or ".join(f"{Path(settings['PATH']).name}/{folder}/<lang>/" for folder in folders)
    return f"expected a Markdown article under {places} (<lang>: {', '.join(languages)})"


def suggest_for_file(
    article: Path, settings_file: Path = ROOT / "pelicanconf.py", n: int = 5
) -> tuple[str, list[tuple[Suggestion, str]]]:
    """(language, [(suggestion, label in that language)]) for one Markdown article."""
    settings = read_settings(str(settings_file))
    content = Path(settings["PATH"])
    languages = tuple(settings.get("SITE_LANGUAGES") or (settings["DEFAULT_LANG"],))
    taxonomy = load_taxonomy(content / settings.get("TAXONOMY_FILE", "taxonomy.toml"), languages)
    reader = MarkdownReader(settings)
    if article.suffix.lstrip(".") not in MarkdownReader.file_extensions:
        raise NotAnArticle(f"not a Markdown file; {_expected(settings, languages)}")
    lang, title, own_tags, text = _read(reader, article, settings)
    if lang not in languages:
        problem = (
            f"language '{lang}' is not one of the site's"
            if lang
            else "outside the site's content and no `Lang:` line"
        )
        raise NotAnArticle(f"{problem}; {_expected(settings, languages)}")

    docs = []
    for folder in settings["ARTICLE_PATHS"]:
        for path in sorted((content / folder).rglob("*.md")):
            if path.resolve() == article.resolve():
                continue
            other_lang, other_title, tags, other_text = _read(reader, path, settings)
            if other_lang != lang:
                continue
            concepts, _ = resolve_tags(tags, taxonomy)
            if concepts:
                counts = analyze_counts(f"{other_title}\n{other_text}", lang)
                docs.append((counts, [c.id for c in concepts]))

    profiles = build_tag_profiles(docs)
    own, _ = resolve_tags(own_tags, taxonomy)
    # Offsets of iter_tokens index the NFC, lowercased text: the text itself when
    # lowercasing keeps its length (nearly always), else its lowercased form.
    whole = unicodedata.normalize("NFC", f"{title}\n{text}")
    if len(whole.lower()) != len(whole):
        whole = whole.lower()
    suggestions = suggest_tags(
        analyze_counts(whole, lang),
        profiles,
        taxonomy,
        lang,
        exclude=[c.id for c in own],
        n=n,
        analyze=lambda words: analyze(words, lang),
        text=whole,
        tokens=list(iter_tokens(whole, lang)),
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
    article = args.path.resolve()  # before chdir: the path may be relative to here
    os.chdir(args.settings.resolve().parent)  # Pelican resolves PATH from here
    try:
        lang, ranked = suggest_for_file(article, args.settings.resolve(), args.n)
    except NotAnArticle as error:
        print(f"{args.path}: error: {error}", file=sys.stderr)
        return 2
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
