"""Incremental pages: a rebuild reuses unchanged pages and writes the site from scratch.

A rebuild takes unchanged pages from the last build, and the site it writes is byte for
byte the site a build from scratch writes.

One copy of the sample site is edited step by step (a body, a title and tags, a deleted
and a new article, a template, a page edited by hand in the output); after each step the
incremental build (same output and cache as the step before) is compared, file by file,
with a build of the same content from scratch (no cache, nothing to reuse).
"""

from __future__ import annotations

import json
import os
import pickle
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

import tasks
from plugins.content_checks.runner import FOLDER_LIST
from tests.conftest import ROOT, SAMPLE_CONTENT, build_site, parse

# Both processes of plugins/parallel_pages, even on this small site.
OVERRIDES = {"PARALLEL_PAGES_MIN_ARTICLES": 0}
EDITED = "articles/fr/social-business-utile-ou-rentable.md"
EDITED_PAGE = "fr/2012/social-business-utile-ou-rentable/index.html"


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


class Steps:
    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.content = tmp / "content"
        self.theme = tmp / "theme"
        shutil.copytree(SAMPLE_CONTENT, self.content)
        shutil.copytree(ROOT / "theme", self.theme)
        self.output = tmp / "output"
        self.count = 0

    def build(self, output: Path, cache: Path, **overrides) -> dict:
        self.count += 1
        summary = self.tmp / f"summary-{self.count}.json"
        outcome = self.run_build(output, cache, summary, **overrides)
        assert outcome.code == 0, outcome.log
        return json.loads(summary.read_text("utf-8"))

    def run_build(
        self, output: Path, cache: Path, summary: Path, warm=None, echo=None, **overrides
    ) -> tasks.BuildOutcome:
        """The build runner on this site's content and theme; its summary in `summary`."""
        return tasks.build_safely(
            ROOT / "pelicanconf.py",
            output,
            content=self.content,
            cache_dir=cache,
            capture=True,
            echo=echo,
            overrides={**OVERRIDES, "THEME": str(self.theme), **overrides},
            extra=["--summary-json", str(summary)],
            warm=warm,
        )

    def incremental(self) -> dict:
        self.settled()
        return self.build(self.output, self.tmp / "cache")

    def settled(self) -> None:
        """Wait until the last replaced site is retired: its folders are the next build's."""
        for _ in range(600):
            if not list(self.tmp.glob(".output-retired-*")):
                return
            time.sleep(0.05)

    def from_scratch(self) -> dict[str, bytes]:
        output = self.tmp / f"scratch-{self.count}"
        self.build(output, self.tmp / f"scratch-cache-{self.count}", INCREMENTAL_PAGES=False)
        return files(output)

    def edit(self, relative: str, old: str, new: str) -> None:
        path = self.content / relative
        text = path.read_text("utf-8")
        assert old in text, f"{old!r} not in {relative}"
        path.write_text(text.replace(old, new, 1), "utf-8")


@pytest.fixture(scope="module")
def steps(tmp_path_factory) -> Steps:
    steps = Steps(tmp_path_factory.mktemp("incremental-pages"))
    steps.first = steps.incremental()
    steps.unchanged = steps.incremental()
    return steps


def folders(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_dir())


def check_same_as_from_scratch(steps: Steps) -> None:
    scratch = steps.tmp / f"scratch-{steps.count}"  # where from_scratch builds
    built, expected = files(steps.output), steps.from_scratch()
    assert sorted(built) == sorted(expected)
    # The runner makes the last site's folders before the pages are written: those of
    # deleted pages must not stay behind, empty.
    assert folders(steps.output) == folders(scratch)
    differing = [name for name in expected if built[name] != expected[name]]
    assert not differing, f"differ from a build from scratch: {differing[:10]}"


def test_first_build_renders_everything_and_an_unchanged_rebuild_nothing(steps):
    assert steps.first["unchanged"] == 0
    assert steps.unchanged["unchanged"] >= 80, "every page of the sample site is reused"
    assert steps.unchanged["written"] == steps.first["written"]
    check_same_as_from_scratch(steps)


