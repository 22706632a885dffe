"""Graph layout and graph data: deterministic, inside their box, fast at scale."""

from __future__ import annotations

import math
import time
from collections import Counter
from dataclasses import replace

import pytest

from plugins.related.config import RelatedConfig
from plugins.related.graph import (
    GraphNode,
    NodeRef,
    build_local_graph,
    build_site_graph,
    label_box,
    place_labels,
    plan_local_graph,
    shorten,
)
from plugins.related.layout import (
    label_propagation,
    layout_graph,
    layout_key,
    polish_iterations,
    radial_layout,
    sunflower,
    weight_by_common_neighbours,
)
from plugins.related.scoring import Related


def two_cliques(size=5):
    """Two cliques joined by one edge: (edges, count)."""
    edges = []
    for base in (0, size):
        edges += [(base + a, base + b, 1.0) for a in range(size) for b in range(a + 1, size)]
    edges.append((0, size, 1.0))
    return edges, 2 * size


def test_label_propagation_finds_the_two_cliques():
    edges, count = two_cliques()
    adjacency = [{} for _ in range(count)]
    for a, b, w in edges:
        adjacency[a][b] = adjacency[b][a] = w
    labels = label_propagation(weight_by_common_neighbours(adjacency))
    assert len(set(labels[:5])) == 1 and len(set(labels[5:])) == 1
    assert labels[0] != labels[5]


@pytest.mark.parametrize("count", [1, 2, 10, 300])
def test_layout_is_deterministic_and_inside_its_box(count):
    edges = [(i, (i * 7 + 3) % count, 1.0) for i in range(count) if count > 1]
    first = layout_graph(count, edges)
    assert layout_graph(count, edges) == first
    assert len(first.positions) == count
    for x, y in first.positions:
        assert 0 <= x <= first.width and 0 <= y <= first.height


def test_connected_nodes_end_up_closer_than_unconnected_ones():
    edges, count = two_cliques()
    layout = layout_graph(count, edges)

    def distance(a, b):
        (xa, ya), (xb, yb) = layout.positions[a], layout.positions[b]
        return math.hypot(xa - xb, ya - yb)

    inside = sum(distance(a, b) for a in range(1, 5) for b in range(1, 5) if a < b) / 6
    across = sum(distance(a, b) for a in range(1, 5) for b in range(6, 10)) / 16
    assert inside < across


def test_no_two_nodes_share_a_position():
    edges = [(0, i, 1.0) for i in range(1, 50)]  # a star
    layout = layout_graph(50, edges)
    assert len(set(layout.positions)) == 50


def test_sunflower_fills_a_disc_from_the_centre():
    points = sunflower(100)
    radii = [math.hypot(x, y) for x, y in points]
    assert radii == sorted(radii)
    assert len(set(points)) == 100


def test_polish_iterations_shrink_as_the_graph_grows():
    assert polish_iterations(30) > polish_iterations(2_000) >= polish_iterations(50_000) >= 2


def test_layout_of_ten_thousand_nodes_takes_seconds():
    count = 10_000
    # Clusters of 100 nodes, each node tied to three others in its cluster, plus a few
    # bridges: the shape of a large knowledge base's graph.
    edges = [
        (i, (i // 100) * 100 + (i * k + 1) % 100, 1.0) for i in range(count) for k in (3, 7, 11)
    ]
    edges += [(i, (i + 100) % count, 0.3) for i in range(0, count, 50)]
    started = time.process_time()
    layout = layout_graph(count, edges)
    assert time.process_time() - started < 30  # measured: a few seconds
    assert len(set(layout.communities)) >= 50


def test_radial_layout_puts_the_centre_first_and_neighbours_around():
    points = radial_layout(5, 400, 200, margin=40)
    assert points[0] == (200, 100)
    assert points[1][0] == 200 and points[1][1] < 100  # first neighbour on top
    assert len(set(points)) == 5


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Court", "Court"),
        ("Un titre vraiment beaucoup trop long pour la carte", "Un titre vraiment…"),
    ],
)
def test_shorten(text, expected):
    assert shorten(text, 20) == expected


