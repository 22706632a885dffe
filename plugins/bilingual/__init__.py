"""Bilingual site: two complete language trees from one Pelican pass.

Pelican reads every article once; this plugin pairs translations, then writes for each
language its home page (paginated), archives, category pages, Atom feeds and 404 page
under `/<lang>/`, and a language chooser at the site root. Pelican's own single-language
list pages are switched off in pelicanconf.py.

Data contract (what other plugins and templates may use):

- `content.translation_key: str` - pairs translations (metadata `Translation_key`, else slug).
- `content.alternates: dict[str, Content]` - the content in each language it exists in.
- `content.alternate_urls: dict[str, str]` - the same, as URLs.
- `page.kb_section: tuple[str, ...]` - section folders of a knowledge-base page.
- `page.breadcrumbs: list[Page]` - section index pages above a knowledge-base page.
- `page.section_pages: list[Page]` - for a section index page, the pages of its section.
- `context["site_languages"]: tuple[str, ...]`
- `context["articles_by_lang"]: dict[str, list[Article]]` - what each language tree lists.
- `context["kb_home"]: dict[str, Page]` - knowledge-base home page per language.
- `context["bilingual"]: BilingualConfig`
- `context["feed_context"](context, lang)` - the context to write a feed of one language with.
- Jinja: globals `UI` ({lang: strings}), `site_languages`; filters `localdate(lang)`,
  `localnumber(lang)`, `ui(lang, key, **values)`.
"""

from __future__ import annotations

import importlib
import logging
import os
import tomllib
from functools import partial
from html import escape
from itertools import chain

from pelican import signals
from pelican.contents import Article, Page
from pelican.generators import ArticlesGenerator, Generator, PagesGenerator
from pelican.utils import order_content
from pelican.writers import Writer

from .config import BilingualConfig
from .model import (
    CategoryGroups,
    alternates,
    format_date,
    format_number,
    is_section_index,
    kb_save_as,
    kb_section,
    language_view,
    narrow_spaces,
    narrow_spaces_html,
    percent_encode,
    translation_key,
    twin_terms,
    unify_categories,
    url_for,
)

logger = logging.getLogger(__name__)


# --- Reading: pair translations and place knowledge-base pages ----------------------------


def assign_translation_key(content) -> None:
    """Give every article and page the key Pelican pairs translations by.

    And French spacing to the title of content in a `NARROW_SPACES_LANGS` language (once
    its slug is made: the slug does not change).
    """
    if isinstance(content, Article | Page):
        content.translation_key = translation_key(content.metadata, getattr(content, "slug", ""))
        if getattr(content, "lang", None) in _narrow_languages(content.settings):
            content.title = narrow_spaces(str(content.title))
    if isinstance(content, Page) and getattr(content, "relative_source_path", ""):
        lang = getattr(content, "lang", content.settings.get("DEFAULT_LANG", "fr"))
        source = content.relative_source_path.replace(os.sep, "/")
        save_as = kb_save_as(source, lang, content.slug)
        offline = content.settings.get("OFFLINE_URLS", False)
        if getattr(content, "status", "") == "draft":
            # Previewed under <lang>/drafts/, its section kept (two sections may each
            # have an "introduction"); nowhere when publishing (placed below).
            save_as = f"{lang}/drafts/{save_as.removeprefix(lang + '/')}"
        if "save_as" not in content.metadata:
            content.override_save_as = save_as
        if "url" not in content.metadata:
            content.override_url = url_for(save_as, offline)
        content.kb_section = kb_section(source, lang)
        content.is_section_index = is_section_index(source)
    if isinstance(content, Article | Page) and getattr(content, "status", "") == "draft":
        setting = "DRAFT_PAGE_SAVE_AS" if isinstance(content, Page) else "DRAFT_SAVE_AS"
        if not content.settings.get(setting):
            # Publishing writes no draft, not even one with its own `Save_as:` line.
            content.override_save_as = ""


# --- After reading: language views shared by every consumer --------------------------------

_FROZEN_CLASSES: dict[type, type] = {}


