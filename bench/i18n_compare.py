"""Architecture evidence: `pelican-i18n-subsites` against our single-pass bilingual build.

    pip install -r bench/requirements.txt        # pelican-i18n-subsites (bench only)
    python bench/i18n_compare.py --pairs 2000 --runs 3

Builds one synthetic corpus three ways, alternating, each in a child process:
  plain     Pelican, no plugins, default theme (one tree; the yardstick)
  subsites  Pelican + pelican-i18n-subsites (a second full Pelican run for English),
            default theme, untranslated articles kept in both trees
  ours      Pelican + plugins/bilingual only, our theme
and reports median wall time and peak memory, and how complete each language tree is:
articles listed in its archives, category pages, tag pages, feeds.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.make_corpus import make_corpus  # noqa: E402
from bench.run import project_settings, run_build  # noqa: E402

# Pairs translations the way the site does (Translation_key, else slug), for the
# subsites build, which has no bilingual plugin.
PAIRING_PLUGIN = """
from pelican import signals

def key(content):
    content.translation_key = content.metadata.get("translation_key") or getattr(content, "slug", "")

def register():
    signals.content_object_init.connect(key)
"""

COMMON = """
PATH = {content!r}
ARTICLE_PATHS = ["articles"]
PAGE_PATHS = ["pages"]
TIMEZONE = "Europe/Paris"
DEFAULT_LANG = "fr"
PATH_METADATA = r"articles/(?P<lang>[a-z]{{2}})/.*"
LOAD_CONTENT_CACHE = False
DELETE_OUTPUT_DIRECTORY = True
"""

PLAIN = COMMON + "PLUGINS = []\n"
SUBSITES = (
    COMMON
    + """
PLUGIN_PATHS = [{work!r}]
PLUGINS = ["pairing", "pelican.plugins.i18n_subsites"]
ARTICLE_TRANSLATION_ID = "translation_key"
I18N_SUBSITES = {{"en": {{"SITENAME": "Collaboration (English)"}}}}
I18N_UNTRANSLATED_ARTICLES = "keep"
TAG_FEED_ATOM = "feeds/tag/{{slug}}.atom.xml"
CATEGORY_FEED_ATOM = "feeds/category/{{slug}}.atom.xml"
"""
)


def archive_links(path: Path) -> int:
    if not path.exists():
        return 0
    html = path.read_text(encoding="utf-8")
    return len(set(re.findall(r'href="[^"]*?/\d{4}/[^"]+"|href="[^"]*?\.html"', html)))


def tree_stats(output: Path, kind: str) -> dict[str, dict[str, int]]:
    trees = (
        {"fr": output, "en": output / "en"}
        if kind != "ours"
        else {"fr": output / "fr", "en": output / "en"}
    )
    stats = {}
    for lang, root in trees.items():
        if kind == "ours":
            archives = root / "archives/index.html"
            categories = len(list((root / "category").glob("*/index.html")))
            tags = len(list((root / "tags").glob("*/index.html")))
            feeds = len(list((root / "feeds").rglob("*.xml")))
            links = (
                len(re.findall(r"<li><time", archives.read_text("utf-8")))
                if archives.exists()
                else 0
            )
        else:
            archives = root / "archives.html"
            categories = len(list((root / "category").glob("*.html")))
            tags = len(list((root / "tag").glob("*.html")))
            feeds = len(list((root / "feeds").rglob("*.xml")))
            links = (
                len(re.findall(r"<dd><a href", archives.read_text("utf-8")))
                if archives.exists()
                else 0
            )
        stats[lang] = {
            "archive_entries": links,
            "category_pages": categories,
            "tag_pages": tags,
            "feeds": feeds,
        }
    return stats


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", type=Path, default=None)
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="i18n-"))
    work.mkdir(parents=True, exist_ok=True)
    corpus = work / f"corpus-{args.pairs}"
    manifest = make_corpus(corpus, pairs=args.pairs, seed=1) if not corpus.exists() else None
    (work / "pairing.py").write_text(PAIRING_PLUGIN, encoding="utf-8")
    settings = {
        "plain": PLAIN.format(content=str(corpus)),
        "subsites": SUBSITES.format(content=str(corpus), work=str(work)),
        "ours": project_settings(corpus, PLUGINS=["bilingual", "taxonomy"]),
    }
    files = {}
    for name, text in settings.items():
        files[name] = work / f"{name}_settings.py"
        files[name].write_text(text, encoding="utf-8")
    log = work / "build.log"
    measures = {name: [] for name in settings}
    for run in range(args.runs):
        for name in settings:
            m = run_build(corpus, work / f"out-{name}", files[name], log)
            if m.code != 0:
                raise SystemExit(f"{name} failed (exit {m.code}); see {log}")
            measures[name].append(m)
            print(f"run {run + 1} {name:9s} {m.wall:6.2f} s {m.peak_mb:7.1f} MB", file=sys.stderr)
    articles = len(list(corpus.glob("articles/*/*.md")))
    print(f"Corpus: {args.pairs} pairs, {articles} articles; medians of {args.runs} runs\n")
    print(
        "| build | wall s | CPU s | CPU vs plain | peak MB | fr: archive entries / categories / tags / feeds | en: same |"
    )
    print("| --- | ---: | ---: | ---: | ---: | --- | --- |")
    for name in settings:
        wall = statistics.median(m.wall for m in measures[name])
        cpu = statistics.median(m.cpu for m in measures[name])
        # Ratio pair by pair (same run), then the median: robust to a noisy machine.
        ratio = statistics.median(
            m.cpu / p.cpu for m, p in zip(measures[name], measures["plain"], strict=True)
        )
        peak = statistics.median(m.peak_mb for m in measures[name])
        stats = tree_stats(work / f"out-{name}", name)
        cells = [" / ".join(str(v) for v in stats[lang].values()) for lang in ("fr", "en")]
        print(
            f"| {name} | {wall:.2f} | {cpu:.2f} | {ratio:.2f} | {peak:.0f} | {cells[0]} | {cells[1]} |"
        )
    if manifest is not None:
        print(f"\n(each complete tree should list {args.pairs} pairs + the one-language articles)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
