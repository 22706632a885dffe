"""Pelican's reader cache in shards: a build writes the shards whose entries it cached."""

from __future__ import annotations

import os
import pickle

from pelican.cache import FileStampDataCacher
from pelican.settings import DEFAULT_CONFIG

from plugins.content_checks import ReaderCacheShards, stamp_files_by_status


def _settings(tmp_path, **overrides):
    # GZIP_CACHE: Pelican's default is on, pelicanconf.py turns it off.
    return {
        **DEFAULT_CONFIG,
        "CACHE_PATH": str(tmp_path / "cache"),
        "GZIP_CACHE": False,
        **overrides,
    }


def _cacher(settings, load=True):
    stamp_files_by_status()
    return FileStampDataCacher(settings, "Readers", True, load)


def _files(tmp_path, count):
    folder = tmp_path / "content"
    folder.mkdir(exist_ok=True)
    paths = []
    for number in range(count):
        path = folder / f"a{number}.md"
        path.write_text(f"texte {number}", encoding="utf-8")
        paths.append(str(path))
    return paths


def _written(shards: ReaderCacheShards) -> dict[int, int]:
    return {
        shard: os.stat(shards.path(shard)).st_mtime_ns
        for shard in range(shards.SHARDS)
        if os.path.exists(shards.path(shard))
    }


def _first_build(settings, paths) -> ReaderCacheShards:
    """Every file read and cached, the cache saved: its shards."""
    first = _cacher(settings)
    for path in paths:
        first.cache_data(path, ("metadata", path))
    first.save_cache()
    return ReaderCacheShards(first._cache_path)


def test_entries_come_back_and_only_the_changed_shard_is_written_again(tmp_path):
    settings = _settings(tmp_path)
    paths = _files(tmp_path, 60)
    shards = _first_build(settings, paths)
    before = _written(shards)
    assert len(before) == shards.SHARDS  # every shard, the empty ones too

    second = _cacher(settings)
    assert all(second.get_cached_data(path) == ("metadata", path) for path in paths)
    edited = paths[7]
    with open(edited, "w", encoding="utf-8") as handle:
        handle.write("texte changé, plus long")
    assert second.get_cached_data(edited) is None  # its stamp changed: read again
    second.cache_data(edited, ("metadata", "new"))
    for shard in range(shards.SHARDS):
        os.utime(shards.path(shard), ns=(1, 1))
    second.save_cache()
    after = _written(shards)
    rewritten = {shard for shard, stamp in after.items() if stamp != 1}
    assert rewritten == {shards.shard(edited)}

    third = _cacher(settings)
    assert third.get_cached_data(edited) == ("metadata", "new")
    assert third.get_cached_data(paths[8]) == ("metadata", paths[8])


def test_a_lost_or_broken_shard_is_read_again_and_written_back(tmp_path):
    settings = _settings(tmp_path)
    paths = _files(tmp_path, 40)
    shards = _first_build(settings, paths)
    lost, broken = shards.shard(paths[0]), shards.shard(paths[1])
    os.remove(shards.path(lost))
    with open(shards.path(broken), "wb") as handle:
        handle.write(b"not a pickle")

    second = _cacher(settings)
    for path in paths:
        expected = None if shards.shard(path) in (lost, broken) else ("metadata", path)
        assert second.get_cached_data(path) == expected
    second.save_cache()  # nothing cached again: the missing shards are written anyway
    with open(shards.path(broken), "rb") as handle:
        assert isinstance(pickle.load(handle), dict)
    assert os.path.exists(shards.path(lost))


def test_pelicans_single_file_is_replaced_and_compressed_caches_stay_pelicans(tmp_path):
    settings = _settings(tmp_path)
    paths = _files(tmp_path, 3)
    single = os.path.join(settings["CACHE_PATH"], "Readers")
    os.makedirs(settings["CACHE_PATH"])
    with open(single, "wb") as handle:
        pickle.dump({paths[0]: ("stale stamp", "old")}, handle)
    cacher = _cacher(settings)
    assert cacher.get_cached_data(paths[0]) is None  # not read: its shards are the cache
    cacher.cache_data(paths[0], "new")
    cacher.save_cache()
    assert not os.path.exists(single)
    assert _cacher(settings).get_cached_data(paths[0]) == "new"

    gzipped = _settings(tmp_path / "gz", GZIP_CACHE=True)
    cacher = _cacher(gzipped)
    cacher.cache_data(paths[1], "kept")
    cacher.save_cache()
    assert os.path.isfile(os.path.join(gzipped["CACHE_PATH"], "Readers"))
    assert _cacher(gzipped).get_cached_data(paths[1]) == "kept"


def test_a_cache_not_loaded_is_written_whole(tmp_path):
    """LOAD_CONTENT_CACHE off, CACHE_CONTENT on: nothing read, every entry written."""
    settings = _settings(tmp_path)
    paths = _files(tmp_path, 20)
    cacher = _cacher(settings, load=False)
    for path in paths:
        cacher.cache_data(path, path)
    cacher.save_cache()
    loaded = _cacher(settings)
    assert all(loaded.get_cached_data(path) == path for path in paths)
