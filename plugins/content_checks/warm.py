"""A warm build process: the build's code imported and its caches loaded between builds.

`invoke serve` rebuilds the site on every save. A build in a fresh process first spends
time on what is the same from one build to the next: starting Python, importing Pelican,
Markdown, Pygments, Jinja and the plugins, and unpickling the caches the last build
wrote (together about 0.4 s of a 4 s rebuild at 1,000 article pairs: README, Benchmark). This process does that while the author writes, and forks a child
for each build; the child runs the build runner exactly as

    python -m plugins.content_checks.runner ARGS...

would (same arguments, output and exit status), from the parent's state, which no build
has touched: a build changes nothing the next one sees but the files it writes.

Protocol (`WarmBuilds` is the client): one JSON list of runner arguments per line on
stdin; the build's output on stdout, then one line `END_MARK` + JSON {"code", "wall",
"cpu", "peak_mb"} (the child's exit status and its resources, from the OS) and
"pickles_kept" (the cache files the build took from this process). A line `"ready?"`
instead is answered `END_MARK` + {"ready": true} once the process is idle. After each
build the parent imports the modules the child imported and loads the pickles it read,
so the next child finds them done. Code is never reloaded: the client starts a new
process when the plugins' code or the settings change (`invoke serve` does).

A child whose build succeeded stays until the next build starts, holding what the build
made, and answers on a Unix socket of its own (its path is the result's "holder") for
the pages of edited Markdown files (`quick_page.py`, `WarmBuilds.render`): one line
{"render": [paths]}, one line {"pages": {save_as: HTML}}.

A child also leaves, at the end of its reading, a copy that waits on a socket of its own
("resumable" in what it learned) and may resume as the next build after a save that
changed only bodies (`resume.py`, `_leave_a_copy`); the result then says "resumed".
"""

from __future__ import annotations

import codecs
import contextlib
import gc
import importlib
import json
import os
import pickle
import resource
import select
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import types
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

ROOT = Path(__file__).resolve().parents[2]

END_MARK = "\x00warm-build-end "
"""Starts the line that ends a build's output (a NUL byte no build prints)."""

READY = "ready?"
"""A request (instead of a build's arguments) answered once the process is idle."""

RENDER_TIMEOUT = 10
"""Seconds to wait for the held build's pages before leaving them to the rebuild."""

RESUME_TIMEOUT = 30
"""Seconds to wait for the copy left at the end of the last build's reading to answer
(it may still be loading the caches that build wrote, see `_warm_the_copy`)."""

# The pickles loaded for the next build, shared by every copy of the modules that read
# them (Pelican imports the plugins by their own names, the runner as `plugins.*`).
_STORE = sys.modules.setdefault("_warm_build_store", types.ModuleType("_warm_build_store"))
if not hasattr(_STORE, "pickles"):
    _STORE.pickles = {}  # path -> (stamp, object): loaded by the parent
    _STORE.read = None  # in a child: the paths its build read, for the parent to load
    _STORE.kept = []  # in a child: those it took from the parent
if not hasattr(_STORE, "resume"):
    _STORE.resume = None  # in a child: what resuming from the end of its reading needs
if not hasattr(_STORE, "holding"):
    _STORE.holding = False  # in a child: keep the build's objects for `quick_page`
    _STORE.generators = None  # the last build's generators, once read (all_generators_finalized)
    _STORE.metadata = {}  # {source path: what its reader gave}, from Pelican's reader cache


def _stamp(path: str) -> tuple[int, int, int, int] | None:
    try:
        status = os.stat(path)
    except OSError:
        return None
    return status.st_mtime_ns, status.st_size, status.st_ctime_ns, status.st_ino


def load_pickle(path: str | os.PathLike):
    """`pickle.load(open(path, "rb"))`, or the object a warm parent loaded from that file.

    The same file means the same stamp (time, size, status change, inode): a file a
    build rewrote since is read again. The object is this process's own (a forked copy):
    a build may change it. Raises what `open` and `load` raise.
    """
    path = os.fspath(path)
    if _STORE.read is not None:
        _STORE.read.add(path)
        kept = _STORE.pickles.get(path)
        if kept is not None and kept[0] is not None and kept[0] == _stamp(path):
            _STORE.kept.append(path)
            return kept[1]
    with open(path, "rb") as handle:
        return load_frozen(handle)