def _frozen_class(cls: type) -> type:
    """`cls` with `url` and `save_as` read from the instance, under the same name."""
    frozen = _FROZEN_CLASSES.get(cls)
    if frozen is None:
        frozen = type(
            cls.__name__,
            (cls,),
            {
                "__module__": cls.__module__,
                "__doc__": cls.__doc__,
                "url": property(lambda self: self.__dict__["_frozen_url"]),
                "save_as": property(lambda self: self.__dict__["_frozen_save_as"]),
            },
        )
        _FROZEN_CLASSES[cls] = frozen
    return frozen


def freeze_urls(contents) -> None:
    """Compute each content's `url` and `save_as` once, now that they are final.

    Pelican computes them from the URL settings on every access (about 20 µs), and a
    page of this theme reads a few dozen of them (related posts, backlinks, graph,
    alternates): about a second of a 2,000-article build, saved. The class keeps its
    name and stays a subclass, so `isinstance` and templates see no difference.
    """
    for content in contents:
        if "_frozen_url" in content.__dict__:
            continue
        content._frozen_url = content.url
        content._frozen_save_as = content.save_as
        content.__class__ = _frozen_class(type(content))


def attach_language_views(generators) -> None:
    """Compute per-language lists and alternates once, for templates and other plugins."""
    articles_gen = next(g for g in generators if isinstance(g, ArticlesGenerator))
    pages_gen = next((g for g in generators if isinstance(g, PagesGenerator)), None)
    context = articles_gen.context
    config = BilingualConfig.from_settings(articles_gen.settings)

    for generator in (articles_gen, pages_gen):
        for name in ("articles", "translations", "pages", "hidden_articles",
                     "hidden_translations", "hidden_pages", "draft_pages", "drafts",
                     "drafts_translations", "draft_translations"):  # fmt: skip
            freeze_urls(getattr(generator, name, None) or ())
    articles = list(chain(articles_gen.articles, articles_gen.translations))
    # One category, one name, on every card, filter and page (the checks, which ran
    # before this, warn about the other spellings).
    unify_categories(
        articles, chain(articles_gen.hidden_articles, articles_gen.hidden_translations)
    )
    articles = order_content(articles, order_by="reversed-date")
    # Stable order for equal dates: by slug, so output never depends on file order.
    articles.sort(key=lambda a: a.slug)
    articles.sort(key=lambda a: a.date, reverse=True)

    pages = []
    if pages_gen is not None:
        pages = list(chain(pages_gen.pages, pages_gen.translations))
    for content in chain(articles, pages):
        content.alternates = alternates(content, config.languages)
        content.alternate_urls = {lang: c.url for lang, c in content.alternates.items()}

    context["bilingual"] = config
    context["feed_context"] = feed_context
    context["site_languages"] = config.languages
    context["articles_by_lang"] = {
        lang: language_view(articles, lang, config.show_untranslated) for lang in config.languages
    }
    context["all_articles_sorted"] = articles
    _attach_kb_structure(pages, context, config)


def _attach_kb_structure(pages, context, config) -> None:
    """Breadcrumbs and section listings for knowledge-base pages (folders are sections)."""
    index_pages = {}
    for page in pages:
        if getattr(page, "is_section_index", False):
            index_pages[(page.lang, page.kb_section)] = page
    members: dict[tuple[str, tuple[str, ...]], list] = {}
    for page in pages:
        section = getattr(page, "kb_section", ())
        if page.is_section_index:
            if section:
                members.setdefault((page.lang, section[:-1]), []).append(page)
        else:
            members.setdefault((page.lang, section), []).append(page)
    for page in pages:
        section = page.kb_section
        # A section index sits in its own folder; its parents are the folders above.
        depth = len(section) - 1 if page.is_section_index else len(section)
        page.breadcrumbs = [
            index_pages[(page.lang, section[:i])]
            for i in range(depth + 1)
            if (page.lang, section[:i]) in index_pages
        ]
        listed = members.get((page.lang, section), []) if page.is_section_index else []
        page.section_pages = sorted(
            (p for p in listed if p is not page),
            key=lambda p: (_order(p), p.title),
        )
    context["kb_home"] = {
        lang: index_pages[(lang, ())] for lang in config.languages if (lang, ()) in index_pages
    }
    for key, listed in sorted(members.items()):
        if key in index_pages:
            continue
        for page in sorted(listed, key=lambda p: p.source_path):
            # Only a folder's index.md lists the pages of the folder.
            folder = os.path.dirname(page.relative_source_path)
            if page.is_section_index:
                folder = os.path.dirname(folder)
            if os.path.isfile(os.path.join(context.get("PATH", ""), folder, "index.md")):
                why = f"{folder}/index.md is not published (a draft, or hidden)"
                fix = "publish it"
            else:
                why = f"the folder {folder}/ has no index.md"
                fix = f"add {folder}/index.md with a 'Title:'"
            logger.warning(
                "%s: warning: %s, so no page of the site lists this one (only search and the "
                "graph find it): %s",
                page.source_path,
                why,
                fix,
            )


