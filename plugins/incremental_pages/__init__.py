"""Incremental pages: a page whose inputs did not change is taken from the last build.

Rendering templates is most of a rebuild's time, and after one edit most pages are what
they were. Every template render gets a fingerprint (`fingerprint.py`: what the template
can read, the page's own content whole, other content by its header); the build records
each written page's fingerprint with the file's size and modification time
(`CACHE_PATH/incremental_pages.pickle`). Next build, a page whose fingerprint is in the
record, and whose file in the previous site still has the recorded size and time, is
not rendered: Pelican's writer hard-links the previous site's file (or copies it where
links are impossible, or renders the page after all if the file is gone), so the
writer's checks, `content_written` (the sitemap) and the output are unchanged.
Anything else about the build changing (a setting, a theme or plugin file, a package
version) makes the whole record void.

The previous site is `PREVIOUS_OUTPUT_PATH` (the build runner sets it to the site
it is replacing; it builds into a temporary folder), or else the output folder itself
when Pelican does not delete it first (`DELETE_OUTPUT_DIRECTORY = False`).

Feeds likewise: a feed is fingerprinted by its settings and its items (each item's
header and its body as the feed shows it); an unchanged feed is linked from the previous
site, and Pelican's `feed_written` signal is sent with `feed=None` (`feed_generated` is
not sent: no feed object was made).

Settings: `INCREMENTAL_PAGES` (default True; active only with `CACHE_CONTENT`, like
Pelican's own cache), `PREVIOUS_OUTPUT_PATH` (default None, see above). The plugin needs
no other of this project's: on plain Pelican with any theme, `DELETE_OUTPUT_DIRECTORY =
False` and the content cache on, a rebuild reuses the pages of its own last output (the
benchmark's floor, `bench/run.py`).
Context key: `context["incremental_pages"]: dict` with counts: `recorded` (pages in last
build's record), `reused`, `rendered`.
A template global that reads context keys itself says so in a `reads_context` attribute
(taxonomy's `tag_links` reads `tag_link_targets`); a writer class whose feed code reads
context keys, in a `feed_reads_context` attribute (bilingual's writer lists each item's
tags by their labels in `tag_link_targets`).
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.metadata
import io
import logging
import os
import pickle
import shutil
import sys
import time
from functools import partial
from pathlib import Path

from pelican import signals
from pelican.utils import get_relative_path, path_to_url, posixize_path, sanitised_join

from .fingerprint import Fingerprinter, files_digest, settings_digest, template_reads

logger = logging.getLogger(__name__)

_KEY = "_INCREMENTAL_PAGES"
RECORD = "incremental_pages.pickle"
ALWAYS_READ = ("output_file", "localsiteurl")
"""Per-page names that change a page without a template naming them (links in content)."""

NOT_A_PAGE_INPUT = {
    "OUTPUT_PATH", "CACHE_PATH", "CACHE_CONTENT", "LOAD_CONTENT_CACHE", "DELETE_OUTPUT_DIRECTORY",
    "PREVIOUS_OUTPUT_PATH", "BUILD_REPORT_FILE", "SEARCH_INDEX_DIR", "WRITE_SELECTED",
    "CONTENT_CHECKS_STRICT", "TAXONOMY_STRICT", "CHECK_ONLY",
}  # fmt: skip
"""Settings that say where or how the build runs, not what a page shows."""


class Incremental:
    """One build's record: last build's pages, this build's, and the counts."""

    def __init__(self, settings, previous: Path | None) -> None:
        self.settings = settings
        self.output = Path(settings["OUTPUT_PATH"])
        # content_written gets the path Pelican's writer made (pelican.utils.sanitised_join).
        self._prefix = posixize_path(os.path.abspath(self.output)).rstrip("/") + "/"
        self.previous = previous
        self.record_path = Path(settings["CACHE_PATH"]) / RECORD
        self.fingerprints = Fingerprinter()
        self.build = ""
        self.old: dict[str, tuple[str, int, int]] = {}
        self.pending: dict[str, str] = {}
        self.files: dict[str, tuple[int, int]] = {}
        self.new: dict[str, tuple[str, int, int]] = {}
        self.counts = {"recorded": 0, "reused": 0, "rendered": 0}
        self.to_link: dict[str, str] = {}
        self.pid = os.getpid()
        self.seconds = 0.0
        self._reads = {}
        self.template_reads: dict[tuple, frozenset] = {}
        self._sorted_reads: dict[tuple, list[str]] = {}
        self._placed: dict[str, tuple[int, int]] = {}  # linked pages: (size, time) recorded

    def start(self) -> None:
        """Digest what every page depends on, and read last build's record if it matches."""
        self.build = build_digest(self.settings)
        if self.previous is None:
            return
        try:
            record = _load_pickle(self.record_path)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError):
            return
        if record.get("build") != self.build:
            return
        # Same theme, plugins and settings: the templates read what they read last time,
        # and bodies resolve to what they resolved to, given the same lookups.
        self.template_reads.update(record.get("template_reads", {}))
        self.fingerprints.bodies.kept = record.get("bodies", {})
        if record.get("root") == str(self.previous):
            self.old = record["pages"]
            self.counts["recorded"] = len(self.old)

    def reads(self, env):
        """For a template name, the names it can read (see fingerprint.template_reads)."""
        if id(env) not in self._reads:
            hidden = {
                name: tuple(getattr(function, "reads_context", ()))
                for name, function in env.globals.items()
                if getattr(function, "reads_context", None)
            }
            self._reads[id(env)] = (env, template_reads(env, hidden), hidden)
        _, parse, hidden = self._reads[id(env)]

        hidden_key = tuple(sorted(hidden.items()))

        def reads(name: str) -> frozenset:
            key = (name, hidden_key)  # generators' environments may differ in globals
            found = self.template_reads.get(key)
            if found is None:
                found = self.template_reads[key] = parse(name)
            return found

        return reads

    def render(self, template, reads, context) -> str:
        if not getattr(template, "name", None):  # made from a string: nothing to read
            return template.render(context)
        started = time.perf_counter()
        name = context.get("output_file") or ""
        key = (template.name, reads)
        names = self._sorted_reads.get(key)
        if names is None:
            names = self._sorted_reads[key] = sorted(reads(template.name).union(ALWAYS_READ))
        parts = [("template", template.name)]
        parts += [(key, context[key]) for key in names if key in context]
        digest = self.fingerprints.page(parts)
        self.pending[name] = digest
        previous = self._previous_file(name, digest)
        text = None
        if previous is not None:
            if os.getpid() == self.pid:
                # The writer links it (`open_for_writing`), or renders it after all.
                self.to_link[name] = (previous, template, context)
                text = ""
            else:  # a forked page renderer: its text goes to this process's writer
                text = _read_text(previous)
        self.seconds += time.perf_counter() - started
        if text is not None:
            self.counts["reused"] += 1
            return text
        self.counts["rendered"] += 1
        return template.render(context)

    def write_feed(
        self, writer, write_feed, elements, context, path=None, url=None,
        feed_type="atom", override_output=False, feed_title=None,
    ):  # fmt: skip
        """The writer's `write_feed`, reusing the last build's feed when it is current.

        A feed whose items and settings are unchanged is hard-linked from the previous
        site instead of generated again (144 feeds, 0.4 s of a rebuild at 1,000 pairs).
        """
        arguments = (elements, context, path, url, feed_type, override_output, feed_title)
        if not path or os.getpid() != self.pid:
            return write_feed(*arguments)
        started = time.perf_counter()
        complete = sanitised_join(writer.output_path, path)
        name = complete[len(self._prefix) :] if complete.startswith(self._prefix) else None
        if name is None:
            return write_feed(*arguments)
        # What Pelican's writer reads to make the feed (its settings are in the build digest),
        # and what a writer class of a plugin says its own feed code reads (`feed_reads_context`).
        site_url = context.get("SITEURL", path_to_url(get_relative_path(path)))
        shown = ("SITEURL", "FEED_DOMAIN", "SITENAME", "SITESUBTITLE")
        parts = [
            ("feed", (name, url, feed_type, override_output, feed_title)),
            ("site", tuple(context.get(key) for key in shown)),
        ]
        parts += [(key, context.get(key)) for key in getattr(writer, "feed_reads_context", ())]
        items = elements[: writer.settings["FEED_MAX_ITEMS"]]
        digest = self.fingerprints.feed(parts, items, site_url)
        self.pending[name] = digest
        previous = self._previous_file(name, digest)
        done_before = complete in writer._overridden_files or complete in writer._written_files
        self.seconds += time.perf_counter() - started
        if previous is not None and not done_before and _place(previous, complete):
            if override_output:
                writer._overridden_files.add(complete)
            writer._written_files.add(complete)
            self.counts["reused"] += 1
            self.written(complete)
            # Written (linked), but not generated: no feed object, no feed_generated.
            signals.feed_written.send(complete, context=context, feed=None)
            return None
        _unshare(complete)
        feed = write_feed(*arguments)
        self.counts["rendered"] += 1
        self.written(complete)
        return feed

    def _previous_file(self, name: str, digest: str) -> str | None:
        old = self.old.get(name)
        if old is None or old[0] != digest:
            return None
        path = os.path.join(self.previous, name)
        try:
            stat = os.stat(path)
        except OSError:
            return None
        if (stat.st_size, stat.st_mtime_ns) != old[1:]:
            return None  # changed or replaced since it was recorded
        return path

    def open_for_writing(self, writer, writer_open, path: str, encoding: str, override=False):
        """The writer's `_open_w`: a reused page is a hard link to the previous site's file.

        Linking costs a directory entry; writing the same bytes again costs a new file's
        blocks (ten to fifty times more on some disks). The writer's bookkeeping of files
        written (duplicates, overrides) is kept as in `Writer._open_w`.
        """
        name = path[len(self._prefix) :] if path.startswith(self._prefix) else None
        reused = self.to_link.pop(name, None) if name is not None else None
        if reused is None:
            _unshare(path)
            return writer_open(path, encoding, override=override)
        previous, template, context = reused
        done_before = path in writer._overridden_files or path in writer._written_files
        if not done_before and _place(previous, path):
            if override:
                writer._overridden_files.add(path)
            writer._written_files.add(path)
            # The same file (a link, or a copy keeping size and time): no `stat` again.
            old = self.old.get(name)
            if old is not None:
                self._placed[name] = old[1:]
            return io.StringIO()  # the empty text the template gave is written nowhere
        # Written twice (Pelican decides), or the previous file is gone: render it now.
        self.counts["reused"] -= 1
        self.counts["rendered"] += 1
        _unshare(path)
        handle = writer_open(path, encoding, override=override)
        handle.write(template.render(context))
        return handle  # the writer then adds the template's empty text

    def written(self, path: str) -> None:
        if not path.startswith(self._prefix):
            return
        name = path[len(self._prefix) :]
        placed = self._placed.pop(name, None)
        if placed is not None:
            self.files[name] = placed
            return
        try:
            stat = os.stat(path)
        except OSError:  # a writer that writes nothing (a forked page renderer)
            return
        self.files[name] = (stat.st_size, stat.st_mtime_ns)

    def snapshot(self) -> tuple[set[str], dict[str, int], set, set]:
        return (
            set(self.pending),
            dict(self.counts),
            set(self.fingerprints.bodies.now),
            set(self.template_reads),
        )

    def since(self, snapshot) -> tuple[dict[str, str], dict[str, int], dict, dict]:
        """What a forked child did since `snapshot`, for the parent to `adopt`.

        With the names its templates read: a template only the child rendered would
        otherwise be parsed again by the next build (0.07 s after a full build).
        """
        names, counts, bodies, reads = snapshot
        digests = {k: v for k, v in self.pending.items() if k not in names}
        resolved = {k: v for k, v in self.fingerprints.bodies.now.items() if k not in bodies}
        parsed = {k: v for k, v in self.template_reads.items() if k not in reads}
        return digests, {k: v - counts[k] for k, v in self.counts.items()}, resolved, parsed

    def adopt(self, done: tuple[dict[str, str], dict[str, int], dict, dict]) -> None:
        """Take in what a forked page renderer did (plugins/parallel_pages)."""
        digests, counts, resolved, parsed = done
        self.pending.update(digests)
        self.fingerprints.bodies.now.update(resolved)
        self.template_reads.update(parsed)
        for key, value in counts.items():
            if key != "recorded":
                self.counts[key] += value

    def save(self) -> None:
        self.new = {
            name: (self.pending[name], *stat)
            for name, stat in self.files.items()
            if name in self.pending
        }
        root = self.previous_for_next_build()
        self.record_path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.record_path.with_suffix(".tmp")
        with temporary.open("wb") as handle:
            pickle.dump(
                {
                    "build": self.build,
                    "root": str(root),
                    "pages": self.new,
                    "template_reads": self.template_reads,
                    "bodies": self.fingerprints.bodies.now,
                },
                handle,
                protocol=pickle.HIGHEST_PROTOCOL,
            )
        os.replace(temporary, self.record_path)

    def previous_for_next_build(self) -> Path:
        """Where this build's pages will be next time: the live site, once swapped in."""
        return self.previous if self.previous is not None else self.output