def load_frozen(handle):
    """`pickle.load(handle)`, its objects kept out of the cyclic collector's rounds.

    A cache file holds up to hundreds of thousands of objects that live as long as the
    build (or die by reference count: freezing does not keep them). Collected every
    `content_index.GC_THRESHOLD` allocations, each would be visited once or twice for
    nothing: with every cache of a 1,000-pair rebuild loaded this way, the collector
    took 0.09-0.12 s of it instead of 0.19-0.30 s. The garbage made before is collected
    first (the young generations: the oldest is the build's): frozen, it would stay;
    except in a rebuild, which leaves the collector off (a threshold of 0: see
    content_index.collect_less_often) and keeps the little garbage it makes.
    """
    if gc.get_threshold()[0]:
        gc.collect(1)
    enabled = gc.isenabled()
    gc.disable()  # no collection while loading: every object loaded is alive
    try:
        return pickle.load(handle)
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def keep_reader_metadata(readers) -> None:
    """In a build that will be held: note what Pelican's reader cache holds before it goes.

    content_index empties that cache once a generator has read everything; the edited
    page's metadata is compared with it (`quick_page.render_edited`).
    """
    if _STORE.holding:
        from .quick_page import reader_metadata

        _STORE.metadata.update(reader_metadata(readers))


def _keep_generators(generators) -> None:
    _STORE.generators = generators
    for generator in generators:  # what content_index did not empty (not in PLUGINS)
        keep_reader_metadata(getattr(generator, "readers", None))


def _resume_state(argv: list[str], result_fd: int, lifeline_fd: int, waiting: int) -> dict:
    """What a build's copy needs to resume as the next build (`resume.py`)."""
    from . import resume

    try:
        folders = resume.input_folders(argv)
    except Exception:  # noqa: BLE001 (the build reports a bad settings file)
        folders = None
    return {
        "argv": argv,
        "folders": folders,
        "stamps": resume.stamps(folders) if folders else None,
        "result_fd": result_fd,
        "lifeline_fd": lifeline_fd,
        "waiting": waiting,
    }


def _leave_a_copy(generators) -> None:
    """The first receiver at the end of reading: fork a copy that waits to resume.

    The build goes on in this process. The copy waits on a socket of its own for the
    next build (`_wait_to_resume`); if it resumes, it returns from here as that build.
    """
    state = _STORE.resume
    while True:
        if state is None or state.get("waiting") is None or not state.get("stamps"):
            return
        waiting = state.pop("waiting")
        context = generators[0].context
        # Content set aside for an error stays out of the lists: a copy could not put
        # it back once fixed (content_checks' first phase has run by now).
        errors = any(p.severity == "error" for p in context.get("content_problems", ()))
        if generators[0].settings.get("CHECK_ONLY") or errors:
            os.close(waiting)
            return
        try:
            server = _listen()
        except OSError:
            os.close(waiting)
            return
        sys.stdout.flush()
        sys.stderr.flush()
        if os.fork():  # the build (or a copy that resumed as one): it goes on
            os.close(waiting)
            state["socket"] = server.getsockname()
            server.close()  # the copy listens; its folder is its own
            return
        try:
            resumed = _wait_to_resume(server, waiting, generators, state)
        except BaseException:  # noqa: BLE001 (the parent forks the build instead)
            resumed = False
        if not resumed:
            os._exit(0)
        # This copy is now the next build: it leaves a copy of itself in turn (loop).


