"""`invoke serve`'s watcher on a real folder, with the files an editor and a build write.

A file saved by rename stays watched; what the build writes next to it (output/, .cache/),
an unwatched folder and an editor's temporary files never start a rebuild.
"""

from __future__ import annotations

import os
import threading
import time

from authoring.preview import BuildClock, watch_and_rebuild

# Generous: the watcher starts in a thread and the machine may be busy.
TIMEOUT = 30.0


def test_a_file_replaced_by_rename_stays_watched_and_the_build_output_is_ignored(tmp_path):
    site = tmp_path / "site"
    content = site / "content"
    content.mkdir(parents=True)
    (site / "notes").mkdir()
    settings = site / "settings.py"
    settings.write_text("# round 0\n", "utf-8")
    seen, said = [], []
    stop = threading.Event()

    def build() -> bool:
        seen.append(settings.read_text("utf-8"))
        # As the real build does: write output/ and .cache/ next to the watched file.
        for folder in ("output", ".cache"):
            (site / folder).mkdir(exist_ok=True)
            (site / folder / "index.html").write_text(f"build {len(seen)}", "utf-8")
        return True

    def save_by_rename(text: str) -> None:
        temporary = site / "settings.py.tmp"
        temporary.write_text(text, "utf-8")
        os.replace(temporary, settings)

    thread = threading.Thread(
        target=watch_and_rebuild,
        args=([content, settings], build, BuildClock(), stop, said.append),
        daemon=True,
    )

    def repeat_until(done, act) -> None:
        # Repeated because the watcher may not be ready yet when the first change is made.
        deadline = time.monotonic() + TIMEOUT
        while not done() and thread.is_alive() and time.monotonic() < deadline:
            act()
            time.sleep(0.3)

    thread.start()
    try:
        for round_ in (1, 2):
            text = f"# round {round_}\n"
            repeat_until(lambda text=text: text in seen, lambda text=text: save_by_rename(text))
        seen_after_renames = list(seen)  # later builds read the settings file too
        # Changes that must not rebuild, then one that must, to know the watcher caught up.
        (site / "notes/todo.md").write_text("later", "utf-8")
        (site / "output/extra.html").write_text("<p>", "utf-8")
        (site / ".settings.py.swp").write_text("vim", "utf-8")
        (site / "settings.py~").write_text("emacs", "utf-8")
        before = len(seen)
        repeat_until(
            lambda: len(seen) > before,
            lambda: (content / "sentinel.md").write_text(f"{time.time()}", "utf-8"),
        )
    finally:
        stop.set()
        thread.join(TIMEOUT)
    assert not thread.is_alive()
    assert "# round 1\n" in seen_after_renames, said
    assert "# round 2\n" in seen_after_renames, "the second save by rename was not seen"
    changed = [m.removeprefix("Changed: ").split(";")[0] for m in said if m.startswith("Changed")]
    assert changed, said
    assert all(set(names.split(", ")) <= {"settings.py", "sentinel.md"} for names in changed), said


def test_the_preview_does_not_serve_a_site_another_build_swapped_in(tmp_path):
    import http.client

    from authoring.preview import start_server

    output = tmp_path / "output"
    output.mkdir()
    (output / "index.html").write_text("<html><body>preview</body></html>", "utf-8")
    clock = BuildClock()
    server = start_server(output, clock, port=0)

    def get(path: str) -> tuple[int, bytes]:
        connection = http.client.HTTPConnection("127.0.0.1", server.server_address[1], timeout=10)
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()

    try:
        clock.tick()
        assert get("/") == (
            200,
            b'<html><body>preview<script src="/__livereload.js"></script></body></html>',
        )
        # `invoke publish` swaps its production site in, as the build runner does.
        staging = tmp_path / ".output-build-1"
        staging.mkdir()
        (staging / "index.html").write_text("<html><body>production</body></html>", "utf-8")
        os.replace(output, tmp_path / ".output-retired-1")
        os.replace(staging, output)
        status, page = get("/")
        assert status == 503 and b"Another build replaced the site" in page
        assert b"production" not in page
        clock.tick()  # the preview's next build
        assert b"production" in get("/")[1]
    finally:
        clock.close()
        server.shutdown()
        server.server_close()


def test_builds_of_the_same_output_take_turns(tmp_path, monkeypatch):
    """The second build waits, saying so, until the first has swapped its site in."""
    from plugins.content_checks import runner

    output = tmp_path / "output"
    started = []
    monkeypatch.setattr(runner, "_safe_build", lambda output, **k: started.append(output))
    said = []
    progress = runner.Progress()
    monkeypatch.setattr(progress, "line", said.append)
    with runner.output_turn(output):  # the first build, under way
        second = threading.Thread(
            target=runner.safe_build, args=(output,), kwargs={"progress": progress}
        )
        second.start()
        deadline = time.monotonic() + TIMEOUT
        while not said and time.monotonic() < deadline:
            time.sleep(0.05)
        assert started == [] and said == [
            f"Waiting for another build writing {output}/ to finish..."
        ]
    second.join(TIMEOUT)
    assert started == [output]
    runner.safe_build(output, check_only=True, progress=progress)  # a check writes nothing: no turn
    assert len(said) == 1


def test_a_rebuild_names_the_changed_files_from_the_project(tmp_path):
    from pathlib import Path

    from authoring.preview import _changed_names

    files = [tmp_path / "content/taxonomy.toml", tmp_path / "content/articles/fr/a.md"]
    assert _changed_names(files, tmp_path) == "content/articles/fr/a.md, content/taxonomy.toml"
    assert _changed_names([Path("/elsewhere/x.md")], tmp_path) == "x.md"
    many = [tmp_path / f"{n}.md" for n in range(5)]
    assert _changed_names(many, tmp_path) == "0.md, 1.md, 2.md and 2 more"
