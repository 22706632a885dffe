"""Which edits a warm build may resume from the end of the last build's reading."""

from __future__ import annotations

import os
import time

from plugins.content_checks import resume
from tests.conftest import ROOT


def test_changed_files_are_the_added_removed_and_rewritten_ones(tmp_path):
    kept, edited, removed = (tmp_path / name for name in ("kept.md", "edited.md", "removed.md"))
    for path in (kept, edited, removed):
        path.write_text("Title: x\n\nTexte.\n", "utf-8")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "ignored.md").write_text("x", "utf-8")
    then = resume.stamps([str(tmp_path)])
    assert set(then) == {str(kept), str(edited), str(removed)}
    time.sleep(0.01)
    edited.write_text("Title: x\n\nTexte changé.\n", "utf-8")
    removed.unlink()
    (tmp_path / "added.md").write_text("Title: y\n\nNeuf.\n", "utf-8")
    assert resume.changed_files(then, resume.stamps([str(tmp_path)])) == {
        str(edited),
        str(removed),
        str(tmp_path / "added.md"),
    }
    # The same bytes written again: a new status-change time, a change (read again).
    now = resume.stamps([str(tmp_path)])
    os.utime(kept, ns=(os.stat(kept).st_atime_ns, os.stat(kept).st_mtime_ns + 1))
    assert resume.changed_files(now, resume.stamps([str(tmp_path)])) == {str(kept)}


def test_input_folders_are_the_content_and_theme_of_the_build(tmp_path):
    settings = str(ROOT / "pelicanconf.py")
    folders = resume.input_folders(["--settings", settings, "--output", str(tmp_path)])
    assert folders == [str(ROOT / "content"), str(ROOT / "theme")]
    other = resume.input_folders(["--settings", settings, "--content", str(tmp_path)])
    assert other == [str(tmp_path), str(ROOT / "theme")]
    assert resume.input_folders(["--output", str(tmp_path)]) is None
