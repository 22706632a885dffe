"""Related articles, wikilinks, backlinks and the graph of the site.

Every article lists its closest neighbours with the reason they are related, every article
and page lists the content that links to it, and each language gets a graph page and a
`graph.json`. The rules live in plain modules: `links.py` (wikilinks, link resolution),
`scoring.py` (related articles), `layout.py` and `graph.py` (the graph); this file adapts
Pelican objects to them.

Wikilinks (`[[slug]]`, `[[Title]]`, `[[slug|text]]`, `[[slug#part]]`): a Markdown extension
(`wikilinks.py`) renders placeholders while Pelican reads; once everything is read, they
become ordinary `{filename}` links, which Pelican turns into URLs like any hand-written
link, or visibly missing `<span class="wikilink wikilink--missing">` with a warning
naming the file and line.

Settings: `RELATED_*`, see `config.py` (every one is optional).

With Pelican's content cache on (`CACHE_CONTENT`, as `invoke build` runs), a rebuild
does again only what changed, exactly (the output is that of a build from nothing):

- `CACHE_PATH/related_ranking.pickle`: each article's related list with its signature,
  a digest of everything its ranking reads (`RelatedRanker.signatures`) and of the
  scoring code. After an edit, only the articles whose ranking reads the edited one are
  ranked again (0.6-0.9 s for all at 2,000 articles; tens of articles after an edit).
- `CACHE_PATH/related_layouts.pickle`: the graph layouts, by a digest of the graph and
  the layout code: a graph that did not change is not laid out again (0.3-0.4 s a
  language at 2,000 articles).
- `CACHE_PATH/related_site_graphs.pickle`: the last build's site graphs and graph.json
  texts, with a digest of everything they are made from (records, ranking, links, tag
  pages, settings, this plugin's code): while it is the same, they are taken as they are
  instead of being built again in a forked child (0.28 s of a core at 1,000 pairs).

Data contract (what templates and other plugins may use):

- `article.related_posts: list[RelatedPost]` (`RelatedPosts`) - best first; each has
  `content` (the related article), `score: float`, `foreign: bool` (in another language
  than the page) and `reasons: tuple[Reason, ...]` (`Reason.kind` in "links_to", "linked_from",
  "links_both", "tags", "terms"; `items`: tag labels in the page's language or words of
  the text; `count`).
- `content.backlinks: list[Content]` - articles and pages linking to this content or to
  its translation, in the content's language where they exist in it (newest first).
- `content.outlinks: list[Content]` - the content this one links to, the same way.
- `article.local_graph: LocalGraphPlan | None` - the small graph drawn under an article:
  `width`, `height`, `nodes` and `edges` as a `LocalGraph` has them, drawn when read.
- `context["related_links"]: dict[str, list[str]]` - {source id: target ids}, ids being
  source paths relative to the content folder, `{filename}` links and wikilinks together.
- `context["related_group_links"]: dict[str, frozenset[str]]` - the same between groups
  (an article and its translations, keyed "article:<translation key>").
- `context["related"]: dict[str, list[scoring.Related]]` - the ranking as plain data;
  `context["related_ranked"]: int` - how many articles this build ranked (the others'
  lists were kept from the last build).
- `context["related_graph"]: dict[str, SiteGraph]` - per language (graph.py documents
  the graph.json schema), without its `edges` (empty): the graph page draws them from
  `edge_paths`, and they are in the graph.json text. Built in a forked child while the
  pages are written: it is in the context once the graph generator has run, or on demand
  through `site_graphs(context)`.
- `context["related_graph_json"]: dict[str, str]` - per language, the text of graph.json
  (nodes and edges), there at the same time; `context["related_graphs_kept"]: bool` -
  whether they are the last build's (`related_site_graphs.pickle`).
- `context["related_problems"]: list[str]` - unresolved wikilinks, as printed.
- `context["plugin_timings"]["related"]: float` - seconds spent in this plugin;
  `context["related_timings"]: dict[str, float]` - the same per stage.
- Jinja: `graph_url(lang) -> str` - URL of a language's graph page ("" when switched off).
"""

from __future__ import annotations

import difflib
import hashlib
import importlib
import json
import logging
import os
import pickle
import time
import tomllib
from collections import ChainMap, Counter
from collections.abc import Callable
from dataclasses import astuple, dataclass, replace
from functools import partial
from itertools import chain
from typing import Any

from pelican import signals
from pelican.generators import ArticlesGenerator, Generator, PagesGenerator

from . import scoring
from .config import RelatedConfig, RelatedConfigError
from .graph import (
    Cluster,
    GraphEdge,
    GraphNode,
    NodeRef,
    SiteGraph,
    build_site_graph,
    plan_local_graph,
    strongest_related,
)
from .layout import Layout
from .links import (
    group_links,
    invert_links,
    links_from_records,
    representative,
    rewrite_placeholders,
    wikilink_line,
)
from .scoring import (
    KeptSignatures,
    KeptVectors,
    Reason,
    Related,
    RelatedRanker,
    best_forms,
    docs_from_records,
    form_counts,
    group_key,
    join_link_reasons,
    surface_forms,
)
from .wikilinks import WikilinkExtension

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class RelatedPost:
    """One entry of an article's related list, ready for the template."""

    content: Any
    score: float
    reasons: tuple[Reason, ...]
    foreign: bool

    def fingerprint_parts(self) -> tuple[tuple, tuple]:
        """Every field, for `incremental_pages` (one call per entry on every article page)."""
        reasons = tuple((r.kind, r.items, r.count) for r in self.reasons)
        return (self.score, self.foreign, reasons), (self.content,)


