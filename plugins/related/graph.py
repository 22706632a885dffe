"""Graph data: the site-wide graph of one language, and the small graph around one article.

Pure functions over plain values (content-index records or any objects with the same
attributes); templates draw the SVG from this data, and the emitter writes `graph.json`.

graph.json schema (version 1), one file per language (`<lang>/graph.json`):

    {"version": 1, "lang": "fr", "width": 1234.5, "height": 678.9,
     "nodes": [{"id": "articles/fr/x.md", "url": "fr/2012/x/index.html", "title": "...",
                "kind": "article" | "page" | "tag", "lang": "fr", "category": "Intranet" | null,
                "x": 12.3, "y": 45.6, "degree": 4}, ...],
     "edges": [{"source": "articles/fr/x.md", "target": "tag:intranet",
                "kind": "link" | "related" | "tag"}, ...]}

- Node ids are source paths relative to the content folder; tag nodes are "tag:<concept id>".
  An article and its translation are one node: the version in the file's language, or the
  only version there is (its "lang" then says which).
- URLs are relative to the site root. x and y are in the box [0, width] x [0, height].
- "link": source links to target (either's translation counts); "related": target is among
  the strongest related articles of source (undirected, source < target, not drawn when
  there is a link); "tag": the article has the tag.
- Nodes are sorted by id, edges by (source, target, kind); keys are sorted.
"""

from __future__ import annotations

import math
import time
from collections import Counter
from collections.abc import Iterable, Mapping, MutableMapping, Sequence
from dataclasses import dataclass, field, replace

from .config import RelatedConfig
from .layout import SPACING, Layout, layout_graph, layout_key, radial_layout
from .links import representative
from .scoring import Related, group_key

GRAPH_VERSION = 1
PALETTE_SIZE = 12
"""Categories are coloured with classes graph-cat-0 .. graph-cat-11 (theme CSS)."""
EDGE_WEIGHTS = {"link": 1.0, "related": 0.7, "tag": 0.3}
HIT_SHARE = 0.45
"""A node's hit area: this share of the usual distance between neighbours (at least the node)."""
LABEL_SHARE = 0.55
"""Font size of the printed titles, as a share of that distance (graph.html, graph.js)."""
LABEL_LONGEST = 60
"""Longest title printed whole; longer ones are shortened at a word boundary."""
LABEL_SHORT = 28
"""A title that does not fit whole is tried shortened to this many characters."""
CHAR_WIDTH = 0.55
"""Average width of a character, in ems, to estimate a label's width (graph.js too)."""
"""How strongly an edge kind pulls nodes together (communities and springs)."""


@dataclass(frozen=True, slots=True)
class GraphNode:
    id: str
    url: str
    title: str
    kind: str
    lang: str
    category: str | None
    x: float
    y: float
    degree: int
    radius: float
    colour: str
    """CSS class suffix: "cat-<n>" for an article's category, "page" or "tag"."""
    legend: str = ""
    """The legend entry that describes the node: "category-<i>" (index in
    `SiteGraph.categories`), "page", "tag", or "" (an article without a category)."""
    hit: float = 0.0
    """Radius of the node's invisible hit area (at least its own)."""
    label: str = ""
    """The title as printed under the node (labelled graphs), whole when it has room."""
    label_hidden: bool = False
    """True when the label would cover another at the drawing's full size: it shows on
    hover, focus, search, or once zoomed in far enough (graph.js)."""


@dataclass(frozen=True, slots=True)
class GraphEdge:
    source: str
    target: str
    kind: str


@dataclass(frozen=True, slots=True)
class Cluster:
    """A group of closely connected nodes, for the text list shown without JavaScript."""

    tags: tuple[str, ...]
    """Labels of the group's most distinctive tags (up to three; none when they would
    repeat another group's name)."""
    nodes: tuple[GraphNode, ...]
    loose: bool = False
    """True for the group of nodes connected to nothing."""
    tag_nodes: tuple[GraphNode, ...] = ()
    """The tag nodes of the group's pages, most used first: the tags the drawing shows."""


