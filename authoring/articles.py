"""Create articles and translations with their metadata filled in (`invoke new`, `translate`).

Plain functions over a content folder: each returns the path of the file it created and
never overwrites one. Places the author still has to fill carry a marker (`[TODO]`,
`[TRANSLATE]`, `<!-- TRANSLATE ... -->`, defined in plugins/content_checks/checks.py): the
site builds with them in development, the content checks list them, and `--strict`
(publish, CI) refuses to publish them.
"""

from __future__ import annotations

import difflib
import os
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from plugins.content_checks.checks import (
    MAX_NAME_BYTES,
    TODO,
    TRANSLATE,
    TRANSLATE_BODY_MARKER,
    UNFINISHED_MARKERS,
)
from plugins.content_checks.source import SourceText, read_source

TRANSLATE_BODY = (
    f"{TRANSLATE_BODY_MARKER}: the original text is below; replace it with the translation, "
    "then delete this line -->"
)


class AuthoringError(Exception):
    """A request the author can fix (the file exists, unknown language...); one line."""


def _shown(path: Path, content: Path) -> str:
    """`content/articles/fr/x.md`, as the content checks name files."""
    try:
        return path.relative_to(content.parent).as_posix()
    except ValueError:
        return str(path)


def _check_slug(slug: str, given: str, title: str) -> None:
    """The content checks' rules for a slug `new` or `translate` is about to write."""
    if not slug:
        if given:
            raise AuthoringError(
                f"the slug {given!r} has no letters or digits: give one with some, "
                "e.g. --slug mon-article"
            )
        raise AuthoringError(f"the title {title!r} has no letters or digits to make its URL from")
    size = len(slug.encode("utf-8"))
    if size > MAX_NAME_BYTES:
        where = "--slug" if given else "the slug made from the title"
        raise AuthoringError(
            f"{where} would be {size} bytes long, more than a folder name can hold "
            f"({MAX_NAME_BYTES}): give a shorter one with --slug"
        )


@dataclass(frozen=True)
class SiteRules:
    """What the tools need from the site's settings."""

    languages: tuple[str, ...]
    default_lang: str
    timezone: str
    slugify: Callable[[str], str]
    taxonomy_file: str = "taxonomy.toml"
    """TAXONOMY_FILE, relative to the content folder."""
    tag_slugify: Callable[[str], str] | None = None
    """Tag slugs as the taxonomy plugin makes them (TAG_REGEX_SUBSTITUTIONS); else `slugify`."""

    @classmethod
    def from_settings(cls, settings: Mapping) -> SiteRules:
        """Slugs made exactly as Pelican makes them for this site."""
        from pelican.utils import slugify

        def site_slugify(text: str) -> str:
            return slugify(
                text,
                regex_subs=settings["SLUG_REGEX_SUBSTITUTIONS"],
                preserve_case=settings.get("SLUGIFY_PRESERVE_CASE", False),
                use_unicode=settings.get("SLUGIFY_USE_UNICODE", False),
            )

        def tag_slugify(text: str) -> str:  # as plugins/taxonomy's _slugify_for
            return slugify(
                text,
                regex_subs=settings.get("TAG_REGEX_SUBSTITUTIONS")
                or settings["SLUG_REGEX_SUBSTITUTIONS"],
                preserve_case=False,
                use_unicode=settings.get("SLUGIFY_USE_UNICODE", False),
            )

        languages = tuple(settings.get("SITE_LANGUAGES") or (settings["DEFAULT_LANG"],))
        return cls(
            languages,
            settings.get("DEFAULT_LANG", languages[0]),
            settings.get("TIMEZONE") or "UTC",
            site_slugify,
            settings.get("TAXONOMY_FILE", "taxonomy.toml"),
            tag_slugify,
        )

    def now(self) -> str:
        return datetime.now(ZoneInfo(self.timezone)).strftime("%Y-%m-%d %H:%M")


