// Code blocks and tables: a <pre> or a table (`.prose table` is a block that scrolls)
// wider than its column scrolls sideways, and a keyboard user can only scroll it if it
// can take focus (WCAG 2.1.1; axe's "scrollable-region-focusable"). They come from
// Markdown, not from a template, so the tab stop is added here, and only to those that
// overflow at the current width: no useless tab stops on a wide screen. Checked again
// when the window is resized.
//
// A table that takes focus is named, so that the tab stop says what it is: its caption
// names it already; without one, the text of its header row after a localised "Table"
// (data-table-label-headers on the .prose container, from theme/translations), or
// "Table" alone (data-table-label). The :focus-visible ring (site.css) shows the focus.
(function () {
  "use strict";
  if (!document.querySelectorAll) return;

  function scrolls(element) {
    var overflowX = window.getComputedStyle(element).overflowX;
    return (overflowX === "auto" || overflowX === "scroll") && element.scrollWidth > element.clientWidth;
  }

  function clean(text) {
    return text.replace(/\s+/g, " ").trim();
  }

  function tableLabel(table) {
    var strings = table.closest ? table.closest("[data-table-label]") : null;
    if (!strings) return "";
    var row = table.tHead && table.tHead.rows[0] ? table.tHead.rows[0] : table.rows[0];
    var headers = [];
    if (row) {
      Array.prototype.forEach.call(row.cells, function (cell) {
        var text = clean(cell.textContent || "");
        if (cell.tagName === "TH" && text) headers.push(text);
      });
    }
    var withHeaders = strings.getAttribute("data-table-label-headers");
    if (headers.length && withHeaders) return withHeaders.replace("{headers}", headers.join(", "));
    return strings.getAttribute("data-table-label") || "";
  }

  function hasName(table) {
    return (table.caption && clean(table.caption.textContent || "")) ||
      table.hasAttribute("aria-label") || table.hasAttribute("aria-labelledby");
  }

  function update() {
    Array.prototype.forEach.call(document.querySelectorAll("main pre, main table"), function (element) {
      var overflows = scrolls(element);
      if (overflows && !element.hasAttribute("tabindex")) {
        element.setAttribute("tabindex", "0");
        element.setAttribute("data-scroll-focus", "");
        if (element.tagName === "TABLE" && !hasName(element)) {
          var label = tableLabel(element);
          if (label) {
            element.setAttribute("aria-label", label);
            element.setAttribute("data-scroll-label", "");
          }
        }
      } else if (!overflows && element.hasAttribute("data-scroll-focus")) {
        element.removeAttribute("tabindex");
        element.removeAttribute("data-scroll-focus");
        if (element.hasAttribute("data-scroll-label")) {
          element.removeAttribute("aria-label");
          element.removeAttribute("data-scroll-label");
        }
      }
    });
  }

  var frame = 0;
  window.addEventListener("resize", function () {
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(update);
  });
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", update);
  else update();
})();
