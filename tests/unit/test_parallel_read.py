"""Reading ahead in forked workers (plugins/content_index/parallel.py), without Pelican."""

from __future__ import annotations

import logging
import multiprocessing
import os
import pickle
import threading
from functools import partial

import pytest
from pelican.settings import DEFAULT_CONFIG
from pelican.urlwrappers import Category, Tag

from plugins.content_index.parallel import (
    ReadAhead,
    can_fork,
    portable_metadata,
    restore_metadata,
)

needs_fork = pytest.mark.skipif(not can_fork(), reason="no fork on this platform")


def shout(path: str) -> tuple[str, int]:
    if path == "bad":
        raise ValueError("an author's mistake")
    if path.startswith("warn"):
        logging.getLogger("pelican.readers").warning("odd file %s (%d)", path, 3)
    return path.upper(), os.getpid()


@needs_fork
def test_results_come_from_worker_processes_in_any_order():
    paths = [f"file{i}" for i in range(40)]
    ahead = ReadAhead(shout, paths, workers=2)
    assert ahead.parallel
    taken = {path: ahead.take(path) for path in reversed(paths)}
    assert {path: text for path, (text, _pid) in taken.items()} == {p: p.upper() for p in paths}
    assert os.getpid() not in {pid for _text, pid in taken.values()}
    assert not ahead.parallel  # every result taken: the pool is gone


@needs_fork
def test_a_large_site_is_sent_in_chunks_and_every_file_comes_back():
    paths = [f"articles/{i}.md" for i in range(500)]  # chunks of 8 files
    ahead = ReadAhead(shout, paths, workers=2)
    assert all(ahead.take(path)[0] == path.upper() for path in paths)
    assert not ahead.parallel


def large(path: str) -> str:
    return path * 4_000_000  # 8 MB: a worker holds the result queue a while to send it


@needs_fork
def test_closing_while_the_workers_send_large_results_ends_them():
    """`Pool.terminate()` hung for good within a few dozen such closes (the suite once did).

    A worker it killed while sending a result kept the result queue's lock; the pool's
    threads waited for it. The workers now end on their own, told to stop.
    """
    for _ in range(40):
        ahead = ReadAhead(large, [f"p{i}" for i in range(40)], workers=2)
        assert ahead.take("p0") == "p0" * 4_000_000
        closing = threading.Thread(target=ahead.close, daemon=True)
        closing.start()
        closing.join(30)
        assert not closing.is_alive(), "closing the pool hung"
        assert not ahead.parallel and not multiprocessing.active_children()


@needs_fork
def test_a_path_is_served_once_and_unknown_paths_are_not_served():
    ahead = ReadAhead(shout, ["a", "b"], workers=2)
    assert ahead.take("a")[0] == "A"
    assert ahead.take("a") is None  # read again by the caller, never a stale result
    assert ahead.take("elsewhere") is None
    ahead.close()


@needs_fork
def test_a_failing_job_returns_nothing_so_the_caller_reads_it_and_sees_the_error():
    ahead = ReadAhead(shout, ["ok", "bad"], workers=2)
    assert ahead.take("bad") is None
    assert ahead.take("ok")[0] == "OK"


@needs_fork
def test_worker_log_records_are_replayed_here_when_the_result_is_taken(caplog):
    ahead = ReadAhead(shout, ["warn-a", "plain", "warn-b"], workers=2)
    with caplog.at_level(logging.WARNING):
        ahead.take("plain")
        assert [r.getMessage() for r in caplog.records] == []
        ahead.take("warn-b")
        ahead.take("warn-a")
    assert [r.getMessage() for r in caplog.records] == [
        "odd file warn-b (3)",
        "odd file warn-a (3)",
    ]
    assert all(r.name == "pelican.readers" and r.msg == "odd file %s (%d)" for r in caplog.records)


def test_no_workers_means_no_pool_and_nothing_served():
    ahead = ReadAhead(shout, ["a"], workers=1)
    assert not ahead.parallel and ahead.take("a") is None