class RelatedPosts(list):
    """An article's related list (of RelatedPost): a list, told to `incremental_pages` whole.

    Every article page's fingerprint reads it: its entries' fields in one call, not one
    per entry (10,265 entries at 1,000 pairs, 7 % of the pages' fingerprints).
    """

    __slots__ = ()

    def fingerprint_parts(self) -> tuple[tuple, tuple]:
        plain = tuple(
            (p.score, p.foreign, tuple((r.kind, r.items, r.count) for r in p.reasons)) for p in self
        )
        return plain, tuple(p.content for p in self)


# --- Settings and Markdown ---------------------------------------------------------------------


def _config(settings) -> RelatedConfig:
    try:
        return RelatedConfig.from_settings(settings)
    except RelatedConfigError as error:
        # A settings mistake: one clear line and a failed build, no traceback.
        raise SystemExit(f"error: {error}") from None


def add_wikilink_extension(pelican) -> None:
    """Check the settings, and register the wikilink Markdown extension.

    The MARKDOWN dict is copied, never changed in place: it may be the one from
    pelicanconf.py, shared by every build of an autoreload session.
    """
    _config(pelican.settings)
    markdown = dict(pelican.settings.get("MARKDOWN") or {})
    extensions = list(markdown.get("extensions") or [])
    if not any(isinstance(e, WikilinkExtension) for e in extensions):
        extensions.append(WikilinkExtension())
    markdown["extensions"] = extensions
    pelican.settings["MARKDOWN"] = markdown


def install_graph_url(generator) -> None:
    settings = generator.settings
    offline = bool(settings.get("OFFLINE_URLS", False))
    enabled = _config(settings).graph_enabled

    def graph_url(lang: str) -> str:
        return _url(f"{lang}/graph/index.html", offline) if enabled else ""

    generator.env.globals["graph_url"] = graph_url


def _url(save_as: str, offline: bool) -> str:
    return save_as if offline else save_as[: -len("index.html")]


# --- After reading --------------------------------------------------------------------------------


def _generators(generators):
    articles_gen = next(g for g in generators if isinstance(g, ArticlesGenerator))
    pages_gen = next((g for g in generators if isinstance(g, PagesGenerator)), None)
    return articles_gen, pages_gen


def _all_contents(articles_gen, pages_gen) -> list:
    """Every content object, drafts and hidden ones included (they may hold wikilinks)."""
    names = (
        "articles",
        "translations",
        "drafts",
        "drafts_translations",
        "hidden_articles",
        "hidden_translations",
        "pages",
        "hidden_pages",
        "draft_pages",
        "draft_translations",
    )
    seen, contents = set(), []
    for generator in (articles_gen, pages_gen):
        for name in names:
            for content in getattr(generator, name, None) or ():
                if id(content) not in seen:
                    seen.add(id(content))
                    contents.append(content)
    return contents


def _timed(context, stage: str, started: float) -> None:
    seconds = time.perf_counter() - started
    stages = context.setdefault("related_timings", {})
    stages[stage] = stages.get(stage, 0.0) + seconds
    timings = context.setdefault("plugin_timings", {})
    timings["related"] = timings.get("related", 0.0) + seconds


REWRITES_BETWEEN_TRIMS = 100
"""Bodies rewritten between two returns of freed memory to the system (malloc_trim)."""


def resolve_wikilinks_and_links(generators) -> None:
    """Turn wikilink placeholders into links, report the missing ones, map every link."""
    started = time.perf_counter()
    articles_gen, pages_gen = _generators(generators)
    context = articles_gen.context
    index = context.get("content_index")
    if index is None:
        logger.warning("related: the content_index plugin must run before this one")
        return
    languages = context["bilingual"].languages
    records = index.records
    resolver = index.names
    links, missing = links_from_records(records, resolver)
    context["related_links"] = links
    rewrite = wikilink_rewriter(articles_gen.settings, languages, resolver)
    free_memory = _parallel().return_free_memory
    rewritten = 0
    for content in _all_contents(articles_gen, pages_gen):
        lang = getattr(content, "lang", languages[0])
        for attribute in ("_content", "_summary"):
            html = getattr(content, attribute, None)
            if html and "{wikilink}" in html:
                setattr(content, attribute, rewrite(html, lang))
                rewritten += 1
                if rewritten % REWRITES_BETWEEN_TRIMS == 0:
                    # A new body rarely fits where the old one was freed: without this,
                    # the heap grows by most of the rewritten bodies (9 MB at 1,000
                    # pairs) before the holes are given back.
                    free_memory()
    problems = _report_missing(missing, index, languages)
    context["related_problems"] = problems
    # The bodies replaced above are freed; give their memory back before ranking.
    free_memory()
    _timed(context, "links", started)


def wikilink_rewriter(settings, languages, resolver) -> Callable[[str, str], str]:
    """`rewrite(html, lang)`: the wikilink placeholders of `html` as links, for a `lang` page.

    A wikilink that names nothing is shown as missing, in the page's language. Used for
    every body of a build, and by content_checks' quick page for one body.
    """
    templates = _missing_title_templates(settings, languages)
    titles = resolver.titles  # hidden content's too: a wikilink may name it

    def rewrite(html: str, lang: str) -> str:
        if "{wikilink}" not in html:
            return html
        return rewrite_placeholders(
            html,
            lambda target: resolver.resolve(target, lang),
            titles.__getitem__,
            templates.get(lang, "{target}"),
        )

    return rewrite


