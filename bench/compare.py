"""Two benchmark results side by side: what changed between two runs of bench/run.py.

    python bench/compare.py bench/results/OLD.json bench/results/NEW.json

Prints a Markdown table: each build's median wall time, CPU time and peak memory, each
ratio, and each stage of the full build and of the rebuild, with the change from the
first file to the second. A measure only one of the files has (an older benchmark did
not make it) shows as "–". The machine moves between runs (plain Pelican's own time
shows by how much): compare ratios before absolute times.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path

BUILDS = [
    ("plain", "plain Pelican"),
    ("full", "this project, all features"),
    ("plain_into_empty_folder", "plain Pelican, into an empty folder"),
    ("full_into_empty_folder", "this project, into an empty folder"),
    ("rebuild_after_article_edit", "rebuild after one article edit"),
    ("rebuild_after_taxonomy_edit", "rebuild after a taxonomy edit"),
    ("plain_rebuild_after_article_edit", "plain Pelican's own rebuild"),
    ("floor_rebuild_after_article_edit", "Pelican with page reuse only, rebuild"),
    ("served_rebuild_after_article_edit", "`invoke serve`'s rebuild after one article edit"),
]
"""(key in a result, label): the builds measured, each a list of runs."""

MEASURES = [("wall", "wall s"), ("cpu", "CPU s"), ("peak_mb", "peak MB")]


def rows(result: dict) -> dict[str, float]:
    """{row label: value} of one result: builds' medians, ratios, stages."""
    found: dict[str, float] = {}
    for key, label in BUILDS:
        runs = result.get(key) or []
        for field, unit in MEASURES:
            values = [run[field] for run in runs if field in run]
            if values:
                found[f"{label}, {unit}"] = statistics.median(values)
    for name, value in (result.get("ratios") or {}).items():
        found[f"ratio {name}"] = value
    for name, value in (result.get("stage_seconds") or {}).items():
        found[f"full build stage {name}, s"] = value
    for name, value in (result.get("rebuild_stage_seconds") or {}).items():
        found[f"rebuild stage {name}, s"] = value
    for name, value in (result.get("served_rebuild_stage_seconds") or {}).items():
        found[f"`invoke serve`'s rebuild stage {name}, s"] = value
    return found


def compare(old: dict, new: dict) -> list[tuple[str, float | None, float | None, float | None]]:
    """[(row, old value, new value, change in % or None)], rows in a stable order."""
    before, after = rows(old), rows(new)
    order = list(before) + [name for name in after if name not in before]
    table = []
    for name in order:
        a, b = before.get(name), after.get(name)
        change = (b - a) / a * 100 if a and b is not None else None
        table.append((name, a, b, change))
    return table


def markdown(old: dict, new: dict, old_name: str, new_name: str) -> str:
    def shown(value: float | None, digits: int = 3) -> str:
        return "–" if value is None else f"{value:.{digits}f}"

    lines = [
        f"Comparing {old_name} ({old.get('pairs')} pairs, {old.get('runs')} runs) with "
        f"{new_name} ({new.get('pairs')} pairs, {new.get('runs')} runs)",
        "",
        "| measure | before | after | change |",
        "| --- | ---: | ---: | ---: |",
    ]
    for name, a, b, change in compare(old, new):
        percent = "–" if change is None else f"{change:+.1f} %"
        lines.append(f"| {name} | {shown(a)} | {shown(b)} | {percent} |")
    if old.get("pairs") != new.get("pairs"):
        lines += ["", "Note: the two runs built corpora of different sizes."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("old", type=Path, help="a JSON file written by bench/run.py")
    parser.add_argument("new", type=Path, help="another, to compare with the first")
    args = parser.parse_args(argv)
    results = []
    for path in (args.old, args.new):
        try:
            results.append(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError) as error:
            print(f"{path}: error: not a benchmark result ({error})", file=sys.stderr)
            return 2
    print(markdown(results[0], results[1], args.old.name, args.new.name))
    return 0


if __name__ == "__main__":
    sys.exit(main())
