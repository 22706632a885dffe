"""Content checks: every author mistake of a build found in one run, one line each.

Two phases. As soon as Pelican has read every article and page (`page_generator_finalized`,
before any plugin's `all_generators_finalized` receiver could trip on a bad file), every
source file Pelican was given is checked as text (encoding, metadata header, code fences;
`source.py`) and the content as a whole site (languages, duplicate slugs, translations;
`checks.py`); errors stop the build there. Then, once the content index exists
(`all_generators_finalized`, after content_index), links and anchors are checked from it:
in a forked child when the build can fork (the related posts and graphs are made here
meanwhile), its problems taken in before the first page is written (`get_writer`).
Problems print as `path:line: severity: message`
(`problems.py`); errors, and warnings under CONTENT_CHECKS_STRICT, stop the build before
anything is written, with the whole list (a SystemExit: no traceback). The build runner
(`runner.py`, used by `invoke build/check/publish/serve`) prints the same report, adds
Pelican's own reader failures in the same format, and swaps the output in on success only.

With Pelican's content cache on, each file's own checks (encoding, header, fences) are
kept beside it (`CACHE_PATH/content_checks.pickle.shards/`, by the file's status:
`source.file_stamp`; only the shards holding a changed file are written again): a rebuild
reads and checks again only the files that changed; the site-wide checks always run.

Unknown tags are reported by the taxonomy plugin; they join this report, so one strict
setting decides for both. Unresolved wikilinks are reported by the related plugin.

Settings: see `config.py` (CONTENT_CHECKS_STRICT, CONTENT_CHECKS_EXTRA_METADATA,
CONTENT_CHECKS_MAX_FILE_BYTES, CONTENT_CHECKS_TRANSLATION_SEVERITY).

Data contract:

- `article.stale_translation_of: Article | None` - on a translation, its original (the
  DEFAULT_LANG version) when the original changed after it (the original's Modified, else
  Date, is later than the translation's Modified, else Date); None otherwise. Set on every
  published article; `theme/templates/partials/translation_notice.html` shows it.
- `context["content_problems"]: list[Problem]` - every problem of the build, sorted, notes
  included (`problems.Problem`: path, line, severity, message).
- Author-written summaries (`Summary:`) are escaped when the content object is created:
  inline formatting stays, any other HTML is shown as text (`summary.py`), in
  `content.metadata["summary"]` and so in `content.summary`, templates and feeds.
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import os
import pickle
import re
import time
import zlib
from functools import partial
from itertools import chain
from urllib.parse import urlsplit

# isort: off
from . import regex_memo  # first: Pelican's modules compile patterns as they are imported

regex_memo.install()
# isort: on
from pelican import contents as pelican_contents
from pelican import signals
from pelican.cache import FileStampDataCacher
from pelican.contents import Article, Page
from pelican.generators import ArticlesGenerator
from pelican.utils import get_date, slugify

from .checks import (
    Document,
    check_body,
    check_categories,
    check_duplicates,
    check_encoding,
    check_header,
    check_languages,
    check_links,
    check_site_paths,
    check_template,
    check_translations,
    parse_header_date,
    site_path_links,
)
from .config import ChecksConfig, ChecksConfigError
from .problems import ContentProblemsExit, Problem, display_path, fails, ordered, parse_problem
from .source import SourceText, file_stamp, read_source
from .summary import escape_author_html, without_permalinks
from .warm import load_pickle

logger = logging.getLogger(__name__)


# --- Reading --------------------------------------------------------------------------------


def escape_summary_html(content) -> None:
    """Show HTML written in `Summary:` as text (see summary.py)."""
    if not isinstance(content, Article | Page) or "summary" not in content.metadata:
        return
    summary = content.metadata["summary"]
    if isinstance(summary, str) and "<" in summary:
        safe = escape_author_html(summary)
        content.metadata["summary"] = safe
        content._summary = safe


# --- After reading: the checks ----------------------------------------------------------------


def _kind(source_id: str, content, settings) -> str:
    if isinstance(content, Article):
        return "article"
    if isinstance(content, Page):
        return "page"
    paths = settings.get("ARTICLE_PATHS") or []
    return "article" if any(source_id.startswith(p.rstrip("/") + "/") for p in paths) else "page"


def _document(content, record) -> Document:
    is_article = isinstance(content, Article)
    category = getattr(content, "category", None) if is_article else None
    info = record.text if record is not None else getattr(content, "text_info", None)
    return Document(
        id=content.relative_source_path.replace(os.sep, "/"),
        path=display_path(content.source_path),
        kind="article" if is_article else "page",
        lang=content.lang,
        slug=content.slug,
        title=str(content.title),
        translation_key=getattr(content, "translation_key", content.slug),
        explicit_key="translation_key" in content.metadata,
        date=getattr(content, "date", None) if is_article else None,
        modified=getattr(content, "modified", None),
        status=getattr(content, "status", "published"),
        category=str(category) if category is not None else None,
        category_slug=getattr(category, "slug", None),
        save_as=getattr(content, "save_as", ""),
        links=tuple(info.links) if info else (),
        images=tuple(info.images) if info else (),
        anchors=frozenset(info.anchors) if info else None,
    )


def _read_source(source_id: str, settings) -> SourceText | None:
    full = os.path.join(settings["PATH"], source_id)
    try:
        with open(full, "rb") as handle:
            raw = handle.read()
    except OSError:
        return None
    return read_source(raw, source_id, display_path(full), os.path.abspath(full))


def _theme_templates(settings) -> set[str]:
    """Names a `Template:` line may give: the theme's templates and the overrides'."""
    folders = [
        os.path.join(settings["THEME"], "templates"),
        *settings.get("THEME_TEMPLATES_OVERRIDES", []),
    ]
    names = set()
    for folder in folders:
        with contextlib.suppress(OSError):
            names.update(n[: -len(".html")] for n in os.listdir(folder) if n.endswith(".html"))
    return names


def _reader_failure(source_id: str, generator, settings) -> str:
    """Why Pelican could not read a file: read it again, only to get the exception."""
    reader = generator.readers.readers.get(source_id.rsplit(".", 1)[-1])
    if reader is not None:
        try:
            reader.read(os.path.join(settings["PATH"], source_id))
        except Exception as error:  # an author's file: report, never crash
            return f"{type(error).__name__}: {error}"
    return "Pelican skipped it"


CHECKED_CACHE = "content_checks.pickle"
"""Each source's own checks, by file stamp, beside Pelican's content cache (CACHE_PATH)."""


def _stamp(path: str) -> tuple[int, int, int, int] | None:
    try:
        return file_stamp(path)
    except OSError:
        return None


def stamp_files_by_status() -> None:
    """Pelican's content cache: a file is unchanged when its status is (`file_stamp`).

    With `CHECK_MODIFIED_METHOD = "mtime"` Pelican compares modification times only, and
    reads a file replaced by one of the same time (`git mv`, `cp -p`, a checkout) from the
    cache: its old text, then, everywhere. Once per process; other methods (a hash) stay.
    """
    if getattr(FileStampDataCacher.__init__, "stamps_by_status", False):
        return
    original = FileStampDataCacher.__init__

    def init(self, settings, cache_name, caching_policy, load_policy):
        # Loaded here, in shards (`ReaderCacheShards`), from a warm build process's copy
        # when it has one (warm.load_pickle). Compressed (GZIP_CACHE): Pelican's own file.
        ours = not settings["GZIP_CACHE"]
        original(self, settings, cache_name, caching_policy, load_policy and not ours)
        if ours:
            self._shards = ReaderCacheShards(self._cache_path)
            self._cache = self._shards.load() if load_policy else {}
        if self._filestamp_func is os.path.getmtime:
            self._filestamp_func = file_stamp

    def cache_data(self, filename, data):
        shards = getattr(self, "_shards", None)
        if shards is not None and self._cache_data_policy:
            shards.changed(filename)
        cache_data.original(self, filename, data)

    def save_cache(self):
        shards = getattr(self, "_shards", None)
        if shards is None:
            save_cache.original(self)
        elif self._cache_data_policy:
            try:
                shards.save(self._cache)
            except (OSError, pickle.PicklingError, TypeError) as error:
                logger.warning("Could not save the cache %s: %s", shards.folder, error)

    init.stamps_by_status = True
    cache_data.original = FileStampDataCacher.cache_data
    save_cache.original = FileStampDataCacher.save_cache
    FileStampDataCacher.__init__ = init
    FileStampDataCacher.cache_data = cache_data
    FileStampDataCacher.save_cache = save_cache


class ReaderCacheShards:
    """Pelican's reader cache as `SHARDS` files, of which a build writes the changed ones.

    Pelican pickles its whole cache in one file at every build: 19.7 MB at 1,000 article
    pairs, 0.05-0.08 s to write after an edit to one article. The checks' own cache
    (`CHECKED_CACHE`) is kept the same way (0.02 s to write whole). Here each file's entry goes
    to the shard its path falls in (a digest of the path, the same in every process);
    a shard is written when an entry in it was cached again (`changed`), or when it is
    missing. Entries are never dropped, as in Pelican's own file.
    """

    SHARDS = 16

    def __init__(self, cache_path: str) -> None:
        self.folder = cache_path + ".shards"
        self.single = cache_path  # Pelican's own file, from before: removed once sharded
        self.dirty: set[int] = set()
        self.missing: set[int] = set()

    def shard(self, filename: str) -> int:
        return zlib.crc32(filename.encode("utf-8", "surrogatepass")) % self.SHARDS

    def path(self, shard: int) -> str:
        return os.path.join(self.folder, f"{shard:02d}.pickle")

    def changed(self, filename: str) -> None:
        self.dirty.add(self.shard(filename))

    def load(self) -> dict:
        cache: dict = {}
        for shard in range(self.SHARDS):
            try:
                entries = load_pickle(self.path(shard))
            except Exception:  # none yet, or another format: read those files again  # noqa: BLE001
                self.missing.add(shard)
                continue
            if isinstance(entries, dict):
                cache.update(entries)
            else:
                self.missing.add(shard)
        return cache

    def save(self, cache: dict) -> None:
        if not os.path.isdir(self.folder):
            self.missing.update(range(self.SHARDS))
        todo = self.dirty | self.missing
        if not todo:
            return
        shards: dict[int, dict] = {shard: {} for shard in todo}
        for filename, entry in cache.items():
            found = shards.get(self.shard(filename))
            if found is not None:
                found[filename] = entry
        os.makedirs(self.folder, exist_ok=True)
        for shard, entries in shards.items():
            temporary = self.path(shard) + ".tmp"
            with open(temporary, "wb") as handle:
                pickle.dump(entries, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, self.path(shard))
        self.dirty.clear()
        self.missing.clear()
        with contextlib.suppress(OSError):
            os.remove(self.single)


def _load_checked(settings) -> tuple[dict, ReaderCacheShards]:
    """The last build's checks of each source, and the shards they are kept in."""
    shards = ReaderCacheShards(os.path.join(settings["CACHE_PATH"], CHECKED_CACHE))
    if not (settings.get("CACHE_CONTENT") and settings.get("LOAD_CONTENT_CACHE")):
        return {}, shards
    return shards.load(), shards