@dataclass
class SiteGraph:
    lang: str
    nodes: list[GraphNode]
    edges: list[GraphEdge]
    width: float
    height: float
    categories: list[tuple[str, str]] = field(default_factory=list)
    """(category name, colour class suffix), for the legend."""
    clusters: list[Cluster] = field(default_factory=list)
    edge_paths: dict[str, str] = field(default_factory=dict)
    """SVG path data per edge kind: one <path> draws thousands of edges."""
    layout_seconds: float = field(default=0.0, compare=False)
    labelled: bool = False
    """True when the graph is small enough to print node titles in the SVG."""
    unit: float = SPACING
    """Usual distance between neighbouring nodes, in the coordinates' units."""

    def to_json(self) -> dict:
        """The graph.json document (see the module docstring)."""
        return {
            "version": GRAPH_VERSION,
            "lang": self.lang,
            "width": self.width,
            "height": self.height,
            "nodes": [
                {
                    "id": n.id,
                    "url": n.url,
                    "title": n.title,
                    "kind": n.kind,
                    "lang": n.lang,
                    "category": n.category,
                    "x": n.x,
                    "y": n.y,
                    "degree": n.degree,
                }
                for n in self.nodes
            ],
            "edges": [{"source": e.source, "target": e.target, "kind": e.kind} for e in self.edges],
        }


def _groups(records: Iterable) -> tuple[dict[str, dict[str, object]], dict[str, str]]:
    """{group: {lang: record}} (first record by id per language) and {record id: group}."""
    members: dict[str, dict[str, object]] = {}
    group_of: dict[str, str] = {}
    for record in sorted(records, key=lambda r: r.id):
        group = group_key(record.kind, record.translation_key)
        group_of[record.id] = group
        members.setdefault(group, {}).setdefault(record.lang, record)
    return members, group_of


def strongest_related(
    related: Mapping[str, Sequence[Related]], config: RelatedConfig
) -> dict[str, tuple[str, ...]]:
    """All a site graph reads of the ranking: each article's strongest related articles.

    {article id: the ids of its first `graph_related_edges` related articles}. The
    related plugin keeps a site graph while this, and the rest of what it is made of, is
    the same (`site_graph_inputs`).
    """
    count = config.graph_related_edges
    return {article: tuple(e.id for e in entries[:count]) for article, entries in related.items()}


def _edge_set(
    nodes: Mapping[str, object],
    rep: Mapping[str, str],
    group_of: Mapping[str, str],
    strongest: Mapping[str, Sequence[str]],
    links: Mapping[str, Iterable[str]],
    tag_urls: Mapping[str, str],
) -> dict[tuple[str, str], str]:
    """{(source, target): kind}; links win over related edges between the same two nodes."""
    edges: dict[tuple[str, str], str] = {}
    for source_group, targets in links.items():
        for target_group in targets:
            a, b = rep.get(source_group), rep.get(target_group)
            if a and b and a != b:
                edges[(a, b)] = "link"
    for node_id, record in nodes.items():
        for related_id in strongest.get(record.id, ()):
            other = rep.get(group_of.get(related_id, ""))
            if not other or other == node_id:
                continue
            a, b = sorted((node_id, other))
            if (a, b) not in edges and (b, a) not in edges:
                edges[(a, b)] = "related"
        if record.kind == "article":
            for tag in record.tag_ids:
                if tag in tag_urls:
                    edges[(node_id, f"tag:{tag}")] = "tag"
    return edges