@dataclass(frozen=True)
class ArticleFile:
    path: Path
    lang: str
    source: SourceText
    slug: str

    def value(self, key: str) -> str:
        found = self.source.get(key)
        return found.value.strip() if found else ""

    @property
    def translation_key(self) -> str:
        return self.value("translation_key") or self.slug

    @property
    def body(self) -> str:
        return "\n".join(self.source.lines[self.source.body_line - 1 :]).strip("\n")


def _sources(paths: Iterator[Path]) -> Iterator[tuple[Path, SourceText]]:
    """The site's Markdown files among `paths`, read.

    Not hidden files (an editor's `.#x.md` lock, often a broken link; the build leaves
    them out too), not unreadable ones.
    """
    for path in sorted(paths):
        if path.name.startswith("."):
            continue
        try:
            raw = path.read_bytes()
        except OSError:
            continue
        source = read_source(raw, path.name, str(path))
        if source.text is not None:
            yield path, source


def _articles(content: Path, rules: SiteRules) -> Iterator[ArticleFile]:
    for lang in rules.languages:
        # Subfolders too (content/articles/fr/2026/x.md): the build reads them.
        for path, source in _sources((content / "articles" / lang).rglob("*.md")):
            slug_field = source.get("slug")
            title = source.get("title")
            slug = (
                slug_field.value.strip()
                if slug_field
                else rules.slugify(title.value)
                if title
                else path.stem
            )
            yield ArticleFile(path, lang, source, slug)


def _check_language(lang: str, rules: SiteRules) -> None:
    if lang not in rules.languages:
        raise AuthoringError(f"unknown language '{lang}': use one of {', '.join(rules.languages)}")