def _save_checked(settings, shards: ReaderCacheShards, before: dict, checked: dict) -> None:
    """Write the shards holding a source checked again, added or gone (after one edit: one).

    An unchanged source's entry is the very one read (`before`), so identity tells.
    """
    if not settings.get("CACHE_CONTENT"):
        return
    for source_id in before.keys() | checked.keys():
        if before.get(source_id) is not checked.get(source_id):
            shards.changed(source_id)
    shards.save(checked)


def read_date(value: str):
    """A header's date as Pelican reads it (its ISO forms without dateutil)."""
    return parse_header_date(value, get_date)


def _folder_lang(settings):
    """The language a source's folder gives it (PATH_METADATA's `lang`, as Pelican reads it)."""
    pattern = settings.get("PATH_METADATA") or ""
    if "(?P<lang>" not in pattern:
        return lambda source_id: None
    compiled = re.compile(pattern)

    def folder_lang(source_id: str) -> str | None:
        match = compiled.match(source_id)
        return match["lang"] if match else None

    return folder_lang


def _unbuilt_keys(built, sources, settings, folder_lang) -> dict[tuple[str, str], tuple[str, str]]:
    """{(kind, translation key): (id, lang)} of the files Pelican could not build.

    The key is read from the header as the bilingual plugin would: Translation_key, else
    Slug, else the slug Pelican makes from the title, so that the content paired with a
    broken file is told about that file, not that its key matches nothing.
    """
    found = {}
    for source_id, content in built.items():
        source = sources.get(source_id)
        if content is not None or source is None:
            continue
        field = source.get("translation_key") or source.get("slug")
        title = source.get("title")
        if field is not None:
            key = field.value.strip()
        elif title is not None and settings.get("SLUGIFY_SOURCE") == "title":
            key = slugify(
                title.value,
                regex_subs=settings.get("SLUG_REGEX_SUBSTITUTIONS", []),
                preserve_case=settings.get("SLUGIFY_PRESERVE_CASE", False),
                use_unicode=settings.get("SLUGIFY_USE_UNICODE", False),
            )
        else:
            key = os.path.splitext(os.path.basename(source_id))[0]
        lang = source.get("lang")
        lang = lang.value.strip() if lang else folder_lang(source_id) or settings["DEFAULT_LANG"]
        found[(_kind(source_id, None, settings), key)] = (source_id, lang)
    return found