class Record:
    """A fake content-index record: only what the graph reads."""

    def __init__(self, id, lang, key, kind="article", tags=(), category="Intranet"):
        self.id, self.lang, self.translation_key, self.kind = id, lang, key, kind
        self.tag_ids, self.category = tuple(tags), category if kind == "article" else None
        self.title, self.url = f"Title of {id}", id.replace(".md", "/index.html")


RECORDS = [
    Record("articles/fr/a.md", "fr", "a", tags=("intranet",)),
    Record("articles/en/a.md", "en", "a", tags=("intranet",)),
    Record("articles/fr/b.md", "fr", "b", tags=("intranet", "rse")),
    Record("articles/en/b.md", "en", "b", tags=("intranet", "rse")),
    Record("articles/en/only.md", "en", "only", category="Management"),
    Record("kb/fr/index.md", "fr", "index", kind="page"),
]
RELATED = {
    "articles/fr/a.md": [
        Related("articles/fr/b.md", "fr", 1.0),
        Related("articles/en/only.md", "en", 0.5),
    ],
    "articles/en/a.md": [Related("articles/en/b.md", "en", 1.0)],
}
LINKS = {"article:a": frozenset({"page:index"}), "article:b": frozenset({"article:a"})}


def site_graph(lang="fr", related=RELATED, layouts=None):
    return build_site_graph(
        RECORDS,
        related,
        LINKS,
        lang,
        ("fr", "en"),
        RelatedConfig(),
        tag_urls={"intranet": "fr/tags/intranet/index.html"},
        tag_labels={"intranet": "Intranet"},
        layouts=layouts,
    )


def test_a_kept_layout_is_used_as_it_is_and_only_for_the_same_graph():
    layouts = {}
    first = site_graph(layouts=layouts)
    assert len(layouts) == 1
    [(key, layout)] = layouts.items()
    assert len(layout.positions) == len(first.nodes)
    # The same graph again: the kept layout is drawn, whatever it holds.
    moved = replace(layout, positions=[(float(i), 2.0 * i) for i in range(len(layout.positions))])
    layouts[key] = moved
    again = site_graph(layouts=layouts)
    assert again.layout_seconds == 0.0
    assert again != first and again == site_graph(layouts={key: moved})
    # Another graph (one related edge less): laid out again, kept under its own key.
    fewer = {**RELATED, "articles/fr/a.md": RELATED["articles/fr/a.md"][:1]}
    other = site_graph(related=fewer, layouts=layouts)
    assert len(layouts) == 2 and other == site_graph(related=fewer)
    # Without a cache, the first graph is what it was.
    assert site_graph() == first


def test_layout_key_follows_every_argument():
    edges, count = two_cliques()
    key = layout_key(count, edges)
    assert layout_key(count, list(edges)) == key
    assert layout_key(count + 1, edges) != key
    assert layout_key(count, edges[:-1]) != key
    assert layout_key(count, [(a, b, w * 2) for a, b, w in edges]) != key
    assert layout_key(count, edges, spacing=30.0) != key
    assert layout_key(count, edges, iterations=3) != key


def test_site_graph_has_one_node_per_translation_group_and_valid_edges():
    graph = site_graph()
    ids = [n.id for n in graph.nodes]
    assert ids == sorted(ids)
    assert ids == [
        "articles/en/only.md",
        "articles/fr/a.md",
        "articles/fr/b.md",
        "kb/fr/index.md",
        "tag:intranet",
    ]
    assert {(e.source, e.target, e.kind) for e in graph.edges} == {
        ("articles/fr/a.md", "kb/fr/index.md", "link"),
        ("articles/fr/b.md", "articles/fr/a.md", "link"),  # a link wins over "related"
        ("articles/en/only.md", "articles/fr/a.md", "related"),
        ("articles/fr/a.md", "tag:intranet", "tag"),
        ("articles/fr/b.md", "tag:intranet", "tag"),
    }
    degree = Counter()
    for edge in graph.edges:
        assert edge.source in ids and edge.target in ids
        degree[edge.source] += 1
        degree[edge.target] += 1
    assert {n.id: n.degree for n in graph.nodes} == {i: degree[i] for i in ids}


