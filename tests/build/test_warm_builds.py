"""Warm builds (`invoke serve`): a child of a process that keeps the code and caches loaded.

Each warm build must write, byte for byte, the site a fresh build of the same content
writes: after edits, additions, deletions and a taxonomy change, and when it fails.
"""

from __future__ import annotations

import filecmp
import os
import shutil
import signal
import time
from pathlib import Path

import pytest

import tasks
from plugins.content_checks import ReaderCacheShards
from plugins.content_checks.warm import WarmBuilds
from plugins.content_index import _shard, _shard_file
from tests.conftest import ROOT, SAMPLE_CONTENT

EDITED = "articles/fr/social-business-utile-ou-rentable.md"


def _differences(left: Path, right: Path) -> list[str]:
    """Files present in one tree only, or with other bytes (empty when the trees are equal)."""
    found = []
    compared = filecmp.dircmp(left, right)
    stack = [(compared, Path())]
    while stack:
        node, where = stack.pop()
        found += [f"only in {left.name}: {where / n}" for n in node.left_only]
        found += [f"only in {right.name}: {where / n}" for n in node.right_only]
        _, mismatch, errors = filecmp.cmpfiles(
            left / where, right / where, node.common_files, shallow=False
        )
        found += [f"differs: {where / n}" for n in mismatch + errors]
        stack += [(sub, where / name) for name, sub in node.subdirs.items()]
    return sorted(found)


def _edit(path: Path, text: str) -> None:
    path.write_text(path.read_text("utf-8") + text, "utf-8")


class Pair:
    """The same content built warm (one WarmBuilds) and fresh (a new process each time)."""

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.content = tmp / "content"
        shutil.copytree(SAMPLE_CONTENT, self.content)
        self.warm = WarmBuilds()
        self.results: list[dict] = []

    def build(self, kind: str, **options) -> tasks.BuildOutcome:
        lines = []
        outcome = tasks.build_safely(
            ROOT / "pelicanconf.py",
            self.tmp / f"out-{kind}",
            content=self.content,
            cache_dir=self.tmp / f"cache-{kind}",
            capture=True,
            echo=lines.append,
            warm=self.warm if kind == "warm" else None,
            **options,
        )
        return outcome

    def both(self) -> list[str]:
        """Build warm, then fresh with no cache; the differences between the two sites."""
        warm = self.build("warm")
        fresh = self.build("fresh", extra=["--no-cache"])
        assert warm.code == fresh.code == 0, warm.log + fresh.log
        return _differences(self.tmp / "out-warm", self.tmp / "out-fresh")


@pytest.fixture(scope="module")
def pair(tmp_path_factory):
    built = Pair(tmp_path_factory.mktemp("warm"))
    yield built
    built.warm.close()


def test_the_first_warm_build_writes_the_site_a_fresh_build_writes(pair):
    warm = pair.build("warm")
    assert warm.code == 0, warm.log
    # Its output is the build's own: nothing from the warm process (a runpy warning...).
    assert warm.log.splitlines()[0].startswith("Read "), warm.log
    assert "Warning:" not in warm.log and "Traceback" not in warm.log
    assert pair.both() == []


def test_a_warm_rebuild_after_an_edit_writes_the_site_a_fresh_build_writes(pair):
    _edit(pair.content / EDITED, "\nUn paragraphe ajouté après coup, sur la [[wiki]].\n")
    assert pair.both() == []


def test_a_warm_rebuild_takes_the_caches_from_the_warm_process(pair):
    """After a build, the warm process has loaded what it wrote: the next build reads none."""
    # A build of its own first: run alone (-k, --lf), the test has no earlier build.
    assert pair.build("warm").code == 0
    _edit(pair.content / EDITED, "\nEncore une phrase.\n")
    result = pair.warm.build(
        [
            "--settings", str(ROOT / "pelicanconf.py"), "--output", str(pair.tmp / "out-warm"),
            "--content", str(pair.content), "--cache-dir", str(pair.tmp / "cache-warm"),
        ],
        echo=lambda line: None,
    )  # fmt: skip
    assert result["code"] == 0
    kept_paths = [Path(path) for path in result["pickles_kept"]]
    kept = {path.name for path in kept_paths}
    # Pelican's content cache (its shards; the edited file's was written again by the
    # build before), the checks, the edited article's shard of the analyses (its number
    # hangs on the temporary folder's name), the pages' record, related posts
    readers = [p for p in kept_paths if p.parent.name == "ArticlesGenerator-Readers.shards"]
    assert len(readers) >= ReaderCacheShards.SHARDS - 1
    shard = Path(_shard_file({"CACHE_PATH": ""}, _shard(str(pair.content / EDITED)))).name
    assert shard in kept
    checks = [p for p in kept_paths if p.parent.name == "content_checks.pickle.shards"]
    assert len(checks) >= ReaderCacheShards.SHARDS - 1
    assert {"incremental_pages.pickle", "related_ranking.pickle"} <= kept


