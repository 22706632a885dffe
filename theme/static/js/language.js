// Site root: go to the reader's language. A choice made by clicking is remembered and
// wins over the browser's preference; without JavaScript the links are the chooser.
(function () {
  "use strict";
  var KEY = "lang";
  var chooser = document.querySelector("[data-language-chooser]");
  if (!chooser) return;
  var links = {};
  Array.prototype.forEach.call(chooser.querySelectorAll("a[data-lang]"), function (a) {
    links[a.getAttribute("data-lang")] = a.href;
    a.addEventListener("click", function () {
      try { localStorage.setItem(KEY, a.getAttribute("data-lang")); } catch (e) { /* ignore */ }
    });
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
