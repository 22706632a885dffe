"""Build report: where the build spends its time, written as JSON for the benchmark.

Pelican's phases are timed from its signals (reading ends when `all_generators_finalized`
fires; this plugin is first in PLUGINS so its receiver runs before the others'), and each
plugin adds its own stages to `context["plugin_timings"]` ({stage: seconds}).

Setting: `BUILD_REPORT_FILE` (default None): where to write the JSON report; nothing is
written when it is unset. Context key: `context["plugin_timings"]: dict[str, float]`.
"""

from __future__ import annotations

import json
import time

from pelican import signals

# The per-build report lives in Pelican's own per-run settings dict (a fresh copy for every
# Pelican object), under a private key, so nothing leaks between builds.
_KEY = "_BUILD_REPORT"


def start_report(pelican) -> None:
    pelican.settings[_KEY] = {"started": time.perf_counter(), "timings": {}}


def mark_reading_done(generators) -> None:
    report = generators[0].settings.get(_KEY)
    if report is None:
        return
    report["reading_done"] = time.perf_counter()
    # Plugins write their stage timings into this dict through the shared context.
    generators[0].context["plugin_timings"] = report["timings"]
    report["counts"] = {}
    for generator in generators:
        for name in ("articles", "translations", "pages"):
            items = getattr(generator, name, None)
            if isinstance(items, list) and items:
                for item in items:
                    key = (
                        f"{name.rstrip('s') if name != 'translations' else 'article'}s_{item.lang}"
                    )
                    report["counts"][key] = report["counts"].get(key, 0) + 1


def write_report(pelican) -> None:
    report = pelican.settings.get(_KEY)
    path = pelican.settings.get("BUILD_REPORT_FILE")
    if report is None or not path:
        return
    end = time.perf_counter()
    reading = report.get("reading_done", end) - report["started"]
    data = {
        "total_seconds": round(end - report["started"], 4),
        "reading_seconds": round(reading, 4),
        "after_reading_seconds": round(end - report.get("reading_done", end), 4),
        "plugin_timings": {k: round(v, 4) for k, v in sorted(report["timings"].items())},
        "counts": dict(sorted(report.get("counts", {}).items())),
    }
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(data, handle, indent=2, sort_keys=True)


def register():
    signals.initialized.connect(start_report)
    signals.all_generators_finalized.connect(mark_reading_done)
    signals.finalized.connect(write_report)