def _wait_to_resume(server: socket.socket, waiting: int, generators, state: dict) -> bool:
    """In the copy: wait for a build to resume, or for `waiting` to close (then False)."""
    from . import resume, runner

    for fd in (state["result_fd"], state["lifeline_fd"]):
        os.close(fd)  # the build's own: its parent reads its result to the end
    folder = os.path.dirname(server.getsockname())
    try:
        while True:
            ready = select.select([server, waiting], [], [])[0]
            if waiting in ready:
                return False
            connection, _ = server.accept()
            with connection:
                connection.settimeout(RESUME_TIMEOUT)
                message, fds, _flags, _address = socket.recv_fds(connection, 1 << 16, 3)
                request = json.loads(message.decode("utf-8") or "{}")
                if "warm" in request:  # the build it copied is over: its caches, loaded
                    _load_pickles(request["warm"])
                    continue
                bodies = None
                if request.get("argv") == state["argv"] and len(fds) == 3:
                    now = resume.stamps(state["folders"])
                    changed = resume.changed_files(state["stamps"], now)
                    bodies = resume.new_bodies(generators, changed, _STORE.metadata)
                answer = {"resumed": bodies is not None, "pid": os.getpid()}
                connection.sendall(json.dumps(answer).encode("utf-8") + b"\n")
                if bodies is not None and connection.recv(16) != b"go\n":
                    bodies = None  # the parent gave up waiting: it builds in a new child
            if bodies is None:
                for fd in fds:
                    os.close(fd)
                return False
            break
    finally:
        server.close()
        shutil.rmtree(folder, ignore_errors=True)
    os.close(waiting)
    # Received under whatever numbers were free (maybe the very ones replaced below):
    # moved out of the way first, then put where the build's code expects them.
    import fcntl

    result, lifeline, next_waiting = (fcntl.fcntl(fd, fcntl.F_DUPFD, 256) for fd in fds)
    for fd in fds:
        os.close(fd)
    for fd, target in ((result, state["result_fd"]), (lifeline, state["lifeline_fd"])):
        os.dup2(fd, target)
        os.close(fd)
    # From here, this process is the next build: its clocks, its turn, its output folder.
    state.update(stamps=now, waiting=next_waiting, resumed=time.perf_counter())
    state.pop("socket", None)
    settings = generators[0].settings
    report = settings.get("_BUILD_REPORT")
    if report is not None:
        report["started"] = state["resumed"]
    if runner.RUNNING.progress is not None:
        runner.RUNNING.progress.started = state["resumed"]
    if runner.RUNNING.turn is not None:
        fcntl.flock(runner.RUNNING.turn, fcntl.LOCK_EX)
    os.makedirs(os.path.dirname(settings["OUTPUT_PATH"]), exist_ok=True)
    previous = settings.get("PREVIOUS_OUTPUT_PATH")
    if previous and os.path.isdir(previous):  # as the runner does before it reads
        runner.RUNNING.folders = runner.prepare_folders(
            Path(previous), Path(settings["OUTPUT_PATH"])
        )
    os.makedirs(settings["OUTPUT_PATH"], exist_ok=True)
    resume.put_bodies_in(generators, bodies)
    return True


def _listen() -> socket.socket:
    """A Unix socket of this process's own, in a new private folder."""
    folder = tempfile.mkdtemp(prefix="warm-build-")
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(os.path.join(folder, "socket"))
    server.listen()
    return server


def _hold(server: socket.socket, lifeline: int) -> None:
    """Answer render requests on `server` from the build's objects, until `lifeline` ends.

    One connection per request: a line of JSON {"render": [paths]}, answered by a line
    {"pages": {save_as: HTML}} of the pages `quick_page.render_edited` could make. The
    parent closes `lifeline` when the next build starts.
    """
    # What the build made lives as long as this process: out of the collector's way (a
    # full collection would walk all of it, a third of a second at 1,000 article pairs).
    gc.freeze()
    folder = os.path.dirname(server.getsockname())
    try:
        while True:
            ready = select.select([server, lifeline], [], [])[0]
            if lifeline in ready:  # closed: a new build has started
                return
            connection, _ = server.accept()
            connection.settimeout(RENDER_TIMEOUT)  # a request that never comes ends
            with connection, contextlib.suppress(OSError, ValueError):
                _answer(connection)
    finally:
        server.close()
        shutil.rmtree(folder, ignore_errors=True)


def _answer(connection: socket.socket) -> None:
    """One request of `_hold`: its line read, the pages made, the answer written."""
    from .quick_page import render_edited

    with connection.makefile("rw", encoding="utf-8") as stream:
        pages = {}
        for path in json.loads(stream.readline() or "{}").get("render", []):
            path = os.path.abspath(path)
            try:
                made = render_edited(_STORE.generators, path, _STORE.metadata.get(path))
            except Exception:  # noqa: BLE001 (the rebuild that follows reports it)
                made = None
            if made is not None:
                pages[made[0]] = made[1]
        stream.write(json.dumps({"pages": pages}) + "\n")
        stream.flush()


