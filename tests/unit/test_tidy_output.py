"""tidy_output's plain functions: what a build did not write, found by its ctime."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from plugins.tidy_output import clear_way, remove_stale, stale_paths, write_marker


def _files(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if not p.is_dir()}


def _folders(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_dir()}


def marker_after(root: Path) -> int:
    """The marker of a build that starts after everything now in `root` was written.

    A real build starts a second after the last one ended; here the file system's
    coarse clock (a few ms a tick) may not have moved yet.
    """
    latest = max(p.lstat().st_ctime_ns for p in [root, *root.rglob("*")])
    since = write_marker(str(root))
    while since <= latest:
        time.sleep(0.005)
        since = write_marker(str(root))
    return since


@pytest.fixture
def last_build(tmp_path: Path) -> Path:
    """An output folder as the last build left it, then this build's marker."""
    out = tmp_path / "output"
    for name in ("index.html", "fr/a/index.html", "fr/gone/index.html", "old/deep/x.js",
                 "static/logo.png", ".git/HEAD", "kept-by-retention.txt"):  # fmt: skip
        path = out / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("last build", encoding="utf-8")
    (out / "empty-before").mkdir()
    return out


def test_what_this_build_did_not_write_goes_and_only_that(last_build: Path):
    since = marker_after(last_build)
    assert not [p for p in last_build.iterdir() if p.name.startswith(".tidy")]
    inode = (last_build / "index.html").stat().st_ino
    (last_build / "index.html").write_text("this build", encoding="utf-8")  # in place
    (last_build / "fr/b/index.html").parent.mkdir(parents=True)
    (last_build / "fr/b/index.html").write_text("this build", encoding="utf-8")
    (last_build / "new-empty").mkdir()  # a folder this build made stays, as Pelican's would

    removed = remove_stale(
        str(last_build),
        since,
        keep={"static/logo.png"},
        retention={".git", "kept-by-retention.txt"},
    )

    assert removed == 3
    assert _files(last_build) == {
        "index.html", "fr/b/index.html", "static/logo.png", ".git/HEAD", "kept-by-retention.txt",
    }  # fmt: skip
    assert _folders(last_build) == {"fr", "fr/b", "static", ".git", "new-empty"}
    assert (last_build / "index.html").stat().st_ino == inode
    assert (last_build / "index.html").read_text(encoding="utf-8") == "this build"


def test_a_file_copied_linked_or_renamed_during_the_build_counts_as_written(tmp_path: Path):
    out = tmp_path / "output"
    out.mkdir()
    for name in ("copied", "linked", "renamed", "untouched"):
        (out / name).write_text("last build", encoding="utf-8")
    source = tmp_path / "source"
    source.write_text("source", encoding="utf-8")
    os.utime(source, (0, 0))
    since = marker_after(out)
    shutil.copy2(source, out / "copied")  # mtime of 1970, ctime now
    os.unlink(out / "linked")
    os.link(source, out / "linked")
    os.replace(out / "renamed", out / "renamed-now")
    files, _folders_found = stale_paths(str(out), since)
    assert [os.path.basename(f) for f in files] == ["untouched"]


def test_a_page_takes_the_place_of_a_folder_or_of_a_file_where_its_folder_goes(tmp_path: Path):
    root = tmp_path / "output"
    (root / "fr/page/index.html/old").mkdir(parents=True)
    (root / "fr/page/index.html/old/x.html").write_text("x", encoding="utf-8")
    clear_way(str(root / "fr/page/index.html"), str(root))
    assert not (root / "fr/page/index.html").exists()
    (root / "en").mkdir()
    (root / "en/tag").write_text("a file where a folder now goes", encoding="utf-8")
    clear_way(str(root / "en/tag/python/index.html"), str(root))
    assert (root / "en/tag/python").is_dir()
    (root / "en/tag/python/index.html").write_text("page", encoding="utf-8")


# --- Files written over in place ---------------------------------------------------------------


@pytest.mark.parametrize("old", ["", "short", "a much longer text than the new one " * 500])
def test_a_text_written_over_is_exactly_the_new_text_in_the_same_file(tmp_path: Path, old):
    from plugins.tidy_output.write_over import TextWrittenOver

    path = tmp_path / "page.html"
    path.write_text(old, encoding="utf-8")
    inode = path.stat().st_ino
    new = "Réseau social d’entreprise\n" * 40
    with TextWrittenOver(str(path), "utf-8") as handle:
        handle.write(new)
    assert path.read_text(encoding="utf-8") == new
    assert path.stat().st_ino == inode


def test_a_feed_writer_writes_over_a_file_too(tmp_path: Path):
    """Pelican's feeds write through xml.sax's XMLGenerator, which wants a text file."""
    from xml.sax.saxutils import XMLGenerator

    from plugins.tidy_output.write_over import TextWrittenOver

    path = tmp_path / "feed.xml"
    path.write_text("<old>" * 1000, encoding="utf-8")
    with TextWrittenOver(str(path), "utf-8") as handle:
        xml = XMLGenerator(handle, "utf-8")
        xml.startDocument()
        xml.startElement("feed", {})
        xml.characters("café")
        xml.endElement("feed")
        xml.endDocument()
    assert path.read_text(encoding="utf-8").endswith("<feed>café</feed>")


def test_bytes_written_over_and_nothing_written_still_counts_as_written(tmp_path: Path):
    from plugins.tidy_output.write_over import TextWrittenOver, write_bytes_over

    shard, page, new = tmp_path / "shard.js", tmp_path / "empty.html", tmp_path / "new.js"
    shard.write_bytes(b"x" * 10_000)
    page.write_text("", encoding="utf-8")
    since = marker_after(tmp_path)
    write_bytes_over(shard, b"short")
    write_bytes_over(new, b"made")
    TextWrittenOver(str(page), "utf-8").close()  # a template that renders nothing
    assert shard.read_bytes() == b"short" and new.read_bytes() == b"made"
    assert stale_paths(str(tmp_path), since) == ([], [])
