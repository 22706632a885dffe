"""Domain model of the bilingual tag taxonomy: concepts, lookup, file parsing.

A tag is a *concept* with one label per site language plus aliases. Authors
may write any label or alias, in any language, with any case, accents or
separators; :func:`normalise` turns all those spellings into one lookup key.

This module is pure Python (no Pelican import) so it can be tested and reused
on its own; the Pelican glue lives in ``__init__.py``.
"""

from __future__ import annotations

import difflib
import functools
import os
import re
import tomllib
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

__all__ = [
    "Concept",
    "FrozenMapping",
    "Taxonomy",
    "TaxonomyError",
    "check_slugs",
    "format_addresses",
    "load_taxonomy",
    "normalise",
    "parse_addresses",
    "parse_taxonomy",
    "recorded_addresses",
    "resolve_tags",
    "slug_change_notes",
    "tag_slugs",
    "unknown_tag_message",
]

# ---------------------------------------------------------------------------
# Normalisation
# ---------------------------------------------------------------------------

# Whitespace, underscores and every Unicode dash count as one word separator,
# so "reseaux-sociaux", "RESEAUX_SOCIAUX" and "réseaux  sociaux" all match.
# Dots are deliberately *not* separators: "node.js" is not "node js".
_SEPARATORS = re.compile(r"[\s_\-\u2010-\u2015\u2212\ufe58\ufe63\uff0d]+")

# Ligatures that NFKD leaves alone but French authors type interchangeably.
_LIGATURES = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae"})

# Typographic apostrophes, so "l’IA" and "l'IA" meet.
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})


def _strip_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@functools.lru_cache(maxsize=8192)
def normalise(text: str) -> str:
    """Return the lookup key of *text*.

    The key ignores case, accents, ligatures and runs of whitespace, hyphens
    or underscores. normalise(normalise(x)) == normalise(x). Remembered: a site's
    articles use a few hundred spellings of their tags, thousands of times.
    """
    key = _strip_marks(text.translate(_LIGATURES))
    # casefold() may produce new decomposable characters ("İ" -> "i̇"), hence a
    # second pass; a third would change nothing, which keeps this idempotent.
    key = _strip_marks(key.casefold()).translate(_LIGATURES).translate(_APOSTROPHES)
    return _SEPARATORS.sub(" ", key).strip()


# ---------------------------------------------------------------------------
# Data
# ---------------------------------------------------------------------------


_K = TypeVar("_K")
_V = TypeVar("_V")


class FrozenMapping(Mapping[_K, _V]):
    """Read-only, hashable, picklable mapping.

    Unlike MappingProxyType, it can be pickled, which Pelican's content cache
    needs when concepts end up in article metadata.
    """

    __slots__ = ("_data",)

    def __init__(self, items: Mapping[_K, _V] | Iterable[tuple[_K, _V]] = ()) -> None:
        object.__setattr__(self, "_data", dict(items))

    def __getitem__(self, key: _K) -> _V:
        return self._data[key]

    def __iter__(self) -> Iterator[_K]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __hash__(self) -> int:
        return hash(tuple(self._data.items()))

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("FrozenMapping is read-only")

    def __getstate__(self) -> dict[_K, _V]:
        return self._data

    def __setstate__(self, state: dict[_K, _V]) -> None:
        object.__setattr__(self, "_data", dict(state))

    def __repr__(self) -> str:
        return f"FrozenMapping({self._data!r})"