def feeds(steps: Steps) -> dict[str, Path]:
    return {p.relative_to(steps.output).as_posix(): p for p in steps.output.rglob("feeds/**/*.xml")}


def test_unchanged_feeds_are_linked_from_the_last_build_not_generated_again(steps):
    before = {name: path.stat().st_ino for name, path in feeds(steps).items()}
    assert len(before) >= 20
    steps.incremental()
    after = feeds(steps)
    assert sorted(after) == sorted(before)
    assert [n for n, path in after.items() if path.stat().st_ino != before[n]] == []
    assert set(before) <= set(recorded(steps)), "each feed's fingerprint is recorded"
    check_same_as_from_scratch(steps)


def test_body_edit_renders_its_page_and_reuses_the_others(steps):
    sitemap = (steps.output / "sitemap.xml").stat().st_mtime_ns
    steps.edit(EDITED, "C'est la question qui revient", "C'est LA question qui revient")
    result = steps.incremental()
    assert "C'est LA question" in parse(steps.output / EDITED_PAGE).get_text()
    # The same pages, addresses and dates: the last build's sitemap, linked.
    assert (steps.output / "sitemap.xml").stat().st_mtime_ns == sitemap
    # Its page, the lists and the feeds that show it: a broader tag's page and feed list
    # its narrower tags' articles too (Télétravail's article is in Management's feed).
    assert result["unchanged"] >= steps.unchanged["unchanged"] - 12
    check_same_as_from_scratch(steps)


def test_a_rebuild_writes_into_the_folders_of_the_site_replaced_before(steps):
    """No folder is made again: the replaced site's become the new site's.

    Emptied of their files in the background (runner.prepare_folders).
    """
    steps.settled()
    spare = steps.tmp / ".output-spare"
    assert spare.is_dir()
    files = [p.relative_to(spare).as_posix() for p in spare.rglob("*") if not p.is_dir()]
    assert files == [FOLDER_LIST], "files removed; the folders listed"
    folder = (spare / "fr").stat().st_ino
    steps.edit(EDITED, "C'est LA question qui revient", "C'est bien LA question qui revient")
    steps.incremental()
    assert (steps.output / "fr").stat().st_ino == folder
    check_same_as_from_scratch(steps)


def recorded(steps: Steps) -> dict[str, str]:
    """Page fingerprints of the last build, from its record."""
    record = max((steps.tmp / "cache").rglob("incremental_pages.pickle"), key=os.path.getmtime)
    with record.open("rb") as handle:
        return {name: entry[0] for name, entry in pickle.load(handle)["pages"].items()}


def test_title_and_tag_edits_reach_lists_tag_pages_and_translations(steps):
    before = recorded(steps)
    slug = Path(EDITED).stem
    unrelated = [
        n
        for n, p in feeds(steps).items()
        if n.startswith("fr/") and slug not in p.read_text("utf-8")
    ]
    steps.edit(EDITED, "Title: Social business : utile ou rentable ?", "Title: Utile, rentable ?")
    steps.edit(EDITED, "Tags: social business, RSE,", "Tags: social business,")
    result = steps.incremental()
    assert 0 < result["unchanged"] < steps.unchanged["unchanged"]
    index = parse(steps.output / "fr/index.html").get_text()
    assert "Utile, rentable\u202f?" in index  # French spacing
    after = recorded(steps)
    assert after["fr/index.html"] != before["fr/index.html"]
    assert after["fr/page/2/index.html"] == before["fr/page/2/index.html"], (
        "the other page of the list does not show the article: it is reused"
    )
    assert after["fr/feeds/all.atom.xml"] != before["fr/feeds/all.atom.xml"]
    assert unrelated and all(after[name] == before[name] for name in unrelated), (
        "a feed that never showed the article is reused"
    )
    check_same_as_from_scratch(steps)


