"""The content index's analyses cache: shards, so a rebuild writes again only what changed."""

from __future__ import annotations

import os

from plugins.content_index import (
    ANALYSIS_CACHE,
    ANALYSIS_SHARDS,
    _Analysed,
    _load_analyses,
    _save_analyses,
    _shard,
)


def entry(n: int, title: str = "") -> _Analysed:
    # Any picklable values stand in for the extracted text and the analysis.
    return _Analysed(n.to_bytes(4, "little"), title or f"Title {n}", "fr", None, None)


def settings_for(tmp_path) -> dict:
    return {"CACHE_PATH": str(tmp_path), "LOAD_CONTENT_CACHE": True}


def stamps(tmp_path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in (tmp_path / ANALYSIS_CACHE).iterdir()}


def test_what_is_saved_is_loaded_back_from_its_shards(tmp_path):
    settings = settings_for(tmp_path)
    analyses = {f"articles/fr/a{n}.md": entry(n) for n in range(200)}
    _save_analyses(settings, analyses, analyses)
    assert len(stamps(tmp_path)) == ANALYSIS_SHARDS, "200 paths fill every shard"
    assert _load_analyses(settings) == analyses
    assert _load_analyses({**settings, "LOAD_CONTENT_CACHE": False}) == {}


def test_an_edit_writes_only_the_shard_that_holds_it(tmp_path):
    settings = settings_for(tmp_path)
    analyses = {f"articles/fr/a{n}.md": entry(n) for n in range(200)}
    _save_analyses(settings, analyses, analyses)
    for shard_file in (tmp_path / ANALYSIS_CACHE).iterdir():
        os.utime(shard_file, ns=(10**9, 10**9))  # long ago: any file written now differs
    before = stamps(tmp_path)
    edited = "articles/fr/a7.md"
    analyses[edited] = entry(7, "A new title")
    _save_analyses(settings, analyses, [edited])
    after = stamps(tmp_path)
    rewritten = {name for name in after if after[name] != before[name]}
    assert rewritten == {f"{_shard(edited):02d}.pickle"}
    assert _load_analyses(settings) == analyses
    # Nothing changed: nothing written.
    _save_analyses(settings, analyses, [])
    assert stamps(tmp_path) == after


def test_a_deleted_article_leaves_the_cache(tmp_path):
    settings = settings_for(tmp_path)
    analyses = {f"articles/fr/a{n}.md": entry(n) for n in range(40)}
    _save_analyses(settings, analyses, analyses)
    gone = analyses.pop("articles/fr/a3.md")
    assert gone
    _save_analyses(settings, analyses, ["articles/fr/a3.md"])
    assert _load_analyses(settings) == analyses


def test_an_unreadable_shard_loses_only_its_own_entries(tmp_path):
    settings = settings_for(tmp_path)
    analyses = {f"articles/fr/a{n}.md": entry(n) for n in range(200)}
    _save_analyses(settings, analyses, analyses)
    broken = _shard("articles/fr/a0.md")
    (tmp_path / ANALYSIS_CACHE / f"{broken:02d}.pickle").write_bytes(b"not a pickle")
    loaded = _load_analyses(settings)
    assert loaded == {p: a for p, a in analyses.items() if _shard(p) != broken}