def _own_usage() -> dict:
    """The resources of this process and its children, as `wait4` would give its parent."""
    own, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    cpu = own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime
    return {"cpu": cpu, "peak_mb": max(own.ru_maxrss, children.ru_maxrss) / 1024}


# --- The parent ------------------------------------------------------------------------------


def _warm_up(learned: dict) -> None:
    """Import what the last build imported; load the pickles it read (in this process)."""
    gc.unfreeze()  # the copies replaced below must be freed, cycles included
    for entry in learned.get("sys_path", ()):
        if entry not in sys.path:
            sys.path.append(entry)
    if learned.get("plugins"):
        from pelican.plugins._utils import load_legacy_plugin

        for name, folder in learned["plugins"]:
            # As Pelican loads them: from PLUGIN_PATHS, which are not on sys.path.
            with contextlib.suppress(Exception):
                load_legacy_plugin(name, [folder])
    for name in learned.get("modules", ()):
        if name not in sys.modules:
            # A module that fails here fails the same way in the build, which reports it.
            with contextlib.suppress(Exception):
                importlib.import_module(name)
    _load_pickles(learned.get("pickles", ()))
    _warm_the_copy(learned.get("pickles", ()))


def _load_pickles(wanted) -> None:
    """Load the cache files `wanted` (those the last build read) into `_STORE.pickles`."""
    # Copies of files rewritten since are let go before their new versions are loaded.
    _STORE.pickles = pickles = {
        path: kept
        for path, kept in _STORE.pickles.items()
        if path in wanted and kept[0] == _stamp(path)
    }
    for path in wanted:
        if path in pickles:
            continue
        stamp = _stamp(path)  # before reading: a file replaced meanwhile is read again
        with contextlib.suppress(Exception):
            with open(path, "rb") as handle:
                pickles[path] = (stamp, pickle.load(handle))
    # A child's collections would write to every object loaded here and so copy its
    # pages: frozen, they stay shared (as content_index.parallel does before its forks).
    gc.collect()
    gc.freeze()


def _warm_the_copy(wanted) -> None:
    """Have the copy the last build left load the cache files that build wrote, as here.

    Not waited for: it loads them while the author writes (its requests are answered in
    turn, so a build offered to it meanwhile waits for them).
    """
    if _resumable is None:
        return
    with contextlib.suppress(OSError), socket.socket(socket.AF_UNIX) as client:
        client.settimeout(RESUME_TIMEOUT)
        client.connect(_resumable[0])
        socket.send_fds(client, [json.dumps({"warm": list(wanted)}).encode("utf-8")], [])


def _learned(modules_before: set[str], path_before: list[str]) -> dict:
    new = {
        name: module
        for name, module in list(sys.modules.items())
        if name not in modules_before and module is not None and name != "__main__"
    }
    plugins = []
    for name, module in new.items():
        origin = getattr(getattr(module, "__spec__", None), "origin", None)
        if "." in name or not origin:
            continue
        folder = Path(origin).parent
        folder = folder.parent if Path(origin).name == "__init__.py" else folder
        if str(folder) not in sys.path:
            plugins.append((name, str(folder)))
    return {
        "modules": sorted(new),
        "plugins": sorted(plugins),
        "sys_path": [entry for entry in sys.path if entry not in path_before],
        "pickles": sorted(_STORE.read or ()),
        "pickles_kept": sorted(_STORE.kept),
    }


class _Holder:
    """The child that ran the last successful build, kept to render edited pages (`_hold`)."""

    def __init__(self, pid: int, lifeline: int, socket_path: str) -> None:
        self.pid, self.lifeline, self.folder = pid, lifeline, os.path.dirname(socket_path)

    def end(self) -> None:
        """Let it go: it leaves once its lifeline is closed (waited for later, `_reap`).

        Not waited for here: the system takes its memory back while the next build runs.
        """
        with contextlib.suppress(OSError):
            os.close(self.lifeline)
        _leaving.append((self.pid, self.folder))


