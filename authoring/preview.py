"""Local preview (`invoke serve`): serve the site, rebuild on change, reload the browser.

The watcher rebuilds when a file of the content, the theme, the plugins or the settings
changes; each rebuild is a normal safe build (a failed one keeps the last good site on
screen) and reuses the content cache, so only the changed Markdown is parsed again.

Live reload: this server adds one `<script>` to the HTML pages it sends; the script listens
to `/__livereload` (server-sent events) and reloads the page when a rebuild succeeds. The
files in output/ are never touched: they stay what `invoke build` writes. Until this
server's own first build has succeeded (output/ may hold an older site, say a production
build whose links lead off the preview), every page is a short notice with that script, so
the browser shows the site as soon as a build succeeds. The same holds once another build
(`invoke build`, `invoke publish`) has replaced output/: its notice asks for a save, and the
preview's next build is shown again. Builds of output/ take turns (the build runner's lock).
"""

from __future__ import annotations

import errno
import inspect
import json
import os
import socket
import threading
import time
from collections.abc import Callable, Iterable
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

EVENTS_PATH = "/__livereload"
SCRIPT_PATH = "/__livereload.js"
SCRIPT_TAG = f'<script src="{SCRIPT_PATH}"></script>'.encode()
# Reload when the build id differs from the one seen first (the page's own build), but not
# a page the message leaves out: "ID", "ID {"only": [pages]}" (the edited pages shown
# first: only they reload) or "ID {"same": [pages]}" (a rebuild that wrote them as shown).
SCRIPT = f"""// invoke serve only: reload the page when a rebuild of the site succeeds.
(function () {{
  var seen = null;
  var page = decodeURIComponent(location.pathname).replace(/^\\/+/, "");
  if (page === "" || page.slice(-1) === "/") {{ page += "index.html"; }}
  var events = new EventSource("{EVENTS_PATH}");
  events.onmessage = function (event) {{
    var space = event.data.indexOf(" ");
    var id = space < 0 ? event.data : event.data.slice(0, space);
    var pages = space < 0 ? {{}} : JSON.parse(event.data.slice(space + 1));
    var stays = (pages.same && pages.same.indexOf(page) >= 0) ||
      (pages.only && pages.only.indexOf(page) < 0);
    if (seen === null || stays) {{ seen = id; }} else if (id !== seen) {{ location.reload(); }}
    window.__livereload = seen;  // the build this page shows (read by the browser tests)
  }};
}})();
"""
# What every page shows while output/ holds no site: no directory listing, which would
# never reload.
NO_SITE_PAGE = b"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>No site yet</title></head>
<body><h1>No site yet</h1>
<p>The first build is running, or it failed: the terminal running <code>invoke serve</code>
says why. This page reloads by itself as soon as a build succeeds.</p></body></html>
"""


# What every page shows once another build (`invoke build`, `invoke publish`) has replaced
# output/: its pages are not this preview's (a production site links off the preview).
REPLACED_PAGE = b"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Site replaced</title></head>
<body><h1>Another build replaced the site</h1>
<p><code>invoke build</code> or <code>invoke publish</code> replaced <code>output/</code>:
save any watched file (or restart <code>invoke serve</code>) to rebuild the preview.
This page reloads by itself as soon as that build succeeds.</p></body></html>
"""


def _identity(folder: Path | None) -> tuple[int, int] | None:
    try:
        found = folder.stat() if folder else None
    except OSError:
        return None
    return (found.st_dev, found.st_ino) if found else None


class PreviewError(Exception):
    """The preview cannot start; the message says why and what to do, on one line."""


def inject_reload_script(html: bytes) -> bytes:
    """The page with the live-reload script before `</body>` (or at the end)."""
    index = html.lower().rfind(b"</body>")
    if index == -1:
        return html + SCRIPT_TAG
    return html[:index] + SCRIPT_TAG + html[index:]