def test_deleted_and_new_articles(steps):
    deleted = sorted((steps.content / "articles/fr").glob("*.md"))[0]
    gone = deleted.stem
    deleted.unlink()
    steps.settled()
    # The spare folders come with their list: the empty ones are found without a walk.
    assert (steps.tmp / ".output-spare" / FOLDER_LIST).is_file()
    (steps.content / "articles/fr/un-nouvel-article.md").write_text(
        "Title: Un nouvel article\nDate: 2013-01-02\nCategory: Social business\n"
        "Tags: social business\nSummary: Tout neuf.\n\nUn texte tout neuf sur le "
        "[social business](social-business-utile-ou-rentable.md).\n",
        "utf-8",
    )
    sitemap = (steps.output / "sitemap.xml").read_text("utf-8")
    steps.incremental()
    assert not any(gone in name for name in files(steps.output)), "no page of a deleted article"
    assert gone in sitemap and gone not in (steps.output / "sitemap.xml").read_text("utf-8")
    check_same_as_from_scratch(steps)


def test_a_linked_page_that_moves_changes_the_bodies_linking_to_it(steps):
    # Bodies whose links resolve as last time are not resolved again (fingerprint.py,
    # ResolvedBodies): a new URL for the page they link to must still reach them. (Here
    # the linking page changes for its outlinks too; tests/unit/test_incremental_fingerprint
    # checks the lookups alone.)
    steps.edit(
        "kb/en/glossary/collaborative-intranet.md",
        "Slug: collaborative-intranet",
        "Slug: collaborative-intranet-defined",
    )
    steps.incremental()
    linking = steps.output / "en/2012/collaborative-intranet-portal-for-a-city/index.html"
    hrefs = [a["href"] for a in parse(linking).select("article a[href]")]
    assert any("collaborative-intranet-defined" in href for href in hrefs)
    check_same_as_from_scratch(steps)


def test_a_tag_label_edit_reaches_the_feeds_listing_its_articles(steps):
    # A feed lists each item's tags by their labels (bilingual's writer reads them from
    # the context, `feed_reads_context`): the feeds of the tag's articles change too.
    steps.edit(
        "taxonomy.toml",
        'label = { fr = "Intranet", en = "Intranet" }',
        'label = { fr = "Intranet (revu)", en = "Intranet" }',
    )
    steps.incremental()
    feed = (steps.output / "fr/feeds/all.atom.xml").read_text("utf-8")
    assert '<category term="Intranet (revu)"/>' in feed
    check_same_as_from_scratch(steps)


def test_template_edit_renders_every_page(steps):
    base = steps.theme / "templates/base.html"
    base.write_text(base.read_text("utf-8").replace("</body>", "<!-- edited -->\n</body>"), "utf-8")
    result = steps.incremental()
    assert result["unchanged"] == 0
    assert "<!-- edited -->" in (steps.output / EDITED_PAGE).read_text("utf-8")
    check_same_as_from_scratch(steps)


def test_a_page_changed_by_hand_in_the_output_is_rendered_again(steps):
    page = steps.output / EDITED_PAGE
    page.write_text(page.read_text("utf-8") + "<!-- by hand -->", "utf-8")
    result = steps.incremental()
    assert result["unchanged"] >= 80
    assert "by hand" not in page.read_text("utf-8")
    check_same_as_from_scratch(steps)


def test_a_folder_of_the_last_site_where_a_page_now_goes_does_not_stop_the_build(steps):
    # The runner makes the last site's folders before writing: a page whose path was a
    # folder then (a URL scheme changed) must still be written.
    page = steps.output / "fr" / "index.html"
    page.unlink()
    (page / "old" / "deeper").mkdir(parents=True)
    (page / "old" / "deeper" / "note.txt").write_text("an old file", "utf-8")
    steps.incremental()
    assert page.is_file()
    check_same_as_from_scratch(steps)


