"""Links between content: wikilinks, `{filename}` links, and backlinks.

Pure functions over plain values (no Pelican import), so they are tested without a build.

Ids are source paths relative to the content folder ("articles/fr/x.md"), as in the content
index. A *group* is a piece of content and its translations ("a post and its translation
count as one node"); links and backlinks are computed between groups, then shown in the
reader's language.

Wikilinks go through a placeholder: while Markdown renders, the target list does not exist
yet, so `[[target|text]]` becomes `<a class="wikilink" href="{wikilink}target">text</a>`
(see `wikilinks.py`). Once every article has been read, `rewrite_placeholders` turns each
placeholder into an ordinary `{filename}/<id>` link, which Pelican then rewrites to the
target's URL exactly like a hand-written link (relative or absolute, offline or not), or
into a visibly missing `<span>` when nothing matches.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar
from urllib.parse import quote, unquote, urlsplit

try:  # what a wikilink names is the content index's (content_index/names.py)
    from ..content_index.names import WikilinkResolver
except (
    ImportError
):  # loaded by Pelican as the top-level package `related` (see search_index/analyzer.py)
    from content_index.names import WikilinkResolver  # type: ignore[no-redef]

T = TypeVar("T")

WIKILINK_PATTERN = r"\[\[([^\[\]\|\n]+?)(?:\|([^\[\]\n]+?))?\]\]"
"""`[[target]]` or `[[target|text]]`; the target may end in `#fragment`."""
_WIKILINK = re.compile(WIKILINK_PATTERN)

PLACEHOLDER_SCHEME = "{wikilink}"
# The exact markup `wikilinks.py` writes; matched here only on text we produced ourselves.
_PLACEHOLDER = re.compile(
    r'<a class="wikilink" href="\{wikilink\}(?P<target>[^"]*)" data-wikilink-text="(?P<auto>auto|own)">'
    r"(?P<text>[^<]*)</a>"
)
_FILENAME_LINK = re.compile(r"^[{|](?:filename|attach)[}|](?P<path>.*)$")


@dataclass(frozen=True)
class Wikilink:
    target: str
    """What the author wrote before `|` or `#`: a slug or a title."""
    fragment: str = ""
    text: str | None = None
    """The link text after `|`, or None (then the target's title is shown)."""


def parse_wikilink(inner: str, text: str | None = None) -> Wikilink:
    """Split the inside of `[[...]]` into target, `#fragment` and text."""
    target, _, fragment = inner.partition("#")
    text = text.strip() if text else None
    return Wikilink(target=target.strip(), fragment=fragment.strip(), text=text or None)


def find_wikilinks(source: str) -> list[Wikilink]:
    """Every wikilink written in a Markdown text, in order."""
    return [parse_wikilink(m.group(1), m.group(2)) for m in _WIKILINK.finditer(source)]


def placeholder(link: Wikilink) -> str:
    """The placeholder HTML a wikilink renders to until targets are known."""
    target = link.target + (f"#{link.fragment}" if link.fragment else "")
    mode = "own" if link.text else "auto"
    text = link.text if link.text else link.target
    return (
        f'<a class="wikilink" href="{PLACEHOLDER_SCHEME}{quote(target, safe="")}" '
        f'data-wikilink-text="{mode}">{html.escape(text, quote=False)}</a>'
    )


def placeholder_target(href: str) -> str | None:
    """The target text of a placeholder href ('{wikilink}x' -> 'x'), else None."""
    if href.startswith(PLACEHOLDER_SCHEME):
        return unquote(href[len(PLACEHOLDER_SCHEME) :])
    return None


def resolve_filename_link(
    href: str, source_id: str, known: Mapping[str, object] | set
) -> str | None:
    """Id of the content a `{filename}` link points to, or None.

    `{filename}x.md` is relative to the folder of the source file, `{filename}/x.md` to the
    content folder (Pelican's rules); a `#fragment` or `?query` is ignored.
    """
    match = _FILENAME_LINK.match(href)
    if not match:
        return None
    path = unquote(urlsplit(match.group("path")).path)
    if path.startswith("/"):
        candidate = posixpath.normpath(path.lstrip("/"))
    else:
        candidate = posixpath.normpath(posixpath.join(posixpath.dirname(source_id), path))
    return candidate if candidate in known else None


@dataclass(frozen=True)
class Unresolved:
    """A wikilink that names nothing, or more than one: reported with the file and line."""

    source_id: str
    target: str
    candidates: tuple[str, ...] = ()
    """When it names more than one content (by id, the first is linked); else empty."""


def resolve_links(
    hrefs: Iterable[str],
    source_id: str,
    lang: str,
    known: Mapping[str, object] | set,
    resolver: WikilinkResolver,
) -> tuple[list[str], list[Unresolved]]:
    """Target ids of one source's `{filename}` links and wikilink placeholders, in order.

    Returns (targets in `known`, without duplicates or self-links; wikilinks that name
    nothing, or more than one content, each once). A wikilink may name content that is
    not in `known` (hidden content has a page, but no place in the graph).
    """
    targets: dict[str, None] = {}
    missing: dict[str, Unresolved] = {}
    for href in hrefs:
        wiki = placeholder_target(href)
        if wiki is not None:
            name = wiki.partition("#")[0]
            candidates = resolver.candidates(wiki, lang)
            found = candidates[0] if candidates else None
            if len(candidates) != 1:
                missing.setdefault(name, Unresolved(source_id, name, candidates))
        else:
            found = resolve_filename_link(href, source_id, known)
        if found and found != source_id and found in known:
            targets.setdefault(found, None)
    return list(targets), list(missing.values())


def rewrite_placeholders(
    html_text: str,
    resolve: Callable[[str], str | None],
    title_of: Callable[[str], str],
    missing_title: str,
) -> str:
    """Replace wikilink placeholders in rendered HTML by links or missing-link spans.

    `resolve(target)` gives the id of the content `target` (`#section` included) names,
    or None; a resolved placeholder becomes
    `<a class="wikilink" href="{filename}/<id>">`, which Pelican turns into the target's
    URL. Without author text, the link shows the target's title. An unresolved one becomes
    `<span class="wikilink wikilink--missing" title="...">text</span>`.
    """
    if PLACEHOLDER_SCHEME not in html_text:
        return html_text

    def replace(match: re.Match) -> str:
        target = unquote(match.group("target"))
        name, _, fragment = target.partition("#")
        found = resolve(target)  # the section too: a link to one follows no translation
        text = match.group("text")
        if found is None:
            tooltip = html.escape(missing_title.format(target=name), quote=True)
            return f'<span class="wikilink wikilink--missing" title="{tooltip}">{text}</span>'
        if match.group("auto") == "auto":
            text = html.escape(title_of(found), quote=False)
        anchor = f"#{quote(fragment, safe='')}" if fragment else ""
        href = f"{{filename}}/{quote(found, safe='/')}{anchor}"
        return f'<a class="wikilink" href="{html.escape(href, quote=True)}">{text}</a>'

    return _PLACEHOLDER.sub(replace, html_text)


def wikilink_line(source_text: str, target: str) -> int | None:
    """Line number (1-based) of the first wikilink to `target` in a source file."""
    for number, line in enumerate(source_text.splitlines(), 1):
        for match in _WIKILINK.finditer(line):
            if parse_wikilink(match.group(1)).target == target:
                return number
    return None


# --- Groups and backlinks ----------------------------------------------------------------


def group_links(
    links: Mapping[str, Iterable[str]], group_of: Mapping[str, str]
) -> dict[str, frozenset[str]]:
    """{source group: target groups}: a group links another if any member links any member."""
    result: dict[str, set[str]] = {}
    for source, targets in links.items():
        source_group = group_of[source]
        for target in targets:
            target_group = group_of.get(target)
            if target_group is not None and target_group != source_group:
                result.setdefault(source_group, set()).add(target_group)
    return {group: frozenset(targets) for group, targets in sorted(result.items())}


def invert_links(links: Mapping[str, Iterable[str]]) -> dict[str, frozenset[str]]:
    """{target: sources that link to it}."""
    result: dict[str, set[str]] = {}
    for source, targets in links.items():
        for target in targets:
            result.setdefault(target, set()).add(source)
    return {target: frozenset(sources) for target, sources in sorted(result.items())}


def representative(members: Mapping[str, T], lang: str, languages: Sequence[str]) -> T:
    """The member of a group a reader of `lang` sees: theirs, else the first other language.

    `members` is {lang: member} (ids, records...).
    """
    if lang in members:
        return members[lang]
    for other in languages:
        if other in members:
            return members[other]
    return members[min(members)]


def links_from_records(
    records: Sequence, resolver: WikilinkResolver
) -> tuple[dict[str, list[str]], list[Unresolved]]:
    """{source id: target ids} for every record with links, and the unresolved wikilinks."""
    known = {r.id for r in records}
    links: dict[str, list[str]] = {}
    missing: list[Unresolved] = []
    for record in records:
        targets, unresolved = resolve_links(
            record.text.links, record.id, record.lang, known, resolver
        )
        if targets:
            links[record.id] = targets
        missing += unresolved
    return links, missing