# --- Templates: UI strings and localised formats --------------------------------------------


def _narrow_languages(settings) -> tuple[str, ...]:
    """Languages written with French spacing (`NARROW_SPACES_LANGS`, default French)."""
    return tuple(settings.get("NARROW_SPACES_LANGS", ("fr",)))


def _spaced_table(value):
    if isinstance(value, str):
        return narrow_spaces(value)
    if isinstance(value, list):
        return [_spaced_table(v) for v in value]
    if isinstance(value, dict):
        return {k: _spaced_table(v) for k, v in value.items()}
    return value


def load_ui_strings(theme_path: str, languages, narrow=()) -> dict[str, dict]:
    """One translation table per language, from theme/translations/<lang>.toml.

    A language in `narrow` gets French spacing in its strings ("Rechercher :").
    """
    tables = {}
    for lang in languages:
        path = os.path.join(theme_path, "translations", f"{lang}.toml")
        try:
            with open(path, "rb") as handle:
                tables[lang] = tomllib.load(handle)
                if lang in narrow:
                    tables[lang] = _spaced_table(tables[lang])
        except FileNotFoundError:
            raise FileNotFoundError(
                f"{path}: no interface strings for language {lang!r}; "
                f"copy another language's file and translate it"
            ) from None
    return tables


def _ui(strings, lang, key, **values):
    text = strings[lang][key]
    return text.format(**values) if values else text


def _permalink_title(settings) -> str:
    """The title Markdown's toc extension gives heading permalinks (one for every file)."""
    extensions = (settings.get("MARKDOWN") or {}).get("extension_configs", {})
    return extensions.get("markdown.extensions.toc", {}).get("permalink_title", "Permanent link")


def local_permalinks(strings, written: str, html: str, lang: str) -> str:
    """A body whose heading permalinks are titled in its language ("Lien permanent").

    Markdown writes one title for every file, in English; the body is cached as Markdown
    wrote it (and analysed by that digest), so the title is set where the page shows it.
    """
    wanted = strings.get(lang, {}).get("permalink_title", written)
    if wanted == written or f'title="{written}"' not in html:
        return html
    return html.replace(f'title="{written}"', f'title="{escape(wanted)}"')


def install_template_helpers(generator) -> None:
    """Expose UI strings and localised filters to every generator's Jinja environment."""
    settings = generator.settings
    languages = tuple(settings.get("SITE_LANGUAGES") or (settings["DEFAULT_LANG"],))
    narrow = _narrow_languages(settings)
    strings = load_ui_strings(settings["THEME"], languages, narrow)
    env = generator.env
    env.globals["UI"] = strings
    env.globals["site_languages"] = languages
    env.filters["localdate"] = lambda value, lang: format_date(value, lang, strings[lang])
    env.filters["localnumber"] = lambda value, lang: format_number(value, strings[lang])
    env.globals["ui"] = partial(_ui, strings)
    permalink_title = _permalink_title(settings)

    def localise_body(html: str, lang: str) -> str:
        html = local_permalinks(strings, permalink_title, html, lang)
        return narrow_spaces_html(html) if lang in narrow else html

    env.filters["localise_body"] = localise_body
    # For the head's links, as the sitemap writes addresses.
    env.filters["percent_encode"] = percent_encode
    env.filters["spaced"] = lambda text, lang: narrow_spaces(text) if lang in narrow else text
    offline = bool(settings.get("OFFLINE_URLS", False))
    tags_enabled = "taxonomy" in (settings.get("PLUGINS") or [])

    def tree_url(lang: str, kind: str) -> str:
        """URL of a language tree's list page: 'categories', 'archives', 'tags'."""
        if kind == "tags" and not tags_enabled:
            return ""
        return url_for(f"{lang}/{kind}/index.html", offline)

    env.globals["home_url"] = lambda lang: url_for(f"{lang}/index.html", offline)
    env.globals["tree_url"] = tree_url


