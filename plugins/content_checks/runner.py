"""Build runner: Pelican in-process, one report in the problem format, a safe output swap.

Every `invoke` task that builds (build, check, publish, serve) runs this module in a child
process, so each build starts from fresh plugin code:

    python -m plugins.content_checks.runner [--settings pelicanconf.py] [--output output]
        [--content DIR] [--strict] [--check-only] [--no-cache] [--cache-dir DIR]
        [--set NAME=VALUE ...] [--summary-json FILE] [--traceback] [--live]

What it adds to the `pelican` command:

- **One report.** Problems print as `path:line: severity: message` (problems.py). Pelican's
  own log lines about content (reader failures with tracebacks, "Skipping ...") are dropped:
  the content checks report every such file with a precise message. Other Pelican warnings
  and errors keep their text, in the same format. No traceback for an author's mistake.
- **Progress**: files read (and how many came from the cache), problems, files written,
  then a one-line summary: counts per language, problems, time.
- **Safe output**: the site is built into a temporary folder next to `--output` and swapped
  in only when the build succeeded; otherwise the previous site stays as it was. Builds
  of the same output take turns (a lock file beside it, `.output-lock`): the second waits. The
  temporary folder starts with the previous site's folders (a page's folder is then there
  when it is written; folders left empty, by a deleted article, are removed before the
  swap): those of the site replaced before, emptied of its files in the background
  (`.output-spare`), else made by a helper process while Pelican starts and reads.
- **Content cache** in a folder named by a hash of the final settings, the enabled plugins'
  code and the Python/Pelican/Markdown/Pygments versions (`cache_key`): Pelican only
  compares file dates, so a cache written by other code or settings is never read. The
  theme is not part of the key: the cache holds Markdown rendered to HTML, which the theme
  never touches (every page is rendered again on every build anyway).
- `--check-only`: stops once the checks have run; nothing is written.

Exit status: 0 the site was built (or checked): warnings allowed, unless `--strict`;
1 content problems: errors, or warnings with `--strict` (the output is left as it was);
2 the build crashed: a bug in a plugin, template or setting, not in the content.
"""

from __future__ import annotations

import argparse
import ast
import atexit
import contextlib
import gc
import hashlib
import importlib.metadata
import json
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import traceback
import types
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from pelican import Pelican, signals
from pelican.contents import Article, Page
from pelican.generators import ArticlesGenerator, PagesGenerator
from pelican.log import FatalLogger, LimitFilter, console
from pelican.settings import read_settings

from . import regex_memo
from .problems import Problem, display_path, fails, ordered, parse_problem, plural, tally

ROOT = Path(__file__).resolve().parents[2]
KEEP_CACHES = 4
"""Cache folders kept (the most recently used): development, production, a few spares."""

# Settings that do not change what the content cache holds.
_NOT_IN_CACHE_KEY = {
    "OUTPUT_PATH", "CACHE_PATH", "CACHE_CONTENT", "LOAD_CONTENT_CACHE", "DELETE_OUTPUT_DIRECTORY",
    "CONTENT_CHECKS_STRICT", "TAXONOMY_STRICT", "BUILD_REPORT_FILE", "PREVIOUS_OUTPUT_PATH",
    "CHECK_ONLY",
}  # fmt: skip
# Pelican messages about content that the content checks report better (same file, with
# the line and the fix): dropped from the report.
_COVERED_BY_CHECKS = (
    "Could not process %s",
    "Skipping %s: could not find information about",
    "Duplicate definition of `%s` for %s",
    "Unable to find '%s', skipping url replacement.",
    "Other resources were not found",
    "{filename} used for linking to static content",
    "There are %s",
    "All items (",
    "Cannot get modification stamp for %s",
    "Unknown status '%s' for file %s",
    "Skipping %s: file %r would be written outside output path",
)
_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")


def _stop_forked_children() -> None:
    """Forked work and processes of a build that stopped early: not joined, not wanted.

    Pelican imports the plugin as `content_index`, this module as `plugins.content_index`:
    each copy of the module knows its own children.
    """
    for name in ("content_index.parallel", "plugins.content_index.parallel"):
        module = sys.modules.get(name)
        if module is not None:
            module.stop_children()


# --- Problems and the report ------------------------------------------------------------------


def _as_problem(item) -> Problem:
    """A Problem of this module from the plugin's own copy of the class.

    Pelican imports plugins by their short name (`content_checks`), so the plugin's
    classes are not this module's.
    """
    return Problem(item.path, item.line, item.severity, item.message)