def _missing_title_templates(settings, languages) -> dict[str, str]:
    """The tooltip of a missing wikilink, per language, from the theme's UI strings."""
    result = {}
    for lang in languages:
        path = os.path.join(settings["THEME"], "translations", f"{lang}.toml")
        try:
            with open(path, "rb") as handle:
                result[lang] = tomllib.load(handle).get("wikilink_missing", "{target}")
        except OSError:
            result[lang] = "{target}"
    return result


def _report_missing(missing, index, languages) -> list[str]:
    problems = []
    slugs: dict[str, list[str]] = {}
    for record in index.records:
        slugs.setdefault(record.lang, []).append(record.slug)
    for n, problem in enumerate(missing):
        record = index.by_id[problem.source_id]
        path = getattr(record.content, "source_path", problem.source_id)
        line = None
        try:
            with open(path, encoding="utf-8", errors="replace") as handle:
                line = wikilink_line(handle.read(), problem.target)
        except OSError:
            pass
        where = f"{path}:{line}" if line else path
        if problem.candidates:
            message = (
                f"{where}: warning: wikilink [[{problem.target}]] names "
                f"{len(problem.candidates)} pieces of content: {', '.join(problem.candidates)}; "
                f"it links to the first. Link with {{filename}} to the one you mean, or give "
                "the others another slug and title."
            )
            problems.append(message)
            logger.warning(message)
            continue
        draft = index.draft_names.resolve(problem.target, record.lang)
        if draft is not None:
            message = (
                f"{where}: warning: wikilink [[{problem.target}]] names {draft}, which is not "
                "published (Status: draft): it shows as a missing link until that file is published."
            )
            problems.append(message)
            logger.warning(message)
            continue
        # Suggestions cost a scan of every slug: only for the first few problems.
        close = (
            difflib.get_close_matches(problem.target, slugs.get(record.lang, []), n=1)
            if n < 20
            else []
        )
        hint = f" Did you mean [[{close[0]}]]?" if close else ""
        message = (
            f"{where}: warning: unresolved wikilink [[{problem.target}]] — no article or page "
            f"has this slug or title in {' or '.join(languages)}.{hint} Fix the target, or "
            f"link with [[slug|text]] where slug is the target's Slug."
        )
        problems.append(message)
        logger.warning(message)
    return problems


def attach_related_posts(generators) -> None:
    """Rank related articles and attach them, with reasons in the page's language.

    Not when the build only checks the content (`CHECK_ONLY`): nothing to report there,
    and the local and site graphs, which need them, are not made either.
    """
    started = time.perf_counter()
    articles_gen, _ = _generators(generators)
    context = articles_gen.context
    index = context.get("content_index")
    if index is None or "related_links" not in context or articles_gen.settings.get("CHECK_ONLY"):
        return
    config = _config(articles_gen.settings)
    languages = context["bilingual"].languages
    group_of = {r.id: group_key(r.kind, r.translation_key) for r in index.records}
    grouped = group_links(context["related_links"], group_of)
    context["related_group_links"] = grouped
    vectors_file = _cache_file(articles_gen.settings, VECTORS_CACHE)
    kept = _read_vectors(vectors_file)
    ranker = RelatedRanker(
        docs_from_records(index.records),
        grouped,
        languages,
        config,
        kept=kept,
        code=_code_digest(scoring.__file__),
        previous_terms=index.previous_terms,
    )
    if vectors_file is not None:
        _keep_vectors(vectors_file, ranker, kept)
    related = _ranked(ranker, _cache_file(articles_gen.settings, RANKING_CACHE), context)
    context["related"] = related
    words = _surface_words(
        index, related, group_of, _cache_file(articles_gen.settings, WORDS_CACHE)
    )
    taxonomy = context.get("taxonomy")
    links = context["related_links"]
    # Most reasons recur, on many pages, as one object (`_read_ranking`): by its id, with
    # the object itself to check (hashing a reason's fields is most of a lookup's time).
    said: dict[tuple[int, str, str], tuple[Reason, Reason]] = {}

    def shown(reason: Reason, page_lang: str, text_lang: str) -> Reason:
        if reason.kind not in _WORDED:
            return reason
        key = (id(reason), page_lang, text_lang)
        found = said.get(key)
        if found is None or found[0] is not reason:
            found = said[key] = (reason, _shown(reason, page_lang, text_lang, taxonomy, words))
        return found[1]

    for record in index.records:
        if record.kind != "article":
            continue
        entries = RelatedPosts()
        for entry in related.get(record.id, ()):
            # A link both ways is one reason ("links both ways"), said once the links
            # the two versions shown hold are known.
            reasons = join_link_reasons(
                shown(reason, record.lang, entry.lang)
                for reason in entry.reasons
                if reason.kind not in _LINK_KINDS
                or _link_shown(reason, record.id, entry.id, links, group_of)
            )
            entries.append(
                RelatedPost(
                    content=index.by_id[entry.id].content,
                    score=entry.score,
                    reasons=reasons,
                    foreign=entry.lang != record.lang,
                )
            )
        record.content.related_posts = entries
    _timed(context, "scoring", started)