def build_site_graph(
    records: Iterable,
    related: Mapping[str, Sequence[Related]],
    links: Mapping[str, Iterable[str]],
    lang: str,
    languages: Sequence[str],
    config: RelatedConfig,
    tag_urls: Mapping[str, str],
    tag_labels: Mapping[str, str],
    label_limit: int = 120,
    layouts: MutableMapping[str, Layout] | None = None,
) -> SiteGraph:
    """The graph of one language, laid out.

    Nodes: every article and page (its version in `lang`, else the only one) and the tags
    with a page in `lang`; edges: links, strong related articles, tags.
    `links` is {group: linked groups}; `tag_urls` and `tag_labels` are keyed by concept id.
    `layouts`, when given, holds layouts by `layout_key`: one found there is used as it is
    (the layout is most of the work, and a rebuild's graph is most often the last one),
    one computed is stored there.
    """
    members, group_of = _groups(records)
    rep_record = {
        group: representative(by_lang, lang, languages) for group, by_lang in members.items()
    }
    rep = {group: record.id for group, record in rep_record.items()}
    nodes_by_id = {record.id: record for record in rep_record.values()}
    strongest = strongest_related(related, config)
    edges = _edge_set(nodes_by_id, rep, group_of, strongest, links, tag_urls)
    tag_ids = sorted({target for (_, target), kind in edges.items() if kind == "tag"})
    ids = sorted(nodes_by_id) + tag_ids
    index = {node_id: i for i, node_id in enumerate(ids)}
    labelled = len(ids) <= label_limit
    unit = 3 * SPACING if labelled else SPACING  # room for titles when they are printed
    weighted = [(index[a], index[b], EDGE_WEIGHTS[kind]) for (a, b), kind in sorted(edges.items())]
    key = layout_key(len(ids), weighted, spacing=unit)
    layout = layouts.get(key) if layouts is not None else None
    layout_seconds = 0.0
    if layout is None:
        started = time.perf_counter()
        layout = layout_graph(len(ids), weighted, spacing=unit)
        layout_seconds = time.perf_counter() - started
    if layouts is not None:
        layouts[key] = layout
    if labelled:
        # Small graphs are drawn to fit the page: node and title sizes follow the drawing.
        unit = max(layout.width, layout.height) / 45
    degree: Counter[str] = Counter()
    for a, b in edges:
        degree[a] += 1
        degree[b] += 1
    # Colours follow the categories of the page's language; an article that exists only in
    # another language takes the colour of its category's counterpart here, when known.
    shown_category = _category_twins(members, lang)
    categories = sorted(
        {
            shown_category.get(str(r.category), str(r.category))
            for r in nodes_by_id.values()
            if r.kind == "article" and r.category
        }
    )
    category_number = {name: i for i, name in enumerate(categories)}
    colour_of = {name: f"cat-{i % PALETTE_SIZE}" for name, i in category_number.items()}
    nodes = []
    for node_id in ids:
        x, y = layout.positions[index[node_id]]
        d = degree[node_id]
        if node_id in nodes_by_id:
            record = nodes_by_id[node_id]
            category = (
                str(record.category) if record.kind == "article" and record.category else None
            )
            kind, url, title, node_lang = record.kind, record.url, record.title, record.lang
            colour = colour_of[shown_category.get(category, category)] if category else "page"
        else:
            concept = node_id[len("tag:") :]
            kind, url, title, node_lang, category = (
                "tag",
                tag_urls[concept],
                tag_labels.get(concept, concept),
                lang,
                None,
            )
            colour = "tag"
        radius = round(unit / SPACING * min(2.0 + 0.6 * math.sqrt(d), 7.0), 1)
        if kind == "article":
            shown = shown_category.get(category, category) if category else None
            legend = f"category-{category_number[shown]}" if shown else ""
        else:
            legend = kind
        # A hit area of half the usual distance between neighbours: easier to reach with a
        # finger or a shaky pointer, without covering the next node.
        hit = round(max(radius, unit * HIT_SHARE), 1)
        nodes.append(
            GraphNode(
                node_id, url, title, kind, node_lang, category, x, y, d, radius, colour,
                legend, hit,
            )
        )  # fmt: skip
    if labelled:
        nodes = place_labels(nodes, round(unit * LABEL_SHARE, 1))
    graph_edges = [GraphEdge(a, b, kind) for (a, b), kind in sorted(edges.items())]
    graph_edges.sort(key=lambda e: (e.source, e.target, e.kind))
    by_id = {n.id: n for n in nodes}
    return SiteGraph(
        lang=lang,
        nodes=nodes,
        edges=graph_edges,
        width=layout.width,
        height=layout.height,
        categories=[(name, colour_of[name]) for name in categories],
        clusters=_clusters(nodes, layout.communities, nodes_by_id, tag_labels),
        edge_paths=_edge_paths(graph_edges, by_id),
        layout_seconds=layout_seconds,
        labelled=labelled,
        unit=unit,
    )


def label_box(x: float, y: float, radius: float, font: float, text: str) -> tuple[float, ...]:
    """(left, top, right, bottom) of a label centred under its node.

    The baseline is one font size below the circle (graph.html draws it there; graph.js
    estimates it the same way).
    """
    half = len(text) * font * CHAR_WIDTH / 2
    baseline = y + radius + font
    return (x - half, baseline - 0.8 * font, x + half, baseline + 0.25 * font)