def test_warm_rebuilds_after_an_addition_a_deletion_and_a_taxonomy_edit(pair):
    source = pair.content / EDITED
    added = source.with_name("un-article-ajoute.md")
    added.write_text(
        source.read_text("utf-8")
        .replace("Title: ", "Title: Ajouté — ", 1)
        .replace("Slug: ", "Slug: ajoute-", 1),
        "utf-8",
    )
    assert pair.both() == []
    added.unlink()
    taxonomy = pair.content / "taxonomy.toml"
    _edit(taxonomy, "\n# a comment only: nothing changes but the file\n")
    assert pair.both() == []


def test_a_failed_warm_build_keeps_the_site_and_the_next_one_builds(pair):
    before = (pair.tmp / "out-warm" / "index.html").read_bytes()
    broken = pair.content / "articles/fr/cassé.md"
    broken.write_text("Title: Cassé\nDate: pas une date\n\nTexte.\n", "utf-8")
    outcome = pair.build("warm")
    assert outcome.code == 1, outcome.log
    assert "cassé.md" in outcome.log
    assert (pair.tmp / "out-warm" / "index.html").read_bytes() == before
    broken.unlink()
    assert pair.both() == []


def test_a_warm_build_for_a_terminal_draws_its_progress_in_place(pair):
    """`invoke serve` in a terminal: the output as it comes, progress redrawn in place."""
    import io

    out = io.StringIO()
    result = pair.warm.build(
        [
            "--settings", str(ROOT / "pelicanconf.py"), "--output", str(pair.tmp / "out-warm"),
            "--content", str(pair.content), "--cache-dir", str(pair.tmp / "cache-warm"),
            "--live",
        ],
        echo=lambda line: pytest.fail(f"a line for echo: {line}"),
        out=out,
    )  # fmt: skip
    assert result["code"] == 0
    assert "\r\x1b[2K" in out.getvalue()
    assert out.getvalue().rstrip().splitlines()[-1].lstrip("\r\x1b[2K").startswith("Built ")


def test_a_warm_process_that_died_is_started_again(pair):
    os.kill(pair.warm.pid, signal.SIGKILL)
    pair.warm.process.wait()
    assert pair.both() == []


def _cpu_ticks(pid: int) -> int:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def test_wait_ready_returns_once_the_warm_process_is_idle(pair):
    """The benchmark waits so: the loading after a build is not counted in the next one."""
    assert not WarmBuilds().wait_ready()  # no process started: nothing to wait for
    assert pair.build("warm").code == 0
    assert pair.warm.wait_ready()
    ticks = _cpu_ticks(pair.warm.pid)
    time.sleep(0.5)
    assert _cpu_ticks(pair.warm.pid) == ticks  # waiting for the next request, nothing else
    # The protocol goes on: the next build is built as before.
    assert pair.both() == []


def test_code_and_settings_changes_need_a_new_warm_process():
    assert tasks._is_build_code(ROOT / "plugins" / "related" / "scoring.py")
    assert tasks._is_build_code(ROOT / "pelicanconf.py")
    assert not tasks._is_build_code(ROOT / "content" / "articles" / "fr" / "x.md")
    assert not tasks._is_build_code(ROOT / "content" / "taxonomy.toml")
    assert not tasks._is_build_code(ROOT / "theme" / "templates" / "base.html")


def test_a_body_edit_resumes_from_the_end_of_the_last_reading(pair):
    """A save that changed only a body: the copy left where reading ended goes on from there.

    The site, and what the build says of the new body, are a fresh build's; the next save
    resumes from the copy the resumed build left in turn.
    """
    # Twice: a first build writes tag-addresses.toml, which the next one reads (not resumed).
    assert pair.build("warm").code == 0
    assert pair.build("warm").code == 0
    _edit(pair.content / EDITED, "\nUne phrase de plus : ![](https://example.org/photo.png).\n")
    warm = pair.build("warm")
    assert warm.code == 0 and pair.warm.resumed, warm.log
    fresh = pair.build("fresh", extra=["--no-cache"])
    assert fresh.code == 0, fresh.log
    assert _differences(pair.tmp / "out-warm", pair.tmp / "out-fresh") == []
    said = "has no description"  # Pelican's empty-alt warning, as the runner words it
    assert warm.log.count(said) == fresh.log.count(said) >= 1, warm.log
    # In a row, from the copy the resumed build left; the image still there is still said.
    _edit(pair.content / EDITED, "\nEt une autre phrase.\n")
    warm = pair.build("warm")
    assert warm.code == 0 and pair.warm.resumed, warm.log
    fresh = pair.build("fresh", extra=["--no-cache"])
    assert _differences(pair.tmp / "out-warm", pair.tmp / "out-fresh") == []
    assert warm.log.count(said) == fresh.log.count(said) >= 1, warm.log


def test_an_edit_to_metadata_or_to_another_file_is_built_from_the_start(pair):
    assert pair.build("warm").code == 0
    source = pair.content / EDITED
    text = source.read_text("utf-8")
    source.write_text(text.replace("Title: ", "Title: Nouveau titre — ", 1), "utf-8")
    assert pair.both() == []
    assert not pair.warm.resumed
    source.write_text(text, "utf-8")  # the title back: its metadata changed again
    assert pair.both() == []
    assert not pair.warm.resumed
    _edit(pair.content / "taxonomy.toml", "\n# a comment, in a file that is not an article\n")
    assert pair.both() == []
    assert not pair.warm.resumed
