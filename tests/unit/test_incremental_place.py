"""Reused pages put in place (plugins/incremental_pages `_place`), on a real file system."""

from __future__ import annotations

import os

from plugins.incremental_pages import _place


def previous_page(tmp_path, text="<p>la page</p>"):
    path = tmp_path / "previous" / "fr" / "page" / "index.html"
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_a_page_is_linked_into_its_folder(tmp_path):
    previous = previous_page(tmp_path)
    target = tmp_path / "site" / "fr" / "page" / "index.html"
    target.parent.mkdir(parents=True)

    assert _place(str(previous), str(target))
    assert os.path.samefile(previous, target)


def test_a_missing_folder_is_made_before_the_link(tmp_path):
    previous = previous_page(tmp_path)
    target = tmp_path / "site" / "fr" / "page" / "index.html"

    assert _place(str(previous), str(target))
    assert target.read_text(encoding="utf-8") == "<p>la page</p>"


def test_the_same_file_already_there_is_placed_and_left_as_it_is(tmp_path):
    previous = previous_page(tmp_path)  # a build over its own output: the same path

    assert _place(str(previous), str(previous))
    assert previous.read_text(encoding="utf-8") == "<p>la page</p>"


def test_another_file_there_is_never_replaced(tmp_path):
    previous = previous_page(tmp_path)
    target = tmp_path / "site" / "index.html"
    target.parent.mkdir()
    target.write_text("written by this build", encoding="utf-8")

    assert not _place(str(previous), str(target))
    assert target.read_text(encoding="utf-8") == "written by this build"
    assert not os.path.samefile(previous, target)


def test_a_folder_where_the_page_goes_is_left_for_the_writer(tmp_path):
    previous = previous_page(tmp_path)
    target = tmp_path / "site" / "page"
    target.mkdir(parents=True)

    assert not _place(str(previous), str(target))
    assert target.is_dir()


def test_a_previous_page_gone_meanwhile_places_nothing(tmp_path):
    previous = previous_page(tmp_path)
    previous.unlink()
    target = tmp_path / "site" / "index.html"
    target.parent.mkdir()

    assert not _place(str(previous), str(target))
    assert not target.exists()