# --- Writing: the language trees -------------------------------------------------------------


class ListTerm:
    """A category of one language tree, with its URLs and its twins in other languages."""

    def __init__(self, lang: str, name: str, slug: str, offline: bool, kind: str = "category"):
        self.lang = lang
        self.name = name
        self.slug = slug
        self.kind = kind
        self.save_as = f"{lang}/{kind}/{self.slug}/index.html"
        self.url = url_for(self.save_as, offline)
        self.feed_save_as = f"{lang}/feeds/{kind}/{self.slug}.atom.xml"
        self.feed_url = self.feed_save_as
        self.twins: dict[str, ListTerm] = {}

    def __str__(self) -> str:
        return self.name


class LanguageTreesGenerator(Generator):
    """Writes the list pages, feeds and 404 of each language, and the root chooser."""

    def generate_context(self) -> None:
        # Runs before the language views exist (all_generators_finalized comes after every
        # generate_context); the categories are grouped in generate_output instead.
        pass

    def _categories(self, config):
        pairs = (
            (a.lang, a.category.slug, t.lang, t.category.slug)
            for a in self.context["all_articles_sorted"]
            for t in a.translations
        )
        # Pelican already slugged each category with the site's substitution rules.
        views = {
            lang: [(a.lang, a.category.slug, str(a.category), a) for a in articles]
            for lang, articles in self.context["articles_by_lang"].items()
        }
        groups = CategoryGroups(views, twin_terms(pairs))
        terms = {
            key: ListTerm(key[0], name, key[1], config.offline_urls)
            for key, name in groups.names.items()
        }
        for key, term in terms.items():
            term.article_count = len(groups.items[key[0]][key[1]])
            for other_lang, other_slug in groups.twins.get(key, {}).items():
                twin = terms.get((other_lang, other_slug))
                if twin is not None:
                    term.twins[other_lang] = twin
        return {
            lang: sorted(
                ((terms[(lang, slug)], items) for slug, items in groups.items[lang].items()),
                key=lambda pair: pair[0].slug,
            )
            for lang in config.languages
        }

    def generate_output(self, writer) -> None:
        config = self.context["bilingual"]
        self.categories_by_lang = self._categories(config)
        self.context["categories_by_lang"] = self.categories_by_lang
        relative = self.settings["RELATIVE_URLS"]
        write = partial(writer.write_file, relative_urls=relative)
        home = {
            lang: url_for(f"{lang}/index.html", config.offline_urls) for lang in config.languages
        }

        def tree_urls(build):
            return {lang: build(lang) for lang in config.languages}

        for lang in config.languages:
            articles = self.context["articles_by_lang"][lang]
            common = {"lang": lang, "home_urls": home, "blog": True}
            feeds = feed_context(self.context, lang)
            write(
                f"{lang}/index.html",
                self.get_template("index"),
                self.context,
                articles=articles,
                template_name="index",
                page_name=f"{lang}/index",
                url=home[lang],
                page_url=home[lang],
                page_alternates=home,
                feed_url=f"{lang}/feeds/all.atom.xml",
                **common,
            )
            archives = f"{lang}/archives/index.html"
            write(
                archives,
                self.get_template("archives"),
                self.context,
                dates=articles,
                url=url_for(archives, config.offline_urls),
                page_url=url_for(archives, config.offline_urls),
                page_alternates=tree_urls(
                    lambda lg: url_for(f"{lg}/archives/index.html", config.offline_urls)
                ),
                **common,
            )
            categories = f"{lang}/categories/index.html"
            write(
                categories,
                self.get_template("categories"),
                self.context,
                categories=self.categories_by_lang[lang],
                url=url_for(categories, config.offline_urls),
                page_url=url_for(categories, config.offline_urls),
                page_alternates=tree_urls(
                    lambda lg: url_for(f"{lg}/categories/index.html", config.offline_urls)
                ),
                **common,
            )
            for term, term_articles in self.categories_by_lang[lang]:
                # A feed of one language: the other language's articles listed on the
                # page are not in it, and a category with none of its own has no feed.
                own = [a for a in term_articles if a.lang == lang]
                write(
                    term.save_as,
                    self.get_template("category"),
                    self.context,
                    category=term,
                    articles=term_articles,
                    template_name="category",
                    page_name=term.save_as[: -len("/index.html")],
                    url=term.url,
                    page_url=term.url,
                    page_alternates={lang: term.url, **{lg: t.url for lg, t in term.twins.items()}},
                    feed_url=term.feed_url if own else None,
                    **common,
                )
                if own:
                    writer.write_feed(own, feeds, term.feed_save_as, feed_title=term.name)
            writer.write_feed(
                [a for a in articles if a.lang == lang], feeds, f"{lang}/feeds/all.atom.xml"
            )
            write(
                f"{lang}/404.html",
                self.get_template("404"),
                self.context,
                url=f"{lang}/404.html",
                page_url=f"{lang}/404.html",
                page_alternates=tree_urls(lambda lg: f"{lg}/404.html"),
                **common,
            )
        write(
            "index.html",
            self.get_template("root"),
            self.context,
            url="",
            page_url="",
            lang=config.default_lang,
            home_urls=home,
            page_alternates=home,
        )
        # A root 404 for servers that only look at the site root (GitHub Pages does).
        write(
            "404.html",
            self.get_template("404"),
            self.context,
            url="404.html",
            page_url="404.html",
            lang=config.default_lang,
            home_urls=home,
            page_alternates=tree_urls(lambda lg: f"{lg}/404.html"),
            bilingual_404=True,
        )


