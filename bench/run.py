"""Benchmark: this project's build against plain Pelican on the same synthetic corpus.

    python bench/run.py --pairs 1000 --runs 3          (also: invoke bench --pairs 1000)

Builds the corpus with (a) plain Pelican, no plugins, default theme and (b) this project
with every feature on, from scratch (no content cache, no Whoosh index), alternating a/b
in one invocation, each over its own last output (both settings delete it first), and
the same two builds into folders that never existed (as in CI, on a fresh clone); each
build is a child process whose wall time, CPU time and peak memory come from the OS
(os.wait4). Then: a rebuild after touching one article and a rebuild after editing the
tag taxonomy, each run as `invoke build` runs it (the build runner: caches warm, unchanged
pages reused, built into a temporary folder and swapped in); the same article rebuild as
`invoke serve` runs it (a child of a warm build process, plugins/content_checks/warm.py);
for reference plain Pelican's own rebuild after the same edit (its content cache on), and
the same with this project's page reuse and no feature (`FLOOR_SETTINGS`); time per
plugin stage (the plugins' own timers, via plugins/build_report), output size
and search index size.

Prints a Markdown table, writes JSON to bench/results/, and ends with one
machine-readable line:
    ratio_full_vs_plain=X rebuild_vs_plain=Y memory_vs_plain=Z
(medians of the pair-by-pair ratios).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.make_corpus import make_corpus  # noqa: E402
from plugins.content_checks.warm import WarmBuilds  # noqa: E402

PLAIN_SETTINGS = """
PATH = {content!r}
ARTICLE_PATHS = ["articles"]
PAGE_PATHS = ["pages"]
TIMEZONE = "Europe/Paris"
DEFAULT_LANG = "fr"
PLUGINS = []
LOAD_CONTENT_CACHE = {cached}
CACHE_CONTENT = {cached}
CACHE_PATH = {cache!r}
DELETE_OUTPUT_DIRECTORY = True
"""

FLOOR_SETTINGS = """
PLUGIN_PATHS = [{plugins!r}]
PLUGINS = ["pelican_speedups", "incremental_pages"]
GZIP_CACHE = False
DELETE_OUTPUT_DIRECTORY = False
"""
"""After PLAIN_SETTINGS (content cache on): plain Pelican (default theme, none of the
site's features) with this project's page reuse (`incremental_pages`, over its own last
output) and `pelican_speedups`, its cache not compressed. What a rebuild after one edit
costs before any feature: the floor the rebuild budget stands on."""


def project_settings(content: Path, **overrides) -> str:
    """A settings file: the project's pelicanconf.py for another content folder.

    Every benchmark builds corpora with the project's own settings, theme and plugins;
    `overrides` are written after them (values as Python literals).
    """
    lines = [
        "import sys",
        f"sys.path.insert(0, {str(ROOT)!r})",
        f"exec(open({str(ROOT / 'pelicanconf.py')!r}, encoding='utf-8').read())",
        f"PATH = {str(content)!r}",
        f"THEME = {str(ROOT / 'theme')!r}",
        f"PLUGIN_PATHS = [{str(ROOT / 'plugins')!r}]",
    ]
    lines += [f"{key} = {value!r}" for key, value in overrides.items()]
    return "\n".join(lines) + "\n"


@dataclass
class Measure:
    wall: float
    cpu: float
    peak_mb: float
    """Largest resident set of one process of the build (os.wait4's ru_maxrss)."""
    code: int
    tree_peak_mb: float = 0.0
    """Largest sum of the proportional set sizes (PSS) of the build's processes, sampled
    every 250 ms (more often would take CPU from the build it measures): the memory a build with worker processes uses in all, shared pages
    counted once."""


def _descendants(pid: int) -> list[int]:
    found, stack = [], [pid]
    while stack:
        current = stack.pop()
        found.append(current)
        try:
            tasks = os.listdir(f"/proc/{current}/task")
        except OSError:
            continue
        for task in tasks:
            try:
                with open(f"/proc/{current}/task/{task}/children") as handle:
                    stack.extend(int(child) for child in handle.read().split())
            except OSError:
                pass
    return found


def _pss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


class TreeMemory(threading.Thread):
    """Samples the total PSS of a process and its descendants (Linux /proc), keeps the peak."""

    def __init__(self, pid: int, interval: float = 0.25) -> None:
        super().__init__(daemon=True)
        self.pid, self.interval = pid, interval
        self.peak_kb = 0
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            total = sum(_pss_kb(p) for p in _descendants(self.pid))
            self.peak_kb = max(self.peak_kb, total)
            self.stopped.wait(self.interval)


def run_build(
    content: Path, output: Path, settings_file: Path, log: Path, cache: Path | None = None
) -> Measure:
    """One build in a child process, measured by the OS.

    Plain `pelican`, or with `cache`, the build runner as `invoke build` runs it (content
    cache in `cache`, built into a temporary folder and swapped in, unchanged pages taken
    from the site it replaces).
    """
    command = [
        sys.executable, "-m", "pelican", str(content), "-o", str(output),
        "-s", str(settings_file), "-q",
    ]  # fmt: skip
    if cache is not None:
        command = [
            sys.executable, "-m", "plugins.content_checks.runner", "--settings",
            str(settings_file), "--content", str(content), "--output", str(output),
            "--cache-dir", str(cache),
        ]  # fmt: skip
    env = {**os.environ, "COLUMNS": "200"}
    # As on an author's machine, Python keeps this project's bytecode between builds (pip
    # compiled Pelican's when it installed it): a shell that sets PYTHONDONTWRITEBYTECODE
    # would otherwise have every build compile the plugins' modules again, not Pelican's.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    started = time.perf_counter()
    with log.open("ab") as sink:
        child = subprocess.Popen(command, cwd=ROOT, stdout=sink, stderr=subprocess.STDOUT, env=env)
        sampler = TreeMemory(child.pid)
        if os.path.exists(f"/proc/{child.pid}/smaps_rollup"):
            sampler.start()
        _, status, usage = os.wait4(child.pid, 0)
        sampler.stopped.set()
    wall = time.perf_counter() - started
    code = os.waitstatus_to_exitcode(status)
    child.returncode = code
    # ru_maxrss is in kilobytes on Linux.
    return Measure(
        wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, code, sampler.peak_kb / 1024
    )


def run_warm_build(builds: WarmBuilds, args: list[str], log) -> Measure:
    """One build in a child of a warm build process, measured by the OS (its os.wait4)."""
    sampler = TreeMemory(builds.pid) if builds.pid else None
    if sampler and os.path.exists(f"/proc/{builds.pid}/smaps_rollup"):
        sampler.start()
    result = builds.build(args, echo=lambda line: print(line, file=log))
    if sampler:
        sampler.stopped.set()
    return Measure(
        result["wall"], result["cpu"], result["peak_mb"], result["code"],
        sampler.peak_kb / 1024 if sampler else 0.0,
    )  # fmt: skip


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.exists() else 0


def write_settings(work: Path, content: Path, cached: bool, name: str) -> tuple[Path, Path, Path]:
    """(settings file, build report file, the build's cache folder: caches, Whoosh index)."""
    report = work / f"{name}-report.json"
    full = work / f"{name}.py"
    cache = work / f"{name}-cache"
    full.write_text(
        project_settings(
            content,
            BUILD_REPORT_FILE=str(report),
            SEARCH_INDEX_DIR=str(cache / "whoosh"),
            CACHE_PATH=str(cache / "pelican"),
            CACHE_CONTENT=cached,
            LOAD_CONTENT_CACHE=cached,
            DELETE_OUTPUT_DIRECTORY=True,
        ),
        encoding="utf-8",
    )
    return full, report, cache


def median(values):
    return statistics.median(values) if values else float("nan")


def touch_article(content: Path) -> Path:
    """Edit one article's body, as an author would."""
    article = sorted((content / "articles/fr").glob("*.md"))[
        len(list((content / "articles/fr").glob("*.md"))) // 2
    ]
    text = article.read_text(encoding="utf-8")
    article.write_text(text + "\n\nUn paragraphe ajouté pendant la relecture.\n", encoding="utf-8")
    return article


def touch_taxonomy(content: Path) -> None:
    path = content / "taxonomy.toml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + "\n# edited by the benchmark\n", encoding="utf-8")


def benchmark(pairs: int, runs: int, work: Path, seed: int = 1) -> dict:
    corpus = work / f"corpus-{pairs}"
    if not corpus.exists():
        started = time.perf_counter()
        make_corpus(corpus, pairs=pairs, seed=seed)
        print(
            f"corpus of {pairs} pairs generated in {time.perf_counter() - started:.1f} s",
            file=sys.stderr,
        )
    plain_settings = work / "plain.py"
    plain_settings.write_text(
        PLAIN_SETTINGS.format(content=str(corpus), cached=False, cache=str(work / "plain-cache")),
        encoding="utf-8",
    )
    full_settings, full_report, full_cache = write_settings(work, corpus, cached=False, name="full")
    log = work / "build.log"

    plain, full, reports = [], [], []
    plain_empty, full_empty = [], []
    for index in range(runs):
        for kind in ("plain", "full"):
            output = work / f"out-{kind}"
            settings = plain_settings if kind == "plain" else full_settings
            if kind == "full":
                # A build from scratch: the authors' Whoosh index too is made from nothing
                # (kept between runs, it would be updated incrementally: nothing to do).
                shutil.rmtree(full_cache, ignore_errors=True)
            measure = run_build(corpus, output, settings, log)
            if measure.code != 0:
                raise SystemExit(f"{kind} build failed (exit {measure.code}); see {log}")
            (plain if kind == "plain" else full).append(measure)
            if kind == "full":
                reports.append(json.loads(full_report.read_text()))
            print(f"run {index + 1}/{runs} {kind:5s} wall {measure.wall:6.2f} s  cpu {measure.cpu:6.2f} s  "
                  f"peak {measure.peak_mb:7.1f} MB  all processes {measure.tree_peak_mb:7.1f} MB", file=sys.stderr)  # fmt: skip
        # The same builds into folders that never existed (as in CI, on a fresh clone):
        # nothing to delete first, nothing to write over. Removed once all are measured,
        # so that no build runs just after thousands of files were deleted.
        for kind in ("plain", "full"):
            if kind == "full":
                shutil.rmtree(full_cache, ignore_errors=True)
            output = work / f"empty-{kind}-{index}"
            shutil.rmtree(output, ignore_errors=True)
            settings = plain_settings if kind == "plain" else full_settings
            measure = run_build(corpus, output, settings, log)
            if measure.code != 0:
                raise SystemExit(f"{kind} build into an empty folder failed; see {log}")
            (plain_empty if kind == "plain" else full_empty).append(measure)
            print(f"run {index + 1}/{runs} {kind:5s} into an empty folder: wall {measure.wall:6.2f} s  "
                  f"cpu {measure.cpu:6.2f} s", file=sys.stderr)  # fmt: skip
    for index in range(runs):
        for kind in ("plain", "full"):
            shutil.rmtree(work / f"empty-{kind}-{index}", ignore_errors=True)

    # Incremental rebuilds: warm the caches once, then edit and rebuild.
    cached_content = work / f"corpus-{pairs}-edit"
    shutil.rmtree(cached_content, ignore_errors=True)
    shutil.copytree(corpus, cached_content)
    cached_settings, cached_report, _cache = write_settings(
        work, cached_content, cached=True, name="cached"
    )
    output = work / "out-cached"
    cache = work / "cached-runner-cache"
    shutil.rmtree(cache, ignore_errors=True)
    # For reference: plain Pelican rebuilding after the same edit, with its own content
    # cache (Markdown parsed again for the edited file only; every page written again).
    plain_cached_settings = work / "plain-cached.py"
    plain_cache = work / "plain-cached-cache"
    shutil.rmtree(plain_cache, ignore_errors=True)
    plain_cached_settings.write_text(
        PLAIN_SETTINGS.format(content=str(cached_content), cached=True, cache=str(plain_cache)),
        encoding="utf-8",
    )
    plain_output = work / "out-plain-cached"
    warm = run_build(cached_content, output, cached_settings, log, cache)
    plain_warm = run_build(cached_content, plain_output, plain_cached_settings, log)
    floor_settings = work / "floor.py"
    floor_settings.write_text(
        PLAIN_SETTINGS.format(content=str(cached_content), cached=True, cache=str(work / "floor-cache"))
        + FLOOR_SETTINGS.format(plugins=str(ROOT / "plugins")),
        encoding="utf-8",
    )  # fmt: skip
    floor_output = work / "out-floor"
    shutil.rmtree(floor_output, ignore_errors=True)
    shutil.rmtree(work / "floor-cache", ignore_errors=True)
    floor_warm = run_build(cached_content, floor_output, floor_settings, log)
    # `invoke serve`'s rebuilds: in a child of a process that keeps the code imported and
    # the caches loaded (plugins/content_checks/warm.py), with its own output and caches.
    served = WarmBuilds()
    served_settings, served_report, _ = write_settings(
        work, cached_content, cached=True, name="served"
    )
    served_args = [
        "--settings", str(served_settings), "--content", str(cached_content),
        "--output", str(work / "out-served"), "--cache-dir", str(work / "served-runner-cache"),
    ]  # fmt: skip
    shutil.rmtree(work / "served-runner-cache", ignore_errors=True)
    with log.open("a", encoding="utf-8") as sink:
        served_warm = run_warm_build(served, served_args, sink)
    rebuild_article, rebuild_taxonomy, plain_rebuild, rebuild_reports = [], [], [], []
    floor_rebuild = []
    rebuild_served, served_reports, served_first, served_resumed = [], [], [], []
    for _ in range(runs):
        # The warm process loads what its last build left: not on the measured build's time.
        served.wait_ready()
        touch_article(cached_content)
        rebuild_article.append(run_build(cached_content, output, cached_settings, log, cache))
        rebuild_reports.append(json.loads(cached_report.read_text()))
        plain_rebuild.append(run_build(cached_content, plain_output, plain_cached_settings, log))
        floor_rebuild.append(run_build(cached_content, floor_output, floor_settings, log))
        touch_taxonomy(cached_content)
        rebuild_taxonomy.append(run_build(cached_content, output, cached_settings, log, cache))
        with log.open("a", encoding="utf-8") as sink:
            # Catch up with the taxonomy edit (not measured), then one article edit.
            run_warm_build(served, served_args, sink)
            edited = touch_article(cached_content)
            # What `invoke serve` shows first: the edited page, made by the process that
            # ran the last build (plugins/content_checks/quick_page.py), asked right after
            # that build, while the warm process loads what it wrote.
            started = time.perf_counter()
            pages = served.render([str(edited)])
            served_first.append({"wall": time.perf_counter() - started, "pages": len(pages)})
            rebuild_served.append(run_warm_build(served, served_args, sink))
            served_resumed.append(served.resumed)  # from the end of the last reading
        served_reports.append(json.loads(served_report.read_text()))
    served.close()
    for measure in (
        warm, plain_warm, served_warm, floor_warm, *rebuild_article, *rebuild_taxonomy,
        *plain_rebuild, *floor_rebuild, *rebuild_served,
    ):  # fmt: skip
        if measure.code != 0:
            raise SystemExit(f"a rebuild failed (exit {measure.code}); see {log}")

    stages = _stages(reports)
    # Each run of (b) over the run of (a) it alternated with: the ratios are their medians.
    pair_ratios = {
        "full_vs_plain": _ratios(full, plain),
        "cpu_full_vs_plain": _ratios(full, plain, "cpu"),
        "empty_folder_full_vs_plain": _ratios(full_empty, plain_empty),
        "memory_vs_plain": _ratios(full, plain, "peak_mb"),
        "tree_memory_vs_plain": _ratios(full, plain, "tree_peak_mb"),
        "rebuild_vs_plain": _ratios(rebuild_article, plain),
        "taxonomy_rebuild_vs_plain": _ratios(rebuild_taxonomy, plain),
        "plain_rebuild_vs_plain": _ratios(plain_rebuild, plain),
        "rebuild_vs_plain_rebuild": _ratios(rebuild_article, plain_rebuild),
        "floor_rebuild_vs_plain": _ratios(floor_rebuild, plain),
        "rebuild_vs_floor_rebuild": _ratios(rebuild_article, floor_rebuild),
        "served_rebuild_vs_plain": _ratios(rebuild_served, plain),
        "served_rebuild_vs_rebuild": _ratios(rebuild_served, rebuild_article),
    }
    result = {
        "pairs": pairs,
        "articles": sum(
            reports[-1]["counts"].get(k, 0)
            for k in reports[-1]["counts"]
            if k.startswith("article")
        ),
        "runs": runs,
        "machine": {
            "platform": platform.platform(),
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "processor": platform.processor() or platform.machine(),
        },  # fmt: skip
        "plain": [asdict(m) for m in plain],
        "full": [asdict(m) for m in full],
        "plain_into_empty_folder": [asdict(m) for m in plain_empty],
        "full_into_empty_folder": [asdict(m) for m in full_empty],
        "warm_cached_build": asdict(warm),
        "rebuild_after_article_edit": [asdict(m) for m in rebuild_article],
        "rebuild_after_taxonomy_edit": [asdict(m) for m in rebuild_taxonomy],
        "plain_rebuild_after_article_edit": [asdict(m) for m in plain_rebuild],
        "floor_rebuild_after_article_edit": [asdict(m) for m in floor_rebuild],
        "served_rebuild_after_article_edit": [asdict(m) for m in rebuild_served],
        "served_edited_page_first": served_first,
        "served_rebuilds_resumed": served_resumed,
        "reading_seconds": median([r["reading_seconds"] for r in reports]),
        "after_reading_seconds": median([r["after_reading_seconds"] for r in reports]),
        "stage_seconds": stages,
        # The rebuilds after one article edit, stage by stage (their build reports).
        "rebuild_stage_seconds": _rebuild_stages(rebuild_article, rebuild_reports),
        "served_rebuild_stage_seconds": _rebuild_stages(rebuild_served, served_reports),
        # Each rebuild's own stages, in run order: an outlier among the runs says where.
        "rebuild_stage_seconds_each": [
            _rebuild_stages([m], [r]) for m, r in zip(rebuild_article, rebuild_reports, strict=True)
        ],
        "output_bytes": {
            "plain": folder_size(work / "out-plain"),
            "full": folder_size(work / "out-full"),
        },
        "search_index_bytes": folder_size(work / "out-full" / "search"),
        "whoosh_index_bytes": folder_size(full_cache / "whoosh"),
        "ratios": {name: median(values) for name, values in pair_ratios.items()},
        "pair_ratios": pair_ratios,
    }
    return result


RATIO_ROWS = [
    ("full / plain, wall", "full_vs_plain", "≤ 1.30"),
    ("full / plain, CPU", "cpu_full_vs_plain", ""),
    ("full / plain, wall, both into an empty folder", "empty_folder_full_vs_plain", ""),
    ("peak memory full / plain (largest process)", "memory_vs_plain", "≤ 1.50"),
    ("peak memory full / plain (all processes, PSS)", "tree_memory_vs_plain", "≤ 1.50"),
    ("rebuild after one edit / plain full build", "rebuild_vs_plain", "≤ 0.15"),
    ("rebuild after taxonomy edit / plain full build", "taxonomy_rebuild_vs_plain", ""),
    ("plain Pelican's own rebuild / plain full build", "plain_rebuild_vs_plain", ""),
    ("rebuild after one edit / plain Pelican's own rebuild", "rebuild_vs_plain_rebuild", ""),
    (
        "Pelican with page reuse only, rebuild after the same edit / plain full build",
        "floor_rebuild_vs_plain",
        "",
    ),
    ("rebuild after one edit / Pelican with page reuse only", "rebuild_vs_floor_rebuild", ""),
    (
        "`invoke serve`'s rebuild after one edit / plain full build",
        "served_rebuild_vs_plain",
        "≤ 0.15",
    ),
    ("`invoke serve`'s rebuild / `invoke build`'s rebuild", "served_rebuild_vs_rebuild", ""),
]
"""The ratio table's rows: (label, key in `ratios`, budget)."""

REBUILD_STAGES = {
    "outside_pelican": "outside Pelican's run: process start (or fork), imports, settings; output swapped in",
    "reading": "reading (Pelican, content cache; content checks)",
    "after_reading": "after reading, total (plugins + writing)",
}


def _ratios(measures: list[Measure], bases: list[Measure], field: str = "wall") -> list[float]:
    """Pair by pair, in run order: `field` of each measure over that of its base."""
    return [
        getattr(m, field) / getattr(b, field)
        for m, b in zip(measures, bases, strict=True)
        if getattr(b, field)
    ]


def _rebuild_stages(measures: list[Measure], reports: list[dict]) -> dict[str, float]:
    """Median seconds of each stage of some builds, and of the time outside Pelican's run.

    Outside: interpreter start or fork, imports, settings, the output swapped in (wall
    time minus the run's total).
    """
    outside = [m.wall - r["total_seconds"] for m, r in zip(measures, reports, strict=True)]
    return {
        "outside_pelican": median(outside),
        "reading": median([r["reading_seconds"] for r in reports]),
        **_stages(reports),
        "after_reading": median([r["after_reading_seconds"] for r in reports]),
    }


def _stages(reports: list[dict]) -> dict[str, float]:
    """Median seconds of each plugin stage over build reports (plugins/build_report)."""
    names = sorted({k for r in reports for k in r["plugin_timings"]})
    return {name: median([r["plugin_timings"].get(name, 0.0) for r in reports]) for name in names}


def markdown(result: dict) -> str:
    def row(label, measures):
        return (f"| {label} | {median([m['wall'] for m in measures]):.2f} | "
                f"{median([m['cpu'] for m in measures]):.2f} | {median([m['peak_mb'] for m in measures]):.0f} | "
                f"{median([m.get('tree_peak_mb', 0) for m in measures]):.0f} |")  # fmt: skip

    ratios, pairs = result["ratios"], result["pair_ratios"]
    lines = [
        f"Corpus: {result['pairs']} pairs ({result['articles']} articles), {result['runs']} runs each, "
        f"{result['machine']['cpus']} CPUs, Python {result['machine']['python']}",
        "",
        "| build | wall s (median) | CPU s (all processes) | peak MB, largest process | peak MB, all processes (PSS) |",
        "| --- | ---: | ---: | ---: | ---: |",
        row("plain Pelican", result["plain"]),
        row("this project, all features", result["full"]),
        row("plain Pelican, into an empty folder", result["plain_into_empty_folder"]),
        row("this project, into an empty folder", result["full_into_empty_folder"]),
        row("rebuild after one article edit (cache warm)", result["rebuild_after_article_edit"]),
        row("rebuild after a taxonomy edit (cache warm)", result["rebuild_after_taxonomy_edit"]),
        row("plain Pelican, rebuild after the same edit (its content cache)", result["plain_rebuild_after_article_edit"]),
        row("Pelican with page reuse only (no feature, default theme), rebuild after the same edit", result["floor_rebuild_after_article_edit"]),
        row("`invoke serve`'s rebuild after one article edit (warm build process)", result["served_rebuild_after_article_edit"]),
        "",
        "| ratio (median of pairs) | value | each pair, in run order | budget |",
        "| --- | ---: | ---: | ---: |",
        *[
            f"| {label} | {ratios[name]:.2f} | {', '.join(f'{r:.2f}' for r in pairs[name])} | {budget} |"
            for label, name, budget in RATIO_ROWS
        ],
        "",
        "| stage (full build, median) | seconds |",
        "| --- | ---: |",
        f"| reading (Pelican readers, Markdown, tag resolution) | {result['reading_seconds']:.2f} |",
        *[f"| plugin: {name} | {secs:.2f} |" for name, secs in result["stage_seconds"].items()],
        f"| after reading, total (plugins + writing) | {result['after_reading_seconds']:.2f} |",
        "",
        "| stage (rebuild after one edit, median) | seconds |",
        "| --- | ---: |",
        *[f"| {REBUILD_STAGES.get(name, 'plugin: ' + name)} | {secs:.2f} |"
          for name, secs in result["rebuild_stage_seconds"].items()],
        "",
        "| stage (`invoke serve`'s rebuild after one edit, median) | seconds |",
        "| --- | ---: |",
        *[f"| {REBUILD_STAGES.get(name, 'plugin: ' + name)} | {secs:.2f} |"
          for name, secs in result["served_rebuild_stage_seconds"].items()],
        "",
        _first_page_line(result),
        "",
        f"Output: plain {result['output_bytes']['plain'] / 1e6:.1f} MB, full {result['output_bytes']['full'] / 1e6:.1f} MB; "
        f"browser search index {result['search_index_bytes'] / 1e6:.2f} MB; Whoosh index {result['whoosh_index_bytes'] / 1e6:.2f} MB",
    ]  # fmt: skip
    return "\n".join(lines)


def _first_page_line(result: dict) -> str:
    """What `invoke serve` shows first after an edit: the edited page, when it was made."""
    first = result.get("served_edited_page_first") or []
    served = [m["wall"] for m in result["served_rebuild_after_article_edit"]]
    made = [m["wall"] for m in first if m["pages"]]
    if not made:
        return "`invoke serve` made no edited page from the last build (see quick_page.py)."
    resumed = result.get("served_rebuilds_resumed") or []
    return (
        f"`invoke serve` shows the edited page {median(made):.3f} s after the save (median, "
        f"{len(made)} of {len(first)} edits; made from the last build's process), and the "
        f"rebuilt site {median(served):.2f} s later ({sum(resumed)} of {len(resumed)} "
        "rebuilds resumed from the end of the last build's reading)."
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark the build against plain Pelican.")
    parser.add_argument("--pairs", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--work", type=Path, default=None, help="scratch folder (default: a temp dir)"
    )
    parser.add_argument(
        "--out", type=Path, default=ROOT / "bench/results", help="where the JSON goes"
    )
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="bench-"))
    work.mkdir(parents=True, exist_ok=True)
    result = benchmark(args.pairs, args.runs, work, args.seed)
    args.out.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (args.out / f"bench-{args.pairs}-{stamp}.json").write_text(
        json.dumps(result, indent=2, sort_keys=True)
    )
    print(markdown(result))
    r = result["ratios"]
    print(
        f"ratio_full_vs_plain={r['full_vs_plain']:.3f} rebuild_vs_plain={r['rebuild_vs_plain']:.3f} "
        f"memory_vs_plain={r['memory_vs_plain']:.3f}"
    )
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
