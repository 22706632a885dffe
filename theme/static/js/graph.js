/* Graph page (plugins/related): zoom, pan and search-to-highlight on the SVG drawn at
   build time, and taps on the local graph under an article. The pages work without this
   script (nodes are plain links); this adds:
   - zoom and pan: +/− buttons; Ctrl/⌘ + wheel, or the wheel once the reader has clicked into
     the drawing (until a click elsewhere), a plain wheel scrolling the page and showing a
     hint; drag with the mouse; two fingers on a touch screen (one finger scrolls the page);
     arrow keys, + − and 0 when the drawing or a node has focus. The SVG viewBox changes,
     nothing is redrawn;
   - a focused node (Tab) outside the view brings the view to it;
   - labels keep a readable size on screen (at least 12 px) whatever the zoom and the screen,
     and a label that would cover another is hidden until zooming in makes room (greedy,
     best-connected nodes first, boxes in grid buckets, as graph.py does for the page
     without JavaScript);
   - on touch, a first tap on a node whose label is not shown shows it (and focuses the
     node), a second tap opens it; a tap near a node (24 px) counts as a tap on it;
   - a search field: nodes whose title contains the text are highlighted, Enter zooms to the
     first one and focuses it (Enter again opens it);
   - the label of the focused node and those of the matches are marked like their nodes, so
     they stay visible while the search fades everything else (labels are a separate layer).
   Options come from data-* attributes on the <svg data-graph> element (localised messages).
   GraphMath is pure (no DOM) and runs under Node: `require("./graph.js")`. */
