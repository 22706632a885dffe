"""Incremental builds: a rebuild after one edit parses that file only.

A cache written by other settings or other plugin code is never read.
"""

from __future__ import annotations

import json
import os
import pickle
import shutil
from pathlib import Path

import pytest

import tasks
from plugins.content_checks.runner import cache_key
from tests.conftest import ROOT, SAMPLE_CONTENT, parse


def build(tmp: Path, content: Path, name: str, **options) -> dict:
    summary = tmp / f"{name}.json"
    outcome = tasks.build_safely(
        ROOT / "pelicanconf.py",
        tmp / "output",
        content=content,
        cache_dir=tmp / "cache",
        capture=True,
        extra=["--summary-json", str(summary)],
        **options,
    )
    assert outcome.code == 0, outcome.log
    return json.loads(summary.read_text("utf-8"))


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    """The sample site built four times: cold, unchanged, after one edit, other settings."""
    tmp = tmp_path_factory.mktemp("incremental")
    content = tmp / "content"
    shutil.copytree(SAMPLE_CONTENT, content)
    results = {"cold": build(tmp, content, "cold"), "warm": build(tmp, content, "warm")}
    edited = content / "articles/fr/social-business-utile-ou-rentable.md"
    edited.write_text(edited.read_text("utf-8") + "\nUn paragraphe ajouté après coup.\n", "utf-8")
    stat = edited.stat()
    os.utime(edited, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    results["edit"] = build(tmp, content, "edit")
    results["settings"] = build(tmp, content, "settings", overrides={"SUMMARY_MAX_LENGTH": 51})
    results["output"] = tmp / "output"
    return results


def test_cold_build_parses_every_file(builds):
    cold = builds["cold"]
    assert cold["parsed"] == cold["read_files"] >= 30
    assert cold["from_cache"] == 0
    published = sum(n for found in cold["counts"].values() for n in found.values())
    assert cold["analysed"] == published >= 30, "every text analysed"


def test_unchanged_rebuild_parses_nothing(builds):
    warm = builds["warm"]
    assert warm["parsed"] == 0 and warm["from_cache"] == builds["cold"]["read_files"]
    assert warm["cache_dir"] == builds["cold"]["cache_dir"]
    assert warm["analysed"] == 0


def test_rebuild_after_one_edit_parses_only_that_file(builds):
    edit = builds["edit"]
    assert edit["parsed"] == 1
    assert edit["from_cache"] == builds["cold"]["read_files"] - 1
    assert edit["analysed"] == 1
    page = builds["output"] / "fr/2012/social-business-utile-ou-rentable/index.html"
    assert "Un paragraphe ajouté après coup." in parse(page).get_text()


def test_other_settings_never_read_the_cache(builds):
    other = builds["settings"]
    assert other["cache_dir"] != builds["cold"]["cache_dir"]
    assert other["parsed"] == other["read_files"] and other["from_cache"] == 0


def test_cache_key_follows_plugin_code_and_settings(tmp_path):
    plugin = tmp_path / "plugins" / "demo"
    plugin.mkdir(parents=True)
    (plugin / "__init__.py").write_text("def register(): pass\n", "utf-8")
    (plugin / "__pycache__").mkdir()
    settings = {
        "PLUGINS": ["demo"],
        "PLUGIN_PATHS": [str(tmp_path / "plugins")],
        "MARKDOWN": {"x": 1},
        "OUTPUT_PATH": "/a",
        "CONTENT_CHECKS_STRICT": False,
    }
    key = cache_key(settings)
    assert cache_key({**settings, "OUTPUT_PATH": "/b", "CONTENT_CHECKS_STRICT": True}) == key, (
        "where the site is written and how strict the checks are do not change what is cached"
    )
    (plugin / "__pycache__" / "x.pyc").write_bytes(b"compiled")
    assert cache_key(settings) == key
    assert cache_key({**settings, "MARKDOWN": {"x": 2}}) != key
    (plugin / "__init__.py").write_text("def register(): return None\n", "utf-8")
    assert cache_key(settings) != key


def test_cached_checks_report_what_a_fresh_run_reports(builds):
    assert builds["warm"]["problems"] == builds["cold"]["problems"]
    assert builds["edit"]["problems"] == builds["cold"]["problems"]


def test_a_file_edited_after_it_was_checked_is_checked_again(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(SAMPLE_CONTENT, content)
    first = build(tmp_path, content, "first")
    edited = content / "articles/fr/social-business-utile-ou-rentable.md"
    text = edited.read_text("utf-8")
    edited.write_text(text.replace("Category:", "Categroy: Social business\nCategory:", 1), "utf-8")
    broken = build(tmp_path, content, "broken")
    new = [p for p in broken["problems"] if p not in first["problems"]]
    assert any("social-business-utile-ou-rentable.md:3:" in p for p in new), new
    edited.write_text(text, "utf-8")
    assert build(tmp_path, content, "fixed")["problems"] == first["problems"]


def test_the_checks_kept_are_written_again_only_where_a_file_changed_or_went(tmp_path, monkeypatch):
    monkeypatch.syspath_prepend(str(ROOT / "plugins"))  # entries pickled as the build named them
    content = tmp_path / "content"
    shutil.copytree(SAMPLE_CONTENT, content)
    build(tmp_path, content, "first")
    (folder,) = (tmp_path / "cache").glob("*/content_checks.pickle.shards")

    def written() -> dict[str, int]:
        return {p.name: p.stat().st_mtime_ns for p in folder.glob("*.pickle")}

    def kept() -> dict:
        entries = {}
        for shard in folder.glob("*.pickle"):
            entries.update(pickle.loads(shard.read_bytes()))
        return entries

    before, entries = written(), kept()
    assert len(before) == 16 and "articles/fr/social-business-utile-ou-rentable.md" in entries
    edited = content / "articles/fr/social-business-utile-ou-rentable.md"
    edited.write_text(edited.read_text("utf-8") + "\nUne phrase de plus.\n", "utf-8")
    build(tmp_path, content, "edited")
    after = written()
    changed = {name for name in after if after[name] != before[name]}
    assert len(changed) == 1, changed
    assert kept().keys() == entries.keys()

    gone = "kb/en/about.md"
    (content / gone).unlink()
    build(tmp_path, content, "deleted")
    assert gone not in kept()
    assert kept().keys() == entries.keys() - {gone}


@pytest.mark.parametrize("how", ["edited, time set back", "replaced by a file of the same time"])
def test_a_file_changed_without_a_new_modification_time_is_read_again(tmp_path, how):
    """`git mv`, `cp -p`, a checkout: the file's time alone does not say it is unchanged."""
    content = tmp_path / "content"
    shutil.copytree(SAMPLE_CONTENT, content)
    build(tmp_path, content, "first")
    target = content / "kb/en/about.md"
    before = target.stat()
    if how == "edited, time set back":
        target.write_text(target.read_text("utf-8") + "\nA line added after the build.\n", "utf-8")
    else:
        other = tmp_path / "other.md"
        other.write_text(target.read_text("utf-8") + "\nA line added after the build.\n", "utf-8")
        os.replace(other, target)
    os.utime(target, ns=(before.st_atime_ns, before.st_mtime_ns))
    again = build(tmp_path, content, "again")
    assert again["parsed"] == 1, again
    page = parse(tmp_path / "output/en/kb/about/index.html")
    assert "A line added after the build." in page.get_text()


def built_once(tmp_path: Path, kept_file: str) -> tuple[Path, Path, object]:
    """The sample site built once: (its content folder, a cache file, what that file holds)."""
    content = tmp_path / "content"
    shutil.copytree(SAMPLE_CONTENT, content)
    cold = build(tmp_path, content, "cold")
    kept = Path(cold["cache_dir"]) / kept_file
    return content, kept, pickle.loads(kept.read_bytes())


def graph_points(output: Path, lang: str = "fr") -> set[tuple[float, float]]:
    data = json.loads((output / lang / "graph.json").read_text("utf-8"))
    return {(node["x"], node["y"]) for node in data["nodes"]}


def test_a_rebuild_draws_the_graph_with_the_layout_kept_from_the_last_build(tmp_path):
    content, kept, (version, layouts) = built_once(tmp_path, "related_layouts.pickle")
    drawn = graph_points(tmp_path / "output")
    assert len(layouts) == 2, "one layout a language"
    # Rewritten positions that no layout would give: drawn only if the kept layouts are read.
    marked = {  # (positions, communities, width, height)
        key: ([(float(i), 2.0 * i) for i in range(len(layout[0]))], *layout[1:])
        for key, layout in layouts.items()
    }
    kept.write_bytes(pickle.dumps((version, marked)))
    # Without the site graphs kept whole (next test), the graphs are made again, from
    # the layouts kept.
    kept.with_name("related_site_graphs.pickle").unlink()
    build(tmp_path, content, "warm")
    count = len(drawn)
    assert graph_points(tmp_path / "output") == {(float(i), 2.0 * i) for i in range(count)}
    # A changed graph (an article deleted) is laid out again.
    (content / "articles/fr/social-business-utile-ou-rentable.md").unlink()
    build(tmp_path, content, "changed")
    points = graph_points(tmp_path / "output")
    assert not points <= {(float(i), 2.0 * i) for i in range(count)}


def test_a_rebuild_takes_the_site_graphs_kept_while_what_they_are_made_of_is_the_same(tmp_path):
    content, kept, (version, data) = built_once(tmp_path, "related_site_graphs.pickle")
    assert set(data["texts"]) == {"fr", "en"} and isinstance(data["inputs"], bytes)
    assert json.loads(data["texts"]["fr"]) == json.loads(
        (tmp_path / "output/fr/graph.json").read_text("utf-8")
    )
    # A graph.json no build would write: written only if the kept graphs are taken.
    marked = json.dumps({"marked": True})
    data["texts"]["fr"] = marked
    kept.write_bytes(pickle.dumps((version, data)))
    build(tmp_path, content, "warm")
    assert (tmp_path / "output/fr/graph.json").read_text("utf-8") == marked
    # A title changed: the graphs are made again, and show it.
    edited = content / "articles/fr/social-business-utile-ou-rentable.md"
    text = edited.read_text("utf-8")
    title = next(line for line in text.splitlines() if line.startswith("Title:"))
    edited.write_text(text.replace(title, "Title: Un titre que le graphe doit montrer"), "utf-8")
    build(tmp_path, content, "changed")
    graph = json.loads((tmp_path / "output/fr/graph.json").read_text("utf-8"))
    assert "Un titre que le graphe doit montrer" in {node["title"] for node in graph["nodes"]}
    # What the graphs are made of now is kept in turn.
    assert pickle.loads(kept.read_bytes())[1]["inputs"] != data["inputs"]


def shown_words(output: Path, lang: str) -> set[str]:
    """The words of every "similar subject" reason in the language of its pages."""
    words = set()
    for page in (output / lang).rglob("index.html"):
        for span in parse(page).select(".related-reason span:not([lang])"):
            words.update(w.strip() for w in span.get_text().split(","))
    return words


def test_a_rebuild_shows_the_words_kept_from_the_last_build_while_titles_are_the_same(tmp_path):
    content, kept, (version, entries) = built_once(tmp_path, "related_words.pickle")
    # The sample's French pages show no "similar subject" reason (their text similarities
    # are faint: RELATED_MIN_TEXT), its English pages do.
    assert "en" in entries
    # Counts no text would give: shown only if the kept counts are read. (In the sample
    # site, only English reasons show words found in titles and headings.)
    marked = {
        lang: (key, looked_for, {stem: {f"marque{stem}": 9} for stem in counts})
        for lang, (key, looked_for, counts) in entries.items()
    }
    kept.write_bytes(pickle.dumps((version, marked)))

    def marks() -> set[str]:
        return {w for w in shown_words(tmp_path / "output", "en") if w.startswith("marque")}

    build(tmp_path, content, "warm")
    assert marks()
    # A French title changed: the French titles and headings are read again, not the English.
    edited = content / "articles/fr/social-business-utile-ou-rentable.md"
    edited.write_text(edited.read_text("utf-8").replace("Title: ", "Title: Nouveau : ", 1))
    build(tmp_path, content, "French title")
    assert marks()
    edited = content / "articles/en/a-note-for-english-readers.md"
    edited.write_text(edited.read_text("utf-8").replace("Title: ", "Title: New: ", 1))
    build(tmp_path, content, "English title")
    assert not marks()


def test_a_rebuild_counts_the_term_frequencies_forward_as_a_build_from_nothing(tmp_path):
    """The kept document frequencies, updated with the edited article's terms then and now."""
    content, kept, (version, languages) = built_once(tmp_path, "related_vectors.pickle")
    edited = content / "articles/fr/social-business-utile-ou-rentable.md"
    text = edited.read_text("utf-8")
    edited.write_text(text + "\nUn paragraphe inédit sur la gouvernance des données.\n")
    build(tmp_path, content, "edit")
    _, after = pickle.loads(kept.read_bytes())
    # Kept counts marked with a term no text can hold: still there only if read and updated.
    marked = {lang: (*entry[:3], {**entry[3], "\x00mark": 7}) for lang, entry in after.items()}
    kept.write_bytes(pickle.dumps((version, marked)))
    edited.write_text(text)
    build(tmp_path, content, "edit back")
    _, forward = pickle.loads(kept.read_bytes())
    assert forward["fr"][3].get("\x00mark") == 7
    # Without the marks: the counts of a build from nothing, term for term.
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    _, scratch_kept, (_, fresh) = built_once(scratch, "related_vectors.pickle")
    for lang, entry in forward.items():
        counts = {t: n for t, n in entry[3].items() if t != "\x00mark"}
        assert counts == dict(fresh[lang][3]), lang
