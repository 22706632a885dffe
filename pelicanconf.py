"""Development settings: `invoke build` and `invoke serve` use this file.

`publishconf.py` imports everything from here and changes only what production needs.
"""

AUTHOR = "Claire Dumas"
SITENAME = "Collaboration & social business"
SITESUBTITLE = {
    "fr": "Carnet d'une consultante en collaboration d'entreprise",
    "en": "Notebook of an enterprise collaboration consultant",
}
SITEURL = ""
TIMEZONE = "Europe/Paris"

# Languages: French is the original, English the translation. Every language gets a
# complete tree under its own prefix (/fr/..., /en/...).
DEFAULT_LANG = "fr"
SITE_LANGUAGES = ["fr", "en"]
# Show articles that exist in the other language only, with a "French only" badge.
SHOW_UNTRANSLATED = True

PATH = "content"
ARTICLE_PATHS = ["articles"]
PAGE_PATHS = ["kb"]
STATIC_PATHS = ["images"]
# Never read or copied: hidden files and folders (.DS_Store, Emacs locks .#x.md), editor
# backups and swap files, Windows' folder files. Pelican matches each pattern with fnmatch
# against the file or folder name alone, so its default "**/.*" matches nothing.
IGNORE_FILES = [".*", "*~", "#*#", "*.sw[po]", "Thumbs.db", "desktop.ini"]
# The folder tells the language: content/articles/fr/..., content/kb/en/...
PATH_METADATA = r"(?:articles|kb)/(?P<lang>[a-z]{2})/.*"
# Translations pair by an explicit `Translation_key:` or else by slug (see plugins/bilingual).
ARTICLE_TRANSLATION_ID = "translation_key"
PAGE_TRANSLATION_ID = "translation_key"
SLUGIFY_SOURCE = "title"

THEME = "theme"
PLUGIN_PATHS = ["plugins"]
# Order matters: Pelican runs receivers in plugin order.
PLUGINS = [
    # First: Pelican's path and slug helpers memoized before anything is read.
    "pelican_speedups",
    "build_report",
    "template_cache",
    "bilingual",
    "taxonomy",
    "content_index",
    "content_checks",
    # Search forks its child as soon as the content index is complete: the smaller this
    # process is then, the smaller the child (forked pages count in both).
    "search_index",
    "related",
    "sitemap",
    "parallel_pages",
    "incremental_pages",
    # Last: it removes, once everything is written, the files this build did not write.
    "tidy_output",
]
# Unknown tags are warnings (strict builds fail on them). TAXONOMY_STRICT stops a bare
# `pelican` build on them; the build runner turns it off and lets --strict decide.
TAXONOMY_STRICT = False

# Offline URLs end in index.html so the site also works opened from disk (file://),
# like MkDocs' `use_directory_urls: false`; publishconf.py switches to directory URLs.
OFFLINE_URLS = True
RELATIVE_URLS = True


def url_settings(offline: bool) -> dict:
    """URL and SAVE_AS settings for content Pelican writes itself."""
    suffix = "index.html" if offline else ""
    return {
        "ARTICLE_URL": "{lang}/{date:%Y}/{slug}/" + suffix,
        "ARTICLE_SAVE_AS": "{lang}/{date:%Y}/{slug}/index.html",
        "ARTICLE_LANG_URL": "{lang}/{date:%Y}/{slug}/" + suffix,
        "ARTICLE_LANG_SAVE_AS": "{lang}/{date:%Y}/{slug}/index.html",
        # Drafts (`Status: draft`) are previewed in their language tree; publishing
        # (publishconf.py) writes none of them.
        "DRAFT_URL": "{lang}/drafts/{slug}/" + suffix,
        "DRAFT_SAVE_AS": "{lang}/drafts/{slug}/index.html",
        "DRAFT_LANG_URL": "{lang}/drafts/{slug}/" + suffix,
        "DRAFT_LANG_SAVE_AS": "{lang}/drafts/{slug}/index.html",
        # Knowledge-base drafts keep their section: <lang>/drafts/kb/<section>/<slug>/
        # (plugins/bilingual); these are for pages outside content/kb/.
        "DRAFT_PAGE_URL": "{lang}/drafts/pages/{slug}/" + suffix,
        "DRAFT_PAGE_SAVE_AS": "{lang}/drafts/pages/{slug}/index.html",
        "DRAFT_PAGE_LANG_URL": "{lang}/drafts/pages/{slug}/" + suffix,
        "DRAFT_PAGE_LANG_SAVE_AS": "{lang}/drafts/pages/{slug}/index.html",
        # A list's later pages (/fr/page/2/), opened from disk too.
        "PAGINATION_PATTERNS": (
            (1, "{url}", "{save_as}"),
            (2, "{base_name}/page/{number}/" + suffix, "{base_name}/page/{number}/index.html"),
        ),
    }


