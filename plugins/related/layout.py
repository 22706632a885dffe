"""Deterministic graph layout at build time, in pure Python, near-linear in the graph size.

A force-directed layout from random positions needs hundreds of iterations, each at least
O(n log n): too slow in pure Python at 10,000 nodes (and in the browser, Quartz's graph
hangs past ~8,000 pages). Instead:

1. Communities by weighted label propagation (O(edges) per round, a few rounds; visiting
   nodes in a fixed order and breaking ties by the smallest label makes it deterministic).
   Edges count more when their ends share neighbours, so labels do not flood across bridges.
2. Each community becomes a disc: its nodes on a sunflower spiral (golden angle), in
   breadth-first order from its best-connected node, so hubs sit in the middle and
   neighbours near each other.
3. Discs are packed in rows, largest first (shelf packing, O(communities)).
4. A few force-directed iterations polish the result: springs along edges, repulsion only
   between nodes in neighbouring grid cells (O(n) per iteration instead of O(n²)). The
   number of iterations shrinks as the graph grows, so the total stays bounded.

Same input, same coordinates: there is no randomness at all.
"""

from __future__ import annotations

import hashlib
import math
from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))
SPACING = 10.0
"""Distance between neighbouring nodes on a spiral, and ideal edge length."""


def label_propagation(adjacency: Sequence[Mapping[int, float]], rounds: int = 15) -> list[int]:
    """Community label of each node (the smallest node index of its community's seed).

    Each node in turn takes the label with the greatest total edge weight among its
    neighbours (ties: the smallest label); stops when nothing changes.
    """
    labels = list(range(len(adjacency)))
    for _ in range(rounds):
        changed = False
        for node, neighbours in enumerate(adjacency):
            if not neighbours:
                continue
            totals: dict[int, float] = {}
            for other, weight in neighbours.items():
                label = labels[other]
                totals[label] = totals.get(label, 0.0) + weight
            best = min(totals.items(), key=lambda kv: (-kv[1], kv[0]))[0]
            if best != labels[node]:
                labels[node] = best
                changed = True
        if not changed:
            break
    # A connected node left alone (its label abandoned by its neighbours) joins its strongest
    # neighbour's community.
    sizes: dict[int, int] = {}
    for label in labels:
        sizes[label] = sizes.get(label, 0) + 1
    for node, neighbours in enumerate(adjacency):
        if neighbours and sizes[labels[node]] == 1:
            best = min(neighbours.items(), key=lambda kv: (-kv[1], labels[kv[0]]))[0]
            labels[node] = labels[best]
    # Renumber: labels are the smallest member of each community.
    first: dict[int, int] = {}
    for node, label in enumerate(labels):
        first.setdefault(label, node)
    return [first[label] for label in labels]


def weight_by_common_neighbours(adjacency: Sequence[Mapping[int, float]]) -> list[dict[int, float]]:
    """Edge weights multiplied by 1 + the neighbours both ends share.

    An edge inside a dense group has many common neighbours, a bridge between groups few:
    label propagation then stops at bridges instead of flooding across them.
    """
    neighbours = [set(n) for n in adjacency]
    weighted: list[dict[int, float]] = [{} for _ in adjacency]
    for a, edges in enumerate(adjacency):
        for b, weight in edges.items():
            if b in weighted[a]:
                continue
            small, large = sorted((neighbours[a], neighbours[b]), key=len)
            common = sum(1 for node in small if node in large)
            weighted[a][b] = weighted[b][a] = weight * (1 + common)
    return weighted


def _bfs_order(members: list[int], adjacency: Sequence[Mapping[int, float]]) -> list[int]:
    """Members in breadth-first order from the best-connected one (ties: smallest index)."""
    inside = set(members)
    order: list[int] = []
    seen: set[int] = set()
    by_degree = sorted(members, key=lambda m: (-len(adjacency[m]), m))
    for root in by_degree:
        if root in seen:
            continue
        seen.add(root)
        queue = deque([root])
        while queue:
            node = queue.popleft()
            order.append(node)
            for other in sorted(adjacency[node], key=lambda o: (-adjacency[node][o], o)):
                if other in inside and other not in seen:
                    seen.add(other)
                    queue.append(other)
    return order


def sunflower(count: int, spacing: float = SPACING) -> list[tuple[float, float]]:
    """`count` points evenly filling a disc, the first ones in the centre."""
    return [
        (
            spacing * math.sqrt(k + 0.5) * math.cos(k * GOLDEN_ANGLE),
            spacing * math.sqrt(k + 0.5) * math.sin(k * GOLDEN_ANGLE),
        )
        for k in range(count)
    ]