_STATE = "_content_checks"
"""Context key of the checks' per-build state between the two phases (private)."""


def check_read_content(generator) -> None:
    """Phase 1, as soon as every article and page is read (`page_generator_finalized`).

    Runs before any plugin's `all_generators_finalized` receiver. Content with an error
    (an unknown language, no category...) is taken out of the generators' lists, as
    Pelican takes out the files it cannot read: the other plugins never see it, the rest
    of the site is still indexed and its links checked, and phase 2 fails the build with
    the whole list.
    """
    context, settings = generator.context, generator.settings
    started = time.perf_counter()
    try:
        config = ChecksConfig.from_settings(settings)
    except ChecksConfigError as error:
        raise SystemExit(f"error: {error}") from None

    built = dict(context.get("generated_content", {}))
    documents = [
        _document(content, None)
        for content in built.values()
        if isinstance(content, Article | Page)
    ]
    problems: list[Problem] = []
    # One file at a time: its text is checked, then forgotten (only its header stays).
    sources: dict[str, SourceText] = {}
    (checked_before, shards), checked = _load_checked(settings), {}
    for source_id in sorted(built):
        content = built.get(source_id)
        full = os.path.join(settings["PATH"], source_id)
        stamp = _stamp(full)
        before = checked_before.get(source_id)
        if before is not None and before[0] == stamp and before[1].path == display_path(full):
            # Unchanged since the last build (same settings and code: same cache folder).
            _, source, found = before
            checked[source_id], sources[source_id] = before, source
            problems += found
            continue
        source = _read_source(source_id, settings)
        if source is None:
            continue
        sources[source_id] = source
        if source.text is None:
            problems += check_encoding(source)
            continue
        status = source.get("status")
        draft = bool(status and status.value.strip().lower() == "draft")
        kind = _kind(source_id, content, settings)
        found = check_header(source, kind, read_date, config.extra_metadata, draft)
        found += check_body(source, config.max_file_bytes)
        source.forget_text()
        if content is None and not any(p.severity == "error" for p in found):
            reason = _reader_failure(source_id, generator, settings)
            found.append(
                Problem(source.path, None, "error", f"this file could not be read: {reason}")
            )
        elif stamp is not None:
            checked[source_id] = (stamp, source, found)
        problems += found
    _save_checked(settings, shards, checked_before, checked)
    templates = _theme_templates(settings)
    for source in sources.values():
        problems += check_template(source, templates)

    published = [d for d in documents if d.status == "published"]
    folder_lang = _folder_lang(settings)
    problems += check_languages(
        published,
        config.languages,
        sources,
        folder_lang,
        "(?P<lang>" in (settings.get("PATH_METADATA") or ""),
    )
    # Drafts too: two drafts with one slug collide in the preview, and would when published.
    problems += check_duplicates(
        [d for d in documents if d.status in ("published", "hidden", "draft")], sources
    )
    problems += check_categories(published, sources)
    translation_problems, stale = check_translations(
        documents,
        config.languages,
        config.default_lang,
        sources,
        config.translation_severity,
        _unbuilt_keys(built, sources, settings, folder_lang),
    )
    problems += translation_problems
    for source in sources.values():
        source.forget_header()  # from here on, only the lines of links are asked for
    state = context.setdefault(_STATE, {})
    state.update(
        config=config,
        sources=sources,
        problems=problems,
        stale=stale,
        seconds=time.perf_counter() - started,
    )
    context["content_problems"] = ordered(problems)  # so far; phase 2 completes it
    failed_paths = {p.path for p in problems if p.severity == "error"}
    failed = {d.id for d in documents if d.path in failed_paths}
    if failed:
        _set_aside(failed, [state.get("articles_gen"), generator])


