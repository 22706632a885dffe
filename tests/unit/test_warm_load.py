"""warm.load_pickle: a warm process's copy of a cache file only while the file is the same."""

from __future__ import annotations

import os
import pickle
import time

import pytest

from plugins.content_checks import warm


@pytest.fixture
def child(monkeypatch):
    """The test process as a warm build's child: no copies yet, reads recorded."""
    monkeypatch.setattr(warm._STORE, "pickles", {})
    monkeypatch.setattr(warm._STORE, "read", set())
    monkeypatch.setattr(warm._STORE, "kept", [])
    return warm._STORE


def test_the_copy_is_used_while_the_file_is_the_one_it_was_loaded_from(tmp_path, child):
    path = tmp_path / "cache.pickle"
    path.write_bytes(pickle.dumps({"from": "file"}))
    copy = {"from": "copy"}
    child.pickles[str(path)] = (warm._stamp(str(path)), copy)
    assert warm.load_pickle(path) is copy
    assert child.kept == [str(path)]


@pytest.mark.parametrize("how", ["rewritten", "same size and time", "replaced"])
def test_a_file_written_since_is_read_again(tmp_path, child, how):
    path = tmp_path / "cache.pickle"
    path.write_bytes(pickle.dumps({"from": "old"}))
    child.pickles[str(path)] = (warm._stamp(str(path)), {"from": "copy"})
    status = path.stat()
    if how == "rewritten":
        path.write_bytes(pickle.dumps({"from": "new file"}))
    elif how == "same size and time":  # another build wrote it in the same clock tick
        # Its status-change time tells them apart: written again until it moved (kernels
        # before 6.13 move it once per clock tick, 1 to 4 ms).
        while path.stat().st_ctime_ns == status.st_ctime_ns:
            time.sleep(0.001)
            path.write_bytes(pickle.dumps({"from": "new"}))
            os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns))
    else:  # written beside it and renamed over it (os.replace), as the caches are
        other = tmp_path / "other.pickle"
        other.write_bytes(pickle.dumps({"from": "new"}))
        os.utime(other, ns=(status.st_atime_ns, status.st_mtime_ns))
        os.replace(other, path)
    assert warm.load_pickle(path)["from"].startswith("new")
    assert child.kept == []
    assert child.read == {str(path)}


def test_outside_a_warm_build_the_file_is_read(tmp_path, monkeypatch):
    monkeypatch.setattr(warm._STORE, "read", None)
    path = tmp_path / "cache.pickle"
    path.write_bytes(pickle.dumps([1, 2]))
    monkeypatch.setattr(warm._STORE, "pickles", {str(path): (warm._stamp(str(path)), "copy")})
    assert warm.load_pickle(path) == [1, 2]
    with pytest.raises(FileNotFoundError):
        warm.load_pickle(tmp_path / "missing.pickle")


def test_a_copy_of_a_file_gone_since_is_not_taken(tmp_path, child):
    path = tmp_path / "gone.pickle"
    child.pickles[str(path)] = (warm._stamp(str(path)), {"from": "copy"})  # stamp None
    with pytest.raises(FileNotFoundError):
        warm.load_pickle(path)


def _fed(data: bytes, size: int, out=None) -> tuple[list[str], dict | None]:
    lines: list[str] = []
    stream = warm._Output(lines.append, out)
    result = None
    for start in range(0, len(data), size):
        result = stream.feed(data[start : start + size]) or result
    return lines, result


@pytest.mark.parametrize("size", [1, 2, 3, 7, 4096])
def test_a_builds_output_is_read_up_to_its_end_line_whatever_the_chunks(size):
    end = (warm.END_MARK + '{"code": 1}\n').encode()
    text = "Lu 2 053 articles\nnote : déjà traduit\r\x1b[2Kréécrit sans fin de ligne"
    lines, result = _fed(text.encode() + end, size)
    assert result == {"code": 1}
    assert lines == ["Lu 2 053 articles", "note : déjà traduit\r\x1b[2Kréécrit sans fin de ligne"]
    import io

    out = io.StringIO()
    lines, result = _fed(text.encode() + end, size, out)
    assert result == {"code": 1} and lines == []
    assert out.getvalue() == text  # as it came, accents split between chunks included


def test_a_cache_file_is_loaded_frozen_after_the_garbage_before_it_is_freed(tmp_path):
    """Its objects out of the collector's rounds; garbage made before it, not kept."""
    import gc
    import weakref

    class Cycle:
        pass

    path = tmp_path / "cache.pickle"
    path.write_bytes(pickle.dumps([{"entry": (i, str(i))} for i in range(1000)]))
    garbage = Cycle()
    garbage.itself = garbage
    gone = weakref.ref(garbage)
    del garbage
    gc.unfreeze()
    try:
        loaded = warm.load_pickle(path)
        assert gone() is None, "the garbage made before the load was collected, not frozen"
        assert gc.isenabled()
        young = {id(o) for generation in range(3) for o in gc.get_objects(generation)}
        assert not any(id(o) in young for o in (loaded, loaded[0], loaded[-1]))
        assert gc.get_freeze_count() >= 2000
    finally:
        gc.unfreeze()
