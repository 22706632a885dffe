// Search in the page: the header's combobox and the results page. A small classic
// script on every page (classic, so that it also runs from file://, where module scripts
// do not). The search engine, theme/js/search.js (the ES modules search-core.mjs,
// analysis.mjs and snowball.mjs bundled into one classic script by the build), is loaded
// on first use, and so are the index files, with <script src>: file:// allows it where
// fetch() is blocked; each index file calls window.__searchData(key, data).
// Author content reaches the page only as text nodes: never innerHTML.
(function () {
  "use strict";
  if (!document.querySelector || !window.Promise || !window.URL) return;
  var core = null;

  // --- Loading index files ------------------------------------------------------------

  var pending = new Map();
  window.__searchData = function (key, data) {
    var resolve = pending.get(key);
    if (resolve) {
      pending.delete(key);
      resolve(data);
    }
  };

  function scriptLoader(base) {
    return function (key) {
      return new Promise(function (resolve, reject) {
        pending.set(key, resolve);
        var script = document.createElement("script");
        script.src = base + key + ".js";
        script.async = true;
        script.onload = function () {
          script.remove();
          // The file ran without calling __searchData(key): not an index file.
          if (pending.get(key) === resolve) {
            pending.delete(key);
            reject(new Error("no search data in " + key));
          }
        };
        script.onerror = function () {
          script.remove();
          pending.delete(key);
          reject(new Error("cannot load " + key));
        };
        document.head.appendChild(script);
      });
    };
  }

  var engine = null;
  /** Load the search engine once; resolves to window.SiteSearch. */
  function loadEngine(form) {
    if (!engine) {
      engine = new Promise(function (resolve, reject) {
        if (window.SiteSearch) return resolve(window.SiteSearch);
        var script = document.createElement("script");
        script.src = new URL(form.getAttribute("data-search-script"), document.baseURI).href;
        script.onload = function () {
          if (window.SiteSearch) resolve(window.SiteSearch);
          else reject(new Error("search engine did not load"));
        };
        script.onerror = function () { reject(new Error("cannot load the search engine")); };
        document.head.appendChild(script);
      }).then(function (loaded) {
        core = loaded;
        return loaded;
      });
      engine.catch(function () { engine = null; });
    }
    return engine;
  }

  var indexes = new Map();
  function indexFor(form) {
    var base = new URL(form.getAttribute("data-search-index"), document.baseURI).href;
    if (!indexes.has(base)) indexes.set(base, new core.SearchIndex(scriptLoader(base)));
    return indexes.get(base);
  }

  /** The form's settings; `index` is created once the engine has loaded. */
  function options(form) {
    return {
      form: form,
      get index() { return indexFor(form); },
      lang: form.getAttribute("data-lang"),
      root: new URL(form.getAttribute("data-site-root"), document.baseURI).href,
      strings: JSON.parse(form.getAttribute("data-strings") || "{}"),
      names: JSON.parse(form.getAttribute("data-language-names") || "{}"),
    };
  }

  // What a reader typed, or a tag's name, is isolated (U+2068 ... U+2069): a U+202E in a
  // crafted link cannot reverse the rest of the line.
  var ISOLATED = { query: true, name: true };

  function format(template, values) {
    return String(template).replace(/\{(\w+)\}/g, function (m, name) {
      if (!Object.prototype.hasOwnProperty.call(values, name)) return m;
      return ISOLATED[name] ? "\u2068" + String(values[name]) + "\u2069" : String(values[name]);
    });
  }

  // --- Building results from text nodes -------------------------------------------------

  function appendParts(element, parts) {
    parts.forEach(function (part) {
      if (part.mark) {
        var mark = document.createElement("mark");
        mark.textContent = part.text;
        element.appendChild(mark);
      } else {
        element.appendChild(document.createTextNode(part.text));
      }
    });
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // How the first of the month is written, where it is not "1" (as the UI table's
  // `first_day`, which the pages' dates use): "1er mai 2012".
  var FIRST_DAY = { fr: "1er" };

  function formatDate(iso, opts) {
    var strings = opts.strings;
    var bits = String(iso || "").split("-");
    if (bits.length !== 3 || !strings.months) return iso || "";
    var day = Number(bits[2]);
    var first = strings.firstDay || FIRST_DAY[opts.lang] || "1";
    return format(strings.dateFormat || "{day} {month} {year}", {
      day: day === 1 ? first : String(day),
      month: strings.months[Number(bits[1]) - 1] || bits[1],
      year: bits[0],
    });
  }

  function badge(lang, opts) {
    var span = el("span", "search-badge");
    span.setAttribute("lang", opts.lang);
    var code = el("span", "", lang.toUpperCase());
    code.setAttribute("aria-hidden", "true");
    span.appendChild(code);
    span.appendChild(el("span", "visually-hidden", "(" + (opts.names[lang] || lang) + ")"));
    return span;
  }

  function resultUrl(record, opts, pos) {
    // Records hold addresses inside the site (the content checks refuse a URL: with a
    // scheme or a leading "/"); one that leads elsewhere, or runs script, goes to the root.
    var root = new URL(opts.root, location.href);
    var url = new URL(record.u, root);
    var inside = url.protocol === root.protocol && url.host === root.host &&
      url.pathname.indexOf(root.pathname) === 0;
    if (!inside) return root.href;
    // The section of the best match: the last heading at or before it.
    var anchor = "";
    (record.a || []).forEach(function (pair) {
      if (typeof pos === "number" && pos >= 0 && pair[0] <= pos) anchor = String(pair[1]);
    });
    if (anchor) url.hash = anchor;
    return url.href;
  }

  async function queryLanguages(opts, meta, text, params) {
    // The page's language first; when it has nothing, the other languages.
    var all = meta.langs;
    var langs = params.all ? all : [opts.lang];
    var filters = { tag: params.tag || "", cat: params.cat || "" };
    var settings = {
      prefix: params.prefix, submitted: params.submitted, sort: params.sort, any: params.any, browse: params.browse,
    };
    var result = await opts.index.search(text, Object.assign({ lang: opts.lang, langs: langs }, filters, settings));
    var fallback = false;
    // A query of common words (in the page's language) or of words to leave out has no
    // other-language fallback: the results page says what it is.
    if (!result.hits.length && !result.common && !result.stopwords && !result.onlyExcluded && !params.all && all.length > 1) {
      var other = await opts.index.search(text, Object.assign({ lang: opts.lang, langs: all }, filters, settings));
      if (other.hits.length) {
        result = other;
        fallback = true;
      }
    }
    result.fallback = fallback;
    return result;
  }

  // --- The header's combobox --------------------------------------------------------------

  var MAX_SUGGESTIONS = 6;
  var uid = 0;

  function initBox(form) {
    var opts = options(form);
    var input = form.querySelector("input[type=search]");
    var list = form.querySelector("[role=listbox]");
    if (!input || !list) return;
    var listId = list.id || "search-listbox-" + ++uid;
    list.id = listId;
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);
    var active = -1;
    var timer = null;
    var generation = 0;
    // Says how many suggestions there are (or that there are none) to screen readers.
    var live = el("span", "visually-hidden search-box__live");
    live.setAttribute("role", "status");
    live.setAttribute("aria-live", "polite");
    form.appendChild(live);

    function optionsList() {
      return Array.prototype.slice.call(list.querySelectorAll("[role=option]:not([aria-disabled=true])"));
    }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function open() {
      if (!list.children.length) return close();
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    function setActive(index) {
      var items = optionsList();
      if (!items.length) return;
      active = (index + items.length) % items.length;
      items.forEach(function (item, i) {
        item.setAttribute("aria-selected", i === active ? "true" : "false");
      });
      input.setAttribute("aria-activedescendant", items[active].id);
      items[active].scrollIntoView({ block: "nearest" });
    }

    function seeAllUrl(text) {
      var url = new URL(form.getAttribute("data-results-url"), document.baseURI);
      url.searchParams.set("q", text);
      return url.href;
    }

    function addOption(href, build) {
      var li = el("li", "search-box__option");
      li.id = listId + "-" + list.children.length;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      li.setAttribute("data-href", href);
      build(li);
      li.addEventListener("mousedown", function (event) { event.preventDefault(); });
      li.addEventListener("click", function () { window.location.href = href; });
      list.appendChild(li);
    }

    async function update() {
      var text = input.value;
      var mine = ++generation;
      if (text.trim().length < 2) {
        list.textContent = "";
        live.textContent = "";
        return close();
      }
      var meta;
      var result;
      try {
        await loadEngine(form);
        meta = await opts.index.meta();
        result = await queryLanguages(opts, meta, text, { prefix: true });
        var page = await opts.index.page(result.hits, { limit: MAX_SUGGESTIONS });
      } catch (error) {
        if (mine !== generation) return;
        list.textContent = "";
        addOption(seeAllUrl(text), function (li) { li.textContent = opts.strings.error; });
        return open();
      }
      if (mine !== generation) return; // a newer keystroke won
      list.textContent = "";
      active = -1;
      input.removeAttribute("aria-activedescendant");
      page.forEach(function (hit) {
        addOption(resultUrl(hit.record, opts, hit.pos), function (li) {
          var title = el("span", "search-box__title");
          title.setAttribute("lang", hit.record.l);
          appendParts(title, core.highlight(hit.record.t, hit.terms, hit.lang));
          li.appendChild(title);
          if (hit.record.l !== opts.lang) li.appendChild(badge(hit.record.l, opts));
        });
      });
      var query = text.trim();
      var noneText = format(result.onlyExcluded ? opts.strings.onlyExcluded : opts.strings.noResults, { query: query });
      if (page.length) {
        addOption(seeAllUrl(text), function (li) {
          li.className += " search-box__all";
          li.textContent = format(opts.strings.seeAll, { query: query });
          if (result.approximate) {
            // The titles above may show no highlight: say why they are there.
            li.appendChild(el("span", "search-box__note", opts.strings.approximate));
          }
        });
      } else {
        // Not a choice: a line that says so, which the arrow keys skip.
        addOption(seeAllUrl(text), function (li) {
          li.className += " search-box__all search-box__none";
          li.setAttribute("aria-disabled", "true");
          li.textContent = noneText;
        });
      }
      var count = page.length === 1 ? opts.strings.suggestionsOne : opts.strings.suggestionsOther;
      live.textContent = page.length
        ? format(count || "{n}", { n: page.length }) + (result.approximate ? " " + opts.strings.approximate : "")
        : noneText;
      open();
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(update, 80);
    });
    input.addEventListener("focus", function () {
      loadEngine(form).catch(function () { /* reported when searching */ });
      if (input.value.trim().length >= 2 && list.children.length) open();
    });
    input.addEventListener("blur", function () { setTimeout(close, 150); });
    input.addEventListener("keydown", function (event) {
      var items = optionsList();
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (list.hidden) { open(); if (!items.length) return; }
        setActive(active + 1);
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        if (list.hidden) open();
        setActive(active < 0 ? -1 : active - 1);
      } else if (event.key === "Enter") {
        if (!list.hidden && active >= 0 && items[active]) {
          event.preventDefault();
          window.location.href = items[active].getAttribute("data-href");
        }
      } else if (event.key === "Escape") {
        if (!list.hidden) {
          event.preventDefault();
          close();
        }
      }
    });
  }

  // --- The results page ---------------------------------------------------------------------

  var PAGE_SIZE = 10;

  function readParams(search) {
    var params = new URLSearchParams(search);
    return {
      q: params.get("q") || "",
      all: params.get("langs") === "all",
      tag: params.get("tag") || "",
      cat: params.get("cat") || "",
      sort: params.get("sort") === "date" ? "date" : "",
      any: params.get("words") === "any",
    };
  }

  function writeParams(params) {
    var out = new URLSearchParams();
    if (params.q) out.set("q", params.q);
    if (params.all) out.set("langs", "all");
    if (params.tag) out.set("tag", params.tag);
    if (params.cat) out.set("cat", params.cat);
    if (params.sort) out.set("sort", params.sort);
    if (params.any) out.set("words", "any");
    var query = out.toString();
    return query ? "?" + query : "";
  }

  function initPage(form) {
    var opts = options(form);
    var input = form.querySelector("input[type=search]");
    var status = document.querySelector("[data-search-status]");
    var note = document.querySelector("[data-search-note]");
    var results = document.querySelector("[data-search-results]");
    var more = document.querySelector("[data-search-more]");
    var filters = form.querySelector("[data-search-filters]");
    if (!input || !status || !results) return;
    var generation = 0;
    var current = null;
    var shown = 0;
    var timer = null;
    var loadingMore = null;
    var any = false; // "words=any": also the pages that match only some of the words
    var baseTitle = document.title;

    function fromForm() {
      var data = new FormData(form);
      return {
        q: String(data.get("q") || ""),
        all: data.get("langs") === "all",
        tag: String(data.get("tag") || ""),
        cat: String(data.get("cat") || ""),
        sort: data.get("sort") === "date" ? "date" : "",
        any: any,
      };
    }

    function toForm(params) {
      input.value = params.q;
      any = params.any;
      form.querySelectorAll("input[name=langs]").forEach(function (radio) {
        radio.checked = (radio.value === "all") === params.all;
      });
      ["tag", "cat", "sort"].forEach(function (name) {
        var select = form.querySelector("select[name=" + name + "]");
        if (!select) return;
        select.value = params[name];
        if (select.value !== params[name]) select.value = "";
      });
    }

    /** The language switch keeps the query; a category is given in the other language. */
    async function keepQueryOnLanguageSwitch(params, runGeneration) {
      var links = document.querySelectorAll("a[data-lang-switch]");
      var names = {};
      if (params.cat) {
        try {
          await loadEngine(form);
          var facets = await opts.index.facets();
          var cats = facets.cats || [];
          var mine = cats.find(function (c) { return c[0] === opts.lang && c[1] === params.cat; });
          ((mine && mine[2]) || []).forEach(function (i) {
            if (cats[i] && !names[cats[i][0]]) names[cats[i][0]] = cats[i][1];
          });
        } catch (error) { /* the links keep no category */ }
        if (runGeneration !== generation) return; // a later run wrote the links
      }
      links.forEach(function (link) {
        var lang = link.getAttribute("data-lang-switch");
        var url = new URL(link.href);
        url.search = writeParams(Object.assign({}, params, { cat: names[lang] || "" }));
        link.href = url.href;
      });
    }

    /** What a browse without words lists: "tagged “Survey” in the category “Intranet”". */
    async function browsedFilters(params) {
      var facets = await opts.index.facets().catch(function () { return null; });
      var bits = [];
      if (params.tag) {
        var tag = facets && (facets.tags || []).find(function (t) { return t[0] === params.tag; });
        var labels = (tag && tag[1]) || {};
        var name = labels[opts.lang] || labels[Object.keys(labels)[0]] || params.tag;
        bits.push(format(opts.strings.browseTag || "{name}", { name: name }));
      }
      if (params.cat) bits.push(format(opts.strings.browseCat || "{name}", { name: params.cat }));
      return bits.join(" ");
    }

    function setTitle(params) {
      var words = params.q.trim();
      document.title = words ? format(opts.strings.pageTitle || "{query} · {title}", { query: words, title: baseTitle }) : baseTitle;
    }

    /** Show the next page of results; with `focusFirst` (the "More results" button,
     *  which may hide itself), keyboard focus moves to the first result added. A click
     *  while a page is loading does not load it twice. */
    function renderMore(focusFirst) {
      if (!current) return Promise.resolve(0);
      if (loadingMore && loadingMore.hits === current.hits) return loadingMore.promise;
      var hits = current.hits;
      var promise = (async function () {
        var mine = generation;
        var page = await opts.index.page(hits, { offset: shown, limit: PAGE_SIZE });
        var excerpts = await Promise.all(page.map(function (hit) {
          return opts.index.excerptText(hit).catch(function () { return ""; });
        }));
        // A result whose title and excerpt show no query word matched through a tag (its
        // label in the other language, or an alias): the tags say so.
        var unmarked = page.map(function (hit, i) {
          return Boolean(hit.record.g && hit.record.g.length) && !marked(core.highlight(hit.record.t, hit.terms, hit.lang)) &&
            !marked(core.excerpt(excerpts[i], hit.terms, hit.lang));
        });
        var facets = null;
        if (unmarked.some(Boolean)) facets = await opts.index.facets().catch(function () { return null; });
        if (mine !== generation) return 0;
        var items = page.map(function (hit, i) {
          return resultItem(hit, excerpts[i], unmarked[i] && facets ? matchedTags(hit, facets) : []);
        });
        items.forEach(function (item) { results.appendChild(item); });
        shown += page.length;
        if (more) more.hidden = shown >= hits.length;
        if (focusFirst && items.length) items[0].querySelector("a").focus();
        return page.length;
      })();
      loadingMore = { hits: hits, promise: promise };
      if (more) more.setAttribute("aria-disabled", "true");
      promise.catch(function () {}).then(function () {
        if (loadingMore && loadingMore.promise === promise) {
          loadingMore = null;
          if (more) more.removeAttribute("aria-disabled");
        }
      });
      return promise;
    }

    function marked(parts) {
      return parts.some(function (part) { return part.mark; });
    }

    /** The tags of a result whose label (any language) or alias holds a query word:
     *  [label in the page's language, [highlighted parts of what matched]]. */
    function matchedTags(hit, facets) {
      var out = [];
      (hit.record.g || []).forEach(function (i) {
        var tag = facets.tags[i];
        if (!tag) return;
        var names = Object.keys(tag[1]).map(function (l) { return tag[1][l]; }).concat(tag[3] || []);
        var hitName = names.find(function (name) { return marked(core.highlight(name, hit.terms, hit.lang)); });
        if (hitName) out.push([tag[1][opts.lang] || hitName, core.highlight(hitName, hit.terms, hit.lang)]);
      });
      return out;
    }

    function resultItem(hit, text, tags) {
      var record = hit.record;
      var li = el("li", "search-result");
      var heading = el("h2", "search-result__title");
      heading.setAttribute("lang", record.l);
      var link = el("a");
      link.href = resultUrl(record, opts, hit.pos);
      appendParts(link, core.highlight(record.t, hit.terms, hit.lang));
      heading.appendChild(link);
      if (record.l !== opts.lang || current.all) heading.appendChild(badge(record.l, opts));
      li.appendChild(heading);
      var meta = el("p", "search-result__meta");
      var bits = [];
      if (record.d) bits.push(document.createTextNode(formatDate(record.d, opts)));
      if (record.c) {
        var category = el("span", "", record.c);
        category.setAttribute("lang", record.l);
        bits.push(category);
      }
      if (record.k === "page") bits.push(document.createTextNode(opts.strings.kb));
      bits.forEach(function (bit, i) {
        if (i) meta.appendChild(document.createTextNode(" · "));
        meta.appendChild(bit);
      });
      if (bits.length) li.appendChild(meta);
      if (text) {
        var p = el("p", "search-result__excerpt");
        p.setAttribute("lang", record.l);
        appendParts(p, core.excerpt(text, hit.terms, hit.lang));
        li.appendChild(p);
      }
      if (tags && tags.length) {
        // French puts a no-break space before the colon (as the server's typography).
        var line = el("p", "search-result__tags", (opts.strings.tags || "Tags") + (opts.lang === "fr" ? "\u00a0: " : ": "));
        tags.forEach(function (tag, i) {
          if (i) line.appendChild(document.createTextNode(", "));
          var shownName = el("span");
          if (tag[1].map(function (p) { return p.text; }).join("") === tag[0]) appendParts(shownName, tag[1]);
          else {
            shownName.appendChild(document.createTextNode(tag[0] + " ("));
            appendParts(shownName, tag[1]);
            shownName.appendChild(document.createTextNode(")"));
          }
          line.appendChild(shownName);
        });
        li.appendChild(line);
      }
      return li;
    }

    /** The notes under the status line, as text nodes (and a link to show more). */
    function showNotes(notes) {
      if (!note) return;
      note.textContent = "";
      notes.forEach(function (bit, i) {
        if (i) note.appendChild(document.createTextNode(" "));
        if (bit.href) {
          var a = el("a", "", bit.text);
          a.href = bit.href;
          a.addEventListener("click", function (event) {
            event.preventDefault();
            any = true;
            // The link goes away with the notes: focus stays on the status line (not
            // <body>, before the skip link).
            status.setAttribute("tabindex", "-1");
            status.focus();
            run("change");
          });
          note.appendChild(a);
        } else {
          note.appendChild(document.createTextNode(bit.text));
        }
      });
      note.hidden = !notes.length;
    }

    /** The status line; the notes are also read out with it (a visually hidden copy). */
    function setStatus(text, notes) {
      status.textContent = text;
      var heard = (notes || []).filter(function (bit) { return !bit.href; }).map(function (bit) { return bit.text; });
      if (heard.length) status.appendChild(el("span", "visually-hidden", " " + heard.join(" ")));
    }

    // History: a query sent (Enter, a filter, a link) is a new entry; while a query is
    // typed, its first run adds an entry and the next ones replace it. Back and Forward
    // show the query of their entry.
    var typingEntry = false;
    function remember(query, mode) {
      if (mode === "load" || mode === "popstate") return;
      var url = window.location.pathname + query;
      try {
        if (mode === "typing") {
          if (typingEntry) history.replaceState({ search: true }, "", url);
          else if (window.location.search !== query) history.pushState({ search: true }, "", url);
          typingEntry = true;
        } else {
          if (window.location.search !== query) history.pushState({ search: true }, "", url);
          typingEntry = false;
        }
      } catch (e) { /* file:// in some browsers */ }
    }

    /** mode: "load", "popstate", "typing" (a word may still be unfinished), "submit" or
     *  "change" (a filter, or "show them"). */
    async function run(mode) {
      var params = fromForm();
      var query = writeParams(params);
      remember(query, mode);
      if (mode === "load" && window.location.search !== query) {
        // An unknown filter value was dropped: the URL says what is shown.
        try { history.replaceState(history.state, "", window.location.pathname + query); } catch (e) { /* file:// */ }
      }
      var mine = ++generation;
      keepQueryOnLanguageSwitch(params, mine);
      setTitle(params);
      // aria-busy tells assistive technology (and tests) that the list is being rebuilt.
      results.setAttribute("aria-busy", "true");
      results.textContent = "";
      showNotes([]);
      if (more) more.hidden = true;
      shown = 0;
      current = null;
      loadingMore = null;
      var browse = !params.q.trim() && Boolean(params.tag || params.cat);
      if (!params.q.trim() && !browse) {
        setStatus(opts.strings.empty);
        results.setAttribute("aria-busy", "false");
        return;
      }
      setStatus(opts.strings.loading);
      try {
        await loadEngine(form);
        var meta = await opts.index.meta();
        // The last word is completed here too, as in the header's box: "intra" typed
        // there must find the same pages when Enter opens this page with ?q=intra.
        var result = await queryLanguages(opts, meta, params.q, Object.assign({}, params, {
          prefix: true, submitted: mode !== "typing", browse: browse,
        }));
        if (mine !== generation) return;
        current = { hits: result.hits, meta: meta, all: params.all || result.fallback };
        await renderMore();
        if (mine !== generation) return;
        var n = current.hits.length;
        var words = params.q.trim();
        var text;
        if (result.common) text = format(opts.strings.common, { query: words });
        else if (result.onlyExcluded) text = format(opts.strings.onlyExcluded, { query: words });
        else if (browse) {
          text = format(n === 1 ? opts.strings.browseOne : opts.strings.browseOther, { n: n });
          var browsed = await browsedFilters(params);
          if (mine !== generation) return;
          if (browsed) text += " " + browsed;
          document.title = format(opts.strings.pageTitle || "{query} · {title}", { query: text, title: baseTitle });
        }
        else {
          var template = n === 0 ? opts.strings.noResults : n === 1 ? opts.strings.resultsOne : opts.strings.resultsOther;
          text = format(template, { n: n, query: words });
        }
        var notes = [];
        if (result.fallback) notes.push({ text: opts.strings.fallback });
        if (result.approximate) notes.push({ text: opts.strings.approximate });
        if (result.some) notes.push({ text: opts.strings.someWords });
        if (result.partial) {
          notes.push({ text: format(result.partial === 1 ? opts.strings.partialOne : opts.strings.partialOther, { n: result.partial }) });
          notes.push({
            text: opts.strings.partialShow,
            href: window.location.pathname + writeParams(Object.assign({}, params, { any: true })),
          });
        }
        setStatus(text, notes);
        showNotes(notes);
      } catch (error) {
        if (mine === generation) setStatus(opts.strings.error);
      }
      if (mine === generation) results.setAttribute("aria-busy", "false");
    }

    toForm(readParams(window.location.search));
    // A filter in effect keeps them open: a tag, a category, the date order or both
    // languages.
    var filterSet = Array.prototype.some.call(form.querySelectorAll("select[name=tag], select[name=cat], select[name=sort]"), function (select) {
      return select.value;
    }) || Boolean(form.querySelector("input[name=langs][value=all]:checked"));
    if (filters && !filterSet && window.matchMedia && window.matchMedia("(max-width: 40rem)").matches) {
      // On a phone, the filters fold away (unless one is set) so that results start higher.
      filters.open = false;
    }
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      clearTimeout(timer);
      run("submit");
    });
    form.addEventListener("change", function (event) {
      if (event.target !== input) run("change");
    });
    input.addEventListener("input", function () {
      clearTimeout(timer);
      any = false;
      timer = setTimeout(function () { run("typing"); }, 200);
    });
    window.addEventListener("popstate", function () {
      clearTimeout(timer);
      typingEntry = false;
      toForm(readParams(window.location.search));
      run("popstate");
    });
    if (more) more.addEventListener("click", function () {
      if (more.getAttribute("aria-disabled") !== "true") renderMore(true);
    });
    run("load");
  }

  // --- "/" focuses the search box -----------------------------------------------------------

  function typingIn(target) {
    if (!target) return false;
    var tag = target.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || target.isContentEditable;
  }

  document.addEventListener("keydown", function (event) {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey || typingIn(event.target)) return;
    var input = document.querySelector("[data-search-page] input[type=search], [data-search-box] input[type=search]");
    if (!input) return;
    event.preventDefault();
    input.focus();
    input.select();
  });

  function init() {
    document.querySelectorAll("form[data-search-box]").forEach(initBox);
    document.querySelectorAll("form[data-search-page]").forEach(initPage);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
