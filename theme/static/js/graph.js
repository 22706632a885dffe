/* Graph page (plugins/related): zoom, pan and search-to-highlight on the SVG drawn at
   build time. The page works without this script (nodes are plain links); this adds:
   - wheel, drag and +/− buttons to zoom and pan (the SVG viewBox changes, nothing is redrawn);
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

    /** A point on screen (relative to the SVG's rect) in viewBox coordinates. */
    toPoint: function (box, rect, clientX, clientY) {
      return {
        x: box.x + ((clientX - rect.left) / rect.width) * box.w,
        y: box.y + ((clientY - rect.top) / rect.height) * box.h,
      };
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

  function setup(svg) {
    var full = parseBox(svg);
    var box = { x: full.x, y: full.y, w: full.w, h: full.h };
    var nodes = Array.prototype.slice.call(svg.querySelectorAll(".graph-node"));
    var titles = nodes.map(function (node) {
      var title = node.querySelector("title");
      return title ? title.textContent : "";
    });
    // Labels, when the graph has them, are drawn in the nodes' order (graph.html).
    var labels = Array.prototype.slice.call(svg.querySelectorAll(".graph__labels text"));
    if (labels.length !== nodes.length) labels = [];
    var matches = [];

    function markLabel(i, name, on) {
      if (labels[i]) labels[i].classList.toggle(name, on);
    }

    // A focused node shows at full opacity whatever the search (graph.css); so must its label.
    svg.addEventListener("focusin", function (event) {
      var i = nodes.indexOf(event.target);
      if (i !== -1) markLabel(i, "is-focused", true);
    });
    svg.addEventListener("focusout", function (event) {
      var i = nodes.indexOf(event.target);
      if (i !== -1) markLabel(i, "is-focused", false);
    });

    function show(next) {
      box = GraphMath.clampZoom(next, full, 0.02);
      svg.setAttribute("viewBox", [box.x, box.y, box.w, box.h].join(" "));
    }

    function zoomBy(factor, point) {
      var p = point || { x: box.x + box.w / 2, y: box.y + box.h / 2 };
      show(GraphMath.zoom(box, factor, p.x, p.y));
    }

    svg.addEventListener(
      "wheel",
      function (event) {
        event.preventDefault();
        var rect = svg.getBoundingClientRect();
        zoomBy(event.deltaY > 0 ? 1.2 : 1 / 1.2, GraphMath.toPoint(box, rect, event.clientX, event.clientY));
      },
      { passive: false }
    );

    // Drag to pan; a drag must not count as a click on the node under the pointer.
    var drag = null;
    var dragged = false;
    svg.addEventListener("pointerdown", function (event) {
      if (event.button !== 0) return;
      drag = { x: event.clientX, y: event.clientY, moved: 0 };
      dragged = false;
    });
    window.addEventListener("pointermove", function (event) {
      if (!drag) return;
      var rect = svg.getBoundingClientRect();
      var d = GraphMath.toUnits(box, rect.width, event.clientX - drag.x, event.clientY - drag.y);
      drag.moved += Math.abs(event.clientX - drag.x) + Math.abs(event.clientY - drag.y);
      drag.x = event.clientX;
      drag.y = event.clientY;
      if (drag.moved > 4) {
        svg.classList.add("is-panning");
        show({ x: box.x - d.dx, y: box.y - d.dy, w: box.w, h: box.h });
      }
    });
    window.addEventListener("pointerup", function () {
      if (drag && drag.moved > 4) dragged = true;
      drag = null;
      svg.classList.remove("is-panning");
    });
    svg.addEventListener(
      "click",
      function (event) {
        if (dragged) {
          event.preventDefault();
          event.stopPropagation();
          dragged = false;
        }
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
      var node = nodes[matches[0]];
      var circle = node.querySelector("circle");
      var x = Number(circle.getAttribute("cx"));
      var y = Number(circle.getAttribute("cy"));
      show(GraphMath.around(x, y, full, Math.max(full.w * 0.15, 60)));
      node.classList.add("is-current");
      node.focus();
    });
  }

  document.querySelectorAll("svg[data-graph]").forEach(setup);
})();