class BuildClock:
    """The id of the latest successful build; event streams wait for it to change.

    While a rebuild runs, `overlay` may hold the edited pages made at once from the last
    build (`show_first`): they are served instead of output/'s, and only browsers open on
    them reload. The rebuild's tick lets them go, and lists those its own pages equal
    (`same`): open on them, the browser has nothing to reload.
    """

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self.build_id = str(time.time_ns())
        self.overlay: dict[str, bytes] = {}
        """{file path under `site`: the page to serve in its place}, during a rebuild."""
        self.same: list[str] = []
        """Pages (paths in the site) of the last overlay that the build's tick left unchanged."""
        self.closed = False
        self.built = False
        """A build of this preview has succeeded: output/ is its site, not an older one."""
        self.site: Path | None = None
        """The folder served (set by `start_server`): its identity is noted at each tick."""
        self._site_identity: tuple[int, int] | None = None

    def tick(self) -> None:
        with self._changed:
            self.same = [
                name for name, page in self.overlay.items() if _read(self.site, name) == page
            ]
            self.overlay = {}
            self.build_id = str(time.time_ns())
            self.built = True
            self._site_identity = _identity(self.site) if self.site else None
            self._changed.notify_all()

    def show_first(self, pages: dict[str, bytes]) -> None:
        """Serve `pages` ({path in the site: HTML}) until the next tick; reload them."""
        with self._changed:
            self.overlay, self.same = dict(pages), []
            self.build_id = str(time.time_ns())
            self._changed.notify_all()

    def drop_overlay(self) -> None:
        """The rebuild failed: the pages shown first go, the last good site is back."""
        with self._changed:
            if not self.overlay:
                return
            self.overlay, self.same = {}, []
            self.build_id = str(time.time_ns())
            self._changed.notify_all()

    def message(self) -> str:
        """What the event stream sends: the build id, and which pages are to reload.

        While pages are shown first, only they reload; after a rebuild, all but those
        it wrote as they were shown.
        """
        if self.overlay:
            return f"{self.build_id} {json.dumps({'only': sorted(self.overlay)})}"
        if self.same:
            return f"{self.build_id} {json.dumps({'same': self.same})}"
        return self.build_id

    def overlaid(self, file: Path) -> bytes | None:
        """The page shown first in place of `file`, if any."""
        if not self.overlay or self.site is None:
            return None
        try:
            name = Path(os.path.relpath(file, self.site)).as_posix()
        except ValueError:
            return None
        return self.overlay.get(name)

    def replaced(self) -> bool:
        """Whether another process replaced the site since this preview's last build.

        A build swaps a new folder in for output/ (`invoke build`, `invoke publish`): its
        identity (inode) is then no longer the one noted when this preview's build ended.
        """
        return (
            self.built
            and self._site_identity is not None
            and _identity(self.site) != self._site_identity
        )

    def close(self) -> None:
        with self._changed:
            self.closed = True
            self._changed.notify_all()

    def wait(self, seen: str | None, timeout: float) -> tuple[str, str]:
        """(build id, message) once the id is not `seen` (or after `timeout`)."""
        with self._changed:
            self._changed.wait_for(lambda: self.build_id != seen or self.closed, timeout)
            return self.build_id, self.message()


