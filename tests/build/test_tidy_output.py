"""A build over the last build's output writes it in place and ends as a build from scratch.

With DELETE_OUTPUT_DIRECTORY (the project's setting), tidy_output lets Pelican write
over the last build's files instead of deleting them first, then removes what this build
did not write. The site must be byte for byte the site built into an empty folder.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from tests.conftest import SAMPLE_CONTENT, build_site

PAGE = "fr/2012/social-business-utile-ou-rentable/index.html"
MOVED = "articles/fr/portail-intranet-collaboratif-ville.md"


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def folders(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_dir()}


def test_a_build_over_the_last_output_is_the_build_from_scratch(tmp_path: Path):
    content = tmp_path / "content"
    shutil.copytree(SAMPLE_CONTENT, content)
    output = tmp_path / "output"
    first = build_site(content, output)
    assert first.returncode == 0, first.stdout + first.stderr
    witness = tmp_path / "witness.html"  # a second name for the page's file
    os.link(output / PAGE, witness)

    # What the last build leaves that this one will not write, and an article deleted.
    (output / "stale.html").write_text("an old page", encoding="utf-8")
    (output / "fr/old-tag/deep").mkdir(parents=True)
    (output / "fr/old-tag/deep/index.html").write_text("old", encoding="utf-8")
    (output / "search/x/99").mkdir(parents=True)
    (output / "search/x/99/9999.js").write_text("old excerpts", encoding="utf-8")
    # A folder where a page of this build goes (the last site had a page under it).
    (output / "fr/index.html").unlink()
    (output / "fr/index.html/old").mkdir(parents=True)
    (output / "fr/index.html/old/page.html").write_text("old", encoding="utf-8")
    (content / MOVED).unlink()

    again = build_site(content, output)
    assert again.returncode == 0, again.stdout + again.stderr
    scratch = tmp_path / "scratch"
    assert build_site(content, scratch).returncode == 0

    assert files(output) == files(scratch)
    assert folders(output) == folders(scratch)
    # Written over, not deleted and made again.
    assert os.path.samefile(output / PAGE, witness)


def test_without_tidy_output_pelican_empties_the_folder_first(tmp_path: Path):
    output = tmp_path / "output"
    assert build_site(SAMPLE_CONTENT, output).returncode == 0
    witness = tmp_path / "witness.html"
    os.link(output / PAGE, witness)
    (output / "stale.html").write_text("an old page", encoding="utf-8")
    again = build_site(SAMPLE_CONTENT, output, extra_settings={"TIDY_OUTPUT": False})
    assert again.returncode == 0, again.stdout + again.stderr
    assert not (output / "stale.html").exists()
    assert (output / PAGE).is_file() and not os.path.samefile(output / PAGE, witness)


def test_static_files_pelican_leaves_as_they_are_stay(tmp_path: Path):
    """An up-to-date static file Pelican does not copy again is not stale.

    With STATIC_CHECK_IF_MODIFIED this build does not write it; it must stay.
    """
    content = tmp_path / "content"
    shutil.copytree(SAMPLE_CONTENT, content)
    (content / "images").mkdir()
    (content / "images/diagram.svg").write_text("<svg/>", encoding="utf-8")
    output = tmp_path / "output"
    settings = {"STATIC_CHECK_IF_MODIFIED": True}
    assert build_site(content, output, extra_settings=settings).returncode == 0
    copied = output / "images/diagram.svg"
    assert copied.read_text(encoding="utf-8") == "<svg/>"
    witness = tmp_path / "witness.svg"
    os.link(copied, witness)

    again = build_site(content, output, extra_settings=settings)
    assert again.returncode == 0, again.stdout + again.stderr
    assert copied.is_file() and os.path.samefile(copied, witness)  # left as it was