def remember_articles_generator(generator) -> None:
    """Phase 1 runs on the pages generator; it needs the articles generator's lists too."""
    generator.context.setdefault(_STATE, {})["articles_gen"] = generator


_LISTS = (
    "articles", "translations", "drafts", "drafts_translations", "hidden_articles",
    "hidden_translations", "pages", "hidden_pages", "draft_pages", "draft_translations",
)  # fmt: skip


def _set_aside(ids: set[str], generators) -> None:
    """Take content whose file has an error out of the generators' lists (in place)."""
    for generator in generators:
        for name in _LISTS:
            items = getattr(generator, name, None)
            if isinstance(items, list):
                items[:] = [
                    c for c in items if c.relative_source_path.replace(os.sep, "/") not in ids
                ]


def check_links_and_report(generators) -> None:
    """Phase 2, once the content index exists (`all_generators_finalized`).

    The translation notices; then links and anchors, and the report: in a forked child
    when the build can fork, the report once the child is done (`finish_link_checks`).
    """
    articles_gen = next(g for g in generators if isinstance(g, ArticlesGenerator))
    context, settings = articles_gen.context, articles_gen.settings
    started = time.perf_counter()
    state = context.pop(_STATE, None)
    if state is None or "config" not in state:  # no PagesGenerator ran: nothing was checked
        return
    built = dict(context.get("generated_content", {}))
    index = context.get("content_index")
    _attach_stale_translations(articles_gen, state["stale"], built)
    # Connected now, not at registration, so that it runs last: after tidy_output has
    # removed what the last build wrote and this one did not.
    signals.finalized.connect(check_written_site_paths)
    static = set(context.get("static_content", {}))
    check = partial(_check_links, built, index, settings, state["sources"], static)
    job = _links_in_background(settings, check)
    state["seconds"] += time.perf_counter() - started
    if job is None:
        _report_links(context, settings, state, check())
    else:
        settings[_LINKS_JOB] = (job, check, context, state)