def _link_shown(reason, page_id: str, shown_id: str, links, group_of) -> bool:
    """Whether a link reason is true of the two versions the page shows.

    Articles rank by the links of an article and its translations together; "cited by
    this article" is said only when this page's text has the link, "cites this article"
    only when the version listed has it (the French original's link alone made the
    English page claim it).
    """
    if reason.kind == "links_to":
        source, target = page_id, shown_id
    elif reason.kind == "linked_from":
        source, target = shown_id, page_id
    else:
        return True
    return any(group_of.get(t) == group_of[target] for t in links.get(source, ()))


VECTORS_CACHE = "related_vectors.pickle"
"""The last build's article vectors per language (`scoring.KeptVectors`), and how many
articles hold each term, beside Pelican's content cache: after an edit, only the
articles whose terms or weights moved get a new vector, and only the terms of the
articles edited are counted again."""
_VECTORS_FORMAT = 2


def _read_vectors(path: str | None) -> dict[str, KeptVectors]:
    if path is None:
        return {}
    return _read_cache(path, _VECTORS_FORMAT, _vectors_of)


def _vectors_of(plain: dict) -> dict[str, KeptVectors]:
    """The kept vectors of a cache file's data; a file of another shape keeps none."""
    kept = {}
    for lang, (salt, idf, vectors, df) in plain.items():
        if not (
            isinstance(salt, bytes)
            and isinstance(idf, dict)
            and isinstance(vectors, dict)
            and isinstance(df, dict)
        ):
            return {}
        for entry in vectors.values():
            if not (type(entry) is tuple and len(entry) == 2 and isinstance(entry[1], dict)):
                return {}
        kept[lang] = KeptVectors(salt, idf, vectors, df)
    return kept


def _keep_vectors(path: str, ranker: RelatedRanker, kept: dict[str, KeptVectors]) -> None:
    """Write this build's vectors, unless each language's are the ones kept."""
    now = ranker.kept_vectors()
    if (
        all(
            (old := kept.get(lang)) is not None
            and index.reused == len(index.docs)
            and old.salt == index.salt
            and old.idf == index.idf
            and old.df == index.document_frequencies
            and old.vectors.keys() == now[lang].vectors.keys()
            for lang, index in ranker.by_lang.items()
        )
        and kept.keys() == now.keys()
    ):
        return
    # Plain tuples: readable whatever name the plugin was imported under.
    plain = {lang: (v.salt, v.idf, v.vectors, v.df) for lang, v in now.items()}
    _write_cache(path, (_VECTORS_FORMAT, plain))


RANKING_CACHE = "related_ranking.pickle"
"""The last build's related lists with their signatures, and what the signatures read
(`scoring.KeptSignatures`), beside Pelican's content cache."""
_RANKING_FORMAT = 2


def _ranked(ranker: RelatedRanker, path: str | None, context) -> dict[str, list[Related]]:
    """Every article's related list; with `path`, kept from the last build where it can be.

    A kept list is used when the article's signature (everything its ranking reads, and
    the scoring code) is the one it had then: after an edit, only the articles whose
    ranking reads the edited article are ranked again. The signatures themselves are
    made again only for the articles that read something that changed.
    """
    order = [ranker.article_id(lang, i) for lang, i in ranker.articles]
    if path is None:
        related = ranker.rank(ranker.articles)
        context["related_ranked"] = len(order)
        return related
    kept, state, kept_plain = _read_ranking(path)
    signed = None
    if state is not None:
        key, docs = state
        signed = KeptSignatures(key, docs, {i: entry[0] for i, entry in kept.items()})
    signatures = ranker.signatures(_code_digest(scoring.__file__), signed)
    todo = [
        article
        for article, article_id in zip(ranker.articles, order, strict=True)
        if kept.get(article_id, ("",))[0] != signatures[article_id]
    ]
    fresh = ranker.rank(todo)
    related = {i: fresh[i] if i in fresh else kept[i][1] for i in order}
    now = ranker.kept_signatures()
    if todo or kept.keys() != set(order) or state is None or state[0] != now.key:
        # A list kept is written back as it was read: only the lists ranked again are
        # turned into plain tuples (most of the time of writing 2,053 lists).
        plain = {
            i: kept_plain[i]
            if i not in fresh and i in kept_plain
            else _plain_entry(signatures[i], related[i])
            for i in order
        }
        _write_cache(path, (_RANKING_FORMAT, {"lists": plain, "signed": (now.key, now.docs)}))
    context["related_ranked"] = len(todo)
    context["related_signed"] = ranker.signed
    return related


def _code_digest(*paths: str) -> bytes:
    digest = hashlib.blake2b(digest_size=16)
    for path in paths:
        with open(path, "rb") as source:
            digest.update(source.read())
    return digest.digest()