def place_labels(
    nodes: Sequence[GraphNode], font: float, work: list[int] | None = None
) -> list[GraphNode]:
    """The nodes with their labels chosen: greedy, best-connected nodes first.

    Each node gets its whole title (up to LABEL_LONGEST characters) when it covers no label
    placed before it and no other node, else its title shortened to LABEL_SHORT characters
    if that fits, else its whole title, hidden until hover, focus or zoom. Boxes are kept in
    a grid of buckets, so each test looks at the few boxes nearby: O(n) for the graph.
    `work`, when given, gets the number of boxes compared added to its first item.
    """
    cell = 4 * font
    grid: dict[tuple[int, int], list[tuple[float, ...]]] = {}

    def cells(box: tuple[float, ...]):
        for cx in range(math.floor(box[0] / cell), math.floor(box[2] / cell) + 1):
            for cy in range(math.floor(box[1] / cell), math.floor(box[3] / cell) + 1):
                yield cx, cy

    def add(box: tuple[float, ...], owner: int) -> None:
        for key in cells(box):
            grid.setdefault(key, []).append((*box, owner))

    compared = 0

    def free(box: tuple[float, ...], owner: int) -> bool:
        nonlocal compared
        for key in cells(box):
            nearby = grid.get(key, ())
            compared += len(nearby)
            for other in nearby:
                if (
                    other[4] != owner
                    and box[0] < other[2]
                    and other[0] < box[2]
                    and box[1] < other[3]
                    and other[1] < box[3]
                ):
                    return False
        return True

    for i, n in enumerate(nodes):
        add((n.x - n.radius, n.y - n.radius, n.x + n.radius, n.y + n.radius), i)
    chosen: dict[int, tuple[str, bool]] = {}
    for i in sorted(range(len(nodes)), key=lambda i: (-nodes[i].degree, nodes[i].id)):
        n = nodes[i]
        whole = shorten(n.title, LABEL_LONGEST)
        chosen[i] = (whole, True)
        for text in dict.fromkeys((whole, shorten(n.title, LABEL_SHORT))):
            box = label_box(n.x, n.y, n.radius, font, text)
            if free(box, i):
                add(box, i)
                chosen[i] = (text, False)
                break
    if work is not None:
        work[0] += compared
    return [replace(n, label=chosen[i][0], label_hidden=chosen[i][1]) for i, n in enumerate(nodes)]


def _category_twins(members: Mapping[str, Mapping[str, object]], lang: str) -> dict[str, str]:
    """{category in another language: its most frequent counterpart in `lang`}.

    Counterparts are read from translated articles: "Human resources" -> "Ressources humaines".
    """
    votes: dict[str, Counter[str]] = {}
    for by_lang in members.values():
        here = by_lang.get(lang)
        if here is None or here.kind != "article" or not here.category:
            continue
        for other_lang, other in by_lang.items():
            if other_lang != lang and other.category:
                votes.setdefault(str(other.category), Counter())[str(here.category)] += 1
    return {
        name: min(counts.items(), key=lambda c: (-c[1], c[0]))[0] for name, counts in votes.items()
    }


def _edge_paths(edges: Sequence[GraphEdge], by_id: Mapping[str, GraphNode]) -> dict[str, str]:
    paths: dict[str, list[str]] = {}
    for edge in edges:
        a, b = by_id[edge.source], by_id[edge.target]
        paths.setdefault(edge.kind, []).append(f"M{a.x:g} {a.y:g}L{b.x:g} {b.y:g}")
    return {kind: "".join(parts) for kind, parts in sorted(paths.items())}