def _empty_alt_line(path: str, image: str) -> int | None:
    """Line of the image with no description (Pelican names only its file name).

    `![](images/x.png)` or `<img src="x.png" alt="">`, else any line naming the image;
    read only when there is one.
    """
    name = re.escape(image)
    empty = re.compile(
        rf"!\[\s*\]\([^)]*{name}|<img\b[^>]*{name}[^>]*alt=(['\"])\1|<img\b[^>]*alt=(['\"])\2[^>]*{name}"
    )
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            lines = handle.read().splitlines()
    except OSError:
        return None
    for pattern in (empty, re.compile(name)):
        for number, text in enumerate(lines, 1):
            if pattern.search(text):
                return number
    return None


class PelicanLogCollector(logging.Handler):
    """Turns Pelican's log records into Problems, without tracebacks."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.problems: list[Problem] = []

    def emit(self, record: logging.LogRecord) -> None:
        if hasattr(record, "content_problem"):
            return  # the content checks' own lines: the runner prints the full report
        template = str(record.msg)
        if template.startswith(_COVERED_BY_CHECKS):
            return
        try:
            message = record.getMessage()
        except Exception:  # a malformed log call must not stop the build
            message = template
        found = parse_problem(message)
        if found:  # already in the problem format (taxonomy, related): keep it as it is
            path = display_path(found.path) if found.path else ""
            self.problems.append(Problem(path, found.line, found.severity, found.message))
            return
        if template.startswith("Empty alt attribute for image"):
            image, path = record.args
            self.problems.append(
                Problem(
                    display_path(str(path)),
                    _empty_alt_line(str(path), str(image)),
                    "warning",
                    f"image {image} has no description: write ![what the image shows](...)",
                )
            )
            return
        severity = "error" if record.levelno >= logging.ERROR else "warning"
        text = " ".join(message.split())
        if record.exc_info and record.exc_info[1] is not None:
            error = record.exc_info[1]
            text += f" ({type(error).__name__}: {error})"
        self.problems.append(Problem("", None, severity, text))


# --- Progress -----------------------------------------------------------------------------------


class Progress:
    """Counts what the build does, from Pelican's signals, and prints it as it goes."""

    def __init__(self, out=None, live: bool | None = None) -> None:
        self.out = out or sys.stdout
        self.live = self.out.isatty() if live is None else live
        self.started = time.perf_counter()
        self.read_files = 0
        self.from_cache = 0
        self.written = 0
        self.folders_written: set[str] = set()
        """Folders Pelican's writer wrote a page or feed into (`remove_empty_folders`)."""
        self.counts: dict[str, Counter] = {}
        self.context: dict | None = None
        self.indexed = 0
        self.analysed = 0
        self.languages: tuple[str, ...] = ()
        self.read_seconds = 0.0
        self._last_draw = 0.0

    def line(self, text: str) -> None:
        self.lines([text])

    def lines(self, texts: list[str]) -> None:
        """Print `texts`, one per line, in one write (thousands of notes at times)."""
        if not texts:
            return
        if self.live:
            self.out.write("\r\x1b[2K")
        self.out.write("".join(f"{text}\n" for text in texts))
        self.out.flush()

    def _draw(self, text: str) -> None:
        now = time.perf_counter()
        if self.live and now - self._last_draw > 0.1:
            self._last_draw = now
            self.out.write(f"\r\x1b[2K{text}")
            self.out.flush()

    # Signal receivers, connected by run_build for one build

    def count_reads(self, generator) -> None:
        """Count files read and files found in the content cache (the others were parsed).

        Cache hits are counted, not parses: the content index renders files in worker
        processes (plugins/content_index/parallel.py), which no wrapper here would see.
        """
        if not isinstance(generator, ArticlesGenerator | PagesGenerator):
            return
        readers = generator.readers
        read_file = readers.read_file
        get_cached_data = readers.get_cached_data

        def counted_read_file(*args, **kwargs):
            self.read_files += 1
            self._draw(f"Reading: {self.read_files} files")
            return read_file(*args, **kwargs)

        def counted_cache_lookup(path, default=None):
            found = get_cached_data(path, default)
            if found is not default:
                self.from_cache += 1
            return found

        readers.read_file = counted_read_file
        readers.get_cached_data = counted_cache_lookup

    @property
    def parsed(self) -> int:
        return max(0, self.read_files - self.from_cache)

    def finish_reading(self, generators) -> None:
        context = generators[0].context
        self.languages = tuple(generators[0].settings.get("SITE_LANGUAGES") or ())
        self.read_seconds = time.perf_counter() - self.started
        for generator in generators:
            for name in ("articles", "translations", "pages"):
                for item in getattr(generator, name, None) or ():
                    if isinstance(item, Article | Page):
                        kind = "articles" if isinstance(item, Article) else "pages"
                        self.counts.setdefault(item.lang, Counter())[kind] += 1
        index = context.get("content_index")
        self.indexed = len(index.records) if index is not None else 0
        self.analysed = index.reanalysed if index is not None else 0
        articles = sum(c["articles"] for c in self.counts.values())
        pages = sum(c["pages"] for c in self.counts.values())
        cached = self.from_cache
        indexed = f", indexed {self.indexed} ({self.analysed} analysed)" if self.indexed else ""
        self.line(
            f"Read {plural(articles, 'article')} and {plural(pages, 'page')} in "
            f"{self.read_seconds:.2f} s ({self.parsed} parsed, {cached} from the cache{indexed})"
        )

    def keep_context(self, generator) -> None:
        """The build's shared context, for the content problems even if the build crashes."""
        self.context = generator.context

    def count_written(self, path, context=None, **kwargs) -> None:
        self.written += 1
        if isinstance(path, str):
            self.folders_written.add(os.path.dirname(path))
        self._draw(f"Writing: {self.written} files")

    def per_language(self) -> str:
        parts = []
        order = {lang: i for i, lang in enumerate(self.languages)}
        for lang, found in sorted(
            self.counts.items(), key=lambda kv: (order.get(kv[0], 99), kv[0])
        ):
            parts.append(
                f"{lang} {plural(found['articles'], 'article')}, {plural(found['pages'], 'page')}"
            )
        return "; ".join(parts) or "no content"