def test_tags_and_categories_cross_processes_without_the_settings():
    settings = dict(DEFAULT_CONFIG)
    metadata = {
        "title": "Intranet",
        "tags": [Tag("réseaux sociaux", settings), Tag("intranet", settings)],
        "category": Category("Essais", settings),
    }
    portable = portable_metadata(metadata)
    data = pickle.dumps(portable)
    assert b"ARTICLE_URL" not in data  # no copy of the settings travels with each tag
    restored = restore_metadata(pickle.loads(data), settings)
    assert restored["title"] == "Intranet"
    assert [type(t) for t in restored["tags"]] == [Tag, Tag]
    assert [t.name for t in restored["tags"]] == ["réseaux sociaux", "intranet"]
    assert restored["tags"][0].settings is settings
    assert isinstance(restored["category"], Category) and restored["category"].slug == "essais"


def child_work(fail: bool = False) -> tuple[int, str]:
    logging.getLogger("pelican.writers").warning("from the child %s", "process")
    if fail:
        raise KeyError("missing template variable")
    return os.getpid(), "done"


@needs_fork
def test_a_forked_call_returns_the_childs_result_and_replays_its_logs(caplog):
    from plugins.content_index.parallel import ForkedCall

    call = ForkedCall(child_work)
    assert call.forked
    with caplog.at_level(logging.WARNING):
        pid, text = call.join()
    assert text == "done" and pid != os.getpid()
    assert [r.getMessage() for r in caplog.records] == ["from the child process"]


@needs_fork
def test_an_error_in_the_child_is_raised_here_with_its_traceback():
    from plugins.content_index.parallel import ForkedCall

    call = ForkedCall(lambda: child_work(fail=True))
    with pytest.raises(RuntimeError, match="KeyError: 'missing template variable'"):
        call.join()


INHERITED = {"bodies": "x" * 1000}


def let_go_of_bodies() -> None:
    INHERITED["bodies"] = ""


def what_the_child_sees() -> str:
    return INHERITED["bodies"]


@needs_fork
def test_in_child_lets_go_in_the_child_only():
    from plugins.content_index.parallel import ForkedCall

    call = ForkedCall(what_the_child_sees, in_child=let_go_of_bodies)
    assert call.join() == ""  # the child ran in_child before the function
    assert len(INHERITED["bodies"]) == 1000  # this process keeps its own
    # Without a fork the function runs here, and nothing is let go.
    assert ForkedCall(what_the_child_sees, parallel=False, in_child=let_go_of_bodies).join()


@needs_fork
def test_a_child_that_dies_without_a_result_is_an_error_here():
    from plugins.content_index.parallel import ForkedCall

    call = ForkedCall(lambda: os._exit(3))
    with pytest.raises(RuntimeError, match="stopped without a result"):
        call.join()


needs_two_cores = pytest.mark.skipif(
    not hasattr(os, "sched_getaffinity") or len(os.sched_getaffinity(0)) < 2,
    reason="one core, or no CPU affinity here",
)


def wait_for_the_word(read_end: int) -> str:
    os.read(read_end, 1)  # in the child: until the parent says so
    return "done"


@needs_fork
@needs_two_cores
def test_a_call_off_the_main_core_leaves_it_until_joined():
    import threading
    import time

    from plugins.content_index.parallel import ForkedCall

    cores = os.sched_getaffinity(0)
    read_end, write_end = os.pipe()
    try:
        call = ForkedCall(partial(wait_for_the_word, read_end), off_main_core=True)
        child = call._pid
        assert os.sched_getaffinity(child) == cores - {min(cores)}, "off this process's core"
        assert os.sched_getaffinity(0) == cores, "this process is never restricted"
        # Joined, it is waited for: it may use every core (before the result is read).
        result = []
        joining = threading.Thread(target=lambda: result.append(call.join()))
        joining.start()
        deadline = time.monotonic() + 30
        while os.sched_getaffinity(child) != cores and time.monotonic() < deadline:
            time.sleep(0.01)
        assert os.sched_getaffinity(child) == cores
        os.write(write_end, b"!")
        joining.join()
        assert result == ["done"]
    finally:
        os.close(read_end)
        os.close(write_end)
    assert ForkedCall(lambda: os.sched_getaffinity(0)).join() == cores, "by default: every core"


@needs_two_cores
def test_a_process_kept_off_the_main_core_is_let_back_and_an_ended_one_is_no_error():
    import subprocess
    import sys

    from plugins.content_index.parallel import allow_every_core, keep_off_main_core

    cores = os.sched_getaffinity(0)
    process = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"],
                               stdin=subprocess.PIPE)  # fmt: skip
    try:
        assert keep_off_main_core(process.pid)
        assert os.sched_getaffinity(process.pid) == cores - {min(cores)}
        allow_every_core(process.pid)
        assert os.sched_getaffinity(process.pid) == cores
    finally:
        process.communicate(b"")
    assert not keep_off_main_core(process.pid), "an ended process: nothing to do"
    allow_every_core(process.pid)  # nor here, and no error


