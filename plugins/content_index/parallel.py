"""Work on every core: read ahead in worker processes, and run a stage in a forked child.

Pelican reads files one at a time in one process, and rendering Markdown is most of a
build's reading time. `ReadAhead` hands the list of files Pelican is about to read to a
pool of forked workers; each runs a job (the glue's: Pelican's own reader, then the text
analysis) and the main process takes the results in Pelican's reading order, while the
workers render the files after. A result the main process never asks for is dropped;
a job that fails returns nothing, and the caller reads the file itself, so an error is
raised, and reported, exactly as in a serial build.

Workers are forked, so they share the parent's settings, readers and Markdown extensions
as they are when the pool starts. Log records a job emits are sent back and replayed in
the main process when its result is taken, so every warning reaches the build's report
in reading order. No fork (Windows), one core, or a handful of files: no pool at all.

`ForkedCall` runs one function in a forked child while the build goes on (search builds
its index there while Pelican writes the pages) and gives back its result, its log
records and any error when joined. `keep_off_main_core` keeps such a background process
off the core of the build's own process until that process waits for it.
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import gc
import logging
import multiprocessing
import os
import pickle
import signal
import sys
import threading
import traceback
from collections.abc import Callable, Iterable
from typing import Any, Protocol

from pelican.log import FilteredMessage
from pelican.readers import _DISCARD
from pelican.urlwrappers import URLWrapper

WORKER_TIMEOUT = 120
"""Seconds to wait for one file's result before reading the rest in this process."""

_job: Callable[[str], Any] | None = None
"""The job of the current pool: set before forking, inherited by the workers."""
_stopped = None
"""The current pool's stop event (a multiprocessing Event), inherited the same way."""

STOP_TIMEOUT = 10
"""Seconds a closed pool's workers have to end on their own before they are killed."""


def usable_cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def can_fork() -> bool:
    # macOS lists fork but its system libraries are not fork-safe.
    return "fork" in multiprocessing.get_all_start_methods() and sys.platform != "darwin"


def keep_off_main_core(pid: int = 0) -> bool:
    """Keep process `pid` (0: this one) off the first of the cores it may use.

    For work nobody waits for until the end of the build (the search indexes, the graph
    layout): three or four processes on two cores took turns on the core of the build's
    own process, the one every page waits for. Kept off one core, they leave it to that
    process, which the system then runs there. `allow_every_core` lets them back once
    the build waits for them. Their priority is unchanged: under another program's load
    they keep a fair share (Linux's SCHED_IDLE, as fast here, could starve them, and an
    unprivileged process may not raise a priority back). In a rebuild after one edit at
    1,000 pairs: 2.90 -> 2.66 s (medians of seven alternated builds). Returns whether it
    was done (not with one core, nor where processes have no CPU affinity).
    """
    try:
        cpus = sorted(os.sched_getaffinity(pid))
        if len(cpus) < 2:
            return False
        os.sched_setaffinity(pid, cpus[1:])
    except (AttributeError, OSError):  # not on Linux; the process has ended
        return False
    return True


def allow_every_core(pid: int) -> None:
    """Let process `pid` run on every core this process may use again."""
    with contextlib.suppress(AttributeError, OSError):
        os.sched_setaffinity(pid, os.sched_getaffinity(0))


_USUAL_GC_THRESHOLD = gc.get_threshold()
"""The collector's pace when this module is imported, before a build changes it."""


def _freeze_heap() -> None:
    """Before a fork: free the garbage, and keep the collector off the objects left.

    A collection writes to the header of every object it visits, which makes the kernel
    copy each page shared with a forked process; frozen objects are never visited, so
    parent and children keep sharing them (Python's documentation of gc.freeze).
    """
    # Garbage first: frozen, it would never be freed. (A build collects rarely, see
    # content_index.GC_THRESHOLD: before the last forks, the pages rendered so far leave
    # ~75,000 unreachable objects, 28 MB at 2,000 articles.) The young generations only:
    # that garbage is there, the oldest holds what the build keeps. At 1,000 pairs, a
    # full collection found 0 to 20 more objects at each fork, in 0.002-0.065 s (0.085 s
    # of a rebuild's two forks, 0.1 s of a full build's six). Not when the build paused
    # the collector (a rebuild, see content_index.collect_less_often).
    if gc.get_threshold()[0]:
        gc.collect(1)
    gc.freeze()
    return_free_memory()
    _stop_children_at_exit()


