"""Pure rules of the bilingual site: pairing, language views, URLs, localised formats.

Nothing here imports Pelican: functions take and return plain values (or any object with
the few attributes they read), so they are tested without a build.
"""

from __future__ import annotations

import posixpath
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from itertools import chain
from typing import Any
from urllib.parse import quote


def translation_key(metadata: Mapping[str, Any], slug: str) -> str:
    """The key that pairs an article with its translations: explicit, or else the slug."""
    key = metadata.get("translation_key")
    return str(key).strip() if key else slug


_URL_SAFE = "/:?#[]@!$&'()*+,;="
"""RFC 3986's reserved characters: kept as they are, like letters, digits and `-._~`."""
_ESCAPE = re.compile(r"(%[0-9A-Fa-f]{2})")
_VALID_URL = re.compile(r"(?:[-A-Za-z0-9._~/:?#\[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*")


def percent_encode(url: str) -> str:
    """`url` as a valid URL: UTF-8 percent-encoded (`Été` is `%C3%89t%C3%A9`, a space `%20`).

    Pelican's URLs are written as the slugs are (accents, capitals); feeds encode them,
    the sitemap must too (its `<loc>` is a URL, not an IRI). An escape already there
    (`%C3`) is kept, so encoding twice changes nothing; a lone `%` becomes `%25`.
    """
    if _VALID_URL.fullmatch(url):
        return url  # nearly every URL: nothing to encode
    # The split keeps the escapes, at odd positions.
    parts = _ESCAPE.split(url)
    return "".join(part if i % 2 else quote(part, safe=_URL_SAFE) for i, part in enumerate(parts))


def url_for(save_as: str, offline: bool) -> str:
    """Public URL of an output file: directory URLs online, explicit index.html offline."""
    if not offline and (save_as == "index.html" or save_as.endswith("/index.html")):
        return save_as[: -len("index.html")]
    return save_as


def kb_save_as(relative_source_path: str, lang: str, slug: str) -> str:
    """Where a knowledge-base page is written: the folder is the section.

    kb/fr/index.md -> fr/kb/index.html; kb/fr/glossaire/index.md -> fr/kb/glossaire/index.html;
    kb/fr/glossaire/taylorisme.md -> fr/kb/glossaire/taylorisme/index.html.
    """
    parts = relative_source_path.replace("\\", "/").split("/")
    # Drop "kb/<lang>/" in front; what is left is the section path and the file name.
    if len(parts) >= 2 and parts[0] == "kb" and parts[1] == lang:
        parts = parts[2:]
    folders, filename = parts[:-1], parts[-1]
    stem = posixpath.splitext(filename)[0]
    section = "/".join(folders)
    base = f"{lang}/kb/{section}/" if section else f"{lang}/kb/"
    if stem == "index":
        return base + "index.html"
    return f"{base}{slug}/index.html"


def kb_section(relative_source_path: str, lang: str) -> tuple[str, ...]:
    """Folders of a knowledge-base page below kb/<lang>/, outermost first."""
    parts = relative_source_path.replace("\\", "/").split("/")
    if len(parts) >= 2 and parts[0] == "kb" and parts[1] == lang:
        parts = parts[2:]
    return tuple(parts[:-1])


def is_section_index(relative_source_path: str) -> bool:
    return posixpath.basename(relative_source_path.replace("\\", "/")) == "index.md"


def language_view(items: Iterable[Any], lang: str, show_untranslated: bool) -> list[Any]:
    """What a language tree lists: its own items, plus items with no twin in that language.

    Items carry `.lang` and `.translations` (the other members of their translation group).
    Order is preserved, so a sorted input gives a sorted view.
    """
    view = []
    for item in items:
        if item.lang == lang:
            view.append(item)
        elif show_untranslated and not any(t.lang == lang for t in item.translations):
            view.append(item)
    return view


def alternates(item: Any, languages: Sequence[str]) -> dict[str, Any]:
    """{lang: item} for the item and each of its translations, in site language order."""
    found = {item.lang: item}
    for twin in item.translations:
        found.setdefault(twin.lang, twin)
    return {lang: found[lang] for lang in languages if lang in found}


def twin_terms(pairs: Iterable[tuple[str, str, str, str]]) -> dict[tuple[str, str], dict[str, str]]:
    """Match list terms (categories) across languages through translated articles.

    `pairs` yields (lang_a, term_a, lang_b, term_b) for each article and each of its
    translations; the most frequent counterpart wins, ties broken by name for determinism.
    Returns {(lang, term): {other_lang: other_term}}.
    """
    votes: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for lang_a, term_a, lang_b, term_b in pairs:
        votes[(lang_a, term_a)][(lang_b, term_b)] += 1
    result: dict[tuple[str, str], dict[str, str]] = {}
    for key, counter in votes.items():
        best: dict[str, tuple[int, str]] = {}
        for (other_lang, other_term), count in counter.items():
            current = best.get(other_lang)
            if current is None or (-count, other_term) < (-current[0], current[1]):
                best[other_lang] = (count, other_term)
        result[key] = {other: term for other, (_, term) in best.items()}
    return result