_holder: _Holder | None = None
_leaving: list[tuple[int, str]] = []
"""Holders let go, not yet waited for, with their socket's folder (gone with them, unless
they were killed)."""


def _reap(wait: bool = False) -> None:
    for pid, folder in list(_leaving):
        try:
            done, _status = os.waitpid(pid, 0 if wait else os.WNOHANG)
        except ChildProcessError:
            done = pid
        if done:
            _leaving.remove((pid, folder))
            shutil.rmtree(folder, ignore_errors=True)


def _build(argv: list[str]) -> tuple[dict, dict]:
    """Fork, run the runner with `argv` in the child, wait for its result.

    Returns the child's status and resources, and what it learned (see `_warm_up`). A
    child whose build succeeded stays, holding it (`_Holder`), until the next build.
    """
    global _holder, _resumable
    if _holder is not None:
        _holder, held = None, _holder
        held.end()
    _reap()  # the holders gone already (a killed one, say)
    sys.stdout.flush()
    sys.stderr.flush()
    reader, writer = os.pipe()
    lifeline_in, lifeline_out = os.pipe()  # closed by this process: the held build leaves
    waiting_in, waiting_out = os.pipe()  # closed by this process: the copy left goes
    started = time.perf_counter()
    pid = _resume(argv, writer, lifeline_in, waiting_in)
    resumed = pid is not None
    if pid is None:
        pid = os.fork()
    if pid == 0:  # the child: the build, then what it learned, then exit (or hold)
        code = 2
        try:
            for end in (reader, lifeline_out, waiting_out):
                os.close(end)
            os.dup2(os.open(os.devnull, os.O_RDONLY), 0)  # stdin is the parent's
            modules_before, path_before = set(sys.modules), list(sys.path)
            _STORE.read, _STORE.kept = set(), []
            _STORE.holding, _STORE.generators, _STORE.metadata = True, None, {}
            _STORE.resume = _resume_state(argv, writer, lifeline_in, waiting_in)
            from pelican import signals

            from plugins.content_checks import runner

            # First: the copy left there must not see what the other receivers do.
            signals.all_generators_finalized.connect(_leave_a_copy)
            signals.all_generators_finalized.connect(_keep_generators)
            try:
                code = runner.main(argv)
            except SystemExit as stop:
                code = stop.code if isinstance(stop.code, int) else 2
            # In a copy that resumed as this build, the lines below run there (see
            # _leave_a_copy): its result and its holding go to the build that asked.
            server = None
            if code == 0 and _STORE.generators is not None:
                with contextlib.suppress(OSError):
                    server = _listen()
            learned = _learned(modules_before, path_before)
            learned.update(code=code, pid=os.getpid(), resumable=_STORE.resume.get("socket"))
            if server is not None or "resumed" in _STORE.resume:
                learned.update(wall=time.perf_counter() - started, **_own_usage())
            if server is not None:
                learned.update(holder=server.getsockname())
            with open(writer, "w", encoding="utf-8") as channel:
                json.dump(learned, channel)
            if server is not None:
                sys.stdout.flush()
                sys.stderr.flush()
                quiet = os.open(os.devnull, os.O_WRONLY)
                os.dup2(quiet, 1)  # the parent's output is for builds' lines only
                os.dup2(quiet, 2)
                _hold(server, lifeline_in)
            runner.exit_now(code)
        finally:
            os._exit(code)
    for end in (writer, lifeline_in, waiting_in):
        os.close(end)
    with open(reader, encoding="utf-8") as channel:
        text = channel.read()
    try:
        learned = json.loads(text) if text else {}
    except ValueError:
        learned = {}
    if learned.get("resumable"):
        _resumable = (learned["resumable"], waiting_out, argv)
    else:
        os.close(waiting_out)
    if learned.get("holder"):
        _holder = _Holder(pid, lifeline_out, learned["holder"])
        code, wall, cpu, peak = 0, learned["wall"], learned["cpu"], learned["peak_mb"]
        if resumed:
            wall = time.perf_counter() - started
    elif resumed:  # not a child of this process: what it said of itself
        os.close(lifeline_out)
        code, wall = learned.get("code", 2), time.perf_counter() - started
        cpu, peak = learned.get("cpu", 0.0), learned.get("peak_mb", 0.0)
    else:
        os.close(lifeline_out)
        _, status, usage = os.wait4(pid, 0)
        wall = time.perf_counter() - started
        code = os.waitstatus_to_exitcode(status)
        cpu, peak = usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024
    result = {
        "code": code if code >= 0 else 2,
        "wall": wall,
        "cpu": cpu,
        "peak_mb": peak,
        "pickles_kept": learned.get("pickles_kept", []),
        "holder": learned.get("holder"),
        "resumed": resumed,
    }
    return result, learned


