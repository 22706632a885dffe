"""Project tasks: `invoke --list` shows them, `invoke --help TASK` explains one.

Writing:   new, translate, suggest-tags, serve (preview with live reload)
Checking:  check (the content checks alone), search, test, bench
Building:  build (development), publish (production, strict; --git pushes to gh-pages), clean

Every build and check goes through plugins/content_checks/runner.py in a child process:
problems print as `path:line: severity: message`, a one-line summary ends the run, and
output/ is replaced only by a build that succeeded.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from invoke import Exit, task
from invoke import parser as _invoke_parser

ROOT = Path(__file__).resolve().parent
OUTPUT = ROOT / "output"
CONTENT = ROOT / "content"
BROWSER_DEPS = ROOT / "tests" / "browser"
CHROMIUM = Path("/usr/bin/chromium")
PYTHON = shlex.quote(sys.executable)


class BuildOutcome(NamedTuple):
    code: int
    """0 built; 1 content problems (errors, or warnings with strict); 2 crashed."""
    log: str
    """What the build printed (when captured)."""


def build_safely(
    settings: str | Path = "pelicanconf.py",
    output: Path = OUTPUT,
    *,
    strict: bool = False,
    check_only: bool = False,
    content: Path | None = None,
    overrides: dict | None = None,
    cache_dir: Path | None = None,
    extra: list[str] | None = None,
    capture: bool = False,
    echo: Callable[[str], None] | None = None,
    warm=None,
) -> BuildOutcome:
    """Build into a temporary folder and swap it in only if the build succeeded.

    A failed build leaves the previous site untouched and says why. Runs the build runner
    in a child process (fresh plugin code for every build), or in a child of `warm` (a
    `WarmBuilds`: the code imported and the caches loaded once, for `invoke serve`);
    `capture` returns its output instead of only printing it, each line going to `echo`
    instead of being printed when given. `overrides` are settings (Python literals).
    """
    args = ["--settings", str(ROOT / settings), "--output", str(output)]
    if strict:
        args.append("--strict")
    if check_only:
        args.append("--check-only")
    if content is not None:
        args += ["--content", str(content)]
    if cache_dir is not None:
        args += ["--cache-dir", str(cache_dir)]
    for name, value in (overrides or {}).items():
        args += ["--set", f"{name}={value!r}"]
    args += extra or []
    lines = []

    def show(line: str) -> None:
        if echo is None:
            print(line, end="", flush=True)
        else:
            echo(line)
        lines.append(line)

    if warm is not None:
        if not capture and echo is None and sys.stdout.isatty():
            # The build's output straight to the terminal, its progress drawn in place.
            return BuildOutcome(warm.build([*args, "--live"], out=sys.stdout)["code"], "")
        result = warm.build(args, lambda line: show(line + "\n"))
        return BuildOutcome(result["code"], "".join(lines))
    command = [sys.executable, "-m", "plugins.content_checks.runner", *args]
    if not capture:
        return BuildOutcome(subprocess.call(command, cwd=ROOT), "")
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        encoding="utf-8",
    )
    for line in process.stdout:
        show(line)
    return BuildOutcome(process.wait(), "".join(lines))


def _finish(outcome: BuildOutcome) -> None:
    if outcome.code:
        raise Exit(code=outcome.code)


def _site_rules():
    from pelican.settings import read_settings

    from authoring.articles import SiteRules

    return SiteRules.from_settings(read_settings(str(ROOT / "pelicanconf.py")))


def _shown(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def _warn(message: str) -> None:
    # A line already in the problem format (an unknown tag: `path:4: warning: ...`, as
    # the build says it) is printed as it is.
    if re.match(r"\S+: (error|warning|note): ", message):
        print(message)
    else:
        print(f"warning: {message}")


# --- Writing ----------------------------------------------------------------------------------


@task(
    help={
        "title": "the article's title, in quotes",
        "lang": "language folder: fr (default) or en",
        "category": "its category (default: a placeholder listing the categories in use)",
        "tags": "comma-separated tags, e.g. 'intranet, collaboration'",
        "slug": "its slug, the URL's last part (default: made from the title)",
    }
)
def new(c, title, lang="", category="", tags="", slug=""):
    """Create an article: content/articles/LANG/SLUG.md with its metadata filled in."""
    from authoring.articles import AuthoringError, new_article

    try:
        path = new_article(
            CONTENT, title, rules=_site_rules(), lang=lang, category=category, tags=tags,
            slug=slug, warn=_warn,
        )  # fmt: skip
    except AuthoringError as error:
        raise Exit(f"error: {error}", code=1) from None
    print(f"Created {_shown(path)}. Write the text below the header, replace each [TODO],")
    print(f"then preview with `invoke serve`; `invoke suggest-tags {_shown(path)}` proposes tags.")


@task(
    help={
        "slug": "the original article: its slug (Slug: line), or its file name (x.md)",
        "lang": "language of the translation (default en; fr for an English original)",
        "title": "the translated title, which sets the slug too (default: the original's, "
        "marked [TRANSLATE])",
    }
)
def translate(c, slug, lang="en", title=""):
    """Create the translation of an article, with Translation_key set and the original text to replace."""
    from authoring.articles import AuthoringError, translate_article

    try:
        path = translate_article(
            CONTENT, slug, rules=_site_rules(), lang=lang, title=title, warn=_warn
        )
    except AuthoringError as error:
        raise Exit(f"error: {error}", code=1) from None
    print(f"Created {_shown(path)}: translate each [TRANSLATE] and the text below the marker,")
    print("then delete the marker line. `invoke check` lists what is left to translate.")
    dated = "its Date: is now, the year in its URL (write another date to change it)."
    if title:
        print(dated[0].upper() + dated[1:])
    else:
        print(f"Its URL is made from the title you write (a Slug: line sets it instead); {dated}")


@task(
    name="suggest-tags",
    help={"path": "the article's Markdown file, or its slug (as invoke translate takes it)"},
)
def suggest_tags(c, path):
    """Propose tags from the taxonomy for an article (never edits the file)."""
    found = Path(path).resolve()
    if found.is_dir():
        raise Exit(
            f"error: {path} is a folder: give one article's file "
            "(invoke suggest-tags content/articles/fr/x.md) or its slug",
            code=2,
        )
    if not found.exists():
        found = _article_by_slug(Path(path).stem) if "/" not in path else None
        if found is None:
            raise Exit(
                f"error: no file and no article's slug is '{path}': give the article's file "
                "(content/articles/fr/x.md) or its slug",
                code=2,
            )
    # From the project root, where `plugins` is importable; the path as the author wrote it,
    # or the slug's file. Ended quietly by SIGPIPE in a pipe (`| head`), as `search` is.
    command = [sys.executable, "-c", _AS_A_PIPE_TOOL, "plugins.taxonomy.cli", _shown(found)]
    code = subprocess.call(command, cwd=ROOT)
    if code not in (0, -signal.SIGPIPE):
        raise Exit(code=code)


def _article_by_slug(slug: str) -> Path | None:
    """The file of the article whose slug (or file name) is `slug`, if there is one."""
    from authoring.articles import _articles

    rules = _site_rules()
    found = [a.path for a in _articles(CONTENT, rules) if slug in (a.slug, a.path.stem)]
    return found[0] if found else None


@task(
    help={
        "port": "port to serve on (default 8000)",
        "bind": "address to listen on (default 127.0.0.1: this computer only)",
    }
)
def serve(c, port="8000", bind="127.0.0.1"):
    """Build, serve on http://localhost:PORT/, rebuild on every change and reload the browser."""
    from authoring.preview import PreviewError, serve_site
    from plugins.content_checks.warm import WarmBuilds

    port = _number(port, "--port", 1, 65535)  # taken as text: invoke's int() would raise
    # Feeds and the sitemap link absolutely; a development build's links go to the
    # preview, at http://localhost:8000 unless told another address (README: Preview).
    overrides = {} if port == 8000 else {"SITEMAP_SITEURL": f"http://localhost:{port}"}
    watched = [CONTENT, ROOT / "theme", ROOT / "plugins", ROOT / "pelicanconf.py"]

    said_all = []  # a build that succeeded has printed every note
    # Rebuilds in a process that keeps the build's code imported and its caches loaded
    # (plugins/content_checks/warm.py): 0.3-0.4 s less per save at 1,000 article pairs.
    warm = WarmBuilds()

    def build(changed: list[Path] | None = None) -> bool:
        """The first good build says everything; a later one, only the changed files' notes.

        Until a build has succeeded (the first one failed, say), each says everything: its
        notes were never printed.
        """
        if changed and any(_is_build_code(Path(path)) for path in changed):
            warm.close()  # the next build imports the new code in a new process
        if changed is None or not said_all:
            built = build_safely("pelicanconf.py", overrides=overrides, warm=warm).code == 0
            said_all.extend([True] if built else [])
            return built
        notes = _NotesOfChangedFiles({_shown(Path(path).resolve()) for path in changed})
        outcome = build_safely(
            "pelicanconf.py", overrides=overrides, capture=True, echo=notes, warm=warm
        )
        notes.tell_hidden()
        return outcome.code == 0

    def quick(changed: list[Path]) -> dict[str, bytes]:
        """The edited pages at once, when only Markdown in content/ changed (README: Preview)."""
        files = [Path(path).resolve() for path in changed]
        if not said_all or not all(_is_markdown_content(path) for path in files):
            return {}
        pages = warm.render([str(path) for path in files])
        return {name: html.encode("utf-8") for name, html in pages.items()}

    try:
        serve_site(OUTPUT, build, watched, bind, port, quick=quick)
    except PreviewError as error:
        raise Exit(f"error: {error}", code=1) from None
    finally:
        warm.close()