def _read_text(path: str) -> str | None:
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            return handle.read()
    except (OSError, UnicodeDecodeError):
        return None


def _unshare(path: str) -> None:
    """Make way for a file about to be written at `path`.

    It must not be a link into the previous site. Nor an empty folder: the build runner
    makes the previous site's folders before the pages are written, and a page of the
    previous site's folder may now be a file of the same name.
    """
    try:
        if os.path.isdir(path):
            _remove_empty_folder(path)
        elif os.stat(path).st_nlink > 1:
            os.unlink(path)
    except OSError:
        pass


def _remove_empty_folder(path: str) -> None:
    """Remove `path` if it holds folders only; a folder with files stays (the writer says so)."""
    for folder, _subfolders, files in os.walk(path, topdown=False):
        if files:
            return
        os.rmdir(folder)


def _place(previous: str, path: str) -> bool:
    """Put the previous site's file at `path`: already there (same file), or linked.

    The link is tried first: for nearly every page nothing is at `path` yet and its folder
    is there (the build runner made the previous site's folders), and the error of a
    failed link says which of the rarer cases it is. A `stat` and a `makedirs` less per
    reused page (3,000 of them after one edit at 1,000 pairs).
    """
    try:
        os.link(previous, path)
        return True
    except FileExistsError:  # this very file (a build over its own output), or another
        try:
            return os.path.samefile(previous, path)
        except OSError:
            return False
    except OSError:  # no folder yet, another file system, no hard links: see `_link`
        pass
    if os.path.lexists(path):  # something else there after all: never replaced here
        return False
    return _link(previous, path)