def _read_ranking(path: str) -> tuple[dict[str, tuple[str, list[Related]]], tuple | None, dict]:
    """The last build's lists: (as objects, (key, docs) of `KeptSignatures`, as stored).

    The lists are {article id: (signature, related)}; the last, plain tuples as the file
    holds them (`_plain_entry`), to write back those kept without turning them again.
    """

    def lists(plain: dict) -> dict:
        reasons_read: dict[tuple, Reason] = {}  # one object for the reasons many pairs share

        def reason_of(fields: tuple) -> Reason:
            found = reasons_read.get(fields)
            if found is None:
                found = reasons_read[fields] = Reason(*fields)
            return found

        key, docs = plain["signed"]
        if not (isinstance(key, bytes) and isinstance(docs, dict)):
            return {}
        ranking = {
            article_id: (
                signature,
                [
                    Related(id, lang, score, tuple(map(reason_of, reasons)))
                    for id, lang, score, reasons in entries
                ],
            )
            for article_id, (signature, entries) in plain["lists"].items()
        }
        return {"lists": ranking, "signed": (key, docs), "plain": plain["lists"]}

    found = _read_cache(path, _RANKING_FORMAT, lists)
    return found.get("lists", {}), found.get("signed"), found.get("plain", {})


def _plain_entry(signature: str, entries: list[Related]) -> tuple[str, list[tuple]]:
    """An article's list as the ranking file holds it.

    Plain tuples: readable whatever name the plugin was imported under.
    """
    return (
        signature,
        [(e.id, e.lang, e.score, [(r.kind, r.items, r.count) for r in e.reasons]) for e in entries],
    )


_WORDED = frozenset({"tags", "terms"})
"""Reasons whose items are shown as words (`_shown`); the others are shown as they are."""
_LINK_KINDS = frozenset({"links_to", "linked_from"})
"""Reasons true of a pair of versions only if one links to the other (`_link_shown`)."""


def _shown(reason: Reason, page_lang: str, text_lang: str, taxonomy, words) -> Reason:
    """A reason with display items: tag labels in the page's language, words of the text."""
    if reason.kind == "tags":
        labels = []
        for concept_id in reason.items:
            concept = taxonomy.get(concept_id) if taxonomy is not None else None
            labels.append(concept.label(page_lang) if concept else concept_id)
        return Reason(reason.kind, tuple(labels), reason.count)
    if reason.kind == "terms":
        items = tuple(words.get((text_lang, s), s) for s in reason.items)
        return Reason(reason.kind, items, reason.count)
    return reason


WORDS_CACHE = "related_words.pickle"
"""Per language: the written forms of the stems shown so far, with what they were read in."""
_WORDS_FORMAT = 1


def _surface_words(index, related, group_of, path: str | None = None) -> dict[tuple[str, str], str]:
    """{(lang, stem): the word as written}, only for the stems shown in reasons.

    Titles and headings of the language first (short); the body of the article the terms
    were compared in only for stems still missing. With `path`, the counts of the forms
    found in titles and headings are kept from the last build while those texts and the
    analyzer are the same (tokenising them again is most of this step's time): only
    stems not looked for then are counted.
    """
    # The analyzer of the plugin that made the records (top-level `content_index` in a
    # build, `plugins.content_index` when the bench imports it).
    package = type(index).__module__.rsplit(".", 1)[0]
    analysis = importlib.import_module(f"{package}.analysis")
    tokens = analysis.iter_tokens
    extract_text = importlib.import_module(f"{package}.extract").extract_text
    member = {(group_of[r.id], r.lang): r.id for r in index.records}
    wanted: dict[str, set[str]] = {}
    sources: dict[tuple[str, str], set[str]] = {}
    for article_id, entries in related.items():
        for entry in entries:
            for reason in entry.reasons:
                if reason.kind == "terms":
                    source = member.get((group_of[article_id], entry.lang), entry.id)
                    wanted.setdefault(entry.lang, set()).update(reason.items)
                    for stem in reason.items:
                        sources.setdefault((entry.lang, stem), set()).add(source)
    kept = _read_words(path) if path is not None else {}
    code = _code_digest(analysis.__file__, str(analysis.DATA_PATH), scoring.__file__)
    words: dict[tuple[str, str], str] = {}
    changed = False
    for lang, stems in sorted(wanted.items()):
        short = list(
            chain.from_iterable(
                (r.title, *(h.text for h in r.text.headings))
                for r in index.records
                if r.lang == lang
            )
        )
        # The texts as marshal writes them: each one's length, then its characters.
        key = hashlib.blake2b(code + scoring._bytes(short), digest_size=16).digest()
        found_key, looked_for, counts = kept.get(lang, (None, frozenset(), {}))
        if found_key != key:
            looked_for, counts = frozenset(), {}
        missing = stems - looked_for
        if missing:
            counts = {**counts, **form_counts(short, lang, missing, tokens)}
            kept[lang] = (key, looked_for | missing, counts)
            changed = True
        words.update(((lang, stem), word) for stem, word in best_forms(counts, stems).items())
    if changed and path is not None:
        _write_cache(path, (_WORDS_FORMAT, kept))
    missing_by_source: dict[str, set[str]] = {}
    for (lang, stem), ids in sources.items():
        if (lang, stem) not in words:
            missing_by_source.setdefault(min(ids), set()).add(stem)
    for source, stems in sorted(missing_by_source.items()):
        record = index.by_id[source]
        # The body's text from its HTML: the plain texts are let go once search has them.
        html = getattr(record.content, "_content", None)
        text = extract_text(html).text if html else record.text.text
        found = surface_forms([text], record.lang, stems, tokens)
        words.update(((record.lang, stem), word) for stem, word in found.items())
    return words