def _is_markdown_content(path: Path) -> bool:
    return path.suffix in (".md", ".markdown") and CONTENT.resolve() in path.parents


def _is_build_code(path: Path) -> bool:
    """Whether a changed file is code a warm build process has imported (not content)."""
    path = path.resolve()
    return path.suffix == ".py" and (path.parent == ROOT or (ROOT / "plugins") in path.parents)


class _NotesOfChangedFiles:
    """A rebuild's output without the notes of files that did not change, counted instead.

    Notes (untranslated articles, translations out of date) were printed by the first
    build already; each save would print them all again, burying the line that matters.
    """

    def __init__(self, changed: set[str]) -> None:
        self.changed = changed
        self.hidden = 0

    def __call__(self, line: str) -> None:
        from plugins.content_checks.problems import parse_problem

        problem = parse_problem(line)
        if problem and problem.severity == "note" and problem.path not in self.changed:
            self.hidden += 1
        else:
            print(line, end="", flush=True)

    def tell_hidden(self) -> None:
        if self.hidden:
            notes = "1 note" if self.hidden == 1 else f"{self.hidden} notes"
            print(f"({notes} on files you did not change: `invoke check` lists them)")


# --- Checking ---------------------------------------------------------------------------------


@task(help={"strict": "warnings fail too, as when publishing and in CI"})
def check(c, strict=False):
    """Check the content (metadata, translations, links, anchors, images) without writing the site."""
    _finish(build_safely("pelicanconf.py", check_only=True, strict=strict))