@dataclass(frozen=True)
class Concept:
    """One tag concept. Equality and hash use ``id`` only."""

    id: str
    labels: Mapping[str, str] = field(compare=False)
    aliases: tuple[str, ...] = field(default=(), compare=False)
    descriptions: Mapping[str, str] = field(default_factory=FrozenMapping, compare=False)
    parent: str | None = field(default=None, compare=False)
    # Line of the entry's ``[[tag]]`` header, for error messages; None when
    # the concept was not read from a file.
    line: int | None = field(default=None, compare=False)
    # URL slugs pinned by the author (``slug = { fr = "…", en = "…" }``), per language;
    # a language without one takes the slug of its label.
    slugs: Mapping[str, str] = field(default_factory=FrozenMapping, compare=False)
    # Line of each key of the entry (``label``, ``aliases``, ``slug``…), so an error
    # points at the line to edit; the header line when unknown.
    key_lines: Mapping[str, int] = field(default_factory=FrozenMapping, compare=False)

    def __post_init__(self) -> None:
        # Copy into immutable containers so a frozen Concept really is frozen.
        object.__setattr__(self, "labels", FrozenMapping(self.labels))
        object.__setattr__(self, "aliases", tuple(self.aliases))
        object.__setattr__(self, "descriptions", FrozenMapping(self.descriptions))
        object.__setattr__(self, "slugs", FrozenMapping(self.slugs))
        object.__setattr__(self, "key_lines", FrozenMapping(self.key_lines))

    def line_of(self, key: str) -> int | None:
        """Line of *key* in the entry, else of its header (None when not from a file)."""
        return self.key_lines.get(key, self.line)

    def label(self, lang: str) -> str:
        """Return the label in *lang*.

        A language the taxonomy does not cover falls back to the first label
        (the site's default language comes first).
        """
        if lang in self.labels:
            return self.labels[lang]
        return next(iter(self.labels.values()), self.id)

    def description(self, lang: str) -> str:
        """Return the description in *lang*, or ``""`` when there is none."""
        return self.descriptions.get(lang, "")

    def names(self) -> tuple[str, ...]:
        """Every spelling authors may use: labels then aliases, deduplicated."""
        return tuple(dict.fromkeys((*self.labels.values(), *self.aliases)))

    def slug(self, lang: str, slugify: Callable[[str], str]) -> str:
        """Return the URL slug in *lang*: the pinned one, else the slug of the label.

        *slugify* is a one-argument callable: the glue binds Pelican's slugify
        to the site's SLUG_REGEX_SUBSTITUTIONS.
        """
        pinned = self.slugs.get(lang)
        return pinned if pinned else slugify(self.label(lang))


# ---------------------------------------------------------------------------
# Errors
# ---------------------------------------------------------------------------


class TaxonomyError(ValueError):
    """Report a problem in the taxonomy file.

    The message reads like a compiler diagnostic:
    ``{path}:{line}: error: {what} — {fix}``.
    """

    def __init__(self, path: str, line: int | None, entry: str | None, what: str, fix: str) -> None:
        self.path = path
        self.line = line
        self.entry = entry
        self.what = what
        self.fix = fix
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: error: {what} — {fix}")


def _entry_name(entry: str | None, index: int | None = None) -> str:
    if entry is not None:
        return f"entry '{entry}'"
    return f"entry #{index + 1}" if index is not None else "entry"


def quoted(text: str) -> str:
    """Return *text* between single quotes, whatever it holds.

    repr() switches to double quotes for "Réseau social d'entreprise": every message
    quotes names alike.
    """
    return f"'{text}'"


def _did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    matches = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return matches[0] if matches else None


# ---------------------------------------------------------------------------
# Taxonomy
# ---------------------------------------------------------------------------

_ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# What a pinned slug may hold: what an article's Slug: may (content checks).
_SLUG_PATTERN = re.compile(r"[\w.~+-]+")
_NOT_IN_A_SLUG = re.compile(r"[^\w.~+-]+")


