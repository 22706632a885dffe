"""Tagging: one bilingual taxonomy of tag concepts.

Authors tag articles with any label or alias, in either language and any spelling;
each tag resolves to a concept of `content/taxonomy.toml` (one dictionary lookup). Tag
pages, feeds and the tags index are written per language from the concepts.

Settings:

- `TAXONOMY_FILE` (default `"taxonomy.toml"`, relative to the content folder).
- `TAXONOMY_ADDRESSES_FILE` (default `"tag-addresses.toml"`, beside the taxonomy): the
  tag addresses the site has, written by the build runner, committed with the taxonomy.
- `TAXONOMY_STRICT` (default False): unknown tags stop the build once the content is read
  (a bare `pelican` command; the build runner sets it to False and lets `--strict` decide).

Data contract:

- `article.tag_concepts: list[Concept]` - resolved concepts, in the author's order.
- `article.unknown_tags: list[str]` - tags that matched no concept.
- `context["taxonomy"]: Taxonomy`
- `context["taxonomy_problems"]: list[str]` - one line per unknown tag
  (`path:line: warning: ...`), read by the content checks' report; what TAXONOMY_STRICT
  counts.
- `context["taxonomy_notes"]: list[str]` - one `note:` line per tag whose address is not
  the one recorded in `content/tag-addresses.toml` (`TAXONOMY_ADDRESSES_FILE`), read by
  the content checks' report.
- `context["tag_pages"]: dict[str, dict[str, TagPage]]` - {lang: {concept id: page}}.
- `context["tag_link_targets"]: dict[str, dict[str, TagLink]]` - {lang: {concept id:
  (label, url)}}, what links to tag pages show.
- Jinja: `tag_links(content, lang) -> list[TagLink]` - links to the tag pages of a content
  item in a language (label, url).
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import math
import os
import re
from dataclasses import dataclass, field
from functools import partial

from pelican import signals
from pelican.contents import Article
from pelican.generators import ArticlesGenerator, Generator
from pelican.utils import slugify

from .model import (
    Concept,
    Taxonomy,
    TaxonomyError,
    check_slugs,
    format_addresses,
    load_taxonomy,
    parse_addresses,
    recorded_addresses,
    resolve_tags,
    slug_change_notes,
    tag_slugs,
    unknown_tag_message,
)

logger = logging.getLogger(__name__)

__all__ = ["TagLink", "TagPage", "TaxonomyError"]


@dataclass(frozen=True)
class TagLink:
    """A link to a tag page: what a list of an article's tags shows."""

    label: str
    url: str

    def __str__(self) -> str:
        return self.label


@dataclass
class TagPage:
    """One concept's page in one language."""

    concept: Concept
    lang: str
    label: str
    slug: str
    save_as: str
    url: str
    feed_save_as: str
    articles: list = field(default_factory=list)
    """The articles with this tag or a narrower one (a broader tag's page lists them all)."""
    own_count: int = 0
    """How many of `articles` have this very tag."""
    description: str = ""
    """The description in this language (a field, so page fingerprints see it change)."""
    weight: int = 1
    """1..5, for the tag cloud."""

    def __str__(self) -> str:
        return self.label


def _slugify_for(settings):
    return partial(
        slugify,
        regex_subs=settings.get("TAG_REGEX_SUBSTITUTIONS") or settings["SLUG_REGEX_SUBSTITUTIONS"],
        preserve_case=False,
        use_unicode=settings.get("SLUGIFY_USE_UNICODE", False),
    )


def _display_path(path: str) -> str:
    """The path as the content checks show every file (`content/taxonomy.toml`).

    Their rule, content_checks/problems.py's display_path, imported when used: Pelican
    loads this plugin before content_checks, each by its short name (see
    search_index/analyzer.py). Without the content checks, the path as given.
    """
    base = __package__.rpartition(".")[0]
    name = ".".join(part for part in (base, "content_checks", "problems") if part)
    try:
        return importlib.import_module(name).display_path(path)
    except ImportError:
        return path