def test_without_parallelism_a_forked_call_runs_here_at_join():
    from plugins.content_index.parallel import ForkedCall

    call = ForkedCall(child_work, parallel=False)
    assert not call.forked
    assert call.join() == (os.getpid(), "done")


def die_on(path: str) -> str:
    if path == "fatal":
        os._exit(9)  # as if the kernel killed the worker (out of memory)
    return path.upper()


@needs_fork
def test_a_killed_worker_does_not_hang_the_build(monkeypatch):
    from plugins.content_index import parallel

    monkeypatch.setattr(parallel, "WORKER_TIMEOUT", 5)  # a slow machine starts its pool late
    paths = [f"file{i}" for i in range(100)] + ["fatal"]
    ahead = ReadAhead(die_on, paths, workers=2)
    assert ahead.take("file0") == "FILE0"
    assert ahead.take("fatal") is None  # the caller reads it itself
    assert not ahead.parallel
    assert ahead.take("file99") is None  # and every file after it


def test_the_collector_runs_less_often_during_a_build_and_as_before_after():
    import gc
    from types import SimpleNamespace

    from plugins.content_index import GC_THRESHOLD, collect_less_often, restore_collection

    before = gc.get_threshold()
    pelican = SimpleNamespace(settings={})
    collect_less_often(pelican)
    try:
        assert gc.get_threshold()[0] == GC_THRESHOLD > before[0]
    finally:
        restore_collection(pelican)
    assert gc.get_threshold() == before


def _rebuild_settings(tmp_path, analyses: bool = True) -> dict:
    (tmp_path / "output").mkdir()
    if analyses:
        (tmp_path / "cache" / "content_index").mkdir(parents=True)
    return {
        "PREVIOUS_OUTPUT_PATH": str(tmp_path / "output"),
        "LOAD_CONTENT_CACHE": True,
        "CACHE_PATH": str(tmp_path / "cache"),
    }


def test_a_rebuild_leaves_the_collector_off_until_it_has_made_too_many_objects(
    tmp_path, monkeypatch
):
    import gc
    from types import SimpleNamespace

    import plugins.content_index as content_index

    before = gc.get_threshold()
    pelican = SimpleNamespace(settings=_rebuild_settings(tmp_path))
    content_index.collect_less_often(pelican)
    try:
        assert gc.get_threshold()[0] == 0 and content_index.collection_paused()
        content_index.collect_if_due()
        assert content_index.collection_paused(), "a few objects made: still off"
        monkeypatch.setattr(content_index, "GC_PAUSE_LIMIT", -1)
        content_index.collect_if_due()
        assert gc.get_threshold()[0] == content_index.GC_THRESHOLD
    finally:
        content_index.restore_collection(pelican)
    assert gc.get_threshold() == before


def test_a_rebuild_that_renders_many_pages_collects_again(tmp_path):
    """A template edited: every page rendered, each leaving garbage (incremental_pages' counts)."""
    import gc
    from types import SimpleNamespace

    import plugins.content_index as content_index

    pelican = SimpleNamespace(settings=_rebuild_settings(tmp_path))
    content_index.collect_less_often(pelican)
    try:
        limit = content_index.PAGES_RENDERED_PAUSED
        written = {"incremental_pages": {"recorded": 3000, "reused": 2990, "rendered": limit}}
        content_index.collect_if_due("page.html", context=written)
        assert content_index.collection_paused(), "a few pages rendered: still off"
        written["incremental_pages"]["rendered"] += 1
        content_index.collect_if_due("page.html", context=written)
        assert gc.get_threshold()[0] == content_index.GC_THRESHOLD
    finally:
        content_index.restore_collection(pelican)


@pytest.mark.parametrize("missing", ["analyses", "output", "cache loading"])
def test_a_build_without_the_last_build_behind_it_keeps_the_collector_on(tmp_path, missing):
    import gc
    from types import SimpleNamespace

    from plugins.content_index import GC_THRESHOLD, collect_less_often, restore_collection

    settings = _rebuild_settings(tmp_path, analyses=missing != "analyses")
    if missing == "output":
        settings["PREVIOUS_OUTPUT_PATH"] = str(tmp_path / "nothing-there")
    if missing == "cache loading":
        settings["LOAD_CONTENT_CACHE"] = False
    pelican = SimpleNamespace(settings=settings)
    collect_less_often(pelican)
    try:
        assert gc.get_threshold()[0] == GC_THRESHOLD
    finally:
        restore_collection(pelican)