# --- Feeds ----------------------------------------------------------------------------------

_FEED_LANG = "_FEED_LANG"


def feed_context(context: dict, lang: str) -> dict:
    """The context to write a feed of one language with (Pelican's `write_feed` reads it).

    Pelican titles a feed "SITENAME - feed_title" and takes its subtitle from SITESUBTITLE,
    one per language here. Feed readers need absolute links, also from a development
    build whose pages link relatively: the address is SITEMAP_SITEURL, else SITEURL, when
    absolute, else the preview server's, as in the sitemap. The language goes on the feed as xml:lang
    (`finish_feed`).
    """
    subtitle = context.get("SITESUBTITLE")
    if isinstance(subtitle, dict):
        subtitle = subtitle.get(lang)
    site_url = context.get("SITEMAP_SITEURL") or context.get("SITEURL") or ""
    if not site_url.startswith(("http://", "https://")):
        site_url = "http://localhost:8000"  # the preview's (the sitemap's rule too)
    domain = context.get("FEED_DOMAIN") or ""
    if not domain.startswith(("http://", "https://")):
        domain = site_url
    return {
        **context,
        "SITESUBTITLE": subtitle,
        "SITEURL": site_url,
        "FEED_DOMAIN": domain,
        _FEED_LANG: lang,
    }


def finish_feed(context, feed=None) -> None:
    """feed_generated: a feed made with `feed_context` says its language (xml:lang).

    It is also identified by its own address: Pelican gives every feed the site's.
    """
    lang = context.get(_FEED_LANG) if isinstance(context, dict) else None
    if lang and feed is not None:
        feed.feed["language"] = lang
        feed.feed["id"] = feed.feed["feed_url"]
        # The page the feed stands for: the one the writer names (a tag's page sets
        # FEED_PAGE_URL), else its language's home, not the language chooser.
        page = context.get("FEED_PAGE_URL") or f"{lang}/"
        feed.feed["link"] = f"{str(context['SITEURL']).rstrip('/')}/{page}"


def _order(page) -> int:
    """A page's `Order:` in its section.

    One that is no number (an error of the content checks, which stops the build) sorts
    last rather than crashing the build first.
    """
    try:
        return int(getattr(page, "order", 999))
    except (TypeError, ValueError):
        return 999