def _suggest_id(raw: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", normalise(raw)).strip("-") or "my-tag"


class Taxonomy:
    """A validated, immutable set of concepts with lookup by any spelling.

    Construction checks consistency (ids, labels per language, collisions
    between spellings of different concepts, parents, cycles) and raises
    :class:`TaxonomyError` on the first problem, in file order.
    """

    __slots__ = ("_by_id", "_children", "_index", "concepts", "languages", "path")

    def __init__(
        self,
        concepts: Iterable[Concept],
        languages: Sequence[str],
        path: str = "<taxonomy>",
    ) -> None:
        self.path = path
        self.languages: tuple[str, ...] = tuple(languages)
        if not self.languages:
            raise ValueError("Taxonomy needs at least one language")
        given = list(concepts)
        self._by_id = self._index_ids(given)
        for concept in given:
            self._check_languages(concept)
        self._index = self._index_names(given)
        self._check_parents(given)
        self._check_cycles(given)
        self.concepts: tuple[Concept, ...] = tuple(sorted(given, key=lambda c: c.id))
        children: dict[str, list[Concept]] = {c.id: [] for c in given}
        for concept in self.concepts:
            if concept.parent is not None:
                children[concept.parent].append(concept)
        self._children = {key: tuple(value) for key, value in children.items()}

    # -- validation -------------------------------------------------------

    def _error(
        self, concept: Concept | None, what: str, fix: str, key: str | None = None
    ) -> TaxonomyError:
        """An error at the entry of *concept*: at the line of its *key* when given."""
        if concept is None:
            return TaxonomyError(self.path, None, None, what, fix)
        line = concept.line_of(key) if key else concept.line
        return TaxonomyError(self.path, line, concept.id, what, fix)

    def _index_ids(self, concepts: list[Concept]) -> dict[str, Concept]:
        by_id: dict[str, Concept] = {}
        for concept in concepts:
            if not isinstance(concept.id, str) or not _ID_PATTERN.fullmatch(concept.id):
                raise self._error(
                    concept,
                    f"invalid id {concept.id!r}",
                    "ids use lowercase ASCII letters, digits and single inner hyphens, "
                    f'e.g. id = "{_suggest_id(str(concept.id))}"',
                    key="id",
                )
            if concept.id in by_id:
                first = by_id[concept.id]
                where = f" (first defined at line {first.line_of('id')})" if first.line else ""
                raise self._error(
                    concept,
                    f"duplicate id '{concept.id}'{where}",
                    "give each [[tag]] a unique id, or merge the two entries",
                    key="id",
                )
            by_id[concept.id] = concept
        return by_id

    def _check_languages(self, concept: Concept) -> None:
        name = _entry_name(concept.id)
        for lang in self.languages:
            text = concept.labels.get(lang)
            if isinstance(text, str) and not text.strip():
                raise self._error(
                    concept,
                    f"the '{lang}' label of {name} is empty",
                    f'write the label between the quotes: {lang} = "..."',
                    key="label",
                )
            if not isinstance(text, str):
                raise self._error(
                    concept,
                    f"{name} has no '{lang}' label",
                    f'add {lang} = "..." to its label table',
                    key="label",
                )
        tables = (
            ("label", concept.labels),
            ("description", concept.descriptions),
            ("slug", concept.slugs),
        )
        for kind, table in tables:
            for lang in table:
                if lang not in self.languages:
                    raise self._error(
                        concept,
                        f"{name} has a {kind} in unknown language '{lang}'",
                        f"use one of the site languages: {', '.join(self.languages)}",
                        key=kind,
                    )
        for alias in concept.aliases:
            if not isinstance(alias, str) or not alias.strip():
                raise self._error(
                    concept,
                    f"{name} has an empty alias",
                    "remove it from the aliases list",
                    key="aliases",
                )
        for lang, slug in concept.slugs.items():
            if not _SLUG_PATTERN.fullmatch(slug) or slug.startswith("."):
                better = _NOT_IN_A_SLUG.sub("-", slug).strip("-.").lower() or concept.id
                raise self._error(
                    concept,
                    f"the '{lang}' slug {quoted(slug)} of {name} is not a URL slug",
                    "use letters, digits, '-', '_', '+', '.' and '~', not first a dot: "
                    f'{lang} = "{better}"',
                    key="slug",
                )

    @staticmethod
    def _spellings(concept: Concept) -> Iterator[tuple[str, str]]:
        """Yield (kind, raw spelling) of every name that resolves to *concept*."""
        yield "id", concept.id
        for lang, text in concept.labels.items():
            yield f"label ({lang})", text
        for alias in concept.aliases:
            yield "alias", alias

    def _collision(self, one: _Spelling, other: _Spelling, key: str) -> TaxonomyError:
        """The error for two concepts sharing *key*, at the spelling more likely mistyped.

        File order does not say which entry was just edited: giving `facebook` the
        label "Marketing" must not be reported at the untouched `marketing` entry. Ids
        are stable, so the other spelling is blamed; else the one least like its own
        concept's id and labels (the "Marketing" of `facebook`); else the later one.
        Both entries are named with their lines.
        """
        blamed, kept = (one, other) if _blame_first(one, other) else (other, one)
        concept, kind, raw = blamed
        owner, other_kind, other_raw = kept
        where = f", line {owner.line_of(_KEY_OF_KIND[other_kind.split()[0]])}" if owner.line else ""
        return self._error(
            concept,
            f"{kind} {quoted(raw)} (concept '{concept.id}') collides with "
            f"{other_kind} {quoted(other_raw)} (concept '{owner.id}'{where}): "
            f"both normalise to '{key}'",
            "remove or reword one of them, or merge the two concepts",
            key=_KEY_OF_KIND[kind.split()[0]],
        )

    def _index_names(self, concepts: list[Concept]) -> dict[str, Concept]:
        index: dict[str, Concept] = {}
        origin: dict[str, tuple[str, str]] = {}
        for concept in concepts:
            for kind, raw in self._spellings(concept):
                key = normalise(raw)
                if not key:
                    raise self._error(
                        concept,
                        f"{kind} {quoted(raw)} of {_entry_name(concept.id)} is empty once "
                        "case, accents and separators are ignored",
                        "use at least one letter or digit",
                        key=_KEY_OF_KIND[kind.split()[0]],
                    )
                owner = index.get(key)
                if owner is None:
                    index[key] = concept
                    origin[key] = (kind, raw)
                elif owner is not concept:
                    # The same spelling twice within one concept (an alias equal
                    # to its own label) is harmless; across concepts it is not.
                    raise self._collision((concept, kind, raw), (owner, *origin[key]), key)
        return index

    def add_spellings(self, concept_id: str, spellings: Iterable[str]) -> None:
        """Let more *spellings* name a concept (its URL slugs), where no other owns them.

        A slug such as `reseau-social-dentreprise` (from "Réseau social d'entreprise")
        or `entreprise-20` is what an author copies from the tag's address.
        """
        concept = self._require(concept_id)
        for spelling in spellings:
            key = normalise(spelling)
            if key:
                self._index.setdefault(key, concept)

    def _check_parents(self, concepts: list[Concept]) -> None:
        for concept in concepts:
            parent = concept.parent
            if parent is None or parent in self._by_id:
                continue
            guess = _did_you_mean(str(parent), self._by_id)
            fix = (
                f'did you mean parent = "{guess}"?'
                if guess
                else ("define that id in its own [[tag]] or remove the parent key")
            )
            raise self._error(
                concept,
                f"parent '{parent}' of {_entry_name(concept.id)} is not a defined id",
                fix,
                key="parent",
            )

    def _check_cycles(self, concepts: list[Concept]) -> None:
        for concept in concepts:
            path = [concept.id]
            parent = concept.parent
            while parent is not None:
                path.append(parent)
                if parent == concept.id:
                    raise self._error(
                        concept,
                        f"{_entry_name(concept.id)} is its own ancestor: {' → '.join(path)}",
                        "remove one 'parent' key in that loop",
                        key="parent",
                    )
                if parent in path[:-1]:
                    break  # a cycle not through this concept; reported at its own entry
                parent = self._by_id[parent].parent

    # -- queries ----------------------------------------------------------

    def __iter__(self) -> Iterator[Concept]:
        return iter(self.concepts)

    def __len__(self) -> int:
        return len(self.concepts)

    def __contains__(self, concept_id: object) -> bool:
        return concept_id in self._by_id

    def __repr__(self) -> str:
        return f"Taxonomy({len(self.concepts)} concepts, languages={self.languages!r})"

    def get(self, concept_id: str) -> Concept | None:
        """Concept with that exact id, or None."""
        return self._by_id.get(concept_id)

    def resolve(self, raw_tag: str) -> Concept | None:
        """Return the concept named *raw_tag*, or None.

        A concept is named by its id, labels and aliases, up to :func:`normalise`.
        """
        return self._index.get(normalise(raw_tag))

    def closest(self, raw_tag: str, n: int = 3, cutoff: float = 0.6) -> list[Concept]:
        """Return up to *n* concepts whose names look like *raw_tag* ("did you mean").

        Best first; ties are broken by id so the answer is deterministic.
        """
        key = normalise(raw_tag)
        # Sorting the words too catches reordered phrases ("portail intranet").
        sorted_key = " ".join(sorted(key.split()))
        best: dict[str, float] = {}
        for name, concept in self._index.items():
            score = max(
                difflib.SequenceMatcher(None, key, name).ratio(),
                difflib.SequenceMatcher(None, sorted_key, " ".join(sorted(name.split()))).ratio(),
            )
            if score >= cutoff and score > best.get(concept.id, -1.0):
                best[concept.id] = score
        ranked = sorted(best, key=lambda cid: (-best[cid], cid))
        return [self._by_id[cid] for cid in ranked[:n]]

    def _require(self, concept_id: str) -> Concept:
        try:
            return self._by_id[concept_id]
        except KeyError:
            raise KeyError(f"unknown concept id {concept_id!r}") from None

    def roots(self) -> tuple[Concept, ...]:
        """Concepts without a parent, sorted by id."""
        return tuple(c for c in self.concepts if c.parent is None)

    def children(self, concept_id: str) -> tuple[Concept, ...]:
        """Direct children of *concept_id*, sorted by id."""
        self._require(concept_id)
        return self._children[concept_id]

    def parent_of(self, concept_id: str) -> Concept | None:
        """Parent concept of *concept_id*, or None for a root."""
        parent = self._require(concept_id).parent
        return None if parent is None else self._by_id[parent]

    def ancestors(self, concept_id: str) -> tuple[Concept, ...]:
        """Parent, grandparent, … of *concept_id* (nearest first)."""
        chain: list[Concept] = []
        parent = self.parent_of(concept_id)
        while parent is not None:
            chain.append(parent)
            parent = self.parent_of(parent.id)
        return tuple(chain)


_Spelling = tuple[Concept, str, str]  # (concept, kind such as "label (fr)", spelling)
_KEY_OF_KIND = {"id": "id", "label": "label", "alias": "aliases", "slug": "slug"}


def _resemblance(spelling: _Spelling) -> float:
    """How much a spelling looks like its own concept's id and other labels (0..1)."""
    concept, kind, raw = spelling
    if kind == "id":
        return 2.0  # ids are stable: never the one blamed when something else collides
    key = normalise(raw)
    lang = kind.partition("(")[2].rstrip(")")  # "label (fr)", "slug (fr)": not itself
    others = [concept.id, *(t for other, t in concept.labels.items() if other != lang)]
    return max(difflib.SequenceMatcher(None, key, normalise(o)).ratio() for o in others)


def _blame_first(one: _Spelling, other: _Spelling) -> bool:
    """Whether *one* (the later in the file) rather than *other* is reported."""
    return _resemblance(one) <= _resemblance(other)


def resolve_tags(raw_tags: Iterable[str], taxonomy: Taxonomy) -> tuple[list[Concept], list[str]]:
    """Split an article's raw tags into known concepts and unknown tags.

    Concepts come in first-seen order without duplicates; unknown raw tags in
    first-seen order, one per normalised spelling.
    Blank tags, as left by a trailing comma, are ignored.
    """
    concepts: dict[str, Concept] = {}
    unknown: dict[str, str] = {}
    for raw in raw_tags:
        key = normalise(raw)
        if not key:
            continue
        concept = taxonomy.resolve(key)
        if concept is not None:
            concepts.setdefault(concept.id, concept)
        else:
            unknown.setdefault(key, raw)
    return list(concepts.values()), list(unknown.values())


def tag_slugs(taxonomy: Taxonomy, slugify: Callable[[str], str]) -> dict[str, dict[str, str]]:
    """{lang: {concept id: URL slug}}: what a build keeps to see a tag's address change."""
    return {
        lang: {c.id: c.slug(lang, slugify) for c in taxonomy.concepts}
        for lang in taxonomy.languages
    }


def _pinned_here(concept: Concept, lang: str, slug: str) -> bool:
    """Whether the address in *lang* is the one its `slug =` pins: an author's choice."""
    return concept.slugs.get(lang) == slug


def slug_change_notes(
    taxonomy: Taxonomy,
    now: Mapping[str, Mapping[str, str]],
    before: Mapping[str, Mapping],
    record: str = "content/tag-addresses.toml",
    record_lines: Mapping[tuple[str, str], int] | None = None,
) -> list[str]:
    """A note per tag whose address is not the recorded one (*before*, read from *record*).

    A label edited (a typo, capitals) moves the tag's page and feed: links to them and
    feed subscriptions break, so the author is told, with the `slug` that keeps the old
    address, or the record's line to delete to move it. A tag whose address is the one
    its `slug =` pins is never "changed": the pin is the author's choice of address.
    """
    notes = []
    lines = record_lines or {}
    for lang, slugs in now.items():
        old_slugs = before.get(lang)
        if not isinstance(old_slugs, Mapping):
            continue
        for concept_id, slug in slugs.items():
            old = old_slugs.get(concept_id)
            if not isinstance(old, str) or old == slug:
                continue
            concept = taxonomy.get(concept_id)
            if _pinned_here(concept, lang, slug):
                continue
            line = concept.line_of("label")
            where = f"{taxonomy.path}:{line}" if line else taxonomy.path
            at = lines.get((lang, concept_id))
            entry = f"line {at} of {record}" if at else f"'{concept_id}' under [{lang}] in {record}"
            notes.append(
                f"{where}: note: the '{lang}' address of tag '{concept_id}' is not the one "
                f"recorded in {record}: {lang}/tags/{old}/ is now {lang}/tags/{slug}/ (its "
                "feed too), so links to the old address and feed subscriptions break; to keep "
                f'it, write slug = {{ {lang} = "{old}" }} in its entry; to move it, delete '
                f"{entry} (the next build records the new address)"
            )
    return notes


def recorded_addresses(
    taxonomy: Taxonomy, now: Mapping[str, Mapping[str, str]], before: Mapping[str, Mapping]
) -> dict[str, dict[str, str]]:
    """The record a build leaves: *now*, except the changes still noted.

    A tag whose address differs from the recorded one keeps its recorded address (the
    note repeats until the author pins it back or deletes the line); a pinned address,
    a new tag and a tag without a record line take theirs; removed tags leave the record.
    """
    record: dict[str, dict[str, str]] = {}
    for lang, slugs in now.items():
        old_slugs = before.get(lang) if isinstance(before.get(lang), Mapping) else {}
        kept = record.setdefault(lang, {})
        for concept_id, slug in slugs.items():
            old = old_slugs.get(concept_id)
            pinned = _pinned_here(taxonomy.get(concept_id), lang, slug)
            kept[concept_id] = old if isinstance(old, str) and not pinned else slug
    return record


_RECORD_HEADER = """\
# The tag addresses the site has: <lang>/tags/<slug>/, one line per tag and language.
# Written by the build; commit it with taxonomy.toml. A tag whose address no longer is
# the one here is a note on every build: pin the old address in taxonomy.toml
# (slug = { fr = "..." }), or delete its line here to move it (see README, "Tags").
"""


def format_addresses(record: Mapping[str, Mapping[str, str]]) -> str:
    """The record as TOML: a table per language, `id = "slug"` lines sorted by id."""
    parts = [_RECORD_HEADER]
    for lang in sorted(record):
        parts.append(f"\n[{lang}]\n")
        for concept_id in sorted(record[lang]):
            # Ids are bare keys; slugs hold no quote or backslash (letters, digits, -_+.~).
            slug = record[lang][concept_id].replace("\\", "\\\\").replace('"', '\\"')
            parts.append(f'{concept_id} = "{slug}"\n')
    return "".join(parts)


def parse_addresses(text: str) -> tuple[dict[str, dict[str, str]], dict[tuple[str, str], int]]:
    """The record and the line of each (lang, id); an unreadable record is an empty one."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        return {}, {}
    record = {
        lang: {k: v for k, v in table.items() if isinstance(v, str)}
        for lang, table in data.items()
        if isinstance(table, dict)
    }
    lines: dict[tuple[str, str], int] = {}
    lang = None
    for number, line in enumerate(text.splitlines(), 1):
        header = re.match(r"\s*\[\s*([^\]\s]+)\s*\]", line)
        if header:
            lang = header[1]
            continue
        key = re.match(r"\s*([A-Za-z0-9_-]+)\s*=", line)
        if key and lang is not None:
            lines[(lang, key[1])] = number
    return record, lines


def unknown_tag_message(where: str, tag: str, taxonomy: Taxonomy, lang: str) -> str:
    """The warning for an unknown tag at *where* (`path:line`), with the closest tags.

    Names are quoted alike ('Réseau social d'entreprise', not repr()'s double quotes).
    Shared by the build and `invoke new --tags`.
    """
    hints = ", ".join(quoted(c.label(lang)) for c in taxonomy.closest(tag))
    suggestion = f" Did you mean {hints}?" if hints else ""
    return (
        f"{where}: warning: unknown tag {quoted(tag)}.{suggestion} "
        f"Fix the spelling or add the tag to {taxonomy.path}."
    )


def check_slugs(taxonomy: Taxonomy, slugify: Callable[[str], str]) -> None:
    """Raise TaxonomyError if a slug is empty or two concepts share one in a language.

    Labels such as "C" and "C++" can slugify alike; their tag pages would
    overwrite each other. The error is at the `slug` line of a pinned slug, else at
    the label line, of the concept whose slug looks least like its id (see
    `Taxonomy._collision`). Then each concept's slugs become spellings of it, so a
    tag copied from its address (`entreprise-20`) resolves.
    """
    for lang in taxonomy.languages:
        seen: dict[str, Concept] = {}
        for concept in sorted(taxonomy.concepts, key=lambda c: (c.line or 0, c.id)):
            slug = concept.slug(lang, slugify)
            key = "slug" if concept.slugs.get(lang) else "label"
            if not slug:
                # An empty slug would write the tag page over the tags index.
                raise TaxonomyError(
                    taxonomy.path,
                    concept.line_of(key),
                    concept.id,
                    f"'{lang}' label {quoted(concept.label(lang))} of entry '{concept.id}' "
                    "gives an empty URL slug",
                    "use at least one letter or digit in the label, or pin the address: "
                    f'slug = {{ {lang} = "{concept.id}" }}',
                )
            other = seen.setdefault(slug, concept)
            if other is concept:
                continue
            one: _Spelling = (concept, f"slug ({lang})", slug)
            two: _Spelling = (other, f"slug ({lang})", slug)
            if not _blame_first(one, two):
                concept, other = other, concept
            key = "slug" if concept.slugs.get(lang) else "label"
            other_key = "slug" if other.slugs.get(lang) else "label"
            where = f", line {other.line_of(other_key)}" if other.line else ""
            raise TaxonomyError(
                taxonomy.path,
                concept.line_of(key),
                concept.id,
                f"'{lang}' {key} {quoted(concept.slugs.get(lang) or concept.label(lang))} of "
                f"entry '{concept.id}' has the same URL slug '{slug}' as "
                f"{quoted(other.label(lang))} (entry '{other.id}'{where})",
                "reword one of the two labels so their URLs differ, or pin one address: "
                f'slug = {{ {lang} = "…" }}',
            )
    for concept in taxonomy.concepts:
        taxonomy.add_spellings(
            concept.id, (concept.slug(lang, slugify) for lang in taxonomy.languages)
        )


# ---------------------------------------------------------------------------
# File parsing
# ---------------------------------------------------------------------------

_ENTRY_KEYS = ("id", "label", "aliases", "description", "parent", "slug")
_HEADER = re.compile(r"^\s*\[\[\s*tag\s*\]\]\s*(?:#.*)?$")
# `[tag]`, a table header, where `[[tag]]` (one more entry of the array) was meant.
_SINGLE_HEADER = re.compile(r"^\s*\[\s*tag\s*\]\s*(?:#.*)?$")
_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")


@dataclass(frozen=True)
class _Source:
    """The text of a taxonomy file with positions that tomllib does not give."""

    path: str
    lines: tuple[str, ...]
    headers: tuple[int, ...]  # 1-based line of each [[tag]] header

    @classmethod
    def from_text(cls, text: str, path: str) -> _Source:
        lines = tuple(text.splitlines())
        headers = tuple(
            i
            for i, line in enumerate(lines, 1)
            if _HEADER.match(line) or _SINGLE_HEADER.match(line)
        )
        return cls(path, lines, headers)

    def check_headers(self) -> None:
        """A `[tag]` header is an error at its line, named before TOML's own wording.

        tomllib says "Cannot declare ('tag',) twice" at the next entry, or reads a lone
        `[tag]` as a table, and the error would name the entry before it.
        """
        for number, text in enumerate(self.lines, 1):
            if _SINGLE_HEADER.match(text):
                entry = self.id_near(number)
                name = f" (entry '{entry}')" if entry else ""
                raise TaxonomyError(
                    self.path,
                    number,
                    entry,
                    f"'{text.strip()}' must be '[[tag]]'{name}: each tag is one entry of "
                    "the list of tags, written with double brackets",
                    "write [[tag]] on that line",
                )

    def entry_line(self, index: int, count: int) -> int | None:
        # Header scanning is only trustworthy when it found one header per
        # entry (an inline `tag = [...]` array has no headers at all).
        if len(self.headers) == count:
            return self.headers[index]
        return None

    def key_line(self, entry_line: int | None, key: str) -> int | None:
        """Line of ``key = …`` inside the entry starting at *entry_line*."""
        if entry_line is None:
            return None
        pattern = re.compile(rf"^\s*(?:{re.escape(key)}|\"{re.escape(key)}\")\s*[=.]")
        for number in range(entry_line + 1, len(self.lines) + 1):
            text = self.lines[number - 1]
            if text.lstrip().startswith("["):
                break
            if pattern.match(text):
                return number
        return entry_line

    def id_near(self, line: int) -> str | None:
        """Best-effort id of the entry containing *line*, for syntax errors."""
        start = max((h for h in self.headers if h <= line), default=None)
        if start is None:
            return None
        for text in self.lines[start:]:
            if _HEADER.match(text) or _SINGLE_HEADER.match(text):
                break
            match = re.match(r"^\s*id\s*=\s*[\"']([^\"']*)[\"']", text)
            if match:
                return match.group(1)
        return None


def _parse_toml(text: str, source: _Source) -> dict:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc.args[0]) if exc.args else str(exc)
        position = _TOML_POSITION.search(message)
        line = int(position.group(1)) if position else getattr(exc, "lineno", None)
        what = _TOML_POSITION.sub("", message)
        if position:
            what += f" at column {position.group(2)}"
        entry = source.id_near(line) if line else None
        if entry:
            what += f" (in entry '{entry}')"
        raise TaxonomyError(
            source.path,
            line,
            entry,
            f"invalid TOML: {what}",
            "check quotes, commas and brackets on that line "
            '(an entry looks like: [[tag]] / id = "x" / label = { fr = "…", en = "…" })',
        ) from None


def _check_string_table(
    value: object, key: str, name: str, error: Callable[..., TaxonomyError]
) -> dict[str, str]:
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise error(
            key,
            f"'{key}' of {name} must be a table of language = text",
            f'write {key} = {{ fr = "…", en = "…" }}',
        )
    return value


def _read_entry(raw: object, index: int, count: int, source: _Source) -> Concept:
    line = source.entry_line(index, count)
    entry = raw.get("id") if isinstance(raw, dict) and isinstance(raw.get("id"), str) else None
    name = _entry_name(entry, index)

    key_lines = {}
    if isinstance(raw, dict) and line is not None:
        key_lines = {key: source.key_line(line, key) for key in raw if isinstance(key, str)}

    def error(key: str | None, what: str, fix: str) -> TaxonomyError:
        at = source.key_line(line, key) if key else line
        return TaxonomyError(source.path, at, entry, what, fix)

    if not isinstance(raw, dict):
        raise error(None, f"{name} is not a table", "declare each tag with a [[tag]] header")
    for key in raw:
        if key not in _ENTRY_KEYS:
            guess = _did_you_mean(key, _ENTRY_KEYS)
            fix = f"did you mean '{guess}'?" if guess else f"allowed keys: {', '.join(_ENTRY_KEYS)}"
            raise error(key, f"unknown key '{key}' in {name}", fix)
    if "id" not in raw:
        raise error(
            None, f"{name} has no id", 'add id = "my-tag" (lowercase letters, digits, hyphens)'
        )
    if not isinstance(raw["id"], str):
        raise error("id", f"id of {name} must be a string", 'write id = "my-tag"')
    if "label" not in raw:
        raise error(None, f"{name} has no label", 'add label = { fr = "…", en = "…" }')
    labels = _check_string_table(raw["label"], "label", name, error)
    descriptions = _check_string_table(raw.get("description", {}), "description", name, error)
    slugs = _check_string_table(raw.get("slug", {}), "slug", name, error)
    aliases = raw.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise error(
            "aliases",
            f"'aliases' of {name} must be a list of strings",
            'write aliases = ["…", "…"]',
        )
    parent = raw.get("parent")
    if parent is not None and not isinstance(parent, str):
        raise error(
            "parent", f"'parent' of {name} must be an id string", 'write parent = "parent-id"'
        )
    return Concept(
        id=raw["id"],
        labels=labels,
        aliases=tuple(aliases),
        descriptions=descriptions,
        parent=parent,
        line=line,
        slugs=slugs,
        key_lines=key_lines,
    )


def parse_taxonomy(text: str, path: str, languages: Sequence[str]) -> Taxonomy:
    """Parse the TOML text of a taxonomy file; raise TaxonomyError on any problem."""
    source = _Source.from_text(text, path)
    source.check_headers()
    data = _parse_toml(text, source)
    for key in data:
        if key != "tag":
            raise TaxonomyError(
                path,
                None,
                None,
                f"unknown top-level key '{key}'",
                "declare each tag with a [[tag]] header; nothing else is allowed at top level",
            )
    entries = data.get("tag", [])
    if not isinstance(entries, list):
        raise TaxonomyError(
            path,
            None,
            None,
            "'tag' must be an array of tables",
            "declare each tag with a [[tag]] header",
        )
    concepts = [_read_entry(raw, i, len(entries), source) for i, raw in enumerate(entries)]
    return Taxonomy(concepts, languages, path=path)


def load_taxonomy(
    path: str | os.PathLike[str], languages: Sequence[str], shown: str | None = None
) -> Taxonomy:
    """Read and parse a taxonomy file (UTF-8, with or without a byte-order mark).

    `shown` is the path messages name (the build's `content/taxonomy.toml`), else `path`.
    """
    name = os.fspath(path)
    shown = shown or name
    try:
        with open(name, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        raise TaxonomyError(
            shown,
            None,
            None,
            f"cannot read taxonomy file: {exc.strerror or exc}",
            "check the path (TAXONOMY_FILE, relative to the content folder)",
        ) from exc
    try:
        # utf-8-sig: a BOM, which some Windows editors write, is fine as in Markdown files
        # (tomllib would read it as a statement and report "Invalid statement").
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        column = len(data[line_start : exc.start].decode("utf-8", "replace")) + 1
        raise TaxonomyError(
            shown,
            data.count(b"\n", 0, exc.start) + 1,
            None,
            f"the file is not saved as UTF-8 (byte 0x{data[exc.start]:02x} at column {column})",
            "save the file as UTF-8 (in your editor: Save As, Encoding: UTF-8)",
        ) from None
    return parse_taxonomy(text, shown, languages)