class PreviewHandler(SimpleHTTPRequestHandler):
    """Static files, plus the live-reload script and event stream."""

    clock: BuildClock
    ping_seconds = 15.0

    def log_message(self, format, *args) -> None:  # noqa: A002 (the base class's name)
        pass  # the console is for build reports

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def do_GET(self) -> None:  # noqa: N802 (http.server's API)
        path = unquote(urlsplit(self.path).path)
        if path == EVENTS_PATH:
            return self._events()
        if path == SCRIPT_PATH:
            return self._send(200, SCRIPT.encode(), "text/javascript; charset=utf-8")
        if not self.clock.built:  # output/ holds an older site, or none
            return self._send(503, inject_reload_script(NO_SITE_PAGE), "text/html; charset=utf-8")
        if self.clock.replaced():  # another build's site: not shown
            return self._send(503, inject_reload_script(REPLACED_PAGE), "text/html; charset=utf-8")
        file = Path(self.translate_path(self.path))
        if file.is_dir() and path.endswith("/"):
            file = file / "index.html"
        first = self.clock.overlaid(file)
        if first is not None:
            return self._send(200, inject_reload_script(first), "text/html; charset=utf-8")
        if file.suffix == ".html" and file.is_file():
            return self._send(
                200, inject_reload_script(file.read_bytes()), "text/html; charset=utf-8"
            )
        if not file.exists():
            if not _holds_anything(Path(self.directory)):  # no site built yet
                return self._send(
                    503, inject_reload_script(NO_SITE_PAGE), "text/html; charset=utf-8"
                )
            missing = Path(self.directory) / "404.html"
            if missing.is_file():
                return self._send(
                    404, inject_reload_script(missing.read_bytes()), "text/html; charset=utf-8"
                )
        return super().do_GET()

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _events(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        seen = None
        try:
            while not self.clock.closed:
                build_id, message = self.clock.wait(seen, self.ping_seconds)
                if build_id != seen:
                    self.wfile.write(f"data: {message}\n\n".encode())
                    seen = build_id
                else:
                    self.wfile.write(b": ping\n\n")
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass


def start_server(
    directory: Path, clock: BuildClock, bind: str = "127.0.0.1", port: int = 8000
) -> ThreadingHTTPServer:
    """Serve `directory` in a background thread; `server.server_address` has the port.

    PreviewError when the port cannot be had (another `invoke serve` holds it, say).
    """
    clock.site = Path(directory)
    handler = type("Handler", (PreviewHandler,), {"clock": clock})
    try:
        server = ThreadingHTTPServer((bind, port), partial(handler, directory=str(directory)))
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            raise PreviewError(
                f"port {port} is in use (another invoke serve?): stop it, "
                f"or use --port {_free_port_after(bind, port)}"
            ) from None
        raise PreviewError(
            f"cannot serve on {bind}:{port}: {error.strerror}: use another --port or --bind"
        ) from None
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, name="preview-server", daemon=True).start()
    return server


def _read(site: Path | None, name: str) -> bytes | None:
    try:
        return (site / name).read_bytes() if site else None
    except OSError:
        return None


def _holds_anything(folder: Path) -> bool:
    try:
        return any(folder.iterdir())
    except OSError:  # not there: no build has succeeded
        return False


def _free_port_after(bind: str, port: int) -> int:
    """A port above `port` that is free now, to suggest (`port + 1` if none is found)."""
    for candidate in range(port + 1, min(port + 50, 65536)):
        with socket.socket(ThreadingHTTPServer.address_family, socket.SOCK_STREAM) as probe:
            try:
                probe.bind((bind, candidate))
            except OSError:
                continue
            return candidate
    return port + 1


def _stamp(path: Path) -> tuple[int, int, int] | None:
    try:
        found = path.stat()
    except OSError:
        return None  # between an editor's delete and its rename, say, or deleted
    return (found.st_ino, found.st_mtime_ns, found.st_size)


def _rebuild(build: Callable[..., bool], changed: list[Path]) -> bool:
    """`build(changed)` when it takes the changed files (to report on them), else `build()`."""
    try:
        takes_changes = bool(inspect.signature(build).parameters)
    except (TypeError, ValueError):
        takes_changes = False
    return build(changed) if takes_changes else build()


def _quick_pages(quick, changed: list[Path]) -> dict[str, bytes]:
    """`quick(changed)`; nothing when it fails (the rebuild that follows says what is wrong)."""
    if quick is None:
        return {}
    try:
        return quick(changed) or {}
    except Exception:  # noqa: BLE001 (a preview keeps watching whatever happens here)
        return {}