def _read_words(path: str) -> dict[str, tuple[bytes, frozenset, dict]]:
    def entries(plain: dict) -> dict:
        return {
            lang: (key, frozenset(looked_for), {s: Counter(c) for s, c in counts.items()})
            for lang, (key, looked_for, counts) in plain.items()
        }

    return _read_cache(path, _WORDS_FORMAT, entries)


def attach_backlinks(generators) -> None:
    """Backlinks and outlinks of every article and page, in its language."""
    started = time.perf_counter()
    articles_gen, _ = _generators(generators)
    context = articles_gen.context
    index = context.get("content_index")
    if index is None or "related_links" not in context:
        return
    languages = context["bilingual"].languages
    members = _members(index.records)
    group_of = {r.id: group_key(r.kind, r.translation_key) for r in index.records}
    grouped = context.get("related_group_links") or group_links(context["related_links"], group_of)
    incoming = invert_links(grouped)
    links = context["related_links"]
    for record in index.records:
        group = group_of[record.id]
        # A backlink's listed version, and this page's own text, must hold the link: the
        # links of a translation alone are not this page's (`_link_shown`).
        backlinks = _shown_contents(incoming.get(group, ()), members, record.lang, languages)
        record.content.backlinks = [c for c in backlinks if _links(links, _id(c), group, group_of)]
        record.content.outlinks = _shown_contents(
            {group_of[t] for t in links.get(record.id, ())} - {group},
            members,
            record.lang,
            languages,
        )
    _timed(context, "backlinks", started)


def _links(links, source_id: str, group: str, group_of) -> bool:
    return any(group_of.get(t) == group for t in links.get(source_id, ()))


def _id(content) -> str:
    return content.relative_source_path.replace("\\", "/")


def _members(records) -> dict[str, dict[str, Any]]:
    members: dict[str, dict[str, Any]] = {}
    for record in records:
        members.setdefault(group_key(record.kind, record.translation_key), {}).setdefault(
            record.lang, record
        )
    return members


def _shown_contents(groups, members, lang, languages) -> list:
    shown = [representative(members[g], lang, languages) for g in groups if g in members]
    # Newest articles first, then pages by title.
    shown.sort(key=lambda r: (r.kind != "article", -_day(r.date), r.title.casefold(), r.id))
    return [r.content for r in shown]


def _day(iso: str | None) -> int:
    from datetime import datetime

    return datetime.fromisoformat(iso).toordinal() if iso else 0


def build_graphs(generators) -> None:
    """The site graph of each language and the local graph of each article."""
    started = time.perf_counter()
    articles_gen, _ = _generators(generators)
    context = articles_gen.context
    index = context.get("content_index")
    if index is None or "related" not in context:
        return
    config = _config(articles_gen.settings)
    languages = context["bilingual"].languages
    related = context["related"]
    grouped = context["related_group_links"]
    tag_pages = context.get("tag_pages", {})
    tags = {
        lang: {cid: (p.url, p.label) for cid, p in tag_pages.get(lang, {}).items()}
        for lang in languages
    }
    kept_file = _cache_file(articles_gen.settings, SITE_GRAPHS_CACHE)
    inputs = (
        site_graph_inputs(index.records, related, grouped, languages, config, tags)
        if kept_file is not None
        else b""
    )
    kept = _read_site_graphs(kept_file, inputs) if kept_file is not None else None
    context["related_graphs_kept"] = kept is not None
    if kept is not None:  # made from the same inputs by the same code: the same graphs
        context[_SITE_GRAPHS] = _forked_call()(lambda: (*kept, 0.0), parallel=False)
    else:
        site_graphs = partial(
            _site_graphs,
            index.records,
            related,
            grouped,
            languages,
            config,
            tags,
            _cache_file(articles_gen.settings, LAYOUTS_CACHE),
            (kept_file, inputs) if kept_file is not None else None,
        )
        # Only the graph pages need the site graphs, and they are written last: the layout
        # is computed in a forked child on another core meanwhile (joined by
        # RelatedGraphGenerator).
        context[_SITE_GRAPHS] = _forked_call()(
            site_graphs,
            parallel=config.graph_enabled and articles_gen.settings.get("PARALLEL_BUILD", True),
            # The layout needs the records, not Pelican's rendered pages.
            in_child=partial(_content_index().release_rendered_bodies, index),
            # After a few edits, most layouts come from the cache: the child leaves this
            # process's core to it (see parallel.keep_off_main_core).
            off_main_core=index.mostly_unchanged,
        )
    _attach_local_graphs(index, related, grouped, context["related_links"], languages, config)
    _timed(context, "graph", started)


_SITE_GRAPHS = "_related_site_graphs"
"""Context key of the forked call that builds the site graphs (private)."""


