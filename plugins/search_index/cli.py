"""Search the site's Whoosh index from the command line (authors' `invoke search`).

    python -m plugins.search_index.cli "intranet collaboratif" [--lang fr] [--json] [--limit 10]
    python -m plugins.search_index.cli intranet -sharepoint      # or "intranet NOT sharepoint"

Prints the ranked results with their scores and source files; `--json` prints a JSON
list of {path, url, title, score, lang, date}. The index is the one the last build
wrote (SEARCH_INDEX_DIR of the settings file, default `.cache/whoosh` beside the content
folder); build the site first.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from pathlib import Path

from .config import resolve_index_dir
from .whoosh_index import search as search_index

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_SETTINGS = ROOT / "pelicanconf.py"


def index_dir_for(settings_file: Path = DEFAULT_SETTINGS) -> Path:
    """The Whoosh folder a build with this settings file writes."""
    from pelican.settings import read_settings

    settings = read_settings(str(settings_file))
    if not Path(settings.get("PATH", "")).is_absolute():
        settings["PATH"] = str((Path(settings_file).parent / settings["PATH"]).resolve())
    return resolve_index_dir(settings)


def search(
    query: str, lang: str | None = None, limit: int = 10, index_dir: Path | None = None
) -> list[dict]:
    """Ranked results for `query`: [{path, url, title, score, lang, date}], best first."""
    return search_index(index_dir or index_dir_for(), query, lang=lang, limit=limit)


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {number}")
    return number


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m plugins.search_index.cli", description=__doc__.split("\n")[0]
    )
    parser.add_argument(
        "query",
        nargs="*",
        help='words to look for (Whoosh syntax: AND, OR, NOT, "phrase", prefix*; '
        "-word leaves out the pages with that word)",
    )
    parser.add_argument("--lang", choices=("fr", "en"), help="search one language (default: all)")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument(
        "--limit", type=_positive, default=10, help="number of results (default 10)"
    )
    parser.add_argument(
        "--index-dir", type=Path, help="Whoosh index folder (default: from the settings)"
    )
    parser.add_argument(
        "--settings", type=Path, default=DEFAULT_SETTINGS, help="Pelican settings file"
    )
    # "-word" (an exclusion) is not an option: it belongs to the query, taken out before
    # argparse would read "-html" as -h with the value "tml". After "--", all are words.
    argv = list(sys.argv[1:] if argv is None else argv)
    options, dashed = [], []
    for index, token in enumerate(argv):
        if token == "--":
            dashed += argv[index + 1 :]
            break
        (dashed if re.match(r"-[^-]", token) and token != "-h" else options).append(token)
    args = parser.parse_args(options)
    words = " ".join([*args.query, *dashed]).strip()
    if not words:
        parser.error("no words to search for")
    index_dir = args.index_dir or index_dir_for(args.settings)
    try:
        results = search(words, lang=args.lang, limit=args.limit, index_dir=index_dir)
    except FileNotFoundError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    try:
        _print(results, words, args.json)
    except BrokenPipeError:
        # The reader stopped reading (`| head`): not an error. Python would report the
        # failed flush at exit; point stdout at nothing instead.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    return 0


def _print(results: list[dict], words: str, as_json: bool) -> None:
    if as_json:
        print(json.dumps(results, ensure_ascii=False, indent=2))
        return
    if not results:
        print(f"No results for {words!r}.")
        return
    for rank, r in enumerate(results, 1):
        print(f"{rank:2}. {r['score']:8.3f}  {r['path']}")
        print(
            f"    {r['title']}  ({r['lang']}{', ' + r['date'][:10] if r['date'] else ''})  {r['url']}"
        )
    sys.stdout.flush()


if __name__ == "__main__":
    sys.exit(main())
