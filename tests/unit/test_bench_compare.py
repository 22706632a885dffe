"""bench/compare.py: two benchmark results side by side, older results included."""

from __future__ import annotations

import json

from bench.compare import compare, main


def run(wall: float, cpu: float = 1.0, peak: float = 100.0) -> dict:
    return {"code": 0, "wall": wall, "cpu": cpu, "peak_mb": peak, "tree_peak_mb": peak}


OLD = {
    "pairs": 1000,
    "runs": 3,
    "plain": [run(10.0), run(12.0), run(11.0)],
    "full": [run(13.0), run(14.0), run(15.0)],
    "ratios": {"full_vs_plain": 1.25},
    "stage_seconds": {"related": 2.0},
}
NEW = {
    **OLD,
    "full": [run(11.0), run(12.0), run(13.0)],
    "ratios": {"full_vs_plain": 1.1, "rebuild_vs_plain_rebuild": 0.74},
    "rebuild_stage_seconds": {"reading": 0.7},
}


def test_medians_ratios_and_stages_with_their_change():
    table = {name: (a, b, change) for name, a, b, change in compare(OLD, NEW)}
    assert table["plain Pelican, wall s"] == (11.0, 11.0, 0.0)
    a, b, change = table["this project, all features, wall s"]
    assert (a, b) == (14.0, 12.0) and round(change, 2) == -14.29
    assert round(table["ratio full_vs_plain"][2], 1) == -12.0
    assert table["full build stage related, s"] == (2.0, 2.0, 0.0)


def test_a_measure_one_result_lacks_has_no_change():
    table = {name: (a, b, change) for name, a, b, change in compare(OLD, NEW)}
    assert table["ratio rebuild_vs_plain_rebuild"] == (None, 0.74, None)
    assert table["rebuild stage reading, s"] == (None, 0.7, None)


def test_the_command_prints_a_table_and_names_a_file_it_cannot_read(tmp_path, capsys):
    old, new, broken = tmp_path / "old.json", tmp_path / "new.json", tmp_path / "broken.json"
    old.write_text(json.dumps(OLD))
    new.write_text(json.dumps(NEW))
    broken.write_text("{not json")
    assert main([str(old), str(new)]) == 0
    out = capsys.readouterr().out
    assert "| this project, all features, wall s | 14.000 | 12.000 | -14.3 % |" in out
    assert "| ratio rebuild_vs_plain_rebuild | – | 0.740 | – |" in out
    assert main([str(old), str(broken)]) == 2
    assert "broken.json: error: not a benchmark result" in capsys.readouterr().err