def test_a_paused_rebuild_keeps_its_garbage_when_a_cache_is_loaded_or_a_child_forked(tmp_path):
    """The collections before a load and a fork are what the pause saves."""
    import gc
    import weakref

    from plugins.content_checks import warm
    from plugins.content_index.parallel import _freeze_heap

    path = tmp_path / "cache.pickle"
    path.write_bytes(pickle.dumps([1, 2, 3]))
    before = gc.get_threshold()
    gc.set_threshold(0, *before[1:])
    try:
        for step in (lambda: warm.load_pickle(path), _freeze_heap):
            node = _Node()
            node.itself = node
            alive = weakref.ref(node)
            del node
            step()
            assert alive() is not None, "not collected: the rebuild keeps it to its end"
    finally:
        gc.set_threshold(*before)
        gc.unfreeze()
        gc.collect()


class _Node:
    pass


def test_garbage_is_freed_before_the_heap_is_frozen_for_a_fork():
    import gc
    import weakref

    from plugins.content_index.parallel import _freeze_heap

    node = _Node()
    node.itself = node  # a cycle: only the collector frees it
    alive = weakref.ref(node)
    del node
    enabled = gc.isenabled()
    gc.disable()  # no automatic collection in between: only _freeze_heap's own
    try:
        _freeze_heap()
        # Frozen garbage would be kept for the rest of the process.
        assert alive() is None
    finally:
        gc.unfreeze()
        if enabled:
            gc.enable()


def test_one_markdown_per_reader_renders_each_file_as_pelican_does(tmp_path):
    """Same HTML and metadata as MarkdownReader.read, file after file, whatever the order."""
    from pelican.readers import MarkdownReader
    from pelican.settings import read_settings

    from plugins.content_index import read_markdown

    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    settings = read_settings(os.path.join(root, "pelicanconf.py"))  # the project's Markdown
    texts = {
        # Definitions one file makes must not reach the next (abbreviations, references,
        # footnotes): Markdown keeps them on its instance until reset.
        "defs.md": "Title: Defs\n\n## Un\n\nTexte[^a] HTML [lien][r].\n\n[^a]: Une note.\n\n"
        "*[HTML]: Hyper Text\n\n[r]: http://x.test\n",
        "uses.md": "Title: Uses\nTags: a, b\n\n## Un\n\n## Un\n\nHTML, [lien][r], note[^a].\n",
        "notes.md": "Title: Notes\nSummary: Un *résumé* [^b]\n\nTexte[^b].\n\n[^b]: Note.\n",
        "code.md": "Title: Code\n\n```python\nx = 1\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n",
    }
    for name, text in texts.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    reused = MarkdownReader(settings)
    order = ["defs.md", "uses.md", "notes.md", "code.md", "defs.md", "code.md", "uses.md"]
    for name in order:
        path = str(tmp_path / name)
        expected = MarkdownReader(settings).read(path)
        assert read_markdown(reused, path) == expected, name
    assert "<abbr" in read_markdown(reused, str(tmp_path / "defs.md"))[0]
    assert "<abbr" not in read_markdown(reused, str(tmp_path / "uses.md"))[0]


@needs_fork
def test_a_message_pelican_logged_already_is_dropped_not_the_file(caplog):
    """A record Pelican's logger filters out is dropped when replayed, not its file.

    Pelican's loggers raise from filter() for a message already logged (`pelican -D`
    repeats many).
    """
    import pelican.log  # noqa: F401 (Pelican's logger class, as in a build)

    logger = logging.getLogger("pelican.readers")
    assert type(logger).__name__ == "FatalLogger"
    ahead = ReadAhead(shout, ["warn-twice", "plain"], workers=2)
    with caplog.at_level(logging.WARNING):
        logger.warning("odd file %s (%d)", "warn-twice", 3)  # this process says it first
        result = ahead.take("warn-twice")
    ahead.close()
    assert result is not None and result[0] == "WARN-TWICE"
    assert [r.getMessage() for r in caplog.records] == ["odd file warn-twice (3)"]