@task(
    auto_shortflags=False,
    help={
        "query": "words to look for; -word leaves out the pages with that word",
        "lang": "only results in this language (fr or en)",
        "json": "print the results as JSON",
        "limit": "number of results (default 10)",
    },
)
def search(c, query, lang="", json=False, limit="10"):
    """Search the site's articles and pages from the command line."""
    query = " ".join([query, *_DASH_WORDS]).strip()
    _DASH_WORDS.clear()
    if not query:
        raise Exit('error: no words to search for: invoke search "words" [--lang fr]', 2)
    if lang:
        languages = _site_rules().languages
        if lang not in languages:
            raise Exit(f"error: unknown language '{lang}': use one of {', '.join(languages)}", 1)
    count = _number(limit, "--limit", 1)
    # The search plugin's command-line interface: plugins/search_index/cli.py, writing
    # straight to this terminal or pipe; `| head` closing the pipe ends it quietly, as it
    # ends any command-line tool (SIGPIPE), not with a traceback. The query comes last,
    # after `--`: its -words are words, never options.
    command = [sys.executable, "-c", _AS_A_PIPE_TOOL, "plugins.search_index.cli"]
    command += (["--lang", lang] if lang else []) + (["--json"] if json else [])
    command += ["--limit", str(count), "--", query]
    code = subprocess.call(command, cwd=ROOT)
    if code not in (0, -signal.SIGPIPE):
        raise Exit(code=code)


def _number(value, option: str, lowest: int, highest: int | None = None) -> int:
    """`value` as a whole number, or one error line naming the option."""
    try:
        number = int(str(value).strip())
    except ValueError:
        number = None
    if number is None or number < lowest or (highest is not None and number > highest):
        top = f" to {highest}" if highest is not None else " or more"
        raise Exit(f"error: {option} wants a whole number, {lowest}{top}: not '{value}'", 2)
    return number


