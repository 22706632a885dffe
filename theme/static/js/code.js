// Code blocks: a <pre> wider than its column scrolls sideways, and a keyboard user can only
// scroll it if it can take focus (WCAG 2.1.1; axe's "scrollable-region-focusable"). The
// blocks come from Markdown (Pygments), not from a template, so the tab stop is added
// here, and only to blocks that overflow at the current width: no useless tab stops on
// a wide screen.
(function () {
  "use strict";
  if (!document.querySelectorAll) return;

  function update() {
    Array.prototype.forEach.call(document.querySelectorAll("main pre"), function (pre) {
      var overflows = pre.scrollWidth > pre.clientWidth;
      if (overflows && !pre.hasAttribute("tabindex")) {
        pre.setAttribute("tabindex", "0");
        pre.setAttribute("data-scroll-focus", "");
      } else if (!overflows && pre.hasAttribute("data-scroll-focus")) {
        pre.removeAttribute("tabindex");
        pre.removeAttribute("data-scroll-focus");
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