def _link(source: str, target: str) -> bool:
    """Hard-link (else copy) `source` to `target`; False if neither could be done."""
    os.makedirs(os.path.dirname(target), exist_ok=True)
    try:
        os.link(source, target)
    except OSError:  # another file system, or no hard links: a copy keeps size and time
        try:
            shutil.copy2(source, target)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(target)
            return False
    return True


def build_digest(settings) -> str:
    """Everything every page depends on besides its context: settings, code, versions."""
    theme = Path(settings["THEME"])
    code = [p for p in theme.rglob("*") if p.is_file()]
    for base in settings.get("PLUGIN_PATHS") or ():
        code += [
            p for p in Path(base).rglob("*.py") if p.is_file() and "__pycache__" not in p.parts
        ]
    versions = [sys.version]
    for package in ("pelican", "jinja2", "markdown", "pygments"):
        try:
            versions.append(f"{package}=={importlib.metadata.version(package)}")
        except importlib.metadata.PackageNotFoundError:
            versions.append(f"{package}==?")
    return "-".join(
        [settings_digest(settings, NOT_A_PAGE_INPUT), files_digest(code), " ".join(versions)]
    )


class ReusingTemplate:
    """A Jinja template whose render takes the previous build's page when it is current."""

    def __init__(self, template, incremental: Incremental, reads) -> None:
        self.template, self.incremental, self.reads = template, incremental, reads

    def render(self, context) -> str:
        return self.incremental.render(self.template, self.reads, context)

    def __getattr__(self, name):
        return getattr(self.template, name)