class _StopAfterChecks(Exception):
    """Ends a --check-only run once the checks have reported."""


def _stop_after_checks(generators) -> None:
    raise _StopAfterChecks


# --- The content cache ----------------------------------------------------------------------


def _stable(value) -> str:
    """A repr that does not change between runs (no memory addresses)."""
    if isinstance(value, dict):
        return (
            "{"
            + ", ".join(
                f"{_stable(k)}: {_stable(v)}"
                for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))
            )
            + "}"
        )
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_stable(v) for v in value) + "]"
    if isinstance(value, set | frozenset):
        return "{" + ", ".join(sorted(_stable(v) for v in value)) + "}"
    if callable(value):
        return f"<{getattr(value, '__module__', '')}.{getattr(value, '__qualname__', type(value).__name__)}>"
    return _ADDRESS.sub("", repr(value))


def plugin_files(settings) -> list[Path]:
    """The source files of the enabled plugins."""
    files = []
    for name in settings.get("PLUGINS") or ():
        name = str(getattr(name, "__name__", name))
        for base in settings.get("PLUGIN_PATHS") or ():
            package, module = Path(base) / name, Path(base) / f"{name}.py"
            if package.is_dir():
                files += sorted(
                    p
                    for p in package.rglob("*")
                    if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
                )
                break
            if module.is_file():
                files.append(module)
                break
    return files


