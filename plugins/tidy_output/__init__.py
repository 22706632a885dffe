"""Tidy output: the files a build did not write are removed after it, not everything before.

With `DELETE_OUTPUT_DIRECTORY = True`, Pelican empties the output folder before writing,
so every build makes every file anew. On Linux's ext4 a new file made just after
thousands were deleted is slow to make (the kernel steps over each recently freed inode,
for every new file): a site of 6,000 files spent seconds of system time there. As Hugo
does, this plugin lets the build write over the last build's files (the same inodes,
and their blocks: `write_over.py`), then removes those it did not write. The output ends as Pelican's would: exactly the
files of this build, plus the top-level names of `OUTPUT_RETENTION`.

What this build wrote: every file whose status-change time (ctime: set by writing,
copying or linking a file) is at least that of a marker made as the build starts, and
the static files Pelican leaves as they are when they are up to date
(`STATIC_CHECK_IF_MODIFIED`, `STATIC_CREATE_LINKS`). Folders the build did not make and
that end empty go too. A page written where the last build left a folder, or under a
name the last build used for a file, takes their place.

Nothing changes when Pelican would not delete the output folder (the setting is off, the
folder does not exist yet, or it holds the content). Setting: `TIDY_OUTPUT` (default
True; False lets Pelican empty the folder first, as usual).
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import time
from collections.abc import Iterable
from functools import partial

from pelican import signals

from .write_over import TextWrittenOver

logger = logging.getLogger(__name__)

_KEY = "_TIDY_OUTPUT"
"""Settings key of this build's state (private: Pelican and its generators share the
settings): {"since": marker ctime in ns, "keep": static files' paths}."""


# --- Plain functions ---------------------------------------------------------------------------


def write_marker(folder: str) -> int:
    """The status-change time (ns) of a file made in `folder` now.

    Files written later have one at least as late: the file system's own clock, not
    Python's.
    """
    handle, path = tempfile.mkstemp(prefix=".tidy-output-", dir=folder)
    try:
        return os.fstat(handle).st_ctime_ns
    finally:
        os.close(handle)
        os.unlink(path)


def stale_paths(
    folder: str, since_ns: int, keep: Iterable[str] = (), retention: Iterable[str] = ()
) -> tuple[list[str], list[str]]:
    """(files, folders) under `folder` that a build started at `since_ns` did not make.

    Files (and links) changed before `since_ns` and not in `keep` (paths relative to
    `folder`, '/'-separated); folders made before it, deepest first (to remove when they
    end empty). Top-level names in `retention` are left out, whole.
    """
    keep = {os.path.normpath(p) for p in keep}
    retention = set(retention)
    files: list[str] = []
    folders: list[str] = []

    def visit(path: str, relative: str) -> None:
        with os.scandir(path) as entries:
            for entry in entries:
                name = f"{relative}/{entry.name}" if relative else entry.name
                if not relative and entry.name in retention:
                    continue
                if entry.is_dir(follow_symlinks=False):
                    visit(entry.path, name)
                    if entry.stat(follow_symlinks=False).st_ctime_ns < since_ns:
                        folders.append(entry.path)
                elif (
                    entry.stat(follow_symlinks=False).st_ctime_ns < since_ns
                    and os.path.normpath(name) not in keep
                ):
                    files.append(entry.path)

    visit(folder, "")
    return files, folders


def remove_stale(
    folder: str, since_ns: int, keep: Iterable[str] = (), retention: Iterable[str] = ()
) -> int:
    """Remove what `stale_paths` finds (folders only once empty); returns files removed."""
    files, folders = stale_paths(folder, since_ns, keep, retention)
    for path in files:
        os.unlink(path)
    for path in folders:  # deepest first
        try:
            os.rmdir(path)
        except OSError:  # not empty: the build wrote in it
            pass
    return len(files)


def clear_way(path: str, root: str) -> None:
    """Make room to write a file at `path` (under `root`).

    A folder there is removed, and a file where one of its folders goes: only what the
    last build left can be there.
    """
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path)
    parent = os.path.dirname(path)
    while len(parent) > len(root):
        if os.path.lexists(parent) and not os.path.isdir(parent):
            os.unlink(parent)
            break
        parent = os.path.dirname(parent)
    os.makedirs(os.path.dirname(path), exist_ok=True)


# --- Pelican glue ------------------------------------------------------------------------------


def _pelican_would_delete(pelican) -> bool:
    output, content = os.path.realpath(pelican.output_path), os.path.realpath(pelican.path)
    return os.path.commonpath([output]) != os.path.commonpath([output, content])


def start(pelican) -> None:
    """get_generators (once per run, before Pelican would empty the output folder)."""
    settings = pelican.settings
    settings.pop(_KEY, None)
    if not (
        settings.get("TIDY_OUTPUT", True)
        and settings.get("DELETE_OUTPUT_DIRECTORY")
        and os.path.isdir(pelican.output_path)
        and _pelican_would_delete(pelican)
    ):
        return
    try:
        since = write_marker(pelican.output_path)
    except OSError as error:  # read-only folder...: Pelican's way
        logger.debug("tidy_output: %s; the output folder is emptied first", error)
        pelican.delete_outputdir = True
        return
    pelican.delete_outputdir = False  # read by Pelican.run() right after this signal
    settings[_KEY] = {"since": since, "keep": set()}


def note_static_files(generator) -> None:
    """static_generator_finalized: up-to-date static files are not copied again: keep them."""
    state = generator.settings.get(_KEY)
    if state is not None:
        state["keep"].update(s.save_as for s in generator.context.get("staticfiles", ()))


def _open_over(writer, writer_open, root: str, path: str, encoding, override=False):
    """The writer's `_open_w`, writing over the last build's file (`write_over.py`)."""
    if (
        path in writer._written_files
        or path in writer._overridden_files
        or not path.startswith(root + os.sep)
    ):
        return writer_open(path, encoding, override=override)  # Pelican's rules, as is
    # Pelican's bookkeeping of a first write (Writer._open_w), then the file.
    if override:
        writer._overridden_files.add(path)
    writer._written_files.add(path)
    try:
        return TextWrittenOver(path, encoding)
    except (IsADirectoryError, NotADirectoryError, FileNotFoundError):
        clear_way(path, root)
        return TextWrittenOver(path, encoding)


def write_pages_over(generator) -> None:
    """generator_init: the writer this generator gets writes over the last build's files.

    And makes room for a page where the last build left a folder, or a file where a
    folder now goes.
    """
    output = getattr(generator, "generate_output", None)
    if output is None or generator.settings.get(_KEY) is None:
        return

    def generate_output(writer):
        if writer is not None and not getattr(writer, "_tidy_output", False):
            writer._open_w = partial(
                _open_over, writer, writer._open_w, os.path.abspath(writer.output_path)
            )
            writer._tidy_output = True
        return output(writer)

    generator.generate_output = generate_output


def finish(pelican) -> None:
    """finalized: remove what this build did not write."""
    state = pelican.settings.pop(_KEY, None)
    if state is None:
        return
    started = time.perf_counter()
    removed = remove_stale(
        pelican.output_path, state["since"], state["keep"], pelican.output_retention
    )
    logger.debug(
        "tidy_output: %d files of the last build removed in %.2f s",
        removed,
        time.perf_counter() - started,
    )


def register():
    signals.get_generators.connect(start)
    signals.static_generator_finalized.connect(note_static_files)
    signals.generator_init.connect(write_pages_over)
    signals.finalized.connect(finish)