def test_graph_json_follows_the_documented_schema():
    data = site_graph().to_json()
    assert data["version"] == 1 and data["lang"] == "fr"
    for node in data["nodes"]:
        assert set(node) == {"id", "url", "title", "kind", "lang", "category", "x", "y", "degree"}
        assert node["kind"] in {"article", "page", "tag"}
    for edge in data["edges"]:
        assert set(edge) == {"source", "target", "kind"} and edge["kind"] in {
            "link",
            "related",
            "tag",
        }
    assert data["edges"] == sorted(
        data["edges"], key=lambda e: (e["source"], e["target"], e["kind"])
    )
    only = next(n for n in data["nodes"] if n["id"] == "articles/en/only.md")
    assert only["lang"] == "en" and only["category"] == "Management"


def test_site_graph_clusters_list_every_content_node_once():
    graph = site_graph()
    listed = [n.id for c in graph.clusters for n in c.nodes]
    assert sorted(listed) == [n.id for n in graph.nodes if n.kind != "tag"]
    # And the tags the drawing shows, with the groups whose pages have them.
    tagged = {n.id for c in graph.clusters for n in c.tag_nodes}
    assert tagged == {n.id for n in graph.nodes if n.kind == "tag"} == {"tag:intranet"}


def test_a_local_graph_plan_draws_what_build_local_graph_draws():
    refs = [NodeRef(r.id, r.url, r.title, r.lang) for r in RECORDS[:5]]
    neighbours = [(refs[2], "link"), (refs[4], "related"), (refs[1], "backlink")]
    connected = [(refs[2].id, refs[4].id), (refs[4].id, refs[2].id), (refs[0].id, refs[1].id)]
    connected.append((refs[3].id, refs[1].id))  # refs[3] is not drawn: no edge
    plan = plan_local_graph(refs[0], neighbours, connected)
    drawn = build_local_graph(refs[0], neighbours, connected)
    assert plan.draw() == drawn
    assert (plan.width, plan.height, plan.nodes, plan.edges) == (
        drawn.width, drawn.height, drawn.nodes, drawn.edges,
    )  # fmt: skip
    assert [e.kind for e in plan.edges].count("hop") == 1  # one pair, once, without the centre
    assert plan.kinds == drawn.kinds == {"link", "related", "backlink"}  # not "self"
    assert plan.connected == (0, 1)
    other = plan_local_graph(refs[1], [(refs[0], "related")])
    assert other.draw().nodes[0].id == refs[1].id  # not the previous plan's drawing
    assert plan.draw() == drawn


def test_local_graph_centre_and_neighbours():
    centre = RECORDS[0]
    local = build_local_graph(
        centre, [(RECORDS[2], "link"), (RECORDS[4], "related")], [(RECORDS[2].id, RECORDS[4].id)]
    )
    assert [n.kind for n in local.nodes] == ["self", "link", "related"]
    assert [e.kind for e in local.edges] == ["link", "related", "hop"]
    for node in local.nodes:
        assert 0 <= node.x <= local.width and 0 <= node.y <= local.height


# --- Printed titles: whole when there is room, never over one another (defect 23) -------------


def crowd(count=150, seed_spacing=9.0):
    """GraphNodes on a tight grid with long titles: many labels would collide."""
    nodes = []
    for i in range(count):
        x, y = (i % 15) * seed_spacing * 3, (i // 15) * seed_spacing
        title = f"Un titre assez long pour déborder numéro {i}"
        nodes.append(
            GraphNode(f"n{i:03d}", "", title, "article", "fr", None, x, y, i % 7, 2.0, "page")
        )
    return nodes


def test_placed_labels_never_overlap_and_are_whole_when_there_is_room():
    font = 4.0
    placed = place_labels(crowd(), font)
    shown = [n for n in placed if not n.label_hidden]
    assert 0 < len(shown) < len(placed)  # some hidden until zoom, not all
    boxes = [label_box(n.x, n.y, n.radius, font, n.label) for n in shown]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3])
    # Alone, a long title is printed whole (it was cut at 28 characters).
    lone = GraphNode("x", "", "Le social business contre la mécanisation des esprits", "article",
                     "fr", None, 0.0, 0.0, 1, 2.0, "page")  # fmt: skip
    assert place_labels([lone], font)[0].label == lone.title
    # Same input, same output; hidden labels keep the whole title, for hover and zoom.
    assert place_labels(crowd(), font) == placed
    assert all(n.label == n.title for n in placed if n.label_hidden)