def _site_graphs(
    records,
    related,
    grouped,
    languages,
    config,
    tags,
    layouts_file: str | None = None,
    kept: tuple[str, bytes] | None = None,
) -> tuple[dict, dict, float]:
    """({lang: SiteGraph without its edges}, {lang: graph.json text}, layout seconds).

    A plain function, run in a forked child; the JSON too, the main process only
    writes it. With `layouts_file`, the layouts of the last build are read from it and
    those of this build written to it (`LAYOUTS_CACHE`). With `kept` (a file and the
    digest of the inputs, `site_graph_inputs`), the result is written there for the next
    build (`SITE_GRAPHS_CACHE`).
    """
    graphs, texts = {}, {}
    layout_seconds = 0.0
    known = _read_layouts(layouts_file)
    layouts: dict = {}  # this build's: the file keeps no others
    if config.graph_enabled:
        for lang in languages:
            graph = build_site_graph(
                records,
                related,
                grouped,
                lang,
                languages,
                config,
                tag_urls={cid: url for cid, (url, _label) in tags[lang].items()},
                tag_labels={cid: label for cid, (_url, label) in tags[lang].items()},
                layouts=ChainMap(layouts, known),
            )
            layout_seconds += graph.layout_seconds
            # dumps, not dump: json.dump encodes in pure Python, dumps in C (~10x faster).
            texts[lang] = json.dumps(graph.to_json(), sort_keys=True, ensure_ascii=False)
            # The edges are in the text and in `edge_paths`: as objects, sent back to the
            # main process, they would be its largest allocation of the build's end (46 MB
            # at 5,000 article pairs).
            graphs[lang] = replace(graph, edges=[])
    if layouts_file is not None and layouts.keys() != known.keys():
        _write_layouts(layouts_file, layouts)
    if kept is not None:
        path, inputs = kept
        plain = {lang: _plain_graph(graph) for lang, graph in graphs.items()}
        _write_cache(
            path, (_SITE_GRAPHS_FORMAT, {"inputs": inputs, "graphs": plain, "texts": texts})
        )
    return graphs, texts, layout_seconds


SITE_GRAPHS_CACHE = "related_site_graphs.pickle"
"""The last build's site graphs and their graph.json texts, with the digest of what they
were made from (`site_graph_inputs`), beside Pelican's content cache."""
_SITE_GRAPHS_FORMAT = 1


def site_graph_inputs(records, related, grouped, languages, config, tags) -> bytes:
    """A digest of everything `_site_graphs` reads, and of this plugin's code.

    Equal digests, equal graphs: the graphs are a function of these values alone (their
    layouts too, which `LAYOUTS_CACHE` only saves computing). Of the records, the fields
    graph.py reads; of the ranking, each article's strongest related articles
    (`graph.strongest_related`: an edit that moves scores but not those keeps the graphs).
    """
    package = os.path.dirname(__file__)
    code = sorted(
        os.path.join(package, name) for name in os.listdir(package) if name.endswith(".py")
    )
    values = (
        repr(config),
        tuple(languages),
        [
            (r.id, r.kind, r.lang, r.translation_key, r.title, r.url, r.category, tuple(r.tag_ids))
            for r in records
        ],
        list(strongest_related(related, config).items()),
        sorted((group, sorted(targets)) for group, targets in grouped.items()),
        sorted((lang, sorted(by_id.items())) for lang, by_id in tags.items()),
    )
    digest = hashlib.blake2b(_code_digest(*code), digest_size=16)
    digest.update(scoring._bytes(values))
    return digest.digest()


def _read_site_graphs(path: str, inputs: bytes) -> tuple[dict, dict] | None:
    """(graphs, texts) kept from the last build, if made from `inputs`; else None."""

    def kept(data: dict) -> dict:
        if data.get("inputs") != inputs:
            return {}
        graphs = {lang: _graph_of(plain) for lang, plain in data["graphs"].items()}
        return {"graphs": graphs, "texts": dict(data["texts"])}

    found = _read_cache(path, _SITE_GRAPHS_FORMAT, kept)
    return (found["graphs"], found["texts"]) if found else None


def _plain_graph(graph: SiteGraph) -> tuple:
    """A site graph as nested tuples (readable whatever name the plugin was imported under)."""
    return astuple(graph)


def _graph_of(plain: tuple) -> SiteGraph:
    """The site graph `_plain_graph` gave `plain` for (its timing aside: not an input)."""
    lang, nodes, edges, width, height, categories, clusters, paths, _, labelled, unit = plain

    def node(fields: tuple) -> GraphNode:
        return GraphNode(*fields)

    return SiteGraph(
        lang=lang,
        nodes=[node(n) for n in nodes],
        edges=[GraphEdge(*e) for e in edges],
        width=width,
        height=height,
        categories=[tuple(c) for c in categories],
        clusters=[
            Cluster(tuple(tags), tuple(map(node, members)), loose, tuple(map(node, tag_nodes)))
            for tags, members, loose, tag_nodes in clusters
        ],
        edge_paths=dict(paths),
        labelled=labelled,
        unit=unit,
    )


LAYOUTS_CACHE = "related_layouts.pickle"
"""The last build's graph layouts, by `layout_key`, beside Pelican's content cache (CACHE_PATH)."""
_LAYOUTS_FORMAT = 1


def _cache_file(settings, name: str) -> str | None:
    """Where this plugin keeps `name`, when the content cache is on (None: not kept)."""
    if not settings.get("CACHE_CONTENT"):
        return None
    return os.path.join(settings["CACHE_PATH"], name)


def _read_layouts(path: str | None) -> dict[str, Layout]:
    if path is None:
        return {}
    return _read_cache(
        path, _LAYOUTS_FORMAT, lambda plain: {key: Layout(*f) for key, f in plain.items()}
    )


def _write_layouts(path: str, layouts: dict[str, Layout]) -> None:
    # Plain tuples: readable whatever name the plugin was imported under.
    _write_cache(path, (_LAYOUTS_FORMAT, {key: astuple(lay) for key, lay in layouts.items()}))