_LINKS_JOB = "_CONTENT_CHECKS_LINKS_JOB"
"""Settings key of the forked link checks (the Pelican object's `get_writer` has only it)."""


def _links_in_background(settings, check):
    """The link checks started in a forked child, or None where the build does not fork.

    Only with the build runner, which builds into a folder of its own: its report and
    strict decision come at `get_writer` as they would have come here.
    """
    if (
        not settings.get("BUILD_RUNNER")
        or settings.get("CHECK_ONLY")
        or not settings.get("PARALLEL_BUILD", True)
    ):
        return None
    base = __package__.rpartition(".")[0]
    name = ".".join(p for p in (base, "content_index", "parallel") if p)
    try:
        parallel = importlib.import_module(name)
    except ImportError:  # content_index not there: the checks run here
        return None
    job = parallel.ForkedCall(check, off_main_core=True)
    return job if job.forked else None


def finish_link_checks(pelican) -> None:
    """`get_writer`: the forked link checks' problems, and the report (see the module)."""
    pending = pelican.settings.pop(_LINKS_JOB, None)
    if pending is None:
        return
    job, check, context, state = pending
    try:
        found = job.join()
    except RuntimeError:  # the child failed: checked here, where an error shows as usual
        found = check()
    _report_links(context, pelican.settings, state, found)


def _check_links(built, index, settings, sources, static):
    """Links and anchors of the published content; the plain links to check once written.

    Returns (problems, the plain links and base path for `check_written_site_paths`,
    seconds).
    """
    started = time.perf_counter()
    documents = []
    for content in built.values():
        if isinstance(content, Article | Page) and getattr(content, "status", "") == "published":
            record = index.by_id.get(content.relative_source_path) if index else None
            documents.append(_document(content, record))
    # Link targets: every file Pelican was given; None for those it could not build.
    targets = {d.id: d for d in documents}
    for source_id, content in built.items():
        if source_id not in targets:
            targets[source_id] = _document(content, None) if content is not None else None
    intrasite = re.compile("^" + settings["INTRASITE_LINK_REGEX"])
    problems = check_links(
        documents,
        sources,
        targets,
        static,
        intrasite,
        lambda rel: os.path.isfile(os.path.join(settings["PATH"], rel)),
        _wikilink_resolver(index),
    )
    # Plain links to the site's own addresses are checked once the pages are written.
    base_path = urlsplit(settings.get("SITEURL") or "").path.rstrip("/")
    paths = site_path_links(documents, sources, intrasite, base_path)
    return problems, paths, base_path, time.perf_counter() - started