def _clusters(
    nodes: Sequence[GraphNode],
    communities: Sequence[int],
    records: Mapping[str, object],
    tag_labels: Mapping[str, str],
) -> list[Cluster]:
    grouped: dict[int, list[GraphNode]] = {}
    for node, community in zip(nodes, communities, strict=True):
        if node.kind != "tag":
            grouped.setdefault(community, []).append(node)
    clusters, loose = [], []
    tag_node = {n.id: n for n in nodes if n.kind == "tag"}
    counted: list[tuple[list[GraphNode], Counter[str]]] = []
    everywhere: Counter[str] = Counter()
    for members in grouped.values():
        if len(members) == 1 and members[0].degree == 0:
            loose += members
            continue
        counts: Counter[str] = Counter(
            tag for m in members for tag in getattr(records[m.id], "tag_ids", ())
        )
        everywhere.update(counts)
        counted.append((members, counts))
    counted.sort(key=lambda mc: (-len(mc[0]), min(m.id for m in mc[0])))
    used: set[tuple[str, ...]] = set()
    for members, counts in counted:
        # A group is named after its most distinctive tags: frequent in it and rare elsewhere
        # (count x share of the tag's uses), so a tag everywhere names no group; a name
        # already given to a larger group takes the next distinctive tag instead.
        ranked = [
            tag_labels.get(t, t)
            for t, _ in sorted(
                counts.items(),
                key=lambda c: (-c[1] * c[1] / everywhere[c[0]], tag_labels.get(c[0], c[0])),
            )
        ]
        name = tuple(ranked[:3])
        extra = 3
        while name and tuple(sorted(name)) in used and extra < len(ranked):
            name = (*name[:2], ranked[extra])
            extra += 1
        if tuple(sorted(name)) in used:
            name = ()
        used.add(tuple(sorted(name)))
        ordered = sorted(members, key=lambda m: (-m.degree, m.title, m.id))
        shown = sorted(
            (tag_node[f"tag:{t}"] for t in counts if f"tag:{t}" in tag_node),
            key=lambda n: (-counts[n.id[len("tag:") :]], n.title, n.id),
        )
        clusters.append(Cluster(name, tuple(ordered), tag_nodes=tuple(shown)))
    clusters.sort(key=lambda c: (-len(c.nodes), c.nodes[0].id))
    if loose:
        clusters.append(
            Cluster((), tuple(sorted(loose, key=lambda m: (m.title, m.id))), loose=True)
        )
    return clusters


# --- The small graph around one article -------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LocalNode:
    id: str
    url: str
    title: str
    label: str
    """The title shortened to fit the drawing."""
    kind: str
    """"self", "related", "link" (this article links to it), "backlink" (it links here),
    "mutual" (both)."""
    lang: str
    x: float
    y: float
    radius: float
    label_x: float
    label_y: float
    anchor: str
    """SVG text-anchor of the label: start, middle or end."""


@dataclass(frozen=True, slots=True)
class LocalEdge:
    x1: float
    y1: float
    x2: float
    y2: float
    kind: str


@dataclass(frozen=True, slots=True)
class LocalGraph:
    width: float
    height: float
    nodes: tuple[LocalNode, ...]
    edges: tuple[LocalEdge, ...]

    @property
    def kinds(self) -> frozenset[str]:
        """The kinds of the nodes around the article (for a legend: one entry each)."""
        return frozenset(node.kind for node in self.nodes if node.kind != "self")


@dataclass(frozen=True, slots=True)
class NodeRef:
    """What a local graph shows of an article or page."""

    id: str
    url: str
    title: str
    lang: str


_drawn: list = [None, None]
"""The last plan drawn and its drawing: a page reads a plan's nodes and edges several
times in a row, and only one page is rendered at a time."""


@dataclass(frozen=True, slots=True)
class LocalGraphPlan:
    """An article's local graph, drawn when its page reads it.

    Every article keeps its plan until its page is written: shared references and small
    numbers instead of a drawing's coordinates, labels and edges (5 MB less for 2,053
    articles), and a drawing takes microseconds. Reads like a LocalGraph (`width`,
    `height`, `nodes`, `edges`).
    """

    center: NodeRef
    neighbours: tuple[tuple[NodeRef, str], ...]
    """Each neighbour with its kind, in drawing order."""
    connected: tuple[int, ...] = ()
    """Pairs of neighbours joined by a link or a related edge, as flat indexes into
    `neighbours`: (a0, b0, a1, b1, ...)."""
    width: float = 720.0
    height: float = 300.0

    def fingerprint_parts(self) -> tuple[tuple, tuple]:
        """Every field, for `incremental_pages` (one call per article page)."""
        c = self.center
        around = tuple((r.id, r.url, r.title, r.lang, kind) for r, kind in self.neighbours)
        plain = ((c.id, c.url, c.title, c.lang), around, self.connected, self.width, self.height)
        return plain, ()

    def draw(self) -> LocalGraph:
        if _drawn[0] is not self:
            ids = [ref.id for ref, _kind in self.neighbours]
            pairs = zip(self.connected[::2], self.connected[1::2], strict=True)
            _drawn[1] = build_local_graph(
                self.center,
                self.neighbours,
                [(ids[a], ids[b]) for a, b in pairs],
                self.width,
                self.height,
            )
            _drawn[0] = self
        return _drawn[1]

    @property
    def nodes(self) -> tuple[LocalNode, ...]:
        return self.draw().nodes

    @property
    def edges(self) -> tuple[LocalEdge, ...]:
        return self.draw().edges

    @property
    def kinds(self) -> frozenset[str]:
        """The kinds of the nodes around the article, known without drawing."""
        return frozenset(kind for _ref, kind in self.neighbours)