# `invoke search -intranet`: invoke would read "-intranet" as the short flags -i -n -t...
# (or -i with the value "ntranet"). The words after `search` that start with one dash are
# taken out before invoke parses them and added to the query (`invoke --help search` helps).
_DASH_WORDS: list[str] = []
_SEARCH_VALUE_FLAGS = ("--lang", "--limit", "--query")


def _take_dash_words(argv: list[str]) -> list[str]:
    """`argv` without the -words that follow `search` (kept in _DASH_WORDS).

    Only when `search` is the task run (`invoke search ...`): "search" further on may be
    another task's argument (`invoke new search`).
    """
    if argv[:1] != ["search"]:
        return argv
    start = 1
    end = argv.index("--") if "--" in argv[start:] else len(argv)
    kept, after_value_flag, has_query = argv[:start], False, False
    for token in argv[start:end]:
        if not after_value_flag and re.match(r"-[^-]", token):
            _DASH_WORDS.append(token)
            continue
        kept.append(token)
        has_query = (
            has_query
            or token.startswith("--query")
            or not (after_value_flag or token.startswith("-"))
        )
        after_value_flag = token in _SEARCH_VALUE_FLAGS
    if _DASH_WORDS and not has_query:
        kept.append("--query=")  # the query is the -words alone
    return kept + argv[end:]


def _parse_with_dash_words(parse_argv):
    def parse(self, argv):
        return parse_argv(self, _take_dash_words(list(argv)))

    parse.__wrapped__ = parse_argv
    return parse


if not hasattr(_invoke_parser.Parser.parse_argv, "__wrapped__"):
    _invoke_parser.Parser.parse_argv = _parse_with_dash_words(_invoke_parser.Parser.parse_argv)


# `python -m MODULE ARGS...`, but ended by SIGPIPE like any command-line tool when the pipe
# it writes to closes (Python ignores SIGPIPE: each write then raises BrokenPipeError).
_AS_A_PIPE_TOOL = (
    "import runpy, signal, sys; signal.signal(signal.SIGPIPE, signal.SIG_DFL); "
    "sys.argv = sys.argv[1:]; sys.path.insert(0, ''); "
    "runpy.run_module(sys.argv[0], run_name='__main__', alter_sys=True)"
)


@task(help={"k": "only tests whose name matches this pytest -k expression"})
def test(c, k=""):
    """Run the whole test suite (unit, build, Node and browser tests)."""
    ensure_browser_tools(c)
    selection = f"-k {k!r}" if k else ""
    with c.cd(ROOT):
        c.run(f"{PYTHON} -m pytest {selection}", pty=False)


@task(
    help={
        "pairs": "French/English article pairs in the generated corpus",
        "runs": "timed runs of each measurement",
        "out": "where to write the results",
    }
)
def bench(c, pairs=None, runs=None, out=None):
    """Benchmark the build on a generated corpus (bench/run.py)."""
    options = ""
    out = Path(out).resolve() if out else None  # as written, from where invoke was run
    for name, value in (("--pairs", pairs), ("--runs", runs), ("--out", out)):
        if value is not None:
            options += f" {name} {shlex.quote(str(value))}"
    with c.cd(ROOT):
        c.run(f"{PYTHON} bench/run.py{options}", pty=False)


# --- Building and publishing -------------------------------------------------------------------


@task(help={"strict": "warnings fail the build too, as when publishing"})
def build(c, strict=False):
    """Build the site into output/ (development settings); a failed build keeps the previous site."""
    _finish(build_safely("pelicanconf.py", strict=strict))


