// node --test tests/node/ : the pure graph maths of theme/static/js/graph.js (a classic
// script that exports GraphMath under CommonJS), here the label placement run at each zoom.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const GraphMath = require("../../theme/static/js/graph.js");

const UNIT = 10; // the usual distance between nodes, in viewBox units

/** A labelled graph as the graph page draws it: `side` × `side` nodes a few units apart,
    radius half a unit, 40-character titles; the best-connected (largest) first. */
function graph(side) {
    const centres = [];
    const lengths = [];
    for (let i = 0; i < side * side; i++) {
        centres.push({ x: (i % side) * UNIT * 3, y: Math.floor(i / side) * UNIT * 3, r: UNIT * (0.3 + (i % 5) * 0.05) });
        lengths.push(40 - (i % 7));
    }
    const order = centres.map((_, i) => i).sort((a, b) => centres[b].r - centres[a].r || a - b);
    const full = { x: -UNIT, y: -UNIT, w: side * UNIT * 3, h: side * UNIT * 3 };
    return { centres, lengths, order, full };
}

/** The work of placing the labels with the view zoomed `zoom` times on the graph's centre
    (the font keeps its size on screen, so it shrinks in units as the zoom grows): boxes
    compared plus grid cells looked up or filled. With `everywhere`, every label counts, as
    if all the nodes were in view (spread without a view). */
function work(g, zoom, everywhere = false) {
    const box = GraphMath.zoom(g.full, 1 / zoom, g.full.x + g.full.w / 2, g.full.y + g.full.h / 2);
    const font = (UNIT * 0.55) / zoom;
    const tally = { compared: 0, cells: 0 };
    if (everywhere) {
        const boxes = g.centres.map((c, i) => GraphMath.labelBox(c.x, c.y, c.r, font, g.lengths[i]));
        const obstacles = g.centres.map((c) => [c.x - c.r, c.y - c.r, c.x + c.r, c.y + c.r]);
        GraphMath.spread(boxes, obstacles, g.order, 4 * font, null, tally);
    } else {
        GraphMath.placeLabels(g.centres, g.lengths, g.order, box, font, tally);
    }
    return tally.compared + tally.cells;
}

const ZOOMS = [1, 5, 10, 25, 50]; // up to the 50× the page allows (clampZoom 0.02)

test("labels of a zoomed graph: the work per node does not grow with the zoom", () => {
    const g = graph(11); // 121 nodes: the graph page prints titles up to about 120 nodes
    const n = g.centres.length;
    // Every label placed (as if all were in view): node circles keep their size while the
    // font shrinks, yet each is filed once and each label looks at a few cells.
    const all = ZOOMS.map((zoom) => work(g, zoom, true));
    for (const w of all) assert.ok(w <= 2 * all[0] + n, `work ${all} at zooms ${ZOOMS}, ${n} nodes`);
    // In the page, the labels out of view cost nothing: zoomed in, the work falls.
    const inView = ZOOMS.map((zoom) => work(g, zoom));
    for (const w of inView) assert.ok(w <= inView[0], `work ${inView} at zooms ${ZOOMS}`);
});

test("labels of a zoomed graph: the work per node is bounded, however large the graph", () => {
    for (const zoom of ZOOMS) {
        for (const everywhere of [true, false]) {
            const small = graph(11);
            const large = graph(44); // 16 times as many nodes
            const perSmall = work(small, zoom, everywhere) / small.centres.length;
            const perLarge = work(large, zoom, everywhere) / large.centres.length;
            assert.ok(perLarge <= perSmall * 1.5 + 2, `zoom ${zoom}: ${perSmall} vs ${perLarge} per node`);
        }
    }
});

test("labels of nodes out of view are hidden, and those in view kept apart", () => {
    const g = graph(11);
    const box = GraphMath.zoom(g.full, 1 / 10, g.full.x + g.full.w / 2, g.full.y + g.full.h / 2);
    const font = (UNIT * 0.55) / 10;
    const { kept, xs } = GraphMath.placeLabels(g.centres, g.lengths, g.order, box, font);
    const shown = kept.flatMap((k, i) => (k ? [i] : []));
    assert.ok(shown.length > 0);
    for (const i of shown) {
        const c = g.centres[i];
        const b = GraphMath.labelBox(xs[i], c.y, c.r, font, g.lengths[i]);
        assert.ok(b[2] >= box.x && b[0] <= box.x + box.w && b[3] >= box.y && b[1] <= box.y + box.h, `label ${i} out of view`);
        for (const j of shown) {
            if (j === i) continue;
            const d = g.centres[j];
            const o = GraphMath.labelBox(xs[j], d.y, d.r, font, g.lengths[j]);
            assert.ok(!(b[0] < o[2] && o[0] < b[2] && b[1] < o[3] && o[1] < b[3]), `labels ${i} and ${j} overlap`);
        }
    }
    // Zoomed in 10 times on the middle, most of the 121 nodes are out of view.
    assert.ok(shown.length < g.centres.length / 4, `${shown.length} shown`);
});

test("spread keeps the first of two overlapping boxes and none covering another's node", () => {
    const kept = GraphMath.spread([[0, 0, 10, 10], [5, 5, 15, 15], [20, 0, 30, 10]], [[21, 1, 22, 2]], [1, 0, 2], 10);
    assert.deepEqual(kept, [false, true, false]);
    // A node much larger than the cell still blocks a small label anywhere over it.
    const big = GraphMath.spread([[90, 90, 91, 91], [300, 300, 301, 301]], [[400, 400, 401, 401], [0, 0, 200, 200]], [1, 0], 0.5);
    assert.deepEqual(big, [false, true]);
});
