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