def load_site_taxonomy(generator) -> None:
    """Load the taxonomy before any article is read; a bad file stops the build here."""
    if not isinstance(generator, ArticlesGenerator):
        return
    settings = generator.settings
    path = os.path.join(settings["PATH"], settings.get("TAXONOMY_FILE", "taxonomy.toml"))
    languages = tuple(settings.get("SITE_LANGUAGES") or (settings["DEFAULT_LANG"],))
    _pending_addresses.clear()  # a new build: nothing of an earlier one is written
    try:
        taxonomy = load_taxonomy(path, languages, shown=_display_path(path))
        check_slugs(taxonomy, _slugify_for(settings))
    except TaxonomyError as error:
        # An author's mistake: one clear line and a failed build, no Python traceback.
        raise SystemExit(str(error)) from None
    generator.context["taxonomy"] = taxonomy
    # Unknown tags (warnings, what TAXONOMY_STRICT counts) and address notes, apart.
    generator.context["taxonomy_problems"] = []
    generator.context["taxonomy_notes"] = _address_notes(settings, taxonomy)


# The tag addresses the site has, beside taxonomy.toml and committed with it, so that
# `invoke clean`, a fresh clone and CI compare with the same record (README, "Tags").
_ADDRESSES_FILE = "tag-addresses.toml"
# This build's record, written once the site is written (`finalized`). Emptied when a build
# starts, so a build that failed in this process leaves nothing for the next one.
_pending_addresses: dict[str, str] = {}


def _address_notes(settings, taxonomy: Taxonomy) -> list[str]:
    """Notes for tags whose address is not the recorded one; the record this build leaves.

    Every build compares (also `invoke check` and a bare `pelican`); only the build
    runner's writing builds update the record (a bare `pelican` run, as the tests' builds
    of the sample site, leaves the content folder as it is).
    """
    path = os.path.join(settings["PATH"], settings.get("TAXONOMY_ADDRESSES_FILE", _ADDRESSES_FILE))
    now = tag_slugs(taxonomy, _slugify_for(settings))
    try:
        with open(path, encoding="utf-8-sig") as handle:
            text = handle.read()
    except (OSError, ValueError):
        text = None
    before, lines = parse_addresses(text) if text is not None else ({}, {})
    notes = slug_change_notes(taxonomy, now, before, _display_path(path), lines)
    if settings.get("BUILD_RUNNER") and not settings.get("CHECK_ONLY"):
        wanted = format_addresses(recorded_addresses(taxonomy, now, before))
        if wanted != text:
            _pending_addresses[path] = wanted
    for note in notes:
        logger.info(note)
    return notes