def test_a_bare_pelican_run_that_keeps_its_output_reuses_pages_in_place(tmp_path):
    """A bare `pelican` run with `DELETE_OUTPUT_DIRECTORY = False` reuses pages in place.

    Unchanged pages are left untouched; only what changed is written.
    """
    content = tmp_path / "content"
    shutil.copytree(SAMPLE_CONTENT, content)
    output = tmp_path / "output"
    settings = {
        "CACHE_CONTENT": True,
        "LOAD_CONTENT_CACHE": True,
        "CACHE_PATH": str(tmp_path / "cache"),
        "DELETE_OUTPUT_DIRECTORY": False,
    }

    def build() -> dict[str, int]:
        result = build_site(content, output, extra_settings=settings)
        assert result.returncode == 0, result.stderr
        return {
            p.relative_to(output).as_posix(): p.stat().st_mtime_ns for p in output.rglob("*.html")
        }

    first = build()
    second = build()
    other = "fr/2012/portail-intranet-collaboratif-ville/index.html"
    assert second[other] == first[other], "an unchanged page is left as it was"
    steps = Steps.__new__(Steps)
    steps.content = content
    steps.edit(EDITED, "C'est la question qui revient", "C'est LA question qui revient")
    third = build()
    assert third[EDITED_PAGE] != second[EDITED_PAGE]
    assert "C'est LA question" in parse(output / EDITED_PAGE).get_text()
    assert third[other] == second[other]


def test_page_reuse_alone_on_plain_pelican(tmp_path):
    """`incremental_pages` needs no other plugin of the project: plain Pelican, its theme.

    The benchmark's floor runs it so (`bench/run.py`, `FLOOR_SETTINGS`): in a process where
    none of the other plugins can be imported, the record is read all the same.
    """
    content = tmp_path / "content" / "articles"
    content.mkdir(parents=True)
    for n in range(3):
        (content / f"note-{n}.md").write_text(
            # A summary of its own: the body is then in no other page (the theme's menu
            # lists every article by its header, which holds the summary).
            f"Title: Note {n}\nDate: 2012-0{n + 1}-10\nSummary: La note {n}.\n\n"
            f"Le texte de la note {n}.\n",
            "utf-8",
        )
    settings = tmp_path / "settings.py"
    settings.write_text(
        f"PATH = {str(tmp_path / 'content')!r}\nTIMEZONE = 'Europe/Paris'\n"
        f"PLUGIN_PATHS = [{str(ROOT / 'plugins')!r}]\nPLUGINS = ['incremental_pages']\n"
        f"CACHE_CONTENT = True\nLOAD_CONTENT_CACHE = True\n"
        f"CACHE_PATH = {str(tmp_path / 'cache')!r}\nDELETE_OUTPUT_DIRECTORY = False\n",
        "utf-8",
    )
    output = tmp_path / "output"

    def build() -> tuple[dict[str, int], str]:
        result = subprocess.run(
            [sys.executable, "-m", "pelican", str(tmp_path / "content"), "-o", str(output),
             "-s", str(settings), "-v"],
            cwd=tmp_path, capture_output=True, text=True, env={**os.environ, "COLUMNS": "200"},
        )  # fmt: skip
        assert result.returncode == 0, result.stdout + result.stderr
        pages = {p.name: p.stat().st_mtime_ns for p in output.glob("note-*.html")}
        return pages, result.stdout + result.stderr

    first, _ = build()
    edited = content / "note-1.md"
    edited.write_text(edited.read_text("utf-8") + "\nUne phrase de plus.\n", "utf-8")
    second, log = build()
    assert sorted(first) == ["note-0.html", "note-1.html", "note-2.html"]
    assert second["note-1.html"] != first["note-1.html"]
    assert "Une phrase de plus" in (output / "note-1.html").read_text("utf-8")
    assert second["note-0.html"] == first["note-0.html"]
    assert second["note-2.html"] == first["note-2.html"]
    assert re.search(r"incremental pages: [1-9]\d* taken from the last", log), log