def plan_local_graph(
    center: NodeRef,
    neighbours: Sequence[tuple[NodeRef, str]],
    connected: Iterable[tuple[str, str]] = (),
) -> LocalGraphPlan:
    """The plan of `build_local_graph(center, neighbours, connected)` (same arguments)."""
    position = {ref.id: i for i, (ref, _kind) in enumerate(neighbours)}
    pairs = sorted(
        {
            tuple(sorted((position[a], position[b])))
            for a, b in connected
            if a in position and b in position and a != b
        }
    )
    return LocalGraphPlan(center, tuple(neighbours), tuple(i for pair in pairs for i in pair))


def shorten(text: str, limit: int = 26) -> str:
    """`text` cut at a word boundary to at most `limit` characters, with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0] if " " in text[: limit - 1] else text[: limit - 1]
    return cut.rstrip(" ,;:–-") + "…"


LOCAL_LABEL_LONGEST = 40
"""Longest local-graph label: on a phone the labels grow to 22 units, 40 characters fit."""


def build_local_graph(
    center: object,
    neighbours: Sequence[tuple[object, str]],
    connected: Iterable[tuple[str, str]] = (),
    width: float = 720.0,
    height: float = 300.0,
) -> LocalGraph:
    """The article in the middle, its neighbours around it (already ordered and capped).

    `center` and the neighbours are records (id, url, title, lang); each neighbour comes with
    its kind. `connected` lists pairs of neighbour ids joined by a link or a related edge:
    the second hop, drawn between neighbours.
    """
    points = radial_layout(1 + len(neighbours), width, height, margin=2 * 90)
    cx, cy = points[0]
    nodes = []
    for (record, kind), (x, y) in zip([(center, "self"), *neighbours], points, strict=True):
        radius = 9.0 if kind == "self" else 6.0
        if kind == "self" or abs(x - cx) < 1:
            anchor, lx = "middle", x
            ly = y + radius + 16 if (kind == "self" or y > cy) else y - radius - 8
        elif x < cx:
            anchor, lx, ly = "end", x - radius - 6, y + 4
        else:
            anchor, lx, ly = "start", x + radius + 6, y + 4
        # The title is cut only where the drawing's edge leaves no room for it (12-unit
        # labels, 7.2 units a character at most): from 26 characters to LOCAL_LABEL_LONGEST.
        room = {"middle": 2 * min(lx, width - lx), "end": lx, "start": width - lx}[anchor]
        limit = min(LOCAL_LABEL_LONGEST, max(26, int((room - 8) / 7.2)))
        nodes.append(
            LocalNode(
                id=record.id,
                url=record.url,
                title=record.title,
                label=shorten(record.title, limit),
                kind=kind,
                lang=record.lang,
                x=x,
                y=y,
                radius=radius,
                label_x=round(lx, 1),
                label_y=round(ly, 1),
                anchor=anchor,
            )
        )
    at = {node.id: node for node in nodes}
    edges = [LocalEdge(cx, cy, node.x, node.y, node.kind) for node in nodes[1:]]
    for a, b in sorted({tuple(sorted(pair)) for pair in connected}):
        if a in at and b in at and a != b and center.id not in (a, b):
            edges.append(LocalEdge(at[a].x, at[a].y, at[b].x, at[b].y, "hop"))
    return LocalGraph(width, height, tuple(nodes), tuple(edges))