(function () {
  "use strict";

  var GraphMath = {
    /** Lowercase, without accents: "Réseau" -> "reseau". */
    fold: function (text) {
      return String(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().trim();
    },

    /** Indexes of the titles containing the query (folded); none for an empty query. */
    matchTitles: function (titles, query) {
      var q = GraphMath.fold(query);
      var found = [];
      if (!q) return found;
      for (var i = 0; i < titles.length; i++) {
        if (GraphMath.fold(titles[i]).indexOf(q) !== -1) found.push(i);
      }
      return found;
    },

    /** The box scaled by `factor` (< 1 zooms in) around the point (cx, cy). */
    zoom: function (box, factor, cx, cy) {
      return {
        x: cx - (cx - box.x) * factor,
        y: cy - (cy - box.y) * factor,
        w: box.w * factor,
        h: box.h * factor,
      };
    },

    /** Keep the zoom between `minShare` of the full box and twice the full box. */
    clampZoom: function (box, full, minShare) {
      var factor = 1;
      if (box.w < full.w * minShare) factor = (full.w * minShare) / box.w;
      if (box.w > full.w * 2) factor = (full.w * 2) / box.w;
      if (factor === 1) return box;
      return GraphMath.zoom(box, factor, box.x + box.w / 2, box.y + box.h / 2);
    },

    /** A box of the given width (keeping the full box's proportions) centred on (x, y). */
    around: function (x, y, full, width) {
      var h = (width * full.h) / full.w;
      return { x: x - width / 2, y: y - h / 2, w: width, h: h };
    },

    /** Screen pixels to viewBox units, for a box drawn in a rect of `pixels` width. */
    toUnits: function (box, pixels, dx, dy) {
      var scale = box.w / pixels;
      return { dx: dx * scale, dy: dy * scale };
    },

    /** Screen pixels per viewBox unit for a box drawn in `rect`: the SVG keeps its
        proportions (preserveAspectRatio meet), so the box may not fill the rect. */
    scale: function (box, rect) {
      return Math.min(rect.width / box.w, rect.height / box.h) || 1;
    },

    /** A point on screen in viewBox coordinates (the box centred in the SVG's rect). */
    toPoint: function (box, rect, clientX, clientY) {
      var k = GraphMath.scale(box, rect);
      return {
        x: box.x + box.w / 2 + (clientX - rect.left - rect.width / 2) / k,
        y: box.y + box.h / 2 + (clientY - rect.top - rect.height / 2) / k,
      };
    },

    /** The box, moved (same size) so that (x, y) lies at least `margin` (a share of the
        box) inside it: centred on the point when it was outside that margin. */
    reveal: function (box, x, y, margin) {
      var mx = box.w * margin;
      var my = box.h * margin;
      var nx = x < box.x + mx || x > box.x + box.w - mx ? x - box.w / 2 : box.x;
      var ny = y < box.y + my || y > box.y + box.h - my ? y - box.h / 2 : box.y;
      return { x: nx, y: ny, w: box.w, h: box.h };
    },

    /** Which boxes ([left, top, right, bottom]) to keep: in the given order, each one that
        overlaps no box kept before it and no obstacle (except its own, same index). A grid
        of cells of `cell` units, and at least the largest obstacle: a kept box goes into
        the cells it covers, an obstacle into the cell of its centre, and a box is compared
        with the cells it covers widened by the largest obstacle's half-size. Boxes scale
        with `cell` (the font) and obstacles fit a cell, so each box looks at a few cells,
        whatever the zoom: O(n). With `view`, a box outside it is not kept (it cannot be
        seen) and costs nothing, nor do obstacles out of its reach. `tally` counts the
        boxes compared (`compared`) and the cells looked up or filled (`cells`). */
    spread: function (boxes, obstacles, order, cell, view, tally) {
      var kept = boxes.map(function () { return false; });
      function apart(b, v) { return b[2] < v[0] || b[0] > v[2] || b[3] < v[1] || b[1] > v[3]; }
      var live = order.filter(function (i) { return !(view && apart(boxes[i], view)); });
      var reachW = 0;
      var reachH = 0;
      live.forEach(function (i) {
        reachW = Math.max(reachW, boxes[i][2] - boxes[i][0]);
        reachH = Math.max(reachH, boxes[i][3] - boxes[i][1]);
      });
      // An obstacle matters only if it may touch a box that can be kept.
      var reach = view && [view[0] - reachW, view[1] - reachH, view[2] + reachW, view[3] + reachH];
      var near = [];
      var half = 0;
      obstacles.forEach(function (o, i) {
        if (reach && apart(o, reach)) return;
        near.push(i);
        half = Math.max(half, (o[2] - o[0]) / 2, (o[3] - o[1]) / 2);
      });
      var size = Math.max(cell, 2 * half) || 1;
      var grid = new Map();
      var compared = 0;
      var cells = 0;
      function put(cx, cy, entry) {
        var k = cx + "," + cy;
        var bucket = grid.get(k);
        if (!bucket) grid.set(k, (bucket = []));
        bucket.push(entry);
        cells++;
      }
      near.forEach(function (i) {
        var o = obstacles[i];
        put(Math.floor((o[0] + o[2]) / 2 / size), Math.floor((o[1] + o[3]) / 2 / size), [o[0], o[1], o[2], o[3], i]);
      });
      live.forEach(function (i) {
        var b = boxes[i];
        var x0 = Math.floor((b[0] - half) / size), x1 = Math.floor((b[2] + half) / size);
        var y0 = Math.floor((b[1] - half) / size), y1 = Math.floor((b[3] + half) / size);
        for (var cx = x0; cx <= x1; cx++) {
          for (var cy = y0; cy <= y1; cy++) {
            cells++;
            var bucket = grid.get(cx + "," + cy) || [];
            for (var k = 0; k < bucket.length; k++) {
              var o = bucket[k];
              compared++;
              if (o[4] !== i && b[0] < o[2] && o[0] < b[2] && b[1] < o[3] && o[1] < b[3]) return;
            }
          }
        }
        var entry = [b[0], b[1], b[2], b[3], i];
        for (cx = Math.floor(b[0] / size); cx <= Math.floor(b[2] / size); cx++) {
          for (cy = Math.floor(b[1] / size); cy <= Math.floor(b[3] / size); cy++) put(cx, cy, entry);
        }
        kept[i] = true;
      });
      if (tally) {
        tally.compared = (tally.compared || 0) + compared;
        tally.cells = (tally.cells || 0) + cells;
      }
      return kept;
    },

    /** Where the labels go in the view `box` at a font of `font` units, and which show
        (graph.js relabel): each label centred under its node, moved inside the view when
        its node is in it; in `order`, those covering no label kept before and no node. */
    placeLabels: function (centres, lengths, order, box, font, tally) {
      var xs = [];
      var boxes = centres.map(function (c, i) {
        var half = (lengths[i] * font * 0.55) / 2;
        var inView = c.x >= box.x && c.x <= box.x + box.w;
        var x = inView ? Math.min(Math.max(c.x, box.x + half), box.x + box.w - half) : c.x;
        xs.push(x);
        return GraphMath.labelBox(x, c.y, c.r, font, lengths[i]);
      });
      var obstacles = centres.map(function (c) { return [c.x - c.r, c.y - c.r, c.x + c.r, c.y + c.r]; });
      var view = [box.x, box.y, box.x + box.w, box.y + box.h];
      return { xs: xs, kept: GraphMath.spread(boxes, obstacles, order, 4 * font, view, tally) };
    },

    /** A label's box, centred under its node, baseline one font size below the circle
        (graph.py label_box: 0.55 em per character). */
    labelBox: function (x, y, r, font, length) {
      var half = (length * font * 0.55) / 2;
      var baseline = y + r + font;
      return [x - half, baseline - 0.8 * font, x + half, baseline + 0.25 * font];
    },

    /** "{n} matches"-style message for a count. */
    message: function (count, none, one, other) {
      if (count === 0) return none;
      if (count === 1) return one;
      return other.replace("{n}", String(count));
    },
  };

  if (typeof module === "object" && module.exports) {
    module.exports = GraphMath;
    return;
  }
  if (typeof document === "undefined") return;

  function parseBox(svg) {
    var parts = svg.getAttribute("viewBox").split(/[\s,]+/).map(Number);
    return { x: parts[0], y: parts[1], w: parts[2], h: parts[3] };
  }

  var MIN_LABEL_PX = 12;
  var NEAR_PX = 24;

  function setup(svg) {
    var full = parseBox(svg);
    var box = { x: full.x, y: full.y, w: full.w, h: full.h };
    var nodes = Array.prototype.slice.call(svg.querySelectorAll(".graph-node"));
    var titles = nodes.map(function (node) {
      var title = node.querySelector("title");
      return title ? title.textContent : "";
    });
    var centres = nodes.map(function (node) {
      var circle = node.querySelector("circle");
      return {
        x: Number(circle.getAttribute("cx")),
        y: Number(circle.getAttribute("cy")),
        r: Number(circle.getAttribute("r")),
      };
    });
    // Labels, when the graph has them, are drawn in the nodes' order (graph.html).
    var layer = svg.querySelector(".graph__labels");
    var labels = layer ? Array.prototype.slice.call(layer.querySelectorAll("text")) : [];
    if (labels.length !== nodes.length) labels = [];
    var baseFont = layer ? Number(layer.getAttribute("font-size")) : 0;
    // Best-connected nodes first (bigger circles), as graph.py places them.
    var order = nodes.map(function (_, i) { return i; });
    order.sort(function (a, b) { return centres[b].r - centres[a].r || a - b; });
    var matches = [];

    function markLabel(i, name, on) {
      if (labels[i]) labels[i].classList.toggle(name, on);
    }

    function pixelsPerUnit() {
      return GraphMath.scale(box, svg.getBoundingClientRect());
    }

    // Labels: at least MIN_LABEL_PX on screen, the size graph.py drew them at full view on a
    // wide screen, and the same on-screen size whatever the zoom, so zooming in makes room
    // between them; those that would cover another are hidden (until hover, focus, search).
    var pending = false;
    function relabel() {
      pending = false;
      if (!labels.length) return;
      var rect = svg.getBoundingClientRect();
      if (!rect.width) return;
      var px = Math.max(MIN_LABEL_PX, baseFont * GraphMath.scale(full, rect));
      var font = px / GraphMath.scale(box, rect);
      layer.setAttribute("font-size", font.toFixed(2));
      var lengths = labels.map(function (label) { return label.textContent.length; });
      // Kept inside the view, so that a node near its edge keeps its label whole (the label
      // of a node out of view stays with it, hidden).
      var placed = GraphMath.placeLabels(centres, lengths, order, box, font);
      var kept = placed.kept;
      labels.forEach(function (label, i) {
        label.setAttribute("x", placed.xs[i].toFixed(1));
        label.setAttribute("y", (centres[i].y + centres[i].r + font).toFixed(1));
      });
      labels.forEach(function (label, i) { label.classList.toggle("is-hidden", !kept[i]); });
    }
    function scheduleRelabel() {
      if (pending) return;
      pending = true;
      window.requestAnimationFrame(relabel);
    }

    function show(next) {
      box = GraphMath.clampZoom(next, full, 0.02);
      svg.setAttribute("viewBox", [box.x, box.y, box.w, box.h].join(" "));
      scheduleRelabel();
    }

    function zoomBy(factor, point) {
      var p = point || { x: box.x + box.w / 2, y: box.y + box.h / 2 };
      show(GraphMath.zoom(box, factor, p.x, p.y));
    }

    relabel();
    window.addEventListener("resize", scheduleRelabel);

    // A focused node shows at full opacity whatever the search (graph.css); so must its
    // label. A node reached with Tab outside the view brings the view to it (WCAG 2.4.11).
    // Not for a node focused by a pointer: the view moving under a click would lose it.
    var pressed = false;
    svg.addEventListener("pointerdown", function () { pressed = true; }, true);
    window.addEventListener("pointerup", function () { pressed = false; }, true);
    window.addEventListener("pointercancel", function () { pressed = false; }, true);
    svg.addEventListener("focusin", function (event) {
      var i = nodes.indexOf(event.target);
      if (i === -1) return;
      markLabel(i, "is-focused", true);
      if (pressed) return;
      var next = GraphMath.reveal(box, centres[i].x, centres[i].y, 0.1);
      if (next.x !== box.x || next.y !== box.y) show(next);
    });
    svg.addEventListener("focusout", function (event) {
      var i = nodes.indexOf(event.target);
      if (i !== -1) markLabel(i, "is-focused", false);
    });
    svg.addEventListener("mouseover", function (event) {
      var node = event.target.closest ? event.target.closest(".graph-node") : null;
      var i = nodes.indexOf(node);
      if (i !== -1) markLabel(i, "is-hovered", true);
    });
    svg.addEventListener("mouseout", function (event) {
      var node = event.target.closest ? event.target.closest(".graph-node") : null;
      var i = nodes.indexOf(node);
      if (i !== -1) markLabel(i, "is-hovered", false);
    });

    // The keyboard: the drawing itself takes focus (after the search field, before the
    // nodes); arrow keys pan, + and − zoom, 0 shows everything, there or on a node.
    svg.setAttribute("tabindex", "0");
    var keys = document.getElementById("graph-keys");
    if (keys) svg.setAttribute("aria-describedby", "graph-keys");
    svg.addEventListener("keydown", function (event) {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      var step = 0.1;
      var moves = {
        ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step],
      };
      var move = moves[event.key];
      if (move) show({ x: box.x + move[0] * box.w, y: box.y + move[1] * box.h, w: box.w, h: box.h });
      else if (event.key === "+" || event.key === "=") zoomBy(1 / 1.5);
      else if (event.key === "-" || event.key === "−" || event.key === "_") zoomBy(1.5);
      else if (event.key === "0") show({ x: full.x, y: full.y, w: full.w, h: full.h });
      else return;
      event.preventDefault();
    });

    // The wheel scrolls the page, as on any page, unless the reader asked for zoom: Ctrl or
    // ⌘ (and a trackpad's pinch, which comes as Ctrl + wheel), or a click into the drawing
    // first, until the next click outside it (as embedded maps do). A plain wheel over the
    // drawing shows how to zoom.
    var engaged = false;
    var hint = svg.parentNode.querySelector("[data-graph-hint]");
    var hintTimer = null;
    document.addEventListener("pointerdown", function (event) {
      engaged = svg.contains(event.target);
    });
    svg.addEventListener(
      "wheel",
      function (event) {
        if (!(event.ctrlKey || event.metaKey || engaged)) {
          if (hint) {
            hint.hidden = false;
            window.clearTimeout(hintTimer);
            hintTimer = window.setTimeout(function () { hint.hidden = true; }, 1500);
          }
          return;
        }
        event.preventDefault();
        if (hint) hint.hidden = true;
        var rect = svg.getBoundingClientRect();
        zoomBy(event.deltaY > 0 ? 1.2 : 1 / 1.2, GraphMath.toPoint(box, rect, event.clientX, event.clientY));
      },
      { passive: false }
    );

    // Drag to pan with a mouse or a pen; on a touch screen, one finger scrolls the page
    // (touch-action: pan-y in graph.css) and two fingers pan and zoom. A drag must not
    // count as a click on the node under the pointer.
    var drag = null;
    var dragged = false;
    var touches = {};
    var pinch = null;
    function touchList() {
      return Object.keys(touches).map(function (id) { return touches[id]; });
    }
    function pinchState() {
      var t = touchList();
      return {
        x: (t[0].x + t[1].x) / 2,
        y: (t[0].y + t[1].y) / 2,
        d: Math.hypot(t[0].x - t[1].x, t[0].y - t[1].y) || 1,
      };
    }
    svg.addEventListener("pointerdown", function (event) {
      if (event.pointerType === "touch") {
        touches[event.pointerId] = { x: event.clientX, y: event.clientY };
        if (touchList().length === 2) {
          pinch = pinchState();
          dragged = true;
        }
        return;
      }
      if (event.button !== 0) return;
      drag = { x: event.clientX, y: event.clientY, moved: 0 };
      dragged = false;
    });
    window.addEventListener("pointermove", function (event) {
      if (event.pointerType === "touch") {
        if (!touches[event.pointerId]) return;
        touches[event.pointerId] = { x: event.clientX, y: event.clientY };
        if (!pinch || touchList().length !== 2) return;
        var now = pinchState();
        var rect = svg.getBoundingClientRect();
        var before = GraphMath.toPoint(box, rect, pinch.x, pinch.y);
        var zoomed = GraphMath.zoom(box, pinch.d / now.d, before.x, before.y);
        var d = GraphMath.toUnits(zoomed, zoomed.w * GraphMath.scale(zoomed, rect), now.x - pinch.x, now.y - pinch.y);
        show({ x: zoomed.x - d.dx, y: zoomed.y - d.dy, w: zoomed.w, h: zoomed.h });
        pinch = now;
        return;
      }
      if (!drag) return;
      var r = svg.getBoundingClientRect();
      var delta = GraphMath.toUnits(box, box.w * GraphMath.scale(box, r), event.clientX - drag.x, event.clientY - drag.y);
      drag.moved += Math.abs(event.clientX - drag.x) + Math.abs(event.clientY - drag.y);
      drag.x = event.clientX;
      drag.y = event.clientY;
      if (drag.moved > 4) {
        svg.classList.add("is-panning");
        show({ x: box.x - delta.dx, y: box.y - delta.dy, w: box.w, h: box.h });
      }
    });
    function endTouch(event) {
      if (event.pointerType !== "touch") return false;
      delete touches[event.pointerId];
      if (touchList().length < 2) pinch = null;
      return true;
    }
    window.addEventListener("pointerup", function (event) {
      if (endTouch(event)) return;
      if (drag && drag.moved > 4) dragged = true;
      drag = null;
      svg.classList.remove("is-panning");
    });
    window.addEventListener("pointercancel", endTouch);

    // Taps: small nodes are hard to hit and an unlabelled one is a blind guess. A tap near a
    // node counts as a tap on it; a first tap on a node whose label is not shown shows it.
    var armed = null;
    var tip = null;
    function nearest(event) {
      var rect = svg.getBoundingClientRect();
      var p = GraphMath.toPoint(box, rect, event.clientX, event.clientY);
      var reach = NEAR_PX / pixelsPerUnit();
      var best = -1;
      var bestD = Infinity;
      centres.forEach(function (c, i) {
        var dist = Math.hypot(c.x - p.x, c.y - p.y) - c.r;
        if (dist < reach && dist < bestD) {
          best = i;
          bestD = dist;
        }
      });
      return best;
    }
    function showTip(i) {
      if (labels.length) return;
      if (!tip) {
        tip = document.createElementNS("http://www.w3.org/2000/svg", "text");
        tip.setAttribute("class", "graph__tip");
        tip.setAttribute("aria-hidden", "true");
        tip.setAttribute("text-anchor", "middle");
        svg.appendChild(tip);
      }
      var font = MIN_LABEL_PX / pixelsPerUnit();
      tip.setAttribute("font-size", font.toFixed(2));
      tip.setAttribute("x", centres[i].x);
      tip.setAttribute("y", (centres[i].y + centres[i].r + font).toFixed(1));
      tip.textContent = titles[i];
    }
    svg.addEventListener(
      "click",
      function (event) {
        if (dragged) {
          event.preventDefault();
          event.stopPropagation();
          dragged = false;
          return;
        }
        if (event.pointerType !== "touch") return;
        var i = nodes.indexOf(event.target.closest(".graph-node"));
        if (i === -1) i = nearest(event);
        if (i === -1) return;
        var labelShown = labels[i] && !labels[i].classList.contains("is-hidden");
        if (labelShown || armed === nodes[i]) {
          if (event.target.closest(".graph-node") !== nodes[i]) window.location.href = nodes[i].getAttribute("href");
          return;
        }
        event.preventDefault();
        armed = nodes[i];
        nodes[i].focus({ preventScroll: true });
        showTip(i);
      },
      true
    );

    var tools = document.querySelector("[data-graph-tools]");
    if (!tools) return;
    tools.hidden = false;
    var input = tools.querySelector("[data-graph-search]");
    var status = tools.querySelector("[data-graph-status]");
    tools.querySelectorAll("[data-graph-zoom]").forEach(function (button) {
      button.addEventListener("click", function () {
        var kind = button.getAttribute("data-graph-zoom");
        if (kind === "in") zoomBy(1 / 1.5);
        else if (kind === "out") zoomBy(1.5);
        else show({ x: full.x, y: full.y, w: full.w, h: full.h });
      });
    });

    function highlight() {
      nodes.forEach(function (node, i) {
        node.classList.remove("is-match", "is-current");
        markLabel(i, "is-match", false);
      });
      matches = GraphMath.matchTitles(titles, input.value);
      matches.forEach(function (i) {
        nodes[i].classList.add("is-match");
        markLabel(i, "is-match", true);
      });
      svg.classList.toggle("has-matches", matches.length > 0);
      status.textContent = input.value.trim()
        ? GraphMath.message(
            matches.length,
            svg.getAttribute("data-matches-none"),
            svg.getAttribute("data-matches-one"),
            svg.getAttribute("data-matches-other")
          )
        : "";
    }
    input.addEventListener("input", highlight);
    tools.addEventListener("submit", function (event) {
      event.preventDefault();
      if (!matches.length) return;
      var i = matches[0];
      show(GraphMath.around(centres[i].x, centres[i].y, full, Math.max(full.w * 0.15, 60)));
      nodes[i].classList.add("is-current");
      nodes[i].focus();
    });
  }

  // The local graph under an article: on a narrow screen only the article's label shows
  // (site.css), so on touch a first tap on a neighbour focuses it, which shows its label,
  // and a second tap opens it.
  function setupLocal(svg) {
    // Whether the label was hidden is read when the finger comes down: by the click, the
    // tap has focused the link, and its label shows.
    var unnamed = null;
    svg.addEventListener("pointerdown", function (event) {
      unnamed = null;
      if (event.pointerType !== "touch") return;
      var node = event.target.closest("a.local-graph__node");
      var text = node && node.querySelector("text");
      if (text && getComputedStyle(text).visibility === "hidden") unnamed = node;
    });
    svg.addEventListener(
      "click",
      function (event) {
        var node = event.target.closest("a.local-graph__node");
        if (!node || node !== unnamed) return;
        unnamed = null;
        event.preventDefault();
        node.focus({ preventScroll: true });
      },
      true
    );
  }

  document.querySelectorAll("svg[data-graph]").forEach(setup);
  document.querySelectorAll("svg.local-graph__svg").forEach(setupLocal);
})();
