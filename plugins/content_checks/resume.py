"""A rebuild resumed from the end of the last build's reading (`invoke serve`).

Reading is a fifth to a third of a warm rebuild (1.0-1.2 s at 1,000 article pairs):
Pelican makes every article object again, though an edit to one body changes one. A warm
build's child (warm.py) therefore leaves, at the end of its reading (the first
`all_generators_finalized` receiver), a forked copy of itself that waits. The next build
with the same arguments is offered to it: if, since that build started, the only files
of the content and theme folders that changed are Markdown files it read, each with the
metadata it had then, the copy puts the new bodies in (a new reader of the build's class,
as Pelican would read them; the file's read-ahead result dropped; the content checks'
first phase and Pelican's empty-alt warnings run again for them) and goes on: every step
after reading runs as in any build, into the build runner's output folder made again,
with the output's lock taken again. Anything else (a new, deleted or renamed file, a
title, date or tag, the taxonomy, a template) and the copy declines: the build is forked
as usual. A resumed build leaves its own copy, so saves in a row all resume.

The result is the site a build from scratch makes, byte for byte
(`tests/build/test_warm_builds.py`).
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys

from pelican.generators import ArticlesGenerator, PagesGenerator
from pelican.log import LimitFilter
from pelican.readers import find_empty_alt
from pelican.settings import read_settings

from .source import file_stamp

logger = logging.getLogger(__name__)

Stamps = dict[str, tuple[int, int, int, int]]

MARKDOWN = (".md", ".markdown", ".mkd", ".mdown")


def input_folders(argv: list[str]) -> list[str] | None:
    """The content and theme folders of the build `argv` (the runner's), or None."""
    from .runner import _parse_set

    settings_file, content, overrides = None, None, {}
    args = iter(argv)
    for arg in args:
        if arg == "--settings":
            settings_file = next(args, None)
        elif arg == "--content":
            content = next(args, None)
        elif arg == "--set":
            name, value = _parse_set(next(args, ""))
            overrides[name] = value
    if settings_file is None:
        return None
    settings = read_settings(settings_file, override=overrides)
    return [os.path.abspath(content or settings["PATH"]), os.path.abspath(settings["THEME"])]


def stamps(folders: list[str]) -> Stamps:
    """Every file under `folders` by its stamp (`source.file_stamp`)."""
    found: Stamps = {}
    for folder in folders:
        for parent, subfolders, files in os.walk(folder):
            subfolders[:] = [name for name in subfolders if not name.startswith(".")]
            for name in files:
                path = os.path.join(parent, name)
                with contextlib.suppress(OSError):  # gone meanwhile: not there then
                    found[path] = file_stamp(path)
    return found


def changed_files(then: Stamps, now: Stamps) -> set[str]:
    """Files added, removed or changed from `then` to `now`."""
    return {path for path in then.keys() | now.keys() if then.get(path) != now.get(path)}


def new_bodies(generators, paths: set[str], metadata_then: dict) -> dict[str, str] | None:
    """{path: the HTML its reader gives now}, or None when a path is not a body-only edit.

    A body-only edit: a Markdown file the build read, there before and still, whose
    reader gives the metadata it gave then (`quick_page.read_body_again`).
    """
    from .quick_page import find_content, read_body_again

    bodies = {}
    for path in paths:
        content, generator = find_content(generators, path)
        if content is None or not path.endswith(MARKDOWN):
            return None
        try:
            html = read_body_again(generator, path, metadata_then.get(path))
        except Exception:  # noqa: BLE001 (the build forked instead reports it)
            return None
        if html is None:
            return None
        bodies[path] = html
    return bodies


def put_bodies_in(generators, bodies: dict[str, str]) -> None:
    """The reading of `bodies` as a new build's would have left it, the rest as it is."""
    articles = next(g for g in generators if isinstance(g, ArticlesGenerator))
    pages = next((g for g in generators if isinstance(g, PagesGenerator)), None)
    context = articles.context
    by_path = {
        os.path.abspath(c.source_path): c
        for c in context["generated_content"].values()
        if getattr(c, "source_path", None)
    }
    collectors = [h for h in logging.getLogger().handlers if hasattr(h, "problems")]
    from .problems import display_path

    for path, html in bodies.items():
        by_path[path]._content = html
        shown = display_path(path)
        for collector in collectors:  # what Pelican said of the old body while reading it
            collector.problems[:] = [p for p in collector.problems if p.path != shown]
        # Pelican's log says a message once per process: said of the old body, the same
        # words of the new one would be dropped.
        said = LimitFilter._raised_messages
        for key in [key for key in said if path in str(key[1])]:
            said.discard(key)
        if html:
            find_empty_alt(html, path)
    # The plugins as the build loaded them (by their own names, from PLUGIN_PATHS).
    content_index = sys.modules.get("content_index")
    if content_index is not None:
        content_index.forget_read_ahead(context, bodies)
    content_checks = sys.modules.get("content_checks")
    if content_checks is not None and pages is not None:
        content_checks.check_read_content(pages)
