#!/usr/bin/env python3
"""Deterministic synthetic bilingual (French/English) corpus generator.

Writes a complete Pelican content folder::

    DIR/articles/fr/<slug>.md   French originals (and French-only articles)
    DIR/articles/en/<slug>.md   English translations (``Translation_key: <fr slug>``)
                                and English-only articles
    DIR/taxonomy.toml           tag taxonomy (concepts, labels, aliases)
    DIR/clusters.json           ground truth {relative article path: cluster id}

Usage::

    python bench/make_corpus.py --pairs 5000 --out /tmp/corpus [--seed 1]
                                [--one-language-share 0.05] [--clusters K]

or ``from bench.make_corpus import make_corpus``.

Determinism: output depends only on (seed, pairs, one_language_share, number of
clusters).  Every "unit" k (a FR/EN pair, or a one-language article) uses its
own ``random.Random("make_corpus:<seed>:<k>")`` and only links to earlier
units, so unit k is byte-identical whatever ``pairs`` is, as long as the
number of clusters is the same (default ``min(40, max(8, pairs // 40))``,
i.e. constant for pairs >= 1600; pass ``clusters=`` to pin it).
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import random
import re
import sys
import time
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from operator import itemgetter
from pathlib import Path

try:  # imported as bench.make_corpus
    from . import corpus_words as W
except ImportError:  # run as a script: python bench/make_corpus.py
    import corpus_words as W  # type: ignore[no-redef]

LANGS = ("fr", "en")
MAX_CLUSTERS = 40
MIN_BODY_WORDS = 400
MAX_BODY_WORDS = 1500
SHARE_LEVELS = (0.25, 0.28, 0.31, 0.34, 0.37, 0.40)  # cluster-vocabulary share
FUNCTION_MASS = 0.20
NOISE_MISC_MASS = 0.02
NOISE_OTHER_CLUSTER_MASS = 0.03
DATE_START = datetime(2010, 1, 1)
DATE_SPAN_DAYS = 15 * 365  # 2010 .. 2024
DATE_FMT = "%Y-%m-%d %H:%M"


# ---------------------------------------------------------------------------
# Normalisation / slugs
# ---------------------------------------------------------------------------


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


_SEP_RE = re.compile(r"[\s_-]+")


def normalise(text: str) -> str:
    """Tag-matching key: lowercase, accents stripped, separators equivalent.

    Spaces, hyphens and underscores collapse to one space.
    """
    return _SEP_RE.sub(" ", strip_accents(text).lower()).strip()


_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def slugify(text: str, max_parts: int = 5) -> str:
    base = _NON_ALNUM.sub("-", strip_accents(text).lower().replace("œ", "oe")).strip("-")
    return "-".join(base.split("-")[:max_parts])


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


# ---------------------------------------------------------------------------
# Vocabulary tables (built once at import)
# ---------------------------------------------------------------------------

FR: list[str] = []
EN: list[str] = []


def _add_pairs(spec: str) -> list[int]:
    ids = []
    for entry in spec.split(","):
        entry = entry.strip()
        if not entry:
            continue
        fr, en = entry.split(":")
        ids.append(len(FR))
        FR.append(fr)
        EN.append(en)
    return ids


FUNC_IDS = _add_pairs(W.FUNCTION_WORDS)
GNOUN_IDS = _add_pairs(W.GENERAL_NOUNS)
GWORD_IDS = _add_pairs(W.GENERAL_WORDS)
GENERAL_IDS = GNOUN_IDS + GWORD_IDS
NOISE_IDS = _add_pairs(W.NOISE_WORDS)


@dataclass(frozen=True)
class Concept:
    id: str
    parent: str | None
    label: dict
    aliases: tuple
    description: dict | None


CONCEPTS: dict[str, Concept] = {}
for _cid, _parent, _fr, _en, _aliases, _dfr, _den in W.CONCEPTS:
    CONCEPTS[_cid] = Concept(
        _cid,
        _parent,
        {"fr": _fr, "en": _en},
        tuple(_aliases),
        {"fr": _dfr, "en": _den} if _dfr else None,
    )
PARENT_IDS = [c[0] for c in W.PARENT_CONCEPTS]
GENERIC_IDS = [c[0] for c in W.GENERIC_CONCEPTS]


@dataclass
class Cluster:
    index: int
    name: str  # "c07"
    core: list  # 1-2 concept ids
    shared: list  # parent + generic concept ids
    parent: str
    noun_ids: list
    word_ids: list  # nouns + other words
    idents: list  # ASCII identifiers for code blocks


def _build_clusters() -> list[Cluster]:
    per_parent = [(p, list(v)) for p, v in W.CLUSTERS_BY_PARENT.items()]
    ordered = []
    for i in itertools.count():
        row = [(p, v[i]) for p, v in per_parent if i < len(v)]
        if not row:
            break
        ordered.extend(row)
    clusters = []
    for idx, (parent, (core, shared, nouns, words)) in enumerate(ordered):
        noun_ids = _add_pairs(nouns)
        other_ids = _add_pairs(words)
        all_ids = noun_ids + other_ids
        idents = list(dict.fromkeys(_NON_ALNUM.sub("_", EN[i]).strip("_") for i in all_ids))
        clusters.append(
            Cluster(idx, f"c{idx:02d}", list(core), list(shared), parent, noun_ids, all_ids, idents)
        )
    return clusters


CLUSTERS = _build_clusters()
assert len(CLUSTERS) == MAX_CLUSTERS


def check_taxonomy() -> None:
    """Raise ValueError if two concepts share a normalised label/alias."""
    owner: dict[str, str] = {}
    for c in CONCEPTS.values():
        if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", c.id):
            raise ValueError(f"bad concept id {c.id!r}")
        if c.parent is not None and c.parent not in CONCEPTS:
            raise ValueError(f"{c.id}: unknown parent {c.parent}")
        for name in {*c.label.values(), *c.aliases}:
            if any(ch in name for ch in ',;"\\'):
                raise ValueError(f"{c.id}: forbidden character in {name!r}")
            key = normalise(name)
            if owner.setdefault(key, c.id) != c.id:
                raise ValueError(f"{name!r} of {c.id} collides with {owner[key]}")
    for cl in CLUSTERS:
        for cid in cl.core + cl.shared:
            if cid not in CONCEPTS:
                raise ValueError(f"cluster {cl.name}: unknown concept {cid}")


check_taxonomy()


# ---------------------------------------------------------------------------
# Sampling pools: (population, cum_weights) per (cluster, share level)
# ---------------------------------------------------------------------------


def _zipf(n: int, mass: float) -> list[float]:
    raw = [1.0 / (r + 3.0) ** 0.8 for r in range(n)]
    total = sum(raw)
    return [mass * x / total for x in raw]


_POOLS: dict[tuple[int, int], tuple[list[int], list[float]]] = {}


def _pool(ci: int, level: int) -> tuple[list[int], list[float]]:
    key = (ci, level)
    if key not in _POOLS:
        share = SHARE_LEVELS[level]
        own = CLUSTERS[ci].word_ids
        others = [i for cl in CLUSTERS if cl.index != ci for i in cl.word_ids]
        general_mass = 1.0 - share - FUNCTION_MASS - NOISE_MISC_MASS - NOISE_OTHER_CLUSTER_MASS
        pop = own + FUNC_IDS + GENERAL_IDS + NOISE_IDS + others
        weights = (
            _zipf(len(own), share)
            + _zipf(len(FUNC_IDS), FUNCTION_MASS)
            + _zipf(len(GENERAL_IDS), general_mass)
            + [NOISE_MISC_MASS / len(NOISE_IDS)] * len(NOISE_IDS)
            + [NOISE_OTHER_CLUSTER_MASS / len(others)] * len(others)
        )
        _POOLS[key] = (pop, list(itertools.accumulate(weights)))
    return _POOLS[key]


# ---------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------


@dataclass
class CorpusManifest:
    out_dir: Path
    seed: int
    pairs: int
    n_clusters: int
    fr_articles: int = 0  # files in articles/fr (originals of pairs + FR-only)
    en_articles: int = 0  # files in articles/en (translations + EN-only)
    fr_only: int = 0
    en_only: int = 0
    total_words: int = 0  # body words (whitespace-split), both languages
    links: int = 0  # {filename} links written (both languages)
    wikilinks: int = 0
    elapsed_seconds: float = 0.0
    # relative article path ("articles/fr/x.md") -> cluster id ("c07")
    clusters: dict = field(default_factory=dict)
    # EN translation path -> FR original path
    translations: dict = field(default_factory=dict)
    # relative article path -> concept ids of its tags (ground truth)
    concepts: dict = field(default_factory=dict)
    # EN translation paths whose FR original was modified after them
    stale_translations: list = field(default_factory=list)

    @property
    def total_articles(self) -> int:
        return self.fr_articles + self.en_articles


# ---------------------------------------------------------------------------
# Article generation
# ---------------------------------------------------------------------------


@dataclass
class _Unit:
    cluster: int
    slug: dict  # lang -> slug
    title: dict  # lang -> title


class _Stream:
    """Token-id stream drawn from one pool; blocks keep (start, end) ranges."""

    __slots__ = ("rng", "pop", "cw", "ids", "pos")

    def __init__(self, rng: random.Random, pop, cw, n: int):
        self.rng, self.pop, self.cw = rng, pop, cw
        self.ids = rng.choices(pop, cum_weights=cw, k=n)
        self.pos = 0

    def take(self, n: int) -> tuple[int, int]:
        a = self.pos
        self.pos += n
        if self.pos > len(self.ids):
            self.ids += self.rng.choices(
                self.pop, cum_weights=self.cw, k=self.pos - len(self.ids) + 200
            )
        return a, self.pos

    def put(self, ids: list[int]) -> tuple[int, int]:
        """Insert explicit ids at the cursor (for headings)."""
        a = self.pos
        self.ids[a:a] = ids
        self.pos += len(ids)
        return a, self.pos


def _sentence(rng: random.Random, st: _Stream, lo: int = 7, hi: int = 18):
    n = rng.randint(lo, hi)
    a, b = st.take(n)
    c = a + rng.randint(3, n - 3) if n >= 8 and rng.random() < 0.3 else 0
    return (a, c, b)


def _render_sentence(w, s) -> str:
    a, c, b = s
    if c:
        text = " ".join(w[a:c]) + ", " + " ".join(w[c:b])
    else:
        text = " ".join(w[a:b])
    return text[:1].upper() + text[1:] + "."


_CODE_TEMPLATES = [
    (
        "python",
        "def {f1}_{f2}({v1}, {v2}=None):\n"
        "    {C}\n"
        "    {v3} = [{v1} for _ in range({n1})]\n"
        "    if {v2} is None:\n"
        "        {v2} = {n2}\n"
        '    return {{"{f2}": {v3}, "{v2}": {v2}}}',
        "#",
    ),
    (
        "bash",
        "{C}\n"
        "{f1}-{f2} --{v1} {n1} --output /var/lib/{v2}/{v3}.log\n"
        'grep -c "{v1}" /var/lib/{v2}/{v3}.log',
        "#",
    ),
    ("yaml", "{C}\n{f1}:\n  {v1}: {n1}\n  {v2}: true\n  {v3}:\n    - {f2}\n    - {v1}-{n2}", "#"),
    (
        "sql",
        "{C}\n"
        "SELECT {v1}, COUNT(*) AS {v2}_count\n"
        "FROM {f1}_{f2}\n"
        "WHERE {v3} > {n1}\n"
        "GROUP BY {v1};",
        "--",
    ),
    ("json", '{{\n  "{f1}": "{v1}",\n  "{v2}": {n1},\n  "{v3}": [{n2}, {n1}]\n}}', None),
]


_AND_ID = FUNC_IDS[[FR[i] for i in FUNC_IDS].index("et")]
_CONTENT_IDS = GENERAL_IDS


def _heading_ids(rng: random.Random, cl: Cluster) -> list[int]:
    """2-5 content words (no function words/noise), sometimes "x et y"."""
    ids = []
    for _ in range(rng.randint(2, 4)):
        if rng.random() < 0.55:
            ids.append(cl.word_ids[rng.randrange(len(cl.word_ids))])
        else:
            ids.append(_CONTENT_IDS[rng.randrange(len(_CONTENT_IDS))])
    if len(ids) >= 2 and rng.random() < 0.4:
        ids.insert(len(ids) - 1, _AND_ID)
    return ids


def _plan_body(rng: random.Random, cl: Cluster, level: int, n_links: int, n_wiki: int):
    """Language-independent body plan: a list of blocks + the token stream."""
    pop, cw = _pool(cl.index, level)
    target = rng.randint(430, 1360)
    st = _Stream(rng, pop, cw, target + 300)
    has_table = rng.random() < 0.15
    has_code = rng.random() < 0.15
    conclusion = rng.random() < 0.5
    reserve = 12 * (n_links + n_wiki) + (30 if has_table else 0) + (30 if has_code else 0)
    blocks: list = []
    para_idx: list[int] = []  # indices of paragraph blocks
    used = 0

    def paragraph(nmin=2, nmax=5):
        nonlocal used
        sents = [_sentence(rng, st) for _ in range(rng.randint(nmin, nmax))]
        used += sum(s[2] - s[0] for s in sents)
        para_idx.append(len(blocks))
        blocks.append(["p", sents, []])

    if conclusion:
        reserve += 2 + 3 * 12
    budget = target - reserve
    for _ in range(rng.randint(1, 2)):
        paragraph()
    while used < budget:
        a, b = st.put(_heading_ids(rng, cl))
        blocks.append(["h", a, b])
        used += b - a + 1
        paragraph()
        if used < budget and rng.random() < 0.35:
            items = [st.take(rng.randint(3, 8)) for _ in range(rng.randint(3, 6))]
            blocks.append(["ul", items])
            used += sum(b - a + 1 for a, b in items)
        for _ in range(rng.randint(0, 2)):
            if used >= budget:
                break
            paragraph()
    if conclusion:
        blocks.append(["H", rng.randrange(len(W.CONCLUSION_HEADINGS))])
        paragraph(2, 3)

    # Table / code block after a random paragraph (not the very first one).
    extras = []
    if has_table:
        ncols = rng.randint(1, 3)
        headers = rng.sample(range(len(W.TABLE_NUMERIC_HEADERS)), ncols)
        head = st.take(rng.randint(1, 2))
        rows = [
            (st.take(rng.randint(1, 3)), [rng.randint(0, 500) for _ in range(ncols)])
            for _ in range(rng.randint(2, 5))
        ]
        extras.append(["table", head, headers, rows])
    if has_code:
        t = rng.randrange(len(_CODE_TEMPLATES))
        names = rng.sample(cl.idents, 5)
        comment = st.take(rng.randint(4, 8))
        extras.append(["code", t, names, comment, (rng.randint(2, 64), rng.randint(1, 999))])
    for block in extras:
        pos = para_idx[rng.randrange(1, len(para_idx))] if len(para_idx) > 1 else para_idx[0]
        blocks.insert(pos + 1, block)
        para_idx = [i + 1 if i > pos else i for i in para_idx]

    # Link / wikilink insertion points: (paragraph block, after sentence #).
    link_slots = []
    for kind, n in (("link", n_links), ("wiki", n_wiki)):
        for _ in range(n):
            bi = para_idx[rng.randrange(len(para_idx))]
            after = rng.randint(1, len(blocks[bi][1]))
            phrases = W.LINK_PHRASES if kind == "link" else W.WIKILINK_PHRASES
            link_slots.append((bi, after, kind, rng.randrange(len(phrases))))
    return blocks, st.ids, link_slots


def _render_body(blocks, ids, link_slots, targets, lang: str) -> str:
    """targets: {"link": [(slug, title)], "wiki": [slug]} in this language."""
    li = 0 if lang == "fr" else 1
    w = itemgetter(*ids)(FR if lang == "fr" else EN)
    inserts: dict[int, list] = {}
    counters = {"link": 0, "wiki": 0}
    for bi, after, kind, phrase in link_slots:
        k = counters[kind]
        counters[kind] += 1
        if kind == "link":
            slug, title = targets["link"][k]
            text = W.LINK_PHRASES[phrase][li].format(L=f"[{title}]({{filename}}{slug}.md)")
        else:
            text = W.WIKILINK_PHRASES[phrase][li].format(W=f"[[{targets['wiki'][k]}]]")
        inserts.setdefault(bi, []).append((after, text))
    out = []
    for bi, block in enumerate(blocks):
        kind = block[0]
        if kind == "p":
            sents = [_render_sentence(w, s) for s in block[1]]
            if bi in inserts:
                for after, text in sorted(inserts[bi], key=itemgetter(0), reverse=True):
                    sents.insert(after, text)
            out.append(" ".join(sents))
        elif kind == "h":
            out.append("## " + _cap(" ".join(w[block[1] : block[2]])))
        elif kind == "H":
            out.append("## " + W.CONCLUSION_HEADINGS[block[1]][li])
        elif kind == "ul":
            out.append("\n".join("- " + _cap(" ".join(w[a:b])) for a, b in block[1]))
        elif kind == "table":
            _, (ha, hb), headers, rows = block
            head = [_cap(" ".join(w[ha:hb]))] + [W.TABLE_NUMERIC_HEADERS[h][li] for h in headers]
            lines = ["| " + " | ".join(head) + " |", "| --- |" + " ---: |" * len(headers)]
            for (a, b), nums in rows:
                lines.append(
                    "| " + " | ".join([_cap(" ".join(w[a:b]))] + [str(x) for x in nums]) + " |"
                )
            out.append("\n".join(lines))
        elif kind == "code":
            _, t, names, (ca, cb), (n1, n2) = block
            lang_name, template, comment_prefix = _CODE_TEMPLATES[t]
            comment = f"{comment_prefix} {_cap(' '.join(w[ca:cb]))}" if comment_prefix else ""
            f1, f2, v1, v2, v3 = names
            code = template.format(f1=f1, f2=f2, v1=v1, v2=v2, v3=v3, n1=n1, n2=n2, C=comment)
            out.append(f"```{lang_name}\n{code}\n```")
    return "\n\n".join(out) + "\n"


def _render_tag(rng: random.Random, concept: Concept, lang: str) -> str:
    label = concept.label[lang]
    if rng.random() < 0.72:
        return label
    other = concept.label["en" if lang == "fr" else "fr"]
    low = label.lower()
    candidates = [
        low,
        strip_accents(label),
        label.replace(" ", "-"),
        strip_accents(low).replace(" ", "-"),
        label.upper() if len(label) <= 12 else low.title(),
        other,
        *concept.aliases,
    ]
    candidates = [c for c in dict.fromkeys(candidates) if c != label]
    return rng.choice(candidates) if candidates else label


def _choose_concepts(rng: random.Random, cl: Cluster) -> list[str]:
    chosen = [cl.core[0]]
    if len(cl.core) > 1 and rng.random() < 0.75:
        chosen.append(cl.core[1])
    for i, cid in enumerate(cl.shared):
        if rng.random() < (0.5 if i == 0 else 0.35):
            chosen.append(cid)
    if rng.random() < 0.15:  # noise: another cluster's core concept
        other = CLUSTERS[rng.randrange(MAX_CLUSTERS)]
        chosen.append(other.core[0])
    if rng.random() < 0.2:  # noise: any generic tag
        chosen.append(GENERIC_IDS[rng.randrange(len(GENERIC_IDS))])
    chosen = list(dict.fromkeys(chosen))
    if len(chosen) < 2:
        chosen.append(cl.parent if cl.parent not in chosen else cl.shared[-1])
    chosen = chosen[:6]
    rng.shuffle(chosen)
    return chosen


def _title(rng: random.Random, cl: Cluster) -> tuple[str, str]:
    fr_t, en_t = W.TITLE_TEMPLATES[rng.randrange(len(W.TITLE_TEMPLATES))]
    a = cl.noun_ids[rng.randrange(len(cl.noun_ids))]
    if rng.random() < 0.6:
        b = cl.noun_ids[rng.randrange(len(cl.noun_ids))]
        if b == a:
            b = GNOUN_IDS[rng.randrange(len(GNOUN_IDS))]
    else:
        b = GNOUN_IDS[rng.randrange(len(GNOUN_IDS))]
    c = GNOUN_IDS[rng.randrange(len(GNOUN_IDS))]
    n = rng.randint(3, 7)
    fr = fr_t.format(A=_cap(FR[a]), a=FR[a], b=FR[b], c=FR[c], n=n)
    en = en_t.format(A=_cap(EN[a]), a=EN[a], b=EN[b], c=EN[c], n=n)
    return _cap(fr), _cap(en)


def _summary(rng: random.Random, cl: Cluster, level: int) -> tuple[str, str]:
    pop, cw = _pool(cl.index, min(level + 3, len(SHARE_LEVELS) - 1))
    st = _Stream(rng, pop, cw, 40)
    sents = [_sentence(rng, st, 10, 20)]
    if rng.random() < 0.5:
        sents.append(_sentence(rng, st, 6, 12))
    out = []
    for words in (FR, EN):
        w = itemgetter(*st.ids)(words)
        out.append(" ".join(_render_sentence(w, s) for s in sents))
    return out[0], out[1]


def _pick_targets(rng: random.Random, same: list, anyl: list, n: int) -> list[int]:
    chosen: list[int] = []
    for _ in range(n):
        src = same if same and rng.random() < 0.85 else anyl
        if not src:
            break
        t = src[rng.randrange(len(src))]
        if t not in chosen:
            chosen.append(t)
    return chosen


def _unit_kind(k: int, share: float, phase: float) -> str:
    a = math.floor(k * share + phase)
    if math.floor((k + 1) * share + phase) > a:
        return "fr" if a % 2 == 0 else "en"
    return "pair"


def _fmt(d: datetime) -> str:
    return d.strftime(DATE_FMT)


def _dates(rng: random.Random, kind: str) -> tuple[dict, dict, bool]:
    """Returns ({lang: date}, {lang: modified}, stale)."""
    fr_date = DATE_START + timedelta(
        days=rng.randrange(DATE_SPAN_DAYS),
        hours=rng.randint(7, 19),
        minutes=rng.choice((0, 15, 30, 45)),
    )
    en_date = fr_date + timedelta(days=rng.randint(0, 25), hours=rng.randint(1, 6))
    date = {"fr": fr_date, "en": en_date}
    mod: dict = {}
    r = rng.random()
    if kind != "pair":
        lang = kind
        date = {lang: fr_date}
        if r < 0.25:
            mod[lang] = fr_date + timedelta(days=rng.randint(1, 700), hours=rng.randint(0, 8))
        return date, mod, False
    if r < 0.12:  # stale translation: FR updated after the EN was written
        mod["fr"] = en_date + timedelta(days=rng.randint(20, 500), hours=rng.randint(0, 8))
    elif r < 0.27:  # both updated, EN after FR
        mod["fr"] = fr_date + timedelta(days=rng.randint(10, 700), hours=rng.randint(0, 8))
        mod["en"] = max(mod["fr"], en_date) + timedelta(days=rng.randint(0, 15), hours=2)
    elif r < 0.35:  # EN-only fix
        mod["en"] = en_date + timedelta(days=rng.randint(1, 200), hours=rng.randint(0, 8))
    stale = "fr" in mod and mod["fr"] > mod.get("en", en_date)
    return date, mod, stale


def _header(
    title, date, modified, category, tags, slug, summary, cluster, translation_key=None
) -> str:
    lines = [f"Title: {title}", f"Date: {_fmt(date)}"]
    if modified is not None:
        lines.append(f"Modified: {_fmt(modified)}")
    lines += [
        f"Category: {category}",
        f"Tags: {', '.join(tags)}",
        f"Slug: {slug}",
        f"Summary: {summary}",
        f"Cluster: {cluster}",
    ]
    if translation_key:
        lines.append(f"Translation_key: {translation_key}")
    return "\n".join(lines) + "\n\n"


def _toml_str(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def taxonomy_toml() -> str:
    out = ["# Synthetic tag taxonomy written by bench/make_corpus.py\n"]
    for c in CONCEPTS.values():
        lines = ["[[tag]]", f"id = {_toml_str(c.id)}"]
        if c.parent:
            lines.append(f"parent = {_toml_str(c.parent)}")
        lines.append(
            f"label = {{ fr = {_toml_str(c.label['fr'])}, en = {_toml_str(c.label['en'])} }}"
        )
        lines.append("aliases = [" + ", ".join(_toml_str(a) for a in c.aliases) + "]")
        if c.description:
            lines.append(
                f"description = {{ fr = {_toml_str(c.description['fr'])}, "
                f"en = {_toml_str(c.description['en'])} }}"
            )
        out.append("\n".join(lines) + "\n")
    return "\n".join(out)


def default_clusters(pairs: int) -> int:
    return min(MAX_CLUSTERS, max(8, pairs // 40))


def make_corpus(
    out_dir: Path | str,
    pairs: int,
    seed: int = 1,
    one_language_share: float = 0.05,
    clusters: int | None = None,
) -> CorpusManifest:
    """Generate the corpus into ``out_dir`` and return its manifest.

    ``pairs`` FR/EN pairs are written, plus one-language articles so that
    they make up ``one_language_share`` of all units (alternately FR-only and
    EN-only).  Existing ``*.md`` files in ``out_dir/articles/{fr,en}`` are
    removed first.
    """
    t0 = time.perf_counter()
    if pairs < 0:
        raise ValueError("pairs must be >= 0")
    if not 0.0 <= one_language_share < 0.9:
        raise ValueError("one_language_share must be in [0, 0.9)")
    n_clusters = default_clusters(pairs) if clusters is None else clusters
    if not 1 <= n_clusters <= MAX_CLUSTERS:
        raise ValueError(f"clusters must be in 1..{MAX_CLUSTERS}")
    out_dir = Path(out_dir)
    dirs = {lang: out_dir / "articles" / lang for lang in LANGS}
    for d in dirs.values():
        d.mkdir(parents=True, exist_ok=True)
        for old in d.glob("*.md"):
            old.unlink()

    man = CorpusManifest(out_dir=out_dir, seed=seed, pairs=pairs, n_clusters=n_clusters)
    phase = random.Random(f"make_corpus:{seed}:phase").random()
    units: list[_Unit] = []
    # link-target candidates, by availability: "pair" (both languages), "fr", "en"
    avail = {key: [] for key in ("pair", "fr", "en")}
    avail_cl = {key: [[] for _ in range(n_clusters)] for key in ("pair", "fr", "en")}
    made_pairs = 0
    k = 0
    while made_pairs < pairs:
        kind = _unit_kind(k, one_language_share, phase)
        rng = random.Random(f"make_corpus:{seed}:{k}")
        ci = rng.randrange(n_clusters)
        cl = CLUSTERS[ci]
        level = rng.randrange(len(SHARE_LEVELS))
        langs = LANGS if kind == "pair" else (kind,)
        titles = _title(rng, cl)
        title = dict(zip(LANGS, titles, strict=True))
        slug = {lang: f"{slugify(title[lang])}-{k:04d}" for lang in LANGS}
        if slug["en"] == slug["fr"]:
            slug["en"] = f"{slugify(title['en'])}-en-{k:04d}"
        summary = dict(zip(LANGS, _summary(rng, cl, level), strict=True))
        date, modified, stale = _dates(rng, kind)
        category_id = (
            cl.parent if rng.random() >= 0.05 else PARENT_IDS[rng.randrange(len(PARENT_IDS))]
        )
        concept_ids = _choose_concepts(rng, cl)
        n_links = rng.choices((0, 1, 2, 3), (25, 35, 25, 15))[0]
        n_wiki = rng.choices((0, 1, 2), (50, 35, 15))[0]
        akey = "pair" if kind == "pair" else kind
        link_t = _pick_targets(rng, avail_cl[akey][ci], avail[akey], n_links)
        wiki_t = _pick_targets(rng, avail_cl[akey][ci], avail[akey], n_wiki)
        # Plan a body; re-plan (deterministically) in the rare case a rendered
        # language falls outside the word bounds.
        for _attempt in range(20):
            blocks, ids, slots = _plan_body(rng, cl, level, len(link_t), len(wiki_t))
            bodies = {}
            for lang in langs:
                targets = {
                    "link": [(units[t].slug[lang], units[t].title[lang]) for t in link_t],
                    "wiki": [units[t].slug[lang] for t in wiki_t],
                }
                bodies[lang] = _render_body(blocks, ids, slots, targets, lang)
            counts = {lang: len(b.split()) for lang, b in bodies.items()}
            if all(MIN_BODY_WORDS <= c <= MAX_BODY_WORDS for c in counts.values()):
                break
        else:  # pragma: no cover - defensive
            raise RuntimeError(f"unit {k}: could not fit body bounds {counts}")
        tag_rngs = {lang: random.Random(f"make_corpus:{seed}:{k}:tags:{lang}") for lang in langs}
        for lang in langs:
            trng = tag_rngs[lang]
            tags = [_render_tag(trng, CONCEPTS[c], lang) for c in concept_ids]
            if len(tags) < 6 and trng.random() < 0.04:  # same concept tagged twice
                dup = _render_tag(trng, CONCEPTS[concept_ids[0]], lang)
                if dup not in tags:
                    tags.append(dup)
            header = _header(
                title[lang],
                date[lang],
                modified.get(lang),
                CONCEPTS[category_id].label[lang],
                tags,
                slug[lang],
                summary[lang],
                cl.name,
                slug["fr"] if kind == "pair" and lang == "en" else None,
            )
            rel = f"articles/{lang}/{slug[lang]}.md"
            (dirs[lang] / f"{slug[lang]}.md").write_text(header + bodies[lang], encoding="utf-8")
            man.clusters[rel] = cl.name
            man.concepts[rel] = list(concept_ids)
            man.total_words += counts[lang]
            man.links += len(link_t)
            man.wikilinks += len(wiki_t)
        if kind == "pair":
            en_rel = f"articles/en/{slug['en']}.md"
            man.translations[en_rel] = f"articles/fr/{slug['fr']}.md"
            if stale:
                man.stale_translations.append(en_rel)
            made_pairs += 1
            man.fr_articles += 1
            man.en_articles += 1
        elif kind == "fr":
            man.fr_only += 1
            man.fr_articles += 1
        else:
            man.en_only += 1
            man.en_articles += 1
        units.append(_Unit(ci, slug, title))
        for key in ("pair", "fr", "en"):
            if (key == "pair" and kind == "pair") or (key != "pair" and key in langs):
                avail[key].append(k)
                avail_cl[key][ci].append(k)
        k += 1

    (out_dir / "taxonomy.toml").write_text(taxonomy_toml(), encoding="utf-8")
    (out_dir / "clusters.json").write_text(
        json.dumps(man.clusters, sort_keys=True, indent=1, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    man.elapsed_seconds = time.perf_counter() - t0
    return man


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--pairs", type=int, required=True, help="number of FR/EN pairs")
    p.add_argument("--out", type=Path, required=True, help="output content folder")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument(
        "--one-language-share",
        type=float,
        default=0.05,
        help="share of units that are FR-only or EN-only (default 0.05)",
    )
    p.add_argument(
        "--clusters",
        type=int,
        default=None,
        help="number of topic clusters (default min(40, max(8, pairs//40)))",
    )
    a = p.parse_args(argv)
    man = make_corpus(
        a.out, a.pairs, seed=a.seed, one_language_share=a.one_language_share, clusters=a.clusters
    )
    print(
        f"wrote {man.total_articles} articles to {man.out_dir} "
        f"(fr={man.fr_articles}, en={man.en_articles}, pairs={man.pairs}, "
        f"fr_only={man.fr_only}, en_only={man.en_only}, clusters={man.n_clusters}, "
        f"stale={len(man.stale_translations)}, words={man.total_words}, "
        f"links={man.links}, wikilinks={man.wikilinks}) "
        f"in {man.elapsed_seconds:.2f}s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