_resumable: tuple[str, int, list[str]] | None = None
"""The copy the last build left at the end of its reading: its socket, the end of its
lifeline this process holds, the arguments of that build."""


def _resume(argv: list[str], result: int, lifeline: int, waiting: int) -> int | None:
    """Offer the build `argv` to the copy the last build left; its pid if it took it.

    It takes it with the three ends given (the build's result channel, the lifeline of
    its holding, the lifeline of the copy it leaves in turn). Either way the copy no
    longer waits: its own lifeline is closed here.
    """
    global _resumable
    if _resumable is None:
        return None
    path, old_waiting, argv_then = _resumable
    _resumable = None
    try:
        if argv != argv_then:
            return None
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
            client.settimeout(RESUME_TIMEOUT)
            client.connect(path)
            message = json.dumps({"argv": argv}).encode("utf-8")
            socket.send_fds(client, [message], [result, lifeline, waiting])
            with client.makefile("r", encoding="utf-8") as answer:
                reply = json.loads(answer.readline() or "{}")
            if not reply.get("resumed"):
                return None
            pid = int(reply["pid"])
            client.sendall(b"go\n")  # only now does it go on: a late answer is not taken
        return pid
    except (OSError, ValueError, KeyError, TypeError):
        return None
    finally:
        os.close(old_waiting)


def serve_builds(commands=None, out=None) -> None:
    """Run one build per line of `commands` (stdin, a JSON list of arguments), until it ends."""
    commands = commands or sys.stdin
    out = out or sys.stdout
    os.chdir(ROOT)
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    # What every build imports first; the rest is learned from the first build.
    from plugins.content_checks import runner  # noqa: F401

    gc.freeze()
    try:
        for line in commands:
            if not line.strip():
                continue
            request = json.loads(line)
            if request == READY:  # the last build's warm-up is done: say so
                print(END_MARK + json.dumps({"ready": True}), file=out, flush=True)
                continue
            result, learned = _build(request)
            print(END_MARK + json.dumps(result), file=out, flush=True)
            _warm_up(learned)  # while the author writes: the next build finds it done
            _reap()
    finally:
        if _holder is not None:
            _holder.end()
        if _resumable is not None:
            os.close(_resumable[1])  # the copy waiting to resume goes
        _reap(wait=True)


# --- The client --------------------------------------------------------------------------


