"""Benchmark the offline search against Pagefind: size, bytes per query, build time, quality.

    .venv/bin/pip install -r bench/requirements.txt      # Pagefind 1.5.2 (bench only)
    .venv/bin/python bench/search_bench.py [--pairs 1000 5000] [--work DIR] [--no-pagefind]

For each corpus size (bench/make_corpus.py --pairs N --clusters 40: about 2N articles),
and for the sample site (content/):

1. builds the site with the project's settings (SEARCH_INDEX_DIR in the work folder,
   empty: a cold Whoosh build) and reads the plugin's own stage timings (build_report);
2. runs Pagefind 1.5.2 on the same output, on the same pages (articles and knowledge-base
   pages: `--glob "*/{kb,[0-9][0-9][0-9][0-9]}/**/index.html"`, header/nav/footer
   excluded), and times it;
3. measures, in headless Chromium over http (Playwright network events, response body
   sizes), what each engine downloads for a first query in a fresh browser and for a
   follow-up query in the same page: ours through the real results page (search-ui.js,
   the engine search.js, index files, records and excerpts of the 10 results shown);
   Pagefind through its JavaScript API (pagefind.js, its WebAssembly, index chunks,
   and the fragments of the 10 results, which its UI loads to show excerpts);
4. runs the labelled queries of bench/search_queries.json (every `expect` document must
   be in the top 3): ours with the same core in Node (bench/search_cli.mjs), Pagefind
   in Chromium.

Prints Markdown tables and writes bench/results/search-<time>.json. Timings are not
tested anywhere; tests/unit/test_search_index.py covers correctness.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import project_settings  # noqa: E402

QUERIES = ROOT / "bench" / "search_queries.json"
CHROMIUM = "/usr/bin/chromium"
PAGEFIND_GLOB = "*/{kb,[0-9][0-9][0-9][0-9]}/**/index.html"
PAGEFIND_EXCLUDE = "header, footer, nav"
# (first query, follow-up query) per language, from common to rare words.
BYTE_QUERIES = {
    "fr": [("communauté", "communauté engagement"), ("réseaux sociaux", "plateforme collaborative"),
           ("vulnerabilite", "attenuation")],
    "en": [("community", "community engagement"), ("social networks", "collaborative platform"),
           ("vulnerability", "mitigation")],
}  # fmt: skip
SAMPLE_BYTE_QUERIES = {
    "fr": [("intranet", "réseaux sociaux")],
    "en": [("intranet", "social networks")],
}


PAGEFIND_HARNESS = """<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><title>pagefind</title></head><body>
<script type="module">
const pagefind = await import("/pagefind/pagefind.js");
await pagefind.options({{ excerptLength: 30 }});
window.runQuery = async (q, n = 10) => {{
  const search = await pagefind.search(q);
  const data = await Promise.all(search.results.slice(0, n).map((r) => r.data()));
  return {{ urls: data.map((d) => d.url.replace(/^\\//, "")), total: search.results.length }};
}};
window.ready = true;
</script></body></html>
"""


# --- Building ------------------------------------------------------------------------------


def build(content: Path, work: Path, name: str) -> dict:
    output = work / f"out-{name}"
    whoosh = work / f"whoosh-{name}"
    shutil.rmtree(whoosh, ignore_errors=True)  # a cold build of the Whoosh index
    report = work / f"report-{name}.json"
    settings = work / f"settings-{name}.py"
    settings.write_text(
        project_settings(
            content,
            BUILD_REPORT_FILE=str(report),
            SEARCH_INDEX_DIR=str(whoosh),
            LOAD_CONTENT_CACHE=False,
            DELETE_OUTPUT_DIRECTORY=True,
        ),
        encoding="utf-8",
    )
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "pelican", str(content), "-o", str(output), "-s", str(settings), "-q"],
        cwd=ROOT, check=True, env={**os.environ, "COLUMNS": "200"},
    )  # fmt: skip
    wall = time.perf_counter() - started
    timings = json.loads(report.read_text()).get("plugin_timings", {}) if report.exists() else {}
    return {
        "output": output,
        "build_seconds": wall,
        "timings": {k: v for k, v in timings.items() if k.startswith("search_index")},
        "whoosh_bytes": folder_bytes(whoosh),
    }


def run_pagefind(output: Path) -> dict:
    shutil.rmtree(output / "pagefind", ignore_errors=True)
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", str(output), "--glob", PAGEFIND_GLOB,
         "--exclude-selectors", PAGEFIND_EXCLUDE, "--keep-index-url", "--output-subdir", "pagefind"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    seconds = time.perf_counter() - started
    pages = next(
        (
            line.split()[1]
            for line in result.stdout.splitlines()
            if "Indexed" in line and "pages" in line
        ),
        "?",
    )
    for lang in ("fr", "en"):
        (output / f"pagefind-harness-{lang}.html").write_text(
            PAGEFIND_HARNESS.format(lang=lang), encoding="utf-8"
        )
    return {"seconds": seconds, "pages": pages}


def folder_bytes(path: Path, pattern: str = "*") -> int:
    return sum(p.stat().st_size for p in path.rglob(pattern) if p.is_file()) if path.exists() else 0


def gzip_bytes(paths) -> int:
    return sum(len(gzip.compress(p.read_bytes(), 6)) for p in paths)


def index_sizes(output: Path) -> dict:
    ours = [p for p in (output / "search").rglob("*.js")]
    code = [output / "theme/js/search.js", output / "theme/js/search-ui.js"]
    pf = (
        [p for p in (output / "pagefind").rglob("*") if p.is_file()]
        if (output / "pagefind").exists()
        else []
    )
    pf_code = [
        p for p in pf if p.name.startswith(("pagefind", "wasm.")) and not p.suffix == ".pf_meta"
    ]
    pf_index = [p for p in pf if p not in pf_code]
    return {
        "ours_files": len(ours),
        "ours_bytes": sum(p.stat().st_size for p in ours),
        "ours_gzip": gzip_bytes(ours),
        "ours_code_bytes": sum(p.stat().st_size for p in code),
        "ours_code_gzip": gzip_bytes(code),
        "pagefind_files": len(pf_index),
        "pagefind_bytes": sum(p.stat().st_size for p in pf_index),
        "pagefind_code_bytes": sum(
            p.stat().st_size
            for p in pf_code
            if p.name in ("pagefind.js", "pagefind-worker.js") or p.name.startswith("wasm.")
        ),
    }


# --- Chromium ------------------------------------------------------------------------------


@contextmanager
def serve(folder: Path):
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder))
    )
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()


class Traffic:
    """Response body sizes of the requests a page makes, by URL."""

    def __init__(self, page):
        self.loaded: list[tuple[str, int]] = []
        page.on("requestfinished", self._finished)

    def _finished(self, request):
        try:
            size = request.sizes()["responseBodySize"]
        except Exception:  # noqa: BLE001 - a request without a response body
            size = 0
        self.loaded.append((request.url, size))

    def take(self, keep) -> tuple[int, int]:
        """(bytes, files) of the requests since the last call whose URL `keep` accepts."""
        chosen = [(u, s) for u, s in self.loaded if keep(u)]
        self.loaded = []
        return sum(s for _u, s in chosen), len(chosen)


def ours_is_search(url: str) -> bool:
    return (
        "/search/" in url
        and url.endswith(".js")
        or url.endswith(("/theme/js/search.js", "/theme/js/search-ui.js"))
    )


def ours_is_index(url: str) -> bool:
    return "/search/" in url and url.endswith(".js") and "/theme/" not in url


def pagefind_is_search(url: str) -> bool:
    return "/pagefind/" in url


def pagefind_is_index(url: str) -> bool:
    return "/pagefind/" in url and not url.rsplit("/", 1)[-1].startswith(
        ("pagefind.js", "wasm.", "pagefind-worker")
    )


def measure_bytes(
    browser, base: str, lang: str, first: str, second: str, with_pagefind: bool
) -> dict:
    out = {}
    # Ours: the real results page, as a reader uses it.
    context = browser.new_context()
    page = context.new_page()
    traffic = Traffic(page)
    page.goto(f"{base}/{lang}/search/index.html?q={first}")
    page.wait_for_function(
        "() => { const s = document.querySelector('[data-search-status]'); return s && /\\d|«|“/.test(s.textContent); }"
    )
    page.wait_for_load_state("networkidle")
    loaded = list(traffic.loaded)
    out["ours_first"], out["ours_first_files"] = traffic.take(ours_is_search)
    traffic.loaded = loaded
    out["ours_first_index"], _ = traffic.take(ours_is_index)
    page.fill("#search-page-input", second)
    page.wait_for_function(
        "q => document.querySelector('[data-search-status]').textContent.includes(q)", arg=second
    )
    page.wait_for_load_state("networkidle")
    out["ours_next"], out["ours_next_files"] = traffic.take(ours_is_search)
    context.close()
    if with_pagefind:
        context = browser.new_context()
        page = context.new_page()
        traffic = Traffic(page)
        page.goto(f"{base}/pagefind-harness-{lang}.html")
        page.wait_for_function("() => window.ready === true")
        page.evaluate("q => window.runQuery(q)", first)
        page.wait_for_load_state("networkidle")
        loaded = list(traffic.loaded)
        out["pagefind_first"], out["pagefind_first_files"] = traffic.take(pagefind_is_search)
        traffic.loaded = loaded
        out["pagefind_first_index"], _ = traffic.take(pagefind_is_index)
        page.evaluate("q => window.runQuery(q)", second)
        page.wait_for_load_state("networkidle")
        out["pagefind_next"], out["pagefind_next_files"] = traffic.take(pagefind_is_search)
        context.close()
    return out


# --- Quality -------------------------------------------------------------------------------


def ours_top(output: Path, lang: str, query: str, prefix: bool) -> list[str]:
    command = [
        "node",
        str(ROOT / "bench" / "search_cli.mjs"),
        str(output),
        lang,
        query,
        "--limit",
        "3",
    ]
    if prefix:
        command.append("--prefix")
    return json.loads(subprocess.run(command, capture_output=True, text=True, check=True).stdout)


def quality(output: Path, queries: list[dict], browser, base: str | None) -> dict:
    rows = []
    pages = {}
    for q in queries:
        ours = ours_top(output, q["lang"], q["q"], q.get("prefix", False))
        row = {**q, "ours": ours, "ours_hit": all(e in ours[:3] for e in q["expect"])}
        if base:
            if q["lang"] not in pages:
                pages[q["lang"]] = page = browser.new_page()
                page.goto(f"{base}/pagefind-harness-{q['lang']}.html")
                page.wait_for_function("() => window.ready === true")
            found = pages[q["lang"]].evaluate("q => window.runQuery(q, 3)", q["q"])["urls"]
            row["pagefind"] = found
            row["pagefind_hit"] = all(e in found[:3] for e in q["expect"])
        rows.append(row)
    for page in pages.values():
        page.close()
    return {
        "queries": rows,
        "ours": sum(r["ours_hit"] for r in rows) / len(rows),
        "pagefind": (sum(r["pagefind_hit"] for r in rows) / len(rows)) if base else None,
    }


# --- Report --------------------------------------------------------------------------------


def kb(n: float) -> str:
    return f"{n / 1000:,.1f} kB"


def print_report(results: dict) -> None:
    print("\n## Index size and build time\n")
    print(
        "| site | articles+pages | our index (files, raw / gzip) | our engine JS (raw / gzip) | our build: browser + Whoosh | Whoosh index | Pagefind index (files, bytes) | Pagefind JS + wasm | Pagefind time |"
    )
    print("| --- | ---: | --- | --- | --- | ---: | --- | ---: | ---: |")
    for name, r in results["sites"].items():
        s, t = r["sizes"], r["build"]["timings"]
        pf = r.get("pagefind") or {}
        print(
            f"| {name} | {r['documents']} | {s['ours_files']:,} files, {kb(s['ours_bytes'])} / {kb(s['ours_gzip'])} "
            f"| {kb(s['ours_code_bytes'])} / {kb(s['ours_code_gzip'])} "
            f"| {t.get('search_index.browser', 0):.1f} s + {t.get('search_index.whoosh', 0):.1f} s "
            f"(docs {t.get('search_index.docs', 0):.1f} s) | {kb(r['build']['whoosh_bytes'])} "
            f"| {s['pagefind_files']:,} files, {kb(s['pagefind_bytes'])} | {kb(s['pagefind_code_bytes'])} "
            f"| {pf.get('seconds', float('nan')):.1f} s ({pf.get('pages', '?')} pages) |"
        )
    print(
        "\n## Bytes downloaded per query (Chromium, fresh browser; engine code included, index files only in brackets)\n"
    )
    print(
        "| site | lang | first query | ours: first | Pagefind: first | follow-up | ours: follow-up | Pagefind: follow-up |"
    )
    print("| --- | --- | --- | ---: | ---: | --- | ---: | ---: |")
    for name, r in results["sites"].items():
        for m in r["bytes"]:
            print(
                f"| {name} | {m['lang']} | {m['first']} | {kb(m['ours_first'])} ({kb(m['ours_first_index'])}) "
                f"| {kb(m.get('pagefind_first', 0))} ({kb(m.get('pagefind_first_index', 0))}) | {m['second']} "
                f"| {kb(m['ours_next'])} | {kb(m.get('pagefind_next', 0))} |"
            )
    print("\n## Quality: labelled queries, expected documents in the top 3\n")
    print("| site | queries | ours | Pagefind |")
    print("| --- | ---: | ---: | ---: |")
    for name, r in results["sites"].items():
        qual = r.get("quality")
        if qual:
            pf = f"{qual['pagefind']:.0%}" if qual["pagefind"] is not None else "n/a"
            print(f"| {name} | {len(qual['queries'])} | {qual['ours']:.0%} | {pf} |")
    misses = [
        f"- {name}: `{q['q']}` ({q['lang']}, {q['kind']}): ours {'ok' if q['ours_hit'] else 'MISS'}, "
        f"Pagefind {'ok' if q.get('pagefind_hit') else 'MISS'}"
        for name, r in results["sites"].items()
        for q in (r.get("quality") or {}).get("queries", [])
        if not q["ours_hit"] or not q.get("pagefind_hit", True)
    ]
    if misses:
        print("\nQueries missed by one engine:\n")
        print("\n".join(misses))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--pairs", type=int, nargs="*", default=[1000, 5000], help="corpus sizes (FR/EN pairs)"
    )
    parser.add_argument("--work", type=Path, default=Path("/tmp/search-bench"), help="work folder")
    parser.add_argument("--no-pagefind", action="store_true", help="measure our search only")
    args = parser.parse_args(argv)
    with_pagefind = not args.no_pagefind
    if (
        with_pagefind
        and subprocess.run(
            [sys.executable, "-m", "pagefind", "--version"], capture_output=True
        ).returncode
    ):
        raise SystemExit(
            "Pagefind is not installed: .venv/bin/pip install -r bench/requirements.txt"
        )
    args.work.mkdir(parents=True, exist_ok=True)
    queries = json.loads(QUERIES.read_text(encoding="utf-8"))["queries"]
    sites = [("sample", ROOT / "content", "sample")]
    for pairs in args.pairs:
        corpus = args.work / f"corpus-{pairs}"
        if not (corpus / "taxonomy.toml").exists():
            subprocess.run(
                [sys.executable, str(ROOT / "bench/make_corpus.py"), "--pairs", str(pairs), "--clusters", "40",
                 "--out", str(corpus)], check=True, stdout=subprocess.DEVNULL,
            )  # fmt: skip
        sites.append((f"corpus {pairs} pairs", corpus, "corpus"))

    from playwright.sync_api import sync_playwright

    results = {"sites": {}, "when": time.strftime("%Y-%m-%d %H:%M:%S")}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        for name, content, kind in sites:
            print(f"building {name}...", file=sys.stderr)
            built = build(content, args.work, name.replace(" ", "-"))
            output = built["output"]
            site = {"build": {k: v for k, v in built.items() if k != "output"}}
            site["documents"] = len(list((content).rglob("*.md")))
            if with_pagefind:
                site["pagefind"] = run_pagefind(output)
            site["sizes"] = index_sizes(output)
            with serve(output) as base:
                byte_queries = SAMPLE_BYTE_QUERIES if kind == "sample" else BYTE_QUERIES
                site["bytes"] = [
                    {"lang": lang, "first": a, "second": b,
                     **measure_bytes(browser, base, lang, a, b, with_pagefind)}
                    for lang, pairs_ in byte_queries.items() for a, b in pairs_
                ]  # fmt: skip
                mine = [q for q in queries if q["site"] == kind]
                site["quality"] = quality(output, mine, browser, base if with_pagefind else None)
            results["sites"][name] = site
        browser.close()
    print_report(results)
    out_dir = ROOT / "bench" / "results"
    out_dir.mkdir(exist_ok=True)
    target = out_dir / f"search-{time.strftime('%Y%m%d-%H%M%S')}.json"
    target.write_text(
        json.dumps(results, indent=1, default=str, ensure_ascii=False), encoding="utf-8"
    )
    print(f"\nresults: {target}", file=sys.stderr)
    summary = results["sites"]
    hits = [s["quality"]["ours"] for s in summary.values()]
    print(f"\nsearch_quality_ours={statistics.mean(hits):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