@task(
    help={
        "git": "then push output/ to a branch of a git remote (no CI needed)",
        "remote": "remote name or URL for --git (default origin)",
        "branch": "branch for --git (default gh-pages)",
    }
)
def publish(c, git=False, remote="origin", branch="gh-pages"):
    """Build the production site (publishconf.py, strict) into output/; --git also pushes it.

    Refuses publishconf.py's placeholder address (set SITEURL) and one without https://;
    with --git, the remote and the branch are checked before the build: never the
    project's source branch, nor a branch holding commits that publish did not make.
    """
    from authoring.publish import (
        PublishError,
        check_branch,
        check_remote,
        push_site,
        remote_url,
        site_address,
        source_revision,
    )

    try:
        address = site_address(ROOT / "publishconf.py")
        url = remote_url(ROOT, remote) if git else ""
        if git:
            check_remote(url)
            check_branch(url, branch, project=ROOT, remote=remote)
    except PublishError as error:
        raise Exit(f"error: {error}", code=1) from None
    print(f"Publishing for {address} (SITEURL): every link, feed and the sitemap point there.")
    if not git:
        # The address as shown: without the trailing slash GitHub shows Pages addresses
        # with (Pelican would remove it with a warning, which fails the strict build).
        _finish(build_safely("publishconf.py", strict=True, overrides={"SITEURL": address}))
        return
    from plugins.content_checks.runner import TURN_HELD, output_turn

    # output/'s turn held from the build to the push: no other build (an `invoke serve`'s
    # rebuild) can swap its site in before the production one is pushed.
    with output_turn(OUTPUT.resolve()):
        os.environ[TURN_HELD] = str(OUTPUT.resolve())
        try:
            outcome = build_safely("publishconf.py", strict=True, overrides={"SITEURL": address})
        finally:
            del os.environ[TURN_HELD]
        _finish(outcome)
        source = source_revision(ROOT)
        if source.endswith("uncommitted changes"):
            print(
                "warning: uncommitted changes (content/, the settings, theme/ or plugins/) "
                "are published too."
            )
        try:
            commit = push_site(OUTPUT, url, branch, source=source)
        except PublishError as error:
            raise Exit(f"error: {error}", code=1) from None
        built_from = f", built from {source}" if source else ""
        print(f"Pushed output/ to {branch} of {remote} (commit {commit[:10]}{built_from}).")


@task
def clean(c):
    """Remove output/, the build caches and what stopped builds left (.output-*)."""
    # .output-build-*: a killed build's staging folder; .output-retired-*: a replaced
    # site whose deletion was cut short; .output-spare: the folders of the last replaced
    # site, for the next build; .output-lock: the file builds take turns with
    # (plugins/content_checks/runner.py, safe_build).
    from plugins.content_checks.runner import wait_for_retiring

    wait_for_retiring(OUTPUT)  # the spare it leaves goes with the rest
    leftovers = sorted(ROOT.glob(f".{OUTPUT.name}-*"))
    removed = []
    for path in (OUTPUT, ROOT / ".cache", *leftovers):
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
            removed.append(f"{_shown(path)}/")
        elif path.exists():  # .output-lock, the lock builds take turns with
            path.unlink()
            removed.append(_shown(path))
    print(f"Removed {', '.join(removed)}." if removed else "Nothing to remove: already clean.")


@task(name="theme-css")
def theme_css(c):
    """Regenerate theme/static/css/pygments.css (code colours, light and dark)."""
    from pygments.formatters import HtmlFormatter

    def scoped(style: str, prefix: str) -> str:
        rules = []
        for line in HtmlFormatter(style=style).get_style_defs(".highlight").splitlines():
            if line.startswith((".highlight", "pre")):
                selectors, _, body = line.partition("{")
                scoped_selectors = ", ".join(f"{prefix} {s.strip()}" for s in selectors.split(","))
                rules.append(f"{scoped_selectors} {{{body}")
        return "\n".join(rules)

    css = [
        "/* Code highlighting for light and dark modes; generated by `invoke theme-css` "
        "from Pygments' friendly and monokai styles. */",
        HtmlFormatter(style="friendly").get_style_defs(".highlight"),
        "@media (prefers-color-scheme: dark) {",
        scoped("monokai", ':root:not([data-theme="light"])'),
        "}",
        scoped("monokai", ':root[data-theme="dark"]'),
    ]
    (ROOT / "theme/static/css/pygments.css").write_text("\n".join(css) + "\n", encoding="utf-8")


def ensure_browser_tools(c) -> None:
    """Debian's Chromium and the npm packages the browser tests use (axe-core)."""
    if not CHROMIUM.exists():
        if os.geteuid() == 0 and shutil.which("apt-get"):
            c.run(
                "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium"
            )
        else:
            sys.exit("Browser tests need Debian's Chromium: sudo apt-get install chromium")
    if not (BROWSER_DEPS / "node_modules" / "axe-core").exists():
        if not shutil.which("npm"):
            sys.exit("Browser tests need Node.js and npm: sudo apt-get install nodejs npm")
        c.run(f"npm ci --prefix {BROWSER_DEPS} --no-audit --no-fund --silent")
