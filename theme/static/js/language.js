// The reader's language. A language chosen by clicking is remembered: on the site root's
// chooser or in the header's switcher of any page ([data-lang-switch]). At the site root
// the remembered choice wins over the browser's preference. Without JavaScript the links
// still work; nothing is remembered.
(function () {
  "use strict";
  var KEY = "lang";

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-lang-switch], [data-language-chooser] a[data-lang]");
    if (!link) return;
    var lang = link.getAttribute("data-lang-switch") || link.getAttribute("data-lang");
    try { localStorage.setItem(KEY, lang); } catch (e) { /* private mode: not remembered */ }
  });

  // The site root: go to the remembered language, else the browser's first one we have.
  var chooser = document.querySelector("[data-language-chooser]");
  if (!chooser) return;
  var links = {};
  Array.prototype.forEach.call(chooser.querySelectorAll("a[data-lang]"), function (a) {
    links[a.getAttribute("data-lang")] = a.href;
  });
  var wanted = null;
  try { wanted = localStorage.getItem(KEY); } catch (e) { /* ignore */ }
  if (!wanted || !links[wanted]) {
    var prefs = navigator.languages || [navigator.language || ""];
    for (var i = 0; i < prefs.length && !wanted; i++) {
      var code = String(prefs[i]).slice(0, 2).toLowerCase();
      if (links[code]) wanted = code;
    }
  }
  if (wanted && links[wanted] && !/[?&]choose\b/.test(location.search)) location.replace(links[wanted]);
})();