def _pack(radii: Sequence[float], gap: float) -> list[tuple[float, float]]:
    """Centres for discs of the given radii (largest first), packed in rows of a square."""
    total = sum((2 * r + gap) ** 2 for r in radii)
    width = max(math.sqrt(total), 2 * max(radii, default=0) + gap)
    centres = []
    x = y = row_height = 0.0
    for r in radii:
        side = 2 * r + gap
        if x > 0 and x + side > width:
            x, y, row_height = 0.0, y + row_height, 0.0
        centres.append((x + side / 2, y + side / 2))
        x += side
        row_height = max(row_height, side)
    return centres


EXACT_LIMIT = 200
"""Up to this many nodes, every pair repels (classic Fruchterman-Reingold, constant cost)."""


def _polish(
    positions: list[list[float]],
    edges: Sequence[tuple[int, int, float]],
    iterations: int,
    spacing: float = SPACING,
) -> None:
    """Fruchterman-Reingold steps, in place; repulsion bucketed in a grid for large graphs."""
    n = len(positions)
    k = spacing
    exact = n <= EXACT_LIMIT
    cell = 2 * k
    reach = math.inf if exact else cell * cell
    # Small graphs are drawn with their titles: push harder, for room around each node.
    push = k * k
    gravity = 0.3
    # ForceAtlas2's idea for small graphs: hubs push harder, so leaves stay near their hub
    # and well-connected nodes spread out. Mass counts edges by weight: a tag with many
    # weak edges is no hub, and would otherwise push everything away and end on the rim.
    mass = [1.0] * n
    if exact:
        for a, b, weight in edges:
            mass[a] += weight
            mass[b] += weight
    temperature = spacing if exact else spacing / 2
    # Coordinates in two flat lists while the steps run (no positions[j][0] in the inner
    # loop); the same arithmetic in the same order as with the nested lists.
    xs = [p[0] for p in positions]
    ys = [p[1] for p in positions]
    sqrt, cap = math.sqrt, 3 * k
    for step in range(iterations):
        dx = [0.0] * n
        dy = [0.0] * n
        grid: dict[tuple[int, int], list[int]] = {}
        if exact:
            if n:
                grid[0, 0] = list(range(n))
        else:
            for i in range(n):
                grid.setdefault((int(xs[i] // cell), int(ys[i] // cell)), []).append(i)
        for (cx, cy), members in grid.items():
            near = []
            for ox in (-1, 0, 1):
                for oy in (-1, 0, 1):
                    near += grid.get((cx + ox, cy + oy), ())
            for i in members:
                xi = xs[i]
                yi = ys[i]
                pushed = push * mass[i]
                fx = fy = 0.0
                for j in near:
                    if j == i:
                        continue
                    ddx = xi - xs[j]
                    ddy = yi - ys[j]
                    d2 = ddx * ddx + ddy * ddy
                    if d2 == 0:
                        # Same spot: push apart along a direction fixed by the indices.
                        ddx, ddy, d2 = (1.0 if i > j else -1.0), 0.0, 1.0
                    if d2 < reach:
                        force = pushed * mass[j] / d2
                        fx += ddx * force
                        fy += ddy * force
                dx[i] += fx
                dy[i] += fy
        # Linear springs for small graphs (with mass-weighted repulsion). In large graphs
        # FR's d²/k, capped: a long edge between two communities must not drag them
        # together, the polish only relaxes each neighbourhood.
        for a, b, weight in edges:
            ddx = xs[a] - xs[b]
            ddy = ys[a] - ys[b]
            d = sqrt(ddx * ddx + ddy * ddy) or 1e-9
            if exact:
                # Every edge pulls like a link: a weak spring (an article's tag) let the
                # hubs' repulsion push its end to the rim, its line across the drawing.
                force = d * (weight if weight > 1.0 else 1.0)
            else:
                force = (d if d < cap else cap) * d / k * weight
            fx = ddx / d * force
            fy = ddy / d * force
            dx[a] -= fx
            dy[a] -= fy
            dx[b] += fx
            dy[b] += fy
        if exact and n:
            # Without a cutoff, unconnected parts would drift apart: a weak pull to the centre.
            mx = sum(xs) / n
            my = sum(ys) / n
            for i in range(n):
                dx[i] -= (xs[i] - mx) * gravity * mass[i]
                dy[i] -= (ys[i] - my) * gravity * mass[i]
        limit = temperature * (1 - step / iterations)
        for i in range(n):
            length = math.sqrt(dx[i] * dx[i] + dy[i] * dy[i])
            if length > 0:
                move = min(length, limit) / length
                xs[i] += dx[i] * move
                ys[i] += dy[i] * move
    for point, x, y in zip(positions, xs, ys, strict=True):
        point[0] = x
        point[1] = y


def polish_iterations(n: int, budget: int = 60_000, most: int = 60) -> int:
    """Force-directed iterations for n nodes: many for small graphs, few for large ones."""
    return max(2, min(most, budget // max(1, n)))


@dataclass(frozen=True)
class Layout:
    positions: list[tuple[float, float]]
    """(x, y) of each node, in units where neighbouring nodes are about `SPACING` apart."""
    communities: list[int]
    """Community of each node (the smallest node index in it)."""
    width: float
    height: float


def layout_key(
    count: int,
    edges: Sequence[tuple[int, int, float]],
    iterations: int | None = None,
    spacing: float = SPACING,
) -> str:
    """What `layout_graph` computes from, as a digest: equal keys, equal layouts.

    The arguments and this module's code (a layout kept from a build with other code is
    never reused).
    """
    digest = hashlib.blake2b(_code_digest(), digest_size=16)
    digest.update(repr((count, iterations, spacing)).encode())
    digest.update(repr(edges).encode())
    return digest.hexdigest()


_code: list[bytes] = []


def _code_digest() -> bytes:
    if not _code:
        with open(__file__, "rb") as source:
            _code.append(hashlib.blake2b(source.read(), digest_size=16).digest())
    return _code[0]


def layout_graph(
    count: int,
    edges: Sequence[tuple[int, int, float]],
    iterations: int | None = None,
    spacing: float = SPACING,
) -> Layout:
    """Positions of nodes 0..count-1, inside a box of (width, height) with a margin.

    `edges` are (a, b, weight) between node indexes; weights guide communities and springs.
    """
    adjacency: list[dict[int, float]] = [{} for _ in range(count)]
    for a, b, weight in edges:
        if a != b:
            adjacency[a][b] = adjacency[a].get(b, 0.0) + weight
            adjacency[b][a] = adjacency[b].get(a, 0.0) + weight
    communities = label_propagation(weight_by_common_neighbours(adjacency))
    members: dict[int, list[int]] = {}
    for node, label in enumerate(communities):
        members.setdefault(label, []).append(node)
    # Unconnected nodes share one disc rather than one tiny disc each.
    loose = [m[0] for m in members.values() if len(m) == 1]
    groups = [m for m in members.values() if len(m) > 1]
    if loose:
        groups.append(sorted(loose))
    groups.sort(key=lambda m: (-len(m), m[0]))
    radii = [spacing * math.sqrt(len(m) + 0.5) for m in groups]
    centres = _pack(radii, gap=3 * spacing)
    positions: list[list[float]] = [[0.0, 0.0] for _ in range(count)]
    for group, (cx, cy) in zip(groups, centres, strict=True):
        order = _bfs_order(group, adjacency)
        for node, (x, y) in zip(order, sunflower(len(order), spacing), strict=True):
            positions[node] = [cx + x, cy + y]
    if iterations is None:
        iterations = polish_iterations(count)
    _polish(positions, [(a, b, w) for a, b, w in edges if a != b], iterations, spacing)
    points, width, height = _translate(positions, 2 * spacing)
    return Layout(points, communities, width, height)


def _translate(
    positions: Sequence[Sequence[float]], margin: float
) -> tuple[list[tuple[float, float]], float, float]:
    """Shift positions so the smallest x and y are `margin`; round to 0.1 for stable output."""
    if not positions:
        return [], 2 * margin, 2 * margin
    left = min(p[0] for p in positions)
    top = min(p[1] for p in positions)
    points = [(round(x - left + margin, 1), round(y - top + margin, 1)) for x, y in positions]
    width = round(max(p[0] for p in points) + margin, 1)
    height = round(max(p[1] for p in points) + margin, 1)
    return points, width, height


def radial_layout(
    count: int, width: float, height: float, margin: float = 40.0
) -> list[tuple[float, float]]:
    """The centre node (index 0) in the middle, the others evenly on an ellipse around it.

    The first neighbour sits at the top, the rest follow clockwise: used for an article's
    small local graph, where neighbours are already in a meaningful order.
    """
    if count <= 0:
        return []
    cx, cy = width / 2, height / 2
    rx, ry = width / 2 - margin, height / 2 - margin / 2
    points = [(round(cx, 1), round(cy, 1))]
    others = count - 1
    for k in range(others):
        angle = -math.pi / 2 + 2 * math.pi * k / others
        points.append((round(cx + rx * math.cos(angle), 1), round(cy + ry * math.sin(angle), 1)))
    return points
