"""The benchmark runs end to end on a tiny corpus, so it never rots (timings not asserted)."""

from __future__ import annotations

import json
import re

from bench.run import main


def test_benchmark_smoke_run(tmp_path, capsys):
    assert (
        main(
            [
                "--pairs",
                "5",
                "--runs",
                "1",
                "--work",
                str(tmp_path / "work"),
                "--out",
                str(tmp_path),
            ]
        )
        == 0
    )
    lines = capsys.readouterr().out.strip().splitlines()
    assert re.fullmatch(
        r"ratio_full_vs_plain=\d+\.\d+ rebuild_vs_plain=\d+\.\d+ memory_vs_plain=\d+\.\d+",
        lines[-1],
    ), lines[-1]
    assert any(line.startswith("| plain Pelican |") for line in lines)
    (result_file,) = tmp_path.glob("bench-5-*.json")
    result = json.loads(result_file.read_text())
    # Each ratio is the median of the pairs' ratios, which the table and the JSON list.
    (pair,) = result["pair_ratios"]["full_vs_plain"]
    assert result["ratios"]["full_vs_plain"] == pair > 0
    assert f"| full / plain, wall | {pair:.2f} | {pair:.2f} | ≤ 1.30 |" in lines
    assert result["articles"] >= 10
    assert {"content_index"} <= set(result["stage_seconds"])
    # The rebuild after one edit, stage by stage (its build reports), time outside Pelican too.
    rebuild_stages = result["rebuild_stage_seconds"]
    assert {"outside_pelican", "reading", "related", "after_reading"} <= set(rebuild_stages)
    assert all(rebuild_stages[name] > 0 for name in ("outside_pelican", "reading", "after_reading"))
    assert any(line.startswith("| stage (rebuild after one edit, median) |") for line in lines)
    assert result["output_bytes"]["full"] > 0
    # The builds into folders that never existed, measured and then removed.
    assert any(line.startswith("| this project, into an empty folder |") for line in lines)
    assert len(result["full_into_empty_folder"]) == 1
    assert result["ratios"]["empty_folder_full_vs_plain"] > 0
    assert not list((tmp_path / "work").glob("empty-*"))
    # Plain Pelican's own rebuild after the same edit, for reference: its content cache
    # on, and the edit in what it wrote.
    assert any(line.startswith("| plain Pelican, rebuild after the same edit") for line in lines)
    assert len(result["plain_rebuild_after_article_edit"]) == 1
    assert result["ratios"]["rebuild_vs_plain_rebuild"] > 0
    assert any((tmp_path / "work" / "plain-cached-cache").iterdir())
    edited = [
        page
        for page in (tmp_path / "work" / "out-plain-cached").rglob("*.html")
        if "Un paragraphe ajouté pendant la relecture" in page.read_text(encoding="utf-8")
    ]
    assert edited
    # The floor: plain Pelican with this project's page reuse and no feature, rebuilt after
    # the same edit over its own output (the edit in the page it wrote again).
    assert any(line.startswith("| Pelican with page reuse only (no feature") for line in lines)
    (floor,) = result["floor_rebuild_after_article_edit"]
    assert floor["code"] == 0 and floor["wall"] > 0
    assert result["ratios"]["rebuild_vs_floor_rebuild"] > 0
    assert (tmp_path / "work" / "floor-cache" / "incremental_pages.pickle").is_file()
    assert any(
        "Un paragraphe ajouté pendant la relecture" in page.read_text(encoding="utf-8")
        for page in (tmp_path / "work" / "out-floor").rglob("*.html")
    )
    # `invoke serve`'s rebuild, in a child of a warm build process: measured, its stages
    # from its own build report, and the edit in the site it wrote.
    assert any(
        line.startswith("| `invoke serve`'s rebuild after one article edit") for line in lines
    )
    (served,) = result["served_rebuild_after_article_edit"]
    assert served["code"] == 0 and served["cpu"] > 0 and served["peak_mb"] > 0
    assert result["ratios"]["served_rebuild_vs_plain"] > 0
    assert {"reading", "related"} <= set(result["served_rebuild_stage_seconds"])
    assert any(
        "Un paragraphe ajouté pendant la relecture" in page.read_text(encoding="utf-8")
        for page in (tmp_path / "work" / "out-served").rglob("*.html")
    )
    # What `invoke serve` shows first: the edited page, made by the last build's process.
    # The rebuild after the body edit resumed from the end of the catch-up build's reading.
    assert result["served_rebuilds_resumed"] == [True]
    (first,) = result["served_edited_page_first"]
    assert first["pages"] == 1 and first["wall"] > 0
    assert any(line.startswith("`invoke serve` shows the edited page ") for line in lines)