globals().update(url_settings(OFFLINE_URLS))

DEFAULT_PAGINATION = 5
# Tag and category pages list more per page: fewer pages to write and to click through.
# The theme's list templates show `articles_page` only: keep them in this dict.
PAGINATED_TEMPLATES = {"index": None, "tag": 20, "category": 20}
# PAGINATION_PATTERNS: in url_settings (later pages' URLs end in index.html offline).
SUMMARY_MAX_LENGTH = 50

# Pelican's own single-language list pages are replaced by the per-language trees that
# plugins/bilingual writes; switch Pelican's versions off so nothing is written twice.
DIRECT_TEMPLATES = []
TAG_SAVE_AS = CATEGORY_SAVE_AS = AUTHOR_SAVE_AS = ""
ARCHIVES_SAVE_AS = AUTHORS_SAVE_AS = CATEGORIES_SAVE_AS = TAGS_SAVE_AS = ""
YEAR_ARCHIVE_SAVE_AS = MONTH_ARCHIVE_SAVE_AS = DAY_ARCHIVE_SAVE_AS = ""
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
FEED_MAX_ITEMS = 20

MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.codehilite": {"css_class": "highlight"},
        "markdown.extensions.extra": {},
        "markdown.extensions.meta": {},
        "markdown.extensions.toc": {"permalink": "#", "permalink_class": "headerlink"},
    },
    "output_format": "html5",
}
# A table of contents is shown on articles with at least this many headings.
TOC_MIN_HEADINGS = 3

DELETE_OUTPUT_DIRECTORY = True
# Use every core: Markdown rendered by worker processes, search indexes and graph layout
# built in forked children, every other page rendered by another child (Linux; elsewhere
# one process). False: one process, less memory in all, more time (docs/architecture.md: Using both cores).
PARALLEL_BUILD = True

# Content cache: each Markdown file is rendered once and reused while it is unchanged.
# The build runner behind every `invoke` task (plugins/content_checks/runner.py) turns it
# on, in a CACHE_PATH subfolder named by a hash of the final settings, the plugins' code and
# the Markdown/Pygments/Pelican versions: a cache from other code or settings is never read
# (Pelican itself only compares file dates). A bare `pelican` command leaves it off.
CACHE_CONTENT = False
LOAD_CONTENT_CACHE = False
CONTENT_CACHING_LAYER = "reader"
CACHE_PATH = ".cache/pelican"
# "mtime": with content_checks, a file is unchanged when its time, size, status-change time
# and inode are (content_checks.source.file_stamp): its time alone misses `git mv`, `cp -p`.
CHECK_MODIFIED_METHOD = "mtime"
GZIP_CACHE = False
# Content checks (plugins/content_checks): warnings fail the build in strict mode only.
CONTENT_CHECKS_STRICT = False

# Author text (titles, tags, summaries) is escaped everywhere; only article bodies are
# marked safe in the templates.
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "autoescape": True}