def _report_links(context, settings, state, found) -> None:
    problems, paths, base_path, seconds = found
    settings[_SITE_PATHS] = (paths, base_path, state["config"].strict)
    # The build_report plugin's stage timings, for the benchmark (the link checks' own
    # time, in the child when forked, as the search index's stages).
    timings = context.get("plugin_timings")
    if timings is not None:
        timings["content_checks"] = state["seconds"] + seconds
    _finish(context, state["config"], state["problems"] + problems)


def _wikilink_resolver(index):
    """`resolve(target, lang)` for wikilinks: the content index's, which the related plugin uses.

    Wikilinks are placeholders until the related plugin resolves them, after these
    checks; the anchors of `[[target#part]]` are checked here, like `{filename}` ones,
    on the target the related plugin will pick. The resolver is made on first use.
    """
    if index is None:
        return lambda target, lang: None
    return lambda target, lang: index.names.resolve(target, lang)


_SITE_PATHS = "_CONTENT_CHECKS_SITE_PATHS"
"""Settings key (shared by the generators and the Pelican object) of the links that
`check_written_site_paths` checks once the site is written."""


def check_written_site_paths(pelican) -> None:
    """`finalized`: plain links (`/fr/2012/x/`, `../x/`) that lead to no written page.

    Logged as warnings in the problems' format: the build runner counts them (strict
    mode fails on them, the output left as it was), as it does the taxonomy's. A strict
    build without the runner (the `pelican` command) stops here, its pages written.
    """
    pending = pelican.settings.pop(_SITE_PATHS, None)
    if not pending:
        return
    links, base_path, strict = pending
    output = pelican.output_path

    def exists(site_path: str) -> bool:
        target = os.path.join(output, site_path)
        return os.path.isfile(target) or os.path.isfile(os.path.join(target, "index.html"))

    problems = ordered(check_site_paths(links, exists, base_path))
    if problems and strict and not pelican.settings.get("BUILD_RUNNER"):
        raise ContentProblemsExit(problems, strict, written=True)
    for problem in problems:
        logger.warning(problem.format())


def _finish(context, config: ChecksConfig, problems: list[Problem]) -> None:
    """Publish the report; stop the build if it fails, else log each problem."""
    own = ordered(problems)
    # The taxonomy plugin logged its unknown tags (warnings) and its notes on tag addresses
    # already; they join the report and count for strict mode, so one setting decides for
    # every warning.
    lines = chain(context.get("taxonomy_problems", []), context.get("taxonomy_notes", []))
    taxonomy = [parse_problem(line) for line in lines]
    taxonomy = [Problem(display_path(p.path), p.line, p.severity, p.message) for p in taxonomy if p]
    everything = ordered(own + taxonomy)
    context["content_problems"] = everything
    if fails(everything, config.strict):
        raise ContentProblemsExit(everything, config.strict)
    for problem in own:
        level = logging.INFO if problem.severity == "note" else logging.WARNING
        logger.log(level, problem.format(), extra={"content_problem": problem})


def _attach_stale_translations(articles_gen, stale, built) -> None:
    for article in chain(articles_gen.articles, articles_gen.translations):
        original = stale.get(article.relative_source_path.replace(os.sep, "/"))
        article.stale_translation_of = built.get(original) if original else None


def register():
    # Once per process, before any summary is made (forked workers inherit it).
    pelican_contents.strip_toc_elements_from_html = without_permalinks(
        pelican_contents.strip_toc_elements_from_html
    )
    stamp_files_by_status()
    signals.content_object_init.connect(escape_summary_html)
    signals.article_generator_finalized.connect(remember_articles_generator)
    signals.page_generator_finalized.connect(check_read_content)
    signals.all_generators_finalized.connect(check_links_and_report)
    signals.get_writer.connect(finish_link_checks)
