"""What a wikilink names: `[[slug]]` or `[[Title]]`, the page's language first.

A post and its translations are one piece of content: a wikilink that names one in the
other language (`[[portail-intranet]]` in an English page) leads to its translation in the
page's language when there is one, as the translate task points `{filename}` links. With a
section (`[[portail-intranet#etapes]]`) it leads where it says: headings, and so anchors,
differ from one language to the other.

The rules live with the content index because every plugin that reads links needs them
after the index is complete: the content checks (anchors of `[[target#part]]`), the
related plugin (links, backlinks, the placeholders rewritten) and the search index (the
title an automatic link text shows). The index makes one resolver per build
(`ContentIndex.names`). Pure functions over plain values, tested without a build.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass


def fold_title(text: str) -> str:
    """Case-, accent- and spacing-insensitive key for matching titles."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.replace("\u2019", "'").split())


@dataclass(frozen=True)
class LinkTarget:
    """What a wikilink may point to: one article or page."""

    id: str
    lang: str
    slug: str
    title: str
    group: str = ""
    """What its translations share ("article:<translation key>"); empty: none followed."""


class WikilinkResolver:
    """Finds the content a wikilink names: slug, then title, in the page's language first.

    Several pieces of content with the same slug or title in one language resolve to the
    first by id, so the result never depends on reading order.
    """

    def __init__(self, targets: Iterable[LinkTarget], languages: Sequence[str]):
        self.languages = tuple(languages)
        self.by_slug: dict[tuple[str, str], list[str]] = {}
        self.by_title: dict[tuple[str, str], list[str]] = {}
        self.titles: dict[str, str] = {}
        self.group_of: dict[str, str] = {}
        self.translations: dict[tuple[str, str], str] = {}  # (group, lang) -> id
        for target in sorted(targets, key=lambda t: t.id):
            self.by_slug.setdefault((target.lang, target.slug), []).append(target.id)
            self.by_title.setdefault((target.lang, fold_title(target.title)), []).append(target.id)
            self.titles[target.id] = target.title
            if target.group:
                self.group_of[target.id] = target.group
                self.translations.setdefault((target.group, target.lang), target.id)

    def resolve(self, target: str, lang: str) -> str | None:
        """Id of the content named `target` for a page in `lang`, or None."""
        found = self.candidates(target, lang)
        return found[0] if found else None

    def candidates(self, target: str, lang: str) -> tuple[str, ...]:
        """Every content `target` names, by id, in the first language it is found in.

        `target` is the wikilink's target, `#section` included if it has one. Content
        found in another language than `lang` is replaced by its translation in `lang`
        when it has one, unless a section is named. More than one means the wikilink is
        ambiguous: the first is the one linked.
        """
        name, section, _ = target.partition("#")
        key = fold_title(name)
        order = (lang, *(other for other in self.languages if other != lang))
        for language in order:
            found = self.by_slug.get((language, name.strip())) or self.by_title.get((language, key))
            if found:
                if language != lang and not section:
                    found = [self._in_language(id, lang) for id in found]
                return tuple(dict.fromkeys(found))
        return ()

    def _in_language(self, id: str, lang: str) -> str:
        group = self.group_of.get(id)
        return self.translations.get((group, lang), id) if group else id

    def shown_text(self, target: str, lang: str) -> str:
        """What an automatic link text (`[[target]]`, no `|text`) shows in `lang`.

        The title of the content it names, or the target as written when it names nothing.
        """
        found = self.resolve(target, lang)
        return self.titles[found] if found is not None else target


def link_target(record) -> LinkTarget:
    """What a wikilink may name, from a content-index record.

    Any object with id, lang, slug and title will do; kind and translation_key, when it
    has them, make its group (its translations).
    """
    key = getattr(record, "translation_key", "")
    group = f"{getattr(record, 'kind', '')}:{key}" if key else ""
    return LinkTarget(record.id, record.lang, record.slug, record.title, group)


def resolver_for(records: Iterable, languages: Sequence[str]) -> WikilinkResolver:
    """A wikilink resolver over content-index records."""
    return WikilinkResolver(map(link_target, records), languages)


# --- Automatic link texts in extracted plain text -------------------------------------------

AUTO_TEXT_START = "\x02"
AUTO_TEXT_END = "\x03"
"""Control characters (STX, ETX) around the text of an automatic wikilink in extracted
plain text (`extract.extract_text`). That text is the target as written ("cible"), known
before any title is: what the page shows ("La cible élégante") is put in by
`show_auto_texts` once the index is complete. Neither is a letter or a space, so they
split words as punctuation does: word counts and analysed terms are those of the text
without them. No article holds them (the extractor drops them from author text, and the
content checks refuse control characters), and they keep a text's characters one byte
each where they were (a private-use character would make CPython store the whole text
two bytes a character: 4 MB more at 1,000 pairs)."""
_AUTO_TEXT = re.compile(f"{AUTO_TEXT_START}([^{AUTO_TEXT_END}]*){AUTO_TEXT_END}")


def show_auto_texts(text: str, shown: Callable[[str], str]) -> str:
    """`text` with each marked automatic link text replaced by `shown(target)`."""
    if AUTO_TEXT_START not in text:
        return text.replace(AUTO_TEXT_END, "")  # the end of a span cut from its start
    return (
        _AUTO_TEXT.sub(lambda m: shown(m[1]), text)
        .replace(AUTO_TEXT_START, "")
        .replace(AUTO_TEXT_END, "")
    )


def auto_text_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each marked automatic link text in `text`, markers included."""
    return [m.span() for m in _AUTO_TEXT.finditer(text)]