def test_placing_labels_compares_each_label_with_a_few_boxes_nearby():
    # Linear work, counted rather than timed: the boxes compared per node do not grow
    # with the number of nodes (a graph 16 times larger, as crowded).
    per_node = []
    for count in (200, 3200):
        work = [0]
        place_labels(crowd(count), 4.0, work)
        per_node.append(work[0] / count)
    assert per_node[0] > 0 and per_node[1] <= 1.5 * per_node[0], per_node


def test_site_graph_labels_describe_and_hit_areas():
    graph = site_graph()
    by_id = {n.id: n for n in graph.nodes}
    assert by_id["tag:intranet"].legend == "tag" and by_id["kb/fr/index.md"].legend == "page"
    names = [name for name, _ in graph.categories]
    assert by_id["articles/fr/a.md"].legend == f"category-{names.index('Intranet')}"
    assert all(n.hit >= n.radius for n in graph.nodes)
    assert all(n.label for n in graph.nodes)  # a small graph prints its titles


# --- The text alternative: groups told apart by their distinctive tags (defect 24) ------------


def test_groups_are_named_after_distinctive_tags_and_never_twice():
    records, links = [], {}
    for group in range(3):
        for i in range(4):
            key = f"g{group}a{i}"
            tags = ("generic", f"topic{group}") if group < 2 else ("generic", "topic0")
            records.append(Record(f"articles/fr/{key}.md", "fr", key, tags=tags))
            links[f"article:{key}"] = frozenset(f"article:g{group}a{j}" for j in range(4) if j != i)
    labels = {
        "generic": "Bonnes pratiques",
        "topic0": "Données",
        "topic1": "Réseaux",
        "topic2": "X",
    }
    graph = build_site_graph(records, {}, links, "fr", ("fr", "en"), RelatedConfig(),
                             tag_urls={}, tag_labels=labels)  # fmt: skip
    names = [c.tags for c in graph.clusters if not c.loose]
    assert len(names) == 3
    assert all(name[0] != "Bonnes pratiques" for name in names if name)  # used everywhere
    assert ("Réseaux", "Bonnes pratiques") in names or ("Réseaux",) == names[1][:1]
    named = [tuple(sorted(n)) for n in names if n]
    assert len(named) == len(set(named))  # no two groups with the same name


def tags_reach(articles=24, tags=12, per=1, dense=2) -> float:
    """The tags' mean distance from the centre over the articles'.

    Articles are linked in three groups, tags have weak edges (0.3) to a few articles each.
    """
    edges = []
    for a in range(articles):
        group = a // 8
        edges += [(a, b, 1.0) for b in range(a + 1, 8 * (group + 1)) if (a * 7 + b) % dense == 0]
        edges.append((a, (a + 1) % articles, 0.7))
    for t in range(tags):
        edges += [(articles + t, (t * 5 + k * 3) % articles, 0.3) for k in range(per)]
    count = articles + tags
    layout = layout_graph(count, sorted(edges), spacing=30.0)
    cx = sum(x for x, _ in layout.positions) / count
    cy = sum(y for _, y in layout.positions) / count
    reach = [math.hypot(x - cx, y - cy) for x, y in layout.positions]
    return (sum(reach[articles:]) / tags) / (sum(reach[:articles]) / articles)


def test_tags_sit_among_their_articles_not_on_the_rim():
    # Before: 1.38, 1.35 and 1.27 (weak springs, tags pushed out by the hubs).
    ratios = [tags_reach(), tags_reach(tags=20, dense=3), tags_reach(tags=20, per=2, dense=3)]
    assert sum(ratios) / len(ratios) < 1.2, ratios


