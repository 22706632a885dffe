// Light/dark theme: follow the system unless the reader chose; the choice is remembered.
// Loaded in <head> (not deferred) so the saved theme applies before the first paint.
(function () {
  "use strict";
  var KEY = "theme";
  var root = document.documentElement;
  function saved() {
    try { return localStorage.getItem(KEY); } catch (e) { return null; }
  }
  function systemDark() {
    return window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
  }
  function current() {
    return root.getAttribute("data-theme") || (systemDark() ? "dark" : "light");
  }
  var choice = saved();
  if (choice === "dark" || choice === "light") root.setAttribute("data-theme", choice);

  document.addEventListener("DOMContentLoaded", function () {
    var buttons = document.querySelectorAll("[data-theme-toggle]");
    Array.prototype.forEach.call(buttons, function (button) {
      button.hidden = false; // the toggle needs JavaScript; without it the system theme applies
      button.setAttribute("aria-pressed", current() === "dark" ? "true" : "false");
      button.addEventListener("click", function () {
        var next = current() === "dark" ? "light" : "dark";
        root.setAttribute("data-theme", next);
        button.setAttribute("aria-pressed", next === "dark" ? "true" : "false");
        try { localStorage.setItem(KEY, next); } catch (e) { /* private mode: not remembered */ }
      });
    });
  });
})();
