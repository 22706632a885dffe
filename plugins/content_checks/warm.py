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
"pickles_kept" (the cache files the build took from this process). After each
build the parent imports the modules the child imported and loads the pickles it read,
so the next child finds them done. Code is never reloaded: the client starts a new
process when the plugins' code or the settings change (`invoke serve` does).
"""

from __future__ import annotations

import codecs
import contextlib
import gc
import importlib
import json
import os
import pickle
import subprocess
import sys
import time
import types
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

ROOT = Path(__file__).resolve().parents[2]

END_MARK = "\x00warm-build-end "
"""Starts the line that ends a build's output (a NUL byte no build prints)."""

# The pickles loaded for the next build, shared by every copy of the modules that read
# them (Pelican imports the plugins by their own names, the runner as `plugins.*`).
_STORE = sys.modules.setdefault("_warm_build_store", types.ModuleType("_warm_build_store"))
if not hasattr(_STORE, "pickles"):
    _STORE.pickles = {}  # path -> (stamp, object): loaded by the parent
    _STORE.read = None  # in a child: the paths its build read, for the parent to load
    _STORE.kept = []  # in a child: those it took from the parent


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
        return pickle.load(handle)


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
    wanted = learned.get("pickles", ())
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


def _build(argv: list[str]) -> tuple[dict, dict]:
    """Fork, run the runner with `argv` in the child, wait.

    Returns the child's status and resources, and what it learned (see `_warm_up`).
    """
    sys.stdout.flush()
    sys.stderr.flush()
    reader, writer = os.pipe()
    started = time.perf_counter()
    pid = os.fork()
    if pid == 0:  # the child: the build, then what it learned, then exit
        code = 2
        try:
            os.close(reader)
            os.dup2(os.open(os.devnull, os.O_RDONLY), 0)  # stdin is the parent's
            modules_before, path_before = set(sys.modules), list(sys.path)
            _STORE.read, _STORE.kept = set(), []
            from plugins.content_checks import runner

            try:
                code = runner.main(argv)
            except SystemExit as stop:
                code = stop.code if isinstance(stop.code, int) else 2
            with open(writer, "w", encoding="utf-8") as channel:
                json.dump(_learned(modules_before, path_before), channel)
            runner.exit_now(code)
        finally:
            os._exit(code)
    os.close(writer)
    with open(reader, encoding="utf-8") as channel:
        text = channel.read()
    _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - started
    code = os.waitstatus_to_exitcode(status)
    try:
        learned = json.loads(text) if text else {}
    except ValueError:
        learned = {}
    result = {
        "code": code if code >= 0 else 2,
        "wall": wall,
        "cpu": usage.ru_utime + usage.ru_stime,
        "peak_mb": usage.ru_maxrss / 1024,
        "pickles_kept": learned.get("pickles_kept", []),
    }
    return result, learned


def serve_builds(commands=None, out=None) -> None:
    """Run one build per line of `commands` (stdin), until it ends."""
    commands = commands or sys.stdin
    out = out or sys.stdout
    os.chdir(ROOT)
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    # What every build imports first; the rest is learned from the first build.
    from plugins.content_checks import runner  # noqa: F401

    gc.freeze()
    for line in commands:
        if not line.strip():
            continue
        result, learned = _build(json.loads(line))
        print(END_MARK + json.dumps(result), file=out, flush=True)
        _warm_up(learned)  # while the author writes: the next build finds it done


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
            while (chunk := os.read(self.process.stdout.fileno(), 65536)) != b"":
                result = stream.feed(chunk)
                if result is not None:
                    return result
        except OSError:
            pass
        # The process ended before the build did; the next build starts a new one.
        self.close()
        stream.feed(b"\x00")  # what came before it, shown
        echo("error: the warm build process stopped before the build ended")
        return {"code": 2, "wall": 0.0, "cpu": 0.0, "peak_mb": 0.0, "pickles_kept": []}

    def close(self) -> None:
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