def _write_new(path: Path, text: str, content: Path, choose: str = "") -> Path:
    """Write a new file; `choose` says how to name another one when it exists."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
    except FileExistsError:
        hint = f": {choose}" if choose else ""
        raise AuthoringError(
            f"{_shown(path, content)} already exists; it was left as it is{hint}"
        ) from None
    return path


def _header(fields: list[tuple[str, str]]) -> str:
    return "".join(f"{key}: {value}".rstrip() + "\n" for key, value in fields)


_TAGS_LINE = 4  # the line of Tags: in the header new_article writes


def _tags(tags: str | list[str]) -> str:
    """The tags, once each (`intranet, Intranet` is one tag: the first spelling kept)."""
    items = tags.split(",") if isinstance(tags, str) else tags
    kept: dict[str, str] = {}
    for tag in (" ".join(t.split()) for t in items):
        if tag:
            kept.setdefault(_folded(tag), tag)
    return ", ".join(kept.values())


def _folded(text: str) -> str:
    """`text` without case, accents or extra spaces, to compare titles and tags."""
    decomposed = unicodedata.normalize("NFKD", " ".join(text.split()).casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def check_tags(
    content: Path, rules: SiteRules, path: Path, tags: str | list[str], lang: str
) -> list[str]:
    """The build's warnings for the tags of a new article: unknown ones, "did you mean".

    One line each, `content/articles/fr/x.md:4: warning: unknown tag ...`, as the build
    will say; a taxonomy that cannot be read is its own one line.
    """
    from plugins.taxonomy.model import (
        TaxonomyError,
        check_slugs,
        load_taxonomy,
        resolve_tags,
        unknown_tag_message,
    )

    items = [t.strip() for t in (tags.split(",") if isinstance(tags, str) else tags)]
    if not any(items):
        return []
    file = content / rules.taxonomy_file
    try:
        taxonomy = load_taxonomy(file, rules.languages, shown=_shown(file, content))
        check_slugs(taxonomy, rules.tag_slugify or rules.slugify)  # a tag's slugs resolve
    except TaxonomyError as error:
        return [str(error)]
    _, unknown = resolve_tags(items, taxonomy)
    where = f"{_shown(path, content)}:{_TAGS_LINE}"
    return [unknown_tag_message(where, tag, taxonomy, lang) for tag in unknown]


def categories_in_use(content: Path, rules: SiteRules, lang: str) -> list[str]:
    """Categories of a language, most used first; placeholders still to fill are left out."""
    found = Counter(a.value("category") for a in _articles(content, rules) if a.lang == lang)
    # `new` and `translate` write "[TODO] one of: ..." and "[TRANSLATE] ...": listed here,
    # a placeholder would be copied into the next new article, and grow with each one.
    names = [n for n in found if n and not any(marker in n for marker in UNFINISHED_MARKERS)]
    # Spellings of one category ("Intranet", "intranet": one slug) are one, under the
    # spelling most used, as the site shows it.
    spellings: dict[str, Counter[str]] = {}
    for name in names:
        spellings.setdefault(rules.slugify(name), Counter())[name] = found[name]
    counted = {
        min(forms.items(), key=lambda item: (-item[1], item[0]))[0]: forms.total()
        for forms in spellings.values()
    }
    return sorted(counted, key=lambda name: (-counted[name], name))


def new_article(
    content: Path,
    title: str,
    *,
    rules: SiteRules,
    lang: str = "",
    category: str = "",
    tags: str | list[str] = "",
    now: str = "",
    slug: str = "",
    warn: Callable[[str], None] | None = None,
) -> Path:
    """Create content/articles/<lang>/<slug>.md with complete metadata; return its path.

    `slug` replaces the one made from the title. Refused: a slug used in the language, or
    the slug (or translation key) of an article of another language, which the new one
    would silently become the translation of. `warn` is told of an article with the same
    title (`[[Title]]` wikilinks would become ambiguous).
    """
    lang = lang or rules.default_lang
    _check_language(lang, rules)
    title = " ".join(title.split())
    given = slug.strip()
    slug = rules.slugify(given or title)
    _check_slug(slug, given, title)
    articles = list(_articles(content, rules))
    for article in articles:
        if article.lang == lang and article.slug == slug:
            raise AuthoringError(
                f"slug '{slug}' is already used by {_shown(article.path, content)}: "
                "give the new article another one with --slug"
            )
    for article in articles:
        if article.lang != lang and slug in (article.slug, article.translation_key):
            key = article.translation_key
            twin = next(
                (a for a in articles if a.lang == lang and key in (a.translation_key, a.slug)),
                None,
            )
            said = (
                f"slug '{slug}' is the key of {_shown(article.path, content)}, in "
                f"{article.lang}: a new article in {lang} with that slug would be paired with it"
            )
            if twin is not None:  # `invoke translate` would refuse: no suggestion of it
                raise AuthoringError(
                    f"{said}, which already has its version in {lang} "
                    f"({_shown(twin.path, content)}): give the new article another --slug"
                )
            raise AuthoringError(
                f"{said} as its translation; to translate it: invoke translate "
                f"{article.slug} --lang {lang}; for a new article, give another slug with --slug"
            )
    same_title = [a for a in articles if _folded(a.value("title")) == _folded(title)]
    if warn and same_title:
        warn(
            f"{_shown(same_title[0].path, content)} has the same title: [[{title}]] wikilinks "
            "would be ambiguous; give one of them another title"
        )
    if not category:
        known = categories_in_use(content, rules, lang)
        category = f"{TODO} one of: {', '.join(known)}" if known else f"{TODO} a category"
    text = _header([
        ("Title", title),
        ("Date", now or rules.now()),
        ("Category", category.strip()),
        ("Tags", _tags(tags)),
        ("Slug", slug),
        ("Summary", f"{TODO} one or two sentences that say what the reader will find here."),
    ]) + "\n"  # fmt: skip
    if warn and given and slug != given:
        warn(f"the slug '{given}' is written '{slug}' (lower case, letters, digits and dashes)")
    path = _write_new(
        content / "articles" / lang / f"{slug}.md", text, content,
        "it is another article's file (its Slug: differs): give the new article another --slug",
    )  # fmt: skip
    # The file is written all the same: the author fixes a tag there, or adds it to the
    # taxonomy; the build would say the same.
    if warn:
        for message in check_tags(content, rules, path, tags, lang):
            warn(message)
    return path


def _category_twins(articles: list[ArticleFile]) -> dict[tuple[str, str], dict[str, str]]:
    """{(lang, category): {other_lang: category}} from articles already translated."""
    groups: dict[str, list[ArticleFile]] = defaultdict(list)
    for article in articles:
        groups[article.translation_key].append(article)
    votes: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for members in groups.values():
        for a in members:
            for b in members:
                if a.lang != b.lang and a.value("category") and b.value("category"):
                    votes[(a.lang, a.value("category"))][(b.lang, b.value("category"))] += 1
    twins: dict[tuple[str, str], dict[str, str]] = {}
    for key, counter in votes.items():
        for (other_lang, name), _ in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])):
            twins.setdefault(key, {}).setdefault(other_lang, name)
    return twins


def translate_article(
    content: Path,
    slug: str,
    *,
    rules: SiteRules,
    lang: str,
    title: str = "",
    now: str = "",
    warn: Callable[[str], None] | None = None,
) -> Path:
    """Create the `lang` twin of the article whose slug is `slug`; return its path.

    `slug` may also be its file name, with or without `.md` and its folder. The twin gets
    `Translation_key:`, the original's tags (tags are shared concepts), the category used
    by earlier translations of that category, `[TRANSLATE]` title and summary (unless
    `title` is given), and the original text below a marker. `warn` is told when the
    original still holds `[TODO]` placeholders (copied as they are).
    """
    _check_language(lang, rules)
    articles = list(_articles(content, rules))
    written = slug
    if slug.endswith(".md"):
        slug = Path(slug).stem  # a file name, or a path: content/articles/fr/x.md
    matches = [a for a in articles if a.slug == slug or a.path.stem == slug]
    original = next((a for a in matches if a.lang != lang), None)
    if original is None:
        if matches:
            raise AuthoringError(_already_in(matches[0], articles, lang, rules, content))
        names = {a.slug for a in articles} | {a.path.stem for a in articles}
        guess = difflib.get_close_matches(slug, sorted(names), n=1)
        hint = f" (did you mean '{guess[0]}'?)" if guess else ""
        raise AuthoringError(f"no article has the slug '{written}'{hint}")
    key = original.translation_key
    for article in articles:
        if article.lang == lang and (article.translation_key == key or article.slug == key):
            if article in matches:  # the article named is itself in `lang`
                raise AuthoringError(_already_in(article, articles, lang, rules, content))
            raise AuthoringError(
                f"'{key}' already has its version in {lang}: {_shown(article.path, content)}"
            )
    if warn and any(TODO in line for line in original.source.lines):
        warn(
            f"the original {_shown(original.path, content)} still has {TODO} placeholders: "
            "they are copied into the translation as they are; finish the original first"
        )

    category = original.value("category")
    twin = _category_twins(articles).get((original.lang, category), {}).get(lang)
    fields = []
    if title:
        new_slug = rules.slugify(title)
        _check_slug(new_slug, "", title)
        fields += [("Title", " ".join(title.split()))]
    else:
        # No Slug line: Pelican makes the slug from the title, once it is translated.
        new_slug = original.slug
        fields += [("Title", f"{TRANSLATE} {original.value('title')}")]
    if not category:
        category = f"{TODO} a category"
    elif twin:
        category = twin
    else:
        category = f"{TRANSLATE} {category}"
    fields += [
        ("Date", now or rules.now()),
        ("Category", category),
        ("Tags", original.value("tags")),
    ]
    if title:
        fields.append(("Slug", new_slug))
    fields.append(("Translation_key", key))
    summary = original.value("summary")
    if summary:
        fields.append(("Summary", f"{TRANSLATE} {summary}"))
    path = content / "articles" / lang / f"{new_slug}.md"
    body = relink(original.body, original.path, path, content, lang, rules)
    text = _header(fields) + "\n" + TRANSLATE_BODY + "\n\n" + body + "\n"
    choose = "give another --title" if title else "give a --title (it makes another slug)"
    return _write_new(path, text, content, choose)


def _already_in(
    found: ArticleFile, articles: list[ArticleFile], lang: str, rules: SiteRules, content: Path
) -> str:
    """Why `found`, an article in `lang`, cannot be translated into `lang`, and what to run."""
    key = found.translation_key
    missing = [
        other
        for other in rules.languages
        if other != lang
        and not any(a.lang == other and key in (a.translation_key, a.slug) for a in articles)
    ]
    shown = _shown(found.path, content)
    if missing:
        commands = " or ".join(f"invoke translate {found.slug} --lang {m}" for m in missing)
        return f"{shown} is in {lang}; to translate it into {'/'.join(missing)}: {commands}"
    return f"{shown} is in {lang} and already has its translations: nothing to translate"


# `{filename}x.md` / `|filename|x.md` in a Markdown link or reference: the path, then what
# follows it (#part, a title, the closing parenthesis) is left as it is.
_FILENAME_LINK = re.compile(
    r"(?P<mark>\{filename\}|\|filename\|)(?P<path>[^\s)#?\"'>]+)(?P<fragment>#[^\s)\"'>]*)?"
)
# Code is left as written: fenced blocks, and inline code spans.
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+).+?\1", re.S)


def relink(body: str, source: Path, new: Path, content: Path, lang: str, rules: SiteRules) -> str:
    """`body`, moved from `source` to `new`, its `{filename}` links still leading somewhere.

    A link relative to the original's folder would name a file of the new one: it is
    rewritten to the target's published version in `lang` when there is one (the
    translation's reader gets the page in their language; its `#part` is dropped, the
    headings of another language having other anchors), else to the same target from the
    new folder. A link from content/ (`{filename}/articles/fr/x.md`) goes to the twin
    too. Code (fenced blocks, code spans) is left as written.
    """
    versions = _versions(content, rules)
    key_of = {path: key for (_lang, key), path in versions.items()}
    root = content.resolve()

    def replace(match: re.Match) -> str:
        written, fragment = match["path"], match["fragment"] or ""
        absolute = written.startswith("/")
        target = ((root / written.lstrip("/")) if absolute else (source.parent / written)).resolve()
        if not target.is_file():
            return match.group(0)  # broken already: the content checks say so
        twin = versions.get((lang, key_of.get(target, "")))
        if twin is None:
            if absolute:
                return match.group(0)  # from content/: the same from any folder
            twin = target
        else:
            fragment = ""
        if absolute:
            path = "/" + twin.relative_to(root).as_posix()
        else:
            path = os.path.relpath(twin, new.parent.resolve()).replace(os.sep, "/")
        return f"{match['mark']}{path}{fragment}"

    def outside_code(text: str) -> str:
        out, position = [], 0
        for span in _CODE_SPAN.finditer(text):
            out += (_FILENAME_LINK.sub(replace, text[position : span.start()]), span.group(0))
            position = span.end()
        out.append(_FILENAME_LINK.sub(replace, text[position:]))
        return "".join(out)

    lines, prose, fence = [], [], None
    for line in body.split("\n"):
        opening = _FENCE.match(line)
        if fence is None and opening:
            if prose:
                lines.append(outside_code("\n".join(prose)))
            prose, fence = [], opening.group(1)
            lines.append(line)
        elif fence is not None:
            lines.append(line)
            if line.strip().startswith(fence[0] * len(fence)) and not line.strip().strip(fence[0]):
                fence = None
        else:
            prose.append(line)
    if prose:
        lines.append(outside_code("\n".join(prose)))
    return "\n".join(lines)


def _versions(content: Path, rules: SiteRules) -> dict[tuple[str, str], Path]:
    """{(language, translation key): file} of every article and page of the site."""
    found = {}
    for section in ("articles", "kb"):
        for lang in rules.languages:
            for path, source in _sources((content / section / lang).rglob("*.md")):
                fields = {f.key.lower(): f.value.strip() for f in source.fields}
                slug = fields.get("slug") or (
                    rules.slugify(fields["title"]) if fields.get("title") else path.stem
                )
                key = fields.get("translation_key") or slug
                if fields.get("status", "").lower() == "draft":
                    continue  # a link to it would lead nowhere once published
                found.setdefault((lang, f"{section}:{key}"), path.resolve())
    return found