# --- Pelican glue ---------------------------------------------------------------------------------


def start_record(generators) -> None:
    """Once everything is read: a fresh record for this build (one per `pelican.run`)."""
    settings, context = generators[0].settings, generators[0].context
    settings.pop(_KEY, None)
    if not settings.get("INCREMENTAL_PAGES", True) or not settings.get("CACHE_CONTENT"):
        return
    previous = settings.get("PREVIOUS_OUTPUT_PATH")
    if previous:
        previous = Path(previous)
    elif not settings.get("DELETE_OUTPUT_DIRECTORY"):
        previous = Path(settings["OUTPUT_PATH"])
    else:
        previous = None
    incremental = Incremental(settings, previous)
    incremental.start()
    # In the settings for the generators and plugins/parallel_pages, in the context for
    # `content_written` (which gets a page's context).
    settings[_KEY] = context[_KEY] = incremental
    context["incremental_pages"] = incremental.counts


def _output_with_reuse(generator, generate_output, writer) -> None:
    incremental = generator.settings.get(_KEY)
    if incremental is None or not incremental.build:
        return generate_output(writer)
    had_own = "get_template" in vars(generator)
    get_template = generator.get_template
    reads = incremental.reads(generator.env)

    def reusing_get_template(name):
        return ReusingTemplate(get_template(name), incremental, reads)

    generator.get_template = reusing_get_template
    saved = {name: vars(writer).get(name) for name in ("_open_w", "write_feed")}
    writer._open_w = partial(incremental.open_for_writing, writer, writer._open_w)
    if hasattr(writer, "write_feed"):
        writer.write_feed = partial(incremental.write_feed, writer, writer.write_feed)
    try:
        return generate_output(writer)
    finally:
        for name, own in saved.items():
            if own is not None:
                setattr(writer, name, own)
            else:
                vars(writer).pop(name, None)
        timings = generator.context.get("plugin_timings")
        if timings is not None:
            timings["incremental_pages.fingerprints"] = incremental.seconds
        if had_own:
            generator.get_template = get_template
        else:
            del generator.get_template