def _stop_children_at_exit() -> None:
    global _stopping_registered
    if not _stopping_registered:  # only a process that has children kills them at exit
        atexit.register(stop_children)
        _stopping_registered = True


_stopping_registered = False


def _load_malloc_trim() -> Callable[[int], int] | None:
    try:
        return ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):  # not glibc (musl, macOS, Windows)
        return None


_malloc_trim = _load_malloc_trim() if sys.platform.startswith("linux") else None


def return_free_memory() -> None:
    """Give the memory freed so far back to the system (glibc's malloc_trim).

    Large strings (article bodies) live in glibc's heap, Python's small objects in
    arenas of their own: bodies freed (read-ahead buffers, bodies rewritten) leave heap
    pages that only other large strings would reuse. glibc keeps them resident, and each
    forked child starts with them. Called before every fork (9 MB off the main
    process's peak at 2,000 articles) and after the wikilinks rewrite (10 MB off it while
    related posts are ranked).
    """
    if _malloc_trim is not None:
        _malloc_trim(0)


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.NOTSET)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(_portable_record(record))


_collector: _Collect | None = None


def _portable_record(record: logging.LogRecord) -> logging.LogRecord:
    """A copy that pickles: arguments as text when they are not plain values."""
    copy = logging.makeLogRecord(record.__dict__)
    if copy.exc_info:
        copy.exc_text = logging.Formatter().formatException(copy.exc_info)
        copy.exc_info = None
    plain = (str, int, float, bool, type(None))
    if isinstance(copy.args, tuple) and not all(isinstance(a, plain) for a in copy.args):
        copy.args = tuple(a if isinstance(a, plain) else str(a) for a in copy.args)
    elif copy.args and not isinstance(copy.args, tuple):
        copy.msg, copy.args = copy.getMessage(), None
    return copy


def _start_worker() -> None:
    """Pool initializer: keep this worker's log records instead of printing them.

    A worker makes short-lived garbage, not the build's long-lived objects: it collects
    at Python's usual pace (the build raises the threshold, see content_index).
    """
    gc.set_threshold(*_USUAL_GC_THRESHOLD)
    global _collector
    _collector = _Collect()
    root = logging.getLogger()
    root.handlers = [_collector]
    for logger in logging.Logger.manager.loggerDict.values():
        if isinstance(logger, logging.Logger):
            logger.handlers = []
            logger.propagate = True


def _run_chunk(paths: list[str]) -> list[tuple[str, Any, list[logging.LogRecord]]]:
    done = []
    for path in paths:
        if _stopped is not None and _stopped.is_set():
            break  # the pool was closed: nobody takes these any more
        done.append(_run(path))
    return done


def _run(path: str) -> tuple[str, Any, list[logging.LogRecord]]:
    if _job is None or _collector is None:
        return path, None, []
    _collector.records = []
    try:
        result = _job(path)
    except Exception:  # the main process reads the file again and reports the error
        result = None
    return path, result, _collector.records


def replay(records: Iterable[logging.LogRecord]) -> None:
    """Log here what a child process logged.

    Pelican's loggers raise FilteredMessage from `filter()` for a message their
    LimitFilter drops (a message already logged; their `_log` catches it, `handle` does
    not): such a record is dropped here too, as it would have been in one process.
    """
    for record in records:
        try:
            logging.getLogger(record.name).handle(record)
        except FilteredMessage:
            pass