def _changed_names(changed: Iterable[Path], here: Path | None = None) -> str:
    """The changed files as paths from `here` (the current folder), the first three."""
    here = (here or Path.cwd()).resolve()
    names = []
    for file in changed:
        try:
            names.append(Path(file).resolve().relative_to(here).as_posix())
        except ValueError:
            names.append(Path(file).name)
    names = sorted(set(names))
    return ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")


def watch_and_rebuild(
    paths: Iterable[Path],
    build: Callable[..., bool],
    clock: BuildClock,
    stop: threading.Event | None = None,
    say: Callable[[str], None] = print,
    quick: Callable[[list[Path]], dict[str, bytes]] | None = None,
) -> None:
    """Rebuild on every batch of changes; tell the browsers after a successful build.

    Folders are watched (recursively, by the system); single files, the settings, are
    looked at twice a second instead. Editors save a file by writing a new one and
    renaming it over the old: a system watch on the file itself ends with the first such
    save, and watching its folder, the project root, would mean watching output/, .cache/
    and .venv/ too. A `build` taking an argument is given the changed files.

    `quick(changed)`, when given, makes the edited pages at once ({path in the site:
    HTML}, maybe none): they are shown while the site is rebuilt (`BuildClock.show_first`).
    """
    import watchfiles  # a dependency of Pelican

    paths = [Path(p) for p in paths]
    folders = [p for p in paths if p.is_dir()]
    stamps = {p: _stamp(p) for p in paths if p not in folders}
    for changes in watchfiles.watch(
        *folders,
        stop_event=stop,
        watch_filter=watchfiles.DefaultFilter(),
        rust_timeout=500,
        yield_on_timeout=True,
    ):
        changed = {Path(p) for _, p in changes}
        for file, before in stamps.items():
            now = _stamp(file)
            if now is None:
                continue  # gone for an instant, mid-save: looked at again next time
            if now != before:
                stamps[file] = now
                changed.add(file)
        if not changed:
            continue
        shown = _changed_names(changed)
        started = time.perf_counter()
        first = _quick_pages(quick, sorted(changed))
        if first:
            clock.show_first(first)
            pages = "page" if len(first) == 1 else f"{len(first)} pages"
            say(
                f"Changed: {shown}; the edited {pages} shown in "
                f"{time.perf_counter() - started:.2f} s; rebuilding the site..."
            )
        else:
            say(f"Changed: {shown}; rebuilding...")
        ok = _rebuild(build, sorted(changed))
        elapsed = time.perf_counter() - started
        if ok:
            clock.tick()
            say(f"Rebuilt in {elapsed:.1f} s; the browser reloads.")
        else:
            clock.drop_overlay()
            say(f"Rebuild failed after {elapsed:.1f} s; the browser keeps the last good site.")


def serve_site(
    output: Path,
    build: Callable[..., bool],
    watch: Iterable[Path],
    bind: str = "127.0.0.1",
    port: int = 8000,
    quick: Callable[[list[Path]], dict[str, bytes]] | None = None,
) -> None:
    """Build, serve `output` on http://BIND:PORT/, rebuild and reload until Ctrl+C.

    The port is taken before the first build: a busy one is a PreviewError at once, not
    after a build for nothing. `build()` is the first build; rebuilds are `build(changed)`
    when it takes an argument, the edited pages shown first when `quick` makes them (see
    `watch_and_rebuild`).
    """
    clock = BuildClock()
    server = start_server(output, clock, bind, port)
    try:
        if build():
            clock.tick()  # a page opened during the first build (the no-site notice) reloads
        host, port = server.server_address[:2]
        print(
            f"Serving {output} on http://{'localhost' if host in ('127.0.0.1', '::1') else host}:{port}/"
            " - pages reload when you save a file; Ctrl+C to stop.",
            flush=True,
        )
        if not clock.built:
            print(
                "No site yet: fix the problems above; the page shows the site once a build succeeds."
            )
        watch_and_rebuild(watch, build, clock, quick=quick)
    except KeyboardInterrupt:
        pass
    finally:
        clock.close()
        server.shutdown()
        server.server_close()