def install(generator) -> None:
    if hasattr(generator, "generate_output") and hasattr(generator, "get_template"):
        generator.generate_output = partial(
            _output_with_reuse, generator, generator.generate_output
        )


def note_written(path, context=None, **_kwargs) -> None:
    if context is None:
        return
    incremental = context.get(_KEY)
    if incremental is not None:
        incremental.written(path)


def save_record(pelican) -> None:
    incremental = pelican.settings.pop(_KEY, None)
    if incremental is None or not incremental.build:
        return
    incremental.save()
    logger.info(
        "incremental pages: %d taken from the last build, %d rendered",
        incremental.counts["reused"],
        incremental.counts["rendered"],
    )


def register():
    signals.all_generators_finalized.connect(start_record)
    signals.generator_init.connect(install)
    signals.content_written.connect(note_written)
    signals.finalized.connect(save_record)


def _load_pickle(path):
    """pickle.load of a cache file, or a warm build process's copy (content_checks.warm).

    On its own (plain Pelican, no content_checks to import), the file itself.
    """
    base = __package__.rpartition(".")[0]
    try:
        warm = importlib.import_module(".".join(p for p in (base, "content_checks", "warm") if p))
    except ImportError:
        with open(path, "rb") as handle:
            return pickle.load(handle)
    return warm.load_pickle(path)