def cache_key(settings) -> str:
    """Hash of what the cached Markdown rendering depends on: settings, plugin code, versions."""
    digest = hashlib.sha256()
    versions = [sys.version.split()[0]]
    for package in ("pelican", "markdown", "pygments"):
        try:
            versions.append(f"{package}=={importlib.metadata.version(package)}")
        except importlib.metadata.PackageNotFoundError:
            versions.append(f"{package}==?")
    digest.update(" ".join(versions).encode())
    kept = {
        k: v for k, v in settings.items() if k not in _NOT_IN_CACHE_KEY and not k.startswith("_")
    }
    digest.update(_stable(kept).encode())
    for path in plugin_files(settings):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _use_cache(settings, cache_root: Path) -> Path:
    folder = cache_root / cache_key(settings)
    folder.mkdir(parents=True, exist_ok=True)
    os.utime(folder)
    others = sorted(
        (p for p in cache_root.iterdir() if p.is_dir() and p != folder),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    for old in others[KEEP_CACHES - 1 :]:
        shutil.rmtree(old, ignore_errors=True)
    settings.update(
        CACHE_PATH=str(folder), CACHE_CONTENT=True, LOAD_CONTENT_CACHE=True,
        CONTENT_CACHING_LAYER="reader",
    )  # fmt: skip
    return folder


# --- One build ------------------------------------------------------------------------------------


@dataclass
class BuildResult:
    code: int
    problems: list[Problem] = field(default_factory=list)
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    seconds: float = 0.0
    read_files: int = 0
    parsed: int = 0
    from_cache: int = 0
    analysed: int = 0
    """Texts the content index analysed; the others' analyses came from its cache."""
    written: int = 0
    unchanged: int = 0
    """Pages taken from the previous site instead of rendered (plugins/incremental_pages)."""
    crash: str = ""
    cache_dir: str = ""

    def to_json(self) -> dict:
        data = asdict(self)
        data["problems"] = [p.format() for p in self.problems]
        return data


def _from_exit(error: SystemExit) -> list[Problem]:
    found = getattr(error, "problems", None)
    if found is not None:
        return [_as_problem(p) for p in found]
    text = str(error.code) if error.code not in (None, 0, 1) else ""
    problems = []
    for line in text.splitlines():
        if line.strip():
            problems.append(parse_problem(line) or Problem("", None, "error", line.strip()))
    return problems or [Problem("", None, "error", "the build stopped (exit status 1)")]


def _crash_summary(error: BaseException) -> str:
    frames = traceback.extract_tb(error.__traceback__)
    where = ""
    for frame in reversed(frames):
        if "site-packages" not in frame.filename:
            where = f" in {display_path(frame.filename)}:{frame.lineno}"
            break
    return f"{type(error).__name__}: {error}{where}"


def run_build(
    settings_file: Path,
    output: Path,
    *,
    content: Path | None = None,
    strict: bool = False,
    check_only: bool = False,
    cache_root: Path | None = None,
    overrides: dict | None = None,
    show_traceback: bool = False,
    progress: Progress | None = None,
    delete_output: bool = True,
) -> BuildResult:
    """Build (or only check) the site into `output`, in this process.

    `delete_output=False` keeps what `output` holds (safe_build's new folder, where the
    previous site's folders are being made).
    """
    progress = progress or Progress()
    # Pelican's log filter remembers messages per process: forget earlier builds'.
    LimitFilter._raised_messages.clear()
    LimitFilter._group_count.clear()
    FatalLogger.fatal_lvl = logging.CRITICAL + 1
    console.quiet = True  # Pelican's "Done: ..." line; the runner prints its own summary

    settings_override = dict(overrides or {})
    settings_override.update(
        OUTPUT_PATH=str(output),
        CONTENT_CHECKS_STRICT=strict,
        # Unknown tags join the content report; the strict decision is taken there, once.
        TAXONOMY_STRICT=False,
        DELETE_OUTPUT_DIRECTORY=delete_output,
        # Plugins skip what only the output needs (search indexes, related posts, graphs).
        CHECK_ONLY=check_only,
        # Problems logged after writing are counted here, strict or not (content_checks).
        BUILD_RUNNER=True,
    )
    if content is not None:
        settings_override["PATH"] = str(content)
    collector = PelicanLogCollector()
    root_logger = logging.getLogger()
    saved_handlers, saved_level = root_logger.handlers[:], root_logger.level
    root_logger.handlers = [collector]
    root_logger.setLevel(logging.WARNING)
    result = BuildResult(code=0)
    receivers = [
        (signals.generator_init, progress.count_reads),
        (signals.content_written, progress.count_written),
        (signals.feed_written, progress.count_written),
    ]
    problems: list[Problem] = []
    stopped_with_problems = False
    saved_threshold = gc.get_threshold()  # content_index changes it for the build
    try:
        settings = read_settings(str(settings_file), override=settings_override)
        if cache_root is not None:
            result.cache_dir = str(_use_cache(settings, cache_root))
        for signal, receiver in receivers:
            signal.connect(receiver)
        pelican = Pelican(settings)
        # Connected after the plugins, so these run after the content checks.
        receivers += [
            (signals.page_generator_finalized, progress.keep_context),
            (signals.all_generators_finalized, progress.finish_reading),
        ]
        signals.page_generator_finalized.connect(progress.keep_context)
        signals.all_generators_finalized.connect(progress.finish_reading)
        if check_only:
            receivers.append((signals.all_generators_finalized, _stop_after_checks))
            signals.all_generators_finalized.connect(_stop_after_checks)
        pelican.run()
    except _StopAfterChecks:
        pass
    except SystemExit as error:
        problems += _from_exit(error)
        stopped_with_problems = hasattr(error, "problems")
        result.code = 1
    except Exception as error:
        result.code = 2
        result.crash = _crash_summary(error)
        if show_traceback:
            traceback.print_exc(file=progress.out)
    finally:
        gc.set_threshold(*saved_threshold)
        _stop_forked_children()
        for signal, receiver in receivers:
            signal.disconnect(receiver)
        root_logger.handlers, root_logger.level = saved_handlers, saved_level
        console.quiet = False

    if progress.context is not None and not stopped_with_problems:
        problems += [_as_problem(p) for p in progress.context.get("content_problems", ())]
    problems += collector.problems
    result.problems = ordered(problems)
    if result.code == 0 and fails(result.problems, strict):
        result.code = 1
    result.counts = {lang: dict(found) for lang, found in sorted(progress.counts.items())}
    result.read_files, result.parsed = progress.read_files, progress.parsed
    result.from_cache = progress.from_cache
    result.analysed = progress.analysed
    result.written = progress.written
    if progress.context is not None:
        result.unchanged = progress.context.get("incremental_pages", {}).get("reused", 0)
    result.seconds = time.perf_counter() - progress.started
    return result


def safe_build(
    output: Path, *, check_only: bool = False, progress: Progress | None = None, **options
) -> BuildResult:
    """Build into a temporary folder next to `output`; swap it in only on success."""
    progress = progress or Progress()
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.ExitStack() as turn:
        if not check_only:
            turn.enter_context(output_turn(output, progress.line))
        return _safe_build(output, check_only=check_only, progress=progress, **options)


# Set by a process holding an output's turn for the build it runs (its value: that output).
TURN_HELD = "BUILD_OUTPUT_TURN_HELD"

RUNNING = types.SimpleNamespace(progress=None, turn=None, folders=None)
"""The build this process runs: its `Progress` (`main`), the open file of its output's
lock while it holds it (`output_turn`), the process making its output's folders
(`_safe_build`). A warm build resumed from the end of another build's reading (warm.py)
starts its clock, takes the turn and makes the folders again here."""


@contextlib.contextmanager
def output_turn(output: Path, say: Callable[[str], None] = print):
    """Hold `output`'s lock (`.output-lock` beside it) from the build's start to its swap.

    Two builds replacing the same output/ (an `invoke publish` beside an `invoke serve`)
    take turns: without it, whichever finished last would own output/, a production site
    replaced by a development one after publish said it built it. The second one waits,
    saying so.
    """
    if os.name != "posix" or os.environ.get(TURN_HELD) == str(output):
        yield  # a parent process holds the turn for this build (`invoke publish --git`)
        return
    import fcntl

    with open(output.parent / f".{output.name}-lock", "a+b") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            say(f"Waiting for another build writing {display_path(str(output))}/ to finish...")
            fcntl.flock(lock, fcntl.LOCK_EX)
        RUNNING.turn = lock
        try:
            yield
        finally:
            RUNNING.turn = None
            fcntl.flock(lock, fcntl.LOCK_UN)


def _safe_build(output: Path, *, check_only: bool, progress: Progress, **options) -> BuildResult:
    remove_leftovers(output)
    # The name says which process owns the folder, from the moment it exists.
    staging = Path(
        tempfile.mkdtemp(prefix=f".{output.name}-build-{os.getpid()}-", dir=output.parent)
    )
    site = staging / "site"
    RUNNING.folders = None  # a build resumed elsewhere (warm.py) starts its own
    try:
        if not check_only and output.is_dir():
            RUNNING.folders = prepare_folders(output, site)
        # Pages that did not change are taken from the site being replaced.
        overrides = {
            "PREVIOUS_OUTPUT_PATH": str(output),
            **(options.pop("overrides", None) or {}),
        }
        result = run_build(
            options.pop("settings_file"),
            site,
            check_only=check_only,
            progress=progress,
            overrides=overrides,
            delete_output=False,
            **options,
        )
        if RUNNING.folders is not None:
            RUNNING.folders.wait()
            listed = getattr(RUNNING.folders, "listed", None)
            RUNNING.folders = None
            if result.code == 0:
                remove_empty_folders(site, listed, progress.folders_written)
        if result.code == 0 and not check_only:
            if output.exists():
                os.replace(output, staging / "replaced")
            os.replace(staging / "site", output)
            staging = _retire_in_background(staging, spare_folder(output))
    finally:
        if RUNNING.folders is not None:
            RUNNING.folders.wait()
            RUNNING.folders = None
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
    return result


def remove_leftovers(output: Path) -> None:
    """Remove the folders that stopped builds left next to `output`.

    A `-retired-` folder is a replaced site whose deletion was cut short, unless its
    deleting process still runs (a rebuild right after a build, as when saving twice in
    `invoke serve`): that one is left to it, not deleted again while the build waits. A `-build-`
    folder is a build's staging folder; its name holds the pid of the build that made it.
    One whose process no longer runs (a build killed with kill -9, a computer turned off)
    is a partial site nobody will use: removed. One whose process runs is another build's
    at work (an `invoke build` beside an `invoke serve`): left alone. A pid that another
    process took since only keeps the folder until that one ends. A name with no pid was
    made before names held one.
    """
    for retired in output.parent.glob(f".{output.name}-retired-*"):
        if not _being_deleted(retired):
            shutil.rmtree(retired, ignore_errors=True)
    owned = re.compile(rf"\.{re.escape(output.name)}-build-(\d+)-")
    for staging in output.parent.glob(f".{output.name}-build-*"):
        owner = owned.match(staging.name)
        if owner is None or not _running(int(owner[1])):
            shutil.rmtree(staging, ignore_errors=True)


def wait_for_retiring(output: Path, timeout: float = 60.0) -> None:
    """Wait until no process retires a site `output` replaced (see `_retire_in_background`).

    What such a process keeps for the next build (`spare_folder`) is there once it ends:
    `invoke clean` waits, so as to remove it too.
    """
    deadline = time.monotonic() + timeout
    for retired in output.parent.glob(f".{output.name}-retired-*"):
        while retired.exists() and _being_deleted(retired) and time.monotonic() < deadline:
            time.sleep(0.05)


def _being_deleted(folder: Path) -> bool:
    """Whether a process deletes `folder` now: it holds the folder's lock (see below)."""
    try:
        import fcntl
    except ImportError:  # not on a POSIX system: no deleting process holds a lock
        return False
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return True  # gone already
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    except OSError:
        return False
    finally:
        os.close(handle)
    return False


def _running(pid: int) -> bool:
    """Whether process `pid` runs on this computer (True when that cannot be told)."""
    if os.name != "posix":
        return True  # Windows' os.kill would end the process, not look at it
    try:
        os.kill(pid, 0)  # signal 0: nothing is sent, the process is only looked up
    except ProcessLookupError:
        return False
    except OSError:  # PermissionError: another user's process, running
        return True
    return True


# Makes every folder of a site (argv[1]) again under argv[2]. Folders are made in an order
# where a parent comes first; one that cannot be made (the build removed its parent, as
# the search index removes its own folder before writing it) is left alone.
_MAKE_FOLDERS = """
import os, sys
source, target = sys.argv[1], sys.argv[2]
for folder, _subfolders, _files in os.walk(source):
    try:
        os.makedirs(os.path.join(target, os.path.relpath(folder, source)), exist_ok=True)
    except OSError:
        pass
"""


def spare_folder(output: Path) -> Path:
    """Where a replaced site's folders wait, its files removed, for the next build."""
    return output.parent / f".{output.name}-spare"


class _Made:
    """Folders already there: nothing to wait for (as `_make_folders_like`'s process).

    `listed`: their paths relative to the site, when the spare listed them (`FOLDER_LIST`).
    """

    def __init__(self, listed: list[str] | None = None) -> None:
        self.listed = listed

    def wait(self) -> int:
        return 0


def prepare_folders(output: Path, site: Path):
    """Give the new `site` (not there yet) the folders of the `output` it will replace.

    The last replaced site's folders (`spare_folder`, emptied of its files by
    `_retire_in_background`) are moved there when they are ready; otherwise a process
    makes them (`_make_folders_like`). Making 3,000 folders, just after the last build's
    were deleted, took that process 0.4 to 1.6 s of system time (ext4 looks past every
    recently freed inode for each new one), on the core the build's own children use.
    `site` itself is a new folder, not one a site had before: `invoke serve`'s preview
    tells its own site from another build's by that folder's inode.
    Returns what to `wait()` for before removing the folders the build left empty.
    """
    spare = spare_folder(output)
    try:
        names = os.listdir(spare)
    except OSError:  # none ready (a first build, or it is still being emptied)
        return _make_folders_like(output, site)
    listed = None
    if FOLDER_LIST in names:
        names.remove(FOLDER_LIST)
        with contextlib.suppress(OSError, ValueError):
            listed = _read_folder_list(spare / FOLDER_LIST)
    os.makedirs(site, exist_ok=True)
    for name in names:
        with contextlib.suppress(OSError):
            os.rename(spare / name, site / name)
    shutil.rmtree(spare, ignore_errors=True)
    return _Made(listed)


def _read_folder_list(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8", errors="surrogateescape")
    return text.split("\0") if text else []


def _make_folders_like(site: Path, target: Path) -> subprocess.Popen:
    """Make the folders of `site` under `target`, in a process of its own, started now.

    Thousands of pages each have a folder: made here, on the other core while Pelican
    starts and reads, rather than one by one as the pages are written (0.1 to 0.4 s of a
    5 s rebuild at 2,000 articles, measured).
    """
    return subprocess.Popen(
        [sys.executable, "-c", _MAKE_FOLDERS, str(site), str(target)],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip


def remove_empty_folders(
    site: Path, listed: list[str] | None = None, filled: set[str] | frozenset = frozenset()
) -> int:
    """Remove the folders under `site` that hold nothing (deepest first); returns how many.

    A build writes no empty folder: these were made by `_make_folders_like`, or taken
    from the spare, for pages that no longer exist. With `listed` (the folders the build
    started with, relative to `site`), only those are looked at, but for the ones in
    `filled` (absolute paths of folders a file was written to): a folder the build made
    holds what it was made for.
    """
    if listed is not None:
        return _remove_listed_folders(site, listed, filled)
    removed = 0
    for folder, _subfolders, files in os.walk(site, topdown=False):
        if not files and folder != str(site):
            try:
                os.rmdir(folder)  # fails if a subfolder is still there: not empty
            except OSError:
                continue
            removed += 1
    return removed


def _remove_listed_folders(site: Path, listed: list[str], filled) -> int:
    removed = 0
    root = str(site)
    # Reverse order puts a folder's subfolders ("a/b") before it ("a").
    for relative in sorted(listed, reverse=True):
        folder = os.path.join(root, relative)
        if folder in filled:
            continue
        try:
            os.rmdir(folder)  # fails if anything is still there: not empty
        except OSError:
            continue
        removed += 1
    return removed


# Empties the replaced site (argv[1]/replaced) of its files, keeps its folders as the next
# build's (argv[2], unless one is there), and deletes the rest of argv[1]. The folders are
# renamed into place only once empty: a build never finds half a spare.
_RETIRE = """
import os, shutil, sys
retired, spare, listing = sys.argv[1], sys.argv[2], sys.argv[3]
folders = []
def empty(folder, relative):
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                inside = relative + "/" + entry.name if relative else entry.name
                folders.append(inside)
                empty(entry.path, inside)
            else:
                os.unlink(entry.path)
try:
    replaced = os.path.join(retired, "replaced")
    empty(replaced, "")
    with open(os.path.join(replaced, listing), "w", encoding="utf-8", errors="surrogateescape") as f:
        f.write("\\0".join(folders))
    os.rename(replaced, spare)
except OSError:
    pass
shutil.rmtree(retired, True)
"""

FOLDER_LIST = ".folders"
"""In a spare folder (`_RETIRE`): its folders' paths, relative and NUL-separated. The
build that takes the spare tries to remove only those, once its pages are written,
instead of walking its whole site for empty folders (44 ms at 1,000 pairs)."""


def _retire_in_background(staging: Path, spare: Path) -> Path | None:
    """Retire the replaced site in a detached process: the new one is in place already.

    Its files are removed (those the new site shares are only unlinked from this one),
    its folders kept as `spare` for the next build (`prepare_folders`), and the rest
    deleted; nobody needs to wait for that. The folder is renamed `-retired-` first:
    should this be cut short, the next build removes what is left. Returns the folder if
    it is still to be deleted here.
    """
    retired = staging.with_name(staging.name.replace("-build-", "-retired-", 1))
    try:
        os.replace(staging, retired)
        # The deleting process holds the folder's lock until it ends (taken here, before
        # it starts, and handed to it): the next build leaves the folder to it.
        handle = os.open(retired, os.O_RDONLY)
        try:
            with contextlib.suppress(ImportError, OSError):
                import fcntl

                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            subprocess.Popen(
                [sys.executable, "-c", _RETIRE, str(retired), str(spare), FOLDER_LIST],
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                start_new_session=True, pass_fds=(handle,),
            )  # fmt: skip
        finally:
            os.close(handle)
    except OSError:
        return retired if retired.exists() else staging
    return None


def report(
    result: BuildResult, progress: Progress, output: Path, check_only: bool, strict: bool
) -> None:
    """The problems, one line each, then the one-line summary."""
    progress.lines([problem.format() for problem in result.problems])
    if result.written:
        unchanged = f" ({result.unchanged} unchanged)" if result.unchanged else ""
        progress.line(f"Wrote {plural(result.written, 'file')}{unchanged}")
    where = display_path(str(output))
    elapsed = f"{result.seconds:.1f} s"
    found = tally(result.problems)
    if result.code == 2:
        progress.line(f"error: the build crashed: {result.crash}")
        if any(p.severity == "error" for p in result.problems):
            progress.line("Fix the errors above first: the crash is probably one of their effects.")
        else:
            progress.line(
                "This is a bug in a plugin, a template or the settings, not in the "
                "content; the traceback: python -m plugins.content_checks.runner --traceback"
            )
    if result.code == 0:
        done = "Check passed" if check_only else f"Built {where}/"
        progress.line(f"{done}: {progress.per_language()} · {found} · {elapsed}")
    else:
        kept = "" if check_only else f" · {where}/ left as it was"
        why = " (--strict: warnings count)" if strict and result.code == 1 else ""
        verb = "Check failed" if check_only else "Build failed"
        progress.line(f"{verb}: {found}{why}{kept} · {elapsed}")


def _parse_set(text: str) -> tuple[str, object]:
    name, sep, value = text.partition("=")
    if not sep or not name.isupper():
        raise argparse.ArgumentTypeError(
            f"--set wants NAME=VALUE with an upper-case NAME, not {text!r}"
        )
    try:
        return name, ast.literal_eval(value)
    except (ValueError, SyntaxError):
        return name, value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m plugins.content_checks.runner", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--settings", type=Path, default=ROOT / "pelicanconf.py")
    parser.add_argument(
        "--content", type=Path, help="content folder (default: PATH of the settings)"
    )
    parser.add_argument("--output", type=Path, default=ROOT / "output")
    parser.add_argument("--strict", action="store_true", help="warnings fail the build")
    parser.add_argument(
        "--check-only", action="store_true", help="check the content, write nothing"
    )
    parser.add_argument("--no-cache", action="store_true", help="read every file again")
    parser.add_argument("--cache-dir", type=Path, default=ROOT / ".cache" / "pelican")
    parser.add_argument(
        "--set",
        type=_parse_set,
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="override a setting (a Python literal)",
    )
    parser.add_argument("--summary-json", type=Path, help="write the build's figures as JSON")
    parser.add_argument("--traceback", action="store_true", help="show the traceback of a crash")
    parser.add_argument(
        "--live",
        action="store_true",
        help="draw the progress in place though the output is a pipe (a terminal reads it)",
    )
    args = parser.parse_args(argv)

    progress = RUNNING.progress = Progress(live=True if args.live else None)
    result = safe_build(
        args.output,
        check_only=args.check_only,
        progress=progress,
        settings_file=args.settings.resolve(),
        content=args.content.resolve() if args.content else None,
        strict=args.strict,
        cache_root=None if args.no_cache else args.cache_dir.resolve(),
        overrides=dict(args.set),
        show_traceback=args.traceback,
    )
    report(result, progress, args.output, args.check_only, args.strict)
    if args.summary_json:
        args.summary_json.write_text(
            json.dumps(result.to_json(), indent=2, sort_keys=True), "utf-8"
        )
    return result.code


def exit_now(code: int) -> None:
    """End the process with `code` once its exit handlers ran, without tearing it down.

    A build leaves millions of objects that Python would free one by one at exit (about
    0.1 s after a 1,000-pair rebuild); the system takes the memory back at once. What
    must happen at exit still does: the `atexit` handlers (the build's children stopped,
    logging flushed) and the standard streams flushed. Every file the build wrote is
    closed by then (written in `with` blocks). The patterns the process compiled are
    kept for the next (`regex_memo`).
    """
    try:
        regex_memo.save()
        atexit._run_exitfuncs()
    finally:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):
                stream.flush()
        os._exit(code)


if __name__ == "__main__":
    exit_now(main())