class ReadAhead:
    """Results of `job(path)` for each path, computed ahead by a pool of forked workers."""

    def __init__(self, job: Callable[[str], Any], paths: Iterable[str], workers: int) -> None:
        global _job, _stopped
        ordered = list(dict.fromkeys(paths))
        self.pending = set(ordered)
        self.ready: dict[str, Any] = {}
        self._pool = None
        self._results = None
        self._stop = None
        if self.pending and workers > 1 and can_fork():
            context = multiprocessing.get_context("fork")
            _job = job  # inherited by the workers, forked now
            _stopped = self._stop = context.Event()
            _freeze_heap()
            self._pool = context.Pool(workers, initializer=_start_worker)
            # Small chunks: the main process can start on the first files at once.
            # Chunks are made here, not by imap(chunksize=...), whose iterator then has
            # no timeout.
            size = max(1, min(8, len(ordered) // (workers * 16)))
            chunks = [ordered[i : i + size] for i in range(0, len(ordered), size)]
            self._results = self._pool.imap(_run_chunk, chunks)
        else:
            self.pending.clear()

    @property
    def parallel(self) -> bool:
        return self._pool is not None

    def take(self, path: str) -> Any | None:
        """The result for `path` (waiting for it if needed), or None: then read it yourself."""
        if path not in self.pending:
            return None
        self.pending.discard(path)
        while path not in self.ready:
            try:
                chunk = self._results.next(timeout=WORKER_TIMEOUT)
            except StopIteration:  # pragma: no cover - every pending path has a result
                return None
            except multiprocessing.TimeoutError:
                # A worker killed (out of memory, a signal) loses its files for good.
                logging.getLogger(__name__).warning(
                    "reading ahead: no result for %s in %d s; reading in this process",
                    path, WORKER_TIMEOUT,
                )  # fmt: skip
                self.close(patience=0)  # a worker gone with its files: no waiting for it
                return None
            for done, result, records in chunk:
                self.ready[done] = (result, records)
        result, records = self.ready.pop(path)
        replay(records)
        if not self.pending:
            self.close()
        return result

    def let_go(self) -> None:
        """In a forked copy of this process: forget the workers (the original's to stop)."""
        self.pending.clear()
        self.ready.clear()
        self._pool = None
        self._results = None

    def close(self, patience: float = STOP_TIMEOUT) -> None:
        """Stop the workers; results not taken yet are dropped (see `_stop_pool`)."""
        self.pending.clear()
        self.ready.clear()
        if self._pool is not None:
            pool, self._pool, self._results = self._pool, None, None
            _stop_pool(pool, self._stop, patience)


def _stop_pool(pool, stop, patience: float) -> None:
    """End a pool's workers, without `Pool.terminate()`'s hang.

    `terminate()` kills the workers wherever they are: one killed while it sends a
    result keeps the result queue's lock for good, and the pool's own threads then wait
    for it forever (CPython's multiprocessing; closing a pool whose workers were still
    sending large results hung about once in ten tries). Here the workers are told to
    stop (the files left come back as nothing, at once) and end on their own, as after
    `Pool.close()`. Only a pool not ended after `patience` s (a worker stuck on a file,
    or gone with its files) is terminated, in a thread of its own, let go should it hang.
    """
    stop.set()
    pool.close()
    if patience > 0:
        ending = threading.Thread(target=pool.join, name="read-ahead close", daemon=True)
        ending.start()
        ending.join(patience)
        if not ending.is_alive():
            return
    killing = threading.Thread(target=pool.terminate, name="read-ahead kill", daemon=True)
    killing.start()
    killing.join(STOP_TIMEOUT)


_unjoined: set[int] = set()
"""Children forked by ForkedCall and not joined yet."""
_processes: set[Stoppable] = set()
"""Processes the build started (`started`) and has not joined yet."""


def stop_children() -> None:
    """Kill and reap the forked calls and the processes never joined.

    A build that stops early (an error, `--check-only`) never joins its forked calls and
    the processes it started (`started`); they must not go on writing into an output
    folder that is being thrown away, nor into an index the next build will open.
    Registered with atexit by the first fork or process, and called by the build runner
    once Pelican returns.
    """
    for pid in list(_unjoined):
        _unjoined.discard(pid)
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
    for process in list(_processes):
        _processes.discard(process)
        process.stop()


class Stoppable(Protocol):
    def stop(self) -> None:
        """Kill the process, wait for it, remove what it would have removed."""


def started(process: Stoppable) -> None:
    """A process the build started and joins (`joined`): stopped with the forked calls."""
    _processes.add(process)
    _stop_children_at_exit()


def joined(process: Stoppable) -> None:
    _processes.discard(process)


class ForkedCall:
    """`function()` in a forked child, started now; `join()` returns its result.

    Without fork (or with one core: nothing to gain) it runs at `join()`, in this
    process. The child's log records are replayed here at `join()`; an exception in the
    child is raised here as a RuntimeError carrying the child's traceback.
    """

    def __init__(
        self,
        function: Callable[[], Any],
        parallel: bool = True,
        in_child: Callable[[], None] | None = None,
        off_main_core: bool = False,
    ) -> None:
        """Start `function` in a forked child (see the class).

        `in_child`, when given, runs first in the child only: it lets go of what the
        child inherited and does not need (the memory is then given back to the system),
        so that the child's resident size is not the parent's plus its own. With
        `off_main_core`, the child leaves this process's core to it until joined
        (`keep_off_main_core`).
        """
        self._function = function
        self._pid = None
        self._off_main_core = False
        if not (parallel and can_fork() and usable_cpus() > 1):
            return
        read_end, write_end = os.pipe()
        _freeze_heap()
        pid = os.fork()
        if pid == 0:  # the child: never returns into the parent's code
            try:
                os.close(read_end)
                _start_worker()
                try:
                    if in_child is not None:
                        in_child()
                        return_free_memory()
                    outcome = (True, function())
                except BaseException:
                    outcome = (False, traceback.format_exc())
                try:
                    data = pickle.dumps((outcome, _collector.records))
                except Exception:
                    data = pickle.dumps(((False, traceback.format_exc()), []))
                with os.fdopen(write_end, "wb") as pipe:
                    pipe.write(data)  # BrokenPipeError if the parent stopped: nothing to do
                sys.stdout.flush()
                sys.stderr.flush()
            finally:
                os._exit(0)
        os.close(write_end)
        _unjoined.add(pid)
        # Set here, not in the child: `join` lets it back, and must come after.
        self._off_main_core = off_main_core and keep_off_main_core(pid)
        self._pid, self._read_end = pid, read_end

    @property
    def forked(self) -> bool:
        return self._pid is not None

    def join(self) -> Any:
        if self._pid is None:
            return self._function()
        if self._off_main_core:  # this process waits for it now: every core is its own
            allow_every_core(self._pid)
        # Unpickled as it arrives: the whole pickle and its objects are never in memory
        # together (a site graph's pickle is several MB).
        with os.fdopen(self._read_end, "rb") as pipe:
            try:
                (ok, value), records = pickle.load(pipe)
            except (EOFError, pickle.UnpicklingError):  # stopped before it wrote it all
                ok, value, records = None, None, []
        _pid, status = os.waitpid(self._pid, 0)
        _unjoined.discard(self._pid)
        self._pid = None
        if ok is None:
            raise RuntimeError(f"a build process stopped without a result (status {status})")
        replay(records)
        if not ok:
            raise RuntimeError(f"in a forked build process:\n{value}")
        return value


# --- Metadata across processes -----------------------------------------------------------
# Tags, categories and authors hold a reference to the settings: pickled as they are, each
# would carry a copy of every setting. They cross as (class, name) and are rebuilt here.


def portable_metadata(metadata: dict) -> dict:
    """Metadata a worker read, ready to cross to the main process.

    Pelican's "discard this value" marker (an empty `Category:`) is dropped here, as
    Pelican's `read_file` drops it: sent through a pipe it would arrive as another object,
    which Pelican would then take for a category.
    """

    def convert(value):
        if isinstance(value, URLWrapper):
            return _Wrapped(type(value), value.name)
        if isinstance(value, list):
            return [convert(v) for v in value]
        return value

    return {key: convert(value) for key, value in metadata.items() if value is not _DISCARD}


def restore_metadata(metadata: dict, settings: dict) -> dict:
    def convert(value):
        if isinstance(value, _Wrapped):
            return value.cls(value.name, settings)
        if isinstance(value, list):
            return [convert(v) for v in value]
        return value

    return {key: convert(value) for key, value in metadata.items()}


class _Wrapped:
    __slots__ = ("cls", "name")

    def __init__(self, cls: type, name: str) -> None:
        self.cls, self.name = cls, name

    def __reduce__(self):
        return (_Wrapped, (self.cls, self.name))