def test_local_graph_labels_are_cut_only_where_the_edge_leaves_no_room():
    long = "Setting up coverage in a monorepo with several packages"  # 55 characters
    refs = [NodeRef(f"n{i}", f"n{i}/", long, "en") for i in range(9)]
    graph = build_local_graph(refs[0], [(ref, "related") for ref in refs[1:]])
    for node in graph.nodes:
        room = {"middle": 2 * min(node.label_x, 720 - node.label_x), "end": node.label_x,
                "start": 720 - node.label_x}[node.anchor]  # fmt: skip
        assert len(node.label) * 12 * 0.55 <= room, node
        assert len(node.label) <= 40
    # The article's own label, and the neighbours above and below it, have the whole width.
    middle = [n for n in graph.nodes if n.anchor == "middle"]
    assert len(middle) >= 2 and all(len(n.label) >= 38 for n in middle)
    assert [n.label for n in middle][0] == shorten(long, 40)
    # Side labels near the top and bottom have more room than the old 26 characters.
    why = NodeRef("w", "w/", "Hosting: review and deploy in one step", "en")
    others = [(ref, "related") for ref in refs[1:]]
    graph = build_local_graph(refs[0], [others[0], (why, "link"), *others[2:]])
    assert graph.nodes[2].anchor == "start"
    assert graph.nodes[2].label == "Hosting: review and deploy…"  # was "Hosting: review and…"


def test_a_nodes_legend_number_is_one_lookup_not_a_scan_of_the_categories():
    # code review 9: `categories.index(shown)` per node was a linear scan (and a
    # ValueError for a category missing from the list); a dict gives the number.
    import ast
    import inspect

    from plugins.related import graph

    tree = ast.parse(inspect.getsource(graph.build_site_graph))
    scans = [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "index"
    ]
    assert not scans, f"list.index() in build_site_graph at its lines {scans}"


def test_a_site_graph_kept_as_plain_tuples_comes_back_the_same():
    from plugins.related import _graph_of, _plain_graph

    # Each language of the sample graph: clusters, tag nodes, categories, edge paths.
    for graph in (site_graph("fr"), site_graph("en"), replace(site_graph("fr"), edges=[])):
        again = _graph_of(_plain_graph(graph))
        assert again == graph
        assert again.clusters == graph.clusters and again.edge_paths == graph.edge_paths
        assert [type(n) for n in again.nodes] == [GraphNode] * len(graph.nodes)


def test_site_graph_inputs_follow_everything_a_site_graph_reads():
    from plugins.related import site_graph_inputs

    tags = {"fr": {"intranet": ("fr/tags/intranet/index.html", "Intranet")}, "en": {}}

    def digest(records=RECORDS, related=RELATED, links=LINKS, languages=("fr", "en"),
               config=None, tags=tags):  # fmt: skip
        config = config or RelatedConfig()
        return site_graph_inputs(records, related, links, languages, config, tags)

    first = digest()
    assert digest() == first, "the same values, the same digest"
    renamed = [Record("articles/fr/a.md", "fr", "a", tags=("intranet",)), *RECORDS[1:]]
    renamed[0].title = "Another title"
    fewer = {**RELATED, "articles/fr/a.md": RELATED["articles/fr/a.md"][:1]}
    changed = [
        digest(records=renamed),
        digest(records=RECORDS[:-1]),
        digest(related=fewer),
        digest(links={**LINKS, "article:b": frozenset()}),
        digest(languages=("en", "fr")),
        digest(config=RelatedConfig(graph_related_edges=1)),
        digest(tags={**tags, "fr": {"intranet": ("fr/tags/intranet/index.html", "Intranets")}}),
    ]
    assert first not in changed and len(set(changed)) == len(changed)
    # What a graph does not read: scores, and related articles past the strongest.
    rescored = {**RELATED, "articles/en/a.md": [Related("articles/en/b.md", "en", 0.25)]}
    longer = {**RELATED, "articles/en/a.md": [*RELATED["articles/en/a.md"], Related("articles/en/only.md", "en", 0.1), Related("articles/fr/b.md", "fr", 0.05)]}  # fmt: skip
    assert RelatedConfig().graph_related_edges == 2
    assert digest(related=rescored) == first
    assert digest(related=longer) != first, "the second strongest is read"
    longest = {**longer, "articles/en/a.md": [*longer["articles/en/a.md"][:2], Related("kb/fr/index.md", "fr", 0.01)]}  # fmt: skip
    assert digest(related=longest) == digest(related=longer), "the third is not"
    # The graphs themselves agree: the same graph for each.
    assert site_graph("en", related=rescored) == site_graph("en")
    assert site_graph("en", related=longest) == site_graph("en", related=longer)
