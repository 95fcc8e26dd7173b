/* coopnews search page: the search form, results, facets and "Show more", on the engine (engine.js, loaded
 * before it as COOPNEWS_SEARCH) and the data scripts named in the contract (assets/search-contract.js).
 *
 * A classic script (module scripts do not load from file://). Every result is built with textContent: article
 * text never becomes markup; names are compared as strings, never built into selectors, so any character works.
 */
(function (root) {
  "use strict";

  var PAGE_SIZE = 20;
  var TYPING_PAUSE = 100;
  var FACET_SHOWN = 8;
  var FACETS = [
    { key: "i", param: "institution", label: "Institution" },
    { key: "p", param: "partner", label: "Partner" },
    { key: "y", param: "year", label: "Year" },
    { key: "k", param: "kind", label: "Kind" },
    { key: "g", param: "topic", label: "Topic" },
  ];
  var FACET_COLUMNS = { i: "institutions", p: "partners", g: "tags" }; // the store columns (engine.storeColumns) they count

  var container = document.getElementById("search");
  if (!container) return;
  var siteRoot = container.getAttribute("data-site-root") || "../";
  var form = document.getElementById("search-form");
  var input = document.getElementById("search-q");
  var status = document.getElementById("search-status");
  var facetsBox = document.getElementById("search-facets");
  var resultsBox = document.getElementById("search-results");
  var timing = (root.COOPNEWS_SEARCH_TIMING = {});

  var engine = root.COOPNEWS_SEARCH;
  var contract = engine && engine.contract;
  var meta = contract && root[contract.globals.meta];
  var store = contract && root[contract.globals.store];
  if (!root.lunr || !meta || !store) {
    status.textContent = "Search is unavailable: its data could not be loaded.";
    return;
  }
  var queryWords = engine.queryWords;
  var indexTerm = engine.indexTerm;
  var openIndex = engine.openIndex;
  var searchWords = engine.searchWords;
  var storeEntry = engine.storeEntry;
  var columns = engine.storeColumns(store);
  var metaIndex = openIndex(meta.index, meta.index.stats);
  var snippets = null; // null until requested, then "loading", "loaded" or "failed"
  var snippetTexts = null; // by document number, once snippets.js is in
  var shards = meta.shards;
  var bodyIndexes = Object.create(null); // shard key -> openIndex data, or null while loading, false if it failed
  var state = readState(location.search);
  var shown = PAGE_SIZE;
  var openFacets = Object.create(null);
  timing.ready = performance.now();

  function readState(search) {
    var params = new URLSearchParams(search);
    var filters = {};
    FACETS.forEach(function (facet) {
      filters[facet.key] = params.get(facet.param);
    });
    return { q: params.get("q") || "", filters: filters };
  }

  function stateUrl() {
    var params = new URLSearchParams();
    if (state.q) params.set("q", state.q);
    FACETS.forEach(function (facet) {
      if (state.filters[facet.key] !== null) params.set(facet.param, state.filters[facet.key]);
    });
    var query = params.toString();
    return location.pathname + (query ? "?" + query : "");
  }

  /* A history entry per submitted query or facet change, so the back button steps through them. */
  function pushState() {
    var url = stateUrl();
    if (url === location.pathname + location.search) return;
    try {
      history.pushState(null, "", url);
    } catch (error) {
      // Some browsers refuse history entries for file:// pages; the results still show, only the URL stays.
    }
  }

  function loadShard(key) {
    bodyIndexes[key] = null;
    var name = shards[key];
    var script = document.createElement("script");
    script.src = siteRoot + contract.dataFolder + name;
    script.onload = function () {
      var registry = root[contract.globals.body];
      var loaded = registry && registry[name];
      bodyIndexes[key] = loaded ? openIndex(loaded, meta.body) : false;
      if (loaded) delete registry[name];
      run();
    };
    script.onerror = function () {
      bodyIndexes[key] = false;
      run();
    };
    document.head.appendChild(script);
  }

  /* The snippets (search/snippets.js), asked for with the first query. */
  function loadSnippets() {
    snippets = "loading";
    var script = document.createElement("script");
    script.src = siteRoot + contract.snippets;
    script.onload = function () {
      snippetTexts = root[contract.globals.snippets] || [];
      delete root[contract.globals.snippets];
      snippets = "loaded";
      run();
    };
    script.onerror = function () {
      snippets = "failed";
    };
    document.head.appendChild(script);
  }

  /* The articles matching the query and passing the facet filters, best first (lunr ranks the ones shown), every
   * match before filtering, and what the ranking is still waiting for. */
  function search(words) {
    var keep = hasFilters()
      ? function (number) {
          return passes(number, null);
        }
      : null;
    var load = function (key) {
      if (bodyIndexes[key] === undefined) loadShard(key);
      return bodyIndexes[key];
    };
    return searchWords(words, metaIndex, shards, load, { limit: shown, keep: keep });
  }

  /* Calls visit(value) for each value of facet `key` of document `number`, read from the store's columns: this
   * runs for every match, so it makes no arrays and the kinds' labels are made once. */
  function eachFacetValue(number, key, visit) {
    if (key === "y") {
      visit(columns.date[number] ? columns.date[number].slice(0, 4) : "Undated");
    } else if (key === "k") {
      visit(kindLabels[columns.kind[number]]);
    } else {
      var ids = columns[FACET_COLUMNS[key]][number];
      if (!ids.length && key !== "g") visit("Not stated"); // most articles have no topic: no "Not stated" there
      for (var i = 0; i < ids.length; i++) visit(columns.names[ids[i]]);
    }
  }

  function kindLabel(kind) {
    var text = String(kind || "other").replace(/-/g, " ");
    return text.charAt(0).toUpperCase() + text.slice(1);
  }

  var kindLabels = columns.kinds.map(kindLabel);

  function passes(number, except) {
    return FACETS.every(function (facet) {
      var wanted = state.filters[facet.key];
      if (facet.key === except || wanted === null) return true;
      var found = false;
      eachFacetValue(number, facet.key, function (value) {
        if (value === wanted) found = true;
      });
      return found;
    });
  }

  var lastKey = null;

  /* Results first, facets just after: counting facet values over every match can take longer than the query,
   * and the reader looks at the results first. The facets come in the next task, after a chance to paint. */
  function run() {
    var words = queryWords(state.q);
    var found = words.length
      ? search(words)
      : { numbers: [], matches: [], partial: false, pending: false, failed: false };
    if (words.length && timing.searched === undefined) timing.searched = performance.now();
    var numbers = found.numbers;
    var key = JSON.stringify([state.q, state.filters, numbers.length, found.pending, found.partial, found.failed]);
    renderResults(words, found, numbers);
    if (key !== lastKey) announce(words, found, numbers);
    lastKey = key;
    if (words.length && timing.firstResults === undefined) {
      timing.firstResults = performance.now();
      requestAnimationFrame(function () {
        timing.firstFrame = performance.now(); // the frame that paints them starts
      });
    }
    scheduleFacets(found.matches);
    if (words.length && snippets === null) loadSnippets();
    if (words.length && !found.pending && snippets === "loaded" && timing.complete === undefined) {
      timing.complete = performance.now();
    }
  }

  var facetsTimer = null;

  function scheduleFacets(matched) {
    clearTimeout(facetsTimer);
    facetsTimer = setTimeout(function () {
      facetsTimer = null;
      renderFacets(matched);
    }, 0);
  }

  function announce(words, found, numbers) {
    var quoted = "“" + state.q.trim() + "”";
    var text;
    if (!words.length) {
      text = state.q.trim() ? "Type words to search for; " + quoted + " has none." : "";
    } else if (!numbers.length) {
      text = found.pending ? "Searching the full text for " + quoted + "…" : "No results for " + quoted + ".";
    } else {
      text = numbers.length + (numbers.length === 1 ? " result" : " results") + " for " + quoted;
      var active = FACETS.filter(function (facet) {
        return state.filters[facet.key] !== null;
      });
      if (active.length) {
        text +=
          ", filtered by " +
          active
            .map(function (facet) {
              return facet.label.toLowerCase() + " " + state.filters[facet.key];
            })
            .join(" and ");
      }
      text += found.pending ? "; searching the full text…" : ".";
      if (found.partial) text += " No article has all the words; showing articles with any of them.";
    }
    if (found.failed) text += " Part of the full text could not be loaded.";
    status.textContent = text;
  }

  function el(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      node.setAttribute(name, attributes[name]);
    });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /* Text with the words matching the query wrapped in <mark>, built node by node. */
  function highlighted(parent, text, words) {
    var terms = Object.create(null);
    words.forEach(function (word) {
      terms[word.term] = true;
    });
    var last = words[words.length - 1];
    var prefix = last && !last.optional && last.lower.length >= 3 ? last.lower : "";
    text.split(/([\p{L}\p{N}_]+)/u).forEach(function (part, position) {
      if (!part) return;
      var term = position % 2 === 1 ? indexTerm(part) : null;
      var hit = term !== null && (terms[term] || (prefix && part.toLowerCase().indexOf(prefix) === 0));
      parent.appendChild(hit ? el("mark", null, part) : document.createTextNode(part));
    });
    return parent;
  }

  function formatDate(iso) {
    var months = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
      "October", "November", "December"];
    var parts = iso.split("-");
    return parseInt(parts[2], 10) + " " + months[parseInt(parts[1], 10) - 1] + " " + parts[0];
  }

  function renderResults(words, found, numbers) {
    resultsBox.textContent = "";
    if (!words.length) return;
    if (!numbers.length) {
      if (!found.pending) resultsBox.appendChild(noResults());
      return;
    }
    var list = el("ol", { class: "article-list search-results-list" });
    numbers.slice(0, shown).forEach(function (number) {
      var doc = storeEntry(store, snippetTexts, number);
      var item = el("li", { class: "teaser" });
      var heading = el("h2", { class: "teaser-title" });
      heading.appendChild(highlighted(el("a", { href: siteRoot + doc.u }), doc.t, words));
      item.appendChild(heading);
      var line = el("p", { class: "teaser-meta" });
      if (doc.d) line.appendChild(el("time", { datetime: doc.d }, formatDate(doc.d)));
      else line.appendChild(document.createTextNode("Date not stated"));
      line.appendChild(document.createTextNode(" · " + (doc.i.join(", ") || "Institution not stated")));
      line.appendChild(document.createTextNode(" · " + (doc.p.join(", ") || "Partner not stated")));
      item.appendChild(line);
      if (doc.s) item.appendChild(highlighted(el("p", { class: "teaser-summary" }), doc.s, words));
      list.appendChild(item);
    });
    resultsBox.appendChild(list);
    if (numbers.length > shown) {
      var more = el("button", { type: "button", class: "search-more" }, "Show more results");
      more.addEventListener("click", function () {
        var next = list.children.length;
        shown += PAGE_SIZE;
        run();
        var items = resultsBox.querySelectorAll(".search-results-list > li a");
        if (items[next]) items[next].focus();
      });
      resultsBox.appendChild(more);
    }
  }

  function noResults() {
    var box = el("div", { class: "search-empty" });
    box.appendChild(el("p", null, "No articles match “" + state.q.trim() + "”" + (hasFilters() ? " with these filters." : ".")));
    var tips = el("ul");
    if (hasFilters()) tips.appendChild(el("li", null, "Remove a filter."));
    tips.appendChild(el("li", null, "Check the spelling, or use fewer words."));
    tips.appendChild(el("li", null, "Search for an institution, partner, person or place; abbreviations such as “WUT” work too."));
    var browse = el("li", null, "Browse ");
    [["institutions/", "institutions"], ["partners/", "partners"], ["archive/", "the archive"]].forEach(function (link, i) {
      if (i) browse.appendChild(document.createTextNode(i === 2 ? " or " : ", "));
      browse.appendChild(el("a", { href: siteRoot + link[0] }, link[1]));
    });
    browse.appendChild(document.createTextNode("."));
    tips.appendChild(browse);
    box.appendChild(tips);
    return box;
  }

  function hasFilters() {
    return FACETS.some(function (facet) {
      return state.filters[facet.key] !== null;
    });
  }

  function renderFacets(matched) {
    var focused = document.activeElement && document.activeElement.getAttribute("data-facet-id");
    facetsBox.textContent = "";
    if (!matched.length) return;
    var heading = el("h2", { id: "search-facets-heading", class: "search-facets-heading" }, "Filter results");
    facetsBox.appendChild(heading);
    var filtered = hasFilters();
    FACETS.forEach(function (facet) {
      var counts = new Map();
      var count = function (value) {
        counts.set(value, (counts.get(value) || 0) + 1);
      };
      matched.forEach(function (number) {
        if (!filtered || passes(number, facet.key)) eachFacetValue(number, facet.key, count);
      });
      var values = Array.from(counts.keys()).sort(function (a, b) {
        if (facet.key === "y") return a === "Undated" ? 1 : b === "Undated" ? -1 : a < b ? 1 : -1;
        return counts.get(b) - counts.get(a) || (a < b ? -1 : 1); // not localeCompare: too slow for thousands
      });
      if (!values.length) return;
      var group = el("section", { class: "facet", "aria-labelledby": "facet-" + facet.key });
      group.appendChild(el("h3", { id: "facet-" + facet.key }, facet.label));
      var list = el("ul", { class: "facet-values" });
      var open = openFacets[facet.key] || values.length <= FACET_SHOWN + 2;
      values.forEach(function (value, position) {
        var selected = state.filters[facet.key] === value;
        if (!open && position >= FACET_SHOWN && !selected) return;
        var button = el("button", {
          type: "button",
          class: "facet-value",
          "aria-pressed": selected ? "true" : "false",
          "data-facet-id": facet.key + ":" + value,
        });
        button.appendChild(el("span", { class: "facet-name" }, value));
        button.appendChild(el("span", { class: "facet-count" }, " " + counts.get(value)));
        button.addEventListener("click", function () {
          state.filters[facet.key] = selected ? null : value;
          shown = PAGE_SIZE;
          pushState();
          run();
        });
        var item = el("li");
        item.appendChild(button);
        list.appendChild(item);
      });
      group.appendChild(list);
      if (values.length > FACET_SHOWN + 2) {
        var toggle = el(
          "button",
          { type: "button", class: "facet-more", "aria-expanded": open ? "true" : "false", "data-facet-id": facet.key + ":more" },
          open ? "Show fewer" : "Show all " + values.length
        );
        toggle.addEventListener("click", function () {
          openFacets[facet.key] = !open;
          run();
        });
        group.appendChild(toggle);
      }
      facetsBox.appendChild(group);
    });
    if (focused) focusFacet(focused);
  }

  /* Focus the facet button whose data-facet-id is `id` again, after the facets were drawn anew. Compared as
   * strings, not found with a selector: a name may hold any character (a newline, quotes, brackets, a
   * backslash), and no escaping then has to be right. */
  function focusFacet(id) {
    var buttons = facetsBox.getElementsByTagName("button");
    for (var i = 0; i < buttons.length; i++) {
      if (buttons[i].getAttribute("data-facet-id") === id) {
        buttons[i].focus();
        return;
      }
    }
  }

  function submit(event) {
    event.preventDefault();
    var q = input.value;
    if (q !== state.q) {
      FACETS.forEach(function (facet) {
        state.filters[facet.key] = null;
      });
    }
    state.q = q;
    shown = PAGE_SIZE;
    pushState();
    run();
  }

  /* Typing runs the query once the reader pauses for TYPING_PAUSE ms: a query takes 5-40 ms at 10,000 articles,
   * but each word typed on the way may fetch a body shard. */
  var typing = null;
  input.addEventListener("input", function () {
    clearTimeout(typing);
    typing = setTimeout(function () {
      if (input.value === state.q) return;
      state.q = input.value;
      FACETS.forEach(function (facet) {
        state.filters[facet.key] = null;
      });
      shown = PAGE_SIZE;
      run();
    }, TYPING_PAUSE);
  });
  form.addEventListener("submit", submit);
  window.addEventListener("popstate", function () {
    state = readState(location.search);
    input.value = state.q;
    shown = PAGE_SIZE;
    run();
  });

  input.value = state.q;
  run();
})(typeof self !== "undefined" ? self : globalThis);