def save_tag_addresses(pelican) -> None:
    """finalized: the site is written; the record of its tag addresses is updated."""
    while _pending_addresses:
        path, text = _pending_addresses.popitem()
        temporary = f"{path}.{os.getpid()}.tmp"
        try:
            with open(temporary, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
            os.replace(temporary, path)  # whole or not at all, also beside another build
        except OSError:
            logger.warning(
                "%s: warning: could not write the record of tag addresses; "
                "check that the content folder is writable",
                _display_path(path),
            )
            with contextlib.suppress(OSError):
                os.remove(temporary)


def _tags_line(source_path: str) -> int | None:
    """Line of the `Tags:` header in the source, for messages (read only on a problem)."""
    try:
        with open(source_path, encoding="utf-8", errors="replace") as handle:
            for number, line in enumerate(handle, 1):
                if re.match(r"(?i)\s*tags\s*:", line):
                    return number
                if not line.strip():
                    break
    except OSError:
        pass
    return None


def empty_taxonomy_message(taxonomy: Taxonomy, where: str) -> str:
    """The one error for tags used while the taxonomy has no entry (not one per tag)."""
    return (
        f"{taxonomy.path}: error: the taxonomy has no [[tag]] entry, yet articles have "
        f"tags (the first at {where}) — add a [[tag]] entry for each tag "
        '([[tag]] / id = "intranet" / label = { fr = "Intranet", en = "Intranet" }), '
        "or remove the Tags: lines"
    )


def resolve_article_tags(content) -> None:
    """Resolve an article's tags to concepts as soon as Pelican creates it."""
    if not isinstance(content, Article):
        return
    taxonomy: Taxonomy | None = content._context.get("taxonomy")
    if taxonomy is None:
        return
    raw = [str(tag) for tag in getattr(content, "tags", [])]
    concepts, unknown = resolve_tags(raw, taxonomy)
    content.tag_concepts = concepts
    content.unknown_tags = unknown
    if not unknown:
        return
    line = _tags_line(content.source_path)
    path = _display_path(content.source_path)
    where = f"{path}:{line}" if line else path
    problems = content._context["taxonomy_problems"]
    if not len(taxonomy):
        # An empty file: one error for the site once all is read, not a warning per tag.
        content._context.setdefault("taxonomy_tagged_without_entries", []).append(where)
        return
    for tag in unknown:
        message = unknown_tag_message(where, tag, taxonomy, content.lang)
        problems.append(message)
        logger.warning(message)


def enforce_strict_tags(generators) -> None:
    """With TAXONOMY_STRICT, unknown tags fail the build (after all were reported).

    Tags used while the taxonomy has no entry fail it in any case, with one error.
    """
    articles_gen = next(g for g in generators if isinstance(g, ArticlesGenerator))
    tagged = articles_gen.context.get("taxonomy_tagged_without_entries")
    if tagged:
        # Like any bad taxonomy file: one line, and the build stops before writing.
        raise SystemExit(empty_taxonomy_message(articles_gen.context["taxonomy"], min(tagged)))
    problems = articles_gen.context.get("taxonomy_problems", [])
    if problems and articles_gen.settings.get("TAXONOMY_STRICT", False):
        # Each line is an error here: the build stops on it.
        lines = [p.replace(": warning: unknown tag ", ": error: unknown tag ", 1) for p in problems]
        raise SystemExit(
            f"error: {len(problems)} unknown tag(s) with TAXONOMY_STRICT on "
            "(every tag must be a label or alias of a concept):\n" + "\n".join(lines)
        )


def build_tag_pages(taxonomy, articles_by_lang, slug_for, url_for) -> dict[str, dict[str, TagPage]]:
    """{lang: {concept id: TagPage}} for concepts used in that language tree, or above one.

    `slug_for(label)` makes a slug; `url_for(save_as)` the public URL of an output file.
    """
    pages: dict[str, dict[str, TagPage]] = {}
    ancestors = {c.id: [a.id for a in taxonomy.ancestors(c.id)] for c in taxonomy.concepts}
    for lang, articles in articles_by_lang.items():
        # A broader tag lists its narrower tags' articles too (an article about SharePoint
        # is about intranets), in the list's order, each once.
        listed: dict[str, list] = {}
        own: dict[str, int] = {}
        for article in articles:
            concepts = getattr(article, "tag_concepts", ())
            reached = dict.fromkeys(c.id for c in concepts)
            for concept in concepts:
                own[concept.id] = own.get(concept.id, 0) + 1
                reached.update(dict.fromkeys(ancestors[concept.id]))
            for concept_id in reached:
                listed.setdefault(concept_id, []).append(article)
        lang_pages = {}
        for concept_id in sorted(listed):
            concept = taxonomy.get(concept_id)
            slug = concept.slug(lang, slug_for)
            save_as = f"{lang}/tags/{slug}/index.html"
            lang_pages[concept_id] = TagPage(
                concept=concept,
                lang=lang,
                label=concept.label(lang),
                slug=slug,
                save_as=save_as,
                url=url_for(save_as),
                feed_save_as=f"{lang}/feeds/tag/{slug}.atom.xml",
                articles=listed[concept_id],
                own_count=own.get(concept_id, 0),
                description=concept.description(lang),
            )
        counts = [len(p.articles) for p in lang_pages.values() if p.articles]
        top = max(counts, default=1)
        for page in lang_pages.values():
            # Five weight classes on a log scale, so one popular tag does not flatten the rest.
            share = math.log1p(len(page.articles)) / math.log1p(top) if top else 0
            page.weight = 1 + round(4 * share)
        pages[lang] = lang_pages
    return pages


class TagPagesGenerator(Generator):
    """Writes tag pages, tag feeds and the tags index of each language."""

    def generate_context(self) -> None:
        pass

    def generate_output(self, writer) -> None:
        config = self.context["bilingual"]
        taxonomy = self.context["taxonomy"]
        tag_pages = self.context["tag_pages"]
        write = partial(writer.write_file, relative_urls=self.settings["RELATIVE_URLS"])
        index_urls = {
            lang: (f"{lang}/tags/index.html" if config.offline_urls else f"{lang}/tags/")
            for lang in config.languages
        }
        for lang in config.languages:
            pages = tag_pages[lang]
            feeds = self.context["feed_context"](self.context, lang)
            for concept_id, tag in pages.items():
                alternates = {
                    other: tag_pages[other][concept_id].url
                    for other in config.languages
                    if concept_id in tag_pages[other]
                }
                parent = taxonomy.parent_of(concept_id)
                # A feed of one language: a tag with no article of its own has none.
                own = [a for a in tag.articles if a.lang == lang]
                write(
                    tag.save_as,
                    self.get_template("tag"),
                    self.context,
                    tag=tag,
                    parent_tag=pages.get(parent.id) if parent else None,
                    child_tags=[
                        pages[c.id] for c in taxonomy.children(concept_id) if c.id in pages
                    ],
                    articles=tag.articles,
                    template_name="tag",
                    page_name=tag.save_as[: -len("/index.html")],
                    url=tag.url,
                    page_url=tag.url,
                    page_alternates=alternates,
                    feed_url=tag.feed_save_as if own else None,
                    lang=lang,
                    blog=True,
                )
                if own:
                    # The feed stands for the tag page (bilingual's finish_feed links it).
                    writer.write_feed(
                        own,
                        {**feeds, "FEED_PAGE_URL": tag.url},
                        tag.feed_save_as,
                        feed_title=tag.label,
                    )
            ordered = sorted(pages.values(), key=lambda p: (slugify(p.label), p.concept.id))
            write(
                f"{lang}/tags/index.html",
                self.get_template("tags"),
                self.context,
                tags=ordered,
                url=index_urls[lang],
                page_url=index_urls[lang],
                page_alternates=index_urls,
                lang=lang,
            )


def attach_tag_pages(generators) -> None:
    """Compute every language's tag pages once; templates and other plugins read them."""
    articles_gen = next(g for g in generators if isinstance(g, ArticlesGenerator))
    context = articles_gen.context
    offline = context["bilingual"].offline_urls
    context["tag_pages"] = build_tag_pages(
        context["taxonomy"],
        context["articles_by_lang"],
        _slugify_for(articles_gen.settings),
        lambda save_as: save_as if offline else save_as[: -len("index.html")],
    )
    # What a tag link shows, apart from the pages' article lists: a page that links to a
    # tag does not change when the tag's list does (plugins/incremental_pages).
    context["tag_link_targets"] = {
        lang: {concept_id: TagLink(page.label, page.url) for concept_id, page in pages.items()}
        for lang, pages in context["tag_pages"].items()
    }


def install_tag_links(generator) -> None:
    context = generator.context

    def tag_links(content, lang):
        links = context.get("tag_link_targets", {}).get(lang, {})
        return [links[c.id] for c in getattr(content, "tag_concepts", ()) if c.id in links]

    tag_links.reads_context = ("tag_link_targets",)  # for plugins/incremental_pages
    generator.env.globals["tag_links"] = tag_links


def add_generator(pelican):
    return TagPagesGenerator


def register():
    signals.generator_init.connect(load_site_taxonomy)
    signals.generator_init.connect(install_tag_links)
    signals.content_object_init.connect(resolve_article_tags)
    signals.all_generators_finalized.connect(enforce_strict_tags)
    signals.all_generators_finalized.connect(attach_tag_pages)
    signals.get_generators.connect(add_generator)
    signals.finalized.connect(save_tag_addresses)