class CategoryGroups:
    """The categories of each language tree: which items each lists, under which name.

    A category is its slug, as for Pelican ("Intranet" and "intranet" are one) and is shown
    under the spelling its own-language items use most. An item of another language (shown
    in this tree because it has no translation here) is listed under its category's twin
    in this language when there is one (`twin_terms`), else under its own category, which
    then exists in this tree too, twinned with the original.
    """

    def __init__(
        self,
        views: Mapping[str, Sequence[tuple[str, str, str, Any]]],
        twins: Mapping[tuple[str, str], Mapping[str, str]],
    ) -> None:
        """`views`: {tree language: [(item language, category slug, category name, item)]}."""
        own: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
        borrowed: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
        self.items: dict[str, dict[str, list[Any]]] = {lang: {} for lang in views}
        self.twins: dict[tuple[str, str], dict[str, str]] = defaultdict(dict)
        for lang, entries in views.items():
            for item_lang, slug, name, item in entries:
                if item_lang == lang:
                    own[(lang, slug)][name] += 1
                else:
                    twin = twins.get((item_lang, slug), {}).get(lang)
                    if twin is not None:
                        slug = twin
                    else:
                        borrowed[(lang, slug)][name] += 1
                        self.twins[(lang, slug)].setdefault(item_lang, slug)
                        self.twins[(item_lang, slug)].setdefault(lang, slug)
                self.items[lang].setdefault(slug, []).append(item)
        for key, others in twins.items():
            for other_lang, other_slug in others.items():
                self.twins[key][other_lang] = other_slug
        self.names = {
            (lang, slug): most_used(own.get((lang, slug)) or borrowed[(lang, slug)])
            for lang, groups in self.items.items()
            for slug in groups
        }


def unify_categories(items: Iterable[Any], also: Iterable[Any] = ()) -> None:
    """Give the items of one category (language and slug) one category object, one name.

    "Intranet" and "intranet" have one slug, so they are one category (as for Pelican);
    every item then shows the spelling most used among `items` (the published ones, as
    the content checks count them) in its language; `also` (hidden ones) follow. Items
    carry `.lang` and `.category` (with `.slug`), or no category.
    """
    groups: dict[tuple[str, str], list[Any]] = defaultdict(list)
    for item in items:
        category = getattr(item, "category", None)
        if category is not None:
            groups[(item.lang, category.slug)].append(item)
    chosen = {}
    for key, group in groups.items():
        by_name = {str(item.category): item.category for item in group}
        chosen[key] = by_name[most_used(Counter(str(item.category) for item in group))]
    for item in chain(*groups.values(), also):
        category = getattr(item, "category", None)
        if category is not None:
            item.category = chosen.get((item.lang, category.slug), category)


def most_used(names: Counter[str]) -> str:
    """The name written most often; on a tie, the first in code-point order ("Intranet")."""
    return min(names.items(), key=lambda item: (-item[1], item[0]))[0]


def format_date(value: date | datetime, lang: str, strings: Mapping[str, Any]) -> str:
    """'27 novembre 2026' / 'November 27, 2026' from the language's UI table.

    The first of the month takes the table's `first_day` where it has one ('1er mai').
    """
    month = strings["months"][value.month - 1]
    day = strings.get("first_day", "1") if value.day == 1 else value.day
    return strings["date_format"].format(day=day, month=month, year=value.year)


def format_number(value: int | float, strings: Mapping[str, Any]) -> str:
    """Thousands separator per language ('1 234' in French, '1,234' in English)."""
    text = f"{value:,}" if isinstance(value, int) else f"{value:,.1f}"
    return (
        text.replace(",", "\x00")
        .replace(".", strings["decimal_separator"])
        .replace("\x00", strings["thousands_separator"])
    )


# --- French spacing ---------------------------------------------------------------------------

NARROW_NBSP, NBSP = "\u202f", "\u00a0"
# A space written before ; ! ? » or after «: the narrow no-break space French typography
# puts there; before ":" a no-break space. Only spaces the author wrote are changed (never
# "10:30" or "http://").
_BEFORE = re.compile(r"[ \u00a0](?=[;!?»])")
_BEFORE_COLON = re.compile(r" (?=:)")
_AFTER = re.compile(r"(?<=«)[ \u00a0]")
# Elements whose text is code, and comments: left as written. Markdown nests none of these
# but <pre><code>, which its <pre> takes whole.
_VERBATIM = re.compile(
    r"<(pre|code|kbd|samp|script|style|textarea)\b.*?</\1\s*>|<!--.*?-->", re.S | re.I
)


_SPACE_BEFORE = re.compile(r" [;:!?»]")  # a literal first character: a fast scan


def narrow_spaces(text: str) -> str:
    """Plain text with French spacing: 'utile ou rentable\u202f?', '«\u202fOui\u202f»'."""
    if not (_SPACE_BEFORE.search(text) or "«" in text or NBSP in text):
        return text  # most texts: a scan, nothing to replace
    text = _BEFORE.sub(NARROW_NBSP, text)
    text = _BEFORE_COLON.sub(NBSP, text)
    return _AFTER.sub(NARROW_NBSP, text)


def narrow_spaces_html(html: str) -> str:
    """HTML with French spacing outside code.

    Tags are read as text: a space before ":" or "?" never occurs in the names and
    addresses Markdown writes, and in a title attribute it is text (its tooltip too).
    """
    out, position = [], 0
    for match in _VERBATIM.finditer(html):
        out += (narrow_spaces(html[position : match.start()]), match.group(0))
        position = match.end()
    out.append(narrow_spaces(html[position:]))
    return "".join(out)