class SiteWriter(Writer):
    """Pelican's writer, with feed titles as written, telling when a page replaces another.

    Pelican reads a title as HTML (`Markup(title).striptags()`): "5 < 6 > 4" lost "< 6 >"
    and "AT&amp;T" became "AT&T" in feeds. Titles, site and tag names are plain text here,
    escaped on every page; a feed shows them the same (feedgenerator escapes them for XML).

    An article or page with its own `Save_as:` may take the place of a page the site
    makes (Pelican's `override_output`: a custom home page); it did so silently, so
    `Save_as: fr/search/index.html` replaced the search page unnoticed. It is a note now.
    """

    feed_reads_context = ("tag_link_targets", _FEED_LANG, "FEED_PAGE_URL")
    """What this writer's feed code (`_add_item_to_the_feed`, `finish_feed`) reads of the
    context besides Pelican's, for plugins/incremental_pages: a tag's new label changes
    the feeds listing its articles."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._saved_as: dict[str, object] = {}
        self._pid = os.getpid()  # a forked child (parallel_pages) writes nothing

    def write_file(self, name, template, context, *args, override_output=False, **kwargs):
        content = kwargs.get("article") or kwargs.get("page")
        if name and os.getpid() == self._pid:
            path = os.path.abspath(os.path.join(self.output_path, name))
            if override_output and content is not None:
                if path in self._written_files:
                    _note_replaced(content, name)
                self._saved_as.setdefault(path, content)
            elif not override_output and path in self._overridden_files:
                owner = self._saved_as.get(path)
                if owner is not None:
                    _note_replaced(owner, name)
        return super().write_file(
            name, template, context, *args, override_output=override_output, **kwargs
        )

    def _create_new_feed(self, feed_type, feed_title, context):
        feed = super()._create_new_feed(feed_type, feed_title, context)
        name = str(context["SITENAME"])
        feed.feed["title"] = f"{name} - {feed_title}" if feed_title else name
        return feed

    def write_feed(self, elements, context, *args, **kwargs):
        self._feed_context = context  # for the items' tags, in the feed's language
        return super().write_feed(elements, context, *args, **kwargs)

    def _add_item_to_the_feed(self, feed, item):
        super()._add_item_to_the_feed(feed, item)
        added = feed.items[-1]
        added["title"] = str(item.title)
        # Pelican lists the tags as the author typed them ("réseaux sociaux", "Réseaux
        # Sociaux"): a feed lists the category and the tags' labels, as the pages do.
        context = getattr(self, "_feed_context", None) or {}
        lang = context.get(_FEED_LANG) or getattr(item, "lang", "")
        labels = context.get("tag_link_targets", {}).get(lang, {})
        names = [str(item.category)] if getattr(item, "category", None) else []
        names += [labels[c.id].label for c in getattr(item, "tag_concepts", ()) if c.id in labels]
        added["categories"] = list(dict.fromkeys(names)) or None
        # Heading permalinks ("#", href="#part") would point into the feed, not the article.
        strip = _plugin_module("content_checks", "summary").strip_permalinks
        for key in ("content", "description"):
            if added.get(key):
                added[key] = strip(added[key])


def _plugin_module(plugin: str, module: str):
    """Another plugin's module, from the package the build imported plugins as."""
    base = __package__.rpartition(".")[0]
    return importlib.import_module(".".join(p for p in (base, plugin, module) if p))


def _note_replaced(content, name: str) -> None:
    logger.warning(
        "%s: note: Save_as: %s takes the place of the page the site makes at that address; "
        "if that is not what you meant, change Save_as",
        content.source_path,
        name,
    )


def add_writer(pelican):
    return SiteWriter


def add_generator(pelican):
    return LanguageTreesGenerator


def register():
    signals.content_object_init.connect(assign_translation_key)
    signals.generator_init.connect(install_template_helpers)
    signals.all_generators_finalized.connect(attach_language_views)
    signals.get_generators.connect(add_generator)
    signals.feed_generated.connect(finish_feed)
    signals.get_writer.connect(add_writer)