def _read_cache(path: str, version: int, load: Callable[[dict], dict]) -> dict:
    """`load(data)` of the data `_write_cache` wrote with `version`; {} if there is none.

    A file missing, unreadable, of another format or of another shape is no error: what
    it would have saved is computed again.
    """
    try:
        found, data = _content_index().load_pickle(path)
        return load(data) if found == version and isinstance(data, dict) else {}
    except Exception:
        return {}


def _write_cache(path: str, value) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(f"{path}.tmp", "wb") as handle:
        pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(f"{path}.tmp", path)


def site_graphs(context) -> dict:
    """`context["related_graph"]`, once the forked child that builds it is done."""
    _join_site_graphs(context)
    return context.get("related_graph") or {}


def _join_site_graphs(context) -> None:
    """Wait for the child that builds the site graphs, and put them in the context."""
    job = context.pop(_SITE_GRAPHS, None)
    if job is None:
        return
    graphs, texts, layout_seconds = job.join()
    context["related_graph"] = graphs
    context["related_graph_json"] = texts
    context.setdefault("related_timings", {})["layout"] = layout_seconds


def _content_index(module: str = ""):
    """content_index (or one of its modules), from the package the build imported plugins as."""
    base = __package__.rpartition(".")[0]
    name = ".".join(part for part in (base, "content_index", module) if part)
    return importlib.import_module(name)


def _parallel():
    return _content_index("parallel")


def _forked_call():
    return _parallel().ForkedCall


def _attach_local_graphs(index, related, grouped, links, languages, config) -> None:
    members = _members(index.records)
    group_of = {r.id: group_key(r.kind, r.translation_key) for r in index.records}
    incoming = invert_links(grouped)
    # Drawn when each page is rendered (graph.LocalGraphPlan): until then a plan holds
    # shared references, not coordinates.
    refs = {r.id: NodeRef(r.id, r.url, r.title, r.lang) for r in index.records}
    for record in index.records:
        if record.kind != "article":
            continue
        group = group_of[record.id]
        chosen: dict[str, str] = {}
        # Links as this page's text has them, and from the versions shown (_link_shown).
        cited = {group_of[t] for t in links.get(record.id, ())}
        citing = [
            g
            for g in incoming.get(group, ())
            if _links(links, representative(members[g], record.lang, languages).id, group, group_of)
        ]
        # Cited by this page and citing it: one node of its own kind, "links both ways".
        both = cited & set(citing)
        for kind, groups in (
            ("mutual", sorted(both)),
            ("link", sorted(cited - both)),
            ("backlink", sorted(set(citing) - both)),
            ("related", [group_of[e.id] for e in related.get(record.id, ())]),
        ):
            for other in groups:
                if other != group and other not in chosen and len(chosen) < config.local_graph_max:
                    chosen[other] = kind
        neighbours = [
            (refs[representative(members[g], record.lang, languages).id], kind)
            for g, kind in chosen.items()
        ]
        if not neighbours:
            record.content.local_graph = None
            continue
        ids_by_group = {g: representative(members[g], record.lang, languages).id for g in chosen}
        connected = []
        for g in chosen:
            for other in grouped.get(g, ()):
                if other in chosen:
                    connected.append((ids_by_group[g], ids_by_group[other]))
            shown = representative(members[g], record.lang, languages)
            for entry in related.get(shown.id, ())[: config.graph_related_edges]:
                other = group_of[entry.id]
                if other in chosen:
                    connected.append((ids_by_group[g], ids_by_group[other]))
        record.content.local_graph = plan_local_graph(refs[record.id], neighbours, connected)


# --- Writing -----------------------------------------------------------------------------------


class RelatedGraphGenerator(Generator):
    """Writes each language's graph page (`<lang>/graph/index.html`) and `<lang>/graph.json`."""

    def generate_context(self) -> None:
        # The graphs are built once everything is read (all_generators_finalized).
        pass

    def generate_output(self, writer) -> None:
        started = time.perf_counter()
        _join_site_graphs(self.context)
        graphs = self.context.get("related_graph") or {}
        texts = self.context.get("related_graph_json") or {}
        offline = bool(self.settings.get("OFFLINE_URLS", False))
        urls = {lang: _url(f"{lang}/graph/index.html", offline) for lang in graphs}
        for lang, graph in graphs.items():
            save_as = f"{lang}/graph/index.html"
            writer.write_file(
                save_as,
                self.get_template("graph"),
                self.context,
                relative_urls=self.settings["RELATIVE_URLS"],
                graph=graph,
                lang=lang,
                template_name="graph",
                page_name=f"{lang}/graph",
                url=urls[lang],
                page_url=urls[lang],
                page_alternates=urls,
            )
            path = os.path.join(self.output_path, lang, "graph.json")
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as handle:
                handle.write(texts[lang])
        _timed(self.context, "writing", started)
        stages = self.context.get("related_timings", {})
        logger.debug("related: %s", ", ".join(f"{k} {v:.2f} s" for k, v in stages.items()))


def add_generator(pelican):
    return RelatedGraphGenerator


def register():
    signals.initialized.connect(add_wikilink_extension)
    signals.generator_init.connect(install_graph_url)
    signals.all_generators_finalized.connect(resolve_wikilinks_and_links)
    signals.all_generators_finalized.connect(attach_related_posts)
    signals.all_generators_finalized.connect(attach_backlinks)
    signals.all_generators_finalized.connect(build_graphs)
    signals.get_generators.connect(add_generator)