class WarmBuilds:
    """Builds run by a warm build process, started on the first build.

    `build(args)` returns the runner's exit status and its resources; each line the build
    prints goes to `echo`. A process that died (or never started) is started for the next
    build; `close()` ends it, as it must be after the plugins' code or settings changed.
    """

    def __init__(self, python: str = sys.executable, cwd: Path = ROOT) -> None:
        self.python, self.cwd = python, cwd
        self.process: subprocess.Popen | None = None
        self.holder: str | None = None
        """The socket of the process holding the last good build (`render`)."""
        self.resumed = False
        """Whether the last build resumed from the end of the one before's reading."""

    def _start(self) -> subprocess.Popen:
        return subprocess.Popen(
            # Not `-m`: the package imports this module (load_pickle) before running it.
            [self.python, "-c", "from plugins.content_checks.warm import main; main()"],
            cwd=self.cwd,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )

    def build(
        self, args: list[str], echo: Callable[[str], None] = print, out: TextIO | None = None
    ) -> dict:
        """Run one build; its output goes to `echo` line by line, or as it comes to `out`.

        `out` (a terminal, with the runner's `--live`) gets the progress drawn in place too.
        """
        if self.process is None or self.process.poll() is not None:
            self.process = self._start()
        stream = _Output(echo, out)
        try:
            self.process.stdin.write((json.dumps(args) + "\n").encode())
            self.process.stdin.flush()
            self.holder = None  # let go when the build starts
            while (chunk := os.read(self.process.stdout.fileno(), 65536)) != b"":
                result = stream.feed(chunk)
                if result is not None:
                    self.holder = result.get("holder")
                    self.resumed = bool(result.get("resumed"))
                    return result
        except OSError:
            pass
        # The process ended before the build did; the next build starts a new one.
        self.close()
        stream.feed(b"\x00")  # what came before it, shown
        echo("error: the warm build process stopped before the build ended")
        return {"code": 2, "wall": 0.0, "cpu": 0.0, "peak_mb": 0.0, "pickles_kept": []}

    def wait_ready(self) -> bool:
        """Wait until the process has loaded what the last build left (`_warm_up`).

        For measures (bench/run.py): the loading, on a core of its own while an author
        writes, would otherwise be counted in a build started right after. False when
        no process is running.
        """
        if self.process is None or self.process.poll() is not None:
            return False
        stream = _Output(lambda _line: None, None)
        try:
            self.process.stdin.write((json.dumps(READY) + "\n").encode())
            self.process.stdin.flush()
            while (chunk := os.read(self.process.stdout.fileno(), 65536)) != b"":
                result = stream.feed(chunk)
                if result is not None:
                    return bool(result.get("ready"))
        except OSError:
            pass
        return False

    def render(self, paths: list[str]) -> dict[str, str]:
        """{save_as: HTML} of the edited pages the last good build's process can make.

        Asked of that process directly (its socket, from the build's result): never kept
        waiting by the warm process's loading of the caches. Empty without a successful
        last build or a page it can render alone (`quick_page.render_edited`: only a body
        edited since that build).
        """
        if self.holder is None or self.process is None or self.process.poll() is not None:
            return {}
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
                connection.settimeout(RENDER_TIMEOUT)
                connection.connect(self.holder)
                with connection.makefile("rw", encoding="utf-8") as stream:
                    stream.write(json.dumps({"render": [str(p) for p in paths]}) + "\n")
                    stream.flush()
                    return json.loads(stream.readline() or "{}").get("pages", {})
        except (OSError, ValueError):
            return {}

    def close(self) -> None:
        self.holder = None
        if self.process is None:
            return
        process, self.process = self.process, None
        with contextlib.suppress(OSError):
            process.stdin.close()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        with contextlib.suppress(OSError):
            process.stdout.close()

    @property
    def pid(self) -> int | None:
        return None if self.process is None else self.process.pid


class _Output:
    """A build's output as it arrives in chunks, up to the line that ends it (`END_MARK`)."""

    def __init__(self, echo: Callable[[str], None], out: TextIO | None) -> None:
        self.echo, self.out = echo, out
        self.decode = codecs.getincrementaldecoder("utf-8")(errors="replace").decode
        self.pending = b""

    def feed(self, chunk: bytes) -> dict | None:
        """Show what `chunk` completes; the build's result once its end line is whole."""
        self.pending += chunk
        mark = self.pending.find(b"\x00")  # no build prints one: the end line starts there
        body = self.pending if mark < 0 else self.pending[:mark]
        self.pending = self.pending[len(body) :]
        if self.out is not None:
            self.out.write(self.decode(body))
            self.out.flush()
        else:
            *lines, rest = body.split(b"\n")
            for line in lines:
                self.echo(line.decode("utf-8", "replace"))
            self.pending = rest + self.pending
            if mark >= 0 and rest:
                self.echo(rest.decode("utf-8", "replace"))
                self.pending = self.pending[len(rest) :]
        end = self.pending.find(b"\n")
        if mark < 0 or end < 0 or not self.pending.startswith(END_MARK.encode()):
            return None
        return json.loads(self.pending[len(END_MARK) : end])


def main() -> None:
    """The warm build process (started by `WarmBuilds`)."""
    with contextlib.suppress(KeyboardInterrupt, BrokenPipeError):
        serve_builds()
